"""Loading the rule files and word lists of graph/data/.

Consumes: the files in graph/data/ (plain word lists with `#` comments, TOML rule files).
Produces: their lines or their parsed tables. Several stages read word lists (segment,
places, entities, actions), so the loader sits below them all rather than in one of them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_lines(name: str) -> list[str]:
    """The lines of a word list in graph/data/, without `#` comments and blank lines."""
    out: list[str] = []
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def data_toml(name: str) -> dict[str, Any]:
    """A TOML rule file in graph/data/, parsed (as targets.py reads target_rules.toml)."""
    return tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))

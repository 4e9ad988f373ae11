"""Small text helpers shared by the extraction tests."""

from __future__ import annotations

import re
from pathlib import Path

from graph.read import decode, normalize_chars


def load(path: Path) -> str:
    """A plan file decoded and normalised the way the pipeline reads it."""
    return normalize_chars(decode(path.read_bytes(), path.name)[0])


def compact(s: str) -> str:
    """The text without whitespace: how a quote reads once layout breaks are gone."""
    return re.sub(r"\s+", "", s)

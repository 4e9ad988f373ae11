"""The notebook API of README: `graph.build_graph` and `graph.extract` work in either order.

Until issue 11 the submodule graph.extract shadowed the function graph.extract: once anything
had imported the submodule (build_graph does), `graph.extract(...)` raised "'module' object is
not callable". A fresh interpreter is used so the import order is the one a notebook has.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One sentence whose figure any reader can check: 新增就业 12万人, a 2024 target.
SCRIPT = r"""
import graph
text = "2024年工作安排。全市新增城镇就业12万人以上。"
g = graph.build_graph(text=text, doc_id="api-plan")
ex = graph.extract(text=text, doc_id="api-plan")
assert callable(graph.extract), type(graph.extract)
values = sorted(t.quantity.value_normalized for t in ex.targets)
print(len(g) > 0, values)
"""


def test_extract_is_callable_after_build_graph() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True [120000.0]"

"""The import layers of ARCHITECTURE.md: a lower stage never imports a higher one.

Every module of the package has a layer here; a new module without one fails the test,
so the picture in ARCHITECTURE.md cannot silently go out of date. Imports inside
functions count too (they are how the cycles hid).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"

# Rank of each module: it may import modules of its own rank or lower.
LAYERS: dict[str, int] = {
    # 0 the data model and plain helpers: no stage of their own
    "records": 0, "literals": 0, "resources": 0, "read": 0,
    # the loader of graph/data/'s word lists and rule files, which stages of layers 1 and 2 read
    "wordlists": 0,
    # where every output file lives (the output folder object), so no stage finds files itself
    "outputs": 0,
    # 1 text: layout, zones, numbers, places, the per-document curation file
    "quantity": 1, "segment": 1, "places": 1, "curation": 1, "indicators": 1,
    # 2 records: figures, names, actions, and the orchestration of extraction
    "targets": 2, "entities": 2, "actions": 2, "extraction": 2, "reconcile": 2,
    # 3 triples: IRIs, vocabulary, assembly, serialisations and CSV
    "iris": 3, "vocab": 3, "assemble": 3, "export": 3, "reconcile_graph": 3,
    # 4 the store (pyoxigraph; validation runs its compiled shapes in one)
    "store": 4,
    # 5 validation
    "validate": 5, "fastcheck": 5,
    # 6 what people use the graph through
    "query": 6, "serve": 6, "views": 6, "pages": 6, "corpus_views": 6, "reconcile_views": 6,
    # 7 builds and the command line
    "pipeline": 7, "corpus": 7, "reconcile_cli": 7, "reconcile_corpus": 7, "cli": 7, "__init__": 7,
}

# Imports that go upward and are tolerated for now. Empty since issue 11 (graph.outputs owns the
# output folder, so query and serve no longer find a corpus build's files through graph.corpus);
# a breach added here must name its issue, and the test below fails once one is gone.
KNOWN_BREACHES: set[tuple[str, str]] = set()


def _package_imports(path: Path) -> set[str]:
    """The graph.* modules a source file imports, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "graph":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("graph."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("graph."):
                    found.add(alias.name.split(".")[1])
    return {name for name in found if (PACKAGE / f"{name}.py").exists()}


def _modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*.py"))


def _breaches() -> set[tuple[str, str]]:
    return {
        (module, imported)
        for module in _modules()
        for imported in _package_imports(PACKAGE / f"{module}.py")
        if LAYERS.get(imported, -1) > LAYERS.get(module, 99)
    }


def test_every_module_has_a_layer():
    missing = [m for m in _modules() if m not in LAYERS]
    assert not missing, f"give these modules a layer here and in ARCHITECTURE.md: {missing}"


def test_no_layer_names_a_module_that_is_gone():
    gone = sorted(set(LAYERS) - set(_modules()))
    assert not gone, f"modules in LAYERS that no longer exist: {gone}"


def test_no_lower_stage_imports_a_higher_one():
    new = _breaches() - KNOWN_BREACHES
    assert not new, "imports from a higher layer: " + ", ".join(f"{a} -> {b}" for a, b in sorted(new))


def test_known_breaches_are_still_real():
    healed = KNOWN_BREACHES - _breaches()
    assert not healed, f"remove from KNOWN_BREACHES, they are fixed: {sorted(healed)}"


@pytest.mark.parametrize("source, expected", [
    ("from graph.read import x\n", {"read"}),
    ("def f():\n    from graph import places, iris\n", {"places", "iris"}),
    ("import graph.segment\n", {"segment"}),
    ("from graph import __version__\n", set()),
    ("import os\nfrom pathlib import Path\n", set()),
])
def test_import_scanner(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert _package_imports(path) == expected

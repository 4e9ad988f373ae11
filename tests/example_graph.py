"""Shared by the query, store and server tests: the bundled example's graph, built once per session.

The graph is built in-process by graph.pipeline.build_graph (no files); the
stores are loaded from it. Nothing here is a test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhengzhou-2023.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOC_IRI = "https://w3id.org/plangraph/id/zhengzhou-2023"


@cache
def example_graph() -> rdflib.Graph:
    """The example's graph (do not modify it: it is shared)."""
    from graph.pipeline import build_graph

    return build_graph(EXAMPLE)


@cache
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def fixture_graph(path: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(str(path), format="turtle")
    return g

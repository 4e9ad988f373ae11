"""PlanGraph: Chinese government plans -> a validated knowledge graph.

Notebook API::

    from graph import build_graph
    g = build_graph("examples/zhengzhou-2023.txt")     # a path
    g = build_graph(text="2026年……", doc_id="my-plan")  # or a string

Stages, one module each: read -> segment -> quantity/targets, entities ->
extract (orchestration) -> assemble (records -> triples) -> validate -> export;
query/serve and views work on the assembled graph.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build_graph", "extract"]


def build_graph(path=None, *, text: str | None = None, doc_id: str | None = None):
    """Build the RDF graph of one plan (from a path or a string); returns an rdflib.Graph."""
    from graph.pipeline import build_graph as _build_graph

    return _build_graph(path, text=text, doc_id=doc_id)


def extract(path=None, *, text: str | None = None, doc_id: str | None = None):
    """Extract the typed records of one plan; returns graph.records.Extraction."""
    from graph.extraction import extract_document

    return extract_document(path, text=text, doc_id=doc_id)

"""Targets against outcomes across a corpus build (issue 14): every pair of documents of one
jurisdiction and consecutive plan years, reconciled.

Consumes: the corpus build's documents in the dataset (graph.corpus), each with its source path,
doc id, jurisdiction code, plan year and kind (from its DocumentInfo, kept in the build's summary).
Produces, in the corpus output folder: `reconciliation.csv` (the columns of
`plangraph reconcile`, graph.reconcile_cli.COLUMNS, one row per target of each pair, pairs in
jurisdiction and year order) and `reconciliation.nt` (the outcome links of every pair,
graph.reconcile_graph, sorted N-Triples), both written atomically; the pages of
graph.reconcile_views in `reconciliation/` (index.html: met / not met per canonical indicator;
<jurisdiction code>.html: a scorecard each); and the links' triples for the corpus store.

Which documents pair (`document_pairs`, pure): same jurisdiction code, plan years Y and Y+1. A
jurisdiction with two documents for one year (a full report and a newspaper's summary) pairs its
full reports first (kind "report"), then by file name: one pair per jurisdiction and year.
Documents without a jurisdiction code or plan year never pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.outputs import RECONCILIATION_CSV, RECONCILIATION_NT, RECONCILIATION_PAGES, OutputFolder


@dataclass(frozen=True)
class CorpusDocument:
    """What pairing needs of a document of the dataset."""

    doc_id: str
    path: Path
    jurisdiction_code: str | None
    plan_year: int | None
    kind: str | None = None


@dataclass(frozen=True)
class CorpusReconciliation:
    """The pairs reconciled and what was written."""

    pairs: tuple[tuple[str, str], ...]  # (plan doc id, review doc id)
    targets: int
    paired: int
    csv: Path
    ntriples: Path
    errors: tuple[str, ...] = ()  # one line per pair that could not be reconciled


def _preference(d: CorpusDocument) -> tuple[int, str]:
    return (0 if d.kind == "report" else 1, d.path.name)


def document_pairs(docs: Sequence[CorpusDocument]) -> list[tuple[CorpusDocument, CorpusDocument]]:
    """(year-Y document, year-Y+1 document) for every jurisdiction and year both exist, in
    jurisdiction code and year order.

    >>> a = CorpusDocument("2025-anhui", Path("2025-anhui.txt"), "340000", 2025)
    >>> b = CorpusDocument("2026-anhui", Path("2026-anhui.txt"), "340000", 2026)
    >>> c = CorpusDocument("2026-gansu", Path("2026-gansu.txt"), "620000", 2026)
    >>> [(x.doc_id, y.doc_id) for x, y in document_pairs([c, b, a])]
    [('2025-anhui', '2026-anhui')]
    """
    best: dict[tuple[str, int], CorpusDocument] = {}
    for d in sorted(docs, key=_preference):
        if d.jurisdiction_code and d.plan_year is not None:
            best.setdefault((d.jurisdiction_code, d.plan_year), d)
    return [(d, best[(code, year + 1)]) for (code, year), d in sorted(best.items()) if (code, year + 1) in best]


def reconcile_corpus(out_dir: Path, docs: Sequence[CorpusDocument]) -> CorpusReconciliation:
    """Reconcile every pair of `docs` and write reconciliation.csv and reconciliation.nt into
    `out_dir` (both always written, empty of rows when nothing pairs). A pair that cannot be
    reconciled (unreadable by now, years the texts contradict) is reported, not fatal."""
    from rdflib import Graph

    from graph.export import csv_file_text, ntriples, write_atomic
    from graph.extraction import extract_document
    from graph.reconcile import ReconcileError, reconcile
    from graph.reconcile_cli import COLUMNS, pair_row
    from graph.reconcile_graph import reconciliation_graph
    from graph.reconcile_views import write_pages

    rows: list[dict[str, object]] = []
    links = Graph()
    done: list[tuple[str, str]] = []
    errors: list[str] = []
    targets = paired = 0
    cache: dict[str, object] = {}

    def extraction(d: CorpusDocument):
        if d.doc_id not in cache:
            cache[d.doc_id] = extract_document(d.path, doc_id=d.doc_id)
        return cache[d.doc_id]

    for a, b in document_pairs(docs):
        try:
            plan, review = extraction(a), extraction(b)
            _, pairs = reconcile(plan, review, year=a.plan_year)
        except (ReconcileError, OSError, ValueError) as err:
            errors.append(f"{a.path.name} / {b.path.name}: {err}".splitlines()[0])
            continue
        done.append((a.doc_id, b.doc_id))
        rows.extend(pair_row(p, plan, review) for p in pairs)
        links += reconciliation_graph(pairs, plan, review)
        targets += len(pairs)
        paired += sum(1 for p in pairs if p.outcome_span is not None)
    folder = OutputFolder(out_dir)
    csv_path = write_atomic(folder.path(RECONCILIATION_CSV), csv_file_text(COLUMNS, rows))
    nt_path = write_atomic(folder.path(RECONCILIATION_NT), ntriples(links))
    write_pages(folder.path(RECONCILIATION_PAGES), [{k: str(v) for k, v in r.items()} for r in rows])
    return CorpusReconciliation(tuple(done), targets, paired, csv_path, nt_path, tuple(errors))


def load_into_store(out_dir: Path, nt_path: Path, layout: str, incremental: bool) -> None:
    """The outcome links into the corpus store: its default graph (the union every query sees)
    and, with the "graphs" layout, the named graph graph.iris.reconciliation_graph_iri(), which an
    incremental build replaces (taking out of the union only triples no document has)."""
    import pyoxigraph as ox

    from graph import iris
    from graph.store import UNIQUE_TO_GRAPH

    data = nt_path.read_bytes()
    store = ox.Store(str(OutputFolder(out_dir).store))
    graph = str(iris.reconciliation_graph_iri())
    name = ox.NamedNode(graph)
    if incremental:
        store.update(UNIQUE_TO_GRAPH.format(g=graph))
        store.remove_graph(name)
    if data:
        if layout == "graphs":
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name, lenient=True)
        store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    store.flush()
    del store

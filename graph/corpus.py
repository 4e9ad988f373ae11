"""Corpus builds: a folder of plan documents -> one dataset with a named graph per document.

Consumes: the parsed ``build`` arguments (graph.cli) whose source is a folder;
every ``*.txt`` in it (not recursive; UTF-8, UTF-16 with a BOM or GB18030, as
graph.read decodes them) is one plan document.
Produces, in the output folder:

- ``docs/<doc_id>/``: the document's own outputs: ``graph.nt`` (sorted),
  ``targets.csv``, ``results.csv``, ``actions.csv``, ``entities.csv``, ``residue.csv``,
  ``shacl-report.txt`` and ``shacl-report.ttl`` (plus ``graph.ttl`` etc. when
  asked for with ``--format``);
- ``corpus.nq`` and ``corpus.trig``: the dataset, one named graph per document
  (the graph IRI is graph.iris.doc_iri(doc_id)), deterministic: each graph's
  triples sorted, graphs in file-name order;
- ``targets.csv``, ``results.csv``, ``actions.csv``, ``entities.csv``,
  ``residue.csv``: all documents' rows, with a ``doc`` column added at the end (so the single-file
  column order is a prefix);
- ``store/``: the pyoxigraph store with the documents' union, materialised,
  in the default graph, and with ``--store graphs`` one named graph per
  document as well (see StoreLoader);
- ``corpus-manifest.json``: each document's content hash and summary, and the
  hash of the tool, ontology and shapes it was built with;
- unless ``--no-views``: each document's own views in ``docs/<doc_id>/views/`` (graph.views,
  written by the worker that built it), and the corpus views in ``views/``: the corpus index
  and one comparison page per canonical indicator (graph.corpus_views). The views of an
  unchanged document are kept; when only the view code changed, ``--force`` rewrites them.

Only documents that were read and validated without a SHACL Violation go into
the dataset, the combined CSVs and the store; the others keep their own
folder (to be inspected) and are reported by name. Exit code: 0 when every
document built cleanly, 1 when any was unreadable, failed or had Violations,
2 when the folder holds no plan document.

Documents are built in parallel (a process pool, ``--jobs``), each by the
single-document build (graph.pipeline.build_document, into ``docs/<doc_id>/``),
validated on its own and only when its content (or the tool) changed. Nothing ever holds
the union in rdflib: the dataset files are the documents' sorted N-Triples
concatenated, and each document is bulk-loaded into the store from its own
N-Triples as soon as it is built.

Validation uses the SPARQL compilation of the shapes (graph.fastcheck) by
default, about 15 times faster than pyshacl per document and giving the same
results on every fixture; ``--validator pyshacl`` uses the reference validator.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graph.outputs import (
    DATASET_FILES,
    DOCS_DIRNAME,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    RECONCILIATION_CSV,
    STORE_DIRNAME,
    TABLES,
    OutputFolder,
    store_layout,
)

if TYPE_CHECKING:  # imported where used: it costs start-up time
    import pyoxigraph as ox

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
VALIDATORS = ("sparql", "pyshacl")
STORE_LAYOUTS = ("union", "graphs")  # see StoreLoader
# Per-document formats a corpus build can add to graph.nt (trig/nquads are the corpus files).
DOC_FORMATS = ("turtle", "json-ld", "xml")

# Modules that do not change a document's outputs: editing them must not make
# every document rebuild. Every other graph/*.py counts (new stages included).
# (graph/pipeline.py counts: its build_document builds every document of a corpus too.)
_NOT_PER_DOCUMENT = {"cli.py", "query.py", "store.py", "serve.py", "views.py", "__init__.py",
                     "pages.py", "corpus_views.py", "reconcile.py", "reconcile_cli.py", "reconcile_corpus.py",
                     "reconcile_graph.py", "reconcile_views.py"}
# A plan's own views, from docs/<doc_id>/views/, link back to the corpus index in <out>/views/.
CORPUS_INDEX_FROM_PLAN = "../../../views/index.html"

FAILED_STATUSES = ("invalid", "unreadable", "failed")


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------

@dataclass
class DocSummary:
    """What one document's build gave; also its manifest entry."""

    doc_id: str
    file: str  # file name in the source folder
    sha256: str  # of the file's bytes
    status: str  # built | unchanged | invalid | unreadable | failed
    targets: int = 0
    results: int = 0
    entities: int = 0
    triples: int = 0
    violations: int = 0
    warnings: int = 0
    chars: int = 0
    seconds: float = 0.0
    error: str | None = None  # one line, for unreadable and failed documents
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # input warnings: damaged bytes, repeated passages
    reused: bool = False  # taken from the previous build's manifest (not stored)
    # of its DocumentInfo: what pairs documents for reconciliation (graph.reconcile_corpus)
    jurisdiction_code: str | None = None
    plan_year: int | None = None
    kind: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES

    @property
    def in_dataset(self) -> bool:
        return self.status in ("built", "unchanged")


@dataclass(frozen=True)
class DocJob:
    """Everything a worker needs to build one document (picklable)."""

    path: str
    doc_id: str
    sha256: str
    out_dir: str  # docs/<doc_id>
    validator: str
    formats: tuple[str, ...]
    max_bytes: int | None = None  # larger files are refused (graph.read.DEFAULT_MAX_MB when None)
    views: bool = True  # write the document's own views (docs/<doc_id>/views/)


# ---------------------------------------------------------------------------
# Discovery, hashing, the manifest
# ---------------------------------------------------------------------------

def discover(folder: Path) -> list[Path]:
    """The plan documents of a folder: every *.txt (any case), hidden files excluded, by name."""
    return sorted((p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() == ".txt" and not p.name.startswith(".")),
                  key=lambda p: p.name)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tool_hash(validator: str, formats: Sequence[str]) -> str:
    """A hash of everything besides the text that decides a document's outputs:
    the per-document code (graph/*.py but the CLI, query, serving and views
    modules), its data files, the ontology and the shapes, the validator and
    the extra formats. When it changes, every document is rebuilt."""
    h = hashlib.sha256()
    graph_dir = ROOT / "graph"
    files = [p for p in sorted(graph_dir.glob("*.py")) if p.name not in _NOT_PER_DOCUMENT]
    files += sorted(p for p in (graph_dir / "data").rglob("*") if p.is_file())
    from graph.resources import ontology_dir

    named = [(str(p.relative_to(ROOT)), p) for p in files]
    # named as in the checkout, so an installed copy hashes like the checkout it came from
    named += [(f"ontology/{n}", ontology_dir() / n) for n in ("plangraph.ttl", "shapes.ttl")]
    for name, p in named:
        h.update(name.encode("utf-8") + b"\0")
        h.update(p.read_bytes() if p.exists() else b"(missing)")
        h.update(b"\0")
    h.update(f"validator={validator};formats={','.join(sorted(formats))}".encode())
    return h.hexdigest()


def read_manifest(out_dir: Path) -> dict:
    """The previous build's manifest, or an empty one (missing or unreadable)."""
    return OutputFolder(out_dir).read_manifest()


def write_manifest(out_dir: Path, tool: str, summaries: Sequence[DocSummary], store: dict | None) -> Path:
    """corpus-manifest.json: the tool hash, one entry per document, and what the store holds."""
    from graph.export import write_atomic

    docs = {}
    for s in summaries:
        entry = asdict(s)
        entry.pop("doc_id")
        entry.pop("reused")
        entry["status"] = "built" if s.status == "unchanged" else s.status
        docs[s.doc_id] = entry
    data = {"format": MANIFEST_FORMAT, "tool": tool, "documents": docs, "store": store}
    return write_atomic(out_dir / MANIFEST_NAME, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _distrust_store(out_dir: Path, previous: dict) -> None:
    """Mark the manifest's store record void before the store is touched, so a
    build that dies half-way makes the next one load the store afresh (the
    documents' entries stay: their folders are still good)."""
    from graph.export import write_atomic

    if previous:
        data = dict(previous, store=None)
        write_atomic(out_dir / MANIFEST_NAME, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def reusable(job: DocJob, previous: dict, tool: str) -> DocSummary | None:
    """The previous summary of an unchanged document whose outputs are still there, else None."""
    if previous.get("tool") != tool:
        return None
    entry = (previous.get("documents") or {}).get(job.doc_id)
    if not isinstance(entry, dict) or entry.get("sha256") != job.sha256 or entry.get("file") != Path(job.path).name:
        return None
    if entry.get("status") == "failed":  # a crash may be transient: try again
        return None
    folder = OutputFolder(Path(job.out_dir))
    if entry.get("status") in ("built", "invalid") and not folder.graph_nt.exists():
        return None
    if job.views and entry.get("status") == "built" and not (folder.views / "index.html").exists():
        return None  # built with --no-views before: build it again for its views
    known = {k: entry[k] for k in DocSummary.__dataclass_fields__ if k in entry and k not in ("doc_id", "reused")}
    summary = DocSummary(doc_id=job.doc_id, reused=True, **known)
    if summary.status == "built":
        summary.status = "unchanged"
    return summary


# ---------------------------------------------------------------------------
# One document (runs in a worker process)
# ---------------------------------------------------------------------------

def build_document(job: DocJob) -> DocSummary:
    """Extract, assemble, validate and write one document into docs/<doc_id>/.

    Never raises: an unreadable document or a crash comes back as a summary
    with status "unreadable" or "failed" and a one-line error.
    """
    from graph.read import ReadError

    summary = DocSummary(job.doc_id, Path(job.path).name, job.sha256, "failed")
    t_start = time.perf_counter()
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], T]) -> T:
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0

    out_dir = Path(job.out_dir)
    try:
        from graph.extraction import extract_document
        from graph.pipeline import DocumentOptions, build_document as build_one
        from graph.read import DEFAULT_MAX_MB, MB

        limit = DEFAULT_MAX_MB * MB if job.max_bytes is None else job.max_bytes
        ex = timed("extract", lambda: extract_document(Path(job.path), doc_id=job.doc_id, max_bytes=limit))
        summary.notes = list(ex.warnings)
        # graph.nt always (the dataset and the store are made of it), the other formats when asked;
        # no rdflib Graph unless pyshacl or an extra format needs one
        options = DocumentOptions(("nt", *job.formats), job.validator, fsync=False, prune=True)
        doc = build_one(ex, out_dir, options, timed)
        outcome, triples = doc.outcome, doc.triples
        assert outcome is not None
        if job.views and not outcome.violations:
            from graph.views import render_views

            timed("views", lambda: render_views(doc.graph(), out_dir, corpus_index=CORPUS_INDEX_FROM_PLAN))
        else:  # never an older build's views of another text
            shutil.rmtree(OutputFolder(out_dir).views, ignore_errors=True)
        summary.status = "invalid" if outcome.violations else "built"
        summary.targets, summary.results = len(ex.targets), len(ex.results)
        summary.entities, summary.triples, summary.chars = len(ex.entities), len(triples), len(ex.text)
        summary.violations, summary.warnings = len(outcome.violations), len(outcome.warnings)
        d = ex.document
        summary.jurisdiction_code, summary.plan_year, summary.kind = d.jurisdiction_code, d.plan_year, d.kind
        if outcome.violations:
            first = outcome.violations[0]
            summary.error = f"{len(outcome.violations)} SHACL violation(s), e.g. {first.message}"
    except ReadError as err:
        summary.status, summary.error = "unreadable", str(err)
        shutil.rmtree(out_dir, ignore_errors=True)  # no stale outputs of an older version
    except Exception as err:  # one document's crash must not stop the corpus
        summary.status, summary.error = "failed", f"{type(err).__name__}: {err}".splitlines()[0]
    summary.seconds = time.perf_counter() - t_start
    summary.timings = {k: round(v, 4) for k, v in timings.items()}
    return summary


# ---------------------------------------------------------------------------
# Combined outputs (main process)
# ---------------------------------------------------------------------------

class DatasetWriter:
    """corpus.nq and corpus.trig, written in file-name order while documents finish in any order.

    `offer` takes each document's summary when it is known; the graphs of the
    documents in the dataset are appended as soon as every document before
    them in name order has been offered. Each file is renamed into place by
    `close(ok=True)` only, so a failed build leaves the previous files.
    N-Quads: every N-Triples line gets its graph's IRI. TriG: one
    `<graph> { ... }` block per document holding its N-Triples lines (valid
    TriG: N-Triples statements are Turtle).
    """

    def __init__(self, out_dir: Path, order: Sequence[str]) -> None:
        from graph.export import AtomicFile

        self.out_dir = out_dir
        self.order = list(order)
        self.next = 0
        self.waiting: dict[str, DocSummary] = {}
        self.quads = 0
        self.nq = AtomicFile(OutputFolder(out_dir).dataset_file("nquads"))
        self.trig = AtomicFile(OutputFolder(out_dir).dataset_file("trig"))
        self.trig.write(b"# PlanGraph corpus: one named graph per source document (graph IRI = the document's IRI).\n")

    def offer(self, summary: DocSummary) -> None:
        self.waiting[summary.doc_id] = summary
        while self.next < len(self.order) and self.order[self.next] in self.waiting:
            s = self.waiting.pop(self.order[self.next])
            if s.in_dataset:
                self._append(s.doc_id)
            self.next += 1

    def _append(self, doc_id: str) -> None:
        from graph import iris

        name = f"<{iris.doc_iri(doc_id)}>".encode()
        data = OutputFolder(self.out_dir).doc_graph_bytes(doc_id)
        if not data.strip():
            return
        # N-Triples escapes line breaks inside literals, so b" .\n" only ever ends a
        # statement: byte-level replaces do in C what a loop over lines would in Python
        self.nq.write(data.replace(b" .\n", b" " + name + b" .\n"))
        self.trig.write(b"\n" + name + b" {\n  " + data[:-1].replace(b"\n", b"\n  ") + b"\n}\n")
        self.quads += data.count(b"\n")

    def close(self, ok: bool) -> None:
        if ok and self.next != len(self.order):
            missing = self.order[self.next]
            ok = False
            raise RuntimeError(f"the dataset is incomplete: no result for {missing}")
        self.nq.close(ok)
        self.trig.close(ok)


def write_dataset(out_dir: Path, docs: Sequence[DocSummary]) -> int:
    """corpus.nq and corpus.trig from the documents' graph.nt in the order given; returns the quads written."""
    writer = DatasetWriter(out_dir, [s.doc_id for s in docs])
    try:
        for s in docs:
            writer.offer(s)
    except BaseException:
        writer.close(False)
        raise
    writer.close(True)
    return writer.quads


def write_tables(out_dir: Path, docs: Sequence[DocSummary]) -> list[Path]:
    """targets.csv, results.csv, actions.csv, entities.csv, residue.csv of all documents, `doc` as the last column."""
    from graph import export

    written = []
    folder = OutputFolder(out_dir)
    for name in TABLES:
        header: list[str] | None = None
        with export.AtomicFile(folder.path(name)) as out:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            for s in docs:
                path = folder.doc(s.doc_id).path(name)
                with open(path, encoding="utf-8-sig", newline="") as f:  # the documents' tables have a BOM
                    reader = csv.reader(f)
                    head = next(reader, None)
                    if head is None:
                        continue
                    if header is None:
                        header = head
                        buf.write(export.CSV_BOM)  # once, at the start (graph.export.CSV_BOM)
                        writer.writerow(head + ["doc"])
                    elif head != header:
                        raise ValueError(f"{path}: columns {head} differ from the other documents' {header}")
                    for row in reader:
                        writer.writerow(row + [s.doc_id])
                out.write(buf.getvalue().encode("utf-8"))
                buf.seek(0)
                buf.truncate()
            if header is None:
                out.write((export.CSV_BOM + "doc\n").encode("utf-8"))
        written.append(folder.path(name))
    return written


# ---------------------------------------------------------------------------
# The store: a named graph per document, and their union in the default graph
# ---------------------------------------------------------------------------

class StoreLoader:
    """out/store brought up to date while documents finish.

    The default graph holds the union of the documents, materialised, so every
    query, `plangraph query` included, sees the corpus as one graph:
    pyoxigraph 0.5 evaluates queries with `use_default_graph_as_union` up to a
    hundred times slower, and runs some library queries out of memory that way
    (bench/README.md). Layouts: "union" (the default) holds only that;
    "graphs" holds one named graph per document (its IRI) as well, so that
    `GRAPH ?doc { ... }` tells the documents apart and a server answers
    per-document queries (default-graph-uri), at about three times the loading
    cost (13.5 against 4.3 CPU us per triple; the named graphs are in
    corpus.nq and corpus.trig either way).

    Modes: "full" builds a fresh store in out/.store.tmp, bulk-loading the
    documents as they arrive (the loads overlap with the builds), and swaps it
    in on `close(ok=True)`; "incremental" (layout "graphs" only) opens the
    existing store and replaces the graphs of rebuilt or removed documents,
    taking out of the default graph only the triples no other document has.
    Nothing is parsed into rdflib.
    """

    BATCH_TRIPLES = 250_000  # about 20 report-sized documents, 40 MB of N-Triples held at a time

    def __init__(self, out_dir: Path, mode: str, layout: str = "union") -> None:
        import pyoxigraph as ox

        if mode == "incremental" and layout != "graphs":
            raise ValueError("only a store with named graphs can replace documents one by one")
        self.ox = ox
        self.out_dir = out_dir
        self.mode = mode
        self.layout = layout
        self.location = OutputFolder(out_dir).store
        if mode == "full":
            self.path = out_dir / f".{STORE_DIRNAME}.tmp"
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            self.path = self.location
        self.store = ox.Store(str(self.path))
        self.graphs = 0
        self.pending: list[tuple[str, bytes]] = []  # documents not yet bulk-loaded (full mode)
        self.pending_triples = 0

    def _name(self, doc_id: str) -> ox.NamedNode:
        from graph import iris

        return self.ox.NamedNode(str(iris.doc_iri(doc_id)))

    def remove(self, doc_id: str) -> None:
        """Take a document out (incremental mode): its own triples from the union, then its graph."""
        if self.mode != "incremental":
            return
        from graph import iris
        from graph.store import UNIQUE_TO_GRAPH

        self.store.update(UNIQUE_TO_GRAPH.format(g=iris.doc_iri(doc_id)))
        self.store.remove_graph(self._name(doc_id))

    def add(self, summary: DocSummary) -> None:
        """Load a document of the dataset into the union (and its named graph, layout "graphs"),
        replacing an old version.

        A full build gathers documents into batches of about BATCH_TRIPLES and
        bulk-loads each batch in one or two calls (their named graphs as N-Quads
        in layout "graphs", their union as N-Triples): per call the bulk loader writes a set of sorted
        files for RocksDB to merge later, so one call per document cost about a
        quarter more CPU per triple (bench/README.md).
        """
        data = OutputFolder(self.out_dir).doc_graph_bytes(summary.doc_id)
        if self.mode == "incremental":
            name = self._name(summary.doc_id)
            fmt = self.ox.RdfFormat.N_TRIPLES
            self.remove(summary.doc_id)
            self.store.load(data, format=fmt, to_graph=name, lenient=True)
            self.store.load(data, format=fmt, lenient=True)
        else:
            self.pending.append((summary.doc_id, data))
            self.pending_triples += data.count(b"\n")
            if self.pending_triples >= self.BATCH_TRIPLES:
                self._load_pending()
        self.graphs += 1

    def _load_pending(self) -> None:
        if not self.pending:
            return
        from graph import iris

        if self.layout == "graphs":
            quads = b"".join(data.replace(b" .\n", f" <{iris.doc_iri(doc_id)}> .\n".encode())
                             for doc_id, data in self.pending)
            self.store.bulk_load(quads, format=self.ox.RdfFormat.N_QUADS, lenient=True)
            del quads
        self.store.bulk_load(b"".join(data for _, data in self.pending), format=self.ox.RdfFormat.N_TRIPLES,
                             lenient=True)
        self.pending, self.pending_triples = [], 0

    def close(self, ok: bool) -> None:
        if ok:
            self._load_pending()
        self.store.flush()
        del self.store  # release the RocksDB lock before the folder moves
        if self.mode == "full":
            if ok:
                shutil.rmtree(self.location, ignore_errors=True)
                os.replace(self.path, self.location)
            else:
                shutil.rmtree(self.path, ignore_errors=True)


def store_mode(out_dir: Path, previous_record: object, changed: int, removed: int, total: int,
               layout: str = "union") -> str:
    """keep (nothing changed), incremental (a few documents, named graphs kept) or full (the rest).

    A union-only store is reloaded in full when anything changed: without the
    named graphs it cannot tell which triples of a shared entity another
    document also states (reloading costs about 4 CPU us per triple).
    """
    usable = (store_layout({"store": previous_record}) == layout
              and (OutputFolder(out_dir).store / "CURRENT").exists())
    if not usable:
        return "full"
    if changed == 0 and removed == 0:
        return "keep"
    if layout != "graphs":
        return "full"
    # replacing graphs one by one costs more than bulk-loading them afresh past about a quarter
    return "incremental" if changed + removed <= max(10, total // 4) else "full"


def open_union(out_dir: Path) -> object:
    """The corpus store as a graph.store.OxigraphStore; its default graph is the union of the documents."""
    from graph.store import open_oxigraph

    return open_oxigraph(OutputFolder(out_dir).store)


def dataset_documents(out_dir: Path, manifest: dict | None = None) -> list[str]:
    """The ids of the documents in the built dataset (from the manifest), in name order."""
    return OutputFolder(out_dir).dataset_documents(manifest)


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------

def _console(stderr: bool = False):
    from rich.console import Console

    console = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        # a log file or a pipe: wide enough that names and counts are never cut
        console = Console(stderr=stderr, highlight=False, soft_wrap=False, width=160)
    return console


def summary_table(summaries: Sequence[DocSummary], only_failed: bool = False):
    """A rich Table: one row per document (or only the failed ones), then totals."""
    from rich.table import Table

    table = Table(title="PlanGraph corpus build", title_justify="left", show_footer=True)
    rows = [s for s in summaries if s.failed] if only_failed else list(summaries)
    ok = [s for s in summaries if s.in_dataset]
    table.add_column("document", footer=f"{len(summaries)} documents")
    table.add_column("status", footer=f"{len(ok)} in dataset")
    for name, attr in (("targets", "targets"), ("results", "results"), ("entities", "entities"),
                       ("triples", "triples"), ("violations", "violations"), ("warnings", "warnings")):
        total = sum(getattr(s, attr) for s in ok)
        table.add_column(name, justify="right", footer=f"{total:,}")
    table.add_column("s", justify="right", footer=f"{sum(s.seconds for s in summaries if not s.reused):.0f}")
    style = {"built": "green", "unchanged": "dim", "invalid": "red", "unreadable": "red", "failed": "red"}
    for s in rows:
        table.add_row(s.file, f"[{style.get(s.status, '')}]{s.status}[/]", str(s.targets), str(s.results),
                      str(s.entities), f"{s.triples:,}", str(s.violations), str(s.warnings),
                      "-" if s.reused else f"{s.seconds:.1f}")
    return table


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------

def _doc_formats(formats: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(sorted({f for f in (formats or ()) if f in DOC_FORMATS}))


def plan_jobs(folder: Path, out_dir: Path, validator: str, formats: tuple[str, ...],
              max_bytes: int | None = None, views: bool = True) -> tuple[list[DocJob], list[DocSummary]]:
    """One job per document, and a failed summary for each file whose doc id is already taken."""
    from graph.curation import curation_path
    from graph.extraction import doc_slug

    jobs: list[DocJob] = []
    clashes: list[DocSummary] = []
    taken: dict[str, str] = {}
    for path in discover(folder):
        doc_id = doc_slug(path.name)
        sha = file_sha256(path)
        curation = curation_path(path)
        if curation.is_file():  # a changed curation file rebuilds its document too
            sha = f"{sha}+curation:{file_sha256(curation)[:16]}"
        if doc_id in taken:
            clashes.append(DocSummary(doc_id, path.name, sha, "failed",
                                      error=f"its document id {doc_id!r} is already used by {taken[doc_id]}"))
            continue
        taken[doc_id] = path.name
        jobs.append(DocJob(str(path), doc_id, sha, str(OutputFolder(out_dir).doc(doc_id).root), validator, formats,
                           max_bytes, views))
    return jobs, clashes


def _worker_init() -> None:
    """Load the pipeline once per worker, then keep the garbage collector off it.

    A document's build makes hundreds of thousands of short-lived objects; with
    the default thresholds the collector keeps walking the long-lived ones (the
    modules, jieba's dictionary, the compiled shapes). Freezing what is loaded
    and collecting the young generation less often saved about a tenth of the
    CPU per document (bench/README.md).
    """
    import gc

    from graph import assemble, extract, fastcheck  # noqa: F401  (imported for their start-up)
    from graph.entities import _posseg

    _posseg()
    fastcheck.default_checks()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def run_jobs(jobs: Sequence[DocJob], n_jobs: int, on_done: Callable[[DocSummary], None],
             progress) -> list[DocSummary]:
    """Build the jobs in a process pool (in this process when n_jobs is 1), calling
    on_done(summary) in this process as each document finishes, in any order."""
    task = progress.add_task("building documents", total=len(jobs))
    out: list[DocSummary] = []

    def finish(summary: DocSummary) -> None:
        out.append(summary)
        on_done(summary)
        progress.advance(task)

    if n_jobs <= 1 or len(jobs) <= 1:
        for job in jobs:
            finish(build_document(job))
        return out
    with ProcessPoolExecutor(max_workers=min(n_jobs, len(jobs)), initializer=_worker_init) as pool:
        # every job is submitted (and every worker forked) before the first result is handled
        futures: dict[Future, DocJob] = {pool.submit(build_document, job): job for job in jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                summary = fut.result()
            except Exception as err:  # the worker process died (killed, out of memory)
                summary = DocSummary(job.doc_id, Path(job.path).name, job.sha256, "failed",
                                     error=f"worker crashed: {type(err).__name__}: {err}")
            finish(summary)
    return out


def _progress(quiet: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = _console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=console, disable=quiet or not console.is_terminal,
                    transient=False)


class _Step:
    """A combined-output step that may fail once: reported by name, then switched off."""

    def __init__(self, name: str, failed: list[str], console) -> None:
        self.name, self.failed, self.console = name, failed, console
        self.ok = True

    def run(self, fn: Callable[[], T]) -> T | None:
        if not self.ok:
            return None
        try:
            return fn()
        except Exception as exc:
            self.ok = False
            self.failed.append(self.name)
            self.console.print(f"[red]error:[/] {self.name} failed: {type(exc).__name__}: {exc}")
            return None


def corpus_command(args: argparse.Namespace) -> int:
    """`plangraph build DIR` / `python build.py --source DIR`: returns the exit code."""
    folder: Path = args.source or args.source_opt
    out_dir = Path(args.out)
    quiet = bool(getattr(args, "quiet", False))
    validator = getattr(args, "validator", None) or "sparql"
    layout = getattr(args, "store_layout", None) or "union"
    n_jobs = int(getattr(args, "jobs", None) or os.cpu_count() or 1)
    formats = _doc_formats(getattr(args, "formats", None))
    views = not getattr(args, "no_views", False)
    err = _console(stderr=True)
    started = time.perf_counter()

    from graph.pipeline import max_size_bytes

    jobs, clashes = plan_jobs(folder, out_dir, validator, formats, max_size_bytes(args), views)
    if not jobs and not clashes:
        print(f"plangraph: {folder}: no plan documents (*.txt) in this folder", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    from graph.export import remove_orphan_temporaries

    remove_orphan_temporaries(out_dir)  # what a killed build was writing: never renamed into place
    tool = tool_hash(validator, formats)
    previous = {} if getattr(args, "force", False) else read_manifest(out_dir)
    reused = {j.doc_id: r for j in jobs if (r := reusable(j, previous, tool)) is not None}
    todo = [j for j in jobs if j.doc_id not in reused]
    removed = sorted(set(previous.get("documents") or {}) - {j.doc_id for j in jobs})
    outputs_there = all((out_dir / f).exists() for f in [*DATASET_FILES.values(), *TABLES, RECONCILIATION_CSV])
    mode = store_mode(out_dir, previous.get("store") if previous.get("tool") == tool else None,
                      len(todo), len(removed), len(jobs), layout)
    if mode == "keep" and not outputs_there:
        mode = "full"
    if not quiet:
        print(f"Building {len(jobs) + len(clashes)} documents from {folder}/ into {out_dir}/: "
                  f"{len(todo)} to build, {len(reused)} unchanged (skipped)"
                  + (f", {len(clashes)} with a clashing id" if clashes else "")
                  + f"; {min(n_jobs, max(1, len(todo)))} worker(s), validator {validator}, store: {mode} ({layout})",
              file=sys.stderr)

    failed_steps: list[str] = []
    dataset_step = _Step("writing the dataset (N-Quads, TriG)", failed_steps, err)
    store_step = _Step("loading the store", failed_steps, err)
    order = [j.doc_id for j in jobs]
    writer: DatasetWriter | None = None
    loader: StoreLoader | None = None
    if mode != "keep":
        # until the final manifest is written, the store is not to be trusted
        _distrust_store(out_dir, previous)
        for doc_id in removed:
            shutil.rmtree(OutputFolder(out_dir).doc(doc_id).root, ignore_errors=True)
        loader = store_step.run(lambda: StoreLoader(out_dir, mode, layout))
        if mode == "full":
            # streamed while the documents build: the main process has little else to do
            writer = dataset_step.run(lambda: DatasetWriter(out_dir, order))
        if loader is not None:  # else the store step has failed and runs nothing more
            for doc_id in removed:
                store_step.run(partial(loader.remove, doc_id))

    def on_done(summary: DocSummary) -> None:
        if writer is not None:
            dataset_step.run(lambda: writer.offer(summary))
        if loader is None or (mode == "incremental" and summary.reused):
            return
        if summary.in_dataset:
            store_step.run(lambda: loader.add(summary))
        elif mode == "incremental":  # rebuilt and now failing: its old graph goes
            store_step.run(lambda: loader.remove(summary.doc_id))

    step_seconds: dict[str, float] = {}
    with _progress(quiet) as progress:
        t0 = time.perf_counter()
        for doc_id in order:
            if doc_id in reused:
                on_done(reused[doc_id])
        built = run_jobs(todo, n_jobs, on_done, progress) if todo else []
        step_seconds["building documents"] = time.perf_counter() - t0
        by_id = {s.doc_id: s for s in built} | reused
        summaries = sorted([by_id[d] for d in order] + clashes, key=lambda s: s.file)
        dataset = [s for s in summaries if s.in_dataset]
        t0 = time.perf_counter()
        if writer is not None:
            dataset_step.run(lambda: writer.close(dataset_step.ok))
        elif mode == "incremental":
            dataset_step.run(lambda: write_dataset(out_dir, dataset))
        if loader is not None:
            store_step.run(lambda: loader.close(store_step.ok))
        if mode != "keep":
            _Step("writing the combined tables", failed_steps, err).run(lambda: write_tables(out_dir, dataset))
            _Step("reconciling consecutive years", failed_steps, err).run(
                lambda: _reconcile(out_dir, jobs, dataset, layout, mode, store_step.ok, quiet))
        step_seconds["finishing the dataset, store and tables"] = time.perf_counter() - t0
        if views and store_step.ok:  # from the store as loaded (or kept) now
            t0 = time.perf_counter()
            _Step("writing the corpus views", failed_steps, err).run(lambda: _corpus_views(out_dir))
            step_seconds["corpus views"] = time.perf_counter() - t0
    if mode == "keep":
        store_record = previous.get("store")
    elif loader is not None and store_step.ok:
        store_record = {"layout": layout, "graphs": {s.doc_id: s.sha256 for s in dataset}}
    else:
        store_record = None  # the next build loads the store afresh
    write_manifest(out_dir, tool, summaries, store_record)
    if not quiet:
        print("steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in step_seconds.items()), file=sys.stderr)
    return _report(summaries, out_dir, dataset, failed_steps, time.perf_counter() - started, quiet, mode == "keep")


def _corpus_views(out_dir: Path) -> list[Path]:
    """views/: the corpus index and the comparison pages, from the store just loaded."""
    from graph.corpus_views import render_corpus_views

    return render_corpus_views(out_dir)


def _reconcile(out_dir: Path, jobs: Sequence[DocJob], dataset: Sequence[DocSummary], layout: str, mode: str,
               store_ok: bool, quiet: bool) -> None:
    """reconciliation.csv/.nt of every pair of consecutive years (graph.reconcile_corpus), and
    its links into the store."""
    from graph.reconcile_corpus import CorpusDocument, load_into_store, reconcile_corpus

    paths = {j.doc_id: Path(j.path) for j in jobs}
    docs = [CorpusDocument(s.doc_id, paths[s.doc_id], s.jurisdiction_code, s.plan_year, s.kind) for s in dataset]
    done = reconcile_corpus(out_dir, docs)
    if store_ok:
        load_into_store(out_dir, done.ntriples, layout, incremental=mode == "incremental")
    for e in done.errors:
        print(f"reconcile: {e}", file=sys.stderr)
    if not quiet:
        print(f"reconciled {len(done.pairs)} pair(s) of consecutive years: {done.targets} targets, "
              f"{done.paired} with an outcome ({done.csv.name})", file=sys.stderr)


def _report(summaries: Sequence[DocSummary], out_dir: Path, dataset: Sequence[DocSummary], failed_steps: list[str],
            seconds: float, quiet: bool, up_to_date: bool) -> int:
    out = _console()
    failed = [s for s in summaries if s.failed]
    if failed or not quiet:  # -q: the failed documents' rows only, and nothing when all built
        out.print(summary_table(summaries, only_failed=quiet))
    for s in failed:
        print(f"{s.status}: {s.file}: {s.error or ''}", file=sys.stderr)
    for s in summaries:
        for note in s.notes:
            print(f"warning: {note}", file=sys.stderr)
    unreadable = [s.file for s in summaries if s.status == "unreadable"]
    unchanged = sum(1 for s in summaries if s.status == "unchanged")
    triples = sum(s.triples for s in dataset)
    lines = [f"{len(dataset)} of {len(summaries)} documents in the dataset ({triples:,} triples) in {out_dir}/: "
             f"{DATASET_FILES['nquads']}, {DATASET_FILES['trig']}, {', '.join(TABLES)}, {STORE_DIRNAME}/, "
             f"{DOCS_DIRNAME}/<doc>/"]
    if unchanged:
        lines.append(f"{unchanged} unchanged document(s) skipped (use --force to rebuild them)"
                     + ("; nothing changed, the dataset and store were kept" if up_to_date else ""))
    if failed:
        lines.append(f"{len(failed)} document(s) FAILED: {', '.join(s.file for s in failed)}")
    if unreadable:
        lines.append(f"unreadable: {', '.join(unreadable)}")
    if failed_steps:
        lines.append(f"FAILED steps: {', '.join(failed_steps)}")
    lines.append(f"time: {seconds:.1f} s")
    out.file.flush()
    # plain lines: never wrapped, easy to grep in logs; -q: one line
    print("; ".join(lines) if quiet else "\n".join(lines))
    return 1 if failed or failed_steps else 0

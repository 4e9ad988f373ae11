"""The build: a plan file -> a validated graph and every export, in an output folder.

Consumes: the parsed ``build`` arguments (graph.cli) or, for notebooks, a path
or a string.
Produces: files in the output folder (see graph.export and the post-export
steps below), a short summary on stdout, progress on stderr, and an exit code:
0 built (warnings allowed), 1 built but SHACL found Violations or a step failed,
2 the input could not be read (nothing written).

Stages: read + extract (graph.extraction) -> assemble (graph.assemble) ->
validate (graph.validate) -> export (graph.export) -> post-export steps.
This module and graph.export are the only ones that touch the file system.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from rdflib import Graph

from graph import iris
from graph.outputs import DEFAULT_FORMATS, GRAPH_NT, GRAPH_TTL, MANIFEST_NAME, REPORT_TTL, REPORT_TXT, OutputFolder
from graph.records import Extraction
from graph.resources import example_source, ontology_dir

if TYPE_CHECKING:  # imported where used: they cost start-up time
    from graph.assemble import Triples
    from graph.validate import ValidationOutcome

T = TypeVar("T")

# The package's copies once installed, the checkout's folders otherwise (graph.resources).
DEFAULT_SOURCE = example_source()
ONTOLOGY_DIR = ontology_dir()

StepFunction = Callable[[Graph, Extraction, Path], "Iterable[Path] | None"]


@dataclass(frozen=True)
class Step:
    """One post-export step: `run(graph, extraction, out_dir)` writes into out_dir
    and returns the paths it wrote (or None). `skip_if` names a build option
    (an argparse dest such as "no_views") that turns the step off."""

    name: str
    run: StepFunction
    skip_if: str | None = None


def _ontology_for_pylode() -> Graph:
    """The ontology as pyLODE should read it. pyLODE describes in its page header the last
    owl:Ontology or skos:ConceptScheme it meets, in the order of rdflib's store, which follows the
    hash seed; the ontology's code lists (pg:Directions, pg:OutcomeStatuses …) are concept
    schemes too, so the header named one of them at random. They keep owl:NamedIndividual."""
    from rdflib.namespace import OWL, RDF, SKOS

    ont = Graph().parse(ONTOLOGY_DIR / "plangraph.ttl", format="turtle")
    for scheme in list(ont.subjects(RDF.type, SKOS.ConceptScheme)):
        if (scheme, RDF.type, OWL.Ontology) not in ont:
            ont.remove((scheme, RDF.type, SKOS.ConceptScheme))
    return ont


def write_ontology_docs(graph: Graph | None, extraction: Extraction, out_dir: Path) -> list[Path]:
    """ontology.html (pyLODE) plus copies of the ontology and shapes next to the graph."""
    import logging

    from graph.export import write_atomic

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    logging.disable(logging.INFO)  # pyLODE configures the root logger and chats at INFO/DEBUG
    try:
        from pylode import OntPub  # lazy: ~0.4 s import

        html = OntPub(ontology=_ontology_for_pylode(), sort_subjects=True).make_html()
    finally:
        logging.disable(logging.NOTSET)
        root.setLevel(level)
        root.handlers[:] = handlers
    return [
        write_atomic(out_dir / "ontology.html", html),
        write_atomic(out_dir / "ontology.ttl", (ONTOLOGY_DIR / "plangraph.ttl").read_bytes()),
        write_atomic(out_dir / "shapes.ttl", (ONTOLOGY_DIR / "shapes.ttl").read_bytes()),
    ]


# ---------------------------------------------------------------------------
# POST-EXPORT STEPS: the hook for later stages. Each runs after the graph, the
# CSV tables and the SHACL report are written, in this order, with
# (graph, extraction, out_dir). Add a Step here, importing your module lazily
# inside your function so `--help` stays instant, e.g.
#     Step("query store and results", _store_step),         # graph.store / graph.query
#     Step("views", _views_step, skip_if="no_views"),        # graph.views -> out/views/
# A step that raises is reported by name and makes the build exit 1; the steps
# after it still run.
# ---------------------------------------------------------------------------
POST_EXPORT_STEPS: list[Step] = [
    Step("ontology documentation (pyLODE)", write_ontology_docs, skip_if="no_docs"),
    # Interactive HTML views into out/views/ (issue 5); graph.views is imported when the step runs.
    Step("interactive views (graph.views)",
         lambda g, ex, out: __import__("graph.views", fromlist=["render_views"]).render_views(g, out),
         skip_if="no_views"),
    # The embedded pyoxigraph store (out/store/), every competency question's rows
    # (out/queries/*.csv), then the SPARQL quality checks: *-violation rows fail the
    # build, *-warning rows are printed (issue 4; graph.query imported when the step runs).
    Step("query store and competency questions (queries/cq)",
         lambda g, ex, out: __import__("graph.query", fromlist=["store_step"]).store_step(g, ex, out)),
    Step("SPARQL quality checks (queries/qc)",
         lambda g, ex, out: __import__("graph.query", fromlist=["checks_step"]).checks_step(g, ex, out)),
]


@dataclass
class BuildResult:
    extraction: Extraction
    graph: Graph | Triples  # Triples for a long document (_run_long_build)
    outcome: ValidationOutcome
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    failed_steps: list[str] = field(default_factory=list)


class _Progress:
    """Progress lines on stderr (silent with --quiet), with the time each step took."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.timings: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], T]) -> T:
        if not self.quiet:
            print(f"  {name} ...", end="", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.timings[name] = time.perf_counter() - t0
            if not self.quiet:
                print(f" {self.timings[name]:.2f} s", file=sys.stderr, flush=True)

    def stage_timer(self, labels: dict[str, str]) -> Timer:
        """A Timer for build_document that shows each stage under its label."""

        def timed(stage: str, fn: Callable[[], T]) -> T:
            return self.run(labels.get(stage, stage), fn)

        return timed


def extract(path: Path | None = None, *, text: str | None = None, doc_id: str | None = None,
            **options: object) -> Extraction:
    """Read and extract one document (graph.extraction, imported lazily); `options`
    go to extract_document (max_bytes, progress)."""
    from graph.extraction import extract_document

    if path is None and text is None:
        path = DEFAULT_SOURCE
    return extract_document(path, text=text, doc_id=doc_id, **options)  # type: ignore[arg-type]  # options are its keywords


def build_graph(path: Path | str | None = None, *, text: str | None = None, doc_id: str | None = None) -> Graph:
    """Build the RDF graph of one plan in memory (no files written, no validation).

    Args:
        path: a plan text file; default the bundled example when `text` is None too.
        text: the plan as a string instead of a file.
        doc_id: the document id used in IRIs (default: from the file name).
    Returns:
        the assembled rdflib.Graph.
    Raises:
        graph.read.ReadError: the input cannot be read as a plan.
    """
    from graph.assemble import assemble

    return assemble(extract(Path(path) if path is not None else None, text=text, doc_id=doc_id))


def class_counts(g: Graph | Triples) -> list[tuple[str, int]]:
    """(class label, count) for every pg: class with instances, most first
    (`g` a Graph or, for a long document, graph.assemble.Triples)."""
    from graph.vocab import PG, RDF

    counts: Counter[str] = Counter()
    ns = str(PG._NS)
    for _, cls in g.subject_objects(RDF.type):
        if str(cls).startswith(ns):
            counts[str(cls)[len(ns):]] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def summary(result: BuildResult, out_dir: Path) -> str:
    ex, g, outcome = result.extraction, result.graph, result.outcome
    counts = ", ".join(f"{n} {name}" for name, n in class_counts(g))
    violations = len(outcome.violations)
    warnings = len(outcome.warnings)
    verdict = "FAILED" if violations else "passed"
    residue = len(ex.residue())
    total = sum(result.timings.values())
    lines = [
        f"PlanGraph build of {ex.document.source_name} ({ex.document.doc_id}): {len(g)} triples",
        f"  classes:    {counts}",
        f"  numbers:    {len(ex.numbers)} accounted for, {residue} left in residue.csv",
        f"  validation: {verdict}: {violations} violation(s), {warnings} warning(s)"
        + (" (see shacl-report.txt)" if violations or warnings else ""),
        f"  written:    {len(result.written)} files in {out_dir}/ ("
        + ", ".join(sorted({p.name for p in result.written if p.parent == out_dir})[:12])
        + (", ..." if len(result.written) > 12 else "") + ")",
    ]
    if result.failed_steps:
        lines.append(f"  FAILED steps: {', '.join(result.failed_steps)}")
    lines.append(f"  time:       {total:.2f} s")
    return "\n".join(lines)


def summary_line(result: BuildResult, out_dir: Path) -> str:
    """The whole build in one line (what `-q` prints): counts, verdict, where, how long."""
    ex, g, outcome = result.extraction, result.graph, result.outcome
    violations = len(outcome.violations)
    warnings = len(outcome.warnings)
    verdict = "FAILED" if violations or result.failed_steps else "built"
    line = (f"{ex.document.doc_id}: {verdict}, {len(g)} triples, {len(ex.targets)} targets, "
            f"{len(ex.results)} results, {len(ex.actions)} actions, {len(ex.entities)} entities, "
            f"{violations} violation(s), {warnings} warning(s), {len(result.written)} files in {out_dir}/ "
            f"in {sum(result.timings.values()):.1f} s")
    if result.failed_steps:
        line += f"; failed steps: {', '.join(result.failed_steps)}"
    return line


# A document longer than this (characters; about 0.6 MB of UTF-8 Chinese, seven
# times the largest real report, 27,559 characters) takes the long-document build: the corpus build's
# assembly, N-Triples writer and SPARQL-compiled shapes (graph.fastcheck) instead of
# an rdflib Graph, pyshacl and rdflib's serialisers, which grew to minutes per MB;
# pyoxigraph writes Turtle and JSON-LD; no views (a graph of millions of triples
# cannot be drawn) and no precomputed competency-question tables (asked on demand). Every document
# of the corpora is far below it.
LONG_DOCUMENT_CHARS = 200_000


def _warn(lines: Iterable[str], quiet: bool) -> None:
    """Input warnings (damaged bytes, repeated passages): printed even with -q."""
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


@dataclass(frozen=True)
class DocumentOptions:
    """How one document's graph, tables and report are made and written (build_document)."""

    formats: tuple[str, ...] = DEFAULT_FORMATS  # the graph files, graph.outputs.RDF_FILES
    # "pyshacl" (the reference) or "sparql": the shapes compiled to SPARQL on pyoxigraph (graph.fastcheck)
    validator: str = "pyshacl"
    # serialisers of the graph files other than graph.nt: "rdflib" (sorted, byte-stable) or, for
    # a long document, "oxigraph" (graph.export.serialize_ntriples: seconds, not minutes)
    serializer: str = "rdflib"
    fsync: bool = True  # False in a corpus: its manifest, written last with an fsync, vouches for the files
    prune: bool = False  # remove the files an older build left that this one did not write (docs/<doc_id>/)


class Timer(Protocol):
    """Runs one stage of a build and records how long it took, under the stage's name."""

    def __call__(self, stage: str, fn: Callable[[], T], /) -> T: ...


@dataclass
class DocumentBuild:
    """One document built: its triples, their sorted N-Triples, the SHACL outcome, the files written."""

    extraction: Extraction
    triples: Triples
    ntriples: bytes  # graph.export.ntriples, UTF-8: graph.nt, and what the fast validator and the store load
    outcome: ValidationOutcome | None = None
    written: list[Path] = field(default_factory=list)
    _graph: Graph | None = None

    def graph(self) -> Graph:
        """The triples as an rdflib Graph, made once and only when asked for (pyshacl, the
        rdflib serialisers and the views need one; building it cost more than assembling)."""
        if self._graph is None:
            self._graph = self.triples.graph("default")  # pyshacl needs rdflib's context-aware store
        return self._graph


def build_document(ex: Extraction, out_dir: Path, options: DocumentOptions, timed: Timer) -> DocumentBuild:
    """Assemble, validate and write one extracted document into `out_dir`: the graph files of
    `options.formats`, the five tables and the SHACL report (graph.outputs names them).

    The one document build: a single-file build (run_build, for a long document too) and
    each document of a corpus (graph.corpus.build_document, into docs/<doc_id>/) come
    through here and differ only in `options`. `timed(stage, fn)` runs each stage:
    "assemble", "serialize", "validate", "write".
    """
    from graph.assemble import assemble_triples
    from graph.export import ntriples

    triples = timed("assemble", lambda: assemble_triples(ex))
    doc = DocumentBuild(ex, triples, timed("serialize", lambda: ntriples(triples).encode("utf-8")))
    doc.outcome = timed("validate", lambda: _validate(doc, options.validator))
    doc.written = timed("write", lambda: _write_document(doc, out_dir, options))
    return doc


def _validate(doc: DocumentBuild, validator: str) -> ValidationOutcome:
    if validator == "pyshacl":
        from graph.validate import validate

        return validate(doc.graph())
    from graph.fastcheck import validate_fast

    return validate_fast(doc.triples, ntriples=doc.ntriples)


def _write_document(doc: DocumentBuild, out_dir: Path, options: DocumentOptions) -> list[Path]:
    from graph import export
    from graph.validate import report_text, report_turtle

    assert doc.outcome is not None  # validated before it is written
    write = partial(export.write_atomic, fsync=options.fsync)
    folder = OutputFolder(out_dir)
    name = iris.doc_iri(doc.extraction.document.doc_id)
    written: list[Path] = []
    for fmt in options.formats:
        if fmt == "nt":
            data: str | bytes = doc.ntriples
        elif options.serializer == "oxigraph":
            data = export.serialize_ntriples(doc.ntriples, fmt, name)
        else:
            data = export.serialize(doc.graph(), fmt, name)
        written.append(write(folder.graph(fmt), data))
    written += [write(folder.path(table), text) for table, text in export.table_texts(doc.extraction).items()]
    written.append(write(folder.path(REPORT_TXT), report_text(doc.outcome, limit_per_group=1000, timing=False)))
    written.append(write(folder.path(REPORT_TTL), report_turtle(doc.outcome)))
    if options.prune:
        _remove_stale(out_dir, written)
    return written


def _remove_stale(folder: Path, keep: Iterable[Path]) -> None:
    """Files an older build left in a document's folder that this one did not write."""
    names = {p.name for p in keep}
    for p in folder.iterdir():
        if p.is_file() and p.name not in names:
            p.unlink()


def run_build(source: Path | None, out_dir: Path, *, formats: Iterable[str] | None = None,
              skip: Iterable[str] = (), quiet: bool = False, max_bytes: int | None = None) -> BuildResult:
    """Extract, assemble, validate, export and run the post-export steps.

    `max_bytes`: refuse a larger input (graph.read.DEFAULT_MAX_MB by default).
    Raises graph.read.ReadError before anything is written when the input
    cannot be read.
    """
    from graph import export
    from graph.read import DEFAULT_MAX_MB, MB

    limit = DEFAULT_MAX_MB * MB if max_bytes is None else max_bytes
    progress = _Progress(quiet)
    path = source or DEFAULT_SOURCE
    size = path.stat().st_size if path.is_file() else 0
    long_input = size > LONG_DOCUMENT_CHARS * 2  # bytes: likely long, say so before the wait
    if long_input and not quiet and size <= limit:
        print(f"  a long document ({size / MB:.1f} MB): about {max(1, round(size / MB * 20 / 60))} "
              "minute(s); stages are shown as they start", file=sys.stderr)
    stage_note = _stage_printer(quiet or not long_input)
    ex: Extraction = progress.run(
        "reading and extracting", lambda: extract(path, max_bytes=limit, progress=stage_note))
    _warn(ex.warnings, quiet)
    fmts = tuple(formats or DEFAULT_FORMATS)
    long = len(ex.text) > LONG_DOCUMENT_CHARS
    options = DocumentOptions(fmts, "sparql", "oxigraph") if long else DocumentOptions(fmts)
    export.remove_orphan_temporaries(out_dir)  # what a killed build was writing
    doc = build_document(ex, out_dir, options, progress.stage_timer(_stage_labels(options, long)))
    assert doc.outcome is not None
    if long:
        return _run_long_steps(doc, out_dir, progress, set(skip), quiet)
    g = doc.graph()
    result = BuildResult(ex, g, doc.outcome, written=list(doc.written), timings=progress.timings)
    skipped = set(skip)
    for step in POST_EXPORT_STEPS:
        if step.skip_if and step.skip_if in skipped:
            continue
        try:
            paths = progress.run(step.name, partial(step.run, g, ex, out_dir))
        except Exception as err:  # a failing step is reported by name, the others still run
            print(f"\nerror: step {step.name!r} failed: {type(err).__name__}: {err}", file=sys.stderr)
            result.failed_steps.append(step.name)
            continue
        result.written += list(paths or [])
    return result


def _stage_labels(options: DocumentOptions, long: bool) -> dict[str, str]:
    """build_document's stages as the progress lines of a single build name them."""
    validator = ("shapes compiled to SPARQL, graph.fastcheck" if options.validator == "sparql" else "pyshacl")
    by = " by pyoxigraph" if options.serializer == "oxigraph" else ""
    return {"assemble": "assembling the triples" if long else "assembling the graph",
            "serialize": "sorting N-Triples",
            "validate": f"validating with SHACL ({validator})",
            "write": f"writing the graph ({', '.join(options.formats)}{by}), tables and report"}


def _stage_printer(silent: bool) -> Callable[[str], None] | None:
    """Extraction's stage names printed as they start (a long document's progress)."""
    if silent:
        return None
    started = time.perf_counter()

    def note(stage: str) -> None:
        print(f" [{time.perf_counter() - started:.0f} s] {stage}", end="", file=sys.stderr, flush=True)

    return note


def _run_long_steps(doc: DocumentBuild, out_dir: Path, progress: _Progress, skipped: set[str],
                    quiet: bool) -> BuildResult:
    """The steps after a long document's build (LONG_DOCUMENT_CHARS): those of a short one but
    the views and the competency questions' tables (the store answers them), in time and
    memory that grow with the text's length."""
    from graph.query import ChecksFailed, checks_step

    assert doc.outcome is not None
    ex = doc.extraction
    result = BuildResult(ex, doc.triples, doc.outcome, written=list(doc.written), timings=progress.timings)

    def store() -> list[Path]:
        import shutil

        import pyoxigraph as ox

        location = OutputFolder(out_dir).store
        shutil.rmtree(location, ignore_errors=True)
        location.parent.mkdir(parents=True, exist_ok=True)
        db = ox.Store(str(location))
        db.bulk_load(doc.ntriples, format=ox.RdfFormat.N_TRIPLES)
        db.flush()
        del db  # release the RocksDB lock for the checks and `plangraph query`
        return [location]

    steps: list[tuple[str, Callable[[], list[Path]], str | None]] = [
        ("ontology documentation (pyLODE)", lambda: write_ontology_docs(None, ex, out_dir), "no_docs"),
        # the competency questions' tables are not precomputed: on a long document
        # some return rows by the ten thousand and took longer than the extraction;
        # `plangraph query NAME` asks them of the store
        ("query store (competency questions on demand: plangraph query)", store, None),
        ("SPARQL quality checks (queries/qc)",
         lambda: checks_step(None, ex, out_dir),  # type: ignore[arg-type]  # no Graph: it reads the store above
         None),
    ]
    if "no_views" not in skipped and not quiet:
        print(f"  interactive views skipped: a graph of {len(doc.triples):,} triples is too big to draw",
              file=sys.stderr)
    for name, run, skip_if in steps:
        if skip_if in skipped:
            continue
        try:
            paths = progress.run(name, run)
        except (ChecksFailed, Exception) as err:
            print(f"\nerror: step {name!r} failed: {type(err).__name__}: {err}", file=sys.stderr)
            result.failed_steps.append(name)
            continue
        result.written += list(paths or [])
    return result


# What a single-document build leaves at the top of its folder (a corpus build puts them in docs/<doc>/).
SINGLE_BUILD_MARKERS = (GRAPH_NT, GRAPH_TTL, REPORT_TXT)


def folder_clash(out_dir: Path, corpus: bool) -> str | None:
    """Why `out_dir` cannot take this kind of build, or None.

    A corpus build into a single build's folder (or the reverse) would leave
    the two mixed: `plangraph query`, `serve` and `push` would read whichever
    they look for first. Refused rather than cleaned: the folder may hold
    the only copy of someone's work.
    """
    if not out_dir.is_dir():
        return None
    if corpus and not OutputFolder(out_dir).is_corpus:
        found = [n for n in SINGLE_BUILD_MARKERS if (out_dir / n).exists()]
        if found:
            return (f"{out_dir}/ holds a single-document build ({', '.join(found)}); a corpus build "
                    "there would mix with it: give another --out, or remove the folder first")
    if not corpus and OutputFolder(out_dir).is_corpus:
        return (f"{out_dir}/ holds a corpus build ({MANIFEST_NAME}); a single-document build there "
                "would mix with it: give another --out, or remove the folder first")
    return None


def max_size_bytes(args: argparse.Namespace) -> int:
    """--max-size MB as bytes (graph.read.DEFAULT_MAX_MB when not given)."""
    from graph.read import DEFAULT_MAX_MB, MB

    mb = getattr(args, "max_size", None)
    return int((DEFAULT_MAX_MB if mb is None else mb) * MB)


def build_command(args: argparse.Namespace) -> int:
    """`plangraph build` / `python build.py`: returns the exit code."""
    from graph.read import ReadError

    source: Path | None = args.source or getattr(args, "source_opt", None)
    out_dir: Path = args.out
    quiet: bool = bool(getattr(args, "quiet", False))
    clash = folder_clash(out_dir, corpus=source is not None and source.is_dir())
    if clash:
        print(f"plangraph: {clash}", file=sys.stderr)
        return 2
    if source is not None and source.is_dir():
        try:
            from graph.corpus import corpus_command
        except ImportError:
            print(f"plangraph: {source}: is a folder; corpus builds are not available yet, "
                  "give one plan file", file=sys.stderr)
            return 2
        return int(corpus_command(args))
    skip = {dest for dest in ("no_docs", "no_views") if getattr(args, dest, False)}
    if not quiet:
        print(f"Building {source or DEFAULT_SOURCE} into {out_dir}/", file=sys.stderr)
    try:
        result = run_build(source, out_dir, formats=args.formats, skip=skip, quiet=quiet,
                           max_bytes=max_size_bytes(args))
    except ReadError as err:
        print(f"plangraph: {err}", file=sys.stderr)
        return 2
    from graph.validate import report_text

    outcome = result.outcome
    if outcome.violations or (outcome.warnings and not quiet):
        # the console gets a few examples per problem; shacl-report.txt has them all
        print(report_text(outcome, limit_per_group=5))
    print(summary_line(result, out_dir) if quiet else summary(result, out_dir))
    return 1 if outcome.violations or result.failed_steps else 0

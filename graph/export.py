"""Exports: the graph and the records -> files in the output folder.

Consumes: the assembled ``rdflib.Graph``, the ``Extraction`` it came from, the
validation outcome, and an output folder.
Produces: ``graph.ttl`` / ``graph.jsonld`` / ``graph.nt`` (and on request
``graph.rdf``, ``graph.trig``, ``graph.nq``), ``targets.csv``, ``results.csv``,
``actions.csv``, ``entities.csv``, ``residue.csv``, ``shacl-report.txt`` and
``shacl-report.ttl``.

Every file is written atomically: to a temporary file in the same folder, then
``os.replace`` onto its name, so a reader never sees half a file and an error
leaves the previous file in place. Serialisations are deterministic: Turtle and
TriG come from rdflib's sorting serialiser; N-Triples and N-Quads are sorted
lines; JSON-LD is re-emitted with sorted nodes and keys; RDF/XML is written
here, one sorted rdf:Description per subject. The graph has no blank nodes (see
graph.assemble), so sorting is enough.

The functions that turn things into text (``serialize``, ``*_rows``,
``csv_text``) are pure; only ``write_*`` touch the file system.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import cast

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Identifier

from graph import indicators, iris
from graph.literals import plain_number
from graph.outputs import DEFAULT_FORMATS, RDF_FILES, REPORT_TTL, REPORT_TXT, TABLES
from graph.records import Extraction, Result, Target

# direction and canonical_indicator (issue 13) make rows of different plans comparable:
# the sign of the value, and the shared indicator id (gdpGrowth) or empty when none fits.
TARGET_COLUMNS = ("id", "theme", "measure", "metric", "canonical_indicator", "value", "value_max", "unit",
                  "comparator", "kind", "direction", "aspirational", "year", "value_normalized", "unit_normalized",
                  "start", "end", "quote")
RESULT_COLUMNS = tuple(c for c in TARGET_COLUMNS if c != "aspirational")
ACTION_COLUMNS = ("id", "theme", "measure", "verb", "start", "end", "quote")
ENTITY_COLUMNS = ("id", "type", "label", "aliases", "start", "mentions")
RESIDUE_COLUMNS = ("start", "end", "quote", "context", "note")


# -- atomic writing -----------------------------------------------------------

def _file_mode() -> int:
    """rw for whoever the umask allows (mkstemp alone would leave files 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _file_mode()


def remove_orphan_temporaries(folder: Path, depth: int = 2) -> list[Path]:
    """Temporary files (`.NAME.xxxx.tmp`, from write_atomic and the corpus writers)
    that a killed build left in `folder` and its subfolders down to `depth`: a
    finished build never leaves one, so any found is an orphan. Returns those removed.
    """
    import re

    pattern = re.compile(r"^\.[^/]+\.[A-Za-z0-9_]{8}\.tmp$")  # mkstemp's eight random characters
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    folders = [folder]
    for _ in range(depth):
        folders += [d for f in list(folders) for d in f.iterdir() if d.is_dir() and d.name != "store" and d not in folders]
    for f in folders:
        for p in f.iterdir():
            if p.is_file() and pattern.match(p.name):
                p.unlink(missing_ok=True)
                removed.append(p)
    return removed


class AtomicFile:
    """A file written to a temporary file in the same folder and renamed onto its name
    on success (`close(ok=True)`, or leaving a `with` block without an exception):
    a reader never sees half a file, and an error leaves the previous file in place.

    The only atomic writer of the package: write_atomic is one call of it, the corpus
    build streams its big files (corpus.nq, the combined tables) through it.
    `fsync=False` skips the flush to disk: a corpus writes thousands of small files,
    and its manifest, written last with an fsync, is what says which of them belong
    to a finished build.
    """

    def __init__(self, path: Path, *, fsync: bool = True) -> None:
        self.path = path
        self.fsync = fsync
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.file = os.fdopen(fd, "wb", buffering=1 << 20)

    def __enter__(self) -> AtomicFile:
        return self

    def write(self, data: bytes) -> None:
        self.file.write(data)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close(exc_type is None)

    def close(self, ok: bool) -> None:
        """Rename into place (ok) or drop the temporary file."""
        if self.file.closed:
            return
        try:
            try:
                if ok:
                    self.file.flush()
                    if self.fsync:
                        os.fsync(self.file.fileno())
            finally:
                self.file.close()
            if ok:
                os.chmod(self.tmp, _MODE)
                os.replace(self.tmp, self.path)
        except BaseException:
            Path(self.tmp).unlink(missing_ok=True)
            raise
        if not ok:
            Path(self.tmp).unlink(missing_ok=True)


def write_atomic(path: Path, data: str | bytes, *, fsync: bool = True) -> Path:
    """Write `data` to `path` atomically (AtomicFile: temp file in the same folder, then rename).

    On any error the temporary file is removed and `path` keeps its old content.
    """
    with AtomicFile(path, fsync=fsync) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- RDF serialisation ----------------------------------------------------------

def _rdf_xml(g: Graph) -> str:
    """RDF/XML with subjects, properties and namespace declarations in sorted order.

    rdflib's XML serialisers order namespaces and subjects by hash, so their
    output changes between runs; this one writes one rdf:Description per
    subject, which any RDF/XML reader accepts.
    """
    from xml.sax.saxutils import escape, quoteattr

    from rdflib import Literal
    from rdflib.namespace import split_uri

    prefixes: dict[str, str] = {}  # namespace -> prefix
    known = {str(ns): p for p, ns in g.namespace_manager.namespaces() if p}

    def qname(pred: URIRef) -> str:
        ns, local = split_uri(pred)
        if ns not in prefixes:
            prefixes[ns] = known.get(ns) or f"ns{len(prefixes) + 1}"
        return f"{prefixes[ns]}:{local}"

    body: list[str] = []
    # rdflib types terms as Node; in a graph they are Identifiers (str subclasses, so they sort)
    # and every predicate is a URIRef
    for subject in sorted(cast("set[Identifier]", set(g.subjects()))):
        body.append(f"  <rdf:Description rdf:about={quoteattr(str(subject))}>")
        pairs = cast("list[tuple[URIRef, Identifier]]", list(g.predicate_objects(subject)))
        for pred, obj in sorted(pairs):
            name = qname(pred)
            if isinstance(obj, Literal):
                attrs = ""
                if obj.language:
                    attrs = f" xml:lang={quoteattr(obj.language)}"
                elif obj.datatype:
                    attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                body.append(f"    <{name}{attrs}>{escape(str(obj))}</{name}>")
            else:
                body.append(f"    <{name} rdf:resource={quoteattr(str(obj))}/>")
        body.append("  </rdf:Description>")
    prefixes.setdefault("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf")
    decls = "".join(f"\n    xmlns:{p}={quoteattr(ns)}" for ns, p in sorted(prefixes.items(), key=lambda kv: kv[1]))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f"<rdf:RDF{decls}>\n" + "\n".join(body) + "\n</rdf:RDF>\n")


def ntriples(g: Iterable[tuple[object, object, object]]) -> str:
    """The graph (an rdflib Graph or graph.assemble.Triples) as sorted N-Triples: the
    lines rdflib's N-Triples serialiser writes, each once, in code-point order.

    The only N-Triples writer of the package (serialize(g, "nt"), the corpus
    documents, the stores' bulk loads, push). Written here because rdflib's
    serialiser was a tenth of a document's build: it formats every IRI anew, while
    a plan repeats its IRIs a dozen times each. Literals are quoted exactly as
    rdflib's N-Triples serialiser quotes them (tests/test_corpus.py compares the two
    on the example).
    """
    from rdflib import Literal

    cache: dict[object, str] = {}

    def term(t: object) -> str:
        text = cache.get(t)
        if text is None:
            text = cache[t] = t.n3()  # type: ignore[attr-defined]  # an rdflib term (typed loosely for Triples)
        return text

    lines = set()
    for s, p, o in g:
        if isinstance(o, Literal):
            quoted = '"' + str(o).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
            if o.language:
                obj = f"{quoted}@{o.language}"
            elif o.datatype:
                obj = f"{quoted}^^<{o.datatype}>"
            else:
                obj = quoted
        else:
            obj = term(o)
        lines.add(f"{term(s)} {term(p)} {obj} .")
    return "\n".join(sorted(lines)) + "\n"


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def _canonical_json(value: object) -> object:
    if isinstance(value, dict):
        return {k: _canonical_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def _dataset(g: Graph, graph_name: URIRef) -> Dataset:
    ds = Dataset()
    for prefix, ns in g.namespace_manager.namespaces():
        ds.bind(prefix, ns, override=True, replace=True)
    named = ds.graph(graph_name)
    for triple in sorted(g):
        named.add(triple)
    return ds


def serialize(g: Graph, fmt: str, graph_name: URIRef | None = None) -> str:
    """The graph as text in one of RDF_FILES' formats, byte-stable for the same graph.

    `graph_name` names the graph in TriG/N-Quads (default: the document IRI is
    passed by the caller; a fixed placeholder otherwise).
    """
    if fmt == "turtle":
        return g.serialize(format="turtle")
    if fmt == "nt":
        return ntriples(g)
    if fmt == "json-ld":
        context = {p: str(ns) for p, ns in g.namespace_manager.namespaces() if p}
        data = json.loads(g.serialize(format="json-ld", context=context))
        if isinstance(data, dict) and "@graph" in data:
            data["@graph"] = sorted((_canonical_json(n) for n in data["@graph"]),
                                    key=lambda n: str(n.get("@id", "")))
            data["@context"] = {k: data["@context"][k] for k in sorted(data["@context"])}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "xml":
        return _rdf_xml(g)
    name = graph_name or URIRef(iris.DATA + "graph")
    if fmt == "trig":
        return _dataset(g, name).serialize(format="trig")
    if fmt == "nquads":
        return _sorted_lines(_dataset(g, name).serialize(format="nquads"))
    raise ValueError(f"unknown RDF format {fmt!r}; one of {', '.join(RDF_FILES)}")


def write_graph(g: Graph, out_dir: Path, formats: Iterable[str] = DEFAULT_FORMATS,
                graph_name: URIRef | None = None) -> list[Path]:
    """Write the graph in each format; returns the paths written."""
    written = []
    for fmt in formats:
        name, _ = RDF_FILES[fmt]
        written.append(write_atomic(out_dir / name, serialize(g, fmt, graph_name)))
    return written


# -- CSV ----------------------------------------------------------------------------

# Excel opens a CSV as UTF-8 only when it starts with a byte order mark (else it guesses the
# ANSI code page and the Chinese turns to mojibake). Every CSV file PlanGraph writes starts
# with one; Python reads it with encoding="utf-8-sig", pandas and LibreOffice skip it.
CSV_BOM = "\ufeff"
# A spreadsheet takes a cell that begins with one of these for a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text that begins with = + - @, a tab or
    a carriage return gets a leading single quote (OWASP's advice). Numbers stay numbers,
    whether given as numbers or as numeric text (-3.8); None is empty.

    >>> csv_cell("=HYPERLINK(0)"), csv_cell("@SUM(A1)"), csv_cell("+cmd"), csv_cell("\\t=1")
    ("'=HYPERLINK(0)", "'@SUM(A1)", "'+cmd", "'\\t=1")
    >>> csv_cell("-3.8"), csv_cell(-3.8), csv_cell("+5"), csv_cell("1e-3"), csv_cell(None)
    ('-3.8', -3.8, '+5', '1e-3', '')
    >>> csv_cell("-3.8%"), csv_cell("增长-3.8")
    ("'-3.8%", '增长-3.8')
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)):  # bool is an int: printed True/False, harmless
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_lines(rows: Iterable[Sequence[object]]) -> str:
    """CSV lines ending in '\\n', every cell through csv_cell.

    The writer is told the lines end in '\\r\\n' and the '\\r' is taken off again: with
    '\\n' alone Python's csv module leaves a field that holds a bare carriage return
    unquoted, and spreadsheets break the row there.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    out = []
    for row in rows:
        buf.seek(0)
        buf.truncate()
        w.writerow([csv_cell(v) for v in row])
        out.append(buf.getvalue()[:-2] + "\n")
    return "".join(out)


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, object]]) -> str:
    """CSV with a header row, '\\n' line ends, None as empty, every text cell made safe from
    formula injection (csv_cell). No byte order mark: csv_file_text adds it for files.

    Raises ValueError when a row has a key that is not a column.
    """
    cols = list(columns)

    def cells(row: dict[str, object]) -> list[object]:
        extra = set(row) - set(cols)
        if extra:
            raise ValueError(f"row keys not among the columns: {', '.join(sorted(extra))}")
        return [row.get(c) for c in cols]

    return csv_lines([cols, *(cells(r) for r in rows)])


def csv_file_text(columns: Sequence[str], rows: Iterable[dict[str, object]]) -> str:
    """csv_text with the byte order mark that makes Excel read the file as UTF-8 (CSV_BOM)."""
    return CSV_BOM + csv_text(columns, rows)


def _num(x: float | None) -> str:
    return "" if x is None else plain_number(x)


def _labels(ex: Extraction) -> tuple[dict[str, str], dict[str, str]]:
    """Theme labels and measure leads by key: built once per table (once per row was
    quadratic: ten minutes for the results of a 20 MB document)."""
    return {s.key: s.label for s in ex.sections}, {m.key: m.lead for m in ex.measures}


def _figure_row(labels: tuple[dict[str, str], dict[str, str]], f: Target | Result,
                node: URIRef) -> dict[str, object]:
    sections, measures = labels
    q = f.quantity
    return {
        "id": iris.local_id(node),
        "theme": sections.get(f.section_key or "", ""),
        "measure": measures.get(f.measure_key or "", ""),
        "metric": f.metric,
        "value": _num(q.value),
        "value_max": _num(q.value_max),
        "unit": q.unit,
        "comparator": f.comparator,
        "kind": f.kind,
        "direction": f.direction,
        "canonical_indicator": m.concept.id if (m := indicators.match(f.metric, f.kind, q.unit_normalized)) else "",
        "year": "" if f.year is None else f.year,
        "value_normalized": _num(q.value_normalized),
        "unit_normalized": q.unit_normalized,
        "start": f.span.start,
        "end": f.span.end,
        "quote": f.span.quote,
    }


def target_rows(ex: Extraction) -> list[dict[str, object]]:
    """One row per target, in text order; ids are the targets' IRIs without the base."""
    doc = ex.document.doc_id
    rows = []
    labels = _labels(ex)
    for t in sorted(ex.targets, key=lambda t: (t.span.start, t.span.end, t.key)):
        row = _figure_row(labels, t, iris.target_iri(doc, t.key, t.metric))
        row["aspirational"] = "true" if t.aspirational else "false"
        rows.append({c: row[c] for c in TARGET_COLUMNS})
    return rows


def result_rows(ex: Extraction) -> list[dict[str, object]]:
    """One row per result (achieved figure): the target columns without `aspirational`."""
    doc = ex.document.doc_id
    rows = []
    labels = _labels(ex)
    for r in sorted(ex.results, key=lambda r: (r.span.start, r.span.end, r.key)):
        row = _figure_row(labels, r, iris.result_iri(doc, r.key, r.metric))
        rows.append({c: row[c] for c in RESULT_COLUMNS})
    return rows


def action_rows(ex: Extraction) -> list[dict[str, object]]:
    """One row per action (commitment without a figure), in text order; `quote` is the
    source as written (it may hold the layout's line breaks)."""
    doc = ex.document.doc_id
    sections = {s.key: s.label for s in ex.sections}
    measures = {m.key: m.lead for m in ex.measures}
    rows = []
    for a in sorted(ex.actions, key=lambda a: (a.span.start, a.span.end, a.key)):
        rows.append({
            "id": iris.local_id(iris.action_iri(doc, a.key, a.text)),
            "theme": sections.get(a.section_key or "", ""),
            "measure": measures.get(a.measure_key or "", ""),
            "verb": a.verb,
            "start": a.span.start,
            "end": a.span.end,
            "quote": a.span.quote,
        })
    return rows


def entity_rows(ex: Extraction) -> list[dict[str, object]]:
    """One row per entity, ordered by first mention."""
    doc = ex.document.doc_id
    rows: list[dict[str, object]] = []
    for e in ex.entities:
        starts = sorted(m.start for m in e.mentions)
        rows.append({
            "id": iris.local_id(iris.entity_iri(doc, e.type, e.key, e.label)),
            "type": e.type,
            "label": e.label,
            "aliases": "|".join(a for a in dict.fromkeys(e.aliases) if a != e.label),
            "start": starts[0] if starts else "",
            "mentions": len(e.mentions),
        })
    rows.sort(key=lambda r: (r["start"] if r["start"] != "" else 1 << 62, str(r["id"])))
    return rows


def residue_rows(ex: Extraction, width: int = 15) -> list[dict[str, object]]:
    """Numbers not accounted for, with the text around them (whitespace folded)."""
    rows = []
    for n in sorted(ex.residue(), key=lambda n: (n.span.start, n.span.end)):
        before = ex.text[max(0, n.span.start - width):n.span.start]
        after = ex.text[n.span.end:n.span.end + width]
        context = " ".join(f"{before}[{n.span.quote}]{after}".split())
        rows.append({"start": n.span.start, "end": n.span.end, "quote": n.span.quote,
                     "context": context, "note": n.note})
    return rows


def write_tables(ex: Extraction, out_dir: Path) -> list[Path]:
    """targets.csv, results.csv, actions.csv, entities.csv and residue.csv."""
    return [write_atomic(out_dir / name, text) for name, text in table_texts(ex).items()]


def table_texts(ex: Extraction) -> dict[str, str]:
    """The five tables as file name -> CSV text (graph.outputs.TABLES, in that order)."""
    texts = [csv_file_text(TARGET_COLUMNS, target_rows(ex)), csv_file_text(RESULT_COLUMNS, result_rows(ex)),
             csv_file_text(ACTION_COLUMNS, action_rows(ex)), csv_file_text(ENTITY_COLUMNS, entity_rows(ex)),
             csv_file_text(RESIDUE_COLUMNS, residue_rows(ex))]
    return dict(zip(TABLES, texts, strict=True))


def write_report(text: str, turtle: str, out_dir: Path) -> list[Path]:
    """The SHACL report, readable and as RDF."""
    return [write_atomic(out_dir / REPORT_TXT, text), write_atomic(out_dir / REPORT_TTL, turtle)]


# -- long documents -----------------------------------------------------------------

_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "json-ld": "JSON_LD", "xml": "RDF_XML", "trig": "TRIG",
                     "nquads": "N_QUADS", "nt": "N_TRIPLES"}


def serialize_ntriples(nt: bytes, fmt: str, graph_name: URIRef) -> bytes:
    """A long document's graph (graph.pipeline.LONG_DOCUMENT_CHARS) in one of RDF_FILES' formats,
    from its sorted N-Triples, by pyoxigraph's serialisers (N-Triples is returned as given).

    rdflib's Turtle and JSON-LD writers took more than a minute per megabyte of
    text and several GB for a long document; these take seconds. The output is
    the same graph, laid out by pyoxigraph rather than rdflib (prefixes bound the
    same), so it is not byte-identical to a short document's files.
    """
    import pyoxigraph as ox

    from graph.vocab import PLANGRAPH_PREFIXES

    if fmt == "nt":
        return nt
    # straight from the parser to the writer: a Store would canonicalise literals
    # ("40.0"^^xsd:decimal to "40", xsd:nonNegativeInteger to xsd:integer)
    name = ox.NamedNode(str(graph_name))
    prefixes = {p: str(ns) for p, ns in PLANGRAPH_PREFIXES.items()}
    ox_format = getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[fmt])
    triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    items = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples) \
        if fmt in ("trig", "nquads") else triples
    serialized = ox.serialize(items, format=ox_format,
                              prefixes=prefixes if fmt in ("turtle", "trig", "xml", "json-ld") else None)
    assert serialized is not None  # without an output file, serialize returns the bytes
    return serialized

"""The query library: discovery, headers, parameters, and `plangraph query`.

Consumes: the `.rq` files under `queries/cq/` (competency questions) and
`queries/qc/` (quality checks, ODK style: `*-violation.rq` fails the build,
`*-warning.rq` is reported), a built output folder (its pyoxigraph store, or
the graph file for the rdflib fallback) and `--param name=value` strings.
Produces: `QueryInfo` records, parameter bindings as RDF terms, query results
printed as a table, CSV or JSON (CONSTRUCT results also as Turtle or
N-Triples), CSV files of every competency question for the build, and the
list of failed checks.

Every `.rq` opens with a comment header, one field per line, continuation lines
indented by two or more spaces after the `#`::

    # question (zh): 中文问题
    # question (en): the question in English
    # why: why it matters
    # param ?placeLabel (string): meaning; example: 航空港区    (or: # params: none)
    # row: what each row is
    # expect: what to expect on the bundled example

A question about the whole corpus (one indicator across plans, a profile of every plan)
says so with ``# scope: corpus``; its rows name the plan and jurisdiction they come from.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.iris import DATA
from graph.outputs import OutputFolder
from graph.resources import queries_dir
from graph.store import (
    QueryError,
    QueryResult,
    Store,
    Term,
    load_oxigraph_file,
    load_rdflib,
    load_rdflib_dataset,
    open_oxigraph,
    run_query,
)

QUERIES_DIR = queries_dir()  # the package's copy once installed (graph.resources)
KINDS = ("cq", "qc")
PARAM_TYPES = ("string", "zh", "iri", "integer", "decimal")
REQUIRED_FIELDS = ("question (zh)", "question (en)", "why", "row", "expect")
QC_COLUMNS = ("entity", "property", "value")

_FIELD = re.compile(r"^#\s?([a-z][a-z ()]*[a-z)]):\s*(.*)$")
_CONT = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^param \?(?P<name>[A-Za-z_][A-Za-z0-9_]*) \((?P<type>[a-z]+)\)$"
)
_EXAMPLE = re.compile(r"^(?P<meaning>.*?);\s*example:\s*(?P<example>.+)$", re.DOTALL)


class HeaderError(QueryError):
    """A .rq file's header is missing a field or is malformed."""


@dataclass(frozen=True)
class Param:
    name: str  # the SPARQL variable, without `?`
    type: str  # one of PARAM_TYPES
    meaning: str
    example: str


@dataclass(frozen=True)
class QueryInfo:
    """A query file with its parsed header."""

    name: str  # file stem, e.g. targets-by-theme
    kind: str  # cq or qc (the library), or user (a file of the user's own, see user_query)
    path: Path
    text: str
    question_zh: str
    question_en: str
    why: str
    row: str
    expect: str
    params: tuple[Param, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def cross_plan(self) -> bool:
        """A question about the whole corpus (`# scope: corpus`), asked of every plan at once."""
        return self.fields.get("scope", "").strip() == "corpus"

    @property
    def fate(self) -> str | None:
        """For checks: "violation" (fails the build) or "warning" (reported)."""
        if self.kind != "qc":
            return None
        return "violation" if self.name.endswith("-violation") else "warning"


def parse_header(text: str, name: str = "<query>") -> dict[str, str]:
    """The header fields of a query text, in order (params keyed `param ?name (type)`).

    >>> h = parse_header("# question (zh): 问\\n# why: a\\n#   b\\nSELECT * WHERE {}")
    >>> h["why"]
    'a b'
    """
    fields: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        cont = _CONT.match(line)
        if cont and last is not None:
            fields[last] = f"{fields[last]} {cont.group(1).strip()}".strip()
            continue
        body = line[1:].lstrip()
        m = _FIELD.match(line)
        if body.startswith("param ?") and ":" in body:
            # `param ?x (type)` keeps its variable in the key
            key, _, rest = body.partition(":")
            key, value = key.strip(), rest.strip()
        elif m:
            key, value = m.group(1).strip(), m.group(2).strip()
        else:
            key = ""
        if key:
            if key in fields:
                raise HeaderError(f"{name}: header field {key!r} given twice")
            fields[key] = value
            last = key
        elif line.strip("# ").strip():
            raise HeaderError(f"{name}: cannot read header line {line!r}")
    return fields


def _params(fields: Mapping[str, str], name: str) -> tuple[Param, ...]:
    params = []
    for key, value in fields.items():
        if not key.startswith("param "):
            continue
        m = _PARAM.match(key)
        if not m or m.group("type") not in PARAM_TYPES:
            raise HeaderError(f"{name}: bad parameter line {key!r}: want `param ?name (type)` "
                              f"with a type among {', '.join(PARAM_TYPES)}")
        ex = _EXAMPLE.match(value)
        if not ex:
            raise HeaderError(f"{name}: parameter ?{m.group('name')} needs `meaning; example: value`")
        params.append(Param(m.group("name"), m.group("type"), ex.group("meaning").strip(),
                            ex.group("example").strip()))
    has_none = fields.get("params", "").strip().lower() == "none"
    if params and has_none:
        raise HeaderError(f"{name}: `params: none` and parameter lines together")
    if not params and not has_none:
        raise HeaderError(f"{name}: header must list its parameters (`param ?x (type): …`) or say `params: none`")
    return tuple(params)


def load_query(path: Path, kind: str | None = None) -> QueryInfo:
    """Read and check one .rq file. Raises HeaderError naming the file and the problem."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    name = path.stem
    fields = parse_header(text, path.name)
    missing = [f for f in REQUIRED_FIELDS if not fields.get(f)]
    if missing:
        raise HeaderError(f"{path.name}: header lacks {', '.join(missing)}")
    if not re.search(r"[\u4e00-\u9fff]", fields["question (zh)"]):
        raise HeaderError(f"{path.name}: `question (zh)` has no Chinese")
    if kind is None:
        kind = path.parent.name if path.parent.name in KINDS else "cq"
    if kind == "qc" and not (name.endswith("-violation") or name.endswith("-warning")):
        raise HeaderError(f"{path.name}: a check's name must end in -violation or -warning")
    return QueryInfo(
        name=name, kind=kind, path=path, text=text,
        question_zh=fields["question (zh)"], question_en=fields["question (en)"],
        why=fields["why"], row=fields["row"], expect=fields["expect"],
        params=_params(fields, path.name), fields=fields,
    )


def discover(kind: str | None = None, root: Path = QUERIES_DIR) -> list[QueryInfo]:
    """All queries of the library (or of one kind), sorted by kind then name."""
    kinds = KINDS if kind is None else (kind,)
    found = []
    for k in kinds:
        for path in sorted((root / k).glob("*.rq")):
            found.append(load_query(path, k))
    return found


def user_query(path: Path) -> QueryInfo:
    """A .rq file of the user's own: its header is used when it is a valid library header, but
    none is required (the header is the library's rule). Without one the query has no declared
    parameters; `--param` values are then bound as strings, or as IRIs when written <...>."""
    try:
        return load_query(path)
    except HeaderError:
        pass
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"cannot read {path}: {err}") from None
    return QueryInfo(name=path.stem, kind="user", path=path, text=text, question_zh="", question_en="",
                     why="", row="", expect="")


def find_query(name_or_path: str, root: Path = QUERIES_DIR) -> QueryInfo:
    """A query by library name (`targets-by-theme`, `qc/...`) or by a path to a .rq file.

    Library queries must have the full header (load_query); a file of the user's
    own need not (user_query).
    """
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.is_file():
        library = root.resolve()
        if library in p.resolve().parents:
            return load_query(p)
        return user_query(p)
    stem = p.stem if p.suffix == ".rq" else name_or_path
    candidates = [root / f"{stem}.rq"] + [root / k / f"{stem}.rq" for k in KINDS]
    for c in candidates:
        if c.exists():
            return load_query(c)
    names = ", ".join(q.name for q in discover(root=root))
    if p.suffix == ".rq" or len(p.parts) > 1:
        raise QueryError(f"no query file {name_or_path} (and no library query named {stem!r}; known: {names})")
    raise QueryError(f"no query named {name_or_path!r}; known: {names}")


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------


def param_term(param: Param, value: str) -> Term:
    """The RDF term a parameter value stands for.

    Strings become xsd:string literals whatever they hold (quotes, braces,
    `} ; DROP ALL`), `zh` values @zh literals; IRIs may be given whole, in <...>, or relative to the data
    base (`zhengzhou-2023/plan`).

    >>> param_term(Param("n", "iri", "", ""), "zhengzhou-2023/plan")
    rdflib.term.URIRef('https://w3id.org/plangraph/id/zhengzhou-2023/plan')
    >>> param_term(Param("p", "string", "", ""), '"} ; DROP ALL')
    rdflib.term.Literal('"} ; DROP ALL')
    """
    if param.type == "string":
        return Literal(value)
    if param.type == "zh":
        # A Chinese label, tagged like the graph's labels so that the query can
        # match it with a triple pattern (fast on every engine) instead of a FILTER.
        return Literal(value.strip(), lang="zh")
    if param.type == "iri":
        v = value.strip()
        if v.startswith("<") and v.endswith(">"):
            v = v[1:-1]
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v):
            v = DATA + v.lstrip("/")
        if re.search(r'[\x00-\x20<>"{}|^`\\]', v):
            raise QueryError(f"parameter ?{param.name}: not a valid IRI: {value!r}")
        return URIRef(v)
    if param.type == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError as err:
            raise QueryError(f"parameter ?{param.name}: not an integer: {value!r}") from err
    if param.type == "decimal":
        try:
            float(value)
        except ValueError as err:
            raise QueryError(f"parameter ?{param.name}: not a number: {value!r}") from err
        return Literal(value, datatype=XSD.decimal)
    raise QueryError(f"parameter ?{param.name}: unknown type {param.type!r}")


def _untyped_term(name: str, value: str) -> Term:
    """A parameter of a query without a header: an IRI when written <...>, else a string.

    >>> _untyped_term("x", "<https://example.org/a>"), _untyped_term("x", "航空港区")
    (rdflib.term.URIRef('https://example.org/a'), rdflib.term.Literal('航空港区'))
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return param_term(Param(name, "iri", "", ""), v)
    return Literal(value)


def parse_param_args(items: Sequence[str]) -> dict[str, str]:
    """`name=value` strings (from --param) as a dict; the value may hold anything, `=` too.

    >>> parse_param_args(["placeLabel=航空港区", "x=a=b"])
    {'placeLabel': '航空港区', 'x': 'a=b'}
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?")
        if not sep or not name:
            raise QueryError(f"--param wants NAME=VALUE, got {item!r}")
        out[name] = value
    return out


def bindings_for(info: QueryInfo, values: Mapping[str, str], use_examples: bool = True) -> dict[str, Term]:
    """Bindings for every parameter of `info`: the given value, else its header example.

    Raises QueryError for a value given for a parameter the query does not have
    (a typo must not silently run the query unbound).
    """
    known = {p.name: p for p in info.params}
    if info.kind == "user" and not known:  # a headerless file of the user's: nothing declared
        return {name: _untyped_term(name, value) for name, value in values.items()}
    unknown = sorted(set(values) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise QueryError(f"{info.name} has no parameter {', '.join(unknown)} (its parameters: {names})")
    out: dict[str, Term] = {}
    for p in info.params:
        if p.name in values:
            out[p.name] = param_term(p, values[p.name])
        elif use_examples:
            out[p.name] = param_term(p, p.example)
        else:
            raise QueryError(f"{info.name} needs --param {p.name}=VALUE ({p.meaning})")
    return out


def run_library_query(store: Store, info: QueryInfo, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run a library query on a store, parameters bound from `values` or the header examples."""
    return run_query(store, info.text, bindings_for(info, values or {}))


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v) if not v.is_integer() else f"{v:.0f}"
    return str(v)


def format_csv(result: QueryResult) -> str:
    """The rows as CSV, text cells safe from formula injection (graph.export.csv_cell); no BOM."""
    from graph.export import csv_lines

    # numbers print as numeric text, which csv_cell leaves alone
    return csv_lines([result.columns, *([_cell(v) for v in row] for row in result.rows)])


def format_json(result: QueryResult) -> str:
    if result.form == "ask":
        return json.dumps({"boolean": result.boolean}) + "\n"
    return json.dumps({"columns": list(result.columns), "rows": result.as_dicts()},
                      ensure_ascii=False, indent=2) + "\n"


def _width(s: str) -> int:
    # CJK characters take two terminal columns
    return sum(2 if "\u1100" <= ch and (ch <= "\u115f" or "\u2e80" <= ch <= "\ua4cf" or "\uac00" <= ch <= "\ud7a3"
                                       or "\uf900" <= ch <= "\ufaff" or "\ufe30" <= ch <= "\ufe4f"
                                       or "\uff00" <= ch <= "\uff60" or "\uffe0" <= ch <= "\uffe6") else 1
               for ch in s)


def _short(v: object) -> str:
    s = _cell(v).replace("\n", " ")
    if s.startswith(DATA):
        s = s[len(DATA):]
    return s


def format_table(result: QueryResult, max_width: int = 48) -> str:
    """An aligned text table; IRIs shown relative to the data base, long cells cut."""
    cols = list(result.columns)
    cells = []
    for row in result.rows:
        line = []
        for v in row:
            s = _short(v)
            if _width(s) > max_width:
                while _width(s) > max_width - 1:
                    s = s[:-1]
                s += "…"
            line.append(s)
        cells.append(line)
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(cols)]

    def fmt(items: Iterable[str]) -> str:
        return "  ".join(s + " " * (w - _width(s)) for s, w in zip(items, widths, strict=True)).rstrip()

    lines = [fmt(cols), fmt("-" * w for w in widths)] + [fmt(r) for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_result(result: QueryResult, fmt: str) -> str:
    if fmt in ("turtle", "nt"):
        if result.graph is None:
            raise QueryError(f"--format {fmt} is for CONSTRUCT queries")
        if fmt == "nt":
            from graph.export import ntriples

            return ntriples(result.graph)
        from graph.vocab import OA, PG, QUDT, UNIT

        g = result.graph
        for prefix, ns in (("pg", PG._NS), ("oa", OA._NS), ("qudt", QUDT._NS), ("unit", UNIT._NS), ("id", DATA)):
            g.bind(prefix, str(ns), override=True)
        return g.serialize(format="turtle")
    if fmt == "csv":
        return format_csv(result)
    if fmt == "json":
        return format_json(result)
    return format_table(result)


# ---------------------------------------------------------------------------
# Opening the build's graph
# ---------------------------------------------------------------------------

def find_graph_file(out_dir: Path) -> Path:
    """The built graph in `out_dir` (N-Triples preferred: fastest to parse; graph.outputs).

    Raises QueryError when the folder holds no graph.
    """
    found = OutputFolder(Path(out_dir)).graph_file()
    if found is None:
        raise QueryError(f"no graph file (graph.nt or *.ttl) in {out_dir}: run the build first")
    return found


def is_corpus(out_dir: Path) -> bool:
    """Whether `out_dir` holds a corpus build (a folder of documents) rather than one document."""
    return OutputFolder(Path(out_dir)).is_corpus


def resolve_plan(out_dir: Path, plan: str, manifest: dict | None = None) -> str:
    """The document id of a corpus document given by id, file name or IRI.

    Raises QueryError naming the closest ids when no document of the dataset matches.
    """
    import difflib

    from graph import iris

    docs = OutputFolder(Path(out_dir)).dataset_documents(manifest)
    wanted = plan.strip()
    for candidate in (wanted, wanted.removeprefix(iris.DATA), Path(wanted).stem):
        if candidate in docs:
            return candidate
    close = difflib.get_close_matches(Path(wanted).stem, docs, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else (
        f"; it holds {len(docs)} documents, e.g. {', '.join(docs[:3])}" if docs else "; it holds no documents")
    raise QueryError(f"no document {plan!r} in the corpus dataset of {out_dir}{hint}")


def _single_document_id(store: Store) -> list[str]:
    text = ("PREFIX pg: <https://w3id.org/plangraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "SELECT ?id WHERE { ?d a pg:SourceDocument ; dcterms:identifier ?id }")
    return sorted(str(r[0]) for r in run_query(store, text).rows)


def open_store(out_dir: Path, engine: str = "oxigraph", stream=None, plan: str | None = None) -> Store:
    """The store the build left in `out_dir`: its pyoxigraph folder, or the graph file in rdflib.

    rdflib is the fallback: when the pyoxigraph store is missing (a build with
    an older version, a copied graph file) or pyoxigraph cannot be imported,
    the graph file is parsed into memory instead, with a note on `stream`.

    `plan` confines the queries to one document of a corpus build: its named
    graph becomes the default graph when the store holds named graphs (`--store
    graphs`), else the document's own graph.nt is loaded into memory (and
    rdflib parses only that file). On a single-document build it must name
    that document.
    """
    if plan is not None and is_corpus(out_dir):
        from graph import iris

        folder = OutputFolder(Path(out_dir))
        manifest = folder.read_manifest()
        doc_id = resolve_plan(out_dir, plan, manifest)
        graph_file = folder.doc(doc_id).graph_nt
        if engine == "rdflib":
            return load_rdflib(graph_file)
        if folder.store_layout(manifest) == "graphs":  # the document's named graph in the store
            return open_oxigraph(folder.store).scoped(str(iris.doc_iri(doc_id)))
        return load_oxigraph_file(graph_file)  # the document's own graph, in memory
    store = _open_whole(out_dir, engine, stream)
    if plan is not None:
        ids = _single_document_id(store)
        if plan.strip() not in ids and Path(plan.strip()).stem not in ids:
            raise QueryError(f"{out_dir} holds one document ({', '.join(ids) or 'unnamed'}), not {plan!r}; "
                             "--plan chooses a document of a corpus build")
    return store


def _open_whole(out_dir: Path, engine: str, stream=None) -> Store:
    folder = OutputFolder(Path(out_dir))
    if folder.is_corpus:
        if engine == "oxigraph":
            return open_oxigraph(folder.store)
        return load_rdflib_dataset(folder.dataset_file("nquads"))
    if engine == "oxigraph":
        try:
            return open_oxigraph(folder.store)
        except (QueryError, ImportError) as err:
            try:
                graph_file = find_graph_file(out_dir)
            except QueryError:
                raise QueryError(f"{err}; and {out_dir} holds no graph file either") from None
            print(f"note: {err}; falling back to rdflib on {graph_file}", file=stream or sys.stderr)
            return load_rdflib(graph_file)
    if engine == "rdflib":
        return load_rdflib(find_graph_file(out_dir))
    raise QueryError(f"unknown engine {engine!r}")


# ---------------------------------------------------------------------------
# Build steps
# ---------------------------------------------------------------------------


@dataclass
class CheckOutcome:
    info: QueryInfo
    rows: list[tuple]

    @property
    def failed(self) -> bool:
        return bool(self.rows) and self.info.fate == "violation"


def write_cq_results(store: Store, out_dir: Path, root: Path = QUERIES_DIR) -> list[Path]:
    """Run every competency question (parameters at their examples) into out/queries/NAME.csv.

    CONSTRUCT results are written as sorted N-Triples (NAME.nt). Files are
    written atomically (temp file + rename).
    """
    from graph.export import CSV_BOM, write_atomic

    qdir = OutputFolder(Path(out_dir)).queries
    written = []
    for info in discover("cq", root):
        result = run_library_query(store, info)
        if result.form == "construct":
            path, body = qdir / f"{info.name}.nt", format_result(result, "nt")
        else:
            path, body = qdir / f"{info.name}.csv", format_csv(result)
        if path.suffix == ".csv":
            body = CSV_BOM + body  # for Excel, like every CSV file of the build
        write_atomic(path, body)
        written.append(path)
    return written


def run_checks(store: Store, root: Path = QUERIES_DIR) -> list[CheckOutcome]:
    """Run every quality check; each must return the ODK columns ?entity ?property ?value."""
    outcomes = []
    for info in discover("qc", root):
        result = run_library_query(store, info)
        if tuple(result.columns) != QC_COLUMNS:
            raise QueryError(f"{info.name}: a check must select ?entity ?property ?value, "
                             f"not {' '.join('?' + c for c in result.columns)}")
        outcomes.append(CheckOutcome(info, result.rows))
    return outcomes


def report_checks(outcomes: Sequence[CheckOutcome], stream=None, limit: int = 20) -> int:
    """Print the checks that found something; returns the number of violation rows."""
    stream = stream or sys.stdout
    violations = 0
    for o in outcomes:
        if not o.rows:
            continue
        label = "VIOLATION" if o.info.fate == "violation" else "warning"
        if o.info.fate == "violation":
            violations += len(o.rows)
        print(f"{label}: {o.info.name}: {len(o.rows)} row(s) — {o.info.question_en}", file=stream)
        for row in o.rows[:limit]:
            print("   " + "  ".join(_short(v) for v in row), file=stream)
        if len(o.rows) > limit:
            print(f"   … {len(o.rows) - limit} more", file=stream)
    return violations


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------


def list_queries(stream=None) -> None:
    stream = stream or sys.stdout
    for q in discover():
        params = " ".join(f"--param {p.name}=… (e.g. {p.example})" for p in q.params)
        print(f"{q.kind}/{q.name}: {q.question_zh}\n    {q.question_en}" + (f"\n    {params}" if params else ""),
              file=stream)


def query_command(args: argparse.Namespace) -> int:
    """`plangraph query NAME|FILE [--param name=value ...] [--format ...] [--engine ...]`."""
    try:
        if args.query in ("list", "--list"):
            list_queries()
            return 0
        info = find_query(args.query)
        values = parse_param_args(args.param)
        for p in info.params:
            if p.name not in values:
                print(f"note: ?{p.name} not given, using the example {p.example!r}", file=sys.stderr)
        bindings = bindings_for(info, values)
        store = open_store(args.out, args.engine, plan=args.plan)
        started = time.perf_counter()
        result = run_query(store, info.text, bindings)
        elapsed = time.perf_counter() - started
        fmt = args.format
        if result.form == "construct" and fmt == "table":
            fmt = "turtle"
        sys.stdout.write(format_result(result, fmt))
        if fmt == "table":
            scope = f" (plan {args.plan})" if args.plan else ""
            print(f"{info.name} on {store.engine}{scope}: {elapsed * 1000:.1f} ms", file=sys.stderr)
        return 0
    except QueryError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


# ---------------------------------------------------------------------------
# Build steps (graph.pipeline.POST_EXPORT_STEPS): f(graph, extraction, out_dir) -> paths
# ---------------------------------------------------------------------------


class ChecksFailed(Exception):
    """Quality checks named `*-violation` returned rows: the build must fail."""


def store_step(graph: rdflib.Graph, extraction: object, out_dir: Path) -> list[Path]:
    """Load the pyoxigraph store under out/store and write every competency question to out/queries/.

    Consumes the assembled graph (the extraction is not needed). Returns the
    paths written: the store folder and one CSV (or .nt for CONSTRUCT) per query.
    """
    from graph.store import load_oxigraph

    location = OutputFolder(Path(out_dir)).store
    store = load_oxigraph(graph, location)
    try:
        written = write_cq_results(store, out_dir)
    finally:
        del store  # release the RocksDB lock: `plangraph query` opens it read-only later
    return [location] + written


def checks_step(graph: rdflib.Graph, extraction: object, out_dir: Path) -> list[Path]:
    """Run queries/qc on the build's store; print what they find; write out/queries/quality-checks.csv.

    Raises ChecksFailed when a `*-violation` check returns rows (the pipeline
    reports the step by name and exits 1); warnings are printed only.
    """
    from graph.store import RdflibStore

    try:
        store: Store = open_oxigraph(OutputFolder(Path(out_dir)).store)
    except QueryError:
        store = RdflibStore(graph)  # the store step failed: still check, in memory
    outcomes = run_checks(store)
    from graph.export import CSV_BOM, csv_lines, write_atomic

    rows = [[o.info.name, o.info.fate] + [_cell(v) for v in row] for o in outcomes for row in o.rows]
    path = OutputFolder(Path(out_dir)).queries / "quality-checks.csv"
    write_atomic(path, CSV_BOM + csv_lines([["check", "fate", "entity", "property", "value"], *rows]))
    violations = report_checks(outcomes, stream=sys.stderr)
    if violations:
        failed = sorted({o.info.name for o in outcomes if o.failed})
        raise ChecksFailed(f"{violations} violation(s) from {', '.join(failed)} (see {path})")
    return [path]

"""Embedded SPARQL stores: pyoxigraph on disk (default) and rdflib in memory (fallback).

Consumes: an assembled rdflib.Graph (or an RDF file), a SPARQL query text and
parameter bindings (RDF terms).
Produces: `QueryResult`s whose rows are plain Python values (str, int, float,
bool, None) in a deterministic order, the same whichever engine answered.

Parameters are never pasted into the query text. rdflib gets them as
`initBindings` (pre-bound in its evaluation context, so filters see them and
its BGPs start from them). pyoxigraph and remote endpoints get them from
`bind_values`, which serialises each bound RDF term with its own escaper into
a `VALUES` block at the start of the query's WHERE group, where it joins with
(and is seen by the filters of) the whole pattern. (pyoxigraph's own
`substitutions` refuse variables that are not projected, which rules out
parameters of aggregate queries.) A test runs every library query on both
engines and over HTTP and compares the rows, so the two mechanisms are held to
the same answers.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal as TypingLiteral, Protocol, cast

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import ResultRow
from rdflib.term import Node, Variable

if TYPE_CHECKING:
    import pyoxigraph as ox

Engine = TypingLiteral["oxigraph", "rdflib"]
ENGINES: tuple[str, ...] = ("oxigraph", "rdflib")
PlainValue = str | int | float | bool | None
Term = URIRef | Literal | BNode

_INTEGER_TYPES = {
    str(XSD[n]) for n in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_DECIMAL = str(XSD.decimal)
_FLOAT_TYPES = {str(XSD.double), str(XSD.float)}
_BOOLEAN = str(XSD.boolean)
BLANK = "_:blank"  # blank node labels differ per engine and per run: never shown


class QueryError(Exception):
    """A query could not be prepared or run. str(err) is a one-line message."""


@dataclass(frozen=True)
class TermParts:
    """An engine-neutral RDF term: what both engines (and SPARQL JSON) can tell us."""

    kind: TypingLiteral["iri", "bnode", "literal"]
    value: str  # IRI, blank node id, or the literal's lexical form
    datatype: str | None = None
    language: str | None = None


@dataclass
class QueryResult:
    """What a query gave: SELECT rows, CONSTRUCT triples (as rows and as a graph) or ASK."""

    form: TypingLiteral["select", "construct", "ask"]
    columns: tuple[str, ...]
    rows: list[tuple[PlainValue, ...]]
    graph: rdflib.Graph | None = None  # CONSTRUCT only
    boolean: bool | None = None  # ASK only
    engine: str = ""
    ordered: bool = False  # rows keep the query's ORDER BY (else sorted by us)
    terms: list[tuple[TermParts | None, ...]] = field(default_factory=list, repr=False)

    def as_dicts(self) -> list[dict[str, PlainValue]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


# ---------------------------------------------------------------------------
# Terms -> plain values
# ---------------------------------------------------------------------------


def plain(term: TermParts | None) -> PlainValue:
    """The Python value of a term, the same for every engine.

    Numbers become int (integral decimals too, so 5000 and 5000.0 agree) or
    float; booleans bool; IRIs and every other literal their string form
    (language tags dropped); blank nodes a fixed marker, since their labels
    mean nothing outside one result set.

    >>> plain(TermParts("literal", "5000.0", _DECIMAL))
    5000
    >>> plain(TermParts("literal", "8.8", _DECIMAL))
    8.8
    >>> plain(TermParts("literal", "true", _BOOLEAN))
    True
    >>> plain(TermParts("literal", "航空港区", None, "zh"))
    '航空港区'
    >>> plain(None) is None
    True
    """
    if term is None:
        return None
    if term.kind == "iri":
        return term.value
    if term.kind == "bnode":
        return BLANK
    dt = term.datatype
    try:
        if dt in _INTEGER_TYPES:
            return int(term.value)
        if dt == _DECIMAL:
            d = Decimal(term.value)
            return int(d) if d == d.to_integral_value() else float(d)
        if dt in _FLOAT_TYPES:
            f = float(term.value)
            # Sums of doubles may differ in the last bit between engines
            # (different addition order): 15 significant digits is what a
            # double holds reliably, and far more than any plan figure has.
            f = float(f"{f:.15g}")
            return int(f) if f.is_integer() and abs(f) < 1e15 else f
        if dt == _BOOLEAN:
            return term.value.strip() in ("true", "1")
    except (ValueError, InvalidOperation):
        pass  # an ill-typed literal: show its lexical form rather than fail
    return term.value


def parts_from_rdflib(term: object) -> TermParts | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return TermParts("iri", str(term))
    if isinstance(term, BNode):
        return TermParts("bnode", str(term))
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype is not None else None
        if dt is None and term.language is None:
            dt = str(XSD.string)
        return TermParts("literal", str(term), dt, term.language)
    raise QueryError(f"unexpected term from rdflib: {term!r}")


def parts_from_oxigraph(term: object) -> TermParts | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return TermParts("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return TermParts("bnode", term.value)
    if isinstance(term, ox.Literal):
        lang = term.language
        dt = None if lang else term.datatype.value
        return TermParts("literal", term.value, dt, lang)
    raise QueryError(f"unexpected term from oxigraph: {term!r}")


def to_rdflib(parts: TermParts) -> Term:
    if parts.kind == "iri":
        return URIRef(parts.value)
    if parts.kind == "bnode":
        return BNode(parts.value)
    if parts.language:
        return Literal(parts.value, lang=parts.language)
    if parts.datatype and parts.datatype != str(XSD.string):
        return Literal(parts.value, datatype=URIRef(parts.datatype))
    return Literal(parts.value)


def _sort_key(row: tuple[PlainValue, ...]) -> tuple:
    # None first, then numbers, then strings: a total order over mixed rows.
    key: list[tuple[int, float, str]] = []
    for v in row:
        if v is None:
            key.append((0, 0, ""))
        elif isinstance(v, bool):
            key.append((1, int(v), ""))
        elif isinstance(v, (int, float)):
            key.append((1, v, ""))
        else:
            key.append((2, 0, str(v)))
    return tuple(key)


# ---------------------------------------------------------------------------
# Reading query text: comments, strings, IRIs are skipped by one small lexer
# ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r'''(?P<comment>\#[^\n]*)
      | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<brace>\{)
      | (?P<other>.)''',
    re.VERBOSE | re.DOTALL,
)


def _code_tokens(text: str) -> Iterable[tuple[str, str, int]]:
    """(kind, token, offset) for every token outside comments."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "comment":
            yield kind, m.group(), m.start()


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword outside comments and strings.

    >>> query_form("# SELECT in a comment\\nPREFIX a: <x:> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'construct'
    """
    for kind, tok, _ in _code_tokens(text):
        if kind == "word" and tok.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            return tok.lower()
    raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")


def has_order_by(text: str) -> bool:
    """Whether the query orders its rows (outside comments and strings)."""
    words = [tok.upper() for kind, tok, _ in _code_tokens(text) if kind == "word"]
    return any(a == "ORDER" and b == "BY" for a, b in pairwise(words))


def where_brace(text: str) -> int:
    """Offset of the `{` that opens the query's WHERE group.

    Raises QueryError when the query has no WHERE keyword (we require it, so
    that parameters have one unambiguous place to go).
    """
    seen_where = False
    for kind, tok, pos in _code_tokens(text):
        if kind == "word" and tok.upper() == "WHERE":
            seen_where = True
        elif kind == "brace" and seen_where:
            return pos
    raise QueryError("the query has no `WHERE {`: parameters cannot be bound")


# ---------------------------------------------------------------------------
# Binding parameters as RDF terms
# ---------------------------------------------------------------------------

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def term_sparql(term: Term) -> str:
    """An RDF term in SPARQL syntax, escaped so that any text stays one literal.

    >>> term_sparql(Literal('x"} ; DROP ALL'))
    '"x\\\\"} ; DROP ALL"'
    >>> term_sparql(Literal("航空港区", lang="zh"))
    '"航空港区"@zh'
    >>> term_sparql(URIRef("https://w3id.org/plangraph/id/x"))
    '<https://w3id.org/plangraph/id/x>'
    """
    if isinstance(term, URIRef):
        iri = str(term)
        if re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
            raise QueryError(f"not a valid IRI: {iri!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        body = "".join(_ECHAR.get(ch, ch) for ch in str(term))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"not a language tag: {term.language!r}")
            return f'"{body}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{body}"^^{term_sparql(URIRef(term.datatype))}'
        return f'"{body}"'
    raise QueryError(f"parameters must be IRIs or literals, not {term!r}")


def bind_values(text: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with a VALUES block for `bindings` opening its WHERE group.

    >>> bind_values("SELECT ?x WHERE { ?x ?p ?v }", {"v": Literal("a{b")})
    'SELECT ?x WHERE { VALUES (?v) { ("a{b") }\\n ?x ?p ?v }'
    """
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not _VARNAME.match(name):
            raise QueryError(f"not a variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(term_sparql(bindings[n]) for n in names)
    at = where_brace(text) + 1
    return f"{text[:at]} VALUES ({head}) {{ ({row}) }}\n{text[at:]}"


# ---------------------------------------------------------------------------
# Stores
# ---------------------------------------------------------------------------


class Store(Protocol):
    engine: str

    def execute(self, text: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a query with its parameters bound as RDF terms; rows in engine order."""
        ...


class RdflibStore:
    """rdflib in memory: slow on big graphs, but pure Python and always there."""

    engine = "rdflib"

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    def execute(self, text: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        form = query_form(text)
        if bindings:
            where_brace(text)  # the same precondition as the other engines
            for name in bindings:
                if not _VARNAME.match(name):
                    raise QueryError(f"not a variable name: {name!r}")
        try:
            res = self.graph.query(text, initBindings=dict(bindings or {}))
        except Exception as err:  # rdflib raises pyparsing and assorted errors
            raise QueryError(f"rdflib: {type(err).__name__}: {err}") from err
        if form in ("construct", "describe"):
            g = rdflib.Graph()
            for t in res:
                g.add(cast("tuple[Node, Node, Node]", t))  # a CONSTRUCT result iterates over triples
            return _construct_result(g, self.engine)
        if form == "ask":
            return QueryResult("ask", ("ask",), [(bool(res.askAnswer),)], boolean=bool(res.askAnswer),
                               engine=self.engine)
        columns = tuple(str(v) for v in cast("list[Variable]", res.vars))  # a SELECT result names its variables
        terms = [tuple(parts_from_rdflib(cast(ResultRow, row)[i]) for i in range(len(columns))) for row in res]
        return QueryResult("select", columns, [tuple(plain(t) for t in r) for r in terms],
                           engine=self.engine, terms=terms)


class OxigraphStore:
    """pyoxigraph: a RocksDB store on disk (or in memory when no location is given).

    `graph` scopes every query to one named graph (a corpus document), used as
    the query's default graph: what SPARQL 1.1 Protocol's `default-graph-uri`
    does on a server. Unscoped, queries see the store's own default graph
    (in a corpus store, the union of the documents).
    """

    engine = "oxigraph"

    def __init__(self, store: ox.Store, location: Path | None = None, graph: str | None = None) -> None:
        self.store = store
        self.location = location
        self.graph = graph

    def __len__(self) -> int:
        return len(self.store)

    def scoped(self, graph_iri: str) -> OxigraphStore:
        """The same store with queries confined to the named graph `graph_iri`."""
        return OxigraphStore(self.store, self.location, graph_iri)

    def execute(self, text: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        import pyoxigraph as ox

        text = bind_values(text, bindings)
        form = query_form(text)
        default_graph = None if self.graph is None else ox.NamedNode(self.graph)  # None: the store's default graph
        try:
            res = self.store.query(text, default_graph=default_graph)
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"oxigraph: {type(err).__name__}: {err}") from err
        if isinstance(res, ox.QueryBoolean):
            b = bool(res)
            return QueryResult("ask", ("ask",), [(b,)], boolean=b, engine=self.engine)
        if isinstance(res, ox.QueryTriples):
            g = rdflib.Graph()
            for t in res:
                g.add((_triple_term(t.subject), _triple_term(t.predicate), _triple_term(t.object)))
            return _construct_result(g, self.engine)
        assert form == "select"
        columns = tuple(v.value for v in res.variables)
        terms = [tuple(parts_from_oxigraph(sol[i]) for i in range(len(columns))) for sol in res]
        return QueryResult("select", columns, [tuple(plain(t) for t in r) for r in terms],
                           engine=self.engine, terms=terms)


def _triple_term(term: object) -> Term:
    """A term of an oxigraph triple as an rdflib term."""
    parts = parts_from_oxigraph(term)
    assert parts is not None  # only an unbound solution value is None; a triple has all three terms
    return to_rdflib(parts)


def _construct_result(g: rdflib.Graph, engine: str) -> QueryResult:
    rows = sorted((tuple(plain(parts_from_rdflib(x)) for x in t) for t in g), key=_sort_key)
    return QueryResult("construct", ("subject", "predicate", "object"), rows, graph=g, engine=engine)


def run_query(store: Store, text: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
    """Run `text` with `bindings` (variable name -> RDF term) on any store.

    Rows come back as plain values. A query with ORDER BY keeps its order (our
    queries order on enough keys to make it total); any other result is sorted
    here, so that two engines, or two runs, list the same rows the same way.
    CONSTRUCT triples are always sorted.

    Raises QueryError when the query cannot be bound, parsed or run.
    """
    result = store.execute(text, bindings)
    if result.form == "select":
        if has_order_by(text):
            result.ordered = True
        else:
            order = sorted(range(len(result.rows)), key=lambda i: _sort_key(result.rows[i]))
            result.rows = [result.rows[i] for i in order]
            if result.terms:
                result.terms = [result.terms[i] for i in order]
    return result


# Triples of graph <X> that no other named graph has: what leaves the default graph (the union of
# the named graphs, as a corpus store keeps it) when X goes. Format with g=the graph's IRI.
UNIQUE_TO_GRAPH = """
DELETE {{ ?s ?p ?o }}
WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{g}>) }} }}
"""



# ---------------------------------------------------------------------------
# Loading and opening
# ---------------------------------------------------------------------------


def ntriples_bytes(graph: rdflib.Graph) -> bytes:
    """The graph as N-Triples, sorted (graph.export.ntriples): the fastest format for oxigraph
    to load, and deterministic."""
    from graph.export import ntriples

    return ntriples(graph).encode("utf-8")


def load_oxigraph(graph: rdflib.Graph, location: Path | None = None) -> OxigraphStore:
    """A pyoxigraph store holding `graph` in its default graph.

    With a location, the folder is replaced (never merged with an old build:
    the store must hold exactly the graph that was built).
    """
    import pyoxigraph as ox

    data = ntriples_bytes(graph)
    if location is None:
        store = ox.Store()
    else:
        location = Path(location)
        if location.exists():
            shutil.rmtree(location)
        location.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(location))
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    if location is not None:
        store.flush()
    return OxigraphStore(store, location)


def load_oxigraph_file(path: Path) -> OxigraphStore:
    """An in-memory pyoxigraph store holding an N-Triples file (a corpus document's graph.nt).

    Raises QueryError when the file is missing.
    """
    import pyoxigraph as ox

    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise QueryError(f"cannot read {path}: {err.strerror or err}") from err
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return OxigraphStore(store)


def open_oxigraph(location: Path) -> OxigraphStore:
    """Open the store a build left under `location`, read-only (many readers may share it).

    Raises QueryError when there is no store there.
    """
    import pyoxigraph as ox

    location = Path(location)
    if not (location / "CURRENT").exists():
        raise QueryError(f"no oxigraph store in {location} (run the build first)")
    try:
        return OxigraphStore(ox.Store.read_only(str(location)), location)
    except OSError as err:
        raise QueryError(f"cannot open the oxigraph store in {location}: {err}") from err


def load_rdflib(graph_or_path: rdflib.Graph | Path) -> RdflibStore:
    """An rdflib store on a graph, or on an RDF file parsed into memory."""
    if isinstance(graph_or_path, rdflib.Graph):
        return RdflibStore(graph_or_path)
    g = rdflib.Graph()
    g.parse(str(graph_or_path))
    return RdflibStore(g)


def load_rdflib_dataset(path: Path) -> RdflibStore:
    """A corpus dataset file (N-Quads or TriG) in rdflib, queried as the union of its named graphs.

    Slow past a few hundred thousand quads: rdflib is the fallback, not the corpus engine.
    """
    path = Path(path)
    if not path.exists():
        raise QueryError(f"no dataset file {path} (run the corpus build first)")
    ds = rdflib.Dataset(default_union=True)
    ds.parse(str(path), format="nquads" if path.suffix == ".nq" else "trig")
    return RdflibStore(ds)


def make_store(graph: rdflib.Graph, engine: str, location: Path | None = None) -> Store:
    """A fresh store of the given engine holding `graph` (oxigraph on disk when a location is given)."""
    if engine == "oxigraph":
        return load_oxigraph(graph, location)
    if engine == "rdflib":
        return RdflibStore(graph)
    raise QueryError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")

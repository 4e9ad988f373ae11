"""Fast SHACL: the shapes of ontology/shapes.ttl compiled to SPARQL and run on pyoxigraph.

Consumes: a shapes graph (rdflib; by default ``ontology/shapes.ttl``, the single
source of truth: nothing here restates a rule) and the data, as an rdflib
graph, N-Triples bytes, or an open pyoxigraph store.
Produces: the same ``graph.validate.ValidationOutcome`` that the pyshacl path
gives (findings with severity, focus node, path, constraint component, node
shape, message and the evidence from the text, plus a SHACL report graph), so
reports, summaries and exit codes do not care which validator ran.

Why: pyshacl costs about 32 s per million triples here and does not get faster
with its options; the same checks as SPARQL on pyoxigraph take about a second
per million. pyshacl stays the reference: tests/test_fastcheck.py runs both on
the example and on every valid and invalid shape fixture and requires the same
set of (focus node, path, constraint component, severity, source shape).

How: every constraint becomes one SELECT whose solutions are the violations
(``?this`` the focus node, ``?value`` the value node when there is one).
Focus nodes come from the shape's targets (``sh:targetClass`` with
``rdf:type/rdfs:subClassOf*`` as SHACL says, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, and SHACL-AF SPARQL targets),
written as a group ``{F}`` that binds ``?this``; a constraint's pattern sits
beside it in the same group so its filters see ``?this``. Supported: property
shapes with IRI, sequence, inverse, alternative and */+/? paths; minCount,
maxCount, datatype, class, in, hasValue, nodeKind, pattern, minLength,
maxLength, min/maxInclusive/Exclusive, languageIn, lessThan,
lessThanOrEquals, equals, disjoint; node-level and, or, not; and
SHACL-SPARQL ``sh:sparql`` SELECT constraints. Compiling a shapes graph that
uses anything else raises ``UnsupportedShape``, so the shapes file cannot
silently gain a rule the fast path skips.

Known, documented differences from pyshacl (none of them reachable from the
assembler's output, and none hit by a fixture):
- sh:datatype checks the XSD lexical space with the standard regular
  expressions; rdflib (and so pyshacl) accepts a few forms XSD does not
  (``"5e3"^^xsd:decimal``) and checks no lexical form for gYear.
- a SPARQL constraint's ``$this`` is joined with the focus nodes (one query
  for all of them) rather than pre-bound per focus node; the two agree unless
  ``$this`` is used only inside a nested group's filter, which no shape does.
- prefixes for SPARQL come from every ``sh:declare`` in the shapes graph.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Identifier, Node

from graph.assemble import Triples

if TYPE_CHECKING:  # imported where used: it costs start-up time
    import pyoxigraph as ox
from graph.validate import SEVERITY_ORDER, SHAPES_PATH, Finding, ValidationOutcome, _evidence, shapes_graph
from graph.vocab import PG, RDF, RDFS, SH, XSD


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature the SPARQL compiler does not implement."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose solutions are its violations."""

    query: str  # projects ?this, and ?value / ?path / message variables when it has them
    component: URIRef  # sh:...ConstraintComponent
    severity: URIRef  # sh:Violation, sh:Warning or sh:Info
    node_shape: Node  # the named node shape it belongs to (reports group by it)
    source_shape: Node  # the shape that holds the constraint (a property shape or the node shape)
    path: Node | None  # the property shape's path (SPARQL constraints may bind ?path instead)
    messages: tuple[Literal, ...] = ()
    # sh:datatype on a datatype the store does not keep (see _collapsed_datatypes):
    # (predicate, datatype) checked in Python on the original triples; `query`
    # then selects the focus nodes only, and `store_query` is the weaker check
    # used when no original triples are at hand.
    python_datatype: tuple[URIRef, URIRef] | None = None
    store_query: str | None = None


@dataclass(frozen=True)
class RawResult:
    """One violation as the store gave it, in rdflib terms."""

    check: Check
    focus: Node
    path: Node | None
    value: Node | None
    message: str


# Every sh: predicate that may appear on a shape, and what it is: a constraint
# parameter we compile, or something that is not a constraint. Anything else
# raises UnsupportedShape.
_VALUE_PARAMS = ("datatype", "class", "in", "nodeKind", "pattern", "minLength", "maxLength",
                 "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "languageIn")
_PAIR_PARAMS = ("lessThan", "lessThanOrEquals", "equals", "disjoint")
_COUNT_PARAMS = ("minCount", "maxCount")
_LOGIC_PARAMS = ("and", "or", "not")
_COMPILED = set(_VALUE_PARAMS + _PAIR_PARAMS + _COUNT_PARAMS + _LOGIC_PARAMS) | {
    "hasValue", "property", "sparql"}
_NOT_CONSTRAINTS = {
    "path", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target", "severity",
    "message", "name", "description", "order", "group", "defaultValue", "flags", "deactivated",
    "declare", "prefixes", "select", "prefix", "namespace",
}
_COMPONENT = {
    "minCount": "MinCount", "maxCount": "MaxCount", "datatype": "Datatype", "class": "Class", "in": "In",
    "nodeKind": "NodeKind", "pattern": "Pattern", "minLength": "MinLength", "maxLength": "MaxLength",
    "minInclusive": "MinInclusive", "maxInclusive": "MaxInclusive", "minExclusive": "MinExclusive",
    "maxExclusive": "MaxExclusive", "languageIn": "LanguageIn", "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals", "equals": "Equals", "disjoint": "Disjoint",
    "hasValue": "HasValue", "and": "And", "or": "Or", "not": "Not", "sparql": "SPARQL",
}

# XSD lexical spaces (XML Schema 1.1 part 2), for sh:datatype: a literal of the
# right datatype with an ill-formed lexical form does not conform.
_LEXICAL: dict[Identifier, str] = {
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.int: r"^[+-]?[0-9]+$",
    XSD.long: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^(\+?[0-9]+|-0+)$",
    XSD.positiveInteger: r"^\+?0*[1-9][0-9]*$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.gYear: r"^-?([1-9][0-9]{3,}|0[0-9]{3})(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
    XSD.date: r"^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.double: r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)$",
    XSD.float: r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)$",
}
_NODE_KINDS: dict[Identifier, str] = {
    SH.IRI: "isIRI(?value)", SH.BlankNode: "isBlank(?value)", SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}


# ---------------------------------------------------------------------------
# SPARQL text helpers
# ---------------------------------------------------------------------------

def _objects(g: Graph, subject: Node, predicate: URIRef) -> list[Identifier]:
    """The objects of (subject, predicate) in g, in rdflib's order. rdflib types them as Node, but
    the terms of a parsed graph are Identifiers (str subclasses), which sort and convert to int."""
    return [cast(Identifier, o) for o in g.objects(subject, predicate)]


def _term(node: Node) -> str:
    """An RDF term in SPARQL syntax (rdflib's n3() escapes quotes and newlines)."""
    if isinstance(node, BNode):
        raise UnsupportedShape(f"a blank node cannot be named in a query: {node!r}")
    return node.n3()


def _string(text: str) -> str:
    return Literal(text).n3()


def _path(shapes: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path.

    >>> g = Graph().parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix e: <http://e/> ."
    ...     "e:s sh:path ( e:a [ sh:inversePath e:b ] ) .", format="turtle")
    >>> _path(g, g.value(URIRef("http://e/s"), SH.path))
    '(<http://e/a>/^(<http://e/b>))'
    """
    if isinstance(path, URIRef):
        return _term(path)
    if (path, RDF.first, None) in shapes:
        return "(" + "/".join(_path(shapes, p) for p in Collection(shapes, path)) + ")"
    for prop, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                      (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = shapes.value(path, prop)
        if inner is not None:
            return fmt.format(_path(shapes, inner))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternatives)) + ")"
    raise UnsupportedShape(f"unsupported sh:path {path!r}")


_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def _prefixes(shapes: Graph) -> dict[str, str]:
    """Every sh:declare (prefix -> namespace) in the shapes graph, plus rdf, rdfs, xsd and sh."""
    out = {"rdf": str(RDF._NS), "rdfs": str(RDFS._NS), "xsd": str(XSD._NS), "sh": str(SH._NS)}
    for decl in shapes.objects(None, SH.declare):
        prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
        if prefix is not None and ns is not None:
            out[str(prefix)] = str(ns)
    return out


def _select_parts(text: str) -> tuple[str, str]:
    """(projection, WHERE body) of a SHACL-SPARQL SELECT, without PREFIX lines.

    >>> _select_parts("SELECT $this ?path WHERE { $this a ?c . BIND(1 AS ?path) }")
    ('$this ?path', '$this a ?c . BIND(1 AS ?path)')
    """
    code = _PREFIX_DECL.sub("", text)
    m = re.search(r"\bSELECT\s+(.*?)\s*\bWHERE\s*\{", code, re.IGNORECASE | re.DOTALL)
    end = code.rfind("}")
    if not m or end < m.end() or code[end + 1:].strip():
        raise UnsupportedShape(f"only plain `SELECT ... WHERE {{ ... }}` queries are supported: {text!r}")
    if re.search(r"\$(currentShape|shapesGraph|PATH)\b", code):
        raise UnsupportedShape("$currentShape, $shapesGraph and $PATH are not supported")
    return m.group(1).strip(), code[m.end():end].strip()


# ---------------------------------------------------------------------------
# Compiling shapes
# ---------------------------------------------------------------------------

@dataclass
class _Ctx:
    shapes: Graph
    vars: Iterator[int] = field(default_factory=lambda: count(1))

    def var(self, name: str = "v") -> str:
        return f"?_{name}{next(self.vars)}"


@dataclass(frozen=True)
class _Violation:
    """A compiled constraint before it becomes a query: a group pattern binding ?this (and ?value)."""

    where: str
    component: URIRef
    source_shape: Node
    path: Node | None
    has_value: bool
    params: str  # the parameter name (for messages and errors)
    python_datatype: tuple[URIRef, URIRef] | None = None
    store_where: str | None = None


def _focus(ctx: _Ctx, shape: Node) -> str | None:
    """The group pattern binding ?this to the shape's focus nodes (None when it has no target)."""
    g = ctx.shapes
    parts: list[str] = []
    classes = sorted(_objects(g, shape, SH.targetClass))
    if classes:
        cls = ctx.var("class")
        parts.append(f"VALUES {cls} {{ {' '.join(_term(c) for c in classes)} }} "
                     f"?this {_term(RDF.type)}/{_term(RDFS.subClassOf)}* {cls} .")
    nodes = sorted(_objects(g, shape, SH.targetNode))
    if nodes:
        parts.append(f"VALUES ?this {{ {' '.join(_term(n) for n in nodes)} }}")
    for p in sorted(_objects(g, shape, SH.targetSubjectsOf)):
        parts.append(f"?this {_term(p)} {ctx.var('o')} .")
    for p in sorted(_objects(g, shape, SH.targetObjectsOf)):
        parts.append(f"{ctx.var('s')} {_term(p)} ?this .")
    for target in g.objects(shape, SH.target):
        select = g.value(target, SH.select)
        if select is None:
            raise UnsupportedShape(f"{shape}: only SPARQL targets (sh:select) are supported in sh:target")
        _proj, body = _select_parts(str(select))
        parts.append(f"SELECT DISTINCT ?this WHERE {{ {body} }}")
    if not parts:
        return None
    if len(parts) == 1:
        return "{ " + parts[0] + " }"
    return "{ " + " UNION ".join("{ " + p + " }" for p in parts) + " }"


_INTEGER_SUBTYPES = tuple(XSD[n] for n in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))


@lru_cache(maxsize=1)
def _collapsed_datatypes() -> frozenset[URIRef]:
    """The datatypes pyoxigraph's store does not keep: it stores the integer
    subtypes (xsd:nonNegativeInteger ...) as xsd:integer, so sh:datatype cannot
    tell them apart in SPARQL. Probed once, so a pyoxigraph that keeps them
    gets the all-SPARQL path."""
    import pyoxigraph as ox

    store = ox.Store()
    data = "".join(f'<urn:x:{i}> <urn:x:p> "1"^^<{dt}> .\n' for i, dt in enumerate(_INTEGER_SUBTYPES))
    store.load(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    kept = {q.object.datatype.value for q in store}
    return frozenset(dt for dt in _INTEGER_SUBTYPES if str(dt) not in kept)


def _value_filter(ctx: _Ctx, param: str, arg: Identifier) -> str:
    """A FILTER that holds when ?value violates `param` = `arg`."""
    g = ctx.shapes
    if param == "datatype":
        lexical = _LEXICAL.get(arg)
        ok = f"isLiteral(?value) && datatype(?value) = {_term(arg)}"
        if lexical:
            ok += f" && REGEX(STR(?value), {_string(lexical)})"
        return f"FILTER (!({ok}))"
    if param == "class":
        return f"FILTER NOT EXISTS {{ ?value {_term(RDF.type)}/{_term(RDFS.subClassOf)}* {_term(arg)} }}"
    if param == "in":
        members = list(Collection(g, arg))
        same = " || ".join(f"sameTerm(?value, {_term(m)})" for m in members) or "false"
        return f"FILTER (!({same}))"
    if param == "nodeKind":
        if arg not in _NODE_KINDS:
            raise UnsupportedShape(f"unknown sh:nodeKind {arg}")
        return f"FILTER (!{_NODE_KINDS[arg]})"
    if param == "pattern":
        return f"FILTER (isBlank(?value) || !REGEX(STR(?value), {_string(str(arg))}, {{flags}}))"
    if param in ("minLength", "maxLength"):
        op = "<" if param == "minLength" else ">"
        return f"FILTER (isBlank(?value) || STRLEN(STR(?value)) {op} {int(arg)})"
    if param in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        op = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}[param]
        # an incomparable value (a string against a number) is a violation too
        return f"FILTER (!COALESCE(?value {op} {_term(arg)}, false))"
    if param == "languageIn":
        langs = [str(x) for x in Collection(g, arg)]
        match = " || ".join(f"langMatches(lang(?value), {_string(t)})" for t in langs) or "false"
        return f"FILTER (!isLiteral(?value) || !({match}))"
    raise UnsupportedShape(param)


def _constraints(ctx: _Ctx, shape: Node, focus: str) -> list[_Violation]:
    """Every constraint of `shape` (and its property shapes) as a violation pattern on `focus`."""
    g = ctx.shapes
    if g.value(shape, SH.deactivated) == Literal(True):
        return []
    for p in set(g.predicates(shape, None)):
        name = str(p)[len(str(SH._NS)):] if str(p).startswith(str(SH._NS)) else None
        if name is not None and name not in _COMPILED and name not in _NOT_CONSTRAINTS:
            raise UnsupportedShape(f"{shape}: sh:{name} is not supported by the SPARQL validator")
    path_node = g.value(shape, SH.path)
    path = _path(g, path_node) if path_node is not None else None
    if path_node is not None and (shape, SH.sparql, None) in g:
        raise UnsupportedShape(f"{shape}: sh:sparql on a property shape is not supported")
    out: list[_Violation] = []

    def add(where: str, param: str, has_value: bool, python: tuple[URIRef, URIRef] | None = None,
            store_where: str | None = None) -> None:
        component: URIRef = SH[f"{_COMPONENT[param]}ConstraintComponent"]  # a term, not a type alias
        out.append(_Violation(f"{focus} {where}", component, shape, path_node, has_value, param, python,
                              f"{focus} {store_where}" if store_where else None))

    # value nodes: the path's objects, or the focus node itself for a node shape
    values = f"?this {path} ?value ." if path else "BIND (?this AS ?value)"
    for param in _VALUE_PARAMS:
        for arg in sorted(_objects(g, shape, SH[param])):
            if param == "datatype" and isinstance(arg, URIRef) and arg in _collapsed_datatypes():
                if not isinstance(path_node, URIRef):
                    raise UnsupportedShape(f"{shape}: sh:datatype {arg} needs a plain IRI sh:path")
                # the store rewrites this datatype to xsd:integer: check the original triples
                weaker = (f"FILTER (!(isLiteral(?value) && datatype(?value) IN ({_term(arg)}, {_term(XSD.integer)})"
                          f" && REGEX(STR(?value), {_string(_LEXICAL.get(arg, '.*'))})))")
                add("", param, False, (path_node, arg), f"{values} {weaker}")
                continue
            cond = _value_filter(ctx, param, arg)
            if param == "pattern":
                flags = g.value(shape, SH.flags)
                cond = cond.replace("{flags}", _string(str(flags) if flags is not None else ""))
            add(f"{values} {cond}", param, True)
    for arg in sorted(_objects(g, shape, SH.hasValue)):
        where = (f"FILTER NOT EXISTS {{ ?this {path} {_term(arg)} }}" if path
                 else f"FILTER (!sameTerm(?this, {_term(arg)}))")
        add(where, "hasValue", False)
    if path:
        for arg in _objects(g, shape, SH.minCount):
            n = int(arg)
            if n == 1:
                add(f"FILTER NOT EXISTS {{ ?this {path} {ctx.var()} }}", "minCount", False)
            elif n > 1:
                v, c = ctx.var(), ctx.var("n")
                add(f"{{ SELECT ?this (COUNT(DISTINCT {v}) AS {c}) WHERE {{ {focus} OPTIONAL {{ ?this {path} {v} }} }} "
                    f"GROUP BY ?this }} FILTER ({c} < {n})", "minCount", False)
        for arg in _objects(g, shape, SH.maxCount):
            v = ctx.var()
            add(f"{{ SELECT ?this WHERE {{ ?this {path} {v} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT {v}) > {int(arg)}) }}", "maxCount", False)
        for param in _PAIR_PARAMS:
            for other in sorted(_objects(g, shape, SH[param])):
                o = ctx.var("o")
                if param in ("lessThan", "lessThanOrEquals"):
                    op = "<" if param == "lessThan" else "<="
                    add(f"?this {path} ?value . ?this {_term(other)} {o} . FILTER (!COALESCE(?value {op} {o}, false))",
                        param, True)
                elif param == "disjoint":
                    add(f"?this {path} ?value . ?this {_term(other)} ?value .", param, True)
                else:  # equals: a value on one side that the other lacks
                    add(f"{{ ?this {path} ?value FILTER NOT EXISTS {{ ?this {_term(other)} ?value }} }} UNION "
                        f"{{ ?this {_term(other)} ?value FILTER NOT EXISTS {{ ?this {path} ?value }} }}",
                        param, True)
    elif any((shape, SH[p], None) in g for p in _COUNT_PARAMS + _PAIR_PARAMS):
        raise UnsupportedShape(f"{shape}: count and pair constraints need a sh:path")

    for param in _LOGIC_PARAMS:
        for arg in _objects(g, shape, SH[param]):
            members = list(Collection(g, arg)) if param != "not" else [arg]
            member_sets = [_violators(ctx, m, focus) for m in members]
            if param == "or":  # violated when every member is violated
                where = " ".join(member_sets)
            elif param == "and":  # violated when any member is
                where = "{ " + " UNION ".join(member_sets) + " }"
            else:  # not: violated when the member conforms
                where = f"MINUS {member_sets[0]}"
            add(where, param, False)

    for prop in g.objects(shape, SH.property):
        out += _constraints(ctx, prop, focus)
    return out


def _violators(ctx: _Ctx, shape: Node, focus: str) -> str:
    """A subquery selecting the focus nodes that violate `shape` (any of its constraints)."""
    parts = [f"{{ {v.where} }}" for v in _constraints(ctx, shape, focus)]
    if not parts:
        return "{ SELECT ?this WHERE { FILTER (false) } }"
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _severity(g: Graph, shape: Node) -> URIRef:
    sev = g.value(shape, SH.severity)
    return sev if isinstance(sev, URIRef) else SH.Violation


def _messages(g: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(sorted((m for m in g.objects(node, SH.message) if isinstance(m, Literal)), key=str))


def _node_shapes(g: Graph) -> list[Node]:
    """Shapes with targets (node shapes), in a stable order; property shapes are reached through them."""
    targeted = set()
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        targeted |= set(g.subjects(p, None))
    return sorted(targeted, key=str)


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of `shapes` as a Check (a SELECT of its violations).

    Raises:
        UnsupportedShape: the shapes use a feature this compiler does not implement.
    """
    ctx = _Ctx(shapes)
    prefix_text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(_prefixes(shapes).items()))
    checks: list[Check] = []
    for node_shape in _node_shapes(shapes):
        if shapes.value(node_shape, SH.deactivated) == Literal(True):
            continue
        focus = _focus(ctx, node_shape)
        assert focus is not None
        for v in _constraints(ctx, node_shape, focus):
            holder = v.source_shape
            projection = "?this ?value" if v.has_value else "?this"
            checks.append(Check(
                query=f"{prefix_text}SELECT DISTINCT {projection} WHERE {{ {v.where} }}",
                component=v.component, severity=_severity(shapes, holder), node_shape=node_shape,
                source_shape=holder, path=v.path, messages=_messages(shapes, holder),
                python_datatype=v.python_datatype,
                store_query=(f"{prefix_text}SELECT DISTINCT ?this ?value WHERE {{ {v.store_where} }}"
                             if v.store_where else None)))
        for constraint in shapes.objects(node_shape, SH.sparql):
            if shapes.value(constraint, SH.deactivated) == Literal(True):
                continue
            select = shapes.value(constraint, SH.select)
            if select is None:
                raise UnsupportedShape(f"{node_shape}: only sh:select SPARQL constraints are supported")
            projection, body = _select_parts(str(select))
            projection = re.sub(r"\$this\b", "?this", projection)
            checks.append(Check(
                query=f"{prefix_text}SELECT DISTINCT {projection} WHERE {{ {focus} {body} }}",
                component=SH.SPARQLConstraintComponent, severity=_severity(shapes, node_shape),
                node_shape=node_shape, source_shape=node_shape, path=None,
                messages=_messages(shapes, constraint)))
    return checks


@lru_cache(maxsize=4)
def _compiled_default(path: str) -> tuple[Check, ...]:
    return tuple(compile_shapes(shapes_graph(Path(path))))


def default_checks() -> tuple[Check, ...]:
    """The compiled checks of ontology/shapes.ttl (cached per process)."""
    return _compiled_default(str(SHAPES_PATH))


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

def _rdflib_term(term: object) -> Node | None:
    from graph.store import parts_from_oxigraph, to_rdflib

    parts = parts_from_oxigraph(term)
    return to_rdflib(parts) if parts is not None else None


def _english(messages: Sequence[Literal]) -> str:
    """The English message, else an untagged one, else any (as graph.validate picks them)."""
    for lit in messages:
        if lit.language == "en":
            return str(lit)
    for lit in messages:
        if not lit.language:
            return str(lit)
    return str(messages[0]) if messages else ""


def _fill(message: str, row: dict[str, Node | None]) -> str:
    """SHACL message templates: {?var} and {$var} become the solution's values."""
    def repl(m: re.Match[str]) -> str:
        value = row.get(m.group(1))
        return str(value) if value is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", repl, message)


def open_store(data: Graph | Triples | bytes | str, *, lenient: bool = False) -> ox.Store:
    """An in-memory pyoxigraph store holding `data` (an rdflib graph, assembled triples or N-Triples).

    `lenient` skips the parser's IRI and language tag checks (a third of the
    load): for N-Triples that rdflib wrote, as graph.corpus's store loader does.
    """
    import pyoxigraph as ox

    store = ox.Store()
    if isinstance(data, Triples):
        data = data.graph("SimpleMemory")
    if isinstance(data, Graph):
        data = data.serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
    return store


def _datatype_ok(value: Node, datatype: URIRef) -> bool:
    """sh:datatype on an original (not store-rewritten) term: the datatype and a lexical form in its space."""
    if not isinstance(value, Literal) or value.datatype != datatype:
        return False
    lexical = _LEXICAL.get(datatype)
    return lexical is None or re.match(lexical, str(value)) is not None


def _select(store: ox.Store, query: str, union: bool) -> ox.QuerySolutions:
    """The solutions of a compiled check's query."""
    import pyoxigraph as ox

    solutions = store.query(query, use_default_graph_as_union=union)
    assert isinstance(solutions, ox.QuerySolutions)  # every compiled check is a SELECT
    return solutions


def _python_datatype(store: ox.Store, check: Check, data: Graph | Triples, union: bool) -> list[RawResult]:
    """sh:datatype on the original triples: find the ill-typed values first (usually
    none), and only then ask the store which of their subjects are focus nodes."""
    assert check.python_datatype is not None
    pred, datatype = check.python_datatype
    bad = sorted((s, o) for s, o in data.subject_objects(pred) if not _datatype_ok(o, datatype))
    if not bad:
        return []
    solutions = _select(store, check.query, union)
    focus = {_rdflib_term(sol["this"]) for sol in solutions}
    english = _english(check.messages)
    return [RawResult(check, s, check.path, o, english) for s, o in bad if s in focus]


def run_checks(store: ox.Store, checks: Iterable[Check] | None = None, *, data: Graph | Triples | None = None,
               union: bool = False) -> list[RawResult]:
    """Run the checks on a pyoxigraph store.

    Args:
        store: a pyoxigraph Store holding the data.
        checks: compiled checks (default: ontology/shapes.ttl's).
        data: the same data as an rdflib graph or Triples, for the datatypes the store
            rewrites (see _collapsed_datatypes); without it those are checked
            in SPARQL as "an integer of the right sign", which cannot tell
            xsd:integer from xsd:nonNegativeInteger.
        union: query all the store's named graphs as one default graph.
    Returns:
        one RawResult per violation.
    """
    out: list[RawResult] = []
    for check in (default_checks() if checks is None else checks):
        query = check.query
        if check.python_datatype is not None:
            if data is not None:
                out += _python_datatype(store, check, data, union)
                continue
            query = check.store_query or query
        solutions = _select(store, query, union)
        names = [v.value for v in solutions.variables]
        english = _english(check.messages)
        for sol in solutions:
            row = {name: _rdflib_term(sol[name]) for name in names}
            focus = row.get("this")
            if focus is None:
                continue
            path = row.get("path") or check.path
            out.append(RawResult(check, focus, path, row.get("value"), _fill(english, row)))
    return out


def result_key(focus: Node, path: Node | None, component: Node, severity: str | Node, shape: Node) -> tuple[str, ...]:
    """The (focus, path, component, severity, node shape) tuple both validators are compared on."""
    sev = str(severity) if isinstance(severity, URIRef) else str(SH[str(severity)])
    return (str(focus), str(path) if path is not None else "-", str(component), sev, str(shape))


def report_graph(results: Sequence[RawResult]) -> Graph:
    """The SHACL validation report (sh:ValidationReport with one sh:result per violation)."""
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not results)))
    for r in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, r.focus))
        report.add((node, SH.resultSeverity, r.check.severity))
        report.add((node, SH.sourceConstraintComponent, r.check.component))
        # property shapes are blank nodes of the shapes graph: name the node shape instead
        report.add((node, SH.sourceShape, r.check.node_shape))
        if r.path is not None:
            report.add((node, SH.resultPath, r.path))
        if r.value is not None:
            report.add((node, SH.value, r.value))
        if r.message:
            report.add((node, SH.resultMessage, Literal(r.message, lang="en")))
    return report


def findings(results: Sequence[RawResult], data: Graph | None) -> list[Finding]:
    """Findings in graph.validate's order, with label and quote from `data` when given."""
    out = []
    for r in results:
        label, quote, start, end = _evidence(data, r.focus) if data is not None else (None, None, None, None)
        out.append(Finding(
            severity=str(r.check.severity).rsplit("#", 1)[-1], focus=r.focus, path=r.path,
            component=r.check.component, shape=r.check.node_shape, message=r.message, value=r.value,
            label=label, quote=quote, start=start, end=end))
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    out.sort(key=lambda f: (rank.get(f.severity, 9), str(f.shape), str(f.path), f.message, f.start or 0, str(f.focus)))
    return out


def _evidence_graph(data: Triples, results: Sequence[RawResult]) -> Graph:
    """The part of `data` that graph.validate._evidence reads for these findings: the
    focus nodes' triples and those of their spans and mentions, in assembly order
    (so "the first label" is the same one). Building it costs far less than
    turning a whole report's triples into a Graph for a handful of findings."""
    focus = {r.focus for r in results}
    spans = {o for s, p, o in data if s in focus and (p == PG.span or p == PG.mention)}
    return data.graph("SimpleMemory", focus | spans)


def validate_fast(data: Graph | Triples, shapes: Graph | None = None, *,
                  ntriples: bytes | None = None) -> ValidationOutcome:
    """Validate a data graph with the compiled shapes on an in-memory pyoxigraph store.

    Args:
        data: the assembled graph, or its graph.assemble.Triples (read for the
            evidence of each finding, not modified).
        shapes: a shapes graph; default ontology/shapes.ttl.
        ntriples: `data` as N-Triples when the caller has it already (saves a
            serialisation); it must be rdflib's (or graph.export.ntriples') output
            for `data`, as it is loaded without the parser's checks.
    Returns:
        a ValidationOutcome like graph.validate.validate's; `outcome.ok` is False on any Violation.
    """
    t0 = time.perf_counter()
    checks = default_checks() if shapes is None else compile_shapes(shapes)
    store = open_store(ntriples, lenient=True) if ntriples is not None else open_store(data)
    results = run_checks(store, checks, data=data)
    evidence = _evidence_graph(data, results) if isinstance(data, Triples) else data
    seconds = time.perf_counter() - t0
    return ValidationOutcome(conforms=not results, findings=findings(results, evidence),
                             report=report_graph(results), seconds=seconds)

"""Views: interactive HTML pages of the plan graph, for people who do not write SPARQL.

Consumes: an ``rdflib.Graph`` written with the terms of ``ontology/plangraph.ttl``
(the built graph, so the pages show what SPARQL sees).
Produces: ``out/views/``: ``index.html`` (counts per class, the most connected
entities, links), ``overview.html`` (plan -> themes -> measures -> targets and
entities), one ``theme-<slug>.html`` per theme, ``places.html`` and one
``place-<slug>.html`` per place (a networkx ego graph), ``actors.html`` (projects,
programmes and organisations: who does what, where), ``people.html`` (people,
their statements and what they talk about), and ``lib/`` with the scripts and
stylesheets every page loads by relative path. Nothing is fetched from the
internet.

How a page is made: the RDF graph becomes one networkx ``MultiDiGraph``
(:func:`build_model`); each view is a subgraph of it with positions computed up
front in pure Python (outline trees and columns, packed side by side), so the browser draws
at once and physics stays off until the reader turns it on. The vis-network node and
edge records are written in pyvis's form (:func:`network_data`); our own Jinja template
(``graph/data/``, autoescaped) renders the page instead of pyvis's, whose template loads
bootstrap from a CDN in every mode. vis-network itself is copied from the pyvis package.

Speed (issue 13: a report's 50 to 90 pages are part of every corpus build): the RDF is
read once per node (:class:`TripleIndex`), node sizes and each node's JSON once per
model, the undirected model once per plan, and pages are written atomically without
fsync (the next build makes them again). The output is the same bytes as without these
shortcuts; tests/test_views.py checks each against the plain computation.

Escaping: source text reaches the page only (a) inside the JSON data block, with
``<``, ``>`` and ``&`` written as ``\\u`` escapes so it cannot close the script
element, (b) through Jinja autoescape, or (c) through ``textContent`` in
``view.js`` (tooltips are DOM elements, never HTML strings). Canvas labels are
drawn as text by vis-network.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import json
import math
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Protocol
from urllib.parse import quote as url_quote

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from graph.export import write_atomic
from graph.iris import local_id, slug
from graph.outputs import VIEWS_DIRNAME, OutputFolder
from graph.vocab import OA, PG

DATA_DIR = Path(__file__).resolve().parent / "data"
LIB_DIRNAME = "lib"

# Canvas text needs a font that has the characters; the test setup installs
# WenQuanYi Zen Hei, readers' machines usually have one of the others.
FONT_FACE = "'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif"

Pos = dict[str, tuple[float, float]]


# ---------------------------------------------------------------------------
# Presentation: one style per class, one label per relation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeClass:
    """How nodes of one ontology class look. ``inside``: the label is drawn inside the shape."""

    key: str
    iri: URIRef
    zh: str
    en: str
    color: str
    shape: str
    size: int
    font: int
    inside: bool = False
    font_color: str = "#1e272e"
    wrap: int = 14  # characters per line inside a shape


CLASSES: tuple[NodeClass, ...] = (
    NodeClass("plan", PG.Plan, "规划", "plan", "#c0392b", "star", 48, 72),
    NodeClass("theme", PG.Theme, "主题", "theme", "#e67e22", "box", 0, 60, True, "#ffffff", 8),
    NodeClass("measure", PG.Measure, "举措", "measure", "#f6d365", "ellipse", 0, 26, True, wrap=10),
    NodeClass("target", PG.Target, "目标", "target", "#27ae60", "diamond", 13, 15),
    NodeClass("result", PG.Result, "成果", "result", "#95a5a6", "diamond", 11, 14),
    NodeClass("action", PG.Action, "行动", "action", "#b2bec3", "dot", 8, 13),
    NodeClass("place", PG.Place, "地点", "place", "#2e86de", "dot", 16, 17),
    NodeClass("project", PG.Project, "项目", "project", "#8e44ad", "square", 13, 15),
    NodeClass("organization", PG.Organization, "机构", "organisation", "#16a085", "triangle", 14, 15),
    NodeClass("programme", PG.Programme, "计划政策", "programme", "#d35400", "triangleDown", 14, 15),
    NodeClass("person", PG.Person, "人物", "person", "#e84393", "star", 20, 17),
    NodeClass("statement", PG.Statement, "发言", "statement", "#fd79a8", "hexagon", 12, 14),
)
CLASS_BY_KEY: dict[str, NodeClass] = {c.key: c for c in CLASSES}
CLASS_ORDER: dict[str, int] = {c.key: i for i, c in enumerate(CLASSES)}
ENTITY_KEYS: tuple[str, ...] = ("place", "project", "organization", "programme", "person")
FIGURE_KEYS: tuple[str, ...] = ("target", "result", "action")


@dataclass(frozen=True)
class Relation:
    """An object property drawn as an edge; ``rank`` orders tree parents (0 = hierarchy)."""

    prop: URIRef
    key: str
    zh: str
    rank: int


RELATIONS: tuple[Relation, ...] = (
    Relation(PG.hasTheme, "hasTheme", "包含主题", 0),
    Relation(PG.parentTheme, "parentTheme", "上级主题", 0),
    Relation(PG.inTheme, "inTheme", "所属主题", 0),
    Relation(PG.inMeasure, "inMeasure", "所属举措", 0),
    Relation(PG.madeBy, "madeBy", "发言人", 1),
    Relation(PG.locatedIn, "locatedIn", "位于", 2),
    Relation(PG.involves, "involves", "参与机构", 2),
    Relation(PG.implements, "implements", "落实", 2),
    Relation(PG.about, "about", "涉及", 3),
    Relation(PG.touches, "touches", "涉及实体", 3),
    Relation(PG.touchesTheme, "touchesTheme", "涉及主题", 3),
    Relation(PG.mentionedIn, "mentionedIn", "提及于", 4),
    Relation(PG.jurisdiction, "jurisdiction", "行政区", 5),
    Relation(PG.statementOf, "statementOf", "评论规划", 5),
)
RELATION_BY_KEY: dict[str, Relation] = {r.key: r for r in RELATIONS}

# Comparators as a reader expects them next to a number; the data graph need
# not contain the ontology's individuals, so their labels live here too.
COMPARATOR_TEXT: dict[URIRef, tuple[str, str]] = {
    PG.AtLeast: ("≥", "不低于（以上）"),
    PG.AtMost: ("≤", "不超过（以内）"),
    PG.MoreThan: (">", "突破（超过）"),
    PG.LessThan: ("<", "低于"),
    PG.Exactly: ("", "达到"),
    PG.About: ("≈", "左右"),
    PG.Between: ("", "区间"),
}


# ---------------------------------------------------------------------------
# The model: RDF -> one networkx graph
# ---------------------------------------------------------------------------


class Triples(Protocol):
    """What the model reads from a graph: an ``rdflib.Graph``, or a :class:`TripleIndex` of it."""

    def objects(self, subject: Node, predicate: Node) -> Iterable[Node]: ...


class TripleIndex:
    """A graph's triples about a node, read in one call per node and kept by predicate.

    build_model looks up a dozen properties of every node; rdflib answers each
    ``g.objects`` call through several generator layers, a large part of the model's
    time when profiled. The answers are the same sets of objects, only cheaper.
    """

    def __init__(self, g: Graph) -> None:
        self.graph = g
        self._about: dict[Node, dict[Node, list[Node]]] = {}

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        about = self._about.get(subject)
        if about is None:
            about = self._about[subject] = {}
            for p, o in self.graph.predicate_objects(subject):
                about.setdefault(p, []).append(o)
        return about.get(predicate, [])


def _lang(lit: Literal) -> str:
    return (lit.language or "").lower()


def _literals(g: Triples, node: URIRef, prop: URIRef) -> list[Literal]:
    return sorted((o for o in g.objects(node, prop) if isinstance(o, Literal)), key=str)


def _first_text(g: Triples, node: URIRef, *props: URIRef) -> str | None:
    """The first non-pinyin literal of the first property that has one (Chinese preferred)."""
    for prop in props:
        lits = [x for x in _literals(g, node, prop) if not _lang(x).startswith("zh-latn")]
        zh = [x for x in lits if _lang(x).startswith("zh")]
        if zh or lits:
            return str((zh or lits)[0]).strip()
    return None


def node_label(g: Triples, node: URIRef) -> str:
    """The Chinese label of a node: skos:prefLabel, rdfs:label, then the class's own naming property.

    >>> g = Graph(); n = URIRef("https://w3id.org/plangraph/id/x/theme/a")
    >>> _ = g.add((n, RDFS.label, Literal("a b", lang="zh-Latn-pinyin")))
    >>> _ = g.add((n, PG.heading, Literal("稳中求进", lang="zh")))
    >>> node_label(g, n)
    '稳中求进'
    >>> node_label(Graph(), n)
    'x/theme/a'
    """
    text = _first_text(g, node, SKOS.prefLabel, RDFS.label, PG.lead, PG.metric, PG.heading,
                       PG.keyword, PG.headline)
    return text or local_id(node)


def pinyin_label(g: Triples, node: URIRef) -> str:
    """The pinyin label (``@zh-Latn-pinyin``) if the graph has one, for searching without Chinese input."""
    for prop in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for lit in _literals(g, node, prop):
            if _lang(lit).startswith("zh-latn"):
                return str(lit)
    return ""


def _number(lit: Literal | None) -> str | None:
    """A decimal as written: ``5000.0`` -> ``5000``, ``5.50`` -> ``5.5``.

    >>> _number(Literal("5000.0")), _number(Literal("0.055")), _number(None)
    ('5000', '0.055', None)
    """
    if lit is None:
        return None
    try:
        d = Decimal(str(lit))
    except InvalidOperation:
        return str(lit)
    text = format(d.normalize(), "f")
    return text


def _one(g: Triples, node: URIRef, prop: URIRef):
    values = sorted(g.objects(node, prop), key=str)
    return values[0] if values else None


def _quote(g: Triples, node: URIRef) -> str:
    """The source quote: the node's span, or the first mention of an entity (by offset)."""
    span = _one(g, node, PG.span)
    if span is None:
        mentions = list(g.objects(node, PG.mention))

        def start(s) -> int:
            v = _one(g, s, OA.start)
            try:
                return int(v) if v is not None else 1 << 30
            except ValueError:
                return 1 << 30

        span = min(mentions, key=lambda s: (start(s), str(s))) if mentions else None
    if span is None:
        return ""
    exact = _one(g, span, OA.exact)
    return str(exact) if exact is not None else ""


def _shorten(text: str, limit: int) -> str:
    """
    >>> _shorten("稳步推进中原科技城与省科学院深度融合", 10)
    '稳步推进中原科技城…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure_value(g: Triples, node: URIRef) -> tuple[str, str]:
    """(display value like '≥5000亿元', comparator label)."""
    value = _number(_one(g, node, PG.value))
    vmax = _number(_one(g, node, PG.valueMax))
    unit = str(_one(g, node, PG.unitText) or "")
    comp = _one(g, node, PG.comparator)
    symbol, comp_zh = COMPARATOR_TEXT.get(comp, ("", ""))
    if comp is not None and not comp_zh:
        comp_zh = _first_text(g, comp, RDFS.label) or str(_one(g, comp, PG.symbol) or local_id(comp))
    if value is None:
        return "", comp_zh
    number = f"{value}~{vmax}" if vmax is not None else value
    return f"{symbol}{number}{unit}", comp_zh


def _yes_no(lit) -> str | None:
    if lit is None:
        return None
    return "是" if str(lit).lower() in ("true", "1") else "否"


def _tooltip(g: Triples, node: URIRef, cls: NodeClass, label: str) -> dict:
    """The tooltip as data: a head line, rows of (field, value), and the source quote."""
    rows: list[list[str]] = [["名称", label]]

    def add(name: str, value) -> None:
        if value is not None and str(value) != "":
            rows.append([name, str(value)])

    if cls.key == "plan":
        add("年度", _one(g, node, PG.planYear))
    elif cls.key == "theme":
        add("关键词", _first_text(g, node, PG.keyword))
        add("标题", _first_text(g, node, PG.heading))
    elif cls.key in FIGURE_KEYS:
        value, comp = _figure_value(g, node)
        add("指标", _first_text(g, node, PG.metric))
        add("数值", value)
        add("比较关系", comp)
        add("单位", _one(g, node, PG.unitText))
        add("年份", _one(g, node, PG.dueYear) or _one(g, node, PG.referenceYear))
        add("时期", _one(g, node, PG.period))
        if cls.key == "target":
            asp = _yes_no(_one(g, node, PG.aspirational))
            add("争取性（力争/争取）", asp)
            add("约束性", _yes_no(_one(g, node, PG.binding)))
    elif cls.key == "person":
        add("身份", _first_text(g, node, PG.role))
        add("所属单位", _first_text(g, node, PG.affiliation))
    elif cls.key == "statement":
        add("标题", _first_text(g, node, PG.headline))
    if cls.key in ENTITY_KEYS:
        add("提及次数", len(set(g.objects(node, PG.mention))) or None)
    add("标识", local_id(node))
    return {"head": f"{cls.zh} · {cls.en}", "rows": rows, "quote": _shorten(_quote(g, node), 240)}


def _display_label(g: Triples, node: URIRef, cls: NodeClass, label: str) -> str:
    """What is drawn on the canvas: short, and for a figure the metric with its value."""
    if cls.key in FIGURE_KEYS:
        metric = _first_text(g, node, PG.metric)
        value, _ = _figure_value(g, node)
        if metric and value:
            return f"{_shorten(metric, 10)} {value}"
    if cls.key == "statement":
        speaker = _one(g, node, PG.madeBy)
        headline = _first_text(g, node, PG.headline)
        if speaker is not None and headline:
            return _shorten(f"{node_label(g, speaker)}：{headline}", 16)
    limit = {"plan": 28, "theme": 16, "measure": 20}.get(cls.key, 14)
    return _shorten(label, limit)


def _classify(g: Graph) -> dict[URIRef, NodeClass]:
    """Each typed node's class; a node with two of our classes takes the first in CLASSES."""
    found: dict[URIRef, NodeClass] = {}
    for cls in CLASSES:
        for node in sorted(n for n in g.subjects(RDF.type, cls.iri) if isinstance(n, URIRef)):
            if node not in found:
                found[node] = cls
    return found


def build_model(graph: Graph) -> nx.MultiDiGraph:
    """All nodes of the drawn classes and the relations between them.

    Node attributes: ``cls`` (a CLASSES key), ``label`` (full), ``short`` (drawn),
    ``pinyin``, ``aliases`` (skos:altLabel values), ``tip`` (tooltip data), ``sort``
    (stable display order).
    Edges go subject -> object, keyed by relation (``themeOf`` is folded into
    ``hasTheme``); attribute ``rel``.
    """
    # rdflib's memory store yields triples in an order that follows the hash seed; sorted, the
    # model (and every layout computed from it) is the same in every run
    model = nx.MultiDiGraph()
    g = TripleIndex(graph)
    classes = _classify(graph)
    for node, cls in classes.items():
        label = node_label(g, node)
        ordinal = _one(g, node, PG.ordinal)
        try:
            order = int(ordinal) if ordinal is not None else 1 << 20
        except ValueError:
            order = 1 << 20
        model.add_node(
            str(node),
            cls=cls.key,
            label=label,
            short=_display_label(g, node, cls, label),
            pinyin=pinyin_label(g, node),
            aliases=tuple(str(a) for a in _literals(g, node, SKOS.altLabel)),
            tip=_tooltip(g, node, cls, label),
            sort=(CLASS_ORDER[cls.key], order, label, str(node)),
        )
    for rel in RELATIONS:
        for s, o in sorted(graph.subject_objects(rel.prop)):
            if s in classes and o in classes and s != o:
                model.add_edge(str(s), str(o), key=rel.key, rel=rel.key)
    for theme, plan in sorted(graph.subject_objects(PG.themeOf)):
        if theme in classes and plan in classes:
            model.add_edge(str(plan), str(theme), key="hasTheme", rel="hasTheme")
    return model


def nodes_of(model: nx.MultiDiGraph, *keys: str) -> list[str]:
    """Nodes of the given classes in display order."""
    wanted = set(keys)
    return sorted((n for n, c in model.nodes(data="cls") if c in wanted), key=lambda n: model.nodes[n]["sort"])


# ---------------------------------------------------------------------------
# Layout: pure Python (networkx's layouts need numpy, which we do not ship)
# ---------------------------------------------------------------------------


def _metric(model: nx.MultiDiGraph, name: str, node: str, compute: Callable[[dict], float]) -> float:
    """A node's size, computed once per model: the layouts ask for the same node's width
    thousands of times (every outline candidate, every page the node is on)."""
    cache: dict[str, float] = model.graph.setdefault(name, {})
    value = cache.get(node)
    if value is None:
        value = cache[node] = compute(model.nodes[node])
    return value


def _footprint(model: nx.MultiDiGraph, node: str) -> float:
    """The width (px) a node and its label need on a ring."""
    return _metric(model, "_footprint", node, _footprint_of)


def _footprint_of(attrs: dict) -> float:
    cls = CLASS_BY_KEY[attrs["cls"]]
    chars = min(len(attrs["short"]), cls.wrap) if cls.inside else len(attrs["short"])
    text = chars * cls.font * (1.0 if cls.inside else 0.95)
    return max(text + (24 if cls.inside else 0), cls.size * 2.5) + 16


def _height(model: nx.MultiDiGraph, node: str) -> float:
    """The height (px) a node and its label need in a column."""
    return _metric(model, "_height", node, _height_of)


def _height_of(attrs: dict) -> float:
    cls = CLASS_BY_KEY[attrs["cls"]]
    if cls.inside:
        lines = max(1, math.ceil(len(attrs["short"]) / cls.wrap))
        return cls.font * 1.25 * lines + 24
    return cls.size * 2 + cls.font * 1.3 + 6


def outline_layout(model: nx.MultiDiGraph, children: dict[str, list[str]], root: str,
                   columns: int = 2) -> Pos:
    """A two-sided outline tree (a mind map): the root in the middle, its branches
    split between a right and a left side in reading order, each depth a column,
    every leaf its own row and every parent centred on its children.

    Chosen for the plan tree because Chinese labels are wide: rows give each
    theme and measure a band as tall as its subtree, so their names can be drawn
    large enough to read when the whole plan fits the screen, which a radial
    tree cannot do on its crowded inner rings. A parent's leaves go in up to
    ``columns`` sub-columns, row by row, to keep the page from growing too tall.
    """
    return outline_layouts(model, children, root, (columns,))[0]


@dataclass(frozen=True)
class _Side:
    """One side of an outline tree: its top branches, direction, and each node's column."""

    tops: list[str]
    sign: float
    depth: dict[str, int]
    col_x: dict[int, float]


def outline_layouts(model: nx.MultiDiGraph, children: dict[str, list[str]], root: str,
                    column_counts: Iterable[int]) -> list[Pos]:
    """:func:`outline_layout` for each number of leaf sub-columns; the split into sides
    and the columns' x, which do not depend on it, are computed once."""
    def kids(n: str) -> list[str]:
        return children.get(n, [])

    leaves: dict[str, int] = {}

    def count(n: str) -> int:
        stack, order = [n], []
        while stack:
            x = stack.pop()
            order.append(x)
            stack.extend(kids(x))
        for x in reversed(order):
            leaves[x] = sum(leaves[k] for k in kids(x)) or 1
        return leaves[n]

    total = count(root)
    # every node of the tree is in ``leaves`` now: their sizes as plain look-ups
    widths = {n: _footprint(model, n) for n in leaves}
    heights = {n: _height(model, n) for n in leaves}
    width = widths.__getitem__
    branches = kids(root)
    right: list[str] = []
    acc = 0
    for b in branches:
        if acc < total / 2 or not right:
            right.append(b)
            acc += leaves[b]
    left = [b for b in branches if b not in right]

    def columns_of(tops: list[str], sign: float) -> _Side:
        # Column x per depth: wide enough for the widest label on either side of the gap.
        depth = {t: 1 for t in tops}
        queue = deque(tops)
        by_depth: dict[int, list[str]] = defaultdict(list)
        while queue:
            n = queue.popleft()
            by_depth[depth[n]].append(n)
            for k in kids(n):
                depth[k] = depth[n] + 1
                queue.append(k)
        col_x = {0: 0.0}
        prev_w = width(root)
        for d in sorted(by_depth):
            w = max(min(width(n), 520.0) for n in by_depth[d])
            col_x[d] = col_x[d - 1] + prev_w / 2 + w / 2 + 90
            prev_w = w
        return _Side(tops, sign, depth, col_x)

    sides = [columns_of(tops, sign) for tops, sign in ((right, 1.0), (left, -1.0)) if tops]

    def side(pos: Pos, part: _Side, columns: int) -> None:
        y = 0.0
        placed: dict[str, float] = {}
        shift: dict[str, float] = {}  # sub-column offset of a leaf

        def place(n: str) -> None:
            nonlocal y
            ks = kids(n)
            if not ks:
                h = heights[n]
                placed[n] = y + h / 2
                y += h
                return
            leaf_kids = [k for k in ks if not kids(k)]
            inner = [k for k in ks if kids(k)]
            # Leaves in a grid of sub-columns, row by row; then the subtrees.
            cols = max(1, min(columns, math.ceil(len(leaf_kids) / 3)))
            offset = max((min(width(k), 300.0) for k in leaf_kids), default=0.0) * 0.85 + 20
            for i in range(0, len(leaf_kids), cols):
                row = leaf_kids[i:i + cols]
                h = max(heights[k] for k in row)
                for j, k in enumerate(row):
                    placed[k] = y + h / 2
                    shift[k] = j * offset
                y += h
            if leaf_kids and inner:
                y += 6
            for k in inner:
                place(k)
                y += 6
            first, last = placed[(leaf_kids or inner)[0]], placed[(inner or leaf_kids)[-1]]
            placed[n] = (first + last) / 2
            y += 14

        for t in part.tops:
            place(t)
            y += 40
        mid = y / 2
        for n, ny in placed.items():
            pos[n] = (part.sign * (part.col_x[part.depth[n]] + shift.get(n, 0.0)), ny - mid)

    layouts = []
    for columns in column_counts:
        pos: Pos = {root: (0.0, 0.0)}
        for part in sides:
            side(pos, part, columns)
        layouts.append(pos)
    return layouts


def _fit_scale(pos: Pos, viewport: tuple[float, float] = (1100.0, 800.0)) -> float:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    w = max(xs) - min(xs) + 400  # room for the outermost labels
    h = max(ys) - min(ys) + 100
    return min(viewport[0] / w, viewport[1] / h)


def best_outline_layout(model: nx.MultiDiGraph, children: dict[str, list[str]], root: str) -> Pos:
    """The outline layout with the number of leaf sub-columns (1-6) that lets the
    whole tree be drawn largest on a typical laptop canvas (1100x800)."""
    # More sub-columns than a parent's leaves fill (3 rows each) change nothing: the
    # layouts past that many are copies of the last one, and the first best one wins.
    useful = max((math.ceil(sum(1 for k in kids if not children.get(k)) / 3)
                  for kids in children.values()), default=1)
    candidates = outline_layouts(model, children, root, range(1, min(6, max(1, useful)) + 1))
    return max(candidates, key=_fit_scale)


def bfs_tree(graph: nx.Graph, root: str, rank: Callable[[str, str], int],
             sort_key: Callable[[str], tuple]) -> dict[str, list[str]]:
    """A breadth-first spanning tree of one component; among parents at the same
    distance a node takes the one joined by the lowest-ranked relation (the hierarchy
    before mentions), so the drawn tree follows the plan's structure."""
    children: dict[str, list[str]] = defaultdict(list)
    dist = {root: 0}
    frontier = [root]
    while frontier:
        candidates: dict[str, list[str]] = defaultdict(list)
        for node in frontier:
            for nb in graph.neighbors(node):
                if nb not in dist:
                    candidates[nb].append(node)
        for nb in candidates:
            dist[nb] = dist[frontier[0]] + 1
        for nb, parents in sorted(candidates.items(), key=lambda kv: sort_key(kv[0])):
            parent = min(parents, key=lambda p: (rank(p, nb), sort_key(p)))
            children[parent].append(nb)
        frontier = sorted(candidates, key=sort_key)
    for kids in children.values():
        kids.sort(key=sort_key)
    return dict(children)


def pack(parts: list[Pos], gap: float = 120.0) -> Pos:
    """Shelf-pack laid-out parts (largest first) into rows about as wide as tall."""
    boxes = []
    for part in parts:
        xs = [p[0] for p in part.values()]
        ys = [p[1] for p in part.values()]
        boxes.append((min(xs) - 60, min(ys) - 40, max(xs) + 60, max(ys) + 40))
    area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for b in boxes)
    row_width = max([math.sqrt(area) * 1.3] + [b[2] - b[0] for b in boxes])
    out: Pos = {}
    x = y = row_height = 0.0
    for part, (x0, y0, x1, y1) in zip(parts, boxes, strict=True):
        w, h = x1 - x0, y1 - y0
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for n, (px, py) in part.items():
            out[n] = (px - x0 + x, py - y0 + y)
        x += w + gap
        row_height = max(row_height, h)
    return out


SortKey = tuple[int, int, str, str]  # class, ordinal, label, IRI (build_model's "sort")


def _sort_key(model: nx.MultiDiGraph) -> Callable[[str], SortKey]:
    """A node's place in the model's stable order."""
    def key(n: str) -> SortKey:
        return model.nodes[n]["sort"]

    return key


def _undirected(model: nx.MultiDiGraph) -> nx.Graph:
    """The model as an undirected simple graph, made once per model (the views ask for it,
    or for parts of it, once per page). The model must not change after the first call."""
    undirected = model.graph.get("_undirected")
    if undirected is None:
        undirected = model.graph["_undirected"] = nx.Graph(model)
    return undirected


def _induced(model: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.Graph:
    """``nx.Graph(model.subgraph(nodes))`` (same nodes, same edges) made from the undirected
    model's adjacency, which is several times cheaper than converting the multigraph view."""
    keep = set(nodes)
    full = _undirected(model).adj
    part = nx.Graph()
    part.add_nodes_from(n for n in model if n in keep)
    part.add_edges_from([(u, v) for u in part for v in full[u] if v in keep])
    return part


def _rank_fn(model: nx.MultiDiGraph) -> Callable[[str, str], int]:
    def rank(a: str, b: str) -> int:
        keys = list(model.get_edge_data(a, b, default={})) + list(model.get_edge_data(b, a, default={}))
        return min((RELATION_BY_KEY[k].rank for k in keys), default=9)

    return rank


def forest_layout(model: nx.MultiDiGraph, nodes: Iterable[str],
                  roots: Iterable[str] = ()) -> Pos:
    """Outline trees over each connected component of the view, packed side by side.

    A component's root is the first of ``roots`` in it, else its best-connected node.
    """
    undirected = _induced(model, nodes)
    key = _sort_key(model)
    rank = _rank_fn(model)
    preferred = [r for r in roots if r in undirected]
    components = sorted((sorted(c, key=key) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), key(c[0])))
    parts: list[Pos] = []
    singles: list[str] = []
    for comp in components:
        if len(comp) == 1:
            singles.append(comp[0])
            continue
        members = set(comp)
        root = next((r for r in preferred if r in members), None)
        if root is None:
            root = min(comp, key=lambda n: (-undirected.degree(n), key(n)))
        children = bfs_tree(undirected.subgraph(comp), root, rank, key)
        parts.append(best_outline_layout(model, children, root))
    # Isolated nodes: a grid, in class then label order.
    if singles:
        cols = max(1, math.ceil(math.sqrt(len(singles) * 2)))
        cell = max(_footprint(model, n) for n in singles) + 20
        parts.append({n: ((i % cols) * cell, (i // cols) * 90.0) for i, n in enumerate(singles)})
    return pack(parts)


def overview_layout(model: nx.MultiDiGraph, nodes: list[str]) -> tuple[Pos, set[tuple[str, str]]]:
    """The plan tree: plan -> themes (-> sub-themes) -> measures -> targets, each entity
    under the first measure (else theme) that mentions it. Returns positions and the
    tree edges (drawn darker than the cross links)."""
    members = set(nodes)
    key = _sort_key(model)

    def targets_of(node: str, rel: str) -> list[str]:
        return sorted((v for _, v, k in model.out_edges(node, keys=True) if k == rel and v in members), key=key)

    def sources_of(node: str, rel: str) -> list[str]:
        return sorted((u for u, _, k in model.in_edges(node, keys=True) if k == rel and u in members), key=key)

    parent: dict[str, str] = {}
    for node in nodes:
        cls = model.nodes[node]["cls"]
        options: list[str] = []
        if cls == "theme":
            options = targets_of(node, "parentTheme") + sources_of(node, "hasTheme")
        elif cls == "measure":
            options = targets_of(node, "inTheme")
        elif cls in FIGURE_KEYS:
            options = targets_of(node, "inMeasure")
        elif cls == "statement":
            options = targets_of(node, "touchesTheme")
        elif cls in ENTITY_KEYS:
            mentioned = targets_of(node, "mentionedIn")
            options = ([m for m in mentioned if model.nodes[m]["cls"] == "measure"]
                       + [m for m in mentioned if model.nodes[m]["cls"] == "theme"])
        if options:
            parent[node] = options[0]
    # Break any cycle (bad data must not hang the build): follow parents, cut repeats.
    for node in nodes:
        seen = {node}
        cur = node
        while cur in parent:
            nxt = parent[cur]
            if nxt in seen:
                del parent[cur]
                break
            seen.add(nxt)
            cur = nxt
    plans = [n for n in nodes if model.nodes[n]["cls"] == "plan"]
    for node in nodes:
        if node not in parent and model.nodes[node]["cls"] != "plan" and plans:
            parent[node] = plans[0]
    children: dict[str, list[str]] = defaultdict(list)
    for child in sorted(parent, key=key):
        children[parent[child]].append(child)
    roots = [n for n in nodes if n not in parent]
    parts = [best_outline_layout(model, children, r) for r in roots]
    tree = {(c, p) for c, p in parent.items()} | {(p, c) for c, p in parent.items()}
    return pack(parts), tree


# ---------------------------------------------------------------------------
# Views: which nodes, which layout
# ---------------------------------------------------------------------------


@dataclass
class View:
    """One page: its file name, titles, the nodes drawn and where."""

    filename: str
    title: str
    description: str
    nodes: list[str]
    positions: Pos
    tree_edges: set[tuple[str, str]] = field(default_factory=set)
    kind: str = "view"
    focus: tuple[str, ...] = ()  # drawn larger: what the page is about


def _page_names(model: nx.MultiDiGraph, cls: str, prefix: str) -> dict[str, str]:
    """Stable file names from labels (pinyin slugs), numbered on a clash, in IRI order."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for node in sorted(nodes_of(model, cls)):
        base = f"{prefix}-{slug(model.nodes[node]['label'])}"
        name, i = base, 2
        while name in used:
            name, i = f"{base}-{i}", i + 1
        used.add(name)
        names[node] = name + ".html"
    return names


def overview_view(model: nx.MultiDiGraph) -> View:
    # Actions stay out of the overview (they are on the theme pages): the example has
    # 129 of them against 235 nodes drawn here, and a corpus report 300 to 600, which
    # would bury the plan's outline under clause-long labels.
    nodes = nodes_of(model, "plan", "theme", "measure", "target", "place", "project",
                     "organization", "programme")
    positions, tree = overview_layout(model, nodes)
    return View("overview.html", "总览：规划 → 主题 → 举措 → 目标与实体",
                "规划居中，两侧依次为主题、举措，最外侧为目标以及举措提到的地点、项目、机构和计划政策。"
                "滚轮缩放，拖动平移，点击节点查看原文。",
                nodes, positions, tree, "overview")


def theme_nodes(model: nx.MultiDiGraph, theme: str) -> list[str]:
    """A theme with its sub-themes, measures, figures, the entities its measures
    mention, and the statements that touch it."""
    themes = {theme}
    frontier = [theme]
    while frontier:
        nxt = [u for t in frontier for u, _, k in model.in_edges(t, keys=True)
               if k == "parentTheme" and u not in themes]
        themes.update(nxt)
        frontier = nxt
    measures = {u for t in themes for u, _, k in model.in_edges(t, keys=True) if k == "inTheme"}
    figures = {u for m in measures for u, _, k in model.in_edges(m, keys=True) if k == "inMeasure"}
    entities = {u for x in measures | themes for u, _, k in model.in_edges(x, keys=True)
                if k == "mentionedIn" and model.nodes[u]["cls"] in ENTITY_KEYS}
    statements = {u for t in themes for u, _, k in model.in_edges(t, keys=True) if k == "touchesTheme"}
    chosen = themes | measures | figures | entities | statements
    return sorted(chosen, key=lambda n: model.nodes[n]["sort"])


def theme_view(model: nx.MultiDiGraph, theme: str, filename: str) -> View:
    nodes = theme_nodes(model, theme)
    label = model.nodes[theme]["label"]
    positions, tree = overview_layout(model, nodes)
    return View(filename, f"主题：{label}",
                "主题居中，两侧为其举措，举措外侧为目标、成果、行动和举措提到的实体；谈及该主题的发言挂在主题下。",
                nodes, positions, tree, kind="theme", focus=(theme,))


def _entity_graph(model: nx.MultiDiGraph) -> nx.Graph:
    """Undirected model without the plan and themes: they join everything to
    everything and would make every ego graph the whole plan."""
    keep = [n for n, c in model.nodes(data="cls") if c not in ("plan", "theme")]
    return _induced(model, keep)


def place_nodes(model: nx.MultiDiGraph, places: list[str], radius: int, base: nx.Graph | None = None) -> list[str]:
    """The ego graph (networkx) of one or more places, ``radius`` hops out; ``base`` is
    ``_entity_graph(model)`` when the caller has it (one per plan, not one per place)."""
    base = _entity_graph(model) if base is None else base
    chosen: set[str] = set()
    for place in places:
        # the nodes of nx.ego_graph(base, place, radius), without copying the subgraph
        chosen.update(nx.single_source_shortest_path_length(base, place, cutoff=radius))
    return sorted(chosen, key=lambda n: model.nodes[n]["sort"])


def place_view(model: nx.MultiDiGraph, places: list[str], filename: str, radius: int = 2,
               base: nx.Graph | None = None) -> View:
    nodes = place_nodes(model, places, radius, base)
    label = model.nodes[places[0]]["label"]
    return View(filename, f"地点：{label}",
                f"以“{label}”为中心、{radius}步以内的项目、目标、机构、举措和发言（networkx ego graph）。",
                nodes, forest_layout(model, nodes, places), kind="place", focus=tuple(places))


def places_view(model: nx.MultiDiGraph) -> View:
    """Every place with the projects, figures, organisations and statements next to it."""
    places = nodes_of(model, "place")
    around = {"project", "organization", "programme", "target", "result", "statement", "place"}
    chosen = set(places)
    undirected = _undirected(model)
    for p in places:
        chosen.update(nb for nb in undirected.neighbors(p) if model.nodes[nb]["cls"] in around)
    nodes = sorted(chosen, key=lambda n: model.nodes[n]["sort"])
    roots = sorted(places, key=lambda n: (-undirected.degree(n), model.nodes[n]["sort"]))
    return View("places.html", "地点：每个地点与其周边",
                "每个地点连同位于那里的项目和机构、涉及它的目标，以及谈到它的发言。点击地点可打开它的专页。",
                nodes, forest_layout(model, nodes, roots), kind="places")


def actors_view(model: nx.MultiDiGraph) -> View:
    """Projects, programmes and organisations, with the places they are in."""
    core = set(nodes_of(model, "project", "programme", "organization"))
    places = {v for u in core for _, v, k in model.out_edges(u, keys=True)
              if k == "locatedIn" and model.nodes[v]["cls"] == "place"}
    nodes = sorted(core | places, key=lambda n: model.nodes[n]["sort"])
    projects = nodes_of(model, "project")
    return View("actors.html", "项目、计划政策与机构：谁在哪里做什么",
                "项目位于哪里、哪些机构参与、落实哪项计划政策。没有关系的节点排在下方。",
                nodes, forest_layout(model, nodes, projects), kind="actors")


def layered_layout(model: nx.MultiDiGraph, columns: list[list[str]], gap: float = 220.0) -> Pos:
    """Columns left to right; the first keeps its order, each next one is ordered by
    the mean row of its neighbours in the previous columns (barycentre), which
    keeps most lines short and uncrossed."""
    undirected = _induced(model, [n for col in columns for n in col])
    key = _sort_key(model)
    row: dict[str, float] = {}
    pos: Pos = {}
    x = 0.0
    prev_w = 0.0
    for c, col in enumerate(columns):
        if c:
            def bary(n: str) -> tuple:
                rows = [row[m] for m in undirected.neighbors(n) if m in row]
                return (math.fsum(rows) / len(rows) if rows else float("inf"), key(n))
            col = sorted(col, key=bary)
        if not col:
            continue
        w = max(min(_footprint(model, n), 360.0) for n in col)
        x += (prev_w / 2 + w / 2 + gap) if c else 0.0
        # A long column wraps into sub-columns so the page stays about as wide as tall.
        per = max(10, math.ceil(math.sqrt(len(col) * 2.5)))
        chunks = [col[i:i + per] for i in range(0, len(col), per)]
        for j, chunk in enumerate(chunks):
            heights = [_height(model, n) + 8 for n in chunk]
            total = sum(heights)
            y = 0.0
            for n, h in zip(chunk, heights, strict=True):
                row[n] = (y + h / 2) / max(total, 1.0)
                pos[n] = (x + j * (w + 40), y + h / 2 - total / 2)
                y += h
        x += (len(chunks) - 1) * (w + 40)
        prev_w = w
    return pos


def people_view(model: nx.MultiDiGraph) -> View:
    """People, their statements, and what the statements talk about: three columns."""
    people = set(nodes_of(model, "person"))
    statements = set(nodes_of(model, "statement"))
    speakers = {v for s in statements for _, v, k in model.out_edges(s, keys=True) if k == "madeBy"}
    topics = {v for s in statements for _, v, k in model.out_edges(s, keys=True)
              if k in ("touches", "touchesTheme")} - people - speakers
    key = _sort_key(model)
    columns = [sorted(people | speakers, key=key), sorted(statements, key=key), sorted(topics, key=key)]
    nodes = sorted(people | speakers | statements | topics, key=key)
    return View("people.html", "人物与发言",
                "左列为具名人物，中列为他们的发言，右列为发言谈及的主题、地点、项目、机构和计划政策。",
                nodes, layered_layout(model, columns), kind="people")


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def _vis_options(n_nodes: int) -> dict:
    big = n_nodes > 200
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        # Positions come from Python; physics is the reader's choice (a checkbox).
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140,
                          "springConstant": 0.02, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 150, "fit": False},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": True, "navigationButtons": False},
        "nodes": {"font": {"face": FONT_FACE}, "borderWidth": 1, "borderWidthSelected": 3},
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "font": {"size": 11, "face": FONT_FACE, "color": "#4b5563", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "horizontal"},
            "color": {"color": "#9aa5b1", "highlight": "#1f2937", "hover": "#1f2937", "inherit": False},
            "width": 1,
            "selectionWidth": 2,
        },
    }


def _node_style(cls: NodeClass) -> dict:
    style: dict = {
        "shape": cls.shape,
        "color": {"background": cls.color, "border": "#2d3436",
                  "highlight": {"background": cls.color, "border": "#000000"},
                  "hover": {"background": cls.color, "border": "#000000"}},
        "font": {"size": cls.font, "color": cls.font_color, "face": FONT_FACE},
    }
    if cls.inside:
        style["margin"] = 10
        style["widthConstraint"] = {"maximum": cls.font * cls.wrap + 20}
    else:
        style["size"] = cls.size
        style["font"]["strokeWidth"] = 4
        style["font"]["strokeColor"] = "#ffffff"
    return style


def network_data(model: nx.MultiDiGraph, view: View, pages: dict[str, str]) -> dict:
    """The vis-network records of a view, in the form pyvis's ``Network.add_node`` and
    ``add_edge`` make them (keys in its order), plus our own fields (``cls``, ``tip``,
    ``search``, ``page``) that view.js reads.

    Written here rather than through a pyvis ``Network``: that checks every node and edge
    against lists of those already added, which grew quadratic with the page (a third of
    the rendering time of a report's 60 pages)."""
    records: list[dict] = []
    members = set(view.nodes)
    for node in view.nodes:
        attrs = model.nodes[node]
        cls = CLASS_BY_KEY[attrs["cls"]]
        x, y = view.positions[node]
        search = " ".join(t for t in (attrs["label"], attrs["pinyin"], attrs["short"]) if t)
        extra: dict = {"page": pages[node]} if node in pages else {}
        if node in view.focus:
            # What the page is about stands out, and its name stays legible when zoomed out.
            style = _node_style(cls)
            extra["font"] = dict(style["font"], size=max(cls.font, 44))
            extra["borderWidth"] = 3
            if not cls.inside:
                extra["size"] = cls.size * 2
        # The look of a class is a vis-network group (in the options, once per page);
        # the shape is repeated because pyvis writes shape="dot" on every node otherwise.
        records.append({"x": round(x, 1), "y": round(y, 1), "group": cls.key, "cls": cls.key,
                        "tip": attrs["tip"], "search": search.lower(), **extra,
                        "id": node, "label": attrs["short"] or node, "shape": cls.shape})
    # Parallel relations between one pair share a line and a label.
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    edges: list[dict] = []
    adjacency = model.adj
    drawn = sorted((a, b, k) for a in members for b, ks in adjacency[a].items() if b in members for k in ks)
    for u, v, k in drawn:
        pairs[(u, v)].append(k)
    for (u, v), keys in sorted(pairs.items()):
        keys.sort(key=lambda k: (RELATION_BY_KEY[k].rank, k))
        label = " / ".join(RELATION_BY_KEY[k].zh for k in keys)
        edge: dict = {"label": label, "title": " / ".join(f"pg:{k}" for k in keys), "rel": keys[0]}
        if view.tree_edges and (u, v) not in view.tree_edges:
            # Cross links of the plan tree: faint, so the tree reads first.
            edge.update(color={"color": "#dfe4ea", "highlight": "#1f2937", "hover": "#1f2937"},
                        width=0.6)
        edges.append({"id": f"{u}|{v}", **edge, "from": u, "to": v, "arrows": "to"})
    options = _vis_options(len(records))
    classes = {n["cls"] for n in records}
    options["groups"] = {c.key: _node_style(c) for c in CLASSES if c.key in classes}
    return {"nodes": records, "edges": edges, "options": options}


def _json_for_script(data: object) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' survive.

    >>> _json_for_script({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _script_safe(text)


def _script_safe(text: str) -> str:
    """JSON text with '<', '>', '&' and the two JavaScript line separators written as escapes."""
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _json_number(value: object) -> str:
    """A coordinate as json.dumps writes it.

    >>> _json_number(-12.5), _json_number(3), _json_number(float("inf"))
    ('-12.5', '3', 'Infinity')
    """
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value)


def _data_json(model: nx.MultiDiGraph, data: dict) -> str:
    """``_json_for_script(data)`` for :func:`network_data`'s records, the same text, with
    each node's record after its position encoded once per model: a node is drawn on
    several pages, and its tooltip is most of a page's data."""
    cache: dict[tuple[str, str], str] = model.graph.setdefault("_node_json", {})
    dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    nodes = []
    for record in data["nodes"]:
        keys = list(record)
        if keys[:2] != ["x", "y"] or "font" in record:  # a focus node: drawn larger on its own page
            nodes.append(dumps(record))
            continue
        key = (record["id"], record.get("page", ""))
        rest = cache.get(key)
        if rest is None:
            rest = cache[key] = dumps({k: record[k] for k in keys[2:]})[1:]
        nodes.append(f'{{"x":{_json_number(record["x"])},"y":{_json_number(record["y"])},{rest}')
    text = "".join(['{"nodes":[', ",".join(nodes), '],"edges":', dumps(data["edges"]),
                    ',"options":', dumps(data["options"]), "}"])
    return _script_safe(text)


def _legend_svg(cls: NodeClass) -> str:
    """A 22x22 SVG of the class's shape (constants only, no source text)."""
    c, s = cls.color, "#2d3436"
    shapes = {
        "star": "<polygon points='11,1 13.6,8 21,8 15,12.6 17.3,20 11,15.5 4.7,20 7,12.6 1,8 8.4,8'",
        "box": "<rect x='1' y='5' width='20' height='12' rx='3'",
        "ellipse": "<ellipse cx='11' cy='11' rx='10' ry='6.5'",
        "diamond": "<polygon points='11,1 21,11 11,21 1,11'",
        "dot": "<circle cx='11' cy='11' r='8'",
        "square": "<rect x='3' y='3' width='16' height='16'",
        "triangle": "<polygon points='11,2 21,20 1,20'",
        "triangleDown": "<polygon points='1,2 21,2 11,20'",
        "hexagon": "<polygon points='6,2 16,2 21,11 16,20 6,20 1,11'",
    }
    body = shapes.get(cls.shape, shapes["dot"])
    return (f"<svg width='22' height='22' viewBox='0 0 22 22' aria-hidden='true'>"
            f"{body} fill='{c}' stroke='{s}' stroke-width='1'/></svg>")


@functools.cache  # one per process: the environment keeps its compiled templates
def _template_env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(DATA_DIR)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    return env


def _write_text(path: Path, text: str) -> None:
    """Atomic write (a reader never sees half a page), readable like every other output:
    graph.export.write_atomic gives the file the umask's mode, where mkstemp alone leaves 0600.
    No fsync: a page is made again by the next build, and a plan writes dozens of them.
    A page already there with the same bytes (a rebuild) is left alone: renaming over an
    existing file makes ext4 flush it, a millisecond or more per page."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:  # not there (or unreadable): write it
        pass
    write_atomic(path, data, fsync=False)


def copy_assets(views_dir: Path) -> list[Path]:
    """vis-network (from the pyvis package) and our script and stylesheet, into views/lib/."""
    import pyvis

    vis_dir = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    lib = views_dir / LIB_DIRNAME
    lib.mkdir(parents=True, exist_ok=True)
    sources = {
        "vis-network.min.js": vis_dir / "vis-network.min.js",
        "vis-network.min.css": vis_dir / "vis-network.css",
        "view.js": DATA_DIR / "view.js",
        "view.css": DATA_DIR / "view.css",
    }
    written = []
    for name, src in sources.items():
        dst = lib / name
        data = src.read_bytes()
        if not dst.exists() or dst.read_bytes() != data:
            write_atomic(dst, data)
        written.append(dst)
    return written


def _legend(model: nx.MultiDiGraph, view: View) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for node in view.nodes:
        counts[model.nodes[node]["cls"]] += 1
    return [{"key": c.key, "zh": c.zh, "en": c.en, "count": counts[c.key], "svg": _legend_svg(c)}
            for c in CLASSES if counts[c.key]]


def render_view(model: nx.MultiDiGraph, view: View, views_dir: Path, pages: dict[str, str],
                plan_title: str) -> Path:
    """Write one view page; returns its path."""
    from markupsafe import Markup

    data = network_data(model, view, pages)
    edges_count = len(data["edges"])
    legend = _legend(model, view)
    for item in legend:
        item["svg"] = Markup(item["svg"])
    html = _template_env().get_template("view.html.j2").render(
        view=view, plan_title=plan_title, legend=legend, node_count=len(view.nodes),
        edge_count=edges_count, data_json=Markup(_data_json(model, data)),
    )
    path = views_dir / view.filename
    _write_text(path, html)
    return path


def _home_pages(model: nx.MultiDiGraph, theme_pages: dict[str, str],
                place_pages: dict[str, str]) -> dict[str, str]:
    """For each node, the page that is about it (the side panel and the index link there)."""
    pages: dict[str, str] = {}
    for node, cls in model.nodes(data="cls"):
        anchor = "#n=" + url_quote(node, safe="")
        if node in theme_pages:
            pages[node] = theme_pages[node]
        elif node in place_pages:
            pages[node] = place_pages[node]
        elif cls in ("project", "organization", "programme"):
            pages[node] = "actors.html" + anchor
        elif cls in ("person", "statement"):
            pages[node] = "people.html" + anchor
        else:
            pages[node] = "overview.html" + anchor
    return pages


def _plan_title(model: nx.MultiDiGraph) -> str:
    plans = nodes_of(model, "plan")
    return "、".join(model.nodes[p]["label"] for p in plans) or "PlanGraph"


def most_connected(model: nx.MultiDiGraph, top: int = 20) -> list[tuple[str, float, int]]:
    """Entities ranked by degree centrality in the whole graph: (node, centrality, degree)."""
    undirected = _undirected(model)
    if undirected.number_of_nodes() == 0:
        return []
    centrality = nx.degree_centrality(undirected)
    entities = [n for n in undirected if model.nodes[n]["cls"] in ENTITY_KEYS]
    ranked = sorted(entities, key=lambda n: (-centrality[n], model.nodes[n]["sort"]))
    return [(n, centrality[n], undirected.degree(n)) for n in ranked[:top]]


def render_index(model: nx.MultiDiGraph, views: list[View], views_dir: Path,
                 pages: dict[str, str], g: Graph, corpus_index: str | None = None) -> Path:
    counts = [{"zh": c.zh, "en": c.en, "count": len(nodes_of(model, c.key)),
               "svg": _legend_svg(c)} for c in CLASSES]
    from markupsafe import Markup

    for item in counts:
        item["svg"] = Markup(item["svg"])
    top = [{"label": model.nodes[n]["label"], "cls": CLASS_BY_KEY[model.nodes[n]["cls"]].zh,
            "centrality": f"{c:.3f}", "degree": d, "href": pages[n]}
           for n, c, d in most_connected(model)]
    by_kind: dict[str, list[View]] = defaultdict(list)
    for v in views:
        by_kind[v.kind].append(v)
    from graph.pages import plan_targets, template_env

    # the table of targets (graph.pages, shared with the corpus pages), each linked to its view
    html = template_env().get_template("index.html.j2").render(
        plan_title=_plan_title(model), counts=counts, top=top, by_kind=by_kind,
        triples=len(g), nodes=model.number_of_nodes(), edges=model.number_of_edges(),
        targets=plan_targets(g, pages), corpus_index=corpus_index,
    )
    path = views_dir / "index.html"
    _write_text(path, html)
    return path


def all_views(model: nx.MultiDiGraph) -> list[View]:
    """Every view of the model, in index order."""
    theme_pages = _page_names(model, "theme", "theme")
    place_pages = _page_names(model, "place", "place")
    views = [overview_view(model)]
    views += [theme_view(model, t, theme_pages[t]) for t in nodes_of(model, "theme")]
    views.append(places_view(model))
    base = _entity_graph(model)
    views += [place_view(model, [p], place_pages[p], base=base) for p in nodes_of(model, "place")]
    views.append(actors_view(model))
    views.append(people_view(model))
    return views


def render_views(graph: Graph, out_dir: Path, corpus_index: str | None = None) -> list[Path]:
    """Write all views of ``graph`` into ``out_dir/views/``; returns the HTML pages written
    (index first). ``out_dir`` is the build's output folder; ``corpus_index``, for a plan of
    a corpus, the corpus index relative to the plan's views (its index page links to it)."""
    from graph.pages import copy_page_assets

    views_dir = Path(out_dir) / VIEWS_DIRNAME
    copy_assets(views_dir)
    copy_page_assets(views_dir)
    model = build_model(graph)
    pages = _home_pages(model, _page_names(model, "theme", "theme"), _page_names(model, "place", "place"))
    views = all_views(model)
    title = _plan_title(model)
    written = [render_index(model, views, views_dir, pages, graph, corpus_index)]
    written += [render_view(model, v, views_dir, pages, title) for v in views]
    return written


# ---------------------------------------------------------------------------
# `plangraph view --place NAME`
# ---------------------------------------------------------------------------

def find_graph_files(out_dir: Path) -> list[Path]:
    """The built graph in the output folder as Turtle (graph.outputs.OutputFolder.turtle_files)."""
    return OutputFolder(Path(out_dir)).turtle_files()


def load_built_graph(out_dir: Path) -> Graph:
    g = Graph()
    for path in find_graph_files(out_dir):
        g.parse(path, format="turtle")
    return g


def find_places(model: nx.MultiDiGraph, name: str) -> tuple[list[str], list[str]]:
    """(places whose label, alias or pinyin is ``name``, close matches to suggest).

    The names matched are those `plangraph query linked-to-place` matches (skos:prefLabel or
    skos:altLabel), plus the pinyin label.
    """
    wanted = name.strip()
    places = nodes_of(model, "place")
    exact = [p for p in places
             if wanted in (model.nodes[p]["label"], model.nodes[p]["pinyin"], *model.nodes[p]["aliases"])]
    if exact:
        return exact, []
    labels = sorted({model.nodes[p]["label"] for p in places})
    close = difflib.get_close_matches(wanted, labels, n=8, cutoff=0.34)
    contains = [lab for lab in labels if wanted and (wanted in lab or lab in wanted)]
    suggestions = list(dict.fromkeys(contains + close))[:8]
    return [], suggestions


def view_command(args: argparse.Namespace) -> int:
    """`plangraph view --place NAME [--radius N] [--out DIR]`: write place-<slug>.html, print its path."""
    out_dir = Path(args.out)
    files = find_graph_files(out_dir)
    if not files:
        print(f"plangraph view: no graph (*.ttl) in {out_dir}/; run `plangraph build` first",
              file=sys.stderr)
        return 2
    radius = int(args.radius)
    if radius < 0:
        print("plangraph view: --radius must be 0 or more", file=sys.stderr)
        return 2
    graph = load_built_graph(out_dir)
    model = build_model(graph)
    found, suggestions = find_places(model, args.place)
    if not found:
        if suggestions:
            hint = "；相近的地点 close matches: " + "、".join(suggestions)
        else:
            known = [model.nodes[n]["label"] for n, _, _ in most_connected(model, top=200)
                     if model.nodes[n]["cls"] == "place"][:8]
            hint = ("；例如 e.g. " + "、".join(known)) if known else ""
        count = len(nodes_of(model, "place"))
        print(f"plangraph view: 没有地点 “{args.place}” (no place of that name among {count}){hint}",
              file=sys.stderr)
        return 2
    views_dir = out_dir / VIEWS_DIRNAME
    copy_assets(views_dir)
    filename = _page_names(model, "place", "place")[found[0]]
    pages = _home_pages(model, _page_names(model, "theme", "theme"), _page_names(model, "place", "place"))
    view = place_view(model, found, filename, radius=radius)
    path = render_view(model, view, views_dir, pages, _plan_title(model))
    print(path)
    return 0

"""Table pages: the page shell, the sortable tables and the bar chart that the plan index, the
corpus index and the comparison pages share (and later pages, such as scorecards, can use).

Consumes: rows already read (from the plan's rdflib Graph here, or from the library's
queries in graph.corpus_views). Produces: HTML through the Jinja templates in graph/data/
(autoescaped: every piece of source text is escaped), and lib/table.js, lib/chart.js and
lib/pages.css next to the view pages' own scripts. Nothing is fetched from the internet.

A table is sorted and filtered by lib/table.js in the browser; a chart (lib/chart.js) draws
the table's visible rows as SVG bars, from the rows' data attributes, with textContent only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.export import write_atomic
from graph.vocab import OA, PG

DATA_DIR = Path(__file__).resolve().parent / "data"
LIB_DIRNAME = "lib"
PAGE_ASSETS = ("table.js", "chart.js", "pages.css")

# Comparators as the pages show them: a symbol before the number, the Chinese wording in a column.
COMPARATORS: dict[str, tuple[str, str]] = {
    "AtLeast": ("≥", "不低于（以上）"),
    "AtMost": ("≤", "不超过（以内）"),
    "MoreThan": (">", "突破（超过）"),
    "LessThan": ("<", "低于"),
    "Exactly": ("", "达到"),
    "About": ("≈", "左右"),
    "Between": ("", "区间"),
}
DIRECTIONS = {"increase": "↑ 增长", "decrease": "↓ 下降", "level": "→ 水平"}
KINDS = {"Level": "总量", "Growth": "增速", "Share": "比重", "Density": "密度"}


@dataclass(frozen=True)
class TargetRow:
    """One target of a plan as its index page lists it."""

    start: int  # offset in the text: the default (reading) order
    theme: str
    metric: str
    value: str  # as written: 5000, 1~2
    unit: str
    comparator: str  # local name, e.g. AtLeast
    kind: str
    direction: str
    aspirational: bool
    due_year: str
    indicator: str  # canonical indicator id, or ""
    quote: str
    href: str  # the view that shows the target

    @property
    def number(self) -> str:
        """The first value, for sorting and for the chart."""
        return self.value.split("~")[0]

    @property
    def shown(self) -> str:
        symbol = COMPARATORS.get(self.comparator, ("", ""))[0]
        return f"{symbol}{self.value}{self.unit}"


def number_text(value: object) -> str:
    """A number as written, without a trailing .0: 5000.0 -> 5000, 5.50 -> 5.5.

    >>> number_text(5000.0), number_text("5.50"), number_text(None), number_text(7)
    ('5000', '5.5', '', '7')
    """
    from decimal import Decimal, InvalidOperation

    if value is None:
        return ""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(d.normalize(), "f")
    return text


# keyed by object: any node (or None) may be looked up, and what is not a direction is "level"
_DIRECTION_NAMES: dict[object, str] = {PG.Increase: "increase", PG.Decrease: "decrease"}


def _first(g: Graph, node: URIRef, prop: URIRef) -> object | None:
    values = sorted(g.objects(node, prop), key=str)
    return values[0] if values else None


def _zh_label(g: Graph, node: URIRef | None) -> str:
    if node is None:
        return ""
    labels = sorted(str(o) for o in g.objects(node, SKOS.prefLabel)
                    if isinstance(o, Literal) and (o.language or "") == "zh")
    return labels[0] if labels else ""


def plan_targets(g: Graph, pages: dict[str, str] | None = None) -> list[TargetRow]:
    """Every pg:Target of a plan graph in reading order, with its theme, figure and quote."""
    pages = pages or {}
    rows = []
    for target in set(g.subjects(RDF.type, PG.Target)):
        if not isinstance(target, URIRef):
            continue
        span = _first(g, target, PG.span)
        start = _first(g, span, OA.start) if isinstance(span, URIRef) else None
        quote = _first(g, span, OA.exact) if isinstance(span, URIRef) else None
        measure = _first(g, target, PG.inMeasure)
        theme = _first(g, measure, PG.inTheme) if isinstance(measure, URIRef) else None
        value, vmax = number_text(_first(g, target, PG.value)), number_text(_first(g, target, PG.valueMax))
        concept = _first(g, target, PG.canonicalIndicator)
        notation = _first(g, concept, SKOS.notation) if isinstance(concept, URIRef) else None
        direction = _first(g, target, PG.direction)
        rows.append(TargetRow(
            start=int(str(start)) if start is not None else 1 << 30,
            theme=_zh_label(g, theme if isinstance(theme, URIRef) else None),
            metric=str(_first(g, target, PG.metric) or ""),
            value=f"{value}~{vmax}" if vmax else value,
            unit=str(_first(g, target, PG.unitText) or ""),
            comparator=str(_first(g, target, PG.comparator) or "").rsplit("#", 1)[-1],
            kind=str(_first(g, target, PG.kind) or "").rsplit("#", 1)[-1],
            direction=_DIRECTION_NAMES.get(direction, "level"),
            aspirational=str(_first(g, target, PG.aspirational) or "").lower() in ("true", "1"),
            due_year=str(_first(g, target, PG.dueYear) or ""),
            indicator=str(notation or ""),
            quote=str(quote or ""),
            href=pages.get(str(target), ""),
        ))
    return sorted(rows, key=lambda r: (r.start, r.metric, r.href))


def template_env():
    """The views' Jinja environment (autoescape on), with the display tables as globals."""
    from graph.views import _template_env

    env = _template_env()
    env.globals.update(comparators=COMPARATORS, directions=DIRECTIONS, kinds=KINDS)
    return env


def write_page(path: Path, template: str, **context: object) -> Path:
    """Render one template of graph/data/ into ``path`` (atomically)."""
    html = template_env().get_template(template).render(**context)
    write_atomic(path, html)
    return path


def copy_page_assets(views_dir: Path) -> list[Path]:
    """lib/table.js, lib/chart.js and lib/pages.css, when missing or changed."""
    lib = Path(views_dir) / LIB_DIRNAME
    lib.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PAGE_ASSETS:
        data = (DATA_DIR / name).read_bytes()
        dst = lib / name
        if not dst.exists() or dst.read_bytes() != data:
            write_atomic(dst, data)
        written.append(dst)
    return written

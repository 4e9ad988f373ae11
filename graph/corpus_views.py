"""Corpus views: the corpus index and one comparison page per canonical indicator (issue 13).

Consumes: a corpus build's output folder (its pyoxigraph store, docs/<doc_id>/views/ where the
plans' own views were written); the rows come from the library's cross-plan questions
(queries/cq/plan-profile.rq and indicator-across-plans.rq), so the pages show what SPARQL sees.
Produces, in ``<out>/views/``: ``index.html`` (every plan with jurisdiction, level, year, counts
and a link to its own views; every canonical indicator with values), one
``indicator-<id>.html`` per canonical indicator with values in at least one plan (a sortable,
filterable table of every value with its quote and plan, and a bar chart of the visible rows),
and ``lib/`` (graph.pages' scripts and the views' stylesheet). Offline: nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.iris import DATA
from graph.outputs import DOCS_DIRNAME, VIEWS_DIRNAME, OutputFolder
from graph.pages import COMPARATORS, copy_page_assets, number_text, write_page

if TYPE_CHECKING:
    from graph.store import Store

LEVEL_ZH = {"national": "全国", "province": "省级", "city": "市级", "county": "县级"}
LEVEL_ORDER = ("national", "province", "city", "county")
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")

@dataclass(frozen=True)
class PlanRow:
    doc_id: str
    jurisdiction: str
    division_code: str
    level: str
    plan_year: str
    targets: int
    results: int
    matched: int
    indicators: int
    decreases: int
    href: str  # the plan's own views, relative to views/, or "" when not written


@dataclass(frozen=True)
class IndicatorValue:
    doc_id: str
    jurisdiction: str
    level: str
    plan_year: str
    role: str  # target | result
    year: str
    period: str
    metric: str
    value: str
    value_max: str
    unit: str
    comparator: str
    direction: str
    aspirational: bool
    quote: str
    href: str

    @property
    def shown(self) -> str:
        symbol = COMPARATORS.get(self.comparator, ("", ""))[0]
        number = f"{self.value}~{self.value_max}" if self.value_max else self.value
        return f"{symbol}{number}{self.unit}"

    @property
    def label(self) -> str:
        """The bar's name: where and when, and what kind of figure when it is not the plan year's target."""
        label = f"{self.jurisdiction or self.doc_id} {self.plan_year}"
        if self.role == "result":  # a five-year review's average or total names its period (成果2021-2025)
            return f"{label} 成果{self.period or self.year}"
        if self.period:
            return f"{label} 目标{self.period}"
        if self.year and self.year != self.plan_year:
            return f"{label} 目标{self.year}"
        return label


@dataclass(frozen=True)
class IndicatorPage:
    id: str
    pref_zh: str
    pref_en: str
    filename: str
    plans: int
    targets: int
    results: int


def doc_id_of_plan(plan: str) -> str:
    """The document id in a plan's IRI (graph.iris.plan_iri: id/<doc_id>/plan).

    >>> doc_id_of_plan("https://w3id.org/plangraph/id/2026-anhui/plan")
    '2026-anhui'
    """
    return str(plan).removeprefix(DATA).removesuffix("/plan")


def _text(v: object) -> str:
    return "" if v is None else str(v)


def plan_views_href(out_dir: Path, doc_id: str) -> str:
    """The plan's own index page relative to <out>/views/, when it was written."""
    if (OutputFolder(Path(out_dir)).doc(doc_id).views / "index.html").is_file():
        return f"../{DOCS_DIRNAME}/{doc_id}/{VIEWS_DIRNAME}/index.html"
    return ""


def plan_rows(store: Store, out_dir: Path) -> list[PlanRow]:
    from graph.query import find_query, run_library_query

    rows = []
    for r in run_library_query(store, find_query("plan-profile")).as_dicts():
        doc_id = doc_id_of_plan(str(r["plan"]))
        rows.append(PlanRow(doc_id, _text(r["jurisdiction"]), _text(r["divisionCode"]), _text(r["level"]),
                            _text(r["planYear"]), int(r["targets"] or 0), int(r["results"] or 0),
                            int(r["matched"] or 0), int(r["indicators"] or 0), int(r["decreases"] or 0),
                            plan_views_href(out_dir, doc_id)))
    return rows


def indicator_values(store: Store, hrefs: dict[str, str]) -> dict[str, list[IndicatorValue]]:
    """Every figure with a canonical indicator, by indicator id, as indicator-across-plans lists
    them: the library query run once with ?indicator left unbound (one query, not one per
    indicator: at 100 plans 150 queries took over a minute)."""
    from graph.query import find_query
    from graph.store import run_query

    by_indicator: dict[str, list[IndicatorValue]] = {}
    for r in run_query(store, find_query("indicator-across-plans").text).as_dicts():
        doc_id = doc_id_of_plan(str(r["plan"]))
        by_indicator.setdefault(str(r["indicator"]), []).append(IndicatorValue(
            doc_id=doc_id, jurisdiction=_text(r["jurisdiction"]), level=_text(r["level"]),
            plan_year=_text(r["planYear"]), role=_text(r["role"]), year=_text(r["year"]),
            period=_text(r["period"]), metric=_text(r["metric"]), value=number_text(r["value"]),
            value_max=number_text(r["valueMax"]), unit=_text(r["unit"]), comparator=_text(r["comparator"]),
            direction=_text(r["direction"]), aspirational=r["aspirational"] is True,
            quote=_text(r["quote"]), href=hrefs.get(doc_id, ""),
        ))
    return by_indicator


def indicator_filename(indicator: str) -> str:
    if not _SAFE_ID.match(indicator):
        raise ValueError(f"canonical indicator id {indicator!r} cannot name a file")
    return f"indicator-{indicator}.html"


def _levels(rows: Sequence[PlanRow | IndicatorValue]) -> list[str]:
    found = {r.level for r in rows if r.level}
    return [lv for lv in LEVEL_ORDER if lv in found] + sorted(found - set(LEVEL_ORDER))


def _summary(values: Sequence[str], words: dict[str, str] | None = None) -> str:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    shown = [f"{(words or {}).get(k, k) or '—'} {n} 个" for k, n in sorted(counts.items())]
    return "、".join(shown)


def render_corpus_views(out_dir: Path, store: Store | None = None) -> list[Path]:
    """Write the corpus index and the comparison pages into <out>/views/; returns the pages
    (index first). ``store`` defaults to the build's own store."""
    from graph.indicators import table
    from graph.views import copy_assets

    out_dir = Path(out_dir)
    if store is None:
        from graph.query import open_store

        store = open_store(out_dir)
    views_dir = OutputFolder(out_dir).views
    copy_assets(views_dir)  # view.css, which the page shell shares with the plans' views
    copy_page_assets(views_dir)
    plans = plan_rows(store, out_dir)
    hrefs = {p.doc_id: p.href for p in plans}
    concepts = table().concepts
    pages: list[IndicatorPage] = []
    written: list[Path] = []
    for indicator, values in sorted(indicator_values(store, hrefs).items()):
        concept = concepts.get(indicator)
        if concept is None:  # a graph built with another table: no page without its definition
            continue
        filename = indicator_filename(indicator)
        n_plans = len({v.doc_id for v in values})
        written.append(write_page(views_dir / filename, "indicator.html.j2", title=concept.pref_zh,
                                  concept=concept, values=values, plans=n_plans, level_names=_levels(values),
                                  level_zh=LEVEL_ZH))
        pages.append(IndicatorPage(indicator, concept.pref_zh, concept.pref_en, filename, n_plans,
                                   sum(v.role == "target" for v in values), sum(v.role == "result" for v in values)))
    pages.sort(key=lambda p: (-p.plans, p.id))
    index = write_page(views_dir / "index.html", "corpus-index.html.j2",
                       title=f"语料库 Corpus · {len(plans)} 个规划", plans=plans, indicators=pages,
                       years=_summary([p.plan_year for p in plans]),
                       levels=_summary([p.level for p in plans], LEVEL_ZH),
                       level_names=_levels(plans), level_zh=LEVEL_ZH)
    return [index, *written]


def view_command(args) -> int:
    """`plangraph view [DIR] [--place NAME] [--open]`.

    With --place: the page around one place of a single build (graph.views.view_command).
    Without: every view of the folder: on a corpus build the corpus index and the comparison
    pages (the plans' own views are written by the build), on a single build its views.
    Prints the index page's path (and opens it with --open)."""
    import sys

    folder = Path(args.folder if getattr(args, "folder", None) is not None else args.out)
    if not folder.is_dir():
        print(f"plangraph view: {folder}/ is not a folder; run `plangraph build` first", file=sys.stderr)
        return 2
    if args.place is not None:
        if OutputFolder(folder).is_corpus:
            print(f"plangraph view: {folder}/ is a corpus build; --place works on one plan's build "
                  "(or open the plan's views from the corpus index: plangraph view DIR)", file=sys.stderr)
            return 2
        from graph.views import view_command as place_command

        args.out = folder
        return place_command(args)
    if OutputFolder(folder).is_corpus:
        if not OutputFolder(folder).store.is_dir():
            print(f"plangraph view: {folder}/ has no store/; build the corpus again", file=sys.stderr)
            return 2
        index = render_corpus_views(folder)[0]
    else:
        from graph.views import load_built_graph, render_views

        if not OutputFolder(folder).turtle_files():
            print(f"plangraph view: no graph (*.ttl) in {folder}/; run `plangraph build` first", file=sys.stderr)
            return 2
        index = render_views(load_built_graph(folder), folder)[0]
    print(index)
    if getattr(args, "open", False):
        import webbrowser

        webbrowser.open(index.resolve().as_uri())
    return 0

"""Targets against outcomes (issue 14): a year-Y plan's targets paired with what the year-Y+1
report's review states for year Y, and a status per target.

Consumes: two `Extraction`s (graph.extraction) of the same jurisdiction, plan years Y and Y+1, and the
genre data of graph/data/reconcile.toml (metric normalisation, match thresholds, status rule).
Produces: one `Pair` per target of year Y (its outcome or none, the match method, the status and why).

Everything here is pure (no file system but the data file, read once): `graph.reconcile_cli`
writes reconciliation.csv. The status rule is version 1 of tests/fixtures/reconcile/README.md, in
`status_v1`; the pairing in `pair_targets`.

Which figures take part: targets with `year == Y` and no period (a five-year or 2030 goal is not a
target of year Y), results with `year == Y` and no period (a 十四五 total or five-year average is
not an outcome of year Y).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

from graph import indicators
from graph.records import Extraction, Quantity, Result, Span, Target, stable_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "reconcile.toml"

Status = Literal["met", "not_met", "completed_no_figure", "not_reported", "unclear"]
STATUSES: tuple[str, ...] = ("met", "not_met", "completed_no_figure", "not_reported", "unclear")
Direction = Literal["increase", "decrease", "level"]
# How a target found its outcome, best first: both map to one canonical indicator
# (graph/data/indicators.tsv), the metrics as extracted are equal, equal after normalisation, one
# contains the other, or they are similar (bigram Dice); "list" when the review reports the
# target's list as done (completed_no_figure), "none" when unpaired.
MatchMethod = Literal["indicator", "metric", "normalized", "contains", "similar", "list", "none"]
METHODS: tuple[str, ...] = ("indicator", "metric", "normalized", "contains", "similar")


class ReconcileError(ValueError):
    """The two documents cannot be reconciled (jurisdictions differ, years not consecutive …)."""


@dataclass(frozen=True)
class Rules:
    """graph/data/reconcile.toml, compiled."""

    drop_chars: frozenset[str]
    synonyms: tuple[tuple[str, str], ...]
    prefixes: tuple[str, ...]  # longest first, so 新开工 goes before 新开 and 新
    suffixes: tuple[str, ...]
    min_similarity: float
    min_contained: int
    version: str
    tolerance_points: float
    tolerance_share: float
    ceiling_indicators: tuple[str, ...]
    decrease_words: tuple[str, ...]
    scales: tuple[tuple[str, float], ...]  # longest first: 万亿 before 万
    min_contained_ratio: float
    generic_heads: frozenset[str]
    kind_words: tuple[str, ...]
    year_cues: tuple[str, ...]  # with {Y} for the year
    period_cues: tuple[str, ...]
    end_state_words: tuple[str, ...]
    not_end_state_words: tuple[str, ...]
    flow_prefixes: tuple[str, ...]
    stock_words: tuple[str, ...]
    max_period_end_ratio: float
    every_year_words: tuple[str, ...]
    period_words: tuple[str, ...]  # a sentence saying its figures cover several years (五年来, 年均)
    plan_share_words: tuple[str, ...]  # 完成年计划的118.2%: a share of the year's plan
    combined_heading_max: int
    relative_phrases: tuple[tuple[str, str], ...]
    relative_leading: tuple[str, ...]
    relative_trailing: tuple[str, ...]
    relative_bases: tuple[tuple[str, str, str], ...]  # (base, canonical indicator, how a note names it)
    stated_as: frozenset[tuple[str, str]]  # (target's indicator, the indicator a review states it by)
    other_scope: frozenset[frozenset[str]]  # indicators of one measure over another scope (urban / all)
    share_marks: tuple[str, ...]
    counted_stops: tuple[str, ...]
    counted_max: int
    conversions: tuple[tuple[str, str, float], ...]
    below_words: tuple[str, ...]
    scope_qualifiers: tuple[str, ...]
    scope_groups: tuple[str, ...]
    keep_words: tuple[str, ...]  # words a prefix is never stripped from (新能源 is not 新 + 能源)
    modifiers: tuple[str, ...]  # dropped anywhere in a metric (并网, 重点)
    example_marks: tuple[str, ...]  # 威海碳纤维、枣庄欣旺达等|“源网荷储”一体化试点: examples end here
    count_units: frozenset[str]  # classifiers of one count (个, 项): compared as one unit
    scope_words: tuple[str, ...]  # designation levels (国家, 省级, 标杆): one side only is another scope
    list_names: tuple[str, ...]  # a list of items the review reports as a whole (民生实事)
    completion_words: tuple[str, ...]  # 全面完成, 如期完成: done, without a figure
    list_heading_max_chars: int  # a list's own heading line (2025年10件惠民实事) is this short at most
    list_heading_marks: re.Pattern[str]  # …and holds a year or a count
    list_heading_stops: tuple[str, ...]  # a line opening with one of these ends the list (附件)
    subject_joiners: str  # 、 between 达到5.53万亿元 and 增长4.8%: one subject
    subject_growth_words: tuple[str, ...]
    end_state_kinds: tuple[str, ...]
    bare_measures: frozenset[str]  # 投资, 产值: a metric naming no subject of its own
    title_plan: re.Pattern[str]  # 争创全国文明城市“六连冠”: a title to hold N times running
    title_review: tuple[re.Pattern[str], ...]  # 实现…“七连冠”, 连续六届入选…: held N times
    title_leading: tuple[str, ...]  # 争创, 创建: how the plan says it, not the title
    title_aspirational: tuple[str, ...]  # 争创: aspirational
    measure_tails: tuple[str, ...]  # 省市县重点项目|投资: a measure of the things the other metric counts
    combined_item_max: int  # 交通、能源、水利完成投资: list items this short share the last one's head
    achieved_phrases: tuple[str, ...]  # 完成国家下达目标, 稳步增长: achieved, said without a figure
    achieved_item_joiners: str  # 粮食产量和粮食播种面积、单位地区生产总值能耗降低及…: one subject each
    achieved_trailing: tuple[str, ...]  # 营收保持|较快增长: how it is said, stripped from the subject
    achieved_patterns: tuple[re.Pattern[str], ...]  # 完成年度(“四类管线”改造)任务: the subject inside
    achieved_leading: tuple[str, ...]  # 年度|清欠: stripped from the front of a subject
    achieved_stop: frozenset[str]  # 全年目标任务, 主要目标任务: a subject that names no indicator
    flat_phrases: tuple[str, ...]  # 与上年持平: a change of 0, said without a figure


@lru_cache(maxsize=1)
def rules(path: Path = DATA_FILE) -> Rules:
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    m, st, mt, rv = d["metric"], d["status"], d["match"], d["review"]
    return Rules(
        drop_chars=frozenset(m["drop_chars"]),
        synonyms=tuple((a, b) for a, b in m["synonyms"]),
        prefixes=tuple(sorted(m["prefixes"], key=len, reverse=True)),
        suffixes=tuple(sorted(m["suffixes"], key=len, reverse=True)),
        min_similarity=float(mt["min_similarity"]),
        min_contained=int(mt["min_contained"]),
        version=str(st["version"]),
        tolerance_points=float(st["tolerance_points"]),
        tolerance_share=float(st["tolerance_share"]),
        ceiling_indicators=tuple(st["ceiling_indicators"]),
        decrease_words=tuple(st["decrease_words"]),
        scales=tuple(sorted(((s, float(f)) for s, f in st["scales"]), key=lambda x: -len(x[0]))),
        min_contained_ratio=float(mt["min_contained_ratio"]),
        generic_heads=frozenset(mt["generic_heads"]),
        kind_words=tuple(mt["kind_words"]),
        year_cues=tuple(rv["year_cues"]),
        period_cues=tuple(rv["period_cues"]),
        end_state_words=tuple(rv["end_state_words"]),
        not_end_state_words=tuple(rv["not_end_state_words"]),
        flow_prefixes=tuple(rv["flow_prefixes"]),
        stock_words=tuple(rv["stock_words"]),
        max_period_end_ratio=float(rv["max_period_end_ratio"]),
        every_year_words=tuple(rv["every_year_words"]),
        period_words=tuple(rv["period_words"]),
        plan_share_words=tuple(rv["plan_share_words"]),
        combined_heading_max=int(rv["combined_heading_max"]),
        relative_phrases=tuple(sorted(((a, b) for a, b in d["relative"]["phrases"]), key=lambda x: -len(x[0]))),
        relative_leading=tuple(d["relative"]["leading"]),
        relative_trailing=tuple(sorted(d["relative"]["trailing"], key=len, reverse=True)),
        relative_bases=tuple((str(k), str(v[0]), str(v[1])) for k, v in d["relative"]["bases"].items()),
        stated_as=frozenset((a, b) for a, b in mt["stated_as"]),
        other_scope=frozenset(frozenset(pair) for pair in mt["other_scope"]),
        share_marks=tuple(m["share_marks"]),
        counted_stops=tuple(m["counted_stops"]),
        counted_max=int(m["counted_max"]),
        conversions=tuple((a, b, float(f)) for a, b, f in st["conversions"]),
        below_words=tuple(sorted(st["below_words"], key=len, reverse=True)),
        scope_qualifiers=tuple(st["scope_qualifiers"]),
        scope_groups=tuple(st["scope_groups"]),
        keep_words=tuple(m["keep_words"]),
        modifiers=tuple(sorted(m["modifiers"], key=len, reverse=True)),
        example_marks=tuple(m["example_marks"]),
        count_units=frozenset(st["count_units"]),
        scope_words=tuple(st["scope_words"]),
        list_names=tuple(rv["list_names"]),
        completion_words=tuple(rv["completion_words"]),
        list_heading_max_chars=int(rv["list_heading_max_chars"]),
        list_heading_marks=re.compile(rv["list_heading_marks"]),
        list_heading_stops=tuple(rv["list_heading_stops"]),
        subject_joiners=str(rv["subject_joiners"]),
        subject_growth_words=tuple(rv["subject_growth_words"]),
        end_state_kinds=tuple(rv["end_state_kinds"]),
        bare_measures=frozenset(m["bare_measures"]),
        title_plan=re.compile(d["titles"]["plan_pattern"]),
        title_review=tuple(re.compile(x) for x in d["titles"]["review_patterns"]),
        title_leading=tuple(d["titles"]["leading"]),
        title_aspirational=tuple(d["titles"]["aspirational"]),
        measure_tails=tuple(sorted(mt["measure_tails"], key=len, reverse=True)),
        combined_item_max=int(mt["combined_item_max"]),
        achieved_phrases=tuple(sorted(rv["achieved_phrases"], key=len, reverse=True)),
        achieved_item_joiners=str(rv["achieved_item_joiners"]),
        achieved_trailing=tuple(rv["achieved_trailing"]),
        achieved_patterns=tuple(re.compile(x) for x in rv["achieved_patterns"]),
        achieved_leading=tuple(rv["achieved_leading"]),
        achieved_stop=frozenset(rv["achieved_stop"]),
        flat_phrases=tuple(sorted(rv["flat_phrases"], key=len, reverse=True)),
    )


RULE_VERSION = rules().version


# -- metrics ---------------------------------------------------------------------------------------

def normalize_metric(metric: str, r: Rules | None = None) -> str:
    """The metric with its spelling variants unified and who/how words stripped, for comparison.

    >>> normalize_metric("全省地区生产总值"), normalize_metric("规模以上工业增加值")
    ('生产总值', '规上工业增加值')
    >>> normalize_metric("新培育科技型中小企业"), normalize_metric("外贸进出口总额")
    ('科技型中小企业', '进出口总额')
    """
    r = r or rules()
    s = unicodedata.normalize("NFKC", metric)
    s = "".join(c for c in s if c not in r.drop_chars)
    for a, b in r.synonyms:
        s = s.replace(a, b)
    for mark in r.example_marks:  # 威海碳纤维、枣庄欣旺达等源网荷储一体化试点: the examples go
        head, sep, tail = s.rpartition(mark)
        if sep and len(tail) >= 2:
            s = tail
    for w in r.modifiers:
        if w in s and len(s) - len(w) >= 2:
            s = s.replace(w, "")
    stripped = True
    while stripped:  # 全省新增… : several prefixes in a row
        stripped = False
        if s.startswith(r.keep_words):
            break
        for p in r.prefixes:
            if s.startswith(p) and len(s) - len(p) >= 2:
                s, stripped = s[len(p):], True
                break
    for suf in r.suffixes:
        if s.endswith(suf) and len(s) - len(suf) >= 2:
            s = s[: -len(suf)]
            break
    return s


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams.

    >>> similarity("科技型中小企业", "科技型中小企业"), round(similarity("专精特新企业", "专精特新中小企业"), 2)
    (1.0, 0.67)
    """
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def _fronts_differ(a: str, b: str) -> bool:
    """Two metrics that end alike but name different things before that ending (物流业|增加值 and
    工|增加值): an indicator says what it measures in front of its head, so they are two indicators.
    Variants of one indicator share something there (新能源|装机 and 新能源总|装机), and words in
    another order (老旧小区改造, 改造老旧小区) do not end alike.

    >>> _fronts_differ("体育产业增加值", "工业增加值"), _fronts_differ("智能制造标杆企业", "智能制造企业")
    (True, False)
    """
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    fa, fb = a[:len(a) - n], b[:len(b) - n]
    return n > 0 and bool(fa) and bool(fb) and not (_bigrams(fa) & _bigrams(fb))


def match_metric(target_metric: str, result_metric: str, r: Rules | None = None) -> tuple[str, float] | None:
    """(method, score) when the two metrics name one indicator, else None. Score in 0..1, higher better.

    >>> match_metric("地区生产总值", "地区生产总值")
    ('metric', 1.0)
    >>> match_metric("全省地区生产总值", "地区生产总值")
    ('normalized', 1.0)
    >>> match_metric("产量", "粮食产量")
    ('contains', 0.5)
    >>> match_metric("城镇新增就业", "新登记各类经营主体") is None
    True
    >>> match_metric("物流业增加值", "工业增加值") is None  # alike behind, different in front
    True
    """
    r = r or rules()
    a, b = normalize_metric(target_metric, r), normalize_metric(result_metric, r)
    if a in r.generic_heads or b in r.generic_heads:
        return None  # 4100家企业 and 6家企业: a generic word alone names no indicator
    if any((w in a) != (w in b) for w in r.kind_words):
        return None  # 公路通车总里程 is not 高速公路通车里程: the word names a narrower kind
    if target_metric == result_metric:
        return "metric", 1.0
    if a == b:
        return "normalized", 1.0
    for mark in r.share_marks:  # shares of what: the parts before 占 must name one thing
        if mark in a and mark in b and match_metric(a.split(mark)[0], b.split(mark)[0], r) is None:
            return None
    short, long_ = sorted((a, b), key=len)
    if len(short) >= r.min_contained and short in long_ and len(short) / len(long_) >= r.min_contained_ratio:
        return "contains", len(short) / len(long_)
    sim = similarity(a, b)
    if sim >= r.min_similarity and not _fronts_differ(a, b):
        return "similar", sim
    return None


# -- the status rule (version 1) --------------------------------------------------------------------

def split_unit(unit: str, r: Rules | None = None) -> tuple[float, str]:
    """(scale, base) of a unit as written: 万亿元 -> (1e12, 元), 万人 -> (1e4, 人), % -> (1, %).

    >>> split_unit("万亿元"), split_unit("亿斤"), split_unit("%"), split_unit("万")
    ((1000000000000.0, '元'), (100000000.0, '斤'), (1.0, '%'), (1.0, '万'))
    """
    r = r or rules()
    for prefix, factor in r.scales:
        if unit.startswith(prefix) and len(unit) > len(prefix):  # a bare 万 (662万农户) is its own unit
            return factor, unit[len(prefix):]
    return 1.0, unit


def comparable(target_value: float, target_unit: str, outcome_value: float, outcome_unit: str,
               r: Rules | None = None) -> float | None:
    """The outcome in the target's unit, or None when the units are of different things.

    万/亿 are converted only where the two are written differently (rule v1): 28.3万人 and
    283000人 compare, 万户 and 个 do not.

    >>> comparable(9000, "亿元", 1, "万亿元"), comparable(5, "%", 5.5, "%"), comparable(6, "万户", 2.6, "个")
    (10000.0, 5.5, None)
    >>> comparable(252, "亿斤", 1300, "万吨")
    260.0
    """
    r = r or rules()
    if target_unit == outcome_unit:
        return outcome_value
    ts, tb = split_unit(target_unit, r)
    os_, ob = split_unit(outcome_unit, r)
    if tb == "%":
        return None
    if tb == ob or (tb in r.count_units and ob in r.count_units):  # 1200项 against 1213个: one count
        return outcome_value * os_ / ts
    for a, b, factor in r.conversions:  # 万吨 against 亿斤: a definition, not a guess
        if (ob, tb) == (a, b):
            return outcome_value * os_ * factor / ts
        if (ob, tb) == (b, a):
            return outcome_value * os_ / factor / ts
    return None


def is_ceiling(indicator: str, comparator: str, r: Rules | None = None) -> bool:
    """Lower is better: a ceiling comparator, or an indicator of the ceiling list (unemployment, CPI …)."""
    r = r or rules()
    if comparator in ("<=", "<"):
        return True
    if comparator in (">=", ">"):
        return False
    return any(w in indicator for w in r.ceiling_indicators)


def direction_of(quote: str, kind: str, r: Rules | None = None) -> Direction:
    """decrease when the target's words say 下降/降低…, increase for other growth figures, else level."""
    r = r or rules()
    if any(w in quote for w in r.decrease_words):
        return "decrease"
    return "increase" if kind == "growth" else "level"


@dataclass(frozen=True)
class Verdict:
    status: Status
    note: str


def status_v1(target_value: float, target_max: float | None, target_unit: str, comparator: str,
              direction: Direction, ceiling: bool, outcome_value: float | None, outcome_unit: str | None,
              r: Rules | None = None, *, outcome_below: bool = False) -> Verdict:
    """The status of one target against its outcome, by rule v1 (tests/fixtures/reconcile/README.md).

    `comparator` is the target's (>=, >, <=, <, =, ~, range); `ceiling` says lower is better;
    `outcome_below`: the outcome is written as less than its figure (近8000亿元), so reaching the
    figure does not reach it. No outcome: not_reported. Units of different things: unclear.

    >>> status_v1(5.5, None, "%", "~", "increase", False, 5.8, "%")
    Verdict(status='met', note='5.8 >= 5.5 - 0.2')
    >>> status_v1(5.5, None, "%", "~", "increase", False, 4.2, "%").status
    'not_met'
    """
    r = r or rules()
    if outcome_value is None or outcome_unit is None:
        return Verdict("not_reported", "")
    got = comparable(target_value, target_unit, outcome_value, outcome_unit, r)
    if got is None:
        return Verdict("unclear", f"units differ: {target_unit} vs {outcome_unit}")
    goal, high = target_value, target_max
    if direction == "decrease":  # 能耗下降3% met by a decrease of 3.2%: compare the sizes
        got, goal, high = abs(got), abs(goal), None if high is None else abs(high)
        ceiling = False
    scaled = "" if outcome_unit == target_unit else f" (outcome {outcome_value:g}{outcome_unit} = {got:g}{target_unit})"
    if comparator == "range" and high is not None:
        ok = got <= high if ceiling else got >= goal
        bound = f"{got:g} <= {high:g}" if ceiling else f"{got:g} >= {goal:g}"
    elif comparator == "~":
        tol = r.tolerance_points if target_unit == "%" else r.tolerance_share * abs(goal)
        ok = got <= goal + tol if ceiling else got >= goal - tol
        bound = f"{got:g} <= {goal:g} + {tol:g}" if ceiling else f"{got:g} >= {goal:g} - {tol:g}"
    elif outcome_below and not ceiling:  # 近8000 against 超过8000: short of it
        ok = got > goal
        bound = f"近{got:g} >= {goal:g}"
    else:  # >=, >, =, <=, <: = is a floor, or a ceiling for lower-is-better indicators; 突破 (>) as >=
        ok = got <= goal if ceiling else got >= goal
        bound = f"{got:g} <= {goal:g}" if ceiling else f"{got:g} >= {goal:g}"
    note = (bound if ok else bound.replace(">=", "<", 1).replace("<=", ">", 1)) + scaled
    return Verdict("met" if ok else "not_met", note)


# -- pairing ----------------------------------------------------------------------------------------

def outcome_context(text: str, res: Result, width: int = 16) -> str:
    """The words just before the outcome's figure, within its sentence (扣除房地产开发投资后，)."""
    start = max(0, res.span.start - width)
    before = text[start:res.span.start]
    for end in "。；;！？":
        before = before.rsplit(end, 1)[-1]
    return before + res.span.quote


def scope_differs(target: Target, res: Result, review_text: str, r: Rules | None = None,
                  outcome_metric: str | None = None) -> str:
    """Why the outcome covers something else than the target ('' when it does not): a narrowing
    word the target does not have (扣除…后), another population (全体居民 against 城乡居民), or
    another designation level (国家制造业单项冠军企业 against 单项冠军企业).
    `outcome_metric`: the name the outcome was matched by (its subject's, when carried over)."""
    r = r or rules()
    metric = outcome_metric or res.metric
    context = outcome_context(review_text, res)
    for w in r.scope_qualifiers:
        if w in context and w not in target.span.quote:
            return f"scope differs: the outcome says {w}"
    # a population not named is everyone: 居民收入 is 全体居民's
    groups_t = {g for g in r.scope_groups if g in target.metric} or {r.scope_groups[0]}
    groups_o = {g for g in r.scope_groups if g in metric} or {r.scope_groups[0]}
    if groups_t != groups_o:
        return f"scope differs: {'/'.join(sorted(groups_t)) or '-'} against {'/'.join(sorted(groups_o)) or '-'}"
    for w in r.scope_words:
        if (w in target.metric) != (w in metric):
            return f"scope differs: {w} only in the {'target' if w in target.metric else 'outcome'}"
    return ""


def outcome_is_below(review_text: str, res: Result, r: Rules | None = None) -> bool:
    """近8000亿元: the outcome is written as short of its figure."""
    r = r or rules()
    i = res.span.start
    for w in r.below_words:
        if review_text[max(0, i - len(w)):i] == w or res.span.quote.startswith(w):
            return True
    # the span may begin at the metric: look right before the number inside the quote
    q = res.span.quote
    digits = re.search(r"[0-9]", q)
    return digits is not None and any(q[:digits.start()].endswith(w) for w in r.below_words)


@dataclass(frozen=True)
class Pair:
    """One target of year Y and what the year-Y+1 review says of it."""

    target: Target
    outcome: Result | None
    method: str  # one of METHODS, "list" (done as part of a named list), or "none"
    score: float  # of the metric match, 0 when unpaired
    direction: Direction
    ceiling: bool
    status: Status
    note: str
    rule_version: str = RULE_VERSION
    scope: str = ""  # of the outcome: year, or period-end (a level at the end of a five-year review)
    statement: Span | None = None  # completed_no_figure: the review's words saying it was done
    indicator: str | None = None  # the target's canonical indicator (graph.indicators), if any

    figureless: bool = False  # read by reconcile itself, not by the extractor (争创全国文明城市“六连冠”)

    @property
    def relative(self) -> bool:
        """A target stated against another figure (与经济增长同步), or one read here without a figure
        the extractor knows (a title held N times running): no node in the plan's graph."""
        return self.target.comparator == "sync" or self.figureless

    @property
    def outcome_span(self) -> Span | None:
        """Where the review states the outcome: the result's figure or the completion statement."""
        return self.outcome.span if self.outcome is not None else self.statement


def year_targets(ex: Extraction, year: int) -> list[Target]:
    """The targets of year `year`: due that year, not part of a period's goals."""
    return [t for t in ex.targets if t.year == year and t.period is None]


def review_cues(text: str, year: int, r: Rules | None = None) -> list[tuple[int, str]]:
    """(offset, "year" | "period") of every cue that opens a review of the year or of the five years."""
    r = r or rules()
    cues = {}
    for kind, words in (("period", r.period_cues), ("year", r.year_cues)):
        for w in words:
            w = w.replace("{Y}", str(year))
            start = text.find(w)
            while start != -1:
                if not _in_combined_heading(text, start, year, r):
                    cues[start] = kind  # a year cue at the same offset wins (it is listed second)
                start = text.find(w, start + 1)
    return sorted(cues.items())


def _in_combined_heading(text: str, at: int, year: int, r: Rules) -> bool:
    """一、2025年和“十四五”时期工作回顾 (or “十四五”时期和2025年…): a heading naming both the year and
    the period cuts nothing; the cues of the paragraphs under it do."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    return len(line) <= r.combined_heading_max and "。" not in line and f"{year}年" in line \
        and any(c in line for c in r.period_cues)


def block_at(cues: Sequence[tuple[int, str]], pos: int) -> str:
    """year or period: the review block the offset lies in (year when no cue precedes it)."""
    block = "year"
    for at, kind in cues:
        if at > pos:
            break
        block = kind
    return block


# 由7473公里增至9310公里, 从4%提高到51.6%: the from-value is where things stood before the year.
_FROM_VALUE = re.compile(r"[由从][0-9]")
_CLAUSE_END = "，,；;。！？：:\n"
_SENTENCE_END = "。；;！？\n"


def _clause_to(text: str, res: Result) -> str:
    """The result's clause, from its start to the end of the result."""
    i = res.span.start
    while i > 0 and text[i - 1] not in _CLAUSE_END:
        i -= 1
    return text[i:res.span.end]


def _sentence_states_period(text: str, res: Result, r: Rules) -> bool:
    """The result's own sentence, up to its figure, says it covers several years (五年, 年均, 十四五)."""
    i = res.span.start
    while i > 0 and text[i - 1] not in _SENTENCE_END:
        i -= 1
    return any(w in text[i:res.span.end] for w in r.period_words)


def end_state(text: str, res: Result, r: Rules | None = None) -> bool:
    """The result says where things stand (地铁运营总里程达411公里), not what the years added up to."""
    r = r or rules()
    if res.kind == "growth":
        return False
    clause = _clause_to(text, res)
    if any(w in clause for w in r.not_end_state_words):
        return False
    return res.kind in r.end_state_kinds or any(w in clause for w in r.end_state_words)


def outcome_scope(text: str, res: Result, cues: Sequence[tuple[int, str]], r: Rules | None = None) -> str | None:
    """year: the result is an outcome of the year reviewed; period-end: an end-of-period level in a
    five-year review (the year's level too); None: a five-year figure, not an outcome of the year."""
    r = r or rules()
    if block_at(cues, res.span.start) == "year" and (res.period is None or not _sentence_states_period(text, res, r)):
        # 2025年是“十四五”收官之年。…全省地区生产总值增长4.2%: the extractor dates the paragraph's
        # figures by its opening words (a period), the review cues by the year it reviews
        return "year"
    if any(w in _clause_to(text, res) for w in r.every_year_words):
        return "year"  # 每年实施20项重点民生实事: every year of the five, Y among them
    return "period-end" if end_state(text, res, r) else None


def year_results(ex: Extraction, year: int, r: Rules | None = None) -> list[tuple[Result, str]]:
    """The outcomes of year `year` with their scope: results of that year, not five-year totals or
    averages. A result the extractor gave a period (2021-2025), or one in a five-year block of the
    review, counts only as an end state: where things stand at the end of the period, which is
    the end of year Y (建成智能算力超4.8万P), never 累计/年均 figures."""
    r = r or rules()
    cues = review_cues(ex.text, year, r)
    out = []
    for x in ex.results:
        if x.year != year or _FROM_VALUE.search(x.span.quote):
            continue
        scope = outcome_scope(ex.text, x, cues, r)
        if scope:
            out.append((x, scope))
    return out


def carried_subjects(text: str, results: Sequence[Result], r: Rules | None = None) -> dict[str, str]:
    """Result key -> the metric of the subject a growth figure continues.

    全省地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%: the extractor names the growth
    figure after the words before it (稳居全国前十强); the figure is the growth of the subject of
    the level just before it, in the same sentence, when a joiner (、) follows that level and the
    words right before the number are a growth word alone."""
    r = r or rules()
    out: dict[str, str] = {}
    ordered = sorted(results, key=lambda x: x.span.start)
    for prev, x in pairwise(ordered):
        if x.kind != "growth" or prev.kind not in ("level", "density"):
            continue
        pre = text[prev.span.end:x.quantity.span.start]
        if not pre or pre[0] not in r.subject_joiners or any(c in pre for c in _SENTENCE_END):
            continue
        first = pre[1:]
        last = re.split(f"[{re.escape(r.subject_joiners)}]", pre)[-1]
        if last in r.subject_growth_words or first.startswith(r.subject_growth_words):
            out[x.key] = prev.metric
    return out


def is_stock(target: Target, r: Rules | None = None) -> bool:
    """The target says where things shall stand at the end of the year (智能算力规模达2万P, a
    share), not what the year adds (建设农村“水盆子”684个, 新建5G基站8000个): only a stock target
    takes an end-of-period level from a five-year review as its outcome."""
    r = r or rules()
    if target.metric.startswith(r.flow_prefixes):
        return False
    return target.kind in ("share", "density") or any(w in target.span.quote for w in r.stock_words)


def counted_name(text: str, fig: Target | Result, r: Rules | None = None) -> str | None:
    """What a figure written before its noun counts: 289个|省重点项目, 建成150个|基层消防站,
    办好…10件|实事 — the words right after the figure's unit, up to the clause's end, when they
    are a name (two characters or more, not a comparator word or 的)."""
    r = r or rules()
    end = fig.quantity.span.end
    i = end
    while i < len(text) and text[i] not in _CLAUSE_END and text[i] not in "、（(":
        i += 1
    name = text[end:i].strip()
    if len(name) < 2 or not ("\u4e00" <= name[0] <= "\u9fff" or name[0] in "“\"") \
            or name.startswith(r.counted_stops) or len(name) > r.counted_max:
        return None
    return name


def topic_name(text: str, fig: Target | Result, r: Rules | None = None) -> str | None:
    """A bare measure's subject, named by the clause before it (深入推进“十百千万”工程，实施省大中型
    项目4600个以上，完成投资1.2万亿元左右 -> “十百千万”工程投资): when the figure's metric is only a
    measure (reconcile.toml bare_measures), the nearest earlier clause of its sentence without a
    figure is what it measures."""
    r = r or rules()
    if normalize_metric(fig.metric, r) not in r.bare_measures:
        return None
    end = fig.span.start
    while end > 0 and text[end - 1] not in _CLAUSE_END:
        end -= 1
    while end > 0 and text[end - 1] not in _SENTENCE_END:
        b = end - 1
        a = b
        while a > 0 and text[a - 1] not in _CLAUSE_END:
            a -= 1
        clause = text[a:b]
        if not re.search(r"[0-9０-９]", clause) and len(clause) >= 2:
            return clause + fig.metric
        end = a
    return None


def kinds_match(target_kind: str, result_kind: str) -> bool:
    """Growth against growth, a level against a level (share and density are levels of a kind)."""
    return target_kind == result_kind


def _kinds_differ(target_kind: str, result_kind: str) -> bool:
    """A growth target and a level outcome of one indicator (or the other way round): the review
    states the indicator, but not as the target does, so the pair is unclear."""
    return {target_kind, result_kind} in ({"growth", "level"}, {"growth", "share"}, {"growth", "density"})


def _canonical(metric: str, kind: str, unit: str) -> str | None:
    m = indicators.match(metric, kind, unit)
    return None if m is None else m.concept.id


@dataclass(frozen=True)
class Candidate:
    """One result that may be a target's outcome, with how well it fits."""

    rank: tuple[float, ...]
    result: Result
    scope: str
    method: str
    score: float
    name: str  # the outcome's metric it matched by (its own or its subject's)
    kind_differs: bool
    other_scope: str = ""  # the outcome's canonical indicator, when it covers another scope than the target's
    combined: bool = False  # matched by one subject of a figure stated for several (交通、能源、水利完成投资)
    of_plan: bool = False  # the outcome is a share of the year's plan (完成年计划的118.2%)


def candidates(target: Target, results: Sequence[tuple[Result, str]],
               aliases: Mapping[str, Sequence[str]] | None = None, r: Rules | None = None,
               target_aliases: Sequence[str] = (), review_text: str = "") -> list[Candidate]:
    """Every result that states the target's indicator, best first.

    A canonical indicator (graph.indicators) that both map to is the best match ("indicator");
    two different ones are never paired, and a growth target of a canonical indicator takes no
    loose match (a metric that contains it names a part of it: 规上装备工业增加值). Else the
    metrics: equal, equal after normalisation, one containing the other, similar. Ties go to the unit
    as written, to an outcome of the year before an end-of-period level, to comparable units, then to
    the earliest in the text.

    A loose match (contains, similar) needs units of one kind: 高速公路 in 15条高速公路 is not the
    target 高速公路通车里程9300公里; an exact or normalised one keeps other units and is unclear.
    A result of the other kind (growth against level) is a candidate only by an exact or normalised
    metric, and only after every result of the target's kind.

    `aliases`: result key -> other names of the result (its carried subject, what it counts);
    `target_aliases`: other names of the target (what it counts, graph.reconcile.counted_name)."""
    r = r or rules()
    aliases = aliases or {}
    t_names = tuple(dict.fromkeys((target.metric, *target_aliases)))
    stock = is_stock(target, r)
    flow = target.kind == "level" and any(w in target.span.quote for w in r.flow_prefixes)
    t_concept = _canonical(target.metric, target.kind, target.quantity.unit_normalized)
    out: list[Candidate] = []
    for res, scope in results:
        # 城镇新增就业…完成年计划的118.2%: a share of the year's plan is the level target's outcome
        of_plan = target.kind == "level" and res.kind == "share" and bool(review_text) \
            and share_of_plan(review_text, res, r)
        same_kind = of_plan or kinds_match(target.kind, res.kind)
        if scope != "year" and not stock and same_kind:
            continue
        if not same_kind and not _kinds_differ(target.kind, res.kind):
            continue
        if stock and res.metric.startswith(r.flow_prefixes):
            continue  # 绿色有机食品基地面积稳定在1亿亩 is not met by 新增…536万亩, what the year added
        if flow and res.kind == "level" and _states_stock(res, review_text, r):
            continue  # 保护性耕作面积新增200万亩 is not met by …面积达到4179万亩, where things stand
        if target.kind == "growth" and res.kind == "growth" and target.quantity.unit_normalized == "percent" \
                and res.quantity.unit_normalized == "pp":
            continue  # 增速高于全国12个百分点 is a gap between rates, not the growth rate
        # (method, score, the name it matched by, the outcome's indicator when of another scope)
        best: tuple[str, float, str, str] | None = None
        # one figure for several subjects (交通、能源、水利完成投资): a subject alone, only when the
        # names as written match no better than loosely (建设、改造农村公路 is one thing done two
        # ways), and never in a 分别 list, whose figures are one per subject
        names = tuple(dict.fromkeys((res.metric, *aliases.get(res.key, ()))))
        pieces = () if "分别" in res.span.quote else combined_names(res.metric, r)
        for name in (*names, *pieces):
            if name in pieces and best is not None and best[0] not in ("contains", "similar"):
                break
            found: tuple[str, float] | None
            other = ""
            o_concept = _canonical(name, res.kind, res.quantity.unit_normalized) if same_kind else None
            if t_concept and o_concept:
                same = t_concept == o_concept or (t_concept, o_concept) in r.stated_as
                if not same and frozenset((t_concept, o_concept)) in r.other_scope:
                    found, other = ("indicator", 0.5), o_concept  # 城镇居民… against 全体居民…: unclear
                else:
                    found = ("indicator", 1.0) if same else None
            else:
                found = next((m for m in (match_metric(t, name, r) for t in t_names) if m), None)
                if found is None and same_kind and any(measure_of(t, name, r) for t in t_names):
                    found = ("contains", 0.5)  # 省市县重点项目 against its 完成投资: paired, units differ
                if t_concept and target.kind == "growth" and found and found[0] in ("contains", "similar"):
                    found = None  # 规上装备工业增加值增长8.4% is a part's growth, not 规上工业增加值's
            if found and (same_kind or found[0] in ("metric", "normalized")):
                if best is None or METHODS.index(found[0]) < METHODS.index(best[0]):
                    best = (found[0], found[1], name, other)
        if best is None:
            continue
        method, score, name, other = best
        combined = name not in names
        units_ok = of_plan or same_kind and comparable(target.quantity.value, target.quantity.unit,
                                                       res.quantity.value, res.quantity.unit, r) is not None
        if method in ("contains", "similar") and not units_ok and not (
                same_kind and any(measure_of(t, name, r) for t in t_names)):
            continue
        if scope != "year" and units_ok and _too_large(target, res, r):
            continue
        # on a tie the unit as written decides (10件实事 takes 10件为民实事 before 15项实事 can)
        rank = (1.0 if same_kind else 0.0, 0.0 if combined else 1.0, -METHODS.index(method), score,
                1.0 if res.quantity.unit == target.quantity.unit else 0.0, 1.0 if scope == "year" else 0.0,
                1.0 if units_ok else 0.0, -res.span.start)
        out.append(Candidate(rank, res, scope, method, score, name, not same_kind, other, combined, of_plan))
    return sorted(out, key=lambda c: c.rank, reverse=True)


def combined_names(metric: str, r: Rules | None = None) -> tuple[str, ...]:
    """The subjects of a figure stated for several at once, each with the head they share:
    交通、能源、水利完成投资 -> 交通完成投资, 能源完成投资, 水利完成投资. Only short parallel items
    (reconcile.toml combined_item_max) share the last one's head; a list of examples (…等) is no
    such figure, and neither is one whose items are long phrases.

    >>> combined_names("交通、能源、水利完成投资")
    ('交通完成投资', '能源完成投资', '水利完成投资')
    >>> combined_names("游客人次、旅游花费均"), combined_names("举办春夏秋冬消费季、外贸优品购物季等活动")
    ((), ())
    """
    r = r or rules()
    items = metric.split("、")
    if len(items) < 2 or "等" in metric or any(not x or len(x) > r.combined_item_max for x in items[:-1]):
        return ()
    last = items[-1]
    head = last[len(items[0]):]
    if len(head) < 2:
        return ()
    return (*(x + head for x in items[:-1]), last)


def measure_of(a: str, b: str, r: Rules | None = None) -> bool:
    """One metric is the other's plus a measure of what it counts (省市县重点项目 and 省市县重点项目完成投资).

    >>> measure_of("省市县重点项目", "省市县重点项目完成投资"), measure_of("高速公路", "高速公路通车里程")
    (True, False)
    """
    r = r or rules()
    for short, long_ in ((a, b), (b, a)):
        for tail in r.measure_tails:
            head = long_.removesuffix(tail)
            if head != long_ and len(head) >= r.min_contained and \
                    normalize_metric(head, r) == normalize_metric(short, r) not in r.generic_heads:
                return True
    return False


def share_of_plan(text: str, res: Result, r: Rules | None = None) -> bool:
    """The share says how much of the year's plan was done: its clause, before the figure, holds
    a plan-share phrase (城镇新增就业、新增发放创业担保贷款分别完成年计划的118.2%、248.57%)."""
    r = r or rules()
    return res.quantity.unit == "%" and any(w in _clause_to(text, res) for w in r.plan_share_words)


def _states_stock(res: Result, text: str, r: Rules) -> bool:
    """The result's clause says where things stand (达到, 突破 …) and not what was added (新增 …)."""
    if not text:
        return False
    clause = _clause_to(text, res)
    return any(w in clause for w in r.stock_words) and not any(w in clause for w in r.flow_prefixes)


def _too_large(target: Target, res: Result, r: Rules) -> bool:
    """An end-of-period level far beyond the year's target is the five years' total."""
    got = comparable(target.quantity.value, target.quantity.unit, res.quantity.value, res.quantity.unit, r)
    return got is not None and target.quantity.value > 0 and got > r.max_period_end_ratio * target.quantity.value


def best_outcome(target: Target, results: Sequence[tuple[Result, str]], r: Rules | None = None
                 ) -> tuple[Result, str, str, float] | None:
    """(result, scope, method, score) of the best candidate (graph.reconcile.candidates), or None."""
    found = candidates(target, results, None, r)
    return None if not found else (found[0].result, found[0].scope, found[0].method, found[0].score)


def _baseline(target: Target, res: Result, before: Sequence[Result], r: Rules) -> float | None:
    """城镇化率提高0.9个百分点 against 城镇化率达63%: the change from the level the year-Y plan's
    review gives for Y-1 (62.1%), or None when it gives none."""
    if target.kind != "growth" or res.kind != "share" or target.quantity.unit_normalized != "pp":
        return None
    for b in before:
        if b.kind == "share" and b.quantity.unit == res.quantity.unit and \
                normalize_metric(b.metric, r) == normalize_metric(res.metric, r):
            return round(res.quantity.value - b.quantity.value, 6)
    return None


def target_direction(target: Target, r: Rules) -> Direction:
    """The target's direction as the extractor recorded it; its words when it recorded a level."""
    if target.direction == "increase":
        return "increase"
    if target.direction == "decrease":
        return "decrease"
    return direction_of(target.span.quote, target.kind, r)


def judge(target: Target, c: Candidate | None, r: Rules, review_text: str = "",
          before: Sequence[Result] = ()) -> Pair:
    """The pair of one target and its chosen candidate: the status by rule v1; unclear when the
    outcome covers another scope or states the indicator in another kind."""
    direction = target_direction(target, r)
    ceiling = is_ceiling(target.metric, target.comparator, r)
    concept = _canonical(target.metric, target.kind, target.quantity.unit_normalized)
    q = target.quantity
    if c is None:
        return Pair(target, None, "none", 0.0, direction, ceiling, "not_reported", "", r.version, indicator=concept)
    res = c.result
    if c.other_scope:
        v = Verdict("unclear", f"scope differs: the review states {c.other_scope} ({res.span.quote})")
    elif c.combined:
        v = Verdict("unclear", f"scope differs: the review states one figure for {res.metric} ({res.span.quote})")
    elif c.of_plan:
        done = res.quantity.value >= 100
        v = Verdict("met" if done else "not_met",
                    f"{res.quantity.value:g}% of the year's plan {'>=' if done else '<'} 100%")
    elif c.kind_differs:
        change = _baseline(target, res, before, r)
        if change is None:
            v = Verdict("unclear", f"the review gives the indicator as a {res.kind} ({res.span.quote}), "
                                   f"the target as a {target.kind}")
        else:
            v = status_v1(q.value, q.value_max, q.unit, target.comparator, direction, ceiling, change, q.unit, r)
            v = Verdict(v.status, f"{v.note} (change from the year before, which the plan's review states)")
    else:
        # 固定资产投资下降3.3% against 增长5%左右: a fall is a negative change (the figure is written
        # positive, its direction carries the sign), unless the target is a fall too (能耗下降3%)
        got = -res.quantity.value if res.kind == "growth" and res.direction == "decrease" \
            and direction != "decrease" else res.quantity.value
        v = status_v1(q.value, q.value_max, q.unit, target.comparator, direction, ceiling,
                      got, res.quantity.unit, r,
                      outcome_below=bool(review_text) and outcome_is_below(review_text, res, r))
    scope = scope_differs(target, res, review_text, r, c.name) if review_text else ""
    if scope and v.status in ("met", "not_met"):
        v = Verdict("unclear", f"{scope} ({v.note})")
    note = v.note if c.scope == "year" else f"{v.note}; end-of-period level from the five-year review".lstrip("; ")
    return Pair(target, res, c.method, round(c.score, 3), direction, ceiling, v.status, note, r.version, c.scope,
                indicator=concept)


def reconcile_target(target: Target, results: Sequence[tuple[Result, str]], r: Rules | None = None,
                     review_text: str = "") -> Pair:
    """The pair of one target alone: its best outcome and the status by rule v1."""
    r = r or rules()
    found = candidates(target, results, None, r)
    return judge(target, found[0] if found else None, r, review_text)


def assign(targets: Sequence[Target], results: Sequence[tuple[Result, str]],
           aliases: Mapping[str, Sequence[str]], r: Rules,
           target_aliases: Mapping[str, Sequence[str]] | None = None, review_text: str = "") -> dict[str, Candidate]:
    """Target key -> its outcome, each result going to one target: the best-fitting pairs first
    (亿元以上技改项目 takes 亿元以上重点技改项目 before 亿元以上重点项目 can). A target stated
    twice (the same metric, figure and unit) shares its twin's outcome, and a target of the other
    kind may share a taken result: 固定资产投资增长3.7% is the outcome of the growth target and
    the (unclear) outcome of 固定资产投资超过8500亿元, which the review states only as growth."""
    target_aliases = target_aliases or {}
    ranked = sorted(((c.rank, -t.span.start, t.key, t, c) for t in targets
                     for c in candidates(t, results, aliases, r, target_aliases.get(t.key, ()), review_text)),
                    key=lambda x: x[:3], reverse=True)
    chosen: dict[str, Candidate] = {}
    taken: dict[str, Target] = {}
    for _, _, _, t, c in ranked:
        if t.key in chosen:
            continue
        owner = taken.get(c.result.key)
        if owner is not None and not _twins(owner, t, r) and not c.kind_differs and not c.other_scope \
                and not c.combined:
            continue
        chosen[t.key] = c
        taken.setdefault(c.result.key, t)
    return chosen


def _twins(a: Target, b: Target, r: Rules) -> bool:
    """One target stated twice: the same figure and unit, of one metric or one canonical indicator
    (接待游客近3亿人次 in the targets list, 游客数量突破3亿人次 in the work part)."""
    if (a.quantity.value, a.quantity.unit) != (b.quantity.value, b.quantity.unit):
        return False
    if normalize_metric(a.metric, r) == normalize_metric(b.metric, r):
        return True
    concept = _canonical(a.metric, a.kind, a.quantity.unit_normalized)
    return concept is not None and concept == _canonical(b.metric, b.kind, b.quantity.unit_normalized)


# -- completed without a figure ---------------------------------------------------------------------

def completion_statements(text: str, year: int, r: Rules | None = None) -> list[tuple[str, Span]]:
    """(list name, clause) of every clause of the year's review that says a named list was done
    (“十大重点民生实事”全面完成): the list name and a completion word in one clause."""
    r = r or rules()
    cues = review_cues(text, year, r)
    out = []
    for name in r.list_names:
        start = text.find(name)
        while start != -1:
            a = start
            while a > 0 and text[a - 1] not in _CLAUSE_END:
                a -= 1
            b = start
            while b < len(text) and text[b] not in _CLAUSE_END:
                b += 1
            clause = text[a:b]
            if block_at(cues, start) == "year" and any(w in clause for w in r.completion_words):
                out.append((name, Span(a, b, clause)))
            start = text.find(name, b)
    return sorted(out, key=lambda x: x[1].start)


def listed_under(text: str, target: Target, name: str, r: Rules | None = None) -> bool:
    """The target is an item of the list `name`: the name stands in its paragraph, before it, or
    in the heading line of a list of its own above it (2025年10件惠民实事), with no 附件 between."""
    r = r or rules()
    para_start = text.rfind("\n", 0, target.span.start) + 1
    if name in text[para_start:target.span.start]:
        return True
    end = para_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line.startswith(r.list_heading_stops):
            return False
        if (name in line and len(line) <= r.list_heading_max_chars and not any(c in line for c in "。；;")
                and r.list_heading_marks.search(line)):
            return True
        end = start - 1
    return False


def completed(pair: Pair, plan_text: str, statements: Sequence[tuple[str, Span]], r: Rules) -> Pair:
    """An unpaired target of a list the review says was done: completed_no_figure, with the
    review's statement as its outcome quote."""
    if pair.outcome is not None:
        return pair
    for name, span in statements:
        if listed_under(plan_text, pair.target, name, r):
            return replace(pair, method="list", status="completed_no_figure", statement=span, scope="year",
                           note=f"the review says the {name} list was done, without a figure for the item")
    return pair


def done_figures(text: str, results: Sequence[Result], year: int, r: Rules | None = None
                 ) -> list[tuple[Result, Span]]:
    """(result, statement) of every figure of year `year` the review says was done in full: a
    completion word right before it (全面完成1500多个城中村综合治理). The figure may be a five-year
    total, so it is no outcome to compare with, but a year's target of the same thing is done."""
    r = r or rules()
    out = []
    for x in results:
        if x.year != year or x.kind != "level":
            continue
        a = x.span.start
        for w in r.completion_words:
            if text[max(0, a - len(w)):a] == w:
                out.append((x, Span(a - len(w), x.span.end, text[a - len(w):x.span.end])))
                break
    return out


def done_in_full(pair: Pair, done: Sequence[tuple[Result, Span]], r: Rules) -> Pair:
    """An unpaired level target whose indicator the review says was done in full (全面完成…):
    completed_no_figure, with that statement as its outcome quote (完成剩余400个城中村综合整治
    against 全面完成1500多个城中村综合治理, a five-year total)."""
    if pair.outcome is not None or pair.statement is not None or pair.target.kind != "level":
        return pair
    for x, span in done:
        m = match_metric(pair.target.metric, x.metric, r)
        if m is not None and m[0] != "similar":
            return replace(pair, method=m[0], score=round(m[1], 3), status="completed_no_figure", statement=span,
                           scope="year", note=f"the review says it was done in full ({span.quote}); "
                                              "its figure is not the year's")
    return pair


def _figureless_clauses(review: Extraction, year: int, r: Rules) -> list[tuple[str, int]]:
    """(clause, offset) of every clause without a figure in the year's block of the review."""
    cues = review_cues(review.text, year, r)
    text = review.text
    out = []
    for para in review.paragraphs:
        if para.zone != "review":
            continue
        a = para.span.start
        for m in re.finditer(f"[^{re.escape(_CLAUSE_END)}]+", text[a:para.span.end]):
            at = a + m.start()
            if block_at(cues, at) == "year" and not re.search(r"[0-9０-９]", m.group(0)):
                out.append((m.group(0), at))
    return out


def flat_statements(review: Extraction, year: int, r: Rules | None = None) -> list[tuple[str, Span]]:
    """(subject, clause) of every clause of the year's review saying a figure did not change, without
    a figure (居民消费价格与上年持平, 居民消费价格指数持平): a growth of 0, for a growth target's status."""
    r = r or rules()
    out = []
    for clause, at in _figureless_clauses(review, year, r):
        phrase = next((w for w in r.flat_phrases if clause.endswith(w)), None)
        subject = clause[:len(clause) - len(phrase)] if phrase else ""
        if len(subject) >= 2:
            out.append((subject, Span(at, at + len(clause), clause)))
    return out


def flat(pair: Pair, statements: Sequence[tuple[str, Span]], r: Rules) -> Pair:
    """An unpaired growth target whose indicator the review says stayed flat: its status against a
    growth of 0 (居民消费价格涨幅2%左右 against 居民消费价格与上年持平: met, a ceiling)."""
    t = pair.target
    if pair.outcome is not None or pair.statement is not None or pair.relative or t.kind != "growth":
        return pair
    concept = _canonical(t.metric, t.kind, t.quantity.unit_normalized)
    for subject, span in statements:
        other = _canonical(subject, t.kind, t.quantity.unit_normalized)
        m = (("indicator", 1.0) if concept == other else None) if concept and other else match_metric(t.metric, subject, r)
        if m is None:
            continue
        v = status_v1(t.quantity.value, t.quantity.value_max, t.quantity.unit, t.comparator, pair.direction,
                      pair.ceiling, 0.0, t.quantity.unit, r)
        return replace(pair, method=m[0], score=round(m[1], 3), status=v.status, statement=span, scope="year",
                       note=f"{v.note}; the review says it stayed flat ({span.quote}): a change of 0")
    return pair


def achieved_statements(review: Extraction, year: int, r: Rules | None = None) -> list[tuple[str, Span]]:
    """(subject, clause) of every clause of the year's review that says, without a figure, that
    something was achieved: 全省单位地区生产总值能耗完成国家下达目标, 居民收入稳步增长. The subject
    is the clause's words before the phrase; a clause naming several (…和…、…及…) gives each."""
    r = r or rules()
    out: list[tuple[str, Span]] = []
    for clause, at in _figureless_clauses(review, year, r):
        inner = next((m2 for pat in r.achieved_patterns if (m2 := pat.search(clause))), None)
        phrase = next((w for w in r.achieved_phrases if w in clause), None)
        if inner is not None:  # 完成年度“四类管线”改造任务: the subject inside the phrase
            subject = inner.group("subject")
        elif phrase is not None:
            subject = clause[:clause.index(phrase)]
        else:
            continue
        for mark in r.example_marks:  # 先进金属材料、航空航天等产业营收: what follows 等 is the subject
            subject = subject.rpartition(mark)[2]
        for item in re.split(f"[{re.escape(r.achieved_item_joiners)}]", subject):
            for w in (*r.relative_trailing, *r.decrease_words, *r.achieved_trailing):
                item = item.removesuffix(w)
            for w in r.achieved_leading:
                item = item.removeprefix(w)
            if len(item) >= 2 and item not in r.achieved_stop:
                out.append((item, Span(at, at + len(clause), clause)))
    return out


def achieved(pair: Pair, statements: Sequence[tuple[str, Span]], r: Rules) -> Pair:
    """An unpaired target whose indicator the year's review says was achieved without a figure
    (单位地区生产总值能耗下降3% against 单位地区生产总值能耗完成国家下达目标): completed_no_figure,
    with that clause as its outcome quote. The names match as a canonical indicator or as metrics
    (graph.reconcile.match_metric)."""
    if pair.outcome is not None or pair.statement is not None or pair.relative:
        return pair
    t = pair.target
    t_concept = _canonical(t.metric, t.kind, t.quantity.unit_normalized)
    for subject, span in statements:
        o_concept = _canonical(subject, t.kind, t.quantity.unit_normalized)
        if t_concept and o_concept:
            m: tuple[str, float] | None = ("indicator", 1.0) if t_concept == o_concept else None
        else:
            m = match_metric(t.metric, subject, r)
        if m is not None:
            return replace(pair, method=m[0], score=round(m[1], 3), status="completed_no_figure", statement=span,
                           scope="year", note=f"the review says it was achieved, without a figure ({span.quote})")
    return pair


# -- titles held several times running (争创全国文明城市“六连冠”) ------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def chinese_count(s: str) -> int | None:
    """六 -> 6, 十二 -> 12, 7 -> 7 (numbers of times a title was held: up to 九十九).

    >>> chinese_count("六"), chinese_count("十二"), chinese_count("二十"), chinese_count("7"), chinese_count("百")
    (6, 12, 20, 7, None)
    """
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS for c in s):
        return None
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def title_targets(plan: Extraction, year: int, r: Rules | None = None) -> list[Target]:
    """Targets of a title to hold N times running (争创全国文明城市“六连冠”、全国双拥模范城“七连冠”),
    read from the plan's paragraphs of the year by reconcile.toml [titles] plan_pattern: the title
    is the words before the quote, a leading verb (争创, 创建) stripped; 争创 makes it aspirational
    for the list it opens. No figure the extractor knows: a stand-in quantity of N, unit 连冠."""
    r = r or rules()
    text = plan.text
    out: list[Target] = []
    for para in plan.paragraphs:
        if para.zone != "plan":
            continue
        for m in r.title_plan.finditer(text, para.span.start, para.span.end):
            n = chinese_count(m.group("n"))
            title = m.group("title")
            aspirational = False
            for w in r.title_leading:
                if title.startswith(w):
                    title, aspirational = title[len(w):], aspirational or w in r.title_aspirational
            if n is None or len(title) < 2:
                continue
            # 争创A“六连冠”、B“七连冠”: the verb before the list governs its items
            a = m.start()
            while a > para.span.start and text[a - 1] not in _CLAUSE_END:
                a -= 1
            aspirational = aspirational or any(w in text[a:m.start()] for w in r.title_aspirational)
            span = Span(m.start("title") + (len(m.group("title")) - len(title)), m.end(),
                        text[m.start("title") + (len(m.group("title")) - len(title)):m.end()])
            q = Quantity(float(n), None, "连冠", float(n), None, "", Span(m.start("n"), m.end(), text[m.start("n"):m.end()]))
            key = stable_key("title", plan.document.doc_id, span.start, title)
            out.append(Target(key, None, None, title, q, ">=", "level", aspirational, year, None, span,
                              direction="increase"))
    return out


def judge_title(target: Target, review: Extraction, r: Rules) -> Pair:
    """The title target against the review: held M times running (实现全国双拥模范城“七连冠”, 连续六届
    入选全国文明城市) is met when M reaches the target's count; nothing said: not_reported."""
    text = review.text
    want = int(target.quantity.value)
    for para in review.paragraphs:
        if para.zone != "review":
            continue
        for pattern in r.title_review:
            for m in pattern.finditer(text, para.span.start, para.span.end):
                title = m.group("title")
                for w in r.title_leading:
                    title = title.removeprefix(w)
                if title != target.metric:
                    continue
                got = chinese_count(m.group("n"))
                if got is None:
                    continue
                ok = got >= want
                return Pair(target, None, "metric", 1.0, "increase", False, "met" if ok else "not_met",
                            f"held {got} times running {'>=' if ok else '<'} {want}", r.version, "year",
                            statement=Span(m.start(), m.end(), m.group(0)), figureless=True)
    return Pair(target, None, "none", 0.0, "increase", False, "not_reported", "", r.version, figureless=True)


# -- targets relative to another figure (sync) ------------------------------------------------------

def relative_targets(plan: Extraction, year: int, r: Rules | None = None) -> list[tuple[Target, str]]:
    """(target, base) of every target of year `year` stated against another figure, without one of
    its own: 居民收入增长与经济增长同步 (base gdp), …增速高于全国平均水平 (base national).

    The extractor records figures only; these are read from the paragraphs that hold the year's
    targets (so a review's 高于全国平均水平 is never one), by the phrases of reconcile.toml
    [relative]. The subject is the clause's words before the phrase, its growth word dropped.
    The record's comparator is "sync", its quantity a stand-in of 0 (it has no figure)."""
    r = r or rules()
    text = plan.text
    spans = sorted({_paragraph_of(text, t.span.start) for t in year_targets(plan, year)})
    out: list[tuple[Target, str]] = []
    for a, b in spans:
        for phrase, base in r.relative_phrases:
            at = text.find(phrase, a, b)
            while at != -1:
                after = text[at + len(phrase):at + len(phrase) + 1]
                start, subject = _relative_subject(text, a, at, r)
                if len(subject) >= 2 and not after.isdigit():
                    span = Span(start, at + len(phrase), text[start:at + len(phrase)])
                    q = Quantity(0.0, None, "", 0.0, None, "", span)
                    key = stable_key("relative", plan.document.doc_id, span.start, phrase)
                    out.append((Target(key, None, None, subject, q, "sync", "growth", False, year, None, span,
                                       direction="increase"), base))
                at = text.find(phrase, at + len(phrase), b)
    return sorted(out, key=lambda x: x[0].span.start)


def _relative_subject(text: str, a: int, at: int, r: Rules) -> tuple[int, str]:
    """(start, subject) of the relative phrase at `at`: the clause's words before it, how they are
    said stripped. A phrase right after 、 and another phrase shares that one's subject
    (农村常住居民人均可支配收入增速高于全国平均水平、高于城镇居民收入增速): its span is the phrase alone."""
    start = at
    while start > a and text[start - 1] not in _CLAUSE_END + "、":
        start -= 1
    subject = text[start:at]
    for w in r.relative_leading:
        subject = subject.removeprefix(w)
    for w in r.relative_trailing:
        subject = subject.removesuffix(w)
    if not subject and start > a and text[start - 1] == "、":
        for phrase, _ in r.relative_phrases:
            if text.endswith(phrase, a, start - 1):
                return at, _relative_subject(text, a, start - 1 - len(phrase), r)[1]
    return start, subject


def _base_of(base: str, r: Rules) -> tuple[str, str] | None:
    """(canonical indicator, its name in a note) of a relative target's base, None for one a review
    does not state (the national average)."""
    return next(((ind, label) for b, ind, label in r.relative_bases if b == base), None)


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b == -1 else b


def base_growth(results: Sequence[tuple[Result, str]], base: str, r: Rules,
                aliases: Mapping[str, Sequence[str]] | None = None) -> Result | None:
    """The figure a relative target is read against: the year's GDP growth for base gdp (by the
    result's metric or a name it carries, graph.reconcile.carried_subjects); the year's urban
    income growth for base urban (…增速高于城镇居民收入增速)."""
    found = _base_of(base, r)
    if found is None:
        return None
    indicator = found[0]
    aliases = aliases or {}
    for res, scope in results:
        if scope == "year" and res.kind == "growth" and any(
                _canonical(name, res.kind, res.quantity.unit_normalized) == indicator
                for name in (res.metric, *aliases.get(res.key, ()))):
            return res
    return None


def judge_relative(target: Target, base: str, results: Sequence[tuple[Result, str]],
                   aliases: Mapping[str, Sequence[str]], r: Rules, review_text: str) -> Pair:
    """A relative target against the growth the review states for its subject: met when it is at
    least the base's (rule v1: the GDP growth the review states); unclear when the review states
    no base (高于全国平均水平: the national figure is not in a provincial review)."""
    found = [c for c in candidates(target, results, aliases, r, (), review_text)
             if c.scope == "year" and c.method in ("indicator", "metric", "normalized", "contains")]
    if not found:
        return Pair(target, None, "none", 0.0, "increase", False, "not_reported", "", r.version)
    c = found[0]
    got = c.result.quantity.value
    scope = scope_differs(target, c.result, review_text, r, c.name)
    base_res = base_growth(results, base, r, aliases)
    if c.other_scope:
        verdict = Verdict("unclear", f"scope differs: the review states {c.other_scope} ({c.result.span.quote})")
    elif scope:
        verdict = Verdict("unclear", scope)
    elif base_res is None:
        verdict = Verdict("unclear", f"relative to {base}: the review states no figure to compare with")
    else:
        label = (_base_of(base, r) or ("", base))[1]
        ok = got >= base_res.quantity.value
        verdict = Verdict("met" if ok else "not_met",
                          f"{got:g} {'>=' if ok else '<'} {base_res.quantity.value:g} ({label} in the review)")
    return Pair(target, c.result, c.method, round(c.score, 3), "increase", False, verdict.status, verdict.note,
                r.version, c.scope)


@dataclass(frozen=True)
class Documents:
    """The pair of documents and the year reconciled."""

    year: int
    jurisdiction: str | None
    jurisdiction_code: str | None


def check_documents(plan: Extraction, review: Extraction, year: int | None = None) -> Documents:
    """The year to reconcile, or ReconcileError when the two documents are not a pair.

    `year` (given by the user) overrides the plan years the texts state; the jurisdictions must
    agree whenever both are known.
    """
    a, b = plan.document, review.document
    if a.jurisdiction_code and b.jurisdiction_code and a.jurisdiction_code != b.jurisdiction_code:
        raise ReconcileError(f"different jurisdictions: {a.source_name} is {a.jurisdiction} "
                             f"({a.jurisdiction_code}), {b.source_name} is {b.jurisdiction} ({b.jurisdiction_code})")
    if not (a.jurisdiction_code and b.jurisdiction_code) and a.jurisdiction and b.jurisdiction \
            and a.jurisdiction != b.jurisdiction:
        raise ReconcileError(f"different jurisdictions: {a.source_name} is {a.jurisdiction}, "
                             f"{b.source_name} is {b.jurisdiction}")
    if year is None:
        if a.plan_year is None or b.plan_year is None:
            missing = a.source_name if a.plan_year is None else b.source_name
            raise ReconcileError(f"{missing}: no plan year found in the text; give it with --year")
        if b.plan_year != a.plan_year + 1:
            raise ReconcileError(f"plan years not consecutive: {a.source_name} is for {a.plan_year}, "
                                 f"{b.source_name} for {b.plan_year} (the second must review the first's year)")
        year = a.plan_year
    return Documents(year, a.jurisdiction or b.jurisdiction, a.jurisdiction_code or b.jurisdiction_code)


def reconcile(plan: Extraction, review: Extraction, year: int | None = None,
              r: Rules | None = None) -> tuple[Documents, list[Pair]]:
    """Every target of year Y in `plan`, paired with its outcome in `review` (in text order)."""
    r = r or rules()
    docs = check_documents(plan, review, year)
    results = year_results(review, docs.year, r)
    aliases: dict[str, tuple[str, ...]] = {}
    for key, subject in carried_subjects(review.text, [x for x, _ in results], r).items():
        aliases[key] = (subject,)
    for x, _ in results:
        counted = counted_name(review.text, x, r)
        if counted:
            aliases[x.key] = (*aliases.get(x.key, ()), counted)
    targets = year_targets(plan, docs.year)
    target_aliases = {t.key: tuple(n for n in (counted_name(plan.text, t, r), topic_name(plan.text, t, r)) if n)
                      for t in targets}
    chosen = assign(targets, results, aliases, r, target_aliases, review.text)
    # the year before, as the plan's own review states it (a change in points against a level)
    before = [x for x in plan.results if x.year == docs.year - 1 and x.kind == "share"]
    statements = completion_statements(review.text, docs.year, r)
    done = done_figures(review.text, review.results, docs.year, r)
    said = achieved_statements(review, docs.year, r)
    flats = flat_statements(review, docs.year, r)
    pairs = [flat(achieved(done_in_full(completed(judge(t, chosen.get(t.key), r, review.text, before), plan.text,
                                                  statements, r), done, r), said, r), flats, r)
             for t in targets]
    # targets against another figure (与经济增长同步): read apart, they take no result from the others
    pairs += [judge_relative(t, base, results, aliases, r, review.text)
              for t, base in relative_targets(plan, docs.year, r)]
    pairs += [judge_title(t, review, r) for t in title_targets(plan, docs.year, r)]
    return docs, sorted(pairs, key=lambda p: (p.target.span.start, p.target.span.end, p.target.key))

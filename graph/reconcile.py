"""Targets against outcomes (issue 14): a year-Y plan's targets paired with what the year-Y+1
report's review states for year Y, and a status per target.

Consumes: two `Extraction`s (graph.extract) of the same jurisdiction, plan years Y and Y+1, and the
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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Sequence

from graph.records import Extraction, Result, Target

DATA_FILE = Path(__file__).resolve().parent / "data" / "reconcile.toml"

Status = Literal["met", "not_met", "completed_no_figure", "not_reported", "unclear"]
STATUSES: tuple[str, ...] = ("met", "not_met", "completed_no_figure", "not_reported", "unclear")
Direction = Literal["increase", "decrease", "level"]
# How a target found its outcome, best first: the metrics as extracted are equal, equal after
# normalisation, one contains the other, or they are similar (bigram Dice).
MatchMethod = Literal["metric", "normalized", "contains", "similar", "none"]
METHODS: tuple[str, ...] = ("metric", "normalized", "contains", "similar")


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
    year_cues: tuple[str, ...]  # with {Y} for the year
    period_cues: tuple[str, ...]
    end_state_words: tuple[str, ...]
    not_end_state_words: tuple[str, ...]
    flow_prefixes: tuple[str, ...]
    conversions: tuple[tuple[str, str, float], ...]
    below_words: tuple[str, ...]
    scope_qualifiers: tuple[str, ...]
    scope_groups: tuple[str, ...]


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
        year_cues=tuple(rv["year_cues"]),
        period_cues=tuple(rv["period_cues"]),
        end_state_words=tuple(rv["end_state_words"]),
        not_end_state_words=tuple(rv["not_end_state_words"]),
        flow_prefixes=tuple(rv["flow_prefixes"]),
        conversions=tuple((a, b, float(f)) for a, b, f in st["conversions"]),
        below_words=tuple(sorted(st["below_words"], key=len, reverse=True)),
        scope_qualifiers=tuple(st["scope_qualifiers"]),
        scope_groups=tuple(st["scope_groups"]),
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
    stripped = True
    while stripped:  # 全省新增… : several prefixes in a row
        stripped = False
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
    """
    r = r or rules()
    if target_metric == result_metric:
        return "metric", 1.0
    a, b = normalize_metric(target_metric, r), normalize_metric(result_metric, r)
    if a == b:
        return "normalized", 1.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= r.min_contained and short in long_ and len(short) / len(long_) >= r.min_contained_ratio:
        return "contains", len(short) / len(long_)
    sim = similarity(a, b)
    if sim >= r.min_similarity:
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
    if tb == ob:
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


def scope_differs(target: Target, res: Result, review_text: str, r: Rules | None = None) -> str:
    """Why the outcome covers something else than the target ('' when it does not): a narrowing
    word the target does not have (扣除…后), or another population (全体居民 against 城乡居民)."""
    r = r or rules()
    context = outcome_context(review_text, res)
    for w in r.scope_qualifiers:
        if w in context and w not in target.span.quote:
            return f"scope differs: the outcome says {w}"
    groups_t = {g for g in r.scope_groups if g in target.metric}
    groups_o = {g for g in r.scope_groups if g in res.metric}
    if groups_t != groups_o:
        return f"scope differs: {'/'.join(sorted(groups_t)) or '-'} against {'/'.join(sorted(groups_o)) or '-'}"
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
    return bool(digits) and any(q[:digits.start()].endswith(w) for w in r.below_words)


@dataclass(frozen=True)
class Pair:
    """One target of year Y and what the year-Y+1 review says of it."""

    target: Target
    outcome: Result | None
    method: str  # one of METHODS, or "none"
    score: float  # of the metric match, 0 when unpaired
    direction: Direction
    ceiling: bool
    status: Status
    note: str
    rule_version: str = RULE_VERSION
    scope: str = ""  # of the outcome: year, or period-end (a level at the end of a five-year review)


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
                cues[start] = kind  # a year cue at the same offset wins (it is listed second)
                start = text.find(w, start + 1)
    return sorted(cues.items())


# 由7473公里增至9310公里, 从4%提高到51.6%: the from-value is where things stood before the year.
_FROM_VALUE = re.compile(r"[由从][0-9]")
_CLAUSE_END = "，,；;。！？：:\n"


def end_state(text: str, res: Result, r: Rules | None = None) -> bool:
    """The result says where things stand (地铁运营总里程达411公里), not what the years added up to."""
    r = r or rules()
    if res.kind == "growth":
        return False
    i = res.span.start
    while i > 0 and text[i - 1] not in _CLAUSE_END:
        i -= 1
    clause = text[i:res.span.end]
    return any(w in clause for w in r.end_state_words) and not any(w in clause for w in r.not_end_state_words)


def outcome_scope(text: str, res: Result, cues: Sequence[tuple[int, str]], r: Rules | None = None) -> str | None:
    """year: the result is an outcome of the year reviewed; period-end: an end-of-period level in a
    five-year review (the year's level too); None: a five-year figure, not an outcome of the year."""
    block = None
    for pos, kind in cues:
        if pos > res.span.start:
            break
        block = kind
    if block != "period":
        return "year"
    return "period-end" if end_state(text, res, r) else None


def year_results(ex: Extraction, year: int, r: Rules | None = None) -> list[tuple[Result, str]]:
    """The outcomes of year `year` with their scope: results of that year, not five-year totals or
    averages (those with a period, or in a five-year block of the review and not an end state)."""
    r = r or rules()
    cues = review_cues(ex.text, year, r)
    out = []
    for x in ex.results:
        if x.year != year or x.period is not None or _FROM_VALUE.search(x.span.quote):
            continue
        scope = outcome_scope(ex.text, x, cues, r)
        if scope:
            out.append((x, scope))
    return out


def kinds_match(target_kind: str, result_kind: str) -> bool:
    """Growth against growth, a level against a level (share and density are levels of a kind)."""
    return target_kind == result_kind


def best_outcome(target: Target, results: Sequence[tuple[Result, str]], r: Rules | None = None
                 ) -> tuple[Result, str, str, float] | None:
    """(result, scope, method, score) of the result that states the target's indicator and kind,
    best match first; ties go to an outcome of the year before an end-of-period level, to
    comparable units, then to the earliest in the text (deterministic).

    A loose match (contains, similar) needs units of one kind: 高速公路 in 15条高速公路 is not the
    target 高速公路通车里程9300公里; an exact or normalised one keeps other units and is unclear."""
    r = r or rules()
    best: tuple[tuple[float, ...], Result, str, str, float] | None = None
    flow = target.metric.startswith(r.flow_prefixes)
    for res, scope in results:
        if not kinds_match(target.kind, res.kind) or (flow and scope != "year"):
            continue
        m = match_metric(target.metric, res.metric, r)
        if m is None:
            continue
        method, score = m
        units_ok = comparable(target.quantity.value, target.quantity.unit, res.quantity.value,
                              res.quantity.unit, r) is not None
        if method in ("contains", "similar") and not units_ok:
            continue
        rank = (-METHODS.index(method), score, 1.0 if scope == "year" else 0.0, 1.0 if units_ok else 0.0,
                -res.span.start)
        if best is None or rank > best[0]:
            best = (rank, res, scope, method, score)
    return None if best is None else best[1:]


def reconcile_target(target: Target, results: Sequence[tuple[Result, str]], r: Rules | None = None,
                     review_text: str = "") -> Pair:
    """The pair of one target: its best outcome (graph.reconcile.best_outcome) and the status by
    rule v1; unclear when the outcome covers another scope. `review_text` is the year-Y+1 text the
    results index (for the words around an outcome's figure)."""
    r = r or rules()
    direction = direction_of(target.span.quote, target.kind, r)
    ceiling = is_ceiling(target.metric, target.comparator, r)
    found = best_outcome(target, results, r)
    q = target.quantity
    if found is None:
        return Pair(target, None, "none", 0.0, direction, ceiling, "not_reported", "", r.version)
    res, where, method, score = found
    v = status_v1(q.value, q.value_max, q.unit, target.comparator, direction, ceiling,
                  res.quantity.value, res.quantity.unit, r,
                  outcome_below=bool(review_text) and outcome_is_below(review_text, res, r))
    scope = scope_differs(target, res, review_text, r) if review_text else ""
    if scope and v.status in ("met", "not_met"):
        v = Verdict("unclear", f"{scope} ({v.note})")
    note = v.note if where == "year" else f"{v.note}; end-of-period level from the five-year review".lstrip("; ")
    return Pair(target, res, method, round(score, 3), direction, ceiling, v.status, note, r.version, where)


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
    pairs = [reconcile_target(t, results, r, review.text) for t in year_targets(plan, docs.year)]
    return docs, sorted(pairs, key=lambda p: (p.target.span.start, p.target.span.end, p.target.key))

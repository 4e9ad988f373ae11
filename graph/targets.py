"""Targets and results: the figures a plan commits to, and the figures its review reports.

Consumes: the decoded text, its logical paragraphs (`graph.records.Paragraph`, with
the zone that `graph.segment` gave each: plan, review, goals, statement, other)
and the plan year.
Produces: `Target` records (one per committed figure), `Result` records (figures
already achieved, from reviews of the past) and a `NumberUse` for every number
token inside the paragraphs (target, result, name, date or residue).

How a paragraph is read (rules and cue words in graph/data/target_rules.toml):
1. Undo layout (`CompactText` over the character-normalised text) and split into
   sentences at 。；！？.
2. Refine the zone per sentence: a sentence opening with 过去一年/“十四五”时期… or a
   past year is a review; 到2030年/“十五五”时期… put a figure in a later year or period.
3. Find quantities (`graph.quantity`). Each is a date (2023年, 三年, 十四五), part
   of a name (十大战略, 12条政策措施, S2线, 世界500强, text in quotes), a qualifier
   of the next figure (超10亿元项目占比50%), or a figure.
4. A figure gets its metric (the words before it, or the noun after it when the
   words before are only a verb: 推进900个工业项目), comparator (以上, 突破, 左右
   …), kind (growth, share, density, level), aspiration (after 力争/争取 in the
   same sentence, unless 确保 intervenes), year or period, and binding (约束性).

Choices (documented here and in the rule file): 超X is read as >= (the plans use it
as "at least X"), 突破X/超过X as >, 20多项/800余家 as >, 万亿级 as >=, 控制在X以内 as
<=, a range as "range" with value..value_max. A from-value in a plan (从380元提高至
1000元) is a Result: where things stand, not a commitment. Quantities in statement
and other zones are never targets: they are listed as residue with a note.

Every span maps back to the original decoded text, so quote == text[start:end].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from graph.quantity import QuantityMatch, find_quantities, layout_breaks, match_quantity, scan_numbers
from graph.read import CompactText, normalize_chars
from graph.records import NumberUse, Paragraph, Quantity, Result, Span, Target, stable_key

DATA_DIR = Path(__file__).resolve().parent / "data"
NUMERAL = "[0-9.零〇一二两三四五六七八九十百千万亿]"
SENTENCE_END = "。；！？!?;"
PIECE_END = SENTENCE_END + "，,：:、"
CLAUSE_END = SENTENCE_END + "，,：:"  # a clause: 、 joins list items inside one clause


@dataclass(frozen=True)
class Rules:
    """target_rules.toml, compiled."""

    date_res: tuple[re.Pattern[str], ...]
    periods: dict[str, str]
    name_res: tuple[tuple[re.Pattern[str], str], ...]
    chinese_count_name_max: float
    quote_pairs: tuple[tuple[str, str], ...]
    quote_max: int
    before: tuple[tuple[str, str], ...]
    after: tuple[tuple[str, str], ...]
    asp_cues: tuple[str, ...]
    firm_cues: tuple[str, ...]
    growth_cues: tuple[str, ...]
    growth_units: frozenset[str]
    positive_growth_words: tuple[str, ...]
    density_cues: tuple[str, ...]
    review_cues: tuple[str, ...]
    plan_cues: tuple[str, ...]
    post_stops: tuple[str, ...]
    goals_cues: tuple[str, ...]
    due_year_res: tuple[re.Pattern[str], ...]
    strip_leading: tuple[str, ...]
    strip_trailing: tuple[str, ...]
    generic_verbs: frozenset[str]
    generic_list: tuple[str, ...]
    keep_verbs: tuple[str, ...]
    head_nouns: frozenset[str]
    head_starts: tuple[str, ...]
    own_heads: tuple[str, ...]  # 城镇调查失业率: an item naming its own measure takes no shared head
    subject_parts: tuple[tuple[str, tuple[str, ...]], ...]
    subject_joiners: tuple[str, ...]
    metric_max: int
    dir_decrease: tuple[str, ...] = ()
    dir_increase: tuple[str, ...] = ()
    dir_decrease_verbs: tuple[str, ...] = ()
    dir_increase_verbs: tuple[str, ...] = ()
    dir_increase_inside: tuple[str, ...] = ()
    dir_to_level: frozenset[str] = frozenset()

    @cached_property
    def review_cue_re(self) -> re.Pattern[str]:
        """Any review cue, as one alternation: `any(c in head for c in review_cues)`
        asked per sentence."""
        return re.compile("|".join(re.escape(c) for c in self.review_cues) or "(?!)")

    @cached_property
    def noun_stops(self) -> tuple[str, ...]:
        """Words of two or more characters that end the noun after a figure (_post_noun)."""
        stops = self.growth_cues + self.post_stops + tuple(w for w, _ in self.before if len(w) > 1)
        return tuple(v for v in stops if len(v) > 1)


def _longest_first(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Load and compile graph/data/target_rules.toml once."""
    import tomllib

    d = tomllib.loads((DATA_DIR / "target_rules.toml").read_text(encoding="utf-8"))
    def sub(p: str) -> str:
        return p.replace("{N}", NUMERAL)

    m = d["metric"]
    return Rules(
        date_res=tuple(re.compile(sub(p)) for p in d["dates"]["patterns"]),
        periods=dict(d["dates"]["periods"]),
        name_res=tuple((re.compile(sub(p)), note) for p, note in d["names"]["patterns"]),
        chinese_count_name_max=float(d["names"]["chinese_count_name_max"]),
        quote_pairs=tuple((a, b) for a, b in d["quotes"]["pairs"]),
        quote_max=int(d["quotes"]["max_len"]),
        before=tuple(sorted(((w, c) for w, c in d["comparators"]["before"]), key=lambda x: -len(x[0]))),
        after=tuple(sorted(((w, c) for w, c in d["comparators"]["after"]), key=lambda x: -len(x[0]))),
        asp_cues=_longest_first(d["aspiration"]["cues"]),
        firm_cues=_longest_first(d["aspiration"]["firm"]),
        growth_cues=_longest_first(d["kinds"]["growth_cues"]),
        growth_units=frozenset(d["kinds"]["growth_units"]),
        positive_growth_words=tuple(d["kinds"]["positive_growth_words"]),
        density_cues=tuple(d["kinds"]["density_cues"]),
        review_cues=_longest_first(d["zones"]["review_cues"]),
        plan_cues=_longest_first(d["zones"]["plan_cues"]),
        post_stops=_longest_first(m["post_stops"]),
        goals_cues=_longest_first(d["zones"]["goals_cues"]),
        due_year_res=tuple(re.compile(p) for p in d["zones"]["due_year_patterns"]),
        strip_leading=_longest_first(m["strip_leading"]),
        strip_trailing=_longest_first(m["strip_trailing"]),
        generic_verbs=frozenset(m["generic_verbs"]),
        generic_list=_longest_first(m["generic_verbs"]),
        keep_verbs=_longest_first(m["keep_verbs"]),
        head_nouns=frozenset(m["head_nouns"]),
        head_starts=tuple(m["head_starts"]),
        own_heads=tuple(m["own_heads"]),
        subject_parts=tuple((w[0], tuple(w[1:])) for w in m["subject_parts"]),
        subject_joiners=tuple(m["subject_joiners"]),
        metric_max=int(m["max_len"]),
        dir_decrease=_longest_first(d["directions"]["decrease"]),
        dir_increase=_longest_first(d["directions"]["increase"]),
        dir_decrease_verbs=_longest_first(d["directions"]["decrease_verbs"]),
        dir_increase_verbs=_longest_first(d["directions"]["increase_verbs"]),
        dir_increase_inside=tuple(d["directions"]["increase_inside"]),
        dir_to_level=frozenset(d["directions"]["to_level"]),
    )


@dataclass
class Figures:
    """What extract_figures found in a set of paragraphs."""

    targets: list[Target] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    numbers: list[NumberUse] = field(default_factory=list)


@dataclass(frozen=True)
class _Claim:
    """A stretch of compact text whose numbers have one role."""

    start: int
    end: int
    role: str
    ref: str | None = None
    note: str = ""


@dataclass
class _Figure:
    """A figure being read, in compact coordinates."""

    q: QuantityMatch
    sentence: tuple[int, int]
    zone: str
    metric: str = ""
    metric_start: int = -1
    span_start: int = 0
    span_end: int = 0
    comparator: str = "="
    after_cue: bool = False
    kind: str = "level"
    aspirational: bool = False
    year: int | None = None
    period: str | None = None
    binding: bool | None = None
    direction: str = "level"
    qualifiers: list[QuantityMatch] = field(default_factory=list)
    group: int | None = None  # 分别 list this figure belongs to
    baseline: bool = False  # 从380元提高至1000元: the from-value is where things stand
    pre_empty: bool = False


# ---------------------------------------------------------------------------
# small text helpers


def _spans_of(res: Sequence[re.Pattern[str]], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for r in res for m in r.finditer(text) if m.end() > m.start()]


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


def quote_spans(text: str, r: Rules | None = None) -> list[tuple[int, int]]:
    """Stretches inside short paired quotes or titles (“三个一批”, 《…规划》).

    >>> quote_spans("签约“三个一批”项目")
    [(2, 8)]
    """
    r = r or rules()
    out: list[tuple[int, int]] = []
    for open_, close in r.quote_pairs:
        i = text.find(open_)
        while i >= 0:
            j = text.find(close, i + 1)
            if j < 0:
                break
            if j - i <= r.quote_max:
                out.append((i, j + 1))
            i = text.find(open_, j + 1)
    return out


def split_at(text: str, ends: str = SENTENCE_END) -> list[tuple[int, int]]:
    """Stretches of `text` each ending with one of `ends` (included), the last one
    possibly without: sentences with the default, clauses with CLAUSE_END.

    >>> split_at("抓好项目，扩大投资。稳就业")
    [(0, 10), (10, 13)]
    >>> split_at("抓好项目，扩大投资。", CLAUSE_END)
    [(0, 5), (5, 10)]
    """
    out, start = [], 0
    for m in _ends_re(ends).finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


@lru_cache(maxsize=32)
def _ends_re(ends: str) -> re.Pattern[str]:
    """One character of `ends` (the scan of split_at, done by the regex engine)."""
    return re.compile(f"[{re.escape(ends)}]") if ends else re.compile("(?!)")


@cache
def _literal(word: str) -> re.Pattern[str]:
    """A cue word as a compiled pattern (re.escape and the re cache cost more than the search)."""
    return re.compile(re.escape(word))


def _strip_words(s: str, words: Sequence[str], leading: bool) -> tuple[str, int]:
    """Strip any of `words` repeatedly from one end; returns (rest, chars cut from the start)."""
    cut = 0
    changed = True
    ends = words if isinstance(words, tuple) else tuple(words)
    while changed and s:
        changed = False
        if not (s.startswith(ends) if leading else s.endswith(ends)):
            break  # no word at that end (most calls): one C call instead of the loop
        for w in words:
            if leading and s.startswith(w) and len(s) > len(w):
                s, cut, changed = s[len(w):], cut + len(w), True
                break
            if not leading and s.endswith(w) and len(s) >= len(w):
                s, changed = s[: len(s) - len(w)], True
                break
    return s, cut


_LEAD_DATE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]+[，,]?|（[一二三四五六七八九十\d]+）|\d+[.、]|第[一二三四五六七八九十]+[，,])"
    r"|^(?:到|至|在|从|由)?(?:\d{4}年(?:底|末|前|初|内|的)?|今年|明年|年内|年底前|今后五年|未来五年"
    r"|“?十[一二三四五六七八九]五”?(?:时期|期间|末|规划期)?)")
# A bullet opening a paragraph (● / ——) says nothing about the metric or the zone.
_BULLET = re.compile(r"^(?:[●•◆■▲★◇□○▪►✓]|——)")
_TRAIL_DATE = re.compile(r"(?:从|由)?(?:\d{4}年(?:底|末|的)?)$")
_TRAIL_FUNC = re.compile(r"(?:从|由|为|按|的|、|和|及)+$")
_PUNCT = "，,。；;：:、！？）)”》】 "  # opening quotes and brackets stay: they belong to the metric


def _clean_metric_pre(pre: str, r: Rules) -> tuple[str, int]:
    """The metric part of the words before a number, and where it starts in `pre`."""
    s, cut = pre, 0
    m = _BULLET.match(s)
    if m and m.end() < len(s):
        s, cut = s[m.end():], m.end()
    for _ in range(3):
        s2, c = _strip_words(s, r.strip_leading, leading=True)
        s, cut = s2, cut + c
        m = _LEAD_DATE.match(s)
        if m and m.end() < len(s):
            s, cut = s[m.end():], cut + m.end()
        while s and s[0] in _PUNCT:
            s, cut = s[1:], cut + 1
    for _ in range(3):
        s = _TRAIL_DATE.sub("", s)
        s, _ = _strip_words(s, r.strip_trailing, leading=False)
        s = _TRAIL_FUNC.sub("", s)
    return s, cut


def _strip_growth(s: str, r: Rules) -> tuple[str, bool]:
    """Remove a trailing growth verb (增长, 年均增长, 下降 …); report whether there was one."""
    for w in r.growth_cues:
        if s.endswith(w) and w not in ("增速", "增幅", "涨幅"):
            rest = s[: len(s) - len(w)]
            return _TRAIL_FUNC.sub("", rest), True
        if s.endswith(w):
            return s, True
    return s, False


def direction_of(kind: str, pre: str, comparator_word: str | None, metric: str, r: Rules) -> str | None:
    """Which way a figure points: "increase", "decrease" or "level"; None when the
    words before the number are empty (the second figure of 分别下降15.2%、13.3%),
    for the caller to carry the previous figure's direction over.

    `pre` is the text from the start of the figure's piece to the number, the
    comparator word (`comparator_word`, e.g. 降至, 达到) included at its end.
    A growth figure is a rate of change: it is an increase unless a decrease cue
    says otherwise (增速保持在5% is still a 5% increase). Any other figure is a
    level to reach when a to-level comparator stands before it (降至, 控制在, 达到),
    otherwise a change when a cue ends the words before it (压减|100万吨) or a verb
    opens its metric (新增高新技术企业1000家), otherwise a level.

    >>> r = rules()
    >>> direction_of("growth", "单位地区生产总值能耗下降", None, "单位地区生产总值能耗", r)
    'decrease'
    >>> direction_of("share", "城镇调查失业率控制在", "控制在", "城镇调查失业率", r)
    'level'
    >>> direction_of("level", "压减粗钢产量", None, "压减粗钢产量", r)
    'decrease'
    """
    if comparator_word and pre.endswith(comparator_word):
        pre = pre[: len(pre) - len(comparator_word)]
    pre = _TRAIL_FUNC.sub("", pre.rstrip(_PUNCT + "按"))
    if not pre.strip("、和及与") and not metric:
        return None
    cue = next((c for c in sorted(r.dir_decrease + r.dir_increase, key=len, reverse=True) if pre.endswith(c)), None)
    if kind == "growth":
        return "decrease" if cue in r.dir_decrease else "increase"
    if comparator_word in r.dir_to_level:
        return "level"
    if cue is not None:
        return "decrease" if cue in r.dir_decrease else "increase"
    if metric.startswith(r.dir_decrease_verbs):
        return "decrease"
    if metric.startswith(r.dir_increase_verbs) or any(w in metric for w in r.dir_increase_inside):
        return "increase"
    return "level"


# ---------------------------------------------------------------------------
# zones, years, periods


_YEAR_RULES: dict[tuple[int, int | None], Rules] = {}


def for_year(r: Rules, plan_year: int | None) -> Rules:
    """The rules with their zone cues read for a plan year: {previous}, {current}, {next}
    and {year} in review_cues, plan_cues and goals_cues become 十三五, 十四五, 十五五 and
    2023 for a plan of 2023 (graph/segment.py, five_year_periods)."""
    key = (id(r), plan_year)
    cached = _YEAR_RULES.get(key)
    if cached is None:
        from dataclasses import replace as _replace

        from graph.segment import five_year_periods

        p = five_year_periods(plan_year)
        names = {"previous": p.previous, "current": p.current, "next": p.next,
                 "year": str(plan_year) if plan_year else "\0"}

        def fill(cues: tuple[str, ...]) -> tuple[str, ...]:
            return _longest_first([c.format(**names) for c in cues])

        cached = _replace(r, review_cues=fill(r.review_cues), plan_cues=fill(r.plan_cues),
                          goals_cues=fill(r.goals_cues))
        _YEAR_RULES[key] = cached
    return cached


def _period_of(cue: str, r: Rules) -> str | None:
    for name, years in r.periods.items():
        if name in cue:
            return years
    return None


def _period_containing(year: int | None, r: Rules) -> str | None:
    if year is None:
        return None
    for years in r.periods.values():
        a, b = (int(x) for x in years.split("-"))
        if a <= year <= b:
            return years
    return None


def _sentence_zone(sentence: str, base: str, para_review: bool, plan_year: int | None, r: Rules) -> str:
    """The zone of one sentence, refined from its paragraph's zone."""
    if base in ("statement", "other", "review"):
        return base
    sentence = _BULLET.sub("", sentence)
    head = sentence[:16]
    if r.review_cue_re.search(head):
        return "review"
    m = re.match(r"(?:在|截至|截止)?(\d{4})年(?!前|底|末|以前)", sentence)
    if m and plan_year and int(m.group(1)) < plan_year:
        return "review"
    if para_review and not head.startswith(r.plan_cues) and not (
            plan_year and head.startswith(f"{plan_year}年")):
        return "review"
    return base


def _paragraph_head(ct: str) -> str:
    """The first 20 characters of a paragraph's compact text, a bullet or list marker dropped."""
    return _BULLET.sub("", ct[:21])[:20]


def sentence_zones(ct: str, para_zone: str, plan_year: int | None, r: Rules | None = None) -> list[tuple[int, int, str]]:
    """The sentences of a paragraph's compact text with the zone of each: the
    paragraph's zone, refined (a plan paragraph opening with 过去一年 reviews the past
    until a plan cue such as 今年 turns it back). Targets and actions both read it.

    >>> sentence_zones("过去一年，新增企业10家。今年，新增企业20家。", "plan", 2023)
    [(0, 13, 'review'), (13, 24, 'plan')]
    """
    r = for_year(r or rules(), plan_year)
    para_review = para_zone in ("plan", "goals") and bool(r.review_cue_re.search(_paragraph_head(ct)))
    return [(s0, s1, _sentence_zone(ct[s0:s1], para_zone, para_review, plan_year, r))
            for s0, s1 in split_at(ct)]


def _due(sentence: str, upto: int, zone: str, plan_year: int | None, r: Rules) -> tuple[int | None, str | None]:
    """(year, period) a target in `sentence` (number at `upto`) is due."""
    r = for_year(r, plan_year)
    before = sentence[:upto]
    years = [int(m.group(1)) for rx in r.due_year_res for m in rx.finditer(before)]
    if plan_year:  # 力争2028年…: a later year named before the figure
        years += [int(y) for y in re.findall(r"(\d{4})年(?!的)", before) if plan_year < int(y) < plan_year + 30]
    for cue in r.goals_cues:
        if cue in before:
            period = _period_of(cue, r) or (_period_containing(plan_year, r) if "五年" in cue else None)
            if period:
                return max(years) if years else int(period.split("-")[1]), period
    if zone == "goals":
        period = _period_containing(plan_year, r)
        if period:
            return max(years) if years else int(period.split("-")[1]), period
    if years:
        return max(years), None
    return plan_year, None


def _result_when(sentence: str, pre: str, para_head: str, plan_year: int | None, r: Rules) -> tuple[int | None, str | None]:
    """(year, period) a result reports."""
    sentence = _BULLET.sub("", sentence)
    m = re.search(r"(\d{4})年(?:的|底|末)?$", pre)
    if m:
        return int(m.group(1)), None
    m = re.match(r"(?:在|截至|截止)?(\d{4})年", sentence)
    if m:
        return int(m.group(1)), None
    last = plan_year - 1 if plan_year else None
    context = sentence[:16] + para_head
    if "五年" in context or re.search(r"十[一二三四五六七八九]五", context):  # any five-year plan
        return last, _period_containing(last, r)
    return last, None


# ---------------------------------------------------------------------------
# the reading of one paragraph


_DURATION_METRIC = re.compile(r"(?:年限|寿命|时间|周期|时限|工期|期限)"
                              r"(?:达到|达|提高到|提高至|延长至|延长到|缩短至|缩短到|压缩至|控制在|为)?$")


def _duration_figure(q: QuantityMatch, ct: str) -> bool:
    """A number of years that is a figure (人均受教育年限达到11.7年), not a period."""
    return q.value != int(q.value) or bool(_DURATION_METRIC.search(ct[max(0, q.start - 12):q.start]))


def _classify_quantity(q: QuantityMatch, ct: str, dates, names, quotes, r: Rules) -> _Claim | None:
    """Why a quantity is not a figure (date, name), or None when it may be one."""
    if _overlaps(q.start, q.end, dates):
        return _Claim(q.start, q.end, "date")
    for s, e, note in names:
        if s < q.end and q.start < e:
            return _Claim(q.start, q.end, "name", note=note)
    if _overlaps(q.start, q.end, quotes):
        return _Claim(q.start, q.end, "name", note="inside quotes or a title")
    if q.dimension == "duration" and not _duration_figure(q, ct):
        return _Claim(q.start, q.end, "date", note="duration")
    if q.chinese and q.dimension == "count" and q.value <= rules().chinese_count_name_max and q.value_max is None:
        return _Claim(q.start, q.end, "name", note="named set written in Chinese numerals")
    return None


_BARE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_RATIO_CUE = re.compile("比值|倍差|之比|收入比")


def _bare_figures(ct: str, qs: Sequence[QuantityMatch]) -> list[QuantityMatch]:
    """Numbers written without a unit that are figures all the same:
    a list sharing the unit of its last member (提高20.9、36.2、54个百分点), and
    ratios (城乡居民收入比值由3.27缩小至2.93)."""
    starts = {q.start: q for q in qs}
    covered = [(q.start, q.end) for q in qs]
    out: list[QuantityMatch] = []
    bare = [m for m in _BARE.finditer(ct) if not any(a <= m.start() < b for a, b in covered)]
    for m in reversed(bare):
        nxt = m.end()
        value = float(m.group())
        if ct[nxt:nxt + 1] == "、" and nxt + 1 in starts:
            q = starts[nxt + 1]
            if q.value_max is None and q.dimension not in ("duration", "magnitude", "number"):
                new = QuantityMatch(m.start(), nxt, value, None, q.unit, q.factor, q.unit_normalized, q.dimension)
                starts[m.start()] = new
                out.append(new)
                continue
        piece_start = max((i + 1 for i in range(max(0, m.start() - 30), m.start()) if ct[i] in PIECE_END), default=0)
        if _RATIO_CUE.search(ct[piece_start:m.start()]) and ct[nxt:nxt + 1] not in ("年", "月", "日", "%"):
            out.append(QuantityMatch(m.start(), nxt, value, None, "", 1.0, "ratio", "ratio"))
    return out


def _positive_growth(ct: str, qs: Sequence[QuantityMatch], r: Rules) -> list[QuantityMatch]:
    """正增长 (进出口总额保持正增长): a growth rate above 0%, the figure its words state.

    >>> [(q.value, q.unit, q.more) for q in _positive_growth("进出口总额保持正增长", [], rules())]
    [(0.0, '%', True)]
    """
    covered = [(q.start, q.end) for q in qs]
    out = []
    for w in r.positive_growth_words:
        for m in re.finditer(re.escape(w), ct):
            if not any(a < m.end() and m.start() < b for a, b in covered):
                out.append(QuantityMatch(m.start(), m.end(), 0.0, None, "%", 1.0, "percent", "percent", more=True))
    return out


def _after_cue(ct: str, i: int, r: Rules) -> tuple[str | None, int]:
    for w, c in r.after:
        if ct.startswith(w, i):
            return c, i + len(w)
    return None, i


_FROM = re.compile(r"(?:从|由)(?:\d{4}年(?:的|底|末)?)?$")


def _is_qualifier(q: QuantityMatch, later: Sequence[QuantityMatch], ct: str, piece_end: int, r: Rules) -> bool:
    """A quantity that describes the noun of a later figure (超10亿元项目占比50%).

    A from-value (从3826.5亿元增长到4398.6亿元) is a figure of its own, not a qualifier.
    """
    if _FROM.search(ct[max(0, q.start - 8):q.start]):
        return False
    _, j = _after_cue(ct, q.end, r)
    if j >= len(ct) or ct[j] in PIECE_END or ct[j].isdigit():
        return False
    # 新建2—3家创新中心和25—30家…: two figures joined by 和, not a qualifier
    return any(q.end < o.start < piece_end and not re.search("[和及与并、]", ct[j:o.start]) for o in later)


def _post_noun(ct: str, i: int, end: int, r: Rules) -> tuple[str, int]:
    """The noun right after a figure's unit (推进900个|工业项目|，), up to punctuation or a verb."""
    j = i
    long_stops = r.noun_stops  # one str.startswith call tries them all
    clause_end = next((k for k in range(i, end) if ct[k] in "，,。；;：:"), end)
    # 25个郑港融城、郑开同城交通优化项目: a 、 inside the noun when no number follows
    joined = "、" if not any(ch.isdigit() for ch in ct[i:clause_end]) else ""
    while j < end and (ct[j] not in PIECE_END or (ct[j] in joined and j > i)) and j - i < r.metric_max:
        if ct[j] == "“":
            # 新建100个“15分钟高品质生活服务圈”: a quoted name is the noun, digits and all
            close = ct.find("”", j + 1, min(end, j + r.quote_max))
            if close > 0:
                j = close + 1
                continue
        # 和 joins two nouns, except as the noun's first character (150个和美乡村)
        if (ct[j] == "和" and j > i) or ct.startswith(long_stops, j):
            break
        if ct[j].isdigit():
            size = match_quantity(ct, j) if j == i else None
            if size is not None and size.dimension not in ("count", "number") and size.end < end \
                    and not ct[size.end].isdigit() and ct[size.end] not in PIECE_END:
                j = size.end  # 20个|500千伏|输变电工程: a size class before the noun
                continue
            break
        j += 1
    s = ct[i:j]
    while s and s[-1] in "的（(“、和":
        s, j = s[:-1], j - 1
    return s, j


def _subject_items(subject: str, r: Rules) -> list[str]:
    """The pieces of a 分别 subject: its 、-items, or the parts one word names (城乡 -> 城镇, 农村),
    or two pieces joined by 和/及.

    >>> _subject_items("城乡居民人均可支配收入", rules())
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> _subject_items("单位地区生产总值能耗和二氧化碳排放", rules())
    ['单位地区生产总值能耗', '二氧化碳排放']
    >>> _subject_items("研究与试验发展经费投入强度", rules())
    ['研究与试验发展经费投入强度']
    """
    items = [x for x in subject.split("、") if x]
    if len(items) != 1:
        return items
    for word, parts in r.subject_parts:
        if subject.startswith(word):
            return [p + subject[len(word):] for p in parts]
    for j in r.subject_joiners:
        pieces = subject.split(j)
        if len(pieces) == 2 and all(len(x) >= 2 for x in pieces):
            return pieces
    return items


def _names_a_noun(words: str, r: Rules) -> bool:
    """The words after 分别 name what is counted (完成投资), not how it compares or moves
    (约为全国平均, 高于全国, 压减): no figure, and ending in a head noun of the genre's metrics.

    >>> _names_a_noun("完成投资", rules()), _names_a_noun("高于全国", rules()), _names_a_noun("", rules())
    (True, False, False)
    """
    return (len(words) >= 2 and not any(ch.isdigit() for ch in words)
            and (words.endswith(r.head_starts) or any(words.endswith(h) for h in r.head_nouns)))


def _distribute(items: list[str], k: int) -> str:
    """Metric k of a 分别 list: 城镇、农村居民人均可支配收入 -> 城镇居民人均可支配收入.

    >>> _distribute(["城镇", "农村居民人均可支配收入"], 0)
    '城镇居民人均可支配收入'
    >>> _distribute(["一产", "二产", "三产增加值"], 1)
    '二产增加值'
    """
    last = items[-1]
    if k >= len(items):
        return last
    item = items[k]
    if k < len(items) - 1 and item.endswith(rules().own_heads):
        return item  # 城镇调查失业率、居民消费价格涨幅: each names its own measure
    if k < len(items) - 1:
        # the head they share starts at the first head word of the last item
        # (人参、食用菌全产业链产值 -> 人参全产业链产值)
        for p in range(1, len(last)):
            if any(last.startswith(h, p) for h in rules().head_starts):
                return item if item.endswith(last[p:]) else item + last[p:]
    # only short parallel modifiers share the last item's head (城镇/农村, 一产/三产);
    # 制造业、数字经济核心产业增加值 stay as written
    if k == len(items) - 1 or len(item) >= len(last) or (len(item) > 2 and item[0] != last[0]):
        return item
    return item + last[len(item):]


def _analyse(
    ct: str,
    para: Paragraph,
    plan_year: int | None,
    breaks: frozenset[int],
    r: Rules,
) -> tuple[list[_Figure], list[_Claim]]:
    """Figures and claims (roles of number stretches) of one paragraph, in compact coordinates."""
    dates = _spans_of(r.date_res, ct)
    names = [(m.start(), m.end(), note) for rx, note in r.name_res for m in rx.finditer(ct) if m.end() > m.start()]
    quotes = quote_spans(ct, r)
    claims: list[_Claim] = [_Claim(s, e, "date") for s, e in dates]
    claims += [_Claim(s, e, "name", note=note) for s, e, note in names]
    claims += [_Claim(s, e, "name", note="inside quotes or a title") for s, e in quotes]

    qs = find_quantities(ct, breaks)
    # a count unit shared forward in a list: 3.4个、1个百分点 -> 3.4个百分点
    for k in range(len(qs) - 1):
        a, b = qs[k], qs[k + 1]
        if ct[a.end:a.end + 1] == "、" and b.start == a.end + 1 and b.unit.startswith(a.unit) and b.unit != a.unit:
            qs[k] = replace(a, unit=b.unit, factor=b.factor, unit_normalized=b.unit_normalized, dimension=b.dimension)

    qs = sorted(qs + _bare_figures(ct, qs) + _positive_growth(ct, qs, r), key=lambda q: q.start)
    para_head = _paragraph_head(ct)
    figures: list[_Figure] = []
    for s0, s1, zone in sentence_zones(ct, para.zone, plan_year, r):
        sq = [q for q in qs if s0 <= q.start < s1]
        candidates: list[QuantityMatch] = []
        for q in sq:
            claim = _classify_quantity(q, ct, dates, names, quotes, r)
            if claim is not None:
                claims.append(claim)
                continue
            candidates.append(q)
        # adjacency: 20个500千伏输变电工程 -> 500千伏 describes the 20个
        # (a count right after a count is a figure of its own: 12类45件民生实事)
        adjacent = {id(b) for a, b in pairwise(candidates)
                    if b.start == a.end and not (a.dimension == b.dimension == "count")}
        qualifiers: list[QuantityMatch] = []
        figs: list[_Figure] = []
        for k, q in enumerate(candidates):
            piece_end = next((i for i in range(q.end, s1) if ct[i] in PIECE_END), s1)
            piece_start = max((i + 1 for i in range(s0, q.start) if ct[i] in PIECE_END), default=s0)
            if re.search(r"(?:年产|年处理|年加工|年吞吐|日处理)$", ct[max(s0, q.start - 4):q.start]) or \
                    re.match(r"[^，。；、\d]{0,12}等项目", ct[q.end:q.end + 16]):
                # 中粮油脂年产60万吨油料等项目: a project's capacity, part of its name
                claims.append(_Claim(q.start, q.end, "name", note="capacity in a project's name"))
                continue
            unquoted = re.sub(r"“[^”]*”|《[^》]*》", "", ct[piece_start:q.start])
            if re.search(r"(?:一批|一批次|若干|多个|一系列)", unquoted):
                # 布局一批50万千瓦以上风光基地: describes the members of a batch
                claims.append(_Claim(q.start, q.end, "name", note="describes a group, not a figure"))
                continue
            if id(q) in adjacent and figs:  # 4个万亿级产业: describes the figure before it
                figs[-1].qualifiers.append(q)
                continue
            # 3岁以下婴幼儿: an age group; 人均预期寿命达到79岁: a figure
            age_group = q.dimension == "age" and bool(
                re.match(rf"(?:及?以[上下]|至\d+[周]?岁)?[^\d{re.escape(PIECE_END)}]", ct[q.end:q.end + 6]))
            if id(q) in adjacent or age_group or \
                    _is_qualifier(q, candidates[k + 1:], ct, piece_end, r):
                qualifiers.append(q)
                continue
            f = _Figure(q, (s0, s1), zone)
            f.qualifiers = [x for x in qualifiers if x.end <= q.start]
            qualifiers = [x for x in qualifiers if x.end > q.start]
            figs.append(f)
        for x in qualifiers:  # qualifiers with no figure after them (3岁以下婴幼儿): a name
            claims.append(_Claim(x.start, x.end, "name", note="describes a group, not a figure"))
        if zone in ("statement", "other"):
            note = "quantity in a statement by a named person, not a plan commitment" if zone == "statement" \
                else "quantity outside the plan's text (front matter, notes)"
            for f in figs:
                claims.append(_Claim(f.q.start, f.q.end, "residue", note=note))
            continue
        _read_figures(ct, figs, s0, s1, zone, plan_year, para_head, r)
        figures.extend(figs)
    return figures, claims


def _read_figures(ct: str, figs: list[_Figure], s0: int, s1: int, zone: str, plan_year: int | None,
                  para_head: str, r: Rules) -> None:
    """Metric, comparator, kind, aspiration and date of the figures of one sentence."""
    if not figs:
        return  # most sentences: no figure, nothing to read (the cue scan below is the cost)
    sentence = ct[s0:s1]
    # aspiration cues: (position, aspirational?)
    cues: list[tuple[int, bool]] = []
    for w in r.asp_cues:
        for m in _literal(w).finditer(sentence):
            if not re.match(r".{0,3}更(?:好|大|多|优)", sentence[m.end():]):
                cues.append((s0 + m.start(), True))
    for w in r.firm_cues:
        for m in _literal(w).finditer(sentence):
            cues.append((s0 + m.start(), False))
    cues.sort()
    binding = True if "约束性" in sentence and "预期性" not in sentence else \
        False if "预期性" in sentence and "约束性" not in sentence else None

    prev_end = s0
    prev: _Figure | None = None
    group_items: list[str] | None = None
    group_index = 0
    group_tail = ""
    groups: list[list[_Figure]] = []
    group_wholes: list[str] = []
    for f in figs:
        q = f.q
        start_q = min([q.start, *[x.start for x in f.qualifiers]])
        left = max((i + 1 for i in range(prev_end, start_q) if ct[i] in PIECE_END), default=prev_end)
        left = max(left, prev_end)
        # 新建公共机构建筑、新建厂房屋顶光伏覆盖率30%: earlier 、-pieces without numbers
        # are part of the subject
        while left > prev_end and ct[left - 1] == "、":
            k = left - 1
            lo = max((i + 1 for i in range(prev_end, k) if ct[i] in PIECE_END), default=prev_end)
            if any(ch.isdigit() for ch in ct[lo:k]) or lo < prev_end or lo == prev_end and prev is not None:
                break
            left = lo
        pre_raw = ct[left:q.start]
        # 分别: the subject list before it spans 、-pieces
        group_lo = -1
        if group_items is not None and ct[prev_end:q.start].strip("、和及与") != "":
            # the list ended; a second one may open in the same sentence (城镇新增就业、…分别完成
            # 年计划的118.2%、248.57%，城镇、农村居民人均可支配收入分别增长4.3%、5.7%)
            group_items = None
        if "分别" in ct[max(s0, prev_end):q.start] and group_items is None:
            k0 = ct.rfind("分别", s0, q.start)
            lo = max((i + 1 for i in range(s0, k0) if ct[i] in "，,：:；;。"), default=s0)
            subject, _ = _clean_metric_pre(ct[lo:k0], r)
            subject, _ = _strip_growth(subject, r)
            items = _subject_items(subject, r)
            if items:  # 城乡居民人均可支配收入分别增长5%、6.5%: one subject, many figures
                group_items, group_index = items, 0
                groups.append([])
                # a subject of one piece split into its parts (城乡 -> 城镇, 农村) stays whole when
                # one figure follows: 城乡居民人均可支配收入分别增长7%以上 is said of both
                group_wholes.append(subject if "、" not in subject and len(items) > 1 else "")
                pre_raw = ct[k0 + 2:q.start]
                left, group_lo = k0 + 2, lo
        elif group_items is not None:
            group_index += 1
        comp_before = comp_word = None
        cue_start = q.start
        for w, c in r.before:
            if pre_raw.endswith(w):
                comp_before, comp_word, cue_start = c, w, q.start - len(w)
                break
        comp_after, after_end = _after_cue(ct, q.end, r)
        f.after_cue = comp_after is not None
        if q.value_max is not None:
            f.comparator = "range"
        elif comp_after is not None:
            f.comparator = comp_after
        elif q.more:
            f.comparator = ">"
        elif q.dimension == "magnitude" or (q.dimension == "number" and q.chinese):  # 万亿级: that size or more
            f.comparator = ">="
        elif comp_before is not None:
            f.comparator = comp_before
        else:
            f.comparator = "="
        # kind
        pre_for_kind = ct[left:cue_start]
        _, growth = _strip_growth(pre_for_kind, r)
        if ct[q.start:q.end] in r.positive_growth_words:
            f.kind = "growth"
        elif q.dimension == "pp" or (q.dimension in r.growth_units and growth) or \
                (q.dimension == "ratio" and q.unit == "倍"):
            f.kind = "growth"
        elif q.dimension == "percent":
            f.kind = "share"
        else:
            f.kind = "level"
        # metric
        metric_pre, cut = _clean_metric_pre(ct[left:cue_start], r)
        if f.kind == "growth":
            metric_pre, _ = _strip_growth(metric_pre, r)
            metric_pre, _ = _strip_words(metric_pre, r.strip_trailing, leading=False)
        enumeration = metric_pre.endswith("等") or (q.dimension in ("magnitude", "number") and q.chinese)
        metric_pre = metric_pre.rstrip("等") if len(metric_pre) > 1 else metric_pre
        post, post_end = _post_noun(ct, after_end, s1, r)
        metric, mstart, span_end = metric_pre, left + cut, after_end
        verbs = r.generic_list + r.keep_verbs
        verbal = metric_pre.endswith(verbs) or metric_pre.startswith(verbs)
        # verb + figure + noun (推进900个工业项目): the noun after is what is counted;
        # a noun phrase before (粮食综合生产能力迈上1000亿斤新台阶) is the metric itself
        if post and (enumeration or verbal or "等" in metric_pre or len(metric_pre) <= 4):
            head = metric_pre
            verb = ""
            if enumeration:  # 郑许、郑洛、焦平等8个高速公路项目: the noun after names the set
                head = ""
                # 新开工晏城至表白寺等2个项目: what is done to the set stays in the label
                verb = next((v for v in r.keep_verbs if metric_pre.startswith(v)), "")
            elif "等" in head:  # 中小微企业吸纳等方式推出20万个工作岗位
                head = head[head.rfind("等") + 1:]
            for v in r.generic_list:  # keep what follows the last generic verb
                k = head.rfind(v)
                if k >= 0:
                    head = head[k + len(v):]
                    break
            if len(head) > 10:  # a long lead is context, not the metric: keep the counted noun
                head = ""
            metric = (verb or head) + post
            mstart = left + cut if verb else (left + cut + len(metric_pre) - len(head)) if head else min(cue_start, q.start)
            span_end = max(after_end, post_end)
        elif not metric_pre and prev is not None and not post:
            metric = prev.metric  # 从0.94万家增加到1.55万家
            mstart = min(cue_start, q.start)
        if group_items is not None:
            if group_index == 0:
                # 交通、水利分别完成投资2500亿元、800亿元: a noun after 分别 belongs to every item
                group_tail = metric_pre if _names_a_noun(metric_pre, r) else ""
            metric = _distribute(group_items, group_index)
            if group_tail and not metric.endswith(group_tail):
                metric += group_tail
            if groups[-1] and not metric_pre:  # 分别增长4.5%、5.5%: the list shares its kind
                f.kind = groups[-1][0].kind
            groups[-1].append(f)
            if group_lo >= 0:  # the first figure's span starts at the subject list
                mstart = group_lo
        if not metric and f.kind == "density":
            metric = ""
        # density needs the metric
        if (f.kind != "growth" and q.dimension not in ("percent", "age", "time", "ratio", "duration")
                and any(c in metric or c in pre_raw for c in r.density_cues)):
            f.kind = "density"
        if prev is not None and ct[prev_end:left].strip() in ("、",) and metric_pre and metric == metric_pre \
                and len(metric) >= 3 and not any(metric.startswith(v) for v in r.keep_verbs + r.generic_list):
            # 新增高新技术企业1000家、科技型企业1500家: the verb carries over
            carried = next((v for v in r.keep_verbs if prev.metric.startswith(v)), None)
            if carried:
                metric = carried + metric
        if metric in r.head_nouns and prev is not None:
            # 新增市场主体20万户、总量突破200万户 -> 市场主体总量
            verb = next((v for v in r.keep_verbs if prev.metric.startswith(v)), "")
            metric = prev.metric[len(verb):] + metric
        if len(metric) > r.metric_max:
            metric = metric[-r.metric_max:]
        f.metric = metric or q.unit
        f.metric_start = mstart
        # the words right before the number decide the direction (能耗下降|3%); after
        # 分别 the subject list is not part of them (生产安全事故起数、死亡人数分别下降|15.2%)
        direction = direction_of(f.kind, pre_raw, comp_word, metric_pre or f.metric, r)
        if direction is None or (group_items is not None and not pre_raw.strip("、和及与") and prev is not None):
            direction = prev.direction if prev is not None else direction_of(f.kind, "", comp_word, f.metric, r) or "level"
        f.direction = direction
        f.span_start = min(mstart, q.start) if metric_pre or group_items else min(cue_start, q.start)
        if f.metric == prev.metric if prev else False:
            f.span_start = min(cue_start, q.start)
        f.span_start = min(f.span_start, *[x.start for x in f.qualifiers]) if f.qualifiers else f.span_start
        f.span_end = max(span_end, q.end)
        # aspiration: the nearest cue before the figure decides
        before_cues = [a for p, a in cues if p < q.start]
        f.aspirational = bool(before_cues and before_cues[-1])
        f.binding = binding
        f.baseline = zone != "review" and bool(_FROM.search(ct[max(s0, q.start - 8):q.start])) and \
            bool(re.match(r"[^，。；\d]{0,6}(?:到|至)", ct[after_end:after_end + 8]))
        if zone == "review" or f.baseline:
            f.year, f.period = _result_when(sentence, ct[max(s0, left - 8):q.start], para_head, plan_year, r)
        else:
            f.year, f.period = _due(sentence, q.start - s0, zone, plan_year, r)
        prev_end = max(after_end, q.end, span_end)
        prev = f
    for g, whole in zip(groups, group_wholes, strict=True):
        if len(g) == 1 and whole and len(whole) <= r.metric_max:
            g[0].metric = whole
    # 分别 lists share a trailing comparator: 分别增长4.5%、5.5%左右
    for g in groups:
        if len(g) > 1 and g[-1].after_cue and not any(x.after_cue for x in g[:-1]):
            for x in g[:-1]:
                if x.comparator == "=":
                    x.comparator = g[-1].comparator


# ---------------------------------------------------------------------------
# public entry point


def extract_figures(
    text: str,
    paragraphs: Sequence[Paragraph],
    *,
    plan_year: int | None,
    norm: str | None = None,
    compact: CompactText | None = None,
) -> Figures:
    """Targets, results and number uses of the given paragraphs.

    Args:
        text: the decoded source; every span indexes it.
        paragraphs: logical paragraphs with zones (from graph.segment, or built by
            hand); paragraphs of zone statement/other yield no targets or results,
            but their numbers are still accounted for.
        plan_year: the year the plan is for (targets default to it; results to the
            year before).
        norm: `normalize_chars(text)` if the caller has it already.
        compact: `CompactText.of(norm)` if the caller has it already (each
            paragraph's compact text is cut from it).
    Returns:
        Figures(targets, results, numbers), each list in text order.
    """
    r = rules()
    norm = normalize_chars(text) if norm is None else norm
    out = Figures()
    seen: dict[str, int] = {}
    for para in paragraphs:
        if compact is None:
            pc = CompactText.of(norm, para.span.start, para.span.end)
        else:
            pc = compact.within(para.span.start, para.span.end)
        ct = pc.text
        if not ct:
            continue
        breaks = layout_breaks(pc.offsets, norm)
        tokens = scan_numbers(ct, breaks)
        if not tokens and not _BARE.search(ct):
            # No number at all (half the paragraphs of a report): no figure (every
            # quantity starts at a number token; a bare figure needs a digit), and
            # nothing for the claims to account for, so the rules need not run.
            continue
        figures, claims = _analyse(ct, para, plan_year, breaks, r)

        def span(a: int, b: int, pc: CompactText = pc) -> Span:
            s, e = pc.to_source(a, b)
            return Span(s, e, text[s:e])

        fig_claims: list[_Claim] = []
        for f in figures:
            q = f.q
            qspan = span(q.start, q.end)
            quantity = Quantity(q.value, q.value_max, q.unit, q.value_normalized, q.value_max_normalized,
                                q.unit_normalized, qspan)
            fspan = span(f.span_start, f.span_end)
            role = "result" if f.zone == "review" or f.baseline else "target"
            base = stable_key(role, para.section_key, f.metric, fspan.quote)
            n = seen.get(base, 0)
            seen[base] = n + 1
            key = base if n == 0 else stable_key(role, para.section_key, f.metric, fspan.quote, n)
            if role == "target":
                out.targets.append(Target(key, para.section_key, para.measure_key, f.metric, quantity, f.comparator,
                                          f.kind, f.aspirational, f.year, f.period, fspan, f.binding,
                                          f.direction))
            else:
                out.results.append(Result(key, para.section_key, para.measure_key, f.metric, quantity, f.comparator,
                                          f.kind, f.year, f.period, fspan, f.direction))
            fig_claims.append(_Claim(q.start, q.end, role, key))
            for x in f.qualifiers:
                fig_claims.append(_Claim(x.start, x.end, role, key, note="qualifies the figure's metric"))
        ordered = fig_claims + claims
        for tok in tokens:
            claim = next((c for c in ordered if c.start <= tok.start < c.end or tok.start <= c.start < tok.end), None)
            s = span(tok.start, tok.end)
            if claim is None and not tok.chinese and re.fullmatch(r"(?:19[4-9]\d|20\d\d)", tok.text):
                out.numbers.append(NumberUse(s, "date", None, "year written without 年"))
            elif claim is None:
                note = "number without a unit" if not tok.chinese else "Chinese numeral not used as a quantity"
                out.numbers.append(NumberUse(s, "residue", None, note))
            else:
                out.numbers.append(NumberUse(s, claim.role, claim.ref, claim.note))
    return out

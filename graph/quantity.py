"""Quantity grammar: numbers, ranges and units as Chinese plans write them.

Consumes: text that went through `graph.read.normalize_chars` (full-width digits,
％ and ～ folded to ASCII) and, usually, `graph.read.CompactText` (layout
whitespace removed, so `5000 亿元` and `推进900` / `个工业项目` read as one).
Produces: `QuantityMatch` (a figure: value, range, unit as written, normalised
value and base unit, offsets into the searched string) and `NumberToken` (every
number-like token, Arabic or Chinese, for the "nothing lost" accounting).

The grammar, in order:

    quantity := number [range-sep number] [多|余] [multiplier] unit [多|余]
    number   := arabic (1,200.5) | chinese (三百, 两, 十五)
    unit     := longest entry of graph/data/units.tsv (个 家 亿元 万户 % 公里 ...)

Units and multipliers (万 10^4, 亿 10^8, 万亿 ...) live in graph/data/units.tsv,
not here. Chinese numerals are parsed by our own small parser (cn2an's
`transform` does not do ranges, units or 1.2万亿元).

Normalisation (see units.tsv for the choices): 5000亿元 -> 5.0e11 CNY, 20万户 ->
2.0e5 (unit "1", a count), 144公里 -> 144 km, 400万平方米 -> 4.0e6 m2, 440万亩 ->
4.4e6 mu, 7.2亿美元 -> 7.2e8 USD, 5% -> 5 percent, 8.8件 -> 8.8 (a count, kept
as written: per-10k density figures are not rescaled).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from graph.read import WS_RUN

DATA_DIR = Path(__file__).resolve().parent / "data"

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)
RANGE_SEPS = ("~", "—", "–", "-", "至", "到")
RATIO_SEPS = ("∶", ":", "：")

_ARABIC = re.compile(r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?")
_CN_RUN = re.compile(f"[{CN_CHARS}]+")
_NUMERAL_START = re.compile(f"[0-9{re.escape(CN_CHARS)}]")  # where _number_starts has work


@dataclass(frozen=True)
class Unit:
    """One row of units.tsv."""

    written: str
    factor: float
    base: str
    dimension: str
    needs_mult: bool = False


@dataclass(frozen=True)
class Grammar:
    units: dict[str, Unit]  # without multipliers
    multipliers: dict[str, float]  # 万亿 1e12, 亿 1e8 ...
    max_unit: int
    classifiers: frozenset[str]
    max_classifier: int
    idioms: tuple[str, ...]

    @cached_property
    def classifier_tuple(self) -> tuple[str, ...]:
        """The classifiers for one str.startswith call (scan_numbers asks per numeral)."""
        return tuple(self.classifiers)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The unit table and numeral words, loaded once from graph/data/."""
    import tomllib

    units: dict[str, Unit] = {}
    multipliers: dict[str, float] = {}
    lines = (DATA_DIR / "units.tsv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader((ln for ln in lines if ln.strip() and not ln.startswith("#")), delimiter="\t")
    for row in rows:
        unit = Unit(row["written"], float(row["factor"]), row["base"], row["dimension"], row["needs_mult"].strip() == "1")
        if unit.dimension == "multiplier":
            multipliers[unit.written] = unit.factor
        else:
            units[unit.written] = unit
    rules = tomllib.loads((DATA_DIR / "target_rules.toml").read_text(encoding="utf-8"))
    numerals = rules["numerals"]
    classifiers = frozenset(numerals["classifiers"]) | frozenset(
        u.written for u in units.values() if u.dimension in ("count", "duration", "percent", "ratio"))
    return Grammar(
        units=units,
        multipliers=multipliers,
        max_unit=max(len(u) for u in units),
        classifiers=classifiers,
        max_classifier=max(len(c) for c in classifiers),
        idioms=tuple(sorted(numerals["idioms"], key=len, reverse=True)),
    )


def parse_chinese_numeral(s: str) -> float | None:
    """The value of a Chinese numeral, or None when it is not a well-formed one.

    >>> [parse_chinese_numeral(s) for s in ("十", "十五", "两", "三百", "一百零五", "二十", "四千五百")]
    [10.0, 15.0, 2.0, 300.0, 105.0, 20.0, 4500.0]
    >>> parse_chinese_numeral("1.2万亿") is None  # Arabic digits are not ours
    True
    >>> parse_chinese_numeral("三亿五千万"), parse_chinese_numeral("十四五")
    (350000000.0, None)
    """
    if not s or any(ch not in CN_CHARS for ch in s):
        return None
    total = 0.0  # completed 亿 groups
    group = 0.0  # completed 万 group inside the current 亿 group
    section = 0.0  # below 万
    digit: int | None = None
    last_small = 10_000
    for ch in s:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row (十四五, 二〇二三): not a numeral
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            unit = CN_SMALL[ch]
            if unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_small = None, unit
        else:
            if ch == "万":
                group = (section + (digit or 0)) or (1 if group == 0 and total == 0 else 0)
                group *= 10_000
            else:  # 亿
                total = (total + group + section + (digit or 0)) or 1
                total *= 100_000_000
                group = 0
            section, digit, last_small = 0, None, 10_000
    return float(total + group + section + (digit or 0))


@dataclass(frozen=True)
class QuantityMatch:
    """A figure found in a string: `text[start:end]` is its number(s) and unit."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str  # as written, multiplier included: 亿元, 万户, %, 个百分点
    factor: float  # value_normalized = value * factor
    unit_normalized: str
    dimension: str
    more: bool = False  # 20多项, 800余家: "more than"
    chinese: bool = False  # written with Chinese numerals

    @property
    def value_normalized(self) -> float:
        return _clean(self.value * self.factor)

    @property
    def value_max_normalized(self) -> float | None:
        return None if self.value_max is None else _clean(self.value_max * self.factor)


def _clean(x: float) -> float:
    """Round away binary noise (14.5 * 1e4 = 145000.00000000003)."""
    return float(f"{x:.12g}")


@dataclass(frozen=True)
class _Number:
    value: float
    end: int
    chinese: bool


def _read_arabic(text: str, i: int, breaks: frozenset[int]) -> _Number | None:
    m = _ARABIC.match(text, i)
    if not m:
        return None
    end = m.end()
    for b in breaks:
        if i < b < end:
            end = b
    raw = text[i:end].rstrip(".,")
    if not raw or not raw[0].isdigit():
        return None
    return _Number(float(raw.replace(",", "")), i + len(raw), False)


def _read_unit(text: str, i: int, g: Grammar) -> tuple[str, float, Unit | None, int]:
    """(multiplier, its factor, unit, end) after a number at i; the longest reading wins."""
    best: tuple[int, int, str, float, Unit | None] = (i, 0, "", 1.0, None)
    for mult, mfactor in [("", 1.0), *g.multipliers.items()]:
        if mult and not text.startswith(mult, i):
            continue
        j = i + len(mult)
        if j < len(text) and text[j] in "多余" and mult:
            j += 1
        for n in range(min(g.max_unit, len(text) - j), 0, -1):
            unit = g.units.get(text[j:j + n])
            if unit is None or (unit.needs_mult and not mult):
                continue
            # prefer the longer reading, then the explicit unit (千瓦 over 千+瓦)
            cand = (j + n, 0 if mult else 1, mult, mfactor, unit)
            if cand[:2] > best[:2]:
                best = cand
            break
        else:
            if mult and (j, 0) > best[:2]:
                best = (j, 0, mult, mfactor, None)
    end, _, mult, mfactor, unit = best
    return mult, mfactor, unit, end


def _read_single(text: str, i: int, g: Grammar,
                 breaks: frozenset[int]) -> tuple[_Number, str, float, Unit | None, int, bool] | None:
    """One number with its unit: (number, multiplier, factor, unit, end, more)."""
    if i < len(text) and text[i].isdigit():
        num = _read_arabic(text, i, breaks)
        if num is None:
            return None
        j, more = num.end, False
        if j < len(text) and text[j] in "多余" and j + 1 < len(text) and not text[j + 1].isdigit():
            j, more = j + 1, True
        mult, mfactor, unit, end = _read_unit(text, j, g)
        more = more or (end > j and text[end - 1 - len(unit.written if unit else "")] in "多余" and bool(mult))
        return num, mult, mfactor, unit, end, more
    run = _CN_RUN.match(text, i)
    if not run:
        return None
    s = run.group()
    # Split a trailing magnitude off the numeral so it joins the unit (三百万亩 ->
    # 三百 + 万亩); a bare magnitude (万亿元, 百万辆) counts one of it.
    # Only 万/亿/万亿 split off when a numeral stays in front; the two-character
    # magnitudes (百万, 千亿) only stand alone.
    for mult in ("万亿", "亿", "万", *sorted((m for m in g.multipliers if len(m) == 2), key=len)):
        if not s.endswith(mult) or (mult not in CN_BIG and mult != "万亿" and s != mult):
            continue
        head = s[: len(s) - len(mult)]
        if not head and len(mult) < 2:
            continue
        value = 1.0 if not head else parse_chinese_numeral(head)
        if value is None:
            continue
        j = run.end()
        more = j < len(text) and text[j] in "多余"
        unit, n = _longest_unit(text, j + more, g)
        if unit is not None or mult in ("万亿", "千亿", "百亿"):
            end = j + more + n
            return _Number(value, i + len(head), True), mult, g.multipliers[mult], unit, end, more
    value = parse_chinese_numeral(s)
    if value is None:
        return None
    j = run.end()
    more = j < len(text) and text[j] in "多余"
    unit, n = _longest_unit(text, j + more, g)
    if unit is None or unit.needs_mult:
        return None
    return _Number(value, run.end(), True), "", 1.0, unit, j + more + n, more


def _longest_unit(text: str, j: int, g: Grammar) -> tuple[Unit | None, int]:
    for n in range(min(g.max_unit, len(text) - j), 0, -1):
        unit = g.units.get(text[j:j + n])
        if unit is not None:
            return unit, n
    return None, 0


def match_quantity(text: str, i: int, breaks: frozenset[int] = frozenset()) -> QuantityMatch | None:
    """The quantity starting at text[i], if one does (a number with a unit or multiplier).

    `breaks` are indices where a number may not continue (two numbers that the
    source separated by a space).

    >>> q = match_quantity("年度完成投资5000亿元以上", 6)
    >>> (q.value, q.unit, q.value_normalized, q.unit_normalized, q.end)
    (5000.0, '亿元', 500000000000.0, 'CNY', 12)
    """
    g = grammar()
    first = _read_single(text, i, g, breaks)
    if first is None:
        return None
    num, mult, mfactor, unit, end, more = first
    value_max: float | None = None
    # ranges: 20~30个, 5%—5.5%, 4.5-5%, 3-5年
    if end < len(text) and text[end] in RANGE_SEPS and end + 1 < len(text):
        second = _read_single(text, end + 1, g, breaks) if text[end + 1].isdigit() == (not num.chinese) else None
        if second is not None:
            num2, mult2, mfactor2, unit2, end2, more2 = second
            same = (mult2, unit2) == (mult, unit)
            first_bare = unit is None and not mult
            if (same or first_bare) and (unit2 is not None or mult2) and num2.value > num.value:
                value_max, mult, mfactor, unit, end, more = num2.value, mult2, mfactor2, unit2, end2, more or more2
    # ratios 2.81∶1 and fractions 1/10: unit-less numbers with a second part
    if unit is None and not mult and not num.chinese and end < len(text):
        after = text[end + 2:end + 3]  # the character after the 1 of 2.81∶1: not a digit, not another separator
        if text[end] in RATIO_SEPS and text[end + 1:end + 2] == "1" and not after.isdigit() and after not in ("∶", ":"):
            return QuantityMatch(i, end + 2, num.value, None, text[end:end + 2], 1.0, "ratio", "ratio")
        if text[end] == "/" and end + 1 < len(text) and text[end + 1].isdigit():
            den = _read_arabic(text, end + 1, breaks)
            if den is not None and den.value:
                return QuantityMatch(i, den.end, num.value, None, text[end:den.end], 100.0 / den.value, "percent", "percent")
    if unit is None and not mult:
        return None
    if unit is None:  # a bare multiplier: 13万, 1.5万亿
        return QuantityMatch(i, end, num.value, value_max, mult, mfactor, "1", "number", more, num.chinese)
    if unit.dimension == "magnitude" and num.chinese:
        # 万亿级, 千亿级: a size class, kept whole as the unit (one of it)
        factor = num.value * mfactor * unit.factor
        return QuantityMatch(i, end, 1.0, None, text[i:end], factor, unit.base, unit.dimension, more, True)
    return QuantityMatch(i, end, num.value, value_max, mult + unit.written, mfactor * unit.factor,
                         unit.base, unit.dimension, more, num.chinese)


def parse_quantity(s: str) -> QuantityMatch | None:
    """Parse a whole string as one quantity (None if it is not exactly one).

    >>> def show(s):
    ...     q = parse_quantity(s)
    ...     return (q.value, q.value_max, q.unit, q.value_normalized, q.unit_normalized)
    >>> show("5000亿元")
    (5000.0, None, '亿元', 500000000000.0, 'CNY')
    >>> show("20万户"), show("14.5万人")
    ((20.0, None, '万户', 200000.0, '1'), (14.5, None, '万人', 145000.0, '1'))
    >>> show("7.2亿美元"), show("144公里")
    ((7.2, None, '亿美元', 720000000.0, 'USD'), (144.0, None, '公里', 144.0, 'km'))
    >>> show("400万平方米"), show("440万亩")
    ((400.0, None, '万平方米', 4000000.0, 'm2'), (440.0, None, '万亩', 4400000.0, 'mu'))
    >>> show("8.8件"), show("1.2万亿元")
    ((8.8, None, '件', 8.8, '1'), (1.2, None, '万亿元', 1200000000000.0, 'CNY'))
    >>> show("1,200亿元")
    (1200.0, None, '亿元', 120000000000.0, 'CNY')
    >>> show("1~2家"), show("20~30个"), show("3-5年")
    ((1.0, 2.0, '家', 1.0, '1'), (20.0, 30.0, '个', 20.0, '1'), (3.0, 5.0, '年', 3.0, 'year'))
    >>> show("5%—5.5%"), show("4.5-5%")
    ((5.0, 5.5, '%', 5.0, 'percent'), (4.5, 5.0, '%', 4.5, 'percent'))
    >>> show("1.8个百分点"), show("三百万亩")
    ((1.8, None, '个百分点', 1.8, 'pp'), (300.0, None, '万亩', 3000000.0, 'mu'))
    >>> show("万亿元"), show("两个")
    ((1.0, None, '万亿元', 1000000000000.0, 'CNY'), (2.0, None, '个', 2.0, '1'))
    >>> show("万亿级"), show("100万千瓦")
    ((1.0, None, '万亿级', 1000000000000.0, 'CNY'), (100.0, None, '万千瓦', 1000000.0, 'kW'))
    >>> show("3000亿度"), show("1600亿斤")
    ((3000.0, None, '亿度', 300000000000.0, 'kWh'), (1600.0, None, '亿斤', 80000000.0, 't'))
    >>> show("八成"), show("2.81∶1"), show("1/10")
    ((8.0, None, '成', 80.0, 'percent'), (2.81, None, '∶1', 2.81, 'ratio'), (1.0, None, '/10', 10.0, 'percent'))
    >>> parse_quantity("5300多栋").more, parse_quantity("2023") is None, parse_quantity("十四五") is None
    (True, True, True)
    """
    q = match_quantity(s, 0)
    return q if q is not None and q.end == len(s) else None


def _idiom_spans(text: str, g: Grammar) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for idiom in g.idioms:
        start = text.find(idiom)
        while start >= 0:
            spans.append((start, start + len(idiom)))
            start = text.find(idiom, start + 1)
    return spans


def _inside(i: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def _number_starts(text: str) -> Iterable[tuple[int, bool]]:
    """(index, chinese) of every maximal numeral run."""
    i, n = 0, len(text)
    while i < n:
        m = _NUMERAL_START.search(text, i)  # skip to the next numeral in C
        if m is None:
            return
        i = m.start()
        ch = text[i]
        if ch.isdigit() and ch.isascii():
            yield i, False
            while i < n and (text[i].isdigit()
                             or (text[i] in ".," and i + 1 < n and text[i + 1].isdigit() and text[i - 1].isdigit())):
                i += 1
        elif ch in CN_CHARS:
            yield i, True
            while i < n and text[i] in CN_CHARS:
                i += 1
        else:
            i += 1


def _chinese_run_ok(run: str) -> bool:
    """A Chinese numeral run that can be a number: not 一 alone (一批, 统一), and
    not a lone magnitude (百姓, 千年, 万家) unless a two-character one (万亿, 百万)."""
    if run == "一" or all(ch == "一" for ch in run):
        return False
    if len(run) == 1 and run in "百千万亿":
        return False
    return True


def find_quantities(text: str, breaks: frozenset[int] = frozenset()) -> list[QuantityMatch]:
    """Every quantity (number + unit or multiplier) in text, left to right, not overlapping.

    >>> text = "力争新增市场主体20万户、总量突破200万户，新建20~30个精品村"
    >>> [(q.value, q.value_max, q.unit) for q in find_quantities(text)]
    [(20.0, None, '万户'), (200.0, None, '万户'), (20.0, 30.0, '个')]
    >>> [(q.value, q.unit) for q in find_quantities("实施十大战略，千方百计稳增长，新增两个平台和八成资金")]
    [(2.0, '个'), (8.0, '成')]
    """
    g = grammar()
    idioms = _idiom_spans(text, g)
    out: list[QuantityMatch] = []
    last_end = 0
    for i, chinese in _number_starts(text):
        if i < last_end or _inside(i, idioms):
            continue
        if chinese:
            run = _CN_RUN.match(text, i).group()  # type: ignore[union-attr]  # a numeral run starts at i
            if not _chinese_run_ok(run):
                continue
        q = match_quantity(text, i, breaks)
        if q is not None:
            out.append(q)
            last_end = q.end
    return out


@dataclass(frozen=True)
class NumberToken:
    """A number as written, for accounting: text[start:end] in the searched string."""

    start: int
    end: int
    text: str
    chinese: bool


_PERIOD = re.compile("十[一二三四五六七八九]五")


def scan_numbers(text: str, breaks: frozenset[int] = frozenset()) -> list[NumberToken]:
    """Every number token: each Arabic digit run (with its decimals and thousands
    separators) and each Chinese numeral used as a number (followed by a unit or a
    classifier such as 大/届/期, after 第, or a period such as 十四五).

    >>> [t.text for t in scan_numbers("2023年推进900个项目，实施十大战略、第五航权和“十四五”规划，一批千方百计")]
    ['2023', '900', '十', '五', '十四五']
    >>> [t.text for t in scan_numbers("增长5.5%，1,200亿元，PM2.5")]
    ['5.5', '1,200', '2.5']
    """
    g = grammar()
    idioms = _idiom_spans(text, g)
    out: list[NumberToken] = []
    for i, chinese in _number_starts(text):
        if _inside(i, idioms):
            continue
        if not chinese:
            num = _read_arabic(text, i, breaks)
            end = num.end if num else i + 1
            while end < len(text) and text[end].isdigit() and end not in breaks:
                end += 1  # digits after a cut decimal, e.g. "1.2.3"
            out.append(NumberToken(i, end, text[i:end], False))
            continue
        run = _CN_RUN.match(text, i).group()  # type: ignore[union-attr]  # a numeral run starts at i
        end = i + len(run)
        if _PERIOD.fullmatch(run):
            out.append(NumberToken(i, end, run, True))
            continue
        if not _chinese_run_ok(run):
            continue
        after = text[end:end + g.max_classifier + 1]
        followed = after.startswith(g.classifier_tuple) or match_quantity(text, i, breaks) is not None
        if followed or text[i - 1:i] == "第":
            out.append(NumberToken(i, end, run, True))
    return out


def layout_breaks(compact_offsets: tuple[int, ...], source: str) -> frozenset[int]:
    """Compact indices where a number must not run on: two digits that the source
    separates by spaces on one line ("2026-02-09 09:45:30"). A line break between
    digits is a layout wrap and joins them.

    >>> from graph.read import CompactText
    >>> src = "09 45\\n12\\n50"
    >>> c = CompactText.of(src)
    >>> c.text, sorted(layout_breaks(c.offsets, src))
    ('09451250', [2])
    """
    out: set[int] = set()
    if len(compact_offsets) < 2:
        return frozenset()
    # The compacted characters are all of source's non-whitespace between the first
    # and the last (and spaces kept between ASCII letters, never digits): two digits
    # apart in the source sit on both sides of a whitespace run, so the runs are
    # what to look at, not every character.
    for m in WS_RUN.finditer(source, compact_offsets[0], compact_offsets[-1]):
        a, b = m.start() - 1, m.end()
        if source[a].isdigit() and source[b].isdigit() and "\n" not in m.group():
            out.add(bisect_left(compact_offsets, b))
    return frozenset(out)

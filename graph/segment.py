"""Segmentation: decoded plan text -> its structure (sections, measures, paragraphs, zones).

Consumes: the decoded source as read. Rules run on its `graph.read.normalize_chars`
copy (same length, so every offset is valid for both); quotes come from the source.
Produces: a `Structure`: the title, jurisdiction and plan year; sections (a
`关键词【…】` block with its `【…实践】` tag and heading, numbered headings 一、/（一）/1./(1),
unnumbered headings such as `2026年重点工作`, appendices, the statements article,
front matter), measures (a paragraph's lead phrase such as `强化投资关键作用。`, short
lead sentences inside long run-in paragraphs, `主要预期目标` lists, or one fallback
measure per paragraph), logical paragraphs with their zone, the byline, and the
speaker blocks of a statements article.

Layout is undone first: hard-wrapped lines are joined into logical paragraphs (a
blank line inside a sentence is not a paragraph break), while headings, keyword and
tag lines, speaker lines, bylines, bullets and list items stay units of their own.
Two layouts are told apart by the document itself: "wrapped" (newspaper pages or
text from a PDF: lines cut at a fixed width, paragraphs separated by blank lines
or started by an indent) and "lines" (one paragraph per line, as published on
the web).

Zones say what a paragraph's figures are: `review` (results of past years),
`goals` (five-year goals, 到2030年), `plan` (the plan year's work), `statement`
(what named people said) and `other` (front matter, notes, bylines).

Cue words (heading words, zone openers, bylines, speakers, lead exclusions) are in
graph/data/segment_rules.toml (`rules()`); the numbering of headings stays here.

Keys come from `records.stable_key` over content (keyword, heading, lead text),
never from positions; a repeated text gets its occurrence number as extra content.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from graph.read import CompactText, normalize_chars
from graph.records import Measure, Paragraph, Section, Span, Zone, stable_key

# The word-list loader is graph.wordlists'; DATA_DIR and data_lines stay importable from here
# for code written before it moved (import them from graph.wordlists).
from graph.wordlists import DATA_DIR as DATA_DIR, data_lines, data_toml

# ---------------------------------------------------------------------------
# Records produced here (besides Section/Measure/Paragraph from graph.records)


@dataclass(frozen=True)
class StatementBlock:
    """One speaker's part of a statements article.

    `speaker_span` is the name where it first appears (the speaker line
    `省人大代表田海涛：`, or `何雄表示` at the start of a paragraph); `span` runs from
    the first to the last paragraph of what the speaker said; `headline` is the
    title line(s) between the speaker line and the statement.
    """

    key: str
    speaker: str
    role: str | None
    speaker_span: Span
    headline: Span | None
    span: Span
    section_key: str
    paragraphs: tuple[Span, ...] = ()


@dataclass
class Structure:
    """The plan's structure; every span is an offset range into the decoded text."""

    title: str
    jurisdiction: str | None
    plan_year: int | None
    sections: list[Section]
    measures: list[Measure]
    paragraphs: list[Paragraph]
    byline: Span | None
    statement_blocks: list[StatementBlock] = field(default_factory=list)
    layout: str = "lines"  # "wrapped" (hard-wrapped, blank-line paragraphs) or "lines"
    _starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding `offset`, if any (paragraphs are sorted and disjoint)."""
        if len(self._starts) != len(self.paragraphs):
            self._starts = [p.span.start for p in self.paragraphs]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.paragraphs[i].span.start <= offset < self.paragraphs[i].span.end:
            return self.paragraphs[i]
        return None

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose body holds `offset`, if any."""
        best: Section | None = None
        for s in self.sections:
            if s.body.start <= offset < s.body.end:
                if best is None or s.body.start >= best.body.start:
                    best = s
        return best

    def section(self, key: str | None) -> Section | None:
        for s in self.sections:
            if s.key == key:
                return s
        return None

    def measure(self, key: str | None) -> Measure | None:
        for m in self.measures:
            if m.key == key:
                return m
        return None


# ---------------------------------------------------------------------------
# Data files


@lru_cache(maxsize=1)
def roles() -> tuple[str, ...]:
    """Role words (省人大代表, 记者 …), longest first so alternations match greedily."""
    return tuple(sorted(data_lines("roles.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Family names, single and double, for confirming personal names."""
    return frozenset(w for line in data_lines("surnames.txt") for w in line.split())


def looks_like_name(s: str) -> bool:
    """A 2-4 character Chinese string that starts with a family name.

    >>> looks_like_name("何雄"), looks_like_name("欧阳修"), looks_like_name("报告")
    (True, True, False)
    """
    if not 2 <= len(s) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", s):
        return False
    sn = surnames()
    return s[:1] in sn or (len(s) >= 3 and s[:2] in sn)


# ---------------------------------------------------------------------------
# Lines and their kinds

SENT_END = "。！？!?…"
CLOSERS = "”’」』）)】\"'"
_CJK = r"\u4e00-\u9fff"
_NUM_CN = "一二三四五六七八九十"

_RE_KEYWORD = re.compile(r"^关键词[:：]?\s*【\s*([^】]{1,24}?)\s*】$")
_RE_TAG = re.compile(r"^【\s*([^】]{1,24}?)\s*】$")
_RE_H1 = re.compile(rf"^([{_NUM_CN}]{{1,3}})\s*[、，．.]\s*(\S.*)$")
_RE_H2 = re.compile(rf"^[（(]\s*([{_NUM_CN}]{{1,3}})\s*[）)]\s*(\S.*)$")
_RE_H3 = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(\S.*)$")
_RE_H4 = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(\S.*)$")
_RE_NOTE = re.compile(r"^[［\[]\s*\d{1,3}\s*[］\]]")


def _alt(words: list[str]) -> str:
    """A regex alternation of plain words, in the order the rule file gives them."""
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class SegmentRules:
    """graph/data/segment_rules.toml, compiled: the cue words of segmentation.

    The numbering of headings (一、 （二） 3. (4)) is structure, not a word list, and
    stays in the patterns above; what varies from document to document is here.
    """

    bullet: re.Pattern[str]  # a bullet or dash opening a list item
    list_marker: re.Pattern[str]  # list markers that are not headings: 一是 / 第一， / ——
    part: re.Pattern[str]  # 第一部分 …
    appendix: re.Pattern[str]  # 附件2 / 名词解释 (the whole line)
    heading_cues: re.Pattern[str]
    heading_not_openers: tuple[str, ...]
    heading_not_inside: tuple[str, ...]
    reporters: str  # alternation: 记者|通讯员
    paragraph_speaker: re.Pattern[str]  # 何雄表示，
    pronouns: tuple[str, ...]
    title: re.Pattern[str]
    title_not_openers: tuple[str, ...]
    plan_year_work: str  # alternation: 重点工作|工作安排 …
    title_jurisdiction: re.Pattern[str]
    tag_jurisdiction: re.Pattern[str]
    congress_jurisdiction: re.Pattern[str]
    government_jurisdiction: re.Pattern[str]
    heading_other: re.Pattern[str]
    heading_review: re.Pattern[str]
    heading_plan: re.Pattern[str]
    heading_goals: str  # alternation, joined with the period names of the plan year
    heading_government: re.Pattern[str]
    subsection_strong: re.Pattern[str]
    plan_after_year: str  # alternation
    plan_openers: str  # alternation
    review_openers: str  # alternation
    goals_openers: str  # alternation
    vocative_opener: re.Pattern[str]  # 各位代表！ before a paragraph's opener
    vocative: re.Pattern[str]  # 各位代表！ with the space around it
    goals_list: str  # 主要预期目标
    lead_exclude: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> SegmentRules:
    """Load and compile graph/data/segment_rules.toml once."""
    d = data_toml("segment_rules.toml")
    h, z, j = d["headings"], d["zones"], d["jurisdiction"]
    bullets = re.escape(d["markers"]["bullets"])
    vocative = re.escape(d["address"]["vocative"])
    return SegmentRules(
        bullet=re.compile(rf"^(?:[{bullets}]|——|--|—(?!—))\s*"),
        list_marker=re.compile(
            rf"^(?:[{bullets}]\s*|——\s*|—\s*|[{_NUM_CN}]{{1,3}}是[，,]?|第[{_NUM_CN}]{{1,3}}[，,、]|"
            rf"\d{{1,2}}[.．、](?!\d)\s*|[（(]\d{{1,2}}[）)]\s*|[（(][{_NUM_CN}]{{1,3}}[）)]\s*|[{_NUM_CN}]{{1,3}}、)"
        ),
        part=re.compile(rf"^第([{_NUM_CN}]{{1,3}})(?:{_alt(h['part_words'])})\s*(\S.*)?$"),
        appendix=re.compile(
            rf"^(?:(?:{_alt(h['numbered_appendix'])})\s*\d*|{_alt(h['appendix'])}"
            rf"|.{{0,20}}(?:{_alt(h['glossary_endings'])}))[:：]?$"
        ),
        heading_cues=re.compile(_alt(h["cues"])),
        heading_not_openers=tuple(h["not_openers"]),
        heading_not_inside=tuple(h["not_inside"]),
        reporters=_alt(d["bylines"]["reporters"]),
        paragraph_speaker=re.compile(rf"^([\u4e00-\u9fff]{{2,4}}?)(?:{_alt(d['speakers']['verbs'])})[，,：:]"),
        pronouns=tuple(d["speakers"]["pronouns"]),
        title=re.compile(_alt(d["title"]["words"])),
        title_not_openers=tuple(d["title"]["not_openers"]),
        plan_year_work=_alt(d["plan_year"]["work_words"]),
        title_jurisdiction=re.compile(rf"(?:\d{{4}}年)?([\u4e00-\u9fff]{{2,10}}?(?:{_alt(j['title_suffixes'])}))"
                                      r"(?:人民政府|\d{4}年)?政府工作报告"),
        tag_jurisdiction=re.compile(rf"([\u4e00-\u9fff]{{2,6}}?)(?:{_alt(j['tag_suffixes'])})$"),
        congress_jurisdiction=re.compile(rf"在([\u4e00-\u9fff]{{2,10}}?(?:{_alt(j['congress_suffixes'])}))"
                                         r"(?:第?[十一二三四五六七八九百]+届)?人民代表大会"),
        government_jurisdiction=re.compile(rf"我代表([\u4e00-\u9fff]{{2,10}}?(?:{_alt(j['government_suffixes'])}))"
                                           r"(?:[一二三四五六七八九十]+届)?人民政府"),
        heading_other=re.compile(_alt(z["heading_other"])),
        heading_review=re.compile(_alt(z["heading_review"])),
        heading_plan=re.compile(_alt(z["heading_plan"])),
        heading_goals=_alt(z["heading_goals"]),
        heading_government=re.compile(_alt(z["heading_government"])),
        subsection_strong=re.compile(_alt(z["subsection_strong"]) + r"|\d{4}年"),
        plan_after_year=_alt(z["plan_after_year"]),
        plan_openers=_alt(z["plan_openers"]),
        review_openers=_alt(z["review_openers"]),
        goals_openers=_alt(z["goals_openers"]),
        vocative_opener=re.compile(rf"^{vocative}[！!，,：:]?"),
        vocative=re.compile(rf"^\s*{vocative}\s*[！!，,：:]?\s*"),
        goals_list=d["measures"]["goals_list"],
        lead_exclude=re.compile(rf"^(?:{_alt(d['measures']['lead_not_openers'])}|(?:19|20)\d{{2}}年)"),
    )


@lru_cache(maxsize=1)
def _role_alt() -> str:
    return "|".join(re.escape(r) for r in roles())


@lru_cache(maxsize=1)
def _speaker_re() -> re.Pattern[str]:
    # 省人大代表田海涛： (a line of its own)
    return re.compile(rf"^((?:{_role_alt()}))\s*([{_CJK}·]{{2,5}}?)\s*[:：]$")


@lru_cache(maxsize=1)
def _byline_re() -> re.Pattern[str]:
    # 郑报全媒体记者 王红 / 本报记者 张三 李四 (the whole line)
    return re.compile(rf"^([{_CJK}A-Za-z]{{0,12}}?(?:{rules().reporters}))\s*((?:[{_CJK}·]{{2,4}}\s*){{1,4}})$")


def display_width(s: str) -> int:
    """Columns a line takes on a page: CJK and full-width characters count two.

    >>> display_width("推进900")
    7
    """
    # 2 per character less 1 per narrow one; the narrow ones (few in Chinese text)
    # are what the regex engine leaves when it deletes the wide: every line is measured
    return 2 * len(s) - len(_WIDE.sub("", s))


_WIDE = re.compile("[\u2e80-\U0010ffff]")


def ends_sentence(s: str) -> bool:
    """True if s ends a sentence (terminal punctuation, maybe followed by closing quotes).

    >>> ends_sentence("强化投资关键作用。"), ends_sentence("“空中丝绸之路”"), ends_sentence("了。”")
    (True, False, True)
    """
    s = s.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in SENT_END


@dataclass
class _Unit:
    """A logical line: a heading, a keyword/tag line, a speaker line, a byline, or a paragraph."""

    start: int
    end: int
    kind: str  # text | keyword | tag | heading | speaker | byline | appendix
    level: int = 0  # headings: 0 unnumbered/part, 1 一、, 2 （一）, 3 1., 4 (1)
    label: str = ""  # keyword/tag/heading text, speaker name
    role: str | None = None  # speaker lines
    lines: int = 1  # physical lines joined
    width: int = 0  # widest physical line (display columns), for heading-likeness
    starts_item: bool = False  # a bullet or list item: never joined to the previous unit
    head: bool = False  # a heading line under a keyword/tag line: never joined
    body_start: int | None = None  # run-in headings: where the paragraph after the heading begins


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    indent: bool = False  # the line starts with whitespace


def _physical_lines(text: str) -> list[_Line | None]:
    """Lines with offsets of their stripped content; None for blank lines."""
    out: list[_Line | None] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            out.append(_Line(start, start + len(stripped), stripped, lead > 0))
        else:
            out.append(None)
        pos += len(raw) + 1
    return out


def _compact(text: str, start: int, end: int) -> str:
    return CompactText.of(text, start, end).text


def _heading_text(rest: str) -> str:
    return rest.strip().rstrip("。：:；;")


def _classify_line(s: str) -> _Unit | None:
    """Kind of a stripped line of text (offsets are filled in by the caller)."""
    c = re.sub(r"\s+", "", s)
    m = _RE_KEYWORD.match(c)
    if m:
        return _Unit(0, 0, "keyword", 1, m.group(1))
    m = _RE_TAG.match(c)
    if m:
        return _Unit(0, 0, "tag", 1, m.group(1))
    m = _speaker_re().match(c)
    if m and looks_like_name(m.group(2)):
        return _Unit(0, 0, "speaker", 0, m.group(2), role=m.group(1))
    m = _byline_re().match(s.strip())
    if m and len(c) <= 30:
        return _Unit(0, 0, "byline", 0, m.group(2).strip(), role=m.group(1))
    if rules().appendix.match(c):
        return _Unit(0, 0, "appendix", 0, c.rstrip(":："))
    if _RE_NOTE.match(c):
        return _Unit(0, 0, "text", starts_item=True)
    for rx, level in ((_RE_H1, 1), (_RE_H2, 2), (rules().part, 0)):
        m = rx.match(c)
        if m:
            return _Unit(0, 0, "heading", level, _heading_text(m.group(2) or c))
    for rx, level in ((_RE_H3, 3), (_RE_H4, 4)):
        m = rx.match(c)
        if m:
            rest = m.group(2)
            # A short numbered line without sentence punctuation is a heading; a long
            # one is a list item (民生实事 lists, notes): a paragraph of its own.
            if len(rest) <= 30 and not re.search(r"[，。；！？：:]", rest):
                return _Unit(0, 0, "heading", level, _heading_text(rest))
            return _Unit(0, 0, "text", starts_item=True)
    if rules().bullet.match(c):
        return _Unit(0, 0, "text", starts_item=True)
    return None


def _split_run_in(text: str, u: _Unit) -> None:
    """A numbered heading followed by its paragraph on the same line: （一）标题。正文…

    The heading ends at the first sentence end if that comes early; the rest of
    the unit is its first paragraph (`body_start`).
    """
    seg = text[u.start:u.end]
    m = re.search(r"[。！？]", seg)
    if m is None:
        return
    cut = m.end()
    while cut < len(seg) and seg[cut] in CLOSERS:
        cut += 1
    if len(re.sub(r"\s+", "", seg[:cut])) > 70 or not seg[cut:].strip():
        if not seg[cut:].strip():
            u.label = _heading_text(re.sub(r"\s+", "", u.label))
        return
    rest = seg[cut:]
    u.body_start = u.start + cut + (len(rest) - len(rest.lstrip()))
    head = re.sub(r"\s+", "", seg[:cut])
    for rx in (_RE_H1, _RE_H2, _RE_H3, _RE_H4, rules().part):
        m2 = rx.match(head)
        if m2:
            u.label = _heading_text(m2.group(2) or head)
            break


def _is_wrapped(lines: list[_Line | None]) -> bool:
    """Hard-wrapped layout: blank lines separate paragraphs of several short lines.

    Two signs, either is enough. Short paragraphs (a newspaper page of keyword
    sections): blank lines are frequent. Long paragraphs (a full report set in
    columns): blank lines are rare, one per twenty lines or more, but the lines that
    a wrap cut (those followed by another line of the same block) have nearly the
    same width, which lines of a one-paragraph-per-line text never have.
    """
    while lines and lines[-1] is None:
        lines = lines[:-1]
    nonblank = [ln for ln in lines if ln is not None]
    if len(nonblank) < 4:
        return False
    blanks = len(lines) - len(nonblank)
    multi = sum(1 for a, b in pairwise(lines) if a is not None and b is not None)
    widths = sorted(display_width(ln.text) for ln in nonblank)
    median = widths[len(widths) // 2]
    if blanks >= 0.1 * len(nonblank) and multi >= 0.2 * len(nonblank) and median <= 90:
        return True
    cut = sorted(display_width(a.text) for a, b in pairwise(lines) if a is not None and b is not None)
    if blanks < 2 or multi < 0.5 * len(nonblank) or not cut:
        return False
    cut_median = cut[len(cut) // 2]
    # digits and Latin letters are half as wide, so a column's widths vary a little
    near = sum(1 for w in cut if 0.75 * cut_median <= w <= 1.25 * cut_median)
    return cut_median <= 90 and near >= 0.6 * len(cut)


def _is_indent_wrapped(lines: list[_Line | None]) -> bool:
    """Hard-wrapped layout without blank lines (text taken from a PDF): an indented
    line starts each paragraph, and the lines a wrap cut have the same width."""
    nonblank = [ln for ln in lines if ln is not None]
    indented = sum(1 for ln in nonblank if ln.indent)
    if len(nonblank) < 4 or indented < max(2, 0.02 * len(nonblank)) or indented == len(nonblank):
        return False
    cut = sorted(display_width(a.text) for a, b in pairwise(lines)
                 if a is not None and b is not None and not b.indent)
    if len(cut) < 0.3 * len(nonblank):
        return False
    median = cut[len(cut) // 2]
    near = sum(1 for w in cut if 0.75 * median <= w <= 1.25 * median)
    return median <= 90 and near >= 0.6 * len(cut)


def _blank_before_indents(lines: list[_Line | None]) -> list[_Line | None]:
    """The same lines with a blank line before each indented one, so that indented
    paragraphs read like blank-separated ones."""
    out: list[_Line | None] = []
    for ln in lines:
        if ln is not None and ln.indent and out and out[-1] is not None:
            out.append(None)
        out.append(ln)
    return out


def _unit_of_line(ln: _Line) -> _Unit:
    u = _classify_line(ln.text) or _Unit(0, 0, "text")
    u.start, u.end = ln.start, ln.end
    u.width = display_width(ln.text)
    return u


def _units_wrapped(text: str, lines: list[_Line | None], join_blocks: bool = True) -> list[_Unit]:
    """Units of a hard-wrapped page: join lines within blank-separated blocks, then
    join blocks split inside a sentence (推进900 / 个工业项目) unless a block is
    known to start a paragraph (`join_blocks` False: indented paragraphs)."""
    units = _join_block_lines(text, lines)
    if not join_blocks:
        return units
    return _join_split_blocks(text, units, _local_widths(units))


def _plain_runs(lines: list[_Line | None]) -> list[bool]:
    """For each line: it and the rest of its block are short lines without punctuation
    (the heading lines under a 【…】 tag)."""
    plain = [False] * len(lines)
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        if ln is None:
            continue
        own = len(ln.text) <= 30 and not re.search(r"[，。；：！？、,;:!?]", ln.text)
        rest_ok = i + 1 >= len(lines) or lines[i + 1] is None or plain[i + 1]
        plain[i] = own and rest_ok
    return plain


def _join_block_lines(text: str, lines: list[_Line | None]) -> list[_Unit]:
    """Units of the blank-separated blocks: a block's lines joined into paragraphs, a
    heading joined with the lines its wrap carried over, headings and items kept apart."""
    units: list[_Unit] = []
    block_of: list[int] = []  # block number of each unit
    block = 0
    prev_blank = True
    column = _column_width(lines)
    plain = _plain_runs(lines)
    for li, ln in enumerate(lines):
        if ln is None:
            if not prev_blank:
                block += 1
            prev_blank = True
            continue
        prev_blank = False
        u = _unit_of_line(ln)
        last = units[-1] if units else None
        prev_line = lines[li - 1] if li > 0 else None
        cut_before = prev_line is not None and _cut_by_wrap(prev_line, column)
        if (
            cut_before
            and last is not None
            and last.kind in ("text", "heading")
            and (u.kind == "heading" or u.starts_item)
        ):
            # A line the wrap began mid-sentence: `（2）`, `1.` or `——` there are
            # inside the paragraph, not the start of a heading or item.
            u = _Unit(ln.start, ln.end, "text", width=u.width)
        same_block = last is not None and block_of[-1] == block
        if (
            u.kind == "text"
            and not u.starts_item
            and last is not None
            and last.kind == "heading"
            and same_block
            and (cut_before or last.lines > 1)
            and not _paragraph_starts(text, last, ln)
        ):
            # A heading too long for the column goes on over the next line(s)
            # (一、一年接着一年干，新天水建 / 设持续取得新进展新成效), and a run-in
            # heading's paragraph with it (split off later by _split_run_in).
            _extend(last, ln.end, 1, u.width)
            _reclassify(text, last)
            continue
        # Heading lines under a 【…】 tag: short lines without punctuation, one unit each
        if u.kind == "text" and last is not None and (last.kind in ("keyword", "tag") or last.head) and plain[li]:
            u.head = True
        if (
            u.kind == "text"
            and not u.starts_item
            and last is not None
            and same_block
            and last.kind == "text"
            and not last.head
            and not u.head
            and not _paragraph_starts(text, last, ln)
        ):
            _extend(last, ln.end, 1, u.width)
            continue
        units.append(u)
        block_of.append(block)
    return units


def _extend(u: _Unit, end: int, lines: int, width: int) -> None:
    """Join what follows (ending at `end`, `lines` physical lines) to the unit `u`."""
    u.end = end
    u.lines += lines
    u.width = max(u.width, width)


def _local_widths(units: list[_Unit]) -> list[int]:
    """Each unit's local line width: the widest line of the nearest multi-line unit
    after it (or before it, at the end; 60 when there is none), to tell a short
    headline line from a full one."""
    widths = [u.width if u.lines > 1 else 0 for u in units]
    local: list[int] = [0] * len(units)
    nxt = 0
    for i in range(len(units) - 1, -1, -1):
        if widths[i]:
            nxt = widths[i]
        local[i] = nxt
    prv = 0
    for i in range(len(units)):
        if widths[i]:
            prv = widths[i]
        if not local[i]:
            local[i] = prv or 60
    return local


def _join_split_blocks(text: str, units: list[_Unit], local: list[int]) -> list[_Unit]:
    """Join a text block to the one before when a blank line fell inside a sentence
    (the one before does not end it, and neither is a headline)."""
    merged: list[_Unit] = []
    for i, u in enumerate(units):
        last = merged[-1] if merged else None
        if (
            last is not None
            and u.kind == "text"
            and not u.starts_item
            and last.kind == "text"
            and not last.head
            and not u.head
            and not ends_sentence(text[last.start:last.end])
            and not _headline_like(text, last, local[i - 1] if i else 60)
            and not _headline_like(text, u, local[i])
        ):
            _extend(last, u.end, u.lines, u.width)
            continue
        merged.append(u)
    return merged


def _column_width(lines: list[_Line | None]) -> int:
    """Typical width of a hard-wrapped page: the median width of lines that a wrap
    cut (followed by another line of the same block)."""
    cut = sorted(display_width(a.text) for a, b in pairwise(lines) if a is not None and b is not None)
    return cut[len(cut) // 2] if cut else 60


def _cut_by_wrap(ln: _Line, column: int) -> bool:
    """True if the wrap, not the writer, ended this line: it fills the column and
    does not end a sentence, a list lead (：) or a list item (；)."""
    # a page set by character count has lines with digits narrower than the rest
    full = max(display_width(ln.text), 2 * len(ln.text)) >= 0.8 * column
    return full and not ends_sentence(ln.text) and ln.text[-1] not in "：:；;"


def _reclassify(text: str, u: _Unit) -> None:
    """Classify a heading again once its wrapped lines are joined: a numbered line
    that looked short on its first line may be a list item after all."""
    joined = _classify_line(_compact(text, u.start, u.end))
    if joined is None or joined.kind != "heading":
        u.kind, u.level, u.label = "text", 0, ""
        u.starts_item = True
        return
    u.level, u.label = joined.level, joined.label


def _paragraph_starts(text: str, last: _Unit, ln: _Line) -> bool:
    """Inside a block, a new paragraph starts with an indented line, or after a
    line that ends a sentence well short of the block's width."""
    line_start = text.rfind("\n", 0, ln.start) + 1
    if ln.start > line_start and text[line_start:ln.start].strip() == "" and ends_sentence(text[last.start:last.end]):
        return True
    prev_line_start = text.rfind("\n", 0, last.end) + 1
    prev = text[max(prev_line_start, last.start):last.end]
    return last.lines > 1 and ends_sentence(prev) and display_width(prev) < 0.6 * last.width


def _headline_like(text: str, u: _Unit, line_width: int) -> bool:
    """A short line without inner punctuation: a heading or headline, never the start
    or end of a hard-wrapped sentence. A heading too long for the column takes two
    or three lines (“十五五”时期主要目标和2026 / 年重点工作): still short, still bare,
    its last line stops short of the column, and it has a heading word (工作, 目标 …)."""
    s = text[u.start:u.end]
    if re.search(r"[，。；！？、,;!?]", s):
        return False
    if u.lines == 1:
        return display_width(s) < 0.8 * line_width
    last_line = s[s.rfind("\n") + 1:].strip()
    compact = _compact(text, u.start, u.end)
    # a bare stretch of a sentence can also take two lines: only heading words tell
    return u.lines <= 3 and len(compact) <= 40 and display_width(last_line) < 0.8 * line_width \
        and bool(rules().heading_cues.search(compact))


def _units_lines(text: str, lines: list[_Line | None]) -> list[_Unit]:
    """Units of a one-paragraph-per-line text: a line is joined to the next only when
    it plainly continues (ends with ，、 or an opening bracket)."""
    units: list[_Unit] = []
    pending: _Line | None = None
    for ln in lines:
        if ln is None:
            if pending is not None:
                units.append(_unit_of_line(pending))
                pending = None
            continue
        if pending is not None:
            pending = _Line(pending.start, ln.end, text[pending.start:ln.end])
        else:
            pending = ln
        tail = pending.text[-1]
        if tail in "，、（(“《" or pending.text in ("（", "(") or _title_left_open(pending.text):
            continue
        units.append(_unit_of_line(pending))
        pending = None
    if pending is not None:
        units.append(_unit_of_line(pending))
    return units


# a title in 《》 or a quote a line break cut (根据《\n中共中央关于…的建议\n》，国务院编制了…) is
# joined across the breaks, up to this many characters: an unbalanced bracket never swallows a page
_OPEN_TITLE_MAX = 200


def _title_left_open(line: str) -> bool:
    """The line's last 《 or “ is not closed, and opened short enough before the end to be a
    title or quote the break cut.

    >>> _title_left_open("根据《中共中央关于制定…建议"), _title_left_open("》，国务院编制了《纲要》。")
    (True, False)
    """
    for opening, closing in (("《", "》"), ("“", "”")):
        k = line.rfind(opening)
        if k >= 0 and closing not in line[k:] and len(line) - k <= _OPEN_TITLE_MAX:
            return True
    return False


@lru_cache(maxsize=1)
def _page_trailer_words() -> frozenset[str]:
    """Lines that open a web page's trailer (data/page_trailer.txt)."""
    return frozenset(w for line in data_lines("page_trailer.txt") for w in line.split())


def page_trailer_start(text: str) -> int | None:
    """Where a web page's trailer (data/page_trailer.txt: 分享到：, 上一篇：) starts after the
    report, if it does: the first such line alone in the second half of the text. Nothing
    from there on is the report's: no section, measure or paragraph, and no name.

    >>> page_trailer_start("推进雄忻高铁建设。" * 4 + "\\n分享到：\\n上一篇：\\n")
    37
    """
    openers = _page_trailer_words()
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip() in openers and pos >= len(text) // 2:
            return pos
        pos += len(line)
    return None


def layout_units(text: str) -> tuple[list[_Unit], str]:
    """Logical lines of the text and the layout name ("wrapped" or "lines")."""
    lines = _physical_lines(text)
    trailer = page_trailer_start(text)
    if trailer is not None:  # the report ends where a web page's trailer begins
        lines = [ln for ln in lines if ln is None or ln.end <= trailer]
    wrapped = _is_wrapped(lines)
    if wrapped:
        units = _units_wrapped(text, lines)
    elif _is_indent_wrapped(lines):
        wrapped = True
        units = _units_wrapped(text, _blank_before_indents(lines), join_blocks=False)
    else:
        units = _units_lines(text, lines)
    for u in units:
        if u.kind == "heading":
            _split_run_in(text, u)
    return units, ("wrapped" if wrapped else "lines")


# ---------------------------------------------------------------------------
# Document facts: title, plan year, jurisdiction



def find_title(units: list[_Unit], text: str) -> str:
    """The report's title: the first short line naming the report, else the first
    heading, else the first line."""
    for u in units[:40]:
        s = _compact(text, u.start, u.end)
        if u.kind == "text" and len(s) <= 40 and rules().title.search(s) and not s.startswith(rules().title_not_openers):
            return s
    if units and units[0].kind in ("keyword", "tag"):
        # A newspaper page of keyword sections: its first heading names the page.
        heads = []
        for u in units[1:8]:
            if u.kind == "tag":
                continue
            if u.kind == "text" and _short_line(text, u) and not ends_sentence(text[u.start:u.end]):
                heads.append(_compact(text, u.start, u.end))
                continue
            break
        if heads:
            return "".join(heads)
    for u in units:
        if u.kind in ("heading",):
            return u.label
    first = units[0] if units else None
    return _compact(text, first.start, first.end)[:60] if first else ""


def find_plan_year(text: str, title: str) -> int | None:
    """The year the plan is for.

    From the title (2026年政府工作报告), else `YYYY年是…之年` (the latest such year:
    reports open with `2025年是…收官之年` before `2026年是…开局之年`), else
    `YYYY年重点工作/工作安排`, else the date line under the title.

    >>> find_plan_year("2023年是全面贯彻落实党的二十大精神开局之年。", "")
    2023
    >>> find_plan_year("2025年是收官之年。2026年是开局之年。", "政府工作报告")
    2026
    """
    m = re.search(r"((?:19|20)\d{2})\s*年", title)
    if m and rules().title.search(title):
        return int(m.group(1))
    m = re.search(r"(?:^|\n)\s*[—―-]*\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日在", text[:3000])
    if m:
        return int(m.group(1))
    # phrases may be cut by a hard wrap (2026年重点\n工作): match them without whitespace
    flat = re.sub(r"\s+", "", text)
    m = re.search(r"——((?:19|20)\d{2})年\d{1,2}月\d{1,2}日在", flat[:3000])
    if m:
        return int(m.group(1))
    # a heading naming the year's work beats `YYYY年是…之年`, which reviews use too
    # (2025年是“十四五”收官之年 in a report on 2026)
    years = [int(y) for y in re.findall(rf"((?:19|20)\d{{2}})年(?:政府)?(?:{rules().plan_year_work})", flat)]
    if years:
        return max(years)
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年是[^。]{0,40}?之年", flat)]
    if years:
        return max(years)
    m = re.search(r"(?:^|\n)\s*[—―-]*\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日在", text[:3000])
    if m:
        return int(m.group(1))
    m = re.search(r"((?:19|20)\d{2})\s*年政府工作报告", text)
    if m:
        return int(m.group(1))
    # no title and no date (the national report as republished): the year after the one
    # its opening review looks back on (一、2018年工作回顾 / 2019年和今年以来工作回顾)
    m = re.search(r"(?:^|\n)\s*[一1][、.]\s*((?:19|20)\d{2})年(?:和今年以来)?工作回顾", text[:5000])
    return int(m.group(1)) + 1 if m else None


def find_jurisdiction(units: list[_Unit], text: str, title: str) -> str | None:
    """Who the plan is for: 河北省 from the title, 郑州 from a 【郑州实践】 tag, or the
    body named in `在X省第十四届人民代表大会` under the title.

    >>> find_jurisdiction([], "", "2026年河北省政府工作报告")
    '河北省'
    """
    m = rules().title_jurisdiction.search(title)
    if m:
        return m.group(1)
    for u in units:
        if u.kind == "tag":
            m = rules().tag_jurisdiction.match(u.label)
            if m:
                return m.group(1)
    m = rules().congress_jurisdiction.search(text[:3000])
    if m:
        return m.group(1)
    # the report's opening: 我代表南山区人民政府，向大会报告政府工作
    m = rules().government_jurisdiction.search(text[:3000])
    if m:
        return m.group(1)
    if re.search(r"我代表国务院", text[:3000]):
        return "国务院"
    return None


# ---------------------------------------------------------------------------
# Zones


@dataclass(frozen=True)
class FiveYearPeriods:
    """The five-year plans as a plan of a given year speaks of them (十四五 is the period
    under way in 2023, the one just reviewed in 2026)."""

    previous: str  # 十三五 for 2023
    current: str  # 十四五 for 2023
    next: str  # 十五五 for 2023
    current_number: str  # 十四 (第十四个五年规划)
    current_end: int  # 2025


def five_year_periods(year: int | None) -> FiveYearPeriods:
    """The previous, current and next five-year plan of a plan year (counted from the
    4th, 1971-1975, on; the three years 1963-1965 between the 2nd and 3rd had none).

    >>> p = five_year_periods(2023); (p.previous, p.current, p.next, p.current_end)
    ('十三五', '十四五', '十五五', 2025)
    >>> five_year_periods(2026).current, five_year_periods(2019).current, five_year_periods(None).current
    ('十五五', '十三五', '十五五')
    """
    import cn2an  # the numeral of the plan's ordinal: 14 -> 十四

    n = (year - 1956) // 5 + 1 if year else 15  # no year known: the reports of now

    def name(k: int) -> str:
        return f"{cn2an.an2cn(k)}五"

    return FiveYearPeriods(name(n - 1), name(n), name(n + 1), cn2an.an2cn(n), 1956 + 5 * n - 1)


def _zone_of_heading(h: str, year: int | None) -> Zone | None:
    """Zone a heading announces, or None when it says nothing about time.

    >>> _zone_of_heading("2025年工作回顾", 2026), _zone_of_heading("“十五五”时期主要目标任务", 2026)
    ('review', 'goals')
    >>> _zone_of_heading("“十五五”时期主要目标和2026年重点工作", 2026), _zone_of_heading("注释", 2026)
    ('plan', 'other')
    """
    y = str(year) if year else "\0"
    prev = str(year - 1) if year else "\0"
    r = rules()
    if r.heading_other.search(h):
        return "other"
    if r.heading_review.search(h) or (prev + "年") in h and "工作" in h:
        return "review"
    if (y + "年") in h or r.heading_plan.search(h):
        return "plan"
    p = five_year_periods(year)
    if re.search(rf"{p.current}|{p.next}|第{p.current_number}个五年|{p.current_end}年|{r.heading_goals}", h):
        return "goals"
    if r.heading_government.search(h):
        return "plan"
    return None


def _zone_of_paragraph(s: str, year: int | None) -> Zone | None:
    """Zone a paragraph's opening announces (only strong openers count).

    >>> _zone_of_paragraph("过去一年，面对……", 2026), _zone_of_paragraph("今年是“十五五”开局之年。", 2026)
    ('review', 'plan')
    >>> _zone_of_paragraph("“十五五”时期是关键时期。", 2026)
    'goals'
    """
    r = rules()
    s = r.vocative_opener.sub("", s)
    s = r.bullet.sub("", s, count=1)  # ●2025年…: the bullet hides the opener
    y = str(year) if year else "\0"
    prev = str(year - 1) if year else "\0"
    if re.match(rf"(?:{r.plan_openers}|{y}年(?:{r.plan_after_year})|.{{0,20}}{re.escape(r.goals_list)})", s):
        return "plan"
    p = five_year_periods(year)
    # the period just ended is reviewed; in its first year a plan reviews the one before
    reviewed = p.previous
    if re.match(
        rf"(?:{r.review_openers}|{prev}年|“{reviewed}”时期(?:是|，|以来|[\u4e00-\u9fff]{{0,6}}发展)|这是[^。]{{0,20}}的五年)",
        s,
    ):
        return "review"
    ahead = f"“{p.current}”|“{p.next}”|第{p.current_number}个五年规划"
    if re.match(rf"(?:“(?:{p.current}|{p.next})”(?:时期|是)|{r.goals_openers}|到{p.current_end}年|到20[3-9]\d年"
                rf"|展望“(?:{p.current}|{p.next})”|根据[^。]{{0,60}}(?:{ahead}))", s):
        return "goals"
    return None


# ---------------------------------------------------------------------------
# Sentences and leads


_SENTENCE_STOP = re.compile("[。！？!?]")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end] (terminal punctuation and closing quotes
    included, surrounding whitespace excluded)."""
    out: list[tuple[int, int]] = []
    i = start
    n = end
    while i < n and text[i].isspace():
        i += 1
    s0 = i
    while i < n:
        m = _SENTENCE_STOP.search(text, i, n)  # the scan to the next stop, in C
        if m is None:
            break
        j = m.end()
        while j < n and (text[j] in CLOSERS or text[j] in "。！？!?…"):
            j += 1
        out.append((s0, j))
        i = j
        while i < n and text[i].isspace():
            i += 1
        s0 = i
    if s0 < n:
        e = n
        while e > s0 and text[e - 1].isspace():
            e -= 1
        if e > s0:
            out.append((s0, e))
    return out


def _strip_marker(s: str) -> str:
    return rules().list_marker.sub("", s, count=1)


def is_lead(sentence: str, *, embedded: bool = False) -> bool:
    """A measure's lead phrase: a short sentence such as `强化投资关键作用。`.

    At the start of a paragraph it may hold one comma (发展清洁能源，增强能源外引和输运能力。);
    inside a paragraph it must be a bare phrase without commas or digits.

    >>> is_lead("强化投资关键作用。"), is_lead("发展清洁能源，增强能源外引和输运能力。")
    (True, True)
    >>> is_lead("更大力度提振消费。", embedded=True), is_lead("2023年是开局之年。")
    (True, False)
    >>> is_lead("推进国家区域性金融中心建设，打造一流营商环境，办好论坛。")
    False
    """
    s = _strip_marker(re.sub(r"\s+", "", sentence))
    if not s or s[-1] not in "。！!" and not (s[-1] in CLOSERS and ends_sentence(s)):
        return False
    body = s.rstrip("。！!" + CLOSERS)
    if rules().lead_exclude.match(body) or len(body) < 4:
        return False
    if embedded:
        return len(body) <= 18 and not re.search(r"[，、；：:,;\d%]", body)
    return len(body) <= 26 and body.count("，") <= 1 and not re.search(r"[；：:;]", body)


def _first_clause(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The first clause of a paragraph (up to ，。；：), list markers and the
    vocative 各位代表！ skipped: the label of a fallback measure."""
    seg = text[start:end]
    m = rules().vocative.match(seg)
    if m and m.end() < len(seg):
        start += m.end()
        seg = text[start:end]
    m = rules().list_marker.match(seg)
    i = start + (m.end() if m else 0)
    while i < end and text[i].isspace():
        i += 1
    j = i
    while j < end and text[j] not in "，。；：！？,;:!?" and j - i < 60:
        j += 1
    if len(re.sub(r"\s+", "", text[i:j])) < 4 and j < end and text[j] in "，,":
        # a clause like 今年， says nothing: take the next one too
        j += 1
        while j < end and text[j] not in "，。；：！？,;:!?" and j - i < 60:
            j += 1
    if j == i:
        j = min(end, i + 1)
    compact = re.sub(r"\s+", "", text[i:j])
    return i, j, compact[:30]


# ---------------------------------------------------------------------------
# Building the structure


@dataclass
class _Sec:
    key: str
    keyword: str | None
    tag: str | None
    heading: str
    label: str
    zone: Zone
    span: tuple[int, int]
    level: int
    parent: _Sec | None
    ordinal: int
    body_end: int = -1
    statement: bool = False
    own_zone: Zone | None = None  # what the heading itself says
    front: bool = False  # front matter: closed by the first real heading


# A paragraph as the walk places it: start, end, section, a list item?, a run-in heading's paragraph?
_ParaSpec = tuple[int, int, _Sec, bool, bool]


class _Keys:
    """stable_key over content, with the occurrence number added for repeats."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def key(self, *parts: object) -> str:
        k = stable_key(*parts)
        n = self.seen.get(k, 0)
        self.seen[k] = n + 1
        return k if n == 0 else stable_key(*parts, n)


def segment(text: str, norm: str | None = None) -> Structure:
    """Segment a plan text (see the module docstring).

    Args:
        text: the decoded source as read (full-width characters and all).
        norm: `normalize_chars(text)` if the caller has it already.
    Returns:
        the Structure. Rules read the character-normalised text (１２３，％ folded,
        same length); every span's quote is then taken from `text` as given, so
        quote == text[start:end] holds for the source, not only for its folded copy.
        Labels (headings, leads) stay normalised: they are names, not quotes.
        Always at least one section; every paragraph of a plan, goals or review
        zone has a section_key and a measure_key.

    >>> st = segment("三、２０２６年重点工作\\n新增就业１０万人。")
    >>> st.sections[-1].heading, st.sections[-1].span.quote
    ('2026年重点工作', '三、２０２６年重点工作')
    """
    norm = normalize_chars(text) if norm is None else norm
    structure = _segment_normalised(norm)
    return structure if norm == text else requote(structure, text)


def requote(st: Structure, text: str) -> Structure:
    """The same structure with every span's quote taken from `text` (offsets kept)."""

    def q(sp: Span) -> Span:
        return Span(sp.start, sp.end, text[sp.start:sp.end])

    def q_opt(sp: Span | None) -> Span | None:
        return None if sp is None else q(sp)

    return Structure(
        title=st.title,
        jurisdiction=st.jurisdiction,
        plan_year=st.plan_year,
        sections=[replace(s, span=q(s.span), body=q(s.body)) for s in st.sections],
        measures=[replace(m, span=q(m.span), body=q(m.body)) for m in st.measures],
        paragraphs=[replace(p, span=q(p.span)) for p in st.paragraphs],
        byline=q_opt(st.byline),
        statement_blocks=[
            replace(b, speaker_span=q(b.speaker_span), headline=q_opt(b.headline), span=q(b.span),
                    paragraphs=tuple(q(p) for p in b.paragraphs))
            for b in st.statement_blocks
        ],
        layout=st.layout,
    )


# A paragraph longer than this (characters) is a text whose line breaks were lost (a
# page saved without them, a PDF export run together). The longest of the corpora
# has 10,439 (a page whose line breaks came as the text "\\r\\n"), and is left as
# it was read: it builds as before. Longer ones are cut at sentence ends into pieces of about
# LONG_PARAGRAPH_PIECE characters, each then a paragraph with its own measure: one
# paragraph of megabytes made one measure whose targets and programmes multiplied
# (programme-implementation returned their product: minutes, then hours).
LONG_PARAGRAPH = 20_000
LONG_PARAGRAPH_PIECE = 2000


def _cut_long_paragraph(text: str, spec: _ParaSpec) -> list[_ParaSpec]:
    """`spec` (start, end, section, item?, run-in?) as it is, or cut at sentence
    ends when longer than LONG_PARAGRAPH; the pieces after the first are plain
    paragraphs (not items, not run-in).

    >>> text = "推进项目建设。" * 3000
    >>> pieces = _cut_long_paragraph(text, (0, len(text), None, False, True))
    >>> len(pieces), pieces[0][:2], pieces[1][:2], pieces[-1][1] == len(text), pieces[1][4]
    (11, (0, 2002), (2002, 4004), True, False)
    """
    ps, pe, sec, item, run_in = spec
    if pe - ps <= LONG_PARAGRAPH:
        return [spec]
    out: list[_ParaSpec] = []
    start = ps
    for _s0, s1 in sentences(text, ps, pe):
        if s1 - start >= LONG_PARAGRAPH_PIECE and s1 < pe:
            out.append((start, s1, sec, item if not out else False, run_in if not out else False))
            start = s1
            while start < pe and text[start].isspace():
                start += 1
    if start < pe:
        out.append((start, pe, sec, item if not out else False, run_in if not out else False))
    return out


def _count_label(uses: dict[str, int], label: str) -> None:
    """Count `label` for itself and for each stem it extends with a bracket (A for
    A（2）, A and A（一） for A（一）（2））: what a scan of every section's label, a
    quadratic step on a long document, used to count.

    >>> uses = {}
    >>> _count_label(uses, "工作报告"); _count_label(uses, "工作报告（2）"); uses
    {'工作报告': 2, '工作报告（2）': 1}
    """
    uses[label] = uses.get(label, 0) + 1
    for i, ch in enumerate(label):
        if ch == "（" and i:
            uses[label[:i]] = uses.get(label[:i], 0) + 1


def _segment_normalised(text: str) -> Structure:
    """segment() on the character-normalised text: every quote is of `text`.

    The steps run in a fixed order because keys number repeats in the order they are
    asked for: sections first (the walk), then measures, then statement blocks.
    """
    units, layout = layout_units(text)
    title = find_title(units, text)
    year = find_plan_year(text, title)
    jur = find_jurisdiction(units, text, title)
    keys = _Keys()
    outline = _walk_units(units, text, layout, title, year, keys)
    if not outline.sections:
        # Nothing at all (an empty text): one section over everything, as promised.
        outline.open_section(0, None, None, title or "全文", (0, len(text)), "plan")
    para_specs = [piece for spec in outline.para_specs for piece in _cut_long_paragraph(text, spec)]
    para_zones = _assign_zones(outline.sections, para_specs, text, year)
    _set_body_ends(outline.sections, len(text), outline.byline)
    walk = _MeasureWalk(text, keys)
    walk.run(para_specs, para_zones)
    sections = _section_records(text, outline.sections)
    measures = walk.measure_records()
    blocks = _statement_blocks(text, outline.speaker_units, outline.headline_units, walk.paragraphs, keys)
    paragraphs = sorted(walk.paragraphs, key=lambda p: p.span.start)
    measures.sort(key=lambda m: m.span.start)
    return Structure(title, jur, year, sections, measures, paragraphs, outline.byline, blocks, layout)


@dataclass
class _Outline:
    """What the walk over the units finds: the sections (opened in document order, a
    stack of the open ones), each paragraph with its section, the byline, and a
    statements article's speaker lines with the headline lines under each."""

    text: str
    title: str
    keys: _Keys
    sections: list[_Sec] = field(default_factory=list)
    para_specs: list[_ParaSpec] = field(default_factory=list)
    byline: Span | None = None
    speaker_units: list[tuple[_Unit, _Sec]] = field(default_factory=list)
    headline_units: dict[int, list[_Unit]] = field(default_factory=dict)  # speaker unit index -> headline
    statement_sec: _Sec | None = None
    stack: list[_Sec] = field(default_factory=list)
    # how many sections' labels are or extend (…（2）) a label
    label_uses: dict[str, int] = field(default_factory=dict)

    def open_section(self, level: int, keyword: str | None, tag: str | None, heading: str,
                     span: tuple[int, int], zone_hint: Zone | None, statement: bool = False) -> _Sec:
        """Close the open sections at `level` or deeper (and front matter), open a new one."""
        stack = self.stack
        while stack and (stack[-1].level >= level or stack[-1].front):
            stack.pop()
        parent = stack[-1] if stack else None
        label = keyword or heading or tag or self.title
        zone: Zone = "statement" if statement else (zone_hint or "plan")
        key = self.keys.key("section", parent.label if parent else "", label)
        same = self.label_uses.get(label, 0)
        if same:
            # one heading twice (a web page's sidebar repeats 工作报告): two themes, two names
            label = f"{label}（{same + 1}）"
        _count_label(self.label_uses, label)
        sec = _Sec(key, keyword, tag, heading, label, zone, span, level, parent, len(self.sections),
                   statement=statement, own_zone=zone_hint)
        self.sections.append(sec)
        stack.append(sec)
        return sec

    def add_paragraph(self, u: _Unit, sec: _Sec) -> None:
        self.para_specs.append((u.start, u.end, sec, u.starts_item, False))


def _walk_units(units: list[_Unit], text: str, layout: str, title: str, year: int | None,
                keys: _Keys) -> _Outline:
    """Open the sections and place every paragraph in one, walking the units in order.

    Each step handles the unit at `i` (and the lines that belong to it: a keyword's tag
    and heading lines, a speaker's headline) and says where the next step starts.
    """
    out = _Outline(text, title, keys)
    has_heading = any(u.kind in ("heading", "keyword", "tag") for u in units)
    front_end = _front_matter_end(units, text) if has_heading else 0
    i = 0
    while i < len(units):
        u = units[i]
        if u.end <= front_end and u.kind == "text":
            i = _front_paragraph(out, units, i)
        elif u.kind == "byline":
            i = _byline_step(out, units, i)
        elif out.statement_sec is not None:
            i = _statement_step(out, units, i, out.statement_sec)
        elif u.kind == "keyword" or (u.kind == "tag" and not (i and units[i - 1].kind == "keyword")):
            i = _keyword_section(out, units, i, year)
        elif u.kind == "appendix":
            i = _appendix_section(out, units, i, year)
        elif u.kind == "heading" or (u.kind == "text" and has_heading and _unnumbered_heading(text, u, layout)):
            _heading_section(out, u, year)
            i += 1
        elif u.kind in ("tag", "speaker"):
            i += 1  # a tag after its keyword line; a speaker line outside a statements article
        else:
            _body_paragraph(out, u)
            i += 1
    return out


def _front_paragraph(out: _Outline, units: list[_Unit], i: int) -> int:
    """A paragraph of the front matter (title, date line, 各位代表：), in a section of its
    own that the first real heading closes."""
    u = units[i]
    if not out.stack:
        # the title may be the first heading's own words (a report with no title
        # line): the front matter must not take that heading's name
        named_by_heading = any(x.kind == "heading" and x.label == out.title for x in units)
        front_label = "开篇" if named_by_heading else (out.title or "front")
        out.open_section(0, None, None, front_label, (u.start, u.end), "other").front = True
    out.add_paragraph(u, out.stack[-1])
    return i + 1


def _byline_step(out: _Outline, units: list[_Unit], i: int) -> int:
    """The byline closes an article; what follows is a statements article if speakers
    show up in it (its headline, a short line, names the section)."""
    text, u, n = out.text, units[i], len(units)
    out.byline = Span(u.start, u.end, text[u.start:u.end])
    rest = units[i + 1:]
    if not (any(r.kind == "speaker" for r in rest) or _has_paragraph_speakers(rest, text)):
        return i + 1
    j = i + 1
    head: _Unit | None = None
    if j < n and units[j].kind == "text" and _short_line(text, units[j]):
        head = units[j]
        j += 1
    hs = head or (units[j] if j < n else u)
    out.statement_sec = out.open_section(
        0, None, None, _compact(text, hs.start, hs.end) if head else "statements",
        (hs.start, hs.end), None, statement=True,
    )
    return j


def _statement_step(out: _Outline, units: list[_Unit], i: int, sec: _Sec) -> int:
    """Inside a statements article: a speaker line with the headline lines under it, or
    a paragraph of what was said."""
    u = units[i]
    if u.kind != "speaker":
        out.add_paragraph(u, sec)
        return i + 1
    out.speaker_units.append((u, sec))
    headline: list[_Unit] = []
    out.headline_units[len(out.speaker_units) - 1] = headline
    i += 1
    while i < len(units) and _short_open_text(out.text, units[i]):
        headline.append(units[i])
        i += 1
    return i


def _keyword_section(out: _Outline, units: list[_Unit], i: int, year: int | None) -> int:
    """A `关键词【…】` section (with the `【…实践】` tag line after it) or a bare tag
    section, and the short heading lines under it (up to 30 characters of them)."""
    text, u, n = out.text, units[i], len(units)
    keyword = u.label if u.kind == "keyword" else None
    tag = u.label if u.kind == "tag" else None
    start, end = u.start, u.end
    j = i + 1
    if keyword and j < n and units[j].kind == "tag":
        tag = units[j].label
        end = units[j].end
        j += 1
    heads: list[_Unit] = []
    while j < n and _short_open_text(text, units[j]):
        heads.append(units[j])
        j += 1
        if len("".join(_compact(text, h.start, h.end) for h in heads)) >= 30:
            break
    if heads:
        end = heads[-1].end
    heading = "".join(_compact(text, h.start, h.end) for h in heads)
    hint = _zone_of_heading((keyword or "") + heading, year) or "plan"
    out.open_section(1, keyword, tag, heading or (keyword or tag or ""), (start, end), hint)
    return j


def _appendix_section(out: _Outline, units: list[_Unit], i: int, year: int | None) -> int:
    """An appendix (附件2, 名词解释), named by the short line under it if there is one."""
    text, u, n = out.text, units[i], len(units)
    j = i + 1
    label = u.label
    end = u.end
    if j < n and _short_open_text(text, units[j]):
        label = _compact(text, units[j].start, units[j].end)
        end = units[j].end
        j += 1
    hint = _zone_of_heading(label, year) or _zone_of_heading(u.label, year) or "other"
    out.open_section(0, None, None, label, (u.start, end), hint)
    return j


def _heading_section(out: _Outline, u: _Unit, year: int | None) -> None:
    """A numbered or unnumbered heading's section; a run-in heading's paragraph
    (（一）标题。正文…) is the section's first paragraph."""
    text = out.text
    level = u.level if u.kind == "heading" else 0
    heading = u.label if u.kind == "heading" else _compact(text, u.start, u.end)
    hend = u.body_start if u.body_start is not None else u.end
    # the heading span stops before the run-in paragraph
    while hend > u.start and text[hend - 1].isspace():
        hend -= 1
    heading_hint = _zone_of_heading(heading, year)  # None: the zones decide later
    sec = out.open_section(level, None, None, heading, (u.start, hend), heading_hint)
    if u.body_start is not None:
        out.para_specs.append((u.body_start, u.end, sec, False, True))


def _body_paragraph(out: _Outline, u: _Unit) -> None:
    """A paragraph in the section open now. Text before any heading, in a document that
    has none, gets one section for all, anchored at its first paragraph (a span must
    not be empty: TextSpanShape)."""
    title = out.title
    sec = out.stack[-1] if out.stack else out.open_section(
        0, None, None, title if rules().title.search(title) and len(title) <= 40 else "全文", (u.start, u.end), None)
    out.add_paragraph(u, sec)


def _section_records(text: str, sections: list[_Sec]) -> list[Section]:
    """The Section records of the walk's sections, spans quoting `text`."""
    return [
        Section(
            key=s.key, keyword=s.keyword, tag=s.tag, heading=s.heading, label=s.label, zone=s.zone,
            span=Span(s.span[0], s.span[1], text[s.span[0]:s.span[1]]),
            body=Span(s.span[0], s.body_end, text[s.span[0]:s.body_end]),
            parent_key=s.parent.key if s.parent else None, ordinal=s.ordinal,
        )
        for s in sections
    ]


@dataclass
class _MeasureSpec:
    """A measure being built: its body grows while a 主要预期目标 list's items follow."""

    section_key: str
    lead: str
    span: tuple[int, int]
    body_start: int
    body_end: int
    zone: Zone


class _MeasureWalk:
    """Give every paragraph of a plan, goals or review zone its measure, in document order.

    A paragraph's measure is, in this order: the 主要预期目标 list it is an item of; a
    list heading's own; the lead line standing before it (生态底色更加亮丽。); else the
    measures its sentences start (_measure_chunks). Statements and other zones have none.
    """

    def __init__(self, text: str, keys: _Keys) -> None:
        self.text = text
        self.keys = keys
        self.paragraphs: list[Paragraph] = []
        self.specs: dict[str, _MeasureSpec] = {}
        self.list_mk: str | None = None  # a 主要预期目标 list whose items follow
        self.list_sec: _Sec | None = None
        self.pending_lead: tuple[int, int, str] | None = None  # a lead line awaiting its paragraph
        self.measured_sections: set[str] = set()  # sections that have a paragraph already

    def run(self, para_specs: list[_ParaSpec], para_zones: list[Zone]) -> None:
        for idx, spec in enumerate(para_specs):
            nxt = para_specs[idx + 1] if idx + 1 < len(para_specs) else None
            self._paragraph(spec, para_zones[idx], nxt)
        if self.pending_lead is not None:
            # a lead line at the very end: a measure of its own
            ls, le, lead = self.pending_lead
            sec = para_specs[-1][2]
            mk = self._add_measure(sec.key, lead, _skip_marker(self.text, ls, le), (ls, le), sec.zone)
            self._add_paragraph(ls, le, sec, mk, sec.zone)

    def measure_records(self) -> list[Measure]:
        text = self.text
        return [
            Measure(k, m.section_key, m.lead, Span(m.span[0], m.span[1], text[m.span[0]:m.span[1]]),
                    Span(m.body_start, m.body_end, text[m.body_start:m.body_end]), m.zone)
            for k, m in self.specs.items()
        ]

    def _add_measure(self, sec_key: str, lead: str, span: tuple[int, int], body: tuple[int, int], zone: Zone) -> str:
        mk = self.keys.key("measure", sec_key, lead)
        self.specs[mk] = _MeasureSpec(sec_key, lead, span, body[0], body[1], zone)
        return mk

    def _add_paragraph(self, ps: int, pe: int, sec: _Sec, mk: str | None, zone: Zone) -> None:
        self.paragraphs.append(Paragraph(Span(ps, pe, self.text[ps:pe]), sec.key, mk, zone))
        self.measured_sections.add(sec.key)

    def _paragraph(self, spec: _ParaSpec, zone: Zone, nxt: _ParaSpec | None) -> None:
        text = self.text
        ps, pe, sec, item, run_in = spec
        goals_list = rules().goals_list
        if rules().vocative.fullmatch(text[ps:pe]):
            zone = "other"  # a bare 各位代表！ line: an address, nothing to measure
        if zone in ("statement", "other"):
            self._add_paragraph(ps, pe, sec, None, zone)
            return
        # Items of a 主要预期目标 list (after `…主要预期目标是：` or under such a heading)
        # belong to that one measure.
        if self.list_mk is not None and self.list_sec is sec and (item or goals_list in sec.heading):
            self.specs[self.list_mk].body_end = pe
            self._add_paragraph(ps, pe, sec, self.list_mk, zone)
            return
        self.list_mk = None
        if goals_list in sec.heading and sec.key not in self.measured_sections:
            ls, le = _find_compact(text, sec.span[0], sec.span[1], goals_list) or sec.span
            self.list_mk = self._add_measure(sec.key, goals_list, (ls, le), (ls, pe), zone)
            self.list_sec = sec
            self._add_paragraph(ps, pe, sec, self.list_mk, zone)
            return
        sents = sentences(text, ps, pe)
        # A lead standing on a line of its own (青海: 生态底色更加亮丽。) governs the next paragraph.
        if (
            len(sents) == 1
            and is_lead(text[ps:pe])
            and nxt is not None
            and nxt[2] is sec
            and not nxt[3]
            and not _lead_line_like_next(text, nxt)
        ):
            self.pending_lead = (ps, pe, _lead_text(text, ps, pe))
            return
        if self.pending_lead is not None:
            ls, le, lead = self.pending_lead
            mk = self._add_measure(sec.key, lead, _skip_marker(text, ls, le), (ls, pe), zone)
            self._add_paragraph(ls, le, sec, mk, zone)
            self._add_paragraph(ps, pe, sec, mk, zone)
            self.pending_lead = None
            return
        self._chunks(ps, pe, sec, zone, sents, run_in)

    def _chunks(self, ps: int, pe: int, sec: _Sec, zone: Zone, sents: list[tuple[int, int]], run_in: bool) -> None:
        """A paragraph's measures: one per lead it holds, or one labelled by its first
        clause; a `主要预期目标：` chunk opens a list for the items after it."""
        text = self.text
        for cs, ce, lead_span, lead in _measure_chunks(text, ps, pe, sents, run_in):
            if lead_span is None:
                fs, fe, flabel = _first_clause(text, cs, ce)
                mk = self._add_measure(sec.key, flabel, (fs, fe), (cs, ce), zone)
            else:
                mk = self._add_measure(sec.key, lead, lead_span, (cs, ce), zone)
                if lead == rules().goals_list and re.search(r"[：:]\s*$", text[cs:ce]):
                    self.list_mk, self.list_sec = mk, sec
            self._add_paragraph(cs, ce, sec, mk, zone)


def _gap_is_space(text: str, a: int, b: int) -> bool:
    return a <= b and not text[a:b].strip()


def _lead_text(text: str, start: int, end: int) -> str:
    """The lead phrase without marker and final stop; quotes stay balanced.

    >>> _lead_text("● 关爱守护“一老一小”。", 0, 13)
    '关爱守护“一老一小”'
    """
    s = _strip_marker(re.sub(r"\s+", "", text[start:end]))
    s = re.sub(r"[。！!？?]+$", "", s)
    return re.sub(r"[。！!？?]+([”’」』）)]*)$", r"\1", s)


def _lead_line_like_next(text: str, nxt: _ParaSpec) -> bool:
    """True if the next paragraph is itself a one-sentence lead line (then the
    current line is a paragraph of its own, not a heading for the next)."""
    s = text[nxt[0]:nxt[1]]
    return len(sentences(text, nxt[0], nxt[1])) == 1 and is_lead(s)


def _measure_chunks(
    text: str, ps: int, pe: int, sents: list[tuple[int, int]], run_in: bool
) -> list[tuple[int, int, tuple[int, int] | None, str]]:
    """Split a paragraph into the parts governed by one measure each.

    Returns (start, end, lead span or None, lead text). The first sentence is a
    lead if short; inside run-in paragraphs (（一）标题。正文…) short bare sentences
    followed by a longer one start new measures; `主要预期目标` starts a list measure.
    """
    if not sents:
        return [(ps, pe, None, "")]
    goals_list = rules().goals_list
    cuts: list[tuple[int, tuple[int, int] | None, str]] = []  # chunk start, lead span, lead
    first = text[sents[0][0]:sents[0][1]]
    candidates: list[int] = []
    if len(sents) > 1 and is_lead(first):
        cuts.append((sents[0][0], _skip_marker(text, *sents[0]), _lead_text(text, *sents[0])))
    else:
        cuts.append((sents[0][0], None, ""))
    for k in range(1, len(sents)):
        s = text[sents[k][0]:sents[k][1]]
        compact = re.sub(r"\s+", "", s)
        if goals_list in compact[:30]:
            found = _find_compact(text, sents[k][0], sents[k][1], goals_list)
            assert found is not None
            cuts.append((sents[k][0], (sents[k][0], found[1]), goals_list))
            continue
        if not run_in or k + 1 >= len(sents):
            continue
        after = re.sub(r"\s+", "", text[sents[k + 1][0]:sents[k + 1][1]])
        if is_lead(s, embedded=True) and ("，" in after or len(after) >= 25):
            candidates.append(k)
    # A lead governs more than one short sentence: drop candidates followed by a
    # single short sentence before the next candidate (组建…基金。扩大…。因地制宜…。).
    for idx, k in enumerate(candidates):
        nxt = candidates[idx + 1] if idx + 1 < len(candidates) else len(sents)
        after = re.sub(r"\s+", "", text[sents[k + 1][0]:sents[k + 1][1]])
        if nxt - k - 1 < 2 and len(after) < 40 and idx + 1 < len(candidates):
            continue
        cuts.append((sents[k][0], sents[k], _lead_text(text, *sents[k])))
    cuts.sort(key=lambda c: c[0])
    # 主要预期目标 in the first sentence of a paragraph
    if cuts[0][1] is None and goals_list in re.sub(r"\s+", "", first)[:30]:
        found = _find_compact(text, sents[0][0], sents[0][1], goals_list)
        if found:
            cuts[0] = (sents[0][0], (sents[0][0], found[1]), goals_list)
    out: list[tuple[int, int, tuple[int, int] | None, str]] = []
    for idx, (cs, lead_span, lead) in enumerate(cuts):
        ce = cuts[idx + 1][0] if idx + 1 < len(cuts) else pe
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        out.append((cs, ce, lead_span, lead))
    return out


def _find_compact(text: str, start: int, end: int, word: str) -> tuple[int, int] | None:
    """Source span of the first `word` in text[start:end], line breaks inside it
    allowed (主要预期 / 目标 cut by a wrapped page)."""
    c = CompactText.of(text, start, end)
    i = c.text.find(word)
    return c.to_source(i, i + len(word)) if i >= 0 else None


def _skip_marker(text: str, start: int, end: int) -> tuple[int, int]:
    """A lead's span without the bullet or list marker before it (● / —— / 1.)."""
    m = rules().list_marker.match(text[start:end])
    if m and m.end() < end - start:
        start += m.end()
        while start < end and text[start].isspace():
            start += 1
    return start, end


def _short_line(text: str, u: _Unit) -> bool:
    """A one-line unit short enough to be a heading or headline."""
    s = _compact(text, u.start, u.end)
    return u.lines <= 1 and len(s) <= 40 and not re.search(r"[，。；！？,;!?]", s.rstrip("。"))


def _short_open_text(text: str, u: _Unit) -> bool:
    """A short text line that does not end a sentence: a headline, or a heading's continuation."""
    return u.kind == "text" and _short_line(text, u) and not ends_sentence(text[u.start:u.end])


def _unnumbered_heading(text: str, u: _Unit, layout: str) -> bool:
    """An unnumbered heading line such as `“十四五”时期工作回顾` or `2026年重点工作`."""
    # a heading too long for a newspaper column is wrapped over two or three lines
    if u.starts_item or u.lines > 3:
        return False
    s = _compact(text, u.start, u.end)
    if len(s) > 32 or len(s) < 4 or re.search(r"[，。；！？：:,;!?、]", s):
        return False
    r = rules()
    if s.startswith(r.heading_not_openers) or any(w in s for w in r.heading_not_inside):
        return False
    return bool(r.heading_cues.search(s))


def _front_matter_end(units: list[_Unit], text: str) -> int:
    """End offset of front matter: everything before the first heading or keyword
    line, when that comes early (title, date line, 各位代表：, 现在我代表…)."""
    for k, u in enumerate(units[:60]):
        if u.kind in ("heading", "keyword", "tag"):
            return u.start if k else 0
        if u.kind == "text" and _unnumbered_heading(text, u, ""):
            return u.start
    return 0


def _has_paragraph_speakers(units: list[_Unit], text: str) -> bool:
    return any(_paragraph_speaker(text, u.start, u.end) for u in units if u.kind == "text")


def _paragraph_speaker(text: str, start: int, end: int) -> str | None:
    """`何雄表示，…` at the start of a paragraph: the speaker's name."""
    m = rules().paragraph_speaker.match(_compact(text, start, min(end, start + 20)))
    if m and looks_like_name(m.group(1)):
        return m.group(1)
    return None


def _assign_zones(
    sections: list[_Sec], paras: list[_ParaSpec], text: str, year: int | None
) -> list[Zone]:
    """Give every section its zone and return the zone of each paragraph.

    Walks the document in order. A heading that says when (回顾, “十五五”…目标,
    2026年重点工作) decides for its section. A paragraph directly under a top-level
    section that opens with a strong cue (过去一年…, “十五五”时期是…, 今年…) switches
    the zone from there on (a heading `“十五五”时期主要目标和2026年重点工作` holds
    both). A subsection takes its parent's zone at the point where it starts (a
    `民生实事` heading inside a review is still review), unless the parent heading
    says nothing and the subsection's plainly names a period. A top-level heading
    that says nothing (一、一年接着一年干…) takes what its first paragraph announces
    (2025年是…收官之年), else the zone of the top-level section before it.
    """
    first_para: dict[str, tuple[int, int]] = {}
    for ps, pe, sec, _, _ in paras:
        top = sec
        while top.parent is not None:
            top = top.parent
        first_para.setdefault(top.key, (ps, pe))
    events: list[tuple[int, int, int]] = [(s.span[0], 0, k) for k, s in enumerate(sections)]
    events += [(p[0], 1, k) for k, p in enumerate(paras)]
    events.sort()
    carried: dict[str, Zone] = {}
    zones: list[Zone] = ["other"] * len(paras)
    prev_top: Zone = "plan"
    for _, kind, k in events:
        if kind == 0:
            s = sections[k]
            if s.statement:
                s.zone = "statement"
            elif s.front:
                s.zone = "other"
            elif s.parent is None:
                zone = s.own_zone
                if zone is None:
                    fp = first_para.get(s.key)
                    cue = _zone_of_paragraph(_compact(text, fp[0], min(fp[1], fp[0] + 80)), year) if fp else None
                    zone = cue or prev_top
                s.zone = zone
            else:
                parent_zone = carried.get(s.parent.key, s.parent.zone)
                strong = rules().subsection_strong.search(s.heading)
                if s.own_zone == "other":
                    s.zone = "other"
                elif s.parent.own_zone is None and s.parent.parent is None and strong and s.own_zone:
                    s.zone = s.own_zone
                else:
                    s.zone = parent_zone
            carried[s.key] = s.zone
            if s.parent is None and s.zone not in ("other", "statement"):
                prev_top = s.zone
            continue
        ps, pe, sec, _, _ = paras[k]
        zone = carried.get(sec.key, sec.zone)
        if sec.level <= 1 and zone not in ("statement", "other"):
            cue = _zone_of_paragraph(_compact(text, ps, min(pe, ps + 80)), year)
            if cue is not None:
                zone = cue
                carried[sec.key] = zone
                if sec.parent is None:
                    prev_top = zone
        zones[k] = zone
    return zones


def _set_body_ends(sections: list[_Sec], length: int, byline: Span | None) -> None:
    """A section runs to the next section at the same or a higher level (or to the
    byline that closes its article)."""
    for k, s in enumerate(sections):
        end = length
        for t in sections[k + 1:]:
            if t.level <= s.level or t.statement:
                end = t.span[0]
                break
        if byline is not None and s.span[0] < byline.start < end:
            end = byline.start
        s.body_end = end
    # trim trailing whitespace (text is not needed here: spans are checked by callers)


def _statement_blocks(
    text: str,
    speaker_units: list[tuple[_Unit, _Sec]],
    headline_units: dict[int, list[_Unit]],
    paragraphs: list[Paragraph],
    keys: _Keys,
) -> list[StatementBlock]:
    """Speaker blocks: from a speaker line (or a paragraph opening `何雄表示，`) to the
    last following paragraph that still names the speaker."""
    stmt = [p for p in paragraphs if p.zone == "statement"]
    stmt.sort(key=lambda p: p.span.start)
    anchors: list[tuple[int, str, str | None, Span, Span | None]] = []  # pos, name, role, name span, headline
    for k, (u, _sec) in enumerate(speaker_units):
        seg = text[u.start:u.end]
        pos = seg.find(u.label[0])
        name_span = _name_span(text, u.start, u.end, u.label) or Span(u.start + pos, u.end, text[u.start + pos:u.end])
        hl = headline_units.get(k) or []
        head = Span(hl[0].start, hl[-1].end, text[hl[0].start:hl[-1].end]) if hl else None
        anchors.append((u.end, u.label, u.role, name_span, head))
    covered: set[int] = set()
    blocks: list[StatementBlock] = []
    # paragraphs opening with 何雄表示 that are not under a speaker line
    line_starts = sorted(a[0] for a in anchors)
    for p in stmt:
        name = _paragraph_speaker(text, p.span.start, p.span.end)
        if not name:
            continue
        k = bisect.bisect_right(line_starts, p.span.start) - 1
        under = k >= 0 and any(a[1] == name and a[0] == line_starts[k] for a in anchors)
        if under:
            continue
        ns = _name_span(text, p.span.start, p.span.end, name)
        if ns is None:
            continue
        anchors.append((p.span.start, name, None, ns, None))
    anchors.sort(key=lambda a: a[0])
    for k, (pos, name, role, name_span, head) in enumerate(anchors):
        limit = anchors[k + 1][0] if k + 1 < len(anchors) else len(text)
        if k + 1 < len(anchors):
            limit = anchors[k + 1][3].start if anchors[k + 1][2] is None else _line_start(text, anchors[k + 1][3].start)
        mine = [p for p in stmt if pos <= p.span.start < limit and p.span.start not in covered]
        if head is not None:
            mine = [p for p in mine if p.span.start >= head.end]
        # keep paragraphs up to the last that names the speaker (or opens with 他/她)
        last = -1
        for j, p in enumerate(mine):
            c = _compact(text, p.span.start, p.span.end)
            if name in c or c.startswith(rules().pronouns):
                last = j
            else:
                break
        mine = mine[: last + 1]
        if not mine:
            continue
        for p in mine:
            covered.add(p.span.start)
        s, e = mine[0].span.start, mine[-1].span.end
        # keys numbers repeats: a page saved twice repeats a statement, the second gets its own key
        key = keys.key("statement", name, _compact(text, s, min(e, s + 40)))
        blocks.append(
            StatementBlock(key, name, role, name_span, head, Span(s, e, text[s:e]), mine[0].section_key or "",
                           tuple(p.span for p in mine))
        )
    return blocks


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _name_span(text: str, start: int, end: int, name: str) -> Span | None:
    """The span of `name` in text[start:end], allowing layout whitespace inside it."""
    c = CompactText.of(text, start, end)
    i = c.text.find(name)
    if i < 0:
        return None
    s, e = c.to_source(i, i + len(name))
    return Span(s, e, text[s:e])

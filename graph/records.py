"""Typed records that the extraction stages produce and the assembler consumes.

Consumes: nothing (definitions only).
Produces: dataclasses shared by every stage: spans, structure (sections, measures,
paragraphs), quantified targets and results, qualitative actions, entities,
statements, and the accounting of every number in the source.

Every record that stands for something in the text carries a `Span` whose
`quote == text[start:end]`, offsets being 0-based code points into the decoded
source, end exclusive. Records refer to each other by `key`: a short hash of
stable content (never a position), so that editing one paragraph does not
change the keys of the rest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Zone = Literal["plan", "review", "goals", "statement", "other"]
"""Where a paragraph sits: the plan year's work (plan), a review of past years
(review: its figures are results), multi-year goals (goals: 十五五, 到2030年), the
statements article (statement), or front/back matter (other)."""

Comparator = Literal[">=", "<=", ">", "<", "=", "~", "range"]
TargetKind = Literal["level", "growth", "share", "density"]
EntityType = Literal["place", "project", "organization", "program", "person"]
NumberRole = Literal["target", "result", "name", "date", "residue"]

COMPARATORS: tuple[str, ...] = (">=", "<=", ">", "<", "=", "~", "range")
TARGET_KINDS: tuple[str, ...] = ("level", "growth", "share", "density")
# Which way a figure points: its value is an increase (增长5%, 新增1000家), a decrease
# (下降3%, 压减100万吨) or a level to reach or hold (达到, 控制在, 降至; a plain figure).
# The value itself stays as written (positive): queries read the sign from the direction.
DIRECTIONS: tuple[str, ...] = ("increase", "decrease", "level")
ENTITY_TYPES: tuple[str, ...] = ("place", "project", "organization", "program", "person")


def stable_key(*parts: object) -> str:
    """A short, deterministic key from content.

    >>> stable_key("稳中求进")
    'c3012080'
    >>> stable_key("a", 1) == stable_key("a", 1)
    True
    """
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Span:
    """A stretch of the decoded source: text[start:end] == quote."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class DocumentInfo:
    """What we know about the source document as a whole."""

    doc_id: str  # slug from the file name, e.g. "zhengzhou-2023"; names the IRIs
    source_name: str  # file name as given (no directories)
    sha256: str  # of the raw bytes
    encoding: str  # as detected: "utf-8", "utf-8-sig", "gb18030"
    title: str  # first heading or first line
    jurisdiction: str | None  # 郑州, 河北省 ... when the text says it
    plan_year: int | None  # the year the plan is for (2023 for the example)
    length: int  # characters in the decoded text
    jurisdiction_code: str | None = None  # GB/T 2260 code of the jurisdiction, when the divisions know it
    level: str | None = None  # national | province | city | county
    kind: str | None = None  # report (a full 政府工作报告) | summary (a newspaper's account of one)
    curation: str | None = None  # the curation file's name, when one was read


@dataclass(frozen=True)
class Section:
    """A theme of the plan: a 关键词【…】 block, a numbered heading (一、/（一）), or a fallback."""

    key: str
    keyword: str | None  # 稳中求进 (from 关键词【稳中求进】)
    tag: str | None  # 郑州实践 (from 【郑州实践】)
    heading: str  # 持续稳定经济运行, or the numbered heading's text
    label: str  # what people call it: keyword if any, else heading
    zone: Zone
    span: Span  # the heading/keyword line(s)
    body: Span  # the whole section, heading included
    parent_key: str | None = None  # for （一） under 三、
    ordinal: int = 0  # position among sections, for display order only


@dataclass(frozen=True)
class Measure:
    """A measure inside a section: a paragraph's lead phrase such as 强化投资关键作用。"""

    key: str
    section_key: str
    lead: str  # 强化投资关键作用 (no trailing punctuation)
    span: Span  # the lead phrase
    body: Span  # the paragraph (or part of it) the measure governs
    zone: Zone


@dataclass(frozen=True)
class Paragraph:
    """A logical paragraph after undoing layout breaks; the unit extraction runs on."""

    span: Span
    section_key: str | None
    measure_key: str | None
    zone: Zone


@dataclass(frozen=True)
class Quantity:
    """A figure as written and normalised: 5000亿元 -> 5.0e11 CNY."""

    value: float
    value_max: float | None  # for ranges 1~2家
    unit: str  # as written: 个, 家, 亿元, 万户, %, 公里 ...
    value_normalized: float
    value_max_normalized: float | None
    unit_normalized: str  # CNY, USD, 1 (a count), percent, km, m2, t, mu, ...
    span: Span  # the number and its unit


@dataclass(frozen=True)
class Target:
    """A quantified commitment: one figure the plan commits to."""

    key: str
    section_key: str | None
    measure_key: str | None
    metric: str  # 年度完成投资, 城镇调查失业率
    quantity: Quantity
    comparator: str  # one of COMPARATORS
    kind: str  # one of TARGET_KINDS
    aspirational: bool  # governed by 力争/争取
    year: int | None  # the year it is due
    period: str | None  # "2026-2030" or "十五五" when the text gives a period
    span: Span  # at least the number and its unit; usually metric..unit(+comparator)
    binding: bool | None = None  # 约束性 True, 预期性 False, unknown None
    direction: str = "level"  # one of DIRECTIONS


@dataclass(frozen=True)
class Result:
    """A figure already achieved (review of the past): never a target."""

    key: str
    section_key: str | None
    measure_key: str | None
    metric: str
    quantity: Quantity
    comparator: str
    kind: str
    year: int | None  # the year or end of the period it reports
    period: str | None
    span: Span
    direction: str = "level"  # one of DIRECTIONS


@dataclass(frozen=True)
class Action:
    """A qualitative commitment: a clause of a measure that opens with a commitment
    verb and holds no figure (开工建设轨道交通S2线)."""

    key: str
    section_key: str | None
    measure_key: str | None
    verb: str  # the commitment verb that opens it: 开工建设, 推进 (after 加快, 全面 …)
    text: str  # the clause with layout whitespace removed (span.quote may hold line breaks)
    span: Span  # the clause, trimmed of punctuation and whitespace
    entity_keys: tuple[str, ...] = ()  # entities with a mention inside the span (people excepted)


@dataclass
class Entity:
    """A named thing: place, project, organisation, programme or person."""

    key: str
    type: str  # one of ENTITY_TYPES
    label: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)  # sorted by start
    section_keys: list[str] = field(default_factory=list)
    measure_keys: list[str] = field(default_factory=list)
    located_in: list[str] = field(default_factory=list)  # place keys (projects, orgs)
    involves: list[str] = field(default_factory=list)  # organisation keys (projects)
    implements: list[str] = field(default_factory=list)  # programme keys (projects)
    role: str | None = None  # people: 省人大代表, 记者 ...
    affiliation: str | None = None  # people: place or body named with the role
    code: str | None = None  # places: GB/T 2260 code of a division, ISO 3166 alpha-2 of a country
    within: str | None = None  # places: GB/T 2260 code of the division the place lies in
    scope: str | None = None  # relative names: the jurisdiction's code, "" for the document; None: global


@dataclass(frozen=True)
class Statement:
    """What a named person said (the second article of the example)."""

    key: str
    speaker_key: str  # an Entity key of type person
    speaker_name: str
    role: str | None
    headline: str | None  # the title line above the statement, if any
    span: Span  # the statement's text
    touches: tuple[str, ...] = ()  # entity keys mentioned in it
    theme_keys: tuple[str, ...] = ()  # section keys whose themes it touches


@dataclass(frozen=True)
class NumberUse:
    """How one number in the source was accounted for."""

    span: Span
    role: str  # one of: target, result, name, date, residue
    ref_key: str | None = None  # the target/result/entity it belongs to
    note: str = ""  # for residue: why it was not used


@dataclass
class Extraction:
    """Everything extracted from one document: the input to the assembler."""

    document: DocumentInfo
    text: str
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    numbers: list[NumberUse] = field(default_factory=list)
    byline: Span | None = None  # 郑报全媒体记者 王红
    warnings: list[str] = field(default_factory=list)  # about the input: damaged bytes, repeated passages

    def residue(self) -> list[NumberUse]:
        return [n for n in self.numbers if n.role == "residue"]

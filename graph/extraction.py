"""Extraction: one plan document -> an `Extraction` (all the records of graph.records).

Consumes: a path (only `extract_document` touches the file system, through
`graph.read.read_source`) or a `SourceText`.
Produces: `Extraction` with the document info, structure (sections, measures,
paragraphs, byline), targets and results, actions, entities and statements, and a
`NumberUse` for every number token of the source ("nothing lost").

Pipeline: read -> normalize_chars -> segment (graph.segment) -> targets and
results (graph.targets) -> entities and statements (graph.entities) -> actions
(graph.actions: clauses without a figure, so after the figures; their entities,
so after the entities) -> number accounting. Text outside the logical paragraphs (headings, front matter, byline)
is read as zone "other", so its numbers are accounted for too: they can be dates,
names or residue, never targets.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from itertools import accumulate
from pathlib import Path

from graph import places
from graph.actions import find_actions
from graph.curation import NO_CURATION, Curation, curation_for
from graph.read import DEFAULT_MAX_MB, MB, CompactText, SourceText, normalize_chars, read_source, source_from_string
from graph.records import DocumentInfo, Extraction, NumberUse, Paragraph, Span
from graph.targets import extract_figures


def doc_slug(name: str) -> str:
    """An ASCII-safe document id from a file name (stem), used in IRIs.

    >>> doc_slug("zhengzhou-2023.txt"), doc_slug("2026-anhui.txt"), doc_slug("My Plan (v2).TXT")
    ('zhengzhou-2023', '2026-anhui', 'my-plan-v2')
    >>> doc_slug("郑州市2023年政府工作报告.txt")
    'zheng-zhou-shi-2023-nian-zheng-fu-gong-zuo-bao-gao'
    """
    stem = Path(name).stem if "." in Path(name).name else Path(name).name
    stem = unicodedata.normalize("NFKC", stem)
    if not stem.isascii():
        from graph.literals import slug

        # slug() caps its output at 40 characters; slug short chunks and cap at a
        # syllable boundary instead
        joined = "-".join(slug(chunk) for chunk in re.findall(r"[0-9A-Za-z]+|[^0-9A-Za-z]{1,6}", stem))
        joined = _ascii_slug(joined)
        return joined if len(joined) <= 60 else joined[:60].rsplit("-", 1)[0]
    return _ascii_slug(stem)


def _ascii_slug(s: str) -> str:
    s = re.sub(r"[^0-9A-Za-z]+", "-", s).strip("-").lower()
    return re.sub(r"-{2,}", "-", s) or "document"


_RE_SUMMARY = re.compile(r"摘登|摘要|（摘编）|报告指出|报告时指出|隆重开幕|记者|通讯员")


def document_kind(title: str, text: str) -> str:
    """report for a full 政府工作报告 (addressed to the deputies), summary for a
    newspaper's account of one (摘登, 报告指出…, a reporter's byline).

    >>> document_kind("2026年河北省政府工作报告", "各位代表：现在，我代表省人民政府…各位代表")
    'report'
    >>> document_kind("关键词里看郑州", "记者 刘尚文 摄")
    'summary'
    """
    if text.count("各位代表") >= 2:
        return "report"
    if _RE_SUMMARY.search(text[:1500]):
        return "summary"
    return "report" if "政府工作报告" in title else "summary"


def _gaps(paragraphs: list[Paragraph], text: str) -> list[Paragraph]:
    """Pseudo-paragraphs (zone "other") covering the text outside the paragraphs."""
    out: list[Paragraph] = []
    pos = 0
    for p in sorted(paragraphs, key=lambda p: p.span.start):
        if p.span.start > pos and text[pos:p.span.start].strip():
            out.append(Paragraph(Span(pos, p.span.start, text[pos:p.span.start]), None, None, "other"))
        pos = max(pos, p.span.end)
    if pos < len(text) and text[pos:].strip():
        out.append(Paragraph(Span(pos, len(text), text[pos:]), None, None, "other"))
    return out


def account_numbers(uses: list[NumberUse], entities: list) -> list[NumberUse]:
    """Numbers inside an entity mention (轨道交通S2线, 十大战略) are part of a name.

    Targets and results keep their role; dates keep theirs (十四五 is a period
    even inside 十四五规划).
    """
    mentions = sorted((m.start, m.end, e.key) for e in entities for m in e.mentions)
    if not mentions:
        return sorted(uses, key=lambda u: u.span.start)
    # The first mention (in that order) starting at or before a number and ending at
    # or after it: the running maximum of the ends first reaches the number's end at
    # the first mention that does, so two bisections find it.
    starts = [s for s, _, _ in mentions]
    reach = list(accumulate((e for _, e, _ in mentions), max))
    out: list[NumberUse] = []
    for u in uses:
        if u.role in ("residue", "name") and u.ref_key is None:
            i = bisect_left(reach, u.span.end)
            if i < bisect_right(starts, u.span.start):
                u = NumberUse(u.span, "name", mentions[i][2], "inside an entity mention")
        out.append(u)
    return sorted(out, key=lambda u: u.span.start)


# A paragraph this long or longer that repeats an earlier one word for word is a
# repeated passage (a page saved twice); shorter repeats (各位代表！, 谢谢) are normal.
REPEAT_MIN_CHARS = 40


def repeated_passages(paragraphs: list[Paragraph], text: str) -> tuple[int, int, int | None]:
    """(paragraphs, characters) that repeat an earlier paragraph of at least
    REPEAT_MIN_CHARS characters word for word, and the offset of the first.

    >>> p = lambda s, e: Paragraph(Span(s, e, ""), None, None, "plan")
    >>> body = "加快建设现代化产业体系，推动制造业高端化、智能化、绿色化发展，培育壮大新兴产业。"
    >>> text = body + "\\n" + body
    >>> repeated_passages([p(0, len(body)), p(len(body) + 1, len(text))], text)
    (1, 40, 41)
    """
    seen: set[str] = set()
    count = chars = 0
    first: int | None = None
    for para in sorted(paragraphs, key=lambda p: p.span.start):
        body = "".join(text[para.span.start:para.span.end].split())
        if len(body) < REPEAT_MIN_CHARS:
            continue
        if body in seen:
            count += 1
            chars += len(body)
            first = para.span.start if first is None else first
        else:
            seen.add(body)
    return count, chars, first


def _repeat_warning(name: str, paragraphs: list[Paragraph], text: str) -> list[str]:
    count, chars, first = repeated_passages(paragraphs, text)
    if not count:
        return []
    share = chars / max(1, len("".join(text.split())))
    return [f"{name}: {count} paragraph(s) ({share:.0%} of the text) repeat earlier ones word for word, "
            f"the first at character {first} (a page saved twice?); each copy is kept as its own "
            "records, with numbered keys"]


def extract_text(source: SourceText, doc_id: str | None = None, curation: Curation = NO_CURATION,
                 progress: Callable[[str], None] | None = None) -> Extraction:
    """Extract everything from a decoded document. Pure: no file system.

    Args:
        source: the decoded text and its provenance (graph.read).
        doc_id: id for IRIs; defaults to a slug of the source's file name.
        curation: the document's own names and overrides (graph.curation).
        progress: called with each stage's name as it starts (a long document's progress).
    Returns:
        the Extraction; every record's span indexes `source.text`.
    """
    from graph.segment import segment

    note = progress or (lambda stage: None)
    note("segmenting")
    text = source.text
    norm = normalize_chars(text)
    # the whole text without layout whitespace, once: every stage cuts its
    # paragraphs' compact text from it instead of reading the characters again
    compact = CompactText.of(norm)
    structure = segment(text, norm)  # rules read the folded copy; quotes are of `text`
    if structure.jurisdiction is None:  # 我代表区人民政府: the district the text names most
        structure = replace(structure, jurisdiction=places.jurisdiction_from_text(text))
    if curation.jurisdiction or curation.plan_year:
        structure = replace(structure, jurisdiction=curation.jurisdiction or structure.jurisdiction,
                            plan_year=curation.plan_year or structure.plan_year)
    plan_year = structure.plan_year
    note("figures")
    figures = extract_figures(text, structure.paragraphs, plan_year=plan_year, norm=norm, compact=compact)
    others = extract_figures(text, _gaps(structure.paragraphs, text), plan_year=plan_year, norm=norm,
                             compact=compact)
    note("entities")
    entities, statements = _entities(text, structure, compact, curation)
    numbers = account_numbers(figures.numbers + others.numbers, entities)
    note("actions")
    actions = find_actions(text, structure.paragraphs, structure.measures, [*figures.targets, *figures.results],
                           entities, plan_year=plan_year, norm=norm, compact=compact)
    division = places.resolve_jurisdiction(structure.jurisdiction, text)
    info = DocumentInfo(
        doc_id=doc_id or doc_slug(source.name),
        source_name=source.name,
        sha256=source.sha256,
        encoding=source.encoding,
        title=structure.title,
        jurisdiction=structure.jurisdiction,
        plan_year=plan_year,
        length=len(text),
        jurisdiction_code=division.code if division else None,
        level=curation.level or places.level_of(structure.jurisdiction, division),
        kind=curation.kind or document_kind(structure.title, text),
        curation=curation.source or None,
    )
    return Extraction(
        document=info,
        text=text,
        sections=list(structure.sections),
        measures=list(structure.measures),
        paragraphs=list(structure.paragraphs),
        targets=figures.targets,
        results=figures.results,
        actions=actions,
        entities=entities,
        statements=statements,
        numbers=numbers,
        byline=structure.byline,
        warnings=list(source.warnings) + _repeat_warning(source.name, structure.paragraphs, text),
    )


def _entities(text: str, structure, compact: CompactText | None = None,
              curation: Curation = NO_CURATION) -> tuple[list, list]:
    """Entities and statements from graph.entities."""
    from graph.entities import extract_entities

    return extract_entities(text, structure, compact, curation)


def extract_document(path: Path | str | None = None, *, text: str | None = None, doc_id: str | None = None,
                     curation: Curation | Path | None = None, max_bytes: int | None = DEFAULT_MAX_MB * MB,
                     progress: Callable[[str], None] | None = None) -> Extraction:
    """Read a file (or take text in memory) and extract it.

    `curation`: a Curation, or the path of a curation file; by default the file
    beside the document (`plan.curation.toml` for `plan.txt`), if there is one.
    Pass `NO_CURATION` for what the rules find alone.

    `max_bytes`: a larger file is refused (ReadError; None: no limit).
    `progress`: see extract_text.

    Raises graph.read.ReadError for unreadable, empty, binary or too large input and
    graph.curation.CurationError for an unusable curation file.
    """
    if isinstance(curation, Path):
        curation = curation_for(Path(path or "."), curation)
    elif curation is None:
        curation = curation_for(Path(path)) if path is not None and text is None else NO_CURATION
    if text is not None:
        source = source_from_string(text, name=str(path) if path else "<string>")
    elif path is not None:
        source = read_source(Path(path), max_bytes=max_bytes)
    else:
        raise ValueError("extract_document needs a path or text")
    return extract_text(source, doc_id=doc_id, curation=curation, progress=progress)

"""Extraction end to end (graph/extraction.py) and the "nothing lost" accounting:
every number token of the source ends as a NumberUse (target, result, name,
date, or residue with a note), with quote == text[start:end].

These run the whole pipeline, so they also use graph.segment and graph.entities.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extraction import doc_slug, extract_document, extract_text
from graph.quantity import layout_breaks, scan_numbers
from graph.read import CompactText, ReadError, normalize_chars, source_from_string
from graph.targets import rules as target_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhengzhou-2023.txt"
PLANS = Path(__file__).resolve().parent / "fixtures" / "plans"
# the 22 provincial reports, kept in the repository so CI has them
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ROLES = {"target", "result", "name", "date", "residue"}


@pytest.fixture(scope="module")
def example():
    return extract_document(EXAMPLE)


def _tokens(text: str) -> list[tuple[int, int]]:
    """Source spans of every number token, scanned independently of the extractor."""
    norm = normalize_chars(text)
    c = CompactText.of(norm)
    return [c.to_source(t.start, t.end) for t in scan_numbers(c.text, layout_breaks(c.offsets, norm))]


def _check_accounting(ex) -> None:
    text = ex.text
    uses = {(n.span.start, n.span.end): n for n in ex.numbers}
    tokens = _tokens(text)
    missing = [(s, text[s:e]) for s, e in tokens if (s, e) not in uses]
    assert not missing, f"numbers not accounted for: {missing[:10]}"
    for n in ex.numbers:
        assert n.span.quote == text[n.span.start:n.span.end]
        assert n.role in ROLES
        if n.role == "residue":
            assert n.note, n
    keys = {t.key for t in ex.targets} | {r.key for r in ex.results}
    for n in ex.numbers:
        if n.role in ("target", "result"):
            assert n.ref_key in keys
    # every figure's number is accounted for as that figure (正增长 states a figure with no number)
    by_start = {n.span.start: n for n in ex.numbers}
    for f in [*ex.targets, *ex.results]:
        if f.quantity.span.quote in target_rules().positive_growth_words:
            continue
        n = by_start.get(f.quantity.span.start)
        assert n is not None and n.ref_key == f.key, f


def test_example_accounting(example):
    _check_accounting(example)
    residue = example.residue()
    assert len(residue) <= 3, [(n.span.quote, n.note) for n in residue]
    counts = {r: sum(1 for n in example.numbers if n.role == r) for r in ROLES}
    assert counts["target"] >= 78 and counts["result"] == 0
    assert counts["name"] >= 15 and counts["date"] >= 5


def test_example_document_info_and_records(example):
    d = example.document
    assert (d.doc_id, d.source_name, d.encoding, d.plan_year, d.length) == (
        "zhengzhou-2023", "zhengzhou-2023.txt", "utf-8", 2023, len(example.text))
    assert len(example.targets) >= 78
    for t in example.targets:
        assert t.span.quote == example.text[t.span.start:t.span.end]
        assert t.quantity.span.quote == example.text[t.quantity.span.start:t.quantity.span.end]
        assert t.section_key is not None and t.year == 2023
    # targets are linked to the sections of the structure
    assert {t.section_key for t in example.targets} <= {s.key for s in example.sections}


def test_numbered_layout_end_to_end():
    ex = extract_document(PLANS / "numbered-2026.txt")
    _check_accounting(ex)
    assert ex.document.plan_year == 2026 and ex.document.doc_id == "numbered-2026"
    results = [(r.metric, r.quantity.value, r.quantity.unit, r.year) for r in ex.results]
    assert results == [("地区生产总值", 5.2, "%", 2025), ("城镇新增就业", 52, "万人", 2025),
                       ("高速公路通车里程", 8000, "公里", 2025), ("新增高新技术企业", 1800, "家", 2025)]
    got = [(t.metric, t.quantity.value, t.quantity.value_max, t.quantity.unit, t.comparator, t.aspirational,
            t.year, t.period) for t in ex.targets]
    assert got == [
        ("常住人口城镇化率", 68, None, "%", "=", False, 2030, "2026-2030"),
        ("全社会研发经费投入", 8, None, "%", ">=", False, 2030, "2026-2030"),
        ("地区生产总值", 5, None, "%", "~", True, 2030, "2026-2030"),
        ("地区生产总值", 5, None, "%", "~", False, 2026, None),
        ("城镇调查失业率", 5.5, None, "%", "<=", False, 2026, None),
        ("城镇新增就业", 50, None, "万人", ">=", False, 2026, None),
        ("粮食产量", 600, None, "亿斤", ">=", False, 2026, None),
        ("实施省重点项目", 1500, None, "个", ">=", False, 2026, None),
        ("投资", 8000, None, "亿元", "=", True, 2026, None),
        ("新增高新技术企业", 2000, None, "家", "=", False, 2026, None),
        ("规上工业增加值", 6, None, "%", "=", False, 2026, None),
        ("培育“三个一批”项目", 30, None, "个", "=", False, 2026, None),
        ("新建改扩建中小学校", 30, None, "所", "=", False, 2026, None),
        ("新增养老床位", 1.2, None, "万张", "=", False, 2026, None),
        ("城镇老旧小区改造", 3, 5, "万户", "range", False, 2026, None),
    ]
    # full-width digits: value read, quote as written
    t = next(t for t in ex.targets if t.metric == "新增高新技术企业")
    assert t.quantity.span.quote == "２０００家" and t.quantity.value_normalized == 2000
    # names and dates are not targets
    roles = {n.span.quote: n.role for n in ex.numbers}
    assert roles["12"] == "name" and roles["2030"] == "date" and roles["十四"] == "name"


@pytest.mark.parametrize("name,encoding", [("bullets-2026.txt", "utf-8"), ("bullets-2026-gb18030.txt", "gb18030")])
def test_bullets_layout_and_gb18030(name, encoding):
    ex = extract_document(PLANS / name)
    _check_accounting(ex)
    assert ex.document.encoding == encoding
    got = [(t.metric, t.quantity.value, t.quantity.unit, t.comparator, t.kind, t.aspirational) for t in ex.targets]
    assert got == [
        ("地区生产总值", 6, "%", "~", "growth", False),
        ("固定资产投资", 8, "%", "=", "growth", False),
        ("社会消费品零售总额", 3000, "亿元", ">", "level", False),
        ("新建省级以上创新平台", 50, "家", "=", "level", False),
        ("技术合同成交额", 200, "亿元", "=", "level", False),
        ("独角兽企业", 5, "家", "=", "level", True),
        ("新建改造城市道路", 120, "公里", "=", "level", False),
        ("新建改造燃气管网", 300, "公里", "=", "level", False),
        ("空气质量优良天数比率", 80, "%", ">=", "share", False),
    ]


def test_extract_text_is_pure_and_doc_id():
    src = source_from_string("2026年工作安排\n新增就业岗位1万个，城镇调查失业率5.5%以内。", name="mini.txt")
    ex = extract_text(src)
    assert ex.document.doc_id == "mini"
    assert extract_text(src, doc_id="x-1").document.doc_id == "x-1"
    assert [t.quantity.value for t in ex.targets] == [1, 5.5]


@pytest.mark.parametrize("name,slug", [("zhengzhou-2023.txt", "zhengzhou-2023"), ("2026-anhui.txt", "2026-anhui"),
                                       ("郑州 2023.txt", "zheng-zhou-2023"), ("Plan_v2.TXT", "plan-v2")])
def test_doc_slug_is_ascii(name, slug):
    assert doc_slug(name) == slug and doc_slug(name).isascii()


def test_unreadable_input_raises_read_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        extract_document(empty)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02 plan")
    with pytest.raises(ReadError, match="binary"):
        extract_document(binary)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_corpus_extracts_with_small_residue(path):
    assert CORPUS.is_dir(), "the corpus fixtures are missing"
    ex = extract_document(path)
    _check_accounting(ex)
    assert ex.targets and ex.results
    residue = ex.residue()
    assert len(residue) <= max(5, 0.05 * len(ex.numbers)), [(n.span.quote, n.note) for n in residue]


# --- quotes are of the source as written -------------------------------------
# Rules read a copy with full-width characters folded (１２３，％ -> 123,%); every
# record must still quote the source itself, character for character.

def _full_width(text: str) -> str:
    """Digits, letters and %.~() of the text as full-width characters."""
    table = {c: chr(ord(c) + 0xFEE0) for c in "0123456789%.~()ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
    return "".join(table.get(ch, ch) for ch in text)


def _all_spans(ex) -> list[tuple[str, object]]:
    spans: list[tuple[str, object]] = []
    spans += [("section", s.span) for s in ex.sections] + [("section body", s.body) for s in ex.sections]
    spans += [("measure", m.span) for m in ex.measures] + [("measure body", m.body) for m in ex.measures]
    spans += [("paragraph", p.span) for p in ex.paragraphs]
    spans += [("target", t.span) for t in ex.targets] + [("target quantity", t.quantity.span) for t in ex.targets]
    spans += [("result", r.span) for r in ex.results] + [("result quantity", r.quantity.span) for r in ex.results]
    spans += [("entity", m) for e in ex.entities for m in e.mentions]
    spans += [("statement", s.span) for s in ex.statements]
    spans += [("number", n.span) for n in ex.numbers]
    spans += [("byline", ex.byline)] if ex.byline else []
    return spans


@pytest.mark.parametrize("source", [EXAMPLE, ROOT / "tests" / "fixtures" / "corpus" / "2026-ningxia.txt"],
                         ids=["example", "ningxia"])
def test_quotes_are_exact_with_full_width_characters(source: Path):
    text = _full_width(source.read_text(encoding="utf-8-sig"))
    assert "２０" in text and "％" in text
    ex = extract_document("full-width.txt", text=text)
    spans = _all_spans(ex)
    kinds = {k for k, _ in spans}
    assert {"section", "measure", "paragraph", "target", "entity", "number"} <= kinds
    if source == EXAMPLE:
        assert {"statement", "byline"} <= kinds and len(ex.targets) >= 70
    else:
        assert "result" in kinds
    for kind, sp in spans:
        assert sp.quote == text[sp.start:sp.end], (kind, sp)
    # the full-width figures were read
    assert any("％" in t.quantity.span.quote for t in ex.targets)

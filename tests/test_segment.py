"""Segmentation, checked against a reading of the bundled example and small documents
in other layouts (numbered headings, 主要预期目标 lists, ● bullets, GB18030, full-width
digits) and hand-annotated excerpts of the corpus."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from graph.read import CompactText, decode, normalize_chars
from graph.segment import Structure, is_lead, segment
from tests.text_helpers import compact, load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhengzhou-2023.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "segment"


def check_spans(text: str, st: Structure) -> None:
    """Every span quotes the text; paragraphs are sorted and disjoint; every paragraph
    that can hold figures has a section and a measure."""
    spans = [s.span for s in st.sections] + [s.body for s in st.sections]
    spans += [m.span for m in st.measures] + [m.body for m in st.measures]
    spans += [p.span for p in st.paragraphs]
    spans += [b.span for b in st.statement_blocks] + [b.speaker_span for b in st.statement_blocks]
    spans += [b.headline for b in st.statement_blocks if b.headline] + ([st.byline] if st.byline else [])
    for sp in spans:
        assert 0 <= sp.start <= sp.end <= len(text)
        assert sp.quote == text[sp.start:sp.end]
    assert st.sections, "there is always at least one section"
    last = -1
    keys = {s.key for s in st.sections}
    mkeys = {m.key for m in st.measures}
    for p in st.paragraphs:
        assert p.span.start >= last
        last = p.span.end
        assert p.section_key in keys
        if p.zone in ("plan", "review", "goals"):
            assert p.measure_key in mkeys, p
    for m in st.measures:
        assert m.body.start <= m.span.start and m.span.end <= m.body.end, m


@pytest.fixture(scope="module")
def example() -> tuple[str, Structure]:
    text = load(EXAMPLE)
    return text, segment(text)


# --- the example, as I read it ------------------------------------------------

KEYWORDS = [
    ("高质量发展", "奋力推动经济发展全面提速提质"),
    ("稳中求进", "持续稳定经济运行"),
    ("科技创新", "持续推进创新驱动发展"),
    ("产业体系", "持续完善现代化产业体系"),
    ("中心城市", "持续提升城市能级品质"),
    ("乡村振兴", "持续推进乡村全面振兴"),
    ("开放合作", "持续深化改革扩大开放"),
    ("绿色家园", "持续推动绿色低碳发展"),
    ("改善民生", "持续增进民生福祉"),
]

# Lead phrases counted by hand, section by section (33 in all).
LEADS = {
    "稳中求进": ["强化投资关键作用", "加快释放消费潜力", "精准服务市场主体"],
    "科技创新": ["稳步推进中原科技城与省科学院深度融合", "打造高水平科创平台", "培育高水平创新主体", "汇聚高水平创新人才"],
    "产业体系": ["加快建设先进制造业高地", "培育壮大新兴产业", "前瞻布局未来产业", "提质发展传统产业", "大力发展现代服务业"],
    "中心城市": ["加快城市更新", "完善城市基础设施", "提升城市本质安全水平", "强化城市精细管理", "高水平建设郑州都市圈"],
    "乡村振兴": ["扛稳粮食安全重任", "持续巩固拓展脱贫攻坚成果", "加快美丽乡村建设", "做大做强县域经济"],
    "开放合作": ["完善提升开放体系", "扩大开放合作空间", "提高招商引资实效"],
    "绿色家园": ["发展清洁能源，增强能源外引和输运能力", "积极稳妥推进碳达峰碳中和", "加快打造绿色屏障"],
    "改善民生": ["把就业作为优先目标", "高质量建设美好教育", "持续建设健康郑州", "加快体育郑州建设",
                 "支持养老托育事业发展", "健全社会保障体系"],
}

SPEAKERS = [
    ("何雄", None, None),
    ("田海涛", "省人大代表", "打造现代化国际化世界级航空大都市"),
    ("石玉", "省人大代表", "大力推进灾后恢复重建让受灾群众早日过上幸福生活"),
    ("王广飞", "省人大代表", "加快一流大学郑州研究院建设助推创新驱动科教兴省人才强省战略实施"),
    ("李芳", "省人大代表", "深入学习创新理论不断强化创新意识"),
    ("汪守景", "省人大代表", "党建引领提升基层社会治理实效"),
    ("周彬", "省人大代表", "加快提升科技创新能力培育壮大战略性新兴产业及未来产业"),
    ("谷晶中", "省人大代表", "支持郑州争创国家级网络安全产业示范园区"),
]


def test_example_document_facts(example):
    text, st = example
    assert st.layout == "wrapped"
    assert st.plan_year == 2023
    assert st.jurisdiction == "郑州"
    assert st.title == "奋力推动经济发展全面提速提质"
    assert st.byline is not None and st.byline.quote == "郑报全媒体记者 王红"
    check_spans(text, st)


def test_example_nine_keyword_sections(example):
    _, st = example
    kw = [s for s in st.sections if s.keyword]
    assert [(s.keyword, s.heading) for s in kw] == KEYWORDS
    assert all(s.tag == "郑州实践" and s.zone == "plan" and s.label == s.keyword for s in kw)
    # the first heading is split over a blank line on the page
    assert "\n\n" in kw[0].span.quote and compact(kw[0].span.quote).endswith("提速提质")
    # sections end where the next begins; the last ends before the byline
    for a, b in pairwise(kw):
        assert a.body.end <= b.span.start
    assert kw[-1].body.end <= st.byline.start


def test_example_measures_per_section(example):
    _, st = example
    by_label = {s.label: s for s in st.sections}
    for keyword, leads in LEADS.items():
        sec = by_label[keyword]
        got = [m.lead for m in st.measures if m.section_key == sec.key and m.span.quote.rstrip().endswith("。")]
        assert got == leads, keyword
        for m in st.measures:
            if m.section_key == sec.key:
                assert m.zone == "plan"
    total = sum(len(v) for v in LEADS.values())
    assert total == 33
    # the intro block and the first 开放合作 paragraph have no lead: one fallback measure each
    fallback = [m for m in st.measures if not m.span.quote.rstrip().endswith("。")]
    assert [m.lead for m in fallback] == ["2023年是全面贯彻落实党的二十大精神开局之年", "持续深化郑州-卢森堡“双枢纽”战略"]
    assert len(st.measures) == 35


def test_example_lead_span_and_body(example):
    text, st = example
    m = next(m for m in st.measures if m.lead == "强化投资关键作用")
    assert m.span.quote == "强化投资关键作用。"
    assert "年度完成投资 5000 亿元以" in m.body.quote and m.body.quote.endswith("占比50%以上。")
    # a lead wrapped over a line keeps its line break in the quote
    m = next(m for m in st.measures if m.lead.startswith("稳步推进中原科技城"))
    assert m.span.quote == "稳步推进中原科技城与省科学院深\n度融合。"


def test_example_layout_undone(example):
    text, st = example
    p = next(p for p in st.paragraphs if p.span.quote.startswith("加快建设先进制造业高地"))
    c = CompactText.of(text, p.span.start, p.span.end).text
    assert "推进900个工业项目" in c
    assert c.endswith("企业300家以上。")
    # blank lines inside a sentence do not split a paragraph
    assert "\n\n" in p.span.quote
    # 兴港新能\n\n源产业园 is one paragraph with 培育壮大新兴产业
    p = next(p for p in st.paragraphs if p.span.quote.startswith("培育壮大新兴产业"))
    assert "兴港新能源产业园" in compact(p.span.quote) and compact(p.span.quote).endswith("等重大项目建设。")


def test_example_zones(example):
    _, st = example
    zones = {p.zone for p in st.paragraphs if p.span.end <= st.byline.start}
    assert zones == {"plan"}
    after = [p for p in st.paragraphs if p.span.start > st.byline.end]
    assert after and all(p.zone == "statement" and p.measure_key is None for p in after)
    stmt = [s for s in st.sections if s.zone == "statement"]
    assert [s.heading for s in stmt] == ["奋力谱写中原更加出彩的郑州篇章"]


def test_example_statement_blocks(example):
    text, st = example
    got = [(b.speaker, b.role, compact(b.headline.quote) if b.headline else None) for b in st.statement_blocks]
    assert got == SPEAKERS
    for b in st.statement_blocks:
        assert b.speaker in compact(b.span.quote) or b.speaker == b.speaker_span.quote
        assert b.speaker_span.quote == b.speaker
    tian = st.statement_blocks[1]
    assert compact(tian.span.quote).startswith("“政府工作报告提出，要高标准建设郑州国际陆港航空港片区")
    assert compact(tian.span.quote).endswith("作出应有贡献。")
    # the page's closing paragraphs are not 谷晶中's
    gu = st.statement_blocks[-1]
    assert "着力推动高质量发展" not in gu.span.quote
    assert compact(gu.span.quote).endswith("支持郑州争创国家级网络安全产业示范园区。")
    he = st.statement_blocks[0]
    assert he.span.quote.startswith("何雄表示，郑州是省会城市")


def test_keys_are_stable_and_content_based(example):
    text, st = example
    again = segment(text)
    assert [s.key for s in again.sections] == [s.key for s in st.sections]
    assert [m.key for m in again.measures] == [m.key for m in st.measures]
    # editing one paragraph changes neither section keys nor other measures' keys
    i = text.index("完成跨境电商交易额")
    edited = text[:i] + "完成跨境电商交易额约" + text[i + len("完成跨境电商交易额"):]
    st2 = segment(edited)
    assert [s.key for s in st2.sections] == [s.key for s in st.sections]
    assert {m.key for m in st2.measures} == {m.key for m in st.measures}
    assert len({m.key for m in st.measures}) == len(st.measures)


def test_is_lead():
    assert is_lead("强化投资关键作用。")
    assert not is_lead("持续深化郑州-卢森堡“双枢纽”战略，继续办好“空中丝绸之路”国际合作论坛，建成航空邮件处理中心。")
    assert is_lead("更大力度提振消费。", embedded=True)
    assert not is_lead("办好第3届博览会。", embedded=True)


# --- small documents in other layouts -----------------------------------------


def test_numbered_headings_and_zones():
    text = load(FIXTURES / "numbered.txt")
    st = segment(text)
    check_spans(text, st)
    assert st.layout == "lines" and st.plan_year == 2024 and st.jurisdiction == "临江市"
    got = [(s.heading, s.zone) for s in st.sections]
    assert got == [
        ("2024年临江市政府工作报告", "other"),
        ("2023年工作回顾", "review"),
        ("经济运行稳中向好", "review"),
        ("民生福祉持续增进", "review"),
        ("2024年工作安排", "plan"),
        ("扩大有效需求", "plan"),
        ("建设现代化产业体系", "plan"),
        ("今后五年奋斗目标", "goals"),
    ]
    by = {s.heading: s for s in st.sections}
    assert by["扩大有效需求"].parent_key == by["2024年工作安排"].key
    assert by["经济运行稳中向好"].parent_key == by["2023年工作回顾"].key
    leads = [m.lead for m in st.measures if m.section_key == by["扩大有效需求"].key]
    assert leads == ["着力扩大有效投资", "全力提振消费"]
    # run-in heading: （二）标题。正文… with short leads inside the paragraph
    leads = [m.lead for m in st.measures if m.section_key == by["建设现代化产业体系"].key]
    assert leads == ["培育壮大新兴产业，推动先进制造业集群发展", "加快建设数字经济", "提升产业链韧性"]
    assert by["建设现代化产业体系"].span.quote == "（二）建设现代化产业体系。"
    # an inline 主要预期目标 list is a measure of its own
    m = next(m for m in st.measures if m.lead == "主要预期目标")
    assert m.body.quote.startswith("经济社会发展的主要预期目标是：") and m.body.quote.endswith("5.5%以内。")
    front = [p for p in st.paragraphs if p.zone == "other"]
    assert [p.span.quote for p in front][-1] == "现在，我代表市人民政府，向大会报告工作，请予审议。"


def test_targets_list_and_bullets():
    text = load(FIXTURES / "targets-list.txt")
    st = segment(text)
    check_spans(text, st)
    first = st.sections[1]
    assert first.heading == "2024年主要预期目标" and first.zone == "plan"
    items = [p for p in st.paragraphs if p.section_key == first.key]
    assert len(items) == 4 and len({p.measure_key for p in items}) == 1
    m = st.measure(items[0].measure_key)
    assert m.lead == "主要预期目标" and m.span.quote == "主要预期目标"
    assert m.body.quote.startswith("主要预期目标\n1.地区生产总值") and m.body.quote.endswith("35万吨以上。")
    # `今年主要预期目标是：` then —— items: one measure over the list
    ms = [m for m in st.measures if m.lead == "主要预期目标" and m.section_key != first.key]
    assert len(ms) == 1 and ms[0].body.quote.endswith("增长6%。")
    # ● bullets: each a paragraph with its lead (the bullet is not part of the lead)
    leads = {m.lead: m for m in st.measures}
    for lead in ("推进科技创新", "扩大对外开放", "加强生态保护"):
        assert leads[lead].span.quote == lead + "。"
    assert sum(1 for p in st.paragraphs if p.span.quote.startswith("●")) == 3


def test_wrapped_page_with_statement():
    text = load(FIXTURES / "wrapped.txt")
    st = segment(text)
    check_spans(text, st)
    sec = st.sections[0]
    assert (sec.keyword, sec.tag, sec.heading) == ("数字经济", "临江实践", "加快建设数字临江")
    assert [m.lead for m in st.measures] == ["做强数字产业", "完善数字基础设施"]
    m = st.measures[1]
    assert "新建5G基站3000个" in compact(m.body.quote)
    assert st.byline.quote == "临江日报记者 张明"
    [b] = st.statement_blocks
    assert (b.speaker, b.role, b.headline.quote) == ("林晓", "市人大代表", "让数据多跑路")


def test_plain_paragraphs_fall_back():
    text = load(FIXTURES / "plain.txt")
    st = segment(text)
    check_spans(text, st)
    assert len(st.sections) == 1 and st.sections[0].heading == "全文"
    assert len(st.paragraphs) == 2 and all(p.measure_key for p in st.paragraphs)
    assert [m.lead for m in st.measures] == ["加快推进乡村振兴", "持续改善人居环境"]


def test_gb18030_bytes_give_the_same_structure():
    raw = (FIXTURES / "numbered.txt").read_bytes().decode("utf-8")
    text, enc = decode(raw.encode("gb18030"), "numbered-gbk.txt")
    assert enc == "gb18030"
    a = segment(normalize_chars(text))
    b = segment(load(FIXTURES / "numbered.txt"))
    assert [(s.key, s.zone, s.span) for s in a.sections] == [(s.key, s.zone, s.span) for s in b.sections]
    assert [(m.key, m.lead) for m in a.measures] == [(m.key, m.lead) for m in b.measures]


def test_full_width_digits():
    raw = (FIXTURES / "fullwidth.txt").read_text(encoding="utf-8")
    text = normalize_chars(raw)
    assert len(text) == len(raw)
    st = segment(text)
    check_spans(text, st)
    assert st.plan_year == 2024 and st.jurisdiction == "东川市"
    assert [s.heading for s in st.sections] == ["2024年东川市政府工作报告", "2024年主要工作", "稳定经济增长"]
    # １． items are list items, one paragraph each; offsets are valid for the raw text too
    items = [p for p in st.paragraphs if re.match(r"\d\.", p.span.quote)]
    assert len(items) == 2
    assert raw[items[0].span.start:items[0].span.start + 2] == "１．"


# --- hand-annotated excerpts of the corpus ------------------------------------


def test_corpus_gansu_unnumbered_headings():
    text = load(FIXTURES / "corpus-gansu.txt")
    st = segment(text)
    check_spans(text, st)
    got = [(s.heading, s.zone) for s in st.sections]
    assert got == [
        ("2026年甘肃省政府工作报告", "other"),
        ("“十四五”时期工作回顾", "review"),
        ("“十五五”时期的主要目标任务", "goals"),
        ("2026年重点工作", "plan"),
        ("放大促消费扩投资政策效应", "plan"),
    ]
    review = [p for p in st.paragraphs if p.zone == "review"]
    assert review[0].span.quote.startswith("“十四五”时期是甘肃发展")
    goals = [p for p in st.paragraphs if p.zone == "goals"]
    assert any(p.span.quote.startswith("八是社会治理效能明显提升") for p in goals)
    assert [m.lead for m in st.measures if m.section_key == st.sections[-1].key] == ["积极承接用好政策", "千方百计促进消费"]
    assert any(m.lead == "主要预期目标" and m.zone == "plan" for m in st.measures)
    assert st.plan_year == 2026 and st.jurisdiction == "甘肃省"


def test_corpus_jiangsu_leads_inside_paragraphs():
    text = load(FIXTURES / "corpus-jiangsu.txt")
    st = segment(text)
    check_spans(text, st)
    sub = st.sections[1]
    assert sub.heading == "不断巩固拓展经济稳中向好势头" and sub.zone == "plan"
    leads = [m.lead for m in st.measures if m.section_key == sub.key]
    assert leads == ["持续拓展内需增长新空间", "更大力度提振消费", "着力扩大有效投资", "促进外贸稳中提质",
                     "加快推动内外贸一体化"]
    m = next(m for m in st.measures if m.lead == "着力扩大有效投资")
    assert "抓好550个省重大项目" in m.body.quote and "促进外贸稳中提质" not in m.body.quote


def test_corpus_qinghai_lead_lines_and_review():
    text = load(FIXTURES / "corpus-qinghai.txt")
    st = segment(text)
    check_spans(text, st)
    assert [(s.heading, s.zone) for s in st.sections if s.parent_key is None] == [
        ("2025年和“十四五”时期工作回顾", "review"),
        ("“十五五”主要目标任务", "goals"),
        ("2026年重点工作任务", "plan"),
    ]
    m = next(m for m in st.measures if m.lead == "生态底色更加亮丽")
    assert m.zone == "review" and m.span.quote == "生态底色更加亮丽。"
    assert m.body.quote.startswith("生态底色更加亮丽。\n始终坚持生态优先")
    assert st.plan_year == 2026


def test_corpus_neimenggu_mixed_heading():
    text = load(FIXTURES / "corpus-neimenggu.txt")
    st = segment(text)
    check_spans(text, st)
    zones = [(p.span.quote[:8], p.zone) for p in st.paragraphs]
    assert zones[0] == ("“十四五”时期内", "review")
    assert ("根据自治区党委《", "goals") in zones
    assert ("今年是“十五五”", "plan") in zones
    assert st.sections[-1].zone == "plan"


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt")), ids=lambda p: p.stem)
def test_corpus_segments(path: Path):
    text = load(path)
    st = segment(text)
    check_spans(text, st)
    zones = {p.zone for p in st.paragraphs}
    assert {"review", "plan"} <= zones
    assert st.plan_year == 2026 and st.jurisdiction


# --- the same report in other layouts ------------------------------------------
# A newspaper sets a report in narrow columns (lines cut at a fixed width, a blank
# line between paragraphs, or no blank line and an indent), or marks its work
# paragraphs with ●. The figures a plan
# commits to do not depend on the layout: the targets must agree one for one.

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def hard_wrap(text: str, width: int) -> str:
    """Cut every paragraph into lines of `width` characters; blank line between paragraphs."""
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join("\n".join(p[i:i + width] for i in range(0, len(p), width)) for p in paras) + "\n"


def indent_wrap(text: str, width: int) -> str:
    """Cut every paragraph into lines of `width` characters, no blank lines: an
    indented first line starts each paragraph (text taken from a PDF)."""
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join("\n".join(("\u3000\u3000" if i == 0 else "") + p[i:i + width] for i in range(0, len(p), width))
                     for p in paras) + "\n"


def bulletise(text: str) -> str:
    """● before every long paragraph that is not a numbered heading."""
    out = []
    for line in text.splitlines():
        numbered = re.match(r"^[（(]?[一二三四五六七八九十]+[、）)]", line)
        out.append("●" + line if len(line) > 60 and not numbered else line)
    return "\n".join(out) + "\n"


def target_rows(text: str) -> list[tuple]:
    from graph.extraction import extract_document

    x = extract_document("layout.txt", text=text)
    return [(t.metric, t.quantity.value, t.quantity.value_max, t.quantity.unit, t.comparator, t.kind, t.year)
            for t in x.targets]


# gansu: `三、2026年重点工作`; anhui, fujian: wrapped numbered headings; neimenggu: an
# unnumbered heading over two lines; shandong: a number cut by the wrap (实施1 / 6处);
# guangxi: a ● before the paragraph that opens the five-year goals.
@pytest.mark.parametrize("name", ["gansu", "anhui", "fujian", "neimenggu", "shandong", "guangxi"])
def test_layouts_give_the_same_targets(name: str):
    text = (CORPUS / f"2026-{name}.txt").read_text(encoding="utf-8")
    lines = target_rows(text)
    assert len(lines) >= 25
    for width in (14, 17):
        wrapped = hard_wrap(text, width)
        assert segment(normalize_chars(wrapped)).layout == "wrapped"
        assert target_rows(wrapped) == lines, f"wrapped at {width}"
    indented = indent_wrap(text, 16)
    assert segment(normalize_chars(indented)).layout == "wrapped"
    assert target_rows(indented) == lines, "indented, no blank lines"
    assert target_rows(bulletise(text)) == lines, "bullets"


def test_corpus_fixtures_are_all_there():
    # the corpus tests are parametrised over this folder: an empty glob must fail, not pass quietly
    assert len(sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.txt"))) == 22


def test_plan_year_from_the_opening_review_when_nothing_else_says_it() -> None:
    """The national report as republished has no title and no date line: the year after
    the one its first section reviews (national 2019 opens with 一、2018年工作回顾)."""
    text = "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n\n一、2018年工作回顾\n\n过去一年经济运行稳中有进。\n"
    assert segment(text).plan_year == 2019
    text2 = "各位代表：\n\n一、2019年和今年以来工作回顾\n\n过去一年极不平凡。\n"
    assert segment(text2).plan_year == 2020


def test_a_document_without_headings_has_a_theme_with_a_real_span() -> None:
    # one long line (a page whose line breaks were written as the letters \r\n)
    text = "各位代表：\\r\\n现在，我代表区人民政府向大会报告工作。新增就业5000人。"
    st = segment(text)
    sec = st.sections[0]
    assert sec.span.end > sec.span.start
    assert text[sec.span.start:sec.span.end] == sec.span.quote


def test_five_year_periods_are_read_from_the_plan_year() -> None:
    """“十四五”时期 opens the goals in 2021 (the period begins) and the review in 2026 (it has ended)."""
    from graph.segment import _zone_of_paragraph, five_year_periods

    opener = "“十四五”时期经济社会发展主要目标是：城镇调查失业率控制在5.5%以内。"
    assert _zone_of_paragraph(opener, 2021) == "goals"
    assert _zone_of_paragraph("“十四五”时期，我们经受住了考验。", 2026) == "review"
    assert _zone_of_paragraph("“十三五”时期，我们经受住了考验。", 2021) == "review"
    assert _zone_of_paragraph("“十五五”时期是关键时期。", 2026) == "goals"
    assert five_year_periods(2021).current == "十四五" and five_year_periods(2021).current_end == 2025
    assert five_year_periods(2016).previous == "十二五"


def test_national_2021_goals_are_targets_of_the_period() -> None:
    text = ("各位代表：\n\n一、2020年工作回顾\n\n过去一年，国内生产总值增长2.3%。\n\n"
            "二、“十四五”时期主要目标任务\n\n“十四五”时期经济社会发展主要目标是：城镇调查失业率控制在5.5%以内，"
            "常住人口城镇化率提高到65%。\n\n三、2021年重点工作\n\n城镇新增就业1100万人以上。\n")
    from graph.extraction import extract_document

    ex = extract_document(text=text, doc_id="national-mini-2021")
    assert ex.document.plan_year == 2021
    by_metric = {t.metric: t for t in ex.targets}
    assert by_metric["常住人口城镇化率"].period == "2021-2025" and by_metric["常住人口城镇化率"].year == 2025
    assert by_metric["城镇新增就业"].year == 2021 and by_metric["城镇新增就业"].period is None
    assert [r.metric for r in ex.results] == ["国内生产总值"]


def test_repeated_headings_and_a_heading_as_title_give_distinct_theme_names() -> None:
    """A web page that repeats its heading (工作报告 in a sidebar), and a report whose title is
    only its first heading: every theme has its own name (the duplicate-label check)."""
    text = ("工作报告\n\n各位代表：现在我代表区人民政府作报告。\n\n一、2022年工作回顾\n\n过去一年，新增就业5000人。\n\n"
            "二、2023年重点工作\n\n新增就业6000人。\n\n工作报告\n\n相关链接\n")
    labels = [s.label for s in segment(text).sections]
    assert len(labels) == len(set(labels)), labels
    text2 = "各位代表：\n\n现在我代表区人民政府作报告。\n\n一、2022年工作回顾\n\n过去一年，新增就业5000人。\n"
    labels2 = [s.label for s in segment(text2).sections]
    assert len(labels2) == len(set(labels2)), labels2


def test_a_title_cut_by_line_breaks_stays_in_its_paragraph() -> None:
    # 国务院 2021 as published: 根据《\n中共中央关于…的建议\n》，国务院编制了《\n…纲要（草案）\n》。《纲要草案》…
    text = ("2021年政府工作报告\n一、2020年工作回顾\n过去一年经济总体平稳。\n二、2021年重点工作\n"
            "为开好局起好步。根据《\n中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
            "》，国务院编制了《\n国民经济和社会发展第十四个五年规划和2035年远景目标纲要（草案）\n》。《纲要草案》全文提交大会审查。\n"
            "今年要新增就业1100万人以上。\n")
    st = segment(text)
    quotes = [p.span.quote for p in st.paragraphs]
    assert not any(q.startswith("》") for q in quotes)
    assert any(q.startswith("为开好局起好步。根据《") and q.endswith("全文提交大会审查。") for q in quotes)
    assert not any(m.lead.startswith("》") for m in st.measures)


def test_a_web_pages_trailer_is_not_part_of_the_report() -> None:
    # 满城 2023 and 清苑 2023 as saved from a news site end with share buttons and links to other
    # reports (分享到： / 上一篇： / 相关文章 …, 焦作市解放区2025年政府工作报告)
    body = "二、2023年重点工作\n" + "推进雄忻高铁建设，新建5G基站500个。\n" * 10
    text = body + "分享到：\nQQ空间\n上一篇：\n相关文章\n焦作市解放区2025年政府工作报告\n关闭3家矿山的公告\n"
    st = segment(text)
    assert st.paragraphs and all(p.span.end <= len(body) for p in st.paragraphs)
    assert not any("焦作" in m.lead or "矿山" in m.lead for m in st.measures)


class _Recording(dict):
    """A rule table that notes which of its keys were read (nested tables too)."""

    def __init__(self, d: dict, path: str, seen: set[str]) -> None:
        super().__init__({k: _Recording(v, f"{path}{k}.", seen) if isinstance(v, dict) else v for k, v in d.items()})
        self.path, self.seen = path, seen

    def __getitem__(self, key: str):
        self.seen.add(self.path + key)
        return super().__getitem__(key)


def test_every_segment_rule_is_read(monkeypatch) -> None:
    # a cue list that nothing reads any more would be dead data that looks alive
    import graph.segment as seg
    from graph.wordlists import data_toml

    raw = data_toml("segment_rules.toml")
    everything = {f"{t}.{k}" for t, table in raw.items() for k in table}
    seen: set[str] = set()
    monkeypatch.setattr(seg, "data_toml", lambda name: _Recording(data_toml(name), "", seen))
    seg.rules.__wrapped__()
    assert everything - seen == set()


def test_segment_cues_come_from_the_rule_file(monkeypatch) -> None:
    # `民生实事` is an unnumbered heading by its cue word 实事; without the word it is text
    import graph.segment as seg
    from graph.wordlists import data_toml

    text = "一、总体要求\n推进项目建设，扩大有效投资。\n民生实事\n新增就业10万人。\n"
    assert [s.heading for s in segment(text).sections] == ["总体要求", "民生实事"]

    def without_cue(name: str) -> dict:
        d = data_toml(name)
        d["headings"]["cues"] = [w for w in d["headings"]["cues"] if w != "实事"]
        return d

    monkeypatch.setattr(seg, "data_toml", without_cue)
    seg.rules.cache_clear()
    try:
        assert [s.heading for s in segment(text).sections] == ["总体要求"]
    finally:
        monkeypatch.undo()
        seg.rules.cache_clear()

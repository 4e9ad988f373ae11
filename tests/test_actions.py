"""Actions (graph/actions.py): the qualitative commitments of the plan's measures.

Expected quotes come from reading examples/zhengzhou-2023.txt: clauses of a
measure that open with a commitment verb and carry no figure. Clauses carrying a
figure are targets, lead phrases name measures, the statements article and
reviews of the past give no actions.
"""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, Literal, URIRef

from graph import export, iris
from graph.actions import ACTION_ZONES, MAX_LEN, MIN_LEN, find_actions, opening_verb
from graph.assemble import assemble
from graph.extraction import extract_document
from graph.records import Action, Extraction
from graph.vocab import OA, PG, RDF, RDFS
from tests.example_graph import EXAMPLE, example_text
from tests.text_helpers import compact

PINYIN = "zh-Latn-pinyin"

# (quote with layout whitespace removed, the measure it belongs to, its verb)
EXPECTED = [
    ("开工建设轨道交通S2线", "完善城市基础设施", "开工建设"),
    ("编制轨道交通四期规划", "完善城市基础设施", "编制"),
    ("成立城市更新导入基金", "加快城市更新", "成立"),
    ("推行机动车存放服务差别化收费", "强化城市精细管理", "推行"),
    ("加快实施《郑开同城化发展规划》", "高水平建设郑州都市圈", "实施"),
    ("严守耕地保护红线", "扛稳粮食安全重任", "严守"),
    ("建成航空邮件处理中心", "持续深化郑州-卢森堡“双枢纽”战略", "建成"),
    ("争取中国邮政航空第二基地落地", "持续深化郑州-卢森堡“双枢纽”战略", "争取"),
    ("打造RCEP示范区", "扩大开放合作空间", "打造"),
    ("完成入河排污口整治", "发展清洁能源，增强能源外引和输运能力", "完成"),
    ("深化河湖长制", "加快打造绿色屏障", "深化"),
    ("实施全民参保计划攻坚行动", "健全社会保障体系", "实施"),
    ("开工建设七里河分洪、南水北调防洪影响处理后续工程等项目", "提升城市本质安全水平", "开工建设"),
]

# Clauses that open with a commitment verb but carry a figure: targets, not actions.
WITH_TARGETS = [
    "推进900个工业项目",
    "新建改造供水管网144公里",
    "引进高端人才50名",
    "推广氢燃料电池汽车690辆以上",
    "完成跨境电商交易额1250亿元",
    "建设森林特色小镇9个",
]

# Lead phrases name their measures; they are not actions of them.
LEADS = ["强化投资关键作用", "加快城市更新", "打造高水平科创平台", "加快打造绿色屏障"]

# Commitments in the statements article (what delegates said), not the plan's.
STATEMENTS = ["加快建设一流大学郑州研究院", "高标准规划建设双鹤湖国际科创谷", "加快省科学院航空港区分院建设"]


@pytest.fixture(scope="module")
def ex() -> Extraction:
    return extract_document(EXAMPLE)


@pytest.fixture(scope="module")
def g(ex: Extraction) -> Graph:
    return assemble(ex)


def by_text(ex: Extraction) -> dict[str, Action]:
    return {a.text: a for a in ex.actions}


def test_expected_actions_with_measure_and_verb(ex: Extraction) -> None:
    found = by_text(ex)
    measures = {m.key: m.lead for m in ex.measures}
    for quote, measure, verb in EXPECTED:
        assert quote in found, quote
        a = found[quote]
        assert compact(a.span.quote) == quote
        assert measures[a.measure_key] == measure, quote
        assert a.verb == verb, quote
        assert a.section_key is not None


def test_example_yields_a_plausible_number(ex: Extraction) -> None:
    # 35 measures in the plan; most hold several commitments without a figure
    assert 100 <= len(ex.actions) <= 200
    assert len({a.key for a in ex.actions}) == len(ex.actions)


def test_clauses_holding_targets_are_not_actions(ex: Extraction) -> None:
    texts = {a.text for a in ex.actions}
    target_spans = [(t.span.start, t.span.end) for t in ex.targets]
    text = ex.text
    compact_text = compact(text)
    for clause in WITH_TARGETS:
        assert clause in compact_text, clause  # the clause is really in the example
        assert not any(clause in t or t in clause for t in texts), clause
        assert opening_verb(clause) is not None, clause  # kept out for its figure, not for its verb
    # and no action overlaps any target or result
    for a in ex.actions:
        for s, e in target_spans + [(r.span.start, r.span.end) for r in ex.results]:
            assert not (s < a.span.end and a.span.start < e), (a.text, text[s:e])


def test_lead_phrases_and_statements_give_no_actions(ex: Extraction) -> None:
    texts = {a.text for a in ex.actions}
    for lead in LEADS:
        assert lead not in texts, lead
    statement_start = min(p.span.start for p in ex.paragraphs if p.zone == "statement")
    for clause in STATEMENTS:
        assert clause in compact(ex.text[statement_start:]), clause
        assert clause not in texts, clause
    assert all(a.span.end <= statement_start for a in ex.actions)


def test_spans_are_exact_and_trimmed(ex: Extraction) -> None:
    clause_punct = "，。；：、！？,.;:!? \n\t\u3000"
    for a in ex.actions:
        assert a.span.quote == ex.text[a.span.start:a.span.end]
        assert a.span.quote[0] not in clause_punct + "”）》", a.span.quote
        assert a.span.quote[-1] not in clause_punct + "“（《", a.span.quote
        assert compact(a.span.quote) == a.text
        assert MIN_LEN <= len(a.text) <= MAX_LEN
        assert a.text.find(a.verb) >= 0 and a.text.find(a.verb) <= 8


def test_entities_named_inside_the_clause(ex: Extraction) -> None:
    a = by_text(ex)["开工建设轨道交通S2线"]
    labels = {e.key: e.label for e in ex.entities}
    assert [labels[k] for k in a.entity_keys] == ["轨道交通S2线"]
    mentions = {e.key: e.mentions for e in ex.entities}
    for act in ex.actions:
        for key in act.entity_keys:
            assert any(act.span.start <= m.start and m.end <= act.span.end for m in mentions[key])


DOC = """临江市2024年政府工作报告

一、2023年工作回顾

过去一年，我们开工建设地铁5号线，建成市民文化中心，推进老旧小区改造，完成城市绿道贯通。

二、2024年重点工作

加快城市更新。开工建设地铁6号线，深化老旧小区改造，新建口袋公园20个。

加强生态保护。过去一年，建成滨江湿地公园。今年，启动湿地公园二期建设，实施河道综合治理。
"""


def test_review_of_the_past_gives_no_actions() -> None:
    ex = extract_document(text=DOC, doc_id="linjiang-2024")
    texts = [a.text for a in ex.actions]
    # the plan year's work: commitments without a figure
    assert texts == ["开工建设地铁6号线", "深化老旧小区改造", "启动湿地公园二期建设", "实施河道综合治理"]
    # the review paragraph and the review sentence inside a plan paragraph: history
    for past in ("开工建设地铁5号线", "建成市民文化中心", "推进老旧小区改造", "完成城市绿道贯通", "建成滨江湿地公园"):
        assert past not in texts
    # a clause with a figure is a target
    assert [t.metric for t in ex.targets] == ["新建口袋公园"]
    for a in ex.actions:
        assert a.span.quote == DOC[a.span.start:a.span.end]


def test_only_measure_paragraphs_of_plan_and_goals_zones() -> None:
    ex = extract_document(text=DOC, doc_id="linjiang-2024")
    assert ACTION_ZONES == ("plan", "goals")
    # the same paragraphs marked review, or without a measure, give nothing
    from dataclasses import replace

    review = [replace(p, zone="review") for p in ex.paragraphs]
    no_measure = [replace(p, measure_key=None) for p in ex.paragraphs]
    for paragraphs in (review, no_measure):
        assert find_actions(ex.text, paragraphs, ex.measures, ex.targets, ex.entities, plan_year=2024) == []


def test_graph_has_action_nodes_each_with_a_measure(ex: Extraction, g: Graph) -> None:
    nodes = set(g.subjects(RDF.type, PG.Action))
    assert len(nodes) == len(ex.actions)
    for node in nodes:
        measures = list(g.objects(node, PG.inMeasure))
        assert len(measures) == 1 and (measures[0], RDF.type, PG.Measure) in g, node
        spans = list(g.objects(node, PG.span))
        assert len(spans) == 1 and (spans[0], RDF.type, PG.TextSpan) in g
        start, end = int(g.value(spans[0], OA.start)), int(g.value(spans[0], OA.end))
        assert str(g.value(spans[0], OA.exact)) == ex.text[start:end]
        langs = {lbl.language for lbl in g.objects(node, RDFS.label)}
        assert {"zh", PINYIN} <= langs, node
        assert str(node).startswith(iris.DATA + "zhengzhou-2023/action/")
    # an action is not a figure: no value, no indicator
    assert not any((n, PG.value, None) in g for n in nodes)
    assert not set(g.subjects(RDF.type, PG.Target)) & nodes


def test_about_links_the_entities_named(ex: Extraction, g: Graph) -> None:
    a = by_text(ex)["开工建设轨道交通S2线"]
    node = iris.action_iri("zhengzhou-2023", a.key, a.text)
    about = list(g.objects(node, PG.about))
    assert len(about) == 1 and (about[0], RDF.type, PG.Project) in g
    assert Literal("轨道交通S2线", lang="zh") in set(g.objects(about[0], RDFS.label))
    assert Literal("开工建设轨道交通S2线", lang="zh") in set(g.objects(node, RDFS.label))


def test_long_labels_are_cut_outside_quotes(g: Graph) -> None:
    for node in g.subjects(RDF.type, PG.Action):
        zh = next(str(x) for x in g.objects(node, RDFS.label) if x.language == "zh")
        assert len(zh) <= 30
        assert zh.count("“") == zh.count("”") and zh.count("《") == zh.count("》"), zh


def test_action_iris_stable_when_another_paragraph_is_edited(ex: Extraction) -> None:
    text = example_text()
    old = "开工建设轨道交通S2线"
    assert text.count(old) == 1
    edited = extract_document(text=text.replace(old, "开工建设轨道交通S2线和S3线"), doc_id="zhengzhou-2023")

    def action_iris(e: Extraction) -> set[URIRef]:
        return {iris.action_iri("zhengzhou-2023", a.key, a.text) for a in e.actions}

    before, after = action_iris(ex), action_iris(edited)
    changed = before ^ after
    # only the edited clause is renamed; offsets after it moved, names did not
    assert len(changed) == 2, sorted(changed)
    assert all("kai-gong-jian-she-gui-dao-jiao-tong-s2" in str(n) for n in changed)


def test_actions_csv(ex: Extraction) -> None:
    rows = list(csv.DictReader(io.StringIO(export.csv_text(export.ACTION_COLUMNS, export.action_rows(ex)))))
    assert export.ACTION_COLUMNS == ("id", "theme", "measure", "verb", "start", "end", "quote")
    assert len(rows) == len(ex.actions)
    row = next(r for r in rows if r["quote"] == "开工建设轨道交通S2线")
    assert row["theme"] == "中心城市" and row["measure"] == "完善城市基础设施" and row["verb"] == "开工建设"
    assert ex.text[int(row["start"]):int(row["end"])] == row["quote"]
    assert row["id"].startswith("zhengzhou-2023/action/")
    # the other tables keep their columns
    assert export.TARGET_COLUMNS == ("id", "theme", "measure", "metric", "canonical_indicator", "value", "value_max",
                                     "unit", "comparator", "kind", "direction", "aspirational", "year",
                                     "value_normalized", "unit_normalized", "start", "end", "quote")
    assert export.ENTITY_COLUMNS == ("id", "type", "label", "aliases", "start", "mentions")


def test_views_show_actions_on_theme_pages_not_in_the_overview(ex: Extraction, g: Graph) -> None:
    from graph import views

    model = views.build_model(g)
    actions = set(views.nodes_of(model, "action"))
    assert len(actions) == len(ex.actions)
    assert not actions & set(views.overview_view(model).nodes)  # no hairball
    a = by_text(ex)["开工建设轨道交通S2线"]
    node = str(iris.action_iri("zhengzhou-2023", a.key, a.text))
    theme = next(t for t in views.nodes_of(model, "theme") if model.nodes[t]["label"] == "中心城市")
    assert node in views.theme_nodes(model, theme)
    assert model.nodes[node]["tip"]["quote"] == "开工建设轨道交通S2线"

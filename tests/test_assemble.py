"""The assembler on a small hand-built extraction (tests/mini_extraction.py):
shape of the graph, literals, labels, evidence, round-trips, determinism and
IRI stability. The same properties are checked on the real example in
tests/test_build.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import iris
from graph.assemble import PINYIN, assemble, assemble_triples
from graph.export import serialize
from graph.validate import validate
from graph.vocab import OA, PG, QUDT, RDF, RDFS, SKOS, UNIT, XSD
from tests.mini_extraction import PARA2, TEXT, mini_extraction


@pytest.fixture(scope="module")
def g() -> Graph:
    return assemble(mini_extraction())


def _target(g: Graph, metric: str) -> URIRef:
    nodes = [s for s in g.subjects(PG.metric, Literal(metric, lang="zh")) if (s, RDF.type, PG.Target) in g]
    assert len(nodes) == 1, metric
    return nodes[0]


def test_mini_graph_validates_without_violation(g: Graph) -> None:
    outcome = validate(g)
    assert outcome.violations == []
    # the one project with no place named is a warning, as it should be
    assert [(f.severity, str(f.path)) for f in outcome.warnings] == [("Warning", str(PG.locatedIn))]


def test_no_blank_nodes(g: Graph) -> None:
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_target_values_units_and_quantity(g: Graph) -> None:
    t = _target(g, "年度完成投资")
    assert g.value(t, PG.value) == Literal("5000.0", datatype=XSD.decimal)
    assert g.value(t, PG.unitText) == Literal("亿元")
    assert g.value(t, PG.unitNormalized) == Literal("CNY")
    assert g.value(t, PG.comparator) == PG.AtLeast
    assert g.value(t, PG.kind) == PG.Level
    assert g.value(t, PG.aspirational) == Literal(False)
    assert g.value(t, PG.dueYear) == Literal("2023", datatype=XSD.gYear)
    q = g.value(t, PG.quantity)
    assert (q, RDF.type, QUDT.QuantityValue) in g
    assert g.value(q, QUDT.value) == Literal("500000000000.0", datatype=XSD.decimal)
    assert g.value(q, QUDT.hasUnit) == UNIT.CCY_CNY
    assert g.value(t, PG.inMeasure) == iris.measure_iri("mini-2023", mini_extraction().measures[0].key, "强化投资关键作用")


def test_range_and_aspirational(g: Graph) -> None:
    t = _target(g, "签约项目")
    assert g.value(t, PG.comparator) == PG.Between
    assert g.value(t, PG.valueMax).toPython() == Decimal("2.0")
    assert g.value(t, PG.aspirational) == Literal(True)


def test_decimals_are_canonical_lexical_forms(g: Graph) -> None:
    for o in g.objects():
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            text = str(o)
            assert "e" not in text.lower() and "." in text, text
            assert not text.endswith("0") or text.endswith(".0"), text


def test_labels_in_chinese_and_pinyin(g: Graph) -> None:
    place = iris.entity_iri("mini-2023", "place", mini_extraction().entities[0].key, "郑州")
    assert Literal("郑州", lang="zh") in set(g.objects(place, RDFS.label))
    assert Literal("郑州", lang="zh") in set(g.objects(place, SKOS.prefLabel))
    assert Literal("zhèng zhōu", lang=PINYIN) in set(g.objects(place, RDFS.label))
    xy = next(s for s in g.subjects(RDFS.label, Literal("荥阳", lang="zh")))
    assert g.value(xy, SKOS.altLabel) == Literal("荥阳市", lang="zh")


def test_every_span_quotes_the_text_at_its_offsets(g: Graph) -> None:
    spans = list(g.subjects(RDF.type, PG.TextSpan))
    assert len(spans) > 20
    for s in spans:
        start, end = int(g.value(s, OA.start)), int(g.value(s, OA.end))
        assert TEXT[start:end] == str(g.value(s, OA.exact))
        assert g.value(s, PG.inDocument) == iris.doc_iri("mini-2023")


def test_one_mention_per_occurrence(g: Graph) -> None:
    ex = mini_extraction()
    for e in ex.entities:
        node = iris.entity_iri("mini-2023", e.type, e.key, e.label)
        assert len(set(g.objects(node, PG.mention))) == len(e.mentions) >= 1, e.label


def test_links_between_entities_statements_and_structure(g: Graph) -> None:
    ex = mini_extraction()
    keys = {e.label: iris.entity_iri("mini-2023", e.type, e.key, e.label) for e in ex.entities}
    city = keys["中原科技城"]
    assert g.value(city, PG.locatedIn) == keys["荥阳"]
    assert g.value(city, PG.involves) == keys["省科学院"]
    assert g.value(city, PG.implements) == keys["十大战略"]
    st = next(g.subjects(RDF.type, PG.Statement))
    assert g.value(st, PG.madeBy) == keys["何雄"]
    assert set(g.objects(st, PG.touches)) == {keys["十大战略"], keys["荥阳"], city}
    assert g.value(keys["何雄"], PG.role) == Literal("省人大代表", lang="zh")
    plan = iris.plan_iri("mini-2023")
    assert g.value(plan, PG.jurisdiction) == keys["郑州"]
    assert len(set(g.objects(plan, PG.hasTheme))) == 2
    for m in g.subjects(RDF.type, PG.Measure):
        assert (g.value(m, PG.inTheme), PG.themeOf, plan) in g


def test_results_are_not_targets(g: Graph) -> None:
    results = set(g.subjects(RDF.type, PG.Result))
    assert len(results) == 1
    r = next(iter(results))
    assert (r, RDF.type, PG.Target) not in g
    assert g.value(r, PG.referenceYear) == Literal("2022", datatype=XSD.gYear)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml"])
def test_round_trip_is_isomorphic(g: Graph, fmt: str) -> None:
    text = serialize(g, fmt)
    back = Graph().parse(data=text, format={"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "xml"}[fmt])
    assert isomorphic(g, back)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml", "trig", "nquads"])
def test_two_assemblies_serialise_to_identical_bytes(fmt: str) -> None:
    name = iris.doc_iri("mini-2023")
    a = serialize(assemble(mini_extraction()), fmt, name)
    b = serialize(assemble(mini_extraction()), fmt, name)
    assert a == b


def _figure_iris(g: Graph) -> dict[str, URIRef]:
    return {str(g.value(t, PG.metric)): t for t in g.subjects(RDF.type, PG.Target)}


def test_iris_stable_when_an_unrelated_paragraph_is_edited() -> None:
    before = assemble(mini_extraction())
    edited_text = TEXT.replace(PARA2, "加快释放消费潜力。多写一句话，社会消费品零售总额增长7%左右。")
    after = assemble(mini_extraction(edited_text))
    old, new = _figure_iris(before), _figure_iris(after)
    untouched = {m for m in old if m != "社会消费品零售总额"}
    assert {m: old[m] for m in untouched} == {m: new[m] for m in untouched}
    # spans and mentions after the edit moved (offsets are literals) but kept their IRIs
    spans_before = set(before.subjects(RDF.type, PG.TextSpan))
    spans_after = set(after.subjects(RDF.type, PG.TextSpan))
    changed = spans_before ^ spans_after
    assert len(changed) <= 4, sorted(changed)  # the edited target's own span and body spans only


def test_triples_make_the_same_graph_in_the_same_order() -> None:
    triples = assemble_triples(mini_extraction())
    g = assemble(mini_extraction())
    assert list(g) == list(triples.graph()) and len(g) == len(triples)
    # insertion order decides "the first label" evidence picks: kept per subject
    first = next(iter(triples))
    assert list(g.predicate_objects(first[0])) == [(p, o) for s, p, o in triples if s == first[0]]


def test_syllables_are_lazy_pinyins() -> None:
    from pypinyin import Style, lazy_pinyin

    from graph.literals import syllables

    for text in ("绿色低碳发展，女性就业、旅游“S2线”（2025年）", "", "ABC", "《郑开同城化发展规划》重庆市人民政府"):
        for tone, style in ((True, Style.TONE), (False, Style.NORMAL)):
            assert syllables(text, tone=tone) == lazy_pinyin(text, style=style, errors=lambda s: [s])

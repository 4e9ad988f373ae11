"""Canonical indicators (issue 13): the reviewed table, the matching, and what lands in the graph.

Expected matches come from reading the sentences quoted next to them in
tests/fixtures/corpus/*.txt. A figure's kind must agree with the concept: 增长5%
is gdpGrowth, 5696亿元 is gdpTotal; a metric that fits nothing stays unmatched.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from graph import export, indicators, iris
from graph.assemble import assemble
from graph.pipeline import extract
from graph.records import TARGET_KINDS
from graph.vocab import PG

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _ex(name: str):
    return extract(CORPUS / f"{name}.txt")


def _figure(name: str, quote: str):
    ex = _ex(name)
    at = ex.text.index(quote)
    found = [f for f in ex.targets + ex.results if at <= f.quantity.span.start < at + len(quote)]
    assert len(found) == 1, [(f.metric, f.span.quote) for f in found]
    return found[0]


def test_table_is_whole_and_well_formed():
    t = indicators.table()
    assert len(t.concepts) == 173
    for c in t.concepts.values():
        assert c.pref_zh and c.pref_en and c.definition_en and c.id.isascii()
        assert c.unit_kind in indicators.KIND_FIT


def test_no_label_is_ambiguous_for_a_kind():
    # The review removed 城乡居民人均可支配收入 from both the urban and the rural growth rows:
    # with it a growth figure so named fitted two concepts. Every (label, kind) fits one at most.
    t = indicators.table()
    for label, found in t.exact.items():
        for kind in TARGET_KINDS:
            assert sum(kind in indicators.KIND_FIT[c.unit_kind] for c in found) <= 1, (label, kind)
    assert indicators.match("城乡居民人均可支配收入", "growth") is None


@pytest.mark.parametrize("name, quote, concept, method", [
    ("2026-anhui", "全省地区生产总值增长5%—5.5%", "gdpGrowth", "exact"),
    ("2026-ningxia", "全年实现地区生产总值5696亿元", "gdpTotal", "exact"),   # a level: not the growth rate
    ("2026-anhui", "城镇调查失业率5.5%左右", "surveyedUnemploymentRate", "exact"),
    ("2026-anhui", "城镇新增就业68万人左右", "urbanNewJobs", "exact"),
    # 经济增长5%左右: the extractor's metric is 经济 (增长 is the growth word); 经济增长 is the
    # headline GDP growth target in the provinces' wording, matched after putting 增长 back
    ("2026-guangxi", "经济增长5%左右", "gdpGrowth", "normalised"),
])
def test_real_figures_match(name, quote, concept, method):
    f = _figure(name, quote)
    m = indicators.match(f.metric, f.kind)
    assert m is not None and (m.concept.id, m.method) == (concept, method)


def test_normalised_match_cuts_jurisdiction_words_and_never_forces():
    assert indicators.match("全区城镇调查失业率", "share").method == "normalised"
    assert indicators.match("规模以上工业增加值", "growth").concept.id == "industrialValueAddedGrowth"
    assert indicators.match("城镇调查失业率", "growth") is None  # a change of a rate is not the rate
    assert indicators.match("省政协提案", "level") is None


def test_graph_links_figure_indicator_and_concept():
    ex = _ex("2026-guangxi")
    g = assemble(ex)
    f = _figure("2026-guangxi", "经济增长5%左右")
    node = iris.target_iri(ex.document.doc_id, f.key, f.metric)
    concept = iris.canonical_indicator_iri("gdpGrowth")
    assert g.value(node, PG.canonicalIndicator) == concept
    assert g.value(node, PG.matchMethod) == Literal("normalised")
    assert (iris.indicator_iri(f.metric), SKOS.closeMatch, concept) in g
    assert (concept, RDF.type, SKOS.Concept) in g
    assert (concept, SKOS.inScheme, iris.canonical_indicator_scheme_iri()) in g
    assert g.value(concept, SKOS.notation) == Literal("gdpGrowth")
    assert {label.language for label in g.objects(concept, SKOS.prefLabel)} >= {"zh", "en"}
    assert Literal("经济增长", lang="zh") in set(g.objects(concept, SKOS.altLabel))
    # only the concepts used are in the graph
    used = set(g.objects(None, PG.canonicalIndicator))
    assert set(g.subjects(SKOS.inScheme, iris.canonical_indicator_scheme_iri())) == used


def test_canonical_indicator_column():
    rows = export.target_rows(_ex("2026-guangxi"))
    row = next(r for r in rows if r["quote"] == "经济增长5%左右")
    assert row["canonical_indicator"] == "gdpGrowth"
    assert any(r["canonical_indicator"] == "" for r in rows)  # unmatched rows stay empty

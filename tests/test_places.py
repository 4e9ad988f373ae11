"""Administrative divisions, curation files, and identities across plans (issue 12)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graph import iris, places
from graph.assemble import assemble_triples
from graph.curation import CurationError, parse_curation
from graph.extraction import extract_document
from graph.vocab import PG, SDO

ROOT = Path(__file__).resolve().parent.parent


def test_division_table_has_codes_levels_and_parents() -> None:
    table = places.divisions()
    assert len(table) > 3000
    assert table["410100"].name == "郑州市" and table["410100"].level == "city" and table["410100"].parent == "410000"
    assert table["440305"].name == "南山区" and table["440305"].parent == "440300"
    # counties directly under a province and the municipalities' districts
    assert table["419001"].name == "济源市" and table["419001"].parent == "410000"
    assert table["110105"].name == "朝阳区" and table["110105"].parent == "110000"
    assert [d.name for d in places.ancestors("410105")] == ["郑州市", "河南省"]


def test_short_forms_of_the_generator() -> None:
    spec = importlib.util.spec_from_file_location("make_divisions", ROOT / "scripts" / "make_divisions.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.short_form("黔东南苗族侗族自治州") == "黔东南"
    assert mod.short_form("巴音郭楞蒙古自治州") == "巴音郭楞"
    assert mod.short_form("广西壮族自治区") == "广西"
    assert mod.short_form("遵义市") == "遵义"
    assert mod.short_form("城区") is None  # nothing left of a two-character name
    assert mod.short_form("赵县") is None


def test_county_short_forms_only_inside_the_plan_and_never_common_words() -> None:
    assert places.pick("遵义", None).code == "520300"  # a prefecture: everywhere
    assert places.pick("南山", None) is None  # a district's short form: not outside 广东
    assert places.pick("南山", "440300").code == "440305"
    assert places.pick("朝阳", "110000").name == "朝阳区"  # inside 北京 the district
    assert places.pick("朝阳", None).name == "朝阳市"  # elsewhere the prefecture of 辽宁
    assert places.pick("合作", "620000") is None  # 合作市 is in 甘肃, but 合作 is a word
    assert places.pick("合作市", "620000").code == "623001"
    assert places.pick("平安", "630000") is None and places.pick("资源", "450000") is None


def test_jurisdiction_of_a_plan() -> None:
    assert places.resolve_jurisdiction("河北省").code == "130000"
    assert places.resolve_jurisdiction("郑州").code == "410100"
    # 南山区 is in 深圳 and in 鹤岗: the text decides
    assert places.resolve_jurisdiction("南山区", "深圳市南山区 深圳 深圳").code == "440305"
    assert places.resolve_jurisdiction("国务院") is None
    assert places.level_of("国务院", None) == "national"


PLAN = """{year}年{prov}政府工作报告
各位代表：
一、{year}年重点工作
（一）扩大有效投资。推进机场三期建设。省政府出台12条措施。开行中欧班列500列以上。推动{city}高新区建设。
各位代表，让我们奋勇前进。
"""


def _doc(tmp_path: Path, prov: str, city: str, name: str):
    p = tmp_path / f"{name}.txt"
    p.write_text(PLAN.format(year=2026, prov=prov, city=city), encoding="utf-8")
    return extract_document(p)


def test_relative_names_are_scoped_by_jurisdiction_and_global_names_shared(tmp_path: Path) -> None:
    a = _doc(tmp_path, "湖南省", "长沙", "2026-hunan-mini")
    b = _doc(tmp_path, "河北省", "石家庄", "2026-hebei-mini")
    assert (a.document.jurisdiction_code, b.document.jurisdiction_code) == ("430000", "130000")
    assert a.document.level == b.document.level == "province"

    def iri_of(ex, label: str) -> str:
        e = next(e for e in ex.entities if e.label == label)
        return str(iris.entity_iri(ex.document.doc_id, e.type, e.key, e.label, code=e.code, scope=e.scope))

    for relative in ("省政府", "机场三期"):
        ia, ib = iri_of(a, relative), iri_of(b, relative)
        assert ia != ib, relative
        assert "/in/cn-430000/" in ia and "/in/cn-130000/" in ib
    assert iri_of(a, "中欧班列") == iri_of(b, "中欧班列")
    # a zone with a division at its head lies in that division, and keeps one node per name
    zone = next(e for e in a.entities if e.label == "长沙高新区")
    assert zone.within == "430100"


def test_a_place_carries_its_code_and_its_parents(tmp_path: Path) -> None:
    ex = _doc(tmp_path, "湖南省", "长沙", "2026-hunan-mini")
    triples = set(assemble_triples(ex))
    changsha = iris.place_iri("430100")
    hunan = iris.place_iri("430000")
    assert (changsha, SDO.containedInPlace, hunan) in triples
    assert any(s == hunan and p == PG.divisionCode for s, p, _ in triples)
    plan = iris.plan_iri(ex.document.doc_id)
    assert (plan, PG.jurisdiction, hunan) in triples
    assert (plan, PG.administrativeLevel, PG.ProvinceLevel) in triples


def test_curation_file_errors_are_clear() -> None:
    with pytest.raises(CurationError, match="not valid TOML"):
        parse_curation("names = [", "x.curation.toml")
    with pytest.raises(CurationError, match="is not a type"):
        parse_curation('[names]\nplaces = ["郑州"]\n', "x.curation.toml")
    with pytest.raises(CurationError, match="unknown key"):
        parse_curation('drops = ["x"]\n', "x.curation.toml")
    with pytest.raises(CurationError, match="level must be one of"):
        parse_curation('[document]\nlevel = "town"\n', "x.curation.toml")
    c = parse_curation('drop = ["乡村振兴"]\n[names]\nprogramme = ["双枢纽|郑州-卢森堡双枢纽"]\n', "x")
    assert c.drop == {"乡村振兴"} and c.names[0].type == "program" and c.names[0].aliases == ("郑州-卢森堡双枢纽",)


def test_curation_adds_and_drops_names(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_text(PLAN.format(year=2026, prov="湖南省", city="长沙"), encoding="utf-8")
    before = {e.label for e in extract_document(p).entities}
    (tmp_path / "plan.curation.toml").write_text(
        'drop = ["中欧班列"]\n[names]\nproject = ["扩大有效投资"]\n', encoding="utf-8")
    after = {e.label for e in extract_document(p).entities}
    assert "中欧班列" in before and "中欧班列" not in after
    assert "扩大有效投资" in after and "扩大有效投资" not in before


def test_a_report_naming_its_government_by_level_alone_gets_the_district_it_names_most() -> None:
    # 福田 2023 opens 我代表区人民政府向大会作政府工作报告 with no title; the text names 福田 throughout
    from graph import places

    text = (ROOT / "tests" / "fixtures" / "genre" / "county-shenzhen-futian-2023.txt").read_text(encoding="utf-8")
    assert text.startswith("各位代表：\n现在，我代表区人民政府")
    assert places.jurisdiction_from_text(text) == "福田区"
    ex = extract_document(ROOT / "tests" / "fixtures" / "genre" / "county-shenzhen-futian-2023.txt")
    assert (ex.document.jurisdiction, ex.document.jurisdiction_code, ex.document.level) == ("福田区", "440304", "county")

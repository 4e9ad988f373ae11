"""Targets against outcomes (issue 14): the status rule v1, the pairing, `plangraph reconcile`.

Expected values come from the hand-read tables (tests/fixtures/reconcile/*.tsv, read from the texts
without running PlanGraph) and from the rule's own wording in tests/fixtures/reconcile/README.md.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from graph.cli import main
from graph.extraction import extract_document
from graph.reconcile import (
    ReconcileError,
    carried_subjects,
    check_documents,
    match_metric,
    normalize_metric,
    reconcile,
    status_v1,
    year_results,
)
from graph.records import Span

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
GOLD = FIX / "reconcile"
ANHUI = (FIX / "corpus-2025" / "2025-anhui.txt", FIX / "corpus" / "2026-anhui.txt")
GANSU = (FIX / "corpus-2025" / "2025-gansu.txt", FIX / "corpus" / "2026-gansu.txt")


def gold_rows(name: str) -> list[dict[str, str]]:
    with (GOLD / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def gold(name: str, indicator: str) -> dict[str, str]:
    (row,) = [r for r in gold_rows(name) if r["indicator"] == indicator]
    return row


# -- the status rule: every comparator and direction, met and not met ----------------------------

# (table, indicator) of hand-read rows whose figures the rule compares as written; the status is
# the reader's. Comparators: >= (以上), ~ (左右), = (plain figure read as a floor), 突破 read as >=;
# scale conversion 亿元 vs 万亿元 (written differently) and 万户 vs 万户 (written alike).
GOLD_CASES = [
    ("anhui-2025-2026.tsv", "地区生产总值增速"),           # >= , equal to the floor: met
    ("anhui-2025-2026.tsv", "社会消费品零售总额增速"),     # ~ , 4.2 < 5.5 - 0.2: not_met
    ("gansu-2025-2026.tsv", "地区生产总值增速"),           # ~ , above: met
    ("gansu-2025-2026.tsv", "社会消费品零售总额增速"),     # ~ , 2.5 < 5 - 0.2: not_met
    ("anhui-2025-2026.tsv", "进出口总额"),                 # >= 9000亿元 vs 突破万亿元: scale conversion, met
    ("anhui-2025-2026.tsv", "城中村和城市危旧房改造"),     # >= 6万户 vs 2.6万户: not_met
    ("anhui-2025-2026.tsv", "城镇新增就业"),               # ~ 68万人 vs 75.7万人: met
    ("gansu-2025-2026.tsv", "常住人口城镇化率"),           # = 58.1% read as a floor vs 58.08%: not_met
    ("gansu-2025-2026.tsv", "国家区域医疗中心建成投运"),   # = 4 vs 2: not_met
    ("shandong-2025-2026.tsv", "投产项目新增产值"),        # ~ 5000亿元 vs 5100亿元: met
    ("shandong-2025-2026.tsv", "海洋特色产业集聚区"),      # ~ 10个 vs 7个 (tolerance 2% of 10): not_met
    ("shandong-2025-2026.tsv", "村卫生室改造提升"),        # = 2万个 vs 2.1万个: met
    ("shenzhen-2020-2021.tsv", "地铁运营里程"),            # >= 400公里 vs 411公里: met
    ("shenzhen-2020-2021.tsv", "固定资产投资额"),          # >= (超过) 8000亿元 vs 近8000亿元: short of it
    ("gansu-2025-2026.tsv", "粮食产量"),                   # >= 252亿斤 vs 1300万吨 (= 260亿斤): met
]

_COMPARATOR = {">=": ">=", "<=": "<=", "~": "~", "=": "=", "range": "range"}


@pytest.mark.parametrize("table,indicator", GOLD_CASES)
def test_status_rule_agrees_with_the_hand_read_tables(table: str, indicator: str) -> None:
    row = gold(table, indicator)
    value, _, high = row["target_value"].partition("~")
    ceiling = row["comparator"] == "<="
    below = f"近{row['outcome_value']}" in row["outcome_quote"]  # 近8000亿元: written as short of 8000
    v = status_v1(float(value), float(high) if high else None, row["target_unit"], _COMPARATOR[row["comparator"]],
                  row["direction"], ceiling, float(row["outcome_value"]), row["outcome_unit"],
                  outcome_below=below)
    assert v.status == row["status"], v.note


# The rule's wording (README.md, status rule version 1), one case per clause, met and not met.
RULE_CASES = [
    # comparator, direction, ceiling, target, target_max, unit, outcome, outcome unit, expected
    (">=", "increase", False, 5.0, None, "%", 5.0, "%", "met"),
    (">=", "increase", False, 5.0, None, "%", 4.9, "%", "not_met"),
    (">", "level", False, 8000, None, "万千瓦", 8041.6, "万千瓦", "met"),      # 突破 read as >=
    ("<=", "level", True, 3.0, None, "%", 3.0, "%", "met"),                  # 控制在3%以内
    ("<=", "level", True, 3.0, None, "%", 3.1, "%", "not_met"),
    ("=", "level", False, 600, None, "个", 600, "个", "met"),                # a plain figure is a floor
    ("=", "level", False, 600, None, "个", 599, "个", "not_met"),
    ("=", "level", True, 5.5, None, "%", 5.5, "%", "met"),                   # lower is better: a ceiling
    ("=", "level", True, 5.5, None, "%", 5.6, "%", "not_met"),
    ("~", "increase", False, 5.5, None, "%", 5.3, "%", "met"),               # within 0.2 points
    ("~", "increase", False, 5.5, None, "%", 5.2, "%", "not_met"),
    ("~", "level", False, 1000, None, "家", 980, "家", "met"),               # within 2% of the target
    ("~", "level", False, 1000, None, "家", 979, "家", "not_met"),
    ("~", "level", True, 3.0, None, "%", 3.2, "%", "met"),                   # CPI 3%左右: <= 3 + 0.2
    ("~", "level", True, 3.0, None, "%", 3.3, "%", "not_met"),
    ("range", "increase", False, 5.0, 5.5, "%", 5.0, "%", "met"),            # a~b floor: >= a
    ("range", "increase", False, 5.0, 5.5, "%", 4.9, "%", "not_met"),
    ("range", "level", True, 3.0, 3.5, "%", 3.5, "%", "met"),                # a~b ceiling: <= b
    ("range", "level", True, 3.0, 3.5, "%", 3.6, "%", "not_met"),
    ("=", "decrease", False, 3.0, None, "%", 3.2, "%", "met"),               # 能耗下降3%: a 3.2% decrease meets it
    ("=", "decrease", False, 3.0, None, "%", 2.9, "%", "not_met"),
    ("=", "decrease", False, 3.0, None, "%", -3.2, "%", "met"),              # a signed decrease: sizes compared
    (">=", "level", False, 28.3, None, "万人", 283000, "人", "met"),          # 万 converted: written differently
    (">=", "level", False, 28.3, None, "万人", 282999, "人", "not_met"),
    (">=", "level", False, 825, None, "亿斤", 1300, "万立方米", "unclear"),   # 斤 and 立方米: no conversion
    ("=", "level", False, 6, None, "万户", 2.6, "个", "unclear"),
    ("~", "increase", False, 5.0, None, "%", 5.0, "个百分点", "unclear"),
    (">=", "level", False, 5.0, None, "%", None, None, "not_reported"),
]


@pytest.mark.parametrize("comparator,direction,ceiling,target,high,unit,outcome,outcome_unit,expected", RULE_CASES)
def test_status_rule_table(comparator, direction, ceiling, target, high, unit, outcome, outcome_unit,
                           expected) -> None:
    assert status_v1(target, high, unit, comparator, direction, ceiling, outcome, outcome_unit).status == expected


def test_scale_is_converted_only_where_written_differently() -> None:
    # 2万P against 4.8万P: both in 万P, compared as written
    assert status_v1(2, None, "万P", "=", "level", False, 4.8, "万P").note == "4.8 >= 2"
    assert "outcome 1万亿元 = 10000亿元" in status_v1(9000, None, "亿元", ">=", "level", False, 1, "万亿元").note


# -- metrics -------------------------------------------------------------------------------------

def test_metric_normalisation_comes_from_the_data_file() -> None:
    # the pairs of tables: 规模以上 in the plan, 规上 … the review reads alike after normalisation
    assert match_metric("规模以上工业增加值", "规上工业增加值") == ("normalized", 1.0)
    assert match_metric("全省地区生产总值", "地区生产总值")[0] == "normalized"
    assert match_metric("外贸进出口总额", "进出口总额")[0] == "normalized"
    assert match_metric("城镇新增就业", "新登记各类经营主体") is None


def test_metric_words_that_do_not_change_what_is_counted() -> None:
    # 新能源 is a word, not 新 + 能源; 并网 and 重点 qualify without changing the count
    assert normalize_metric("新能源并网装机") == normalize_metric("新能源装机") == "新能源装机"
    assert match_metric("实施亿元以上技改项目", "实施亿元以上重点技改项目") == ("normalized", 1.0)
    # the named examples before 等 are not the metric
    assert match_metric("开展威海碳纤维、枣庄欣旺达等“源网荷储”一体化试点", "源网荷储一体化试点")[0] == "normalized"
    # a generic head alone is no match, nor a share of something else
    assert match_metric("新增百亿企业", "企业") is None
    assert match_metric("财政科技支出占一般公共预算支出比重", "民生支出占一般公共预算支出比例") is None


def test_counts_in_different_classifiers_compare() -> None:
    # 实施亿元以上技改项目1200项以上 against 实施亿元以上重点技改项目1213个 (anhui, read as met)
    assert status_v1(1200, None, "项", ">=", "level", False, 1213, "个").status == "met"
    assert status_v1(6, None, "万户", ">=", "level", False, 2.6, "个").status == "unclear"


# -- pairing on the hand-read pairs ----------------------------------------------------------------

@pytest.fixture(scope="module")
def anhui():
    plan, review = (extract_document(p) for p in ANHUI)
    return plan, review, reconcile(plan, review)


def _pair_at(pairs, start: int):
    return [p for p in pairs if p.target.span.start <= start + 2 and start < p.target.span.end]


@pytest.mark.parametrize("indicator", ["地区生产总值增速", "社会消费品零售总额增速", "规上工业增加值增速",
                                       "城镇新增就业", "新培育科技型中小企业", "粮食产量", "废弃矿山修复"])
def test_anhui_targets_find_the_outcome_the_reader_found(anhui, indicator: str) -> None:
    _, _, (docs, pairs) = anhui
    row = gold("anhui-2025-2026.tsv", indicator)
    (p,) = _pair_at(pairs, int(row["target_start"]))
    assert p.outcome is not None, p
    o0 = int(row["outcome_start"])
    assert p.outcome.span.start < o0 + len(row["outcome_quote"]) and o0 < p.outcome.span.end
    assert p.status == row["status"]
    assert p.method in ("indicator", "metric", "normalized", "contains", "similar")


def test_anhui_pair_is_2025(anhui) -> None:
    plan, review, (docs, pairs) = anhui
    assert docs.year == 2025 and docs.jurisdiction_code == "340000"
    assert all(p.target.year == 2025 and p.target.period is None for p in pairs)
    assert all(p.outcome is None or p.outcome.year == 2025 for p in pairs)
    # a figure of the five years (period 2021-2025) only as where things stood at the end of 2025
    assert all(p.outcome is None or p.outcome.period is None or p.scope == "period-end" for p in pairs)


def test_not_reported_targets_stay_unpaired(anhui) -> None:
    _, _, (_, pairs) = anhui
    # the reader found no 2025 figure for these in the review
    for indicator in ("全员劳动生产率", "固定资产投资增速", "城镇调查失业率", "新布局海外仓"):
        row = gold("anhui-2025-2026.tsv", indicator)
        assert row["status"] == "not_reported"
        for p in _pair_at(pairs, int(row["target_start"])):
            assert p.outcome is None and p.status == "not_reported", p


@pytest.mark.parametrize("indicator", ["固定资产投资增速", "城镇居民人均可支配收入增速", "农村居民人均可支配收入增速"])
def test_outcomes_of_another_scope_are_unclear(indicator: str) -> None:
    # 扣除房地产开发投资后，固定资产投资增长2.7% and 全体居民人均可支配收入增长6.1% are not the targets'
    # indicators (全口径 investment; urban and rural incomes): the reader marks them unclear
    plan, review = (extract_document(p) for p in GANSU)
    _, pairs = reconcile(plan, review)
    row = gold("gansu-2025-2026.tsv", indicator)
    mine = _pair_at(pairs, int(row["target_start"]))
    assert mine and row["status"] == "unclear"
    assert any(p.status == "unclear" and p.outcome is not None and "scope differs" in p.note for p in mine)


def test_five_year_figures_are_not_outcomes_of_the_year() -> None:
    # Gansu 2026 reviews “十四五” first and 2025 in one paragraph (刚刚过去的2025年 …): the reader gives
    # 治理水土流失面积 and 新建5G基站 no 2025 outcome although the five-year review has figures for both
    plan, review = (extract_document(p) for p in GANSU)
    quotes = {r.span.quote: scope for r, scope in year_results(review, 2025)}
    assert "治理水土流失面积3.55万平方公里" not in quotes
    assert quotes["地区生产总值增长5.8%"] == "year"  # the year's own review counts
    # 建成5G基站8.99万个 is where things stand after five years: a stock, which a flow target
    # (新建5G基站8000个, what 2025 adds) does not take as its outcome
    assert quotes.get("建成5G基站8.99万个") == "period-end"
    _, pairs = reconcile(plan, review)
    row = gold("gansu-2025-2026.tsv", "新建5G基站")
    (p,) = _pair_at(pairs, int(row["target_start"]))
    assert row["status"] == "not_reported" and p.outcome is None


def test_documents_must_be_a_pair(anhui) -> None:
    plan, review, _ = anhui
    with pytest.raises(ReconcileError, match="not consecutive"):
        check_documents(review, plan)
    gansu = extract_document(GANSU[1])
    with pytest.raises(ReconcileError, match="different jurisdictions"):
        check_documents(plan, gansu)
    assert check_documents(review, plan, year=2025).year == 2025  # the user's year overrides


# -- the command -----------------------------------------------------------------------------------

def test_reconcile_command_writes_the_table(tmp_path: Path, capsys) -> None:
    code = main(["reconcile", str(ANHUI[0]), str(ANHUI[1]), "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "安徽省 2025" in out and "reconciliation.csv" in out
    raw = (tmp_path / "reconciliation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    # no temporary file left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reconciliation.csv", "reconciliation.ttl", "scorecard.html"]
    plan_text = ANHUI[0].read_text(encoding="utf-8")
    review_text = ANHUI[1].read_text(encoding="utf-8")
    for r in rows:  # offsets into each record's own document
        assert plan_text[int(r["target_start"]):int(r["target_end"])] == r["target_quote"]
        if r["outcome_quote"]:
            assert review_text[int(r["outcome_start"]):int(r["outcome_end"])] == r["outcome_quote"]
        assert r["rule_version"] == "1"
    row = gold("anhui-2025-2026.tsv", "社会消费品零售总额增速")
    (mine,) = [r for r in rows if int(r["target_start"]) <= int(row["target_start"]) + 2 < int(r["target_end"])]
    assert (mine["status"], mine["outcome_value"]) == ("not_met", row["outcome_value"])
    again = tmp_path / "again"
    main(["reconcile", str(ANHUI[0]), str(ANHUI[1]), "--out", str(again)])
    assert (again / "reconciliation.csv").read_bytes() == raw  # deterministic
    assert (again / "reconciliation.ttl").read_bytes() == (tmp_path / "reconciliation.ttl").read_bytes()


def test_outcome_links_join_the_documents_graphs_and_pass_the_shapes(anhui) -> None:
    from rdflib import Graph

    from graph.assemble import assemble
    from graph.fastcheck import validate_fast
    from graph.reconcile_graph import reconciliation_graph
    from graph.vocab import PG

    plan, review, (_, pairs) = anhui
    links = reconciliation_graph(pairs, plan, review)
    g = Graph()
    for part in (assemble(plan), assemble(review), links):
        g += part
    # every link's ends are the target and result nodes of the documents' own graphs
    assert set(links.subjects(PG.outcomeStatus, None)) <= set(g.subjects(None, PG.Target))
    assert set(links.objects(None, PG.outcome)) <= set(g.subjects(None, PG.Result))
    row = gold("anhui-2025-2026.tsv", "社会消费品零售总额增速")
    (p,) = _pair_at(pairs, int(row["target_start"]))
    (t,) = [s for s in links.subjects(PG.outcomeStatus, PG.StatusNotMet)
            if (s, PG.outcome, None) in links and str(s).endswith(p.target.key[:6])]
    shapes = {"TargetOutcomeShape", "TargetOutcomeStatusShape"}
    assert [f for f in validate_fast(g).findings if str(f.shape).rsplit("#", 1)[-1] in shapes] == []


@pytest.mark.parametrize("args,message", [
    (["/no/such/plan.txt", str(ANHUI[1])], "no such file"),
    ([str(ANHUI[1]), str(ANHUI[0])], "not consecutive"),
    ([str(ANHUI[0]), str(GANSU[1])], "different jurisdictions"),
    ([str(FIX / "corpus"), str(ANHUI[1])], "is a folder"),
])
def test_reconcile_command_refuses_bad_input(tmp_path: Path, capsys, args, message) -> None:
    assert main(["reconcile", *args, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "reconciliation.csv").exists()


def test_benchmark_runs_and_scores(capsys) -> None:
    spec = importlib.util.spec_from_file_location("evaluate_reconcile", ROOT / "bench" / "evaluate_reconcile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    s = module.evaluate("anhui-2025-2026.tsv")
    # the reader gives 25 anhui targets a stated outcome
    assert s.gold_with_outcome == sum(1 for r in gold_rows("anhui-2025-2026.tsv") if r["outcome_quote"])
    assert s.recalled / s.gold_with_outcome >= 0.7 and s.pairs_right / s.pairs_judged >= 0.9


def test_scorecard_query_counts_the_statuses(anhui) -> None:
    from rdflib import Graph

    from graph.assemble import assemble
    from graph.query import find_query, run_library_query
    from graph.reconcile_graph import reconciliation_graph
    from graph.store import load_oxigraph, load_rdflib

    plan, review, (_, pairs) = anhui
    g = Graph()
    for part in (assemble(plan), assemble(review), reconciliation_graph(pairs, plan, review)):
        g += part
    info = find_query("outcome-scorecard")
    results = [run_library_query(store, info) for store in (load_oxigraph(g), load_rdflib(g))]
    assert results[0].rows == results[1].rows
    counts = {(r[0], r[1]): r[3] for r in results[0].rows}
    # the hand-read table has two anhui targets not met with a figure (社零, 城中村和城市危旧房改造)
    not_met = sum(1 for r in gold_rows("anhui-2025-2026.tsv") if r["status"] == "not_met")
    assert counts[("2025", "not_met")] == not_met == 2
    # the targets stated against another figure (与经济增长同步) are in reconciliation.csv only
    assert sum(counts.values()) == sum(1 for p in pairs if not p.relative)
    assert counts[("2025", "met")] == sum(1 for p in pairs if p.status == "met" and not p.relative)


# -- outcomes written as a review writes them (2025-hunan against 2026-hunan, read from the texts) -

HUNAN = (FIX / "corpus-2025" / "2025-hunan.txt", FIX / "corpus" / "2026-hunan.txt")


@pytest.fixture(scope="module")
def hunan():
    plan, review = (extract_document(p) for p in HUNAN)
    return plan, review, reconcile(plan, review)


def test_a_growth_figure_continues_its_subject(hunan) -> None:
    # 全省地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%: the 4.8% is GDP growth, against the
    # target 地区生产总值增长5.5%左右 (4.8 < 5.3): not met
    plan, review, (_, pairs) = hunan
    i = review.text.index("增长4.8%")
    subjects = carried_subjects(review.text, review.results)
    (growth,) = [x for x in review.results if x.span.start <= i < x.span.end]
    assert subjects[growth.key] == "地区生产总值"
    (p,) = [p for p in pairs if p.target.metric == "地区生产总值" and p.target.kind == "growth"]
    assert p.outcome == growth and p.status == "not_met" and p.indicator == "gdpGrowth"


def test_items_of_a_list_done_as_a_whole_are_completed_without_a_figure(hunan) -> None:
    # 扎实办好“十大重点民生实事”。①补充配置农村义务教育学校电脑30万台 … and the 2026 review:
    # “十大重点民生实事”全面完成 — no figure per item
    plan, review, (_, pairs) = hunan
    item = plan.text.index("补充配置农村义务教育学校电脑30万台")
    (p,) = [p for p in pairs if p.target.span.start <= item + 10 < p.target.span.end]
    assert p.status == "completed_no_figure" and p.outcome is None and p.method == "list"
    assert p.statement is not None and "民生实事”全面完成" in p.statement.quote
    assert review.text[p.statement.start:p.statement.end] == p.statement.quote
    # an item with a figure of its own keeps it: 提质改造农村公路3000公里 against 改造提升农村公路3983公里
    road = plan.text.index("提质改造农村公路3000公里")
    (q,) = [p for p in pairs if p.target.span.start <= road + 5 < p.target.span.end]
    assert q.status == "met" and q.outcome is not None and q.outcome.quantity.value == 3983
    # a target outside the list is not swept in: 地区生产总值 keeps its figure
    assert all(p.method != "list" or plan.text.rfind("民生实事", 0, p.target.span.start) != -1 for p in pairs)


def test_a_change_in_points_is_read_against_the_year_before(hunan) -> None:
    # 力争全省城镇化率提高0.9个百分点; the 2025 report gives 62.1% for 2024, the 2026 one 城镇化率达63%
    _, _, (_, pairs) = hunan
    (p,) = [p for p in pairs if p.target.metric == "城镇化率" and p.target.kind == "growth"]
    assert p.outcome is not None and p.outcome.quantity.value == 63
    assert p.status == "met" and "change from the year before" in p.note


def test_a_growth_target_against_a_level_only_is_unclear() -> None:
    # 深圳 2020: 地区生产总值增长6.5%左右; the 2021 review gives 2.77万亿元 and a five-year average only
    plan, review = (extract_document(FIX / "genre" / f"city-shenzhen-{y}.txt") for y in (2020, 2021))
    _, pairs = reconcile(plan, review)
    row = gold("shenzhen-2020-2021.tsv", "地区生产总值增速")
    (p,) = _pair_at(pairs, int(row["target_start"]))
    assert row["status"] == "unclear" and p.status == "unclear" and p.outcome is not None
    assert p.outcome.quantity.unit == "万亿元"


def test_an_end_of_period_level_far_beyond_the_year_is_the_five_years_total() -> None:
    # 建成高标准农田4397万亩 in the 2026 review's five years is not where a year of 400万亩 ended
    from dataclasses import replace

    from graph.reconcile import _too_large, rules
    from graph.records import Quantity

    review = extract_document(HUNAN[1])
    (farm,) = [x for x in review.results if x.span.quote.endswith("4397万亩")]
    t = extract_document(HUNAN[0]).targets[0]
    year_target = replace(t, metric="建成高标准农田",
                          quantity=Quantity(400, None, "万亩", 4e6, None, "mu", t.quantity.span))
    assert _too_large(year_target, farm, rules())
    assert not _too_large(replace(year_target, quantity=replace(year_target.quantity, value=4000)), farm, rules())


# -- corpus builds pair documents themselves ----------------------------------------------------

def test_document_pairs_are_same_jurisdiction_and_consecutive_years() -> None:
    from graph.reconcile_corpus import CorpusDocument, document_pairs

    def doc(name: str, code: str | None, year: int | None, kind: str = "report") -> CorpusDocument:
        return CorpusDocument(name, Path(name + ".txt"), code, year, kind)

    docs = [doc("2026-anhui", "340000", 2026), doc("2025-anhui", "340000", 2025),
            doc("2024-anhui-summary", "340000", 2024, "summary"), doc("2024-anhui", "340000", 2024),
            doc("2023-gansu", "620000", 2023), doc("2025-gansu", "620000", 2025),  # 2024 missing
            doc("nowhere", None, 2025), doc("undated", "340000", None)]
    got = [(a.doc_id, b.doc_id) for a, b in document_pairs(docs)]
    # the full report of 2024 before the newspaper's summary; gansu skips a year: no pair
    assert got == [("2024-anhui", "2025-anhui"), ("2025-anhui", "2026-anhui")]


def test_corpus_build_reconciles_consecutive_years(tmp_path: Path) -> None:
    import pyoxigraph as ox

    src = tmp_path / "src"
    src.mkdir()
    for p in (*ANHUI, GANSU[1]):  # anhui 2025 and 2026 pair; gansu 2026 has no 2025 beside it
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--jobs", "1", "-q"]) == 0
    rows = list(csv.DictReader((out / "reconciliation.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {(r["target_document"], r["outcome_document"]) for r in rows} == {("2025-anhui.txt", "2026-anhui.txt")}
    # the same rows as `plangraph reconcile` on the pair
    single = tmp_path / "single"
    single.mkdir()
    assert main(["reconcile", str(ANHUI[0]), str(ANHUI[1]), "--out", str(single)]) == 0
    assert (single / "reconciliation.csv").read_text(encoding="utf-8-sig") == \
        (out / "reconciliation.csv").read_text(encoding="utf-8-sig")
    # the links are in the store's union, beside the documents' targets
    store = ox.Store(str(out / "store"))
    q = ("PREFIX pg: <https://w3id.org/plangraph/ontology#> SELECT (COUNT(*) AS ?n) "
         "WHERE { ?t pg:outcomeStatus ?s ; pg:metric ?m }")
    (solution,) = list(store.query(q))
    assert int(solution["n"].value) == sum(1 for r in rows if r["comparator"] != "sync")
    del store
    # a second build changes nothing
    before = (out / "reconciliation.nt").read_bytes()
    assert main(["build", str(src), "--out", str(out), "--jobs", "1", "-q", "--force"]) == 0
    assert (out / "reconciliation.nt").read_bytes() == before


def test_who_met_the_gdp_target_across_jurisdictions(anhui) -> None:
    from rdflib import Graph

    from graph.assemble import assemble
    from graph.query import find_query, run_library_query
    from graph.reconcile_graph import reconciliation_graph
    from graph.store import load_oxigraph, load_rdflib

    g = Graph()
    plan, review, (_, pairs) = anhui
    for part in (assemble(plan), assemble(review), reconciliation_graph(pairs, plan, review)):
        g += part
    gplan, greview = (extract_document(p) for p in GANSU)
    _, gpairs = reconcile(gplan, greview)
    for part in (assemble(gplan), assemble(greview), reconciliation_graph(gpairs, gplan, greview)):
        g += part
    info = find_query("indicator-outcomes")
    results = [run_library_query(store, info, {"indicator": "gdpGrowth"})
               for store in (load_oxigraph(g), load_rdflib(g))]
    assert results[0].rows == results[1].rows
    got = {(r["divisionCode"], r["status"]) for r in results[0].as_dicts()}
    # the hand-read tables: both provinces met their 2025 GDP-growth target
    assert gold("anhui-2025-2026.tsv", "地区生产总值增速")["status"] == "met"
    assert gold("gansu-2025-2026.tsv", "地区生产总值增速")["status"] == "met"
    assert got == {("340000", "met"), ("620000", "met")}


def test_completed_items_carry_the_review_statement_in_the_graph(hunan) -> None:
    from rdflib import Graph

    from graph.assemble import assemble
    from graph.fastcheck import validate_fast
    from graph.reconcile_graph import reconciliation_graph
    from graph.vocab import OA, PG

    plan, review, (_, pairs) = hunan
    links = reconciliation_graph(pairs, plan, review)
    done = set(links.subjects(PG.outcomeStatus, PG.StatusCompletedNoFigure))
    assert done and done == set(links.subjects(PG.outcomeStatement, None))
    for span in links.objects(None, PG.outcomeStatement):
        start, end = (int(links.value(span, p)) for p in (OA.start, OA.end))
        assert review.text[start:end] == str(links.value(span, OA.exact))
        assert "全面完成" in str(links.value(span, OA.exact))
    g = Graph()
    for part in (assemble(plan), assemble(review), links):
        g += part
    shapes = {"TargetOutcomeShape", "TargetOutcomeStatusShape"}
    assert [f for f in validate_fast(g).findings if str(f.shape).rsplit("#", 1)[-1] in shapes] == []


def test_review_cues_read_the_five_year_reports() -> None:
    from graph.reconcile import block_at, review_cues

    # a heading naming both cuts nothing; the year's paragraph, then the five years' cue
    text = ("一、2025年和“十四五”时期工作回顾\n2025年是“十四五”收官之年，也是很不平凡的一年。全省地区生产总值增长5%。\n"
            "五年来，全省地区生产总值年均增长5.5%。\n")
    cues = review_cues(text, 2025)
    assert block_at(cues, text.index("增长5%")) == "year"
    assert block_at(cues, text.index("年均增长5.5%")) == "period"
    # where the five years follow the cue at once (回望“十四五”), they are the five years
    text2 = "2025年是“十四五”收官之年。回望“十四五”，全省地区生产总值年均增长6%。"
    assert block_at(review_cues(text2, 2025), text2.index("年均")) == "period"
    # a paragraph under a five-year heading that opens with the year reviews the year
    text3 = "“十四五”时期经济社会发展回顾\n这五年，粮食产量稳定在1100亿斤。\n2025年，粮食产量1150亿斤。\n"
    cues3 = review_cues(text3, 2025)
    assert block_at(cues3, text3.index("1100")) == "period" and block_at(cues3, text3.index("1150")) == "year"


def test_narrower_kinds_and_generic_words_do_not_match() -> None:
    assert match_metric("公路通车总里程", "高速公路通车里程") is None
    assert match_metric("规上工业增加值", "规上装备工业增加值") is None
    assert match_metric("企业", "企业") is None  # 4100家企业 against 6家企业
    assert match_metric("游客人次、旅游花费均", "全区游客人次、旅游花费分别")[0] == "normalized"


def test_targets_against_economic_growth(anhui, hunan) -> None:
    # 居民收入增速高于经济增速 (2025-hunan, no figure of its own) against 全体居民人均可支配收入…增长5%,
    # read against 地区生产总值…增长4.8% in the review: met
    _, _, (_, pairs) = hunan
    (p,) = [p for p in pairs if p.relative and "高于经济增速" in p.target.span.quote]
    assert p.target.metric == "居民收入" and p.outcome is not None and p.outcome.quantity.value == 5
    assert p.status == "met" and "4.8" in p.note
    # 城镇常住居民人均可支配收入增速高于全国平均水平 (2025-anhui): the review states no national figure
    _, _, (_, apairs) = anhui
    national = [p for p in apairs if p.relative and "高于全国平均水平" in p.target.span.quote]
    assert national and all(p.status == "unclear" for p in national)
    # …and the review's urban and rural growth are their outcomes (分别增长4.4%、5.9%)
    assert sorted(p.outcome.quantity.value for p in national if p.outcome) == [4.4, 5.9]


def test_an_annex_of_its_own_is_a_list_up_to_the_next_annex() -> None:
    # 云南 2025 gives its 10件惠民实事 as an annex: a heading line, then 一、… 年度目标：… per item;
    # the 2026 review says only 年度10件惠民实事圆满办结
    from types import SimpleNamespace

    from graph.reconcile import completion_statements, listed_under
    from graph.records import Span

    plan = ("正文。\n附件\n2025年10件惠民实事\n一、稳定和扩大就业\n年度目标：实现城镇新增就业50万人以上。\n"
            "主办单位：省人力资源社会保障厅\n二、实施银龄人才计划\n年度目标：引进留用3600名高层次银龄人才。\n"
            "附件2\n名词解释\n年度目标：建成绿道500公里。\n")

    def at(words: str) -> SimpleNamespace:
        i = plan.index(words)
        return SimpleNamespace(span=Span(i, i + len(words), words))

    assert listed_under(plan, at("城镇新增就业50万人"), "惠民实事")
    assert listed_under(plan, at("3600名"), "惠民实事")
    assert not listed_under(plan, at("绿道500公里"), "惠民实事")  # after 附件2
    # a section heading without a year or a count is not a list of its own
    section = "（八）全力办好惠民实事增进民生福祉\n城镇新增就业50万人。\n"
    i = section.index("50万人")
    assert not listed_under(section, SimpleNamespace(span=Span(i, i + 4, "50万人")), "惠民实事")
    # 办结 is a completion word: the review's clause is found
    review = "2025年，城镇新增就业51万人。年度10件惠民实事圆满办结。\n2026年，我们将继续办好10件惠民实事。"
    found = completion_statements(review, 2025)
    assert [name for name, _ in found] == ["惠民实事"] and found[0][1].quote == "年度10件惠民实事圆满办结"


def test_one_outcome_serves_the_growth_target_and_the_level_target_of_its_indicator() -> None:
    # 深圳 2021 plan: 固定资产投资增长8%以上 (主要预期目标) and 固定资产投资超过8500亿元 (十大计划);
    # the 2022 review: 固定资产投资增长3.7% only. The growth target is not met; the level target
    # has the same sentence as its outcome, which states it in another kind: unclear.
    plan, review = (extract_document(FIX / "genre" / f"city-shenzhen-{y}.txt") for y in (2021, 2022))
    _, pairs = reconcile(plan, review)
    growth = [p for p in pairs if p.target.span.quote.startswith("固定资产投资增长8%")]
    level = [p for p in pairs if p.target.span.quote.startswith("固定资产投资超过8500亿元")]
    assert len(growth) == 1 and len(level) == 1
    assert growth[0].status == "not_met" and growth[0].outcome is not None
    assert growth[0].outcome.span.quote.endswith("固定资产投资增长3.7%")
    assert level[0].status == "unclear" and level[0].outcome is not None
    assert level[0].outcome.key == growth[0].outcome.key


def test_similar_metrics_that_differ_in_front_are_two_indicators() -> None:
    # 物流业增加值达3000亿元 is not met or missed by 工业增加值突破1万亿元 (深圳 2021 / 2022)
    assert match_metric("物流业增加值", "工业增加值") is None
    assert match_metric("体育产业增加值", "工业增加值") is None
    assert match_metric("新能源并网装机", "新能源总装机")[0] == "similar"
    assert match_metric("开工老旧小区改造", "改造老旧小区")[0] == "similar"


def test_an_outcome_of_another_scope_is_paired_and_unclear() -> None:
    # 甘肃 2025: 城乡居民人均可支配收入分别增长5%和7%左右 (an urban and a rural target); the 2026
    # review: 全体居民人均可支配收入增长6.1%, all residents: neither met nor missed, unclear
    plan, review = (extract_document(FIX / sub / f"{y}-gansu.txt")
                    for sub, y in (("corpus-2025", 2025), ("corpus", 2026)))
    _, pairs = reconcile(plan, review)
    income = [p for p in pairs if p.target.metric in ("城镇居民人均可支配收入", "农村居民人均可支配收入")]
    assert [(p.target.metric, p.target.quantity.value) for p in income] == [
        ("城镇居民人均可支配收入", 5), ("农村居民人均可支配收入", 7)]
    for p in income:
        assert p.status == "unclear" and p.outcome is not None
        assert p.outcome.span.quote.endswith("全体居民人均可支配收入增长6.1%")


# -- outcomes stated otherwise than the target (issue 14, recall) ----------------------------------

SHANDONG = (FIX / "corpus-2025" / "2025-shandong.txt", FIX / "corpus" / "2026-shandong.txt")


@pytest.fixture(scope="module")
def shandong():
    plan, review = (extract_document(p) for p in SHANDONG)
    return plan, review, reconcile(plan, review)


def _gold_pairs(pairs, table: str, indicator: str):
    """The pairs whose target is the gold row's, and the row."""
    row = gold(table, indicator)
    t0 = int(row["target_start"])
    return [p for p in pairs if p.target.span.start < t0 + len(row["target_quote"])
            and t0 < p.target.span.end], row


def _has_gold_outcome(p, row: dict[str, str]) -> bool:
    o0 = int(row["outcome_start"])
    span = p.outcome_span
    return span is not None and span.start < o0 + len(row["outcome_quote"]) and o0 < span.end


def test_a_figure_for_several_subjects_is_each_ones_unclear_outcome(shandong) -> None:
    # 山东 2025: 今年力争交通、水利分别完成投资2500亿元、800亿元; the 2026 review states only
    # 交通、能源、水利完成投资5400多亿元 (one figure for the three): both targets take it, unclear
    from graph.reconcile import combined_names

    assert combined_names("交通、能源、水利完成投资") == ("交通完成投资", "能源完成投资", "水利完成投资")
    _, _, (_, pairs) = shandong
    for indicator in ("交通完成投资", "水利完成投资"):
        mine, row = _gold_pairs(pairs, "shandong-2025-2026.tsv", indicator)
        hit = [p for p in mine if _has_gold_outcome(p, row)]
        assert hit and row["status"] == "unclear"
        assert all(p.status == "unclear" and "one figure for" in p.note for p in hit)


def test_a_measure_of_the_counted_items_is_paired_and_unclear(shandong) -> None:
    # 继续实施15000个省市县重点项目 (a count) against 省市县重点项目完成投资2.8万亿元 (their investment)
    from graph.reconcile import measure_of

    assert measure_of("省市县重点项目", "省市县重点项目完成投资")
    assert not measure_of("高速公路", "高速公路通车里程")
    assert not measure_of("项目", "项目投资")  # a generic word alone names nothing
    _, _, (_, pairs) = shandong
    mine, row = _gold_pairs(pairs, "shandong-2025-2026.tsv", "省市县重点项目")
    (p,) = [p for p in mine if _has_gold_outcome(p, row)]
    assert p.status == row["status"] == "unclear" and "units differ" in p.note


def test_a_figure_done_in_full_completes_the_years_target_without_a_figure() -> None:
    # 深圳 2020: 完成剩余400个城中村综合整治; the 2021 report (a five-year review) says
    # 全面完成1500多个城中村综合治理: a total, not the year's figure, but the remaining ones are done
    from graph.reconcile import done_figures

    plan, review = (extract_document(FIX / "genre" / f"city-shenzhen-{y}.txt") for y in (2020, 2021))
    assert [s.quote for _, s in done_figures(review.text, review.results, 2020)] == ["全面完成1500多个城中村综合治理"]
    _, pairs = reconcile(plan, review)
    mine, row = _gold_pairs(pairs, "shenzhen-2020-2021.tsv", "城中村综合整治")
    (p,) = mine
    assert _has_gold_outcome(p, row) and p.outcome is None
    assert p.status == row["status"] == "completed_no_figure"
    # a figure merely 完成 (完成造林2214.54万亩, a five-year total in Gansu 2026) says nothing of the year
    gansu = extract_document(GANSU[1])
    assert "完成造林2214.54万亩" in gansu.text
    assert done_figures(gansu.text, gansu.results, 2025) == []


def test_a_growth_stated_against_urban_income_growth(anhui) -> None:
    # 安徽 2025: 农村常住居民人均可支配收入增速高于全国平均水平、高于城镇居民收入增速 — the second
    # phrase shares the first one's subject; the 2026 review: 城镇、农村常住居民人均可支配收入分别增长
    # 4.4%、5.9%, so rural 5.9 against urban 4.4: met
    _, _, (_, pairs) = anhui
    (p,) = [p for p in pairs if p.relative and p.target.span.quote == "高于城镇居民收入增速"]
    assert p.target.metric == "农村常住居民人均可支配收入"
    assert p.outcome is not None and p.outcome.quantity.value == 5.9
    assert p.status == gold("anhui-2025-2026.tsv", "农村常住居民人均可支配收入增速（高于城镇）")["status"] == "met"
    assert "4.4" in p.note


def test_an_indicator_the_review_says_was_achieved_without_a_figure() -> None:
    # 甘肃 2025 report, reviewing 2024: 全省单位地区生产总值能耗完成国家下达目标 — an energy-intensity
    # target of 2024 (能耗下降2.5%左右) left without a figure is completed_no_figure with that clause
    from graph.reconcile import achieved, achieved_statements, judge, rules
    from graph.records import Quantity, Target

    review = extract_document(GANSU[0])
    said = achieved_statements(review, 2024)
    (span,) = [s for subject, s in said if subject == "全省单位地区生产总值能耗"]
    assert span.quote == "全省单位地区生产总值能耗完成国家下达目标"
    q = Quantity(2.5, None, "%", 2.5, None, "percent", Span(0, 4, "2.5%"))
    t = Target("t", None, None, "单位地区生产总值能耗", q, "~", "growth", False, 2024, None,
               Span(0, 15, "单位地区生产总值能耗下降2.5%左右"), direction="decrease")
    p = achieved(judge(t, None, rules()), said, rules())
    assert p.status == "completed_no_figure" and p.statement == span and p.outcome is None
    # a target of something else keeps no outcome (居民消费价格涨幅 is not named there)
    other = Target("u", None, None, "居民消费价格涨幅", q, "~", "growth", False, 2024, None,
                   Span(0, 10, "居民消费价格涨幅2%左右"))
    assert achieved(judge(other, None, rules()), said, rules()).status == "not_reported"
    # a clause with a figure is no such statement (PM2.5平均浓度降到32.4微克/立方米 is a result)
    assert all(not any(c.isdigit() for c in s.quote) for _, s in said)
    # 宁夏 2026: 完成年度“四类管线”改造任务 — the subject stands inside the phrase; 宁夏 2025 planned
    # 更新改造“四类管线”2000公里; 顺利完成全年目标任务 (甘肃 2026) names no indicator
    ningxia = extract_document(FIX / "corpus" / "2026-ningxia.txt")
    (span,) = [s for subject, s in achieved_statements(ningxia, 2025) if subject == "“四类管线”改造"]
    assert span.quote == "完成年度“四类管线”改造任务"
    q = Quantity(2000, None, "公里", 2000, None, "km", Span(0, 6, "2000公里"))
    pipes = Target("v", None, None, "更新改造“四类管线”", q, "=", "level", False, 2025, None,
                   Span(0, 16, "更新改造“四类管线”2000公里"))
    p = achieved(judge(pipes, None, rules()), achieved_statements(ningxia, 2025), rules())
    assert p.status == "completed_no_figure" and p.statement == span
    gansu = extract_document(GANSU[1])
    assert "顺利完成全年目标任务" in gansu.text
    assert not [s for _, s in achieved_statements(gansu, 2025) if "全年目标任务" in s.quote]


def test_a_list_of_ways_is_one_subject_and_a_respectively_list_one_figure_each() -> None:
    # 保定 2022 plan: 建设改造农村公路710公里; the 2023 review: 建设、改造农村公路751.4公里 — one thing
    # done two ways, met, not a figure for 建设 and 改造 apart
    plan, review = (extract_document(FIX / "genre" / f"city-baoding-{y}.txt") for y in (2022, 2023))
    _, pairs = reconcile(plan, review)
    (p,) = [p for p in pairs if p.target.span.quote.startswith("建设改造农村公路710公里")]
    assert p.status == "met" and p.outcome is not None and "751.4" in p.outcome.span.quote
    # a 分别 list states a figure per subject, never one for all (江西 2026: 城镇、农村居民人均可支配收入
    # 分别增长4.3%、5.7%)
    from graph.reconcile import candidates
    from graph.records import Quantity, Result, Target

    text = "城镇、农村居民人均可支配收入分别增长4.3%"
    q = Quantity(4.3, None, "%", 4.3, None, "percent", Span(19, 23, "4.3%"))
    res = Result("r", None, None, "城镇、农村居民人均可支配收入", q, "=", "growth", 2025, None, Span(0, 23, text))
    tq = Quantity(6.5, None, "%", 6.5, None, "percent", Span(0, 4, "6.5%"))
    t = Target("t", None, None, "农村居民人均可支配收入", tq, "~", "growth", False, 2025, None, Span(0, 4, "6.5%"))
    assert not [c for c in candidates(t, [(res, "year")]) if c.combined]


def test_a_years_figure_under_a_paragraph_opening_with_the_period_is_the_years() -> None:
    # 黑龙江 2026: 2025年是“十四五”收官之年。…全省地区生产总值增长4.2%，粮食总产量1640.06亿斤 — the
    # extractor dates the paragraph's figures by its opening (十四五), the review cue by the year:
    # outcomes of 2025
    review = extract_document(FIX / "corpus" / "2026-heilongjiang.txt")
    scopes = {x.span.quote: (x.period, scope) for x, scope in year_results(review, 2025)}
    assert scopes["地区生产总值增长4.2%"] == ("2021-2025", "year")
    assert scopes["粮食总产量1640.06亿斤"][1] == "year"
    # 新疆 2026, in its 2025 paragraph: 农村人居环境整治五年提升行动圆满完成，高质量建成260个自治区美丽
    # 宜居村 — the sentence says 五年: the figure is where five years ended, not the year's (period-end)
    xinjiang = extract_document(FIX / "corpus" / "2026-xinjiang.txt")
    scopes = {x.span.quote: scope for x, scope in year_results(xinjiang, 2025)}
    assert scopes["高质量建成260个自治区美丽宜居村"] == "period-end"


def test_a_share_of_the_years_plan_is_the_level_targets_outcome() -> None:
    # 江西 2026: 城镇新增就业、新增发放创业担保贷款分别完成年计划的118.2%、248.57% — the 2025 plan's
    # 城镇新增就业41万人 is met (118.2% of it was done)
    from graph.reconcile import candidates, judge, rules, share_of_plan
    from graph.records import Quantity, Target

    review = extract_document(FIX / "corpus" / "2026-jiangxi.txt")
    results = year_results(review, 2025)
    plan_shares = [x for x, _ in results if share_of_plan(review.text, x)]
    assert [(x.metric, x.quantity.value) for x in plan_shares] == [("城镇新增就业", 118.2), ("新增发放创业担保贷款", 248.57)]
    q = Quantity(41, None, "万人", 410000, None, "person", Span(0, 3, "41万人"))
    t = Target("t", None, None, "城镇新增就业", q, "=", "level", False, 2025, None, Span(0, 9, "城镇新增就业41万人"))
    (c, *_) = candidates(t, results, None, rules(), (), review.text)
    assert c.of_plan and c.result.quantity.value == 118.2
    p = judge(t, c, rules(), review.text)
    assert p.status == "met" and "118.2% of the year's plan" in p.note
    # a share that is not of a plan (城镇调查失业率5.5%) is no such figure
    assert not any(x.metric.startswith("城镇调查失业率") for x in plan_shares)


def test_words_of_reaching_a_level_make_a_five_year_figure_where_things_ended() -> None:
    # 江西 2026, five-year review: 人均体育场地面积增加至2.9平方米 — 增加至 says where things stand at
    # the end of 2025, like 增至 and 提高到 (the 2025 plan: 人均体育场地面积达2.9平方米以上)
    review = extract_document(FIX / "corpus" / "2026-jiangxi.txt")
    scopes = {x.span.quote: scope for x, scope in year_results(review, 2025)}
    (quote,) = [q for q in scopes if q.endswith("增加至2.9平方米")]
    assert scopes[quote] == "period-end"


def test_one_target_stated_twice_by_two_names_of_its_indicator_shares_the_outcome() -> None:
    # 内蒙古 2025 plan: 接待游客近3亿人次 (targets list) and 游客数量突破3亿人次 (work part), one
    # indicator (touristArrivals) and one figure; the 2026 review: 全年接待游客3亿人次 — both take it
    from graph.reconcile import _twins, assign, rules
    from graph.records import Quantity, Result, Target

    def target(key: str, metric: str, quote: str, start: int) -> Target:
        q = Quantity(3, None, "亿人次", 3e8, None, "person-time", Span(start, start + 5, "3亿人次"))
        return Target(key, None, None, metric, q, ">=", "level", False, 2025, None, Span(start, start + len(quote), quote))

    a, b = target("a", "接待游客", "接待游客近3亿人次", 0), target("b", "游客数量", "游客数量突破3亿人次", 100)
    assert _twins(a, b, rules())
    q = Quantity(3, None, "亿人次", 3e8, None, "person-time", Span(6, 11, "3亿人次"))
    res = Result("r", None, None, "接待游客", q, "=", "level", 2025, None, Span(2, 11, "接待游客3亿人次"))
    chosen = assign([a, b], [(res, "year")], {}, rules())
    assert chosen["a"].result.key == chosen["b"].result.key == "r"
    # another figure is another target
    c = target("c", "接待游客", "接待游客近3亿人次", 200)
    assert not _twins(a, replace(c, quantity=replace(c.quantity, value=4)), rules())


def test_a_bare_measure_is_named_by_the_clause_before_it() -> None:
    # 江西 2025 plan: 深入推进“十百千万”工程，实施省大中型项目4600个以上，完成投资1.2万亿元左右 — the
    # figure's metric is 投资 alone; the 2026 review: “十百千万”工程项目完成投资1.22万亿元
    from types import SimpleNamespace

    from graph.reconcile import topic_name

    text = "深入推进“十百千万”工程，实施省大中型项目4600个以上，完成投资1.2万亿元左右。"
    i = text.index("投资1.2")
    fig = SimpleNamespace(metric="投资", span=Span(i, i + 9, text[i:i + 9]))
    name = topic_name(text, fig)
    assert name == "深入推进“十百千万”工程投资"
    assert match_metric(name, "“十百千万”工程项目完成投资") is not None
    # a metric naming its subject takes no such name (实施省大中型项目4600个以上)
    j = text.index("实施省")
    assert topic_name(text, SimpleNamespace(metric="省大中型项目", span=Span(j, j + 15, text[j:j + 15]))) is None


def test_a_title_held_several_times_running() -> None:
    # 深圳 2020: 争创全国文明城市“六连冠”、全国双拥模范城“七连冠”; the 2021 report: 深圳连续六届入选全国
    # 文明城市，实现全国双拥模范城“七连冠” — both met (the reader's reading); no node in the plan's graph
    from graph.reconcile import chinese_count, title_targets

    assert (chinese_count("六"), chinese_count("十二"), chinese_count("二十八")) == (6, 12, 28)
    plan, review = (extract_document(FIX / "genre" / f"city-shenzhen-{y}.txt") for y in (2020, 2021))
    got = [(t.metric, t.quantity.value, t.aspirational) for t in title_targets(plan, 2020)]
    assert got == [("全国文明城市", 6, True), ("全国双拥模范城", 7, True)]
    _, pairs = reconcile(plan, review)
    for indicator in ("全国文明城市", "全国双拥模范城"):
        mine, row = _gold_pairs(pairs, "shenzhen-2020-2021.tsv", indicator)
        (p,) = mine
        assert _has_gold_outcome(p, row) and p.status == row["status"] == "met" and p.relative
    # a leading verb is not the title (保定 2023: 推进全国双拥模范城“十连冠”创建工作)
    baoding = extract_document(FIX / "genre" / "city-baoding-2023.txt")
    assert [(t.metric, t.quantity.value) for t in title_targets(baoding, 2023)] == [("全国双拥模范城", 10)]


def test_an_indicator_the_review_says_stayed_flat_is_a_change_of_zero() -> None:
    # 福建 2026: …城镇调查失业率4.7%，居民消费价格与上年持平; 青海 2026: 居民消费价格涨幅基本持平 — the
    # 2025 plans' 居民消费价格涨幅2%左右 (a ceiling) against a change of 0: met
    from graph.reconcile import flat, flat_statements, judge, rules
    from graph.records import Quantity, Target

    fujian = extract_document(FIX / "corpus" / "2026-fujian.txt")
    flats = flat_statements(fujian, 2025)
    assert ("居民消费价格", "居民消费价格与上年持平") in [(s, span.quote) for s, span in flats]
    qinghai = extract_document(FIX / "corpus" / "2026-qinghai.txt")
    assert [s for s, _ in flat_statements(qinghai, 2025)] == ["居民消费价格涨幅"]
    q = Quantity(2, None, "%", 2, None, "percent", Span(8, 10, "2%"))
    t = Target("t", None, None, "居民消费价格涨幅", q, "~", "growth", False, 2025, None,
               Span(0, 12, "居民消费价格涨幅2%左右"))
    p = flat(judge(t, None, rules()), flats, rules())
    assert p.status == "met" and p.statement is not None and p.statement.quote == "居民消费价格与上年持平"
    # a level target takes no such outcome
    lv = replace(t, kind="level", metric="居民消费价格")
    assert flat(judge(lv, None, rules()), flats, rules()).status == "not_reported"
    # a title with a quoted epithet before the count (福建 2025: 争创全国双拥模范城“满堂红”“六连冠”)
    m = rules().title_plan.search("争创全国双拥模范城“满堂红”“六连冠”，全力支持国防")
    assert m is not None and m.group("title") == "争创全国双拥模范城" and m.group("n") == "六"


def test_a_fall_is_a_negative_change_against_a_growth_target() -> None:
    # 福建 2026: …固定资产投资下降3.3% against the 2025 plan's 固定资产投资增长5%左右: -3.3, not_met; a
    # fall larger than the target's growth (下降6%) is not met either; 海南 2026 CPI微降0.1% against
    # 居民消费价格涨幅2%左右 (a ceiling): met
    from graph.reconcile import candidates, judge, rules
    from graph.records import Quantity, Result, Target

    def pct(value: float, quote: str) -> tuple[Quantity, Span]:
        return Quantity(value, None, "%", value, None, "percent", Span(0, len(quote), quote)), Span(0, len(quote), quote)

    def pair(metric: str, target: float, comparator: str, outcome: float, quote: str):
        tq, ts = pct(target, f"{metric}{target:g}%")
        t = Target("t", None, None, metric, tq, comparator, "growth", False, 2025, None, ts, direction="increase")
        rq, rs = pct(outcome, quote)
        res = Result("r", None, None, metric, rq, "=", "growth", 2025, None, rs, direction="decrease")
        (c, *_) = candidates(t, [(res, "year")], None, rules())
        return judge(t, c, rules())

    for value in (3.3, 6):
        p = pair("固定资产投资", 5, "~", value, f"固定资产投资下降{value:g}%")
        assert p.status == "not_met" and p.note.startswith(f"-{value:g} <")
    assert pair("居民消费价格涨幅", 2, "~", 0.1, "CPI微降0.1%").status == "met"

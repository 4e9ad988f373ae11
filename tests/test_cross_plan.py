"""Cross-plan questions (issue 13) over a corpus build of the 22 provincial 2026 reports.

The expected GDP-growth targets are the hand-read table
tests/fixtures/reconcile/gdp-growth-2025-2026.tsv (rows of role target2026), made by
reading the reports, not from PlanGraph output. Guangxi states 经济增长5%左右 for the
plan year: 经济增长 is taken as GDP growth (the canonical table lists it as an
alt label of gdpGrowth), so Guangxi is expected too.
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pytest

from graph.cli import main
from graph.query import find_query, open_store, run_library_query

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TABLE = ROOT / "tests" / "fixtures" / "reconcile" / "gdp-growth-2025-2026.tsv"
COMPARATORS = {">=": "AtLeast", "<=": "AtMost", "~": "About", "=": "Exactly", "range": "Between"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("cross") / "out"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main(["build", str(CORPUS), "--out", str(out), "--jobs", "2", "-q"])
    assert code == 0, buf.getvalue()
    return open_store(out)


def _expected() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return {r["province"]: r for r in csv.DictReader(f, delimiter="\t") if r["role"] == "target2026"}


def _num(v: object) -> float | None:
    return None if v is None else float(v)


def test_gdp_growth_targets_of_the_plan_year(store) -> None:
    rows = run_library_query(store, find_query("indicator-across-plans"), {"indicator": "gdpGrowth"}).as_dicts()
    plan_year = [r for r in rows if r["role"] == "target" and r["year"] == r["planYear"] and r["period"] is None]
    got = {str(r["plan"]).rsplit("/", 2)[-2].removeprefix("2026-"): r for r in plan_year}
    expected = _expected()
    assert len(expected) == 22
    assert len(plan_year) == len(got)  # one plan-year GDP-growth target per province
    right = []
    for province, e in sorted(expected.items()):
        r = got.get(province)
        if r is None:
            continue
        low, _, high = e["value"].partition("~")
        text = (CORPUS / Path(e["file"]).name).read_text(encoding="utf-8")
        start = int(e["start"])
        ok = (_num(r["value"]) == float(low) and _num(r["valueMax"]) == (float(high) if high else None)
              and r["comparator"] == COMPARATORS[e["comparator"]] and r["direction"] == "increase"
              and r["level"] == "province" and r["planYear"] == 2026
              and r["quote"] in e["quote"] and text.find(r["quote"], start) == start + e["quote"].index(r["quote"]))
        if ok:
            right.append(province)
    assert sorted(right) == sorted(expected), f"wrong or missing: {sorted(set(expected) - set(right))}"
    assert set(got) == set(expected)


def test_no_decrease_is_listed_as_growth(store) -> None:
    # 单位地区生产总值能耗下降…: every energy-intensity figure that is matched is a decrease
    rows = run_library_query(store, find_query("indicator-across-plans"),
                             {"indicator": "carbonIntensityReduction"}).as_dicts()
    assert rows, "重庆 and 黑龙江 state 单位地区生产总值二氧化碳排放下降/降低3.8%"
    assert all(r["direction"] == "decrease" for r in rows), [(r["quote"], r["direction"]) for r in rows]


def test_plan_profile_lists_every_province(store) -> None:
    rows = run_library_query(store, find_query("plan-profile")).as_dicts()
    assert len(rows) == 22
    assert {r["level"] for r in rows} == {"province"} and {r["planYear"] for r in rows} == {2026}
    by_code = {r["divisionCode"]: r for r in rows}
    assert "广西" in str(by_code["450000"]["jurisdiction"])
    for r in rows:
        assert r["targets"] > 0 and 0 < r["matched"] <= r["targets"] + r["results"]
        assert r["indicators"] <= r["matched"]


def test_entity_across_plans_names_every_plan_that_names_it(store) -> None:
    # 长江经济带: the plans are the reports whose text names it, counted and located in the text
    texts = {p.stem.removeprefix("2026-"): p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    naming = {k: t for k, t in texts.items() if "长江经济带" in t}
    assert len(naming) == 7  # 安徽 重庆 福建 广西 海南 湖南 江苏
    rows = run_library_query(store, find_query("entity-across-plans"), {"entityLabel": "长江经济带"}).as_dicts()
    got = {str(r["plan"]).rsplit("/", 2)[-2].removeprefix("2026-"): r for r in rows}
    assert set(got) == set(naming) and len(rows) == len(got)
    assert len({r["entityIri"] for r in rows}) == 1  # one shared node for the corpus
    for province, r in got.items():
        text = naming[province]
        assert r["mentions"] == text.count("长江经济带"), province
        assert r["firstStart"] == text.find("长江经济带"), province
        assert r["level"] == "province" and r["planYear"] == 2026 and r["jurisdiction"]
    assert [r["divisionCode"] for r in rows] == sorted(r["divisionCode"] for r in rows)


def test_targets_by_theme_and_kind_per_plan(store) -> None:
    rows = run_library_query(store, find_query("targets-by-theme-and-kind")).as_dicts()
    profile = {r["plan"]: r for r in run_library_query(store, find_query("plan-profile")).as_dicts()}
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["plan"]] = totals.get(r["plan"], 0) + r["targets"]
        assert 0 <= r["aspirational"] <= r["targets"] and r["kind"] in ("Level", "Growth", "Share", "Density")
        assert r["jurisdiction"] and r["level"] == "province" and r["planYear"] == 2026
    assert totals == {p: r["targets"] for p, r in profile.items()}
    # every province states its GDP growth for the plan year (the hand-read table): a Growth row each
    growth = {r["plan"] for r in rows if r["kind"] == "Growth"}
    assert len(growth) == len(_expected()) == 22

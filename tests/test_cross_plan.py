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

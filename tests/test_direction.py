"""Direction of figures (issue 13): increase, decrease or level, on real sentences.

Every expected value below comes from reading the sentence quoted next to it in
tests/fixtures/corpus/*.txt: 下降/降低/减少/压减 before the number make a decrease,
降至/降低至/控制在 make a level (the value is where things end up), 增长 and 新增
an increase. The value itself stays positive as written.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from graph import export
from graph.pipeline import extract
from graph.records import DIRECTIONS

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _ex(name: str):
    return extract(CORPUS / f"{name}.txt")


def _figure(name: str, quote: str, number: str):
    """The one figure of the document whose span lies inside `quote` and whose number is `number`."""
    ex = _ex(name)
    at = ex.text.index(quote)
    found = [f for f in ex.targets + ex.results
             if at <= f.quantity.span.start < at + len(quote) and f.quantity.span.quote.startswith(number)]
    assert len(found) == 1, (quote, [(f.metric, f.quantity.span.quote) for f in found])
    return found[0]


@pytest.mark.parametrize("name, quote, number, direction, kind", [
    ("2026-anhui", "单位地区生产总值能耗下降17%", "17", "decrease", "growth"),
    ("2026-heilongjiang", "单位地区生产总值二氧化碳排放降低3.8%左右", "3.8", "decrease", "growth"),
    ("2026-yunnan", "社会物流总费用与GDP的比率降低1.1个百分点", "1.1", "decrease", "growth"),
    ("2026-qinghai", "减少碳排放2810万吨", "2810", "decrease", "level"),
    ("2026-hebei", "压减地下水开采量21.5亿立方米", "21.5", "decrease", "level"),
    # 分别: the second figure has no words of its own before it
    ("2026-fujian", "生产安全事故起数、死亡人数分别下降15.2%、13.3%", "15.2", "decrease", "growth"),
    ("2026-fujian", "生产安全事故起数、死亡人数分别下降15.2%、13.3%", "13.3", "decrease", "growth"),
    ("2026-jilin", "省级公用经费和一般性支出分别压减11%、19%", "19", "decrease", None),
    # a level to reach, though the verb says down
    ("2026-jilin", "社会物流总费用与GDP比率降低至13.6%左右", "13.6", "level", None),
    ("2026-anhui", "六大高耗能行业增加值占比从31.1%降至22.5%", "22.5", "level", "share"),
    # the plan year's main targets
    ("2026-anhui", "全省地区生产总值增长5%—5.5%", "5", "increase", "growth"),
    ("2026-anhui", "城镇调查失业率5.5%左右", "5.5", "level", "share"),
    ("2026-anhui", "城镇新增就业68万人左右", "68", "increase", "level"),
])
def test_direction_of_real_sentences(name, quote, number, direction, kind):
    f = _figure(name, quote, number)
    assert f.direction == direction
    if kind:
        assert f.kind == kind
    assert f.quantity.value > 0  # the sign is the direction's, never the value's


def test_every_figure_has_a_direction_and_no_decrease_is_growth():
    for name in ("2026-anhui", "2026-fujian", "2026-jilin"):
        ex = _ex(name)
        for f in ex.targets + ex.results:
            assert f.direction in DIRECTIONS
            # the words written right before the number: a decrease verb there is never an increase
            before = ex.text[max(0, f.quantity.span.start - 2):f.quantity.span.start]
            if before in ("下降", "降低", "减少", "压减", "下调"):
                assert f.direction == "decrease", (name, f.span.quote)


def test_direction_column_in_both_tables():
    ex = _ex("2026-anhui")
    assert "direction" in export.TARGET_COLUMNS and "direction" in export.RESULT_COLUMNS
    results = export.result_rows(ex)
    row = next(r for r in results if r["quote"] == "单位地区生产总值能耗下降17%")
    assert row["direction"] == "decrease" and row["value"] == "17"
    assert {r["direction"] for r in export.target_rows(ex)} <= set(DIRECTIONS)

"""The quantity grammar (graph/quantity.py): numbers, ranges, units, normalisation,
and the scan of every number token. Table-driven: each row is written from how
the plans write figures, not from the grammar's output."""

from __future__ import annotations

import pytest

from graph.quantity import find_quantities, grammar, parse_chinese_numeral, parse_quantity, scan_numbers
from graph.read import CompactText, normalize_chars

# written, value, value_max, unit as written, value_normalized, unit_normalized
QUANTITIES = [
    ("5000亿元", 5000, None, "亿元", 5.0e11, "CNY"),
    ("20万户", 20, None, "万户", 2.0e5, "1"),
    ("14.5万人", 14.5, None, "万人", 1.45e5, "1"),
    ("7.2亿美元", 7.2, None, "亿美元", 7.2e8, "USD"),
    ("144公里", 144, None, "公里", 144, "km"),
    ("400万平方米", 400, None, "万平方米", 4.0e6, "m2"),
    ("440万亩", 440, None, "万亩", 4.4e6, "mu"),
    ("8.8件", 8.8, None, "件", 8.8, "1"),
    ("60万吨", 60, None, "万吨", 6.0e5, "t"),
    ("2800列", 2800, None, "列", 2800, "1"),
    ("1.2万亿元", 1.2, None, "万亿元", 1.2e12, "CNY"),
    ("1,250亿元", 1250, None, "亿元", 1.25e11, "CNY"),
    ("1~2家", 1, 2, "家", 1, "1"),
    ("20~30个", 20, 30, "个", 20, "1"),
    ("5%—5.5%", 5, 5.5, "%", 5, "percent"),
    ("5%-5.5%", 5, 5.5, "%", 5, "percent"),
    ("4.5-5%", 4.5, 5, "%", 4.5, "percent"),
    ("5.5%—6%", 5.5, 6, "%", 5.5, "percent"),
    ("48%", 48, None, "%", 48, "percent"),
    ("1个百分点", 1, None, "个百分点", 1, "pp"),
    ("106万人次", 106, None, "万人次", 1.06e6, "1"),
    ("1600亿斤", 1600, None, "亿斤", 8.0e7, "t"),
    ("700万千瓦", 700, None, "万千瓦", 7.0e6, "kW"),
    ("21.5亿立方米", 21.5, None, "亿立方米", 2.15e9, "m3"),
    ("5260平方公里", 5260, None, "平方公里", 5.26e9, "m2"),
    ("36439元", 36439, None, "元", 36439, "CNY"),
    ("15万标箱", 15, None, "万标箱", 1.5e5, "TEU"),
    ("500千伏", 500, None, "千伏", 500, "kV"),
    ("1.7万P", 1.7, None, "万P", 1.7e4, "PFLOPS"),
    ("5.1倍", 5.1, None, "倍", 5.1, "times"),
    ("3天", 3, None, "天", 3, "day"),
    ("十五个", 15, None, "个", 15, "1"),
    ("三百万亩", 300, None, "万亩", 3.0e6, "mu"),
    ("两个", 2, None, "个", 2, "1"),
    ("八成", 8, None, "成", 80, "percent"),
    ("万亿级", 1, None, "万亿级", 1.0e12, "CNY"),
    ("千亿级", 1, None, "千亿级", 1.0e11, "CNY"),
    ("万亿元", 1, None, "万亿元", 1.0e12, "CNY"),
]


@pytest.mark.parametrize("written,value,value_max,unit,norm,base", QUANTITIES, ids=[r[0] for r in QUANTITIES])
def test_parse_quantity(written, value, value_max, unit, norm, base):
    q = parse_quantity(written)
    assert q is not None, written
    assert (q.value, q.value_max, q.unit, q.unit_normalized) == (value, value_max, unit, base)
    assert q.value_normalized == pytest.approx(norm)


@pytest.mark.parametrize("written", ["2023", "十四五", "PM", "一", "百姓", "十大"])
def test_not_a_quantity(written):
    assert parse_quantity(written) is None


def test_more_than():
    assert parse_quantity("5300多栋").more and parse_quantity("800余家").more
    assert parse_quantity("20余万人").value_normalized == 2.0e5


@pytest.mark.parametrize("s,value", [("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("三百", 300),
                                     ("一百零五", 105), ("四千五百", 4500), ("三万", 30000), ("两亿", 2e8)])
def test_chinese_numerals(s, value):
    assert parse_chinese_numeral(s) == value


@pytest.mark.parametrize("s", ["十四五", "二〇二三", "十十", "百千", "abc", ""])
def test_malformed_chinese_numerals(s):
    assert parse_chinese_numeral(s) is None


def test_layout_breaks_do_not_split_figures():
    # the example's layout: a number wrapped away from its unit, spaces before units
    src = "推进900\n\n个工业项目，完成投资 5000 亿元以上，推广 690\n辆以上"
    c = CompactText.of(normalize_chars(src))
    found = [(q.value, q.unit) for q in find_quantities(c.text)]
    assert found == [(900, "个"), (5000, "亿元"), (690, "辆")]


def test_full_width_digits_and_percent():
    text = normalize_chars("增长１２３％，新增５０～６０家")
    assert [(q.value, q.value_max, q.unit) for q in find_quantities(text)] == [(123, None, "%"), (50, 60, "家")]


def test_list_of_figures():
    text = "力争新增市场主体20万户、总量突破200万户，新增超百亿工业企业1~2家"
    got = [(q.value, q.value_max, q.unit) for q in find_quantities(text)]
    assert got == [(20, None, "万户"), (200, None, "万户"), (1, None, "百亿"), (1, 2, "家")]


def test_idioms_are_not_numbers():
    text = "千方百计稳增长，千家万户，百姓，一批项目，统一大市场"
    assert find_quantities(text) == []
    assert scan_numbers(text) == []


def test_scan_numbers_covers_arabic_and_chinese():
    text = "2023年实施十大战略，第五航权，“十四五”规划，12条政策措施，PM2.5，轨道交通S2线，三个一批，增长5.5%"
    got = [t.text for t in scan_numbers(text)]
    assert got == ["2023", "十", "五", "十四五", "12", "2.5", "2", "三", "5.5"]


def test_units_table_is_well_formed():
    g = grammar()
    assert {"万", "亿", "万亿"} <= set(g.multipliers)
    for unit in g.units.values():
        assert unit.factor > 0 and unit.base and unit.dimension, unit
    # every normalised base is one the documentation names
    assert {u.base for u in g.units.values()} <= {
        "CNY", "USD", "EUR", "HKD", "1", "percent", "pp", "times", "km", "m2", "mu", "m3", "t", "kWh", "kW",
        "kV", "PFLOPS", "TEU", "ug/m3", "g/kg", "inch", "hour", "day", "year", "month", "quarter", "ratio"}

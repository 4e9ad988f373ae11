"""The corpus views in headless Chromium (issue 13): the corpus index and a comparison page
open without console errors or requests outside their folder, their tables sort and filter,
and the comparison page's chart draws one bar per visible value, each linked to its plan.

The corpus is three provincial 2026 reports (tests/test_corpus_views.py builds it the same way).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_corpus_views import PROVINCES, build_small_corpus
from tests.test_views_browser import assert_not_blank, close, open_page

BAR_LABELS = "#pg-chart a.pg-bar-link > text:first-of-type"  # each bar's label in the chart's SVG

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_small_corpus(tmp_path_factory.mktemp("corpus-browser"))


def _open(browser, path: Path):
    opened = open_page(browser, path, wait_ready=False)
    opened.page.wait_for_selector("body[data-tables-ready='1']", timeout=10000)
    return opened


def _column(opened, table: str, index: int, attr: str | None = None) -> list[str]:
    """The visible rows' cell text (or a row attribute), in the order shown."""
    return opened.page.evaluate("""([table, index, attr]) => Array.from(
        document.querySelectorAll('#' + table + ' tbody tr')).filter(r => !r.hidden)
        .map(r => attr ? r.getAttribute(attr) : r.cells[index].textContent.trim())""", [table, index, attr])


def test_corpus_index_opens_clean_sorts_and_filters(browser, corpus, tmp_path):
    opened = _open(browser, corpus / "views" / "index.html")
    try:
        page = opened.page
        assert opened.errors == [] and opened.foreign == []
        assert sorted(_column(opened, "pg-plans", 9)) == [f"2026-{p}" for p in PROVINCES]
        # sort by the number of targets: ascending, then descending on a second click
        page.click("#pg-plans thead th:nth-child(5)")
        counts = [int(c) for c in _column(opened, "pg-plans", 4)]
        assert counts == sorted(counts) and len(set(counts)) > 1
        page.click("#pg-plans thead th:nth-child(5)")
        assert [int(c) for c in _column(opened, "pg-plans", 4)] == sorted(counts, reverse=True)
        assert page.get_attribute("#pg-plans thead th:nth-child(5)", "aria-sort") == "descending"
        # sort by jurisdiction code as text
        page.click("#pg-plans thead th:nth-child(2)")
        assert _column(opened, "pg-plans", 1) == ["230000", "340000", "500000"]
        # the text filter keeps the matching plan only
        page.fill(".pg-filter[data-table='pg-plans']", "安徽")
        assert _column(opened, "pg-plans", 0) == ["安徽"]
        assert page.inner_text(".pg-shown[data-table='pg-plans']") == "显示 1 / 3"
        png = page.screenshot(path=str(tmp_path / "corpus-index.png"), full_page=True)
        assert_not_blank(png, "corpus index")
        # every link leads to a page that exists (plans' views, comparison pages)
        for href in page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))"):
            if not href.startswith("#"):
                assert (corpus / "views" / href.split("#")[0]).resolve().is_file(), href
        assert opened.errors == []
    finally:
        close(opened)


def test_comparison_page_chart_draws_and_table_sorts(browser, corpus, tmp_path):
    opened = _open(browser, corpus / "views" / "indicator-gdpGrowth.html")
    try:
        page = opened.page
        page.wait_for_selector("body[data-chart-ready='1']")
        assert opened.errors == [] and opened.foreign == []
        rows = len(_column(opened, "pg-values", 0))
        bars = int(page.get_attribute("#pg-chart", "data-bars"))
        # every value of the page is a percentage: one bar each, a rect each at least
        assert bars == rows >= 6  # each province: the plan year's target, the 十五五 goal, the 2025 result
        assert page.eval_on_selector_all("#pg-chart a.pg-bar-link rect", "rs => rs.length") >= bars
        widths = page.eval_on_selector_all("#pg-chart rect.pg-bar-value, #pg-chart rect.pg-bar-result",
                                           "rs => rs.map(r => r.getBBox().width)")
        assert len(widths) == bars and all(w > 1 for w in widths)
        labels = page.eval_on_selector_all(BAR_LABELS, "ts => ts.map(t => t.textContent)")
        assert any(label.startswith("安徽 2026") for label in labels)
        # a bar links to its plan's views, and its tooltip is the quote
        hrefs = page.eval_on_selector_all("#pg-chart a.pg-bar-link", "as => as.map(a => a.getAttribute('href'))")
        assert all((corpus / "views" / h).resolve().is_file() for h in hrefs)
        titles = page.eval_on_selector_all("#pg-chart a.pg-bar-link > title", "ts => ts.map(t => t.textContent)")
        assert any("地区生产总值增长5%以上" in t for t in titles)  # 重庆's target, as written
        # sort by value: the rows and the bars follow, low to high
        page.click("#pg-values thead th:nth-child(8)")
        values = [float(v) for v in _column(opened, "pg-values", 0, "data-value")]
        assert values == sorted(values)
        bar_labels = page.eval_on_selector_all(BAR_LABELS, "ts => ts.map(t => t.textContent)")
        assert bar_labels == _column(opened, "pg-values", 0, "data-label")
        # only the results: the chart redraws with them
        page.select_option("select[data-table='pg-values'][data-column='role']", "result")
        results = _column(opened, "pg-values", 3)
        assert results and set(results) == {"成果"}
        assert int(page.get_attribute("#pg-chart", "data-bars")) == len(results)
        page.select_option("select[data-table='pg-values'][data-column='role']", "")
        png = page.screenshot(path=str(tmp_path / "indicator.png"), full_page=True)
        assert_not_blank(png, "comparison page")
        assert opened.errors == []
    finally:
        close(opened)


def test_plan_index_targets_table_sorts_and_filters(browser, corpus):
    opened = _open(browser, corpus / "docs" / "2026-anhui" / "views" / "index.html")
    try:
        page = opened.page
        assert opened.errors == [] and opened.foreign == []
        total = len(_column(opened, "pg-targets", 0))
        assert total > 20
        page.select_option("select[data-table='pg-targets'][data-column='kind']", "Growth")
        kinds = _column(opened, "pg-targets", 6)
        assert kinds and set(kinds) == {"增速"} and len(kinds) < total
        page.fill(".pg-filter[data-table='pg-targets']", "地区生产总值")
        quotes = _column(opened, "pg-targets", 11)
        # 地区生产总值增长5%—5.5% (2026) and the 十五五 goal 地区生产总值年均增长5%—5.5%
        assert quotes and all("地区生产总值" in q for q in quotes)
        page.click("#pg-targets thead th:nth-child(1)")
        page.click("#pg-targets thead th:nth-child(1)")
        order = [int(n) for n in _column(opened, "pg-targets", 0)]
        assert order == sorted(order, reverse=True)
        assert opened.errors == []
    finally:
        close(opened)

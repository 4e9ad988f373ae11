"""Corpus views (issue 13): a corpus build writes each plan's views, the corpus index and one
comparison page per canonical indicator; `plangraph view DIR` writes them again; each plan's
index page has a table of its targets.

Expected figures come from the hand-read table tests/fixtures/reconcile/gdp-growth-2025-2026.tsv
(GDP growth: the 2026 target and the 2025 result each 2026 report states), not from output.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.cli import main
from graph.corpus_views import IndicatorValue, indicator_filename
from graph.pages import TargetRow, write_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TABLE = ROOT / "tests" / "fixtures" / "reconcile" / "gdp-growth-2025-2026.tsv"
PROVINCES = ("anhui", "chongqing", "heilongjiang")


def build_small_corpus(root: Path, *extra: str) -> Path:
    """Three provincial 2026 reports built as a corpus into root/out (views on unless extra says)."""
    src = root / "src"
    src.mkdir()
    for p in PROVINCES:
        shutil.copy(CORPUS / f"2026-{p}.txt", src / f"2026-{p}.txt")
    out = root / "out"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = main(["build", str(src), "--out", str(out), "--jobs", "2", "-q", *extra])
    assert code == 0, buf.getvalue()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_small_corpus(tmp_path_factory.mktemp("corpus-views"))


class Rows(HTMLParser):
    """The body rows of one table (by id): each row's attributes and its cells' text."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.in_body = table_id, False, False
        self.rows: list[tuple[dict, list[str]]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append((a, []))
        elif self.in_body and tag == "td":
            self._cell = []
        elif self.in_body and tag == "a":
            self.links.append(a.get("href") or "")

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self.inside = self.in_body = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(path: Path, table_id: str) -> Rows:
    parser = Rows(table_id)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _hand_read() -> dict[tuple[str, str], dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return {(r["province"], r["role"]): r for r in csv.DictReader(f, delimiter="\t")
                if r["province"] in PROVINCES and r["file"].startswith("corpus/")}


def test_corpus_build_writes_every_plans_views_and_the_corpus_pages(corpus: Path) -> None:
    for p in PROVINCES:
        index = corpus / "docs" / f"2026-{p}" / "views" / "index.html"
        assert index.is_file() and (index.parent / "lib" / "table.js").is_file()
        # the plan's index links back to the corpus index, which exists
        assert '<a href="../../../views/index.html">' in index.read_text(encoding="utf-8")
    assert (corpus / "views" / "index.html").is_file()
    assert (corpus / "views" / indicator_filename("gdpGrowth")).is_file()
    for name in ("table.js", "chart.js", "pages.css", "view.css"):
        assert (corpus / "views" / "lib" / name).is_file()


def test_corpus_index_lists_each_plan_with_a_link_to_its_views(corpus: Path) -> None:
    plans = table_rows(corpus / "views" / "index.html", "pg-plans")
    assert len(plans.rows) == 3
    by_doc = {cells[9]: cells for _, cells in plans.rows}
    assert set(by_doc) == {f"2026-{p}" for p in PROVINCES}
    assert by_doc["2026-anhui"][:4] == ["安徽", "340000", "省级", "2026"]
    assert by_doc["2026-heilongjiang"][:2] == ["黑龙江", "230000"]
    for href in plans.links:
        assert (corpus / "views" / href).resolve().is_file(), href
    # the indicator table links to pages that exist, gdpGrowth among them (all three state it)
    indicators = table_rows(corpus / "views" / "index.html", "pg-indicators")
    assert "indicator-gdpGrowth.html" in indicators.links
    for href in indicators.links:
        assert (corpus / "views" / href).is_file(), href
    gdp = next(cells for _, cells in indicators.rows if cells[2] == "gdpGrowth")
    assert gdp[3] == "3"


def test_comparison_page_has_each_provinces_gdp_target_and_result_with_its_quote(corpus: Path) -> None:
    page = table_rows(corpus / "views" / "indicator-gdpGrowth.html", "pg-values")
    texts = {p: (CORPUS / f"2026-{p}.txt").read_text(encoding="utf-8") for p in PROVINCES}
    for (province, role), e in _hand_read().items():
        want_role = "target" if role == "target2026" else "result"
        # the plan year's target has no period (the 十五五 goal beside it has 2026-2030); a
        # result is told apart by its year and quote (黑龙江's 4.2% sits in the review of 2025
        # and of 十四五, and carries the period 2021-2025)
        found = [(a, cells) for a, cells in page.rows
                 if a["data-role"] == want_role and cells[13] == f"2026-{province}" and cells[4] == e["year"]
                 and (want_role == "result" or not cells[5]) and cells[12] in e["quote"]]
        assert len(found) == 1, (province, role, [c for _, c in page.rows if c[13] == f"2026-{province}"])
        attrs, cells = found[0]
        low, _, high = e["value"].partition("~")
        assert float(attrs["data-value"]) == float(low)
        assert (float(attrs["data-value-max"]) if attrs["data-value-max"] else None) == (float(high) if high else None)
        assert attrs["data-unit"] == "%" and cells[10] == "↑ 增长"
        assert cells[12] in texts[province]  # the quote is the source's own words
        assert attrs["data-href"] == f"../docs/2026-{province}/views/index.html"
    # every row's quote is in its plan's text, and every link opens the plan's views
    for attrs, cells in page.rows:
        assert cells[12] in texts[cells[13].removeprefix("2026-")]
        assert (corpus / "views" / attrs["data-href"]).resolve().is_file()


def test_plan_index_lists_its_targets_with_quotes(corpus: Path) -> None:
    # 2026 主要预期目标 of 重庆: 地区生产总值增长5%以上 (the hand-read table)
    index = corpus / "docs" / "2026-chongqing" / "views" / "index.html"
    targets = table_rows(index, "pg-targets")
    manifest_targets = sum(1 for _ in csv.DictReader(
        (corpus / "docs" / "2026-chongqing" / "targets.csv").open(encoding="utf-8-sig")))
    assert len(targets.rows) == manifest_targets > 20
    gdp = [cells for _, cells in targets.rows if cells[11] == "地区生产总值增长5%以上"]
    assert len(gdp) == 1 and gdp[0][3] == "≥5%" and gdp[0][6] == "增速" and gdp[0][10] == "gdpGrowth"
    text = (CORPUS / "2026-chongqing.txt").read_text(encoding="utf-8")
    assert all(cells[11] in text for _, cells in targets.rows)
    # reading order: the first column numbers the rows as the text has them
    assert [int(c[0]) for _, c in targets.rows] == list(range(1, len(targets.rows) + 1))


def test_source_text_is_escaped_on_the_table_pages(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>"&<b>'
    from graph.indicators import table

    concept = table().concepts["gdpGrowth"]
    value = IndicatorValue("d", hostile, "province", "2026", "target", "2026", "", hostile, "5", "", hostile,
                           "AtLeast", "increase", False, hostile, '" onmouseover="x')
    page = write_page(tmp_path / "p.html", "indicator.html.j2", title=hostile, concept=concept, values=[value],
                      plans=1, level_names=["province"], level_zh={})
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>" not in html and '" onmouseover' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    row = TargetRow(0, hostile, hostile, "1", hostile, "AtLeast", "Level", "level", False, "2026", "", hostile, "")
    html = write_page(tmp_path / "t.html", "targets-table.html.j2", targets=[row]).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;b&gt;" in html


def test_no_views_writes_none(tmp_path: Path) -> None:
    out = build_small_corpus(tmp_path, "--no-views")
    assert not (out / "views").exists()
    assert not any((out / "docs").glob("*/views"))


def test_view_command_on_a_corpus(corpus: Path, tmp_path: Path, capsys) -> None:
    (corpus / "views" / "index.html").unlink()
    assert main(["view", str(corpus)]) == 0
    assert Path(capsys.readouterr().out.strip()) == corpus / "views" / "index.html"
    assert (corpus / "views" / "index.html").is_file()
    # --place belongs to one plan's build; a missing folder is bad input
    assert main(["view", str(corpus), "--place", "合肥"]) == 2
    assert "corpus" in capsys.readouterr().err
    assert main(["view", str(tmp_path / "nowhere")]) == 2
    assert re.search(r"not a folder", capsys.readouterr().err)


def test_a_bar_names_the_period_of_a_five_year_result() -> None:
    # 2026-tianjin's review: 地区生产总值增长4.8% (2025) and GDP年均增长4.4% (2021-2025) are two bars
    def value(year: str, period: str, number: str) -> IndicatorValue:
        return IndicatorValue("2026-tianjin", "天津", "province", "2026", "result", year, period, "GDP",
                              number, "", "%", "=", "increase", False, "", "")
    assert value("2025", "", "4.8").label == "天津 2026 成果2025"
    assert value("2025", "2021-2025", "4.4").label == "天津 2026 成果2021-2025"

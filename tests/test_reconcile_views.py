"""Pages of targets against outcomes (graph.reconcile_views): a jurisdiction's scorecard and the
corpus page of met / not met per canonical indicator; offline, escaped, opened in Chromium.

The rows are reconciliation.csv rows; the hostile one is made up to hold markup in every text
field, the others come from reconciling 2025-anhui against 2026-anhui.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.cli import main
from graph.reconcile_views import outcomes_page, read_rows, scorecard_page, status_labels, write_pages

FIX = Path(__file__).resolve().parent / "fixtures"
ANHUI = (FIX / "corpus-2025" / "2025-anhui.txt", FIX / "corpus" / "2026-anhui.txt")
HOSTILE = "<script>alert(1)</script>&\"'"


@pytest.fixture(scope="module")
def anhui_rows(tmp_path_factory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("anhui")
    assert main(["reconcile", str(ANHUI[0]), str(ANHUI[1]), "--out", str(out)]) == 0
    return read_rows(out / "reconciliation.csv")


def _hostile_row() -> dict[str, str]:
    return {"metric": HOSTILE, "target_quote": HOSTILE, "outcome_quote": HOSTILE, "note": HOSTILE,
            "status": "met", "target_year": "2025", "target_start": "0", "indicator": "gdpGrowth",
            "jurisdiction": HOSTILE, "jurisdiction_code": "x<y", "target_document": HOSTILE,
            "outcome_document": HOSTILE, "rule_version": "1"}


def test_status_labels_come_from_the_ontology() -> None:
    assert status_labels()["met"] == ("完成", "met")
    assert status_labels()["completed_no_figure"][1].startswith("completed")


def test_scorecard_lists_every_target_with_its_status(anhui_rows) -> None:
    page = scorecard_page(anhui_rows)
    assert "安徽省" in page and page.count("<tr><td>") == len(anhui_rows)
    # 社会消费品零售总额增长5.5%左右 against 4.2%: not met, with the rule's note
    assert "4.2 &lt; 5.5 - 0.2" in page
    met = sum(1 for r in anhui_rows if r["status"] == "met")
    assert f'<td class="n met">{met}</td>' in page


def test_corpus_page_has_one_row_per_indicator(anhui_rows) -> None:
    page = outcomes_page(anhui_rows, {"340000": "340000.html"})
    concepts = {r["indicator"] for r in anhui_rows if r["indicator"]}
    assert "gdpGrowth" in concepts and page.count('<span class="note">') == len(concepts)
    assert '<a href="340000.html">安徽省 2025</a>' in page


def test_pages_escape_every_text_and_load_nothing(tmp_path: Path) -> None:
    written = write_pages(tmp_path, [_hostile_row()])
    for path in written:
        page = path.read_text(encoding="utf-8")
        assert "<script" not in page and "&lt;script&gt;" in page
        assert "http://" not in page and "https://" not in page and " src=" not in page
    assert sorted(p.name for p in written) == ["index.html", "xy.html"]  # the code made a safe file name


def test_pages_open_clean_in_chromium(browser, anhui_rows, tmp_path: Path) -> None:
    write_pages(tmp_path, [*anhui_rows, _hostile_row()])
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(tmp_path.resolve().as_uri()) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((tmp_path / "index.html").resolve().as_uri())
    assert page.locator("table tr").count() > 1
    page.click("text=安徽省 2025 >> nth=0")
    page.wait_for_load_state()
    assert page.url.endswith("340000.html")
    assert page.locator("table.targets tr").count() == len(anhui_rows) + 1
    page.goto((tmp_path / "xy.html").resolve().as_uri())
    assert HOSTILE in page.locator("table.targets").inner_text()
    assert not errors and not outside and not dialogs
    context.close()

"""The HTML views in a real browser: headless Chromium (Debian's /usr/bin/chromium) via Playwright.

Consumes: the views rendered from tests/fixtures/views-mini.ttl, views-xss.ttl and
the bundled example (built in-process with graph.pipeline.build_graph).
Checks, on every page: no console errors, no request outside the page's own
files, the nodes drawn equal the graph's, the page is ready within 2 s, a
tooltip shows on hover and the details on click, the screenshot is not blank,
Chinese glyphs are real glyphs (not boxes), and hostile text runs nothing.

The browser must start: if it cannot, these tests fail (scripts/test installs
chromium and a CJK font). `playwright install` is never needed: we drive the
system's chromium. Set PLANGRAPH_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph

from graph import views

FIXTURES = Path(__file__).parent / "fixtures"
READY_BUDGET_MS = 2000

MINI_PAGES = ["index.html", "overview.html", "places.html", "actors.html", "people.html",
              "theme-wen-zhong-qiu-jin.html", "theme-ke-ji-chuang-xin.html", "theme-dui-wai-kai-fang.html",
              "theme-hang-kong-gang-jian-she.html", "place-zheng-zhou.html", "place-hang-kong-gang-qu.html",
              "place-zheng-dong-xin-qu.html"]


# ---------------------------------------------------------------------------
# Fixtures (the browser itself: tests/conftest.py)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    keep = os.environ.get("PLANGRAPH_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    return tmp_path_factory.mktemp("screenshots")


def _render(ttl: Path, out: Path) -> tuple[Graph, Path]:
    g = Graph().parse(ttl)
    views.render_views(g, out)
    return g, out / "views"


@pytest.fixture(scope="session")
def mini_views(tmp_path_factory):
    return _render(FIXTURES / "views-mini.ttl", tmp_path_factory.mktemp("b-mini"))


@pytest.fixture(scope="session")
def xss_views(tmp_path_factory):
    return _render(FIXTURES / "views-xss.ttl", tmp_path_factory.mktemp("b-xss"))


@pytest.fixture(scope="session")
def example_views(tmp_path_factory):
    """The bundled example, built in-process by the pipeline, rendered."""
    from graph.pipeline import build_graph

    g = build_graph()
    out = tmp_path_factory.mktemp("b-example")
    pages = views.render_views(g, out)
    return g, out / "views", pages


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


@dataclass
class Opened:
    page: object
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(browser, path: Path, wait_ready: bool = True) -> Opened:
    """Open a page from disk, recording console errors, requests outside its folder, and dialogs."""
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    page = context.new_page()
    opened = Opened(page)
    root = path.parent.resolve().as_uri()
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: opened.errors.append(f"failed: {r.url}"))

    def on_request(request):
        if not request.url.startswith(root + "/"):
            opened.foreign.append(request.url)

    def on_dialog(dialog):
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("request", on_request)
    page.on("dialog", on_dialog)
    # Nothing may leave the machine even if a page tried: abort it (and record it above).
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                  else route.abort())
    return navigate(opened, path, wait_ready)


def navigate(opened: Opened, path: Path, wait_ready: bool = True) -> Opened:
    """Load a page (from the same folder) in an open tab, with fresh records."""
    opened.errors.clear()
    opened.foreign.clear()
    opened.dialogs.clear()
    opened.page.goto(path.resolve().as_uri())
    if wait_ready:
        opened.page.wait_for_function("window.plangraph && window.plangraph.ready === true", timeout=10000)
    return opened


def close(opened: Opened) -> None:
    opened.page.context.close()


def drawn(opened: Opened) -> dict:
    return opened.page.evaluate("""() => {
        const pg = window.plangraph;
        return {dataset: pg.nodes.length, drawn: pg.network.body.nodeIndices.length,
                json: JSON.parse(document.getElementById('pg-data').textContent).nodes.length,
                readyMs: pg.readyMs};
    }""")


def node_point(opened: Opened, node_id: str) -> tuple[float, float]:
    """Where a node is on screen (page coordinates)."""
    p = opened.page.evaluate("""(id) => {
        const n = window.plangraph.network;
        const d = n.canvasToDOM(n.getPosition(id));
        const r = document.getElementById('pg-network').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y];
    }""", node_id)
    return p[0], p[1]


def hover_tooltip(opened: Opened, node_id: str) -> str:
    """Hover a node and return the tooltip's text."""
    x, y = node_point(opened, node_id)
    opened.page.mouse.move(x - 30, y - 30)
    opened.page.mouse.move(x, y, steps=4)
    opened.page.wait_for_function("""() => {
        const t = document.querySelector('div.vis-tooltip');
        return t && t.style.visibility === 'visible' && t.textContent.length > 0;
    }""", timeout=5000)
    return opened.page.evaluate("document.querySelector('div.vis-tooltip').textContent")


def click_details(opened: Opened, node_id: str) -> str:
    x, y = node_point(opened, node_id)
    opened.page.mouse.click(x, y)
    return opened.page.evaluate("document.getElementById('pg-details-body').textContent")


def focus_on(opened: Opened, node_id: str) -> None:
    """Zoom onto a node so it is not covered by its neighbours."""
    opened.page.evaluate("""(id) => window.plangraph.network.focus(id, {scale: 1.5, animation: false})""",
                         node_id)
    opened.page.wait_for_timeout(50)


def png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes): width, height, channels, raw rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        out += line
        prev = line
    return width, height, channels, bytes(out)


def assert_not_blank(png: bytes, what: str) -> None:
    """The picture has real content: luminance varies and many colours appear."""
    w, h, ch, px = png_pixels(png)
    step = max(1, (w * h) // 40000)
    lum = []
    colours = set()
    for k in range(0, w * h, step):
        r, g, b = px[k * ch:k * ch + 3]
        lum.append(0.299 * r + 0.587 * g + 0.114 * b)
        colours.add((r >> 3, g >> 3, b >> 3))
    mean = sum(lum) / len(lum)
    var = sum((v - mean) ** 2 for v in lum) / len(lum)
    non_white = sum(1 for v in lum if v < 235) / len(lum)
    assert var > 30 and len(colours) > 12 and non_white > 0.002, (what, var, len(colours), non_white)


def canvas_stats(opened: Opened) -> dict:
    """Luminance variance, colours and ink of the drawn network canvas, read in the page."""
    return opened.page.evaluate("""() => {
        const c = document.querySelector('#pg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const step = Math.max(1, Math.floor(d.length / 4 / 40000));
        let n = 0, sum = 0, sq = 0, ink = 0; const colours = new Set();
        for (let k = 0; k < d.length / 4; k += step) {
            const i = k * 4, a = d[i + 3] / 255;
            // the canvas is transparent where nothing is drawn: composite on white
            const r = d[i] * a + 255 * (1 - a), g = d[i + 1] * a + 255 * (1 - a), b = d[i + 2] * a + 255 * (1 - a);
            const l = 0.299 * r + 0.587 * g + 0.114 * b;
            n++; sum += l; sq += l * l; if (l < 235) ink++;
            colours.add((r >> 3) + ',' + (g >> 3) + ',' + (b >> 3));
        }
        const mean = sum / n;
        return {variance: sq / n - mean * mean, colours: colours.size, ink: ink / n};
    }""")


def check_view(opened: Opened, shots: Path, name: str, decode_png: bool = False) -> dict:
    """The checks every view must pass; returns the counts.

    The canvas is checked in the page; ``decode_png`` also decodes the screenshot
    itself (slow in pure Python, so kept for the overview pages)."""
    counts = drawn(opened)
    assert opened.errors == [], (name, opened.errors)
    assert opened.foreign == [], (name, opened.foreign)
    assert counts["dataset"] == counts["json"] == counts["drawn"], (name, counts)
    assert counts["readyMs"] < READY_BUDGET_MS, (name, counts)
    # Each node is drawn with its class's shape and colour, as the legend says.
    wrong = opened.page.evaluate("""() => {
        const groups = JSON.parse(document.getElementById('pg-data').textContent).options.groups;
        return Object.values(window.plangraph.network.body.nodes)
            .filter(n => n.options.shape !== groups[n.options.cls].shape
                      || n.options.color.background !== groups[n.options.cls].color.background)
            .map(n => n.id);
    }""")
    assert wrong == [], (name, wrong[:5])
    stats = canvas_stats(opened)
    assert stats["variance"] > 30 and stats["colours"] > 12 and stats["ink"] > 0.002, (name, stats)
    if decode_png or os.environ.get("PLANGRAPH_SCREENSHOTS"):
        png = opened.page.screenshot(path=str(shots / f"{name}.png"))
        if decode_png:
            assert_not_blank(png, name)
    return counts


# ---------------------------------------------------------------------------
# Tests: the small fixture
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [p for p in MINI_PAGES if p != "index.html"])
def test_view_opens_clean_and_draws_every_node(browser, mini_views, shots, name):
    g, vdir = mini_views
    opened = open_page(browser, vdir / name)
    try:
        counts = check_view(opened, shots, "mini-" + name.removesuffix(".html"),
                            decode_png=name == "overview.html")
        assert counts["drawn"] > 0
    finally:
        close(opened)


def test_overview_draws_what_sparql_counts(browser, mini_views):
    g, vdir = mini_views
    expected = len(g.query("""PREFIX pg: <https://w3id.org/plangraph/ontology#>
        SELECT DISTINCT ?n WHERE { VALUES ?c { pg:Plan pg:Theme pg:Measure pg:Target pg:Place pg:Project
        pg:Organization pg:Programme } ?n a ?c }"""))
    opened = open_page(browser, vdir / "overview.html")
    try:
        assert drawn(opened)["drawn"] == expected == 21
    finally:
        close(opened)


def test_index_page_opens_clean(browser, mini_views, shots):
    g, vdir = mini_views
    opened = open_page(browser, vdir / "index.html", wait_ready=False)
    try:
        opened.page.wait_for_load_state("load")
        assert opened.errors == [] and opened.foreign == []
        text = opened.page.inner_text("body")
        assert "郑州市2023年政府工作报告" in text and "航空港区" in text
        png = opened.page.screenshot(path=str(shots / "mini-index.png"), full_page=True)
        assert_not_blank(png, "index")
        # Every link on the index leads to a page that exists.
        hrefs = opened.page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
        for href in hrefs:
            assert (vdir / href.split("#")[0]).is_file(), href
    finally:
        close(opened)


def test_hover_shows_tooltip_and_click_shows_details(browser, mini_views):
    g, vdir = mini_views
    opened = open_page(browser, vdir / "overview.html")
    target = "https://w3id.org/plangraph/id/mini-2023/target/xiang-mu-bbbbbb"
    try:
        focus_on(opened, target)
        tip = hover_tooltip(opened, target)
        for expected in ("目标 · target", "数值≥120个", "比较关系不低于（以上）", "单位个", "年份2023",
                         "争取性（力争/争取）是", "力争签约“三个一批”项目 120 个以上"):
            assert expected in tip, (expected, tip)
        details = click_details(opened, target)
        assert "签约“三个一批”项目120个以上" in details and "所属举措" in details
        assert opened.page.evaluate("window.plangraph.network.getSelectedNodes()") == [target]
        assert opened.errors == []
    finally:
        close(opened)


def test_search_and_class_filter(browser, mini_views):
    g, vdir = mini_views
    opened = open_page(browser, vdir / "overview.html")
    page = opened.page
    try:
        page.fill("#pg-search", "航空港")
        assert page.inner_text("#pg-search-count") == "3 个匹配"  # 航空港区, 航空港建设, 提升航空港能级
        page.fill("#pg-search", "hang kong gang qu")  # pinyin, for readers without Chinese input
        assert page.inner_text("#pg-search-count") == "1 个匹配"
        page.press("#pg-search", "Enter")
        assert "航空港区" in page.inner_text("#pg-details-body")
        page.uncheck("#pg-legend input[data-cls='target']")
        hidden = page.evaluate("window.plangraph.nodes.get({filter: n => n.hidden}).map(n => n.cls)")
        assert hidden == ["target"] * 4
        page.check("#pg-legend input[data-cls='target']")
        assert page.evaluate("window.plangraph.nodes.get({filter: n => n.hidden}).length") == 0
        # Physics is optional and settles on the precomputed layout.
        page.check("#pg-physics")
        page.wait_for_function("window.plangraph.stabilizedMs !== null", timeout=15000)
        assert opened.errors == []
    finally:
        close(opened)


def test_address_hash_selects_a_node(browser, mini_views):
    g, vdir = mini_views
    node = "https://w3id.org/plangraph/id/project/zhong-yuan-ke-ji-cheng-dddd"
    from urllib.parse import quote

    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((vdir / "actors.html").resolve().as_uri() + "#n=" + quote(node, safe=""))
        page.wait_for_function("window.plangraph && window.plangraph.ready === true")
        assert page.evaluate("window.plangraph.network.getSelectedNodes()") == [node]
        assert "中原科技城" in page.inner_text("#pg-details-body")
    finally:
        context.close()


def test_chinese_glyphs_are_real_not_boxes(browser, mini_views, shots):
    """With a CJK font each character draws differently; missing-glyph boxes all look alike."""
    g, vdir = mini_views
    opened = open_page(browser, vdir / "overview.html")
    try:
        images = opened.page.evaluate("""(face) => {
            const c = document.createElement('canvas'); c.width = 48; c.height = 48;
            const ctx = c.getContext('2d');
            return ['郑', '州', '区', '港'].map(ch => {
                ctx.clearRect(0, 0, 48, 48); ctx.font = '40px ' + face; ctx.fillText(ch, 2, 40);
                const d = ctx.getImageData(0, 0, 48, 48).data;
                let ink = 0, h = 0;
                for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) ink++; h = (h * 31 + d[i]) >>> 0; }
                return [ink, h];
            });
        }""", views.FONT_FACE)
        assert all(ink > 50 for ink, _ in images), images
        assert len({h for _, h in images}) == 4, f"CJK characters draw as identical boxes: {images}"
    finally:
        close(opened)


# ---------------------------------------------------------------------------
# Tests: hostile text
# ---------------------------------------------------------------------------


def test_hostile_text_shows_as_text_and_runs_nothing(browser, xss_views, shots):
    g, vdir = xss_views
    names = sorted(p.name for p in vdir.glob("*.html"))
    assert len(names) == 7
    for name in names:
        opened = open_page(browser, vdir / name, wait_ready=name != "index.html")
        page = opened.page
        try:
            page.wait_for_load_state("load")
            if name == "index.html":
                text = page.inner_text("body")
                assert "<script>alert(1)</script>工作报告" in text
                assert "<a href=\"javascript:alert(8)\">机构</a>" in text
            else:
                check_view(opened, shots, "xss-" + name.removesuffix(".html"),
                           decode_png=name == "overview.html")
                ids = page.evaluate("window.plangraph.nodes.getIds()")
                for node_id in ids:
                    focus_on(opened, node_id)
                    tip = hover_tooltip(opened, node_id)
                    label = page.evaluate("(id) => window.plangraph.nodes.get(id).tip.rows[0][1]", node_id)
                    assert label in tip
                    click_details(opened, node_id)
                    page.mouse.move(2, 2)
                page.fill("#pg-search", "<script>")
                page.press("#pg-search", "Enter")
            # Nothing from the data became an element or ran.
            injected = page.evaluate("""() => document.querySelectorAll(
                'img, iframe, b, i, u, svg[onload], [onmouseover], [onerror], a[href^="javascript"], style').length""")
            assert injected == 0, (name, injected)
            assert opened.dialogs == [], (name, opened.dialogs)
            assert opened.errors == [], (name, opened.errors)
            assert opened.foreign == [], (name, opened.foreign)
        finally:
            close(opened)


def test_hostile_tooltip_is_literal_text(browser, xss_views):
    g, vdir = xss_views
    opened = open_page(browser, vdir / "overview.html")
    theme = "https://w3id.org/plangraph/id/xss-2023/theme/evil-0001"
    try:
        focus_on(opened, theme)
        tip = hover_tooltip(opened, theme)
        assert "<script>alert(11)</script>" in tip
        assert "<img src=x onerror=alert(3)>" in tip
        assert opened.dialogs == []
    finally:
        close(opened)


# ---------------------------------------------------------------------------
# Tests: the bundled example, built by the pipeline
# ---------------------------------------------------------------------------


def test_example_overview_ready_fast_and_complete(browser, example_views, shots):
    g, vdir, pages = example_views
    expected = len(g.query("""PREFIX pg: <https://w3id.org/plangraph/ontology#>
        SELECT DISTINCT ?n WHERE { VALUES ?c { pg:Plan pg:Theme pg:Measure pg:Target pg:Place pg:Project
        pg:Organization pg:Programme } ?n a ?c }"""))
    assert expected > 100
    opened = open_page(browser, vdir / "overview.html")
    try:
        counts = check_view(opened, shots, "example-overview", decode_png=True)
        assert counts["drawn"] == expected
        target = opened.page.evaluate("window.plangraph.nodes.getIds({filter: n => n.cls === 'target'})[0]")
        focus_on(opened, target)
        tip = hover_tooltip(opened, target)
        assert "目标 · target" in tip and "数值" in tip and "原文" in tip
    finally:
        close(opened)


def test_example_every_view_opens_clean(browser, example_views, shots):
    g, vdir, pages = example_views
    assert len(pages) > 8
    assert pages[0].name == "index.html"
    opened = open_page(browser, pages[0], wait_ready=False)  # one tab for all: the cache keeps vis-network
    try:
        assert opened.errors == [] and opened.foreign == []
        for path in pages[1:]:
            navigate(opened, path)
            check_view(opened, shots, "example-" + path.stem)
    finally:
        close(opened)

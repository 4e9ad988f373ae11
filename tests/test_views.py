"""The HTML views (graph/views.py), checked as files: offline, escaped, complete, deterministic.

Consumes: tests/fixtures/views-mini.ttl (a small plan), tests/fixtures/views-xss.ttl
(hostile text in every field). The browser checks are in test_views_browser.py.
Counts are compared with independent SPARQL queries on the same RDF, so a view
shows what SPARQL sees.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph

from graph import views
from graph.cli import main as cli_main

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "views-mini.ttl"
XSS = FIXTURES / "views-xss.ttl"

PREFIXES = """
PREFIX pg: <https://w3id.org/plangraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
DRAWN = "pg:Plan pg:Theme pg:Measure pg:Target pg:Result pg:Action pg:Place pg:Project " \
        "pg:Organization pg:Programme pg:Person pg:Statement"
RELATIONS = "pg:hasTheme pg:themeOf pg:parentTheme pg:inTheme pg:inMeasure pg:madeBy pg:locatedIn " \
            "pg:involves pg:implements pg:about pg:touches pg:touchesTheme pg:mentionedIn " \
            "pg:jurisdiction pg:statementOf"


class Page(HTMLParser):
    """Tags, attributes and the JSON data block of one page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[dict[str, str | None]] = []
        self._in_data = False
        self.data_text = ""
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self.scripts.append(a)
            self._in_data = a.get("id") == "pg-data"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_text += data
        else:
            self.text_parts.append(data)

    @property
    def data(self) -> dict:
        return json.loads(self.data_text)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def _render(ttl: Path, out: Path) -> tuple[Graph, list[Path]]:
    g = Graph().parse(ttl)
    return g, views.render_views(g, out)


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    out = tmp_path_factory.mktemp("views-mini")
    g, pages = _render(MINI, out)
    return g, out / "views", {p.name: p for p in pages}


@pytest.fixture(scope="module")
def xss(tmp_path_factory):
    out = tmp_path_factory.mktemp("views-xss")
    g, pages = _render(XSS, out)
    return g, out / "views", {p.name: p for p in pages}


def _count(g: Graph, where: str) -> set[str]:
    rows = g.query(PREFIXES + "SELECT DISTINCT ?n WHERE { " + where + " }")
    return {str(r[0]) for r in rows}


def _data_ids(path: Path) -> set[str]:
    return {n["id"] for n in Page(path.read_text("utf-8")).data["nodes"]}


# ---------------------------------------------------------------------------


def test_all_views_written(mini):
    g, vdir, pages = mini
    expected = {"index.html", "overview.html", "places.html", "actors.html", "people.html",
                "theme-wen-zhong-qiu-jin.html", "theme-ke-ji-chuang-xin.html",
                "theme-dui-wai-kai-fang.html", "theme-hang-kong-gang-jian-she.html",
                "place-zheng-zhou.html", "place-hang-kong-gang-qu.html", "place-zheng-dong-xin-qu.html"}
    assert set(pages) == expected
    assert list(pages)[0] == "index.html"
    for name in ("vis-network.min.js", "vis-network.min.css", "view.js", "view.css"):
        assert (vdir / "lib" / name).stat().st_size > 1000


def test_offline_no_remote_scripts_or_styles(mini, xss):
    """Every script, stylesheet and link target is a relative file that exists."""
    for _, vdir, pages in (mini, xss):
        for path in pages.values():
            text = path.read_text("utf-8")
            page = Page(text)
            for tag, attrs in page.tags:
                for attr in ("src", "href"):
                    url = attrs.get(attr)
                    if url is None:
                        continue
                    assert not re.match(r"^\s*(https?:)?//", url, re.I), (path.name, tag, url)
                    if tag in ("script", "link", "img", "iframe"):
                        assert (vdir / url).is_file(), (path.name, url)
            assert "cdn" not in " ".join(str(a.get("src", "")) + str(a.get("href", "")) for _, a in page.tags)
            assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?\s*(https?:)?//", text, re.I)
            assert not re.search(r"@import|url\(\s*['\"]?https?:", text, re.I)
    # The copied assets do not pull anything in either.
    lib = mini[1] / "lib"
    for css in ("vis-network.min.css", "view.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", (lib / css).read_text("utf-8"), re.I)
    assert "http" not in (lib / "view.js").read_text("utf-8")
    assert "http" not in (lib / "table.js").read_text("utf-8")
    assert not re.search(r"@import|url\(", (lib / "pages.css").read_text("utf-8"))
    # the chart names the SVG namespace, and no other URL
    assert set(re.findall(r"https?://[^\s\"']+", (lib / "chart.js").read_text("utf-8"))) == {"http://www.w3.org/2000/svg"}


def test_hostile_text_is_escaped_everywhere(xss):
    g, vdir, pages = xss
    allowed_tags = {"html", "head", "meta", "title", "link", "body", "header", "nav", "a", "h1",
                    "h2", "h3", "span", "label", "input", "datalist", "button", "main", "div",
                    "aside", "p", "section", "ul", "li", "small", "svg", "polygon", "rect",
                    "ellipse", "circle", "script", "table", "thead", "tbody", "tr", "th", "td",
                    "strong", "code", "select", "option"}
    for path in pages.values():
        text = path.read_text("utf-8")
        page = Page(text)
        for tag, attrs in page.tags:
            assert tag in allowed_tags, (path.name, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path.name, tag, name)
                assert "javascript:" not in str(value), (path.name, tag, name, value)
        # Only our three scripts (data, vis-network, view.js) on a view; the table's on the index.
        srcs = sorted(str(s.get("src") or s.get("id")) for s in page.scripts)
        if path.name == "index.html":
            assert srcs == ["lib/table.js"]
        else:
            assert srcs == ["lib/view.js", "lib/vis-network.min.js", "pg-data"]
        for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "<b onmouseover",
                    "<a href=\"javascript", "<style>body"):
            assert raw not in text, (path.name, raw)
        assert "{{7*7}}" not in text or "49项目" not in text
    # The text itself is kept: the data holds it verbatim, the index shows it escaped.
    overview = Page(pages["overview.html"].read_text("utf-8"))
    labels = {n["tip"]["rows"][0][1] for n in overview.data["nodes"]}
    assert "<script>alert(1)</script>工作报告" in labels
    assert "航空港区\"onmouseover=alert(7) x=\"" in labels
    quotes = {n["tip"]["quote"] for n in overview.data["nodes"]}
    assert "</script><img src=x onerror=alert(13)>" in quotes
    index = pages["index.html"].read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;工作报告" in index
    assert "{{7*7}}项目&amp;lt;不是标签&amp;gt;" in index or "{{7*7}}" in Page(index).text


def test_overview_nodes_equal_sparql(mini):
    g, vdir, pages = mini
    expected = _count(g, "VALUES ?c { pg:Plan pg:Theme pg:Measure pg:Target pg:Place pg:Project "
                         "pg:Organization pg:Programme } ?n a ?c . FILTER(isIRI(?n))")
    assert _data_ids(pages["overview.html"]) == expected
    assert len(expected) == 21


def test_actor_and_people_nodes_equal_sparql(mini):
    g, vdir, pages = mini
    actors = _count(g, "{ VALUES ?c { pg:Project pg:Programme pg:Organization } ?n a ?c } UNION "
                       "{ VALUES ?c { pg:Project pg:Programme pg:Organization } ?x a ?c ; pg:locatedIn ?n . "
                       "?n a pg:Place }")
    assert _data_ids(pages["actors.html"]) == actors
    people = _count(g, "{ ?n a pg:Person } UNION { ?n a pg:Statement } UNION "
                       "{ ?s a pg:Statement ; pg:touches|pg:touchesTheme ?n . VALUES ?c { " + DRAWN + " } ?n a ?c }")
    assert _data_ids(pages["people.html"]) == people


def test_theme_nodes_equal_sparql(mini):
    g, vdir, pages = mini
    theme = "<https://w3id.org/plangraph/id/mini-2023/theme/kai-fang-0003>"
    expected = _count(g, f"""
        {{ ?n pg:parentTheme* {theme} }} UNION
        {{ ?n pg:inTheme/pg:parentTheme* {theme} }} UNION
        {{ ?n pg:inMeasure/pg:inTheme/pg:parentTheme* {theme} }} UNION
        {{ ?n pg:mentionedIn/pg:inTheme?/pg:parentTheme* {theme} .
           VALUES ?c {{ pg:Place pg:Project pg:Organization pg:Programme pg:Person }} ?n a ?c }} UNION
        {{ ?n pg:touchesTheme/pg:parentTheme* {theme} }}""")
    assert _data_ids(pages["theme-dui-wai-kai-fang.html"]) == expected
    assert len(expected) == 8  # 2 themes, 1 measure, 1 target, 3 entities, 1 statement


def test_place_view_radius_one_equals_sparql_neighbours(mini, tmp_path, capsys):
    g, _, _ = mini
    out = tmp_path / "out"
    out.mkdir()
    g.serialize(out / "mini-2023.ttl", format="turtle")
    assert cli_main(["view", "--place", "航空港区", "--radius", "1", "--out", str(out)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed == out / "views" / "place-hang-kong-gang-qu.html"
    place = "<https://w3id.org/plangraph/id/place/hang-kong-gang-qu-bbbb>"
    expected = _count(g, f"""
        VALUES ?p {{ {RELATIONS} }} VALUES ?c {{ {DRAWN} }}
        {{ BIND({place} AS ?n) }} UNION {{ {place} ?p ?n }} UNION {{ ?n ?p {place} }}
        ?n a ?c . FILTER(?c NOT IN (pg:Plan, pg:Theme))""")
    assert _data_ids(printed) == expected
    assert (out / "views" / "lib" / "vis-network.min.js").is_file()


def test_place_view_unknown_place_lists_close_matches(mini, tmp_path, capsys):
    g, _, _ = mini
    out = tmp_path / "out"
    out.mkdir()
    g.serialize(out / "graph.ttl", format="turtle")
    (out / "shacl-report.ttl").write_text("this is not the graph", "utf-8")  # must be ignored
    assert cli_main(["view", "--place", "航空港", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "航空港" in err and "航空港区" in err
    assert not (out / "views").exists()
    # Pinyin works too.
    assert cli_main(["view", "--place", "hang kong gang qu", "--out", str(out)]) == 0


def test_place_view_without_a_build(tmp_path, capsys):
    assert cli_main(["view", "--place", "航空港区", "--out", str(tmp_path)]) == 2
    assert "plangraph build" in capsys.readouterr().err


def test_legend_lists_every_class_drawn(mini):
    g, vdir, pages = mini
    for name, path in pages.items():
        if name == "index.html":
            continue
        page = Page(path.read_text("utf-8"))
        drawn = {n["cls"] for n in page.data["nodes"]}
        legend = {a["data-cls"] for t, a in page.tags if t == "input" and "data-cls" in a}
        assert legend == drawn, name
        assert 'id="pg-legend"' in path.read_text("utf-8")


def test_nodes_carry_style_label_and_tooltip(mini):
    g, vdir, pages = mini
    page = Page(pages["overview.html"].read_text("utf-8"))
    by_label = {n["tip"]["rows"][0][1]: n for n in page.data["nodes"]}
    target = by_label["签约“三个一批”项目120个以上"]
    groups = page.data["options"]["groups"]
    for node in page.data["nodes"]:  # a node's own shape would override its group's
        assert node.get("shape", groups[node["group"]]["shape"]) == groups[node["group"]]["shape"]
    assert target["group"] == target["cls"] == "target" and groups["target"]["shape"] == "diamond"
    rows = dict(map(tuple, target["tip"]["rows"]))
    assert rows["数值"] == "≥120个"
    assert rows["比较关系"] == "不低于（以上）"
    assert rows["单位"] == "个" and rows["年份"] == "2023"
    assert rows["争取性（力争/争取）"] == "是"
    assert target["tip"]["head"] == "目标 · target"
    assert target["tip"]["quote"] == "力争签约“三个一批”项目 120 个以上"
    ranged = dict(map(tuple, by_label["货邮吞吐量1~2百万吨"]["tip"]["rows"]))
    assert ranged["数值"] == "1~2百万吨" and ranged["比较关系"] == "区间" and ranged["年份"] == "2025"
    place = by_label["航空港区"]
    assert groups[place["group"]]["shape"] == "dot" and place["label"] == "航空港区"
    assert groups["place"]["color"]["background"] == views.CLASS_BY_KEY["place"].color
    assert place["page"] == "place-hang-kong-gang-qu.html"
    assert "hang kong gang qu" in place["search"]
    # Every edge is labelled with its relation.
    assert all(e["label"] for e in page.data["edges"])
    rels = {e["label"] for e in page.data["edges"]}
    assert {"包含主题", "所属主题", "所属举措", "提及于"} <= rels


def test_layout_is_precomputed_and_spread(mini):
    g, vdir, pages = mini
    for name, path in pages.items():
        if name == "index.html":
            continue
        data = Page(path.read_text("utf-8")).data
        assert data["options"]["physics"]["enabled"] is False, name
        points = [(n["x"], n["y"]) for n in data["nodes"]]
        assert len(set(points)) == len(points), name  # no two nodes on top of each other
    data = Page(pages["overview.html"].read_text("utf-8")).data
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    plan = next(n["id"] for n in data["nodes"] if n["cls"] == "plan")

    def dist(n: str) -> float:
        return ((pos[n][0] - pos[plan][0]) ** 2 + (pos[n][1] - pos[plan][1]) ** 2) ** 0.5

    # Radial tree: each child further out than its parent (theme < measure < target).
    pairs = [(str(c), str(p)) for c, p in g.query(PREFIXES + """
        SELECT ?c ?p WHERE { { ?c pg:inMeasure ?p } UNION { ?c pg:inTheme ?p } UNION { ?c pg:parentTheme ?p }
                             UNION { ?c pg:themeOf ?p } }""")]
    assert len(pairs) == 13
    for child, parent in pairs:
        if child in pos and parent in pos:
            assert dist(child) > dist(parent) + 50, (child, parent)


def test_index_counts_and_most_connected(mini):
    g, vdir, pages = mini
    text = pages["index.html"].read_text("utf-8")
    page = Page(text)
    hrefs = {a["href"] for t, a in page.tags if t == "a"}
    for name in pages:
        assert name in hrefs
    assert re.search(r"<td>地点</td><td>place</td><td class=\"num\">3</td>", text)
    assert re.search(r"<td>主题</td><td>theme</td><td class=\"num\">4</td>", text)
    top = views.most_connected(views.build_model(g), top=3)
    assert top[0][0].endswith("hang-kong-gang-qu-bbbb")  # 航空港区 has the most relations
    assert "place-hang-kong-gang-qu.html" in text.split('id="pg-top"')[1]


def test_deterministic(tmp_path):
    _, first = _render(MINI, tmp_path / "a")
    _, second = _render(MINI, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_view_terms_exist_in_ontology():
    """Every class and relation the views draw is declared in the ontology."""
    onto = Graph().parse(Path(__file__).parent.parent / "ontology" / "plangraph.ttl")
    from rdflib.namespace import OWL, RDF

    for cls in views.CLASSES:
        assert (cls.iri, RDF.type, OWL.Class) in onto, cls.iri
    for rel in views.RELATIONS:
        assert (rel.prop, RDF.type, OWL.ObjectProperty) in onto, rel.prop


def test_outline_layout_keeps_rows_apart():
    """Leaves never share a spot, and each parent sits between its first and last child."""
    import networkx as nx

    from graph.views import CLASSES, outline_layout

    model = nx.MultiDiGraph()
    children = {"r": [f"t{i}" for i in range(6)]}
    children.update({f"t{i}": [f"m{i}-{j}" for j in range(8)] for i in range(6)})
    for node in ["r", *children["r"], *(k for i in range(6) for k in children[f"t{i}"])]:
        cls = "plan" if node == "r" else ("theme" if node.startswith("t") else "target")
        model.add_node(node, cls=cls, short=node * 2, sort=(0, 0, node, node))
    assert CLASSES
    for columns in (1, 2, 3):
        pos = outline_layout(model, children, "r", columns)
        assert pos["r"] == (0.0, 0.0)
        assert len(set(pos.values())) == len(pos)
        for parent, kids in children.items():
            if parent == "r":
                continue
            ys = [pos[k][1] for k in kids]
            assert min(ys) <= pos[parent][1] <= max(ys)
            assert all(abs(pos[k][0]) > abs(pos[parent][0]) for k in kids)


def test_script_never_writes_html():
    """view.js puts text in with textContent only (source text is data, not markup)."""
    js = (Path(views.__file__).parent / "data" / "view.js").read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink


# ---------------------------------------------------------------------------
# The bundled example, built in-process by the pipeline
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    from graph.pipeline import build_graph

    g = build_graph()
    out = tmp_path_factory.mktemp("views-example")
    return g, out / "views", {p.name: p for p in views.render_views(g, out)}


def test_example_views_show_what_sparql_sees(example):
    g, vdir, pages = example
    overview = _count(g, "VALUES ?c { pg:Plan pg:Theme pg:Measure pg:Target pg:Place pg:Project "
                         "pg:Organization pg:Programme } ?n a ?c")
    assert len(overview) > 150
    assert _data_ids(pages["overview.html"]) == overview
    themes = _count(g, "?n a pg:Theme")
    places = _count(g, "?n a pg:Place")
    assert len([p for p in pages if p.startswith("theme-")]) == len(themes)
    assert len([p for p in pages if p.startswith("place-")]) == len(places)
    people = _count(g, "{ ?n a pg:Person } UNION { ?n a pg:Statement } UNION "
                       "{ ?s a pg:Statement ; pg:touches|pg:touchesTheme ?n . VALUES ?c { " + DRAWN + " } ?n a ?c }")
    assert _data_ids(pages["people.html"]) == people
    # Every target's tooltip carries its figure.
    data = Page(pages["overview.html"].read_text("utf-8")).data
    for node in data["nodes"]:
        if node["cls"] == "target":
            fields = {r[0] for r in node["tip"]["rows"]}
            assert {"指标", "数值", "比较关系", "单位", "年份", "争取性（力争/争取）"} <= fields, node["id"]
            assert node["tip"]["quote"], node["id"]


def test_example_overview_is_an_outline_not_a_hairball(example):
    """Themes sit in two columns either side of the plan, each a band of its own rows."""
    g, vdir, pages = example
    data = Page(pages["overview.html"].read_text("utf-8")).data
    plan = next(n for n in data["nodes"] if n["cls"] == "plan")
    themes = [n for n in data["nodes"] if n["cls"] == "theme"]
    left = [t for t in themes if t["x"] < plan["x"]]
    right = [t for t in themes if t["x"] > plan["x"]]
    assert left and right and len(left) + len(right) == len(themes)
    assert len({round(t["x"]) for t in left}) == 1 and len({round(t["y"]) for t in left}) == len(left)
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["layout"]["improvedLayout"] is False


# ---------------------------------------------------------------------------
# The shortcuts render_views takes give what the plain computations give
# ---------------------------------------------------------------------------


def test_page_data_is_the_json_of_the_records(example):
    """The page's data block, assembled from per-node pieces, is json.dumps of the records."""
    g, _, _ = example
    model = views.build_model(g)
    pages = views._home_pages(model, views._page_names(model, "theme", "theme"),
                              views._page_names(model, "place", "place"))
    all_views = views.all_views(model)
    assert any(v.focus for v in all_views) and len(all_views) > 20
    for _ in range(2):  # the second time from the cache
        for view in all_views:
            data = views.network_data(model, view, pages)
            assert views._data_json(model, data) == views._json_for_script(data), view.filename


def test_best_outline_layout_is_the_best_of_six():
    """Skipping sub-column counts that no parent fills gives the layout the six candidates give."""
    import networkx as nx

    for leaf_counts in ((1, 2), (2, 7), (4, 4, 9), (13, 1, 20, 3)):
        model = nx.MultiDiGraph()
        children = {"r": [f"t{i}" for i in range(len(leaf_counts))]}
        children.update({f"t{i}": [f"m{i}-{j}" for j in range(n)] for i, n in enumerate(leaf_counts)})
        for kids in [["r"], *children.values()]:
            for node in kids:
                cls = "plan" if node == "r" else ("theme" if node.startswith("t") else "target")
                model.add_node(node, cls=cls, short=node * (3 + len(node) % 4), sort=(0, 0, node, node))
        six = [views.outline_layout(model, children, "r", k) for k in range(1, 7)]
        assert views.best_outline_layout(model, children, "r") == max(six, key=views._fit_scale)


def test_induced_graph_is_the_undirected_subgraph(example):
    import networkx as nx

    g, _, _ = example
    model = views.build_model(g)
    nodes = views.nodes_of(model, "measure", "target", "place")[::2]
    part, plain = views._induced(model, nodes), nx.Graph(model.subgraph(nodes))
    assert set(part.nodes) == set(plain.nodes) == set(nodes)
    assert {frozenset(e) for e in part.edges} == {frozenset(e) for e in plain.edges}
    assert part.number_of_edges() > 10


def test_unknown_classes_are_left_out(tmp_path):
    """Nodes of classes the views do not draw (observations, say) change no page."""
    extra = """
@prefix pg: <https://w3id.org/plangraph/ontology#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix d: <https://w3id.org/plangraph/id/mini-2023/> .
d:obs\\/1 a qb:Observation , pg:FigureCount ; rdfs:label "观测"@zh ;
    pg:inMeasure d:measure\\/tou-zi-000001 ; pg:mentionedIn d:theme\\/kai-fang-0003 ; pg:value 3 .
d:measure\\/tou-zi-000001 pg:about d:obs\\/1 .
"""
    plain = Graph().parse(MINI)
    more = Graph().parse(MINI)
    more.parse(data=extra, format="turtle")
    assert len(more) == len(plain) + 7
    first = views.render_views(plain, tmp_path / "a")
    second = views.render_views(more, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        if a.name != "index.html":  # the index counts the graph's triples
            assert a.read_bytes() == b.read_bytes(), a.name


def test_rebuild_leaves_unchanged_pages_and_rewrites_changed_ones(tmp_path):
    g = Graph().parse(MINI)
    pages = views.render_views(g, tmp_path)
    overview = tmp_path / "views" / "overview.html"
    stamps = {p: p.stat().st_mtime_ns for p in pages}
    want = overview.read_bytes()
    overview.write_bytes(want.replace(b"</html>", b"<!-- edited --></html>"))
    edited = overview.stat().st_mtime_ns
    stamps[overview] = edited
    time.sleep(0.05)
    again = views.render_views(g, tmp_path)
    assert again == pages
    assert overview.read_bytes() == want and overview.stat().st_mtime_ns != edited
    assert [p for p in pages if p != overview and p.stat().st_mtime_ns != stamps[p]] == []
    assert not [p for p in (tmp_path / "views").iterdir() if p.name.endswith(".tmp")]

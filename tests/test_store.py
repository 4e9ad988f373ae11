"""Embedded stores (graph.store), parameter binding, the build steps and `plangraph query`.

Hostile parameter values are bound on both engines against a graph that holds
them as labels: each must come back as the one string it is, and the store
must be unchanged.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from graph.cli import main
from graph.outputs import OutputFolder
from graph.query import (
    ChecksFailed,
    Param,
    checks_step,
    discover,
    find_graph_file,
    find_query,
    open_store,
    param_term,
    run_library_query,
)
from graph.store import (
    BLANK,
    QueryError,
    RdflibStore,
    bind_values,
    has_order_by,
    load_oxigraph,
    open_oxigraph,
    run_query,
    term_sparql,
    where_brace,
)
from tests.example_graph import EXAMPLE, FIXTURES, example_graph, fixture_graph

HOSTILE = [
    '"} ; DROP ALL',
    "x\" . } INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "'; DELETE WHERE { ?s ?p ?o } #",
    "back\\slash \\\" and \\u0022",
    "line\nbreak\ttab",
    "{{}} ?s <urn:x> \"\"\"",
    "航空港区\"}",
]
EX = "http://example.org/"
LABELS_TTL_QUERY = """# question (zh): 哪个节点有这个标签？
# question (en): Which node has this label?
# why: binding test
# param ?label (string): the label; example: x
# row: one node
# expect: one node
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?node ?label WHERE { ?node rdfs:label ?l . FILTER(STR(?l) = ?label) }
"""


def hostile_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for i, text in enumerate(HOSTILE):
        g.add((URIRef(f"{EX}n{i}"), rdflib.RDFS.label, Literal(text)))
        g.add((URIRef(f"{EX}n{i}"), rdflib.RDFS.label, Literal(text, lang="zh")))
    return g


@pytest.fixture(params=["oxigraph", "rdflib"])
def hostile_store(request):
    g = hostile_graph()
    return load_oxigraph(g) if request.param == "oxigraph" else RdflibStore(g)


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_hostile_parameter_is_just_a_string(hostile_store, i):
    before = len(hostile_store)
    res = run_query(hostile_store, LABELS_TTL_QUERY, {"label": Literal(HOSTILE[i])})
    assert res.rows == [(f"{EX}n{i}", HOSTILE[i])]
    assert len(hostile_store) == before


def test_hostile_parameter_on_the_example_library(tmp_path):
    g = example_graph()
    ox = load_oxigraph(g)
    before = len(ox)
    for info in discover():
        for p in info.params:
            if p.type in ("string", "zh"):
                for value in HOSTILE:
                    assert run_library_query(ox, info, {p.name: value}).rows == []
    assert len(ox) == before


def test_term_sparql_refuses_what_is_not_a_term():
    with pytest.raises(QueryError, match="not a valid IRI"):
        term_sparql(URIRef("urn:x> } ; DROP ALL ; <urn:y"))
    assert term_sparql(Literal("a\nb")) == '"a\\nb"'
    with pytest.raises(QueryError, match="not a variable name"):
        bind_values("SELECT * WHERE { }", {"x } DROP ALL {": Literal("a")})


def test_param_types():
    iri = Param("node", "iri", "", "")
    full = "https://w3id.org/plangraph/id/zhengzhou-2023/plan"
    assert param_term(iri, "zhengzhou-2023/plan") == URIRef(full)
    assert param_term(iri, f"<{full}>") == URIRef(full)
    with pytest.raises(QueryError, match="not a valid IRI"):
        param_term(iri, "a b> } DROP ALL {")
    assert param_term(Param("l", "zh", "", ""), " 荥阳 ") == Literal("荥阳", lang="zh")
    with pytest.raises(QueryError, match="not an integer"):
        param_term(Param("n", "integer", "", ""), "1; DROP")
    assert param_term(Param("n", "decimal", "", ""), "5.5") == Literal("5.5", datatype=rdflib.XSD.decimal)


def test_values_go_into_the_where_group_whatever_precedes_it():
    q = ('# WHERE { in a comment\nPREFIX x: <urn:{}>\n'
         'CONSTRUCT { ?s <urn:p> "WHERE {" } WHERE { ?s ?p ?o }')
    at = where_brace(q)
    assert q[at - 6:at + 1] == "WHERE {" and q.index("WHERE { ?s") == at - 6
    bound = bind_values(q, {"o": Literal("x")})
    assert bound.endswith('WHERE { VALUES (?o) { ("x") }\n ?s ?p ?o }')
    with pytest.raises(QueryError, match="no `WHERE {`"):
        bind_values("SELECT * { ?s ?p ?o }", {"o": Literal("x")})
    assert has_order_by("SELECT * WHERE {} ORDER BY ?x") and not has_order_by('SELECT * WHERE { ?s ?p "ORDER BY" }')


def test_plain_values_and_determinism():
    g = rdflib.Graph()
    g.parse(data="""@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:a ex:v "5000.0"^^xsd:decimal , "8.8"^^xsd:decimal , "7.2e8"^^xsd:double , true ,
                  "2023"^^xsd:gYear , "郑州"@zh , "12"^^xsd:nonNegativeInteger , [ ex:q 1 ] .""", format="turtle")
    q = "SELECT ?v WHERE { <http://example.org/a> <http://example.org/v> ?v }"
    a = run_query(load_oxigraph(g), q)
    b = run_query(RdflibStore(g), q)
    assert a.rows == b.rows  # unordered queries are sorted by us: same order on both engines
    assert sorted(a.rows, key=str) == sorted([(5000,), (8.8,), (720000000,), (True,), ("2023",), ("郑州",), (12,),
                                              (BLANK,)], key=str)
    assert run_query(RdflibStore(g), q).rows == b.rows


def test_oxigraph_store_on_disk_is_replaced_and_reopened(tmp_path):
    location = tmp_path / "store"
    first = load_oxigraph(example_graph(), location)
    n = len(first)
    del first
    small = fixture_graph(FIXTURES / "mini-plan.ttl")
    second = load_oxigraph(small, location)  # a new build replaces, never merges
    assert len(second) == len(small) < n
    del second
    ro = open_oxigraph(location)
    assert len(ro) == len(small)
    info = find_query("ceiling-targets")
    assert run_library_query(ro, info).rows == run_library_query(RdflibStore(small), info).rows
    with pytest.raises(QueryError, match="no oxigraph store"):
        open_oxigraph(tmp_path / "nothing")


# ---------------------------------------------------------------------------
# The build steps and the CLI, on a real build of the example
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from graph.pipeline import run_build

    out = tmp_path_factory.mktemp("build") / "out"
    result = run_build(EXAMPLE, out, skip={"no_docs", "no_views"}, quiet=True)
    assert result.failed_steps == []
    return out


def test_build_writes_store_and_query_results(built):
    assert (OutputFolder(built).store / "CURRENT").exists()
    qdir = built / "queries"
    cq = [q.name for q in discover("cq")]
    for name in cq:
        path = qdir / f"{name}.nt" if name == "entity-subgraph" else qdir / f"{name}.csv"
        assert path.exists(), path
    with open(qdir / "ceiling-targets.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {(r["metric"], r["value"]) for r in rows} == {("高耗能产业占工业比重", "30"), ("城镇调查失业率", "5.5")}
    with open(qdir / "quality-checks.csv", encoding="utf-8") as f:
        checks = list(csv.DictReader(f))
    assert all(r["fate"] == "warning" for r in checks)  # the example breaks no violation check
    assert find_graph_file(built).name == "graph.nt"


def test_checks_step_fails_the_build_on_a_violation(tmp_path, capsys):
    # mini-plan.ttl plants a place nothing links to (卢森堡)
    with pytest.raises(ChecksFailed, match="1 violation.*place-unlinked-violation"):
        checks_step(fixture_graph(FIXTURES / "mini-plan.ttl"), None, tmp_path)
    err = capsys.readouterr().err
    assert "VIOLATION: place-unlinked-violation" in err and "卢森堡" in err
    assert "place-unlinked-violation,violation" in (tmp_path / "queries" / "quality-checks.csv").read_text()


def test_open_store_both_engines_agree(built):
    ox, rl = open_store(built, "oxigraph"), open_store(built, "rdflib")
    info = find_query("money-by-theme")
    assert run_library_query(ox, info).rows == run_library_query(rl, info).rows


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_command(built, capsys, engine):
    code = main(["query", "ceiling-targets", "--out", str(built), "--format", "csv", "--engine", engine])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["value"] for r in rows} == {"30", "5.5"}
    code = main(["query", "linked-to-place", "--param", "placeLabel=荥阳", "--out", str(built),
                 "--format", "json", "--engine", engine])
    assert code == 0 and "石玉" in capsys.readouterr().out
    code = main(["query", "linked-to-place", "--param", 'placeLabel="} ; DROP ALL', "--out", str(built),
                 "--format", "csv", "--engine", engine])
    assert code == 0
    assert capsys.readouterr().out.strip() == "place,direction,relation,nodeType,nodeLabel,node"


def test_query_command_errors_and_formats(built, capsys, tmp_path):
    assert main(["query", "no-such-query", "--out", str(built)]) == 2
    assert "no query named 'no-such-query'" in capsys.readouterr().err
    assert main(["query", "ceiling-targets", "--param", "x=1", "--out", str(built)]) == 2
    assert "has no parameter x" in capsys.readouterr().err
    assert main(["query", "ceiling-targets", "--out", str(tmp_path)]) == 2
    assert "holds no graph file either" in capsys.readouterr().err
    # a folder with the graph but no store: rdflib in memory is the fallback
    (tmp_path / "graph.nt").write_bytes((built / "graph.nt").read_bytes())
    assert main(["query", "ceiling-targets", "--out", str(tmp_path), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "falling back to rdflib" in captured.err and "城镇调查失业率" in captured.out
    assert main(["query", "entity-subgraph", "--param", "entityLabel=荥阳", "--out", str(built)]) == 0
    out = capsys.readouterr().out
    g = rdflib.Graph().parse(data=out, format="turtle")
    assert (None, rdflib.SKOS.prefLabel, Literal("荥阳", lang="zh")) in g
    assert main(["query", str(Path("queries/cq/theme-summary.rq").resolve()), "--out", str(built)]) == 0
    assert "改善民生" in capsys.readouterr().out
    assert main(["query", "list", "--out", str(built)]) == 0
    assert "cq/targets-by-theme" in capsys.readouterr().out

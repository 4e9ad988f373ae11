"""Corpus builds (graph.corpus): a folder of plans -> one dataset with a named graph per document.

A small corpus is made per test module: the bundled example, a real report saved
as GB18030, another real report, a short numbered plan, and a file that is not
text. The checks: exit code and failures by name; per-document outputs; the
dataset (N-Quads and TriG hold exactly each document's graph, named by its
IRI, and the example's graph is what a single-file build gives); combined CSVs
(single-file columns first, then `doc`); determinism; the incremental second
build; the store queried as a union; and the path to a real triplestore: a
real oxigraph server (from the oxigraph package; the test fails, never skips,
when it is missing) receives the corpus through the Graph Store Protocol and
answers every library query with the rows of the embedded store.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph import corpus, export, iris
from graph.cli import build_main, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhengzhou-2023.txt"
REPORTS = ROOT / "tests" / "fixtures" / "corpus"
GOOD = {"zhengzhou-2023": "zhengzhou-2023.txt", "2026-hebei-gb18030": "2026-hebei-gb18030.txt",
        "2026-xizang": "2026-xizang.txt", "numbered-2026": "numbered-2026.txt"}


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "zhengzhou-2023.txt")
    shutil.copy(EXAMPLE.with_name("zhengzhou-2023.curation.toml"), folder / "zhengzhou-2023.curation.toml")
    text = (REPORTS / "2026-hebei.txt").read_text(encoding="utf-8")
    (folder / "2026-hebei-gb18030.txt").write_bytes(text.encode("gb18030"))
    shutil.copy(REPORTS / "2026-xizang.txt", folder / "2026-xizang.txt")
    shutil.copy(ROOT / "tests" / "fixtures" / "plans" / "numbered-2026.txt", folder / "numbered-2026.txt")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary, not a plan\x00" * 40)
    (folder / "notes.md").write_text("not a plan document", encoding="utf-8")  # ignored: not *.txt
    return folder


def run(argv: list[str], entry=build_main) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = entry(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path, Path]:
    base = tmp_path_factory.mktemp("corpus")
    src = make_corpus(base / "src")
    out = base / "out"
    code, stdout, stderr = run(["build", str(src), "--out", str(out), "--jobs", "2"], entry=main)
    return code, stdout, stderr, src, out


def quads(path: Path, fmt: ox.RdfFormat) -> dict[str, set[str]]:
    """graph IRI -> its triples as N-Triples lines (terms as oxigraph writes them)."""
    graphs: dict[str, set[str]] = {}
    for q in ox.parse(path=str(path), format=fmt):
        graphs.setdefault(q.graph_name.value, set()).add(str(ox.Triple(q.subject, q.predicate, q.object)))
    return graphs


def nt_triples(path: Path) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object))
            for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}


# -- the build ----------------------------------------------------------------------

def test_bad_document_fails_the_build_by_name_and_not_the_rest(built) -> None:
    code, stdout, stderr, _, out = built
    assert code == 1
    assert "unreadable: broken.txt" in stdout
    assert "broken.txt" in stderr and "1 document(s) FAILED: broken.txt" in stdout
    assert "4 of 5 documents in the dataset" in stdout
    manifest = json.loads((out / corpus.MANIFEST_NAME).read_text(encoding="utf-8"))
    statuses = {d: e["status"] for d, e in manifest["documents"].items()}
    assert statuses == {**{d: "built" for d in GOOD}, "broken": "unreadable"}
    assert "notes" not in statuses


def test_summary_table_lists_every_document(built) -> None:
    _, stdout, _, _, _ = built
    for name in list(GOOD.values()) + ["broken.txt"]:
        assert name in stdout
    for column in ("targets", "entities", "triples", "violations", "status"):
        assert column in stdout


def test_per_document_outputs(built) -> None:
    _, _, _, _, out = built
    for doc_id in GOOD:
        folder = out / "docs" / doc_id
        for name in ("graph.nt", "targets.csv", "results.csv", "actions.csv", "entities.csv", "residue.csv",
                     "shacl-report.txt", "shacl-report.ttl"):
            assert (folder / name).exists(), f"{doc_id}/{name}"
        assert (folder / "shacl-report.txt").read_text(encoding="utf-8").startswith("SHACL validation passed")
    assert not (out / "docs" / "broken").exists()
    assert not [p for p in out.rglob("*.tmp")]


def test_gb18030_document_read_as_chinese(built) -> None:
    _, _, _, _, out = built
    text = (out / "docs" / "2026-hebei-gb18030" / "graph.nt").read_text(encoding="utf-8")
    assert '"gb18030"' in text and "河北" in text


# -- the dataset ----------------------------------------------------------------------

def test_nquads_hold_each_document_in_its_named_graph(built) -> None:
    _, _, _, _, out = built
    graphs = quads(out / "corpus.nq", ox.RdfFormat.N_QUADS)
    assert set(graphs) == {str(iris.doc_iri(d)) for d in GOOD}
    for doc_id in GOOD:
        assert graphs[str(iris.doc_iri(doc_id))] == nt_triples(out / "docs" / doc_id / "graph.nt")


def test_trig_holds_the_same_dataset(built) -> None:
    _, _, _, _, out = built
    assert quads(out / "corpus.trig", ox.RdfFormat.TRIG) == quads(out / "corpus.nq", ox.RdfFormat.N_QUADS)


def test_dataset_is_sorted_per_document_in_name_order(built) -> None:
    _, _, _, _, out = built
    seen: list[str] = []
    per_graph: dict[str, list[str]] = {}
    for line in (out / "corpus.nq").read_text(encoding="utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2]
        if not seen or seen[-1] != graph:
            assert graph not in seen, "a graph's quads are not contiguous"
            seen.append(graph)
        per_graph.setdefault(graph, []).append(line)
    by_name = sorted(GOOD, key=lambda d: GOOD[d])
    assert seen == [f"<{iris.doc_iri(d)}>" for d in by_name]
    for lines in per_graph.values():
        assert lines == sorted(lines)


def test_example_graph_is_the_single_file_build(built) -> None:
    from graph.pipeline import build_graph

    _, _, _, _, out = built
    single = export.serialize(build_graph(EXAMPLE), "nt")
    assert (out / "docs" / "zhengzhou-2023" / "graph.nt").read_text(encoding="utf-8") == single


def _rdflib_ntriples(g) -> str:
    """The reference: rdflib's own N-Triples serialiser, its lines sorted."""
    lines = sorted({line for line in g.serialize(format="nt").split("\n") if line.strip()})
    return "\n".join(lines) + "\n"


def test_fast_ntriples_writer_equals_rdflibs() -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from graph.pipeline import build_graph

    g = build_graph(EXAMPLE)
    assert export.ntriples(g) == _rdflib_ntriples(g) == export.serialize(g, "nt")
    odd = Graph()
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    for o in (Literal('a "quoted"\\ line\nbreak\r'), Literal("十", lang="zh"), Literal("4.0", datatype=XSD.decimal),
              URIRef("http://example.org/o")):
        odd.add((s, p, o))
    assert export.ntriples(odd) == _rdflib_ntriples(odd)


def test_combined_tables_add_doc_last(built) -> None:
    _, _, _, _, out = built
    columns = {"targets.csv": export.TARGET_COLUMNS, "results.csv": export.RESULT_COLUMNS,
               "actions.csv": export.ACTION_COLUMNS,
               "entities.csv": export.ENTITY_COLUMNS, "residue.csv": export.RESIDUE_COLUMNS}
    for name, cols in columns.items():
        # one byte order mark (for Excel) at the start of each file, none inside
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
        assert (out / name).read_text(encoding="utf-8").count("\ufeff") == 1, name
        with (out / name).open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == list(cols) + ["doc"], name
        expected = []
        for doc_id in sorted(GOOD, key=lambda d: GOOD[d]):
            assert (out / "docs" / doc_id / name).read_bytes().startswith(b"\xef\xbb\xbf"), (doc_id, name)
            with (out / "docs" / doc_id / name).open(encoding="utf-8-sig", newline="") as f:
                expected += [r + [doc_id] for r in list(csv.reader(f))[1:]]
        assert rows[1:] == expected, name
    with (out / "targets.csv").open(encoding="utf-8-sig", newline="") as f:
        docs = {r["doc"] for r in csv.DictReader(f)}
    assert {"zhengzhou-2023", "2026-hebei-gb18030", "2026-xizang"} <= docs


def test_second_build_is_byte_identical(built, tmp_path: Path) -> None:
    _, _, _, src, out = built
    again = tmp_path / "again"
    code, _, _ = run(["--source", str(src), "--out", str(again), "--jobs", "1", "-q"])
    assert code == 1
    for name in ("corpus.nq", "corpus.trig", "targets.csv", "results.csv", "actions.csv", "entities.csv",
                 "residue.csv"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


# -- the store ----------------------------------------------------------------------------

def test_store_holds_the_union(built) -> None:
    from graph.store import run_query

    _, _, _, _, out = built
    _check_store(out, set(GOOD))
    store = corpus.open_union(out)
    res = run_query(store, "PREFIX pg: <https://w3id.org/plangraph/ontology#> "
                           "SELECT DISTINCT ?doc WHERE { ?t a pg:Target ; pg:span/pg:inDocument ?doc }")
    assert {r[0] for r in res.rows} == {str(iris.doc_iri(d)) for d in GOOD}


def test_store_with_named_graphs(tmp_path: Path) -> None:
    """--store graphs: a named graph per document beside the union; --plan then queries the
    document's named graph in the store, with the rows of the document alone."""
    from graph.query import find_query, open_store, run_library_query
    from graph.store import load_oxigraph_file, run_query

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "zhengzhou-2023.txt")
    shutil.copy(ROOT / "tests" / "fixtures" / "plans" / "numbered-2026.txt", src / "numbered-2026.txt")
    out = tmp_path / "out"
    code, _, stderr = run(["--source", str(src), "--out", str(out), "--store", "graphs"])
    assert code == 0 and "store: full (graphs)" in stderr
    docs = {"zhengzhou-2023", "numbered-2026"}
    _check_store(out, docs, "graphs")
    store = corpus.open_union(out)
    for doc_id in docs:
        res = run_query(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iris.doc_iri(doc_id)}> {{ ?s ?p ?o }} }}")
        assert res.rows[0][0] == len(nt_triples(out / "docs" / doc_id / "graph.nt"))
    scoped = open_store(out, plan="zhengzhou-2023")
    assert scoped.graph == str(iris.doc_iri("zhengzhou-2023")) and scoped.location == out / "store"
    alone = load_oxigraph_file(out / "docs" / "zhengzhou-2023" / "graph.nt")
    for name in ("targets-by-theme", "theme-summary", "person-statements"):
        info = find_query(name)
        assert run_library_query(scoped, info).rows == run_library_query(alone, info).rows, name
    del scoped, store
    # the layout is part of what the store holds: asking for the other one reloads it
    code, _, stderr = run(["--source", str(src), "--out", str(out)])
    assert code == 0 and "store: full (union)" in stderr
    _check_store(out, docs)


# -- questions about one plan of the corpus -------------------------------------------------

def test_plan_scope_gives_the_documents_own_rows(built) -> None:
    """--plan: every library query on the corpus store, confined to one document's named graph,
    gives the rows of a store holding that document alone (whose rows tests/test_queries.py
    checks against the source), on both engines; unscoped, the corpus answers for every plan."""
    from graph.query import discover, open_store, run_library_query
    from graph.store import load_oxigraph

    _, _, _, _, out = built
    alone = load_oxigraph(rdflib.Graph().parse(out / "docs" / "zhengzhou-2023" / "graph.nt", format="nt"))
    scoped = open_store(out, "oxigraph", plan="zhengzhou-2023")  # a union-only store: the document's graph.nt
    assert scoped.location is None and len(scoped) == len(alone)
    in_rdflib = open_store(out, "rdflib", plan="zhengzhou-2023.txt")  # the file name names it too
    whole = corpus.open_union(out)
    differs = 0
    for info in discover():
        expected = run_library_query(alone, info)
        assert run_library_query(scoped, info).rows == expected.rows, info.name
        assert run_library_query(in_rdflib, info).rows == expected.rows, info.name
        differs += run_library_query(whole, info).rows != expected.rows
    assert differs >= 5  # the union answers about the other plans too


def test_plan_scope_on_another_document(built) -> None:
    from graph.query import find_query, open_store, run_library_query

    _, _, _, _, out = built
    info = find_query("theme-summary")
    xizang = run_library_query(open_store(out, plan="2026-xizang"), info)
    zhengzhou = run_library_query(open_store(out, plan="zhengzhou-2023"), info)
    assert xizang.rows and zhengzhou.rows
    # the example's themes are its nine keyword sections (and the statements' article)
    assert {"科技创新", "产业体系"} <= {str(r[1]) for r in zhengzhou.rows}
    assert not {"科技创新", "产业体系"} & {str(r[1]) for r in xizang.rows}


def test_plan_option_on_the_command_line(built, capsys) -> None:
    _, _, _, _, out = built
    assert main(["query", "money-by-theme", "--out", str(out), "--plan", "zhengzhou-2023", "--format", "csv"]) == 0
    scoped = capsys.readouterr().out
    assert main(["query", "money-by-theme", "--out", str(out), "--format", "csv"]) == 0
    whole = capsys.readouterr().out
    assert scoped.splitlines()[0] == whole.splitlines()[0]
    assert set(scoped.splitlines()[1:]) < set(whole.splitlines()[1:])
    assert main(["query", "money-by-theme", "--out", str(out), "--plan", "xizang"]) == 2
    err = capsys.readouterr().err
    assert "no document 'xizang' in the corpus dataset" in err and "2026-xizang" in err
    # a document that failed is not in the dataset
    assert main(["query", "money-by-theme", "--out", str(out), "--plan", "broken"]) == 2


def test_plan_option_on_a_single_document_build(tmp_path: Path, capsys) -> None:
    from graph.outputs import OutputFolder
    from graph.query import open_store
    from graph.store import QueryError, load_oxigraph
    from graph.vocab import PG

    g = rdflib.Graph().parse(ROOT / "tests" / "fixtures" / "mini-plan.ttl")
    doc = iris.doc_iri("mini-2026")
    g.add((doc, rdflib.RDF.type, PG.SourceDocument))
    g.add((doc, rdflib.DCTERMS.identifier, rdflib.Literal("mini-2026")))
    load_oxigraph(g, OutputFolder(tmp_path).store)
    assert open_store(tmp_path, plan="mini-2026").graph is None  # the whole build is that document
    with pytest.raises(QueryError, match="holds one document"):
        open_store(tmp_path, plan="another-plan")


# -- incremental builds -------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["union", "graphs"])
def test_incremental_builds(tmp_path: Path, layout: str) -> None:
    src = make_corpus(tmp_path / "src")
    (src / "broken.txt").unlink()
    out = tmp_path / "out"
    assert run(["--source", str(src), "--out", str(out), "-q", "--store", layout])[0] == 0
    nq_mtime = (out / "corpus.nq").stat().st_mtime_ns

    # nothing changed: every document skipped, the dataset and store kept
    code, stdout, stderr = run(["--source", str(src), "--out", str(out), "--store", layout])
    assert code == 0
    assert "0 to build, 4 unchanged (skipped)" in stderr
    assert stdout.count("unchanged") >= 4 and "nothing changed" in stdout
    assert (out / "corpus.nq").stat().st_mtime_ns == nq_mtime

    # one document edited: only it is rebuilt, its graph replaced in the store
    xizang = src / "2026-xizang.txt"
    xizang.write_text(xizang.read_text(encoding="utf-8") + "\n全年新增城镇就业5万人以上。\n", encoding="utf-8")
    code, stdout, stderr = run(["--source", str(src), "--out", str(out), "--store", layout])
    assert code == 0
    # a union-only store cannot tell another document's triples from this one's: it is reloaded
    mode = "incremental" if layout == "graphs" else "full"
    assert "1 to build, 3 unchanged (skipped)" in stderr and f"store: {mode} ({layout})" in stderr
    manifest = json.loads((out / corpus.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["documents"]["2026-xizang"]["sha256"] == corpus.file_sha256(xizang)
    assert "5万人" in (out / "docs" / "2026-xizang" / "graph.nt").read_text(encoding="utf-8")
    assert quads(out / "corpus.nq", ox.RdfFormat.N_QUADS)[str(iris.doc_iri("2026-xizang"))] == nt_triples(
        out / "docs" / "2026-xizang" / "graph.nt")
    _check_store(out, set(GOOD), layout)

    # one document removed: gone from the dataset, the store and docs/
    (src / "numbered-2026.txt").unlink()
    assert run(["--source", str(src), "--out", str(out), "-q", "--store", layout])[0] == 0
    assert not (out / "docs" / "numbered-2026").exists()
    assert str(iris.doc_iri("numbered-2026")) not in quads(out / "corpus.nq", ox.RdfFormat.N_QUADS)
    _check_store(out, set(GOOD) - {"numbered-2026"}, layout)

    # --force rebuilds everything
    code, _, stderr = run(["--source", str(src), "--out", str(out), "--force", "--store", layout])
    assert code == 0 and "3 to build, 0 unchanged" in stderr and "store: full" in stderr


def _canonical(paths: list[Path]) -> set[str]:
    """The triples as a pyoxigraph store keeps them (it writes integer subtypes as xsd:integer)."""
    store = ox.Store()
    for path in paths:
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store}


def test_store_loaded_in_small_batches_holds_the_same(tmp_path: Path, monkeypatch) -> None:
    """A full build bulk-loads documents in batches; batch boundaries (here one per document)
    must not change what the store holds."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "zhengzhou-2023.txt")
    shutil.copy(ROOT / "tests" / "fixtures" / "plans" / "numbered-2026.txt", src / "numbered-2026.txt")
    monkeypatch.setattr(corpus.StoreLoader, "BATCH_TRIPLES", 1)
    code, _, _ = run(["--source", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "--store", "graphs"])
    assert code == 0
    _check_store(tmp_path / "out", {"zhengzhou-2023", "numbered-2026"}, "graphs")


def _check_store(out: Path, docs: set[str], layout: str = "union") -> None:
    """The documents' union in the default graph, and (layout "graphs") one named graph per
    document holding exactly its triples; no named graph at all in a union-only store."""
    store = ox.Store.read_only(str(out / corpus.STORE_DIRNAME))
    named = {str(iris.doc_iri(d)) for d in docs} if layout == "graphs" else set()
    assert {g.value for g in store.named_graphs()} == named
    paths = {d: out / "docs" / d / "graph.nt" for d in docs}
    for d in (docs if layout == "graphs" else ()):
        stored = {str(ox.Triple(q.subject, q.predicate, q.object))
                  for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(iris.doc_iri(d))))}
        assert stored == _canonical([paths[d]])
    default = {str(ox.Triple(q.subject, q.predicate, q.object))
               for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == _canonical(list(paths.values()))
    del store


def test_pyshacl_validator_gives_the_same_verdicts(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "zhengzhou-2023.txt")
    shutil.copy(ROOT / "tests" / "fixtures" / "plans" / "numbered-2026.txt", src / "numbered-2026.txt")
    counts = {}
    for validator in ("sparql", "pyshacl"):
        out = tmp_path / validator
        assert run(["--source", str(src), "--out", str(out), "--validator", validator, "-q"])[0] == 0
        manifest = json.loads((out / corpus.MANIFEST_NAME).read_text(encoding="utf-8"))
        counts[validator] = {d: (e["violations"], e["warnings"]) for d, e in manifest["documents"].items()}
        assert (out / "corpus.nq").read_bytes()
    assert counts["sparql"] == counts["pyshacl"]
    assert counts["sparql"]["zhengzhou-2023"][1] > 0  # warnings, so the comparison says something


def test_clashing_document_ids_fail_the_second_file(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "My Plan.txt")
    shutil.copy(EXAMPLE, src / "my-plan.txt")
    jobs, clashes = corpus.plan_jobs(src, tmp_path / "out", "sparql", ())
    assert [j.doc_id for j in jobs] == ["my-plan"]
    assert [(c.file, c.status) for c in clashes] == [("my-plan.txt", "failed")]
    assert "already used by My Plan.txt" in (clashes[0].error or "")


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    code, _, stderr = run(["--source", str(tmp_path / "src"), "--out", str(tmp_path / "out")])
    assert code == 2 and "no plan documents" in stderr


# -- a real triplestore over HTTP -------------------------------------------------------------

def test_push_to_oxigraph_server_and_same_rows_over_http(built, tmp_path: Path, capsys) -> None:
    from graph.query import discover, open_store, run_library_query
    from graph.serve import SparqlEndpoint, oxigraph_binary, push_corpus, start_server

    _, _, _, _, out = built
    assert oxigraph_binary().exists()  # fails (never skips) when the server is not installed
    server = start_server(tmp_path / "server", read_only=False)  # `oxigraph serve --location DIR --bind 127.0.0.1:PORT`
    try:
        pushed = push_corpus(out, server.store_url)
        assert [g for g, _ in pushed] == [str(iris.doc_iri(d)) for d in sorted(GOOD, key=lambda d: GOOD[d])]
        # pushing again, through the command line, replaces the graphs rather than adding to them
        capsys.readouterr()
        assert main(["push", "--out", str(out), "--endpoint", server.store_url]) == 0
        said = capsys.readouterr().out
        assert f"pushed the corpus: {len(pushed)} named graphs, {sum(n for _, n in pushed)} triples" in said
        for g, n in pushed:
            assert f"pushed <{g}>: {n} triples, verified on the endpoint" in said
        assert main(["push", "--out", str(out), "--endpoint", server.store_url, "--graph", "urn:x"]) == 1
        assert "holds a corpus" in capsys.readouterr().err
        remote = SparqlEndpoint(server.query_url, default_graphs=[g for g, _ in pushed])
        for g, n in pushed:
            assert remote.count(g) == n
        embedded = corpus.open_union(out)
        queries = discover()
        assert len(queries) >= 14
        for info in queries:
            here = run_library_query(embedded, info)
            there = run_library_query(remote, info)
            assert there.columns == here.columns, info.name
            assert there.rows == here.rows, info.name
        assert any(run_library_query(embedded, q).rows for q in queries if q.kind == "cq")
        # one plan: default-graph-uri on the server, --plan in the embedded store
        doc = str(iris.doc_iri("2026-xizang"))
        remote_plan = SparqlEndpoint(server.query_url, default_graphs=[doc])
        embedded_plan = open_store(out, plan="2026-xizang")
        for info in queries:
            assert run_library_query(remote_plan, info).rows == run_library_query(embedded_plan, info).rows, info.name
    finally:
        server.stop()


def test_serve_a_corpus_build(built) -> None:
    """`plangraph serve` on a corpus folder serves its store read-only: the union in the default graph."""
    import signal
    import subprocess
    import sys

    from graph.query import find_query, run_library_query
    from graph.serve import SparqlEndpoint, free_port

    _, _, _, _, out = built
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--out", str(out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        first = proc.stdout.readline()  # printed once the server answers
        assert "Serving the corpus store" in first and "the union only" in first, first + proc.stderr.read()
        remote = SparqlEndpoint(f"http://127.0.0.1:{port}/query")
        info = find_query("theme-summary")
        assert run_library_query(remote, info).rows == run_library_query(corpus.open_union(out), info).rows
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)


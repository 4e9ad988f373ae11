"""A second real triplestore: Virtuoso (Debian's virtuoso-opensource), so that "any SPARQL 1.1
store" is shown on two implementations, not one.

The test setup starts `virtuoso-t` on two free loopback ports (SQL and HTTP) with a database in a
temporary folder, lets its anonymous SPARQL user write (loopback only), pushes the test corpus with
`plangraph push` through Virtuoso's Graph Store endpoint (`/sparql-graph-crud`), checks every
document's named graph holds the triples of its `graph.nt`, and asks every library question about
each plan (`default-graph-uri`, as `SparqlEndpoint` sends it) expecting the embedded store's rows.
Virtuoso must be installed (scripts/test installs it with apt, like chromium): a missing one fails.
"""

from __future__ import annotations

import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph import iris
from graph.cli import main
from graph.corpus import DOCS_DIRNAME, dataset_documents
from graph.query import discover, open_store, run_library_query
from graph.serve import SparqlEndpoint, free_port
from tests.test_corpus import GOOD, make_corpus, run

VIRTUOSO, ISQL = "/usr/bin/virtuoso-t", "/usr/bin/isql-vt"

INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):
    for binary in (VIRTUOSO, ISQL):
        if not Path(binary).exists():
            pytest.fail(f"{binary} is missing: scripts/test installs Debian's virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = open(folder / "console.log", "wb")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"virtuoso did not start: {(folder / 'console.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/sparql?query=" + urllib.parse.quote("ASK {}"), timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        # The anonymous SPARQL user may write: the server listens on loopback only, for this test.
        grant = subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba",
                                "exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; "
                                "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"],
                               capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0, grant.stdout + grant.stderr
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("virtuoso-corpus")
    out = base / "out"
    code, _, err = run(["build", str(make_corpus(base / "src")), "--out", str(out), "--jobs", "2", "-q"], entry=main)
    assert code == 1, err  # broken.txt fails by design; the four good documents are in the dataset
    return out


def test_push_the_corpus_to_virtuoso_one_named_graph_per_document(virtuoso, corpus_out, capsys) -> None:
    endpoint = f"{virtuoso}/sparql-graph-crud"  # the query URL, /sparql, is derived
    docs = dataset_documents(corpus_out)
    assert sorted(docs) == sorted(GOOD)
    for _attempt in range(2):  # the second push replaces the graphs, it does not add to them
        capsys.readouterr()
        assert main(["push", "--out", str(corpus_out), "--endpoint", endpoint]) == 0, capsys.readouterr().err
        said = capsys.readouterr().out
        assert f"pushed the corpus: {len(docs)} named graphs" in said
    remote = SparqlEndpoint(f"{virtuoso}/sparql")
    for doc in docs:
        lines = (corpus_out / DOCS_DIRNAME / doc / "graph.nt").read_text(encoding="utf-8").splitlines()
        assert remote.count(str(iris.doc_iri(doc))) == len([line for line in lines if line.strip()]), doc


def test_per_plan_questions_give_the_embedded_rows_on_virtuoso(virtuoso, corpus_out) -> None:
    assert main(["push", "--out", str(corpus_out), "--endpoint", f"{virtuoso}/sparql-graph-crud"]) == 0
    queries = discover()
    assert len(queries) == len(list(Path(__file__).resolve().parent.parent.glob("queries/*/*.rq")))
    compared = 0
    for doc in sorted(GOOD):
        remote = SparqlEndpoint(f"{virtuoso}/sparql", default_graphs=[str(iris.doc_iri(doc))])
        embedded = open_store(corpus_out, plan=doc)
        for info in queries:
            here = run_library_query(embedded, info)
            there = run_library_query(remote, info)
            assert there.columns == here.columns, (doc, info.name)
            assert there.rows == here.rows, (doc, info.name)
            compared += bool(here.rows)
    assert compared >= 30  # most questions have rows on most plans: equal rows are not all empty

"""A real oxigraph SPARQL server: push the example, run the query library over HTTP, compare.

Every server here is started by the test itself with the `oxigraph` binary of
the PyPI package, on a free loopback port, and stopped at the end. The binary
must be there: a missing one fails the tests (it is a declared dependency).
Credentials and refusals are checked against a tiny stdlib HTTP server in a
thread, which records what it was sent.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph.cli import main
from graph.query import discover, run_library_query
from graph.serve import (
    EndpointError,
    SparqlEndpoint,
    free_port,
    gsp_url,
    http,
    load_location,
    oxigraph_binary,
    push_graph,
    start_server,
)
from graph.store import load_oxigraph, ntriples_bytes
from tests.example_graph import DOC_IRI, ROOT, example_graph

SECRET = "s3cr3t-pa55word-do-not-print"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """An output folder holding the example's graph, as the build leaves it."""
    out = tmp_path_factory.mktemp("out")
    (out / "graph.nt").write_bytes(ntriples_bytes(example_graph()))
    return out


@pytest.fixture(scope="module")
def embedded():
    return load_oxigraph(example_graph())


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("rw"), read_only=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def read_only(tmp_path_factory, out_dir):
    location = tmp_path_factory.mktemp("ro") / "db"
    load_location(out_dir / "graph.nt", location)
    server = start_server(location, read_only=True)
    yield server
    server.stop()


def test_the_oxigraph_binary_is_installed():
    binary = oxigraph_binary()
    assert binary.exists() and os.access(binary, os.X_OK)
    assert subprocess.run([str(binary), "--version"], capture_output=True, text=True).returncode == 0


def test_push_then_the_whole_library_over_http_matches_embedded(writable, out_dir, embedded, capsys):
    assert main(["push", "--endpoint", writable.store_url, "--out", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert f"pushed <{DOC_IRI}>: {len(example_graph())} triples, verified" in out
    remote = SparqlEndpoint(writable.query_url, default_graphs=[DOC_IRI])
    assert remote.count(DOC_IRI) == len(example_graph())
    queries = discover()
    # the whole library (as tests/test_virtuoso.py counts it): a query added is a query checked here
    assert len(queries) == len(list(Path(__file__).resolve().parent.parent.glob("queries/*/*.rq"))) >= 28
    for info in queries:
        local = run_library_query(embedded, info)
        over_http = run_library_query(remote, info)
        assert over_http.columns == local.columns, info.name
        assert over_http.rows == local.rows, info.name
    # the data went into the document's named graph, not the default graph
    assert SparqlEndpoint(writable.query_url).count() == 0


def test_push_replaces_the_named_graph(writable, out_dir):
    g = example_graph()
    for _ in range(2):
        outcome = push_graph(g, writable.store_url, DOC_IRI)
        assert outcome.sent == outcome.counted == len(g)
    # and another graph name is a separate graph
    push_graph(g, writable.store_url, "urn:plangraph:test:other")
    assert SparqlEndpoint(writable.query_url).count(DOC_IRI) == len(g)


def test_hostile_parameter_over_http(writable, out_dir):
    push_graph(example_graph(), writable.store_url, DOC_IRI)
    remote = SparqlEndpoint(writable.query_url, default_graphs=[DOC_IRI])
    info = next(q for q in discover() if q.name == "linked-to-place")
    assert run_library_query(remote, info, {"placeLabel": '"} ; DROP ALL'}).rows == []
    assert run_library_query(remote, info, {"placeLabel": "荥阳"}).rows
    assert remote.count(DOC_IRI) == len(example_graph())


def test_read_only_server_refuses_writes_and_answers_queries(read_only, embedded):
    with pytest.raises(EndpointError, match="refused: HTTP 403"):
        http("PUT", gsp_url(read_only.store_url, "urn:x"), b"<urn:a> <urn:b> <urn:c> .",
             {"Content-Type": "application/n-triples"})
    info = next(q for q in discover() if q.name == "theme-summary")
    assert run_library_query(SparqlEndpoint(read_only.query_url), info).rows == \
        run_library_query(embedded, info).rows


def test_push_to_a_read_only_server_says_refused(read_only, out_dir, capsys):
    assert main(["push", "--endpoint", read_only.store_url, "--out", str(out_dir)]) == 1
    err = capsys.readouterr().err
    assert "refused: HTTP 403" in err and "read-only" in err


def test_push_to_a_server_that_is_down(out_dir, capsys):
    port = free_port()
    assert main(["push", "--endpoint", f"http://127.0.0.1:{port}/store", "--out", str(out_dir)]) == 1
    err = capsys.readouterr().err
    assert f"cannot reach http://127.0.0.1:{port}/store" in err and "refused" in err.lower()


def test_no_credentials_on_the_command_line(out_dir, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["push", "--endpoint", "http://127.0.0.1:1/store", "--password", SECRET, "--out", str(out_dir)])
    assert exc.value.code == 2
    capsys.readouterr()


# ---------------------------------------------------------------------------
# A recording fake store: credentials, refusals, a count that does not add up
# ---------------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    calls: list = []
    status = 204  # for PUT
    count_offset = 0  # added to the true count in COUNT answers
    triples = 0

    def log_message(self, *args):  # keep test output clean
        pass

    def _record(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        type(self).calls.append((self.command, self.path, self.headers.get("Authorization"), body))
        return body

    def do_PUT(self):
        body = self._record()
        if self.status >= 400:
            self.send_response(self.status)
            self.end_headers()
            self.wfile.write(b"go away")
            return
        type(self).triples = len([line for line in body.splitlines() if line.strip()])
        self.send_response(self.status)
        self.end_headers()

    def do_DELETE(self):
        self._record()
        self.send_response(204)
        self.end_headers()

    def do_POST(self):
        self._record()
        data = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
            "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer",
            "value": str(type(self).triples + type(self).count_offset)}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def fake(monkeypatch):
    Recorder.calls = []
    Recorder.status = 204
    Recorder.count_offset = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in ("PLANGRAPH_USER", "PLANGRAPH_PASSWORD", "PLANGRAPH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_basic_credentials_from_the_environment_never_printed(fake, out_dir, monkeypatch, capsys):
    monkeypatch.setenv("PLANGRAPH_USER", "alice")
    monkeypatch.setenv("PLANGRAPH_PASSWORD", SECRET)
    assert main(["push", "--endpoint", f"{fake}/store", "--out", str(out_dir)]) == 0
    expected = "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()
    assert [c[2] for c in Recorder.calls] == [expected, expected]  # the PUT and the COUNT
    put = Recorder.calls[0]
    assert put[0] == "PUT" and urllib.parse.parse_qs(urllib.parse.urlsplit(put[1]).query) == {"graph": [DOC_IRI]}
    # refused: the message names the status, never the secret
    Recorder.status = 401
    assert main(["push", "--endpoint", f"{fake}/store", "--out", str(out_dir)]) == 1
    captured = capsys.readouterr()
    assert "refused: HTTP 401" in captured.err and "PLANGRAPH_USER" in captured.err
    assert SECRET not in captured.out + captured.err
    assert base64.b64encode(f"alice:{SECRET}".encode()).decode() not in captured.out + captured.err


def test_bearer_token_from_the_environment(fake, out_dir, monkeypatch, capsys):
    monkeypatch.setenv("PLANGRAPH_TOKEN", SECRET)
    monkeypatch.setenv("PLANGRAPH_USER", "alice")  # the token wins
    assert main(["push", "--endpoint", f"{fake}/store", "--query-endpoint", f"{fake}/sparql",
                 "--graph", "urn:g", "--out", str(out_dir)]) == 0
    assert {c[2] for c in Recorder.calls} == {f"Bearer {SECRET}"}
    assert [c[0] for c in Recorder.calls] == ["PUT", "POST"]
    assert "/sparql" in Recorder.calls[1][1]
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err


def test_a_count_that_does_not_add_up_fails_loudly_and_cleans_up(fake, out_dir, capsys):
    Recorder.count_offset = -7
    assert main(["push", "--endpoint", f"{fake}/store", "--out", str(out_dir)]) == 1
    err = capsys.readouterr().err
    n = len(example_graph())
    assert f"upload of <{DOC_IRI}> is incomplete: sent {n} triples, the store counts {n - 7}; deleted it" in err
    assert [c[0] for c in Recorder.calls] == ["PUT", "POST", "DELETE"]


# ---------------------------------------------------------------------------
# `plangraph serve` as a person runs it: a URL, a query page, Ctrl-C stops it
# ---------------------------------------------------------------------------


def test_serve_command_prints_the_url_and_stops_on_ctrl_c(out_dir):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--out", str(out_dir), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + proc.stderr.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            assert resp.status == 200 and "<html" in resp.read().decode("utf-8", "replace").lower()
        remote = SparqlEndpoint(f"http://127.0.0.1:{port}/query")
        assert remote.count() == len(example_graph())
        with pytest.raises(EndpointError, match="HTTP 403"):
            http("PUT", gsp_url(f"http://127.0.0.1:{port}/store", "urn:x"), b"", {"Content-Type": "text/turtle"})
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # the port is free again: the server went with it
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            time.sleep(0.1)
        except OSError:
            break
    else:
        pytest.fail("the oxigraph server outlived plangraph serve")


# ---------------------------------------------------------------------------
# `plangraph serve` behaves like a server: SIGTERM, a busy port, a query timeout
# ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return True
        if stat.rsplit(")", 1)[1].split()[0] == "Z":  # a zombie has stopped serving
            return True
        time.sleep(0.05)
    return False


def _serve(out_dir: Path, port: int, *extra: str, ignore_sigint: bool = False) -> subprocess.Popen:
    # ignore_sigint: what a shell script's `plangraph serve &` gets (and hands to its children)
    return subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--out", str(out_dir), "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None,
    )


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_serve_takes_its_oxigraph_server_with_it(out_dir, how):
    port = free_port()
    proc = _serve(out_dir, port, ignore_sigint=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + proc.stderr.read()
        children = _children(proc.pid)
        assert len(children) == 1, children  # the oxigraph server
        started = time.monotonic()
        proc.send_signal(getattr(signal, how))
        code = proc.wait(timeout=20)
        elapsed = time.monotonic() - started
        gone = _gone(children[0])
        if not gone:
            os.kill(children[0], signal.SIGKILL)  # else it holds our pipes open, and the test hangs
        assert gone, f"oxigraph (pid {children[0]}) outlived plangraph serve after {how}"
        if how == "SIGTERM":
            assert code == 0 and elapsed < 5, (code, elapsed)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_serve_on_a_busy_port_is_one_line_and_exit_1(out_dir):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve(out_dir, port)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "Serving" not in out
    assert err.strip() == (f"plangraph serve: error: cannot listen on 127.0.0.1:{port}: already in use "
                           "(another server?); choose another port with --port"), err


def test_serve_cancels_a_query_that_runs_past_the_timeout(out_dir):
    port = free_port()
    proc = _serve(out_dir, port, "--timeout", "1")
    try:
        line = proc.stdout.readline()
        assert "queries time out after 1 s" in line, line + proc.stderr.read()
        remote = SparqlEndpoint(f"http://127.0.0.1:{port}/query", timeout=30)
        started = time.monotonic()
        with pytest.raises(EndpointError, match="cancelled"):
            remote.execute("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")  # 52 million rows
        assert time.monotonic() - started < 10
        assert remote.count() == len(example_graph())  # and the server goes on answering
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.mark.parametrize("value", ["0", "-5"])
def test_serve_refuses_a_timeout_that_is_not_positive(out_dir, capsys, value):
    assert main(["serve", "--out", str(out_dir), "--port", str(free_port()), "--timeout", value]) == 1
    assert capsys.readouterr().err.strip() == "plangraph serve: error: --timeout must be a positive number of seconds"


def test_serve_default_timeout_is_documented():
    from graph.cli import build_parser
    from graph.serve import QUERY_TIMEOUT_S

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"--timeout SECONDS` (default {QUERY_TIMEOUT_S})" in readme
    assert f"(default: {QUERY_TIMEOUT_S})" in build_parser()._subparsers._group_actions[0].choices["serve"].format_help()

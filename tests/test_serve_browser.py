"""`plangraph serve`'s query page in headless Chromium: nothing leaves the machine.

oxigraph's own page loads YASGUI, whose editor asks prefix.cc for prefixes on load and while a
PREFIX line is typed, and lov.linkeddata.es for classes and properties. The page `plangraph
serve` puts in front must ask nothing but the server. Every request the page makes is recorded
(those to other hosts are aborted, so the test never depends on the network); the test types a
PREFIX line and a prefixed name, runs the query, and requires rows and no foreign request.
The same recorder on oxigraph's own page must see prefix.cc: proof that it would catch a leak.

The browser must start: if it cannot, these tests fail (scripts/test installs chromium).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from graph.serve import free_port, load_location, start_server
from graph.store import ntriples_bytes
from tests.example_graph import ROOT, example_graph

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve-page")
    (out / "graph.nt").write_bytes(ntriples_bytes(example_graph()))
    return out


@pytest.fixture(scope="module")
def served(out_dir):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--out", str(out_dir), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert f"127.0.0.1:{port}" in line, line + proc.stderr.read()
    yield f"http://127.0.0.1:{port}/"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)


def _visit(browser, url: str, type_text: str | None, run: bool) -> tuple[list[str], object]:
    """Open `url`, type into the editor, maybe run the query; returns every URL requested."""
    context = browser.new_context()
    requested: list[str] = []

    def route(r) -> None:
        requested.append(r.request.url)
        host = urllib.parse.urlsplit(r.request.url).hostname or ""
        if host in LOCAL_HOSTS:
            r.continue_()
        else:
            r.abort()  # recorded, never sent

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector(".CodeMirror", timeout=10_000)
    page.wait_for_timeout(500)
    if type_text is not None:
        page.click(".CodeMirror-code")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type(type_text, delay=15)
        page.wait_for_timeout(800)  # the autocompleters fetch while one types
    if run:
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(".yasr .dataTable tbody tr", timeout=15_000)
    return requested, page


# Typed key by key: PREFIX lines (oxigraph's page asks prefix.cc there) and prefixed names
# after a subject (where it asks lov.linkeddata.es).
QUERY = ("PREFIX pg: <https://w3id.org/plangraph/ontology#>\n"
         "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
         "SELECT ?t ?metric WHERE { ?t rdf:type pg:Target ; pg:metric ?metric } LIMIT 5")


def test_the_query_page_asks_nothing_but_the_server(browser, served):
    requested, page = _visit(browser, served, QUERY, run=True)
    foreign = [u for u in requested if (urllib.parse.urlsplit(u).hostname or "") not in LOCAL_HOSTS]
    assert not foreign, foreign
    assert any(urllib.parse.urlsplit(u).path == "/query" for u in requested), requested
    rows = page.locator(".yasr .dataTable tbody tr").count()
    assert rows == 5
    assert "PlanGraph" in page.title()


def test_prefix_completion_comes_from_the_server(browser, served):
    requested, page = _visit(browser, served, "PREFIX pg", run=False)
    foreign = [u for u in requested if (urllib.parse.urlsplit(u).hostname or "") not in LOCAL_HOSTS]
    assert not foreign, foreign
    assert any(urllib.parse.urlsplit(u).path == "/prefixes.json" for u in requested), requested


def test_the_recorder_sees_what_oxigraphs_own_page_asks_abroad(browser, out_dir, tmp_path):
    """The check above would fail on oxigraph's page: it asks prefix.cc."""
    location = tmp_path / "db"
    load_location(out_dir / "graph.nt", location)
    server = start_server(location, read_only=True)
    try:
        requested, _ = _visit(browser, server.url + "/", "PREFIX rdf", run=False)
    finally:
        server.stop()
    assert any("prefix.cc" in u for u in requested), requested

"""SPARQL over HTTP: serve the built graph with oxigraph, push it to any triplestore, query endpoints.

Consumes: a build's output folder (graph.nt / graph.ttl), the `oxigraph`
server binary that the `oxigraph` PyPI package installs next to the Python
interpreter, endpoint URLs, and credentials from the environment
(PLANGRAPH_USER + PLANGRAPH_PASSWORD, or PLANGRAPH_TOKEN).
Produces: a running read-only SPARQL server (`plangraph serve`), named graphs
replaced on a remote store through the SPARQL 1.1 Graph Store Protocol
(`plangraph push`), and `SparqlEndpoint`, a client that answers library
queries over the SPARQL protocol with the same plain rows as the embedded
stores (graph.store).

Only the standard library speaks HTTP here (urllib): the protocol needs one
PUT, one DELETE and form-encoded POSTs, not a client library. Credentials are
read from the environment at the moment of the request and never printed,
logged or put in an error message.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import rdflib

from graph.store import (
    QueryError,
    QueryResult,
    TermParts,
    Term,
    _construct_result,
    bind_values,
    ntriples_bytes,
    plain,
    query_form,
    store_dir,
    to_rdflib,
)

USER_ENV, PASSWORD_ENV, TOKEN_ENV = "PLANGRAPH_USER", "PLANGRAPH_PASSWORD", "PLANGRAPH_TOKEN"
SERVER_DIRNAME = "server-store"


class EndpointError(Exception):
    """An endpoint refused a request, could not be reached, or answered nonsense."""


# ---------------------------------------------------------------------------
# The oxigraph binary and server processes
# ---------------------------------------------------------------------------


def oxigraph_binary() -> Path:
    """The `oxigraph` CLI of the oxigraph PyPI package: next to this Python, else on PATH.

    Raises EndpointError when it is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise EndpointError("the oxigraph server binary is not installed: pip install 'oxigraph>=0.5,<0.6'")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on `host` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def load_location(graph_file: Path, location: Path) -> None:
    """`oxigraph load`: a fresh on-disk store at `location` holding `graph_file` (default graph)."""
    if location.exists():
        shutil.rmtree(location)
    location.mkdir(parents=True)
    proc = subprocess.run(
        [str(oxigraph_binary()), "load", "--location", str(location), "--file", str(graph_file)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise EndpointError(f"oxigraph load failed: {proc.stderr.strip() or proc.stdout.strip()}")


@dataclass
class ServerProcess:
    """A running oxigraph server we started; stop() ends it (and only it)."""

    process: subprocess.Popen
    host: str
    port: int
    read_only: bool

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def stop(self, timeout: float = 10.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        return int(self.process.returncode or 0)


def start_server(location: Path, host: str = "127.0.0.1", port: int | None = None, *,
                 read_only: bool = True, timeout: float = 20.0, quiet: bool = True) -> ServerProcess:
    """Start `oxigraph serve-read-only` (or `serve`) on `location` and wait until it answers.

    Raises EndpointError when the server exits or does not answer in time.
    """
    port = port or free_port(host)
    cmd = [str(oxigraph_binary()), "serve-read-only" if read_only else "serve",
           "--location", str(location), "--bind", f"{host}:{port}"]
    out = subprocess.DEVNULL if quiet else None
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE if quiet else None, text=True)
    server = ServerProcess(proc, host, port, read_only)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            raise EndpointError(f"oxigraph server exited with {proc.returncode}: {err.strip()}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise EndpointError(f"oxigraph server did not answer on {host}:{port} within {timeout:.0f} s")


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------


def auth_header(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Authorization header from the environment (bearer token first), or nothing.

    >>> auth_header({"PLANGRAPH_TOKEN": "t"})
    {'Authorization': 'Bearer t'}
    >>> auth_header({"PLANGRAPH_USER": "u", "PLANGRAPH_PASSWORD": "p"})
    {'Authorization': 'Basic dTpw'}
    >>> auth_header({})
    {}
    """
    env = os.environ if env is None else env
    token = env.get(TOKEN_ENV)
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = env.get(USER_ENV)
    if user:
        pair = f"{user}:{env.get(PASSWORD_ENV, '')}".encode("utf-8")
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
    return {}


def _safe_url(url: str) -> str:
    """A URL fit for messages: any user:password@ part removed."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def http(method: str, url: str, data: bytes | None = None, headers: Mapping[str, str] | None = None,
         timeout: float = 60.0) -> tuple[int, bytes]:
    """One HTTP request with credentials from the environment; returns (status, body).

    Raises EndpointError with a one-line message (status, reason, the start of
    the server's answer) when the server refuses, and when it cannot be reached.
    """
    req = urllib.request.Request(url, data=data, method=method)
    for k, v in {**auth_header(), **(headers or {})}.items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        body = err.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
        hint = ""
        if err.code in (401, 403):
            hint = (f" (check {USER_ENV}/{PASSWORD_ENV} or {TOKEN_ENV}, and that the endpoint accepts writes)"
                    if method in ("PUT", "POST", "DELETE") else f" (check {USER_ENV}/{PASSWORD_ENV} or {TOKEN_ENV})")
        raise EndpointError(f"{method} {_safe_url(url)} refused: HTTP {err.code} {err.reason}{hint}"
                            + (f": {body}" if body else "")) from None
    except urllib.error.URLError as err:
        raise EndpointError(f"cannot reach {_safe_url(url)}: {err.reason}") from None
    except (TimeoutError, socket.timeout):
        raise EndpointError(f"{method} {_safe_url(url)} timed out after {timeout:.0f} s") from None
    except ConnectionError as err:
        raise EndpointError(f"{method} {_safe_url(url)} failed: {err}") from None


def _json_term(b: Mapping[str, str] | None) -> TermParts | None:
    if b is None:
        return None
    t = b.get("type")
    if t == "uri":
        return TermParts("iri", b["value"])
    if t == "bnode":
        return TermParts("bnode", b["value"])
    if t in ("literal", "typed-literal"):
        lang = b.get("xml:lang")
        dt = None if lang else b.get("datatype", "http://www.w3.org/2001/XMLSchema#string")
        return TermParts("literal", b["value"], dt, lang)
    raise EndpointError(f"unexpected term in SPARQL JSON results: {b!r}")


class SparqlEndpoint:
    """A SPARQL 1.1 protocol endpoint used like an embedded store (graph.store.Store).

    Parameters go into a VALUES block (graph.store.bind_values): the protocol
    has no other way to bind them. `default_graphs` become default-graph-uri
    parameters, so that a named graph pushed by `plangraph push` is queried as
    the default graph, as in the embedded store.
    """

    engine = "http"

    def __init__(self, url: str, default_graphs: Sequence[str] = (), timeout: float = 60.0) -> None:
        self.url = url
        self.default_graphs = list(default_graphs)
        self.timeout = timeout

    def _post(self, text: str, accept: str, dataset: bool = True) -> bytes:
        form = [("query", text)]
        if dataset:
            form += [("default-graph-uri", g) for g in self.default_graphs]
        _, body = http("POST", self.url, urllib.parse.urlencode(form).encode("utf-8"),
                       {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                        "Accept": accept}, self.timeout)
        return body

    def execute(self, text: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        text = bind_values(text, bindings)
        form = query_form(text)
        if form in ("construct", "describe"):
            body = self._post(text, "application/n-triples")
            g = rdflib.Graph()
            g.parse(data=body.decode("utf-8"), format="nt")
            return _construct_result(g, self.engine)
        data = json.loads(self._post(text, "application/sparql-results+json"))
        if "boolean" in data:
            b = bool(data["boolean"])
            return QueryResult("ask", ("ask",), [(b,)], boolean=b, engine=self.engine)
        columns = tuple(data["head"]["vars"])
        terms = [tuple(_json_term(row.get(c)) for c in columns) for row in data["results"]["bindings"]]
        return QueryResult("select", columns, [tuple(plain(t) for t in r) for r in terms],
                           engine=self.engine, terms=terms)

    def count(self, graph_iri: str | None = None) -> int:
        """Triples in a named graph (or in the endpoint's own default graph).

        Sent without default-graph-uri: a dataset given in the request would
        hide the store's named graphs from GRAPH <...>.
        """
        pattern = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
        data = json.loads(self._post(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
                                     "application/sparql-results+json", dataset=False))
        bindings = data["results"]["bindings"]
        return int(plain(_json_term(bindings[0]["n"]))) if bindings else 0


# ---------------------------------------------------------------------------
# Push (Graph Store Protocol)
# ---------------------------------------------------------------------------


def gsp_url(endpoint: str, graph_iri: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification, ?graph=IRI).

    >>> gsp_url("http://localhost:7878/store", "https://w3id.org/plangraph/id/x")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fplangraph%2Fid%2Fx'
    """
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({'graph': graph_iri})}"


def derive_query_endpoint(endpoint: str) -> str:
    """The SPARQL query URL that goes with a Graph Store Protocol URL, for the usual stores.

    >>> derive_query_endpoint("http://localhost:7878/store")        # Oxigraph
    'http://localhost:7878/query'
    >>> derive_query_endpoint("http://localhost:3030/ds/data")      # Fuseki
    'http://localhost:3030/ds/sparql'
    >>> derive_query_endpoint("http://localhost:7200/repositories/kg/rdf-graphs/service")  # GraphDB
    'http://localhost:7200/repositories/kg'

    Raises EndpointError when the URL fits none of them (give --query-endpoint).
    """
    base = endpoint.split("?", 1)[0].rstrip("/")
    for suffix, replacement in (("/store", "/query"), ("/data", "/sparql"),
                                ("/rdf-graphs/service", ""), ("/sparql-graph-crud-auth", "/sparql-auth"),
                                ("/sparql-graph-crud", "/sparql")):
        if base.endswith(suffix):
            return base[: -len(suffix)] + replacement
    raise EndpointError(f"cannot tell the query endpoint of {_safe_url(endpoint)}: give --query-endpoint")


def document_iris(graph: rdflib.Graph) -> list[str]:
    """The source documents a graph describes (each one a named graph when pushed)."""
    from graph.vocab import PG, RDF

    return sorted(str(s) for s in graph.subjects(RDF.type, PG.SourceDocument))


@dataclass(frozen=True)
class PushOutcome:
    graph_iri: str
    sent: int
    counted: int


def push_graph(graph: rdflib.Graph, endpoint: str, graph_iri: str, query_endpoint: str | None = None,
               timeout: float = 120.0) -> PushOutcome:
    """Replace the named graph `graph_iri` on `endpoint` with `graph` and verify the count.

    PUT replaces the graph in one request (no merge with an older upload).
    Afterwards a COUNT on the query endpoint must equal the triples sent;
    when it does not, the partial graph is deleted (best effort) and
    EndpointError says so: nothing half-loaded is left behind silently.
    """
    data = ntriples_bytes(graph)
    sent = len(graph)
    http("PUT", gsp_url(endpoint, graph_iri), data,
         {"Content-Type": "application/n-triples; charset=utf-8"}, timeout)
    q = SparqlEndpoint(query_endpoint or derive_query_endpoint(endpoint), timeout=timeout)
    counted = q.count(graph_iri)
    if counted != sent:
        note = "deleted it"
        try:
            http("DELETE", gsp_url(endpoint, graph_iri), None, {}, timeout)
        except EndpointError as err:
            note = f"could not delete it ({err})"
        raise EndpointError(f"upload of <{graph_iri}> is incomplete: sent {sent} triples, the store "
                            f"counts {counted}; {note}")
    return PushOutcome(graph_iri, sent, counted)


def _graph_files(out_dir: Path) -> list[Path]:
    from graph.query import find_graph_file

    try:
        return [find_graph_file(out_dir)]
    except QueryError:
        # a corpus build: one folder per document
        found = []
        for sub in sorted(p for p in out_dir.iterdir() if p.is_dir()):
            try:
                found.append(find_graph_file(sub))
            except QueryError:
                continue
        if not found:
            raise
        return found


def push_command(args: argparse.Namespace) -> int:
    """`plangraph push --endpoint URL [--graph IRI] [--query-endpoint URL] [--out DIR]`.

    A corpus build (a folder with corpus-manifest.json) is pushed as one named
    graph per document of its dataset; a single build as one graph.
    """
    from graph.corpus import MANIFEST_NAME, push_corpus

    try:
        if (Path(args.out) / MANIFEST_NAME).exists():
            if args.graph:
                raise EndpointError("--graph names one graph, but the output folder holds a corpus "
                                    "(each document goes into its own named graph)")
            pushed = push_corpus(Path(args.out), args.endpoint, args.query_endpoint)
            for graph_iri, sent in pushed:
                print(f"pushed <{graph_iri}>: {sent} triples, verified on the endpoint")
            print(f"pushed the corpus: {len(pushed)} named graphs, {sum(n for _, n in pushed)} triples")
            return 0
        files = _graph_files(Path(args.out))
        if args.graph and len(files) > 1:
            raise EndpointError("--graph names one graph, but the output folder holds several documents")
        for path in files:
            g = rdflib.Graph()
            g.parse(str(path))
            docs = document_iris(g)
            if args.graph:
                target = args.graph
            elif len(docs) == 1:
                target = docs[0]
            else:
                raise EndpointError(f"{path}: {len(docs)} source documents in one graph; give --graph")
            outcome = push_graph(g, args.endpoint, target, args.query_endpoint)
            print(f"pushed <{outcome.graph_iri}>: {outcome.sent} triples, verified on the endpoint")
        return 0
    except (EndpointError, QueryError) as err:
        print(f"plangraph push: error: {err}", file=sys.stderr)
        return 1


def _has_named_graphs(out_dir: Path) -> bool:
    """Whether a corpus build's store holds the documents' named graphs (built with --store graphs)."""
    from graph.corpus import read_manifest, store_layout

    return store_layout(read_manifest(out_dir)) == "graphs"


def serve_command(args: argparse.Namespace) -> int:
    """`plangraph serve [--out DIR] [--host H] [--port P]`: read-only oxigraph until Ctrl-C."""
    from graph.query import find_graph_file, is_corpus

    out = Path(args.out)
    try:
        if is_corpus(out):
            # the corpus build's own store, read-only: its default graph is the union of the documents
            location = store_dir(out)
            if not (location / "CURRENT").exists():
                raise QueryError(f"no oxigraph store in {location} (run the corpus build first)")
            served = f"the corpus store {location}"
            if not _has_named_graphs(out):
                served += (" (the union only: build with --store graphs to query one document with "
                           "default-graph-uri)")
        else:
            graph_file = find_graph_file(out)
            location = out / SERVER_DIRNAME
            load_location(graph_file, location)
            served = str(graph_file)
        server = start_server(location, args.host, args.port, read_only=True, quiet=False)
    except (EndpointError, QueryError) as err:
        print(f"plangraph serve: error: {err}", file=sys.stderr)
        return 1
    print(f"Serving {served} read-only at {server.url}/  (query page; SPARQL endpoint {server.query_url})")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while server.process.poll() is None:
            time.sleep(0.2)
        print(f"plangraph serve: the server stopped by itself (exit {server.process.returncode})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...", file=sys.stderr)
        server.stop()
        return 0

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
import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import rdflib

from graph.outputs import OutputFolder
from graph.store import (
    QueryError,
    QueryResult,
    Term,
    TermParts,
    _construct_result,
    bind_values,
    ntriples_bytes,
    plain,
    query_form,
)

USER_ENV, PASSWORD_ENV, TOKEN_ENV = "PLANGRAPH_USER", "PLANGRAPH_PASSWORD", "PLANGRAPH_TOKEN"
QUERY_TIMEOUT_S = 30  # `plangraph serve --timeout`: a runaway query must not hold the server
STATIC_DIR = Path(__file__).resolve().parent / "static"


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
            # SIGTERM, not SIGINT: a process started in the background by a shell script ignores
            # SIGINT, and the child inherits that (it then sat out the whole timeout).
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        return int(self.process.returncode or 0)


def _death_signal() -> Callable[[], object] | None:
    """A preexec_fn after which Linux sends the child SIGTERM when the thread that started it
    ends (prctl PR_SET_PDEATHSIG), so that not even a SIGKILLed `plangraph serve` leaves an
    oxigraph server behind; None elsewhere (stop() and the signal handlers still apply).

    prctl is looked up here, in the parent: after fork the child only calls it (loading a
    library there could deadlock on a lock another thread held at the fork).
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on host:port (a bind without SO_REUSEADDR would succeed)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def start_server(location: Path, host: str = "127.0.0.1", port: int | None = None, *,
                 read_only: bool = True, timeout: float = 20.0, quiet: bool = True,
                 query_timeout: float | None = None) -> ServerProcess:
    """Start `oxigraph serve-read-only` (or `serve`) on `location` and wait until it answers.

    `query_timeout` (seconds) is oxigraph's --timeout-s: a query running longer is cancelled.
    Raises EndpointError when the port is taken, the server exits or does not answer in time;
    the message is the server's last line, not its backtrace.
    """
    port = port or free_port(host)
    if not port_is_free(host, port):
        raise EndpointError(f"port {port} on {host} is already in use (another server?): choose another with --port")
    cmd = [str(oxigraph_binary()), "serve-read-only" if read_only else "serve",
           "--location", str(location), "--bind", f"{host}:{port}"]
    if query_timeout:
        cmd += ["--timeout-s", str(max(1, round(query_timeout)))]
    # stderr to a file, not a pipe: nobody reads a pipe while the server runs, and a full one
    # would block it; on failure its last line is the message.
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL if quiet else log, stderr=log, text=True,
                            preexec_fn=_death_signal())
    server = ServerProcess(proc, host, port, read_only)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            lines = [line.strip() for line in log.read().splitlines() if line.strip()]
            first_error = next((line for line in lines if "rror" in line), lines[-1] if lines else "")
            raise EndpointError(f"the oxigraph server stopped at once (exit {proc.returncode}): {first_error[:300]}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                if proc.poll() is None:
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
        pair = f"{user}:{env.get(PASSWORD_ENV, '')}".encode()
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
    except TimeoutError:
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


def _results_json(body: bytes) -> dict:
    """SPARQL JSON results, or EndpointError with the end of the answer.

    A server streams its answer, so a query cancelled halfway (oxigraph's --timeout-s) ends a
    200 answer with an error message where the JSON should go on.
    """
    try:
        data = json.loads(body)
    except ValueError:
        tail = body[-200:].decode("utf-8", "replace").strip().replace("\n", " ")
        raise EndpointError(f"the endpoint's answer is not SPARQL JSON results; it ends with: {tail}") from None
    if not isinstance(data, dict):
        raise EndpointError("the endpoint's answer is not SPARQL JSON results")
    return data


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
        data = _results_json(self._post(text, "application/sparql-results+json"))
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
        data = _results_json(self._post(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
                                     "application/sparql-results+json", dataset=False))
        bindings = data["results"]["bindings"]
        if not bindings:
            return 0
        count = plain(_json_term(bindings[0]["n"]))
        assert count is not None  # COUNT(*) always binds ?n
        return int(count)


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
    >>> derive_query_endpoint("https://db.cluster.example:8182/sparql/gsp/")  # Amazon Neptune
    'https://db.cluster.example:8182/sparql'

    Raises EndpointError when the URL fits none of them (give --query-endpoint).
    """
    base = endpoint.split("?", 1)[0].rstrip("/")
    for suffix, replacement in (("/store", "/query"), ("/data", "/sparql"), ("/sparql/gsp", "/sparql"),
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
    q = SparqlEndpoint(query_endpoint or derive_query_endpoint(endpoint), timeout=timeout)
    counted = _put_verified(endpoint, graph_iri, ntriples_bytes(graph), len(graph), q, timeout)
    return PushOutcome(graph_iri, len(graph), counted)


def _put_verified(endpoint: str, graph_iri: str, data: bytes, sent: int, query: SparqlEndpoint,
                  timeout: float) -> int:
    """PUT `data` (N-Triples, `sent` triples) as the named graph `graph_iri`, then COUNT it on
    `query`; a count that differs deletes the graph (best effort) and raises EndpointError."""
    http("PUT", gsp_url(endpoint, graph_iri), data,
         {"Content-Type": "application/n-triples; charset=utf-8"}, timeout)
    counted = query.count(graph_iri)
    if counted != sent:
        note = "deleted it"
        try:
            http("DELETE", gsp_url(endpoint, graph_iri), None, {}, timeout)
        except EndpointError as err:
            note = f"could not delete it ({err})"
        raise EndpointError(f"upload of <{graph_iri}> is incomplete: sent {sent} triples, the store "
                            f"counts {counted}; {note}")
    return counted


def push_corpus(out_dir: Path, endpoint: str, query_endpoint: str | None = None,
                timeout: float = 120.0) -> list[tuple[str, int]]:
    """Replace one named graph per dataset document of a corpus build on a SPARQL 1.1 store and
    verify each count.

    Uses the Graph Store Protocol (one PUT of the document's N-Triples to
    `endpoint?graph=<document IRI>`, which replaces that graph) and a COUNT on
    the SPARQL query endpoint (credentials from the environment). A graph whose
    count differs from the triples sent is deleted and EndpointError raised:
    nothing half-loaded is left silently. Returns [(graph IRI, triples)] in name order.

    Raises:
        EndpointError: the store refused a request or is down.
    """
    from graph import iris

    folder = OutputFolder(Path(out_dir))
    docs = folder.dataset_documents()
    if not docs:
        raise EndpointError(f"no corpus dataset in {out_dir} (run a corpus build first)")
    query = SparqlEndpoint(query_endpoint or derive_query_endpoint(endpoint), timeout=timeout)
    pushed = []
    for doc_id in docs:
        graph_iri = str(iris.doc_iri(doc_id))
        data = folder.doc_graph_bytes(doc_id)
        sent = data.count(b"\n") if data.strip() else 0
        _put_verified(endpoint, graph_iri, data, sent, query, timeout)
        pushed.append((graph_iri, sent))
    return pushed


def _graph_files(out_dir: Path) -> list[Path]:
    """The graph of a single build, else of each subfolder that holds one (graph.outputs)."""
    found = OutputFolder(out_dir).graph_files()
    if not found:
        raise QueryError(f"no graph file (graph.nt or *.ttl) in {out_dir}: run the build first")
    return found


def push_command(args: argparse.Namespace) -> int:
    """`plangraph push --endpoint URL [--graph IRI] [--query-endpoint URL] [--out DIR]`.

    A corpus build (a folder with corpus-manifest.json) is pushed as one named
    graph per document of its dataset; a single build as one graph.
    """
    if not Path(args.out).is_dir():
        print(f"plangraph push: error: no output folder {args.out}/ (run `plangraph build --out {args.out}` "
              "first, or give the build's folder with --out)", file=sys.stderr)
        return 2
    try:
        if OutputFolder(Path(args.out)).is_corpus:
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
    return OutputFolder(out_dir).store_layout() == "graphs"


# ---------------------------------------------------------------------------
# `plangraph serve`: our query page in front of a private oxigraph server
# ---------------------------------------------------------------------------

# Hop-by-hop headers (RFC 9110 7.6.1) are the front's own business, never relayed.
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "transfer-encoding", "upgrade", "host", "content-length"}


class _FrontHandler(BaseHTTPRequestHandler):
    """`/` and `/index.html`: graph/static/query.html; `/prefixes.json`: the graph's prefixes in
    prefix.cc's format (for the editor's PREFIX completion); anything else goes to oxigraph."""

    server: QueryFront
    protocol_version = "HTTP/1.0"  # one request per connection: the relay can stream to EOF

    def log_message(self, format: str, *args: object) -> None:  # `format`: the stdlib's parameter name
        pass  # a request log on the console is noise for a local, personal server

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if self.command in ("GET", "HEAD") and path in ("/", "/index.html"):
            self._send(200, (STATIC_DIR / "query.html").read_bytes(), "text/html; charset=utf-8")
        elif self.command in ("GET", "HEAD") and path == "/prefixes.json":
            from graph.vocab import PLANGRAPH_PREFIXES

            self._send(200, json.dumps(PLANGRAPH_PREFIXES).encode("utf-8"), "application/json")
        else:
            self._relay()

    def _relay(self) -> None:
        import http.client

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        conn = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port,
                                          timeout=self.server.upstream_timeout)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            self.send_response(resp.status, resp.reason)
            for k, v in resp.getheaders():
                if k.lower() not in _HOP_BY_HOP:
                    self.send_header(k, v)
            self.end_headers()
            while chunk := resp.read(1 << 16):
                self.wfile.write(chunk)
        except (OSError, http.client.HTTPException) as err:
            try:
                self._send(502, f"the oxigraph server did not answer: {err}\n".encode(), "text/plain")
            except OSError:
                pass  # the browser went away
        finally:
            conn.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _handle


class QueryFront(ThreadingHTTPServer):
    """The address people open: our offline query page, everything else relayed to oxigraph."""

    daemon_threads = True

    def __init__(self, host: str, port: int, upstream_timeout: float) -> None:
        self.upstream_host, self.upstream_port = "127.0.0.1", 0  # set once oxigraph runs
        self.upstream_timeout = upstream_timeout
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), _FrontHandler)


class _Stop(Exception):
    """SIGTERM or SIGHUP: stop like Ctrl-C."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signal.Signals(signum).name)


def serve_command(args: argparse.Namespace) -> int:
    """`plangraph serve [--out DIR] [--host H] [--port P] [--timeout S]`: read-only until stopped.

    The port people open is ours (QueryFront): an offline query page and a relay to a
    read-only oxigraph server on a private loopback port. Ctrl-C, SIGTERM and SIGHUP stop both;
    a busy port or a server that cannot start is one line on stderr and exit 1.
    """
    from graph.query import find_graph_file

    out = Path(args.out)
    given = getattr(args, "timeout", None)
    timeout = QUERY_TIMEOUT_S if given is None else float(given)
    server: ServerProcess | None = None
    front: QueryFront | None = None
    serving = False
    previous = {s: signal.signal(s, _raise_stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        try:
            if timeout <= 0:
                raise EndpointError("--timeout must be a positive number of seconds")
            # Our address first: a busy port is the likeliest failure, and must cost nothing.
            try:
                front = QueryFront(args.host, args.port, timeout + 10)
            except OSError as err:
                reason = "already in use (another server?)" if err.errno == errno.EADDRINUSE else (err.strerror or str(err))
                raise EndpointError(f"cannot listen on {args.host}:{args.port}: {reason}; "
                                    "choose another port with --port") from None
            if OutputFolder(out).is_corpus:
                # the corpus build's own store, read-only: its default graph is the union of the documents
                location = OutputFolder(out).store
                if not (location / "CURRENT").exists():
                    raise QueryError(f"no oxigraph store in {location} (run the corpus build first)")
                served = f"the corpus store {location}"
                if not _has_named_graphs(out):
                    served += (" (the union only: build with --store graphs to query one document with "
                               "default-graph-uri)")
            else:
                graph_file = find_graph_file(out)
                location = OutputFolder(out).server_store
                load_location(graph_file, location)
                served = str(graph_file)
            server = start_server(location, "127.0.0.1", None, read_only=True, query_timeout=timeout)
            front.upstream_host, front.upstream_port = server.host, server.port
        except (EndpointError, QueryError) as err:
            print(f"plangraph serve: error: {err}", file=sys.stderr)
            return 1
        threading.Thread(target=front.serve_forever, name="plangraph-serve", daemon=True).start()
        serving = True
        host, port = front.server_address[:2]
        assert isinstance(host, str)  # an AF_INET(6) server's address: (host, port, ...)
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
        print(f"Serving {served} read-only at {url}/  (query page; SPARQL endpoint {url}/query; "
              f"queries time out after {timeout:g} s)")
        print("Press Ctrl-C to stop.", flush=True)
        while server.process.poll() is None:
            time.sleep(0.2)
        print(f"plangraph serve: the server stopped by itself (exit {server.process.returncode})", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, _Stop):
        print("\nstopping ...", file=sys.stderr)
        return 0
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if front is not None:
            if serving:
                front.shutdown()
            front.server_close()
        if server is not None:
            server.stop()

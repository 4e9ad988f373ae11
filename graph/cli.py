"""Command line: `plangraph build|query|serve|push|reconcile|view` (and `python build.py`).

Consumes: argv. Produces: an exit code. Parses arguments only; each command's
work lives in its stage module, imported lazily so `--help` is instant.

Exit codes: 0 success, 1 the work ran but found problems (SHACL violations, a
failed document in a corpus, a failed push), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graph import __version__
from graph.corpus import STORE_LAYOUTS
from graph.outputs import RDF_FILES
from graph.read import DAMAGE_PER, DEFAULT_MAX_MB

DEFAULT_OUT = Path("out")
RDF_FORMATS = tuple(RDF_FILES)  # graph.outputs: turtle, json-ld, nt, xml, trig, nquads


def _add_build_arguments(p: argparse.ArgumentParser, positional: bool) -> None:
    if positional:
        p.add_argument("source", nargs="?", type=Path, default=None,
                       help="a plan text file, or a folder of them (default: the bundled Zhengzhou 2023 example)")
    p.add_argument("--source", dest="source_opt", type=Path, default=None, metavar="FILE|DIR",
                   help="a plan text file (UTF-8 or GB18030), or a folder of them for a corpus build "
                        "(default: the bundled Zhengzhou 2023 example)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="output folder (default: out/)")
    p.add_argument("--format", dest="formats", action="append", choices=RDF_FORMATS, metavar="FMT",
                   help=f"RDF serialisation(s) to write, repeatable; one of {', '.join(RDF_FORMATS)} "
                        "(default: turtle, json-ld and nt)")
    p.add_argument("--no-views", action="store_true", help="skip the interactive HTML views")
    p.add_argument("--no-docs", action="store_true", help="skip the ontology documentation (pyLODE)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="documents built in parallel in a corpus build (default: number of cores)")
    p.add_argument("--force", action="store_true",
                   help="corpus build: rebuild documents even when their content has not changed")
    p.add_argument("--validator", choices=("sparql", "pyshacl"), default=None,
                   help="corpus build: SHACL validator per document; sparql (default) runs the shapes compiled "
                        "to SPARQL on pyoxigraph (graph.fastcheck), pyshacl the reference validator. "
                        "Single-file builds always use pyshacl")
    p.add_argument("--store", dest="store_layout", choices=STORE_LAYOUTS, default=None,
                   help="corpus build: what the pyoxigraph store holds. union (default): the union of the "
                        "documents in its default graph, the fastest to load; graphs: one named graph per "
                        "document as well (about three times the loading time), for GRAPH ?doc queries and "
                        "for serving per-document queries (default-graph-uri) with `plangraph serve`. The "
                        "named graphs are in corpus.nq and corpus.trig either way")
    p.add_argument("--max-size", dest="max_size", type=float, default=None, metavar="MB",
                   help=f"refuse (exit 2) a plan file larger than MB megabytes (default: {DEFAULT_MAX_MB}, about "
                        "400 times the largest real report; a long document costs about 16 CPU seconds and "
                        "0.4 GB of memory per MB, bench/robust_scale.py). A UTF-8 "
                        f"file with a few stray bytes (at most one per {DAMAGE_PER} non-ASCII bytes) is read "
                        "with each replaced by its cp1252 character and a warning naming it; more damage "
                        "is refused. Documents over 200,000 characters (about 0.6 MB) take "
                        "the long-document build: no views nor precomputed query tables, SHACL by the "
                        "shapes compiled to SPARQL")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors and the final summary line")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plangraph",
        description="Turn a Chinese government work plan into a validated knowledge graph "
                    "of its themes, measures, quantified targets, projects, places, organisations, "
                    "programmes and people.",
        epilog="Run `plangraph COMMAND --help` for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"plangraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("build", help="extract, assemble, validate and export a plan (or a folder of plans)",
                       description="Build the knowledge graph of a plan: targets.csv, entities.csv, "
                                   "the graph in Turtle/JSON-LD/N-Triples, the SHACL report, "
                                   "the ontology documentation, query results and views.")
    _add_build_arguments(p, positional=True)

    p = sub.add_parser("query", help="run a SPARQL query from queries/ (by name) or a .rq file",
                       description="Run a SPARQL query over the built graph. Parameters are bound as "
                                   "RDF terms of the type the query's header declares (string, zh label, "
                                   "IRI, number), never pasted into the query text; a parameter not given "
                                   "takes the header's example. `plangraph query list` lists the library.")
    p.add_argument("query", help="query name (e.g. targets-by-theme, ceiling-targets), path to a .rq file, "
                                 "or `list`")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE; repeatable")
    p.add_argument("--format", choices=("table", "csv", "json", "turtle", "nt"), default="table",
                   help="output format (turtle and nt for CONSTRUCT queries; default: table, "
                        "Turtle for CONSTRUCT)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="the build's output folder holding the graph (default: out/)")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                   help="embedded store to query (default: oxigraph; rdflib is the in-memory fallback)")
    p.add_argument("--plan", default=None, metavar="DOC",
                   help="on a corpus build, ask about one document only (its id, file name or IRI, e.g. "
                        "2026-anhui): its named graph is queried as the default graph. Without it a corpus "
                        "query sees the union of every document")

    p = sub.add_parser("serve", help="serve the built graph over SPARQL with the oxigraph server",
                       description="Start a read-only oxigraph SPARQL server on the built graph, with a "
                                   "query page that works offline; prints the URL; Ctrl-C (or SIGTERM) "
                                   "stops it.")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="the build's output folder")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="cancel a query that runs longer than this (default: 30)")

    p = sub.add_parser("push", help="upload the graph to a SPARQL 1.1 triplestore (Graph Store Protocol)",
                       description="Replace one named graph per document on a SPARQL 1.1 store "
                                   "(Fuseki, GraphDB, Virtuoso, Oxigraph ...) and verify the triple count. "
                                   "Credentials come from PLANGRAPH_USER and PLANGRAPH_PASSWORD "
                                   "(or PLANGRAPH_TOKEN for a bearer token).")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL (e.g. http://localhost:7878/store)")
    p.add_argument("--query-endpoint", default=None, metavar="URL",
                   help="SPARQL query URL used to verify counts (default: derived from --endpoint)")
    p.add_argument("--graph", default=None, metavar="IRI",
                   help="named graph IRI (default: the document's IRI; one per document in a corpus)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                   help="the output folder of a single build or of a corpus build (default: out)")

    p = sub.add_parser("reconcile", help="a plan's targets against the next year's review (reconciliation.csv)",
                       description="Pair every target of plan A's year with the outcome that plan B (the next "
                                   "year's report of the same jurisdiction) states for that year, and give "
                                   "each a status (met, not_met, not_reported, unclear) by rule version 1. "
                                   "Writes reconciliation.csv into --out.")
    p.add_argument("plan", type=Path, help="the year-Y report (its plan for year Y)")
    p.add_argument("review", type=Path, help="the year-Y+1 report (its review of year Y)")
    p.add_argument("--year", type=int, default=None, metavar="Y",
                   help="the year to reconcile (default: the plan year of the first report, which the "
                        "second must follow)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="output folder (default: out/)")

    p = sub.add_parser("view", help="write the views of a build or a corpus, or one around a place",
                       description="Write the HTML views (offline) of a build's output folder: on a corpus "
                                   "build the corpus index and one comparison page per canonical indicator, "
                                   "on a single build its views; with --place, the neighbourhood of a place.")
    p.add_argument("folder", nargs="?", type=Path, default=None,
                   help="the output folder of a build or a corpus build (default: --out, out/)")
    p.add_argument("--place", default=None, help="place label, e.g. 航空港区 (a single build's)")
    p.add_argument("--radius", type=int, default=2, help="hops around the place (default: 2)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="the build's output folder")
    p.add_argument("--open", action="store_true", help="open the index page in the web browser")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """dispatch(), with the checks argparse cannot express and a quiet end when stdout is closed."""
    if args.command == "build":
        given = [s for s in (args.source, args.source_opt) if s is not None]
        if len(given) == 2 and given[0] != given[1]:
            parser.error(f"two plans given ({given[0]} and {given[1]}): give the plan once, "
                         "as FILE or as --source FILE")
        args.source = given[0] if given else None
    try:
        code = dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here rather than at interpreter exit
        return code
    except BrokenPipeError:
        # `plangraph query list | head`: the reader has what it wanted. Python would print a
        # traceback, and another one when it flushes stdout at exit: point stdout at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a C tool killed by the closed pipe reports


def dispatch(args: argparse.Namespace) -> int:
    if args.command == "build":
        from graph.pipeline import build_command

        return build_command(args)
    if args.command == "query":
        from graph.query import query_command

        return query_command(args)
    if args.command == "serve":
        from graph.serve import serve_command

        return serve_command(args)
    if args.command == "push":
        from graph.serve import push_command

        return push_command(args)
    if args.command == "reconcile":
        from graph.reconcile_cli import reconcile_command

        return reconcile_command(args)
    if args.command == "view":
        from graph.corpus_views import view_command

        return view_command(args)
    raise AssertionError(args.command)


def build_main(argv: list[str] | None = None) -> int:
    """`python build.py`: the build command without the subcommand word."""
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the PlanGraph knowledge graph of a plan into an output folder. "
                    "With no arguments: the bundled Zhengzhou 2023 example into out/.",
    )
    parser.add_argument("--version", action="version", version=f"plangraph {__version__}")
    _add_build_arguments(parser, positional=True)
    args = parser.parse_args(argv)
    args.command = "build"
    return _run(parser, args)


if __name__ == "__main__":
    sys.exit(main())

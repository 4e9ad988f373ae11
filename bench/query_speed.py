#!/usr/bin/env python3
"""Query latency on the bundled example: embedded pyoxigraph against rdflib, per library query.

Consumes: examples/zhengzhou-2023.txt (built in memory with graph.pipeline.build_graph)
and every .rq file of queries/. Produces: a table on stdout — load time per
engine, then the median (and min) latency of each query over --runs runs after
one warm-up run, and the ratio. Not a test: numbers depend on the machine.

    .venv/bin/python bench/query_speed.py [--runs 7] [--source FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rdflib

from graph.query import bindings_for, discover
from graph.store import RdflibStore, load_oxigraph, ntriples_bytes, run_query


def timed(fn, runs: int) -> tuple[float, float, object]:
    """(median seconds, min seconds, last result) over `runs` calls after one warm-up call."""
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per query (default 7)")
    ap.add_argument("--source", type=Path, default=None, help="plan file (default: the bundled example)")
    args = ap.parse_args(argv)

    from graph.pipeline import build_graph

    t0 = time.perf_counter()
    g = build_graph(args.source)
    build_s = time.perf_counter() - t0
    nt = ntriples_bytes(g)

    # Loading, as each engine would load the build's graph.nt from disk
    t0 = time.perf_counter()
    ox = load_oxigraph(g)
    ox_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    g2 = rdflib.Graph()
    g2.parse(data=nt.decode("utf-8"), format="nt")
    rl_load = time.perf_counter() - t0
    rl = RdflibStore(g2)

    print(f"graph: {len(g)} triples (built in {build_s:.2f} s); runs per query: {args.runs} after a warm-up")
    print(f"load: pyoxigraph {ox_load * 1000:.1f} ms (N-Triples bulk load, in memory), "
          f"rdflib {rl_load * 1000:.1f} ms (N-Triples parse)")
    print()
    header = f"{'query':<40} {'rows':>5} {'oxigraph ms':>12} {'rdflib ms':>10} {'rdflib/ox':>9}"
    print(header)
    print("-" * len(header))
    tot_ox = tot_rl = 0.0
    for info in discover():
        b = bindings_for(info, {})
        # the query and its bindings as defaults: each lambda runs this iteration's query
        ox_med, _, res = timed(lambda text=info.text, b=b: run_query(ox, text, b), args.runs)
        rl_med, _, res2 = timed(lambda text=info.text, b=b: run_query(rl, text, b), args.runs)
        assert res.rows == res2.rows, f"{info.name}: engines disagree"
        tot_ox += ox_med
        tot_rl += rl_med
        ratio = rl_med / ox_med if ox_med > 0 else float("inf")
        print(f"{info.kind + '/' + info.name:<40} {len(res.rows):>5} {ox_med * 1000:>12.2f} {rl_med * 1000:>10.1f} "
              f"{ratio:>8.0f}x")
    print("-" * len(header))
    print(f"{'all ' + str(len(discover())) + ' queries (sum of medians)':<40} {'':>5} {tot_ox * 1000:>12.1f} "
          f"{tot_rl * 1000:>10.1f} {tot_rl / tot_ox:>8.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

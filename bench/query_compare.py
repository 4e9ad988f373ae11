#!/usr/bin/env python3
"""Two or more texts of a query on the same pyoxigraph store, timed interleaved, rows compared.

How the figure counts of issue 13 were measured: the earlier text of a library query (say from
`git show REV:queries/cq/plan-profile.rq > /tmp/old.rq`) against the current one, on the same
build's store, so the machine's load falls on both alike. The library's parameters are bound as
the library binds them (a VALUES block, graph.store.bind_values): indicator=gdpGrowth and
entityLabel=长江经济带, the cases cross_plan_bench.py asks at scale.

Usage:

    python bench/query_compare.py bench/out/build-1000c/store /tmp/old.rq queries/cq/plan-profile.rq --runs 5

Prints, per text, the fastest and the median run in ms, the number of rows and whether they are
the rows of the first text (same order).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from rdflib import Literal  # noqa: E402

from graph.store import bind_values  # noqa: E402

PARAMS = {"indicator": Literal("gdpGrowth"), "entityLabel": Literal("长江经济带")}


def prepared(text: str) -> str:
    """The text with the parameters it names bound."""
    used = {k: v for k, v in PARAMS.items() if f"?{k}" in text}
    return bind_values(text, used) if used else text


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path, help="a pyoxigraph store folder (a build's store/)")
    ap.add_argument("queries", type=Path, nargs="+", help="query files; the first is the baseline")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    if not args.store.is_dir():
        print(f"error: no store at {args.store}", file=sys.stderr)
        return 2
    store = ox.Store.read_only(str(args.store))
    texts = {p: prepared(p.read_text(encoding="utf-8")) for p in args.queries}
    times: dict[Path, list[float]] = {p: [] for p in texts}
    rows: dict[Path, list[tuple]] = {}
    for _ in range(args.runs):
        for p, text in texts.items():
            t0 = time.perf_counter()
            rows[p] = [tuple(str(v) if v is not None else None for v in r) for r in store.query(text)]
            times[p].append(time.perf_counter() - t0)
    first = args.queries[0]
    for p in texts:
        print(f"{p}: fastest {min(times[p]) * 1000:,.0f} ms, median {statistics.median(times[p]) * 1000:,.0f} ms, "
              f"{len(rows[p]):,} rows, same rows as {first.name}: {rows[p] == rows[first]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""The `# scope: corpus` queries as they are now against their text at an earlier git revision
(issue 13): the same rows, columns and order, and each one's median time on pyoxigraph, the
earlier text timed in the same run as the baseline.

Usage:

    python bench/cross_plan_rewrite.py --rev 96890b4 bench/out/build-100 bench/out/build-400
    python bench/cross_plan_rewrite.py --rev 96890b4 --check-only --labels 40 out/

Cases per query: the parameters cross_plan_bench.py asks at scale, the header's example, and
unbound (how graph/corpus_views.py runs indicator-across-plans); with --labels N, every
canonical indicator id and N entity labels of the store as well (compared, not timed).
Rows that differ only in the order of rows tied on the earlier ORDER BY keys are reported as
"ties" (the earlier order there was the engine's, not the query's).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cross_plan_bench import PARAMS  # noqa: E402

from graph.query import QueryInfo, discover, load_query, open_store, run_library_query  # noqa: E402
from graph.store import QueryResult, Store, run_query  # noqa: E402

INDICATOR_IDS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?n WHERE { ?c skos:notation ?n ; skos:inScheme <https://w3id.org/plangraph/id/concept/indicator> }
ORDER BY ?n"""
ENTITY_LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pg: <https://w3id.org/plangraph/ontology#>
SELECT DISTINCT ?l WHERE { ?e pg:mention ?m ; skos:prefLabel|skos:altLabel ?l } ORDER BY ?l"""
PARAM_OF = {"indicator-across-plans": ("indicator", INDICATOR_IDS), "entity-across-plans": ("entityLabel", ENTITY_LABELS)}


def earlier(info: QueryInfo, rev: str, scratch: Path) -> QueryInfo:
    """The query's text at `rev`, read with that text's own header."""
    rel = info.path.relative_to(ROOT).as_posix()
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{rel}"], check=True,
                          capture_output=True, text=True).stdout
    path = scratch / info.path.name
    path.write_text(text, encoding="utf-8")
    return load_query(path, info.kind)


def run(store: Store, info: QueryInfo, params: dict[str, str] | None) -> QueryResult:
    return run_query(store, info.text) if params is None else run_library_query(store, info, params)


def order_keys(text: str) -> list[str]:
    m = re.search(r"^ORDER BY (.+)$", text, re.M)
    return re.findall(r"\?(\w+)", m.group(1)) if m else []


def compare(old: QueryResult, new: QueryResult, keys: list[str]) -> str:
    """"same", "ties" (same rows; the same sequence of the earlier ORDER BY keys) or "DIFFERENT"."""
    if old.columns == new.columns and old.rows == new.rows:
        return "same"
    if old.columns != new.columns or sorted(map(repr, old.rows)) != sorted(map(repr, new.rows)):
        return "DIFFERENT"
    idx = [old.columns.index(k) for k in keys if k in old.columns]
    seq = [[tuple(r[i] for i in idx) for r in res.rows] for res in (old, new)]
    return "ties" if seq[0] == seq[1] else "DIFFERENT"


def median_ms(store: Store, info: QueryInfo, params: dict[str, str] | None, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run(store, info, params)
        times.append(time.perf_counter() - t0)
        if times[-1] > 5:  # one run past 5 s, as cross_plan_bench.py
            break
    return statistics.median(times) * 1000


def main_cases(info: QueryInfo, unbound: bool = True) -> list[dict[str, str] | None]:
    """The scale parameters, the header example, and unbound (for a query with parameters)."""
    found: list[dict[str, str] | None] = [PARAMS[info.name]] if info.name in PARAMS else []
    return found + [{}] + ([None] if info.params and unbound else [])


def cases(store: Store, info: QueryInfo, labels: int, unbound: bool = True) -> list[dict[str, str] | None]:
    found, name = main_cases(info, unbound), info.name
    if labels and name in PARAM_OF:
        param, listing = PARAM_OF[name]
        values = [r[0] for r in run_query(store, listing).rows]
        if param == "entityLabel":
            values = values[:: max(1, len(values) // labels)][:labels]
        found += [{param: str(v)} for v in values]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("builds", nargs="+", type=Path, help="build folders (a corpus build or a single plan's)")
    parser.add_argument("--rev", required=True, help="the git revision whose query texts are the baseline")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--labels", type=int, default=0, help="also compare every indicator id and N entity labels")
    parser.add_argument("--check-only", action="store_true", help="compare the rows, time nothing")
    parser.add_argument("--skip-unbound", action="store_true",
                        help="leave out the unbound cases (entity-across-plans unbound lists every entity of every plan)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cross-plan-rewrite-") as tmp:
        bad = report(args, Path(tmp))
    print("\nall rows the same" if not bad else f"\n{bad} case(s) DIFFERENT")
    return 1 if bad else 0


def report(args: argparse.Namespace, scratch: Path) -> int:
    """Print the tables; the number of cases whose rows differ."""
    bad = 0
    for out in args.builds:
        store = open_store(out)
        print(f"\n{out} ({len(store):,} triples)")
        print(f"{'query':28} {'case':34} {'rows':>6} {'before ms':>10} {'after ms':>9} {'x':>6}  rows")
        for info in (q for q in discover() if q.cross_plan):
            old = earlier(info, args.rev, scratch)
            every = cases(store, info, args.labels, not args.skip_unbound)
            for i, params in enumerate(every):
                verdict = compare(run(store, old, params), new := run(store, info, params), order_keys(old.text))
                bad += verdict == "DIFFERENT"
                main = i < len(main_cases(info, not args.skip_unbound))
                timed = main and not args.check_only
                if not main and verdict != "DIFFERENT":
                    continue
                named = ", ".join(f"{k}={v}" for k, v in params.items()) if params is not None else ""
                label = "unbound" if params is None else (named or "header example")
                before = median_ms(store, old, params, args.runs) if timed else float("nan")
                after = median_ms(store, info, params, args.runs) if timed else float("nan")
                print(f"{info.name:28} {label[:34]:34} {len(new.rows):>6} {before:>10,.1f} {after:>9,.1f} "
                      f"{before / max(after, 0.01):>6.1f}  {verdict}", flush=True)
            if args.labels:
                print(f"{info.name:28} {len(every)} cases compared")
    return bad


if __name__ == "__main__":
    sys.exit(main())

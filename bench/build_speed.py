#!/usr/bin/env python3
"""Build speed on the bundled example: triple count, time per stage, pyshacl time.

Run by hand (not a test): `.venv/bin/python bench/build_speed.py [--runs N] [--source FILE]`.
Prints one table. The first run includes imports and jieba's start-up and is
reported separately; the others give the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import export, pipeline
from graph.assemble import assemble
from graph.validate import report_text, report_turtle, validate


def one_build(source: Path, out: Path) -> dict[str, float | int]:
    t: dict[str, float | int] = {}
    t0 = time.perf_counter()
    ex = pipeline.extract(source)
    t["extract"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    g = assemble(ex)
    t["assemble"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    outcome = validate(g)
    t["pyshacl"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    export.write_graph(g, out, export.DEFAULT_FORMATS)
    export.write_tables(ex, out)
    export.write_report(report_text(outcome, timing=False), report_turtle(outcome), out)
    t["export"] = time.perf_counter() - t3
    t4 = time.perf_counter()
    pipeline.write_ontology_docs(g, ex, out)
    t["pylode"] = time.perf_counter() - t4
    t["total"] = time.perf_counter() - t0
    t["triples"] = len(g)
    t["violations"] = len(outcome.violations)
    t["warnings"] = len(outcome.warnings)
    return t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--source", type=Path, default=pipeline.DEFAULT_SOURCE)
    args = p.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            runs.append(one_build(args.source, Path(tmp) / f"run{i}"))
    first, rest = runs[0], runs[1:] or runs
    print(f"source: {args.source.name}  triples: {first['triples']}  "
          f"violations: {first['violations']}  warnings: {first['warnings']}")
    print(f"{'stage':<10} {'first run (s)':>14} {'median of rest (s)':>19}")
    for stage in ("extract", "assemble", "pyshacl", "export", "pylode", "total"):
        med = statistics.median(float(r[stage]) for r in rest)
        print(f"{stage:<10} {float(first[stage]):>14.2f} {med:>19.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

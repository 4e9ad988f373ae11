#!/usr/bin/env python3
"""Per-document CPU of a corpus build's stages, this tree against a baseline tree, in one run.

Run by hand (not a test):

    .venv/bin/python bench/assemble_speed.py [--base /tmp/pg-base] [--rounds 3] [FILES...]

Default files: the real reports in ../shared/corpus/*.txt. Each round runs, in
fresh subprocesses and alternating, the baseline tree's code and this tree's
code; each subprocess builds every file in turn with graph.corpus.build_document
(the very function a corpus worker runs, so the stages are the real ones) after
one untimed warm-up build of the bundled example. build_document's stage
timings are switched from wall-clock to process CPU time (time.process_time),
because the machine is shared and wall time is noisy. Prints, per stage, the
median over rounds of the mean per-document CPU seconds, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
STAGES = ("extract", "assemble", "serialize", "validate", "write")


def worker(root: Path, files: list[Path], out: Path) -> dict[str, float]:
    """Build `files` with the code under `root`; mean CPU seconds per document per stage."""
    import time
    import types

    sys.path.insert(0, str(root))
    from graph import corpus

    # build_document times its stages with time.perf_counter: make that CPU time
    corpus.time = types.SimpleNamespace(perf_counter=time.process_time)

    def build(path: Path, n: int) -> dict[str, float]:
        job = corpus.DocJob(str(path), f"d{n}-{path.stem}", "-", str(out / f"d{n}"), "sparql", ())
        summary = corpus.build_document(job)
        if summary.status not in ("built", "invalid"):
            raise SystemExit(f"{path}: {summary.status}: {summary.error}")
        return summary.timings

    build(root / "examples" / "zhengzhou-2023.txt", 0)  # warm-up: imports, dictionaries, compiled shapes
    totals = dict.fromkeys(STAGES, 0.0)
    for n, path in enumerate(files, start=1):
        for stage, seconds in build(path, n).items():
            totals[stage] = totals.get(stage, 0.0) + seconds
    return {stage: seconds / len(files) for stage, seconds in totals.items()}


def run_tree(root: Path, files: list[Path]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, __file__, "--worker", str(root), "--out", tmp, *map(str, files)]
        done = subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="*", type=Path)
    p.add_argument("--base", type=Path, default=Path("/tmp/pg-base"), help="the baseline tree")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--limit", type=int, default=6, help="at most this many default files")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    files = [f.resolve() for f in args.files] or sorted((HERE.parent / "shared" / "corpus").glob("*.txt"))[: args.limit]
    if args.worker:
        print(json.dumps(worker(args.worker, files, args.out)))
        return 0
    trees = {"base": args.base.resolve(), "this": HERE}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, root in trees.items():
            runs[name].append(run_tree(root, files))
    print(f"{len(files)} documents, {args.rounds} rounds; median of per-round mean CPU ms per document")
    print(f"{'stage':<10} {'base':>9} {'this':>9} {'this/base':>10}")
    sums = {name: 0.0 for name in trees}
    for stage in STAGES:
        med = {name: statistics.median(r.get(stage, 0.0) for r in runs[name]) for name in trees}
        for name in trees:
            sums[name] += med[name]
        ratio = med["this"] / med["base"] if med["base"] else float("nan")
        print(f"{stage:<10} {med['base'] * 1000:9.1f} {med['this'] * 1000:9.1f} {ratio:10.2f}")
    print(f"{'total':<10} {sums['base'] * 1000:9.1f} {sums['this'] * 1000:9.1f} {sums['this'] / sums['base']:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction speed per stage over the real reports (a measurement, not a test).

Characters per CPU second (process_time) of each stage of `graph.extraction.extract_text`
(segment, figures, entities, actions, the rest), over the corpus reports, after a
warm-up document (imports, rule tables, jieba's dictionary). Each of N runs extracts
every report once; the table shows the median run. With --base DIR the same is
measured for the `graph` package of another tree (a git worktree of an earlier
commit) in the same session, runs interleaved, so both see the same machine load.

Stages are timed by wrapping the functions `extract_text` calls, so the stage
names must stay: graph.segment.segment, graph.extraction.extract_figures, _entities,
find_actions and account_numbers.

Usage: .venv/bin/python bench/extract_corpus_speed.py [--base /tmp/pg-base] [-n 5] [FILE ...]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
STAGES = ("segment", "figures", "entities", "actions", "numbers", "other", "total")


def _worker(tree: Path, files: list[Path]) -> dict[str, float]:
    """One run in this process: CPU seconds per stage over all files."""
    sys.path.insert(0, str(tree))
    import graph.extraction as ex
    import graph.segment as seg

    spent = dict.fromkeys(STAGES, 0.0)

    def timed(stage: str, fn):
        def wrapper(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - t
        return wrapper

    seg.segment = timed("segment", seg.segment)
    ex.extract_figures = timed("figures", ex.extract_figures)
    ex._entities = timed("entities", ex._entities)
    ex.find_actions = timed("actions", ex.find_actions)
    ex.account_numbers = timed("numbers", ex.account_numbers)
    ex.extract_document(files[0])  # warm-up: imports, tables, jieba
    for k in spent:
        spent[k] = 0.0
    t0 = time.process_time()
    for f in files:
        ex.extract_document(f)
    spent["total"] = time.process_time() - t0
    spent["other"] = spent["total"] - sum(spent[s] for s in STAGES if s not in ("other", "total"))
    return spent


def _run(tree: Path, files: list[Path]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--worker", str(tree), *map(str, files)],
                         check=True, capture_output=True, text=True, cwd=tree)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--worker":
        print(json.dumps(_worker(Path(argv[1]), [Path(a) for a in argv[2:]])))
        return 0
    n = int(argv[argv.index("-n") + 1]) if "-n" in argv else 5
    base = Path(argv[argv.index("--base") + 1]) if "--base" in argv else None
    files = [Path(a).resolve() for a in argv if a.endswith(".txt")] or sorted(CORPUS.glob("*.txt"))
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    trees = {"this tree": ROOT} | ({f"base ({base})": base} if base else {})
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(n):
        for name, tree in trees.items():  # interleaved: both see the same load
            runs[name].append(_run(tree, files))
    print(f"{len(files)} documents, {chars:,} characters; median of {n} runs, CPU time (process_time)")
    print(f"{'stage':<10}" + "".join(f"{name:>28}" for name in trees))
    for stage in STAGES:
        cells = []
        for name in trees:
            sec = statistics.median(r[stage] for r in runs[name])
            cells.append(f"{chars / sec if sec > 0 else float('inf'):>14,.0f} c/s {sec:>7.3f} s")
        print(f"{stage:<10}" + "".join(f"{c:>28}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

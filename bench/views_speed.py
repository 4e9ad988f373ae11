#!/usr/bin/env python3
"""Benchmark: graph.views.render_views on real reports, this tree against a baseline tree.

Consumes: a sample of the real reports in tests/fixtures/corpus and tests/fixtures/genre
(evenly spaced in name order), each built once into an rdflib graph by this tree's
extraction and kept as N-Triples in ``--out`` (both trees draw the same graphs); ``--base
DIR``, an earlier tree (``git worktree add DIR REV`` or ``git archive REV | tar -x -C DIR``).
Produces: figures on stdout (not a test): per report the median seconds of render_views over
``--rounds`` runs for the base and this tree, the speed-up, and whether every page and asset
the two wrote is the same bytes.

How: two worker processes, one importing graph.views from each tree, each with every graph
parsed up front and one untimed warm-up render (imports, compiled templates). The parent asks
them in turn, report by report, alternating which goes first, so both see the same load on
the machine.

Usage: .venv/bin/python bench/views_speed.py --base DIR [--corpus 5] [--genre 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def sample(folder: Path, count: int) -> list[Path]:
    """``count`` texts of ``folder`` evenly spaced in name order (the same ones every run)."""
    files = sorted(folder.glob("*.txt"))
    if count <= 0 or not files:
        return []
    step = len(files) / count
    return [files[int(i * step)] for i in range(min(count, len(files)))]


def graph_files(sources: list[Path], out: Path) -> list[Path]:
    """Each source built into ``out/graphs/NAME.nt`` with this tree (once; reused after)."""
    sys.path.insert(0, str(ROOT))
    from graph.pipeline import build_graph

    folder = out / "graphs"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for src in sources:
        path = folder / f"{src.parent.name}-{src.stem}.nt"
        if not path.exists():
            t0 = time.perf_counter()
            build_graph(src).serialize(path, format="nt", encoding="utf-8")
            print(f"  built {path.name} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# Worker: one tree's render_views, driven by JSON lines on stdin
# ---------------------------------------------------------------------------


def worker(tree: Path, graphs: list[str]) -> None:
    sys.path.insert(0, str(tree))
    from rdflib import Graph

    import graph.views as views

    if not Path(views.__file__).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"graph.views came from {views.__file__}, not from {tree}")
    loaded = {}
    for path in graphs:
        g = Graph()
        g.parse(path, format="nt")
        loaded[path] = g
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        out = Path(job["out"])
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        pages = views.render_views(loaded[job["graph"]], out)
        seconds = time.perf_counter() - t0
        print(json.dumps({"seconds": seconds, "pages": len(pages)}), flush=True)


class Worker:
    def __init__(self, tree: Path, graphs: list[Path]) -> None:
        self.tree = tree
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(tree), *map(str, graphs)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                     cwd=str(tree))
        self.read()

    def read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker {self.tree} stopped (exit {self.proc.wait()})")
        return json.loads(line)

    def render(self, graph: Path, out: Path) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"graph": str(graph), "out": str(out)}) + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def same_tree(a: Path, b: Path) -> bool:
    """Every file under ``a`` and ``b`` the same bytes, none missing on either side."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, help="the baseline tree (a git worktree or archive)")
    ap.add_argument("--corpus", type=int, default=5, help="reports from tests/fixtures/corpus")
    ap.add_argument("--genre", type=int, default=3, help="reports from tests/fixtures/genre")
    ap.add_argument("--rounds", type=int, default=3, help="timed runs per report and tree (median)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "views-speed")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("graphs", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        worker(args.worker, args.graphs)
        return 0
    if args.base is None or not (args.base / "graph" / "views.py").is_file():
        print("views_speed: --base DIR must be a PlanGraph tree (DIR/graph/views.py)", file=sys.stderr)
        return 2
    sources = sample(FIXTURES / "corpus", args.corpus) + sample(FIXTURES / "genre", args.genre)
    graphs = graph_files(sources, args.out)
    trees = {"base": args.base.resolve(), "this": ROOT}
    workers = {name: Worker(tree, graphs) for name, tree in trees.items()}
    try:
        for name, w in workers.items():  # warm-up, untimed
            w.render(graphs[0], args.out / "warm" / name)
        times: dict[tuple[str, str], list[float]] = {}
        pages: dict[str, int] = {}
        for r in range(args.rounds):
            order = list(workers) if r % 2 == 0 else list(reversed(workers))
            for graph in graphs:
                for name in order:
                    res = workers[name].render(graph, args.out / name / graph.stem)
                    times.setdefault((graph.stem, name), []).append(res["seconds"])
                    pages[graph.stem] = res["pages"]
    finally:
        for w in workers.values():
            w.close()
    print(f"render_views, median of {args.rounds} interleaved runs (seconds)")
    print(f"{'report':<40} {'pages':>5} {'base':>7} {'this':>7} {'speed-up':>8}  same bytes")
    total = {"base": 0.0, "this": 0.0}
    all_same = True
    for graph in graphs:
        med = {name: statistics.median(times[(graph.stem, name)]) for name in workers}
        for name in total:
            total[name] += med[name]
        same = same_tree(args.out / "base" / graph.stem, args.out / "this" / graph.stem)
        all_same &= same
        print(f"{graph.stem:<40} {pages[graph.stem]:>5} {med['base']:>7.3f} {med['this']:>7.3f} "
              f"{med['base'] / med['this']:>7.1f}x  {'yes' if same else 'NO'}")
    print(f"{'total':<40} {'':>5} {total['base']:>7.3f} {total['this']:>7.3f} "
          f"{total['base'] / total['this']:>7.1f}x  {'yes' if all_same else 'NO'}")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())

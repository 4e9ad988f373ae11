"""One long document: build time and peak memory per MB at 0.1, 1, 5 and 20 MB (issue 16).

Each document is the real reports of a corpus folder joined and repeated up to the
size (a page saved many times over: realistic, and what made the checks fail), or
with --joined the same with every line break removed (a text whose layout was
lost). Each size is built by `build.py FILE --out bench/out/robust-N --no-docs -q`
in its own process; wall seconds and the process's peak resident memory (wait4)
are printed per size and per MB. The first row is the baseline of the same run:
0.1 MB is an ordinary build (pyshacl, rdflib's serialisers, views off); from
200,000 characters on (graph.pipeline.LONG_DOCUMENT_CHARS) the long-document
build runs, so linearity is read from the rows of 1 MB and up.

    .venv/bin/python bench/robust_scale.py                      # 0.1 1 5 20 MB, about 10 minutes
    .venv/bin/python bench/robust_scale.py --sizes 0.25 0.5 1 2 --joined
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def make_document(source: Path, megabytes: float, joined: bool, path: Path) -> int:
    """The reports of `source` joined and repeated to `megabytes` of UTF-8; returns the size in bytes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.txt"))]
    one = "\n\n".join(texts)
    if joined:
        one = "".join(one.split())
    target = int(megabytes * 1_000_000)
    data = one.encode("utf-8")
    data = (data * (target // len(data) + 1))[:target]
    data = data.decode("utf-8", errors="ignore").encode("utf-8")  # not cut inside a character
    path.write_bytes(data)
    return len(data)


def build(path: Path, out: Path, max_mb: float) -> tuple[int, float, float, float]:
    """(exit code, wall seconds, CPU seconds, peak resident MB) of one build in its own process."""
    cmd = [sys.executable, str(ROOT / "build.py"), str(path), "--out", str(out), "--no-docs", "-q",
           "--max-size", str(max_mb)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    # CPU seconds too: the wall time on a shared machine grows with the others' load
    return proc.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 5, 20], metavar="MB")
    ap.add_argument("--source", type=Path, default=ROOT / "tests" / "fixtures" / "corpus",
                    help="folder of real reports to repeat (default: tests/fixtures/corpus)")
    ap.add_argument("--joined", action="store_true", help="remove every line break (one huge paragraph)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{'MB':>6} {'chars':>10} {'exit':>4} {'wall s':>8} {'s/MB':>6} {'CPU s':>7} {'CPU/MB':>6} "
          f"{'peak MB':>8} {'MB/MB':>6}")
    for mb in args.sizes:
        path = OUT / f"robust-{mb:g}{'-joined' if args.joined else ''}.txt"
        size = make_document(args.source, mb, args.joined, path)
        chars = len(path.read_text(encoding="utf-8"))
        code, seconds, cpu, peak = build(path, OUT / f"robust-{mb:g}", max_mb=max(32, mb * 2))
        real_mb = size / 1_000_000
        print(f"{real_mb:6.2f} {chars:10,} {code:4} {seconds:8.1f} {seconds / real_mb:6.1f} {cpu:7.1f} "
              f"{cpu / real_mb:6.1f} {peak:8.0f} {peak / real_mb:6.0f}", flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A corpus build killed with SIGKILL at three moments, then rebuilt: every output
must equal a clean build's (issue 16).

A small corpus (three real reports) is built once into a clean folder. Then, three
times, a build into an empty working folder is started and killed with SIGKILL at
a moment seen in the folder (the first document written; every document written,
the dataset and the store under way; corpus.nq in place, before the manifest), and the same
command is run again to the end (no --force: the rebuild must notice what the
killed one left half done, and remove the temporary files it was writing).
After each rebuild the working folder is compared with the clean one: every file
byte for byte, except the manifest (compared without its timings) and the
RocksDB store (compared by its content, sorted N-Quads).

    .venv/bin/python bench/kill_rebuild.py      # about two minutes
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "kill-rebuild"
REPORTS = ("2026-xizang.txt", "2026-hainan.txt", "2026-hebei.txt")
TIMING_KEYS = {"seconds", "timings", "built_at", "time", "started", "finished"}


def command(source: Path, out: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--source", str(source), "--out", str(out),
            "--no-views", "--no-docs", "-q", "--jobs", "2"]


def build(source: Path, out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(command(source, out), cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _docs_done(out: Path) -> int:
    return len(list((out / "docs").glob("*/shacl-report.ttl")))


# the moments: inside the documents, after them (dataset, store, tables), at the end
MOMENTS = (
    ("the first document's graph written", lambda out: _docs_done(out) >= 1),
    ("every document written, the dataset and store under way", lambda out: _docs_done(out) >= len(REPORTS)),
    ("corpus.nq in place, before the manifest", lambda out: (out / "corpus.nq").exists()),
)


def killed_build(source: Path, out: Path, moment) -> list[str]:
    """Start a build, SIGKILL its process group when `moment(out)` holds; the files there then."""
    import os

    proc = subprocess.Popen(command(source, out), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    while proc.poll() is None and not (out.exists() and moment(out)):
        time.sleep(0.02)
    if proc.poll() is not None:
        return ["(finished before the kill)"]
    seen = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and "store" not in p.parts)
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers: the group this script started
    proc.wait()
    return seen


def _strip(value: object) -> object:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def store_content(folder: Path) -> bytes:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(folder / "store"))
    lines = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
    del store
    return "\n".join(sorted(lines)).encode("utf-8")


def differences(clean: Path, other: Path) -> list[str]:
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*")
                if p.is_file() and "store" not in p.relative_to(root).parts}

    a, b = files(clean), files(other)
    diffs = [f"only in the clean build: {n}" for n in sorted(a - b)] + [f"left over: {n}" for n in sorted(b - a)]
    for name in sorted(a & b):
        x, y = (clean / name).read_bytes(), (other / name).read_bytes()
        if name.endswith(".json") and "manifest" in name:
            if _strip(json.loads(x)) != _strip(json.loads(y)):
                diffs.append(f"differs: {name} (beyond timings)")
        elif x != y:
            diffs.append(f"differs: {name}")
    if store_content(clean) != store_content(other):
        diffs.append("differs: the store's content")
    return diffs


def main() -> int:
    shutil.rmtree(OUT, ignore_errors=True)
    source = OUT / "source"
    source.mkdir(parents=True)
    for name in REPORTS:
        shutil.copy(ROOT / "tests" / "fixtures" / "corpus" / name, source / name)
    clean, work = OUT / "clean", OUT / "work"
    seconds = build(source, clean)
    print(f"clean build of {len(REPORTS)} reports: {seconds:.1f} s")
    failures = 0
    for label, moment in MOMENTS:
        shutil.rmtree(work, ignore_errors=True)  # each kill interrupts a first build
        seen = killed_build(source, work, moment)
        left = [n for n in seen if n.endswith(".tmp")]
        rebuilt = build(source, work)
        diffs = differences(clean, work)
        failures += bool(diffs)
        print(f"killed when {label} ({len(seen)} files, {len(left)} temporary), rebuilt in {rebuilt:.1f} s: "
              + ("every output equals the clean build's" if not diffs else "; ".join(diffs[:5])))
    print("PASS" if not failures else f"FAIL: {failures} of 3 rebuilds differ")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction time of the bundled example, after start-up (a measurement, not a test).

Start-up (imports, loading the rule tables, jieba's dictionary if the entity
stage uses it) is paid once by a first run; then the example is extracted N
times and the median and worst times are printed.

Usage: .venv/bin/python bench/extract_speed.py [FILE] [-n N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    n = int(argv[argv.index("-n") + 1]) if "-n" in argv else 10
    files = [a for a in argv if a.endswith(".txt")]
    path = Path(files[0]) if files else ROOT / "examples" / "zhengzhou-2023.txt"
    t0 = time.perf_counter()
    from graph.extraction import extract_document

    ex = extract_document(path)  # start-up: imports, tables, caches
    startup = time.perf_counter() - t0
    times = []
    for _ in range(n):
        t = time.perf_counter()
        ex = extract_document(path)
        times.append(time.perf_counter() - t)
    print(f"{path.name}: start-up + first extraction {startup:.3f} s; "
          f"after start-up median {statistics.median(times):.3f} s, worst {max(times):.3f} s over {n} runs "
          f"({len(ex.targets)} targets, {len(ex.entities)} entities, {len(ex.numbers)} numbers)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Per-document counts of the extraction over a corpus (a look, not a test).

Prints, for each plan: targets, results, and how its numbers were accounted for
(target, result, name, date, residue), then the totals. Exit code 1 if any
document failed to extract.

Usage: .venv/bin/python bench/extract_counts.py [DIR_OR_FILES ...]
       (default: tests/fixtures/corpus/*.txt and the bundled example)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extraction import extract_document  # noqa: E402 (after the sys.path line)


def _paths(args: list[str]) -> list[Path]:
    if not args:
        corpus = ROOT / "tests" / "fixtures" / "corpus"
        return sorted(corpus.glob("*.txt")) + [ROOT / "examples" / "zhengzhou-2023.txt"]
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def main(argv: list[str]) -> int:
    roles = ("target", "result", "name", "date", "residue")
    print(f"{'document':<24}{'targets':>8}{'results':>8}" + "".join(f"{r:>9}" for r in roles) + f"{'ms':>7}")
    totals = dict.fromkeys(("targets", "results", *roles), 0)
    failed = 0
    for path in _paths(argv):
        t0 = time.perf_counter()
        try:
            ex = extract_document(path)
        except Exception as err:  # report and go on: this is a survey
            failed += 1
            print(f"{path.stem:<24} FAILED: {type(err).__name__}: {err}")
            continue
        ms = (time.perf_counter() - t0) * 1000
        counts = {r: 0 for r in roles}
        for n in ex.numbers:
            counts[n.role] += 1
        totals["targets"] += len(ex.targets)
        totals["results"] += len(ex.results)
        for r in roles:
            totals[r] += counts[r]
        print(f"{path.stem:<24}{len(ex.targets):>8}{len(ex.results):>8}" + "".join(f"{counts[r]:>9}" for r in roles)
              + f"{ms:>7.0f}")
    print(f"{'total':<24}{totals['targets']:>8}{totals['results']:>8}" + "".join(f"{totals[r]:>9}" for r in roles))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

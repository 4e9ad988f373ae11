"""Per-document counts of structure and entities (a report, not a test).

For each document: layout, plan year, jurisdiction, sections, measures (and how many
are fallbacks without a lead phrase), paragraphs by zone, entities by type,
statements, and the time taken by segmentation and entity extraction after
start-up (jieba's dictionary load is paid once, before the first document).

Usage: .venv/bin/python bench/segment_counts.py [FILE|DIR ...]
(default: the bundled example and tests/fixtures/corpus/*.txt)
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.entities import _posseg, extract_entities  # noqa: E402 (after the sys.path line)
from graph.read import decode, normalize_chars  # noqa: E402 (after the sys.path line)
from graph.segment import segment  # noqa: E402 (after the sys.path line)

ZONES = ("plan", "review", "goals", "statement", "other")
TYPES = ("place", "project", "organization", "program", "person")


def documents(args: list[str]) -> list[Path]:
    if not args:
        corpus = ROOT / "tests" / "fixtures" / "corpus"
        return [ROOT / "examples" / "zhengzhou-2023.txt", *sorted(corpus.glob("*.txt"))]
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def main(argv: list[str]) -> int:
    t = time.perf_counter()
    _posseg()
    print(f"jieba start-up {time.perf_counter() - t:.2f} s")
    head = (f"{'document':22} {'layout':7} {'year':4} {'jurisdiction':9} {'sect':>4} {'meas':>4} {'fb':>3} "
            + " ".join(f"{z[:5]:>5}" for z in ZONES) + " | "
            + " ".join(f"{t[:5]:>5}" for t in TYPES) + f" {'stmt':>4} {'seg s':>6} {'ent s':>6}")
    print(head)
    totals: Counter[str] = Counter()
    for path in documents(argv):
        text = normalize_chars(decode(path.read_bytes(), path.name)[0])
        t0 = time.perf_counter()
        st = segment(text)
        t1 = time.perf_counter()
        ents, stmts = extract_entities(text, st)
        t2 = time.perf_counter()
        zones = Counter(p.zone for p in st.paragraphs)
        types = Counter(e.type for e in ents)
        fallback = sum(1 for m in st.measures if not m.span.quote.rstrip().endswith(("。", "！", "标")))
        totals.update({"sections": len(st.sections), "measures": len(st.measures), "entities": len(ents)})
        print(f"{path.stem[:22]:22} {st.layout:7} {st.plan_year or '-':>4} {(st.jurisdiction or '-')[:9]:9} "
              f"{len(st.sections):>4} {len(st.measures):>4} {fallback:>3} "
              + " ".join(f"{zones[z]:>5}" for z in ZONES) + " | "
              + " ".join(f"{types[t]:>5}" for t in TYPES)
              + f" {len(stmts):>4} {t1 - t0:>6.3f} {t2 - t1:>6.3f}")
    print(f"total: {totals['sections']} sections, {totals['measures']} measures, {totals['entities']} entities")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Print the targets, results and residue of one plan (a look, not a test).

Usage: .venv/bin/python bench/show_figures.py [FILE] [--results] [--residue]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.extraction import extract_document


def main(argv: list[str]) -> int:
    path = Path(next((a for a in argv if not a.startswith("--")), "examples/zhengzhou-2023.txt"))
    ex = extract_document(path)
    for t in ex.targets:
        q = t.quantity
        print(f"T {t.metric:<22} {q.value:g}{f'~{q.value_max:g}' if q.value_max is not None else ''} {q.unit} "
              f"{t.comparator} {t.kind} asp={int(t.aspirational)} y={t.year} p={t.period or ''} "
              f"b={t.binding} | {t.span.quote.replace(chr(10), '')}")
    if "--results" in argv:
        for r in ex.results:
            q = r.quantity
            print(f"R {r.metric:<22} {q.value:g} {q.unit} {r.comparator} {r.kind} y={r.year} p={r.period or ''} "
                  f"| {r.span.quote.replace(chr(10), '')}")
    if "--residue" in argv:
        for n in ex.numbers:
            if n.role == "residue":
                a = max(0, n.span.start - 15)
                print(f"? {n.span.quote} [{n.note}] ...{ex.text[a:n.span.end + 10].replace(chr(10), '')}...")
    if "--names" in argv:
        for n in ex.numbers:
            if n.role in ("name", "date"):
                a = max(0, n.span.start - 8)
                print(f"{n.role} {n.span.quote} [{n.note}] ...{ex.text[a:n.span.end + 8].replace(chr(10), '')}...")
    roles = {}
    for n in ex.numbers:
        roles[n.role] = roles.get(n.role, 0) + 1
    print(len(ex.targets), "targets", len(ex.results), "results", roles)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

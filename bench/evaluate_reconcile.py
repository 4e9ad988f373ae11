#!/usr/bin/env python3
"""Pairing recall, pairing precision and status accuracy of `graph.reconcile` on the hand-read pairs.

The gold tables are tests/fixtures/reconcile/<jurisdiction>-<Y>-<Y+1>.tsv, read by hand from the
texts listed in tests/fixtures/reconcile/SOURCES.md (rules and status rule v1 in its README.md).
Both documents of each pair are extracted and reconciled; then:

- a gold row and a pair are the same target when the pair's target span overlaps the gold
  target_quote (its offsets in the year-Y file); a pair's outcome is the gold outcome when its span
  overlaps the gold outcome_quote (offsets in the year-Y+1 file);
- pairing recall: of gold rows with an outcome quote, how many have a pair whose outcome is that
  quote;
- pairing precision: of the pairs made (a target with an outcome) whose target is a gold row, how
  many have the gold outcome. A pair's outcome is the result it took, or for completed_no_figure
  the review's statement that the item was done (Pair.outcome_span). Pairs of targets the gold
  table does not list are counted apart
  ("unjudged"): the extractor found a figure the reader did not count as a year-Y target;
- status accuracy: of the correct pairs, how many have the gold status; and, over every gold row
  that some pair's target overlaps, how many have the gold status (not_reported included).

Usage:
    .venv/bin/python bench/evaluate_reconcile.py [-v]
    (-v lists the misses, the wrong pairs and the status disagreements)
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extraction import extract_document  # noqa: E402 (after the sys.path line)
from graph.reconcile import Pair, reconcile  # noqa: E402 (after the sys.path line)

FIXTURES = ROOT / "tests" / "fixtures"
GOLD_DIR = FIXTURES / "reconcile"
# From tests/fixtures/reconcile/SOURCES.md: table -> (year-Y report, year-Y+1 report).
PAIRS: dict[str, tuple[str, str]] = {
    "anhui-2025-2026.tsv": ("corpus-2025/2025-anhui.txt", "corpus/2026-anhui.txt"),
    "shandong-2025-2026.tsv": ("corpus-2025/2025-shandong.txt", "corpus/2026-shandong.txt"),
    "gansu-2025-2026.tsv": ("corpus-2025/2025-gansu.txt", "corpus/2026-gansu.txt"),
    "shenzhen-2020-2021.tsv": ("genre/city-shenzhen-2020.txt", "genre/city-shenzhen-2021.txt"),
}
# Read by hand after the rules were written, and never tuned on (tests/fixtures/reconcile-heldout/).
HELDOUT_DIR = FIXTURES / "reconcile-heldout"
HELDOUT: dict[str, tuple[str, str]] = {
    "hunan-2025-2026.tsv": ("corpus-2025/2025-hunan.txt", "corpus/2026-hunan.txt"),
}

# Read blind a round later (tests/fixtures/reconcile-heldout2/), by readers who saw neither code nor output.
BLIND_DIR = FIXTURES / "reconcile-heldout2"
BLIND: dict[str, tuple[str, str]] = {
    "jiangsu-2025-2026.tsv": ("corpus-2025/2025-jiangsu.txt", "corpus/2026-jiangsu.txt"),
    "yunnan-2025-2026.tsv": ("corpus-2025/2025-yunnan.txt", "corpus/2026-yunnan.txt"),
}

# The third round (tests/fixtures/reconcile-heldout3/), read blind like the second.
BLIND3_DIR = FIXTURES / "reconcile-heldout3"
BLIND3: dict[str, tuple[str, str]] = {
    "chongqing-2025-2026.tsv": ("corpus-2025/2025-chongqing.txt", "corpus/2026-chongqing.txt"),
    "shenzhen-2021-2022.tsv": ("genre/city-shenzhen-2021.txt", "genre/city-shenzhen-2022.txt"),
}

# The fourth round (tests/fixtures/reconcile-heldout4/), read blind like the second.
BLIND4_DIR = FIXTURES / "reconcile-heldout4"
BLIND4: dict[str, tuple[str, str]] = {
    "tianjin-2025-2026.tsv": ("corpus-2025/2025-tianjin.txt", "corpus/2026-tianjin.txt"),
    "shenzhen-2019-2020.tsv": ("genre/city-shenzhen-2019.txt", "genre/city-shenzhen-2020.txt"),
}


@dataclass(frozen=True)
class Gold:
    indicator: str
    target: tuple[int, int]
    outcome: tuple[int, int] | None
    status: str


def read_gold(path: Path) -> list[Gold]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        t0 = int(r["target_start"])
        outcome = None
        if r["outcome_quote"]:
            o0 = int(r["outcome_start"])
            outcome = (o0, o0 + len(r["outcome_quote"]))
        out.append(Gold(r["indicator"], (t0, t0 + len(r["target_quote"])), outcome, r["status"]))
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Score:
    gold_with_outcome: int = 0
    recalled: int = 0
    pairs_judged: int = 0
    pairs_right: int = 0
    pairs_unjudged: int = 0
    status_right: int = 0  # on correct pairs
    rows_seen: int = 0  # gold rows some pair's target overlaps
    rows_status_right: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in ("gold_with_outcome", "recalled", "pairs_judged", "pairs_right", "pairs_unjudged",
                  "status_right", "rows_seen", "rows_status_right"):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def _span(p: Pair) -> tuple[int, int]:
    return p.target.span.start, p.target.span.end


def _said(p: Pair) -> str:
    """The outcome's metric, or the review's words for a target done without a figure."""
    if p.outcome is not None:
        return p.outcome.metric
    return p.statement.quote if p.statement is not None else "-"


def score_pairs(gold: list[Gold], pairs: list[Pair]) -> Score:
    s = Score()
    for g in gold:
        mine = [p for p in pairs if overlaps(_span(p), g.target)]
        if mine:
            s.rows_seen += 1
            # a gold row may hold two extracted figures (城乡…分别增长5%和7%): any one agreeing counts
            if any(p.status == g.status for p in mine):
                s.rows_status_right += 1
        if g.outcome is None:
            continue
        s.gold_with_outcome += 1
        hit = [p for p in mine if p.outcome_span is not None
               and overlaps((p.outcome_span.start, p.outcome_span.end), g.outcome)]
        if hit:
            s.recalled += 1
        else:
            s.notes.append(f"miss   {g.indicator}: {g.status}; ours: "
                           + ("; ".join(f"{p.target.metric} -> {_said(p)}"
                                        for p in mine) or "no target"))
    for p in pairs:
        if p.outcome_span is None:
            continue
        rows = [g for g in gold if overlaps(_span(p), g.target)]
        if not rows:
            s.pairs_unjudged += 1
            s.notes.append(f"extra  {p.target.metric} -> {_said(p)} ({p.method}): no gold row")
            continue
        s.pairs_judged += 1
        o = (p.outcome_span.start, p.outcome_span.end)
        right = [g for g in rows if g.outcome is not None and overlaps(o, g.outcome)]
        if right:
            s.pairs_right += 1
            if any(g.status == p.status for g in right):
                s.status_right += 1
            else:
                s.notes.append(f"status {p.target.metric}: ours {p.status} ({p.note}), gold {right[0].status}")
        else:
            s.notes.append(f"wrong  {p.target.metric} -> {_said(p)} {p.outcome_span.quote!r} "
                           f"({p.method}); gold {rows[0].status}")
    return s


_SETS: dict[str, tuple[dict[str, tuple[str, str]], Path]] = {
    "dev": (PAIRS, GOLD_DIR), "heldout": (HELDOUT, HELDOUT_DIR), "blind": (BLIND, BLIND_DIR),
    "blind3": (BLIND3, BLIND3_DIR), "blind4": (BLIND4, BLIND4_DIR)}


def evaluate(table: str, heldout: bool | str = False) -> Score:
    which = heldout if isinstance(heldout, str) else ("heldout" if heldout else "dev")
    tables, gold_dir = _SETS[which]
    plan_file, review_file = tables[table]
    plan = extract_document(FIXTURES / plan_file)
    review = extract_document(FIXTURES / review_file)
    _, pairs = reconcile(plan, review)
    return score_pairs(read_gold(gold_dir / table), pairs)


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.2f}" if b else f"{a}/0"


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    if "-h" in argv or "--help" in argv:
        print("usage: evaluate_reconcile.py [-v] [--heldout | --blind | --blind3 | --blind4]\n"
              "  pairing recall, precision and status accuracy against the hand-read tables;\n"
              "  --heldout: the pairs never tuned on (reconcile-heldout), --blind: the later\n"
              "  round read blind (reconcile-heldout2), --blind3: the third (reconcile-heldout3),\n"
              "  --blind4: the fourth (reconcile-heldout4),\n"
              "  -v: every disagreement")
        return 0
    heldout = ("blind4" if "--blind4" in argv else "blind3" if "--blind3" in argv else "blind" if "--blind" in argv
               else "heldout" if "--heldout" in argv else "dev")
    total = Score()
    print(f"{'pair':<26} {'pairing recall':>18} {'pairing precision':>18} {'status (pairs)':>16} "
          f"{'status (rows)':>16} {'unjudged':>8}")
    for table in _SETS[heldout][0]:
        s = evaluate(table, heldout)
        total.add(s)
        print(f"{table[:-4]:<26} {_ratio(s.recalled, s.gold_with_outcome):>18} "
              f"{_ratio(s.pairs_right, s.pairs_judged):>18} {_ratio(s.status_right, s.pairs_right):>16} "
              f"{_ratio(s.rows_status_right, s.rows_seen):>16} {s.pairs_unjudged:>8}")
        if verbose:
            for n in s.notes:
                print("    " + n)
    print(f"{'all':<26} {_ratio(total.recalled, total.gold_with_outcome):>18} "
          f"{_ratio(total.pairs_right, total.pairs_judged):>18} {_ratio(total.status_right, total.pairs_right):>16} "
          f"{_ratio(total.rows_status_right, total.rows_seen):>16} {total.pairs_unjudged:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Precision and recall of target extraction on hand-annotated passages.

The evaluation set is tests/fixtures/eval/<name>.txt (passages of real plans:
the title line, the plan-year heading, the 主要预期目标 paragraph and work
paragraphs with figures, copied verbatim) and <name>.tsv (every quantified
commitment in it, annotated by hand from reading the text: metric, value,
value_max, unit as written, comparator, aspirational, the figure as written).

A found target is correct when value, value_max, unit and comparator all equal
an annotated commitment not matched yet (order does not matter; each annotation
matches once). Precision = correct / found, recall = correct / annotated. The
metric label and the aspiration flag are reported beside (agreement among the
correct ones), not scored: a label is a short description, and two readers word
it differently.

The bundled example is scored the same way against its hand count (the rows of
tests/test_targets.py), on a line of its own: the rules were written on it.

Usage:
    .venv/bin/python bench/evaluate_targets.py [-v] [DIR]
    (-v lists the misses and the extras of each file)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extraction import extract_document  # noqa: E402 (after the sys.path line)
from graph.records import Target  # noqa: E402 (after the sys.path line)

EVAL_DIR = ROOT / "tests" / "fixtures" / "eval"


@dataclass(frozen=True)
class Gold:
    """One annotated commitment."""

    metric: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    aspirational: bool
    as_written: str


@dataclass
class Score:
    """The comparison for one passage."""

    name: str
    gold: int
    found: int
    correct: int
    metric_ok: int = 0
    aspiration_ok: int = 0
    misses: list[Gold] = field(default_factory=list)
    extras: list[Target] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def read_gold(path: Path) -> list[Gold]:
    """Rows of an annotation file (tab-separated; # starts a comment line)."""
    out: list[Gold] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 7:
            raise ValueError(f"{path.name}:{n}: expected 7 tab-separated columns, got {len(cols)}")
        metric, value, value_max, unit, comparator, asp, written = cols
        out.append(Gold(metric, float(value), float(value_max) if value_max else None, unit, comparator,
                        asp == "true", written))
    return out


def _key(value: float, value_max: float | None, unit: str, comparator: str) -> tuple:
    return (round(value, 6), None if value_max is None else round(value_max, 6), unit, comparator)


def _metric_agrees(found: str, gold: str) -> bool:
    """Loose agreement: most characters of the found label occur in the annotated one."""
    chars = [c for c in found if c not in "“”\"《》（）() 、"]
    if not chars:
        return False
    return sum(1 for c in chars if c in gold) >= 0.6 * len(chars)


def score(name: str, targets: list[Target], gold: list[Gold]) -> Score:
    """Match found targets to annotations on value, value_max, unit and comparator."""
    open_gold = list(gold)
    s = Score(name, len(gold), len(targets), 0)
    for t in targets:
        k = _key(t.quantity.value, t.quantity.value_max, t.quantity.unit, t.comparator)
        hit = next((g for g in open_gold if _key(g.value, g.value_max, g.unit, g.comparator) == k), None)
        if hit is None:
            s.extras.append(t)
            continue
        open_gold.remove(hit)
        s.correct += 1
        s.metric_ok += _metric_agrees(t.metric, hit.metric)
        s.aspiration_ok += t.aspirational == hit.aspirational
    s.misses = open_gold
    return s


def evaluate(folder: Path = EVAL_DIR) -> list[Score]:
    """Score every <name>.txt that has a <name>.tsv beside it."""
    scores: list[Score] = []
    for txt in sorted(folder.glob("*.txt")):
        tsv = txt.with_suffix(".tsv")
        if not tsv.exists():
            continue
        ex = extract_document(txt)
        scores.append(score(txt.stem, ex.targets, read_gold(tsv)))
    return scores


def example_score() -> Score:
    """The bundled example against its hand count (EXPECTED in tests/test_targets.py,
    written by reading the example), run through the whole pipeline."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hand_count", ROOT / "tests" / "test_targets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gold = [Gold(r[3], float(r[4]), None if r[5] is None else float(r[5]), r[6], r[7], r[9], r[1])
            for r in module.EXPECTED]
    ex = extract_document(ROOT / "examples" / "zhengzhou-2023.txt")
    return score("example", ex.targets, gold)


def total(scores: list[Score]) -> Score:
    t = Score("overall", sum(s.gold for s in scores), sum(s.found for s in scores), sum(s.correct for s in scores))
    t.metric_ok = sum(s.metric_ok for s in scores)
    t.aspiration_ok = sum(s.aspiration_ok for s in scores)
    return t


def _row(s: Score) -> str:
    return (f"{s.name:<14}{s.gold:>6}{s.found:>7}{s.correct:>9}{s.precision:>11.3f}{s.recall:>8.3f}"
            f"{s.metric_ok:>8}/{s.correct:<4}{s.aspiration_ok:>6}/{s.correct}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    folder = Path(args[0]) if args else EVAL_DIR
    scores = evaluate(folder)
    if not scores:
        print(f"no annotated passages in {folder}", file=sys.stderr)
        return 1
    print(f"{'passage':<14}{'gold':>6}{'found':>7}{'correct':>9}{'precision':>11}{'recall':>8}{'metric':>13}{'aspir.':>8}")
    for s in scores:
        print(_row(s))
        if verbose:
            for g in s.misses:
                print(f"    missed  {g.as_written:<18} {g.metric}")
            for t in s.extras:
                q = t.quantity
                rng = f"~{q.value_max:g}" if q.value_max is not None else ""
                print(f"    extra   {q.value:g}{rng}{q.unit} {t.comparator:<5} {t.metric}  [{t.span.quote}]")
    print(_row(total(scores)))
    if folder == EVAL_DIR:
        ex = example_score()
        print(_row(ex) + "   (the bundled example, tuned on: not part of the overall)")
        if verbose:
            for g in ex.misses:
                print(f"    missed  {g.as_written:<18} {g.metric}")
            for t in ex.extras:
                print(f"    extra   {t.quantity.value:g}{t.quantity.unit} {t.comparator:<5} {t.metric}  [{t.span.quote}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

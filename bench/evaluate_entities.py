#!/usr/bin/env python3
"""Entity recall and precision against hand annotations (tests/fixtures/entities/).

Each `<stem>.tsv` there lists, from a reading of the document, every named place,
project, organisation and programme (rules: tests/fixtures/entities/README.md).
The document is found by stem in tests/fixtures/corpus/, tests/fixtures/genre/ or
examples/. Scoring, per document and per type:

- a gold entity (note not `optional`) is *found* when an extracted entity's label
  or alias equals its name or one of its variants (quotes 《》“” and spaces ignored;
  a label such as “自审自发”试点 also answers for the words in its quotes);
  *found with its type* when that entity also has the gold type;
- an extracted entity is *right* when it matches any annotated row (optional rows
  included: they count neither for nor against), by the same comparison;
- recall = found / gold, precision = right / extracted.

Run: `.venv/bin/python bench/evaluate_entities.py [--no-curation] [--show-missed N] [stems ...]`.
Target extraction is scored in the same run (bench/evaluate_targets.py) so an entity
change that costs targets shows up beside it.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures" / "entities"
# annotated after the rules of this round were written, and not looked at while tuning
HELDOUT = ROOT / "tests" / "fixtures" / "entities-heldout"
# read blind a round later, by readers who saw neither the code nor its output
BLIND = ROOT / "tests" / "fixtures" / "entities-heldout2"
SOURCES = (ROOT / "tests" / "fixtures" / "corpus", ROOT / "tests" / "fixtures" / "genre", ROOT / "examples")
TYPES = ("place", "project", "organization", "program")
_GOLD_TYPE = {"programme": "program"}


def norm(name: str) -> str:
    return re.sub(r"[\s“”《》\"'‘’]", "", name)


@dataclass
class GoldRow:
    type: str
    forms: frozenset[str]
    optional: bool
    name: str


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    found_typed: int = 0
    extracted: int = 0
    right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.found_typed += other.found_typed
        self.extracted += other.extracted
        self.right += other.right

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def typed_recall(self) -> float:
        return self.found_typed / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 1.0


def read_gold(path: Path) -> list[GoldRow]:
    rows: list[GoldRow] = []
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            forms = {norm(r["name"])} | {norm(v) for v in r["variants"].split("|") if v}
            rows.append(GoldRow(_GOLD_TYPE.get(r["type"], r["type"]), frozenset(f for f in forms if f),
                                r["note"] == "optional", r["name"]))
    return rows


def source_of(stem: str) -> Path:
    for folder in SOURCES:
        p = folder / f"{stem}.txt"
        if p.is_file():
            return p
    raise FileNotFoundError(f"no source document for {stem} in {', '.join(str(s) for s in SOURCES)}")


def score(entities: list, gold: list[GoldRow]) -> dict[str, Score]:
    """Per type (and "all") scores of extracted entities (graph.records.Entity) against gold rows."""
    ents = [e for e in entities if e.type in TYPES]
    # a quoted name with its head (“自审自发”试点) also answers for the quoted words
    ent_forms = [(e, {norm(f) for f in (e.label, *e.aliases)} | {norm(q) for q in re.findall(r"“([^”]+)”", e.label)})
                 for e in ents]
    all_forms: dict[str, set[str]] = {}
    for e, forms in ent_forms:
        for f in forms:
            all_forms.setdefault(f, set()).add(e.type)
    gold_forms = set().union(*(g.forms for g in gold)) if gold else set()
    scores = {t: Score() for t in (*TYPES, "all")}
    for g in gold:
        if g.optional or g.type not in TYPES:
            continue
        types = set().union(*(all_forms.get(f, set()) for f in g.forms))
        for key in (g.type, "all"):
            s = scores[key]
            s.gold += 1
            if types:
                s.found += 1
                if g.type in types:
                    s.found_typed += 1
            else:
                s.missed.append(g.name)
    for e, forms in ent_forms:
        for key in (e.type, "all"):
            s = scores[key]
            s.extracted += 1
            if forms & gold_forms:
                s.right += 1
            else:
                s.wrong.append(e.label)
    return scores


def evaluate(stem: str, curation: bool = True, fixtures: Path = FIXTURES) -> dict[str, Score]:
    from graph.curation import NO_CURATION
    from graph.extraction import extract_document

    path = source_of(stem)
    ex = extract_document(path) if curation else extract_document(path, curation=NO_CURATION)
    return score(ex.entities, read_gold(fixtures / f"{stem}.tsv"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Entity recall and precision against the hand annotations.")
    ap.add_argument("stems", nargs="*", help="documents to score (default: every annotated one)")
    ap.add_argument("--no-curation", action="store_true", help="ignore curation files: the rules alone")
    ap.add_argument("--show-missed", type=int, default=0, metavar="N", help="print N missed and N wrong names per document")
    ap.add_argument("--no-targets", action="store_true", help="skip the target evaluation")
    ap.add_argument("--heldout", action="store_true",
                    help="score the held-out annotations (tests/fixtures/entities-heldout) instead")
    ap.add_argument("--blind", action="store_true",
                    help="score the blind annotations of the later round (tests/fixtures/entities-heldout2)")
    ap.add_argument("--fixtures", type=Path, metavar="DIR",
                    help="score the annotation tables (*.tsv) of this folder instead")
    args = ap.parse_args(argv)
    fixtures = args.fixtures or (BLIND if args.blind else HELDOUT if args.heldout else FIXTURES)
    if not fixtures.is_dir():
        ap.error(f"{fixtures}: no such folder of annotation tables")
    stems = args.stems or sorted(p.stem for p in fixtures.glob("*.tsv"))
    total = {t: Score() for t in (*TYPES, "all")}
    print(f"{'document':34} {'type':13} {'gold':>5} {'recall':>7} {'typed':>7} {'extr':>5} {'prec':>6}")
    for stem in stems:
        scores = evaluate(stem, curation=not args.no_curation, fixtures=fixtures)
        for t in (*TYPES, "all"):
            s = scores[t]
            total[t].add(s)
            print(f"{stem:34} {t:13} {s.gold:5} {s.recall:7.2f} {s.typed_recall:7.2f} {s.extracted:5} {s.precision:6.2f}")
        if args.show_missed:
            a = scores["all"]
            print("   missed:", "、".join(a.missed[: args.show_missed]))
            print("   wrong: ", "、".join(a.wrong[: args.show_missed]))
    for t in (*TYPES, "all"):
        s = total[t]
        print(f"{'TOTAL':34} {t:13} {s.gold:5} {s.recall:7.2f} {s.typed_recall:7.2f} {s.extracted:5} {s.precision:6.2f}")
    if not args.no_targets:
        import runpy

        print("\ntargets (bench/evaluate_targets.py):")
        sys.argv = [str(ROOT / "bench" / "evaluate_targets.py")]
        try:
            runpy.run_path(str(ROOT / "bench" / "evaluate_targets.py"), run_name="__main__")
        except SystemExit:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

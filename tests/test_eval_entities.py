"""The entity scorer of bench/evaluate_entities.py: recall, typed recall and precision
on a gold list written here, so a change to the scoring shows up as a failure."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from graph.records import Entity

ROOT = Path(__file__).resolve().parent.parent


def _scorer():
    spec = importlib.util.spec_from_file_location("evaluate_entities", ROOT / "bench" / "evaluate_entities.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_recall_precision_and_optional_rows(tmp_path: Path) -> None:
    ev = _scorer()
    gold_file = tmp_path / "g.tsv"
    gold_file.write_text(
        "type\tname\tvariants\tstart\tnote\n"
        "place\t遵义市\t遵义\t0\t\n"
        "programme\t高效办成一件事\t\t5\t\n"
        "project\t机场三期\t\t9\t\n"
        "organization\t省委\t\t20\toptional\n",
        encoding="utf-8")
    gold = ev.read_gold(gold_file)
    ents = [
        Entity("k1", "place", "遵义", []),                 # the variant: found, typed
        Entity("k2", "project", "“高效办成一件事”", []),     # quotes ignored: found, wrong type
        Entity("k3", "organization", "省委", []),           # an optional row: right, not in recall
        Entity("k4", "program", "压舱石", []),              # not annotated: wrong
    ]
    s = ev.score(ents, gold)["all"]
    assert (s.gold, s.found, s.found_typed) == (3, 2, 1)
    assert (s.extracted, s.right) == (4, 3)
    assert s.missed == ["机场三期"] and s.wrong == ["压舱石"]
    assert ev.score(ents, gold)["program"].gold == 1

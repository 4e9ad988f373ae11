"""Targets on passages the rules were not written on: the quality bar for unseen plans.

The passages (tests/fixtures/eval/<name>.txt) are copied verbatim from ten of the
2026 provincial reports that no rule or test fixture was drawn from; every
quantified commitment in them was annotated by hand from reading the text
(<name>.tsv). bench/evaluate_targets.py does the scoring and prints the table.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "fixtures" / "eval"


def _evaluator():
    spec = importlib.util.spec_from_file_location("evaluate_targets", ROOT / "bench" / "evaluate_targets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ev():
    return _evaluator()


@pytest.fixture(scope="module")
def scores(ev):
    return ev.evaluate(EVAL_DIR)


def test_the_set_is_all_there(ev, scores):
    # a broken glob or a lost file must not pass as a perfect score
    assert len(scores) == 10
    assert sum(s.gold for s in scores) >= 200
    names = {s.name for s in scores}
    assert {"fujian", "hunan", "chongqing", "xinjiang", "ningxia", "heilongjiang", "guangxi"} <= names


def test_unseen_plans_meet_the_bar(ev, scores):
    """>= 85% of the commitments found with the right value, unit and comparator;
    >= 85% of what is reported being one."""
    overall = ev.total(scores)
    assert overall.recall >= 0.85, [(s.name, round(s.recall, 3)) for s in scores]
    assert overall.precision >= 0.85, [(s.name, round(s.precision, 3)) for s in scores]


def test_scoring_counts_each_annotation_once(ev):
    gold = [ev.Gold("新增就业", 5.0, None, "万人", "=", False, "5万人")] * 2
    from graph.extraction import extract_document

    ex = extract_document("t.txt", text="2026年东川市政府工作报告\n三、2026年重点工作\n"
                                        "新增就业5万人。新增岗位5万人。新建公园5个。\n")
    s = ev.score("t", ex.targets, gold)
    assert (s.gold, s.found, s.correct, len(s.extras), s.misses) == (2, 3, 2, 1, [])

"""Canonical indicators: one shared SKOS concept scheme that makes plans comparable.

Consumes: graph/data/indicators.tsv (id, pref_zh, pref_en, national_wording,
alt_labels, unit_kind, better, definition_en; reviewed from the hand-made draft in
tests/fixtures/indicators/, see its NOTES.md) and the [indicators] rules of
graph/data/target_rules.toml; a figure's metric and kind.
Produces: `match(metric, kind)` -> the canonical indicator and how it was matched,
and the concept's triples for the assembler.

Why a second layer over pg:Indicator: a plan's pg:Indicator is named after the
metric as written (地区生产总值, 全省地区生产总值, 经济), so the same measure has
many names across plans, and one name (地区生产总值) stands for both the growth
rate and the level. The canonical concept (gdpGrowth, gdpTotal) is what a
cross-plan question asks for. A match must agree with the figure's kind: a
增长5% figure matches gdpGrowth, never the GDP level. A metric that fits no
concept, or fits two, gets none: nothing is forced.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# unit_kind of the table -> figure kinds (graph.records.TARGET_KINDS) it accepts.
# Counts and levels are both "level" figures; a per-head figure (每千人口托位数) is
# read as "density" by the extractor. Growth rates and shares only match their own kind.
KIND_FIT: dict[str, frozenset[str]] = {
    "growthRate": frozenset({"growth"}),
    "level": frozenset({"level", "density"}),
    "count": frozenset({"level", "density"}),
    "share": frozenset({"share"}),
}


@dataclass(frozen=True)
class Concept:
    """One row of graph/data/indicators.tsv."""

    id: str
    pref_zh: str
    pref_en: str
    national_wording: str
    alt_labels: tuple[str, ...]
    unit_kind: str
    better: str
    definition_en: str

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.pref_zh, *self.alt_labels)


@dataclass(frozen=True)
class Match:
    concept: Concept
    method: str  # "exact" | "normalised"


@dataclass(frozen=True)
class _Table:
    concepts: dict[str, Concept]
    exact: dict[str, tuple[Concept, ...]]  # label as written -> concepts
    normalised: dict[str, tuple[Concept, ...]]  # normalised label -> concepts
    strip_leading: tuple[str, ...]
    replace: tuple[tuple[str, str], ...]
    growth_suffixes: tuple[str, ...]


def _normalise(label: str, t: _Table | None = None, *, strip: tuple[str, ...] = (),
               replace: tuple[tuple[str, str], ...] = ()) -> str:
    if t is not None:
        strip, replace = t.strip_leading, t.replace
    s = "".join(label.split())
    for a, b in replace:
        s = s.replace(a, b)
    changed = True
    while changed:
        changed = False
        for w in strip:
            if s.startswith(w) and len(s) > len(w):
                s, changed = s[len(w):], True
    return s


@lru_cache(maxsize=1)
def table() -> _Table:
    """The reviewed table and the matching rules, loaded once."""
    rules = tomllib.loads((DATA_DIR / "target_rules.toml").read_text(encoding="utf-8"))["indicators"]
    strip = tuple(sorted(rules["strip_leading"], key=len, reverse=True))
    replace = tuple((a, b) for a, b in rules["replace"])
    concepts: dict[str, Concept] = {}
    with (DATA_DIR / "indicators.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            alts = tuple(dict.fromkeys(a for a in row["alt_labels"].split("|") if a and a != row["pref_zh"]))
            c = Concept(row["id"], row["pref_zh"], row["pref_en"], row["national_wording"], alts,
                        row["unit_kind"], row["better"], row["definition_en"])
            if c.id in concepts:
                raise ValueError(f"indicators.tsv: duplicate id {c.id}")
            if c.unit_kind not in KIND_FIT:
                raise ValueError(f"indicators.tsv: {c.id} has unknown unit_kind {c.unit_kind}")
            concepts[c.id] = c
    exact: dict[str, list[Concept]] = {}
    norm: dict[str, list[Concept]] = {}
    for c in concepts.values():
        for label in c.labels:
            for index, key in ((exact, label), (norm, _normalise(label, strip=strip, replace=replace))):
                found = index.setdefault(key, [])
                if c not in found:
                    found.append(c)
    return _Table(concepts, {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in norm.items()},
                  strip, replace, tuple(rules["growth_suffixes"]))


def _fitting(found: tuple[Concept, ...], kind: str, unit: str | None) -> Concept | None:
    """The one concept among `found` whose kind fits; None for none or several.

    A growth figure in percentage points (GDP增长…高于全国1.8个百分点) is a difference
    between two rates, not a growth rate: it fits no growthRate concept."""
    fit = [c for c in found if kind in KIND_FIT[c.unit_kind]
           and not (c.unit_kind == "growthRate" and unit == "pp")]
    return fit[0] if len(fit) == 1 else None


def match(metric: str, kind: str, unit: str | None = None) -> Match | None:
    """The canonical indicator of a figure, or None.

    >>> match("地区生产总值", "growth").concept.id, match("地区生产总值", "level").concept.id
    ('gdpGrowth', 'gdpTotal')
    >>> m = match("经济", "growth"); (m.concept.id, m.method)   # 经济增长5%左右 (Guangxi)
    ('gdpGrowth', 'normalised')
    >>> match("城镇调查失业率", "growth") is None   # a rate's change is not the rate
    True
    >>> match("GDP", "growth", "pp") is None   # 高于全国1.8个百分点: a gap between rates
    True
    """
    t = table()
    metric = metric.strip()
    if not metric:
        return None
    c = _fitting(t.exact.get(metric, ()), kind, unit)
    if c is not None:
        return Match(c, "exact")
    base = _normalise(metric, t)
    candidates = [base]
    if kind == "growth":  # the extractor cut the growth word off: 经济|增长5%
        candidates += [base + s for s in t.growth_suffixes]
    for cand in candidates:
        c = _fitting(t.normalised.get(cand, ()), kind, unit)
        if c is not None:
            return Match(c, "normalised")
    return None

"""Actions: the qualitative commitments of a plan's measures (开工建设轨道交通S2线).

Consumes: the decoded text, its logical paragraphs and measures (`graph.segment`),
the targets and results already found (`graph.targets`), the entities
(`graph.entities`) and the plan year.
Produces: `Action` records, one per clause that commits to doing something without
a figure, in text order.

How a paragraph is read (word lists in graph/data/action_verbs.txt,
action_adverbials.txt and action_not_openers.txt):
1. Only paragraphs that belong to a measure, in the plan year's work or the
   multi-year goals: the zones whose figures are targets. Reviews of the past,
   the statements article and front matter never hold actions, and a sentence of
   a plan paragraph that reviews the past (过去一年…) is skipped the way
   `graph.targets` makes its figures results (`targets.sentence_zones`).
2. Sentences are cut into clauses at ，：；。！？ (`targets.split_at` with
   `targets.CLAUSE_END`; 、 joins the items of one clause). A list marker or a
   leading date (一是, ●, 今年, 2023年) is dropped from the clause's start.
3. A clause is an action when a commitment verb opens it, or follows a short
   run of adverbials (加快, 全面, 持续 …) at its start, unless the clause opens with
   a framing (以…为引领, 坚持…, 也是…), and when it overlaps no
   target or result span: a clause that carries a figure is a target, not an action.
   The measure's own lead phrase (强化投资关键作用) names the measure and is not an
   action of it.
4. Its entities are those with a mention inside the clause's span (people aside,
   as for targets' pg:about).

Spans are exact: the clause is found in the compact text (layout whitespace
removed) and mapped back, so `quote == text[start:end]`, trimmed of punctuation
and whitespace at both ends; `text` is the clause without the line breaks.
Keys are hashes of the section and the clause (a tie-break for a clause repeated
in one section), so an edit elsewhere does not rename an action.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from graph.read import CompactText, normalize_chars
from graph.records import Action, Entity, Measure, Paragraph, Result, Span, Target, stable_key
from graph.targets import _BULLET, _LEAD_DATE, CLAUSE_END, sentence_zones, split_at
from graph.wordlists import data_lines

ACTION_ZONES = ("plan", "goals")
# Clause length in characters (compact text). Fewer than 4 is a verb with hardly an
# object (推进改革 is the shortest that says what is done); more than 80 means the
# text ran on without a comma (a long list or a paragraph without punctuation),
# which is no single commitment and would make an unreadable node.
MIN_LEN, MAX_LEN = 4, 80
# "Near its start": the verb may follow at most this many characters of adverbials
# (更好地统筹, 积极稳妥推进) ...
ADVERBIAL_REACH = 8
# ... and then up to this many characters not in the adverbial list (有力推进).
VERB_SLACK = 2
_TRIM_START = CLAUSE_END + "、”’）》】」 "
_TRIM_END = CLAUSE_END + "、“‘（《【「 "


@dataclass(frozen=True)
class Words:
    verbs: tuple[str, ...]  # longest first
    adverbials: tuple[str, ...]  # longest first
    not_openers: tuple[str, ...] = ()  # longest first

    @cached_property
    def verb_set(self) -> frozenset[str]:
        return frozenset(self.verbs)

    # Each list grouped by first character: _match runs for every character of
    # every clause, and tries only the words that can start there.
    @cached_property
    def verb_groups(self) -> dict[str, tuple[str, ...]]:
        return _by_first(self.verbs)

    @cached_property
    def adverbial_groups(self) -> dict[str, tuple[str, ...]]:
        return _by_first(self.adverbials)

    @cached_property
    def not_opener_groups(self) -> dict[str, tuple[str, ...]]:
        return _by_first(self.not_openers)


def _word_list(name: str) -> tuple[str, ...]:
    words = [w for line in data_lines(name) for w in line.split()]
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def words() -> Words:
    """The verb and adverbial lists, loaded once."""
    return Words(_word_list("action_verbs.txt"), _word_list("action_adverbials.txt"),
                 _word_list("action_not_openers.txt"))


def _by_first(options: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Non-empty words by first character, each group in the list's order (longest first)."""
    groups: dict[str, list[str]] = {}
    for w in options:
        if w:
            groups.setdefault(w[0], []).append(w)
    return {c: tuple(ws) for c, ws in groups.items()}


def _match(s: str, at: int, groups: dict[str, tuple[str, ...]]) -> str | None:
    """The first word of a list (longest first) that `s` has at `at`."""
    group = groups.get(s[at]) if at < len(s) else None
    return next((w for w in group if s.startswith(w, at)), None) if group else None


def opening_verb(clause: str, w: Words | None = None) -> tuple[int, str] | None:
    """(offset, verb) of the commitment verb that opens `clause`, or None.

    >>> opening_verb("开工建设轨道交通S2线")
    (0, '开工建设')
    >>> opening_verb("加快实施《郑开同城化发展规划》")
    (2, '实施')
    >>> opening_verb("更好统筹疫情防控和经济社会发展")  # 统筹 is the verb when nothing follows it
    (2, '统筹')
    >>> opening_verb("新建改造供水管网")  # a verb beats a shorter adverbial (新)
    (0, '新建')
    >>> opening_verb("黑臭水体动态清零") is None
    True
    >>> opening_verb("以共建国际科技创新中心为引领") is None  # a framing, not work
    True
    """
    w = w or words()
    if _match(clause, 0, w.not_opener_groups):
        return None
    verb_set = w.verb_set
    p = 0
    passed: list[tuple[int, str]] = []  # adverbials stepped over
    while p < len(clause):
        verb = _match(clause, p, w.verb_groups)
        adv = _match(clause, p, w.adverbial_groups)
        if verb and (adv is None or len(verb) > len(adv)):
            return p, verb
        if adv is None or p + len(adv) > ADVERBIAL_REACH:
            break
        passed.append((p, adv))
        p += len(adv)
    for q in range(p, min(p + VERB_SLACK + 1, len(clause))):
        verb = _match(clause, q, w.verb_groups)
        if verb:
            return q, verb
    for q, adv in reversed(passed):  # 加快城市更新: the adverbial is the verb
        if adv in verb_set:
            return q, adv
    return None


def _strip_opening(ct: str, a: int, b: int) -> int:
    """Step over list markers, bullets and a leading date (一是, ●, 今年, 2023年)."""
    for _ in range(3):
        while a < b and ct[a] in _TRIM_START:
            a += 1
        m = _BULLET.match(ct[a:b]) or _LEAD_DATE.match(ct[a:b])
        if not m or not m.end():
            break
        a += m.end()
    while a < b and ct[a] in _TRIM_START:
        a += 1
    return a


def find_actions(
    text: str,
    paragraphs: Sequence[Paragraph],
    measures: Sequence[Measure],
    figures: Sequence[Target | Result],
    entities: Sequence[Entity],
    *,
    plan_year: int | None,
    norm: str | None = None,
    compact: CompactText | None = None,
) -> list[Action]:
    """The actions of the given paragraphs.

    Args:
        text: the decoded source; every span indexes it.
        paragraphs: logical paragraphs with zones and measure keys (graph.segment).
        measures: the measures, for their lead phrases (not actions themselves).
        figures: targets and results; a clause overlapping one is not an action.
        entities: entities whose mentions inside a clause become its entity_keys.
        plan_year: the plan's year (a sentence opening with an earlier year reviews it).
        norm: `normalize_chars(text)` if the caller has it already.
        compact: `CompactText.of(norm)` if the caller has it already.
    Returns:
        the actions in text order.
    """
    w = words()
    norm = normalize_chars(text) if norm is None else norm
    leads = {m.key: (m.span.start, m.span.end) for m in measures}
    fig_spans = sorted((f.span.start, f.span.end) for f in figures)
    # a paragraph's figures by bisection: the spans before the first that reaches
    # into the paragraph (running maximum of the ends) and from its end on are out
    fig_starts = [fs for fs, _ in fig_spans]
    fig_reach = list(accumulate((fe for _, fe in fig_spans), max))
    mentions = sorted((m.start, m.end, e.key) for e in entities if e.type != "person" for m in e.mentions)
    mention_starts = [s for s, _, _ in mentions]
    seen: dict[str, int] = {}
    out: list[Action] = []
    for para in sorted(paragraphs, key=lambda p: p.span.start):
        if para.zone not in ACTION_ZONES or para.measure_key is None:
            continue
        pc = CompactText.of(norm, para.span.start, para.span.end) if compact is None \
            else compact.within(para.span.start, para.span.end)
        ct = pc.text
        lead = leads.get(para.measure_key)
        p0, p1 = para.span.start, para.span.end
        lo, hi = bisect_right(fig_reach, p0), bisect_left(fig_starts, p1)
        para_figs = [(fs, fe) for fs, fe in fig_spans[lo:hi] if p0 < fe]
        for s0, s1, zone in sentence_zones(ct, para.zone, plan_year):
            if zone not in ACTION_ZONES:
                continue
            for c0, c1 in split_at(ct[s0:s1], CLAUSE_END):
                a, b = _strip_opening(ct, s0 + c0, s0 + c1), s0 + c1
                while b > a and ct[b - 1] in _TRIM_END:
                    b -= 1
                clause = ct[a:b]
                if not MIN_LEN <= len(clause) <= MAX_LEN:
                    continue
                found = opening_verb(clause, w)
                if found is None:
                    continue
                start, end = pc.to_source(a, b)
                if lead is not None and lead[0] < end and start < lead[1]:
                    continue
                if any(fs < end and start < fe for fs, fe in para_figs):
                    continue  # it carries a figure: a target (or result), not an action
                i, j = bisect_left(mention_starts, start), bisect_left(mention_starts, end)
                keys = tuple(dict.fromkeys(k for _, me, k in mentions[i:j] if me <= end))
                base = stable_key("action", para.section_key, clause)
                n = seen.get(base, 0)
                seen[base] = n + 1
                key = base if n == 0 else stable_key("action", para.section_key, clause, n)
                out.append(Action(key, para.section_key, para.measure_key, found[1], clause,
                                  Span(start, end, text[start:end]), keys))
    return out

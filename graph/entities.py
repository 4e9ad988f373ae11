"""Entities: named places, projects, organisations, programmes and people, and statements.

Consumes: the decoded text as read (rules match its `graph.read.normalize_chars`
copy; quotes come from the text itself) and its `Structure` from `graph.segment`.
Produces: `Entity` records (label, type, aliases, every mention as a `Span` with
`quote == text[start:end]`, the sections and measures they are named in, and the
links located_in / involves / implements for projects and organisations, role and
affiliation for people) and one `Statement` per speaker block of a statements
article.

Names are found on a compact view of the text (layout whitespace removed, see
`graph.read.CompactText`), so a name wrapped over two lines (中原科\\n技城) is one
mention whose span crosses the line break. Four sources, in order of trust:

1. the curated gazetteer (`data/gazetteer.tsv`: label, type, aliases);
2. shape rules (`data/entity_rules.tsv`): names ending in a telling suffix
   (…实验室, …研究院, …工程, …产业园, …计划, …行动, …示范区), fixed patterns with
   numbers inside (十大战略, 七大行动, 第五航权, 12条政策措施, 轨道交通S2线, 《…规划》),
   quoted programme names followed by 活动/行动/项目 … (with the nouns before the
   quote that say what they are of: 民营企业“登峰计划”), items of a 、-list before
   等龙头企业 or 等重大项目, heads shared by a list (嵩山、黄河等7家省实验室;
   莱临、德商、聊邯长铁路), routes named by their ends (日照至五莲铁路), and rivers,
   lakes and passes (石羊河, 冶力关); a rule-found name grows over a quoted name
   inside it (“百场万企”产需对接活动), a capacity (750千伏…工程) and the work done on
   a facility (…灌区现代化改造, data/project_tails.txt);
3. jieba part-of-speech tags from its dictionaries (ns places, nt organisations)
   where a suffix confirms them; words jieba's HMM found but no dictionary knows
   are tagged `oov` and count as proper names in the rules above;
4. people: speaker blocks, the byline, role-and-name lines (省长 王正谱, 记者 刘尚文
   摄), and jieba `nr`/`oov` names confirmed by context (代表/委员/记者 before
   them, 表示/说/建议 after them).

A number inside a name is part of the name: mentions cover it, so the number
accounting can count it as "name". jieba is imported lazily (it costs about a
second to start) and its cache lives under `cache_dir()`.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from math import log
from pathlib import Path
from typing import Any, NamedTuple

from graph import actions, places
from graph.curation import NO_CURATION, CuratedName, Curation
from graph.read import CompactText, normalize_chars
from graph.records import ENTITY_TYPES, Entity, Span, Statement, stable_key
from graph.segment import Structure, looks_like_name, page_trailer_start, roles
from graph.wordlists import DATA_DIR, data_lines

# ---------------------------------------------------------------------------
# Data files


@dataclass(frozen=True)
class GazetteerEntry:
    label: str
    type: str
    aliases: tuple[str, ...]
    code: str = ""  # GB/T 2260 code of an administrative division, ISO 3166 alpha-2 of a country
    source: str = "gazetteer"  # gazetteer | division | country | curation


@dataclass(frozen=True)
class Rule:
    kind: str  # suffix | pattern | quoted | list
    pattern: str
    type: str
    condition: str  # proper | launch | none


def _data_rows(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in raw.split("\t")])
    return rows


@lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    """The curated names (data/gazetteer.tsv). Raises ValueError on a bad type."""
    out: list[GazetteerEntry] = []
    for row in _data_rows("gazetteer.tsv"):
        label, typ = row[0], row[1]
        if typ not in ENTITY_TYPES:
            raise ValueError(f"gazetteer.tsv: {label}: unknown type {typ!r}")
        aliases = tuple(a for a in (row[2].split("|") if len(row) > 2 else []) if a)
        out.append(GazetteerEntry(label, typ, aliases))
    return tuple(out)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Shape rules (data/entity_rules.tsv)."""
    out = []
    for row in _data_rows("entity_rules.tsv"):
        kind, pattern, typ, cond = row[:4]
        if typ not in ENTITY_TYPES:
            raise ValueError(f"entity_rules.tsv: {pattern}: unknown type {typ!r}")
        out.append(Rule(kind, pattern, typ, cond))
    return tuple(out)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words a rule-found name never starts with or grows across (data/entity_stop.txt)."""
    words: set[str] = set()
    for raw in (DATA_DIR / "entity_stop.txt").read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#"):
            continue
        words.update(raw.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Words tagged or shaped like names that name nothing (data/not_names.txt)."""
    words: set[str] = set()
    for raw in (DATA_DIR / "not_names.txt").read_text(encoding="utf-8").splitlines():
        if not raw.lstrip().startswith("#"):
            words.update(raw.split())
    return frozenset(words)


def _words(name: str) -> frozenset[str]:
    """The whitespace-separated words of a word list in graph/data/."""
    return frozenset(w for line in data_lines(name) for w in line.split())


@lru_cache(maxsize=1)
def phrase_stops() -> frozenset[str]:
    """Clause verbs a campaign's name is not grown across (data/phrase_stops.txt)."""
    return _words("phrase_stops.txt")


@lru_cache(maxsize=1)
def not_programmes() -> frozenset[str]:
    """Quoted or numbered phrases that name no programme: slogans, metaphors, periods
    (data/not_programmes.txt)."""
    return _words("not_programmes.txt")


@lru_cache(maxsize=1)
def _gazetteer_index() -> dict[str, GazetteerEntry]:
    """Surface form -> entry of the genre gazetteer (jieba learns these words).

    Single-character aliases (豫, 郑) are kept as aliases but never matched: as
    characters they occur inside far too many words.
    """
    forms: dict[str, GazetteerEntry] = {}
    for e in gazetteer():
        for f in (e.label, *e.aliases):
            if len(f) >= 2:
                forms.setdefault(f, e)
    return forms


@lru_cache(maxsize=1)
def countries() -> tuple[GazetteerEntry, ...]:
    """Countries and territories (data/countries.tsv, generated with the divisions)."""
    out = []
    for row in _data_rows("countries.tsv"):
        if row[0] == "alpha2":
            continue
        code, name = row[0], row[1]
        short = row[2] if len(row) > 2 else ""
        out.append(GazetteerEntry(name, "place", (short,) if short else (), code, "country"))
    return tuple(out)


@lru_cache(maxsize=16)
def document_names(curated: tuple[CuratedName, ...], scope: str | None) -> dict[str, GazetteerEntry]:
    """Surface form -> entry for one document: its curation first, then the genre
    gazetteer, then the administrative divisions as `scope` (the plan's jurisdiction
    code) reads them (graph.places), then countries. A genre entry named like a
    division (河北省) takes the division's code."""
    forms: dict[str, GazetteerEntry] = {}

    def put(e: GazetteerEntry) -> None:
        for f in (e.label, *e.aliases):
            if len(f) >= 2:
                forms.setdefault(f, e)

    for c in curated:
        put(GazetteerEntry(c.label, c.type, c.aliases, "", "curation"))
    division_forms = places.forms_in(scope)
    for e in gazetteer():
        d = division_forms.get(e.label)
        put(GazetteerEntry(e.label, e.type, e.aliases, d.code, "division") if d and e.type == "place" else e)
    by_label: dict[str, list[str]] = {}
    for form, d in division_forms.items():
        by_label.setdefault(d.code, []).append(form)
    table = places.divisions()
    for code, fs in sorted(by_label.items()):
        d = table[code]
        put(GazetteerEntry(d.name, "place", tuple(sorted(f for f in fs if f != d.name)), code, "division"))
    ambiguous = places.ambiguous_full_names()
    for name in sorted(ambiguous):
        if name not in forms:  # 鼓楼区 outside any jurisdiction that decides: a place without a code
            forms[name] = GazetteerEntry(name, "place", (), "", "division")
    for e in countries():
        put(e)
    return forms


@lru_cache(maxsize=16)
def _document_starts(curated: tuple[CuratedName, ...], scope: str | None
                     ) -> tuple[dict[str, tuple[str, ...]], re.Pattern[str] | None]:
    """One document's names by first character, longest first, and a pattern finding
    the positions where one may start (a lookahead alternation of all the forms,
    tried at every character, cost far more)."""
    forms = document_names(curated, scope)
    by_first: dict[str, list[str]] = {}
    for f in sorted(forms, key=len, reverse=True):
        by_first.setdefault(f[0], []).append(f)
    if not by_first:
        return {}, None
    return {c: tuple(fs) for c, fs in by_first.items()}, re.compile(f"[{re.escape(''.join(by_first))}]")


# ---------------------------------------------------------------------------
# jieba, lazily


def cache_dir() -> Path:
    """Where jieba keeps its dictionary cache: $PLANGRAPH_CACHE, else plangraph/ in the user's
    cache folder ($XDG_CACHE_HOME or ~/.cache), never the folder the command runs in."""
    if os.environ.get("PLANGRAPH_CACHE"):
        return Path(os.environ["PLANGRAPH_CACHE"]) / "jieba"
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return user_cache / "plangraph" / "jieba"


_JIEBA: Any = None


def _posseg() -> Any:
    """jieba.posseg, initialised once with our user dictionary and the gazetteer."""
    global _JIEBA
    if _JIEBA is None:
        import jieba
        import jieba.posseg as posseg

        jieba.setLogLevel(logging.WARNING)
        d = cache_dir()
        try:
            d.mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(d)
            jieba.dt.cache_file = "jieba.cache"
        except OSError:
            pass  # an unwritable cache only costs start-up time
        jieba.initialize()
        jieba.load_userdict(str(DATA_DIR / "userdict.txt"))
        for e in gazetteer():
            if len(e.label) >= 2 and not re.search(r"[（）《》“”、\-]", e.label):
                tag = {"place": "ns", "organization": "nt"}.get(e.type, "nz")
                jieba.add_word(e.label, 20, tag)
        _JIEBA = posseg
    return _JIEBA


class Token(NamedTuple):
    # a tuple, not a dataclass: a report has some 10,000 tokens and a frozen
    # dataclass's __init__ made building them a tenth of tokenize()
    start: int  # compact offset
    end: int
    word: str
    flag: str


_RE_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_RE_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_RE_NUMBER_WORD = re.compile(r"[\d.]+")


def tokenize(compact: str) -> list[Token]:
    """jieba tokens with part-of-speech flags and compact offsets.

    Words come from jieba's segmenter (its HMM joins unknown words); their tags
    from jieba's dictionaries. posseg's own tagger would tag unknown words too,
    but its HMM is about five times slower; an unknown word of several Chinese
    characters is tagged `oov` instead, and most such words are names (鹭岛,
    汪守景), which is how the rules treat them.
    """
    _posseg()
    import jieba

    words = _cut(jieba.dt, compact)
    ends = list(accumulate(map(len, words)))
    get = _FLAGS.get
    tags = [get(w) or _flag(w) for w in words]
    # Token(...) built by map and tuple.__new__, without a Python frame per token
    return list(map(tuple.__new__, repeat(Token), zip([0, *ends[:-1]], ends, words, tags, strict=True)))


_FLAGS: dict[str, str] = {}  # word -> tag, as _flag gives it (the dictionaries do not change once loaded)


def _flag(w: str) -> str:
    """The tag of a word: jieba's user dictionary, its dictionary, else by shape."""
    import jieba

    flag = jieba.dt.user_word_tag_tab.get(w) or _posseg().dt.word_tag_tab.get(w)
    if flag is None:
        if _RE_CJK_WORD.fullmatch(w):
            flag = "oov"
        elif _RE_LATIN_WORD.fullmatch(w):
            flag = "eng"
        elif _RE_NUMBER_WORD.fullmatch(w):
            flag = "m"
        else:
            flag = "x"
    if len(_FLAGS) > 200_000:
        _FLAGS.clear()
    _FLAGS[w] = flag
    return flag


_HMM_WORDS: dict[str, list[str]] = {}  # finalseg's reading of a run of single characters


def _cut(dt: Any, text: str) -> list[str]:
    """`list(jieba.cut(text))` (accurate mode with HMM), the same words, about twice as fast.

    jieba's get_DAG builds a dict of lists per block and calc() takes a generator
    max over it with a log per edge; here one right-to-left pass scores each
    prefix word as it is found. The arithmetic is jieba's, operation for operation
    ((log(freq) - log(total)) + best score after it; ties go to the longer word,
    as max over (score, end) tuples does), so the route and the words are the same;
    tests/test_entities.py checks this against jieba.cut. Runs of single characters
    go to jieba's HMM (finalseg) as in jieba, memoised: a run is read the same
    wherever it occurs.
    """
    import jieba
    import jieba.finalseg as finalseg

    han, skip = jieba.re_han_default, jieba.re_skip_default  # jieba.cut's block splitting
    get = dt.FREQ.get
    logtotal = log(dt.total)
    out: list[str] = []
    append = out.append
    for blk in han.split(text):
        if not blk:
            continue
        if not han.match(blk):
            for x in skip.split(blk):
                if skip.match(x):
                    append(x)
                else:
                    out.extend(x)
            continue
        n = len(blk)
        score = [0.0] * (n + 1)
        end = list(range(n + 1))  # the last index of the best word starting at k
        for k in range(n - 1, -1, -1):
            best: float | None = None
            i = k
            f = get(blk[k])
            while f is not None:  # FREQ holds every prefix of a word (with 0)
                if f:
                    sc = log(f) - logtotal + score[i + 1]
                    if best is None or sc >= best:
                        best, end[k] = sc, i
                i += 1
                if i == n:
                    break
                f = get(blk[k:i + 1])
            score[k] = log(get(blk[k]) or 1) - logtotal + score[k + 1] if best is None else best
        x = 0
        buf = ""
        while x < n:
            y = end[x] + 1
            if y - x == 1:
                buf += blk[x]
            else:
                if buf:
                    _flush_singles(buf, get, finalseg, out)
                    buf = ""
                append(blk[x:y])
            x = y
        if buf:
            _flush_singles(buf, get, finalseg, out)
    return out


def _flush_singles(buf: str, get: Any, finalseg: Any, out: list[str]) -> None:
    """What jieba's __cut_DAG does with a run of single-character words."""
    if len(buf) == 1:
        out.append(buf)
    elif not get(buf):
        words = _HMM_WORDS.get(buf)
        if words is None:
            if len(_HMM_WORDS) > 100_000:
                _HMM_WORDS.clear()
            words = _HMM_WORDS[buf] = list(finalseg.cut(buf))
        out.extend(words)
    else:
        out.extend(buf)


# ---------------------------------------------------------------------------
# Candidates

PROPER_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz", "j", "eng", "oov"})
# [ ] ^ of a footnote mark (“专精特新”^[18]振兴行动) and full-width brackets of an annex mark (［13］)
PUNCT = set("，。；：！？、（）()《》“”‘’【】…—-·,.;:!?\"' []^［］")
LAUNCH = ("实施", "开展", "启动", "推进", "深化", "落实", "推行", "出台", "制定", "编制", "持续推进", "深入实施")
# Trust: curated names, fixed patterns and confirmed people first (longest first
# among them, so 中欧班列（临江号） beats 中欧班列), then shape rules, then POS tags.
# A shared head (嵩山、黄河等7家省实验室) outranks the gazetteer: the list says what the
# bare words name here (labs, not the mountain and the river).
PRIORITY = {"shared": 5, "gazetteer": 4, "person": 4, "pattern": 4, "suffix": 2, "quoted": 2, "list": 1, "pos": 1}


@dataclass(frozen=True)
class Candidate:
    start: int  # compact offsets
    end: int
    label: str
    type: str
    source: str  # gazetteer | pattern | suffix | quoted | list | pos | person
    canonical: str  # the entity's label (gazetteer label for an alias)

    @property
    def priority(self) -> int:
        return PRIORITY[self.source]


@dataclass
class _Doc:
    """Everything the candidate finders share about one document."""

    text: str
    ct: CompactText
    tokens: list[Token]
    token_starts: list[int]
    token_ends: dict[int, int]  # compact end offset -> token index
    curated: tuple[CuratedName, ...] = ()
    scope: str | None = None  # the plan's jurisdiction (a GB/T 2260 code)
    breaks: frozenset[int] = frozenset()  # compact offsets where a heading or a paragraph ends

    @property
    def names(self) -> dict[str, GazetteerEntry]:
        return document_names(self.curated, self.scope)

    def token_at(self, pos: int) -> int:
        return bisect.bisect_right(self.token_starts, pos) - 1


def _gazetteer_candidates(doc: _Doc) -> list[Candidate]:
    forms = doc.names
    by_first, starts = _document_starts(doc.curated, doc.scope)
    if starts is None:
        return []
    out = []
    s = doc.ct.text
    for m in starts.finditer(s):
        a = m.start()
        # the longest form starting here, as the lookahead alternation (longest first) finds it
        form = next((f for f in by_first[s[a]] if s.startswith(f, a)), None)
        if form is None:
            continue
        b = a + len(form)
        if _cuts_word(s, a, b, form):
            continue
        e = forms[form]
        if e.source == "division" and len(form) == 2 and not _starts_word(doc, a):
            continue  # 范县 inside 示范县, 和县 inside 和县域
        if form[0] in "省市区县" and e.type == "organization" and a and not _starts_word(doc, a):
            continue  # 区政府 inside 特别行政区政府, 市委 inside 城市委员会
        if len(form) == 2 and form != e.label and not (_starts_word(doc, a) and b in doc.token_ends):
            continue  # a short form inside other words: 建行 of 构建行动, 中办 of 集中办理
        if e.type == "project":
            c = _grown_project(doc, a, b)
            if c is not None:
                out.append(c)
                continue
        if e.type == "organization" and _extend_branch(s, b) > b:
            b = _extend_branch(s, b)  # 哈尔滨工业大学（深圳）: the campus is a body of its own
            out.append(Candidate(a, b, s[a:b], e.type, "gazetteer", s[a:b]))
            continue
        out.append(Candidate(a, b, form, e.type, "gazetteer", e.label))
    return out


_DIRECTIONS = frozenset("东西南北中")


def _place_word_name(word: str, suffix: str) -> bool:
    """One word naming a port, a road or a town by its place (天津港, 高保路, 张登镇): three
    characters or more, not a direction and the suffix alone (西大街, 东路), not ending in a
    word that names nothing (城镇)."""
    return (len(word) >= 3 and word[: len(word) - len(suffix)] not in _DIRECTIONS
            and not any(word[-n:] in not_names() for n in (2, 3)))  # 于城镇: a word that names nothing


def _place_before(doc: _Doc, a: int) -> int:
    """The start of a place word right before `a` (兰州 of 兰州轨道交通二号线), else `a`."""
    i = doc.token_at(a - 1) if a > 0 else -1
    if i < 0 or doc.tokens[i].end != a:
        return a
    t = doc.tokens[i]
    if len(t.word) >= 2 and t.word not in not_names() and (t.flag == "ns" or (
            _is_known_place_or_body(doc, t.word) and doc.names[t.word].type == "place")):
        return t.start
    return a


def _grown_project(doc: _Doc, a: int, b: int) -> Candidate | None:
    """A genre project named with more words: its airport before a relative name
    (兰州中川国际机场三期, 凤凰机场三期 are not the plan's own 机场三期), its line and phase
    after it (南水北调西线一期). None when the form stands alone (推进机场三期)."""
    s = doc.ct.text
    end = _extend_segment(s, b)
    start = _grow_left(doc, a, verbs=False)
    start += _trim_generic(s[start:a] + "  ", s[start - 1:start]) if start < a else 0
    if start < a and not _has_proper_part(doc, start, a):
        start = a
    if start == a and end == b:
        return None
    return Candidate(start, end, s[start:end], "project", "gazetteer", s[start:end])


def _starts_word(doc: _Doc, a: int) -> bool:
    i = doc.token_at(a)
    return i >= 0 and doc.tokens[i].start == a


def _cuts_word(s: str, a: int, b: int, form: str) -> bool:
    """Two-character Latin or digit names must not sit inside a longer Latin word."""
    if form.isascii():
        before = s[a - 1] if a else ""
        after = s[b] if b < len(s) else ""
        return bool(re.match(r"[A-Za-z0-9]", before or " ") or re.match(r"[A-Za-z0-9]", after or " "))
    return False


def _has_proper_part(doc: _Doc, a: int, b: int) -> bool:
    """A name holds a proper part: a place/person/organisation/abbreviation token,
    Latin letters or digits, or a gazetteer name."""
    name = doc.ct.text[a:b]
    if re.search(r"[A-Za-z0-9]", name) or _known_name_inside(doc, name, whole=True):
        return True
    return any(t.flag in PROPER_FLAGS and t.end <= b and t.word not in not_names() for t in _tokens_from(doc, a, b))


def _known_name_inside(doc: _Doc, text: str, whole: bool) -> bool:
    """A place or organisation of the document's names (gazetteer, divisions, countries,
    curation) inside `text`; the whole of `text` counts only when `whole`."""
    names = doc.names
    for i in range(len(text) - 1):
        for j in range(i + 2, min(len(text), i + 12) + 1):
            e = names.get(text[i:j])
            if e is not None and e.type in ("place", "organization") and (whole or j - i < len(text)):
                return True
    return False


def _is_known_place_or_body(doc: _Doc, word: str) -> bool:
    """A word of two or more characters that the document's names know as a place or an organisation."""
    e = doc.names.get(word) if len(word) >= 2 else None
    return e is not None and e.type in ("place", "organization")


def _place_before_field(doc: _Doc, i: int) -> Token | None:
    """For a school named by its place and its field (海南警察学院, 海南洛桑旅游大学): the
    place token up to two noun or verb words before token i, if every word between
    is of two characters or more and no stop word."""
    for back in (1, 2):
        k = i - back
        if k < 0:
            return None
        between = doc.tokens[k + 1:i + 1]
        if any(len(w.word) < 2 or w.word in stop_words() or w.flag[:1] not in ("n", "v", "b") for w in between):
            return None
        t = doc.tokens[k]
        if t.flag == "ns" or (_is_known_place_or_body(doc, t.word) and doc.names[t.word].type == "place"):
            return t
    return None


def _names_feature(doc: _Doc, a: int, b: int) -> bool:
    """A river, lake, mountain or pass named by a proper word and its one-character kind
    (石羊河, 冶力关): three characters or more (not 两山, 河湖), and not the first word of a
    longer name (红岭 of 红岭灌区)."""
    return b - a >= 3 and _ends_phrase(doc, b)


def _relative_opening(doc: _Doc, a: int, b: int) -> bool:
    """A name opening with its jurisdiction's one-character word (省人民医院, 市第三十高级中学,
    区中医院): relative to the plan's own province, city or district."""
    words = [t for t in _tokens_from(doc, a, b) if t.end <= b]
    return (len(words) >= 2 and words[0].word in ("省", "市", "区", "县") and b - words[0].end >= 3
            and not any(t.flag in ("v", "m", "a") for t in words))


def _tokens_from(doc: _Doc, a: int, b: int) -> Iterator[Token]:
    """The tokens starting inside [a, b)."""
    i = max(doc.token_at(a), 0)
    while i < len(doc.tokens) and doc.tokens[i].start < b:
        if doc.tokens[i].start >= a:
            yield doc.tokens[i]
        i += 1


_RE_YEAR = re.compile(r"20\d\d年?")
_RE_TIME_WORD = re.compile(r"^(?:\d|今|明|去|当|近|全年|上半年|下半年|目前|以来|期间|同期)|[月日]$")


def _grow_left(doc: _Doc, a: int, max_len: int = 16, verbs: bool = True, phrase: bool = False,
               zone: bool = False) -> int:
    """Move a name's start leftwards over tokens until a stop token.

    Stops at punctuation, function words (c, u, p, d, r …), stop words (leading verbs
    and generic modifiers), bare numbers with their classifiers (7家), and after
    max_len characters. With verbs=False any verb stops it: places are not named
    with verbs, projects, organisations and programmes often are (常庄水库加固工程,
    临江大学智能制造研究院, 百万大学生留郑计划).

    phrase=True reads a campaign's or event's name, which holds verbs, adverbs and
    modifiers (国企改革深化提升行动, 新兴产业集群发展工程): it grows over the stop words
    and stops only at the clause's own verbs (data/phrase_stops.txt); leading verbs
    (实施, 深入实施) are trimmed off afterwards by `_trim_generic`.

    zone=True reads a zone's name: with verbs=False it still grows over the verbs of
    data/zone_verbs.txt (苏浙皖省际毗邻协同发展区).
    """
    stops = phrase_stops() if phrase else stop_words()
    closed = ("c", "u", "p", "r", "y", "e", "o", "q") if phrase else ("c", "u", "p", "d", "r", "y", "e", "o", "f", "a", "q")
    i = doc.token_at(a - 1) if a > 0 else -1
    start = a
    while i >= 0:
        t = doc.tokens[i]
        if t.end != start or start in doc.breaks:
            break
        w = t.word
        if w == "）":
            # a bracketed place inside the name: 中国（安徽）自贸试验区, 长三角（广德）康养基地
            m = _RE_BRACKET_BEFORE.search(doc.ct.text, max(0, t.start - 8), t.end)
            k = doc.token_at(m.start() - 1) if m and m.start() > 0 else -1
            if m is None or k < 0 or start - doc.tokens[k].start > max_len:
                break
            start = m.start()
            i = k
            continue
        if w == "”":
            # a quoted name inside the name: “百场万企”产需对接活动, 天水机场“盖被子”工程
            q = _quote_start(doc.ct.text, t.start)
            if q is None or start - q > max_len:
                break
            start = q
            i = doc.token_at(q - 1) if q > 0 else -1
            continue
        if w == "及" and _joins_one_name(doc, i, start):
            start = t.start  # 生态及地质灾害避险搬迁一期工程: 及 inside one work's name
            i -= 1
            continue
        if w in _NAME_DASHES and _dash_joins_names(doc, i, start):
            start = t.start  # 蛇口—赤湾连接线, 新安江—千岛湖…合作区: a work named by its two ends
            i -= 1
            continue
        if any(ch in PUNCT for ch in w) or _is_stop(w, stops):
            break
        if _is_known_place_or_body(doc, w):
            # 平凉/a 机场, 天水/n 机场: a known name is a name whatever jieba tags it
            if start - t.start > max_len:
                break
            start = t.start
            i -= 1
            continue
        if (not phrase and verbs and w in capacity_units() and i > 0 and doc.tokens[i - 1].end == t.start
                and re.fullmatch(r"\d+(?:\.\d+)?", doc.tokens[i - 1].word) and start - doc.tokens[i - 1].start <= max_len):
            start = doc.tokens[i - 1].start  # 750千伏河西走廊北通道工程: a capacity inside the name
            i -= 2
            continue
        if (not phrase and verbs and w in place_links() and i > 0 and doc.tokens[i - 1].end == t.start
                and _place_word_at(doc, doc.tokens[i - 1].start)):
            start = doc.tokens[i - 1].start  # 三亚/ns 新/a 机场: the new airport of a place
            i -= 2
            continue
        if t.flag[:1] in closed and t.flag not in ("an", "oov", "eng"):  # eng: Latin letters, not e (interjection)
            break
        if phrase and _RE_YEAR.fullmatch(w):
            start = t.start  # the year of an event opens its name: 2022南山区招商大会
            break
        if (phrase and w == "年" and i > 0 and doc.tokens[i - 1].end == t.start
                and _RE_YEAR.fullmatch(doc.tokens[i - 1].word)):
            start = doc.tokens[i - 1].start  # 2025年中国网络文明大会
            break
        if t.flag == "t" and _RE_TIME_WORD.search(w):
            break  # 今年, 2024年 … but not 青年
        if t.flag == "m" and not re.search(r"[大年百千万]", w) and not _numeral_in_word(doc, i):
            break
        if not phrase and w in name_openers() and _place_word_at(doc, start):
            start = t.start  # 环 西丽湖/nr 碧道: the ring round a place opens the route's name,
            break  # and nothing before it belongs (全线贯通 环西丽湖碧道)
        if (not phrase and t.flag.startswith("v") and t.flag != "vn" and (len(w) == 1 or not verbs)
                and not (zone and w in zone_verbs())):
            break
        if start - t.start > max_len:
            break
        start = t.start
        i -= 1
    return start


@lru_cache(maxsize=1)
def short_phrase_heads() -> frozenset[str]:
    """Heads that a four-character noun phrase names no programme with (data/short_phrase_heads.txt)."""
    return _words("short_phrase_heads.txt")


@lru_cache(maxsize=1)
def zone_verbs() -> frozenset[str]:
    """Verbs a zone's name holds (data/zone_verbs.txt)."""
    return _words("zone_verbs.txt")


@lru_cache(maxsize=1)
def place_links() -> frozenset[str]:
    """One-character words between a place and a facility's head (data/place_links.txt)."""
    return _words("place_links.txt")


@lru_cache(maxsize=1)
def name_openers() -> frozenset[str]:
    """One-character words that open a route's name before a place (data/name_openers.txt)."""
    return _words("name_openers.txt")


def _place_word_at(doc: _Doc, pos: int) -> bool:
    """The token starting at `pos` is a place word: tagged ns/nr/j, or a known place."""
    k = doc.token_at(pos)
    if k < 0 or doc.tokens[k].start != pos:
        return False
    t = doc.tokens[k]
    known = doc.names.get(t.word)
    return t.flag in ("ns", "nr", "j") or (known is not None and known.type == "place")


# One dash between two place words joins them into one name (蛇口—赤湾连接线); a double
# dash (——) opens an aside and is no part of a name.
_NAME_DASHES = frozenset({"—", "-", "―", "－"})


def _dash_joins_names(doc: _Doc, i: int, start: int) -> bool:
    """The dash at token i stands between two nouns of two characters or more, right against
    both, the second a name (蛇口—赤湾, 河西走廊—塔克拉玛干沙漠); not after another dash (——)."""
    if i < 1 or doc.tokens[i].end != start or doc.tokens[i - 1].end != doc.tokens[i].start:
        return False
    before, after = doc.tokens[i - 1], doc.tokens[doc.token_at(start)]
    if len(before.word) < 2 or any(ch in PUNCT for ch in before.word) or before.word in stop_words():
        return False
    # the first end may be a word jieba calls a common noun (蛇口/n); the second must be a name
    proper = after.flag in PROPER_FLAGS or _is_known_place_or_body(doc, after.word)
    noun = before.flag in PROPER_FLAGS or before.flag.startswith("n") or _is_known_place_or_body(doc, before.word)
    return proper and noun


@lru_cache(maxsize=1)
def _event_activity() -> dict[str, frozenset[str]]:
    """The keyed word lists of data/event_activity.txt (heads, places, not_years)."""
    out: dict[str, frozenset[str]] = {}
    for line in data_lines("event_activity.txt"):
        key, _, words = line.partition(":")
        out[key.strip()] = frozenset(words.split())
    return out


def _event_of_activity(doc: _Doc, name: str) -> int:
    """Length of the event an …活动 name is held for (中国农民丰收节全国主场活动 -> 中国农民丰收节,
    全国双创周深圳活动 -> 全国双创周), or the whole name's length when it names no event."""
    lists = _event_activity()
    body = name[: -len("活动")]
    for cut in range(len(body), 3, -1):
        event, where = body[:cut], body[cut:]
        if event[-1] not in lists["heads"] or (event[-1] == "年" and event[-2] in lists["not_years"]):
            continue
        if where == "" or where in lists["places"] or _is_known_place_or_body(doc, where):
            return cut
    return len(name)


@lru_cache(maxsize=1)
def title_launchers() -> frozenset[str]:
    """Verbs after which a programme's title may open with a verb (data/title_launchers.txt)."""
    return _words("title_launchers.txt")


def _title_opening(doc: _Doc, a: int) -> int:
    """The start of a programme's name at `a`, moved back over one verb (or kept modifier)
    that the name was cut at when a launching verb stands right before it: 实施 服务 消费提质惠民行动
    names 服务消费提质惠民行动, 出台 高标准 农田建设管理条例 the whole regulation."""
    k = doc.token_at(a - 1) if a > 0 else -1
    if k < 1 or doc.tokens[k].end != a:
        return a
    t, before = doc.tokens[k], doc.tokens[k - 1]
    if before.end != t.start or before.word not in title_launchers() or len(t.word) < 2:
        return a
    if t.word in title_launchers() or not (t.flag.startswith("v") or t.word in campaign_modifiers() or t.word == "高标准"):
        return a
    return t.start


def _orphan_char_before(doc: _Doc, k: int, a: int) -> bool:
    """Token k, right before a place word at `a`, is one character jieba cut off the name
    (、侨/n 城东路/ns, 加快 高/a 新北区/ns): a content character, not a function word, a
    stop word or a number, that itself follows punctuation or a stop word."""
    if k < 1 or doc.tokens[k].end != a:
        return False
    t, before = doc.tokens[k], doc.tokens[k - 1]
    if len(t.word) != 1 or not re.fullmatch(r"[\u4e00-\u9fff]", t.word) or t.word in stop_words():
        return False
    if t.flag[:1] in ("c", "u", "p", "d", "r", "y", "e", "o", "q", "m", "f") or before.end != t.start:
        return False
    return any(ch in PUNCT for ch in before.word) or before.word in stop_words()


def _joins_one_name(doc: _Doc, i: int, start: int) -> bool:
    """The 及 at token i joins two parts of one work's name (阿克塞生态保护及城乡供水一体化工程),
    not two names (雄忻高铁及保定南站): the word before it is a common noun or verb that
    ends no name of its own, and the part after it holds no name's head."""
    if i < 1 or doc.tokens[i - 1].end != doc.tokens[i].start:
        return False
    before = doc.tokens[i - 1]
    after = doc.ct.text[doc.tokens[i].end:start]
    return (before.flag[:1] in ("n", "v") and len(before.word) >= 2 and before.word not in stop_words()
            and not _works_pattern().search(before.word) and not _works_pattern().search(after))


_MEASURE_CHARS = frozenset("个条座家项批大号次届期")


def _numeral_in_word(doc: _Doc, i: int) -> bool:
    """Token i is a numeral that jieba cut out of a proper word, not a count: Chinese
    numerals followed by a single noun character that is no measure (兰张 三四 线铁路,
    八步 沙林场), where a count is followed by its noun (三 条 铁路, 五大 工程)."""
    t = doc.tokens[i]
    if not re.match(r"[一二三四五六七八九十两]", t.word) or re.search(r"\d", t.word):
        return False
    if i + 1 >= len(doc.tokens):
        return False
    n = doc.tokens[i + 1]
    return (n.start == t.end and len(n.word) == 1 and n.flag in ("n", "nr", "ns", "nz")
            and n.word not in _MEASURE_CHARS and t.word[-1] not in _MEASURE_CHARS)


_RE_BRACKET_BEFORE = re.compile(r"（[\u4e00-\u9fff]{2,6}）$")
_RE_QUOTED_BEFORE = re.compile(r"“[\u4e00-\u9fffA-Za-z0-9+＋×·]{1,12}$")


def _quote_start(s: str, close: int) -> int | None:
    """Where the “…” quote closed at `close` opens, if it holds a short name's characters."""
    m = _RE_QUOTED_BEFORE.search(s, max(0, close - 13), close)
    return m.start() if m else None


def _joins_word(stop: str, s: str, start: int) -> bool:
    """True if `stop` + the character at `start` is a dictionary word (服务 + 业):
    then the stop word is not a word of its own there."""
    import jieba

    return start < len(s) and bool(jieba.dt.FREQ.get(stop + s[start]))


@lru_cache(maxsize=1)
def _stops_longest_first() -> tuple[str, ...]:
    """The stop words longest first, sorted once (two of one length never both
    start a name at one place, so their order among themselves does not matter)."""
    return tuple(sorted(stop_words(), key=len, reverse=True))


@lru_cache(maxsize=1)
def verb_adverbs() -> tuple[str, ...]:
    """Adverbs jieba joins to the verb after them into one token (data/verb_adverbs.txt)."""
    return tuple(sorted(_words("verb_adverbs.txt"), key=len, reverse=True))


def _is_stop(w: str, stops: frozenset[str]) -> bool:
    """A stop word, or one token of an adverb and a stop word (广泛开展/nr, 如期完成/l)."""
    if w in stops:
        return True
    return len(w) >= 4 and any(w.startswith(a) and w[len(a):] in stops for a in verb_adverbs())


@lru_cache(maxsize=1)
def capacity_units() -> frozenset[str]:
    """Units of a capacity written inside a facility's name (data/capacity_units.txt)."""
    return _words("capacity_units.txt")


@lru_cache(maxsize=1)
def campaign_modifiers() -> frozenset[str]:
    """Generic modifiers a campaign's name keeps at its start (data/campaign_modifiers.txt)."""
    return _words("campaign_modifiers.txt")


def _trim_generic(s: str, before: str = "", keep: frozenset[str] = frozenset()) -> int:
    """Characters of generic modifiers (一批, 重点, 新一轮 …) at the start of a name;
    the trim stops at a word of `keep`."""
    stops = _stops_longest_first()
    cut = 0
    changed = True
    while changed:
        changed = False
        if cut == 0 and len(s) > 3 and s[0] in "条个项座家所批处" and re.match(r"[\d一二三四五六七八九十两百千万]", before):
            cut += 1  # 3条续建高铁: the classifier of a count before the name
            changed = True
            continue
        adverb = next((a for a in verb_adverbs() if s.startswith(a, cut)), None)
        if (adverb and not (keep and s.startswith(tuple(keep), cut))
                and any(len(w) >= 2 and s.startswith(w, cut + len(adverb)) for w in stops)):
            cut += len(adverb)  # 广泛开展全民健身活动: the adverb of a leading verb goes with it
            changed = True
            continue
        if not s.startswith(stops, cut):
            break  # no stop word here (most names): one C call instead of the loop
        if keep and s.startswith(tuple(keep), cut):
            break
        for w in stops:
            # 服务业扩能提质行动 does not start with the verb 服务: 服务业 is a word
            if len(w) >= 2 and s.startswith(w, cut) and len(s) - cut - len(w) >= 2 and not _joins_word(w, s, cut + len(w)):
                cut += len(w)
                changed = True
                break
    return cut


@lru_cache(maxsize=1)
def draft_marks() -> tuple[str, ...]:
    """Marks of a draft after a title (data/draft_marks.txt): （草案）."""
    return tuple(sorted(_words("draft_marks.txt"), key=len, reverse=True))


def _title_label(name: str) -> str:
    """A 《…》 title is named without its draft mark: the report submits
    《…规划纲要（草案）》 and the annotators name the plan (the written form stays an alias)."""
    if name.startswith("《") and name.endswith("》"):
        for mark in draft_marks():
            if name.endswith(mark + "》") and len(name) - len(mark) > 4:
                return name[: -len(mark) - 1] + "》"
    return name


@lru_cache(maxsize=1)
def event_openings() -> tuple[str, ...]:
    """Words that open a numbered meeting's or event's name (data/event_openings.txt), longest first."""
    return tuple(sorted(_words("event_openings.txt"), key=len, reverse=True))


def _event_opening(doc: _Doc, a: int) -> int:
    """The start of a numbered meeting's or event's name that begins at `a` with 第/届:
    a place of the document's names or a word of data/event_openings.txt just before
    it belongs to it (河北省第三届冰雪运动会, 省委十四届九次全会)."""
    s = doc.ct.text
    names = doc.names
    for n in range(min(a, 12), 1, -1):
        e = names.get(s[a - n:a])
        if e is not None and e.type == "place" and _starts_word(doc, a - n):
            return a - n
    for w in event_openings():
        if s.startswith(w, a - len(w)) and a - len(w) >= 0:
            return a - len(w)
    return a


def _rule_candidates(doc: _Doc) -> list[Candidate]:
    out: list[Candidate] = []
    s = doc.ct.text
    for rule in rules():
        if rule.kind == "pattern":
            for m in re.finditer(rule.pattern, s):
                a = m.start()
                if rule.type == "program" and re.match(r"第?[一二三四五六七八九十百\d]{1,4}[届次]", m.group(0)):
                    a = _event_opening(doc, a)
                b = m.end()
                if rule.type == "project":
                    a = _place_before(doc, a)  # 兰州轨道交通二号线
                    b = _extend_segment(s, b)  # 7号线二期（东延）, 336国道高阳段
                out.append(Candidate(a, b, s[a:b], rule.type, "pattern", _title_label(s[a:b])))
        elif rule.kind == "suffix":
            for m in re.finditer(rf"(?:{rule.pattern})", s):
                b = m.end()
                if b not in doc.token_ends:
                    continue  # the suffix must end a word: 工程师 is not …工程
                # jieba may keep the whole name one word (深圳大学/nt): the suffix then
                # starts inside the token that ends the name
                whole = doc.tokens[doc.token_ends[b]]
                if (whole.start < m.start() and (whole.flag == "l" or whole.flag.startswith("v"))
                        and (s[whole.start:m.start()] in stop_words() or s[whole.start:m.start()] in phrase_stops())):
                    continue  # 推进改革/l: a verb and the kind read as one phrase, no name (not 建设工程/n)
                head = whole.start if whole.start < m.start() else m.start()
                # a dictionary word of four or more characters ending in an organisation's
                # suffix is a body's name whatever its tag (海螺集团/n)
                known_body = (rule.type == "organization" and m.start() - head >= 2 and len(whole.word) >= 4)
                if (head < m.start() and (whole.flag in PROPER_FLAGS or known_body) and whole.word not in not_names()
                        and (whole.flag != "ns" or rule.type == "place" or rule.condition == "placeword")
                        and (rule.condition != "placeword" or _place_word_name(whole.word, m.group(0)))):
                    # the word is the name; grow only over a proper word before it (深圳 西丽湖…),
                    # or the jurisdiction's one-character word (省 中医院)
                    a = head
                    k = doc.token_at(a - 1) if a else -1
                    if k >= 0 and doc.tokens[k].end == a and doc.tokens[k].word not in stop_words() and (
                            # not 延/j before the known 罗湖 (5号线西延罗湖段); 坪/j 山河 is 坪山河
                            (doc.tokens[k].flag in ("ns", "nt", "nz", "j")
                             and (len(doc.tokens[k].word) >= 2 or not _is_known_place_or_body(doc, whole.word))) or (
                            rule.type == "organization" and doc.tokens[k].word in ("省", "市", "区", "县"))):
                        a = doc.tokens[k].start
                    elif rule.type == "project" and _orphan_char_before(doc, k, a):
                        a = doc.tokens[k].start  # 、侨 城东路北延, 加快高 新北区: jieba split off the name's first character
                    if rule.condition == "feature" and not _names_feature(doc, a, b):
                        continue
                    if rule.type == "project":
                        b = _extend_segment(s, b)
                    elif rule.type == "organization":
                        b = _extend_branch(s, b)
                    out.append(Candidate(a, b, s[a:b], rule.type, "suffix", s[a:b]))
                    continue
                if rule.condition in ("adjacent", "feature"):
                    i = doc.token_at(head - 1) if head else -1
                    t = doc.tokens[i] if i >= 0 else None
                    if rule.condition == "adjacent" and t is not None and t.flag not in PROPER_FLAGS:
                        t = _place_before_field(doc, i)  # 海南 警察 学院, 海南 洛桑 旅游 大学
                    if (t is None or t.end > head or t.flag not in PROPER_FLAGS or t.word in not_names()
                            or t.word in stop_words()):  # 深化/j 河湖: a verb jieba reads as an abbreviation
                        continue
                    if rule.condition == "feature" and not _names_feature(doc, t.start, b):
                        continue
                    if rule.type == "organization":
                        b = _extend_branch(s, b)  # 深圳理工大学（筹）
                    out.append(Candidate(t.start, b, s[t.start:b], rule.type, "suffix", s[t.start:b]))
                    continue
                if rule.condition == "phrase" or (rule.type == "program" and rule.condition == "proper"):
                    a = _grow_left(doc, head, max_len=14, phrase=True)
                else:
                    a = _grow_left(doc, head, verbs=rule.type != "place", zone=rule.type == "place")
                if rule.type == "project":
                    a = _campus_start(doc, head, a)
                keep = campaign_modifiers() if rule.condition == "phrase" and rule.type == "program" else frozenset()
                a += _trim_generic(s[a:b], s[a - 1:a], keep)
                name = s[a:b]
                relative = (name[: len(name) - len(m.group(0))] in ("省", "市", "区", "县") and rule.type == "project"
                            and rule.condition in ("proper", "placeword"))
                before_suffix = name[: len(name) - len(m.group(0))]
                if (len(before_suffix) < 2 and not relative) or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", before_suffix):
                    continue  # a name of the jurisdiction's one word and the suffix stays (省科技馆, 省美术馆)
                if any("等" in t.word and (t.word == "等" or t.flag == "oov")
                       for t in _tokens_from(doc, a, b - len(m.group(0)))):
                    continue  # 平山湖等煤矿, 山东 周等/oov 活动: the end of a list (not 高等/b 研究院)
                if rule.type == "place" and re.match(r"[一二三四五六七八九十两百\d]{1,3}大", name):
                    continue  # 五大片区, 十大特色文化街区: a numbered set of zones, no zone's name
                first = next(_tokens_from(doc, a, b), None)
                if first is not None and first.flag == "k":
                    continue  # 展示 型/k 农旅融合综合示范区: a kind (…型 …), its name cut after the suffix
                if rule.condition == "named" and re.fullmatch(r"[A-Za-z]+", before_suffix):
                    continue  # CIM平台, REITs项目: a kind of system or of asset by its acronym alone
                if not _passes(doc, a, b, rule.condition):
                    continue
                if rule.condition == "placeword" and ((rule.type == "project" and _other_kinds_pattern().search(name)) or (
                        head < m.start() and (rule.type != "project" or s[head:m.start()] not in _DIRECTIONS))):
                    continue  # …自由贸易港 is the zone, 白石岭深港/j 科学园 no port; 沙河 东路 is a road
                if rule.condition in ("launch", "phrase") and not _ends_phrase(doc, b):
                    continue
                if rule.type == "program" and name.endswith("活动"):
                    b = a + _event_of_activity(doc, name)
                    name = s[a:b]
                if rule.type == "program" and rule.condition in ("phrase", "launch"):
                    # after the checks: the opening verb widens a name found without it, never
                    # admits one (出台 促进民间投资政策 is a generic policy)
                    a = _title_opening(doc, a)
                    name = s[a:b]
                if rule.type == "project":
                    b = _extend_segment(s, b)
                    name = s[a:b]
                elif rule.type == "organization":
                    b = _extend_branch(s, b)
                    name = s[a:b]
                out.append(Candidate(a, b, name, rule.type, "suffix", name))
        elif rule.kind == "quoted":
            rx = re.compile(rf"“([^“”，。；\n]{{2,14}})”(?=(?:{rule.pattern}))")
            for m in rx.finditer(s):
                inner = m.group(1)
                if re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9+·]{2,14}", inner):
                    out.append(Candidate(m.start(1), m.end(1), inner, rule.type, "quoted", inner))
            # numbered quoted names (“十大战略”, “两个确保”) are names wherever they stand
            for m in re.finditer(r"“([一二三四五六七八九十两百千万\d]{1,3}[个大项条张批][\u4e00-\u9fff]{1,8})”", s):
                if _RE_NUMBERED_HEAD.search(m.group(1)):  # not “两个更好统筹”, “六个一”
                    a = _numbered_owner_start(doc, m.start(), m.group(1))
                    if a < m.start():
                        # as trusted as the pattern rule that reads the bare “五大工程”, and longer
                        out.append(Candidate(a, m.end(), s[a:m.end()], rule.type, "pattern", s[a:m.end()]))
                        continue
                    out.append(Candidate(m.start(1), m.end(1), m.group(1), rule.type, "quoted", m.group(1)))
            out.extend(_quoted_names(doc, rule))
        elif rule.kind == "list":
            rx = re.compile(rf"((?:[\u4e00-\u9fffA-Za-z0-9]{{2,12}}、)+[\u4e00-\u9fffA-Za-z0-9]{{2,12}})"
                            rf"等(?:{_COUNT})?{_CLASS_WORDS}({rule.pattern})")
            for m in _list_matches(rx, s, "\u4e00-\u9fffA-Za-z0-9、", rule.pattern):
                pos = m.start(1)
                list_head = m.group(2)[-2:] if rule.type == "project" and m.group(2).endswith(("工程", "项目")) else ""
                for n, item in enumerate(m.group(1).split("、")):
                    a, b = pos, pos + len(item)
                    pos = b + 1
                    if n == 0 and not _opens_item(doc, a):
                        continue  # a list longer than the pattern reaches: a piece of its first item
                    a2 = a + _trim_generic(item)
                    if n == 0 and list_head:
                        a2 = max(a2, _item_start(doc, a, b))  # 引洮二期骨干及城乡配套: 及 inside an item
                    elif n == 0 or re.search("[和与或的等]", item):
                        # the first item can start with the verb of its clause (支持鸿富锦);
                        # a later one holding 和 is two names, one holding 等 ends another list
                        a2 = max(a2, _grow_left(doc, b) if b in doc.token_ends else a2)
                    if b - a2 < 2 or not _passes(doc, a2, b, rule.condition):
                        continue
                    if list_head and b in doc.token_ends and not _names_another_kind(doc, s[a2:b]):
                        last = doc.tokens[doc.token_ends[b]]
                        if (last.word in stop_words() and last.word in actions.words().verb_set
                                and last.word not in _project_tails() and last.start - a2 >= 2):
                            b = last.start  # 连霍高速公路改扩建: the works on a road the list names
                        # 引洮济合、景电二期提质增效等工程: each item is a 工程, written bare; the list
                        # says what the words name (长江池州段河道治理 is a project, not 长江's)
                        label = s[a2:b] if _works_pattern().search(s[a2:b]) else s[a2:b] + list_head
                        out.append(Candidate(a2, b, s[a2:b], rule.type, "shared", label))
                        continue
                    out.append(Candidate(a2, b, s[a2:b], rule.type, "list", s[a2:b]))
        elif rule.kind == "shared":
            out.extend(_shared_head_candidates(doc, rule))
        elif rule.kind == "route":
            out.extend(_route_candidates(doc, rule))
    return out


@lru_cache(maxsize=1)
def _other_kinds_pattern() -> re.Pattern[str]:
    """The suffixes of places and organisations in entity_rules.tsv (…片区, …集团)."""
    heads = [r.pattern for r in rules() if r.type in ("place", "organization") and r.kind == "suffix"]
    return re.compile(rf"(?:{'|'.join(heads)})$")


def _names_another_kind(doc: _Doc, item: str) -> bool:
    """A list item of 等…项目 that names a place or a body, not a project: a known one
    (惠科, 龙芯中科 of 推进惠科、龙芯中科、新型存储器等重大项目) or one by its suffix
    (国际陆港航空港片区)."""
    e = doc.names.get(item)
    return (e is not None and e.type in ("place", "organization")) or bool(_other_kinds_pattern().search(item))


def _opens_item(doc: _Doc, a: int) -> bool:
    """A list's first item can start at `a`: after punctuation or a word that opens a
    clause (开工, 推进), not inside a name (松涛 灌区… of a list the pattern reaches only in part)."""
    if a == 0 or doc.ct.text[a - 1] in PUNCT:
        return True
    i = doc.token_at(a - 1)
    if i < 0 or doc.tokens[i].end != a:
        return False
    t = doc.tokens[i]
    return t.word in stop_words() or t.word in phrase_stops() or (t.flag.startswith("v") and t.flag != "vn")


def _is_opener(t: Token) -> bool:
    return t.word in stop_words() or (t.flag.startswith("v") and t.flag != "vn") or t.flag[:1] in ("d", "p", "c")


@lru_cache(maxsize=1)
def _project_tails() -> frozenset[str]:
    """The works after a project's name (data/project_tails.txt)."""
    return _words("project_tails.txt")


def _item_start(doc: _Doc, a: int, b: int) -> int:
    """Where the first item of a list [a, b) starts after the verbs and stop words of its
    clause (开工, 加快推进): the item may hold 及 (引洮二期骨干及城乡配套); a clause verb
    inside it opens the item anew (泰安等市推进火箭)."""
    words = [t for t in _tokens_from(doc, a, b) if t.end <= b]
    for t in words:
        if b - t.start < 2 or not _is_opener(t):
            break
        a = t.end
    for t in words:
        if t.start >= a and t.word in phrase_stops() and b - t.end >= 2:
            a = t.end
    return a


@lru_cache(maxsize=1)
def _works_pattern() -> re.Pattern[str]:
    """The ends of a name that already says what it is: the project suffixes of
    entity_rules.tsv and the works of project_tails.txt (淠史杭灌区现代化改造, 西成铁路甘肃段)."""
    words = _project_tails() | _words("work_endings.txt")
    heads = [r.pattern for r in rules() if r.type == "project" and r.kind in ("suffix", "shared")]
    return re.compile(rf"(?:{'|'.join(sorted(words, key=len, reverse=True))}|{'|'.join(heads)}|[段期线港站])$")


_ROUTE_END = frozenset("，。；：！？、等")


def _route_end(doc: _Doc, i: int) -> int | None:
    """The end of a route's endpoint starting at token i: one proper or known word, or a
    proper word and a common one (羊山 大道); None if no endpoint starts there."""
    if i >= len(doc.tokens):
        return None
    t = doc.tokens[i]
    if len(t.word) < 2 or not (t.flag in PROPER_FLAGS or _is_known_place_or_body(doc, t.word)):
        return None
    if i + 1 < len(doc.tokens) and doc.tokens[i + 1].flag == "n" and doc.tokens[i + 1].word in ("大道", "路", "大街"):
        return doc.tokens[i + 1].end
    return t.end


def _route_candidates(doc: _Doc, rule: Rule) -> list[Candidate]:
    """Roads, railways and lines named by their ends, X至Y: 日照至五莲铁路, 黔江至吉首高铁,
    羊山大道至母瑞山公路; with no head word after them (庆云至章丘等23个续建项目) when the
    clause says they are projects. Each end is one proper or known word."""
    s = doc.ct.text
    head_rx = re.compile(rf"(?:{rule.pattern})")
    out: list[Candidate] = []
    for m in re.finditer("至", s):
        p = m.start()
        k = doc.token_at(p)
        if k < 1 or doc.tokens[k].start != p or doc.tokens[k].word != "至":
            continue
        x = doc.tokens[k - 1]
        if len(x.word) < 2 or x.word in stop_words():
            continue
        a = x.start
        if x.word in ("大道", "路", "大街") and k >= 2:
            x = doc.tokens[k - 2]
            a = x.start
        if not (x.flag in PROPER_FLAGS or _is_known_place_or_body(doc, x.word)):
            continue
        y_end = _route_end(doc, k + 1)
        if y_end is None:
            continue
        head = head_rx.match(s, y_end)
        if head:
            b = head.end()
        else:
            nxt = s[y_end:y_end + 1]
            clause = re.split(r"[，。；！？]", s[y_end:y_end + 40], maxsplit=1)[0]
            if nxt not in _ROUTE_END or not head_rx.search(clause):
                continue
            b = y_end
        b = _extend_segment(s, b)
        out.append(Candidate(a, b, s[a:b], rule.type, "suffix", s[a:b]))
    return out


@lru_cache(maxsize=1)
def _segment_pattern() -> re.Pattern[str]:
    """Sections, phases, bracketed variants (（B型）, （R1线）) and the works of
    data/project_tails.txt after a project's name."""
    tails = "|".join(sorted(_project_tails(), key=len, reverse=True))
    return re.compile(
        r"(?:（[\u4e00-\u9fffA-Za-z0-9]{1,6}段?）|[\u4e00-\u9fff]{2}段(?![落时])"
        rf"|[一二三四五六七八九十]期(?:工程|项目)?|（[一二三四五六七八九十]期）|(?:{tails})(?![\u4e00-\u9fff]?[的和与]))+")


_RE_BRANCH = re.compile(r"（[\u4e00-\u9fff]{1,4}）")


def _extend_branch(s: str, b: int) -> int:
    """An organisation's campus or branch in brackets belongs to its name: 香港大学（深圳）."""
    m = _RE_BRANCH.match(s, b)
    return m.end() if m else b


def _extend_segment(s: str, b: int) -> int:
    """A project name goes on over its section or phase: 合新高铁安徽段, 兰州中川国际机场三期,
    长江国家文化公园（安徽段）."""
    m = _segment_pattern().match(s, b)
    return m.end() if m else b


# a numbered set is a programme when it is a set of programmes, not of virtues or slogans
_RE_NUMBERED_HEAD = re.compile(r"(?:战略|工程|行动|计划|攻坚战?|任务|产业|集群|体系|一批|改革|措施|举措|机制"
                               r"|项目|平台|中心|基地|专项|政策|条)$")

# “五大工程”, “八大行动”: a programme of N works or campaigns, named after what they serve
# (提振消费“五大工程”, 碳达峰“十大工程”); the annotators name the whole.
_RE_NUMBERED_CAMPAIGN = re.compile(r"[一二三四五六七八九十两百千万\d]{1,3}大(?:工程|行动|计划|战略|举措|任务)")


def _numbered_owner_start(doc: _Doc, q: int, inner: str) -> int:
    """Start of the noun phrase right before the quote at `q` that owns a numbered
    campaign (数字产业化“十大工程”), or `q` when there is none (实施“五大工程”, 、“八大行动”)."""
    if not _RE_NUMBERED_CAMPAIGN.fullmatch(inner) or q not in doc.token_ends:
        return q
    s = doc.ct.text
    a = _grow_left(doc, q, max_len=10, phrase=True)
    a += _trim_generic(s[a:q], s[a - 1:a] if a else "")
    # the owner is a noun phrase: it starts after the clause's last plain verb (对标“十大战略”)
    i = doc.token_at(a)
    while 0 <= i < len(doc.tokens) and doc.tokens[i].start < q:
        if doc.tokens[i].flag in ("v", "vd", "d", "p", "c"):
            a = doc.tokens[i].end
        i += 1
    # two characters alone before the quote are most often the clause's verb (对标/oov “十大战略”)
    if q - a < 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", s[a:q]):
        return q
    return a


_RE_QUOTED = re.compile(r"“([\u4e00-\u9fffA-Za-z0-9+＋×·、]{2,16})”")


def _quoted_names(doc: _Doc, rule: Rule) -> list[Candidate]:
    """Any “…” phrase names a programme (“高效办成一件事”, “枫桥经验”), unless it is a
    slogan, metaphor or period (data/not_programmes.txt); a programme word right after
    the quote belongs to the name (“人工智能+”行动). Priority is low: a gazetteer or
    suffix reading of the same words (a place, a company) wins."""
    s = doc.ct.text
    skip = not_programmes() | not_names()
    heads = rule.pattern
    out: list[Candidate] = []
    for m in _RE_QUOTED.finditer(s):
        inner = m.group(1)
        headed = re.match(rf"(?:{heads})", s[m.end():m.end() + 6]) is not None
        if inner in skip or "、" in inner or (re.fullmatch(r"[\d+＋×·]+", inner) and not headed):
            continue  # a slogan, a list of them (“星、箭、网、端”), a bare number
        if (re.search(r"[+＋×](?!$)", inner) and not headed) or re.search(r"连[冠丰优胜增]$", inner):
            continue  # a formula (“政府+市场”) or a record (“五连冠”, “二十二连丰”); “人工智能+” and “1+N”行动 stay
        tail = re.match(rf"(?:{heads})", s[m.end():m.end() + 6])
        if tail and (m.end() + tail.end()) not in doc.token_ends:
            tail = None  # 行动 of 行动计划 as one word: the longest head is what ends the name
            for head in sorted(heads.split("|"), key=len, reverse=True):
                if s.startswith(head, m.end()) and m.end() + len(head) in doc.token_ends:
                    tail = re.match(re.escape(head), s[m.end():])
                    break
        if not tail and (_holds_verb(doc, m.start(1), m.end(1)) or _holds_particle(doc, m.start(1), m.end(1))):
            continue  # a saying (“跳起来摘桃子”, “一发中的”), not a name
        if (not tail and re.match(r"[一二三四五六七八九十两百千万\d]{1,3}[个大项条张批]", inner)
                and not _RE_NUMBERED_HEAD.search(inner)):
            continue  # a numbered slogan (“两个更好统筹”, “六个一”), not a set of programmes
        # a set numbered as programmes (提振消费“五大工程”, 稳经济“30条”) is named with its topic,
        # a numbered figure is not (八步沙林场“六老汉”)
        numbered = re.match(r"[一二三四五六七八九十两双百千万\d]", inner) and (
            _RE_NUMBERED_HEAD.search(inner) or re.match(r"[一二三四五六七八九十两\d]{1,3}[个大项条张批篇]", inner))
        topic = _quote_topic(doc, m.start()) if (tail or numbered or re.search(rf"(?:{heads})$", inner)) else m.start()
        if tail:
            b = m.end() + tail.end()
            out.append(Candidate(topic, b, s[topic:b], rule.type, "quoted", s[topic:b]))
        elif topic < m.start():
            out.append(Candidate(topic, m.end(), s[topic:m.end()], rule.type, "quoted", s[topic:m.end()]))
        elif not _quoted_word(doc, m.start(1), m.end(1)) and not _opens_with_clause_verb(doc, m.start(1), m.end(1)):
            out.append(Candidate(m.start(1), m.end(1), inner, rule.type, "quoted", inner))
    return out


def _opens_with_clause_verb(doc: _Doc, a: int, b: int) -> bool:
    """A bare quoted phrase that opens with a clause's verb is a motto, not a name
    (保定 2022 “着力稳定宏观经济大盘”, “突出新颜值”, “绽放新颜值”)."""
    first = next((t for t in _tokens_from(doc, a, b)), None)
    return (first is not None and first.end < b and first.flag.startswith("v") and first.flag != "vn"
            and (_is_stop(first.word, stop_words()) or _is_stop(first.word, phrase_stops())))


def _quote_topic(doc: _Doc, q: int) -> int:
    """Where a quoted programme's name starts when the words before the quote say what
    it is of: 提振消费“五大工程”, 民营企业“登峰计划”, 产业升级“千百亿”行动. The words are
    nouns grown over as a campaign's name is (not a verb: 实施“五大工程” starts at the quote)."""
    i = doc.token_at(q - 1) if q > 0 else -1
    if (i < 0 or doc.tokens[i].end != q or doc.tokens[i].flag not in ("n", "nz", "nt", "ns", "j")
            or len(doc.tokens[i].word) < 2):
        return q
    known = doc.names.get(doc.tokens[i].word)
    if known is not None and known.type == "organization":
        return q  # 市委“11258”总体要求: the body that set it, not a part of its name
    a = _grow_left(doc, q, max_len=8, verbs=False)
    a += _trim_generic(doc.ct.text[a:q] + "“”", doc.ct.text[a - 1:a])
    return a if q - a >= 2 and not re.search(r"[^\u4e00-\u9fff]", doc.ct.text[a:q]) else q


def _quoted_word(doc: _Doc, a: int, b: int) -> bool:
    """A quoted phrase with no programme word after it that is a figure of speech, not
    a name: two characters (“府院”, “母港”), one dictionary word (“菜篮子”, “白名单”,
    “十年磨一剑”), 大 + one word (“大消费”, “大开放”), or three characters of known words
    (“公转铁”, “三公里”; a coined word such as “包抓联” stays)."""
    if b - a <= 2:
        return True
    words = [t for t in _tokens_from(doc, a, b) if t.end <= b]
    if b - a == 3 and not any(t.flag == "oov" for t in words):
        return True
    if words and words[0].word == "大" and len(words) == 2:
        return True
    return len(words) == 1 and words[0].end == b and words[0].flag not in ("oov", "eng", "m")


_CJK_ALTERNATION = re.compile(r"[\u4e00-\u9fff|]+")


def _list_matches(rx: re.Pattern[str], s: str, chars: str, words: str) -> list[re.Match[str]]:
    """`list(rx.finditer(s))` for the 、-list rules, searched only where a match can be.

    Every character of a match is one of `chars` (a character class body) or of the
    rule's own words, so a match lies inside one run of those characters and has
    、 and 等 in it; the list patterns backtrack at every position, and most runs
    (clauses between commas) hold no 、-list. `rx` has no lookaround, so searching a
    run alone (pos/endpos) finds what searching the whole text finds there.
    """
    if not _CJK_ALTERNATION.fullmatch(words):  # a word pattern of another shape: no shortcut
        return list(rx.finditer(s))
    runs = re.compile(f"[{chars}{re.escape(''.join(set(words) - {'|'}))}]+")
    out: list[re.Match[str]] = []
    for run in runs.finditer(s):
        a, b = run.span()
        if "、" in run.group() and "等" in run.group():
            out.extend(rx.finditer(s, a, b))
    return out


_LIST_ITEM = r"[\u4e00-\u9fff]{2,6}"
_COUNT = r"(?:\d{1,3}|[一二三四五六七八九十两]{1,3})(?:家|个|条|座|所|处)"
_CLASS_WORDS = r"(?:省级|国家级|市级|省|国家|市|重点|重大|骨干|一批|在建|续建|新建|高水平)*"


def _shared_head_candidates(doc: _Doc, rule: Rule) -> list[Candidate]:
    """Items of a 、-list counted into a class of names: 嵩山、黄河等7家省实验室 names
    嵩山实验室 and 黄河实验室; 邵永、铜吉等6条高铁 names 邵永高铁, 铜吉高铁. Each item is
    a mention (the words as written) of the item + the head noun."""
    s = doc.ct.text
    rx = re.compile(rf"((?:{_LIST_ITEM}、)+{_LIST_ITEM})等(?:{_COUNT})?{_CLASS_WORDS}?({rule.pattern})"
                    rf"(?![\u4e00-\u9fff]{{0,2}}(?:企业|产品|公司))")
    out: list[Candidate] = []
    for m in _list_matches(rx, s, "\u4e00-\u9fff、\\d", rule.pattern):
        head = m.group(2)
        pos = m.start(1)
        for n, item in enumerate(m.group(1).split("、")):
            a, b = pos, pos + len(item)
            pos = b + 1
            # the last item may end inside a token of its last character and 等 (锁阳 城等/oov)
            glued = doc.tokens[doc.token_at(b)]
            if (b not in doc.token_ends and not (glued.end == b + 1 and glued.flag == "oov")
                    or re.search("[和及与或的]", item)):
                continue  # 京港澳和沪昆扩容: not one bare name
            route = item.rfind("至")
            if 0 < route < len(item) - 1:
                # 黄桶至百色: a route names from its first end (the word before 至)
                k = doc.token_at(a + route - 1)
                a = max(a, doc.tokens[k].start) if k >= 0 else a
            elif n == 0:
                a = max(a, _grow_left(doc, b, verbs=False))  # the first item may start with its clause's verb
            else:
                # an item between two 、 is whole (大堡子山, though jieba reads 大/a 堡子山), less a leading verb
                a += _trim_generic(item)
            last = doc.tokens[doc.token_at(b - 1)]
            if b - a < 2 or last.flag.startswith("v"):
                continue
            name = s[a:b] if s[a:b].endswith(head) else s[a:b] + head  # 南方科技大学等5所大学
            entry = doc.names.get(name)
            label, typ = (entry.label, entry.type) if entry else (name, rule.type)
            out.append(Candidate(a, b, s[a:b], typ, "shared", label))
    out.extend(_bare_shared_candidates(doc, rule))
    return out


def _short_proper(doc: _Doc, a: int, b: int) -> bool:
    """One proper word (an abbreviation such as 莱临, 津潍) or a route of two (日照至五莲)."""
    words = [t for t in _tokens_from(doc, a, b) if t.end <= b]
    if not words or words[-1].end != b or words[0].start != a:
        return False
    if len(words) == 3 and words[1].word == "至":
        words = [words[0], words[2]]
    return len(words) <= 2 and all(t.flag in PROPER_FLAGS or _is_known_place_or_body(doc, t.word) for t in words)


def _bare_shared_candidates(doc: _Doc, rule: Rule) -> list[Candidate]:
    """A 、-list of short proper words whose last item carries the head: 莱临、德商、聊邯长铁路
    names 莱临铁路 and 德商铁路 (the last is the suffix rules' own). Every item must be one
    proper word or a route, so 公路、铁路 or 产业、项目 are not read as names."""
    s = doc.ct.text
    rx = re.compile(rf"((?:[\u4e00-\u9fff]{{2,6}}、)+)([\u4e00-\u9fff]{{2,4}}?)({rule.pattern})")
    out: list[Candidate] = []
    matches = [m for run in re.finditer(r"[\u4e00-\u9fff、]+", s) if "、" in run.group()
               for m in rx.finditer(s, *run.span())]
    for m in matches:
        head = m.group(3)
        k = doc.token_at(m.start(3) - 1)
        last = doc.tokens[k] if k >= 0 else None
        if last is None or last.end != m.start(3):
            continue
        cut_apart = (2 <= m.end(2) - m.start(2) <= 3 and doc.tokens[doc.token_at(m.start(2))].start == m.start(2)
                     and not any(ch in stop_words() for ch in m.group(2)))
        if not (len(last.word) >= 2 and _short_proper(doc, last.start, last.end)) and not cut_apart:
            continue  # the last item: a proper word, or two or three characters jieba cut apart (合/v 滁/ns)
        items: list[tuple[int, int]] = []
        pos = m.start(1)
        for item in m.group(1)[:-1].split("、"):
            items.append((pos, pos + len(item)))
            pos += len(item) + 1
        if items and not _short_proper(doc, *items[0]):
            a, b = items[0]
            k = doc.token_at(b - 1)  # the first item may hold its clause's verb: 推动莱临
            items[0] = (max(a, doc.tokens[k].start), b)
        ends = r"|[段港期线站]$" if rule.type == "project" else ""  # 新海港、…机场: a port, not 新海 + 机场
        if not items or not all(b - a >= 2 and _short_proper(doc, a, b)
                                and not re.search(rf"(?:{rule.pattern}){ends}", s[a:b])
                                for a, b in items):
            continue
        for a, b in items:
            name = s[a:b] + head
            entry = doc.names.get(name)
            label, typ = (entry.label, entry.type) if entry else (name, rule.type)
            out.append(Candidate(a, b, s[a:b], typ, "shared", label))
        if cut_apart:  # the last item as written, which the suffix rules cannot grow over (合/v)
            name = s[m.start(2):m.end(3)]
            out.append(Candidate(m.start(2), m.end(3), name, rule.type, "suffix", name))
    return out


_PHRASE_GOES_ON = frozenset({"n", "vn", "nz", "nt", "ns", "an"})
_HEAD_OK = frozenset({"建设", "项目", "工作", "实施", "落地", "落实", "推进", "改革"})


def _ends_phrase(doc: _Doc, b: int) -> bool:
    """The name ends its noun phrase: the next word is not another noun modifying on
    (政策合作, 计划攻坚), unless it is what is done with the name (建设, 实施)."""
    i = doc.token_at(b)
    if i < 0 or i >= len(doc.tokens) or doc.tokens[i].start != b:
        return True
    t = doc.tokens[i]
    return t.flag not in _PHRASE_GOES_ON or t.word in _HEAD_OK


def _campus_start(doc: _Doc, head: int, a: int) -> int:
    """A campus named by its school and a word or number jieba keeps apart (华北电力大学 新 校区,
    中央司法警官学院 第二 校区, 海南 师范大学 桂林 洋 校区): the name starts where the school's does."""
    s = doc.ct.text
    m = re.search(r"(?:大学|学院)([\u4e00-\u9fff\d]{1,4})$", s[max(0, head - 8):head])
    if not s.startswith("校区", head) or m is None or head - len(m.group(1)) not in doc.token_ends:
        return a
    school = doc.tokens[doc.token_ends[head - len(m.group(1))]]
    return min(a, _grow_left(doc, school.start))


_RE_CAMPUS = re.compile(r"(?:大学|学院)[\u4e00-\u9fff]{1,4}校区$")


def _passes(doc: _Doc, a: int, b: int, condition: str) -> bool:
    if condition == "none":
        return True
    if condition == "named":
        # weak heads (…平台, …项目, …中心): jieba's tags are not enough, a known name must be inside
        # or a national facility named as one (国家碳计量中心, 全国农产品质量安全国际标准比对中心)
        # a school's campus is named by the school (华北电力大学新校区, 海南师范大学桂林洋校区)
        if _RE_CAMPUS.search(doc.ct.text, a, b) and b - a >= 7:
            return True
        return _label_has_proper_part(doc, doc.ct.text[a:b], tags=False) or (
            b - a >= 6 and doc.ct.text.startswith(("国家", "全国"), a) and not doc.ct.text.startswith("国家级", a))
    if _has_proper_part(doc, a, b) or (condition in ("proper", "placeword") and _relative_opening(doc, a, b)):
        return True
    if condition == "proper" and "“" in doc.ct.text[a:b - 1]:
        return True  # a quoted name inside: “百场万企”产需对接活动
    if condition == "launch":
        before = doc.ct.text[max(0, a - 4):a]
        return b - a >= 5 and before.endswith(LAUNCH)
    if condition == "phrase":
        # a named campaign, event or reform: at least four characters, that end their
        # noun phrase (checked by the caller) and hold no clause-level verb inside
        short_ok = not doc.ct.text.endswith(tuple(short_phrase_heads()), a, b)
        return (b - a >= 5 or (b - a == 4 and short_ok)) and not _holds_verb(doc, a, b)
    return False


def _holds_particle(doc: _Doc, a: int, b: int) -> bool:
    """的/地/得/了/着 inside the words of a span: a phrase of speech (“舌尖上的安全”)."""
    return any(t.end <= b and t.flag[:1] == "u" for t in _tokens_from(doc, a, b))


def _holds_verb(doc: _Doc, a: int, b: int) -> bool:
    """A single-character verb, or 是/有/要, inside the words of a span: a clause, not a name."""
    return any(t.flag == "v" and (len(t.word) == 1 or t.word in ("进行", "实现", "完成", "确保"))
               for t in _tokens_from(doc, a, b))


_PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|镇|乡|村|州|盟|旗|自治区|新区)$")
_ORG_SUFFIX = re.compile(r"(?:大学|学院|银行|集团|公司|科学院|研究院|研究所|委员会|人民政府)$")


def _pos_candidates(doc: _Doc) -> list[Candidate]:
    """jieba ns/nt tokens that a suffix confirms (the tags alone are noisy: 城市/ns)."""
    out = []
    for t in doc.tokens:
        if t.flag == "ns" and len(t.word) >= 3 and _PLACE_SUFFIX.search(t.word) and t.word not in not_names():
            out.append(Candidate(t.start, t.end, t.word, "place", "pos", t.word))
        elif t.flag == "nt" and len(t.word) >= 4 and _ORG_SUFFIX.search(t.word):
            out.append(Candidate(t.start, t.end, t.word, "organization", "pos", t.word))
    return out


_RE_PERSON_AFTER = re.compile(r"^(?:表示|说|认为|建议|指出|强调|介绍|坦言|感慨|谈到|作政府工作报告|代表)")


def _person_candidates(doc: _Doc, structure: Structure) -> tuple[list[Candidate], dict[str, tuple[str | None, str | None]]]:
    """People with their role and affiliation: speakers, the byline's reporter, and
    jieba person names confirmed by a role before or a speech verb after them."""
    s = doc.ct.text
    found: dict[str, tuple[str | None, str | None]] = {}
    for b in structure.statement_blocks:
        found.setdefault(b.speaker, (b.role, None))
    if structure.byline is not None:
        m = re.match(r"(.*?)(记者|通讯员)\s*([\u4e00-\u9fff·]{2,4})", re.sub(r"\s+", " ", structure.byline.quote))
        if m and looks_like_name(m.group(3)):
            found.setdefault(m.group(3), (m.group(2), m.group(1).strip() or None))
    role_alt = "|".join(re.escape(r) for r in roles())
    # 河北省人民政府省长 王正谱 / 湖南日报全媒体记者 刘尚文 摄: a role and a name closing a line
    closing = re.compile(rf"([\u4e00-\u9fff]{{0,16}}?)({role_alt}) ?((?:[\u4e00-\u9fff·] ?){{2,12}}?) ?摄?$")
    # a match ends the line and is at most this long (16 + role + 1 + 24 + 1 + 1), so
    # only the line's tail is searched: the same match, without trying every start
    reach = max(map(len, roles()), default=0) + 43
    for line in re.split(r"[\n。！？]", doc.text):
        line = re.sub(r"\s+", " ", line.strip())
        m = closing.search(line[-reach:])
        if not m:
            continue
        name = re.sub(r"(?:说道|说|表示|认为|建议|指出|强调)$", "", m.group(3).replace(" ", ""))
        if _person_name(name) and not any(name.startswith(k) for k in found):
            found[name] = (m.group(2), m.group(1) or None)
    speech = "说|表示|认为|建议|指出|强调|介绍|作|摄|代表|[：:，,。]"
    for m in re.finditer(rf"({role_alt})([\u4e00-\u9fff]{{2,3}}?)(?={speech})", s):
        name = m.group(2)
        if looks_like_name(name) and name not in found:
            found[name] = (m.group(1), None)
    for t in doc.tokens:
        if t.flag in ("nr", "nrfg", "oov") and 2 <= len(t.word) <= 3 and looks_like_name(t.word) and t.word not in found:
            # an unknown word may glue a known name to the next character (朱江摄, 赵刚作)
            if t.word in not_names() or any(t.word in k or k in t.word for k in found):
                continue
            before = s[max(0, t.start - 6):t.start]
            # 习近平总书记殷殷嘱托: a role before a name must not be 总书记's
            if _RE_PERSON_AFTER.match(s[t.end:t.end + 6]) or (
                    re.search(rf"(?:{role_alt})$", before) and not before.endswith("总书记")):
                found[t.word] = (None, None)
    out = []
    for name in found:
        for m in re.finditer(re.escape(name), s):
            out.append(Candidate(m.start(), m.end(), name, "person", "person", name))
    return out, found


def _person_name(name: str) -> bool:
    """A Chinese name (何雄), or a transcribed one with a middle dot (艾尔肯·吐尼亚孜).

    >>> _person_name("何雄"), _person_name("艾尔肯·吐尼亚孜"), _person_name("报告")
    (True, True, False)
    """
    if "·" in name:
        return all(2 <= len(p) <= 6 for p in name.split("·"))
    return looks_like_name(name)


_BUCKET = 64  # characters of text per bucket of kept candidates in resolve()


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep the best candidates: trusted sources first, longer names first; a
    candidate crossing a kept one is dropped; one nested inside a kept name is kept
    only if it is a place (省科学院航空港区分院 holds 航空港区)."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        where = (c.start, c.end)
        if where not in best or c.priority > best[where].priority:
            best[where] = c
    order = sorted(best.values(), key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    # kept candidates in buckets of their start, to look only at those that can
    # overlap: a scan of all of them for every candidate was quadratic (14 s of a
    # 2 MB document's 26)
    buckets: dict[int, list[Candidate]] = {}
    longest = 0
    for c in order:
        ok = True
        near = (k for b in range((c.start - longest) // _BUCKET, (c.end - 1) // _BUCKET + 1)
                for k in buckets.get(b, ()))
        for k in near:
            if c.end <= k.start or k.end <= c.start:
                continue
            inside = k.start <= c.start and c.end <= k.end
            outside = c.start <= k.start and k.end <= c.end
            if inside and c.type == "place" and k.type != "place":
                continue
            if outside and k.type == "place" and c.priority >= k.priority - 2:
                continue
            ok = False
            break
        if ok:
            kept.append(c)
            buckets.setdefault(c.start // _BUCKET, []).append(c)
            longest = max(longest, c.end - c.start)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _drop_name_parts(kept: list[Candidate]) -> list[Candidate]:
    """Places named only inside organisations' names (天津 of 天津大学, 广安 of 广安门医院)
    are part of those names, not places the document speaks of; a place also named on
    its own, or inside a project (庆云 of 庆云至章丘), stays."""
    orgs = [o for o in kept if o.type == "organization"]

    def in_org(c: Candidate) -> bool:
        return any(o.start <= c.start and c.end <= o.end for o in orgs)

    alone = {c.canonical for c in kept if c.type == "place" and not in_org(c)}
    return [c for c in kept if c.type != "place" or c.canonical in alone]


# ---------------------------------------------------------------------------
# Entities


def extract_entities(text: str, structure: Structure, compact: CompactText | None = None,
                     curation: Curation = NO_CURATION) -> tuple[list[Entity], list[Statement]]:
    """Entities and statements of one document (see the module docstring).

    `compact` is `CompactText.of(normalize_chars(text))` if the caller has it already;
    `curation` the document's own names and names to drop (graph.curation).
    """
    # Rules match the character-normalised text (１２条 → 12条); it has the same
    # length, so offsets and quotes still come from `text` as given.
    ct = CompactText.of(normalize_chars(text)) if compact is None else compact
    tokens = tokenize(ct.text)
    starts, ends = [t[0] for t in tokens], [t[1] for t in tokens]
    jurisdiction = places.resolve_jurisdiction(structure.jurisdiction, text)
    scope = jurisdiction.code if jurisdiction else None
    doc = _Doc(text, ct, tokens, starts, dict(zip(ends, range(len(ends)), strict=True)), curation.names, scope,
               _breaks(text, ct, structure))
    persons, person_roles = _person_candidates(doc, structure)
    cands = _gazetteer_candidates(doc) + _rule_candidates(doc) + _pos_candidates(doc) + persons
    trailer = page_trailer_start(text)
    if trailer is not None:
        cands = [c for c in cands if ct.offsets[c.start] < trailer]
    dropped = not_names() | curation.drop
    slogans = not_programmes()
    kept = resolve([c for c in cands if c.label not in dropped and c.canonical not in curation.drop
                    and not (c.type == "program" and c.source != "gazetteer" and c.label.strip("“”") in slogans)])
    kept = _drop_name_parts(kept)
    entities = _build_entities(doc, structure, kept, person_roles)
    _place_codes(doc, entities, dict(curation.within))
    _scope_identities(doc, entities)
    _link(doc, entities, kept)
    statements = _statements(doc, structure, entities)
    return entities, statements


def _breaks(text: str, ct: CompactText, structure: Structure) -> frozenset[int]:
    """Compact offsets where a heading line or a logical paragraph ends and the next text
    begins after a line break: no name runs across one (the heading （四）…生态宜居建设更加深入
    and the paragraph 坚持高水平规划引领 under it are two texts, though compacting joins them)."""
    ends = [s.span.end for s in structure.sections] + [p.span.start for p in structure.paragraphs]
    out = set()
    for e in ends:
        i = bisect.bisect_left(ct.offsets, e)
        if 0 < i < len(ct.offsets) and "\n" in text[ct.offsets[i - 1] + 1:ct.offsets[i]]:
            out.add(i)
    return frozenset(out)


def _entity_key(typ: str, label: str) -> str:
    return stable_key("entity", typ, label)


def _canonical(c: Candidate) -> str:
    """The label an entity is known by: the gazetteer's, else the name with a
    trailing administrative suffix kept as written."""
    return c.canonical


def _build_entities(
    doc: _Doc, structure: Structure, kept: list[Candidate], person_roles: dict[str, tuple[str | None, str | None]]
) -> list[Entity]:
    gaz: dict[str, GazetteerEntry] = {}
    for entry in doc.names.values():
        gaz.setdefault(entry.label, entry)
    by_label: dict[tuple[str, str], Entity] = {}
    text = doc.text
    for c in kept:
        label = _canonical(c)
        k = (c.type, label)
        ent = by_label.get(k)
        if ent is None:
            aliases: list[str] = []
            if label in gaz:
                aliases = [a for a in gaz[label].aliases]
            m = re.fullmatch(r"(.+?)（(.+?)）", label)
            if m and m.group(2) not in aliases:
                aliases.append(m.group(2))
            ent = Entity(key=_entity_key(c.type, label), type=c.type, label=label, aliases=aliases)
            if c.type == "person":
                role, aff = person_roles.get(label, (None, None))
                ent.role, ent.affiliation = role, aff
            by_label[k] = ent
        s, e = doc.ct.to_source(c.start, c.end)
        ent.mentions.append(Span(s, e, text[s:e]))
        if c.label != label and c.label not in ent.aliases and len(c.label) >= 2:
            ent.aliases.append(c.label)
        p = structure.paragraph_at(s)
        sec_key = p.section_key if p is not None else None
        if sec_key is None:
            sec = structure.section_at(s)
            sec_key = sec.key if sec else None
        if sec_key and sec_key not in ent.section_keys:
            ent.section_keys.append(sec_key)
        if p is not None and p.measure_key and p.measure_key not in ent.measure_keys:
            ent.measure_keys.append(p.measure_key)
    entities = list(by_label.values())
    short = frozenset(c.label for c in kept if c.source == "shared")
    for ent in entities:
        ent.mentions.sort(key=lambda sp: sp.start)
        _relabel(ent, short)
    entities.sort(key=lambda en: (en.mentions[0].start if en.mentions else 0, en.label))
    return entities


def _relabel(ent: Entity, short: frozenset[str] = frozenset()) -> None:
    """Call an entity what the document calls it most (郑州 rather than 郑州市); the
    canonical name stays an alias and keeps the key stable. Short forms that only a
    shared head completes (嵩山 of 嵩山、黄河等7家省实验室) never become the label."""
    counts: dict[str, int] = {}
    for m in ent.mentions:
        f = re.sub(r"\s+", "", m.quote)
        if f not in short and _title_label(f) == f:  # 《…（草案）》 is not what the plan is called
            counts[f] = counts.get(f, 0) + 1
    if not counts:
        return
    top = max(counts, key=lambda f: (counts[f], f == ent.label, len(f)))
    if top != ent.label and counts[top] > counts.get(ent.label, 0):
        forms = [ent.label] + [a for a in ent.aliases if a != top]
        ent.label = top
        ent.aliases = forms


@dataclass(frozen=True)
class IdentityRules:
    relative_prefixes: tuple[str, ...]
    relative_patterns: tuple[re.Pattern[str], ...]
    relative_names: frozenset[str]
    zone_suffixes: tuple[str, ...]
    province_openings: tuple[str, ...]
    city_openings: tuple[str, ...]


@lru_cache(maxsize=1)
def identity_rules() -> IdentityRules:
    """data/identity_rules.toml: which names are relative to a jurisdiction, which places are zones."""
    import tomllib

    data = tomllib.loads((DATA_DIR / "identity_rules.toml").read_text(encoding="utf-8"))
    return IdentityRules(
        tuple(data["relative_prefixes"]),
        tuple(re.compile(p) for p in data["relative_patterns"]),
        frozenset(data["relative_names"]),
        tuple(sorted(data["zone_suffixes"], key=len, reverse=True)),
        tuple(data["province_openings"]),
        tuple(data["city_openings"]),
    )


def _entry_of(doc: _Doc, ent: Entity) -> GazetteerEntry | None:
    """The document-name entry an entity was found as (by its label or an alias), if any."""
    names = doc.names
    for form in (ent.label, *ent.aliases):
        e = names.get(form)
        if e is not None and e.type == ent.type:
            return e
    return None


def _place_codes(doc: _Doc, entities: list[Entity], within: dict[str, str]) -> None:
    """Codes and parents of places: a division's code and its parent division; a zone
    (data/identity_rules.toml) lies in the division its name opens with, else in the
    division curation names for it, else in the plan's jurisdiction."""
    table = places.divisions()
    zones = identity_rules().zone_suffixes
    for ent in entities:
        if ent.type != "place":
            continue
        e = _entry_of(doc, ent)
        if e is not None and e.code:
            ent.code = e.code
            d = table.get(e.code)  # None for a country
            ent.within = (d.parent or None) if d is not None else None
            continue
        parent = None
        for form in (ent.label, *ent.aliases):
            if form in within:
                d = places.pick(within[form], doc.scope)
                parent = d.code if d else None
        if parent is None and ent.label.endswith(zones):
            for n in range(min(len(ent.label) - 2, 12), 1, -1):
                head = doc.names.get(ent.label[:n])
                if head is not None and head.source == "division" and head.code:
                    parent = head.code
                    break
            else:
                parent = doc.scope
        ent.within = parent


def _label_has_proper_part(doc: _Doc, label: str, tags: bool = True) -> bool:
    if re.search(r"[A-Za-z0-9]", label) or _known_name_inside(doc, label, whole=False):
        return True
    return tags and any(t.flag in PROPER_FLAGS and t.word not in not_names() and t.word != label
                        for t in tokenize(label))


def is_relative(doc: _Doc, ent: Entity) -> bool:
    """Whether a name speaks of the plan's own jurisdiction (data/identity_rules.toml)."""
    rules_ = identity_rules()
    label = re.sub(r"[“”《》]", "", ent.label)
    if label in rules_.relative_names or label.startswith(rules_.relative_prefixes):
        return True
    if any(p.search(label) for p in rules_.relative_patterns):
        return True
    if _entry_of(doc, ent) is not None:
        return False
    if ent.type in ("project", "organization") or (ent.type == "place" and label.endswith(rules_.zone_suffixes)):
        return not _label_has_proper_part(doc, label)
    return False


def relative_scope(label: str, scope: str | None) -> str:
    """The division a relative name speaks of: in a city's plan 省政府 is its province's,
    市政府 its own; a county's 市 is its city's (data/identity_rules.toml).

    >>> relative_scope("省政府", "410100"), relative_scope("市政府", "410105"), relative_scope("机场三期", "410100")
    ('410000', '410100', '410100')
    """
    if not scope:
        return ""
    rules_ = identity_rules()
    level = places.divisions()[scope].level if scope in places.divisions() else None
    if label.startswith(rules_.province_openings) and level != "province":
        return places.province_of(scope)
    if label.startswith(rules_.city_openings) and level == "county":
        parent = places.divisions()[scope].parent
        return parent if places.divisions()[parent].level == "city" else scope
    return scope


def _scope_identities(doc: _Doc, entities: list[Entity]) -> None:
    """Relative names are scoped by a jurisdiction (its code; "" for the document)."""
    for ent in entities:
        if ent.type == "person" or ent.code:
            continue
        if is_relative(doc, ent):
            ent.scope = relative_scope(ent.label, doc.scope)


_CLAUSE_END = re.compile(r"[，。；！？：]")


def _link(doc: _Doc, entities: list[Entity], kept: list[Candidate]) -> None:
    """located_in / involves / implements for projects and organisations: places,
    organisations and programmes named in the same clause (or inside the name)."""
    s = doc.ct.text
    by_key = {e.key: e for e in entities}
    # clause index of each kept candidate
    bounds = [m.start() for m in _CLAUSE_END.finditer(s)]
    clauses: dict[int, list[Candidate]] = {}
    for c in kept:
        clauses.setdefault(bisect.bisect_left(bounds, c.start), []).append(c)
    for group in clauses.values():
        for c in group:
            if c.type not in ("project", "organization"):
                continue
            ent = by_key[_entity_key(c.type, _canonical(c))]
            for o in group:
                if o is c:
                    continue
                other = by_key[_entity_key(o.type, _canonical(o))]
                if other is ent:
                    continue
                nested = c.start <= o.start and o.end <= c.end
                if o.type == "place" and (nested or c.type == "project"):
                    if other.key not in ent.located_in:
                        ent.located_in.append(other.key)
                elif c.type == "project" and o.type == "organization" and other.key not in ent.involves:
                    ent.involves.append(other.key)
                elif c.type == "project" and o.type == "program" and other.key not in ent.implements:
                    ent.implements.append(other.key)


# ---------------------------------------------------------------------------
# Statements

_THEME_STOP = frozenset(
    "发展 建设 体系 工作 能力 水平 城市 经济 精神 战略 作用 目标 事业 成果 品质 空间 二十大 现代化 高地 主体 实效 作为 "
    "全面 大力发展 布局 力量 基础 领域".split()
)
_THEME_FLAGS = frozenset({"n", "nz", "nt", "ns", "vn", "nr", "j", "eng"})


def _theme_words(phrase: str, exclude: frozenset[str] = frozenset()) -> set[str]:
    """Nouns of a phrase that can say what it is about (产业, 人才, 中原科技城)."""
    return {t.word for t in tokenize(phrase)
            if len(t.word) >= 2 and t.flag in _THEME_FLAGS and t.word not in _THEME_STOP and t.word not in exclude}


def _statements(doc: _Doc, structure: Structure, entities: list[Entity]) -> list[Statement]:
    """One Statement per speaker block: who, role, headline, the text, the entities it
    names, and the keyword sections whose themes it touches (a shared entity that is
    not everywhere, the keyword itself, or two shared theme words)."""
    text = doc.text
    themes = [s for s in structure.sections if s.keyword and s.zone == "plan"]
    if not themes:
        themes = [s for s in structure.sections if s.parent_key is None and s.zone == "plan"]
    ubiquitous = {e.key for e in entities
                  if e.type == "person" or (themes and sum(1 for t in themes if t.key in e.section_keys) > len(themes) / 3)}
    if structure.jurisdiction:
        ubiquitous |= {e.key for e in entities if structure.jurisdiction in (e.label, *e.aliases)}
    jur = structure.jurisdiction or ""
    exclude = frozenset({jur, re.sub(r"(?:省|市|自治区|县|区)$", "", jur)} - {""})
    theme_words: dict[str, set[str]] = {}
    for t in themes:
        leads = "。".join(m.lead for m in structure.measures if m.section_key == t.key)
        words = _theme_words(t.heading + "。" + leads, exclude)
        theme_words[t.key] = words
    # only words that tell themes apart count (产业, 企业 are in most of them)
    seen: dict[str, int] = {}
    for words in theme_words.values():
        for w in words:
            seen[w] = seen.get(w, 0) + 1
    for k in theme_words:
        theme_words[k] = {w for w in theme_words[k] if seen[w] <= 2}
    # a keyword counts only where it is not said everywhere (高质量发展 is)
    specific_keywords = set()
    for t in themes:
        if t.keyword:
            n = sum(1 for o in themes if t.keyword in CompactText.of(text, o.body.start, o.body.end).text)
            if n <= max(1, len(themes) // 3):
                specific_keywords.add(t.key)
    person = {e.label: e for e in entities if e.type == "person"}
    by_key = {e.key: e for e in entities}
    out: list[Statement] = []
    for b in structure.statement_blocks:
        sp = person.get(b.speaker)
        if sp is None:
            continue
        touched = []
        for e in entities:
            if e is sp:
                continue
            if any(b.span.start <= m.start and m.end <= b.span.end for m in e.mentions):
                touched.append(e.key)
        compact = CompactText.of(text, b.span.start, b.span.end).text
        words = _theme_words(compact, exclude)
        theme_keys = []
        for t in themes:
            # shared names: places say where, not what about (河南, 中原 are everywhere)
            shared = [k for k in touched if k not in ubiquitous and t.key in by_key[k].section_keys
                      and by_key[k].type != "place"]
            named = t.key in specific_keywords and t.keyword and t.keyword in compact
            if named or shared or len(words & theme_words[t.key]) >= 2:
                theme_keys.append(t.key)
        head = CompactText.of(text, b.headline.start, b.headline.end).text if b.headline else None
        out.append(Statement(
            key=b.key, speaker_key=sp.key, speaker_name=b.speaker, role=b.role or sp.role, headline=head,
            span=b.span, touches=tuple(touched), theme_keys=tuple(theme_keys),
        ))
    return out

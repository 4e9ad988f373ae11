"""Assembling: extracted records -> an RDF graph. The only module that makes triples.

Consumes: a ``graph.records.Extraction`` (document info, the decoded text,
sections, measures, targets, results, actions, entities, statements).
Produces: an ``rdflib.Graph`` written with the terms of ``graph.vocab`` (which
mirror ``ontology/plangraph.ttl``) and the IRIs of ``graph.iris``.

Pure: no I/O, no clock, no randomness, no blank nodes, so the same records
always give the same graph (and, through rdflib's sorted Turtle serialiser, the
same bytes). Records that point at keys that do not exist are skipped here and
left for the SHACL shapes to report (a target with no measure has no
``pg:inMeasure`` and fails ``pgsh:TargetShape``), rather than guessed at.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DefinedNamespace
from rdflib.term import Node

from graph import indicators, iris, vocab
from graph.literals import decimal_lexical, pinyin
from graph.records import Action, Entity, Extraction, Measure, Result, Section, Span, Statement, Target, stable_key
from graph.vocab import PLANGRAPH_PREFIXES, SDO


class _Interned:
    """A vocabulary whose terms are made once. rdflib's DefinedNamespace checks
    the name and builds a new URIRef on every attribute access (a report makes
    ~20,000 such accesses), and equal but distinct terms cost a Python-level
    __eq__ on every set and dict lookup of the triples that hold them."""

    def __init__(self, ns: type[DefinedNamespace]) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._ns[name]


DCTERMS, PG, QUDT, RDF, RDFS, SKOS, UNIT, XSD, OA, QB = (
    _Interned(ns) for ns in (vocab.DCTERMS, vocab.PG, vocab.QUDT, vocab.RDF, vocab.RDFS, vocab.SKOS,
                             vocab.UNIT, vocab.XSD, vocab.OA, vocab.QB))

PINYIN = "zh-Latn-pinyin"

COMPARATOR_INDIVIDUALS: dict[str, URIRef] = {
    ">=": PG.AtLeast,
    "<=": PG.AtMost,
    ">": PG.MoreThan,
    "<": PG.LessThan,
    "=": PG.Exactly,
    "~": PG.About,
    "range": PG.Between,
}
COMPARATOR_TEXT: dict[str, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "~": "约", "range": ""}

KIND_INDIVIDUALS: dict[str, URIRef] = {
    "level": PG.Level,
    "growth": PG.Growth,
    "share": PG.Share,
    "density": PG.Density,
}

# Directions (issue 13): the value stays as written; pg:direction carries the sign.
DIRECTION_INDIVIDUALS: dict[str, URIRef] = {
    "increase": PG.Increase,
    "decrease": PG.Decrease,
    "level": PG.ToLevel,
}

ZONE_INDIVIDUALS: dict[str, URIRef] = {
    "plan": PG.PlanYearZone,
    "review": PG.ReviewZone,
    "goals": PG.GoalsZone,
    "statement": PG.StatementZone,
    "other": PG.OtherZone,
}

LEVEL_CONCEPTS: dict[str, URIRef] = {
    "national": PG.NationalLevel,
    "province": PG.ProvinceLevel,
    "city": PG.CityLevel,
    "county": PG.CountyLevel,
}

ENTITY_CLASSES: dict[str, URIRef] = {
    "place": PG.Place,
    "project": PG.Project,
    "organization": PG.Organization,
    "program": PG.Programme,
    "person": PG.Person,
}

# Normalised unit codes (Quantity.unit_normalized) -> QUDT units. Every QUDT
# name here was checked against the current QUDT unit vocabulary (see
# ontology/README.md). Counts of anything (个, 家, 户, 人, 人次, 件) are unit:NUM:
# QUDT has no per-noun count units. A code missing here gets no qudt:hasUnit,
# which pgsh:QuantityValueShape reports as a Warning, so new codes surface.
QUDT_UNITS: dict[str, URIRef] = {
    "CNY": UNIT.CCY_CNY,
    "USD": UNIT.CCY_USD,
    "EUR": UNIT.CCY_EUR,
    "percent": UNIT.PERCENT,
    "%": UNIT.PERCENT,
    "1": UNIT.NUM,
    "count": UNIT.NUM,
    "person-times": UNIT.NUM,
    "m": UNIT.M,
    "km": UNIT.KiloM,
    "m2": UNIT.M2,
    "km2": UNIT.KiloM2,
    "ha": UNIT.HA,
    "mu": PG.Mu,
    "m3": UNIT.M3,
    "t": UNIT.TONNE,
    "kg": UNIT.KiloGM,
    "kW": UNIT.KiloW,
    "MW": UNIT.MegaW,
    "GW": UNIT.GigaW,
    "kWh": UNIT["KiloW-HR"],
    "MWh": UNIT["MegaW-HR"],
    "GWh": UNIT["GigaW-HR"],
    "year": UNIT.YR,
    "day": UNIT.DAY,
    "hour": UNIT.HR,
    "L": UNIT.L,
    "HKD": UNIT.CCY_HKD,
    "pp": PG.PercentagePoint,
    "times": UNIT.UNITLESS,
    "ratio": UNIT.UNITLESS,
    "PFLOPS": UNIT.PetaFLOPS,
    "TEU": PG.TEU,
    "kV": UNIT.KiloV,
    "month": UNIT.MO,
    "inch": UNIT.IN,
    "g/kg": UNIT["GM-PER-KiloGM"],
    "ug/m3": UNIT["MicroGM-PER-M3"],
}


def _decimal(x: float) -> Literal:
    return Literal(decimal_lexical(x), datatype=XSD.decimal)


def _year(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=XSD.gYear)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


Triple = tuple[Node, Node, Node]


class Triples:
    """A document's triples as an insertion-ordered set of rdflib terms.

    Why not an rdflib Graph: Graph.add (events, context bookkeeping, three
    indexes) was more than half of assembling a report, and a corpus build only
    reads the triples back once, to write N-Triples. `graph()` gives the same
    Graph as adding the triples one by one; insertion order is kept so that
    anything reading "the first" object of a node sees what it saw before.
    """

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        """(subject, object) of every triple with `predicate`, as Graph.subject_objects gives them."""
        wanted = {predicate}  # set membership compares hashes first: no Python-level __eq__ per triple
        return ((s, o) for s, p, o in self._triples if p in wanted)

    def graph(self, store: str = "default", subjects: Iterable[Node] | None = None) -> Graph:
        """An rdflib Graph of these triples (only those about `subjects`, when given),
        with the pg/oa/qudt/skos prefixes bound."""
        g = Graph(store=store, bind_namespaces="core")
        for prefix, ns in PLANGRAPH_PREFIXES.items():
            g.bind(prefix, ns, override=True, replace=True)
        if subjects is None:
            g.addN((s, p, o, g) for s, p, o in self._triples)
        else:
            wanted = set(subjects)
            g.addN((s, p, o, g) for s, p, o in self._triples if s in wanted)
        return g


@dataclass(frozen=True)
class FigureTally:
    """What the counts need of one figure, as figure() wrote it."""

    is_target: bool
    kind: URIRef | None
    direction: URIRef | None
    concept: URIRef | None
    theme: URIRef | None
    aspirational: bool


class _Builder:
    """Holds the triples and the key -> IRI maps while records are turned into triples."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.doc_id = ex.document.doc_id
        self.g = Triples()
        self._spans: dict[URIRef, tuple[int, int]] = {}  # span IRI -> (start, end): see span()
        self.doc = iris.doc_iri(self.doc_id)
        self.plan = iris.plan_iri(self.doc_id)
        self.scheme = iris.scheme_iri(self.doc_id)
        self.themes: dict[str, URIRef] = distinct_iris(
            (s.key, iris.theme_iri(self.doc_id, s.key, s.label)) for s in ex.sections)
        self.measures: dict[str, URIRef] = distinct_iris(
            (m.key, iris.measure_iri(self.doc_id, m.key, m.lead)) for m in ex.measures)
        self.entities: dict[str, URIRef] = {
            e.key: iris.entity_iri(self.doc_id, e.type, e.key, e.label, code=e.code, scope=e.scope)
            for e in ex.entities
            if e.type in ENTITY_CLASSES
        }
        self.targets: dict[str, URIRef] = {}
        self.divisions_written: set[str] = set()
        # measure key -> the theme its pg:inTheme names, for the counts
        self.measure_themes: dict[str, URIRef] = {
            m.key: self.themes[m.section_key] for m in ex.measures if m.section_key in self.themes}
        self.tallies: list[FigureTally] = []

    # -- small helpers -------------------------------------------------------

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def labels(self, node: URIRef, zh: str, *, pref: bool = True) -> None:
        """rdfs:label and skos:prefLabel in Chinese and in pinyin."""
        zh = zh.strip()
        if not zh:
            return
        py = pinyin(zh)
        for prop in (RDFS.label, SKOS.prefLabel) if pref else (RDFS.label,):
            self.add(node, prop, _zh(zh))
            if py and py != zh:
                self.add(node, prop, Literal(py, lang=PINYIN))

    def span(self, node: URIRef, span: Span, iri: URIRef, prop: URIRef = PG.span) -> URIRef:
        """A pg:TextSpan (offsets and exact quote) pointed to from `node`."""
        g = self.g
        # Span IRIs come from 32-bit record keys; among the hundreds of thousands of
        # records of a document of megabytes two keys of different kinds (an action's
        # and a measure's) can meet, which merged two spans into one node. The later
        # stretch gets a numbered IRI; a document without a collision is unchanged.
        where = (span.start, span.end)
        n = 0
        base = iri
        while self._spans.setdefault(iri, where) != where:
            n += 1
            iri = URIRef(f"{base}-x{n}")
        g.add((node, prop, iri))
        g.add((iri, RDF.type, PG.TextSpan))
        g.add((iri, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((iri, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((iri, OA.exact, Literal(span.quote)))
        g.add((iri, PG.inDocument, self.doc))
        return iri

    def own_span(self, node: URIRef, key: str, span: Span) -> URIRef:
        return self.span(node, span, iris.span_iri(self.doc_id, key))

    # -- the document and the plan --------------------------------------------

    def document(self) -> None:
        d = self.ex.document
        g, doc = self.g, self.doc
        g.add((doc, RDF.type, PG.SourceDocument))
        g.add((doc, RDFS.label, Literal(d.source_name)))
        g.add((doc, DCTERMS.identifier, Literal(d.doc_id)))
        if d.title:
            g.add((doc, DCTERMS.title, _zh(d.title)))
        g.add((doc, DCTERMS["format"], Literal("text/plain")))
        g.add((doc, PG.sha256, Literal(d.sha256)))
        if d.kind:
            g.add((doc, PG.documentKind, Literal(d.kind)))
        g.add((doc, PG.encoding, Literal(d.encoding)))
        g.add((doc, PG.characterCount, Literal(d.length, datatype=XSD.integer)))
        if self.ex.byline is not None:
            self.span(doc, self.ex.byline, iris.span_iri(self.doc_id, "byline"), PG.byline)

    def plan_node(self) -> None:
        d = self.ex.document
        g, plan = self.g, self.plan
        g.add((plan, RDF.type, PG.Plan))
        self.labels(plan, d.title or d.doc_id)
        g.add((plan, PG.sourceDocument, self.doc))
        if d.plan_year is not None:
            g.add((plan, PG.planYear, _year(d.plan_year)))
        g.add((plan, PG.themeScheme, self.scheme))
        g.add((self.scheme, RDF.type, SKOS.ConceptScheme))
        g.add((self.scheme, RDFS.label, _zh(f"{d.title or d.doc_id}：主题")))
        g.add((self.scheme, RDFS.label, Literal(f"Themes of {d.doc_id}", lang="en")))
        if d.level in LEVEL_CONCEPTS:
            g.add((plan, PG.administrativeLevel, LEVEL_CONCEPTS[d.level]))
        if d.jurisdiction_code:
            self.division(d.jurisdiction_code)
            g.add((plan, PG.jurisdiction, iris.place_iri(d.jurisdiction_code)))
        elif d.jurisdiction:
            place = self._jurisdiction_place(d.jurisdiction)
            if place is not None:
                g.add((plan, PG.jurisdiction, place))

    def _jurisdiction_place(self, name: str) -> URIRef | None:
        """The place entity named like the jurisdiction; None when the extractor found none.

        Not minted here: a place must carry its mentions, and only the
        extractor knows them.
        """
        for e in self.ex.entities:
            if e.type == "place" and (e.label == name or name in e.aliases):
                return self.entities[e.key]
        return None

    # -- structure -------------------------------------------------------------

    def theme(self, s: Section, ordinal: int) -> None:
        g, t = self.g, self.themes[s.key]
        g.add((t, RDF.type, PG.Theme))
        g.add((t, RDF.type, SKOS.Concept))
        self.labels(t, s.label)
        g.add((t, SKOS.inScheme, self.scheme))
        g.add((t, PG.themeOf, self.plan))
        g.add((self.plan, PG.hasTheme, t))
        parent = self.themes.get(s.parent_key) if s.parent_key else None
        if parent is not None:
            g.add((t, PG.parentTheme, parent))
            g.add((t, SKOS.broader, parent))
        else:
            g.add((t, SKOS.topConceptOf, self.scheme))
            g.add((self.scheme, SKOS.hasTopConcept, t))
        if s.keyword:
            g.add((t, PG.keyword, _zh(s.keyword)))
        if s.tag:
            g.add((t, PG.tag, _zh(s.tag)))
        if s.heading:
            g.add((t, PG.heading, _zh(s.heading)))
        g.add((t, PG.ordinal, Literal(s.ordinal or ordinal, datatype=XSD.integer)))
        self.add(t, PG.zone, ZONE_INDIVIDUALS.get(s.zone))
        self.own_span(t, s.key, s.span)
        self.span(t, s.body, iris.body_span_iri(self.doc_id, s.key), PG.bodySpan)

    def measure(self, m: Measure, ordinal: int) -> None:
        g, node = self.g, self.measures[m.key]
        g.add((node, RDF.type, PG.Measure))
        self.labels(node, m.lead)
        g.add((node, PG.lead, _zh(m.lead)))
        self.add(node, PG.inTheme, self.measure_themes.get(m.key))
        g.add((node, PG.ordinal, Literal(ordinal, datatype=XSD.integer)))
        self.add(node, PG.zone, ZONE_INDIVIDUALS.get(m.zone))
        self.own_span(node, m.key, m.span)
        self.span(node, m.body, iris.body_span_iri(self.doc_id, m.key), PG.bodySpan)

    # -- figures -----------------------------------------------------------------

    def indicator(self, metric: str) -> URIRef | None:
        metric = metric.strip()
        if not metric:
            return None
        node = iris.indicator_iri(metric)
        g = self.g
        if (node, RDF.type, PG.Indicator) not in g:
            g.add((node, RDF.type, PG.Indicator))
            g.add((node, RDF.type, SKOS.Concept))
            self.labels(node, metric)
            scheme = iris.indicator_scheme_iri()
            g.add((node, SKOS.inScheme, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add((scheme, RDFS.label, _zh("指标")))
            g.add((scheme, RDFS.label, Literal("Indicators", lang="en")))
        return node

    def canonical(self, node: URIRef, f: Target | Result) -> URIRef | None:
        """The figure's canonical indicator (graph.indicators), when its metric and kind
        fit one: pg:canonicalIndicator and pg:matchMethod on the figure (the match
        depends on the kind, which is the figure's), and skos:exactMatch (exact) or
        skos:closeMatch (normalised) from the plan's pg:Indicator. Only the concepts a
        graph uses are emitted, each with the scheme, so every graph is self-contained."""
        m = indicators.match(f.metric, f.kind, f.quantity.unit_normalized)
        if m is None:
            return None
        g, c = self.g, m.concept
        concept = iris.canonical_indicator_iri(c.id)
        g.add((node, PG.canonicalIndicator, concept))
        g.add((node, PG.matchMethod, Literal(m.method)))
        plan_indicator = iris.indicator_iri(f.metric.strip())
        g.add((plan_indicator, SKOS.exactMatch if m.method == "exact" else SKOS.closeMatch, concept))
        if (concept, RDF.type, SKOS.Concept) in g:
            return concept
        scheme = iris.canonical_indicator_scheme_iri()
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDFS.label, _zh("规范指标")))
        g.add((scheme, RDFS.label, Literal("Canonical indicators", lang="en")))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.notation, Literal(c.id)))
        self.labels(concept, c.pref_zh)  # zh and pinyin, like every node people look at
        g.add((concept, SKOS.prefLabel, Literal(c.pref_en, lang="en")))  # shared data: English too
        g.add((concept, RDFS.label, Literal(c.pref_en, lang="en")))
        for alt in c.alt_labels:
            g.add((concept, SKOS.altLabel, _zh(alt)))
        g.add((concept, SKOS.definition, Literal(c.definition_en, lang="en")))
        if c.national_wording:
            g.add((concept, SKOS.example, _zh(c.national_wording)))
        return concept

    def figure(self, node: URIRef, f: Target | Result, cls: URIRef) -> None:
        g, q = self.g, f.quantity
        g.add((node, RDF.type, cls))
        self.labels(node, figure_label(f), pref=False)
        if f.metric.strip():
            g.add((node, PG.metric, _zh(f.metric.strip())))
        self.add(node, PG.indicator, self.indicator(f.metric))
        g.add((node, PG.value, _decimal(q.value)))
        if q.value_max is not None:
            g.add((node, PG.valueMax, _decimal(q.value_max)))
        if q.unit:
            g.add((node, PG.unitText, Literal(q.unit)))
        if q.unit_normalized:
            g.add((node, PG.unitNormalized, Literal(q.unit_normalized)))
        self.add(node, PG.comparator, COMPARATOR_INDIVIDUALS.get(f.comparator))
        kind, direction = KIND_INDIVIDUALS.get(f.kind), DIRECTION_INDIVIDUALS.get(f.direction)
        self.add(node, PG.kind, kind)
        self.add(node, PG.direction, direction)
        concept = self.canonical(node, f)
        self.tallies.append(FigureTally(
            is_target=cls == PG.Target, kind=kind, direction=direction, concept=concept,
            theme=self.measure_themes.get(f.measure_key) if f.measure_key else None,
            aspirational=isinstance(f, Target) and f.aspirational))
        if f.period:
            g.add((node, PG.period, Literal(f.period)))
        if f.measure_key:
            self.add(node, PG.inMeasure, self.measures.get(f.measure_key))
        qv = iris.quantity_iri(node)
        g.add((node, PG.quantity, qv))
        g.add((qv, RDF.type, QUDT.QuantityValue))
        g.add((qv, QUDT.value, _decimal(q.value_normalized)))
        self.add(qv, QUDT.hasUnit, QUDT_UNITS.get(q.unit_normalized))
        if q.value_max_normalized is not None:
            g.add((qv, SDO.minValue, _decimal(q.value_normalized)))
            g.add((qv, SDO.maxValue, _decimal(q.value_max_normalized)))
        self.own_span(node, f.key, f.span)

    def target(self, t: Target) -> None:
        node = iris.target_iri(self.doc_id, t.key, t.metric)
        self.targets[t.key] = node
        self.figure(node, t, PG.Target)
        g = self.g
        g.add((node, PG.aspirational, Literal(t.aspirational)))
        if t.binding is not None:
            g.add((node, PG.binding, Literal(t.binding)))
        if t.year is not None:
            g.add((node, PG.dueYear, _year(t.year)))

    def result(self, r: Result) -> None:
        node = iris.result_iri(self.doc_id, r.key, r.metric)
        self.figure(node, r, PG.Result)
        if r.year is not None:
            self.g.add((node, PG.referenceYear, _year(r.year)))

    def counts(self) -> None:
        """The plan's figure counts as Data Cube observations (ontology: pg:FigureCount):
        one of pg:PlanFigureCounts, and one of pg:ThemeKindTargetCounts per theme and kind
        that has targets. Counted here, from what figure() wrote, so a cross-plan question
        reads a row per plan instead of grouping every figure of the store (seconds at
        1,000 plans); queries/qc/figure-count-violation.rq recounts them from the figures."""
        g, plan = self.g, self.plan
        tallies = self.tallies
        node = iris.plan_counts_iri(self.doc_id)
        g.add((node, RDF.type, PG.PlanFigureCount))
        g.add((node, QB.dataSet, PG.PlanFigureCounts))
        g.add((node, PG.countedPlan, plan))
        for prop, n in (
            (PG.targetCount, sum(1 for t in tallies if t.is_target)),
            (PG.resultCount, sum(1 for t in tallies if not t.is_target)),
            (PG.matchedFigureCount, sum(1 for t in tallies if t.concept is not None)),
            (PG.canonicalIndicatorCount, len({t.concept for t in tallies if t.concept is not None})),
            (PG.decreaseCount, sum(1 for t in tallies if t.direction == PG.Decrease)),
        ):
            g.add((node, prop, Literal(n, datatype=XSD.integer)))
        cells: Counter[tuple[URIRef, URIRef]] = Counter()
        aspirational: Counter[tuple[URIRef, URIRef]] = Counter()
        for t in tallies:
            if t.is_target and t.kind is not None:
                cell = (t.theme if t.theme is not None else PG.Unthemed, t.kind)
                cells[cell] += 1
                aspirational[cell] += t.aspirational
        for (theme, kind), n in sorted(cells.items()):
            node = iris.theme_kind_counts_iri(self.doc_id, None if theme == PG.Unthemed else theme, kind)
            g.add((node, RDF.type, PG.ThemeKindTargetCount))
            g.add((node, QB.dataSet, PG.ThemeKindTargetCounts))
            g.add((node, PG.countedPlan, plan))
            g.add((node, PG.countedTheme, theme))
            g.add((node, PG.countedKind, kind))
            g.add((node, PG.targetCount, Literal(n, datatype=XSD.integer)))
            g.add((node, PG.aspirationalTargetCount, Literal(aspirational[(theme, kind)], datatype=XSD.integer)))

    def action(self, a: Action) -> None:
        """A qualitative commitment: its clause as label, its measure, its span, and
        pg:about the entities named inside the clause (found by the extractor, by
        containment, as for targets)."""
        g = self.g
        node = iris.action_iri(self.doc_id, a.key, a.text)
        g.add((node, RDF.type, PG.Action))
        self.labels(node, action_label(a.text), pref=False)
        if a.measure_key:
            self.add(node, PG.inMeasure, self.measures.get(a.measure_key))
        self.own_span(node, a.key, a.span)
        for key in a.entity_keys:
            if key in self.entities:
                self.add(node, PG.about, self.entities[key])

    # -- entities and statements --------------------------------------------------

    def entity(self, e: Entity) -> None:
        node = self.entities.get(e.key)
        if node is None:  # an unknown type: left out rather than mistyped
            return
        g = self.g
        g.add((node, RDF.type, ENTITY_CLASSES[e.type]))
        self.labels(node, e.label)
        for alias in sorted(set(e.aliases) - {e.label}):
            g.add((node, SKOS.altLabel, _zh(alias)))
        g.add((node, PG.entityType, Literal(e.type)))
        for mention, context_key, n in mention_keys(self.ex.text, e.mentions):
            self.span(node, mention, iris.mention_iri(self.doc_id, e.key, context_key, n), PG.mention)
        for key in e.section_keys:
            self.add(node, PG.mentionedIn, self.themes.get(key))
        for key in e.measure_keys:
            self.add(node, PG.mentionedIn, self.measures.get(key))
        for key in e.located_in:
            self.add(node, PG.locatedIn, self.entities.get(key))
        for key in e.involves:
            self.add(node, PG.involves, self.entities.get(key))
        for key in e.implements:
            self.add(node, PG.implements, self.entities.get(key))
        if e.role:
            g.add((node, PG.role, _zh(e.role)))
        if e.affiliation:
            g.add((node, PG.affiliation, _zh(e.affiliation)))
        if e.type == "place":
            self.place_codes(node, e)
        if e.scope is not None:
            g.add((node, PG.relativeTo, iris.place_iri(e.scope) if e.scope else self.doc))

    def place_codes(self, node: URIRef, e: Entity) -> None:
        """A place's code and the divisions above it (each a pg:AdministrativeDivision
        with its code, level and label, whether or not the document names it)."""
        if e.code and not e.code.isdigit():
            self.g.add((node, PG.countryCode, Literal(e.code)))
        elif e.code:
            self.division(e.code)
        if e.within:
            self.g.add((node, SDO.containedInPlace, iris.place_iri(e.within)))
            self.division(e.within)

    def division(self, code: str) -> None:
        from graph.places import divisions

        table = divisions()
        d = table.get(code)
        while d is not None:
            node = iris.place_iri(d.code)
            if d.code in self.divisions_written:
                return  # this one and its parents are written already
            self.divisions_written.add(d.code)
            g = self.g
            g.add((node, RDF.type, PG.AdministrativeDivision))
            g.add((node, PG.divisionCode, Literal(d.code)))
            g.add((node, PG.administrativeLevel, LEVEL_CONCEPTS[d.level]))
            g.add((node, RDFS.label, _zh(d.name)))
            if d.parent:
                g.add((node, SDO.containedInPlace, iris.place_iri(d.parent)))
            d = table.get(d.parent) if d.parent else None

    def statement(self, st: Statement) -> None:
        g = self.g
        node = iris.statement_iri(self.doc_id, st.key, st.speaker_name)
        g.add((node, RDF.type, PG.Statement))
        title = f"{st.speaker_name}：{st.headline}" if st.headline else f"{st.speaker_name}的发言"
        self.labels(node, title, pref=False)
        self.add(node, PG.madeBy, self.entities.get(st.speaker_key))
        g.add((node, PG.statementOf, self.plan))
        if st.headline:
            g.add((node, PG.headline, _zh(st.headline)))
        for key in st.touches:
            self.add(node, PG.touches, self.entities.get(key))
        for key in st.theme_keys:
            self.add(node, PG.touchesTheme, self.themes.get(key))
        self.own_span(node, st.key, st.span)

    def about(self) -> None:
        """pg:about: a figure is about the entities named inside its own span.

        Only containment is used (not the sentence around it), so a link is
        never a guess about a neighbouring clause.
        """
        if not self.targets:
            return
        by_start = sorted(
            (m.start, m.end, self.entities[e.key])
            for e in self.ex.entities
            if e.key in self.entities and e.type != "person"
            for m in e.mentions
        )
        starts = [start for start, _, _ in by_start]
        for t in self.ex.targets:
            node = self.targets[t.key]
            # from the first mention starting inside the target: a scan from the
            # document's start for every target was quadratic in its length
            for start, end, ent in by_start[bisect_left(starts, t.span.start):]:
                if start >= t.span.end:
                    break
                if end <= t.span.end:
                    self.g.add((node, PG.about, ent))


def figure_label(f: Target | Result) -> str:
    """A short readable label: metric, comparator sign, value and unit.

    >>> from graph.records import Quantity, Span, Target
    >>> q = Quantity(5000.0, None, "亿元", 5e11, None, "CNY", Span(0, 7, "5000亿元"))
    >>> t = Target("k", None, None, "年度完成投资", q, ">=", "level", False, 2023, None, Span(0, 7, "5000亿元"))
    >>> figure_label(t)
    '年度完成投资 ≥5000亿元'
    """
    from graph.literals import plain_number

    q = f.quantity
    value = plain_number(q.value)
    if q.value_max is not None:
        value = f"{value}~{plain_number(q.value_max)}"
    head = f.metric.strip() or "数字"
    return f"{head} {COMPARATOR_TEXT.get(f.comparator, '')}{value}{q.unit}"


def action_label(text: str, limit: int = 30) -> str:
    """An action's label: its clause, cut at `limit` characters with …, and never
    inside a pair of quotes or brackets (the cut moves back before an unclosed one).

    >>> action_label("开工建设轨道交通S2线")
    '开工建设轨道交通S2线'
    >>> action_label("推动“郑好办”“汴捷办”“洛快办”联网互认", limit=12)
    '推动“郑好办”…'
    """
    text = "".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    pairs = {"“": "”", "《": "》", "（": "）", "(": ")", "【": "】", "‘": "’", "「": "」"}
    opened: list[int] = []
    for i, ch in enumerate(cut):
        if ch in pairs:
            opened.append(i)
        elif opened and ch == pairs.get(cut[opened[-1]]):
            opened.pop()
    if opened and opened[0] > 0:
        cut = cut[: opened[0]]
    return cut + "…"


def distinct_iris(pairs: Iterable[tuple[str, URIRef]]) -> dict[str, URIRef]:
    """key -> IRI, where an IRI already taken by another key gets a numbered suffix.

    Theme IRIs hold 16 bits of their key after a slug cut at 40 characters: a heading
    repeated some hundred times in a document of megabytes (十五五时期主要目标任务)
    gave two themes one IRI. A document without a collision is unchanged.

    >>> distinct_iris([("a", URIRef("x:t")), ("b", URIRef("x:t")), ("c", URIRef("x:u"))])
    {'a': rdflib.term.URIRef('x:t'), 'b': rdflib.term.URIRef('x:t-x1'), 'c': rdflib.term.URIRef('x:u')}
    """
    out: dict[str, URIRef] = {}
    taken: set[URIRef] = set()
    for key, iri in pairs:
        base, n = iri, 0
        while iri in taken:
            n += 1
            iri = URIRef(f"{base}-x{n}")
        taken.add(iri)
        out[key] = iri
    return out


def mention_keys(text: str, mentions: Iterable[Span], width: int = 8) -> list[tuple[Span, str, int]]:
    """Each mention with a key from the words around it (and a tie-break number).

    >>> text = "郑州、郑州。郑州"
    >>> [(m.start, k, n) for m, k, n in mention_keys(text, [Span(0, 2, "郑州"), Span(3, 5, "郑州")])]
    [(0, '669101', 0), (3, '09d415', 0)]
    >>> text = "在郑州，在郑州，"  # identical surroundings: the tie-break number tells them apart
    >>> [(m.start, k, n) for m, k, n in mention_keys(text, [Span(1, 3, "郑州"), Span(5, 7, "郑州")], width=1)]
    [(1, 'ab0e52', 0), (5, 'ab0e52', 1)]
    """
    seen: Counter[str] = Counter()
    out: list[tuple[Span, str, int]] = []
    for m in sorted(mentions, key=lambda s: (s.start, s.end)):
        before = text[max(0, m.start - width):m.start]
        after = text[m.end:m.end + width]
        key = stable_key(before, m.quote, after)[:6]
        out.append((m, key, seen[key]))
        seen[key] += 1
    return out


def assemble(ex: Extraction, *, store: str = "default") -> Graph:
    """Turn one document's records into its RDF graph.

    Args:
        ex: the extraction of one document.
        store: the rdflib store plugin. "SimpleMemory" builds the graph about a
            third faster (no per-triple context bookkeeping or events), but
            pyshacl needs the default, context-aware store.
    Returns:
        a new rdflib.Graph with the pg/oa/qudt/skos prefixes bound.
    """
    return assemble_triples(ex).graph(store)


def assemble_triples(ex: Extraction) -> Triples:
    """One document's triples without an rdflib Graph (what corpus builds use)."""
    b = _Builder(ex)
    b.document()
    b.plan_node()
    for i, s in enumerate(ex.sections, start=1):
        b.theme(s, i)
    for i, m in enumerate(ex.measures, start=1):
        b.measure(m, i)
    for t in ex.targets:
        b.target(t)
    for r in ex.results:
        b.result(r)
    b.counts()
    for a in ex.actions:
        b.action(a)
    for e in ex.entities:
        b.entity(e)
    for st in ex.statements:
        b.statement(st)
    b.about()
    return b.g

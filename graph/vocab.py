"""Closed namespaces: every term the graph is written with, and nothing else.

Consumes: nothing at run time (terms are declared here, mirroring
``ontology/plangraph.ttl``). Produces: rdflib ``DefinedNamespace`` classes.

``_fail = True`` makes a misspelt term raise ``AttributeError`` at the line that
uses it, instead of silently minting a new IRI. ``tests/test_vocab.py`` checks
that ``PG`` and the ontology declare exactly the same terms, both ways, and that
every QUDT unit used here is in the current QUDT unit vocabulary list kept in
the test.

Standard vocabularies that rdflib ships closed namespaces for (RDF, RDFS, OWL,
XSD, SKOS, PROV, QB, DCTERMS, FOAF, ORG, SDO, VANN, SH) are re-exported from
``rdflib.namespace``; the Web Annotation and QUDT terms we use are declared here.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (  # noqa: F401  (re-exported)
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    XSD,
    DefinedNamespace,
)

from graph.iris import ONTOLOGY


class PG(DefinedNamespace):
    """The PlanGraph ontology, https://w3id.org/plangraph/ontology#."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    # Classes
    Action: URIRef
    AdministrativeDivision: URIRef
    AdministrativeLevel: URIRef
    Comparator: URIRef
    Figure: URIRef
    FigureKind: URIRef
    Indicator: URIRef
    Measure: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Plan: URIRef
    PlanEntity: URIRef
    Programme: URIRef
    Project: URIRef
    Result: URIRef
    SourceDocument: URIRef
    Statement: URIRef
    Target: URIRef
    TextSpan: URIRef
    Theme: URIRef
    Zone: URIRef
    OutcomeStatus: URIRef  # issue 14: targets against outcomes
    # issue 13: directions of figures
    Direction: URIRef

    # Individuals: administrative levels
    AdministrativeLevels: URIRef
    NationalLevel: URIRef
    ProvinceLevel: URIRef
    CityLevel: URIRef
    CountyLevel: URIRef
    # Individuals: comparators
    AtLeast: URIRef
    AtMost: URIRef
    MoreThan: URIRef
    LessThan: URIRef
    Exactly: URIRef
    About: URIRef
    Between: URIRef
    # Individuals: figure kinds
    Level: URIRef
    Growth: URIRef
    Share: URIRef
    Density: URIRef
    # Individuals: zones
    PlanYearZone: URIRef
    ReviewZone: URIRef
    GoalsZone: URIRef
    StatementZone: URIRef
    OtherZone: URIRef
    # Individuals: units QUDT lacks
    Mu: URIRef
    PercentagePoint: URIRef
    TEU: URIRef
    # Individuals: directions (issue 13)
    Directions: URIRef
    Increase: URIRef
    Decrease: URIRef
    ToLevel: URIRef

    # Individuals: outcome statuses (issue 14)
    OutcomeStatuses: URIRef
    StatusMet: URIRef
    StatusNotMet: URIRef
    StatusCompletedNoFigure: URIRef
    StatusNotReported: URIRef
    StatusUnclear: URIRef
    # Properties of a reconciled target (issue 14)
    outcome: URIRef
    outcomeStatus: URIRef
    statusRule: URIRef
    outcomeMatchMethod: URIRef
    outcomeStatement: URIRef

    # Object properties
    about: URIRef
    administrativeLevel: URIRef
    bodySpan: URIRef
    byline: URIRef
    comparator: URIRef
    hasTheme: URIRef
    implements: URIRef
    inDocument: URIRef
    inMeasure: URIRef
    inTheme: URIRef
    indicator: URIRef
    involves: URIRef
    jurisdiction: URIRef
    kind: URIRef
    locatedIn: URIRef
    madeBy: URIRef
    mention: URIRef
    mentionedIn: URIRef
    parentTheme: URIRef
    quantity: URIRef
    relativeTo: URIRef
    sourceDocument: URIRef
    span: URIRef
    statementOf: URIRef
    themeOf: URIRef
    themeScheme: URIRef
    touches: URIRef
    touchesTheme: URIRef
    zone: URIRef
    canonicalIndicator: URIRef  # issue 13
    direction: URIRef  # issue 13

    # Datatype properties
    affiliation: URIRef
    aspirational: URIRef
    binding: URIRef
    characterCount: URIRef
    countryCode: URIRef
    divisionCode: URIRef
    documentKind: URIRef
    dueYear: URIRef
    encoding: URIRef
    entityType: URIRef
    heading: URIRef
    headline: URIRef
    keyword: URIRef
    lead: URIRef
    matchMethod: URIRef  # issue 13
    metric: URIRef
    ordinal: URIRef
    period: URIRef
    planYear: URIRef
    referenceYear: URIRef
    role: URIRef
    sha256: URIRef
    symbol: URIRef
    tag: URIRef
    unitNormalized: URIRef
    unitText: URIRef
    value: URIRef
    valueMax: URIRef

    # Figure counts per plan, as W3C Data Cube observations (issue 13)
    FigureCount: URIRef
    PlanFigureCount: URIRef
    ThemeKindTargetCount: URIRef
    PlanFigureCounts: URIRef
    ThemeKindTargetCounts: URIRef
    PlanFigureCountsStructure: URIRef
    ThemeKindTargetCountsStructure: URIRef
    Unthemed: URIRef
    countedPlan: URIRef
    countedTheme: URIRef
    countedKind: URIRef
    targetCount: URIRef
    aspirationalTargetCount: URIRef
    resultCount: URIRef
    matchedFigureCount: URIRef
    canonicalIndicatorCount: URIRef
    decreaseCount: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the selector terms used for text spans."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


class QUDT(DefinedNamespace):
    """QUDT schema terms used (current names: qudt:value and qudt:hasUnit, not the
    legacy qudt:numericValue / qudt:unit)."""

    _NS = Namespace("http://qudt.org/schema/qudt/")
    _fail = True

    QuantityValue: URIRef
    Unit: URIRef
    value: URIRef
    hasUnit: URIRef
    symbol: URIRef
    conversionMultiplier: URIRef


class UNIT(DefinedNamespace):
    """QUDT units used, each checked against the current QUDT unit vocabulary."""

    _NS = Namespace("http://qudt.org/vocab/unit/")
    _fail = True

    CCY_CNY: URIRef
    CCY_USD: URIRef
    CCY_EUR: URIRef
    PERCENT: URIRef
    NUM: URIRef
    M: URIRef
    KiloM: URIRef
    M2: URIRef
    KiloM2: URIRef
    HA: URIRef
    M3: URIRef
    TONNE: URIRef
    KiloGM: URIRef
    KiloW: URIRef
    MegaW: URIRef
    GigaW: URIRef
    YR: URIRef
    DAY: URIRef
    HR: URIRef
    L: URIRef
    CCY_HKD: URIRef
    UNITLESS: URIRef
    PetaFLOPS: URIRef
    KiloV: URIRef
    MO: URIRef
    IN: URIRef

    # Names that are not Python identifiers: UNIT["KiloW-HR"].
    _extras = ["KiloW-HR", "MegaW-HR", "GigaW-HR", "GM-PER-KiloGM", "MicroGM-PER-M3"]


PLANGRAPH_PREFIXES: dict[str, str] = {
    "pg": str(PG._NS),
    "pgid": "https://w3id.org/plangraph/id/",
    "oa": str(OA._NS),
    "qudt": str(QUDT._NS),
    "unit": str(UNIT._NS),
    "skos": str(SKOS._NS),
    "prov": str(PROV._NS),
    "dcterms": str(DCTERMS._NS),
    "foaf": str(FOAF._NS),
    "org": str(ORG._NS),
    "schema": str(SDO._NS),
    "owl": str(OWL._NS),
    "rdfs": str(RDFS._NS),
    "rdf": str(RDF._NS),
    "xsd": str(XSD._NS),
    "qb": str(QB._NS),
}
"""Prefixes bound on every graph we write, so Turtle is readable and stable."""

"""The ontology and the closed namespace in graph/vocab.py agree, both ways; every
term is labelled in Chinese and English and defined; ontology metadata is there;
the QUDT units we use exist in the current QUDT vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.assemble import QUDT_UNITS
from graph.iris import ONTOLOGY, ONTOLOGY_IRI
from graph.vocab import PG, UNIT

ONTOLOGY_PATH = Path(__file__).resolve().parent.parent / "ontology" / "plangraph.ttl"

# QUDT unit local names we use, each checked by hand against the current QUDT
# unit vocabulary (the unit list of @qudtlib/allunits 7.1.0, which tracks QUDT 3.x).
# Adding a unit to graph.vocab.UNIT means checking it there and adding it here.
QUDT_UNITS_CHECKED = {
    "CCY_CNY", "CCY_USD", "CCY_EUR", "CCY_HKD", "PERCENT", "NUM", "UNITLESS", "M", "KiloM", "M2", "KiloM2",
    "HA", "M3", "TONNE", "KiloGM", "KiloW", "MegaW", "GigaW", "KiloW-HR", "MegaW-HR", "GigaW-HR", "YR", "MO",
    "DAY", "HR", "L", "IN", "KiloV", "PetaFLOPS", "GM-PER-KiloGM", "MicroGM-PER-M3",
}
LEGACY_QUDT = {"http://qudt.org/schema/qudt/numericValue", "http://qudt.org/schema/qudt/unit"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def _declared(g: Graph) -> set[str]:
    return {str(s)[len(ONTOLOGY):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)}


def _vocab_terms() -> set[str]:
    return {name for name in PG.__annotations__}


def test_vocab_matches_ontology_both_ways(ontology: Graph) -> None:
    declared, vocab = _declared(ontology), _vocab_terms()
    assert declared - vocab == set(), "in the ontology but not in graph/vocab.py PG"
    assert vocab - declared == set(), "in graph/vocab.py PG but not declared in the ontology"
    assert len(declared) >= 80


def test_closed_namespace_raises_on_a_typo() -> None:
    with pytest.raises(AttributeError):
        PG.inMesure  # noqa: B018 (the lookup is what must raise)


def test_no_pg_term_is_used_without_being_declared(ontology: Graph) -> None:
    # objects too: pg:AtLeast as a value must be declared like pg:comparator as a predicate
    declared = _declared(ontology)
    used = {str(t)[len(ONTOLOGY):] for triple in ontology for t in triple
            if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY)}
    assert used <= declared


LABEL_CHECK = """
PREFIX pg:   <https://w3id.org/plangraph/ontology#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term ?missing WHERE {
    VALUES ?type { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:NamedIndividual }
    ?term a ?type .
    FILTER STRSTARTS(STR(?term), STR(pg:))
    {
        FILTER NOT EXISTS { ?term rdfs:label ?l FILTER (LANG(?l) = "zh") }
        BIND ("rdfs:label@zh" AS ?missing)
    } UNION {
        FILTER NOT EXISTS { ?term rdfs:label ?l FILTER (LANG(?l) = "en") }
        BIND ("rdfs:label@en" AS ?missing)
    } UNION {
        FILTER NOT EXISTS { ?term skos:definition ?d FILTER (LANG(?d) = "en") }
        BIND ("skos:definition@en" AS ?missing)
    } UNION {
        FILTER NOT EXISTS { ?term skos:definition ?d FILTER (LANG(?d) = "zh") }
        BIND ("skos:definition@zh" AS ?missing)
    }
}
"""


def test_every_term_has_chinese_and_english_labels_and_definitions(ontology: Graph) -> None:
    rows = sorted((str(r[0]), str(r[1])) for r in ontology.query(LABEL_CHECK))
    assert rows == []
    # and the query really looks at the terms (a broken VALUES would pass vacuously)
    count = ontology.query("""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { VALUES ?type { owl:Class owl:ObjectProperty
        owl:DatatypeProperty owl:NamedIndividual } ?t a ?type FILTER STRSTARTS(STR(?t), ?base) }""",
        initBindings={"base": Literal(ONTOLOGY)})
    assert int(next(iter(count))[0]) == len(_declared(ontology))


def test_ontology_metadata(ontology: Graph) -> None:
    o = URIRef(ONTOLOGY_IRI)
    q = ontology.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        ASK { ?o a owl:Ontology ; owl:versionIRI ?v ; owl:versionInfo ?i ; dcterms:license ?l ;
                 dcterms:created ?c ; dcterms:title ?t ; dcterms:description ?d }""", initBindings={"o": o})
    assert q.askAnswer


def test_no_legacy_qudt_terms(ontology: Graph) -> None:
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    assert "qudt:numericValue" not in text and "qudt:unit " not in text
    assert not any(str(t) in LEGACY_QUDT for triple in ontology for t in triple)


def test_qudt_units_are_checked_names() -> None:
    used = {str(u)[len(str(UNIT._NS)):] for u in QUDT_UNITS.values() if str(u).startswith(str(UNIT._NS))}
    declared = set(UNIT.__annotations__) | set(UNIT._extras)
    assert used <= declared
    assert declared <= QUDT_UNITS_CHECKED


def test_units_qudt_lacks_are_pg_units(ontology: Graph) -> None:
    from graph.vocab import QUDT, RDF

    pg_units = {u for u in QUDT_UNITS.values() if str(u).startswith(ONTOLOGY)}
    assert pg_units == {PG.Mu, PG.PercentagePoint, PG.TEU}
    for u in pg_units:
        assert (u, RDF.type, QUDT.Unit) in ontology


@pytest.mark.parametrize("table_name, class_name", [
    ("COMPARATOR_INDIVIDUALS", "Comparator"),
    ("KIND_INDIVIDUALS", "FigureKind"),
    ("DIRECTION_INDIVIDUALS", "Direction"),
    ("ZONE_INDIVIDUALS", "Zone"),
    ("LEVEL_CONCEPTS", "AdministrativeLevel"),
])
def test_code_tables_name_exactly_the_ontology_individuals(ontology: Graph, table_name: str, class_name: str) -> None:
    """The assembler's code → individual tables restate the ontology: none may add an
    individual it does not declare or leave one out."""
    from rdflib.namespace import RDF

    import graph.assemble as assemble

    table: dict[str, URIRef] = getattr(assemble, table_name)
    declared = set(ontology.subjects(RDF.type, URIRef(ONTOLOGY + class_name)))
    assert set(table.values()) == declared, (
        f"{table_name}: not in the ontology {sorted(set(table.values()) - declared)}, "
        f"not in the table {sorted(declared - set(table.values()))}")


def test_entity_classes_are_ontology_classes(ontology: Graph) -> None:
    from rdflib.namespace import OWL, RDF

    from graph.assemble import ENTITY_CLASSES

    classes = set(ontology.subjects(RDF.type, OWL.Class))
    assert set(ENTITY_CLASSES.values()) <= classes

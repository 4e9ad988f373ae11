"""graph.fastcheck: the shapes compiled to SPARQL give pyshacl's results.

pyshacl is the reference. Both validators run on the example, on every valid
and invalid fixture under tests/shapes/ (read with base.ttl, as
tests/test_shapes.py does) and on a small synthetic shapes graph that uses the
constraint components our shapes do not (yet); the sets of
(focus node, path, constraint component, severity, source shape) must be equal,
and for the fixtures equal to what each fixture names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.fastcheck import (
    UnsupportedShape,
    compile_shapes,
    default_checks,
    open_store,
    result_key,
    run_checks,
    validate_fast,
)
from graph.validate import shapes_graph, validate
from graph.vocab import SH
from tests.test_shapes import BASE, INVALID, VALID, declared_constraints, expectations

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhengzhou-2023.txt"

Key = tuple[str, ...]


def keys(outcome) -> set[Key]:
    return {result_key(f.focus, f.path, f.component, f.severity, f.shape) for f in outcome.findings}


def _load(fixture: Path) -> Graph:
    g = Graph()
    g.parse(BASE, format="turtle")
    g.parse(fixture, format="turtle")
    return g


def test_fixture_counts() -> None:
    # a broken glob must not pass with a handful of cases
    assert len(VALID) >= 13 and len(INVALID) >= 50


def test_every_declared_constraint_is_compiled() -> None:
    compiled = {("-", str(c.path) if c.path is not None else "-", str(c.component), str(c.severity),
                 str(c.node_shape)) for c in default_checks()}
    declared = declared_constraints()
    # SPARQL constraints name their path in the query (?path), not on the shape
    missing = {d for d in declared if d not in compiled
               and not (d[2] == str(SH.SPARQLConstraintComponent)
                        and ("-", "-") + d[2:] in compiled)}
    assert not missing, sorted(missing)
    assert len(default_checks()) >= len(declared)


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_same_results_as_pyshacl(fixture: Path) -> None:
    g = _load(fixture)
    fast, reference = keys(validate_fast(g)), keys(validate(g))
    assert fast == reference, f"\nfast only: {sorted(fast - reference)}\npyshacl only: {sorted(reference - fast)}"
    assert fast == expectations(fixture)


@pytest.mark.parametrize("fixture", [BASE] + VALID, ids=["base"] + [p.stem for p in VALID])
def test_valid_fixture_no_result_on_either(fixture: Path) -> None:
    g = Graph().parse(BASE, format="turtle") if fixture == BASE else _load(fixture)
    assert keys(validate_fast(g)) == set() == keys(validate(g))


def test_example_same_results_as_pyshacl() -> None:
    from graph.pipeline import build_graph

    g = build_graph(EXAMPLE)
    fast, reference = validate_fast(g), validate(g)
    assert keys(fast) == keys(reference)
    assert len(fast.warnings) > 0 and not fast.violations  # the example has warnings only
    # the findings carry the same evidence and messages as pyshacl's
    by_key = {result_key(f.focus, f.path, f.component, f.severity, f.shape): f for f in reference.findings}
    for f in fast.findings:
        ref = by_key[result_key(f.focus, f.path, f.component, f.severity, f.shape)]
        assert (f.label, f.quote, f.start, f.end, f.message) == (ref.label, ref.quote, ref.start, ref.end, ref.message)


def test_assembled_triples_give_the_graphs_findings() -> None:
    # corpus builds validate graph.assemble.Triples (no rdflib Graph): same findings, evidence and order
    from graph.assemble import assemble_triples
    from graph.export import ntriples
    from graph.extraction import extract_document

    triples = assemble_triples(extract_document(EXAMPLE, doc_id="zhengzhou-2023"))
    graph = triples.graph("SimpleMemory")
    from_graph = validate_fast(graph)
    from_triples = validate_fast(triples, ntriples=ntriples(triples).encode("utf-8"))
    assert from_triples.findings == from_graph.findings and len(from_graph.findings) > 0
    assert isomorphic(from_triples.report, from_graph.report)


def test_ill_typed_offsets_found_with_and_without_the_rdflib_graph() -> None:
    # the store keeps xsd:nonNegativeInteger as xsd:integer; both paths must still see that "-3" is not one
    g = _load(next(p for p in VALID if p.stem == "TextSpan-ok"))
    g.parse(data='@prefix oa: <http://www.w3.org/ns/oa#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .'
                 '<https://w3id.org/plangraph/id/test/span-a> oa:start "-3"^^xsd:nonNegativeInteger .',
            format="turtle")
    expected = {k for k in keys(validate(g)) if k[2] == str(SH.DatatypeConstraintComponent)}
    assert expected
    assert {k for k in keys(validate_fast(g)) if k[2] == str(SH.DatatypeConstraintComponent)} == expected
    raw = run_checks(open_store(g))  # store only: the weaker SPARQL form of the check
    assert {r.check.component for r in raw if str(r.focus).endswith("span-a")} >= {SH.DatatypeConstraintComponent}


SYNTHETIC_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:size ; sh:minInclusive 1 ; sh:maxExclusive 10 ] ,
              [ sh:path ex:size ; sh:maxInclusive 8 ; sh:minExclusive 0 ] ,
              [ sh:path ex:code ; sh:pattern "^[a-z]+$" ; sh:minLength 2 ; sh:maxLength 4 ] ,
              [ sh:path ex:link ; sh:nodeKind sh:IRI ] ,
              [ sh:path ex:tag ; sh:minCount 2 ] ,
              [ sh:path ex:label ; sh:languageIn ( "zh" "en" ) ] ,
              [ sh:path ex:a ; sh:equals ex:b ] ,
              [ sh:path ex:a ; sh:disjoint ex:c ] ,
              [ sh:path ex:a ; sh:lessThanOrEquals ex:d ] ,
              [ sh:path ( ex:parent ex:size ) ; sh:maxInclusive 5 ] ,
              [ sh:path [ sh:inversePath ex:owns ] ; sh:maxCount 1 ] ,
              [ sh:path [ sh:alternativePath ( ex:x ex:y ) ] ; sh:minCount 1 ] ;
  sh:not [ sh:path ex:banned ; sh:minCount 1 ] ;
  sh:and ( [ sh:path ex:code ; sh:minCount 1 ] [ sh:path ex:size ; sh:minCount 1 ] ) .
ex:NodeShape a sh:NodeShape ; sh:targetNode ex:n1 , ex:n2 ; sh:in ( ex:n1 ) .
ex:SubjShape a sh:NodeShape ; sh:targetSubjectsOf ex:owns ; sh:property [ sh:path ex:owns ; sh:class ex:Thing ] .
ex:ObjShape a sh:NodeShape ; sh:targetObjectsOf ex:link ; sh:hasValue ex:l1 .
"""

SYNTHETIC_DATA = """
@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:t1 a ex:Thing ; ex:size 12 ; ex:code "ABCDE" ; ex:link "not an iri" ; ex:tag "one" ; ex:label "x"@fr ;
  ex:a 1 ; ex:b 2 ; ex:c 1 ; ex:d 0 ; ex:parent ex:t2 ; ex:banned true .
ex:t2 a ex:Sub ; ex:size 7 ; ex:code "ab" ; ex:tag "a" , "b" ; ex:a 1 ; ex:b 1 ; ex:d 3 ; ex:x 1 ; ex:link ex:l1 .
ex:t3 a ex:Thing ; ex:size "big" ; ex:y 2 .
ex:o1 ex:owns ex:t1 . ex:o2 ex:owns ex:t1 . ex:o3 ex:owns ex:n2 .
ex:t2 ex:link ex:l2 .
"""


def test_synthetic_components_same_results_as_pyshacl() -> None:
    shapes = Graph().parse(data=SYNTHETIC_SHAPES, format="turtle")
    data = Graph().parse(data=SYNTHETIC_DATA, format="turtle")
    fast, reference = keys(validate_fast(data, shapes)), keys(validate(data, shapes))
    assert fast == reference, f"\nfast only: {sorted(fast - reference)}\npyshacl only: {sorted(reference - fast)}"
    components = {k[2].rsplit("#", 1)[-1] for k in fast}
    assert len(components) >= 14, components  # the data breaks nearly every constraint


@pytest.mark.parametrize("extra", [
    "sh:xone ( [ sh:path ex:a ; sh:minCount 1 ] )",
    "sh:property [ sh:path ex:a ; sh:qualifiedValueShape [ sh:class ex:T ] ; sh:qualifiedMinCount 1 ]",
    "sh:closed true",
])
def test_unsupported_features_are_refused(extra: str) -> None:
    text = ("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
            f"ex:S a sh:NodeShape ; sh:targetClass ex:T ; {extra} .")
    with pytest.raises(UnsupportedShape):
        compile_shapes(Graph().parse(data=text, format="turtle"))


def test_default_shapes_compile() -> None:
    assert compile_shapes(shapes_graph())

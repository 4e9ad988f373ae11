"""SHACL shapes: each shape has a valid and an invalid fixture, and each invalid
fixture produces exactly the results it names.

Fixtures live in tests/shapes/{valid,invalid}/<Class>-<defect>.ttl and are read
together with tests/shapes/base.ttl (a small complete plan). An invalid fixture
names its results in header lines:

    # expect: FOCUS | PATH | CONSTRAINT COMPONENT | SEVERITY | NODE SHAPE

The test compares the set of results pyshacl reports with the set named, both
ways: a fixture fails for the reason named and for no other. A coverage test
checks that every constraint in ontology/shapes.ttl is named by some fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection  # noqa: F401  (kept for readers: sh:in lists)

from graph.validate import SHAPES_PATH, shapes_graph, validate
from graph.vocab import SH

HERE = Path(__file__).parent / "shapes"
BASE = HERE / "base.ttl"
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))

Expected = tuple[str, str, str, str, str]


def _load(fixture: Path) -> Graph:
    g = Graph()
    g.parse(BASE, format="turtle")
    g.parse(fixture, format="turtle")
    return g


def _expand(g: Graph, curie: str) -> str:
    curie = curie.strip()
    if curie == "-":
        return "-"
    return str(g.namespace_manager.expand_curie(curie))


def expectations(fixture: Path) -> set[Expected]:
    g = Graph().parse(fixture, format="turtle")
    out: set[Expected] = set()
    for line in fixture.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            parts = [p.strip() for p in line[len("# expect:"):].split("|")]
            assert len(parts) == 5, f"{fixture.name}: bad expect line {line!r}"
            out.add(tuple(_expand(g, p) for p in parts))
    return out


def actual(fixture: Path) -> set[Expected]:
    outcome = validate(_load(fixture))
    return {
        (str(f.focus), str(f.path) if f.path is not None else "-", str(f.component),
         str(SH[f.severity]), str(f.shape))
        for f in outcome.findings
    }


def test_fixture_counts() -> None:
    # A broken glob must not pass with a handful of cases.
    assert len(VALID) >= 13
    assert len(INVALID) >= 50


def test_base_is_clean() -> None:
    assert validate(Graph().parse(BASE, format="turtle")).findings == []


@pytest.mark.parametrize("fixture", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_has_no_result(fixture: Path) -> None:
    assert not expectations(fixture), "valid fixtures expect nothing"
    assert actual(fixture) == set()


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_gives_exactly_the_named_results(fixture: Path) -> None:
    expected = expectations(fixture)
    assert expected, f"{fixture.name} names no expected result"
    got = actual(fixture)
    assert got == expected, (
        f"\nmissing: {sorted(expected - got)}\nunexpected: {sorted(got - expected)}"
    )


_PARAMS = {
    "minCount": "MinCount", "maxCount": "MaxCount", "datatype": "Datatype", "class": "Class",
    "in": "In", "pattern": "Pattern", "lessThan": "LessThan",
}


def declared_constraints() -> set[Expected]:
    """(-, path, component, severity, node shape) for every constraint in shapes.ttl."""
    shapes = shapes_graph()
    out: set[Expected] = set()
    node_shapes = set(shapes.subjects(SH.targetClass, None)) | set(shapes.subjects(SH.target, None))
    for node_shape in node_shapes:
        if shapes.value(node_shape, SH["or"]) is not None:
            severity = str(shapes.value(node_shape, SH.severity) or SH.Violation)
            out.add(("-", "-", str(SH.OrConstraintComponent), severity, str(node_shape)))
        for prop in shapes.objects(node_shape, SH.property):
            path = str(shapes.value(prop, SH.path))
            severity = str(shapes.value(prop, SH.severity) or SH.Violation)
            for param, name in _PARAMS.items():
                if shapes.value(prop, SH[param]) is not None:
                    out.add(("-", path, str(SH[f"{name}ConstraintComponent"]), severity, str(node_shape)))
        for sparql in shapes.objects(node_shape, SH.sparql):
            query = str(shapes.value(sparql, SH.select))
            m = re.search(r"BIND\s*\(\s*(\w+):(\w+)\s+AS\s+\?path\s*\)", query)
            assert m, f"SPARQL constraint of {node_shape} binds no ?path"
            path = str(shapes.namespace_manager.expand_curie(f"{m.group(1)}:{m.group(2)}"))
            severity = str(shapes.value(node_shape, SH.severity) or SH.Violation)
            out.add(("-", path, str(SH.SPARQLConstraintComponent), severity, str(node_shape)))
    return out


def test_every_constraint_has_an_invalid_fixture() -> None:
    named = {("-",) + e[1:] for f in INVALID for e in expectations(f)}
    declared = declared_constraints()
    assert len(declared) >= 60
    missing = sorted(declared - named)
    assert not missing, f"constraints without an invalid fixture: {missing}"


def test_sparql_checks_use_sparql_targets() -> None:
    # pyshacl re-parses a SPARQL constraint's query for every focus node (~20 ms);
    # with a SPARQL target it runs only on the offending nodes.
    shapes = shapes_graph()
    for node_shape in set(shapes.subjects(SH.sparql, None)):
        assert shapes.value(node_shape, SH.target) is not None, node_shape
        assert shapes.value(node_shape, SH.targetClass) is None, node_shape


def test_every_node_shape_has_valid_and_invalid_fixtures() -> None:
    shapes = shapes_graph()
    for node_shape in set(shapes.subjects(SH.targetClass, None)):
        classes = {str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in shapes.objects(node_shape, SH.targetClass)}
        assert any(p.stem.split("-")[0] in classes for p in VALID), f"{node_shape}: no valid fixture"
        assert any(p.stem.split("-")[0] in classes for p in INVALID), f"{node_shape}: no invalid fixture"


def test_property_shapes_are_blank_nodes() -> None:
    # pyshacl trap: IRI property shapes make shape selection report "conforms" wrongly.
    shapes = shapes_graph()
    for prop in shapes.objects(None, SH.property):
        assert not isinstance(prop, URIRef), prop


def test_shapes_file_is_the_one_validate_uses() -> None:
    assert SHAPES_PATH.name == "shapes.ttl" and SHAPES_PATH.exists()

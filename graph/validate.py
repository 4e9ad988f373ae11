"""Validation: an assembled graph + the SHACL shapes -> findings a person can act on.

Consumes: an ``rdflib.Graph`` from ``graph.assemble`` and the shapes graph
(``ontology/shapes.ttl`` by default, read once and cached).
Produces: a ``ValidationOutcome``: the findings (which node, with its label and
source quote, failed which shape on which property, and why), grouped by
severity; a readable text report; and the SHACL report graph.

A build fails on Violations only; Warnings and Info are printed. pyshacl runs
without inference (shapes list subclasses explicitly) and without
``use_shapes``/``sparql_mode`` (see ontology/README.md for the pyshacl traps),
in advanced mode because the SHACL-SPARQL checks use SHACL-AF SPARQL targets.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

from rdflib import Graph, Literal, URIRef
from rdflib.term import BNode, Identifier, Node

from graph.iris import local_id
from graph.resources import ontology_dir
from graph.vocab import OA, PG, RDF, RDFS, SH

ONTOLOGY_DIR = ontology_dir()  # the package's copy once installed (graph.resources)
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_PATH = ONTOLOGY_DIR / "plangraph.ttl"

SEVERITY_ORDER = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with what a person needs to find the problem in the text."""

    severity: str  # Violation, Warning or Info
    focus: Node
    path: Node | None
    component: Node  # e.g. sh:MinCountConstraintComponent
    shape: Node  # the node shape the constraint belongs to (when it can be told)
    message: str
    value: Node | None = None
    label: str | None = None  # the focus node's Chinese label
    quote: str | None = None  # the source text behind the focus node
    start: int | None = None
    end: int | None = None


@dataclass
class ValidationOutcome:
    conforms: bool  # pyshacl's verdict: False on any result, warnings included
    findings: list[Finding] = field(default_factory=list)
    report: Graph = field(default_factory=Graph)
    seconds: float = 0.0

    def by_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def violations(self) -> list[Finding]:
        return self.by_severity("Violation")

    @property
    def warnings(self) -> list[Finding]:
        return self.by_severity("Warning")

    @property
    def ok(self) -> bool:
        """True when nothing is a Violation (warnings do not fail a build)."""
        return not self.violations


@lru_cache(maxsize=4)
def _load(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def shapes_graph(path: Path | None = None) -> Graph:
    """The SHACL shapes (cached; callers must not modify the returned graph)."""
    return _load(str(path or SHAPES_PATH))


def _severity_name(node: Node | None) -> str:
    return str(node).rsplit("#", 1)[-1] if node is not None else "Violation"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _pick_message(report: Graph, result: Node) -> str:
    """The English message. pyshacl drops language tags from SPARQL messages
    after filling in {?value}, so an untagged message without Chinese counts as English."""
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal))
    tagged = [str(m) for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal) and m.language == "en"]
    plain = [m for m in messages if not _has_cjk(m)]
    return (tagged or plain or messages or [""])[0]


def _node_shape(shapes: Graph, shape: Node) -> Node:
    """The named node shape a (blank) property shape or SPARQL constraint belongs to."""
    if isinstance(shape, BNode):
        for prop in (SH.property, SH.sparql):
            for parent in shapes.subjects(prop, shape):
                return parent
    return shape


def _evidence(data: Graph, focus: Node) -> tuple[str | None, str | None, int | None, int | None]:
    """(label, quote, start, end) for a focus node, from the data graph."""
    label = None
    for lit in data.objects(focus, RDFS.label):
        if isinstance(lit, Literal) and lit.language == "zh":
            label = str(lit)
            break
    span: Node | None = focus if (focus, RDF.type, PG.TextSpan) in data else None
    if span is None:
        span = data.value(focus, PG.span)
    if span is None:
        mentions = sorted(data.objects(focus, PG.mention), key=lambda s: _int(data.value(s, OA.start)) or 0)
        span = mentions[0] if mentions else None
    if span is None:
        return label, None, None, None
    quote = data.value(span, OA.exact)
    return (label, str(quote) if quote is not None else None,
            _int(data.value(span, OA.start)), _int(data.value(span, OA.end)))


def _int(node: Node | None) -> int | None:
    try:
        # rdflib types graph values as Node; they are Identifiers (str subclasses), as int() needs
        return int(cast(Identifier, node)) if node is not None else None
    except (TypeError, ValueError):
        return None


def findings_from_report(report: Graph, data: Graph, shapes: Graph) -> list[Finding]:
    """Turn pyshacl's report graph into sorted Findings (most severe first)."""
    out: list[Finding] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        component = report.value(result, SH.sourceConstraintComponent)
        source_shape = report.value(result, SH.sourceShape)
        # SHACL gives every validation result a focus node, a constraint component and a source shape
        assert focus is not None and component is not None and source_shape is not None
        label, quote, start, end = _evidence(data, focus)
        out.append(Finding(
            severity=_severity_name(report.value(result, SH.resultSeverity)),
            focus=focus,
            path=report.value(result, SH.resultPath),
            component=component,
            shape=_node_shape(shapes, source_shape),
            message=_pick_message(report, result),
            value=report.value(result, SH.value),
            label=label, quote=quote, start=start, end=end,
        ))
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    out.sort(key=lambda f: (rank.get(f.severity, 9), str(f.shape), str(f.path), f.message, f.start or 0, str(f.focus)))
    return out


def validate(data: Graph, shapes: Graph | None = None) -> ValidationOutcome:
    """Validate a data graph against the PlanGraph shapes.

    Args:
        data: the assembled graph (not modified).
        shapes: a shapes graph; default the bundled ontology/shapes.ttl.
    Returns:
        the outcome; ``outcome.ok`` is False when any Violation was found.
    """
    from pyshacl import validate as shacl_validate  # lazy: pyshacl import is slow

    shapes = shapes if shapes is not None else shapes_graph()
    t0 = time.perf_counter()
    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_infos=True, allow_warnings=True, advanced=True,  # advanced: SHACL-AF SPARQL targets
    )
    seconds = time.perf_counter() - t0
    findings = findings_from_report(report, data, shapes)
    return ValidationOutcome(conforms=bool(conforms), findings=findings, report=report, seconds=seconds)


def _short(node: Node | None, data: Graph | None = None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        text = str(node)
        if data is not None:
            try:
                prefix, _ns, name = data.namespace_manager.compute_qname(text, generate=False)
                return f"{prefix}:{name}" if prefix else name
            except (ValueError, KeyError):
                pass
        return local_id(text)
    return str(node)


_SHAPE_NS = "https://w3id.org/plangraph/shapes#"
_SH_NS = str(SH._NS)


def _name(node: Node | None) -> str:
    text = str(node) if node is not None else "-"
    for ns, prefix in ((_SHAPE_NS, "pgsh:"), (_SH_NS, "sh:"), (str(PG._NS), "pg:"), (str(OA._NS), "oa:"),
                       (str(RDFS._NS), "rdfs:"), ("http://qudt.org/schema/qudt/", "qudt:"),
                       ("http://www.w3.org/2004/02/skos/core#", "skos:")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return local_id(text)


def report_text(outcome: ValidationOutcome, *, limit_per_group: int = 20, timing: bool = True) -> str:
    """A readable report: counts, then findings grouped by severity and by constraint.

    Each finding names the node (its id and Chinese label), the source quote
    with its offsets, and, for each group, the shape, the property and why.
    """
    counts = {s: len(outcome.by_severity(s)) for s in SEVERITY_ORDER}
    verdict = "FAILED" if counts["Violation"] else "passed"
    lines = [
        f"SHACL validation {verdict}: {counts['Violation']} violation(s), {counts['Warning']} warning(s), "
        f"{counts['Info']} info" + (f" ({outcome.seconds:.2f} s)" if timing else "")
    ]
    for severity in SEVERITY_ORDER:
        items = outcome.by_severity(severity)
        if not items:
            continue
        lines += ["", f"== {severity} ({len(items)}) =="]
        groups: dict[tuple[str, str, str, str], list[Finding]] = {}
        for f in items:
            groups.setdefault((_name(f.shape), _name(f.path), _name(f.component), f.message), []).append(f)
        for (shape, path, component, message), group in groups.items():
            lines.append(f"{shape} / {path} / {component} ({len(group)})")
            lines.append(f"  why: {message}")
            for f in group[:limit_per_group]:
                where = f"[{f.start}:{f.end}]" if f.start is not None else ""
                label = f" {f.label}" if f.label else ""
                shown = f.value is not None and f.value != f.focus and not isinstance(f.value, BNode)
                value = f" value={_name(f.value)}" if shown else ""
                lines.append(f"  - {_name(f.focus)}{label}{value}")
                if f.quote is not None:
                    quote = " ".join(f.quote.split())
                    quote = quote if len(quote) <= 60 else quote[:57] + "..."
                    lines.append(f"      「{quote}」 {where}")
            if len(group) > limit_per_group:
                lines.append(f"  ... and {len(group) - limit_per_group} more")
    return "\n".join(lines) + "\n"


def report_turtle(outcome: ValidationOutcome) -> str:
    """The SHACL report graph in Turtle, blank nodes labelled canonically so that
    the same findings always give the same text."""
    from rdflib.compare import to_canonical_graph

    canon = Graph()
    for triple in to_canonical_graph(outcome.report):
        canon.add(triple)
    canon.bind("sh", _SH_NS)
    canon.bind("pg", str(PG._NS))
    canon.bind("pgsh", _SHAPE_NS)
    canon.bind("oa", str(OA._NS))
    return canon.serialize(format="turtle")

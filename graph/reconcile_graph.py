"""The graph side of a reconciliation (issue 14): reconciliation.ttl.

Consumes: the pairs of graph.reconcile and the two extractions they came from.
Produces: an rdflib Graph of links only: for each target of year Y, `pg:outcomeStatus` (a
concept of pg:OutcomeStatuses), `pg:statusRule`, `pg:outcomeMatchMethod` and, when paired,
`pg:outcome` to the result; for completed_no_figure, `pg:outcomeStatement` to a pg:TextSpan of
the review (the words saying it was done, with offsets and quote). The nodes are the IRIs the two
documents' own graphs give their target and result (graph.iris, from content), so the file joins
up with them when loaded beside them; the target and result descriptions stay in those graphs
(not repeated here). Targets stated against another figure (与经济增长同步, Pair.relative) have
no node in the plan's graph and are left out: they are in reconciliation.csv. Shapes:
TargetOutcomeShape and TargetOutcomeStatusShape in ontology/shapes.ttl.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, XSD, Graph, Literal

from graph import iris
from graph.reconcile import Pair
from graph.records import Extraction
from graph.vocab import OA, PG

STATUS_CONCEPTS = {
    "met": PG.StatusMet,
    "not_met": PG.StatusNotMet,
    "completed_no_figure": PG.StatusCompletedNoFigure,
    "not_reported": PG.StatusNotReported,
    "unclear": PG.StatusUnclear,
}


def reconciliation_graph(pairs: Sequence[Pair], plan: Extraction, review: Extraction) -> Graph:
    g = Graph()
    g.bind("pg", str(PG._NS))
    g.bind("pgid", iris.DATA)
    for p in pairs:
        if p.relative:  # no figure, so no target node in the plan's graph: reconciliation.csv only
            continue
        t = iris.target_iri(plan.document.doc_id, p.target.key, p.target.metric)
        g.add((t, PG.outcomeStatus, STATUS_CONCEPTS[p.status]))
        g.add((t, PG.statusRule, Literal(p.rule_version)))
        g.add((t, PG.outcomeMatchMethod, Literal(p.method)))
        if p.outcome is not None:
            g.add((t, PG.outcome, iris.result_iri(review.document.doc_id, p.outcome.key, p.outcome.metric)))
        elif p.statement is not None:  # completed_no_figure: the review's words, as a span of it
            span = iris.statement_span_iri(review.document.doc_id, p.target.key)
            g.add((t, PG.outcomeStatement, span))
            g.add((span, RDF.type, PG.TextSpan))
            g.add((span, OA.start, Literal(p.statement.start, datatype=XSD.nonNegativeInteger)))
            g.add((span, OA.end, Literal(p.statement.end, datatype=XSD.nonNegativeInteger)))
            g.add((span, OA.exact, Literal(p.statement.quote)))
            g.add((span, PG.inDocument, iris.doc_iri(review.document.doc_id)))
    return g

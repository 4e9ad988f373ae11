"""`plangraph reconcile A B`: the targets of A's plan year against B's review of that year.

Consumes: the parsed arguments (graph.cli): two plan text files, the output folder, an optional year.
Produces: `reconciliation.csv` in the output folder (atomically, UTF-8 with a BOM like every CSV of
the project), `reconciliation.ttl` (the outcome links, graph.reconcile_graph) and `scorecard.html`
(the pair's scorecard, graph.reconcile_views), a short summary on stdout, one-line errors on
stderr; exit 0 written, 2 bad input (unreadable file, different jurisdictions, plan years not
consecutive).

The pairing and the status rule are graph.reconcile's; this module only reads, writes and prints.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from graph import iris
from graph.literals import plain_number
from graph.reconcile import STATUSES, Documents, Pair, ReconcileError, reconcile
from graph.records import Extraction

COLUMNS = (
    "target_id", "metric", "target_quote", "target_start", "target_end", "target_value", "target_value_max",
    "target_unit", "comparator", "direction", "aspirational", "target_year",
    "outcome_id", "outcome_metric", "outcome_quote", "outcome_start", "outcome_end", "outcome_value",
    "outcome_unit", "outcome_scope", "status", "note", "match_method", "match_score", "rule_version",
    "target_document", "outcome_document", "indicator", "jurisdiction", "jurisdiction_code",
)


def _num(x: float | None) -> str:
    return "" if x is None else plain_number(x)


def pair_row(p: Pair, plan: Extraction, review: Extraction) -> dict[str, object]:
    """One row of reconciliation.csv: offsets are into each record's own document."""
    t, o = p.target, p.outcome
    row: dict[str, object] = {
        "target_id": iris.local_id(iris.target_iri(plan.document.doc_id, t.key, t.metric)),
        "metric": t.metric,
        "target_quote": t.span.quote,
        "target_start": t.span.start,
        "target_end": t.span.end,
        "target_value": "" if p.relative else _num(t.quantity.value),
        "target_value_max": _num(t.quantity.value_max),
        "target_unit": t.quantity.unit,
        "comparator": t.comparator,
        "direction": p.direction,
        "aspirational": "yes" if t.aspirational else "no",
        "target_year": t.year,
        "status": p.status,
        "note": p.note,
        "match_method": p.method,
        "match_score": _num(p.score) if o else "",
        "rule_version": p.rule_version,
        "target_document": plan.document.source_name,
        "outcome_document": review.document.source_name,
        "indicator": p.indicator or "",
        "jurisdiction": plan.document.jurisdiction or review.document.jurisdiction or "",
        "jurisdiction_code": plan.document.jurisdiction_code or review.document.jurisdiction_code or "",
    }
    if o is not None:
        row.update({
            "outcome_id": iris.local_id(iris.result_iri(review.document.doc_id, o.key, o.metric)),
            "outcome_metric": o.metric,
            "outcome_quote": o.span.quote,
            "outcome_start": o.span.start,
            "outcome_end": o.span.end,
            "outcome_value": _num(o.quantity.value),
            "outcome_unit": o.quantity.unit,
            "outcome_scope": p.scope,
        })
    elif p.statement is not None:  # completed_no_figure: the review's words that it was done
        row.update({"outcome_quote": p.statement.quote, "outcome_start": p.statement.start,
                    "outcome_end": p.statement.end, "outcome_scope": p.scope})
    return row


def summary(docs: Documents, pairs: list[Pair], path: Path) -> str:
    counts: Counter[str] = Counter(p.status for p in pairs)
    paired = sum(1 for p in pairs if p.outcome_span is not None)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    where = docs.jurisdiction or docs.jurisdiction_code or "?"
    return (f"{where} {docs.year}: {len(pairs)} targets, {paired} paired with an outcome"
            f"{': ' + parts if parts else ''}; wrote {path}")


def reconcile_command(args: argparse.Namespace) -> int:
    from graph.curation import CurationError
    from graph.export import csv_file_text, write_atomic
    from graph.extraction import extract_document
    from graph.read import ReadError

    exs = []
    for path in (args.plan, args.review):
        if path.is_dir():
            print(f"plangraph: {path}: is a folder; give two plan text files", file=sys.stderr)
            return 2
        try:
            exs.append(extract_document(path))
        except (ReadError, CurationError) as err:
            print(f"plangraph: {err}", file=sys.stderr)
            return 2
    plan, review = exs
    try:
        docs, pairs = reconcile(plan, review, year=args.year)
    except ReconcileError as err:
        print(f"plangraph: {err}", file=sys.stderr)
        return 2
    from graph.export import serialize
    from graph.reconcile_graph import reconciliation_graph
    from graph.reconcile_views import scorecard_page

    out = args.out / "reconciliation.csv"
    rows = [pair_row(p, plan, review) for p in pairs]
    write_atomic(out, csv_file_text(COLUMNS, rows))
    # the scorecard of the pair, as a page (graph.reconcile_views)
    write_atomic(args.out / "scorecard.html", scorecard_page([{k: str(v) for k, v in r.items()} for r in rows]))
    # the links as RDF, to load beside the two documents' graphs (their IRIs are the same)
    write_atomic(args.out / "reconciliation.ttl", serialize(reconciliation_graph(pairs, plan, review), "turtle"))
    print(summary(docs, pairs, out))
    return 0

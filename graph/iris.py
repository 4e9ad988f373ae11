"""IRI minting: the one place that decides what every node is called.

Consumes: record keys and labels. Produces: rdflib URIRefs under one base.

Rules (see README, "Identifiers"):
- Data IRIs live under ``https://w3id.org/plangraph/id/``.
- Things that belong to one document (plan, themes, measures, targets,
  results, actions, statements, spans, people) are under ``id/{doc_id}/...``.
- Places, organisations, programmes and projects are shared across documents
  (``id/place/zheng-zhou``), so a corpus links up on them.
- A readable pinyin slug comes first; a short content hash follows wherever two
  things could share a label. Hashes come from content (record keys), never
  from positions, so editing one paragraph does not rename the rest.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.literals import slug  # slug: re-exported, IRIs are made of it

BASE = "https://w3id.org/plangraph/"
DATA = BASE + "id/"
ONTOLOGY = BASE + "ontology#"
ONTOLOGY_IRI = BASE + "ontology"

SHARED_ENTITY_TYPES = {"place", "organization", "program", "project"}

def doc_iri(doc_id: str) -> URIRef:
    """The source document (the file)."""
    return URIRef(f"{DATA}{doc_id}")


def reconciliation_graph_iri() -> URIRef:
    """The named graph of a corpus build's outcome links (graph.reconcile_corpus): under a path
    no document's own IRIs use (a document's are doc_iri(id) and below it, never …/outcomes)."""
    return URIRef(f"{DATA}reconciliation/outcomes")


def plan_iri(doc_id: str) -> URIRef:
    return URIRef(f"{DATA}{doc_id}/plan")


def scheme_iri(doc_id: str) -> URIRef:
    """The SKOS concept scheme of the plan's themes."""
    return URIRef(f"{DATA}{doc_id}/themes")


def theme_iri(doc_id: str, key: str, label: str) -> URIRef:
    return URIRef(f"{DATA}{doc_id}/theme/{slug(label)}-{key[:4]}")


def measure_iri(doc_id: str, key: str, label: str) -> URIRef:
    return URIRef(f"{DATA}{doc_id}/measure/{slug(label)}-{key[:6]}")


def target_iri(doc_id: str, key: str, metric: str) -> URIRef:
    return URIRef(f"{DATA}{doc_id}/target/{slug(metric)}-{key[:6]}")


def result_iri(doc_id: str, key: str, metric: str) -> URIRef:
    return URIRef(f"{DATA}{doc_id}/result/{slug(metric)}-{key[:6]}")


def action_iri(doc_id: str, key: str, text: str) -> URIRef:
    """A qualitative commitment, named by its clause (the slug is cut at 40 characters)
    and the hash of its content key, like a target by its metric."""
    return URIRef(f"{DATA}{doc_id}/action/{slug(text)}-{key[:6]}")


def statement_iri(doc_id: str, key: str, speaker: str) -> URIRef:
    return URIRef(f"{DATA}{doc_id}/statement/{slug(speaker)}-{key[:6]}")


def indicator_iri(metric: str) -> URIRef:
    """Indicators (what is measured) are shared: 城镇调查失业率 is one indicator everywhere."""
    return URIRef(f"{DATA}indicator/{slug(metric)}")


def entity_iri(doc_id: str, entity_type: str, key: str, label: str, *,
               code: str | None = None, scope: str | None = None) -> URIRef:
    """An entity's IRI (README, "Identifiers").

    - a place with a code is named by it: ``id/place/cn-410100`` (GB/T 2260) or
      ``id/place/iso-lu`` (ISO 3166), whatever the document calls it;
    - a relative name (省政府, 机场三期) is scoped by its jurisdiction's code
      (``id/in/cn-410000/organization/...``), or by the document when none is known
      (`scope` ""), so two provinces' 省政府 are two nodes;
    - other places, organisations, programmes and projects are shared across documents;
    - people belong to their document.
    """
    if entity_type == "place" and code:
        return place_iri(code)
    if scope is not None and entity_type in SHARED_ENTITY_TYPES:
        where = f"in/cn-{scope}" if scope else doc_id
        return URIRef(f"{DATA}{where}/{entity_type}/{slug(label)}-{key[:4]}")
    if entity_type in SHARED_ENTITY_TYPES:
        return URIRef(f"{DATA}{entity_type}/{slug(label)}-{key[:4]}")
    return URIRef(f"{DATA}{doc_id}/{entity_type}/{slug(label)}")


def place_iri(code: str) -> URIRef:
    """A division (six digits, GB/T 2260) or a country (two letters, ISO 3166)."""
    scheme = "cn" if code.isdigit() else "iso"
    return URIRef(f"{DATA}place/{scheme}-{code.lower()}")


def span_iri(doc_id: str, owner_key: str, n: int = 0) -> URIRef:
    """The span of a record (n-th mention for entities).

    Named after its owner, not its offsets: an edit earlier in the text shifts
    offsets (literal values) but must not rename nodes.
    """
    return URIRef(f"{DATA}{doc_id}/span/{owner_key}-{n}")


def statement_span_iri(doc_id: str, target_key: str) -> URIRef:
    """The words of a review (document `doc_id`) saying a target was done without a figure
    (completed_no_figure, graph.reconcile_graph): named after the target, like every span."""
    return URIRef(f"{DATA}{doc_id}/span/done-{target_key}")


def body_span_iri(doc_id: str, owner_key: str) -> URIRef:
    """The whole stretch a theme or measure governs (its heading/lead span is span_iri)."""
    return URIRef(f"{DATA}{doc_id}/span/{owner_key}-body")


def mention_iri(doc_id: str, entity_key: str, context_key: str, n: int = 0) -> URIRef:
    """One mention of an entity, named after the words around it, not its rank.

    Numbering mentions 0, 1, 2 ... would rename every later mention when one is
    added earlier in the text; a short hash of the mention's surroundings only
    changes when the text right around it does. `n` separates the rare mentions
    whose surroundings are identical.
    """
    suffix = f"-{n}" if n else ""
    return URIRef(f"{DATA}{doc_id}/span/{entity_key}-m{context_key}{suffix}")


def quantity_iri(figure: URIRef) -> URIRef:
    """The normalised qudt:QuantityValue of a target or result: a named node, not a
    blank node, so that N-Triples and JSON-LD stay byte-stable and queries can address it."""
    return URIRef(f"{figure}/quantity")


def plan_counts_iri(doc_id: str) -> URIRef:
    """The plan's observation of pg:PlanFigureCounts."""
    return URIRef(f"{DATA}{doc_id}/counts")


def theme_kind_counts_iri(doc_id: str, theme: URIRef | None, kind: URIRef) -> URIRef:
    """The plan's observation of pg:ThemeKindTargetCounts for one theme (None: pg:Unthemed)
    and kind: named by the theme IRI's last segment, so it is as stable as the theme's."""
    part = str(theme).rsplit("/", 1)[-1] if theme is not None else "unthemed"
    return URIRef(f"{DATA}{doc_id}/counts/{part}/{str(kind).rsplit('#', 1)[-1].lower()}")


def indicator_scheme_iri() -> URIRef:
    """The SKOS concept scheme of all indicators (shared across documents)."""
    return URIRef(f"{DATA}indicator")


def canonical_indicator_iri(concept_id: str) -> URIRef:
    """A concept of the canonical indicator scheme (graph/data/indicators.tsv): named by
    its id (gdpGrowth), the same in every graph, so that plans meet on it."""
    return URIRef(f"{DATA}concept/indicator/{concept_id}")


def canonical_indicator_scheme_iri() -> URIRef:
    """The canonical indicator scheme (issue 13): one for all plans."""
    return URIRef(f"{DATA}concept/indicator")


def local_id(iri: URIRef | str) -> str:
    """The part after the data base, used as the `id` column of CSV exports.

    >>> local_id(URIRef(DATA + "zhengzhou-2023/target/x-1a2b3c"))
    'zhengzhou-2023/target/x-1a2b3c'
    """
    text = str(iri)
    return text[len(DATA):] if text.startswith(DATA) else text

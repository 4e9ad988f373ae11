"""The output folder of a build: where every file lives, and how to find the graph in one.

Consumes: a folder path. Produces: paths, and what the folder holds (a single build or a
corpus, the corpus manifest's documents and store layout). Nothing here writes: the
writers (graph.export, graph.pipeline, graph.corpus, graph.views ...) ask it where.

A single-document build and a corpus build share one shape:

    <out>/                       a single build        a corpus build
      graph.nt, graph.ttl ...    the graph (RDF_FILES)  -
      targets.csv ... (TABLES)   its tables             all documents' rows, a `doc` column last
      shacl-report.txt/.ttl      its SHACL report       -
      store/                     the pyoxigraph store   the union of the documents
      views/                     its views              the corpus index and comparison pages
      queries/                   the questions' rows    -
      corpus-manifest.json       -                      what was built, with which tool
      corpus.nq, corpus.trig     -                      the dataset: a named graph per document
      reconciliation.csv/.nt, reconciliation/   -       targets against outcomes
      docs/<doc_id>/             -                      each document as a single build's
                                                        graph, tables, report and views

so `OutputFolder(out).doc(doc_id)` is a document's folder with the names of a single build.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# --format names (graph.cli.RDF_FORMATS) -> (file name, rdflib format name)
RDF_FILES: dict[str, tuple[str, str]] = {
    "turtle": ("graph.ttl", "turtle"),
    "json-ld": ("graph.jsonld", "json-ld"),
    "nt": ("graph.nt", "nt"),
    "xml": ("graph.rdf", "xml"),
    "trig": ("graph.trig", "trig"),
    "nquads": ("graph.nq", "nquads"),
}
DEFAULT_FORMATS: tuple[str, ...] = ("turtle", "json-ld", "nt")  # a single build without --format
GRAPH_NT = RDF_FILES["nt"][0]
GRAPH_TTL = RDF_FILES["turtle"][0]
TABLES = ("targets.csv", "results.csv", "actions.csv", "entities.csv", "residue.csv")
REPORT_TXT, REPORT_TTL = "shacl-report.txt", "shacl-report.ttl"
STORE_DIRNAME = "store"
SERVER_STORE_DIRNAME = "server-store"  # `plangraph serve` of a single build: the oxigraph server's copy
VIEWS_DIRNAME = "views"
QUERIES_DIRNAME = "queries"
DOCS_DIRNAME = "docs"
MANIFEST_NAME = "corpus-manifest.json"
MANIFEST_FORMAT = 1
DATASET_FILES = {"nquads": "corpus.nq", "trig": "corpus.trig"}
RECONCILIATION_CSV = "reconciliation.csv"
RECONCILIATION_NT = "reconciliation.nt"
RECONCILIATION_PAGES = "reconciliation"

# Graph files by preference (N-Triples first: the fastest to parse) when graph.nt is not there.
_GRAPH_CANDIDATES = (GRAPH_NT, GRAPH_TTL, "*.nt", "*.ttl")
# Words in the names of RDF files of the folder that are not the plan's graph.
_NOT_THE_GRAPH = ("shacl", "report", "ontology", "shapes", "subgraph")


@dataclass(frozen=True)
class OutputFolder:
    """One build's output folder (a single build, a corpus, or a corpus document's docs/<doc_id>/)."""

    root: Path

    def path(self, name: str) -> Path:
        """A file or folder directly in this folder."""
        return self.root / name

    @property
    def store(self) -> Path:
        """The embedded pyoxigraph store (RocksDB)."""
        return self.root / STORE_DIRNAME

    @property
    def server_store(self) -> Path:
        """The store `plangraph serve` loads a single build's graph into for the oxigraph server."""
        return self.root / SERVER_STORE_DIRNAME

    @property
    def views(self) -> Path:
        return self.root / VIEWS_DIRNAME

    @property
    def queries(self) -> Path:
        """The competency questions' rows and the quality checks (a single build)."""
        return self.root / QUERIES_DIRNAME

    @property
    def graph_nt(self) -> Path:
        return self.root / GRAPH_NT

    def graph(self, fmt: str) -> Path:
        """The graph file of one --format (RDF_FILES)."""
        return self.root / RDF_FILES[fmt][0]

    # -- a corpus build --------------------------------------------------------

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST_NAME

    @property
    def is_corpus(self) -> bool:
        """Whether this folder holds a corpus build (a folder of documents) rather than one document."""
        return self.manifest.exists()

    @property
    def docs(self) -> Path:
        return self.root / DOCS_DIRNAME

    def doc(self, doc_id: str) -> OutputFolder:
        """A corpus document's own folder, laid out as a single build's."""
        return OutputFolder(self.docs / doc_id)

    def dataset_file(self, fmt: str) -> Path:
        """corpus.nq ("nquads") or corpus.trig ("trig")."""
        return self.root / DATASET_FILES[fmt]

    def read_manifest(self) -> dict:
        """The corpus manifest, or an empty one (missing, unreadable or of another format)."""
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}

    def dataset_documents(self, manifest: dict | None = None) -> list[str]:
        """The ids of the documents in the built dataset (from the manifest), in file-name order."""
        docs = (self.read_manifest() if manifest is None else manifest).get("documents") or {}
        return [d for d, e in sorted(docs.items(), key=lambda kv: kv[1].get("file", "")) if e.get("status") == "built"]

    def store_layout(self, manifest: dict | None = None) -> str | None:
        """The corpus store's layout, as its manifest records it (graph.corpus.store_layout)."""
        return store_layout(self.read_manifest() if manifest is None else manifest)

    def doc_graph_bytes(self, doc_id: str) -> bytes:
        """A corpus document's graph.nt: sorted N-Triples lines, each ending in b" .\\n"."""
        data = self.doc(doc_id).graph_nt.read_bytes()
        return data if not data or data.endswith(b"\n") else data + b"\n"

    # -- finding the graph -----------------------------------------------------

    def graph_file(self) -> Path | None:
        """The built graph of a single build: graph.nt, else graph.ttl, else another *.nt or
        *.ttl that is not a report, the shapes or the ontology; None when there is none."""
        for pattern in _GRAPH_CANDIDATES:
            for p in sorted(self.root.glob(pattern)):
                if not any(word in p.name.lower() for word in _NOT_THE_GRAPH):
                    return p
        return None

    def graph_files(self) -> list[Path]:
        """The graph of this folder, else the graph of each subfolder that has one (a folder of
        single builds), in name order; empty when there is none."""
        found = self.graph_file()
        if found is not None:
            return [found]
        if not self.root.is_dir():
            return []
        subs = (OutputFolder(p).graph_file() for p in sorted(self.root.iterdir()) if p.is_dir())
        return [p for p in subs if p is not None]

    def turtle_files(self) -> list[Path]:
        """The built graph as Turtle (what the views read): graph.ttl, else every *.ttl here
        that is not a report, the shapes or the ontology."""
        main = self.root / GRAPH_TTL
        if main.is_file():
            return [main]
        return sorted(p for p in self.root.glob("*.ttl") if not any(word in p.name.lower() for word in _NOT_THE_GRAPH))


def store_layout(manifest: dict) -> str | None:
    """"union" or "graphs" (see graph.corpus.StoreLoader) for the store a manifest records, None
    when it records none. Builds from before the layouts existed always held the named graphs."""
    record = manifest.get("store")
    return record.get("layout", "graphs") if isinstance(record, dict) else None

"""Pages of targets against outcomes (issue 14): a scorecard per jurisdiction and, across a corpus,
met / not met per canonical indicator.

Consumes: rows of reconciliation.csv (graph.reconcile_cli.COLUMNS: one per target of a reconciled
pair, with its jurisdiction and canonical indicator), the status labels of pg:OutcomeStatuses in
ontology/plangraph.ttl and the indicator names of graph/data/indicators.tsv.
Produces: HTML strings (`scorecard_page`, `outcomes_page`), self-contained and offline (styles
inline, no script, no external asset), every text from the data escaped; `write_pages` writes
them atomically: `<dir>/index.html` (the corpus page) and `<dir>/<jurisdiction code>.html` (one
scorecard per jurisdiction), linked both ways.

Pure but for `write_pages` and the two data files read once.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUS_ORDER = ("met", "not_met", "completed_no_figure", "unclear", "not_reported")
# the statuses a reader counts as a verdict on the figure (the corpus page's met / not met)
JUDGED = ("met", "not_met", "completed_no_figure")

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}td.n{text-align:right}
.met{background:#e3f4e1}.not_met{background:#fbe2e0}.completed_no_figure{background:#e6eefb}
.unclear{background:#fdf3d8}.not_reported{color:#777}.quote{max-width:28rem}.note{color:#555;font-size:.9em}
nav a{margin-right:1rem}
"""


def esc(x: object) -> str:
    return html.escape("" if x is None else str(x), quote=True)


@lru_cache(maxsize=1)
def status_labels() -> dict[str, tuple[str, str]]:
    """Status code -> (Chinese, English) label, from pg:OutcomeStatuses in the ontology."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS, SKOS

    g = Graph().parse(ROOT / "ontology" / "plangraph.ttl", format="turtle")
    out: dict[str, tuple[str, str]] = {}
    for concept, notation in g.subject_objects(SKOS.notation):
        labels = {lit.language: str(lit) for lit in g.objects(concept, RDFS.label) if isinstance(lit, Literal)}
        if "zh" in labels and "en" in labels:
            out[str(notation)] = (labels["zh"], labels["en"])
    return {s: out.get(s, (s, s)) for s in STATUS_ORDER}


def indicator_label(concept_id: str) -> str:
    from graph import indicators

    c = indicators.table().concepts.get(concept_id)
    return c.pref_zh if c else concept_id


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def _status_cell(status: str) -> str:
    zh, en = status_labels().get(status, (status, status))
    return f'<td class="{esc(status)}">{esc(zh)} <span class="note">{esc(en)}</span></td>'


def _where(row: Mapping[str, str]) -> str:
    return row.get("jurisdiction") or row.get("jurisdiction_code") or "?"


def page_name(code: str) -> str:
    """The file of a jurisdiction's scorecard: its code (ASCII digits), else a safe stand-in."""
    safe = "".join(c for c in code if c.isascii() and (c.isalnum() or c in "-_"))
    return f"{safe or 'unknown'}.html"


def scorecard_page(rows: Sequence[Mapping[str, str]], corpus_link: str | None = None) -> str:
    """One jurisdiction's scorecard: per plan year the counts of each status, then every target
    with its figure, the outcome the next year's review states, the status and the rule's note."""
    where = _where(rows[0]) if rows else "?"
    title = f"{where} 目标完成情况 · scorecard"
    parts = [f"<h1>{esc(title)}</h1>\n"]
    if corpus_link:
        parts.append(f'<nav><a href="{esc(corpus_link)}">全部辖区 · all jurisdictions</a></nav>\n')
    by_year: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for r in rows:
        by_year[r.get("target_year", "")].append(r)
    for year in sorted(by_year):
        yr = by_year[year]
        counts = Counter(r["status"] for r in yr)
        docs = sorted({(r.get("target_document", ""), r.get("outcome_document", "")) for r in yr})
        parts.append(f"<h2>{esc(year)} 年目标 · targets for {esc(year)}</h2>\n")
        parts.append("<p class=\"note\">" + "; ".join(f"{esc(a)} → {esc(b)}" for a, b in docs)
                     + f" · rule v{esc(yr[0].get('rule_version', ''))}</p>\n")
        parts.append("<table class=\"counts\"><tr>" + "".join(
            f"<th>{esc(status_labels()[s][0])}</th>" for s in STATUS_ORDER) + "<th>合计 total</th></tr>\n<tr>"
            + "".join(f'<td class="n {esc(s)}">{counts.get(s, 0)}</td>' for s in STATUS_ORDER)
            + f'<td class="n">{len(yr)}</td></tr></table>\n')
        parts.append("<table class=\"targets\"><tr><th>指标 indicator</th><th>目标 target</th><th>结果 outcome</th>"
                     "<th>完成情况 status</th><th>说明 note</th></tr>\n")
        for r in sorted(yr, key=lambda r: (STATUS_ORDER.index(r["status"]) if r["status"] in STATUS_ORDER else 9,
                                           int(r.get("target_start") or 0))):
            concept = r.get("indicator") or ""
            name = r.get("metric", "") + (f"（{indicator_label(concept)}）" if concept else "")
            parts.append(f"<tr><td>{esc(name)}</td><td class=\"quote\">{esc(r.get('target_quote'))}</td>"
                         f"<td class=\"quote\">{esc(r.get('outcome_quote'))}</td>{_status_cell(r['status'])}"
                         f"<td class=\"note\">{esc(r.get('note'))}</td></tr>\n")
        parts.append("</table>\n")
    return _page(title, "".join(parts))


def outcomes_page(rows: Sequence[Mapping[str, str]], links: Mapping[str, str] | None = None) -> str:
    """Across the corpus: per canonical indicator, how many jurisdictions met it, did not, … and
    which, with a link to each one's scorecard (`links`: jurisdiction code -> page)."""
    links = links or {}
    title = "各指标目标完成情况 · targets met per indicator"
    cells: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if not r.get("indicator"):
            continue
        cells[r["indicator"]][r["status"]].append((_where(r), r.get("jurisdiction_code", ""), r.get("target_year", "")))
    body = [f"<h1>{esc(title)}</h1>\n",
            "<p class=\"note\">One row per canonical indicator (graph/data/indicators.tsv) with a reconciled "
            "target; each cell lists the jurisdictions and plan years with that status.</p>\n",
            "<table><tr><th>指标 indicator</th>" + "".join(
                f"<th>{esc(status_labels()[s][0])} {esc(status_labels()[s][1])}</th>" for s in STATUS_ORDER)
            + "</tr>\n"]

    def cell(items: Iterable[tuple[str, str, str]]) -> str:
        out = []
        for where, code, year in sorted(set(items), key=lambda x: (x[1], x[2], x[0])):
            label = f"{where} {year}"
            page = links.get(code)
            out.append(f'<a href="{esc(page)}">{esc(label)}</a>' if page else esc(label))
        return "<br>".join(out)

    judged = {c: sum(len(v[s]) for s in JUDGED) for c, v in cells.items()}
    for concept in sorted(cells, key=lambda c: (-judged[c], c)):
        body.append(f"<tr><td>{esc(indicator_label(concept))} <span class=\"note\">{esc(concept)}</span></td>"
                    + "".join(f'<td class="{esc(s) if cells[concept][s] else ""}">{cell(cells[concept][s])}</td>'
                              for s in STATUS_ORDER)
                    + "</tr>\n")
    body.append("</table>\n")
    if links:
        body.append("<h2>辖区 · jurisdictions</h2>\n<nav>" + "".join(
            f'<a href="{esc(page)}">{esc(name)}</a>' for name, page in sorted(_names(rows, links).items()))
            + "</nav>\n")
    return _page(title, "".join(body))


def _names(rows: Sequence[Mapping[str, str]], links: Mapping[str, str]) -> dict[str, str]:
    return {_where(r): links[r["jurisdiction_code"]] for r in rows if r.get("jurisdiction_code") in links}


def write_pages(folder: Path, rows: Sequence[Mapping[str, str]]) -> list[Path]:
    """index.html (the corpus page) and one scorecard per jurisdiction code into `folder`."""
    from graph.export import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    by_code: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for r in rows:
        by_code[r.get("jurisdiction_code") or ""].append(r)
    links = {code: page_name(code) for code in by_code}
    written = [write_atomic(folder / page_name(code), scorecard_page(rs, corpus_link="index.html"))
               for code, rs in sorted(by_code.items())]
    written.append(write_atomic(folder / "index.html", outcomes_page(rows, links)))
    for old in folder.glob("*.html"):  # a jurisdiction no longer in the corpus
        if old not in written:
            old.unlink()
    return written


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a reconciliation.csv (UTF-8 with a BOM)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))

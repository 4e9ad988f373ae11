#!/usr/bin/env python3
"""Cross-plan questions at corpus scale (issue 13): every `# scope: corpus` query of the library
on pyoxigraph against rdflib on the same data, and the same question as DuckDB and pandas over
the build's combined CSVs (what a user would otherwise write); the corpus build's time; the
corpus views' time.

Usage (after `pip install -e ".[bench]"`):

    python bench/cross_plan_bench.py --size 1000 --rdflib-size 100 --build
    python bench/cross_plan_bench.py --size 1000 --rdflib-size 100          # the builds already there

The corpora are bench/out/corpus-N (generate_corpus.py), built into bench/out/build-N with
`build.py --source DIR --force --jobs 2 --no-views -q` (the views are timed on their own).
rdflib is given the union of the documents' graph.nt files of the --rdflib-size build (at 1,000
documents it would need about 10 minutes and tens of GB just to parse), and pyoxigraph is timed on
that build too, so the ratio compares the same data. Medians of --runs runs (one run past 5 s).
Prints the tables and writes bench/out/cross-plan-bench.json.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus_bench import OUT, PYTHON, ensure_corpus, run_measured, table  # noqa: E402

# The parameters asked at scale: the GDP growth rate (every plan states one) and a regional
# strategy the real reports share (长江经济带); the headers' examples are about the example plan.
PARAMS = {"indicator-across-plans": {"indicator": "gdpGrowth"},
          "entity-across-plans": {"entityLabel": "长江经济带"}}


class Timeout(BaseException):  # not an Exception: the stores wrap those
    pass


def _alarm(*_: object) -> None:
    raise Timeout()


def median_ms(fn: Callable[[], int], runs: int, timeout: int) -> dict:
    """Median wall time of fn() in ms over `runs` (one run past 5 s), capped at `timeout` s."""
    signal.signal(signal.SIGALRM, _alarm)
    times, rows = [], 0
    try:
        for _ in range(runs):
            signal.alarm(timeout)
            t0 = time.perf_counter()
            rows = fn()
            times.append(time.perf_counter() - t0)
            signal.alarm(0)
            if times[-1] > 5:
                break
    except Timeout:
        return {"error": f">{timeout} s"}
    finally:
        signal.alarm(0)
    return {"median": statistics.median(times) * 1000, "runs": len(times), "rows": rows}


def cross_plan_queries() -> list:  # type: ignore[type-arg]
    from graph.query import discover

    return [q for q in discover() if q.cross_plan]


def build(n: int, jobs: int) -> dict:
    src, out = ensure_corpus(n), OUT / f"build-{n}"
    res = run_measured([PYTHON, str(ROOT / "build.py"), "--source", str(src), "--out", str(out), "--force",
                        "--jobs", str(jobs), "--no-views", "-q"])
    if res["code"] not in (0, 1):
        raise SystemExit(f"build of {n} documents failed:\n{res['stderr'][-2000:]}")
    return {"wall": res["wall"], "cpu": res["cpu"], "peak_gb": res["peak_rss"] / 2**30,
            "summary": res["stdout"].strip().splitlines()[-1] if res["stdout"].strip() else ""}


def oxigraph_times(out: Path, runs: int, timeout: int) -> dict:
    from graph.query import open_store, run_library_query

    t0 = time.perf_counter()
    store = open_store(out)
    result = {"(opening the store)": {"median": (time.perf_counter() - t0) * 1000, "runs": 1, "rows": 0}}
    for q in cross_plan_queries():
        params = PARAMS.get(q.name, {})
        result[q.name] = median_ms(lambda q=q, params=params: len(run_library_query(store, q, params).rows),
                                   runs, timeout)
    return result


def rdflib_times(out: Path, runs: int, timeout: int) -> dict:
    from rdflib import Graph

    from graph.corpus import dataset_documents
    from graph.query import run_library_query
    from graph.store import RdflibStore

    t0 = time.perf_counter()
    g = Graph()
    for doc_id in dataset_documents(out):
        g.parse(str(out / "docs" / doc_id / "graph.nt"), format="nt")
    result = {"(parsing the union)": {"median": (time.perf_counter() - t0) * 1000, "runs": 1, "rows": len(g)}}
    store = RdflibStore(g)
    for q in cross_plan_queries():
        params = PARAMS.get(q.name, {})
        result[q.name] = median_ms(lambda q=q, params=params: len(run_library_query(store, q, params).rows),
                                   runs, timeout)
    return result


# -- the same questions over the CSVs -------------------------------------------------------
# What the CSVs can answer: they carry the document id but not the plan's jurisdiction, level or
# year, nor the themes an entity is named in; those columns are missing from these rows.

SQL = {
    "indicator-across-plans": """
        SELECT doc, 'target' AS role, year, metric, value, value_max, unit, comparator, direction,
               CAST(aspirational AS VARCHAR) AS aspirational, quote, start
        FROM targets WHERE canonical_indicator = $indicator
        UNION ALL
        SELECT doc, 'result', year, metric, value, value_max, unit, comparator, direction, NULL, quote, start
        FROM results WHERE canonical_indicator = $indicator
        ORDER BY doc, role, start""",
    "plan-profile": """
        WITH f AS (SELECT doc, 'target' AS role, canonical_indicator, direction FROM targets
                   UNION ALL SELECT doc, 'result', canonical_indicator, direction FROM results)
        SELECT doc, count(*) FILTER (WHERE role = 'target') AS targets,
               count(*) FILTER (WHERE role = 'result') AS results,
               count(canonical_indicator) AS matched, count(DISTINCT canonical_indicator) AS indicators,
               count(*) FILTER (WHERE direction = 'decrease') AS decreases
        FROM f GROUP BY doc ORDER BY doc""",
    "entity-across-plans": """
        SELECT doc, label, type, mentions, start FROM entities
        WHERE label = $entityLabel OR list_contains(string_split(coalesce(aliases, ''), '|'), $entityLabel)
        ORDER BY doc""",
    "targets-by-theme-and-kind": """
        SELECT doc, theme, kind, count(*) AS targets,
               sum(CASE WHEN CAST(aspirational AS VARCHAR) = 'true' THEN 1 ELSE 0 END) AS aspirational
        FROM targets GROUP BY doc, theme, kind ORDER BY doc, theme, kind""",
}
CSV_TABLES = ("targets", "results", "entities")


def duckdb_times(out: Path, runs: int, timeout: int) -> tuple[dict, dict]:
    """(DuckDB reading the CSVs in every query, DuckDB on the tables loaded once)."""
    import duckdb

    def read(name: str) -> str:
        path = str(out / f"{name}.csv").replace("'", "''")
        return f"read_csv('{path}', header = true, all_varchar = false)"

    from_csv, in_memory = {}, {}
    # views re-read their CSV at every query: what a one-off query over the files costs
    files = duckdb.connect()
    for name in CSV_TABLES:
        files.execute(f"CREATE VIEW {name} AS SELECT * FROM {read(name)}")
    for q in cross_plan_queries():
        sql = SQL[q.name]
        params = {k: v for k, v in PARAMS.get(q.name, {}).items() if f"${k}" in sql}
        from_csv[q.name] = median_ms(lambda sql=sql, params=params: len(files.execute(sql, params).fetchall()),
                                     runs, timeout)
    con = duckdb.connect()
    t0 = time.perf_counter()
    for name in CSV_TABLES:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {read(name)}")
    in_memory["(loading the CSVs)"] = {"median": (time.perf_counter() - t0) * 1000, "runs": 1, "rows": 0}
    for q in cross_plan_queries():
        sql = SQL[q.name]
        params = {k: v for k, v in PARAMS.get(q.name, {}).items() if f"${k}" in sql}
        in_memory[q.name] = median_ms(lambda sql=sql, params=params: len(con.execute(sql, params).fetchall()),
                                      runs, timeout)
    return from_csv, in_memory


def pandas_times(out: Path, runs: int, timeout: int) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    frames = {name: pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig", dtype={"aspirational": "string"})
              for name in CSV_TABLES}
    result = {"(loading the CSVs)": {"median": (time.perf_counter() - t0) * 1000, "runs": 1, "rows": 0}}
    t, r, e = frames["targets"], frames["results"], frames["entities"]

    def indicator() -> int:
        want = PARAMS["indicator-across-plans"]["indicator"]
        rows = pd.concat([t[t.canonical_indicator == want].assign(role="target"),
                          r[r.canonical_indicator == want].assign(role="result")])
        return len(rows.sort_values(["doc", "role", "start"]))

    def profile() -> int:
        f = pd.concat([t[["doc", "canonical_indicator", "direction"]].assign(role="target"),
                       r[["doc", "canonical_indicator", "direction"]].assign(role="result")])
        g = f.groupby("doc").agg(targets=("role", lambda s: int((s == "target").sum())),
                                 results=("role", lambda s: int((s == "result").sum())),
                                 matched=("canonical_indicator", "count"),
                                 indicators=("canonical_indicator", "nunique"),
                                 decreases=("direction", lambda s: int((s == "decrease").sum())))
        return len(g)

    def entity() -> int:
        want = PARAMS["entity-across-plans"]["entityLabel"]
        hit = (e.label == want) | e.aliases.fillna("").str.split("|").apply(lambda a: want in a)
        return len(e[hit].sort_values("doc"))

    def by_theme_and_kind() -> int:
        g = t.assign(asp=(t.aspirational == "true").astype(int)).groupby(["doc", "theme", "kind"], dropna=False)
        return len(g.agg(targets=("asp", "size"), aspirational=("asp", "sum")))

    fns = {"indicator-across-plans": indicator, "plan-profile": profile, "entity-across-plans": entity,
           "targets-by-theme-and-kind": by_theme_and_kind}
    for q in cross_plan_queries():
        result[q.name] = median_ms(fns[q.name], runs, timeout)
    return result


def views_times(out: Path, sample: int) -> dict:
    """The corpus views (index and comparison pages) written once, and the plans' own views of
    `sample` documents (what each worker adds per document with views on), in seconds."""
    from rdflib import Graph

    from graph.corpus import dataset_documents
    from graph.corpus_views import render_corpus_views
    from graph.views import render_views

    t0 = time.perf_counter()
    pages = render_corpus_views(out)
    corpus_s = time.perf_counter() - t0
    ids = dataset_documents(out)
    step = max(1, len(ids) // sample)
    per_doc = []
    scratch = OUT / "views-sample"
    for doc_id in ids[::step][:sample]:
        g = Graph().parse(str(out / "docs" / doc_id / "graph.nt"), format="nt")
        t0 = time.perf_counter()
        render_views(g, scratch / doc_id)
        per_doc.append(time.perf_counter() - t0)
    return {"corpus_views_s": corpus_s, "corpus_pages": len(pages),
            "plan_views_s_per_doc": statistics.median(per_doc), "plan_views_sample": len(per_doc)}


def fmt(r: dict | None) -> str:
    if r is None:
        return "-"
    if "error" in r:
        return r["error"]
    return f"{r['median']:,.1f}" if r["median"] < 100 else f"{r['median']:,.0f}"


def ratio(a: dict | None, b: dict | None) -> str:
    if not a or not b or "error" in a:
        return "-"
    slow = float(b["error"].strip(">s ")) * 1000 if "error" in b else b["median"]
    return ("≥" if "error" in b else "") + f"{slow / max(a['median'], 0.01):,.0f}x"


def report(res: dict) -> str:
    n, m = res["size"], res["rdflib_size"]
    out = []
    if res.get("build"):
        b = res["build"]
        out.append(table(f"Corpus build of {n} documents (build.py --force --jobs 2 --no-views)",
                         ["docs", "wall s", "CPU s", "peak GB", "summary"],
                         [[str(n), f"{b['wall']:.1f}", f"{b['cpu']:.0f}", f"{b['peak_gb']:.2f}", b["summary"][-90:]]]))
    names = ["(opening the store)", "(parsing the union)", "(loading the CSVs)"] + [q.name for q in cross_plan_queries()]
    ox_n, ox_m, rl = res["ox"], res["ox_small"], res["rdflib"]
    dc, dm, pdx = res["duckdb_csv"], res["duckdb_mem"], res["pandas"]
    rows = []
    for name in names:
        rows.append([name, fmt(ox_n.get(name)), str(ox_n.get(name, {}).get("rows", "")) if name[0] != "(" else "",
                     fmt(ox_m.get(name)), fmt(rl.get(name)), ratio(ox_m.get(name), rl.get(name)) if name[0] != "(" else "",
                     fmt(dc.get(name)), fmt(dm.get(name)), fmt(pdx.get(name)),
                     str(dm.get(name, {}).get("rows", "")) if name[0] != "(" else ""])
    out.append(table(
        f"Cross-plan questions, median of {res['runs']}, ms: pyoxigraph on the {n}-document store and on the "
        f"{m}-document one, rdflib in memory on the {m}-document union (the largest size given it), and the same "
        f"question over the {n}-document build's CSVs with DuckDB (reading the files in the query; on tables "
        "loaded once) and pandas (frames loaded once). The CSV rows lack the plan's jurisdiction, level and year",
        ["question", f"ox {n}", f"rows {n}", f"ox {m}", f"rdflib {m}", f"rdflib/ox {m}",
         f"duckdb csv {n}", f"duckdb mem {n}", f"pandas {n}", f"csv rows {n}"], rows))
    if res.get("views"):
        v = res["views"]
        est = v["plan_views_s_per_doc"] * n / 2
        out.append(table("Views (seconds)", ["corpus views (index + comparison pages)", "pages",
                                              "plan views per document (median)", "sample",
                                              f"est. for {n} docs on 2 workers"],
                         [[f"{v['corpus_views_s']:.1f}", str(v["corpus_pages"]), f"{v['plan_views_s_per_doc']:.2f}",
                           str(v["plan_views_sample"]), f"{est:.0f}"]]))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rdflib-size", type=int, default=100,
                        help="the build rdflib is given (and pyoxigraph beside it)")
    parser.add_argument("--build", action="store_true",
                        help="build the --size corpus first (timed), and --rdflib-size if missing")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per query")
    parser.add_argument("--views-sample", type=int, default=10, help="documents whose own views are timed")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args(argv)
    path = OUT / "cross-plan-bench.json"
    if args.report_only:
        print(report(json.loads(path.read_text(encoding="utf-8"))))
        return 0
    big, small = OUT / f"build-{args.size}", OUT / f"build-{args.rdflib_size}"
    res: dict = {"size": args.size, "rdflib_size": args.rdflib_size, "runs": args.runs}
    if args.build:
        print(f"building {args.size} documents …", file=sys.stderr)
        res["build"] = build(args.size, args.jobs)
        if not (small / "store").is_dir():
            build(args.rdflib_size, args.jobs)
    for out in (big, small):
        if not (out / "store").is_dir():
            raise SystemExit(f"{out} has no store: run with --build")
    print("pyoxigraph …", file=sys.stderr)
    res["ox"] = oxigraph_times(big, args.runs, args.timeout)
    res["ox_small"] = oxigraph_times(small, args.runs, args.timeout)
    print("DuckDB and pandas …", file=sys.stderr)
    res["duckdb_csv"], res["duckdb_mem"] = duckdb_times(big, args.runs, args.timeout)
    res["pandas"] = pandas_times(big, args.runs, args.timeout)
    print(f"rdflib on {args.rdflib_size} documents …", file=sys.stderr)
    res["rdflib"] = rdflib_times(small, args.runs, args.timeout)
    if args.views_sample:
        print("views …", file=sys.stderr)
        res["views"] = views_times(big, args.views_sample)
    path.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())

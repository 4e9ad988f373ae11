#!/usr/bin/env python3
"""Corpus benchmark: how the cost of a corpus build and its queries grows with the corpus.

Run by hand (never a test):

    .venv/bin/python bench/corpus_bench.py [--sizes 10 100 1000] [--jobs 2]

For each size it generates a corpus with bench/generate_corpus.py (the 22 real
reports and the example first, derived documents after) into
bench/out/corpus-N/, builds it with `build.py --source` into
bench/out/build-N/ (--force, so every document is built), and measures in the
same run:

- the build end to end: wall time, CPU time, peak memory of the whole process
  tree (sampled from /proc every 0.2 s), and time per document (linearity);
- extraction characters per second (per core, from the workers' timings);
- triples per second into N-Quads (the build's own writer) and into Turtle
  (rdflib's sorting serialiser, on a sample of documents);
- SHACL validation: the SPARQL path per document in a pool of --jobs workers,
  against one pyshacl pass over the union (measured up to --pyshacl-max
  documents, extrapolated linearly per triple beyond); at the measured sizes
  the two result sets are compared;
- query latency, median of 5, for every file in queries/: pyoxigraph on the
  build's store (default graph = the union, materialised), the same store with
  `use_default_graph_as_union` (the union of the named graphs at query time),
  and rdflib in memory on the union (up to --rdflib-max documents). Each pyoxigraph query runs in its own
  process with a time and memory cap, since a few library queries explode on
  big unions.

Prints one table per topic and writes everything to bench/out/corpus-bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable

# -- process tree memory ------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        todo += _children(p)
    return total


def run_measured(cmd: list[str], env: dict | None = None) -> dict:
    """Run a command; wall time, CPU of the tree, peak RSS of the tree (sampled)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.2)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"code": proc.returncode, "wall": wall, "cpu": cpu, "peak_rss": peak,
            "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}


# -- corpus and build --------------------------------------------------------------


def ensure_corpus(n: int) -> Path:
    folder = OUT / f"corpus-{n}"
    if not folder.is_dir() or len(list(folder.glob("*.txt"))) != n:
        subprocess.run([PYTHON, str(ROOT / "bench" / "generate_corpus.py"), "--count", str(n), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def build(n: int, jobs: int) -> tuple[Path, dict]:
    src, out = ensure_corpus(n), OUT / f"build-{n}"
    # --no-views: the plans' own views and the corpus pages are timed by cross_plan_bench.py
    res = run_measured([PYTHON, str(ROOT / "build.py"), "--source", str(src), "--out", str(out), "--force",
                        "--jobs", str(jobs), "--no-views", "-q"])
    if res["code"] not in (0, 1):
        raise SystemExit(f"build of {n} documents failed:\n{res['stderr'][-2000:]}")
    return out, res


def manifest(out: Path) -> dict:
    return json.loads((out / "corpus-manifest.json").read_text(encoding="utf-8"))


def dataset_ids(out: Path) -> list[str]:
    from graph.corpus import dataset_documents

    return dataset_documents(out)


# -- serialisation ------------------------------------------------------------------


def _parse_nt(path: Path, store: str = "default"):
    from rdflib import Graph

    g = Graph(store=store)
    g.parse(str(path), format="nt")
    return g


def turtle_rate(out: Path, ids: list[str], sample: int = 20) -> float:
    """Triples per second through rdflib's Turtle serialiser, on up to `sample` documents."""
    triples, seconds = 0, 0.0
    for doc_id in ids[:sample]:
        g = _parse_nt(out / "docs" / doc_id / "graph.nt")
        t0 = time.perf_counter()
        g.serialize(format="turtle")
        seconds += time.perf_counter() - t0
        triples += len(g)
    return triples / seconds


def nquads_rate(out: Path, m: dict) -> tuple[float, float]:
    """(triples/s of the per-document N-Triples writer, triples/s of the N-Quads/TriG concatenation)."""
    from graph.corpus import DocSummary, write_dataset

    docs = [DocSummary(doc_id=d, **{k: v for k, v in e.items() if k in DocSummary.__dataclass_fields__})
            for d, e in sorted(m["documents"].items(), key=lambda kv: kv[1]["file"]) if e["status"] == "built"]
    triples = sum(d.triples for d in docs)
    writer = triples / sum(d.timings.get("serialize", 0.0) for d in docs)
    t0 = time.perf_counter()
    write_dataset(out, docs)
    return writer, triples / (time.perf_counter() - t0)


# -- validation ---------------------------------------------------------------------


def _validate_one(path: str) -> tuple[float, float, list[tuple[str, ...]]]:
    from graph.fastcheck import result_key, validate_fast

    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    g = _parse_nt(Path(path), store="SimpleMemory")
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    outcome = validate_fast(g, ntriples=data)
    seconds = time.perf_counter() - t0
    return parse, seconds, [result_key(f.focus, f.path, f.component, f.severity, f.shape) for f in outcome.findings]


def fast_validation(out: Path, ids: list[str], jobs: int) -> dict:
    """The SPARQL path per document in a pool: wall of the pool, and validation seconds alone."""
    paths = [str(out / "docs" / d / "graph.nt") for d in ids]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_validate_one, paths, chunksize=4))
    wall = time.perf_counter() - t0
    parse = sum(r[0] for r in results)
    validate = sum(r[1] for r in results)
    keys = {k for r in results for k in r[2]}
    return {"pool_wall": wall, "validate_cpu": validate, "parse_cpu": parse,
            "validate_wall_est": validate / jobs, "keys": keys}


def union_graph(out: Path, ids: list[str]):
    """The union of the documents' graphs in one rdflib Graph (only for the small sizes)."""
    from rdflib import Graph

    g = Graph()
    for doc_id in ids:
        g.parse(str(out / "docs" / doc_id / "graph.nt"), format="nt")
    return g


def pyshacl_union(g) -> tuple[float, set]:
    from graph.fastcheck import result_key
    from graph.validate import validate

    outcome = validate(g)
    return outcome.seconds, {result_key(f.focus, f.path, f.component, f.severity, f.shape) for f in outcome.findings}


# -- queries ------------------------------------------------------------------------

_OX_QUERY = r"""
import json, statistics, sys, time
sys.path.insert(0, {root!r})
from graph.query import discover, run_library_query
from graph.store import OxigraphStore
import pyoxigraph as ox
info = next(q for q in discover() if q.kind + "/" + q.name == {name!r})
raw = ox.Store.read_only({store!r})
class Union:  # the named graphs' union as pyoxigraph computes it at query time
    def query(self, text, **kw):
        return raw.query(text, use_default_graph_as_union=True, **kw)
store = OxigraphStore(Union() if {union!r} else raw)
times = []
for i in range(5):
    t0 = time.perf_counter(); rows = len(run_library_query(store, info).rows); times.append(time.perf_counter() - t0)
    if times[-1] > 5: break
print(json.dumps({{"median": statistics.median(times), "runs": len(times), "rows": rows}}))
"""


def oxigraph_query(store: Path, name: str, union: bool, timeout: float, mem_gb: float) -> dict:
    """One library query in its own process, median of 5 (1 run past 5 s), capped in time and memory."""
    code = _OX_QUERY.format(root=str(ROOT), name=name, store=str(store), union=union)

    def limit() -> None:
        cap = int(mem_gb * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    try:
        proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return {"error": f">{timeout:.0f} s"}
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": "out of memory" if "memory" in tail.lower() or proc.returncode < 0 else tail[:60]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


_RDFLIB_QUERIES = r"""
import json, signal, statistics, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from rdflib import Graph
from graph.query import discover, run_library_query
from graph.store import RdflibStore
g = Graph()
for p in {paths!r}:
    g.parse(p, format="nt")
store = RdflibStore(g)
class Timeout(BaseException): pass  # not an Exception: the store wraps those
def alarm(*_): raise Timeout()
signal.signal(signal.SIGALRM, alarm)
out = {{}}
for info in discover():
    times = []
    try:
        for i in range(5):
            signal.alarm({timeout})
            t0 = time.perf_counter(); rows = len(run_library_query(store, info).rows); times.append(time.perf_counter() - t0)
            signal.alarm(0)
            if times[-1] > 5: break
        out[info.kind + "/" + info.name] = {{"median": statistics.median(times), "runs": len(times), "rows": rows}}
    except Timeout:
        out[info.kind + "/" + info.name] = {{"error": ">{timeout} s"}}
print(json.dumps(out))
"""


def rdflib_queries(out: Path, ids: list[str], timeout: int) -> dict:
    paths = [str(out / "docs" / d / "graph.nt") for d in ids]
    proc = subprocess.run([PYTHON, "-c", _RDFLIB_QUERIES.format(root=str(ROOT), paths=paths, timeout=timeout)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"rdflib queries failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


_PLAN_QUERIES = r"""
import json, signal, statistics, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from graph.query import discover, open_store, run_library_query
class Timeout(BaseException): pass  # not an Exception: the stores wrap those
def alarm(*_): raise Timeout()
signal.signal(signal.SIGALRM, alarm)
engine, out, plans = {engine!r}, Path({out!r}), {plans!r}
# what `plangraph query --plan` opens: the plan's named graph in the store (--store graphs) or its
# graph.nt loaded into memory (pyoxigraph), or parsed by rdflib: the smallest job rdflib could be given
stores, opening = {{}}, []
for p in plans:
    for i in range(5):
        t0 = time.perf_counter(); stores[p] = open_store(out, engine, plan=p); opening.append(time.perf_counter() - t0)
result = {{"_open": {{"median": statistics.median(opening), "max": max(opening), "rows": 0, "plans": len(plans)}}}}
for info in discover():
    per_plan, rows = [], 0
    try:
        for p in plans:
            times = []
            for i in range(5):
                signal.alarm({timeout})
                t0 = time.perf_counter(); n = len(run_library_query(stores[p], info).rows)
                times.append(time.perf_counter() - t0)
                signal.alarm(0)
                if times[-1] > 5: break
            per_plan.append(statistics.median(times)); rows += n
        result[info.kind + "/" + info.name] = {{"median": statistics.median(per_plan), "max": max(per_plan),
                                                "rows": rows, "plans": len(plans)}}
    except Timeout:
        result[info.kind + "/" + info.name] = {{"error": ">{timeout} s"}}
print(json.dumps(result))
"""


def plan_sample(out: Path, ids: list[str], k: int = 5) -> list[str]:
    """The plans the per-plan questions are asked about: the example (the queries' header examples
    name its places and people) and the largest real reports (by triples), not derived documents."""
    m = manifest(out)["documents"]
    real = sorted((d for d in ids if not d.startswith("gen-") and d != "zhengzhou-2023"),
                  key=lambda d: (-m[d]["triples"], d))
    return (["zhengzhou-2023"] if "zhengzhou-2023" in ids else []) + real[: k - 1]


def plan_queries(out: Path, plans: list[str], engine: str, timeout: int) -> dict:
    """Every library query about each plan in `plans` (--plan): per query the median over the
    plans of each plan's median of 5, and the slowest plan's."""
    code = _PLAN_QUERIES.format(root=str(ROOT), engine=engine, out=str(out), plans=plans, timeout=timeout)
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"per-plan queries ({engine}) failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- reporting ----------------------------------------------------------------------


def fmt_ms(r: dict | None) -> str:
    if not r:
        return "-"
    if "error" in r:
        return r["error"]
    return f"{r['median'] * 1000:,.0f}"


def fmt_ms1(r: dict | None, key: str = "median") -> str:
    """Milliseconds with one decimal (per-plan questions take a few)."""
    if not r:
        return "-"
    if "error" in r:
        return r["error"]
    return f"{r[key] * 1000:,.1f}"


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([title, line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--pyshacl-max", type=int, default=100, help="largest corpus for the pyshacl union pass")
    parser.add_argument("--rdflib-max", type=int, default=100, help="largest corpus for rdflib queries")
    parser.add_argument("--union-max", type=int, default=100,
                        help="largest corpus for the query-time union mode (past it most queries hit the caps)")
    parser.add_argument("--query-timeout", type=float, default=120.0, help="seconds per pyoxigraph query process")
    parser.add_argument("--query-memory", type=float, default=6.0, help="GB of address space per query process")
    parser.add_argument("--report-only", action="store_true", help="print the table of bench/out/corpus-bench.json")
    parser.add_argument("--plans-only", action="store_true",
                        help="with --queries-only: measure only the questions about one plan (--plan) again")
    parser.add_argument("--queries-only", action="store_true",
                        help="measure only the queries again, on the builds of an earlier run (after a query change)")
    args = parser.parse_args(argv)
    from graph.query import discover

    names = [f"{q.kind}/{q.name}" for q in discover()]
    if args.report_only:
        print(report(json.loads((OUT / "corpus-bench.json").read_text(encoding="utf-8")), names))
        return 0
    saved = OUT / "corpus-bench.json"
    # sizes measured before and not asked for again stay in the table
    results: dict[str, dict] = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    for n in args.sizes:
        if args.queries_only:
            if str(n) not in results:
                raise SystemExit(f"no earlier run of {n} documents in {saved}")
            print(f"== {n} documents: queries again ...", file=sys.stderr, flush=True)
            r = results[str(n)]
            ids = dataset_ids(OUT / f"build-{n}")
            old = r.get("queries", {})
            r["queries"] = measure_queries(OUT / f"build-{n}", ids, n, names, args)
            for name, engines in old.items():  # engines not measured again keep their figures
                for engine, figure in engines.items():
                    r["queries"].setdefault(name, {}).setdefault(engine, figure)
            (OUT / "corpus-bench.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
            continue
        print(f"== {n} documents: building ...", file=sys.stderr, flush=True)
        out, res = build(n, args.jobs)
        m = manifest(out)
        ids = dataset_ids(out)
        docs = [m["documents"][d] for d in ids]
        r: dict = {"documents": n, "in_dataset": len(ids), "triples": sum(d["triples"] for d in docs),
                   "chars": sum(d["chars"] for d in docs), "build_wall": res["wall"], "build_cpu": res["cpu"],
                   "peak_rss": res["peak_rss"], "exit": res["code"]}
        stage = {}
        for d in docs:
            for k, v in d["timings"].items():
                stage[k] = stage.get(k, 0.0) + v
        r["stages"] = stage
        r["extract_chars_per_s"] = r["chars"] / stage["extract"]
        print(f"   built in {res['wall']:.0f} s; serialisation rates ...", file=sys.stderr, flush=True)
        r["nt_writer_triples_per_s"], r["nquads_concat_triples_per_s"] = nquads_rate(out, m)
        r["turtle_triples_per_s"] = turtle_rate(out, ids)
        print("   validation ...", file=sys.stderr, flush=True)
        fast = fast_validation(out, ids, args.jobs)
        r["fast_validation"] = {k: v for k, v in fast.items() if k != "keys"}
        if n <= args.pyshacl_max:
            from graph.fastcheck import result_key, validate_fast

            g = union_graph(out, ids)
            seconds, keys = pyshacl_union(g)
            sparql_union = validate_fast(g)
            union_keys = {result_key(f.focus, f.path, f.component, f.severity, f.shape) for f in sparql_union.findings}
            # per document and over the union differ only where another document completes a
            # shared entity (a project with no place here has one there)
            r["pyshacl_union"] = {"seconds": seconds, "measured": True, "results": len(keys),
                                  "same_results": keys == union_keys, "sparql_union_seconds": sparql_union.seconds,
                                  "per_document_only": len(fast["keys"] - keys), "union_only": len(keys - fast["keys"])}
            del g
        else:
            base = max((x for x in results.values() if x.get("pyshacl_union", {}).get("measured")),
                       key=lambda x: x["triples"], default=None)
            if base:
                per = base["pyshacl_union"]["seconds"] / base["triples"]
                r["pyshacl_union"] = {"seconds": per * r["triples"], "measured": False,
                                      "from": base["documents"]}
        r["queries"] = measure_queries(out, ids, n, names, args)
        results[str(n)] = r
        results = {k: results[k] for k in sorted(results, key=int)}
        (OUT / "corpus-bench.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")

    print(report(results, names))
    return 0


def measure_queries(out: Path, ids: list[str], n: int, names: list[str], args: argparse.Namespace) -> dict:
    """Every library query on the build's store (and in union mode, and on rdflib, up to their sizes)."""
    print("   queries (pyoxigraph) ...", file=sys.stderr, flush=True)
    store = out / "store"
    queries: dict[str, dict] = {}
    named_graphs = (manifest(out).get("store") or {}).get("layout", "graphs") == "graphs"
    for name in names:
        if args.plans_only:
            continue
        queries[name] = {"default": oxigraph_query(store, name, False, args.query_timeout, args.query_memory)}
        if n <= args.union_max and named_graphs:  # a union-only store has no named graphs to unite
            queries[name]["union"] = oxigraph_query(store, name, True, args.query_timeout, args.query_memory)
    if n <= args.rdflib_max and not args.plans_only:
        print("   queries (rdflib) ...", file=sys.stderr, flush=True)
        for name, v in rdflib_queries(out, ids, int(args.query_timeout)).items():
            queries.setdefault(name, {})["rdflib"] = v
    plans = plan_sample(out, ids)
    print(f"   questions about one plan ({', '.join(plans)}) ...", file=sys.stderr, flush=True)
    for engine, key in (("oxigraph", "plan"), ("rdflib", "rdflib_plan")):
        for name, v in plan_queries(out, plans, engine, int(args.query_timeout)).items():
            queries.setdefault(name, {})[key] = v
    return queries


def report(results: dict, names: list[str]) -> str:
    sizes = list(results)
    rows = []
    first = None
    for s in sizes:
        r = results[s]
        per_doc = r["build_wall"] / r["documents"]
        first = first or per_doc
        fv = r["fast_validation"]
        py = r.get("pyshacl_union") or {}
        rows.append([
            s, f"{r['in_dataset']}", f"{r['triples']:,}", f"{r['build_wall']:.1f}", f"{r['build_cpu']:.0f}",
            f"{per_doc:.3f} ({per_doc / first:.2f}x)", f"{r['peak_rss'] / 2**30:.2f}",
            f"{r['extract_chars_per_s']:,.0f}", f"{r['nt_writer_triples_per_s']:,.0f}",
            f"{r['nquads_concat_triples_per_s']:,.0f}", f"{r['turtle_triples_per_s']:,.0f}",
            f"{fv['validate_wall_est']:.1f} / {fv['pool_wall']:.1f}",
            (f"{py['seconds']:.0f}" + ("" if py.get("measured") else f" (extrap. from {py.get('from')})")) if py else "-",
            (f"{py['seconds'] / fv['validate_wall_est']:.0f}x" if py else "-"),
            (f"{py['same_results']} (per-doc +{py['per_document_only']}/-{py['union_only']})"
             if "same_results" in py else "-"),
        ])
    text = table("Corpus build (wall s, CPU s of the process tree, peak GB of the tree)",
                 ["docs", "in dataset", "triples", "build s", "CPU s", "s/doc (vs first)", "peak GB",
                  "extract chars/s/core", "NT writer tr/s", "N-Quads concat tr/s", "Turtle tr/s",
                  "SPARQL validation s (2 workers est. / pool wall)", "pyshacl union s", "speed-up",
                  "pyshacl = SPARQL on union (per-doc diff)"],
                 rows)
    header = ["query"]
    for s in sizes:
        header += [f"ox {s}", f"ox union-mode {s}"] + ([f"rdflib {s}"] if any(
            "rdflib" in v for v in results[s]["queries"].values()) else [])
    qrows = []
    for name in names:
        row = [name]
        for s in sizes:
            q = results[s]["queries"].get(name, {})
            row += [fmt_ms(q.get("default")), fmt_ms(q.get("union"))]
            if any("rdflib" in v for v in results[s]["queries"].values()):
                row.append(fmt_ms(q.get("rdflib")))
        qrows.append(row)
    text += "\n" + plan_table(results, names)
    text += "\n" + table("Query latency, median of 5, ms (ox: the build's pyoxigraph store, whose default graph "
                         "holds the union; ox union-mode: the same store queried with use_default_graph_as_union, "
                         "i.e. the union of the named graphs computed at query time; rdflib: in memory)",
                         header, qrows)
    return text


def plan_table(results: dict, names: list[str]) -> str:
    """Questions about one plan of the corpus: pyoxigraph on the whole store scoped to the plan's graph,
    against rdflib holding that plan's graph alone."""
    sizes = [s for s in results if any("plan" in v for v in results[s]["queries"].values())]
    header = ["query"]
    for s in sizes:
        header += [f"ox {s} median", f"ox {s} slowest plan", f"rdflib plan-only {s}", f"ratio {s}"]
    rows = []
    for name in ["_open"] + names:
        row = [name if name != "_open" else "(opening the plan: --plan)"]
        for s in sizes:
            q = results[s]["queries"].get(name, {})
            ox, rl = q.get("plan") or {}, q.get("rdflib_plan") or {}
            ratio = (f"{rl['median'] / ox['median']:.0f}x" if "median" in ox and "median" in rl and ox["median"] > 0
                     else "-")
            row += [fmt_ms1(ox), fmt_ms1(ox, "max"), fmt_ms1(rl), ratio]
        rows.append(row)
    plans = next((v["plan"]["plans"] for s in sizes for v in results[s]["queries"].values() if "plan" in v
                  and "plans" in v["plan"]), 0)
    return table(f"Questions about one plan of the corpus (plangraph query --plan DOC), ms: median over {plans} plans "
                 "(the example and the largest real reports) of each plan's median of 5, and the slowest plan's. "
                 "pyoxigraph: what --plan opens, the plan's named graph in the corpus store (--store graphs) "
                 "or else its graph.nt loaded into an in-memory store; rdflib: that graph.nt parsed. The first "
                 "row is that opening, paid once per process (each `plangraph query` call pays it)",
                 header, rows)


if __name__ == "__main__":
    sys.exit(main())

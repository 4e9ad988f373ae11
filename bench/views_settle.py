#!/usr/bin/env python3
"""Benchmark: how big the view pages are and how fast the overview is readable in headless Chromium.

Consumes: the bundled example (built in-process with graph.pipeline.build_graph),
or ``--ttl FILE`` for any built graph.
Produces: figures on stdout (not a test): render time, the size of every page and
of the shared assets in views/lib/, and for the overview, the median over
``--runs`` loads of
  - ready: navigation start -> first frame drawn by vis-network (layout is
    precomputed, physics off: this is when the reader can read it);
  - settled with physics: after ticking the "物理" box, the time the bounded
    stabilisation takes to finish (physics is optional);
  - physics-only baseline: the same graph with positions removed and physics
    stabilising from scratch, as pyvis does by default (what issue 5 measured
    at about 19 s for 300 nodes).

Usage: .venv/bin/python bench/views_settle.py [--ttl out/graph.ttl] [--runs 5] [--out bench/out/views]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load_graph(ttl: Path | None):
    from rdflib import Graph

    if ttl is not None:
        return Graph().parse(ttl)
    from graph.pipeline import build_graph

    return build_graph()


def count_nodes(page: Path) -> int:
    """Nodes in a view's data block (0 for the index)."""
    m = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page.read_text("utf-8"), re.S)
    return len(json.loads(m.group(1))["nodes"]) if m else 0


def physics_only_copy(overview: Path) -> Path:
    """The overview with x/y removed and physics on: the pyvis default we replaced."""
    text = overview.read_text("utf-8")
    start = text.index('<script type="application/json" id="pg-data">') + len(
        '<script type="application/json" id="pg-data">')
    end = text.index("</script>", start)
    data = json.loads(text[start:end])
    for node in data["nodes"]:
        node.pop("x", None)
        node.pop("y", None)
    data["options"]["physics"]["enabled"] = True
    data["options"]["physics"]["stabilization"] = {"enabled": True, "iterations": 1000, "fit": True}
    blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    out = overview.with_name("bench-physics-only.html")
    out.write_text(text[:start] + blob + text[end:], "utf-8")
    return out


def measure(path: Path, runs: int, physics_toggle: bool, physics_only: bool) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    ready, settled, physics = [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            page = context.new_page()
            page.goto(path.resolve().as_uri())
            if physics_only:
                page.wait_for_function("window.plangraph && window.plangraph.stabilizedMs !== null",
                                       timeout=120000, polling=50)
                physics.append(page.evaluate("window.plangraph.stabilizedMs"))
            else:
                page.wait_for_function("window.plangraph && window.plangraph.ready === true", timeout=30000)
                ready.append(page.evaluate("window.plangraph.readyMs"))
                if physics_toggle:
                    t0 = page.evaluate("performance.now()")
                    page.check("#pg-physics")
                    page.wait_for_function("window.plangraph.stabilizedMs !== null", timeout=120000, polling=50)
                    settled.append(page.evaluate("window.plangraph.stabilizedMs") - t0)
            context.close()
        browser.close()
    result = {}
    if ready:
        result["ready_ms"] = statistics.median(ready)
    if settled:
        result["physics_settle_ms"] = statistics.median(settled)
    if physics:
        result["physics_only_ms"] = statistics.median(physics)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ttl", type=Path, default=None, help="a built graph (default: build the example)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "views-bench")
    args = ap.parse_args(argv)

    from graph import views

    g = load_graph(args.ttl)
    t0 = time.perf_counter()
    pages = views.render_views(g, args.out)
    render_s = time.perf_counter() - t0
    print(f"graph: {len(g)} triples; rendered {len(pages)} pages in {render_s:.2f} s into {args.out}/views")
    lib = args.out / "views" / "lib"
    lib_bytes = sum(p.stat().st_size for p in lib.iterdir())
    print(f"shared assets views/lib/: {lib_bytes / 1024:.0f} KiB "
          + ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in sorted(lib.iterdir())))
    sizes = sorted(((p.stat().st_size, p.name) for p in pages), reverse=True)
    total = sum(s for s, _ in sizes)
    print(f"pages: {total / 1024:.0f} KiB in total; largest:")
    for size, name in sizes[:8]:
        nodes = count_nodes(args.out / "views" / name)
        print(f"  {name:50s} {size / 1024:7.1f} KiB  {nodes:4d} nodes")
    print(f"  ... smallest {sizes[-1][1]} {sizes[-1][0] / 1024:.1f} KiB")

    overview = args.out / "views" / "overview.html"
    n = count_nodes(overview)
    m = measure(overview, args.runs, physics_toggle=True, physics_only=False)
    print(f"overview ({n} nodes), median of {args.runs} loads in headless Chromium:")
    print(f"  readable (first frame, precomputed layout): {m['ready_ms']:.0f} ms after navigation start")
    print(f"  optional physics, bounded stabilisation after ticking 物理: {m['physics_settle_ms']:.0f} ms")
    baseline = physics_only_copy(overview)
    b = measure(baseline, max(1, min(args.runs, 3)), physics_toggle=False, physics_only=True)
    print(f"  baseline without precomputed layout (physics from scratch, 1000 iterations): "
          f"{b['physics_only_ms']:.0f} ms")
    baseline.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())

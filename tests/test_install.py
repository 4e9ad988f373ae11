"""A normal install works: the wheel, installed into a fresh virtualenv, builds the example from
another working directory.

The wheel once held only graph/ and graph/data: `plangraph build` died on a missing shapes.ttl
and `plangraph query list` printed nothing. Here the wheel is built with pip from a copy of the
project's files (so that nothing of an earlier build/ folder slips in), installed with its
dependencies into a new virtualenv by that virtualenv's pip, and run from an empty folder, with
nothing of the checkout on sys.path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.example_graph import ROOT

IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "out", "build", "dist", "*.egg-info", "__pycache__",
                                ".pytest_cache", ".cache", "tests", "bench")


def _run(cmd: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
                                  f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "plangraph"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, src], cwd=dist)
    (found,) = dist.glob("plangraph-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    env = tmp_path_factory.mktemp("venv") / "env"
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", env], cwd=env.parent)
    _run([env / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel],
         cwd=env.parent)
    return env


def test_the_wheel_carries_the_ontology_queries_and_example(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"graph/_share/ontology/{p.name}" for p in (ROOT / "ontology").glob("*.ttl")}
    expected |= {f"graph/_share/queries/{p.parent.name}/{p.name}" for p in (ROOT / "queries").glob("*/*.rq")}
    expected |= {"graph/_share/examples/zhengzhou-2023.txt", "graph/static/query.html", "graph/data/units.tsv"}
    assert len(expected) >= 29
    assert expected <= names, sorted(expected - names)


def test_installed_plangraph_builds_the_example_elsewhere(venv: Path, tmp_path: Path) -> None:
    bin_dir = venv / "bin"
    where = _run([bin_dir / "python", "-c", "import graph, graph.resources as r; print(graph.__file__); "
                  "print(r.ontology_dir())"], cwd=tmp_path).stdout.split()
    assert all(str(venv) in p for p in where), where  # the installed copy, not the checkout

    assert _run([bin_dir / "plangraph", "--version"], cwd=tmp_path).stdout.startswith("plangraph ")
    listed = _run([bin_dir / "plangraph", "query", "list"], cwd=tmp_path).stdout
    library = list((ROOT / "queries").glob("*/*.rq"))
    assert sum(line.startswith(("cq/", "qc/")) for line in listed.splitlines()) == len(library)

    built = _run([bin_dir / "plangraph", "build", "--out", "out", "-q"], cwd=tmp_path)
    assert "zhengzhou-2023: built" in built.stdout and "0 violation(s)" in built.stdout, built.stdout
    out = tmp_path / "out"
    for name in ("graph.ttl", "targets.csv", "shapes.ttl", "ontology.ttl", "ontology.html", "views/index.html",
                 "queries/targets-by-theme.csv", "queries/quality-checks.csv"):
        assert (out / name).is_file(), name
    assert (out / "shapes.ttl").read_bytes() == (ROOT / "ontology" / "shapes.ttl").read_bytes()

    rows = _run([bin_dir / "plangraph", "query", "targets-by-theme", "--format", "csv"], cwd=tmp_path).stdout
    assert len(rows.splitlines()) > 40

    # python build.py's twin through the console script: a plan given as a file
    plan = tmp_path / "plan.txt"
    plan.write_bytes((ROOT / "examples" / "zhengzhou-2023.txt").read_bytes())
    _run([bin_dir / "plangraph", "build", plan, "--out", "out2", "-q", "--no-docs", "--no-views"], cwd=tmp_path)
    assert (tmp_path / "out2" / "graph.nt").is_file()

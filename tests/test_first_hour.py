"""A user's first hour with the command line: the small things that must just work.

`--version`; no BrokenPipe traceback when the output is piped to `head`; `python build.py FILE`
like `plangraph build FILE`; `-q` prints one line; a .rq file of one's own needs no library
header; `view --place` takes the names `query` takes; `push --out` a missing folder and a corpus
build into a single build's folder (or the reverse) are one-line refusals.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph import __version__
from graph.cli import build_main, main
from graph.store import ntriples_bytes
from tests.example_graph import ROOT, example_graph

PLAN = ROOT / "tests" / "fixtures" / "plans" / "numbered-2026.txt"
FAST = ["--no-docs", "--no-views"]


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with the example's graph as Turtle and N-Triples (no store: rdflib answers)."""
    out = tmp_path_factory.mktemp("first-hour")
    g = example_graph()
    (out / "graph.nt").write_bytes(ntriples_bytes(g))
    (out / "graph.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    return out


def _one_line_error(err: str) -> None:
    assert "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err


# -- --version ---------------------------------------------------------------------

@pytest.mark.parametrize("entry", [main, build_main])
def test_version(entry, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        entry(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"plangraph {__version__}"


def test_version_is_the_packages_version() -> None:
    from importlib.metadata import version

    assert version("plangraph") == __version__  # pyproject takes it from graph.__version__


# -- a closed pipe -------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["query", "list"], ["--help"]])
def test_no_traceback_when_the_reader_goes_away(argv: list[str]) -> None:
    """`plangraph query list | head -1`: the reader closes the pipe before we have written."""
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", *argv], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the interpreter has even imported graph.cli
    err = proc.stderr.read().decode("utf-8", "replace")
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code in (0, 141), (code, err)  # --help exits through argparse; query list with 141


# -- python build.py FILE ----------------------------------------------------------

def test_build_py_takes_the_plan_as_a_positional_argument(tmp_path: Path, capsys) -> None:
    assert build_main([str(PLAN), "--out", str(tmp_path), "-q", *FAST]) == 0
    assert "numbered-2026" in (tmp_path / "graph.nt").read_text(encoding="utf-8")


def test_build_py_script_with_a_positional_file(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "build.py", str(PLAN), "--out", str(tmp_path), "-q", *FAST],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "targets.csv").exists()


def test_two_different_plans_are_refused(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", str(PLAN), "--source", str(ROOT / "examples" / "zhengzhou-2023.txt"), "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert "give the plan once" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


# -- -q ----------------------------------------------------------------------------------

def test_quiet_prints_one_summary_line(tmp_path: Path, capsys) -> None:
    assert main(["build", str(PLAN), "--out", str(tmp_path), "-q", *FAST]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 1, captured.out
    assert lines[0].startswith("numbered-2026: built, ") and "0 violation(s)" in lines[0], lines[0]
    assert captured.err == ""


def test_quiet_corpus_build_prints_one_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "plans"
    src.mkdir()
    (src / PLAN.name).write_bytes(PLAN.read_bytes())
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "-q", "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.strip().splitlines()) == 1, captured.out
    assert captured.out.startswith("1 of 1 documents in the dataset")


# -- a .rq file of one's own ---------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"


@pytest.mark.parametrize("text", [COUNT, "# my own question\n" + COUNT, "#!\n# count: everything\n\n" + COUNT])
def test_a_query_file_without_the_library_header(example_out: Path, tmp_path: Path, capsys, text: str) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text(text, encoding="utf-8")
    code = main(["query", str(rq), "--out", str(example_out), "--engine", "rdflib", "--format", "csv"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.splitlines() == ["n", str(len(example_graph()))]


def test_parameters_of_a_headerless_query(example_out: Path, tmp_path: Path, capsys) -> None:
    rq = tmp_path / "label.rq"
    rq.write_text("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT ?label WHERE { ?node skos:prefLabel ?label FILTER(lang(?label) = 'zh') }\n",
                  encoding="utf-8")
    node = "<https://w3id.org/plangraph/id/zhengzhou-2023/person/tian-hai-tao>"
    assert main(["query", str(rq), "--out", str(example_out), "--engine", "rdflib", "--format", "csv",
                 "--param", f"node={node}"]) == 0
    assert capsys.readouterr().out.splitlines() == ["label", "田海涛"]


def test_library_queries_still_need_their_header(tmp_path: Path) -> None:
    from graph.query import HeaderError, find_query

    root = tmp_path / "queries"
    (root / "cq").mkdir(parents=True)
    (root / "cq" / "bare.rq").write_text(COUNT, encoding="utf-8")
    with pytest.raises(HeaderError):
        find_query("bare", root=root)
    with pytest.raises(HeaderError):
        find_query(str(root / "cq" / "bare.rq"), root=root)


def test_a_missing_query_file_says_so(example_out: Path, capsys) -> None:
    assert main(["query", "nowhere/mine.rq", "--out", str(example_out)]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "no query file nowhere/mine.rq" in err


# -- view --place takes what query takes ---------------------------------------------------

@pytest.mark.parametrize("name", ["航空港区", "航空港", "郑州航空港经济综合实验区"])
def test_view_place_accepts_the_aliases_query_accepts(example_out: Path, capsys, name: str) -> None:
    from graph.query import find_query, run_library_query
    from graph.store import RdflibStore

    # the label and two aliases: `plangraph query linked-to-place` finds the place by each
    rows = run_library_query(RdflibStore(example_graph()), find_query("linked-to-place"), {"placeLabel": name}).rows
    assert {r[0] for r in rows} == {"https://w3id.org/plangraph/id/place/hang-kong-gang-qu-a4f3"}
    assert main(["view", "--place", name, "--out", str(example_out), "--radius", "1"]) == 0
    assert capsys.readouterr().out.strip().endswith("place-hang-kong-gang-qu.html")


# -- push --out a missing folder --------------------------------------------------------------

def test_push_from_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    code = main(["push", "--endpoint", "http://127.0.0.1:9/store", "--out", str(tmp_path / "nothing")])
    assert code == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "no output folder" in err


# -- a corpus build and a single build do not share a folder ------------------------------

def test_corpus_build_into_a_single_builds_folder_is_refused(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", str(PLAN), "--out", str(out), "-q", *FAST]) == 0
    before = sorted(p.name for p in out.iterdir())
    capsys.readouterr()
    code = main(["build", str(PLAN.parent), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    _one_line_error(err)
    assert "holds a single-document build" in err and "another --out" in err
    assert sorted(p.name for p in out.iterdir()) == before  # nothing written


def test_single_build_into_a_corpus_folder_is_refused(tmp_path: Path, capsys) -> None:
    src, out = tmp_path / "plans", tmp_path / "out"
    src.mkdir()
    (src / PLAN.name).write_bytes(PLAN.read_bytes())
    assert main(["build", str(src), "--out", str(out), "-q", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["build", str(PLAN), "--out", str(out), *FAST]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "holds a corpus build" in err
    assert not (out / "graph.nt").exists()

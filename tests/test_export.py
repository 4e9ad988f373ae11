"""Exports: CSV columns and values, atomic writes, every RDF format parses back."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph import export, iris
from graph.assemble import assemble
from tests.mini_extraction import mini_extraction


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_targets_csv_columns_and_values() -> None:
    ex = mini_extraction()
    text = export.csv_text(export.TARGET_COLUMNS, export.target_rows(ex))
    header = text.splitlines()[0]
    assert header == ("id,theme,measure,metric,canonical_indicator,value,value_max,unit,comparator,kind,direction,"
                      "aspirational,year,value_normalized,unit_normalized,start,end,quote")
    rows = {r["metric"]: r for r in _rows(text)}
    inv = rows["年度完成投资"]
    assert (inv["theme"], inv["measure"], inv["value"], inv["unit"], inv["comparator"], inv["kind"]) == (
        "稳中求进", "强化投资关键作用", "5000", "亿元", ">=", "level")
    assert (inv["aspirational"], inv["year"], inv["value_normalized"], inv["unit_normalized"]) == (
        "false", "2023", "500000000000", "CNY")
    assert ex.text[int(inv["start"]):int(inv["end"])] == inv["quote"]
    rng = rows["签约项目"]
    assert (rng["value"], rng["value_max"], rng["comparator"], rng["aspirational"]) == ("1", "2", "range", "true")
    assert inv["id"] == iris.local_id(next(iter(
        iris.target_iri("mini-2023", t.key, t.metric) for t in ex.targets if t.metric == "年度完成投资")))


def test_results_csv_has_target_columns_minus_aspirational() -> None:
    rows = _rows(export.csv_text(export.RESULT_COLUMNS, export.result_rows(mini_extraction())))
    assert list(rows[0]) == [c for c in export.TARGET_COLUMNS if c != "aspirational"]
    assert rows[0]["metric"] == "新增高新技术企业" and rows[0]["year"] == "2022"


def test_entities_csv() -> None:
    rows = _rows(export.csv_text(export.ENTITY_COLUMNS, export.entity_rows(mini_extraction())))
    assert list(rows[0]) == ["id", "type", "label", "aliases", "start", "mentions"]
    by_label = {r["label"]: r for r in rows}
    assert by_label["荥阳"]["aliases"] == "荥阳市"
    assert by_label["郑州"]["type"] == "place" and by_label["郑州"]["mentions"] == "2"
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)


def test_residue_csv() -> None:
    rows = _rows(export.csv_text(export.RESIDUE_COLUMNS, export.residue_rows(mini_extraction())))
    assert list(rows[0]) == ["start", "end", "quote", "context", "note"]
    assert rows[0]["quote"] == "关" and "[关]" in rows[0]["context"]


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    export.write_atomic(p, "old")
    export.write_atomic(p, "new content")
    assert p.read_text() == "new content"
    assert [f.name for f in tmp_path.iterdir()] == ["a.txt"]
    mask = os.umask(0)
    os.umask(mask)
    assert p.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_write_atomic_leaves_old_file_and_no_temp_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "targets.csv"
    export.write_atomic(p, "old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        export.write_atomic(p, "half-written")
    assert p.read_text() == "old"
    assert [f.name for f in tmp_path.iterdir()] == ["targets.csv"]


@pytest.mark.parametrize("fmt", list(export.RDF_FILES))
def test_every_format_parses_back_to_the_same_graph(fmt: str) -> None:
    g = assemble(mini_extraction())
    text = export.serialize(g, fmt, iris.doc_iri("mini-2023"))
    rdflib_format = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "xml": "xml",
                     "trig": "trig", "nquads": "nquads"}[fmt]
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=text, format=rdflib_format)
        back = ds.graph(iris.doc_iri("mini-2023"))
        assert len(back) == len(g)
        assert isomorphic(Graph() + back, g)
    else:
        assert isomorphic(Graph().parse(data=text, format=rdflib_format), g)


def test_write_graph_writes_the_requested_formats(tmp_path: Path) -> None:
    g = assemble(mini_extraction())
    paths = export.write_graph(g, tmp_path, ["turtle", "nquads"])
    assert sorted(p.name for p in paths) == ["graph.nq", "graph.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", "graph.ttl"]


# -- CSV injection (OWASP): text cells that a spreadsheet would run --------------------

@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1", "\r=1",
                                  "=HYPERLINK(\"http://x\",\"点击\")"])
def test_formula_like_text_gets_a_leading_quote(text: str) -> None:
    rows = _rows(export.csv_text(("quote", "note"), [{"quote": text, "note": "ok"}]))
    assert rows == [{"quote": "'" + text, "note": "ok"}]


@pytest.mark.parametrize("value", ["-3.8", "+5", "-0.5", "1e-3", -3.8, 7, "3.8", "2023"])
def test_numbers_stay_numbers(value: object) -> None:
    rows = _rows(export.csv_text(("value",), [{"value": value}]))
    assert rows == [{"value": str(value)}]


def test_tables_of_a_hostile_extraction_are_protected() -> None:
    """A quote and a metric that begin with = and - in the real target table: quoted; the
    negative value stays a number."""
    from dataclasses import replace

    ex = mini_extraction()
    t = ex.targets[0]
    hostile = replace(t, metric="=cmd|' /C calc'!A0", quantity=replace(t.quantity, value=-3.8))
    ex.targets[0] = hostile
    row = next(r for r in _rows(export.csv_text(export.TARGET_COLUMNS, export.target_rows(ex)))
               if r["metric"].endswith("A0"))
    assert row["metric"] == "'=cmd|' /C calc'!A0"
    assert row["value"] == "-3.8"


def test_query_csv_output_is_protected_too() -> None:
    from graph.query import format_csv
    from graph.store import QueryResult

    result = QueryResult("select", ("label", "n"), [("=1+2", -3.8), ("@x", 5)])
    assert format_csv(result).splitlines() == ["label,n", "'=1+2,-3.8", "'@x,5"]

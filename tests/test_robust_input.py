"""Large, repeated and slightly damaged inputs (issue 16), on small generated inputs.

- repeated text (the example twice, a page saved twice): every span's quote is
  text[start:end], each span node has one start and one end, no two records share
  a key, the shapes find no violation, and the build warns about the repeat;
- a NUL byte after the first 64 KB is found (the whole file is looked at);
- a stray cp1252 byte or a Latin-1 no-break space in UTF-8 is read with a warning
  naming the byte and the character; damage over the threshold is refused;
  GB18030 is still read as GB18030;
- a file over --max-size is refused with exit 2 and nothing written;
- a paragraph of run-together lines is cut at sentence ends;
- the long-document build writes the same graph as the usual one (forced on the
  example by lowering the threshold).
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from graph import pipeline, read
from graph.assemble import assemble_triples
from graph.cli import build_main
from graph.export import ntriples
from graph.extraction import extract_document
from graph.fastcheck import validate_fast
from graph.read import ReadError, decode_source, read_source
from graph.records import Extraction
from graph.vocab import OA

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhengzhou-2023.txt"
EXAMPLE_BYTES = EXAMPLE.read_bytes()


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build_main(argv)
    return code, out.getvalue(), err.getvalue()


# -- repeated content ---------------------------------------------------------------

@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    path = tmp_path_factory.mktemp("twice") / "twice.txt"
    path.write_bytes(EXAMPLE_BYTES + b"\n\n" + EXAMPLE_BYTES)
    return extract_document(path)


def test_repeated_text_keeps_every_quote_on_its_offsets(twice: Extraction) -> None:
    triples = assemble_triples(twice)
    starts: dict[object, list[int]] = {}
    ends: dict[object, list[int]] = {}
    exact: dict[object, list[str]] = {}
    for s, p, o in triples:
        if p == OA.start:
            starts.setdefault(s, []).append(int(o))
        elif p == OA.end:
            ends.setdefault(s, []).append(int(o))
        elif p == OA.exact:
            exact.setdefault(s, []).append(str(o))
    assert starts and set(starts) == set(ends) == set(exact)
    for node in starts:
        # one node per span: a repeated statement used to merge two spans into one
        assert len(starts[node]) == len(ends[node]) == len(exact[node]) == 1, node
        assert twice.text[starts[node][0]:ends[node][0]] == exact[node][0], node


def test_colliding_record_keys_do_not_merge_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys are 32 bits: in a document of megabytes two records of different kinds can
    share one (a 20 MB build merged an action's span with a measure's)."""
    from rdflib import URIRef

    from graph import iris

    ex = extract_document(EXAMPLE)
    monkeypatch.setattr(iris, "span_iri", lambda doc, key, n=0: URIRef(f"{iris.DATA}{doc}/span/same-{n}"))
    triples = assemble_triples(ex)
    offsets: dict[object, list[int]] = {}
    for s, p, o in triples:
        if p in (OA.start, OA.end):
            offsets.setdefault(s, []).append(int(o))
    assert len([n for n in offsets if "/span/same-0" in str(n)]) > 100
    assert all(len(v) == 2 for v in offsets.values())


def test_repeated_text_gives_distinct_keys(twice: Extraction) -> None:
    for name in ("sections", "measures", "targets", "actions", "statements"):
        keys = Counter(r.key for r in getattr(twice, name))
        assert keys and max(keys.values()) == 1, (name, keys.most_common(1))
    # the example's statements (何雄表示 …) are there twice, as two records each
    speakers = Counter(st.span.quote for st in twice.statements)
    assert speakers and set(speakers.values()) == {2}


def test_repeated_text_passes_the_shapes(twice: Extraction) -> None:
    triples = assemble_triples(twice)
    outcome = validate_fast(triples, ntriples=ntriples(triples).encode("utf-8"))
    assert not outcome.violations, [v.message for v in outcome.violations[:3]]


def test_repeated_text_is_named_in_a_warning(twice: Extraction) -> None:
    second = len(EXAMPLE_BYTES.decode("utf-8")) + 2  # where the second copy starts
    [warning] = [w for w in twice.warnings if "repeat earlier ones" in w]
    first = int(warning.split("the first at character ")[1].split(" ")[0])
    assert first >= second
    assert "a page saved twice" in warning


def test_a_real_report_has_no_repeat_warning() -> None:
    assert not [w for w in extract_document(EXAMPLE).warnings if "repeat" in w]


# -- binary detection over the whole file ---------------------------------------------

def test_a_nul_after_the_first_64_kb_is_found(tmp_path: Path) -> None:
    data = EXAMPLE_BYTES * 4  # 90 KB of text
    late = 70_000
    assert b"\x00" not in data and len(data) > late
    path = tmp_path / "late-nul.txt"
    path.write_bytes(data[:late] + b"\x00" + data[late:])
    with pytest.raises(ReadError, match=f"binary.*NUL.*byte {late}"):
        read_source(path)
    code, _, err = run([str(path), "--out", str(tmp_path / "out"), "-q"])
    assert code == 2 and "binary" in err
    assert not (tmp_path / "out").exists()


def test_control_characters_late_in_the_file_are_found() -> None:
    text = EXAMPLE_BYTES.decode("utf-8")
    junk = "\x01\x02\x03\x04" * 400  # over 1% of the text, all after the first 20,000 characters
    data = (text * 3 + junk).encode("utf-8")
    with pytest.raises(ReadError, match="control characters"):
        decode_source(data)


# -- a few stray bytes -------------------------------------------------------------------

def _cut_between_characters(data: bytes, near: int) -> int:
    """A byte offset near `near` that does not split a UTF-8 character."""
    while data[near] & 0xC0 == 0x80:
        near += 1
    return near


def test_a_stray_cp1252_byte_is_read_with_a_warning() -> None:
    at = _cut_between_characters(EXAMPLE_BYTES, 5000)
    data = EXAMPLE_BYTES[:at] + b"\x93" + EXAMPLE_BYTES[at:]
    text, encoding, warnings = decode_source(data, "stray.txt")
    char = len(EXAMPLE_BYTES[:at].decode("utf-8"))
    assert encoding == "utf-8"
    assert text[char] == "\u201c"  # cp1252's left double quote
    # offsets stay on the decoded text: the rest is the source, one character further on
    original = EXAMPLE_BYTES.decode("utf-8")
    assert text[:char] == original[:char] and text[char + 1:] == original[char:]
    assert warnings == (f"stray.txt: byte {at} (0x93) is not UTF-8; read as '\u201c' (cp1252) at character {char}",)


def test_a_latin1_no_break_space_is_read_with_a_warning(tmp_path: Path) -> None:
    at = _cut_between_characters(EXAMPLE_BYTES, 3000)
    path = tmp_path / "nbsp.txt"
    path.write_bytes(EXAMPLE_BYTES[:at] + b"\xa0" + EXAMPLE_BYTES[at:])
    source = read_source(path)
    char = len(EXAMPLE_BYTES[:at].decode("utf-8"))
    assert source.text[char] == "\u00a0" and source.encoding == "utf-8"
    assert len(source.warnings) == 1 and f"byte {at} (0xA0)" in source.warnings[0]
    ex = extract_document(path)
    assert ex.warnings[0] == source.warnings[0]
    # the build goes through, and prints the warning even with -q
    code, _, err = run([str(path), "--out", str(tmp_path / "out"), "-q", "--no-views", "--no-docs"])
    assert code == 0 and f"warning: {source.warnings[0]}" in err


def _with_stray_bytes(n: int) -> bytes:
    """The example with n stray cp1252 bytes (0x93) between its characters."""
    pieces, last = [], 0
    for k in range(n):
        cut = _cut_between_characters(EXAMPLE_BYTES, 1000 + 700 * k)
        pieces += [EXAMPLE_BYTES[last:cut], b"\x93"]
        last = cut
    return b"".join(pieces) + EXAMPLE_BYTES[last:]


def test_damage_over_the_threshold_is_refused() -> None:
    allowed = read.allowed_damage(EXAMPLE_BYTES)
    non_ascii = sum(1 for b in EXAMPLE_BYTES if b >= 0x80)
    assert allowed == max(1, non_ascii // read.DAMAGE_PER) > read.DAMAGE_SHOWN
    assert read.allowed_damage(_with_stray_bytes(allowed + 1)) == allowed  # the strays do not move it
    with pytest.raises(ReadError, match=f"more than {allowed} stray byte"):
        decode_source(_with_stray_bytes(allowed + 1))
    # at the threshold it is still read: the first few named, the rest counted
    text, _, warnings = decode_source(_with_stray_bytes(allowed))
    assert text.count("\u201c") == EXAMPLE_BYTES.decode("utf-8").count("\u201c") + allowed
    assert len(warnings) == read.DAMAGE_SHOWN + 1
    assert warnings[-1].endswith(f"{allowed - read.DAMAGE_SHOWN} more stray byte(s) read the same way")


def test_gb18030_is_not_taken_for_damaged_utf8() -> None:
    original = EXAMPLE_BYTES.decode("utf-8")
    text, encoding, warnings = decode_source(original.encode("gb18030"))
    assert (text, encoding, warnings) == (original, "gb18030", ())


# -- the size limit -----------------------------------------------------------------------

def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(EXAMPLE_BYTES * 3)  # 68 KB
    out = tmp_path / "out"
    code, _, err = run([str(path), "--out", str(out), "--max-size", "0.05", "-q"])
    assert code == 2
    assert "over the 0.05 MB limit" in err and "--max-size 1" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    with pytest.raises(ReadError, match="limit"):
        read_source(path, max_bytes=50_000)
    assert read_source(path, max_bytes=100_000).text == EXAMPLE_BYTES.decode("utf-8") * 3


def test_the_default_limit_is_documented() -> None:
    help_text = io.StringIO()
    with contextlib.redirect_stdout(help_text), pytest.raises(SystemExit):
        build_main(["--help"])
    flat = " ".join(help_text.getvalue().split())
    assert f"(default: {read.DEFAULT_MAX_MB}," in flat and f"one per {read.DAMAGE_PER} non-ASCII bytes" in flat
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"{read.DEFAULT_MAX_MB} MB" in readme and "--max-size" in readme and f"1 in {read.DAMAGE_PER:,}" in readme


# -- run-together lines and the long-document build ----------------------------------------

def test_run_together_lines_are_cut_into_paragraphs(tmp_path: Path) -> None:
    from graph.segment import LONG_PARAGRAPH

    joined = "".join(EXAMPLE_BYTES.decode("utf-8").split()) * 3  # no line breaks at all
    assert len(joined) > LONG_PARAGRAPH
    path = tmp_path / "joined.txt"
    path.write_text(joined, encoding="utf-8")
    ex = extract_document(path)
    assert max(p.span.end - p.span.start for p in ex.paragraphs) <= LONG_PARAGRAPH
    for p in ex.paragraphs:
        assert joined[p.span.start:p.span.end] == p.span.quote


def test_the_long_document_build_writes_the_same_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph import export
    from graph.assemble import assemble

    monkeypatch.setattr(pipeline, "LONG_DOCUMENT_CHARS", 1000)
    out = tmp_path / "out"
    code, _, err = run([str(EXAMPLE), "--out", str(out), "--no-docs", "--format", "nt", "--format", "turtle"])
    assert code == 0, err
    assert "interactive views skipped" in err and "graph.fastcheck" in err
    expected = export.serialize(assemble(extract_document(EXAMPLE)), "nt")
    assert (out / "graph.nt").read_text(encoding="utf-8") == expected
    turtle = Graph().parse(out / "graph.ttl", format="turtle")
    assert set(turtle) == set(Graph().parse(data=expected, format="nt"))  # literals as written, too
    assert (out / "store" / "CURRENT").exists() and (out / "queries" / "quality-checks.csv").exists()


def test_a_killed_builds_temporaries_are_removed(tmp_path: Path) -> None:
    from graph.export import remove_orphan_temporaries

    doc = tmp_path / "docs" / "a"
    doc.mkdir(parents=True)
    orphans = [tmp_path / ".corpus.nq.ibjos8s0.tmp", doc / ".graph.nt.a1b2_c3d.tmp"]
    kept = [tmp_path / "corpus.nq", doc / "graph.nt", tmp_path / ".hidden.tmp", tmp_path / "notes.tmp"]
    for p in orphans + kept:
        p.write_text("x", encoding="utf-8")
    assert sorted(remove_orphan_temporaries(tmp_path)) == sorted(orphans)
    assert all(p.exists() for p in kept) and not any(p.exists() for p in orphans)

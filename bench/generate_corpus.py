#!/usr/bin/env python3
"""Generate plan documents of the genre for corpus benchmarks.

Takes real documents (the bundled example and the development corpus of
provincial reports) and derives new ones from them, deterministically from a
seed: the jurisdiction's name swapped for another place, figures scaled, the
plan year shifted, and the layout changed (one line per paragraph, hard-wrapped
newspaper columns with blank lines, ● bullets), some saved as GB18030.

The derived texts keep the genre's phrasing (targets, reviews, names), so they
exercise the same rules the real ones do; they are benchmark input, not test
expectations.

Usage:
    python bench/generate_corpus.py --count 100 --out bench/out/corpus-100
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [ROOT / "examples", ROOT / "tests" / "fixtures" / "corpus"]
PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.txt"

_UNIT_AFTER = "个家亿万千百%％公里米吨辆列所张名人户件座项条台套元亩斤次倍"
_NUMBER = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)(?=\s*[" + _UNIT_AFTER + r"])")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=年)")
_TITLE_PLACE = re.compile(r"^(?:\d{4}年)?(.{2,8}?)(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?(?:人民)?政府工作报告")
_PROVINCE_SUFFIX = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")


@dataclass(frozen=True)
class SourceDoc:
    name: str
    text: str
    place: str  # the jurisdiction's short name as used in the text (安徽, 郑州)


def load_places(path: Path = PLACES_FILE) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def guess_place(text: str, fallback: str) -> str:
    """The jurisdiction's short name: from the title, else the most frequent known place."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    m = re.search(r"(\d{4}年)?(.{2,12}?)(人民)?政府工作报告", first)
    if m:
        name = m.group(2)
        for suffix in _PROVINCE_SUFFIX:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name
    return fallback


def load_sources(dirs: list[Path]) -> list[SourceDoc]:
    docs: list[SourceDoc] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8-sig")
            fallback = "郑州" if "郑州" in text[:2000] else path.stem
            docs.append(SourceDoc(path.stem, text, guess_place(text, fallback)))
    return docs


def scale_numbers(text: str, rng: random.Random) -> str:
    """Scale figures followed by a unit by 0.7-1.3, keeping their decimal places."""

    def repl(m: re.Match[str]) -> str:
        raw = m.group(1)
        if re.fullmatch(r"(19|20)\d\d", raw):
            return raw
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw) * rng.uniform(0.7, 1.3)
        if m.string[m.end():m.end() + 1] in "%％" and float(raw) <= 100 < value:
            return raw  # a share scaled past 100% is no longer a plan's figure (and fails validation)
        if decimals == 0:
            return str(max(1, round(value)))
        return f"{value:.{decimals}f}"

    return _NUMBER.sub(repl, text)


def shift_years(text: str, delta: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def hard_wrap(text: str, rng: random.Random) -> str:
    """Newspaper columns: lines of 14-18 characters, blank line between paragraphs."""
    width = rng.randint(14, 18)
    out: list[str] = []
    for para in text.splitlines():
        para = para.strip()
        if not para:
            continue
        lines = [para[i : i + width] for i in range(0, len(para), width)]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def bulletise(text: str) -> str:
    """Prefix the plan's work paragraphs (after the numbered headings) with ●."""
    out = []
    for line in text.splitlines():
        if len(line) > 60 and not re.match(r"^[（(]?[一二三四五六七八九十]+[、）)]", line):
            out.append("●" + line)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def derive(doc: SourceDoc, index: int, places: list[str], seed: int) -> tuple[str, str, str]:
    """Returns (file name, text, encoding)."""
    rng = random.Random(f"{seed}:{index}:{doc.name}")
    place = rng.choice([p for p in places if p != doc.place] or places)
    text = doc.text.replace(doc.place, place) if len(doc.place) >= 2 else doc.text
    text = scale_numbers(text, rng)
    delta = rng.choice([-2, -1, 0, 1, 2])
    text = shift_years(text, delta)
    layout = rng.choice(["lines", "lines", "wrapped", "bullets"])
    if layout == "wrapped":
        text = hard_wrap(text, rng)
    elif layout == "bullets":
        text = bulletise(text)
    encoding = "gb18030" if rng.random() < 0.2 else "utf-8"
    from pypinyin import lazy_pinyin

    slug = "".join(lazy_pinyin(place)).lower()
    name = f"gen-{index:04d}-{slug}-{layout}.txt"
    return name, text, encoding


def generate(count: int, out: Path, seed: int, sources: list[Path]) -> list[Path]:
    docs = load_sources(sources)
    if not docs:
        raise SystemExit("no source documents found in: " + ", ".join(str(s) for s in sources))
    places = load_places()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    # The real documents come first, as they are; derived ones fill the rest.
    for i in range(count):
        doc = docs[i % len(docs)]
        if i < len(docs):
            name, text, encoding = f"{doc.name}.txt", doc.text, "utf-8"
        else:
            name, text, encoding = derive(doc, i, places, seed)
        path = out / name
        path.write_bytes(text.encode(encoding))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--source", type=Path, action="append", default=None,
                        help="folder of real documents (repeatable; default: examples/ and tests/fixtures/corpus/)")
    args = parser.parse_args(argv)
    written = generate(args.count, args.out, args.seed, args.source or DEFAULT_SOURCES)
    print(f"wrote {len(written)} documents to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Reading: raw bytes -> decoded text, and views of it that undo layout.

Consumes: bytes (the only stage besides the CLI that may be handed a path is
`read_source`, which reads the file and nothing else).
Produces: the decoded text (offsets everywhere refer to it), a character-
normalised copy of the same length (full-width digits and punctuation folded to
ASCII), and `CompactText`, a view of a stretch of text with layout whitespace
removed and a map back to source offsets.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path


class ReadError(Exception):
    """The input cannot be read as a plan document. str(err) is a one-line message."""


@dataclass(frozen=True)
class SourceText:
    name: str  # file name without directories
    text: str  # decoded; BOM removed
    encoding: str
    sha256: str  # of the raw bytes
    warnings: tuple[str, ...] = ()  # one line each: damaged bytes read with a replacement, ...


# One document above this many bytes is refused (ReadError) unless the caller raises
# the limit (`plangraph build --max-size MB`): the largest real report is about
# 0.08 MB, a long document costs about 16 CPU seconds and 0.4 GB per MB
# (bench/robust_scale.py), so 32 MB is about ten minutes and 13 GB on this machine.
DEFAULT_MAX_MB = 32
MB = 1_000_000

# A UTF-8 text with a few stray bytes (a cp1252 quote, a Latin-1 no-break space
# pasted in) is read with each stray byte replaced, and a warning. More damage than
# one byte in DAMAGE_PER (of the non-ASCII bytes, so a GB18030 file, where almost
# every byte pair is invalid UTF-8, is never mistaken for damaged UTF-8) means the
# file is not UTF-8 at all: GB18030 is tried, then the file is refused.
DAMAGE_PER = 1000
# the first few damaged bytes are named in the warnings; the rest are counted
DAMAGE_SHOWN = 5

# control characters other than \t \n \v \f \r, and C1 controls (U+007F-U+009F)
_CONTROL_BAD = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
# what surrogateescape makes of a byte that is not UTF-8
_ESCAPED = re.compile("[\udc80-\udcff]")


def _looks_binary(data: bytes) -> bool:
    # the whole file: a NUL after the first 64 KB (a binary tail, a broken download)
    # is as fatal as one at the start, and `in` scans bytes at memory speed
    return b"\x00" in data


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    # the whole text, not a sample: counted by the regex engine, linear
    return sum(1 for _ in _CONTROL_BAD.finditer(text)) / len(text)


def allowed_damage(data: bytes) -> int:
    """How many stray (non-UTF-8) bytes a UTF-8 file may have and still be read:
    one per DAMAGE_PER non-ASCII bytes, at least one.

    >>> allowed_damage("郑州".encode("utf-8") * 1000)
    6
    >>> allowed_damage(b"plain ascii")
    1
    """
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    return max(1, non_ascii // DAMAGE_PER)


def _stray_byte(b: int) -> str:
    """What a stray byte most likely meant: its cp1252 character (“ ” – no-break
    space ...), U+FFFD for the five bytes cp1252 leaves undefined."""
    return bytes([b]).decode("cp1252", errors="replace")


def _repair_utf8(data: bytes, name: str, codec: str) -> tuple[str, tuple[str, ...]] | None:
    """UTF-8 with a few stray bytes: (text, warnings), or None when the damage is
    over allowed_damage(data). Each stray byte becomes one character, so offsets
    stay on the decoded text like everywhere else."""
    escaped = data.decode(codec, errors="surrogateescape")
    limit = allowed_damage(data)
    spots: list[int] = []
    for m in _ESCAPED.finditer(escaped):
        spots.append(m.start())
        if len(spots) > limit:
            return None
    text = _ESCAPED.sub(lambda m: _stray_byte(ord(m.group()) - 0xDC00), escaped)
    notes = []
    for i in spots[:DAMAGE_SHOWN]:
        byte = ord(escaped[i]) - 0xDC00
        at = len(escaped[:i].encode(codec, errors="surrogateescape"))
        notes.append(f"{name}: byte {at} (0x{byte:02X}) is not UTF-8; read as {text[i]!r} (cp1252) "
                     f"at character {i}")
    if len(spots) > DAMAGE_SHOWN:
        notes.append(f"{name}: {len(spots) - DAMAGE_SHOWN} more stray byte(s) read the same way")
    return text, tuple(notes)


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode plan bytes, detecting the encoding: (text, encoding); see decode_source.

    >>> decode("郑州".encode("utf-8"))
    ('郑州', 'utf-8')
    >>> decode(codecs.BOM_UTF8 + "郑州".encode("utf-8"))
    ('郑州', 'utf-8-sig')
    >>> decode("郑州".encode("gb18030"))
    ('郑州', 'gb18030')
    >>> decode(b"")
    Traceback (most recent call last):
    ...
    graph.read.ReadError: <input>: the file is empty
    """
    text, encoding, _ = decode_source(data, name)
    return text, encoding


def decode_source(data: bytes, name: str = "<input>") -> tuple[str, str, tuple[str, ...]]:
    """Decode plan bytes: (text, encoding, warnings).

    Tries UTF-8 (with or without BOM), UTF-16 with a BOM, UTF-8 with a few stray
    bytes (allowed_damage; each read as its cp1252 character, with a warning),
    then GB18030 (a superset of GBK and GB2312).

    Raises ReadError naming the file and the problem.

    >>> text, encoding, warnings = decode_source("郑州".encode("utf-8") + b"\\x93" + "规划".encode("utf-8"))
    >>> text, encoding
    ('郑州“规划', 'utf-8')
    >>> print(warnings[0])
    <input>: byte 6 (0x93) is not UTF-8; read as '“' (cp1252) at character 2
    """
    warnings: tuple[str, ...] = ()
    if not data.strip():
        raise ReadError(f"{name}: the file is empty")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise ReadError(f"{name}: not decodable as UTF-16 despite its byte-order mark "
                            f"({err.reason} at byte {err.start})") from None
    elif _looks_binary(data):
        raise ReadError(f"{name}: looks like a binary file (it contains NUL bytes, the first at byte "
                        f"{data.index(0)}), not plan text")
    else:
        codec = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        repaired = None
        try:
            text, encoding = data.decode(codec), codec
        except UnicodeDecodeError:
            repaired = _repair_utf8(data, name, codec)
            if repaired is not None:
                (text, warnings), encoding = repaired, codec
            else:
                try:
                    text, encoding = data.decode("gb18030"), "gb18030"
                except UnicodeDecodeError:
                    raise ReadError(f"{name}: not decodable as UTF-8 (more than {allowed_damage(data)} stray "
                                    f"byte(s), one per {DAMAGE_PER} non-ASCII bytes, are repaired) or "
                                    "GB18030/GBK; save it as UTF-8 and try again") from None
    if not text.strip():
        raise ReadError(f"{name}: the file holds only whitespace")
    if _control_ratio(text) > 0.01:
        raise ReadError(f"{name}: looks like a binary file (control characters in the text), not plan text")
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise ReadError(f"{name}: no Chinese text found; PlanGraph reads Chinese plan documents")
    return text, encoding, warnings


def read_source(path: Path, max_bytes: int | None = DEFAULT_MAX_MB * MB) -> SourceText:
    """Read and decode one file. Raises ReadError (missing, unreadable, over
    `max_bytes` (None: no limit), bad content)."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes and path.is_file():
            raise ReadError(f"{path}: {size / MB:.1f} MB, over the {max_bytes / MB:g} MB limit for one "
                            f"document; raise it with --max-size {(size + MB - 1) // MB} or split the file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory, expected a text file") from None
    except OSError as err:
        raise ReadError(f"{path}: cannot read ({err.strerror})") from None
    text, encoding, warnings = decode_source(data, str(path))
    return SourceText(name=path.name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                      warnings=warnings)


def source_from_string(text: str, name: str = "<string>") -> SourceText:
    """A SourceText for text handed over in memory (notebooks, tests)."""
    if not text.strip():
        raise ReadError(f"{name}: the text is empty")
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceText(name=name, text=text, encoding="utf-8", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
# Keep the Chinese punctuation that carries structure as it is: （）【】，。：；
for _cp in ("（", "）", "，", "：", "；", "！", "？"):
    _FULLWIDTH.pop(ord(_cp), None)


def normalize_chars(text: str) -> str:
    """Fold full-width digits, letters and %.~ to ASCII; same length as the input.

    Chinese structural punctuation (（）【】，。：；！？) is kept as is, so rules can
    rely on it in one form.

    >>> normalize_chars("新增１２３家，占比５０％～６０％")
    '新增123家，占比50%~60%'
    >>> len(normalize_chars("１２３")) == 3
    True
    """
    return text.translate(_FULLWIDTH)


# layout whitespace: what CompactText drops (graph.quantity.layout_breaks looks at the same runs)
WS_RUN = re.compile("[ \t\r\n\f\v\u3000\u00a0]+")


@dataclass(frozen=True)
class CompactText:
    """A stretch of source with layout whitespace removed.

    `text` is what rules match against; `offsets[i]` is the source offset of
    text[i]. Whitespace is dropped except a single space between two ASCII
    letters on one line (so "Open Data" keeps its space, while "A\nED" cut by a
    hard wrap reads AED).
    """

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, source: str, start: int = 0, end: int | None = None) -> CompactText:
        """Compact source[start:end].

        >>> c = CompactText.of("推进900\\n\\n个工业项目，5000 亿元")
        >>> c.text
        '推进900个工业项目，5000亿元'
        >>> c.to_source(2, 9)
        (2, 11)
        """
        end = len(source) if end is None else end
        # whitespace runs found by the regex engine and the text between them
        # taken in slices: a character loop in Python cost a tenth of extraction
        parts: list[str] = []
        offsets: list[int] = []
        i = start
        for m in WS_RUN.finditer(source, start, end):
            a, j = m.span()
            if a > i:
                parts.append(source[i:a])
                offsets.extend(range(i, a))
            before = source[a - 1] if a > start else ""  # the last character kept
            after = source[j] if j < end else ""
            # a line break alone is a wrap, which may cut a word (A / ED): no space
            if before.isascii() and before.isalpha() and after.isascii() and after.isalpha() \
                    and m.group().strip("\r\n"):
                parts.append(" ")
                offsets.append(a)
            i = j
        if i < end:
            parts.append(source[i:end])
            offsets.extend(range(i, end))
        return cls("".join(parts), tuple(offsets))

    def within(self, start: int, end: int) -> CompactText:
        """`CompactText.of(source, start, end)` cut from this compaction of the whole
        `source`, without reading the characters again.

        The same but at the edges: a stretch never starts or ends with a space
        (the one kept between ASCII letters needs a letter on both sides inside it).

        >>> src = "Open  Data\\n\\n推进 900 个"
        >>> whole = CompactText.of(src)
        >>> whole.text, whole.within(4, 18).text, CompactText.of(src, 4, 18).text
        ('Open Data推进900个', 'Data推进900', 'Data推进900')
        """
        lo, hi = bisect_left(self.offsets, start), bisect_left(self.offsets, end)
        if lo < hi and self.text[lo] == " ":
            lo += 1
        if lo < hi and self.text[hi - 1] == " ":
            hi -= 1
        return CompactText(self.text[lo:hi], self.offsets[lo:hi])

    def to_source(self, i: int, j: int) -> tuple[int, int]:
        """Map compact [i, j) to source [start, end) (end exclusive)."""
        if not 0 <= i < j <= len(self.offsets):
            raise ValueError(f"bad compact range {i}:{j} of {len(self.offsets)}")
        return self.offsets[i], self.offsets[j - 1] + 1

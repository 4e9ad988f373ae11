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


# control characters other than \t \n \v \f \r, and C1 controls (U+007F-U+009F)
_CONTROL_BAD = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    return False


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL_BAD.findall(sample)) / len(sample)


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode plan bytes, detecting the encoding.

    Returns (text, encoding). Tries UTF-8 (with or without BOM), UTF-16 with a
    BOM, then GB18030 (a superset of GBK and GB2312).

    Raises ReadError naming the file and the problem.

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
    if not data.strip():
        raise ReadError(f"{name}: the file is empty")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise ReadError(f"{name}: not decodable as UTF-16 despite its byte-order mark ({err.reason} at byte {err.start})") from None
    elif _looks_binary(data):
        raise ReadError(f"{name}: looks like a binary file (it contains NUL bytes), not plan text")
    else:
        text, encoding = "", ""
        for candidate in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(candidate)
                encoding = candidate
                break
            except UnicodeDecodeError:
                continue
        if not encoding:
            raise ReadError(f"{name}: not decodable as UTF-8 or GB18030/GBK; save it as UTF-8 and try again")
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
    if not text.strip():
        raise ReadError(f"{name}: the file holds only whitespace")
    if _control_ratio(text) > 0.01:
        raise ReadError(f"{name}: looks like a binary file (control characters in the text), not plan text")
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise ReadError(f"{name}: no Chinese text found; PlanGraph reads Chinese plan documents")
    return text, encoding


def read_source(path: Path) -> SourceText:
    """Read and decode one file. Raises ReadError (missing, unreadable, bad content)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory, expected a text file") from None
    except OSError as err:
        raise ReadError(f"{path}: cannot read ({err.strerror})") from None
    text, encoding = decode(data, str(path))
    return SourceText(name=path.name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


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
    def of(cls, source: str, start: int = 0, end: int | None = None) -> "CompactText":
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

    def within(self, start: int, end: int) -> "CompactText":
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

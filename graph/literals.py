"""Literal forms shared by the assembler and the exports: numbers and pinyin.

Consumes: Python values from the records (floats, ints, Chinese strings).
Produces: deterministic strings: canonical ``xsd:decimal`` lexical forms,
plain numbers for CSV, and tone-marked pinyin for ``@zh-Latn-pinyin`` labels.

Why not ``Literal(float)``: a float's repr carries binary noise
(``0.1 + 0.2 -> 0.30000000000000004``) and rdflib would type it ``xsd:double``.
Figures in plans have at most a handful of significant digits, so rounding to
15 significant digits removes the noise and nothing else; the result goes
through ``Decimal`` so it is never written in exponent form.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

_SIGNIFICANT = 15  # float64 is exact to 15 significant decimal digits


def _decimal(x: float | int | Decimal) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    return Decimal(format(x, f".{_SIGNIFICANT}g"))


def plain_number(x: float | int | Decimal) -> str:
    """A number as people write it: no exponent, no trailing zeros.

    >>> plain_number(5000.0)
    '5000'
    >>> plain_number(5.50)
    '5.5'
    >>> plain_number(5.0e11)
    '500000000000'
    >>> plain_number(0.1 + 0.2)
    '0.3'
    >>> plain_number(14.5 * 10000)
    '145000'
    >>> plain_number(-2.5)
    '-2.5'
    """
    text = format(_decimal(x), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def decimal_lexical(x: float | int | Decimal) -> str:
    """The canonical ``xsd:decimal`` lexical form: always a point and a digit after it.

    Canonical, so that Turtle written by rdflib (which adds ``.0``) parses back
    to an identical literal and round-trips stay isomorphic.

    >>> decimal_lexical(5000.0)
    '5000.0'
    >>> decimal_lexical(5.5)
    '5.5'
    >>> decimal_lexical(7.2e8)
    '720000000.0'
    >>> decimal_lexical(3000.0000000000005)
    '3000.0'
    """
    text = plain_number(x)
    return text if "." in text else text + ".0"


_BRACKETS = str.maketrans({"（": "(", "）": ")", "《": "<", "》": ">", "【": "[", "】": "]",
                           "“": '"', "”": '"', "，": ",", "、": ",", "：": ":", "。": "."})


def _keep(chars: str) -> list[str]:
    """pypinyin's `errors` handler: characters without pinyin are kept as they are."""
    return [chars]


@lru_cache(maxsize=65536)
def _word_syllables(word: str, tone: bool) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # lazy: importing pypinyin costs start-up time

    return tuple(lazy_pinyin(word, style=Style.TONE if tone else Style.NORMAL,
                             errors=_keep))  # type: ignore[arg-type]  # typed as returning str; a list is documented too


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    from pypinyin.seg.simpleseg import seg

    return tuple(seg(text))


def syllables(text: str, *, tone: bool) -> list[str]:
    """``pypinyin.lazy_pinyin(text, style=TONE or NORMAL, errors=keep)``, computed word by word.

    lazy_pinyin cuts the text into words (runs without pinyin, dictionary
    phrases, single characters) and converts each word on its own, so the
    result is the concatenation of the words' conversions; each word is a
    fixed point of the cutting, so converting it alone gives the same pieces.
    Caching per word (a plan repeats 推进, 建设, 亿元 ... thousands of times)
    and cutting each text once for both styles (labels are converted to TONE
    for pinyin labels and to NORMAL for IRI slugs) removes most of the cost.

    >>> syllables("绿色低碳S2线", tone=False)
    ['lv', 'se', 'di', 'tan', 'S2', 'xian']
    >>> syllables("绿色低碳S2线", tone=True)
    ['lǜ', 'sè', 'dī', 'tàn', 'S2', 'xiàn']
    """
    out: list[str] = []
    for word in _words(text):
        out += _word_syllables(word, tone)
    return out


@lru_cache(maxsize=65536)
def pinyin(text: str) -> str:
    """Tone-marked pinyin, one syllable per word-piece, other characters kept.

    For ``@zh-Latn-pinyin`` labels, so that people who do not read Chinese can
    still find a node by how its name sounds.

    >>> pinyin("郑州")
    'zhèng zhōu'
    >>> pinyin("轨道交通S2线")
    'guǐ dào jiāo tōng S2 xiàn'
    >>> pinyin("中欧班列（中豫号）")
    'zhōng ōu bān liè (zhōng yù hào)'
    >>> pinyin("年度完成投资 ≥5000亿元")
    'nián dù wán chéng tóu zī ≥5000 yì yuán'
    """
    pieces = syllables(text, tone=True)
    joined = " ".join(p.strip() for p in pieces if p.strip()).translate(_BRACKETS)
    joined = re.sub(r"([(<\[\"]) ", r"\1", joined)
    joined = re.sub(r" ([)>\],.:\"])", r"\1", joined)
    return re.sub(r"\s+", " ", joined).strip()


_MAX_SLUG = 40


@lru_cache(maxsize=65536)
def slug(label: str) -> str:
    """A lowercase ASCII slug from a Chinese or mixed label, via pinyin.

    >>> slug("郑州")
    'zheng-zhou'
    >>> slug("轨道交通S2线")
    'gui-dao-jiao-tong-s2-xian'
    >>> slug("《郑开同城化发展规划》")
    'zheng-kai-tong-cheng-hua-fa-zhan-gui-hua'
    >>> slug("")
    'x'
    """
    text = "-".join(syllables(label, tone=False))
    text = re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower()
    text = re.sub(r"-{2,}", "-", text)
    if len(text) > _MAX_SLUG:
        text = text[:_MAX_SLUG].rstrip("-")
    return text or "x"

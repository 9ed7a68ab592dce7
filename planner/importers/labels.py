"""Outline labels (壹、 一、 (一) 1. (1) A. (A) ①) and the small text helpers every importer shares.

parse_label() recognises a leading outline label and its number; expected_label() writes the n-th label of a
kind for messages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from planner.numerals import FOCUS, ITEM, METHOD, level_label, parse_chinese_number

# ---------------------------------------------------------------- text


def clean(text: str | None) -> str:
    """NFC-normalise (folds CJK compatibility ideographs) and unify line breaks."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u00a0" in text:
        text = text.replace("\u2028", "\n").replace("\u00a0", " ")
    return text


def lines_of(text: str) -> list[str]:
    """Return the non-empty, stripped lines of a text."""
    return list(line_tuple(text)) if text else []


def split_lines(text: str) -> tuple[str, ...]:
    """lines_of() as a tuple, not cached (for texts read once, such as a 方法 cell)."""
    return tuple([s for s in map(str.strip, clean(text).split("\n")) if s])


line_tuple = lru_cache(maxsize=1024)(split_lines)  # a cell's text is split by split_*_text() and again by its caller


_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Remove all whitespace (header words are often letter-spaced: 執 行 重 點)."""
    return _SPACES.sub("", clean(text)) if text else ""


def is_sentence(text: str) -> bool:
    """Return whether a line reads as a sentence (a body) rather than a short title."""
    return text.endswith(("。", "；", ";", "！", "？")) or len(text) > 40


def strip_colon(text: str) -> str:
    """Drop a trailing colon (一、優質便民服務： → 優質便民服務)."""
    return text.rstrip("：:").rstrip()


# ---------------------------------------------------------------- labels

SECTION = "section"  # 壹、
CN = "cn"  # 一、
PAREN_CN = "paren_cn"  # (一) （一） ㈠
ARABIC = "arabic"  # 1. 1、 1．
PAREN_ARABIC = "paren_arabic"  # (1) ⑴
LATIN = "latin"  # A.
PAREN_LATIN = "paren_latin"  # (A)
CIRCLED = "circled"  # ①
HIERARCHY = (CN, PAREN_CN, ARABIC, PAREN_ARABIC, LATIN, PAREN_LATIN, CIRCLED)
KIND_NAMES = {
    SECTION: "壹、",
    CN: "一、",
    PAREN_CN: "(一)",
    ARABIC: "1.",
    PAREN_ARABIC: "(1)",
    LATIN: "A.",
    PAREN_LATIN: "(A)",
    CIRCLED: "①",
}
ITEM_KINDS = (CN,)
FOCUS_KINDS = (PAREN_CN,)

_SP = r"[ \t\u3000]*"
_LP, _RP = r"[(（]", r"[)）]"
_CN_NUM = r"[一二三四五六七八九十百零〇兩]+"
CAPITALS = frozenset("壹貳參叁肆伍陸柒捌玖拾")
_CAP_NUM = r"[壹貳參叁肆伍陸柒捌玖拾]+"
_DIGITS = r"[0-9０-９]{1,4}"  # a 重點 of our 50,000-method export holds 2,084 methods
_LATIN = r"[A-Za-zＡ-Ｚａ-ｚ]"
_LATIN_CHARS = "".join(
    chr(c) for c in (*range(65, 91), *range(97, 123), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
)


def _chars(first: int, last: int) -> str:
    """Return the characters from code point first to last."""
    return "".join(chr(c) for c in range(first, last + 1))


# (kind, the characters it can start with, its pattern): a line is tried only against the alternatives its
# first character can start, in this order (the order decides between alternatives starting alike: "(").
_ALTERNATIVES = (
    (SECTION, "".join(sorted(CAPITALS)), rf"({_CAP_NUM}){_SP}[、.．]"),
    (PAREN_CN, "(（", rf"{_LP}{_SP}({_CN_NUM}){_SP}{_RP}"),
    (PAREN_CN, _chars(0x3220, 0x3229), r"([\u3220-\u3229])"),
    (CN, "一二三四五六七八九十百零〇兩", rf"({_CN_NUM}){_SP}[、.．]"),
    (PAREN_ARABIC, "(（", rf"{_LP}{_SP}({_DIGITS}){_SP}{_RP}"),
    (PAREN_ARABIC, _chars(0x2474, 0x2487), r"([\u2474-\u2487])"),
    (ARABIC, "0123456789" + _chars(0xFF10, 0xFF19), rf"({_DIGITS}){_SP}[.．、](?![0-9０-９])"),
    (PAREN_LATIN, "(（", rf"{_LP}{_SP}({_LATIN}){_SP}{_RP}"),
    (LATIN, _LATIN_CHARS, rf"({_LATIN}){_SP}[.．、](?![A-Za-z0-9])"),
    (CIRCLED, _chars(0x2460, 0x2473), r"([\u2460-\u2473])"),
)
_STARTERS = frozenset("".join(starts for _, starts, _ in _ALTERNATIVES))


def _pattern(alternatives: tuple[tuple[str, str, str], ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for some alternatives, tried once: group i + 1 holds the number of alternative i."""
    body = "|".join(f"(?:{alt})" for _, _, alt in alternatives)
    return re.compile(rf"^{_SP}(?:{body}){_SP}"), tuple(kind for kind, _, _ in alternatives)


_LABEL, _KIND_OF_GROUP = _pattern(_ALTERNATIVES)  # every alternative (what the per-character patterns split)
_BY_START = {ch: _pattern(tuple(a for a in _ALTERNATIVES if ch in a[1])) for ch in _STARTERS}


class Label(NamedTuple):
    """A leading outline label: its kind, its number, the label as written and the text after it."""

    kind: str
    number: int
    text: str
    rest: str


def _number(kind: str, raw: str) -> int:
    if kind == ARABIC and raw.isascii():  # the common case: 1. 2. 3.
        return int(raw)
    for first, last in (("\u3220", "\u3229"), ("\u2474", "\u2487"), ("\u2460", "\u2473")):
        if len(raw) == 1 and first <= raw <= last:
            return ord(raw) - ord(first) + 1
    raw = unicodedata.normalize("NFKC", raw)
    if kind in (ARABIC, PAREN_ARABIC):
        return int(raw)
    if kind in (LATIN, PAREN_LATIN):
        return ord(raw.upper()) - ord("A") + 1
    return parse_chinese_number(raw)


def parse_label(line: str) -> Label | None:
    """Recognise a leading outline label; None when the line is not numbered."""
    head = line.lstrip(" \t\u3000")[:1]
    if not head or head not in _STARTERS:
        return None
    return _parse_label(line)


def read_label(line: str) -> Label | None:
    """parse_label() not cached, for a line read once (the first line of a 方法 cell)."""
    head = line.lstrip(" \t\u3000")[:1]
    if not head or head not in _STARTERS:
        return None
    return _label(line, head)


def _label(line: str, head: str) -> Label | None:
    """Read the label of a line whose first character (head) can start one."""
    pattern, kinds = _BY_START[head]
    m = pattern.match(line)
    if m is None:
        return None
    group = m.lastindex
    if group is None:
        return None
    kind = kinds[group - 1]
    try:
        number = _number(kind, m.group(group))
    except ValueError:
        return None
    if number < 1:
        return None
    return Label(kind, number, m.group(0).strip(), line[m.end() :].strip())


@lru_cache(maxsize=1024)  # a cell's first line is read by split_*_text() and again by its caller
def _parse_label(line: str) -> Label | None:
    """parse_label() of a line starting like a label (Label is immutable: sharing one is safe)."""
    return _label(line, line.lstrip(" \t\u3000")[0])


def expected_label(kind: str, n: int) -> str:
    """Return how the n-th label of a kind is written (for messages)."""
    if kind == CN:
        return level_label(ITEM, n)
    if kind == PAREN_CN:
        return level_label(FOCUS, n)
    if kind == ARABIC:
        return level_label(METHOD, n)
    if kind == PAREN_ARABIC:
        return f"({n})"
    return KIND_NAMES.get(kind, "")


def short(text: str, width: int = 20) -> str:
    """Return the start of a text for messages."""
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "…"

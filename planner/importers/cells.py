"""Cell grammar: the 單位 and 查核期限 columns read from cell text.

read_units() splits a 單位 cell into names (separators 、，,；;/／, spaces, line breaks, and 及/和/與 between two
unit names), drops roles (主辦：, 協辦：, （主辦）) and maps 各課室/各單位/各組 to the one name meaning every
unit; it reports names that read like phrases. read_months() reads a 查核期限 cell (6月、12月, 每季, 上半年,
第3季, 6月15日前, months typed as numbers) and says when the months were inferred rather than written.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from planner.importers.labels import clean
from planner.numerals import parse_chinese_number
from planner.units import ALL_UNITS

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- units

EVERY_UNIT_WORDS = ("各課室", "各單位", "各組", "各科室", "各科", "各課", "各處室", "全體單位", "所有單位")
UNIT_SUFFIXES = (
    "課",
    "室",
    "組",
    "科",
    "處",
    "股",
    "中心",
    "館",
    "所",
    "隊",
    "局",
    "站",
    "院",
    "會",
    "部",
    "廠",
    "場",
    "園",
    "團",
    "班",
    "小組",
    "辦公室",
)
_ROLE_PREFIX = re.compile(r"(?:主辦|協辦|承辦|配合|督導|會辦|負責|執行)(?:單位)?\s*[:：]")
_ROLE_SUFFIX = re.compile(r"[(（]\s*(?:主辦|協辦|承辦|配合|督導|會辦)(?:單位)?\s*[)）]")
_UNIT_SPLIT = re.compile(r"[\n、，,；;／/]+")
_CONJUNCTION = re.compile(r"[及和與暨]")
MAX_UNIT_NAME = 12


@dataclass
class Units:
    """Unit names read from a cell, and what looked doubtful about them."""

    names: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def looks_like_unit(name: str) -> bool:
    """Return whether a name ends like a unit's name (課 室 組 科 處 股 中心 館 …) and is short enough."""
    return 2 <= len(name) <= MAX_UNIT_NAME and name.endswith(UNIT_SUFFIXES)


def reads_like_phrase(name: str) -> bool:
    """Return whether a name reads like a phrase rather than a unit (long, or sentence punctuation, no suffix)."""
    if looks_like_unit(name):
        return False
    return len(name) > 5 or any(ch in name for ch in "。：:「」（）()")


def _split_conjunctions(name: str) -> list[str] | None:
    """Split 「活動課及輔導課」 when every part looks like a unit name; None when it does not split cleanly."""
    parts = [p for p in _CONJUNCTION.split(name) if p]
    if len(parts) > 1 and all(looks_like_unit(p) for p in parts):
        return parts
    return None


def read_units(text: str) -> Units:
    """Split a 單位 cell into unit names, dropping roles; doubts name the parts that do not read as units."""
    names, doubts = unit_cell(text)  # a plan repeats few distinct 單位 cells: each is read once
    return Units(list(names), list(doubts))


@lru_cache(maxsize=4096)
def unit_cell(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return read_units(text)'s names and doubts as tuples (cached per distinct text: the table reader's path)."""
    out = Units()
    t = _ROLE_SUFFIX.sub("", _ROLE_PREFIX.sub("\n", unicodedata.normalize("NFKC", clean(text))))
    for part in _UNIT_SPLIT.split(t):
        tokens = part.split()
        if len(tokens) > 1 and all(len(tok) >= 2 for tok in tokens):
            names = tokens
        else:
            names = ["".join(tokens)]
        for raw in names:
            name = raw.strip("。.：: ")
            if not name:
                continue
            pieces = [name]
            if _CONJUNCTION.search(name) and name not in EVERY_UNIT_WORDS:
                split = _split_conjunctions(name)
                if split is not None:
                    pieces = split
                else:
                    out.doubts.append(f"「{name}」含有「及／和／與」但兩邊不都像單位名稱，未拆開")
            for piece in pieces:
                if piece in EVERY_UNIT_WORDS:
                    if piece != ALL_UNITS:
                        out.doubts.append(f"「{piece}」表示所有單位，已記為「{ALL_UNITS}」")
                    piece = ALL_UNITS
                elif reads_like_phrase(piece) and not any(d.startswith(f"「{piece}」") for d in out.doubts):
                    out.doubts.append(f"「{piece}」不像單位名稱")
                if piece not in out.names:
                    out.names.append(piece)
    return tuple(out.names), tuple(out.doubts)


def parse_units(text: str) -> list[str]:
    """Split a 單位 cell into names (see read_units)."""
    return read_units(text).names


# ---------------------------------------------------------------- months

_NUM = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
_MONTH_GROUP = re.compile(rf"({_NUM}(?:\s*[、,，及和與~～至\-－]\s*{_NUM})*)\s*月")
_MONTH_TOKEN = re.compile(r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[~～至\-－]")
_BARE = re.compile(r"^\s*[0-9]{1,2}(?:\s*[、,，;；/及和與]\s*[0-9]{1,2})*\s*$")
_QUARTER = re.compile(rf"第\s*({_NUM})\s*季")
_ALL_YEAR = list(range(1, 13))
# Words standing for months: (words, months, how it was read when that is an inference, else None).
_WORDS = (
    (("上半年",), [6], "6 月"),
    (("下半年",), [12], "12 月"),
    (("每半年", "半年"), [6, 12], None),
    (("每季", "按季", "逐季", "每一季"), [3, 6, 9, 12], None),
    (("每月", "逐月", "按月", "每個月"), _ALL_YEAR, None),
    (("全年", "整年", "全年度"), _ALL_YEAR, "1 至 12 月每月"),
    (("年底", "年終", "年末"), [12], "12 月"),
)


@dataclass
class Months:
    """Months read from a cell; guess says how words were turned into months (None when written as months)."""

    months: list[int] | None
    guess: str | None = None


def _month_value(token: str) -> int | None:
    try:
        n = int(token) if token.isdigit() else parse_chinese_number(token)
    except ValueError:
        return None
    return n if 1 <= n <= 12 else None


def _explicit(t: str, months: set[int]) -> None:
    for m in _MONTH_GROUP.finditer(t):
        tokens = _MONTH_TOKEN.findall(m.group(1))
        previous: int | None = None
        ranging = False
        for token in tokens:
            if token in "~～至-－":
                ranging = previous is not None
                continue
            value = _month_value(token)
            if value is None:
                continue
            if ranging and previous is not None and previous <= value:
                months.update(range(previous, value + 1))
            else:
                months.add(value)
            previous, ranging = value, False


def read_months(value: str) -> Months:
    """Read a 查核期限 cell; months None when nothing is recognised."""
    months, guess = month_cell(value)  # a plan repeats few distinct 查核期限 cells: each is read once
    return Months(None if months is None else list(months), guess)


@lru_cache(maxsize=4096)
def month_cell(value: str) -> tuple[tuple[int, ...] | None, str | None]:
    """Return read_months(value)'s months (a tuple) and guess, cached per distinct text."""
    t = unicodedata.normalize("NFKC", clean(value)).strip()
    if not t:
        return None, None
    if _BARE.match(t):  # months typed as numbers: 4, 12, 「6,12」
        nums = [int(n) for n in re.findall(r"[0-9]+", t)]
        if all(1 <= n <= 12 for n in nums):
            return tuple(sorted(set(nums))), None
        return None, None
    months: set[int] = set()
    _explicit(t, months)
    guesses: list[str] = []
    rest = t
    for m in _QUARTER.finditer(t):
        q = _month_value(m.group(1))
        if q is not None and 1 <= q <= 4:
            months.add(3 * q)
            guesses.append(f"「{m.group(0)}」→{3 * q} 月")
    rest = _QUARTER.sub("", rest)
    for words, values, shown in _WORDS:
        hit = next((w for w in words if w in rest), None)
        if hit is not None:
            months.update(values)
            if shown is not None:
                guesses.append(f"「{hit}」→{shown}")
            for w in words:
                rest = rest.replace(w, "")
    if not months and "每年" in t:
        months.add(12)
        guesses.append("「每年」→12 月")
    if not months:
        return None, None
    return tuple(sorted(months)), "、".join(guesses) or None


def parse_months(text: str) -> list[int] | None:
    """Parse a 查核期限 cell (see read_months); None when nothing is recognised."""
    return read_months(text).months

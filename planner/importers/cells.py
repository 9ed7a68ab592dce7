"""Cell grammar: the 單位 and 查核期限 columns read from cell text."""

from __future__ import annotations

import re
import unicodedata

from planner.importers.labels import clean
from planner.numerals import parse_chinese_number

# ---------------------------------------------------------------- units and months

_UNIT_SPLIT = re.compile(r"[\n、，,；;／/]+")


def parse_units(text: str) -> list[str]:
    """Split a 單位 cell into names: line breaks, 、，, ；; and / separate names."""
    out: list[str] = []
    for part in _UNIT_SPLIT.split(clean(text)):
        tokens = part.split()
        if len(tokens) > 1 and all(len(t) >= 2 for t in tokens):
            names = tokens
        else:
            names = ["".join(tokens)]
        for name in names:
            name = name.strip("。.：: ")
            if name and name not in out:
                out.append(name)
    return out


_EVERY = (
    (("每月", "逐月", "按月", "全年"), list(range(1, 13))),
    (("每季", "按季", "逐季"), [3, 6, 9, 12]),
    (("每半年", "半年"), [6, 12]),
    (("年底", "年終", "每年"), [12]),
)
_MONTH_GROUP = re.compile(
    r"((?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:\s*[、,，及和與~～至\-－]\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3}))*)\s*月"
)
_MONTH_TOKEN = re.compile(r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[~～至\-－]")


def _month_value(token: str) -> int | None:
    try:
        n = int(token) if token.isdigit() else parse_chinese_number(token)
    except ValueError:
        return None
    return n if 1 <= n <= 12 else None


def parse_months(text: str) -> list[int] | None:
    """Parse a 查核期限 cell ("6月、12月", "12月", "每季", "每月", "1-12月"); None when nothing is recognised."""
    t = unicodedata.normalize("NFKC", clean(text))
    months: set[int] = set()
    for words, values in _EVERY:
        if any(w in t for w in words):
            months.update(values)
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
    return sorted(months) if months else None

"""Word's automatic list numbering (numbering.xml and numbered paragraph styles)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from planner.importers.wordml import (
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_BASEDON,
    W_ILVL,
    W_ISLGL,
    W_LVL,
    W_LVLOVERRIDE,
    W_LVLTEXT,
    W_NUM,
    W_NUMFMT,
    W_NUMID,
    W_NUMPR,
    W_PPR,
    W_PSTYLE,
    W_START,
    W_STARTOVERRIDE,
    W_STYLE,
    W_STYLEID,
    W,
    to_int,
    val,
)
from planner.numerals import chinese_number, latin_upper

_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(fmt: str, n: int) -> str:
    """Render a counter in a w:numFmt format."""
    if n < 1:
        return str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        s = latin_upper(n)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if "Counting" in fmt or fmt in ("ideographDigital", "taiwaneseDigital", "chineseLegalSimplified"):
        return chinese_number(min(n, 9999))
    if fmt == "ideographTraditional":
        return _TRADITIONAL[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    return str(n)


@dataclass
class Numbering:
    """Word's automatic list numbering: renders the label a numbered paragraph shows."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)  # numId → ilvl → fmt
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        """Read numbering.xml and the numbering of paragraph styles."""
        self = cls()
        if numbering is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for an in numbering.iter(W_ABSTRACTNUM):
                lvls: dict[int, tuple[str, str, int]] = {}
                for lvl in an.iter(W_LVL):
                    ilvl = to_int(lvl.get(W_ILVL), 0)
                    fmt = val(lvl.find(W_NUMFMT), "decimal") or "decimal"
                    if lvl.find(W_ISLGL) is not None:
                        fmt = "decimal"
                    text = val(lvl.find(W_LVLTEXT), "") or ""
                    lvls[ilvl] = (fmt, text, to_int(val(lvl.find(W_START)), 1))
                abstract[an.get(W_ABSTRACTNUMID, "")] = lvls
            for num in numbering.iter(W_NUM):
                lvls = dict(abstract.get(val(num.find(W_ABSTRACTNUMID)) or "", {}))
                for override in num.iter(W_LVLOVERRIDE):
                    ilvl = to_int(override.get(W_ILVL), 0)
                    start = override.find(W_STARTOVERRIDE)
                    if ilvl in lvls and start is not None:
                        fmt, text, _ = lvls[ilvl]
                        lvls[ilvl] = (fmt, text, to_int(val(start), 1))
                self.levels[num.get(W_NUMID, "")] = lvls
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in styles.iter(W_STYLE):
                sid = style.get(W_STYLEID, "")
                parent = val(style.find(W_BASEDON))
                if parent:
                    based[sid] = parent
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    own[sid] = (val(num_pr.find(W_NUMID), "") or "", to_int(val(num_pr.find(W_ILVL)), 0))
            for sid in list(based) + list(own):
                seen, cur = set(), sid
                while cur and cur not in own and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur, "")
                if cur in own:
                    self.style_num[sid] = own[cur]
        return self

    def label(self, p: etree._Element) -> str:
        """Return the automatic label of a paragraph ('' when it has none) and advance the counters."""
        if not self.levels:
            return ""
        # w:pPr comes first in a w:p (schema order); one pass finds its style and numbering.
        ppr = p[0] if len(p) and p[0].tag == W_PPR else p.find(W_PPR)
        num_id, ilvl = "", 0
        style_id, num_pr = None, None
        if ppr is not None:
            for child in ppr:
                if child.tag == W_PSTYLE:
                    style_id = val(child)
                elif child.tag == W_NUMPR:
                    num_pr = child
        if style_id and style_id in self.style_num:
            num_id, ilvl = self.style_num[style_id]
        if num_pr is not None:
            num_id = val(num_pr.find(W_NUMID), num_id) or ""
            ilvl = to_int(val(num_pr.find(W_ILVL)), ilvl)
        lvls = self.levels.get(num_id)
        if not lvls or ilvl not in lvls or not 0 <= ilvl < 9:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = lvls[ilvl]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none") or not text:
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            f, _, s = lvls.get(k, ("decimal", "", 1))
            return format_number(f, counters[k] or s)

        return re.sub(r"%([1-9])", render, text)

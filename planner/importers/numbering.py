"""Word's automatic list numbering (numbering.xml and numbered paragraph styles), counted as Word counts it.

- Counters belong to the abstractNum: several w:num pointing at one abstractNum continue one count, unless a
  w:num restarts a level with w:lvlOverride/w:startOverride (that w:num then keeps its own count);
- a w:lvlOverride holding a whole w:lvl replaces that level's format for its w:num;
- w:lvlRestart says after which level a deeper level restarts (0: never);
- w:numStyleLink/w:styleLink lists and style-linked paragraphs (w:numPr in the paragraph style, inherited
  through w:basedOn) are followed; w:numId 0 on a paragraph switches the style's numbering off;
- w:isLgl shows every level of the label as decimal digits.
"""

from __future__ import annotations

import logging
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
    W_P,
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
from planner.numerals import CAPITAL, chinese_number, latin_upper

log = logging.getLogger(__name__)

W_LVLRESTART = f"{W}lvlRestart"
W_NUMSTYLELINK = f"{W}numStyleLink"
W_STYLELINK = f"{W}styleLink"
MAX_LEVELS = 9
MAX_COUNT = 99_999

_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN: tuple[tuple[int, str], ...]
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
_ROMAN += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_DIGIT_IDEOGRAPHS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _legal_traditional(n: int) -> str:
    """壹 貳 … 玖 壹拾 壹拾壹 … 貳拾 (Word's ideographLegalTraditional)."""
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = f"{CAPITAL[tens - 1]}拾" if tens else ""
    return head + (CAPITAL[ones - 1] if ones else "")


def format_number(fmt: str, n: int) -> str:
    """Render a counter in a w:numFmt format as Word shows it."""
    if n < 1:
        return str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        s = latin_upper(n)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "ideographLegalTraditional":
        return _legal_traditional(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGIT_IDEOGRAPHS[int(d)] for d in str(n))
    if "Counting" in fmt or fmt in ("chineseLegalSimplified", "ideographEnclosedCircle"):
        return chinese_number(min(n, 9999))
    if fmt == "ideographTraditional":
        return _TRADITIONAL[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_WIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class Level:
    """One list level: number format, label template, start value, restart level, legal numbering."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level is used; 0 never
    legal: bool = False


def _level(lvl: etree._Element) -> Level:
    restart = lvl.find(W_LVLRESTART)
    return Level(
        fmt=val(lvl.find(W_NUMFMT), "decimal") or "decimal",
        text=val(lvl.find(W_LVLTEXT), "") or "",
        start=to_int(val(lvl.find(W_START)), 1),
        restart=None if restart is None else to_int(val(restart), 0),
        legal=lvl.find(W_ISLGL) is not None and val(lvl.find(W_ISLGL), "true") not in ("false", "0", "off"),
    )


@dataclass
class ListDef:
    """A w:num resolved: its levels, the counter it advances, and the start values it restarts with."""

    levels: dict[int, Level]
    counter: str
    overrides: dict[int, int] = field(default_factory=dict)


def _add_paragraph(out: set[etree._Element], el: etree._Element) -> None:
    """Add the w:p whose own w:pPr holds el."""
    ppr = el.getparent()
    if ppr is not None and ppr.tag == W_PPR:
        p = ppr.getparent()
        if p is not None and p.tag == W_P:
            out.add(p)


def _absent(style_ids: list[str], data: bytes | None) -> bool:
    """Return whether the part's bytes surely name none of style_ids (ASCII ids, ASCII-compatible bytes, no &#)."""
    if not style_ids:
        return True
    if data is None or not (data[:1] == b"<" or data.startswith(b"\xef\xbb\xbf")):
        return False
    if b"&" in data and b"&#" in data:  # (one memchr first: far quicker than the two-byte search on most parts)
        return False
    groups: dict[bytes, list[bytes]] = {}  # one scan per shared prefix (ListBullet, ListBullet2, ListNumber …)
    for style_id in style_ids:
        if not style_id.isascii() or any(ch in style_id for ch in "&<>\"'") or not style_id:
            return False
        sid = style_id.encode("ascii")
        groups.setdefault(sid[:4], []).append(sid)
    return not any(prefix in data and any(sid in data for sid in sids) for prefix, sids in groups.items())


@dataclass
class Numbering:
    """Word's automatic list numbering: renders the label a numbered paragraph shows."""

    lists: dict[str, ListDef] = field(default_factory=dict)  # numId → definition
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)
    counters: dict[str, list[int]] = field(default_factory=dict)  # counter key → count per level
    started: set[str] = field(default_factory=set)  # w:num already used (their startOverride applied)
    pending: dict[tuple[str, int], int] = field(default_factory=dict)  # (counter, ilvl) → override start
    candidates: set[etree._Element] | None = None  # the only paragraphs that may be numbered (prepare)

    @classmethod
    def load(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        """Read numbering.xml and the numbering of paragraph styles."""
        self = cls()
        style_nums: dict[str, str] = {}  # styleId → numId named in the style's own w:numPr
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in styles.iter(W_STYLE):
                sid = style.get(W_STYLEID, "")
                parent = val(style.find(W_BASEDON))
                if parent:
                    based[sid] = parent
                num_pr = style.find(f"{W_PPR}/{W_NUMPR}")
                if num_pr is not None:
                    own[sid] = (val(num_pr.find(W_NUMID), "") or "", to_int(val(num_pr.find(W_ILVL)), 0))
                    style_nums[sid] = own[sid][0]
            for sid in list(based) + list(own):
                seen, cur = set(), sid
                while cur and cur not in own and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur, "")
                if cur in own:
                    self.style_num[sid] = own[cur]
        if numbering is None:
            return self
        abstract: dict[str, dict[int, Level]] = {}
        links: dict[str, str] = {}  # abstractNumId → style it takes its definition from (numStyleLink)
        style_owner: dict[str, str] = {}  # style name → abstractNumId defining it (styleLink)
        for an in numbering.iter(W_ABSTRACTNUM):
            aid = an.get(W_ABSTRACTNUMID, "")
            abstract[aid] = {to_int(lvl.get(W_ILVL), 0): _level(lvl) for lvl in an.iter(W_LVL)}
            link = val(an.find(W_NUMSTYLELINK))
            if link:
                links[aid] = link
            owner = val(an.find(W_STYLELINK))
            if owner:
                style_owner[owner] = aid
        num_abstract = {num.get(W_NUMID, ""): val(num.find(W_ABSTRACTNUMID)) or "" for num in numbering.iter(W_NUM)}

        def resolve(aid: str) -> str:
            """Follow numStyleLink to the abstractNum that really holds the levels."""
            seen: set[str] = set()
            while aid in links and aid not in seen:
                seen.add(aid)
                target = style_owner.get(links[aid]) or num_abstract.get(style_nums.get(links[aid], ""), "")
                if not target:
                    break
                aid = target
            return aid

        for num in numbering.iter(W_NUM):
            num_id = num.get(W_NUMID, "")
            aid = resolve(num_abstract.get(num_id, ""))
            levels = dict(abstract.get(aid, {}))
            overrides: dict[int, int] = {}
            for override in num.iter(W_LVLOVERRIDE):
                ilvl = to_int(override.get(W_ILVL), 0)
                lvl = override.find(W_LVL)
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(W_STARTOVERRIDE)
                if start is not None:
                    overrides[ilvl] = to_int(val(start), 1)
            counter = f"num:{num_id}" if overrides else f"abstract:{aid}"
            self.lists[num_id] = ListDef(levels, counter, overrides)
        return self

    def prepare(
        self, body: etree._Element, data: bytes | None = None, num_prs: list[etree._Element] | None = None
    ) -> None:
        """Note the paragraphs that may be numbered: a w:numPr or a numbered style in their w:pPr.

        label() then answers '' at once for every other paragraph; paragraphs outside body are not labelled.
        data (the part's bytes) lets a numbered style that the document never names be skipped unread;
        num_prs: the body's w:numPr elements when the caller has found them already.
        """
        out: set[etree._Element] = set()
        if self.lists:
            for el in body.iter(W_NUMPR) if num_prs is None else num_prs:  # found by lxml in C
                _add_paragraph(out, el)
            # A style can number a paragraph only through a list defined here (label() needs it); a paragraph
            # numbered by its own w:numPr is found above.
            styles = {sid for sid, (num_id, _) in self.style_num.items() if num_id in self.lists and num_id != "0"}
            if not _absent(sorted(styles), data):
                for el in body.iter(W_PSTYLE):
                    if val(el) in styles:
                        _add_paragraph(out, el)
        self.candidates = out

    def paragraph_list(self, p: etree._Element) -> tuple[str, int] | None:
        """Return (numId, ilvl) of a paragraph's numbering, from its own w:numPr or its style; None if none."""
        ppr = p[0] if len(p) and p[0].tag == W_PPR else p.find(W_PPR)
        if ppr is None:
            return None
        style_id, num_pr = None, None
        for child in ppr:
            if child.tag == W_PSTYLE:
                style_id = val(child)
            elif child.tag == W_NUMPR:
                num_pr = child
        num_id, ilvl = "", 0
        if style_id and style_id in self.style_num:
            num_id, ilvl = self.style_num[style_id]
        if num_pr is not None:
            num_id = val(num_pr.find(W_NUMID), num_id) or ""
            ilvl = to_int(val(num_pr.find(W_ILVL)), ilvl)
        if not num_id or num_id == "0" or not 0 <= ilvl < MAX_LEVELS:
            return None
        return num_id, ilvl

    def label(self, p: etree._Element) -> str:
        """Return the automatic label of a paragraph ('' when it has none) and advance the counters."""
        if not self.lists or (self.candidates is not None and p not in self.candidates):
            return ""
        found = self.paragraph_list(p)
        if found is None:
            return ""
        num_id, ilvl = found
        lst = self.lists.get(num_id)
        if lst is None or ilvl not in lst.levels:
            return ""
        counters = self.counters.setdefault(lst.counter, [0] * MAX_LEVELS)
        if lst.overrides and num_id not in self.started:
            self.started.add(num_id)
            for k, start in lst.overrides.items():
                self.pending[(lst.counter, k)] = start
        level = lst.levels[ilvl]
        restart_at = self.pending.pop((lst.counter, ilvl), None)
        if restart_at is not None:
            counters[ilvl] = restart_at
        elif counters[ilvl] == 0:
            counters[ilvl] = level.start
        else:
            counters[ilvl] = min(counters[ilvl] + 1, MAX_COUNT)
        for deeper in range(ilvl + 1, MAX_LEVELS):
            restart = lst.levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = 0
        if level.fmt in ("bullet", "none") or not level.text:
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            shown = lst.levels.get(k, Level())
            fmt = "decimal" if level.legal and shown.fmt != "decimalZero" else shown.fmt
            return format_number(fmt, counters[k] or shown.start)

        return re.sub(r"%([1-9])", render, level.text)

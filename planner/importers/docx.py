"""Read last year's plan from a Word (.docx) file into plan data.

The body is walked in document order straight from the XML (python-docx's object model misses block-level
content controls, tracked insertions and repeats merged cells): paragraphs and tables, descending into
w:sdt/w:customXml, taking w:ins/w:moveTo text and leaving out w:del/w:moveFrom and hidden text. Tables are
walked row by row tracking the grid column (gridBefore, gridSpan, hMerge) and vertical merges (vMerge restart;
a bare <w:vMerge/> or val="continue" continues the cell above). Automatic list numbering is rendered into
the text so that levels are recognised the same way as typed numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from planner.errors import BadInput
from planner.importers import outline as ol
from planner.importers.result import ImportResult, layout_from_columns
from planner.importers.safety import MB, Package, parse_xml, relationships
from planner.numerals import chinese_number, latin_upper

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_ABSTRACTNUM = f"{W}abstractNum"
W_ABSTRACTNUMID = f"{W}abstractNumId"
W_BASEDON = f"{W}basedOn"
W_BODY = f"{W}body"
W_BR = f"{W}br"
W_CR = f"{W}cr"
W_CUSTOMXML = f"{W}customXml"
W_DEL = f"{W}del"
W_DELTEXT = f"{W}delText"
W_DOCUMENT = f"{W}document"
W_DRAWING = f"{W}drawing"
W_ENDNOTEREFERENCE = f"{W}endnoteReference"
W_FOOTNOTEREFERENCE = f"{W}footnoteReference"
W_GRIDBEFORE = f"{W}gridBefore"
W_GRIDSPAN = f"{W}gridSpan"
W_HMERGE = f"{W}hMerge"
W_ILVL = f"{W}ilvl"
W_INS = f"{W}ins"
W_INSTRTEXT = f"{W}instrText"
W_ISLGL = f"{W}isLgl"
W_LVL = f"{W}lvl"
W_LVLOVERRIDE = f"{W}lvlOverride"
W_LVLTEXT = f"{W}lvlText"
W_MOVEFROM = f"{W}moveFrom"
W_MOVETO = f"{W}moveTo"
W_NOBREAKHYPHEN = f"{W}noBreakHyphen"
W_NUM = f"{W}num"
W_NUMFMT = f"{W}numFmt"
W_NUMID = f"{W}numId"
W_NUMPR = f"{W}numPr"
W_OBJECT = f"{W}object"
W_P = f"{W}p"
W_PPR = f"{W}pPr"
W_PSTYLE = f"{W}pStyle"
W_PICT = f"{W}pict"
W_R = f"{W}r"
W_RPR = f"{W}rPr"
W_SDT = f"{W}sdt"
W_SDTCONTENT = f"{W}sdtContent"
W_START = f"{W}start"
W_STARTOVERRIDE = f"{W}startOverride"
W_STYLE = f"{W}style"
W_STYLEID = f"{W}styleId"
W_T = f"{W}t"
W_TAB = f"{W}tab"
W_TBL = f"{W}tbl"
W_TC = f"{W}tc"
W_TCPR = f"{W}tcPr"
W_TR = f"{W}tr"
W_TRPR = f"{W}trPr"
W_VMERGE = f"{W}vMerge"
W_VAL = f"{W}val"
W_VANISH = f"{W}vanish"
MAX_ROWS = 20_000
MAX_PARAGRAPHS = 150_000
MAX_SPAN = 64
NOT_A_PLAN = "文件中找不到計畫內容（要項、重點、方法的表格，或一、(一)1. 編號的大綱）。"

# Run-level elements whose text is not part of the visible document.
_SKIP = {
    W_DEL,
    W_MOVEFROM,
    W_PPR,
    W_RPR,
    W_INSTRTEXT,
    W_DELTEXT,
    W_DRAWING,
    W_PICT,
    W_OBJECT,
    W_FOOTNOTEREFERENCE,
    W_ENDNOTEREFERENCE,
    f"{MC}AlternateContent",
    f"{W}sdtPr",
    f"{W}sdtEndPr",
    f"{W}rt",
}


# ---------------------------------------------------------------- automatic numbering

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


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(W_VAL, default)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


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
                    ilvl = _int(lvl.get(W_ILVL), 0)
                    fmt = _val(lvl.find(W_NUMFMT), "decimal") or "decimal"
                    if lvl.find(W_ISLGL) is not None:
                        fmt = "decimal"
                    text = _val(lvl.find(W_LVLTEXT), "") or ""
                    lvls[ilvl] = (fmt, text, _int(_val(lvl.find(W_START)), 1))
                abstract[an.get(W_ABSTRACTNUMID, "")] = lvls
            for num in numbering.iter(W_NUM):
                lvls = dict(abstract.get(_val(num.find(W_ABSTRACTNUMID)) or "", {}))
                for override in num.iter(W_LVLOVERRIDE):
                    ilvl = _int(override.get(W_ILVL), 0)
                    start = override.find(W_STARTOVERRIDE)
                    if ilvl in lvls and start is not None:
                        fmt, text, _ = lvls[ilvl]
                        lvls[ilvl] = (fmt, text, _int(_val(start), 1))
                self.levels[num.get(W_NUMID, "")] = lvls
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in styles.iter(W_STYLE):
                sid = style.get(W_STYLEID, "")
                parent = _val(style.find(W_BASEDON))
                if parent:
                    based[sid] = parent
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    own[sid] = (_val(num_pr.find(W_NUMID), "") or "", _int(_val(num_pr.find(W_ILVL)), 0))
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
                    style_id = _val(child)
                elif child.tag == W_NUMPR:
                    num_pr = child
        if style_id and style_id in self.style_num:
            num_id, ilvl = self.style_num[style_id]
        if num_pr is not None:
            num_id = _val(num_pr.find(W_NUMID), num_id) or ""
            ilvl = _int(_val(num_pr.find(W_ILVL)), ilvl)
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


# ---------------------------------------------------------------- text


def _collect(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == W_R:
            rpr = _first(child, W_RPR)
            if rpr is not None:
                hidden = _first(rpr, W_VANISH)
                if hidden is not None and _val(hidden, "true") not in ("false", "0", "off"):
                    continue
            _collect(child, out)
        elif tag == W_BR or tag == W_CR:
            out.append("\n")
        elif tag == W_TAB:
            out.append("\t")
        elif tag == W_NOBREAKHYPHEN:
            out.append("-")
        else:
            _collect(child, out)


def paragraph_text(p: etree._Element, numbering: Numbering) -> str:
    """Return a paragraph's visible text (w:br as line breaks), with its automatic label in front."""
    out: list[str] = []
    _collect(p, out)
    label = numbering.label(p)  # advance the counters even for an empty numbered paragraph, as Word does
    text = ol.clean("".join(out))
    if not text.strip():
        return ""
    return f"{label}{text.lstrip()}" if label else text


_BLOCKS = frozenset((W_P, W_TBL, W_TR, W_TC))
_WRAPPERS = frozenset((W_CUSTOMXML, W_INS, W_MOVETO))


def _block_children(el: etree._Element) -> list[etree._Element]:
    """Return block-level children, looking through content controls and custom XML."""
    out: list[etree._Element] = []
    for child in el:
        tag = child.tag
        if tag in _BLOCKS:
            out.append(child)
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                out.extend(_block_children(content))
        elif tag in _WRAPPERS:
            out.extend(_block_children(child))
    return out


def cell_text(tc: etree._Element, numbering: Numbering) -> str:
    """Return a table cell's text: its paragraphs as lines, nested tables flattened into lines."""
    lines: list[str] = []
    for block in _block_children(tc):
        if block.tag == W_P:
            text = paragraph_text(block, numbering)
            if text:
                lines.append(text)
        elif block.tag == W_TBL:
            for tr in _block_children(block):
                for cell in _block_children(tr):
                    text = cell_text(cell, numbering)
                    if text:
                        lines.append(text)
    return "\n".join(lines)


# ---------------------------------------------------------------- tables


@dataclass
class RawCell:
    """A w:tc as written: grid column, span, vertical merge state and text."""

    col: int
    span: int
    vmerge: str | None
    text: str


@dataclass
class Table:
    """A w:tbl: its rows of raw cells and its place in the document."""

    index: int
    rows: list[list[RawCell]]

    def grid_width(self) -> int:
        """Return the number of grid columns used."""
        return max((c.col + c.span for row in self.rows for c in row), default=0)

    def resolved(self) -> list[dict[int, ol.Slot]]:
        """Resolve vertical merges: a continuing cell shows the cell above (same origin, same text)."""
        out: list[dict[int, ol.Slot]] = []
        above: dict[int, ol.Slot] = {}
        for r, cells in enumerate(self.rows):
            row: dict[int, ol.Slot] = {}
            cover: dict[int, ol.Slot] = {}
            for cell in cells:
                if cell.vmerge == "continue" and cell.col in above:
                    slot = above[cell.col]
                else:
                    slot = ol.Slot((self.index, r, cell.col), cell.text)
                row[cell.col] = slot
                for c in range(cell.col, cell.col + cell.span):
                    cover[c] = slot
            above = cover
            out.append(row)
        return out


def _first(el: etree._Element, tag: str) -> etree._Element | None:
    """Return the first child with a tag (properties come first, so this is quick)."""
    for child in el:
        if child.tag == tag:
            return child
    return None


def read_table(tbl: etree._Element, index: int, numbering: Numbering) -> Table:
    """Walk w:tr/w:tc tracking grid columns (gridBefore, gridSpan, hMerge) and vMerge."""
    rows: list[list[RawCell]] = []
    for tr in _block_children(tbl):
        if tr.tag != W_TR:
            continue
        col = 0
        trpr = _first(tr, W_TRPR)
        if trpr is not None:
            if _first(trpr, W_DEL) is not None:
                continue  # a deleted row (tracked change)
            col = max(0, min(_int(_val(_first(trpr, W_GRIDBEFORE)), 0), MAX_SPAN))
        cells: list[RawCell] = []
        for tc in _block_children(tr):
            if tc.tag != W_TC:
                continue
            span, vmerge, hmerge = 1, None, None
            tcpr = _first(tc, W_TCPR)
            if tcpr is not None:
                for prop in tcpr:
                    tag = prop.tag
                    if tag == W_GRIDSPAN:
                        span = max(1, min(_int(_val(prop), 1), MAX_SPAN))
                    elif tag == W_VMERGE:
                        vmerge = "restart" if _val(prop) == "restart" else "continue"
                    elif tag == W_HMERGE:
                        hmerge = "restart" if _val(prop) == "restart" else "continue"
            text = cell_text(tc, numbering)
            if hmerge == "continue" and cells:
                cells[-1].span += span
                if text:
                    cells[-1].text = f"{cells[-1].text}\n{text}" if cells[-1].text else text
            else:
                cells.append(RawCell(col, span, vmerge, text))
            col += span
        rows.append(cells)
    return Table(index, rows)


def _repeats_header(cells: list[RawCell], heads: dict[int, str]) -> bool:
    same = 0
    for c in cells:
        head = heads.get(c.col)
        if head and len(c.text) <= 3 * len(head) + 8 and ol.squeeze(c.text) == head:
            same += 1
    return same >= 2


def find_header(table: Table) -> tuple[int, dict[int, str], list[ol.HeaderCell]] | None:
    """Return (row index, roles by grid column, header cells) when one of the first rows is a content header."""
    for r, cells in enumerate(table.rows[:6]):
        header = [ol.HeaderCell(c.text, c.col, c.span) for c in cells]
        roles = ol.header_roles(header)
        if roles is not None:
            return r, roles, header
    return None


# ---------------------------------------------------------------- the document


@dataclass
class _Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    label: ol.Label | None = None


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?tr[\s/>]")
_PARA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def read_docx(pkg: Package, main: str) -> ImportResult:
    """Read a plan from a checked .docx package."""
    data = pkg.read(main)
    if len(_ROW_TAG.findall(data)) > MAX_ROWS:
        raise BadInput(f"文件中的表格超過 {MAX_ROWS:,} 列，不像是一份計畫，已停止讀取。")
    if len(_PARA_TAG.findall(data)) > MAX_PARAGRAPHS:
        raise BadInput(f"文件超過 {MAX_PARAGRAPHS:,} 個段落，不像是一份計畫，已停止讀取。")
    root = parse_xml(data)
    del data
    if root.tag == f"{{{STRICT_NS}}}document":
        raise BadInput("這是「Strict Open XML」格式的 Word 檔，無法讀取。請用 Word 另存為一般的 Word 文件 (.docx)。")
    if root.tag != W_DOCUMENT:
        raise BadInput("這個檔案的主要內容不是 Word 文件。")
    body = root.find(W_BODY)
    if body is None:
        raise BadInput(NOT_A_PLAN)
    if sum(1 for _ in body.iter(W_TR)) > MAX_ROWS:
        raise BadInput(f"文件中的表格超過 {MAX_ROWS:,} 列，不像是一份計畫，已停止讀取。")

    parts = {rel_type.rsplit("/", 1)[-1]: name for rel_type, name in relationships(pkg, main)}
    numbering_root = pkg.xml(parts["numbering"], 10 * MB) if pkg.has(parts.get("numbering", "")) else None
    styles_root = pkg.xml(parts["styles"], 10 * MB) if pkg.has(parts.get("styles", "")) else None
    numbering = Numbering.load(numbering_root, styles_root)

    return DocxReader(numbering).read(body, pkg)


class DocxReader:
    """Walks a document body and builds the plan data."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.warnings: list[str] = []
        self.builder = ol.TreeBuilder(self.warnings)
        self.pre: list[str] = []
        self.sections: list[_Section] = []
        self.columns: list[tuple[str, tuple[str, ...]]] = []
        self.tables = 0
        self.content_tables = 0
        self.content_open = False  # the last block was a content table (a following one continues it)
        self.content_width = 0
        self.content_roles: dict[int, str] = {}
        self.content_headers: dict[int, str] = {}

    def _lines(self) -> list[str]:
        return self.sections[-1].lines if self.sections else self.pre

    def paragraph(self, text: str) -> None:
        """Place a paragraph: a section heading, or text of the current section (or the title area)."""
        lines = ol.lines_of(text)
        if not lines:
            return
        self.content_open = False
        label = ol.parse_label(lines[0]) if lines[0].lstrip(" \t\u3000")[:1] in ol.CAPITALS else None
        if label is not None and label.kind == ol.SECTION and label.rest:
            heading, rest = ol.strip_colon(label.rest), lines[1:]
            m = re.match(r"^([^：:。，]{1,12})[：:]\s*(\S.*)$", label.rest)
            if m is not None:  # 參、實施對象：本所各課室。
                heading, rest = m.group(1).strip(), [m.group(2), *rest]
            self.sections.append(_Section(heading, rest, label))
            return
        self._lines().extend(lines)

    def table(self, tbl: etree._Element) -> None:
        """Read a table: the content table (or its continuation), or another table kept as text."""
        self.tables += 1
        table = read_table(tbl, self.tables, self.numbering)
        found = find_header(table)
        where = f"第 {self.tables} 個表格"
        if found is None and self.content_open and table.grid_width() == self.content_width:
            self._content(table, 0, self.content_roles, where)
            return
        if found is not None and self.content_tables and not self.content_open and self.builder.items:
            self.warnings.append(f"{where}也像是計畫內容表格，但計畫內容已從前面的表格讀取，這個表格未匯入。")
            return
        if found is None:
            lines = ["\t".join(" ".join(ol.lines_of(c.text)) for c in row) for row in table.rows]
            lines = [ln for ln in (line.strip() for line in lines) if ln]
            if lines:
                self._lines().extend(lines)
                self.warnings.append(f"{where}不是計畫內容表格，其文字已併入「{self._place()}」。")
            return
        r, roles, header = found
        if not self.builder.items:
            self.columns = ol.header_columns(header, roles)
            self.content_roles = roles
            self.content_headers = {c.col: c.text for c in header}
            self.content_width = table.grid_width()
        self._content(table, r + 1, roles, where)

    def _place(self) -> str:
        return self.sections[-1].heading if self.sections else "標題"

    def _content(self, table: Table, start: int, roles: dict[int, str], where: str) -> None:
        self.content_tables += 1
        self.content_open = True
        # Drop header rows repeated in the XML first, so that a merge continues across them.
        heads = {c: ol.squeeze(t) for c, t in self.content_headers.items() if ol.squeeze(t)}
        kept = [(r, cells) for r, cells in enumerate(table.rows) if r >= start and not _repeats_header(cells, heads)]
        resolved = Table(table.index, [cells for _, cells in kept]).resolved()
        rows = [(f"{where}第 {r + 1} 列", slots) for (r, _), slots in zip(kept, resolved)]
        ol.build_from_table(rows, roles, self.content_headers, self.builder)

    def walk(self, container: etree._Element) -> None:
        """Walk block content in document order."""
        for block in _block_children(container):
            if block.tag == W_P:
                self.paragraph(paragraph_text(block, self.numbering))
            elif block.tag == W_TBL:
                self.table(block)

    def read(self, body: etree._Element, pkg: Package) -> ImportResult:
        """Read the whole body into an ImportResult."""
        self.walk(body)
        if body.find(f".//{W}altChunk") is not None:
            self.warnings.append("文件中有內嵌的其他文件（altChunk），其內容未匯入。")
        outline_section: _Section | None = None
        if not self.builder.items:
            outline_section = self._outline()
        if not self.builder.items:
            raise BadInput(NOT_A_PLAN)
        self.builder.check_numbering()

        info = ol.parse_title_lines(self.pre)
        if info.year is None:
            self.warnings.append("標題中找不到年度（例如「114年度」），匯入時請指定年度。")
        if not info.title:
            self.warnings.append("找不到計畫標題（例如「114年度提升服務工作計畫」）。")
        if info.unused:
            self.warnings.append("標題區有未匯入的文字：" + "／".join(ol.short(u, 30) for u in info.unused))
        self._check_section_numbers()

        layout = layout_from_columns(self.columns, self.warnings)
        sections = []
        for s in self.sections:
            text = "\n".join(s.lines)
            sections.append({"heading": s.heading, "text": text})
        data: dict[str, Any] = {
            "agency": info.agency,
            "year": info.year,
            "title": info.title,
            "issued": info.issued,
            "sections": sections,
            "columns": layout.headers,
            "items": self.builder.items,
        }
        if outline_section is not None:
            self.warnings.append(
                f"文件中沒有計畫內容表格，已從「{outline_section.heading}」的編號大綱讀取要項、重點與方法。"
            )
        return ImportResult(
            data=data,
            warnings=self.warnings,
            unit_names=list(self.builder.unit_names),
            kind="docx",
            path=pkg.path,
            layout=layout,
        )

    def _outline(self) -> _Section | None:
        """With no content table, read the tree from the best outline section (or the untitled body)."""
        candidates = list(self.sections)
        if not candidates:
            # No 壹貳參 sections: the lines after the title area form the outline.
            first = next((i for i, ln in enumerate(self.pre) if ol.parse_label(ln) is not None), None)
            if first is None:
                return None
            candidates = [_Section("計畫內容", self.pre[first:])]
            self.pre = self.pre[:first]
        labels = {id(s): [ol.parse_label(line) for line in s.lines] for s in candidates}
        scores = {id(s): ol.outline_score(labels[id(s)]) for s in candidates}
        best = max(candidates, key=lambda s: (scores[id(s)], _content_heading(s.heading)))
        if scores[id(best)] == 0:
            return None
        where = f"「{best.heading}」："
        best.lines = ol.build_from_outline(best.lines, self.builder, where=where, labels=labels[id(best)])
        return best

    def _check_section_numbers(self) -> None:
        expected = 1
        for s in self.sections:
            if s.label is not None and s.label.number != expected:
                self.warnings.append(
                    f"段落「{s.heading}」原編號為「{s.label.text}」，與所在位置不符，匯入後將依位置重新編號。"
                )
            expected += 1


def _content_heading(heading: str) -> int:
    return int(any(w in heading for w in ("計畫內容", "執行策略", "實施內容", "工作項目", "方法", "內容")))

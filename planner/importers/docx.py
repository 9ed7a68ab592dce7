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
from planner.importers.labels import CAPITALS, SECTION, Label, clean, lines_of, parse_label, short, squeeze, strip_colon
from planner.importers.numbering import Numbering
from planner.importers.result import ImportResult, layout_from_columns
from planner.importers.safety import MB, Package, parse_xml, relationships
from planner.importers.table import HeaderCell, Slot, build_from_table, header_columns, header_roles
from planner.importers.titles import parse_title_lines
from planner.importers.tree import TreeBuilder, build_from_outline, outline_score
from planner.importers.wordml import (
    MC,
    STRICT_NS,
    W_BODY,
    W_BR,
    W_CR,
    W_CUSTOMXML,
    W_DEL,
    W_DELTEXT,
    W_DOCUMENT,
    W_DRAWING,
    W_ENDNOTEREFERENCE,
    W_FOOTNOTEREFERENCE,
    W_GRIDBEFORE,
    W_GRIDSPAN,
    W_HMERGE,
    W_INS,
    W_INSTRTEXT,
    W_MOVEFROM,
    W_MOVETO,
    W_NOBREAKHYPHEN,
    W_OBJECT,
    W_P,
    W_PICT,
    W_PPR,
    W_R,
    W_RPR,
    W_SDT,
    W_SDTCONTENT,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_VANISH,
    W_VMERGE,
    W,
    first_child,
    to_int,
    val,
)

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


# ---------------------------------------------------------------- text


def _collect(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == W_R:
            rpr = first_child(child, W_RPR)
            if rpr is not None:
                hidden = first_child(rpr, W_VANISH)
                if hidden is not None and val(hidden, "true") not in ("false", "0", "off"):
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
    text = clean("".join(out))
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

    def resolved(self) -> list[dict[int, Slot]]:
        """Resolve vertical merges: a continuing cell shows the cell above (same origin, same text)."""
        out: list[dict[int, Slot]] = []
        above: dict[int, Slot] = {}
        for r, cells in enumerate(self.rows):
            row: dict[int, Slot] = {}
            cover: dict[int, Slot] = {}
            for cell in cells:
                if cell.vmerge == "continue" and cell.col in above:
                    slot = above[cell.col]
                else:
                    slot = Slot((self.index, r, cell.col), cell.text)
                row[cell.col] = slot
                for c in range(cell.col, cell.col + cell.span):
                    cover[c] = slot
            above = cover
            out.append(row)
        return out


def read_table(tbl: etree._Element, index: int, numbering: Numbering) -> Table:
    """Walk w:tr/w:tc tracking grid columns (gridBefore, gridSpan, hMerge) and vMerge."""
    rows: list[list[RawCell]] = []
    for tr in _block_children(tbl):
        if tr.tag != W_TR:
            continue
        col = 0
        trpr = first_child(tr, W_TRPR)
        if trpr is not None:
            if first_child(trpr, W_DEL) is not None:
                continue  # a deleted row (tracked change)
            col = max(0, min(to_int(val(first_child(trpr, W_GRIDBEFORE)), 0), MAX_SPAN))
        cells: list[RawCell] = []
        for tc in _block_children(tr):
            if tc.tag != W_TC:
                continue
            span, vmerge, hmerge = 1, None, None
            tcpr = first_child(tc, W_TCPR)
            if tcpr is not None:
                for prop in tcpr:
                    tag = prop.tag
                    if tag == W_GRIDSPAN:
                        span = max(1, min(to_int(val(prop), 1), MAX_SPAN))
                    elif tag == W_VMERGE:
                        vmerge = "restart" if val(prop) == "restart" else "continue"
                    elif tag == W_HMERGE:
                        hmerge = "restart" if val(prop) == "restart" else "continue"
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
        if head and len(c.text) <= 3 * len(head) + 8 and squeeze(c.text) == head:
            same += 1
    return same >= 2


def find_header(table: Table) -> tuple[int, dict[int, str], list[HeaderCell]] | None:
    """Return (row index, roles by grid column, header cells) when one of the first rows is a content header."""
    for r, cells in enumerate(table.rows[:6]):
        header = [HeaderCell(c.text, c.col, c.span) for c in cells]
        roles = header_roles(header)
        if roles is not None:
            return r, roles, header
    return None


# ---------------------------------------------------------------- the document


@dataclass
class _Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    label: Label | None = None


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
        self.builder = TreeBuilder(self.warnings)
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
        lines = lines_of(text)
        if not lines:
            return
        self.content_open = False
        label = parse_label(lines[0]) if lines[0].lstrip(" \t\u3000")[:1] in CAPITALS else None
        if label is not None and label.kind == SECTION and label.rest:
            heading, rest = strip_colon(label.rest), lines[1:]
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
            lines = ["\t".join(" ".join(lines_of(c.text)) for c in row) for row in table.rows]
            lines = [ln for ln in (line.strip() for line in lines) if ln]
            if lines:
                self._lines().extend(lines)
                self.warnings.append(f"{where}不是計畫內容表格，其文字已併入「{self._place()}」。")
            return
        r, roles, header = found
        if not self.builder.items:
            self.columns = header_columns(header, roles)
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
        heads = {c: squeeze(t) for c, t in self.content_headers.items() if squeeze(t)}
        kept = [(r, cells) for r, cells in enumerate(table.rows) if r >= start and not _repeats_header(cells, heads)]
        resolved = Table(table.index, [cells for _, cells in kept]).resolved()
        rows = [(f"{where}第 {r + 1} 列", slots) for (r, _), slots in zip(kept, resolved)]
        build_from_table(rows, roles, self.content_headers, self.builder)

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

        info = parse_title_lines(self.pre)
        if info.year is None:
            self.warnings.append("標題中找不到年度（例如「114年度」），匯入時請指定年度。")
        if not info.title:
            self.warnings.append("找不到計畫標題（例如「114年度提升服務工作計畫」）。")
        if info.unused:
            self.warnings.append("標題區有未匯入的文字：" + "／".join(short(u, 30) for u in info.unused))
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
            first = next((i for i, ln in enumerate(self.pre) if parse_label(ln) is not None), None)
            if first is None:
                return None
            candidates = [_Section("計畫內容", self.pre[first:])]
            self.pre = self.pre[:first]
        labels = {id(s): [parse_label(line) for line in s.lines] for s in candidates}
        scores = {id(s): outline_score(labels[id(s)]) for s in candidates}
        best = max(candidates, key=lambda s: (scores[id(s)], _content_heading(s.heading)))
        if scores[id(best)] == 0:
            return None
        where = f"「{best.heading}」："
        best.lines = build_from_outline(best.lines, self.builder, where=where, labels=labels[id(best)])
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

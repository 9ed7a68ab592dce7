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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from planner.errors import BadInput
from planner.importers.docx_scan import MAX_PARAGRAPHS, ROWS_IN_SCAN, BodyScan, _at_most, scan_body, scan_rows
from planner.importers.docx_tables import KnownRows, Table, find_header, read_table, repeats_header
from planner.importers.labels import (
    CAPITALS,
    CN,
    SECTION,
    Label,
    clean,
    lines_of,
    parse_label,
    short,
    squeeze,
    strip_colon,
)
from planner.importers.numbering import Numbering
from planner.importers.options import DEFAULT, ImportOptions, LabelStyle, NoPlanContent, TableSeen
from planner.importers.result import ImportResult, layout_from_columns
from planner.importers.safety import MB, Package, parse_xml, relationships
from planner.importers.seen import outline_styles, table_seen
from planner.importers.table import ContentTable, header_columns, is_continuation
from planner.importers.titles import parse_title_lines
from planner.importers.tree import Notes, TreeBuilder, build_from_outline, outline_score
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
    W_INS,
    W_INSTRTEXT,
    W_MOVEFROM,
    W_MOVETO,
    W_NOBREAKHYPHEN,
    W_NS,
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
    W_TR,
    W_VANISH,
    W,
    first_child,
    val,
)
from planner.store.rows import paused_gc

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


_PLAIN = (W_T, W_BR, W_CR, W_TAB, W_NOBREAKHYPHEN)
_PLAIN_TEXT = {W_BR: "\n", W_CR: "\n", W_TAB: "\t", W_NOBREAKHYPHEN: "-"}
_t_texts = etree.XPath(".//w:t/text()", namespaces={"w": W_NS}, smart_strings=False)  # in document order


def paragraph_text(
    p: etree._Element,
    numbering: Numbering,
    spoiled: set[etree._Element] | None = None,
    broken: set[etree._Element] | None = None,
) -> str:
    """Return a paragraph's visible text (w:br as line breaks), with its automatic label in front.

    spoiled: the paragraphs complex_paragraphs() found; any other paragraph is read by lxml's filtered iter
    (or, when broken, the paragraphs broken_paragraphs() found, is given and holds none of them, by XPath).
    """
    if spoiled is not None and p not in spoiled:
        if broken is not None and p not in broken:
            raw = "".join(_t_texts(p))
        else:
            raw = "".join([(el.text or "") if el.tag == W_T else _PLAIN_TEXT[el.tag] for el in p.iter(*_PLAIN)])
    else:
        out: list[str] = []
        _collect(p, out)
        raw = "".join(out)
    label = numbering.label(p)  # advance the counters even for an empty numbered paragraph, as Word does
    text = clean(raw)
    if not text.strip():
        return ""
    return f"{label}{text.lstrip()}" if label else text


_BLOCKS = frozenset((W_P, W_TBL, W_TR, W_TC))
_NOTHING: frozenset[etree._Element] = frozenset()
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


def _quick_cell_text(tc: etree._Element, sets: tuple[AbstractSet[etree._Element], ...]) -> str | None:
    """Return the text of a cell made only of plain, unnumbered paragraphs (one pass in C); None otherwise.

    The same lines cell_text() gives; a cell with any other block, or a paragraph in one of sets, gives None.
    """
    plain, broken, numbered = sets
    lines: list[str] = []
    buf: list[str] | None = None
    for el in tc.iter(W_P, W_T):
        if el.tag == W_T:
            if buf is None:
                return None
            buf.append(el.text or "")
            continue
        if el in plain or el in broken or el in numbered or el.getparent() is not tc:
            return None
        if buf:
            text = clean("".join(buf))
            if text.strip():
                lines.append(text)
        buf = []
    if buf:
        text = clean("".join(buf))
        if text.strip():
            lines.append(text)
    return "\n".join(lines)


def cell_text(
    tc: etree._Element,
    numbering: Numbering,
    plain: set[etree._Element] | None = None,
    broken: set[etree._Element] | None = None,
) -> str:
    """Return a table cell's text: its paragraphs as lines, nested tables flattened into lines."""
    lines: list[str] = []
    numbered = numbering.candidates if numbering.lists else _NOTHING
    sets = (plain, broken, numbered) if plain is not None and broken is not None and numbered is not None else None
    if sets is not None:
        quick = _quick_cell_text(tc, sets)
        if quick is not None:
            return quick
    for block in _block_children(tc):
        if block.tag == W_P:
            if sets is not None and block not in sets[0] and block not in sets[1] and block not in sets[2]:
                text = clean("".join(_t_texts(block)))  # paragraph_text's plain case, without the calls
                if text.strip():
                    lines.append(text)
                continue
            text = paragraph_text(block, numbering, plain, broken)
            if text:
                lines.append(text)
        elif block.tag == W_TBL:
            for tr in _block_children(block):
                for cell in _block_children(tr):
                    text = cell_text(cell, numbering, plain, broken)
                    if text:
                        lines.append(text)
    return "\n".join(lines)


# ---------------------------------------------------------------- the document


@dataclass
class _Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    label: Label | None = None


def read_docx(pkg: Package, main: str, options: ImportOptions = DEFAULT) -> ImportResult:
    """Read a plan from a checked .docx package."""
    data = pkg.read(main)
    root = parse_xml(data)
    if root.tag == f"{{{STRICT_NS}}}document":
        raise BadInput("這是「Strict Open XML」格式的 Word 檔，無法讀取。請用 Word 另存為一般的 Word 文件 (.docx)。")
    if root.tag != W_DOCUMENT:
        raise BadInput("這個檔案的主要內容不是 Word 文件。")
    body = root.find(W_BODY)
    if body is None:
        raise BadInput(NOT_A_PLAN)
    # The scan and the walk make many small objects and no cycles: the cyclic collector would only rescan them.
    with paused_gc():
        # The tree is bounded by MAX_TAGS (parse_xml); rows and paragraphs are counted in it by the scan, in C,
        # which reads the tables' rows in the same pass. A large part is counted first (scan_body), so that too
        # many rows are refused before any is read.
        if len(data) > ROWS_IN_SCAN:
            scan_body(body, _at_most(data, b"<") > MAX_PARAGRAPHS and _at_most(data, b"p") > MAX_PARAGRAPHS)
        scan = scan_rows(body)
        parts = {rel_type.rsplit("/", 1)[-1]: name for rel_type, name in relationships(pkg, main)}
        numbering_root = pkg.xml(parts["numbering"], 10 * MB) if pkg.has(parts.get("numbering", "")) else None
        styles_root = pkg.xml(parts["styles"], 10 * MB) if pkg.has(parts.get("styles", "")) else None
        numbering = Numbering.load(numbering_root, styles_root)
        result = DocxReader(numbering, options).read(body, pkg, data, scan)
    size = body.find(f"{W}sectPr/{W}pgSz")  # the last section's page: the source's orientation
    if size is not None and result.layout is not None:
        wide = size.get(f"{W}orient") == "landscape" or _twips(size.get(f"{W}w")) > _twips(size.get(f"{W}h"))
        result.layout = replace(result.layout, landscape=wide)
    return result


def _twips(value: str | None) -> float:
    """Return a page dimension in twips, 0 when missing or unreadable."""
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


class DocxReader:
    """Walks a document body and builds the plan data."""

    def __init__(self, numbering: Numbering, options: ImportOptions = DEFAULT) -> None:
        self.numbering = numbering
        self.options = options
        self.seen: list[TableSeen] = []  # every table, as guessed and as used
        self.styles: list[LabelStyle] = []
        self.outline_sections: list[str] = []
        self.outline_section: str | None = None
        self.plain: set[etree._Element] | None = None  # paragraphs to read the long way (complex_paragraphs)
        self.broken: set[etree._Element] | None = None  # paragraphs with breaks or tabs (broken_paragraphs)
        self.special: set[etree._Element] | None = None  # plain | broken | maybe numbered: cell_text reads them
        self.known_rows: KnownRows | None = None  # the rows the body scan read (scan_rows)
        self.warnings: list[str] = Notes()
        self.builder = TreeBuilder(self.warnings)
        self.pre: list[str] = []
        self.table_titles: list[str] = []  # title rows merged across the top of the content table
        self.sections: list[_Section] = []
        self.columns: list[tuple[str, tuple[str, ...]]] = []
        self.tables = 0
        self.content: ContentTable | None = None
        self.content_open = False  # only tables, （續上表） or 要項 paragraphs since the last content table
        self.content_width = 0

    def _lines(self) -> list[str]:
        return self.sections[-1].lines if self.sections else self.pre

    def paragraph(self, text: str) -> None:
        """Place a paragraph: a section heading, a 要項 between content tables, or text of the current section."""
        lines = lines_of(text)
        if not lines:
            return
        if self.content is not None and self.content_open:
            if all(is_continuation(line) for line in lines):
                return  # （續上表）: the table goes on
            label = parse_label(lines[0])
            if label is not None and label.kind == CN:
                if self.content.item_paragraph(lines, self.tables, self.options, self._lines()):
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
        self.add_table(
            read_table(
                tbl,
                self.tables,
                lambda tc: cell_text(tc, self.numbering, self.plain, self.broken),
                _block_children,
                self.special,
                self.known_rows,
            )
        )

    def add_table(self, table: Table) -> None:
        """Place a table read by any reader: the content table (or its continuation), or text."""
        chosen = self.options.uses_table(table.index)
        header = find_header(table, self.options) if chosen is not False else None
        self.seen.append(seen := table_seen(table, header))
        where = f"第 {self.tables} 個表格"
        width = table.grid_width()
        if header is None and self.content is not None and (self.content_open or chosen):
            if width == self.content_width or table.realigned or chosen:
                self._content(table, 0, where)
                seen.used, seen.roles = True, [self.content.roles.get(c) for c in range(len(seen.headers))]
                return
        if header is None:
            if chosen:
                self.warnings.append(f"{where}找不到欄位標題，請指定各欄的用途，才能當作計畫內容讀取。")
            lines = ["\t".join(" ".join(lines_of(c.text)) for c in row) for row in table.rows]
            lines = [ln for ln in (line.strip() for line in lines) if ln]
            if lines:
                self._lines().extend(lines)
                self.warnings.append(f"{where}不是計畫內容表格，其文字已併入「{self._place()}」。")
            return
        headers = {c.col: c.text for c in header.cells}
        if self.content is None or not self.builder.items:  # (an empty template table before does not count)
            self.columns = header_columns(header.cells, header.roles)
            self.content = ContentTable(header.roles, headers, self.builder, width=width)
            if header.above:
                self.table_titles.extend(header.above)
            if "item" not in header.roles.values():
                self._item_before_table()
        else:  # a table per 要項, or a part with its own header: same tree, this table's columns
            self.content.roles, self.content.headers = header.roles, headers
        self.content_width = width
        self.content.width = self.content_width
        seen.used = True
        self._content(table, header.start, where)

    def _item_before_table(self) -> None:
        """With no 要項 column, a 一、 paragraph right before the first content table is its 要項."""
        lines = self._lines()
        if lines and self.content is not None:
            label = parse_label(lines[-1])
            if label is not None and label.kind == CN:
                self.content.add_item_text(lines.pop(), "計畫內容")

    def _place(self) -> str:
        return self.sections[-1].heading if self.sections else "標題"

    def _content(self, table: Table, start: int, where: str) -> None:
        assert self.content is not None
        self.content_open = True
        # Drop header rows repeated in the XML first, so that a merge continues across them.
        heads = {c: squeeze(t) for c, t in self.content.headers.items() if squeeze(t)}
        kept = [(r, cells) for r, cells in enumerate(table.rows) if r >= start and not repeats_header(cells, heads)]
        resolved = Table(table.index, [cells for _, cells in kept]).resolved()
        rows = [(f"{where}第 {r + 1} 列", slots) for (r, _), slots in zip(kept, resolved)]
        self.content.restart_origins()
        self.content.feed(rows)

    def walk(self, container: etree._Element) -> None:
        """Walk block content in document order."""
        for block in _block_children(container):
            if block.tag == W_P:
                self.paragraph(paragraph_text(block, self.numbering, self.plain, self.broken))
            elif block.tag == W_TBL:
                self.table(block)

    def read(
        self, body: etree._Element, pkg: Package, data: bytes | None = None, scan: BodyScan | None = None
    ) -> ImportResult:
        """Read the whole body into an ImportResult (data: the part's bytes, for Numbering.prepare).

        scan: scan_body(body) when the caller has made it already.
        """
        if scan is None:
            scan = scan_body(body)
        self.plain, self.broken, self.known_rows = scan.spoiled, scan.broken, scan.rows
        self.numbering.prepare(body, data, scan.num_prs)
        numbered = self.numbering.candidates if self.numbering.lists else _NOTHING
        if numbered is not None:
            self.special = self.plain | self.broken | numbered
        self.walk(body)
        if scan.alt_chunk:
            self.warnings.append("文件中有內嵌的其他文件（altChunk），其內容未匯入。")
        return self.finish(pkg.path, "docx")

    def finish(self, path: Path, kind: str) -> ImportResult:
        """Build the ImportResult from what the walk collected (Word, ODF and PDF readers share this)."""
        outline_section: _Section | None = None
        if not self.builder.items:
            outline_section = self._outline()
        if not self.builder.items:
            raise NoPlanContent(NOT_A_PLAN, self.styles, self.outline_sections)
        self.builder.check_numbering()

        info = parse_title_lines(self.pre)
        if info.year is None and self.table_titles:
            in_table = parse_title_lines(self.table_titles)
            if in_table.year is not None:
                info.year, info.title = in_table.year, in_table.title
                info.agency = info.agency or in_table.agency
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
            kind=kind,
            path=path,
            layout=layout,
            tables=self.seen,
            styles=self.styles,
            outline_sections=self.outline_sections,
            outline_section=self.outline_section,
            item_paragraphs=self.content.paragraphs_seen if self.content is not None else [],
            options=self.options,
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
        chosen = self.options.levels
        scores = {id(s): outline_score(labels[id(s)], chosen) for s in candidates}
        self.outline_sections = [s.heading for s in candidates if any(labels[id(s)])]
        if self.options.section is not None:
            named = [s for s in candidates if s.heading == self.options.section]
            if not named:
                raise BadInput(f"文件中沒有名為「{self.options.section}」的段落可讀取大綱。")
            best = named[0]
        else:
            best = max(candidates, key=lambda s: (scores[id(s)], _content_heading(s.heading)))
        self.outline_section, self.styles = best.heading, outline_styles(labels[id(best)], chosen)
        if scores[id(best)] == 0:
            return None
        where = f"「{best.heading}」："
        best.lines = build_from_outline(best.lines, self.builder, where=where, labels=labels[id(best)], chosen=chosen)
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

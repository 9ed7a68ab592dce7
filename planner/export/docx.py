"""Word (.docx) export of a plan: the official document with its 計畫內容 table."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from planner.export import atomic_write, check_target, full_title, months_text, outline_line, text_lines
from planner.export.scope import ItemPart, Scope, describe, document_order, focus_groups, select_for_export
from planner.export.widths import cell_lines, table_shape, text_twips, word_lines
from planner.export.word import (
    BODY_HP,
    CELL_HP,
    CELL_MARGIN_X,
    CELL_MARGINS,
    CLOSING_P,
    EMPTY_CELL_P,
    HEADER_FILL,
    HEADING_HP,
    TABLE_BORDERS,
    TITLE_HP,
    W,
    add_body,
    new_document,
    paragraph,
    run,
    split_at_section,
)
from planner.model import Node, Plan
from planner.workspace import Workspace

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

log = logging.getLogger(__name__)

SPLIT_LINES = 12  # rows estimated taller than this may break across pages
CONTINUED = "（續）"
PAGE_BREAK = "<w:pageBreakBefore/>"
# 1 pt high, between the tables of two pages
SEPARATOR_P = (
    '<w:p><w:pPr><w:pStyle w:val="PlanCell"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)
CENTRED = ("units", "months")


# ---------------------------------------------------------------- cell and section paragraphs


def _outline(lines: Iterable[str], style: str, base: int, hp: int) -> list[str]:
    """Return paragraphs for free-text lines: 一、(一)1.(1)A.(A) lines hang, other lines align with the text above."""
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (outline level, text start)
    for line in lines:
        level, label, rest = outline_line(line)
        if not level:
            out.append(paragraph(style, run(rest), left=stack[-1][1] if stack else base))
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        start = stack[-1][1] if stack else base
        hang = text_twips(label, hp)
        out.append(paragraph(style, run(label + rest), left=start + hang, hanging=hang))
        stack.append((level, start + hang))
    return out


def _labelled(label: str, title: str, body: str, style: str = "PlanCell") -> list[str]:
    """Return a cell's paragraphs: "label+title" hanging, then the body aligned with the title."""
    hang = text_twips(label, CELL_HP) if label else 0
    lines = text_lines(body)
    first = title.strip()
    if not first and lines:
        first = lines.pop(0).lstrip(" \u3000")
    out = [paragraph(style, run(label + first), left=hang, hanging=hang)] if label or first else []
    return out + _outline(lines, style, hang, CELL_HP)


# ---------------------------------------------------------------- the table


class _Table:
    """Builds the <w:tbl> of the 計畫內容 as one XML string.

    page_starts: body rows (0-based, in plan order) that begin a new page: their first paragraph breaks
    the page before it (Word and LibreOffice repeat the header row), and a 要項/重點 cell crossing the
    break restarts there with its label, title and `continued`.
    """

    def __init__(
        self,
        ws: Workspace,
        plan: Plan,
        parts: list[ItemPart],
        text_width: int,
        page_starts: Collection[int] = (),
        continued: str = CONTINUED,
    ) -> None:
        self.page_starts = frozenset(i for i in page_starts if i > 0)
        self.continued = continued
        self.ws = ws
        self.plan = plan
        self.parts = parts
        self.labels = plan.numbering()
        shape = table_shape(ws, plan, parts)
        self.columns, self.fields, self.unit_names = shape.columns, shape.fields, shape.unit_names
        self.kpi = shape.kpi
        self.widths = shape.widths(text_width)
        self.width_of = dict(zip(self.fields, self.widths))
        self.months_inner = self.width_of.get("months", 0) - 2 * CELL_MARGIN_X  # months break after 、 only

    def xml(self) -> str:
        """Return the whole table."""
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """Yield the table's XML in pieces: its properties and header row, then one row at a time."""
        yield self._opening()
        yield from self._body_rows()
        yield "</w:tbl>"

    def _opening(self) -> str:
        """Return the start of a table: properties, grid and the repeated header row."""
        return "".join(
            (
                f'<w:tbl {W}><w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/><w:jc w:val="center"/>'
                f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{TABLE_BORDERS}</w:tblBorders>'
                f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{CELL_MARGINS}</w:tblCellMar>'
                '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
                ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
                *(f'<w:gridCol w:w="{w}"/>' for w in self.widths),
                "</w:tblGrid>",
                self._header_row(),
            )
        )

    def _page_break(self) -> str:
        """Return the end of a page's table and the start of the next one, its header breaking the page.

        A tiny paragraph keeps the two tables apart (Word and LibreOffice join adjacent tables); the
        new table's first paragraph breaks before it, which both honour (a break in a later row they don't).
        """
        return "</w:tbl>" + SEPARATOR_P + self._opening().replace("<w:pPr>", "<w:pPr>" + PAGE_BREAK, 1)

    def _header_row(self) -> str:
        cells = []
        for column in self.columns:
            width = sum(self.width_of[f] for f in column.fields)
            span = f'<w:gridSpan w:val="{len(column.fields)}"/>' if len(column.fields) > 1 else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/><w:vAlign w:val="center"/></w:tcPr>'
                f"{paragraph('PlanCellHeader', run(column.header, bold=True))}</w:tc>"
            )
        return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{''.join(cells)}</w:tr>"

    def _cell(self, field: str, body: str, merge: str | None = None) -> str:
        """Return a cell of a grid column; merge is "restart", "continue" or None."""
        vmerge = f'<w:vMerge w:val="{merge}"/>' if merge else ""
        valign = "center" if field in CENTRED else "top"
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{self.width_of[field]}" w:type="dxa"/>{vmerge}'
            f'<w:vAlign w:val="{valign}"/></w:tcPr>{body or EMPTY_CELL_P}</w:tc>'
        )

    def _item_paras(self, item: Node) -> str:
        return "".join(_labelled(self.labels[item.id], item.title, item.body))

    def _focus_paras(self, group: list[Node]) -> str:
        return "".join(p for focus in group for p in _labelled(self.labels[focus.id], focus.title, focus.body))

    def _continued_paras(self, nodes: list[Node]) -> str:
        """Return a 要項/重點 cell continued on a new page: label, title and （續）, hanging."""
        out = []
        for node in nodes:
            label = self.labels[node.id]
            hang = text_twips(label, CELL_HP) if label else 0
            out.append(paragraph("PlanCell", run(label + node.title.strip() + self.continued), left=hang, hanging=hang))
        return "".join(out)

    def _method_cells(self, method: Node | None) -> tuple[dict[str, str], int]:
        """Return the method's own cells by field and the estimated row height in lines."""
        if method is None:
            return {}, 1
        label = self.labels[method.id]
        units = self.unit_names[method.id]
        months = months_text(method.months)
        notes = text_lines(method.note)
        cells = {
            "method": "".join(_labelled(label, method.title, method.body)),
            "units": "".join(paragraph("PlanCellCenter", run(u)) for u in units),
            "months": paragraph("PlanCellCenter", run("\n".join(word_lines(months, self.months_inner))))
            if months
            else "",
            "note": "".join(_outline(notes, "PlanCell", 0, CELL_HP)),
        }
        kpi = self.kpi(method.id)
        cells["kpi"] = "".join(paragraph("PlanCell", run(t)) for t in text_lines(kpi.kpi))
        cells["target"] = "".join(paragraph("PlanCellCenter", run(t)) for t in text_lines(kpi.target))
        texts = {"method": [label + method.title, *text_lines(method.body)], "units": units, "months": [months]}
        texts["note"] = notes
        texts["kpi"], texts["target"] = text_lines(kpi.kpi), text_lines(kpi.target)
        lines = max(cell_lines(t, self.width_of[f]) for f, t in texts.items() if f in self.width_of)
        return cells, lines

    def _row(self, item: str | None, focus: str | None, method: Node | None) -> str:
        """Return a row; item/focus hold the merged cell's content on its first row, None below it."""
        own, lines = self._method_cells(method)
        cells = []
        for field in self.fields:
            if field == "item":
                cells.append(self._cell(field, item or "", "continue" if item is None else "restart"))
            elif field == "focus":
                cells.append(self._cell(field, focus or "", "continue" if focus is None else "restart"))
            else:
                cells.append(self._cell(field, own.get(field, "")))
        keep = "<w:cantSplit/>" if lines <= SPLIT_LINES else ""
        return f"<w:tr><w:trPr>{keep}</w:trPr>{''.join(cells)}</w:tr>"

    def _body_rows(self) -> Iterable[str]:
        """Yield one row per method; 要項 and 重點 (or shared 重點 groups) merged over their methods."""
        index = 0
        for item, focuses in self.parts:
            item_paras: str | None = self._item_paras(item)
            for group in focus_groups(focuses) or [[]]:
                nodes = [f for f, _ in group]
                focus_paras: str | None = self._focus_paras(nodes)
                methods: list[Node | None] = [m for _, ms in group for m in ms] or [None]
                for method in methods:
                    breaks = index in self.page_starts
                    if breaks:
                        item_paras = item_paras if item_paras is not None else self._continued_paras([item])
                        focus_paras = focus_paras if focus_paras is not None else self._continued_paras(nodes)
                    if breaks:
                        yield self._page_break()
                    yield self._row(item_paras, focus_paras, method)
                    item_paras = focus_paras = None
                    index += 1


# ---------------------------------------------------------------- body


def _title_paragraph(agency: str, title: str, text_width: int) -> str:
    """Return the title: one line when it fits, else the agency and the title on two lines."""
    text = agency + title
    if agency and text_twips(text, TITLE_HP) > text_width:
        text = agency + "\n" + title
    return paragraph("PlanTitle", run(text))


def _section_paragraphs(plan: Plan, heading_label: str, heading: str, text: str) -> list[str]:
    """Return a section's heading (壹、計畫依據) and its text with hanging outline lines."""
    hang = text_twips(heading_label, HEADING_HP) if heading_label else 0
    out = [paragraph("PlanHeading", run(heading_label + heading), left=hang, hanging=hang)]
    return out + _outline(text_lines(text), "PlanText", hang, BODY_HP)


def _body_pieces(
    ws: Workspace,
    plan: Plan,
    parts: list[ItemPart],
    scope: Scope,
    text_width: int,
    page_starts: Collection[int] = (),
    continued: str = CONTINUED,
) -> Iterator[str]:
    """Yield the XML of the document body in document order, the table one row at a time."""
    agency, title = full_title(ws, plan)
    yield _title_paragraph(agency, title, text_width)
    if not scope.is_whole:
        yield paragraph("PlanSubtitle", run(f"（{describe(ws, plan, scope)}）"))
    if plan.issued.strip():
        yield paragraph("PlanIssued", run(plan.issued.strip()))
    table = _Table(ws, plan, parts, text_width, page_starts, continued)
    table_last = False
    for section in document_order(plan, scope):
        if section is None:
            yield from table.pieces()
            table_last = True
        else:
            yield from _section_paragraphs(plan, plan.section_label(section), section.heading, section.text)
            table_last = False
    if table_last:  # a small closing paragraph so Word adds no page of its own after the table
        yield CLOSING_P


def _prepare(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None,
    page_starts: Collection[int] = (),
    continued: str = CONTINUED,
) -> tuple[DocxDocument, Iterator[str]]:
    """Return the document set up with an empty body, and the body's pieces (generated on demand)."""
    scope = scope or Scope()
    parts = select_for_export(ws, plan, scope)
    agency, title = full_title(ws, plan)
    doc, text_width = new_document(agency + title, agency, describe(ws, plan, scope), plan.layout.landscape)
    return doc, _body_pieces(ws, plan, parts, scope, text_width, page_starts, continued)


def build_document(
    ws: Workspace, plan: Plan, scope: Scope | None = None, page_starts: Collection[int] = (), continued: str = CONTINUED
) -> DocxDocument:
    """Return the plan (or a part of it) as a python-docx Document, not yet saved; page_starts as in _Table."""
    doc, pieces = _prepare(ws, plan, scope, page_starts, continued)
    add_body(doc, pieces)
    return doc


DOCUMENT_PART = "word/document.xml"


def _write_streamed(doc: DocxDocument, pieces: Iterator[str], stream: BinaryIO) -> None:
    """Save the package with the body pieces written straight into word/document.xml, never parsed.

    python-docx saves the document with its empty body into memory (a few KB); every part is copied from
    there, and the main part gets the body written piece by piece in between, so the file is the same as
    build_document(...).save() would write, at a fraction of the time and memory.
    """
    small = io.BytesIO()
    doc.save(small)
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != DOCUMENT_PART:
                target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
                continue
            head, tail = split_at_section(source.read(info))
            entry = zipfile.ZipInfo(DOCUMENT_PART, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo of its own is stored uncompressed by default
            with target.open(entry, "w") as part:
                part.write(head)
                batch: list[str] = []
                size = 0
                for piece in pieces:
                    batch.append(piece)
                    size += len(piece)
                    if size > 1 << 20:
                        part.write("".join(batch).encode("utf-8"))
                        batch, size = [], 0
                part.write("".join(batch).encode("utf-8"))
                part.write(tail)


def export_docx(
    ws: Workspace,
    plan: Plan,
    path: Path,
    scope: Scope | None = None,
    page_starts: Collection[int] = (),
    continued: str = CONTINUED,
) -> Path:
    """Write the plan (or a part of it) as a Word document, atomically; return the file written.

    page_starts: body rows (0-based, in the scope's order) that start a page, e.g. from the print layout.
    """
    check_target(Path(path), ".docx")
    doc, pieces = _prepare(ws, plan, scope, page_starts, continued)
    target = atomic_write(Path(path), ".docx", lambda stream: _write_streamed(doc, pieces, stream))
    log.info("exported plan %s (%s) to %s", plan.year, scope, target)
    return target

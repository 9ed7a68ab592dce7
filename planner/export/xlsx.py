"""Excel (.xlsx) export of a plan: the 計畫內容 table in the plan's column layout, ready to print.

The sheet has the same columns as the Word document (one sheet column per field; a layout column showing
several fields spans them with a merged header cell), a title row and the issuance line above the header,
要項/重點 cells merged vertically over their methods, wrapped text, estimated row heights, the header row
repeated on every printed page, A4 landscape fitted to one page wide, 標楷體 everywhere. The sheets are
collected in memory (planner.export.xlsx_book) and streamed through openpyxl's write-only mode. The helpers
here (text width and row height estimates, page setup, styled cells on normal sheets) are shared by the
review packets.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Collection, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from planner.export import atomic_write, check_target, full_title, months_text, text_lines
from planner.export.scope import (
    ItemPart,
    Scope,
    content_section,
    describe,
    document_order,
    focus_groups,
    scope_for,
    select,
    select_for_export,
)
from planner.export.widths import table_shape, word_lines
from planner.export.word import A4, CELL_MARGIN_X, MARGIN
from planner.export.xlsx_book import (
    BAD_XML,
    BODY_PT,
    CJK,
    HEADING_PT,
    ISSUED_PT,
    SUBTITLE_PT,
    TITLE_PT,
    Book,
    Sheet,
    Styles,
    cell_value,
    set_value,
)
from planner.model import Node, Plan
from planner.workspace import Workspace

log = logging.getLogger(__name__)

CONTINUED = "（續）"  # after the label and title of a 要項/重點 block continued on a new page

LINE_PT = 15.75  # one line of 12 pt text
PAD_PT = 4.0  # space above and below the text of a cell
MAX_ROW_PT = 409.0  # Excel's largest row height
# A column width unit is the digit width of the workbook's default font (12 pt 標楷體: half an em, 6 pt);
# a CJK character takes 2 units. The table is as wide as the Word export's landscape text width.
TWIPS_PER_UNIT = 120
TABLE_TWIPS = A4[1] - 2 * MARGIN
A4_LANDSCAPE_PT = (841.9, 595.3)
PAGE_SLACK = 0.06
MAIN_SHEET = "計畫內容"
SECTIONS_SHEET = "計畫說明"
CENTRED = ("units", "months")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


def put(sheet: Worksheet, row: int, col: int, value: Any, style: str, styles: Styles) -> Cell:
    """Write a value into a styled cell of a normal worksheet; text is always text (never a formula or error)."""
    cell = sheet.cell(row, col)
    styles.apply(cell, style)
    set_value(cell, cell_value(value))
    return cell


def merge(sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge a range whose cells are all styled already (every cell keeps its own borders)."""
    if (first_row, first_col) == (last_row, last_col):
        return
    sheet.merged_cells.add(
        MergedCellRange(sheet, f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}")
    )


# ---------------------------------------------------------------- measuring text


def text_units(line: str) -> int:
    """Return the width of a line in column units: CJK (and other wide) characters 2, Latin 1."""
    return len(line) + (len(line.encode("utf-8")) - len(line)) // 2


def line_count(text: str, width: float) -> int:
    """Return the estimated number of printed lines of a wrapped text in a column of a width (units)."""
    if not text:
        return 1
    room = max(width - 2.0, 2.0)  # cell padding, and a CJK character that does not fit moves down whole
    return sum(max(1, math.ceil(text_units(line) / room)) for line in text.split("\n"))


def height_of(lines: int, line_pt: float = LINE_PT) -> float:
    """Return a row height (points) for a number of lines."""
    return min(MAX_ROW_PT, round(lines * line_pt + PAD_PT, 2))


def spread(heights: dict[int, float], first: int, last: int, need: float) -> None:
    """Make rows first..last at least need points tall together, adding the difference evenly."""
    have = sum(heights[r] for r in range(first, last + 1))
    if need <= have:
        return
    extra = (need - have) / (last - first + 1)
    for r in range(first, last + 1):
        heights[r] = min(MAX_ROW_PT, round(heights[r] + extra, 2))


def set_heights(sheet: Worksheet, heights: dict[int, float]) -> None:
    """Write row heights."""
    for r, h in heights.items():
        sheet.row_dimensions[r].height = h


# ---------------------------------------------------------------- page


def a4_page(sheet: Worksheet, landscape: bool = True) -> None:
    """A4, fitted to one page wide, margins, page footer (the 計畫說明 sheet's page: no header rows)."""
    sheet.page_setup.paperSize = 9
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.59, right=0.59, top=0.71, bottom=0.79, header=0.3, footer=0.35)
    footer = sheet.oddFooter.center
    footer.text = "第 &P 頁，共 &N 頁"
    footer.font = f"{CJK},Regular"
    footer.size = 10


def setup_page(sheet: Worksheet, header_first: int, header_last: int, landscape: bool = True) -> None:
    """The a4_page, centred, with the header rows on every page and the sheet frozen under them."""
    a4_page(sheet, landscape)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_first}:{header_last}"
    sheet.freeze_panes = f"A{header_last + 1}"
    sheet.sheet_view.zoomScale = 100


def safe_sheet_name(name: str, taken: Iterable[str]) -> str:
    """Return a valid, unused sheet name: at most 31 characters, none of the characters Excel forbids."""
    base = _BAD_SHEET_CHARS.sub("_", BAD_XML.sub("", name)).strip() or "工作表"
    base = base[:31]
    used = {t.lower() for t in taken}
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


# ---------------------------------------------------------------- cell texts


def labelled(label: str, title: str, body: str) -> str:
    """Return a cell's text: "label+title" on the first line, the body lines below (as the Word export)."""
    lines = [line.lstrip(" \t\u3000") for line in text_lines(body)]
    first = title.strip()
    if not first and lines:
        first = lines.pop(0)
    head = [label + first] if label or first else []
    return "\n".join(head + lines)


# ---------------------------------------------------------------- the plan table


class _PlanSheet:
    """Writes the 計畫內容 table of a part of the plan onto one sheet."""

    def __init__(
        self,
        ws: Workspace,
        plan: Plan,
        sheet: Sheet,
        parts: list[ItemPart],
        page_starts: Collection[int] = (),
    ) -> None:
        self.page_starts = frozenset(i for i in page_starts if i > 0)  # body rows that begin a printed page
        self.ws = ws
        self.plan = plan
        self.sheet = sheet
        self.parts = parts
        self.labels = plan.numbering()
        shape = table_shape(ws, plan, parts)  # the Word export's columns and widths, in Excel units
        self.columns, self.fields, self.unit_names = shape.columns, shape.fields, shape.unit_names
        self.kpi = shape.kpi
        self.col_of = {f: i + 1 for i, f in enumerate(self.fields)}
        twips = dict(zip(self.fields, shape.widths(TABLE_TWIPS)))
        self.widths = {f: round(t / TWIPS_PER_UNIT, 1) for f, t in twips.items()}
        self.months_inner = twips.get("months", 0) - 2 * CELL_MARGIN_X  # months break after 、 only
        self.heights = sheet.heights

    def write(self, subtitle: str) -> None:
        """Write title rows, header and body; set widths, heights and page setup."""
        sheet, last_col = self.sheet, len(self.fields)
        for i, f in enumerate(self.fields, start=1):
            sheet.widths[i] = self.widths[f]
        total = sum(self.widths.values())
        agency, title = full_title(self.ws, self.plan)
        row = 1
        lines: list[tuple[str, str, int, float]] = [("title", agency + title, TITLE_PT, 1.35)]
        if subtitle:
            lines.append(("subtitle", f"（{subtitle}）", SUBTITLE_PT, 1.35))
        if self.plan.issued.strip():
            lines.append(("issued", self.plan.issued.strip(), ISSUED_PT, 1.35))
        for style, text, size, spacing in lines:
            for c in range(1, last_col + 1):
                sheet.put(row, c, text if c == 1 else None, style)
            sheet.merge(row, 1, row, last_col)
            room = total * BODY_PT / size
            self.heights[row] = height_of(line_count(text, room), size * spacing) + (4 if style == "title" else 0)
            row += 1
        header = row
        self.header_row = header
        self._header(header)
        self._body(header + 1)
        sheet.setup.append(partial(setup_page, header_first=header, header_last=header))

    def printed_page_starts(self) -> list[int]:
        """Return the body rows (0-based) that start a printed page: breaks between rows, never inside one.

        The sheet prints A4 landscape fitted to the page width; the rows' own heights fill pages, with 6 %
        slack for the reader's own line heights.
        """
        page_w, page_h = A4_LANDSCAPE_PT
        columns_pt = sum((w * 7 + 5) * 0.75 for w in self.widths.values())  # width units → 96 dpi pixels → pt
        scale = min(1.0, (page_w - (0.59 + 0.59) * 72) / max(columns_pt, 1.0))
        room = (page_h - (0.71 + 0.79) * 72) / scale * (1 - PAGE_SLACK)
        header = self.heights[self.header_row]
        y = sum(self.heights[r] for r in range(1, self.header_row + 1))
        starts: list[int] = []
        first, placed = self.header_row + 1, False
        for r in range(first, max(self.heights) + 1):
            if placed and y + self.heights[r] > room:
                starts.append(r - first)
                y = header
            y += self.heights[r]
            placed = True
        return starts

    def _header(self, row: int) -> None:
        col, tallest = 1, 1
        for column in self.columns:
            span = len(column.fields)
            for c in range(col, col + span):
                self.sheet.put(row, c, column.header if c == col else None, "header")
            self.sheet.merge(row, col, row, col + span - 1)
            width = sum(self.widths[f] for f in column.fields)
            tallest = max(tallest, line_count(column.header, width))
            col += span
        self.heights[row] = height_of(tallest) + 4

    def _method_texts(self, method: Node | None) -> dict[str, str]:
        if method is None:
            return {}
        return {
            "method": labelled(self.labels[method.id], method.title, method.body),
            "units": "\n".join(self.unit_names[method.id]),
            "months": "\n".join(word_lines(months_text(method.months), self.months_inner)),
            "note": "\n".join(text_lines(method.note)),
            "kpi": "\n".join(text_lines(self.kpi(method.id).kpi)),
            "target": "\n".join(text_lines(self.kpi(method.id).target)),
        }

    def _continued(self, nodes: list[Node]) -> str:
        """Return a 要項/重點 block's text on a continuation page: label, title and （續）."""
        return "\n".join(self.labels[n.id] + n.title.strip() + CONTINUED for n in nodes)

    def _body(self, row: int) -> None:
        put_cell, fields, col_of = self.sheet.put, self.fields, self.col_of
        has_item, has_focus = "item" in col_of, "focus" in col_of
        first_body = row
        for item, focuses in self.parts:
            item_text = labelled(self.labels[item.id], item.title, item.body)
            item_row = row
            for group in focus_groups(focuses) or [[]]:
                nodes = [f for f, _ in group]
                focus_text = "\n".join(labelled(self.labels[f.id], f.title, f.body) for f in nodes)
                focus_row = row
                methods: list[Node | None] = [m for _, ms in group for m in ms] or [None]
                for method in methods:
                    if row - first_body in self.page_starts:  # a printed page starts here: blocks restart
                        self.sheet.breaks.append(row - 1)
                        if has_item and item_row < row:
                            self._block(item_row, row - 1, col_of["item"], item_text, self.widths["item"])
                            item_row, item_text = row, self._continued([item])
                        if has_focus and focus_row < row:
                            self._block(focus_row, row - 1, col_of["focus"], focus_text, self.widths["focus"])
                            focus_row, focus_text = row, self._continued(nodes)
                    texts = self._method_texts(method)
                    tallest = 1
                    for f in fields:
                        if f in ("item", "focus"):
                            continue
                        text = texts.get(f, "")
                        put_cell(row, col_of[f], text, "centre" if f in CENTRED else "cell")
                        if text:
                            tallest = max(tallest, line_count(text, self.widths[f]))
                    if has_item:
                        put_cell(row, col_of["item"], item_text if row == item_row else None, "cell")
                    if has_focus:
                        put_cell(row, col_of["focus"], focus_text if row == focus_row else None, "cell")
                    self.heights[row] = height_of(tallest)
                    row += 1
                if has_focus:
                    self._block(focus_row, row - 1, col_of["focus"], focus_text, self.widths["focus"])
            if has_item:
                self._block(item_row, row - 1, col_of["item"], item_text, self.widths["item"])

    def _block(self, first: int, last: int, col: int, text: str, width: float) -> None:
        """Merge a 要項/重點 cell over its rows and make the rows tall enough for its text."""
        self.sheet.merge(first, col, last, col)
        spread(self.heights, first, last, height_of(line_count(text, width)))


# ---------------------------------------------------------------- the sections


def write_sections(ws: Workspace, plan: Plan, sheet: Sheet, scope: Scope) -> None:
    """Write the title and the 壹貳參 sections (heading, then one row per text line) onto one wide column."""
    width = round(TABLE_TWIPS / TWIPS_PER_UNIT, 1)
    sheet.widths[1] = width
    agency, title = full_title(ws, plan)
    heights = sheet.heights
    rows: list[tuple[str, str, int]] = [("title", agency + title, TITLE_PT)]
    if plan.issued.strip():
        rows.append(("issued", plan.issued.strip(), ISSUED_PT))
    content = content_section(plan)
    for section in document_order(plan, scope):
        if section is None:
            continue
        rows.append(("heading", plan.section_label(section) + section.heading, HEADING_PT))
        lines = text_lines(section.text)
        if content is not None and section is plan.sections[content]:
            lines = [*lines, f"（見「{MAIN_SHEET}」工作表）"]
        rows += [("plain", line.lstrip(" \t\u3000"), BODY_PT) for line in lines]
    for r, (style, text, size) in enumerate(rows, start=1):
        sheet.put(r, 1, text, style)
        heights[r] = height_of(line_count(text, width * BODY_PT / size), size * 1.35) + (6 if style == "heading" else 0)
    sheet.setup.append(a4_page)


def _has_sections(plan: Plan, scope: Scope) -> bool:
    """Return whether the document order of a scope holds a section besides the table's own."""
    content = content_section(plan)
    return any(
        s is not None and (content is None or s is not plan.sections[content]) for s in document_order(plan, scope)
    )


# ---------------------------------------------------------------- export


def _unit_scopes(ws: Workspace, plan: Plan, scope: Scope) -> list[tuple[str, Scope]]:
    """Return (unit name, scope) for every unit with methods in the scope, in unit order."""
    used = {u for m in plan.methods() for u in m.units}
    out: list[tuple[str, Scope]] = []
    for unit in ws.units(include_retired=True):
        if unit.id not in used or (scope.unit_id is not None and unit.id != scope.unit_id):
            continue
        unit_scope = scope_for(ws, plan, unit=unit.name)
        unit_scope = Scope(unit.id, scope.item_index, unit_scope.shared_unit_ids)
        if select(plan, unit_scope):
            out.append((unit.name, unit_scope))
    return out


def build_book(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None = None,
    per_unit_sheets: bool = False,
    paged: bool = False,
) -> Book:
    """Return the plan (or a part of it) as sheets in memory, not yet written.

    paged: the main sheet gets a manual row break before every row that starts a printed page (from its
    own row heights, so no line is sliced), and 要項/重點 blocks crossing one restart there labelled （續）.
    """
    scope = scope or Scope()
    parts = select_for_export(ws, plan, scope)
    book = Book()
    page_starts: list[int] = []
    if paged:  # a first pass on a scratch sheet gives the rows' heights
        scratch = _PlanSheet(ws, plan, Sheet(MAIN_SHEET), parts)
        scratch.write(describe(ws, plan, scope))
        page_starts = scratch.printed_page_starts()
    _PlanSheet(ws, plan, book.add(MAIN_SHEET), parts, page_starts).write(describe(ws, plan, scope))
    if _has_sections(plan, scope):
        write_sections(ws, plan, book.add(SECTIONS_SHEET), scope)
    if per_unit_sheets:
        for name, unit_scope in _unit_scopes(ws, plan, scope):
            unit_sheet = book.add(safe_sheet_name(name, [s.title for s in book.sheets]))
            _PlanSheet(ws, plan, unit_sheet, select(plan, unit_scope)).write(describe(ws, plan, unit_scope))
    agency, title = full_title(ws, plan)
    book.properties = {
        "title": agency + title,
        "creator": agency or ws.agency,
        "lastModifiedBy": agency or ws.agency,
        "subject": describe(ws, plan, scope),
        "keywords": "提升服務計畫",
        "language": "zh-TW",
    }
    return book


def build_workbook(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None = None,
    per_unit_sheets: bool = False,
    paged: bool = False,
) -> Workbook:
    """Return the plan (or a part of it) as a normal openpyxl Workbook, not yet saved (the .ods writer's input)."""
    return build_book(ws, plan, scope, per_unit_sheets, paged).workbook()


def export_xlsx(
    ws: Workspace,
    plan: Plan,
    path: Path,
    scope: Scope | None = None,
    per_unit_sheets: bool = False,
    paged: bool = False,
) -> Path:
    """Write the plan (or a part of it) as an Excel workbook, atomically; return the file written (paged as above)."""
    check_target(Path(path), ".xlsx")
    book = build_book(ws, plan, scope, per_unit_sheets, paged)
    target = atomic_write(Path(path), ".xlsx", book.save)
    log.info("exported plan %s (%s) to %s", plan.year, scope, target)
    return target


def export_xlsx_paged(ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None) -> Path:
    """Write the workbook with its printed pages broken between rows (the GUI's and planner-cli's Excel)."""
    return export_xlsx(ws, plan, path, scope, paged=True)

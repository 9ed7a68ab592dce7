"""Excel sheets held in memory, then written at once: openpyxl write-only for .xlsx, a normal workbook for .ods.

A write-only worksheet streams its rows and needs its column widths, page settings and row heights before
them, while the exports only know a 要項/重點 block's height once its last row is written. So the plan table
and the 執行情形總表 collect every cell (value and style name), merge, width, height and page setting in a
`Sheet` first; `Book.save` then streams the rows into a write-only workbook, every cell sharing the one style
array of its style name (no style objects built, hashed or copied per cell). `Book.workbook()` builds the same
sheets as a normal openpyxl workbook for the .ods writer, which reads cells back.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.xml.functions import fromstring

log = logging.getLogger(__name__)

CJK = "標楷體"
BODY_PT, TITLE_PT, SUBTITLE_PT, ISSUED_PT, HEADING_PT = 12, 16, 14, 11, 14
HEADER_FILL = "E7E6E6"
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

THIN = Side(style="thin", color="000000")
ALL_BORDERS = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def font(size: int = BODY_PT, bold: bool = False) -> Font:
    """Return the 標楷體 font of a size (charset 136: Traditional Chinese)."""
    return Font(name=CJK, size=size, bold=bold, charset=136)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class CellStyle:
    """A named cell style: font, alignment, border, fill, protection and number format."""

    font: Font = field(default_factory=font)
    alignment: Alignment = field(default_factory=lambda: Alignment(vertical="top", wrap_text=True))
    border: Border | None = ALL_BORDERS
    fill: PatternFill | None = None
    locked: bool = True
    number_format: str | None = None


TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
MIDDLE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT_MIDDLE = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _base_styles() -> dict[str, CellStyle]:
    return {
        "title": CellStyle(font(TITLE_PT, bold=True), MIDDLE, None),
        "subtitle": CellStyle(font(SUBTITLE_PT, bold=True), MIDDLE, None),
        "issued": CellStyle(font(ISSUED_PT), Alignment(horizontal="right", vertical="center", wrap_text=True), None),
        "note": CellStyle(font(ISSUED_PT), LEFT_MIDDLE, None),
        "header": CellStyle(font(BODY_PT, bold=True), MIDDLE, ALL_BORDERS, PatternFill("solid", fgColor=HEADER_FILL)),
        "cell": CellStyle(font(), TOP_LEFT),
        "centre": CellStyle(font(), TOP_CENTRE),
        "middle": CellStyle(font(), MIDDLE),
        "bold_middle": CellStyle(font(BODY_PT, bold=True), MIDDLE),
        "bold": CellStyle(font(BODY_PT, bold=True), TOP_LEFT),
        "info": CellStyle(font(BODY_PT, bold=True), LEFT_MIDDLE, None),
        "input": CellStyle(font(), TOP_LEFT, locked=False),
        "input_centre": CellStyle(font(), TOP_CENTRE, locked=False),
        "input_date": CellStyle(font(), TOP_CENTRE, locked=False, number_format="yyyy-mm-dd"),
        "plain": CellStyle(font(), TOP_LEFT, None),
        "heading": CellStyle(font(HEADING_PT, bold=True), Alignment(vertical="bottom", wrap_text=True), None),
    }


class Styles:
    """Cell styles of one workbook, each registered once; cells get its style array (no per-cell lookups)."""

    def __init__(self, extra: dict[str, CellStyle] | None = None) -> None:
        self.specs = {**_base_styles(), **(extra or {})}
        self._arrays: dict[str, StyleArray] = {}

    def array(self, sheet: Any, name: str) -> StyleArray:
        """Return the style array of a named style in the sheet's workbook (registered on first use)."""
        array = self._arrays.get(name)
        if array is None:
            spec = self.specs[name]
            cell = Cell(sheet)  # a scratch cell: setting its styles registers them in the workbook
            cell.font = spec.font
            cell.alignment = spec.alignment
            if spec.border is not None:
                cell.border = spec.border
            if spec.fill is not None:
                cell.fill = spec.fill
            cell.protection = Protection(locked=spec.locked)
            if spec.number_format:
                cell.number_format = spec.number_format
            array = self._arrays[name] = cell._style
        return array

    def apply(self, cell: Cell, name: str) -> None:
        """Give a cell of a normal worksheet a named style (its own copy of the style array)."""
        cell._style = copy(self.array(cell.parent, name))


def new_workbook(write_only: bool = False) -> Workbook:
    """Return an empty workbook whose default font (the Normal style, column width unit) is 12 pt 標楷體."""
    wb = Workbook(write_only=write_only)
    default = font()
    wb._fonts = IndexedList([default])
    wb._named_styles["Normal"].font = copy(default)
    return wb


def clean_text(text: str) -> str:
    """Return text an Excel cell can hold: no control characters, at most 32,767 characters."""
    text = BAD_XML.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        log.warning("cell text cut to %d characters", MAX_CELL_CHARS)
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def cell_value(value: Any) -> Any:
    """Return what a cell holds for a value: a text cleaned (clean_text), an empty text as no value."""
    if isinstance(value, str):
        return clean_text(value) if value else None
    return value


def set_value(cell: Cell, value: Any) -> None:
    """Put a cell_value into a cell of a normal worksheet: a text always as text (never a formula or error)."""
    if isinstance(value, str):
        cell._value, cell.data_type = value, "s"
    elif value is not None:
        cell.value = value


# ---------------------------------------------------------------- sheets in memory


class _RowsWriter(WorksheetWriter):
    """Writes each streamed row as it comes: one element parsed from the row's XML (see Sheet.stream)."""

    def write_row(self, xf: Any, row: list[Any], row_idx: int) -> None:
        """Write a ready <row> element."""
        xf.write(row[0])


class _StreamedSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose rows arrive as ready <row> elements and that knows its <dimension>."""

    dimension_ref = "A1:A1"  # what a normal sheet without cells writes

    def _values_to_row(self, values: list[Any], row_idx: int) -> list[Any]:
        return values

    def _get_writer(self) -> None:
        if getattr(self, "_writer", None) is None:
            writer = _RowsWriter(self)
            writer.write_top()
            self._writer = writer

    def calculate_dimension(self) -> str:
        """Return the range the cells cover (asked for by the writer before the rows)."""
        return self.dimension_ref


def _text_xml(text: str) -> str:
    """Return the inline string of a text cell as openpyxl writes it (xml:space kept for edge spaces)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f"<is><t{space}>{escaped}</t></is>"


@dataclass
class Sheet:
    """One sheet's cells (value, style name), merges, widths, heights, row breaks and page settings."""

    title: str
    cells: dict[int, dict[int, tuple[Any, str]]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)  # a manual page break after each of these rows
    setup: list[Callable[[Any], None]] = field(default_factory=list)  # page settings, run on the openpyxl sheet

    def put(self, row: int, col: int, value: Any, style: str) -> None:
        """Write a value into a styled cell; text is always text (never a formula or an error code)."""
        self.cells.setdefault(row, {})[col] = (cell_value(value), style)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a range whose cells are all styled (every cell keeps its own borders)."""
        if (first_row, first_col) != (last_row, last_col):
            self.merges.append((first_row, first_col, last_row, last_col))

    def dimension(self) -> str:
        """Return the range the cells cover, "A1:J79"."""
        cols = [c for row_cells in self.cells.values() for c in (min(row_cells), max(row_cells))]
        first, last = min(self.cells), max(self.cells)
        return f"{get_column_letter(min(cols))}{first}:{get_column_letter(max(cols))}{last}"

    def _prepare(self, sheet: Any) -> None:
        """Give an openpyxl sheet the column widths, row heights, breaks and page settings."""
        for col, width in self.widths.items():
            sheet.column_dimensions[get_column_letter(col)].width = width
        for row in self.breaks:
            sheet.row_breaks.append(Break(id=row))
        for configure in self.setup:
            configure(sheet)

    def stream(self, sheet: Any, styles: Styles) -> None:
        """Write the sheet into a write-only worksheet: settings first, then the rows in order.

        Each row goes to openpyxl's stream as one element parsed from its XML text, cells in column order with
        the index of their style (looked up once per style name): the same XML openpyxl writes cell by cell.
        """
        self._prepare(sheet)
        if self.cells:
            sheet.dimension_ref = self.dimension()
        sheet.merged_cells = MultiCellRange(
            {CellRange(min_row=a, min_col=b, max_row=c, max_col=d) for a, b, c, d in self.merges}
        )
        attrs_of: dict[str, str] = {}  # a style's cell attributes after the reference, ' s="3"'
        heights: dict[float, str] = {}  # a row height's attributes, ' ht="27.6" customHeight="1"'
        width = max((max(row_cells) for row_cells in self.cells.values()), default=0)
        letters = [get_column_letter(c) for c in range(1, width + 1)]
        last_row = max([*self.cells, *self.heights], default=0)
        for r in range(1, last_row + 1):
            height = self.heights.get(r)
            attrs = ""
            if height is not None:
                attrs = heights.get(height, "")
                if not attrs:
                    attrs = heights[height] = "".join(f' {k}="{v}"' for k, v in RowDimension(sheet, ht=height))
            parts = [f'<row r="{r}"{attrs}>']
            row_cells = self.cells.get(r, {})
            for c in sorted(row_cells):
                value, style = row_cells[c]
                style_attrs = attrs_of.get(style)
                if style_attrs is None:
                    scratch = Cell(sheet)
                    scratch._style = styles.array(sheet, style)
                    style_attrs = attrs_of[style] = f' s="{scratch.style_id}"'
                if value is None:
                    parts.append(f'<c r="{letters[c - 1]}{r}"{style_attrs} t="n"/>')
                elif isinstance(value, str):  # "" (a text of control characters only) as openpyxl writes it
                    text = _text_xml(value) if value else ""
                    parts.append(f'<c r="{letters[c - 1]}{r}"{style_attrs} t="inlineStr">{text}</c>')
                else:
                    parts.append(f'<c r="{letters[c - 1]}{r}"{style_attrs} t="n"><v>{safe_string(value)}</v></c>')
            parts.append("</row>")
            sheet.append([fromstring("".join(parts))])

    def put_row(self, row: int, values: list[Any], styles: list[str]) -> None:
        """Write a row's values from column 1 on, each in its style (as put, cell by cell)."""
        self.cells[row] = {c: (cell_value(v), style) for c, (v, style) in enumerate(zip(values, styles), start=1)}

    def fill(self, sheet: Any, styles: Styles) -> None:
        """Write the sheet into a normal worksheet (for writers that read the cells back)."""
        self._prepare(sheet)
        for row, height in self.heights.items():
            sheet.row_dimensions[row].height = height
        for r, row_cells in self.cells.items():
            for c, (value, style) in row_cells.items():
                cell = sheet.cell(r, c)
                styles.apply(cell, style)
                set_value(cell, value)
        for a, b, c, d in self.merges:
            ref = f"{get_column_letter(b)}{a}:{get_column_letter(d)}{c}"
            sheet.merged_cells.ranges.add(MergedCellRange(sheet, ref))


@dataclass
class Book:
    """Sheets in order, their styles and the document properties."""

    sheets: list[Sheet] = field(default_factory=list)
    extra_styles: dict[str, CellStyle] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)

    def add(self, title: str) -> Sheet:
        """Return a new sheet added at the end."""
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def _properties(self, wb: Workbook) -> None:
        for name, value in self.properties.items():
            setattr(wb.properties, name, value)

    def save(self, stream: BinaryIO) -> None:
        """Write the book as .xlsx to a binary stream through an openpyxl write-only workbook."""
        wb = new_workbook(write_only=True)
        styles = Styles(self.extra_styles)
        for sheet in self.sheets:
            target = _StreamedSheet(wb, sheet.title)
            wb._add_sheet(target)
            sheet.stream(target, styles)
        self._properties(wb)
        wb.save(stream)

    def workbook(self) -> Workbook:
        """Return the book as a normal openpyxl workbook (cells readable), not yet saved."""
        wb = new_workbook()
        styles = Styles(self.extra_styles)
        for i, sheet in enumerate(self.sheets):
            target = wb.active if i == 0 else wb.create_sheet()
            target.title = sheet.title
            sheet.fill(target, styles)
        self._properties(wb)
        return wb

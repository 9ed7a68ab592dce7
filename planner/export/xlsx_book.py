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
from collections.abc import Callable, Iterator
from copy import copy
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break

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


# ---------------------------------------------------------------- sheets in memory


class _StreamedCell(Cell):
    """A cell of a streamed row that knows its style's index in the workbook (no hashing per cell)."""

    has_style = True

    def __init__(self, sheet: Any, row: int, column: int, style: tuple[StyleArray, int], value: Any, kind: str) -> None:
        self.parent, self.row, self.column = sheet, row, column
        self._style, self._style_index = style  # shared, not copied: the cell is written and dropped
        self._value, self.data_type, self._hyperlink, self._comment = value, kind, None, None

    @property
    def style_id(self) -> int:
        """Return the index of the cell's style in the workbook's cell styles."""
        return int(self._style_index)


class _RowHeight(RowDimension):
    """A row height shared by every streamed row of that height; its attributes are worked out once."""

    def __init__(self, sheet: Any, height: float) -> None:
        super().__init__(sheet, ht=height)
        self._attributes = tuple(super().__iter__())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._attributes)


def _cells_only(values: list[Cell | None], row: int) -> list[Cell]:
    """Return the cells of a streamed row (its None places dropped)."""
    return [cell for cell in values if cell is not None]


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
        if isinstance(value, str):
            value = clean_text(value) if value else None
        self.cells.setdefault(row, {})[col] = (value, style)

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
        """Write the sheet into a write-only worksheet: settings first, then the rows in order."""
        self._prepare(sheet)
        shared: dict[float, _RowHeight] = {}
        for row, height in self.heights.items():
            dim = shared.get(height)
            if dim is None:
                dim = shared[height] = _RowHeight(sheet, height)
            sheet.row_dimensions[row] = dim
        if self.cells:  # the <dimension> a normal sheet writes (the write-only writer asks for it the same way)
            ref = self.dimension()
            sheet.calculate_dimension = lambda: ref
        sheet.merged_cells = MultiCellRange(
            {CellRange(min_row=a, min_col=b, max_row=c, max_col=d) for a, b, c, d in self.merges}
        )
        # Every cell handed over is a styled Cell with its row and column set: skip openpyxl's conversion of
        # values, which tries each Cell as a value first and raises (formatting the cell's repr) per cell.
        # Without this shortcut the conversion places each cell by its position in the list, so the result is
        # the same (None keeps an empty column's place either way).
        sheet._values_to_row = _cells_only
        arrays: dict[str, tuple[StyleArray, int]] = {}
        last_row = max([*self.cells, *self.heights], default=0)
        for r in range(1, last_row + 1):
            row_cells = self.cells.get(r)
            if not row_cells:
                sheet.append([])
                continue
            out: list[Cell | None] = [None] * max(row_cells)
            for c, (value, style) in row_cells.items():
                known = arrays.get(style)
                if known is None:
                    array = styles.array(sheet, style)
                    known = arrays[style] = (array, sheet.parent._cell_styles.add(array))
                if value is None or isinstance(value, str):
                    cell = _StreamedCell(sheet, r, c, known, value, "n" if value is None else "s")
                else:
                    cell = _StreamedCell(sheet, r, c, known, None, "n")
                    cell.value = value
                out[c - 1] = cell
            sheet.append(out)

    def fill(self, sheet: Any, styles: Styles) -> None:
        """Write the sheet into a normal worksheet (for writers that read the cells back)."""
        self._prepare(sheet)
        for row, height in self.heights.items():
            sheet.row_dimensions[row].height = height
        for r, row_cells in self.cells.items():
            for c, (value, style) in row_cells.items():
                cell = sheet.cell(r, c)
                styles.apply(cell, style)
                if isinstance(value, str):
                    cell._value, cell.data_type = value, "s"
                elif value is not None:
                    cell.value = value
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
            sheet.stream(wb.create_sheet(sheet.title), styles)
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

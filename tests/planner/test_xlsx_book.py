"""Sheets collected in memory and streamed through openpyxl write-only (planner.export.xlsx_book).

The streamed .xlsx must be the same workbook as the normal openpyxl workbook built from the same sheets
(which the .ods writer reads): every cell's value and style, merges, widths, heights, breaks and page.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from planner.export.xlsx import build_book, export_xlsx, setup_page
from planner.export.xlsx_book import ALL_BORDERS, TOP_CENTRE, Book, CellStyle
from planner.packets import export_summary
from planner.packets.summary import _summary_book, summary_rows
from planner.status_colors import COLORS, FILLS, argb
from tests.planner.review_helpers import report_done_and_late

PERIOD = 6


def _cell_text(cell) -> tuple:
    """Return what a reader sees of a cell: value, type, font, alignment, borders, fill, protection, format."""
    f, al, bo, fi = cell.font, cell.alignment, cell.border, cell.fill
    sides = tuple(getattr(bo, s).style for s in ("left", "right", "top", "bottom"))
    colour = f.color.rgb if f.color is not None else None
    fill = (fi.fill_type, fi.fgColor.rgb) if fi.fill_type else None
    return (
        cell.value,
        cell.data_type,
        (f.name, f.sz, f.b, colour),
        (al.horizontal, al.vertical, al.wrap_text),
        sides,
        fill,
        cell.protection.locked,
        cell.number_format,
    )


def _sheet_text(sheet) -> dict:
    """Return a sheet's cells, merges, dimensions and page settings as comparable values."""
    return {
        "cells": {
            (r, c): _cell_text(sheet.cell(r, c))
            for r in range(1, sheet.max_row + 1)
            for c in range(1, sheet.max_column + 1)
        },
        "merges": sorted(str(m) for m in sheet.merged_cells.ranges),
        "heights": {r: d.height for r, d in sheet.row_dimensions.items() if d.height},
        "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.width},
        "breaks": [b.id for b in sheet.row_breaks.brk],
        "titles": sheet.print_title_rows,
        "area": sheet.print_area,
        "freeze": sheet.freeze_panes,
        "page": (sheet.page_setup.paperSize, sheet.page_setup.orientation, sheet.page_setup.fitToWidth),
        "fit": sheet.sheet_properties.pageSetUpPr.fitToPage,
        "footer": sheet.oddFooter.center.text,
    }


def _same_workbooks(path: Path, book: Book, tmp_path: Path) -> None:
    """Assert the streamed file equals the normal workbook of the same book, sheet by sheet."""
    normal = tmp_path / "normal.xlsx"
    book.workbook().save(normal)
    streamed, reference = openpyxl.load_workbook(path), openpyxl.load_workbook(normal)
    assert streamed.sheetnames == reference.sheetnames
    for a, b in zip(streamed.worksheets, reference.worksheets):
        assert _sheet_text(a) == _sheet_text(b), a.title


def test_a_streamed_sheet_reads_back_with_its_values_styles_and_page(tmp_path):
    book = Book(extra_styles={"red": CellStyle(Font(name="標楷體", size=12, color="FFC62828"), TOP_CENTRE)})
    sheet = book.add("表")
    sheet.widths = {1: 11.0, 2: 30.0}
    sheet.put(1, 1, "標題", "title")
    sheet.put(1, 2, None, "title")
    sheet.merge(1, 1, 1, 2)
    sheet.put(2, 1, "=1+1", "cell")  # text, never a formula
    sheet.put(2, 2, "#N/A", "red")  # text, never an error code
    sheet.put(3, 1, "a\x07b", "header")  # a control character Excel cannot hold is dropped
    sheet.put(3, 2, 42, "middle")
    sheet.put(5, 2, "", "cell")  # styled and empty (row 4 left out)
    sheet.heights = {1: 27.6, 2: 19.75, 3: 19.75, 5: 40.0}
    sheet.breaks = [3]
    sheet.setup.append(partial(setup_page, header_first=2, header_last=2))
    book.properties = {"title": "測試", "creator": "星河市"}
    path = tmp_path / "book.xlsx"
    with path.open("wb") as stream:
        book.save(stream)
    wb = openpyxl.load_workbook(path)
    ws = wb["表"]
    assert (ws["A1"].value, ws["A1"].font.sz, ws["A1"].font.b) == ("標題", 16, True)
    assert [str(m) for m in ws.merged_cells.ranges] == ["A1:B1"]
    assert (ws["A2"].value, ws["A2"].data_type) == ("=1+1", "s")
    assert (ws["B2"].value, ws["B2"].data_type, ws["B2"].font.color.rgb) == ("#N/A", "s", "FFC62828")
    assert ws["A2"].border.left.style == "thin" and ws["B2"].border.left.style == "thin"
    assert ws["A3"].value == "ab" and ws["A3"].fill.fgColor.rgb.endswith("E7E6E6")
    assert (ws["B3"].value, ws["B3"].data_type) == (42, "n")
    assert ws["B5"].value is None and ws["B5"].border.bottom.style == "thin"
    assert ws["A4"].value is None and not ws["A4"].has_style
    assert {r: ws.row_dimensions[r].height for r in (1, 2, 3, 5)} == sheet.heights
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (11.0, 30.0)
    assert [b.id for b in ws.row_breaks.brk] == [3]
    assert ws.print_title_rows == "$2:$2" and ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (wb.properties.title, wb.properties.creator) == ("測試", "星河市")
    read_only = openpyxl.load_workbook(path, read_only=True)["表"]
    assert read_only.calculate_dimension() == "A1:B5"  # the <dimension> a normal sheet writes
    _same_workbooks(path, book, tmp_path)


def test_rows_of_the_same_height_keep_their_own_heights_and_styles(tmp_path):
    book = Book()
    sheet = book.add("表")
    for r in range(1, 41):
        sheet.put(r, 1, f"列{r}", "cell" if r % 2 else "centre")
        sheet.heights[r] = 19.75 if r % 3 else 35.5
    stream = io.BytesIO()
    book.save(stream)
    ws = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["表"]
    assert [ws.row_dimensions[r].height for r in range(1, 41)] == [sheet.heights[r] for r in range(1, 41)]
    assert [ws.cell(r, 1).alignment.horizontal for r in range(1, 5)] == ["left", "center", "left", "center"]
    assert [ws.cell(r, 1).value for r in (1, 40)] == ["列1", "列40"]


@pytest.mark.parametrize("options", [{}, {"paged": True}, {"per_unit_sheets": True}])
def test_the_plan_export_streams_the_same_workbook_as_the_normal_one(demo_ws, tmp_path, options):
    plan = demo_ws.plan(115)
    path = export_xlsx(demo_ws, plan, tmp_path / "plan.xlsx", **options)
    book = build_book(demo_ws, plan, **options)
    assert [s.title for s in book.sheets] == openpyxl.load_workbook(path).sheetnames
    _same_workbooks(path, book, tmp_path)


def test_the_summary_streams_the_same_workbook_with_its_status_colours(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    report_done_and_late(demo_ws, plan, PERIOD)
    today = dt.date(2026, 6, 25)
    path = export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.xlsx", today=today)
    book = _summary_book(demo_ws, plan, PERIOD, summary_rows(demo_ws, plan, PERIOD, today))
    _same_workbooks(path, book, tmp_path)
    ws = openpyxl.load_workbook(path).active
    last = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "統計")  # the totals below
    cells = {ws.cell(r, 5).value: ws.cell(r, 5) for r in range(4, last - 1)}
    assert cells["落後"].font.color.rgb == argb(COLORS["late"]) and cells["落後"].font.b
    assert cells["落後"].fill.fgColor.rgb == argb(FILLS["late"])
    assert cells["已完成"].font.color.rgb == argb(COLORS["done"]) and cells["已完成"].fill.fill_type is None
    assert cells["未填報"].font.color.rgb == argb(COLORS["none"]) and not cells["未填報"].font.b
    assert all(c.border.left == ALL_BORDERS.left for c in cells.values())
    assert cells["落後"].fill == PatternFill("solid", start_color=argb(FILLS["late"]), end_color=argb(FILLS["late"]))


def test_a_row_written_at_once_is_the_row_written_cell_by_cell(tmp_path):
    values, styles = ["甲\x07", "", None, 3, 0, "\x07"], ["cell", "cell", "centre", "middle", "middle", "cell"]
    book = Book()
    one, each = book.add("一次"), book.add("逐格")
    one.put_row(1, values, styles)
    for c, (value, style) in enumerate(zip(values, styles), start=1):
        each.put(1, c, value, style)
    assert (
        one.cells
        == each.cells
        == {
            1: {
                1: ("甲", "cell"),
                2: (None, "cell"),
                3: (None, "centre"),
                4: (3, "middle"),
                5: (0, "middle"),
                6: ("", "cell"),
            }
        }
    )
    path = tmp_path / "rows.xlsx"
    with path.open("wb") as stream:
        book.save(stream)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert [c.value for c in ws[1]] == ["甲", None, None, 3, 0, None]
        assert ws["F1"].border.left.style == "thin"  # the emptied text keeps its cell's style
    _same_workbooks(path, book, tmp_path)

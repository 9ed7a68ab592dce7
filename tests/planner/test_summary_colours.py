"""The Word 總表 colours its status cells as the Excel 總表 does (planner.status_colors)."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
from docx import Document
from docx.oxml.ns import qn

from planner.packets import due_rows, export_summary
from planner.review import report_progress
from planner.status_colors import COLORS, FILLS
from tests.planner.review_helpers import report_done_and_late

PERIOD = 6


def _status_cell(table, unit: str, method_text: str):
    """Return the 辦理狀態 cell of the unit's row whose 工作方法 cell starts with method_text."""
    for row in table.rows[1:]:
        cells = row.cells
        if cells[0].text == unit and cells[3].text.startswith(method_text):
            return cells[4]
    raise AssertionError(method_text)


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def _colour(cell) -> str:
    return cell.paragraphs[0].runs[0]._r.rPr.find(qn("w:color")).get(qn("w:val"))


def test_summary_docx_shades_status_cells_like_the_xlsx(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    done, late = report_done_and_late(demo_ws, plan, PERIOD)
    labels = plan.numbering()
    today = dt.date(2026, 6, 25)
    doc = Document(str(export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.docx", today=today)))
    table = doc.tables[0]
    late_cell = _status_cell(table, "推廣課", labels[late.method.id] + late.method.title[:4])
    done_cell = _status_cell(table, "推廣課", labels[done.method.id] + done.method.title[:4])
    assert late_cell.text == "落後" and done_cell.text == "已完成"
    assert _fill(late_cell) == FILLS["late"].lstrip("#").upper() == "FFF3E0"
    assert _colour(late_cell) == COLORS["late"].lstrip("#").upper()
    assert _fill(done_cell) is None  # 已完成 needs no attention: green text, no background, as in the xlsx
    assert _colour(done_cell) == COLORS["done"].lstrip("#").upper() == "2E7D32"
    book = openpyxl.load_workbook(export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.xlsx", today=today)).active
    by_status = {}
    for r in range(4, book.max_row + 1):  # the first cell of each status, above the 統計 table
        by_status.setdefault(book.cell(r, 5).value, book.cell(r, 5))
    assert by_status["落後"].fill.start_color.rgb == "FF" + _fill(late_cell)
    assert by_status["已完成"].font.color.rgb == "FF" + _colour(done_cell)
    assert by_status["已完成"].fill.fill_type is None


def test_summary_ods_keeps_the_xlsx_colours(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    unit = demo_ws.unit_by_name("推廣課").id
    late = due_rows(plan, PERIOD, unit)[1]
    report_progress(demo_ws, plan, late.method.id, PERIOD, unit, "late", "延後", None, "經費未到", "追加預算")
    out = export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.ods", today=dt.date(2026, 6, 25))
    with zipfile.ZipFile(out) as z:
        content = z.read("content.xml").decode("utf-8")
    assert f'fo:background-color="{FILLS["late"]}"' in content
    assert f'fo:color="{COLORS["late"]}"' in content

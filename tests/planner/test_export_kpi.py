"""衡量指標 and 目標值 are printed in Word, Excel and ODF when the layout has such columns, and only then."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from docx import Document

from planner.export.docx import export_docx
from planner.export.ods import export_ods
from planner.export.odt import export_odt
from planner.export.xlsx import export_xlsx
from planner.kpi import set_kpi
from planner.layouts import custom_layout, preset
from planner.numerals import METHOD
from planner.plans import set_layout
from tests.planner.odf_read import grid_of, q, read_package

KPIS = (("推廣活動場次", "12 場"), ("讀者滿意度", "90%"))


@pytest.fixture
def measured(demo_ws):
    """The demo plan in the full_kpi layout with two methods measured; return (plan, [(label+title, kpi, target)])."""
    plan = demo_ws.plan(115)
    methods = [n for n in plan.nodes.values() if n.level == METHOD][1:3]
    for method, (kpi, target) in zip(methods, KPIS, strict=True):
        set_kpi(demo_ws, plan, method.id, kpi=kpi, target=target)
    set_layout(demo_ws, plan, preset("full_kpi"))
    plan = demo_ws.plan(115)
    labels = plan.numbering()
    return plan, [(labels[m.id] + m.title, k, t) for m, (k, t) in zip(methods, KPIS, strict=True)]


def _docx_rows(path):
    """Return the plan table's header and body rows as texts."""
    table = Document(str(path)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    return rows[0], rows[1:]


def test_docx_prints_kpi_columns(demo_ws, measured, tmp_path):
    plan, wanted = measured
    header, body = _docx_rows(export_docx(demo_ws, plan, tmp_path / "計畫.docx"))
    assert header == plan.layout.headers
    method, kpi, target = header.index("工作方法"), header.index("衡量指標"), header.index("目標值")
    for title, k, t in wanted:
        [row] = [r for r in body if r[method].startswith(title)]
        assert (row[kpi], row[target]) == (k, t)
    others = [r for r in body if not any(r[method].startswith(title) for title, _, _ in wanted)]
    assert others and all(r[kpi] == "" and r[target] == "" for r in others)


def test_docx_without_kpi_columns_leaves_them_out(demo_ws, measured, tmp_path):
    plan, _ = measured
    set_layout(demo_ws, plan, preset("full"))
    header, body = _docx_rows(export_docx(demo_ws, demo_ws.plan(115), tmp_path / "計畫.docx"))
    assert "衡量指標" not in header
    assert not any("推廣活動場次" in cell for row in body for cell in row)


def test_custom_layout_with_kpi_only(demo_ws, measured, tmp_path):
    plan, wanted = measured
    columns = [("要項", ["item"]), ("重點", ["focus"]), ("方法", ["method"]), ("指標與目標", ["kpi", "target"])]
    set_layout(demo_ws, plan, custom_layout(columns))
    plan = demo_ws.plan(115)
    header, body = _docx_rows(export_docx(demo_ws, plan, tmp_path / "自訂.docx"))
    assert header[:3] == ["要項", "重點", "方法"] and header[3] == header[4] == "指標與目標"  # one spanned header
    title, k, t = wanted[0]
    [row] = [r for r in body if r[2].startswith(title)]
    assert row[3:5] == [k, t]


def test_xlsx_prints_kpi_columns(demo_ws, measured, tmp_path):
    plan, wanted = measured
    sheet = openpyxl.load_workbook(export_xlsx(demo_ws, plan, tmp_path / "計畫.xlsx")).active
    values = [[sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)] for r in range(1, sheet.max_row + 1)]
    header_row = next(i for i, row in enumerate(values) if "衡量指標" in row)
    header = values[header_row]
    assert [h for h in header if h] == plan.layout.headers
    method, kpi, target = header.index("工作方法"), header.index("衡量指標"), header.index("目標值")
    for title, k, t in wanted:
        [row] = [r for r in values[header_row + 1 :] if (r[method] or "").startswith(title)]
        assert (row[kpi], row[target]) == (k, t)


def test_odt_prints_kpi_columns(demo_ws, measured, tmp_path):
    plan, wanted = measured
    pkg = read_package(export_odt(demo_ws, plan, tmp_path / "計畫.odt"))
    [table] = pkg.content.iter(q("table:table"))
    grid = grid_of(table)
    fields = [f for c in plan.layout.columns for f in c.fields]
    method, kpi, target = (fields.index(f) + 1 for f in ("method", "kpi", "target"))
    assert grid.text(1, kpi) == "衡量指標" and grid.text(1, target) == "目標值"
    for title, k, t in wanted:
        [r] = [r for r in range(2, grid.rows + 1) if grid.text(r, method).startswith(title)]
        assert (grid.text(r, kpi), grid.text(r, target)) == (k, t)


def test_ods_prints_kpi_columns(demo_ws, measured, tmp_path):
    plan, wanted = measured
    with zipfile.ZipFile(export_ods(demo_ws, plan, tmp_path / "計畫.ods")) as z:
        content = z.read("content.xml").decode("utf-8")
    for word in ("衡量指標", "目標值", *(k for _, k, _ in wanted), *(t for _, _, t in wanted)):
        assert f">{word}<" in content

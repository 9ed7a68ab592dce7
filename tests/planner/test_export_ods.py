"""ODF spreadsheet export: the .ods read back (XML) holds the Excel export's sheets cell for cell."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from planner.build import add_plan_from_data
from planner.errors import BadInput
from planner.export.ods import export_ods
from planner.export.scope import Scope, scope_for
from planner.export.xlsx import export_xlsx
from planner.packets import export_summary
from planner.progress import set_progress
from tests.planner.odf_read import grid_of, q, read_package, resolved_props, styles_by_name, text_of
from tests.planner.test_export_docx import SMALL

CJK, LATIN = "標楷體", "Times New Roman"
PERIOD = 6


@pytest.fixture
def demo_plan(demo_ws):
    return demo_ws.plan(115)


def sheets(pkg) -> dict[str, object]:
    return {t.get(q("table:name")): t for t in pkg.content.iter(q("table:table"))}


def same_as_workbook(ods_path, xlsx_path) -> None:
    """Every sheet: names, cell values, merged ranges, header rows, widths and heights as in the .xlsx."""
    pkg = read_package(ods_path)
    wb = openpyxl.load_workbook(xlsx_path)
    tables = sheets(pkg)
    assert list(tables) == wb.sheetnames
    styles = styles_by_name(pkg.content, pkg.styles)
    for sheet in wb.worksheets:
        grid = grid_of(tables[sheet.title])
        assert grid.rows == sheet.max_row
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, openpyxl.cell.cell.MergedCell):
                    assert (cell.row, cell.column) in grid.covered
                    continue
                element = grid.cells[(cell.row, cell.column)]
                if cell.value is None:
                    assert grid.text(cell.row, cell.column) == ""
                elif isinstance(cell.value, int | float):
                    assert element.get(q("office:value-type")) == "float"
                    assert float(element.get(q("office:value"))) == cell.value
                else:
                    assert grid.text(cell.row, cell.column) == str(cell.value)
        merged = {
            (r.min_row, r.min_col): (r.max_row - r.min_row + 1, r.max_col - r.min_col + 1)
            for r in sheet.merged_cells.ranges
        }
        assert grid.spans == merged
        if sheet.print_title_rows:
            first, last = (int(x.replace("$", "")) for x in sheet.print_title_rows.split(":"))
            headers = tables[sheet.title].find(q("table:table-header-rows"))
            assert len(headers.findall(q("table:table-row"))) == last - first + 1
            assert grid.header_rows == last - first + 1
        columns = tables[sheet.title].findall(q("table:table-column"))
        for c, column in enumerate(columns, start=1):
            width = resolved_props(styles, column.get(q("table:style-name")), "style:table-column-properties")
            expected = sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
            assert float(width[q("style:column-width")].removesuffix("pt")) == pytest.approx(expected * 6, abs=0.01)
        rows = list(tables[sheet.title].iter(q("table:table-row")))
        for r, row in enumerate(rows, start=1):
            height = resolved_props(styles, row.get(q("table:style-name")), "style:table-row-properties")
            if sheet.row_dimensions[r].height:
                assert float(height[q("style:row-height")].removesuffix("pt")) == pytest.approx(
                    sheet.row_dimensions[r].height, abs=0.01
                )


def test_plan_ods_is_the_excel_table(demo_ws, demo_plan, tmp_path):
    ods = export_ods(demo_ws, demo_plan, tmp_path / "計畫.ods")
    xlsx = export_xlsx(demo_ws, demo_plan, tmp_path / "計畫.xlsx")
    same_as_workbook(ods, xlsx)
    pkg = read_package(ods)
    assert pkg.mimetype == "application/vnd.oasis.opendocument.spreadsheet"
    assert pkg.names[0] == "mimetype" and pkg.infos[0].compress_type == zipfile.ZIP_STORED
    assert list(sheets(pkg)) == ["計畫內容", "計畫說明"]
    grid = grid_of(sheets(pkg)["計畫內容"])
    assert grid.text(1, 1) == "星河市立圖書館115年度提升服務工作計畫"
    assert [grid.text(3, c) for c in range(1, 5)] == ["工作要項", "工作重點", "", "業務單位"]
    assert grid.spans[(3, 2)] == (1, 2)
    meta = pkg.meta.find(q("office:meta"))
    assert meta.findtext(q("dc:title")) == "星河市立圖書館115年度提升服務工作計畫"
    assert meta.findtext(q("dc:creator")) == meta.findtext(q("meta:initial-creator")) == demo_ws.agency
    assert meta.findtext(q("dc:language")) == "zh-TW"


def test_sections_sheet(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_ods(demo_ws, demo_plan, tmp_path / "計畫.ods"))
    grid = grid_of(sheets(pkg)["計畫說明"])
    texts = [grid.text(r, 1) for r in range(1, grid.rows + 1)]
    expected = []
    for section in demo_plan.sections:
        expected.append(demo_plan.section_label(section) + section.heading)
        expected += [line.strip() for line in section.text.splitlines() if line.strip()]
    assert [t for t in texts if t in expected] == expected
    assert "（見「計畫內容」工作表）" in texts
    styles = styles_by_name(pkg.content, pkg.styles)
    heading = grid.cells[(texts.index("壹、計畫依據") + 1, 1)]
    props = resolved_props(styles, heading.get(q("table:style-name")), "style:text-properties")
    assert props[q("fo:font-weight")] == "bold" and props[q("fo:font-size")] == "14pt"


def test_borders_fonts_wrap_and_fill(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_ods(demo_ws, demo_plan, tmp_path / "計畫.ods"))
    styles = styles_by_name(pkg.content, pkg.styles)
    grid = grid_of(sheets(pkg)["計畫內容"])
    for (r, c), cell in grid.cells.items():
        props = resolved_props(styles, cell.get(q("table:style-name")), "style:text-properties")
        assert props[q("style:font-name-asian")] == CJK and props[q("style:font-name")] == LATIN
        assert props[q("style:country-asian")] == "TW"
        if r >= 3:
            box = resolved_props(styles, cell.get(q("table:style-name")), "style:table-cell-properties")
            assert box[q("fo:border")] == "0.5pt solid #000000", (r, c)
            assert box[q("fo:wrap-option")] == "wrap"
    header = resolved_props(styles, grid.cells[(3, 1)].get(q("table:style-name")), "style:table-cell-properties")
    assert header[q("fo:background-color")] == "#e7e6e6"
    assert header[q("style:vertical-align")] == "middle"
    body = resolved_props(styles, grid.cells[(4, 1)].get(q("table:style-name")), "style:table-cell-properties")
    assert body[q("style:vertical-align")] == "top"


def test_page_and_footer(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_ods(demo_ws, demo_plan, tmp_path / "計畫.ods"))
    table = sheets(pkg)["計畫內容"]
    styles = styles_by_name(pkg.content)
    master_name = styles[table.get(q("table:style-name"))].get(q("style:master-page-name"))
    master = next(m for m in pkg.styles.iter(q("style:master-page")) if m.get(q("style:name")) == master_name)
    layout = next(
        p
        for p in pkg.styles.iter(q("style:page-layout"))
        if p.get(q("style:name")) == master.get(q("style:page-layout-name"))
    )
    props = layout.find(q("style:page-layout-properties"))
    assert (props.get(q("fo:page-width")), props.get(q("fo:page-height"))) == ("841.90pt", "595.30pt")
    assert props.get(q("style:print-orientation")) == "landscape"
    assert props.get(q("style:scale-to-X")) == "1"
    assert props.get(q("style:first-page-number")) == "continue"  # the sections sheet goes on numbering
    footer = master.find(q("style:footer")).find(q("style:region-center")).find(q("text:p"))
    assert footer.find(q("text:page-number")) is not None and footer.find(q("text:page-count")) is not None
    assert text_of(footer) == "第 1 頁，共 1 頁"


def test_scopes(demo_ws, demo_plan, tmp_path, ws):
    scope = scope_for(demo_ws, demo_plan, unit="推廣課")
    ods = export_ods(demo_ws, demo_plan, tmp_path / "推廣課.ods", scope)
    same_as_workbook(ods, export_xlsx(demo_ws, demo_plan, tmp_path / "推廣課.xlsx", scope))
    grid = grid_of(sheets(read_package(ods))["計畫內容"])
    assert grid.text(2, 1) == "（業務單位：推廣課）"
    assert list(sheets(read_package(ods))) == ["計畫內容"]  # a part has no sections of its own
    scope = scope_for(demo_ws, demo_plan, item=3)
    ods = export_ods(demo_ws, demo_plan, tmp_path / "三.ods", scope)
    same_as_workbook(ods, export_xlsx(demo_ws, demo_plan, tmp_path / "三.xlsx", scope))
    small = add_plan_from_data(ws, SMALL)
    with pytest.raises(BadInput, match="沒有相關的工作方法"):
        export_ods(ws, small, tmp_path / "none.ods", Scope(unit_id=ws.unit_by_name("各課室").id, item_index=2))
    assert not (tmp_path / "none.ods").exists()
    with pytest.raises(BadInput, match="副檔名"):
        export_ods(ws, small, tmp_path / "x.xlsx")


def test_summary_ods(demo_ws, demo_plan, tmp_path):
    ext = demo_ws.unit_by_name("推廣課").id
    method = next(m for m in demo_plan.methods() if ext in m.units and PERIOD in m.months)
    set_progress(demo_ws, demo_plan, method.id, PERIOD, ext, "done", "完成了 & <好>", "2026-06-10")
    ods = export_summary(demo_ws, demo_plan, PERIOD, tmp_path / "總表.ods")
    xlsx = export_summary(demo_ws, demo_plan, PERIOD, tmp_path / "總表.xlsx")
    same_as_workbook(ods, xlsx)
    pkg = read_package(ods)
    [(name, table)] = sheets(pkg).items()
    assert name == "6月執行情形"
    grid = grid_of(table)
    assert grid.text(2, 1) == "115年6月 執行情形總表"
    texts = [grid.text(r, 6) for r in range(4, grid.rows + 1)]
    assert "完成了 & <好>" in texts
    total = next(r for r in range(1, grid.rows + 1) if grid.text(r, 1) == "合計")
    assert grid.cells[(total, 7)].get(q("office:value-type")) == "float"
    assert table.get(q("table:print-ranges")).startswith("'6月執行情形'.A1:'6月執行情形'.")
    meta = pkg.meta.find(q("office:meta"))
    assert meta.findtext(q("dc:title")) == "115年6月 執行情形總表"


def test_months_break_after_punctuation_only(demo_ws, demo_plan, tmp_path):
    from planner.layouts import preset
    from planner.plans import set_layout

    set_layout(demo_ws, demo_plan, preset("full"))
    ods = export_ods(demo_ws, demo_plan, tmp_path / "橫.ods")
    same_as_workbook(ods, export_xlsx(demo_ws, demo_plan, tmp_path / "橫.xlsx"))
    grid = grid_of(sheets(read_package(ods))["計畫內容"])
    months = [grid.text(r, 5) for r in range(4, grid.rows + 1) if grid.text(r, 5)]
    assert len(months) == len([m for m in demo_plan.methods() if m.months])
    assert any("\n" in m for m in months)
    assert all(line.endswith(("、", "月")) for m in months for line in m.split("\n"))

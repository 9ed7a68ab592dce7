"""Excel: printed pages broken between rows, merged 要項/重點 blocks restarting labelled （續）."""

from __future__ import annotations

from openpyxl import load_workbook

from planner.export.xlsx import export_xlsx, export_xlsx_paged


def test_paged_workbook_breaks_between_rows_and_continues_blocks(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    sheet = load_workbook(export_xlsx_paged(demo_ws, plan, tmp_path / "分頁.xlsx")).worksheets[0]
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert len(breaks) >= 4 and breaks == sorted(breaks)
    labels = plan.numbering()
    continued = 0
    for last in breaks:
        top = last + 1
        for rng in sheet.merged_cells.ranges:  # no merged block crosses a page break
            assert not (rng.min_row <= last < rng.max_row), (rng, last)
        for col in (1, 2):
            text = sheet.cell(top, col).value
            assert text, (top, col)  # every page starts with its 要項 and 重點 shown
            if text.endswith("（續）"):
                continued += 1
                assert any(text.startswith(label) for label in labels.values())
    assert continued >= 4
    plain = load_workbook(export_xlsx(demo_ws, plan, tmp_path / "一頁.xlsx")).worksheets[0]
    assert not plain.row_breaks.brk
    assert not any(str(c.value or "").endswith("（續）") for row in plain.iter_rows() for c in row)

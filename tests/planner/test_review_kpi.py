"""KPI: 衡量指標 and 目標值 per method, shown (locked) in the forms, 實際值 collected per round and in the 總表."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from planner.errors import OperationRefused
from planner.kpi import kpi_of, plan_kpis, set_kpi
from planner.packets import COL, collect, due_rows, export_summary, write_packets
from planner.review import progress_notes
from tests.planner.review_helpers import form_rows, packet_for

PERIOD = 6
BEFORE = dt.date(2026, 6, 25)


@pytest.fixture
def plan(demo_ws):
    return demo_ws.plan(115)


@pytest.fixture
def measured(demo_ws, plan):
    unit = demo_ws.unit_by_name("推廣課")
    method = due_rows(plan, PERIOD, unit.id)[0].method
    set_kpi(demo_ws, plan, method.id, kpi="推廣活動場次", target="12 場")
    return method, unit


def test_set_kpi_is_undoable_and_only_for_methods(demo_ws, plan, measured):
    method, _ = measured
    assert kpi_of(demo_ws, method.id).text() == "推廣活動場次：目標 12 場"
    assert plan_kpis(demo_ws, plan) == {method.id: kpi_of(demo_ws, method.id)}
    set_kpi(demo_ws, plan, method.id, target="15 場")
    assert kpi_of(demo_ws, method.id).target == "15 場" and demo_ws.undo_text == "修改目標值"
    demo_ws.undo()
    demo_ws.undo()
    assert plan_kpis(demo_ws, plan) == {}
    with pytest.raises(OperationRefused, match="只有工作方法"):
        set_kpi(demo_ws, plan, plan.items[0].id, kpi="x")


def test_kpi_in_the_form_actual_collected_and_in_the_summary(demo_ws, plan, measured, tmp_path):
    method, unit = measured
    forms = write_packets(demo_ws, plan, PERIOD, tmp_path / "forms", formats=["xlsx"])
    path = packet_for(forms, "推廣課")
    wb = openpyxl.load_workbook(path)
    sheet = wb["填報表"]
    letter = openpyxl.utils.get_column_letter
    assert [sheet.cell(5, COL[f]).value for f in ("kpi", "target", "actual")] == ["衡量指標", "目標值", "實際值"]
    assert not sheet.column_dimensions[letter(COL["kpi"])].hidden
    row = dict((n, r) for r, n in form_rows(path))[method.id]
    assert (sheet.cell(row, COL["kpi"]).value, sheet.cell(row, COL["target"]).value) == ("推廣活動場次", "12 場")
    assert sheet.cell(row, COL["kpi"]).protection.locked and not sheet.cell(row, COL["actual"]).protection.locked
    other = openpyxl.load_workbook(packet_for(forms, "資訊課"))["填報表"]
    assert other.column_dimensions[letter(COL["kpi"])].hidden  # no KPI in that unit's form
    sheet.cell(row, COL["status"]).value = "辦理中"
    sheet.cell(row, COL["actual"]).value = "7 場"
    wb.save(path)
    report = collect(demo_ws, plan, PERIOD, [path], today=BEFORE)
    assert report.done, report.summary()
    assert progress_notes(demo_ws, plan, PERIOD)[(method.id, PERIOD, unit.id)].actual == "7 場"
    summary = openpyxl.load_workbook(export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.xlsx", today=BEFORE)).active
    assert summary.cell(3, 10).value == "衡量指標／實際值"
    texts = [summary.cell(r, 10).value for r in range(4, summary.max_row + 1)]
    assert "推廣活動場次：目標 12 場／實際 7 場" in texts


def test_edited_kpi_cell_is_refused(demo_ws, plan, measured, tmp_path):
    method, _ = measured
    path = packet_for(write_packets(demo_ws, plan, PERIOD, tmp_path / "forms", formats=["xlsx"]), "推廣課")
    wb = openpyxl.load_workbook(path)
    sheet = wb["填報表"]
    row = dict((n, r) for r, n in form_rows(path))[method.id]
    sheet.cell(row, COL["target"]).value = "3 場"  # a lower target, typed over the locked cell
    sheet.cell(row, COL["status"]).value = "已完成"
    wb.save(path)
    report = collect(demo_ws, plan, PERIOD, [path], today=BEFORE)
    assert [p.row for p in report.errors] == [row] and "鎖定的欄位" in report.errors[0].message

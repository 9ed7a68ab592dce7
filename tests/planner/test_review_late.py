"""Status 落後: 落後原因 and 因應對策 required (in collect, row by row, and in report_progress), kept and shown."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from planner.errors import OperationRefused
from planner.packets import COL, collect, due_rows, export_summary, write_packets
from planner.progress import records
from planner.review import progress_notes, report_progress
from tests.planner.review_helpers import file_state, fill, form_rows, packet_for

PERIOD = 6
BEFORE, AFTER = dt.date(2026, 6, 25), dt.date(2026, 7, 1)  # the demo's June round is due 6/30


@pytest.fixture
def plan(demo_ws):
    return demo_ws.plan(115)


@pytest.fixture
def form(demo_ws, plan, tmp_path):
    return packet_for(write_packets(demo_ws, plan, PERIOD, tmp_path / "forms", formats=["xlsx"]), "推廣課")


def test_late_without_reason_is_refused_row_by_row(demo_ws, plan, form):
    rows = form_rows(form)
    fill(
        form,
        {
            rows[0][0]: ("落後", "廠商延遲交貨", None),
            rows[1][0]: ("落後", "人力不足", None, "人力調度", ""),
            rows[2][0]: ("已完成", "完成", "115/6/20"),
        },
    )
    state = file_state(demo_ws.path)
    report = collect(demo_ws, plan, PERIOD, [form], today=BEFORE)
    assert not report.ok and not report.done
    assert [(p.row, p.message) for p in report.errors] == [
        (rows[0][0], "辦理狀態為「落後」，請填寫落後原因及因應對策。"),
        (rows[1][0], "辦理狀態為「落後」，請填寫因應對策。"),
    ]
    assert f"第 {rows[0][0]} 列" in report.summary()
    assert records(demo_ws, plan, PERIOD) == {} and file_state(demo_ws.path) == state


def test_late_with_reason_and_measure_is_collected_and_undone(demo_ws, plan, form, tmp_path):
    rows = form_rows(form)
    fill(form, {rows[0][0]: ("落後", "廠商延遲交貨", None, "原料短缺", "改向其他廠商採購")})
    report = collect(demo_ws, plan, PERIOD, [form], today=BEFORE)
    assert report.done and len(report.applied) == 1
    unit = demo_ws.unit_by_name("推廣課").id
    key = (rows[0][1], PERIOD, unit)
    assert records(demo_ws, plan, PERIOD)[key].status == "late"
    note = progress_notes(demo_ws, plan, PERIOD)[key]
    assert (note.reason, note.measure) == ("原料短缺", "改向其他廠商採購")
    again = packet_for(write_packets(demo_ws, plan, PERIOD, tmp_path / "again", formats=["xlsx"]), "推廣課")
    sheet = openpyxl.load_workbook(again)["填報表"]
    row = dict((n, r) for r, n in form_rows(again))[rows[0][1]]
    assert [sheet.cell(row, COL[f]).value for f in ("status", "reason", "measure")] == [
        "落後",
        "原料短缺",
        "改向其他廠商採購",
    ]
    summary = openpyxl.load_workbook(export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.xlsx", today=BEFORE)).active
    line = next(r for r in range(4, summary.max_row + 1) if summary.cell(r, 5).value == "落後")
    assert (summary.cell(line, 7).value, summary.cell(line, 8).value) == ("原料短缺", "改向其他廠商採購")
    assert summary.cell(line, 5).fill.start_color.rgb == "FFFFF3E0"  # planner.status_colors: late
    demo_ws.undo()
    assert records(demo_ws, plan, PERIOD) == {} and progress_notes(demo_ws, plan, PERIOD) == {}
    demo_ws.redo()
    assert progress_notes(demo_ws, plan, PERIOD)[key].measure == "改向其他廠商採購"


def test_behind_after_the_deadline_needs_a_reason(demo_ws, plan, form):
    rows = form_rows(form)
    fill(form, {rows[0][0]: ("辦理中", "仍在辦理", None), rows[1][0]: ("已完成", "完成", "115/6/28")})
    assert collect(demo_ws, plan, PERIOD, [form], dry_run=True, today=BEFORE).ok  # before: on time
    report = collect(demo_ws, plan, PERIOD, [form], today=AFTER)
    assert [(p.row, p.message) for p in report.errors] == [
        (rows[0][0], "已逾回收期限，仍未完成，請填寫落後原因及因應對策。")
    ]


def test_report_progress_requires_reason_and_is_one_edit(demo_ws, plan):
    unit = demo_ws.unit_by_name("推廣課").id
    method = due_rows(plan, PERIOD, unit)[0].method
    undo = len(demo_ws.undo_stack)
    with pytest.raises(OperationRefused, match="落後原因及因應對策"):
        report_progress(demo_ws, plan, method.id, PERIOD, unit, "late", "慢了")
    with pytest.raises(OperationRefused, match="已逾回收期限"):
        report_progress(demo_ws, plan, method.id, PERIOD, unit, "todo", "", overdue=True)
    assert len(demo_ws.undo_stack) == undo and records(demo_ws, plan, PERIOD) == {}
    report_progress(demo_ws, plan, method.id, PERIOD, unit, "late", "慢了", None, "經費未到", "追加預算")
    assert len(demo_ws.undo_stack) == undo + 1
    assert progress_notes(demo_ws, plan, PERIOD)[(method.id, PERIOD, unit)].reason == "經費未到"
    demo_ws.undo()
    assert records(demo_ws, plan, PERIOD) == {}

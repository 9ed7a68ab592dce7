"""Review packets: written per unit, filled in, collected back as one undoable edit, or refused whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from planner import operations as ops
from planner.errors import BadInput, OperationRefused
from planner.packets import (
    COL,
    Head,
    collect,
    due_rows,
    export_summary,
    packet_name,
    parse_date,
    parse_status,
    read_packet,
    seal_of,
    write_packets,
)
from planner.packets.secret import packet_key
from planner.plans import copy_plan_to_year
from planner.progress import records, set_locked, set_progress
from tests.planner.review_helpers import (
    before_the_deadline,  # noqa: F401  (autouse)
    boxed_cells,
    file_state,
    fill,
    form_rows,
    packet_for,
    progress_rows,
)

PERIOD = 6


@pytest.fixture
def plan(demo_ws):
    return demo_ws.plan(115)


@pytest.fixture
def packets(demo_ws, plan, tmp_path) -> list[Path]:
    return write_packets(demo_ws, plan, PERIOD, tmp_path / "填報表")


def unit_id(ws, name):
    return ws.unit_by_name(name).id


class Untouched:
    """Assert that a failed collection changed nothing: records, undo stack, workspace file."""

    def __init__(self, ws, plan):
        self.ws, self.plan = ws, plan
        self.records = progress_rows(ws, plan)
        self.undo = list(ws.undo_stack)
        self.state = file_state(ws.path)

    def check(self):
        assert progress_rows(self.ws, self.plan) == self.records
        assert self.ws.undo_stack == self.undo
        assert file_state(self.ws.path) == self.state


# ---------------------------------------------------------------- writing


def test_files_per_unit(demo_ws, plan, packets, tmp_path):
    units = [u.name for u in demo_ws.units() if due_rows(plan, PERIOD, u.id)]
    assert sorted(p.name for p in packets) == sorted(
        packet_name(plan, PERIOD, u, s) for u in units for s in (".xlsx", ".docx")
    )
    assert packet_for(packets, "推廣課").name == "115年6月_推廣課_執行情形填報表.xlsx"
    assert all(p.parent == tmp_path / "填報表" for p in packets)


def test_form_lists_only_the_units_due_methods(demo_ws, plan, packets):
    labels = plan.numbering()
    for name in ("秘書室", "推廣課", "資訊課"):
        uid = unit_id(demo_ws, name)
        path = packet_for(packets, name)
        due = due_rows(plan, PERIOD, uid)
        assert [node for _, node in form_rows(path)] == [d.method.id for d in due]
        for d in due:
            assert PERIOD in d.method.months and uid in d.method.units
        sheet = openpyxl.load_workbook(path)["填報表"]
        assert sheet["A3"].value.startswith(f"填報單位：{name}")
        first = 6
        method = due[0].method
        assert sheet.cell(first, 4).value.startswith(labels[method.id] + (method.title or method.body[:4]))
        assert sheet.cell(first, 2).value == labels[due[0].item.id] + due[0].item.title
        assert sheet.cell(first, 3).value.startswith(labels[due[0].focuses[0].id])
        assert [sheet.cell(5, c).value for c in range(1, 10)] == [
            "項次",
            "工作要項",
            "工作重點",
            "工作方法",
            "辦理狀態",
            "執行情形",
            "落後原因",
            "因應對策",
            "完成日期",
        ]


def test_dropdown_protection_hidden_identification_and_print(demo_ws, plan, packets):
    path = packet_for(packets, "推廣課")
    wb = openpyxl.load_workbook(path)
    sheet = wb["填報表"]
    rows = form_rows(path)
    first, last = rows[0][0], rows[-1][0]
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == '"未開始,辦理中,落後,已完成,不適用"'
    assert str(lists[0].sqref) == f"E{first}:E{last}"
    assert lists[0].showErrorMessage
    assert sheet.protection.sheet is True
    for r in range(first, last + 1):
        for c in (1, 4, 10, 11):
            assert sheet.cell(r, c).protection.locked is True
        for c in (5, 6, 7, 8, 9):
            assert sheet.cell(r, c).protection.locked is False
    assert sheet["B6"].protection.locked is True
    assert sheet.column_dimensions["J"].hidden and sheet.column_dimensions["K"].hidden
    meta = wb["_planner"]
    assert meta.sheet_state == "veryHidden"
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, 15)}
    assert (values["plan_id"], values["year"], values["period"]) == (plan.id, 115, PERIOD)
    assert (values["unit_id"], values["unit"]) == (unit_id(demo_ws, "推廣課"), "推廣課")
    assert len(values["seal"]) == 32
    assert wb.security.lockStructure
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows in ("5:5", "$5:$5")
    assert sheet["D6"].font.name == "標楷體" and sheet["D6"].alignment.wrap_text
    boxed = boxed_cells(path, "填報表")
    assert all(boxed[f"{col}{r}"] for r in range(5, last + 1) for col in "ABCDEFGHI")
    for rng in sheet.merged_cells.ranges:
        if rng.min_row > 5:
            assert rng.min_col in (2, 3) and rng.min_col == rng.max_col


def test_existing_records_prefilled(demo_ws, plan, tmp_path):
    uid = unit_id(demo_ws, "推廣課")
    method = due_rows(plan, PERIOD, uid)[1].method
    set_progress(demo_ws, plan, method.id, PERIOD, uid, "doing", "已洽廠商", "2026-06-15")
    path = packet_for(write_packets(demo_ws, plan, PERIOD, tmp_path, formats=["xlsx"]), "推廣課")
    sheet = openpyxl.load_workbook(path)["填報表"]
    row = dict((node, r) for r, node in form_rows(path))[method.id]
    assert sheet.cell(row, 5).value == "辦理中"
    assert sheet.cell(row, 6).value == "已洽廠商"
    assert sheet.cell(row, 9).value == dt.datetime(2026, 6, 15)


def test_word_packet(demo_ws, plan, packets):
    path = packet_for(packets, "推廣課", ".docx")
    doc = Document(str(path))
    table = doc.tables[0]
    due = due_rows(plan, PERIOD, unit_id(demo_ws, "推廣課"))
    assert len(table.rows) == len(due) + 1
    assert [c.text for c in table.rows[0].cells] == [
        "項次",
        "工作要項",
        "工作重點",
        "工作方法",
        "辦理狀態",
        "執行情形",
        "落後原因",
        "因應對策",
        "完成日期",
    ]
    row = table.rows[1].cells
    assert row[4].text.split("\n") == ["□未開始", "□辦理中", "□落後", "□已完成", "□不適用"]
    assert row[5].text == "" and row[6].text == "" and row[8].text == ""
    assert "請於 115/06/30 前回傳" in "\n".join(p.text for p in doc.paragraphs)
    assert "填報單位：推廣課" in "\n".join(p.text for p in doc.paragraphs)
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert b"tblHeader" in zipfile.ZipFile(path).read("word/document.xml")


def test_bad_requests(demo_ws, plan, tmp_path):
    with pytest.raises(BadInput, match="1 到 12"):
        write_packets(demo_ws, plan, 13, tmp_path)
    with pytest.raises(BadInput, match="沒有需要查核"):
        write_packets(demo_ws, plan, 2, tmp_path)
    with pytest.raises(BadInput, match="格式"):
        write_packets(demo_ws, plan, PERIOD, tmp_path, formats=["pdf"])
    (tmp_path / "檔案").write_text("x")
    with pytest.raises(BadInput, match="不是資料夾"):
        write_packets(demo_ws, plan, PERIOD, tmp_path / "檔案")


# ---------------------------------------------------------------- collecting


def test_fill_collect_and_undo(demo_ws, plan, packets):
    ext, promo = unit_id(demo_ws, "推廣課"), unit_id(demo_ws, "資訊課")
    a, b = packet_for(packets, "推廣課"), packet_for(packets, "資訊課")
    rows_a, rows_b = form_rows(a), form_rows(b)
    fill(
        a,
        {
            rows_a[0][0]: ("已完成", "已製作圖文版本並上架", dt.datetime(2026, 6, 12)),
            rows_a[1][0]: ("辦理中", " 回覆中 ", "115/6/30"),
            rows_a[2][0]: ("不適用", None, None),
        },
    )
    fill(b, {rows_b[0][0]: ("未開始", "下半年辦理", "2026-06-30")})
    undo_before = len(demo_ws.undo_stack)
    report = collect(demo_ws, plan, PERIOD, [a, b, packet_for(packets, "秘書室")])
    assert report.ok and report.done, report.summary()
    assert len(report.applied) == 4
    assert report.errors == [] and report.conflicts == []
    assert len(report.blank) > 10
    recs = records(demo_ws, plan, PERIOD)
    assert (recs[(rows_a[0][1], PERIOD, ext)].status, recs[(rows_a[0][1], PERIOD, ext)].date) == ("done", "2026-06-12")
    assert recs[(rows_a[1][1], PERIOD, ext)].text == "回覆中"
    assert recs[(rows_a[1][1], PERIOD, ext)].date == "2026-06-30"
    assert recs[(rows_a[2][1], PERIOD, ext)].status == "na"
    assert recs[(rows_b[0][1], PERIOD, promo)].status == "todo"
    assert len(demo_ws.undo_stack) == undo_before + 1
    assert demo_ws.undo_text == "收回 6月 執行情形填報表"
    assert "寫入 4 筆" in report.summary()
    # Collecting the same files again changes nothing.
    again = collect(demo_ws, plan, PERIOD, [a, b])
    assert again.ok and not again.done and len(again.unchanged) == 4 and again.applied == []
    assert len(demo_ws.undo_stack) == undo_before + 1
    demo_ws.undo()
    assert records(demo_ws, plan, PERIOD) == {}
    demo_ws.redo()
    assert len(records(demo_ws, plan, PERIOD)) == 4


def test_dry_run_applies_nothing(demo_ws, plan, packets):
    a = packet_for(packets, "推廣課")
    fill(a, {form_rows(a)[0][0]: ("已完成", "好了", None)})
    before = Untouched(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [a], dry_run=True)
    assert report.ok and len(report.applied) == 1 and not report.done
    assert "僅檢查" in report.summary()
    before.check()


def _broken(report, *words):
    assert not report.ok and not report.done and report.applied == []
    text = report.summary()
    for word in words:
        assert word in text, text
    return text


def test_deleted_row(demo_ws, plan, packets):
    a = packet_for(packets, "推廣課")
    rows = form_rows(a)
    fill(a, {rows[0][0]: ("已完成", "好了", None)})
    wb = openpyxl.load_workbook(a)
    wb["填報表"].delete_rows(rows[1][0])
    wb.save(a)
    before = Untouched(demo_ws, plan)
    text = _broken(collect(demo_ws, plan, PERIOD, [a]), "被刪除", a.name, f"第 {rows[1][0]} 列")
    assert "（一、(二)3.申請案件主動回覆）" in text
    before.check()


def test_added_row(demo_ws, plan, packets):
    a = packet_for(packets, "推廣課")
    last = form_rows(a)[-1][0]
    fill(a, {last + 1: ("已完成", "多的一列", None)})
    before = Untouched(demo_ws, plan)
    _broken(collect(demo_ws, plan, PERIOD, [a]), "新增", f"第 {last + 1} 列")
    before.check()


def test_garbage_status_and_bad_dates(demo_ws, plan, packets):
    a = packet_for(packets, "推廣課")
    rows = form_rows(a)
    fill(
        a,
        {
            rows[0][0]: ("完成了", "x", None),
            rows[1][0]: ("已完成", "y", "2026-13-45"),
            rows[2][0]: ("已完成", "z", "1999-01-01"),
            rows[3][0]: (None, "沒選狀態", None),
            rows[4][0]: ("已完成", "正確的一列", None),
        },
    )
    before = Untouched(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [a])
    _broken(report, "辦理狀態「完成了」不正確", "完成日期「2026-13-45」不正確", "1999-01-01", "未選擇辦理狀態")
    assert len(report.errors) == 4
    assert {e.row for e in report.errors} == {r for r, _ in rows[:4]}
    before.check()


def test_tampered_node_id(demo_ws, plan, packets):
    a = packet_for(packets, "推廣課")
    rows = form_rows(a)
    other = next(m for m in plan.methods() if m.id not in {n for _, n in rows})
    wb = openpyxl.load_workbook(a)
    wb["填報表"].cell(rows[0][0], COL["node"]).value = other.id
    wb["填報表"].cell(rows[0][0], COL["status"]).value = "已完成"
    wb.save(a)
    before = Untouched(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [a])
    _broken(report, "識別碼", f"第 {rows[0][0]} 列")
    assert len(report.errors) == 1  # the changed row is not reported a second time as deleted
    before.check()


def _reseal(ws, path: Path, **changes) -> None:
    """Change the hidden identification and seal it again, as a forger holding the workspace's secret would."""
    wb = openpyxl.load_workbook(path)
    meta = wb["_planner"]
    keys = {meta.cell(r, 1).value: r for r in range(1, 15)}
    for key, value in changes.items():
        meta.cell(keys[key], 2).value = value
    head = {f.name: meta.cell(keys[f.name], 2).value for f in dataclasses.fields(Head)}
    rows = []
    for r in range(20, 20 + meta.cell(keys["rows"], 2).value):
        cells = [meta.cell(r, c).value for c in range(1, 11)]
        rows.append([cells[0], cells[1], *((v or "") if not isinstance(v, int) else str(v) for v in cells[2:])])
    meta.cell(keys["seal"], 2).value = seal_of(packet_key(ws), head, rows)
    wb.save(path)


def test_wrong_unit_and_unknown_unit(demo_ws, plan, packets, tmp_path):
    a = packet_for(packets, "推廣課")
    fill(a, {form_rows(a)[0][0]: ("已完成", "x", None)})
    edited = shutil.copy(a, tmp_path / "改成資訊課.xlsx")
    _reseal(demo_ws, edited, unit_id=unit_id(demo_ws, "資訊課"), unit="資訊課")
    unknown = shutil.copy(a, tmp_path / "不明單位.xlsx")
    _reseal(demo_ws, unknown, unit_id=999, unit="不明課")
    tampered = shutil.copy(a, tmp_path / "未重新封存.xlsx")
    wb = openpyxl.load_workbook(tampered)
    wb["_planner"]["B6"] = unit_id(demo_ws, "資訊課")
    wb.save(tampered)
    before = Untouched(demo_ws, plan)
    _broken(collect(demo_ws, plan, PERIOD, [edited]), "改成資訊課.xlsx", "識別碼")
    _broken(collect(demo_ws, plan, PERIOD, [unknown]), "「不明課」已不在工作區中")
    _broken(collect(demo_ws, plan, PERIOD, [tampered]), "識別資料遭到修改")
    before.check()


def test_wrong_period_and_wrong_plan(demo_ws, plan, tmp_path):
    december = packet_for(write_packets(demo_ws, plan, 12, tmp_path / "12"), "推廣課")
    copy_plan_to_year(demo_ws, 115, 116)
    other = packet_for(write_packets(demo_ws, demo_ws.plan(116), PERIOD, tmp_path / "116"), "推廣課")
    before = Untouched(demo_ws, plan)
    _broken(collect(demo_ws, plan, PERIOD, [december]), "這是 12月的填報表，不是 6月的")
    _broken(collect(demo_ws, plan, PERIOD, [other]), "屬於 116 年度計畫")
    before.check()


def test_node_no_longer_due_or_deleted(demo_ws, plan, packets):
    a = packet_for(packets, "推廣課")
    rows = form_rows(a)
    fill(a, {rows[0][0]: ("已完成", "x", None)})
    ops.set_months(demo_ws, plan, rows[0][1], [12])
    ops.delete_node(demo_ws, plan, rows[1][1])
    ops.set_units(demo_ws, plan, rows[2][1], [unit_id(demo_ws, "秘書室")])
    before = Untouched(demo_ws, plan)
    _broken(collect(demo_ws, plan, PERIOD, [a]), "查核月份已不含 6月", "已不在計畫中", "已不是「推廣課」負責")
    before.check()


def test_two_conflicting_files(demo_ws, plan, packets, tmp_path):
    a = packet_for(packets, "推廣課")
    row = form_rows(a)[0][0]
    b = shutil.copy(a, tmp_path / "推廣課_另一份.xlsx")
    fill(a, {row: ("已完成", "甲說完成", None)})
    fill(b, {row: ("辦理中", "乙說辦理中", None)})
    before = Untouched(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [a, b])
    text = _broken(report, "衝突", "推廣課_另一份.xlsx", a.name)
    assert len(report.conflicts) == 1 and report.errors == []
    assert f"第 {row} 列" in text
    before.check()
    # The same content twice is no conflict.
    fill(b, {row: ("已完成", "甲說完成", None)})
    report = collect(demo_ws, plan, PERIOD, [a, b])
    assert report.ok and len(report.applied) == 1


def test_record_changed_in_the_program_after_writing(demo_ws, plan, packets):
    uid = unit_id(demo_ws, "推廣課")
    a = packet_for(packets, "推廣課")
    rows = form_rows(a)
    for _, node in rows[:3]:
        set_progress(demo_ws, plan, node, PERIOD, uid, "doing", "程式中填的")
    fill(
        a,
        {
            rows[0][0]: ("已完成", "填報表不同的內容", None),  # conflict
            rows[1][0]: ("辦理中", "程式中填的", None),  # same as the program: unchanged
            rows[3][0]: ("已完成", "新的", None),  # no record in the program: applied
        },
    )  # rows[2] left as written (blank): the program's newer record stays
    before = Untouched(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [a])
    text = _broken(report, "已在程式中修改")
    assert len(report.conflicts) == 1 and report.conflicts[0].row == rows[0][0]
    assert "1.服務資訊圖像化" in text
    before.check()
    report = collect(demo_ws, plan, PERIOD, [a], overwrite=True)
    assert report.ok and report.done
    assert {e.row for e in report.applied} == {rows[0][0], rows[3][0]}
    assert {e.row for e in report.unchanged} == {rows[1][0]}
    recs = records(demo_ws, plan, PERIOD)
    assert recs[(rows[0][1], PERIOD, uid)].text == "填報表不同的內容"
    assert recs[(rows[2][1], PERIOD, uid)].text == "程式中填的"


def test_prefilled_untouched_row_is_not_a_conflict(demo_ws, plan, tmp_path):
    uid = unit_id(demo_ws, "推廣課")
    node = due_rows(plan, PERIOD, uid)[0].method.id
    set_progress(demo_ws, plan, node, PERIOD, uid, "doing", "舊的")
    a = packet_for(write_packets(demo_ws, plan, PERIOD, tmp_path, formats=["xlsx"]), "推廣課")
    set_progress(demo_ws, plan, node, PERIOD, uid, "done", "程式中更新")
    report = collect(demo_ws, plan, PERIOD, [a])
    assert report.ok and report.applied == [] and len(report.unchanged) == 1
    assert records(demo_ws, plan, PERIOD)[(node, PERIOD, uid)].text == "程式中更新"


def test_locked_period_and_bad_files(demo_ws, plan, packets, tmp_path):
    a = packet_for(packets, "推廣課")
    fill(a, {form_rows(a)[0][0]: ("已完成", "x", None)})
    set_locked(demo_ws, plan, PERIOD)
    before = Untouched(demo_ws, plan)
    with pytest.raises(OperationRefused, match="已鎖定"):
        collect(demo_ws, plan, PERIOD, [a])
    before.check()
    set_locked(demo_ws, plan, PERIOD, False)
    from planner.export.xlsx import export_xlsx

    plan_file = export_xlsx(demo_ws, plan, tmp_path / "計畫.xlsx")
    bomb = tmp_path / "惡意.xlsx"
    with zipfile.ZipFile(bomb, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Types/>')
    text_file = tmp_path / "純文字.xlsx"
    text_file.write_text("不是 Excel")
    before = Untouched(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [a, plan_file, bomb, text_file, packet_for(packets, "推廣課", ".docx")])
    _broken(report, "計畫.xlsx", "不是本程式產生", "DOCTYPE", "純文字.xlsx", "紙本填報表無法自動收回")
    assert len(report.errors) == 4 and report.files[0] == a.name
    before.check()
    with pytest.raises(BadInput):
        read_packet(tmp_path / "沒有這個檔.xlsx", packet_key(demo_ws))
    with pytest.raises(BadInput, match="指定"):
        collect(demo_ws, plan, PERIOD, [])


def test_read_packet(demo_ws, plan, packets):
    data = read_packet(packet_for(packets, "資訊課"), packet_key(demo_ws))
    assert (data.plan_id, data.year, data.period, data.unit) == (plan.id, 115, PERIOD, "資訊課")
    assert data.sealed
    assert [e.node_id for e in data.expected] == [r.node_id for r in data.rows]
    assert all(r.status == "" and r.text == "" and r.date is None for r in data.rows)


def test_parse_status_and_date():
    assert parse_status(" 已 完成 ") == "done"
    assert parse_status("ｄｏｎｅ") == "done"
    assert parse_status("") is None
    with pytest.raises(ValueError):
        parse_status("完成了")
    for value in ("2026-06-30", "2026/6/30", "115/6/30", "115.6.30", "115年6月30日", "20260630", 46203):
        assert parse_date(value, 2026) == "2026-06-30", value
    assert parse_date(dt.datetime(2026, 6, 30, 0, 0), 2026) == "2026-06-30"
    assert parse_date(dt.date(2027, 1, 5), 2026) == "2027-01-05"
    assert parse_date(None, 2026) is None and parse_date("  ", 2026) is None
    for bad in ("6/30", "2026-02-30", "1999-01-01", "明天", 12, True):
        with pytest.raises(ValueError):
            parse_date(bad, 2026)


# ---------------------------------------------------------------- summary


def test_summary_xlsx(demo_ws, plan, tmp_path):
    ext = unit_id(demo_ws, "推廣課")
    due = due_rows(plan, PERIOD, ext)
    set_progress(demo_ws, plan, due[0].method.id, PERIOD, ext, "done", "完成了", "2026-06-10")
    set_progress(demo_ws, plan, due[1].method.id, PERIOD, ext, "na", "")
    out = export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.xlsx", today=dt.date(2026, 6, 25))
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A2"].value == "115年6月 執行情形總表"
    assert [sheet.cell(3, c).value for c in range(1, 10)] == [
        "業務單位",
        "工作要項",
        "工作重點",
        "工作方法",
        "辦理狀態",
        "執行情形",
        "落後原因",
        "因應對策",
        "完成日期",
    ]
    pairs = sum(len(due_rows(plan, PERIOD, u.id)) for u in demo_ws.units())
    statuses = [sheet.cell(r, 5).value for r in range(4, 4 + pairs)]
    assert statuses.count("已完成") == 1 and statuses.count("不適用") == 1
    assert statuses.count("未填報") == pairs - 2
    done_row = next(r for r in range(4, 4 + pairs) if sheet.cell(r, 5).value == "已完成")
    assert (sheet.cell(done_row, 6).value, sheet.cell(done_row, 9).value) == ("完成了", "2026-06-10")
    assert sheet.cell(done_row, 5).font.color.rgb == "FF2E7D32"  # planner.status_colors: done
    total_row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == "合計")
    header = total_row - len(demo_ws.units()) - 1
    assert [sheet.cell(header, c).value for c in range(1, 7)] == [
        "業務單位",
        "未開始",
        "辦理中",
        "落後",
        "已完成",
        "不適用",
    ]
    assert [sheet.cell(header, c).value for c in range(7, 10)] == ["未填報", "逾期", "合計"]
    promo = next(r for r in range(header, total_row) if sheet.cell(r, 1).value == "推廣課")
    assert [sheet.cell(promo, c).value for c in range(2, 10)] == [0, 0, 0, 1, 1, len(due) - 2, 0, len(due)]
    assert sheet.cell(total_row, 9).value == pairs
    units_merged = [r for r in sheet.merged_cells.ranges if r.min_col == 1 and r.min_row > 3]
    assert len(units_merged) == len(demo_ws.units())


def test_summary_docx(demo_ws, plan, tmp_path):
    out = export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.docx", today=dt.date(2026, 6, 25))
    doc = Document(str(out))
    assert len(doc.tables) == 2
    pairs = sum(len(due_rows(plan, PERIOD, u.id)) for u in demo_ws.units())
    assert len(doc.tables[0].rows) == pairs + 1
    totals = doc.tables[1]
    assert [c.text for c in totals.rows[0].cells] == [
        "業務單位",
        "未開始",
        "辦理中",
        "落後",
        "已完成",
        "不適用",
        "未填報",
        "逾期",
        "合計",
    ]
    assert [c.text for c in totals.rows[-1].cells] == ["合計", "0", "0", "0", "0", "0", str(pairs), "0", str(pairs)]
    late = Document(str(export_summary(demo_ws, plan, PERIOD, tmp_path / "逾期.docx", today=dt.date(2026, 7, 1))))
    assert [c.text for c in late.tables[1].rows[-1].cells][-3:] == ["0", str(pairs), str(pairs)]
    assert "逾期" in [c.text for c in late.tables[0].rows[1].cells]
    with pytest.raises(BadInput, match=r"\.xlsx、\.docx 或 \.ods"):
        export_summary(demo_ws, plan, PERIOD, tmp_path / "總表.pdf")
    with pytest.raises(BadInput, match="沒有需要查核"):
        export_summary(demo_ws, plan, 2, tmp_path / "總表.docx")


def test_write_packets_is_all_or_nothing(demo_ws, tmp_path, monkeypatch):
    import planner.packets.write as write_module
    from planner.errors import BadInput
    from planner.packets import write_packets

    plan = demo_ws.plan(115)
    folder = tmp_path / "packets"
    calls = []
    real = write_module.atomic_write

    def failing(target, suffix, save):
        calls.append(target)
        if len(calls) == 3:
            raise BadInput("磁碟空間不足")
        return real(target, suffix, save)

    monkeypatch.setattr(write_module, "atomic_write", failing)
    with pytest.raises(BadInput, match="磁碟空間不足"):
        write_packets(demo_ws, plan, 6, folder)
    assert len(calls) == 3
    assert list(folder.iterdir()) == []
    blocker = folder / write_module.packet_name(plan, 6, demo_ws.units()[-1].name, ".xlsx")
    blocker.mkdir()
    calls.clear()
    with pytest.raises(BadInput, match="資料夾"):
        write_packets(demo_ws, plan, 6, folder)
    assert calls == []

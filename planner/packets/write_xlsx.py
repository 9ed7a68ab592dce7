"""One unit's fill-in Excel workbook: protected, only the reply cells editable, hidden identification.

Editable: 辦理狀態, 執行情形, 落後原因, 因應對策, 完成日期, 實際值; 衡量指標 and 目標值 are locked (and hidden, with
實際值, in a form without any KPI).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from planner import text_safety
from planner.export import full_title
from planner.export.xlsx import height_of, labelled, line_count, merge, put, set_heights, setup_page, spread
from planner.export.xlsx_book import BODY_PT, SUBTITLE_PT, TITLE_PT, Styles, new_workbook
from planner.kpi import Kpi, plan_kpis
from planner.model import Node, Plan, Unit
from planner.packets.constants import (
    COL,
    COLUMNS,
    FORM_SHEET,
    FORMAT,
    KPI_COLUMNS,
    META_COLUMNS,
    META_FIRST,
    META_SHEET,
    MIN_INPUT_LINES,
    STATUS_LIST,
    VERSION,
    VISIBLE,
)
from planner.packets.due import DueRow
from planner.packets.identity import Head, canon, row_check, seal_of
from planner.packets.secret import packet_key
from planner.packets.texts import date_example, head_text, method_path
from planner.progress import STATUSES, Record, records
from planner.review import Note, progress_notes
from planner.rounds import review_round, roc_date
from planner.status_colors import argb
from planner.status_colors import color as status_color
from planner.status_colors import fill as status_fill
from planner.workspace import Workspace


def _instructions(plan: Plan, period: int) -> str:
    return (
        f"填寫說明：請在「辦理狀態」欄選擇{STATUS_LIST}，在「執行情形」欄簡要說明辦理情形，"
        "辦理狀態為「落後」（或逾回收期限仍未完成）時，請填寫「落後原因」及「因應對策」；"
        f"「完成日期」請填 {date_example(plan, period)} 格式；有衡量指標的方法請填「實際值」。"
        "其他欄位已鎖定，請勿增刪列或修改工作表；填妥後直接回傳本檔案。"
    )


def _record_values(record: Record | None) -> tuple[str, str, str]:
    if record is None:
        return "", "", ""
    return record.status, record.text, record.date or ""


def packet_workbook(ws: Workspace, plan: Plan, period: int, unit: Unit, rows: list[DueRow]) -> Workbook:
    """Return the fill-in workbook of one unit."""
    secret = packet_key(ws)
    labels = plan.numbering()
    recs = records(ws, plan, period)
    notes = progress_notes(ws, plan, period)
    kpis = plan_kpis(ws, plan)
    deadline = review_round(ws, plan, period)
    agency, title = full_title(ws, plan)
    head = Head(
        plan_id=plan.id,
        year=plan.year,
        period=period,
        unit_id=unit.id,
        unit=canon(unit.name),
        created=dt.datetime.now().isoformat(timespec="seconds"),
    )
    wb = new_workbook()
    styles = Styles()
    sheet = wb.active
    sheet.title = FORM_SHEET
    total = sum(w for _, w, _ in COLUMNS[:VISIBLE])
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    hidden = list(range(VISIBLE + 1, len(COLUMNS) + 1))  # the method id and row check
    with_kpi = any(d.method.id in kpis for d in rows)
    if not with_kpi:
        hidden += KPI_COLUMNS  # no KPI in this form
        total -= sum(COLUMNS[c - 1][1] for c in KPI_COLUMNS)
    for i in hidden:
        sheet.column_dimensions[get_column_letter(i)].hidden = True
    heights: dict[int, float] = {}
    lines = [
        ("title", agency + title, TITLE_PT),
        ("subtitle", f"{plan.year}年{period}月 執行情形填報表", SUBTITLE_PT),
        (
            "info",
            f"填報單位：{unit.name}　　應填報方法：{len(rows)} 項　　"
            f"請於 {roc_date(deadline.due)} 前回傳（{deadline.text().split('　')[0]}）",
            BODY_PT,
        ),
        ("note", _instructions(plan, period), 11),
    ]
    for r, (style, text, size) in enumerate(lines, start=1):
        for c in range(1, VISIBLE + 1):
            put(sheet, r, c, text if c == 1 else None, style, styles)
        merge(sheet, r, 1, r, VISIBLE)
        heights[r] = height_of(line_count(text, total * BODY_PT / size), size * 1.35) + 2
    header = len(lines) + 1
    for c, (name, _, _) in enumerate(COLUMNS, start=1):
        put(sheet, header, c, name, "header", styles)
    heights[header] = height_of(1) + 6
    first = header + 1
    meta_rows: list[list[Any]] = []
    item_start = focus_start = first
    prev_item: Node | None = None
    prev_focus: tuple[Node, ...] | None = None
    r = first
    for n, due in enumerate(rows, start=1):
        method = due.method
        status, text, date = _record_values(recs.get((method.id, period, unit.id)))
        record = recs.get((method.id, period, unit.id))
        note = notes.get((method.id, period, unit.id)) or Note()
        new_item = due.item is not prev_item
        new_focus = new_item or due.focuses != prev_focus
        if new_focus and r > first:
            _close_block(sheet, heights, focus_start, r - 1, COL["focus"], head_text(labels, prev_focus or ()))
        if new_item and r > first and prev_item is not None:
            _close_block(sheet, heights, item_start, r - 1, COL["item"], head_text(labels, (prev_item,)))
        if new_item:
            item_start = r
        if new_focus:
            focus_start = r
        method_text = labelled(labels[method.id], method.title, method.body)
        item_text = head_text(labels, (due.item,)) if new_item else None
        focus_text = head_text(labels, due.focuses) if new_focus else None
        put(sheet, r, COL["number"], n, "centre", styles)
        put(sheet, r, COL["item"], item_text, "cell", styles)
        put(sheet, r, COL["focus"], focus_text, "cell", styles)
        put(sheet, r, COL["method"], method_text, "cell", styles)
        kpi = kpis.get(method.id) or Kpi()
        if with_kpi:  # else the KPI columns are hidden and stay empty
            put(sheet, r, COL["kpi"], kpi.kpi or None, "cell", styles)
            put(sheet, r, COL["target"], kpi.target or None, "centre", styles)
            put(sheet, r, COL["actual"], note.actual or None, "input_centre", styles)
        locked = (str(n), *(canon(t or "") for t in (item_text, focus_text, method_text, kpi.kpi, kpi.target)))
        put(sheet, r, COL["status"], STATUSES[status] if status else None, "input_centre", styles)
        put(sheet, r, COL["text"], text, "input", styles)
        put(sheet, r, COL["reason"], note.reason or None, "input", styles)
        put(sheet, r, COL["measure"], note.measure or None, "input", styles)
        put(sheet, r, COL["date"], dt.date.fromisoformat(date) if date else None, "input_date", styles)
        put(sheet, r, COL["node"], method.id, "centre", styles)
        put(sheet, r, COL["check"], row_check(secret, plan.id, period, unit.id, method.id, locked), "centre", styles)
        tallest = max(
            MIN_INPUT_LINES,
            line_count(method_text, COLUMNS[COL["method"] - 1][1]),
            line_count(text, COLUMNS[COL["text"] - 1][1]) if text else 1,
            line_count(note.reason, COLUMNS[COL["reason"] - 1][1]) if note.reason else 1,
            line_count(note.measure, COLUMNS[COL["measure"] - 1][1]) if note.measure else 1,
        )
        heights[r] = height_of(tallest)
        meta_rows.append(
            [r, method.id, *map(canon, (method_path(plan, labels, method), record.updated if record else "")), status]
            + [canon(text), date, canon(note.reason), canon(note.measure), canon(note.actual)]
        )
        prev_item, prev_focus = due.item, due.focuses
        r += 1
    if rows:
        _close_block(sheet, heights, focus_start, r - 1, COL["focus"], head_text(labels, prev_focus or ()))
        _close_block(
            sheet, heights, item_start, r - 1, COL["item"], head_text(labels, (prev_item,) if prev_item else ())
        )
    last = r - 1
    set_heights(sheet, heights)
    setup_page(sheet, header, header)
    sheet.print_area = f"A1:{get_column_letter(VISIBLE)}{max(last, header)}"
    status_dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="辦理狀態",
        error=f"請從清單中選擇：{STATUS_LIST}",
        promptTitle="辦理狀態",
        prompt="請從清單中選擇",
    )
    date_dv = DataValidation(
        showInputMessage=True,
        promptTitle="完成日期",
        prompt=f"例如 {date_example(plan, period)}",
    )
    sheet.add_data_validation(status_dv)
    sheet.add_data_validation(date_dv)
    if rows:
        status_col, date_col = get_column_letter(COL["status"]), get_column_letter(COL["date"])
        status_dv.add(f"{status_col}{first}:{status_col}{last}")
        status_colors(sheet, f"{status_col}{first}:{status_col}{last}")
        date_dv.add(f"{date_col}{first}:{date_col}{last}")
    protect = sheet.protection
    protect.sheet = True
    protect.formatRows = False  # rows and columns may be resized to read long text
    protect.formatColumns = False
    protect.selectLockedCells = False
    protect.selectUnlockedCells = False

    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    values = head.as_dict()
    pairs = [("format", FORMAT), ("version", VERSION), *values.items(), ("header_row", header), ("rows", len(rows))]
    pairs.append(("seal", seal_of(secret, values, meta_rows)))
    for i, (key, value) in enumerate(pairs, start=1):
        meta.cell(i, 1, key)
        cell = meta.cell(i, 2, value)
        if isinstance(value, str):
            cell.data_type = "s"
    for c, name in enumerate(META_COLUMNS, start=1):
        meta.cell(META_FIRST - 1, c, name)
    for i, values_row in enumerate(meta_rows):
        for c, value in enumerate(values_row, start=1):
            if value != "":
                cell = meta.cell(META_FIRST + i, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{plan.year}年{period}月 {unit.name[: text_safety.UNIT_NAME_MAX]} 執行情形填報表"
    wb.properties.creator = wb.properties.lastModifiedBy = agency or ws.agency
    wb.properties.subject = agency + title
    wb.properties.keywords = "執行情形填報表"
    wb.properties.language = "zh-TW"
    return wb


def status_colors(sheet: Any, cells: str) -> None:
    """Colour the status names typed in a range by planner.status_colors (conditional formats)."""
    for code, name in STATUSES.items():
        back = status_fill(code)
        rule = CellIsRule(
            operator="equal",
            formula=[f'"{name}"'],
            font=Font(color=argb(status_color(code)), bold=back is not None),
            fill=PatternFill("solid", start_color=argb(back), end_color=argb(back)) if back else None,
        )
        sheet.conditional_formatting.add(cells, rule)


def _close_block(sheet: Any, heights: dict[int, float], first: int, last: int, col: int, text: str) -> None:
    merge(sheet, first, col, last, col)
    spread(heights, first, last, height_of(line_count(text, COLUMNS[col - 1][1])))

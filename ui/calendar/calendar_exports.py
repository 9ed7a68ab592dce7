"""The calendar's exports: the review calendar as .ics, a month's 執行情形總表 as .xlsx or .docx.

The writers (icalendar, openpyxl, python-docx) are imported when an export runs, not at start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from planner.export.scope import scope_for
from planner.model import Plan
from planner.workspace import Workspace
from ui.dialogs import blocking

Runner = Callable[..., Any]


def export_calendar(parent: QWidget, run: Runner, ws: Workspace, plan: Plan, unit: str | None) -> Path | None:
    """Ask where, then write the review calendar (of one unit's methods when given); return the file written."""
    from planner.export.ics import export_ics

    name = f"{plan.year}年度查核行事曆" + (f"-{unit}" if unit else "") + ".ics"
    path = blocking.ask_export_path(parent, "匯出查核行事曆", ws.path.parent / name, [("iCalendar 行事曆", ".ics")])
    if path is None:
        return None
    scope = run(scope_for, ws, plan, unit) if unit else None
    if unit and scope is None:
        return None
    return run(export_ics, ws, plan, path, scope)


def export_month_summary(
    parent: QWidget, run: Runner, ws: Workspace, plan: Plan, month: int, today: dt.date
) -> Path | None:
    """Ask where, then write a month's 執行情形總表 (.xlsx, .docx or .ods as chosen); return the file written."""
    from planner.packets import export_summary

    name = f"{plan.year}年{month}月執行情形總表.xlsx"
    kinds = [("Excel 活頁簿", ".xlsx"), ("Word 文件", ".docx"), ("ODF 試算表", ".ods")]
    path = blocking.ask_export_path(parent, f"匯出{month}月執行情形總表", ws.path.parent / name, kinds)
    if path is None:
        return None
    return run(export_summary, ws, plan, month, path, today)

"""催辦單: per unit, a Word memo of what that unit still owes for a review round, with the reply deadline."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from docx.document import Document as DocxDocument

from planner.errors import BadInput
from planner.export import atomic_write, check_target, full_title
from planner.export.word import table_document
from planner.export.xlsx import labelled
from planner.model import Plan
from planner.packets.due import DueRow, check_period, due_units
from planner.packets.texts import head_text
from planner.packets.write import output_folder, packet_name
from planner.progress import REPORTED, records
from planner.rounds import review_round, roc_date
from planner.workspace import Workspace

log = logging.getLogger(__name__)


def owed_rows(ws: Workspace, plan: Plan, period: int) -> list[tuple[str, int, list[tuple[DueRow, str]]]]:
    """Return (unit name, unit id, [(due row, 未填報 or the status shown)]) for every unit that still owes replies."""
    recs = records(ws, plan, period)
    out = []
    for unit, rows in due_units(ws, plan, period):
        owed = []
        for due in rows:
            record = recs.get((due.method.id, period, unit.id))
            if record is None or record.status not in REPORTED:
                owed.append((due, record.status_name if record else "未填報"))
        if owed:
            out.append((unit.name, unit.id, owed))
    return out


def write_reminders(ws: Workspace, plan: Plan, period: int, folder: Path, today: dt.date | None = None) -> list[Path]:
    """Write one 催辦單 (.docx) per unit that still owes replies for the round; return the files written."""
    check_period(period)
    today = today or dt.date.today()
    owing = owed_rows(ws, plan, period)
    if not owing:
        raise BadInput(f"{plan.year}年{period}月的查核，各單位都已填報，不需要催辦。")
    folder = output_folder(folder)
    rnd = review_round(ws, plan, period)
    agency, title = full_title(ws, plan)
    labels = plan.numbering()
    late = rnd.overdue(today)
    written: list[Path] = []
    for unit_name, _, owed in owing:
        name = packet_name(plan, period, unit_name, ".docx").replace("執行情形填報表", "催辦單")
        target = check_target(folder / name, ".docx")
        rows: list[list[tuple[str, str | None]]] = []
        for n, (due, shown) in enumerate(owed, start=1):
            rows.append(
                [
                    (str(n), None),
                    (head_text(labels, (due.item,)), None),
                    (head_text(labels, due.focuses), None),
                    (labelled(labels[due.method.id], due.method.title, due.method.body), None),
                    ("逾期" if late and shown == "未填報" else shown, None),
                ]
            )
        deadline = roc_date(rnd.deadline)
        notes = [
            f"受文者：{unit_name}　　日期：{roc_date(today)}",
            f"主旨：請於 {deadline} 前回傳 {plan.year}年{period}月 執行情形填報表，"
            f"貴單位尚有 {len(owed)} 項工作方法未填報（如下表）"
            + ("，已逾回收期限，請儘速辦理。" if late else "，請依限辦理。"),
            "說明：辦理狀態為「落後」或逾期仍未完成者，請一併填寫落後原因及因應對策。",
        ]
        doc = _memo(agency + title, f"{plan.year}年{period}月 執行情形填報 催辦單", notes, rows, agency or ws.agency)
        written.append(atomic_write(target, ".docx", doc.save))
    log.info("wrote %d reminders for %s/%s", len(written), plan.year, period)
    return written


def _memo(
    title: str, subtitle: str, notes: list[str], rows: list[list[tuple[str, str | None]]], agency: str
) -> DocxDocument:
    """Return the memo: its notes and the table of what is owed."""
    return table_document(
        title,
        subtitle,
        notes,
        ("項次", "工作要項", "工作重點", "工作方法", "目前狀態"),
        (1.4, 4.5, 5.5, 12.0, 2.6),
        rows,
        centred=(0, 4),
        min_row_cm=1.0,
        subject=subtitle,
        agency=agency,
    )

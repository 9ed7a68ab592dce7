"""One unit's printable Word form (status and text left blank to fill by hand)."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from planner import text_safety
from planner.export import full_title
from planner.export.word import table_document
from planner.export.xlsx import labelled
from planner.model import Node, Plan, Unit
from planner.packets.due import DueRow
from planner.packets.texts import head_text
from planner.progress import STATUSES
from planner.rounds import review_round, roc_date
from planner.workspace import Workspace


def packet_document(ws: Workspace, plan: Plan, period: int, unit: Unit, rows: list[DueRow]) -> DocxDocument:
    """Return the printable Word form of one unit (status and text left blank to fill by hand)."""
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    widths_cm = (1.2, 2.6, 3.0, 5.8, 2.3, 4.6, 3.0, 3.0, 2.0)
    status_box = "\n".join(f"□{name}" for name in STATUSES.values())
    table_rows: list[list[tuple[str, str | None]]] = []
    prev_item: Node | None = None
    prev_focus: tuple[Node, ...] | None = None
    for n, due in enumerate(rows, start=1):
        new_item = due.item is not prev_item
        new_focus = new_item or due.focuses != prev_focus
        table_rows.append(
            [
                (str(n), None),
                (head_text(labels, (due.item,)), "restart" if new_item else "continue"),
                (head_text(labels, due.focuses), "restart" if new_focus else "continue"),
                (labelled(labels[due.method.id], due.method.title, due.method.body), None),
                (status_box, None),
                ("", None),
                ("", None),
                ("", None),
                ("", None),
            ]
        )
        prev_item, prev_focus = due.item, due.focuses
    subtitle = f"{plan.year}年{period}月 執行情形填報表"
    info = f"填報單位：{unit.name}　　填報人：＿＿＿＿＿＿　　聯絡電話：＿＿＿＿＿＿　　填報日期：＿＿＿＿＿＿"
    headers = ("項次", "工作要項", "工作重點", "工作方法", "辦理狀態", "執行情形", "落後原因", "因應對策", "完成日期")
    return table_document(
        agency + title,
        subtitle,
        [
            info,
            f"說明：請勾選辦理狀態並填寫執行情形及完成日期（共 {len(rows)} 項）；"
            "落後（或逾回收期限仍未完成）者，請填寫落後原因及因應對策。"
            f"請於 {roc_date(review_round(ws, plan, period).due)} 前回傳。",
        ],
        headers,
        widths_cm,
        table_rows,
        centred=(0, 4, 8),
        min_row_cm=2.2,
        subject=f"{unit.name[: text_safety.UNIT_NAME_MAX]} {subtitle}",  # issue 16: core properties ≤ 255
        agency=agency or ws.agency,
    )

"""落後 and the review columns of a record: 落後原因, 因應對策 (and 實際值), read and written with the record.

A reply with status 落後 always needs 落後原因 and 因應對策; so does a reply of 未開始 or 辦理中 for an entry
that is 逾期 (its round's deadline has passed): the unit must say why it is behind and what it will do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from planner.errors import OperationRefused
from planner.model import Plan
from planner.progress import Key, Record, set_progress
from planner.steps.review import SetProgressNote
from planner.store.schema import NodeRow, ProgressRow
from planner.workspace import Workspace

log = logging.getLogger(__name__)

BEHIND = ("todo", "doing")  # statuses that are behind once the deadline has passed
REASON_FIELDS = ("落後原因", "因應對策")


@dataclass(frozen=True)
class Note:
    """The review columns of a record."""

    reason: str = ""
    measure: str = ""
    actual: str = ""


def progress_notes(ws: Workspace, plan: Plan, period: int | None = None) -> dict[Key, Note]:
    """Return the plan's non-empty review columns keyed by (node_id, period, unit_id), in one query."""
    query = (
        ProgressRow.select(
            ProgressRow.node,
            ProgressRow.period,
            ProgressRow.unit,
            ProgressRow.reason,
            ProgressRow.measure,
            ProgressRow.actual,
        )
        .join(NodeRow, on=(ProgressRow.node == NodeRow.id))
        .where(
            (NodeRow.plan == plan.id)
            & ((ProgressRow.reason != "") | (ProgressRow.measure != "") | (ProgressRow.actual != ""))
        )
    )
    if period is not None:
        query = query.where(ProgressRow.period == period)
    return {(r[0], r[1], r[2]): Note(r[3], r[4], r[5]) for r in ws.db.execute(query)}


def needs_reason(status: str | None, overdue: bool) -> bool:
    """Return whether a reply must state 落後原因 and 因應對策: 落後, or behind after the deadline (逾期)."""
    return status == "late" or (overdue and status in BEHIND)


def reason_problem(status: str | None, overdue: bool, reason: str, measure: str) -> str | None:
    """Return why a reply lacks its 落後原因／因應對策 (None when it is complete)."""
    if not needs_reason(status, overdue):
        return None
    missing = [name for name, value in zip(REASON_FIELDS, (reason, measure), strict=True) if not value.strip()]
    if not missing:
        return None
    why = "辦理狀態為「落後」" if status == "late" else "已逾回收期限，仍未完成"
    return f"{why}，請填寫{'及'.join(missing)}。"


def report_progress(
    ws: Workspace,
    plan: Plan,
    node_id: int,
    period: int,
    unit_id: int,
    status: str,
    text: str = "",
    date: str | None = None,
    reason: str = "",
    measure: str = "",
    actual: str = "",
    overdue: bool = False,
) -> Record:
    """Record a method's progress with its 落後原因, 因應對策 and 實際值 as ONE undoable edit."""
    problem = reason_problem(status, overdue, reason, measure)
    if problem is not None:
        raise OperationRefused(problem)
    values = {"reason": reason.strip(), "measure": measure.strip(), "actual": actual.strip()}
    with ws.edit(f"填寫{period}月執行情形") as tx:
        record = set_progress(ws, plan, node_id, period, unit_id, status, text, date)
        tx.do(ws, SetProgressNote(plan.id, node_id, period, unit_id, values))
    log.debug("reported %s/%s/%s", node_id, period, unit_id)
    return record

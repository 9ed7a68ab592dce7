"""Progress records of the review cycle: per method, review month and unit; locked periods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.errors import OperationRefused
from planner.model import Node, Plan
from planner.numerals import METHOD
from planner.steps import SetPeriodLock, SetProgress
from planner.store.schema import NodeRow, PeriodLockRow, ProgressRow
from planner.workspace import Workspace

STATUSES: dict[str, str] = {"todo": "未開始", "doing": "辦理中", "late": "落後", "done": "已完成", "na": "不適用"}
STATUS_CODES: dict[str, str] = {name: code for code, name in STATUSES.items()}
# Statuses that count as progress recorded (not overdue).
REPORTED = ("doing", "late", "done", "na")


@dataclass(frozen=True)
class Record:
    """The progress of one method for one review month and unit."""

    node_id: int
    period: int
    unit_id: int
    status: str
    text: str = ""
    date: str | None = None
    updated: str = ""

    @property
    def status_name(self) -> str:
        """Return the Chinese status name."""
        return STATUSES[self.status]


Key = tuple[int, int, int]


def records(ws: Workspace, plan: Plan, period: int | None = None) -> dict[Key, Record]:
    """Return the plan's records keyed by (node_id, period, unit_id), in one query."""
    where = NodeRow.plan == plan.id
    if period is not None:
        where &= ProgressRow.period == period
    query = (
        ProgressRow.select(
            ProgressRow.node,
            ProgressRow.period,
            ProgressRow.unit,
            ProgressRow.status,
            ProgressRow.text,
            ProgressRow.date,
            ProgressRow.updated,
        )
        .join(NodeRow, on=(NodeRow.id == ProgressRow.node))
        .where(where)
    )
    return {(r[0], r[1], r[2]): Record(*r) for r in ws.db.execute(query)}


def locked_periods(ws: Workspace, plan: Plan) -> set[int]:
    """Return the locked review months of a plan."""
    query = PeriodLockRow.select(PeriodLockRow.period).where(PeriodLockRow.plan == plan.id)
    return {r[0] for r in ws.db.execute(query)}


def _check_period(period: int) -> None:
    if not 1 <= period <= 12:
        raise OperationRefused("查核月份必須介於 1 到 12 月。")


def _check_open(ws: Workspace, plan: Plan, period: int) -> None:
    if period in locked_periods(ws, plan):
        raise OperationRefused(f"{period}月的查核資料已鎖定，請先解除鎖定再修改。")


def check_key(ws: Workspace, plan: Plan, node_id: int, period: int, unit_id: int) -> None:
    """Refuse a record for a node that is not a method, a month it is not due, or a unit not assigned."""
    _check_period(period)
    node = plan.nodes.get(node_id)
    if node is None or node.level != METHOD:
        raise OperationRefused("只有方法可以填寫執行情形。")
    if period not in node.months:
        raise OperationRefused(f"這個方法的查核月份不含 {period}月。")
    if unit_id not in node.units and not _collective(ws, node, unit_id):
        raise OperationRefused("這個單位不是此方法的業務單位。")


def _collective(ws: Workspace, node: Node, unit_id: int) -> bool:
    """Return whether an active unit answers for a method of the unit named 各課室 (every unit)."""
    everyone = ws.unit_by_name("各課室")
    if everyone is None or everyone.id not in node.units or unit_id == everyone.id:
        return False
    return any(u.id == unit_id for u in ws.units())


def set_progress(
    ws: Workspace,
    plan: Plan,
    node_id: int,
    period: int,
    unit_id: int,
    status: str,
    text: str = "",
    date: str | None = None,
) -> Record:
    """Record a method's progress for a review month and unit (undoable)."""
    check_key(ws, plan, node_id, period, unit_id)
    _check_open(ws, plan, period)
    if status not in STATUSES:
        raise OperationRefused(f"辦理狀態不正確：{status}（可用：{'、'.join(STATUSES.values())}）")
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise OperationRefused(f"日期格式不正確：{date}（應為 2026-06-30）") from None
    record = Record(
        node_id, period, unit_id, status, text.strip(), date, dt.datetime.now().isoformat(timespec="seconds")
    )
    values = {"status": status, "text": record.text, "date": date, "updated": record.updated}
    with ws.edit(f"填寫{period}月執行情形") as tx:
        tx.do(ws, SetProgress(plan.id, node_id, period, unit_id, values))
    return record


def clear_progress(ws: Workspace, plan: Plan, node_id: int, period: int, unit_id: int) -> None:
    """Delete a progress record (undoable)."""
    _check_open(ws, plan, period)
    with ws.edit(f"清除{period}月執行情形") as tx:
        tx.do(ws, SetProgress(plan.id, node_id, period, unit_id, None))


def set_locked(ws: Workspace, plan: Plan, period: int, locked: bool = True) -> None:
    """Lock (snapshot) or unlock a review period."""
    _check_period(period)
    if (period in locked_periods(ws, plan)) == locked:
        return
    verb = "鎖定" if locked else "解除鎖定"
    with ws.edit(f"{verb}{period}月查核資料") as tx:
        tx.do(ws, SetPeriodLock(plan.id, period, locked))

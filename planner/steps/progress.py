"""Steps on progress records and locked review periods, and their capture for undo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import Expression, Query

from planner.changes import ProgressChanged
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.store.rows import chunks, insert_rows, run
from planner.store.schema import NodeRow, PeriodLockRow, ProgressRow

PROGRESS_FIELDS = (
    ProgressRow.id,
    ProgressRow.node,
    ProgressRow.period,
    ProgressRow.unit,
    ProgressRow.status,
    ProgressRow.text,
    ProgressRow.date,
    ProgressRow.updated,
    ProgressRow.reason,
    ProgressRow.measure,
    ProgressRow.actual,
)
LOCK_FIELDS = (PeriodLockRow.plan, PeriodLockRow.period, PeriodLockRow.locked_at)


def progress_rows(state: WorkspaceState, node_ids: list[int]) -> list[tuple]:
    """Return the progress rows of nodes (to restore them on undo)."""
    rows: list[tuple] = []
    for chunk in chunks(node_ids):
        rows += state.db.execute(ProgressRow.select(*PROGRESS_FIELDS).where(ProgressRow.node.in_(chunk))).fetchall()
    return rows


def plan_progress_rows(state: WorkspaceState, plan_id: int) -> list[tuple]:
    """Return every progress row of a plan's methods."""
    nodes = NodeRow.select(NodeRow.id).where(NodeRow.plan == plan_id)
    return state.db.execute(ProgressRow.select(*PROGRESS_FIELDS).where(ProgressRow.node.in_(nodes))).fetchall()


def plan_lock_rows(state: WorkspaceState, plan_id: int) -> list[tuple]:
    """Return the locked periods of a plan as rows."""
    return state.db.execute(PeriodLockRow.select(*LOCK_FIELDS).where(PeriodLockRow.plan == plan_id)).fetchall()


def restore_progress(state: WorkspaceState, rows: list[tuple]) -> None:
    """Write back progress rows captured by progress_rows()."""
    insert_rows(state.db, PROGRESS_FIELDS, rows)


def restore_locks(state: WorkspaceState, rows: list[tuple]) -> None:
    """Write back lock rows captured by plan_lock_rows()."""
    insert_rows(state.db, LOCK_FIELDS, rows)


def _record_key(node_id: int, period: int, unit_id: int) -> Expression:
    return (ProgressRow.node == node_id) & (ProgressRow.period == period) & (ProgressRow.unit == unit_id)


def _record(node_id: int, period: int, unit_id: int) -> Query:
    fields = (ProgressRow.status, ProgressRow.text, ProgressRow.date, ProgressRow.updated)
    return ProgressRow.select(*fields).where(_record_key(node_id, period, unit_id))


def _delete_record(node_id: int, period: int, unit_id: int) -> Query:
    return ProgressRow.delete().where(_record_key(node_id, period, unit_id))


def _put_record(
    node_id: int, period: int, unit_id: int, status: str, text: str, date: str | None, updated: str
) -> Query:
    row = {"node": node_id, "period": period, "unit": unit_id, "status": status, "text": text}
    return ProgressRow.insert(**row, date=date, updated=updated).on_conflict(
        conflict_target=[ProgressRow.node, ProgressRow.period, ProgressRow.unit],
        preserve=[ProgressRow.status, ProgressRow.text, ProgressRow.date, ProgressRow.updated],
    )


def record_exists(state: WorkspaceState, node_id: int, period: int, unit_id: int) -> bool:
    """Return whether (node, period, unit) has a progress record."""
    return run(state.db, "progress.get", _record, node_id, period, unit_id).fetchone() is not None


class SetProgress(Step):
    """Write or delete the progress record of (node, period, unit); values None deletes it."""

    def __init__(self, plan_id: int, node_id: int, period: int, unit_id: int, values: dict[str, Any] | None) -> None:
        self.plan_id, self.key, self.values = plan_id, (node_id, period, unit_id), values
        self._old: dict[str, Any] | None = None

    def _write(self, state: WorkspaceState, values: dict[str, Any] | None) -> dict[str, Any] | None:
        node_id = self.key[0]
        row = run(state.db, "progress.get", _record, *self.key).fetchone()
        old = dict(zip(("status", "text", "date", "updated"), row, strict=True)) if row else None
        if values is None:
            run(state.db, "progress.delete", _delete_record, *self.key)
        else:
            record = (values["status"], values.get("text", ""), values.get("date"), values["updated"])
            run(state.db, "progress.put", _put_record, *self.key, *record)
        state.announce(ProgressChanged(self.plan_id, node_id))
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new record."""
        self._old = self._write(state, self.values)

    def revert(self, state: WorkspaceState) -> None:
        """Restore the old record (or its absence)."""
        self._write(state, self._old)


class SetPeriodLock(Step):
    """Lock or unlock a review period of a plan."""

    def __init__(self, plan_id: int, period: int, locked: bool) -> None:
        self.plan_id, self.period, self.locked = plan_id, period, locked
        self._old: str | None = None

    def _write(self, state: WorkspaceState, locked_at: str | None) -> str | None:
        where = (PeriodLockRow.plan == self.plan_id) & (PeriodLockRow.period == self.period)
        row = state.db.execute(PeriodLockRow.select(PeriodLockRow.locked_at).where(where)).fetchone()
        PeriodLockRow.delete().where(where).execute(state.db)
        if locked_at is not None:
            PeriodLockRow.insert(plan=self.plan_id, period=self.period, locked_at=locked_at).execute(state.db)
        state.announce(ProgressChanged(self.plan_id))
        return row[0] if row else None

    def apply(self, state: WorkspaceState) -> None:
        """Lock or unlock."""
        stamp = dt.datetime.now().isoformat(timespec="seconds") if self.locked else None
        self._old = self._write(state, stamp)

    def revert(self, state: WorkspaceState) -> None:
        """Restore the previous lock state."""
        self._write(state, self._old)

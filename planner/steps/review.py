"""Undoable steps of the review cycle (schema v4): a review round's dates, a record's 落後 and KPI columns.

They follow planner.steps.Step (apply / revert), receive the loaded state and query through the peewee
models only, each query on the state's connection.
"""

from __future__ import annotations

import logging
from typing import Any

from planner.changes import NodeChanged, ProgressChanged
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.store.rows import chunks
from planner.store.schema import NodeRow, ProgressRow, ReviewRoundRow

log = logging.getLogger(__name__)

ROUND_FIELDS = ("send_date", "due_date", "months", "grace_days")
NOTE_FIELDS = ("reason", "measure", "actual")


class SetRound(Step):
    """Store (values) or remove (None: back to the defaults) the round of a plan's review period."""

    def __init__(self, plan_id: int, period: int, values: dict[str, Any] | None) -> None:
        self.plan_id, self.period, self.values = plan_id, period, values
        self._old: dict[str, Any] | None = None

    def _write(self, ws: WorkspaceState, values: dict[str, Any] | None) -> dict[str, Any] | None:
        where = (ReviewRoundRow.plan == self.plan_id) & (ReviewRoundRow.period == self.period)
        row = ReviewRoundRow.select().where(where).bind(ws.db).first()
        old = {f: getattr(row, f) for f in ROUND_FIELDS} if row is not None else None
        ReviewRoundRow.delete().where(where).execute(ws.db)
        if values is not None:
            ReviewRoundRow.insert(plan=self.plan_id, period=self.period, **values).execute(ws.db)
        ws.announce(ProgressChanged(self.plan_id))
        return old

    def apply(self, ws: WorkspaceState) -> None:
        """Store the new round."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: WorkspaceState) -> None:
        """Restore the previous round (or the defaults)."""
        self._write(ws, self._old)


class SetProgressNote(Step):
    """Write the 落後原因, 因應對策 and 實際值 of an existing progress record (after SetProgress in one edit)."""

    def __init__(self, plan_id: int, node_id: int, period: int, unit_id: int, values: dict[str, str]) -> None:
        self.plan_id, self.key, self.values = plan_id, (node_id, period, unit_id), values
        self._old: dict[str, str] | None = None

    def _write(self, ws: WorkspaceState, values: dict[str, str]) -> dict[str, str] | None:
        node_id, period, unit_id = self.key
        where = (ProgressRow.node == node_id) & (ProgressRow.period == period) & (ProgressRow.unit == unit_id)
        row = ProgressRow.select().where(where).bind(ws.db).first()
        if row is None:
            return None  # the record is gone (reverted before this step was): nothing to write
        old = {f: getattr(row, f) for f in NOTE_FIELDS}
        ProgressRow.update(**{f: values.get(f, "") for f in NOTE_FIELDS}).where(where).execute(ws.db)
        ws.announce(ProgressChanged(self.plan_id, node_id))
        return old

    def apply(self, ws: WorkspaceState) -> None:
        """Write the new columns."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: WorkspaceState) -> None:
        """Write the old columns back."""
        if self._old is not None:
            self._write(ws, self._old)


class SetProgressNotes(Step):
    """Write the review columns of many existing records of one period at once (collecting a round)."""

    def __init__(self, plan_id: int, period: int, notes: dict[tuple[int, int], dict[str, str]]) -> None:
        self.plan_id, self.period, self.notes = plan_id, period, notes  # (node_id, unit_id) → values
        self._old: dict[tuple[int, int], dict[str, str]] = {}

    def _write(
        self, ws: WorkspaceState, notes: dict[tuple[int, int], dict[str, str]]
    ) -> dict[tuple[int, int], dict[str, str]]:
        node_ids = sorted({node_id for node_id, _ in notes})
        rows: list[ProgressRow] = []
        for chunk in chunks(node_ids):
            where = (ProgressRow.period == self.period) & ProgressRow.node.in_(chunk)
            rows.extend(ProgressRow.select().where(where).bind(ws.db))
        old: dict[tuple[int, int], dict[str, str]] = {}
        changed: list[ProgressRow] = []
        for row in rows:
            key = (row.node_id, row.unit_id)
            if key not in notes:
                continue
            old[key] = {f: getattr(row, f) for f in NOTE_FIELDS}
            for f in NOTE_FIELDS:
                setattr(row, f, notes[key].get(f, ""))
            changed.append(row)
        if changed:
            fields = [getattr(ProgressRow, f) for f in NOTE_FIELDS]
            with ws.db.bind_ctx([ProgressRow]):  # bulk_update runs on the model's database
                ProgressRow.bulk_update(changed, fields=fields, batch_size=200)
        ws.announce(ProgressChanged(self.plan_id))
        return old

    def apply(self, ws: WorkspaceState) -> None:
        """Write the new columns."""
        self._old = self._write(ws, self.notes)

    def revert(self, ws: WorkspaceState) -> None:
        """Write the old columns back."""
        self._write(ws, self._old)


RECORD_FIELDS = ("status", "text", "date", "updated")


class SetRecords(Step):
    """Write many progress records of one period with their review columns at once (collecting a round).

    records: (node_id, unit_id) → {status, text, date, updated, reason, measure, actual}. Revert restores every
    record as it was, or deletes it when there was none.
    """

    def __init__(self, plan_id: int, period: int, records: dict[tuple[int, int], dict[str, Any]]) -> None:
        self.plan_id, self.period, self.records = plan_id, period, records
        self._old: dict[tuple[int, int], dict[str, Any] | None] = {}

    def _current(self, ws: WorkspaceState, keys: list[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Any]]:
        node_ids = sorted({node_id for node_id, _ in keys})
        wanted = set(keys)
        out: dict[tuple[int, int], dict[str, Any]] = {}
        columns = (ProgressRow.node, ProgressRow.unit, *(getattr(ProgressRow, f) for f in RECORD_FIELDS))
        notes = (ProgressRow.reason, ProgressRow.measure, ProgressRow.actual)
        for chunk in chunks(node_ids):
            query = (
                ProgressRow.select(*columns, *notes)
                .where((ProgressRow.period == self.period) & ProgressRow.node.in_(chunk))
                .tuples()
                .bind(ws.db)
            )
            for found in query:
                row: tuple[Any, ...] = tuple(found)  # type: ignore[arg-type]  # .tuples() yields tuples
                if (row[0], row[1]) in wanted:
                    out[(row[0], row[1])] = dict(zip((*RECORD_FIELDS, *NOTE_FIELDS), row[2:], strict=True))
        return out

    def _write(self, ws: WorkspaceState, records: dict[tuple[int, int], dict[str, Any] | None]) -> dict:
        keys = list(records)
        old: dict[tuple[int, int], dict[str, Any] | None] = dict.fromkeys(keys)
        old.update(self._current(ws, keys))
        gone = [k for k, v in records.items() if v is None]
        for node_id, unit_id in gone:
            ProgressRow.delete().where(
                (ProgressRow.node == node_id) & (ProgressRow.period == self.period) & (ProgressRow.unit == unit_id)
            ).execute(ws.db)
        rows = [
            {"node": n, "period": self.period, "unit": u, **{f: v[f] for f in RECORD_FIELDS}}
            for (n, u), v in records.items()
            if v is not None
        ]
        for start in range(0, len(rows), 150):
            ProgressRow.insert_many(rows[start : start + 150]).on_conflict(
                conflict_target=[ProgressRow.node, ProgressRow.period, ProgressRow.unit],
                preserve=[getattr(ProgressRow, f) for f in RECORD_FIELDS],
            ).execute(ws.db)
        notes = {k: {f: v.get(f, "") for f in NOTE_FIELDS} for k, v in records.items() if v is not None}
        if notes:
            SetProgressNotes(self.plan_id, self.period, notes)._write(ws, notes)
        ws.announce(ProgressChanged(self.plan_id))
        return old

    def apply(self, ws: WorkspaceState) -> None:
        """Write the new records."""
        self._old = self._write(ws, dict(self.records))

    def revert(self, ws: WorkspaceState) -> None:
        """Restore the old records (or their absence)."""
        self._write(ws, self._old)


class SetNodeKpi(Step):
    """Change a method's 衡量指標 and 目標值."""

    def __init__(self, plan_id: int, node_id: int, values: dict[str, str]) -> None:
        self.plan_id, self.node_id, self.values = plan_id, node_id, values
        self._old: dict[str, str] | None = None

    def _write(self, ws: WorkspaceState, values: dict[str, str]) -> dict[str, str]:
        row = NodeRow.select(NodeRow.kpi, NodeRow.target).where(NodeRow.id == self.node_id).bind(ws.db).get()
        old = {"kpi": row.kpi, "target": row.target}
        NodeRow.update(**values).where(NodeRow.id == self.node_id).execute(ws.db)
        ws.announce(NodeChanged(self.plan_id, self.node_id, ("kpi", "target")))
        return old

    def apply(self, ws: WorkspaceState) -> None:
        """Write the new KPI."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: WorkspaceState) -> None:
        """Write the old KPI back."""
        if self._old is not None:
            self._write(ws, self._old)

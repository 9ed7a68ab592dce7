"""Steps on frozen plan versions (定稿, 修正) and on the names units have from a year on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.changes import PlanChanged, UnitsChanged
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.store.rows import insert_rows, next_ids
from planner.store.schema import PlanVersionRow, UnitNameRow


class InsertVersion(Step):
    """Store a frozen version of a plan (its id is kept, so redo recreates the same row)."""

    def __init__(self, plan_id: int, values: dict[str, Any]) -> None:
        self.plan_id, self.values = plan_id, dict(values)
        self.version_id: int | None = None

    def apply(self, state: WorkspaceState) -> None:
        """Insert the version row."""
        if self.version_id is None:
            self.version_id = next_ids(state.db, PlanVersionRow, 1)[0]
        created = self.values.setdefault("created", dt.datetime.now().isoformat(timespec="seconds"))
        PlanVersionRow.insert(
            id=self.version_id,
            plan=self.plan_id,
            seq=self.values["seq"],
            kind=self.values["kind"],
            date=self.values["date"],
            doc_number=self.values["doc_number"],
            snapshot=self.values["snapshot"],
            created=created,
        ).execute(state.db)
        state.announce(PlanChanged(self.plan_id, "versions"))

    def revert(self, state: WorkspaceState) -> None:
        """Delete the version row."""
        PlanVersionRow.delete().where(PlanVersionRow.id == self.version_id).execute(state.db)
        state.announce(PlanChanged(self.plan_id, "versions"))


class SetUnitNames(Step):
    """Replace the names a unit has from given years on ([(from_year, name)], [] for one name in every year)."""

    def __init__(self, unit_id: int, names: list[tuple[int, str]]) -> None:
        self.unit_id, self.names = unit_id, sorted(names)
        self._old: list[tuple[int, str]] = []

    def _write(self, state: WorkspaceState, names: list[tuple[int, str]]) -> list[tuple[int, str]]:
        old = list(state.unit_history.get(self.unit_id, []))
        UnitNameRow.delete().where(UnitNameRow.unit == self.unit_id).execute(state.db)
        for from_year, name in names:
            UnitNameRow.insert(unit=self.unit_id, from_year=from_year, name=name).execute(state.db)
        with state.notify(UnitsChanged()):
            if names:
                state.unit_history[self.unit_id] = list(names)
            else:
                state.unit_history.pop(self.unit_id, None)
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new names."""
        self._old = self._write(state, self.names)

    def revert(self, state: WorkspaceState) -> None:
        """Write the old names."""
        self._write(state, self._old)


VERSION_ROW = (
    PlanVersionRow.id,
    PlanVersionRow.plan,
    PlanVersionRow.seq,
    PlanVersionRow.kind,
    PlanVersionRow.date,
    PlanVersionRow.doc_number,
    PlanVersionRow.snapshot,
    PlanVersionRow.created,
)


def plan_version_rows(state: WorkspaceState, plan_id: int) -> list[tuple]:
    """Return a plan's version rows (to restore them with the plan after an undone delete)."""
    query = PlanVersionRow.select(*VERSION_ROW).where(PlanVersionRow.plan == plan_id).order_by(PlanVersionRow.seq)
    return [tuple(r) for r in state.db.execute(query).fetchall()]


def restore_versions(state: WorkspaceState, rows: list[tuple]) -> None:
    """Write version rows back as they were."""
    insert_rows(state.db, VERSION_ROW, rows)

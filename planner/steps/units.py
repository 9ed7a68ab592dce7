"""Steps on the workspace's ordered unit list and on its settings."""

from __future__ import annotations

from typing import Any

from planner.changes import UnitsChanged, WorkspaceChanged
from planner.model import Unit
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.store.rows import next_ids, update_row
from planner.store.schema import Setting, UnitRow


class UnitStep(Step):
    """Base of unit steps: the workspace's ordered unit list."""

    def _renumber(self, state: WorkspaceState) -> None:
        for i, unit in enumerate(state.units):
            update_row(state.db, UnitRow, unit.id, {"position": i})
            unit.position = i


class InsertUnit(UnitStep):
    """Add a unit at an index."""

    def __init__(self, index: int, name: str, retired: bool = False, unit_id: int | None = None) -> None:
        self.index, self.name, self.retired, self.unit_id = index, name, retired, unit_id

    def apply(self, state: WorkspaceState) -> None:
        """Insert the unit row."""
        if self.unit_id is None:
            self.unit_id = next_ids(state.db, UnitRow, 1)[0]
        UnitRow.insert(id=self.unit_id, name=self.name, position=self.index, retired=self.retired).execute(state.db)
        with state.notify(UnitsChanged()):
            state.units.insert(self.index, Unit(self.unit_id, self.name, self.index, self.retired))
            self._renumber(state)

    def revert(self, state: WorkspaceState) -> None:
        """Delete the unit row."""
        UnitRow.delete().where(UnitRow.id == self.unit_id).execute(state.db)
        with state.notify(UnitsChanged()):
            state.units[:] = [u for u in state.units if u.id != self.unit_id]
            self._renumber(state)


class RemoveUnit(UnitStep):
    """Delete a unit that nothing refers to any more (after a merge)."""

    def __init__(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self._inverse: InsertUnit | None = None

    def apply(self, state: WorkspaceState) -> None:
        """Capture and delete."""
        index = state.unit_index(self.unit_id)
        unit = state.units[index]
        self._inverse = InsertUnit(index, unit.name, unit.retired, unit.id)
        self._inverse.revert(state)

    def revert(self, state: WorkspaceState) -> None:
        """Restore the unit with its id."""
        assert self._inverse is not None
        self._inverse.apply(state)


class MoveUnit(UnitStep):
    """Reorder a unit."""

    def __init__(self, unit_id: int, index: int) -> None:
        self.unit_id, self.index = unit_id, index
        self._old = 0

    def _move(self, state: WorkspaceState, index: int) -> int:
        old = state.unit_index(self.unit_id)
        with state.notify(UnitsChanged()):
            state.units.insert(index, state.units.pop(old))
            self._renumber(state)
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Move it."""
        self._old = self._move(state, self.index)

    def revert(self, state: WorkspaceState) -> None:
        """Move it back."""
        self._move(state, self._old)


class SetUnitFields(UnitStep):
    """Rename or retire a unit."""

    def __init__(self, unit_id: int, values: dict[str, Any]) -> None:
        unknown = set(values) - {"name", "retired"}
        if unknown:
            raise ValueError(f"unknown unit fields: {unknown}")
        self.unit_id, self.values = unit_id, dict(values)
        self._old: dict[str, Any] = {}

    def _write(self, state: WorkspaceState, values: dict[str, Any]) -> dict[str, Any]:
        unit = state.unit(self.unit_id)
        old = {k: getattr(unit, k) for k in values}
        update_row(state.db, UnitRow, unit.id, values)
        with state.notify(UnitsChanged()):
            for k, v in values.items():
                setattr(unit, k, v)
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new values."""
        self._old = self._write(state, self.values)

    def revert(self, state: WorkspaceState) -> None:
        """Write the old values."""
        self._write(state, self._old)


class SetSetting(Step):
    """Change a workspace setting; None deletes it."""

    def __init__(self, key: str, value: str | None) -> None:
        self.key, self.value = key, value
        self._old: str | None = None

    def _write(self, state: WorkspaceState, value: str | None) -> str | None:
        old = state.setting(self.key)
        if value is None:
            Setting.delete().where(Setting.key == self.key).execute(state.db)
        else:
            Setting.insert(key=self.key, value=value).on_conflict(
                conflict_target=[Setting.key], preserve=[Setting.value]
            ).execute(state.db)
        with state.notify(WorkspaceChanged(self.key)):
            state.settings[self.key] = value
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new value."""
        self._old = self._write(state, self.value)

    def revert(self, state: WorkspaceState) -> None:
        """Write the old value."""
        self._write(state, self._old)

"""Shared behaviour of steps on a plan's small ordered lists (sections, milestones)."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from planner.changes import PlanChanged
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.store.rows import delete_row, next_ids, update_row
from planner.store.schema import BaseModel


class ListStep(Step):
    """Insert, remove, move or change an element of a small ordered list of a plan.

    A concrete list (SectionList, MilestoneList) names its model, the Plan attribute and the
    editable columns; the four step kinds (InsertItem, RemoveItem, MoveItem, SetItemFields)
    say what to do with it.
    """

    model: type[BaseModel]
    attr = ""
    fields: tuple[str, ...] = ()

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id

    @abstractmethod
    def _make(self, data: dict) -> Any:
        """Build the in-memory element from row data."""

    def _items(self, state: WorkspaceState) -> list:
        return getattr(state.plan_by_id(self.plan_id), self.attr)

    def _renumber(self, state: WorkspaceState, items: list) -> None:
        for i, item in enumerate(items):
            update_row(state.db, self.model, item.id, {"position": i})

    def _insert(self, state: WorkspaceState, index: int, data: dict) -> None:
        model = self.model
        if data.get("id") is None:
            data["id"] = next_ids(state.db, model, 1)[0]
        columns = model._meta.columns
        values = {columns["id"]: data["id"], columns["plan_id"]: self.plan_id, columns["position"]: index}
        values.update({columns[f]: data.get(f) for f in self.fields})
        model.insert(values).execute(state.db)
        items = self._items(state)
        with state.notify(PlanChanged(self.plan_id, self.attr)):
            items.insert(index, self._make(data))
        self._renumber(state, items)

    def _remove(self, state: WorkspaceState, item_id: int) -> tuple[int, dict]:
        items = self._items(state)
        index = next(i for i, x in enumerate(items) if x.id == item_id)
        data = {"id": item_id, **{f: getattr(items[index], f) for f in self.fields}}
        delete_row(state.db, self.model, item_id)
        with state.notify(PlanChanged(self.plan_id, self.attr)):
            items.pop(index)
        self._renumber(state, items)
        return index, data

    def _set(self, state: WorkspaceState, item_id: int, values: dict) -> dict:
        items = self._items(state)
        item = next(x for x in items if x.id == item_id)
        old = {k: getattr(item, k) for k in values}
        columns = self.model._meta.columns
        update_row(state.db, self.model, item_id, {columns[k].name: v for k, v in values.items()})
        with state.notify(PlanChanged(self.plan_id, self.attr)):
            for k, v in values.items():
                setattr(item, k, v)
        return old

    def _move(self, state: WorkspaceState, item_id: int, index: int) -> int:
        items = self._items(state)
        old = next(i for i, x in enumerate(items) if x.id == item_id)
        with state.notify(PlanChanged(self.plan_id, self.attr)):
            items.insert(index, items.pop(old))
        self._renumber(state, items)
        return old


class InsertItem(ListStep):
    """Insert an element at an index."""

    def __init__(self, plan_id: int, index: int, data: dict) -> None:
        super().__init__(plan_id)
        self.index, self.data = index, dict(data)

    def apply(self, state: WorkspaceState) -> None:
        """Insert the element (with the same id on redo)."""
        self._insert(state, self.index, self.data)

    def revert(self, state: WorkspaceState) -> None:
        """Remove it again."""
        self._remove(state, self.data["id"])


class RemoveItem(ListStep):
    """Remove an element, keeping what restores it."""

    def __init__(self, plan_id: int, item_id: int) -> None:
        super().__init__(plan_id)
        self.item_id = item_id
        self._saved: tuple[int, dict] | None = None

    def apply(self, state: WorkspaceState) -> None:
        """Capture and remove the element."""
        self._saved = self._remove(state, self.item_id)

    def revert(self, state: WorkspaceState) -> None:
        """Put the element back at its place with its id."""
        assert self._saved is not None
        self._insert(state, *self._saved)


class MoveItem(ListStep):
    """Move an element to a final index."""

    def __init__(self, plan_id: int, item_id: int, index: int) -> None:
        super().__init__(plan_id)
        self.item_id, self.index = item_id, index
        self._old = 0

    def apply(self, state: WorkspaceState) -> None:
        """Move the element."""
        self._old = self._move(state, self.item_id, self.index)

    def revert(self, state: WorkspaceState) -> None:
        """Move it back."""
        self._move(state, self.item_id, self._old)


class SetItemFields(ListStep):
    """Change fields of an element."""

    def __init__(self, plan_id: int, item_id: int, values: dict) -> None:
        super().__init__(plan_id)
        unknown = set(values) - set(self.fields)
        if unknown:
            raise ValueError(f"unknown fields: {unknown}")
        self.item_id, self.values = item_id, dict(values)
        self._old: dict = {}

    def apply(self, state: WorkspaceState) -> None:
        """Write the new values."""
        self._old = self._set(state, self.item_id, self.values)

    def revert(self, state: WorkspaceState) -> None:
        """Write the old values."""
        self._set(state, self.item_id, self._old)

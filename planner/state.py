"""The loaded state of an open workspace: connection, settings, units, plan cache and listeners.

Steps (planner/steps/) receive this object, not the Workspace façade: they write rows through
the models on ``db``, mutate the in-memory objects here and bracket the mutation with notify().
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from peewee import SqliteDatabase

from planner.changes import AFTER, BEFORE, PlanReloaded, UnitsChanged
from planner.model import Plan, Unit
from planner.store.load import load_plan, load_settings, load_unit_history, load_units

log = logging.getLogger(__name__)

Listener = Callable[[str, object], None]


class WorkspaceState:
    """What an open workspace holds in memory, and the connection that backs it."""

    def __init__(self, database: SqliteDatabase) -> None:
        self.db = database
        self.listeners: list[Listener] = []
        self.plans: dict[int, Plan] = {}
        self.settings: dict[str, str | None] = {}
        self.units: list[Unit] = []
        self.unit_history: dict[int, list[tuple[int, str]]] = {}  # unit id -> [(from_year, name)], by year
        self.load_rows()

    @property
    def state(self) -> WorkspaceState:
        """Return self (a Transaction accepts a Workspace or its state)."""
        return self

    def load_rows(self) -> None:
        """(Re)read the settings and units from the file."""
        self.settings = load_settings(self.db)
        self.units = load_units(self.db)
        self.unit_history = load_unit_history(self.db)

    def reload(self) -> None:
        """Reload everything from the file and tell listeners (after a failed undo or redo)."""
        self.load_rows()
        for plan_id in list(self.plans):
            self.plans.pop(plan_id)
            self.announce(PlanReloaded(plan_id))
        self.announce(UnitsChanged())

    # ------------------------------------------------------------ notices

    def subscribe(self, listener: Listener) -> None:
        """Call listener(phase, change) before and after every change."""
        self.listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling a listener."""
        if listener in self.listeners:
            self.listeners.remove(listener)

    @contextmanager
    def notify(self, change: object) -> Iterator[None]:
        """Tell listeners about a change around the in-memory mutation."""
        for listener in list(self.listeners):
            listener(BEFORE, change)
        yield
        for listener in list(self.listeners):
            listener(AFTER, change)

    def announce(self, change: object) -> None:
        """Tell listeners about a change that has no in-memory mutation to bracket."""
        with self.notify(change):
            pass

    # ------------------------------------------------------------ reading

    def setting(self, key: str, default: str | None = None) -> str | None:
        """Return a workspace setting."""
        value = self.settings.get(key)
        return default if value is None else value

    def unit(self, unit_id: int) -> Unit:
        """Return a unit by id; KeyError if there is none."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def unit_name(self, unit_id: int, year: int | None = None) -> str:
        """Return a unit's name in a plan year (its current name when year is None); KeyError if none."""
        name = self.unit(unit_id).name
        if year is not None:
            for from_year, named in self.unit_history.get(unit_id, []):
                if from_year <= year:
                    name = named
        return name

    def unit_index(self, unit_id: int) -> int:
        """Return the place of a unit in the ordered list."""
        return next(i for i, u in enumerate(self.units) if u.id == unit_id)

    def plan_by_id(self, plan_id: int) -> Plan:
        """Return a plan by id, loading it once."""
        plan = self.plans.get(plan_id)
        if plan is None:
            plan = load_plan(self.db, plan_id)
            self.plans[plan_id] = plan
        return plan

    def forget_plan(self, plan_id: int) -> None:
        """Drop a plan from memory (it is loaded again on demand)."""
        self.plans.pop(plan_id, None)

"""Steps on whole plans (insert, remove, header fields) and on their document sections."""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

from planner.changes import PlanChanged, PlansChanged
from planner.layouts import Layout
from planner.model import Milestone, Plan, Section
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.steps.lists import InsertItem, ListStep, MoveItem, RemoveItem, SetItemFields
from planner.steps.nodes import (
    ROW_FIELDS,
    UNIT_FIELDS,
    attach_kpis,
    node_from_snapshot,
    node_snapshot,
    nodes_from_rows,
    tree_rows,
)
from planner.steps.progress import plan_lock_rows, plan_progress_rows, restore_locks, restore_progress
from planner.steps.versions import plan_version_rows, restore_versions
from planner.store.load import plan_created
from planner.store.rows import first_free_id, insert_rows, insert_values, next_ids, paused_gc, update_row
from planner.store.schema import MilestoneRow, NodeRow, PlanRow, SectionRow

PLAN_FIELDS = ("year", "title", "agency", "issued", "layout")
SECTION_FIELDS = ("heading", "text", "numbered")
SECTION_ROW = (SectionRow.id, SectionRow.plan, SectionRow.position, SectionRow.heading, SectionRow.text)
MILESTONE_ROW = (
    MilestoneRow.id,
    MilestoneRow.plan,
    MilestoneRow.position,
    MilestoneRow.month,
    MilestoneRow.day,
    MilestoneRow.title,
    MilestoneRow.unit,
)


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """Return a whole plan as plain data (ids kept)."""
    return {
        "id": plan.id,
        "year": plan.year,
        "title": plan.title,
        "agency": plan.agency,
        "issued": plan.issued,
        "layout": plan.layout.to_json(),
        "source_plan_id": plan.source_plan_id,
        "sections": [{"id": s.id, "heading": s.heading, "text": s.text, "numbered": s.numbered} for s in plan.sections],
        "milestones": [
            {"id": m.id, "month": m.month, "day": m.day, "title": m.title, "unit_id": m.unit_id}
            for m in plan.milestones
        ],
        "items": [node_snapshot(n) for n in plan.items],
    }


def plan_header(snap: dict[str, Any]) -> Plan:
    """Return the in-memory plan of a snapshot whose ids are assigned, without its tree."""
    plan = Plan(
        id=snap["id"],
        year=snap["year"],
        title=snap["title"],
        agency=snap.get("agency", ""),
        issued=snap.get("issued", ""),
        layout=Layout.from_json(snap["layout"]),
        source_plan_id=snap.get("source_plan_id"),
    )
    plan.sections = [Section(s["id"], s["heading"], s["text"], bool(s["numbered"])) for s in snap["sections"]]
    plan.milestones = [
        Milestone(m["id"], m["month"], m["title"], m.get("day"), m.get("unit_id")) for m in snap["milestones"]
    ]
    return plan


def plan_from_snapshot(snap: dict[str, Any]) -> Plan:
    """Return the in-memory plan of a snapshot whose ids are assigned, as load_plan would read its rows."""
    plan = plan_header(snap)
    if "node_values" in snap:
        plan.items = nodes_from_rows(plan, snap["node_values"], snap["unit_values"])
    else:
        plan.items = [node_from_snapshot(item, None, plan) for item in snap["items"]]
    return plan


class InsertPlan(Step):
    """Create a whole plan from a snapshot.

    The tree is given either as "items" (node snapshots, as plan_snapshot makes them; ids kept or assigned
    here in document order) or, with every id assigned, as "node_values" and "unit_values", the flat row
    lists of tree_rows (what add_plan_from_data builds straight from the data). Items become rows at the
    first apply; the rows are what redo writes again.
    """

    def __init__(self, snap: dict[str, Any]) -> None:
        self.snap = snap

    def _assign_ids(self, state: WorkspaceState) -> None:
        snap = self.snap
        if snap.get("id") is None:
            snap["id"] = next_ids(state.db, PlanRow, 1)[0]
        for key, model in (("sections", SectionRow), ("milestones", MilestoneRow)):
            pending = [s for s in snap[key] if s.get("id") is None]
            for s, new_id in zip(pending, next_ids(state.db, model, len(pending)), strict=True):
                s["id"] = new_id
        if "items" in snap:
            fresh = count(first_free_id(state.db, NodeRow))
            snap["node_values"], snap["unit_values"] = tree_rows(snap["id"], None, 0, snap.pop("items"), fresh)

    def apply(self, state: WorkspaceState) -> None:
        """Write every row of the plan and keep the plan in memory as written (no reload from the file)."""
        with paused_gc():
            self._apply(state)

    def _apply(self, state: WorkspaceState) -> None:
        self._assign_ids(state)
        snap = self.snap
        PlanRow.insert(
            id=snap["id"],
            year=snap["year"],
            title=snap["title"],
            agency=snap.get("agency", ""),
            issued=snap.get("issued", ""),
            layout=snap["layout"],
            created=snap.get("created") or dt.datetime.now().isoformat(timespec="seconds"),
            source_plan_id=snap.get("source_plan_id"),
        ).execute(state.db)
        insert_rows(
            state.db,
            (*SECTION_ROW, SectionRow.numbered),
            [
                (s["id"], snap["id"], i, s["heading"], s["text"], bool(s["numbered"]))
                for i, s in enumerate(snap["sections"])
            ],
        )
        insert_rows(
            state.db,
            MILESTONE_ROW,
            [
                (m["id"], snap["id"], i, m["month"], m.get("day"), m["title"], m.get("unit_id"))
                for i, m in enumerate(snap["milestones"])
            ],
        )
        insert_values(state.db, ROW_FIELDS, snap["node_values"])
        insert_values(state.db, UNIT_FIELDS, snap["unit_values"])
        restore_progress(state, snap.get("progress", []))
        restore_locks(state, snap.get("locks", []))
        restore_versions(state, snap.get("versions", []))
        plan = plan_from_snapshot(snap)
        with state.notify(PlansChanged(snap["year"])):
            state.forget_plan(snap["id"])
            state.plans[plan.id] = plan

    def revert(self, state: WorkspaceState) -> None:
        """Delete the plan again (its progress and locks are kept in the snapshot)."""
        plan_id = self.snap["id"]
        self.snap["progress"] = plan_progress_rows(state, plan_id)
        self.snap["locks"] = plan_lock_rows(state, plan_id)
        self.snap["versions"] = plan_version_rows(state, plan_id)
        PlanRow.delete().where(PlanRow.id == plan_id).execute(state.db)
        with state.notify(PlansChanged(self.snap["year"])):
            state.forget_plan(plan_id)


class RemovePlan(Step):
    """Delete a whole plan, keeping a snapshot to restore it."""

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id
        self._inverse: InsertPlan | None = None

    def apply(self, state: WorkspaceState) -> None:
        """Capture and delete."""
        plan = state.plan_by_id(self.plan_id)
        snap = plan_snapshot(plan)
        attach_kpis(state.db, snap["items"])
        snap["created"] = plan_created(state.db, plan.id)
        self._inverse = InsertPlan(snap)
        self._inverse.revert(state)

    def revert(self, state: WorkspaceState) -> None:
        """Restore the plan with its ids."""
        assert self._inverse is not None
        self._inverse.apply(state)


class SetPlanFields(Step):
    """Change header fields of a plan (year, title, agency, issued, layout)."""

    def __init__(self, plan_id: int, values: dict[str, Any]) -> None:
        unknown = set(values) - set(PLAN_FIELDS)
        if unknown:
            raise ValueError(f"unknown plan fields: {unknown}")
        self.plan_id, self.values = plan_id, dict(values)
        self._old: dict[str, Any] = {}

    def _write(self, state: WorkspaceState, values: dict[str, Any]) -> dict[str, Any]:
        plan = state.plan_by_id(self.plan_id)
        old = {k: getattr(plan, k) for k in values}
        stored = {k: (v.to_json() if isinstance(v, Layout) else v) for k, v in values.items()}
        update_row(state.db, PlanRow, plan.id, stored)
        part = "layout" if set(values) == {"layout"} else "header"
        with state.notify(PlanChanged(plan.id, part)):
            for k, v in values.items():
                setattr(plan, k, v)
        if "year" in values:
            state.announce(PlansChanged(values["year"]))
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new values."""
        self._old = self._write(state, self.values)

    def revert(self, state: WorkspaceState) -> None:
        """Write the old values."""
        self._write(state, self._old)


class SectionList(ListStep):
    """The document sections of a plan, in order."""

    model = SectionRow
    attr = "sections"
    fields = SECTION_FIELDS

    def _make(self, data: dict) -> Section:
        return Section(data["id"], data["heading"], data.get("text", ""), bool(data.get("numbered", True)))


class InsertSection(SectionList, InsertItem):
    """Insert a section at an index."""


class RemoveSection(SectionList, RemoveItem):
    """Remove a section."""


class MoveSection(SectionList, MoveItem):
    """Move a section to a final index."""


class SetSectionFields(SectionList, SetItemFields):
    """Change a section's heading, text or numbering."""

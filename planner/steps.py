"""Primitive, reversible edits: each writes the file, updates loaded plans and sends notices.

A step captures on apply() whatever revert() needs, and keeps ids stable so that
redo after undo recreates the very same rows. Operations compose steps inside
Workspace.edit(); the history stores the steps.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from planner.changes import (
    NodeChanged,
    NodeMoved,
    NodesInserted,
    NodesRemoved,
    PlanChanged,
    PlansChanged,
    ProgressChanged,
    UnitsChanged,
    WorkspaceChanged,
)
from planner.layouts import Layout
from planner.model import Milestone, Node, Plan, Section, Unit

if TYPE_CHECKING:
    from planner.workspace import Workspace

NODE_FIELDS = ("title", "body", "numbered", "note", "months", "units", "merge_next", "source_id")
PLAN_FIELDS = ("year", "title", "agency", "issued", "layout")
SECTION_FIELDS = ("heading", "text", "numbered")
MILESTONE_FIELDS = ("month", "day", "title", "unit_id")
UNIT_FIELDS = ("name", "retired")


def months_to_text(months: list[int]) -> str:
    """Store months as "6,12"."""
    return ",".join(str(m) for m in months)


def months_from_text(text: str) -> list[int]:
    """Parse stored months."""
    return [int(m) for m in text.split(",") if m]


def next_ids(ws: Workspace, table: str, count: int) -> list[int]:
    """Reserve count fresh ids of an AUTOINCREMENT table."""
    seq = ws.db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    top = ws.db.execute_sql(f"SELECT MAX(id) FROM {table}").fetchone()[0]
    start = max(seq[0] if seq else 0, top or 0) + 1
    return list(range(start, start + count))


# ---------------------------------------------------------------- snapshots


def node_snapshot(node: Node) -> dict[str, Any]:
    """Return a node and its subtree as plain data (ids kept)."""
    return {
        "id": node.id,
        "level": node.level,
        "title": node.title,
        "body": node.body,
        "numbered": node.numbered,
        "note": node.note,
        "units": list(node.units),
        "months": list(node.months),
        "merge_next": node.merge_next,
        "source_id": node.source_id,
        "children": [node_snapshot(c) for c in node.children],
    }


def _assign_node_ids(ws: Workspace, snaps: list[dict]) -> None:
    pending: list[dict] = []
    stack = list(snaps)
    while stack:
        snap = stack.pop()
        if snap.get("id") is None:
            pending.append(snap)
        stack.extend(snap.get("children", []))
    if pending:
        for snap, new_id in zip(pending, next_ids(ws, "node", len(pending)), strict=True):
            snap["id"] = new_id


def _node_from_snapshot(snap: dict, parent: Node | None, plan: Plan) -> Node:
    node = Node(
        id=snap["id"],
        level=snap["level"],
        title=snap.get("title", ""),
        body=snap.get("body", ""),
        numbered=snap.get("numbered", True),
        note=snap.get("note", ""),
        units=list(snap.get("units", [])),
        months=list(snap.get("months", [])),
        merge_next=snap.get("merge_next", False),
        source_id=snap.get("source_id"),
        parent=parent,
    )
    plan.nodes[node.id] = node
    node.children = [_node_from_snapshot(c, node, plan) for c in snap.get("children", [])]
    return node


def _write_node_rows(ws: Workspace, plan_id: int, parent_id: int | None, index: int, snaps: list[dict]) -> None:
    rows: list[tuple] = []
    unit_rows: list[tuple] = []

    def visit(snap: dict, parent: int | None, position: int) -> None:
        rows.append(
            (
                snap["id"],
                plan_id,
                parent,
                position,
                snap["level"],
                snap.get("title", ""),
                snap.get("body", ""),
                int(snap.get("numbered", True)),
                snap.get("note", ""),
                months_to_text(snap.get("months", [])),
                int(snap.get("merge_next", False)),
                snap.get("source_id"),
            )
        )
        unit_rows.extend((snap["id"], u, i) for i, u in enumerate(snap.get("units", [])))
        for i, child in enumerate(snap.get("children", [])):
            visit(child, snap["id"], i)

    for offset, snap in enumerate(snaps):
        visit(snap, parent_id, index + offset)
    cur = ws.db.cursor()
    cur.executemany(
        "INSERT INTO node (id, plan_id, parent_id, position, level, title, body, numbered,"
        " note, months, merge_next, source_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    if unit_rows:
        cur.executemany("INSERT INTO node_unit (node_id, unit_id, position) VALUES (?,?,?)", unit_rows)


PROGRESS_COLUMNS = "id, node_id, period, unit_id, status, text, date, updated"


def _progress_rows(ws: Workspace, node_ids: list[int]) -> list[tuple]:
    """Return the progress rows of nodes (to restore them on undo)."""
    rows: list[tuple] = []
    for start in range(0, len(node_ids), 500):
        chunk = node_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows += ws.db.execute_sql(
            f"SELECT {PROGRESS_COLUMNS} FROM progress WHERE node_id IN ({marks})",
            chunk,
        ).fetchall()
    return rows


def _restore_progress(ws: Workspace, rows: list[tuple]) -> None:
    if rows:
        ws.db.cursor().executemany(f"INSERT INTO progress ({PROGRESS_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", rows)


def _shift(ws: Workspace, plan_id: int, parent_id: int | None, start: int, delta: int) -> None:
    ws.db.execute_sql(
        "UPDATE node SET position = position + ? WHERE plan_id = ? AND parent_id IS ? AND position >= ?",
        (delta, plan_id, parent_id, start),
    )


def _delete_node_rows(ws: Workspace, plan_id: int, parent_id: int | None, index: int, ids: list[int]) -> None:
    for node_id in ids:
        ws.db.execute_sql("DELETE FROM node WHERE id = ?", (node_id,))
    _shift(ws, plan_id, parent_id, index + len(ids), -len(ids))


class Step(ABC):
    """A reversible primitive edit."""

    @abstractmethod
    def apply(self, ws: Workspace) -> None:
        """Do the edit (again)."""

    @abstractmethod
    def revert(self, ws: Workspace) -> None:
        """Undo the edit."""


# ---------------------------------------------------------------- nodes


class InsertNodes(Step):
    """Insert subtrees (snapshots) under a parent at an index."""

    def __init__(self, plan_id: int, parent_id: int | None, index: int, snaps: list[dict]) -> None:
        self.plan_id, self.parent_id, self.index, self.snaps = plan_id, parent_id, index, snaps
        self.progress: list[tuple] = []

    def apply(self, ws: Workspace) -> None:
        """Write the rows and build the nodes."""
        _assign_node_ids(ws, self.snaps)
        plan = ws.plan_by_id(self.plan_id)
        _shift(ws, self.plan_id, self.parent_id, self.index, len(self.snaps))
        _write_node_rows(ws, self.plan_id, self.parent_id, self.index, self.snaps)
        _restore_progress(ws, self.progress)
        parent = plan.nodes[self.parent_id] if self.parent_id is not None else None
        siblings = plan.children_of(self.parent_id)
        with ws.notify(NodesInserted(self.plan_id, self.parent_id, self.index, len(self.snaps))):
            siblings[self.index : self.index] = [_node_from_snapshot(s, parent, plan) for s in self.snaps]

    def revert(self, ws: Workspace) -> None:
        """Remove what apply() inserted."""
        plan = ws.plan_by_id(self.plan_id)
        siblings = plan.children_of(self.parent_id)
        removed = siblings[self.index : self.index + len(self.snaps)]
        self.snaps = [node_snapshot(n) for n in removed]
        self.progress = _progress_rows(ws, [n.id for top in removed for n in top.walk()])
        _delete_node_rows(ws, self.plan_id, self.parent_id, self.index, [n.id for n in removed])
        with ws.notify(NodesRemoved(self.plan_id, self.parent_id, self.index, len(removed))):
            del siblings[self.index : self.index + len(removed)]
            for top in removed:
                for node in top.walk():
                    plan.nodes.pop(node.id, None)


class RemoveNode(Step):
    """Remove a node with its subtree."""

    def __init__(self, plan_id: int, node_id: int) -> None:
        self.plan_id, self.node_id = plan_id, node_id
        self._inverse: InsertNodes | None = None

    def apply(self, ws: Workspace) -> None:
        """Capture the subtree, then remove it."""
        plan = ws.plan_by_id(self.plan_id)
        node = plan.nodes[self.node_id]
        parent_id = node.parent.id if node.parent else None
        self._inverse = InsertNodes(self.plan_id, parent_id, plan.index_of(node), [node_snapshot(node)])
        self._inverse.revert(ws)

    def revert(self, ws: Workspace) -> None:
        """Put the subtree back with its ids."""
        assert self._inverse is not None
        self._inverse.apply(ws)


class MoveNode(Step):
    """Move a node (with its subtree) to a parent and final index, shifting levels by delta."""

    def __init__(self, plan_id: int, node_id: int, parent_id: int | None, index: int, level_delta: int = 0) -> None:
        self.plan_id, self.node_id = plan_id, node_id
        self.parent_id, self.index, self.level_delta = parent_id, index, level_delta
        self._back: tuple[int | None, int] | None = None

    def _move(self, ws: Workspace, parent_id: int | None, index: int, delta: int) -> tuple[int | None, int]:
        plan = ws.plan_by_id(self.plan_id)
        node = plan.nodes[self.node_id]
        src_parent_id = node.parent.id if node.parent else None
        src_index = plan.index_of(node)
        _shift(ws, self.plan_id, src_parent_id, src_index + 1, -1)
        ws.db.execute_sql("UPDATE node SET position = -1 WHERE id = ?", (node.id,))
        _shift(ws, self.plan_id, parent_id, index, 1)
        ws.db.execute_sql("UPDATE node SET parent_id = ?, position = ? WHERE id = ?", (parent_id, index, node.id))
        if delta:
            ids = [n.id for n in node.walk()]
            ws.db.cursor().executemany("UPDATE node SET level = level + ? WHERE id = ?", [(delta, i) for i in ids])
        change = NodeMoved(self.plan_id, node.id, src_parent_id, src_index, parent_id, index)
        with ws.notify(change):
            plan.siblings(node).pop(src_index)
            new_parent = plan.nodes[parent_id] if parent_id is not None else None
            node.parent = new_parent
            plan.children_of(parent_id).insert(index, node)
            if delta:
                for n in node.walk():
                    n.level += delta
        return src_parent_id, src_index

    def apply(self, ws: Workspace) -> None:
        """Move the node."""
        self._back = self._move(ws, self.parent_id, self.index, self.level_delta)

    def revert(self, ws: Workspace) -> None:
        """Move it back."""
        assert self._back is not None
        self._move(ws, self._back[0], self._back[1], -self.level_delta)


class SetNodeFields(Step):
    """Change fields of one node (title, body, numbered, note, months, units, merge_next)."""

    def __init__(self, plan_id: int, node_id: int, values: dict[str, Any]) -> None:
        unknown = set(values) - set(NODE_FIELDS)
        if unknown:
            raise ValueError(f"unknown node fields: {unknown}")
        self.plan_id, self.node_id, self.values = plan_id, node_id, dict(values)
        self._old: dict[str, Any] = {}

    def _write(self, ws: Workspace, values: dict[str, Any]) -> dict[str, Any]:
        plan = ws.plan_by_id(self.plan_id)
        node = plan.nodes[self.node_id]
        old = {k: (list(getattr(node, k)) if k in ("units", "months") else getattr(node, k)) for k in values}
        columns = {k: v for k, v in values.items() if k != "units"}
        if columns:
            stored = {k: (months_to_text(v) if k == "months" else v) for k, v in columns.items()}
            sets = ", ".join(f"{k} = ?" for k in stored)
            ws.db.execute_sql(f"UPDATE node SET {sets} WHERE id = ?", (*stored.values(), node.id))
        if "units" in values:
            ws.db.execute_sql("DELETE FROM node_unit WHERE node_id = ?", (node.id,))
            ws.db.cursor().executemany(
                "INSERT INTO node_unit (node_id, unit_id, position) VALUES (?,?,?)",
                [(node.id, u, i) for i, u in enumerate(values["units"])],
            )
        with ws.notify(NodeChanged(self.plan_id, node.id, tuple(values))):
            for k, v in values.items():
                setattr(node, k, list(v) if k in ("units", "months") else v)
        return old

    def apply(self, ws: Workspace) -> None:
        """Write the new values."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: Workspace) -> None:
        """Write the old values."""
        self._write(ws, self._old)


# ---------------------------------------------------------------- plans


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


class InsertPlan(Step):
    """Create a whole plan from a snapshot."""

    def __init__(self, snap: dict[str, Any]) -> None:
        self.snap = snap

    def apply(self, ws: Workspace) -> None:
        """Write every row of the plan."""
        snap = self.snap
        if snap.get("id") is None:
            snap["id"] = next_ids(ws, "plan", 1)[0]
        for key, table in (("sections", "section"), ("milestones", "milestone")):
            pending = [s for s in snap[key] if s.get("id") is None]
            for s, new_id in zip(pending, next_ids(ws, table, len(pending)), strict=True):
                s["id"] = new_id
        _assign_node_ids(ws, snap["items"])
        ws.db.execute_sql(
            "INSERT INTO plan (id, year, title, agency, issued, layout, created, source_plan_id)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (
                snap["id"],
                snap["year"],
                snap["title"],
                snap.get("agency", ""),
                snap.get("issued", ""),
                snap["layout"],
                snap.get("created") or dt.datetime.now().isoformat(timespec="seconds"),
                snap.get("source_plan_id"),
            ),
        )
        ws.db.cursor().executemany(
            "INSERT INTO section (id, plan_id, position, heading, text, numbered) VALUES (?,?,?,?,?,?)",
            [
                (s["id"], snap["id"], i, s["heading"], s["text"], int(s["numbered"]))
                for i, s in enumerate(snap["sections"])
            ],
        )
        ws.db.cursor().executemany(
            "INSERT INTO milestone (id, plan_id, position, month, day, title, unit_id) VALUES (?,?,?,?,?,?,?)",
            [
                (m["id"], snap["id"], i, m["month"], m.get("day"), m["title"], m.get("unit_id"))
                for i, m in enumerate(snap["milestones"])
            ],
        )
        _write_node_rows(ws, snap["id"], None, 0, snap["items"])
        _restore_progress(ws, snap.get("progress", []))
        ws.db.cursor().executemany(
            "INSERT INTO period_lock (plan_id, period, locked_at) VALUES (?,?,?)", snap.get("locks", [])
        )
        with ws.notify(PlansChanged(snap["year"])):
            ws.forget_plan(snap["id"])

    def revert(self, ws: Workspace) -> None:
        """Delete the plan again (its progress and locks are kept in the snapshot)."""
        plan_id = self.snap["id"]
        self.snap["progress"] = ws.db.execute_sql(
            f"SELECT {PROGRESS_COLUMNS} FROM progress WHERE node_id IN (SELECT id FROM node WHERE plan_id = ?)",
            (plan_id,),
        ).fetchall()
        self.snap["locks"] = ws.db.execute_sql(
            "SELECT plan_id, period, locked_at FROM period_lock WHERE plan_id = ?", (plan_id,)
        ).fetchall()
        ws.db.execute_sql("DELETE FROM plan WHERE id = ?", (plan_id,))
        with ws.notify(PlansChanged(self.snap["year"])):
            ws.forget_plan(self.snap["id"])


class RemovePlan(Step):
    """Delete a whole plan, keeping a snapshot to restore it."""

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id
        self._inverse: InsertPlan | None = None

    def apply(self, ws: Workspace) -> None:
        """Capture and delete."""
        plan = ws.plan_by_id(self.plan_id)
        snap = plan_snapshot(plan)
        snap["created"] = ws.db.execute_sql("SELECT created FROM plan WHERE id = ?", (plan.id,)).fetchone()[0]
        self._inverse = InsertPlan(snap)
        self._inverse.revert(ws)

    def revert(self, ws: Workspace) -> None:
        """Restore the plan with its ids."""
        assert self._inverse is not None
        self._inverse.apply(ws)


class SetPlanFields(Step):
    """Change header fields of a plan (year, title, agency, issued, layout)."""

    def __init__(self, plan_id: int, values: dict[str, Any]) -> None:
        unknown = set(values) - set(PLAN_FIELDS)
        if unknown:
            raise ValueError(f"unknown plan fields: {unknown}")
        self.plan_id, self.values = plan_id, dict(values)
        self._old: dict[str, Any] = {}

    def _write(self, ws: Workspace, values: dict[str, Any]) -> dict[str, Any]:
        plan = ws.plan_by_id(self.plan_id)
        old = {k: getattr(plan, k) for k in values}
        stored = {k: (v.to_json() if isinstance(v, Layout) else v) for k, v in values.items()}
        sets = ", ".join(f"{k} = ?" for k in stored)
        ws.db.execute_sql(f"UPDATE plan SET {sets} WHERE id = ?", (*stored.values(), plan.id))
        part = "layout" if set(values) == {"layout"} else "header"
        with ws.notify(PlanChanged(plan.id, part)):
            for k, v in values.items():
                setattr(plan, k, v)
        if "year" in values:
            ws.announce(PlansChanged(values["year"]))
        return old

    def apply(self, ws: Workspace) -> None:
        """Write the new values."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: Workspace) -> None:
        """Write the old values."""
        self._write(ws, self._old)


class _ListStep(Step):
    """Insert, remove, move or change an element of a small ordered list of a plan."""

    table = ""
    attr = ""
    fields: tuple[str, ...] = ()

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id

    def _items(self, ws: Workspace) -> list:
        return getattr(ws.plan_by_id(self.plan_id), self.attr)

    def _renumber(self, ws: Workspace, items: list) -> None:
        ws.db.cursor().executemany(
            f"UPDATE {self.table} SET position = ? WHERE id = ?",
            [(i, x.id) for i, x in enumerate(items)],
        )

    @abstractmethod
    def _make(self, data: dict) -> Any:
        """Build the in-memory element from row data."""

    def _insert(self, ws: Workspace, index: int, data: dict) -> None:
        if data.get("id") is None:
            data["id"] = next_ids(ws, self.table, 1)[0]
        cols = ["id", "plan_id", "position", *self.fields]
        values = [data["id"], self.plan_id, index, *(data.get(f) for f in self.fields)]
        marks = ",".join("?" * len(cols))
        ws.db.execute_sql(f"INSERT INTO {self.table} ({','.join(cols)}) VALUES ({marks})", values)
        items = self._items(ws)
        with ws.notify(PlanChanged(self.plan_id, self.attr)):
            items.insert(index, self._make(data))
        self._renumber(ws, items)

    def _remove(self, ws: Workspace, item_id: int) -> tuple[int, dict]:
        items = self._items(ws)
        index = next(i for i, x in enumerate(items) if x.id == item_id)
        data = {"id": item_id, **{f: getattr(items[index], f) for f in self.fields}}
        ws.db.execute_sql(f"DELETE FROM {self.table} WHERE id = ?", (item_id,))
        with ws.notify(PlanChanged(self.plan_id, self.attr)):
            items.pop(index)
        self._renumber(ws, items)
        return index, data

    def _set(self, ws: Workspace, item_id: int, values: dict) -> dict:
        items = self._items(ws)
        item = next(x for x in items if x.id == item_id)
        old = {k: getattr(item, k) for k in values}
        sets = ", ".join(f"{k} = ?" for k in values)
        ws.db.execute_sql(f"UPDATE {self.table} SET {sets} WHERE id = ?", (*values.values(), item_id))
        with ws.notify(PlanChanged(self.plan_id, self.attr)):
            for k, v in values.items():
                setattr(item, k, v)
        return old

    def _move(self, ws: Workspace, item_id: int, index: int) -> int:
        items = self._items(ws)
        old = next(i for i, x in enumerate(items) if x.id == item_id)
        with ws.notify(PlanChanged(self.plan_id, self.attr)):
            items.insert(index, items.pop(old))
        self._renumber(ws, items)
        return old


class SectionStep(_ListStep):
    """Base of section steps."""

    table, attr, fields = "section", "sections", SECTION_FIELDS

    def _make(self, data: dict) -> Section:
        return Section(data["id"], data["heading"], data.get("text", ""), bool(data.get("numbered", True)))


class MilestoneStep(_ListStep):
    """Base of milestone steps."""

    table, attr, fields = "milestone", "milestones", MILESTONE_FIELDS

    def _make(self, data: dict) -> Milestone:
        return Milestone(data["id"], data["month"], data["title"], data.get("day"), data.get("unit_id"))


def _list_steps(base: type[_ListStep]) -> tuple[type[Step], type[Step], type[Step], type[Step]]:
    class Insert(base):  # type: ignore[valid-type, misc]
        def __init__(self, plan_id: int, index: int, data: dict) -> None:
            super().__init__(plan_id)
            self.index, self.data = index, dict(data)

        def apply(self, ws: Workspace) -> None:
            self._insert(ws, self.index, self.data)

        def revert(self, ws: Workspace) -> None:
            self._remove(ws, self.data["id"])

    class Remove(base):  # type: ignore[valid-type, misc]
        def __init__(self, plan_id: int, item_id: int) -> None:
            super().__init__(plan_id)
            self.item_id = item_id
            self._saved: tuple[int, dict] | None = None

        def apply(self, ws: Workspace) -> None:
            self._saved = self._remove(ws, self.item_id)

        def revert(self, ws: Workspace) -> None:
            assert self._saved is not None
            self._insert(ws, *self._saved)

    class Move(base):  # type: ignore[valid-type, misc]
        def __init__(self, plan_id: int, item_id: int, index: int) -> None:
            super().__init__(plan_id)
            self.item_id, self.index = item_id, index
            self._old = 0

        def apply(self, ws: Workspace) -> None:
            self._old = self._move(ws, self.item_id, self.index)

        def revert(self, ws: Workspace) -> None:
            self._move(ws, self.item_id, self._old)

    class Set(base):  # type: ignore[valid-type, misc]
        def __init__(self, plan_id: int, item_id: int, values: dict) -> None:
            super().__init__(plan_id)
            unknown = set(values) - set(self.fields)
            if unknown:
                raise ValueError(f"unknown fields: {unknown}")
            self.item_id, self.values = item_id, dict(values)
            self._old: dict = {}

        def apply(self, ws: Workspace) -> None:
            self._old = self._set(ws, self.item_id, self.values)

        def revert(self, ws: Workspace) -> None:
            self._set(ws, self.item_id, self._old)

    return Insert, Remove, Move, Set


InsertSection, RemoveSection, MoveSection, SetSectionFields = _list_steps(SectionStep)
InsertMilestone, RemoveMilestone, MoveMilestone, SetMilestoneFields = _list_steps(MilestoneStep)


# ---------------------------------------------------------------- units and settings


class UnitStep(Step):
    """Base of unit steps: the workspace's ordered unit list."""

    def _renumber(self, ws: Workspace) -> None:
        ws.db.cursor().executemany(
            "UPDATE unit SET position = ? WHERE id = ?", [(i, u.id) for i, u in enumerate(ws.unit_list)]
        )
        for i, unit in enumerate(ws.unit_list):
            unit.position = i


class InsertUnit(UnitStep):
    """Add a unit at an index."""

    def __init__(self, index: int, name: str, retired: bool = False, unit_id: int | None = None) -> None:
        self.index, self.name, self.retired, self.unit_id = index, name, retired, unit_id

    def apply(self, ws: Workspace) -> None:
        """Insert the unit row."""
        if self.unit_id is None:
            self.unit_id = next_ids(ws, "unit", 1)[0]
        ws.db.execute_sql(
            "INSERT INTO unit (id, name, position, retired) VALUES (?,?,?,?)",
            (self.unit_id, self.name, self.index, int(self.retired)),
        )
        with ws.notify(UnitsChanged()):
            ws.unit_list.insert(self.index, Unit(self.unit_id, self.name, self.index, self.retired))
            self._renumber(ws)

    def revert(self, ws: Workspace) -> None:
        """Delete the unit row."""
        ws.db.execute_sql("DELETE FROM unit WHERE id = ?", (self.unit_id,))
        with ws.notify(UnitsChanged()):
            ws.unit_list[:] = [u for u in ws.unit_list if u.id != self.unit_id]
            self._renumber(ws)


class RemoveUnit(UnitStep):
    """Delete a unit that nothing refers to any more (after a merge)."""

    def __init__(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self._inverse: InsertUnit | None = None

    def apply(self, ws: Workspace) -> None:
        """Capture and delete."""
        index = next(i for i, u in enumerate(ws.unit_list) if u.id == self.unit_id)
        unit = ws.unit_list[index]
        self._inverse = InsertUnit(index, unit.name, unit.retired, unit.id)
        self._inverse.revert(ws)

    def revert(self, ws: Workspace) -> None:
        """Restore the unit with its id."""
        assert self._inverse is not None
        self._inverse.apply(ws)


class MoveUnit(UnitStep):
    """Reorder a unit."""

    def __init__(self, unit_id: int, index: int) -> None:
        self.unit_id, self.index = unit_id, index
        self._old = 0

    def _move(self, ws: Workspace, index: int) -> int:
        old = next(i for i, u in enumerate(ws.unit_list) if u.id == self.unit_id)
        with ws.notify(UnitsChanged()):
            ws.unit_list.insert(index, ws.unit_list.pop(old))
            self._renumber(ws)
        return old

    def apply(self, ws: Workspace) -> None:
        """Move it."""
        self._old = self._move(ws, self.index)

    def revert(self, ws: Workspace) -> None:
        """Move it back."""
        self._move(ws, self._old)


class SetUnitFields(UnitStep):
    """Rename or retire a unit."""

    def __init__(self, unit_id: int, values: dict[str, Any]) -> None:
        self.unit_id, self.values = unit_id, dict(values)
        self._old: dict[str, Any] = {}

    def _write(self, ws: Workspace, values: dict[str, Any]) -> dict[str, Any]:
        unit = ws.unit(self.unit_id)
        old = {k: getattr(unit, k) for k in values}
        sets = ", ".join(f"{k} = ?" for k in values)
        ws.db.execute_sql(f"UPDATE unit SET {sets} WHERE id = ?", (*values.values(), unit.id))
        with ws.notify(UnitsChanged()):
            for k, v in values.items():
                setattr(unit, k, v)
        return old

    def apply(self, ws: Workspace) -> None:
        """Write the new values."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: Workspace) -> None:
        """Write the old values."""
        self._write(ws, self._old)


class SetSetting(Step):
    """Change a workspace setting."""

    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value
        self._old: str | None = None

    def _write(self, ws: Workspace, value: str | None) -> str | None:
        old = ws.setting(self.key)
        if value is None:
            ws.db.execute_sql("DELETE FROM setting WHERE key = ?", (self.key,))
        else:
            ws.db.execute_sql(
                "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (self.key, value),
            )
        with ws.notify(WorkspaceChanged(self.key)):
            ws.settings_cache[self.key] = value
        return old

    def apply(self, ws: Workspace) -> None:
        """Write the new value."""
        self._old = self._write(ws, self.value)

    def revert(self, ws: Workspace) -> None:
        """Write the old value."""
        self._write(ws, self._old)


# ---------------------------------------------------------------- progress


class SetProgress(Step):
    """Write or delete the progress record of (node, period, unit); values None deletes it."""

    def __init__(self, plan_id: int, node_id: int, period: int, unit_id: int, values: dict[str, Any] | None) -> None:
        self.plan_id, self.key, self.values = plan_id, (node_id, period, unit_id), values
        self._old: dict[str, Any] | None = None

    def _write(self, ws: Workspace, values: dict[str, Any] | None) -> dict[str, Any] | None:
        row = ws.db.execute_sql(
            "SELECT status, text, date, updated FROM progress WHERE node_id = ? AND period = ? AND unit_id = ?",
            self.key,
        ).fetchone()
        old = dict(zip(("status", "text", "date", "updated"), row, strict=True)) if row else None
        if values is None:
            ws.db.execute_sql("DELETE FROM progress WHERE node_id = ? AND period = ? AND unit_id = ?", self.key)
        else:
            ws.db.execute_sql(
                "INSERT INTO progress (node_id, period, unit_id, status, text, date, updated) VALUES (?,?,?,?,?,?,?)"
                " ON CONFLICT(node_id, period, unit_id) DO UPDATE SET status = excluded.status,"
                " text = excluded.text, date = excluded.date, updated = excluded.updated",
                (*self.key, values["status"], values.get("text", ""), values.get("date"), values["updated"]),
            )
        ws.announce(ProgressChanged(self.plan_id, self.key[0]))
        return old

    def apply(self, ws: Workspace) -> None:
        """Write the new record."""
        self._old = self._write(ws, self.values)

    def revert(self, ws: Workspace) -> None:
        """Restore the old record (or its absence)."""
        self._write(ws, self._old)


class SetPeriodLock(Step):
    """Lock or unlock a review period of a plan."""

    def __init__(self, plan_id: int, period: int, locked: bool) -> None:
        self.plan_id, self.period, self.locked = plan_id, period, locked
        self._old: str | None = None

    def _write(self, ws: Workspace, locked_at: str | None) -> str | None:
        row = ws.db.execute_sql(
            "SELECT locked_at FROM period_lock WHERE plan_id = ? AND period = ?", (self.plan_id, self.period)
        ).fetchone()
        ws.db.execute_sql("DELETE FROM period_lock WHERE plan_id = ? AND period = ?", (self.plan_id, self.period))
        if locked_at is not None:
            ws.db.execute_sql(
                "INSERT INTO period_lock (plan_id, period, locked_at) VALUES (?,?,?)",
                (self.plan_id, self.period, locked_at),
            )
        ws.announce(ProgressChanged(self.plan_id))
        return row[0] if row else None

    def apply(self, ws: Workspace) -> None:
        """Lock or unlock."""
        stamp = dt.datetime.now().isoformat(timespec="seconds") if self.locked else None
        self._old = self._write(ws, stamp)

    def revert(self, ws: Workspace) -> None:
        """Restore the previous lock state."""
        self._write(ws, self._old)

"""Steps on a plan's content tree: insert, remove and move subtrees, change a node's fields."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any

from peewee import Database, Query

from planner.changes import NodeChanged, NodeMoved, NodesInserted, NodesRemoved
from planner.model import Node, Plan
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.steps.progress import progress_rows, restore_progress
from planner.store.rows import (
    chunks,
    first_free_id,
    insert_rows,
    insert_values,
    months_from_text,
    months_to_text,
    run,
    update_row,
)
from planner.store.schema import NodeRow, NodeUnitRow

NODE_FIELDS = ("title", "body", "numbered", "note", "months", "units", "merge_next", "source_id")
ROW_FIELDS = (
    NodeRow.id,
    NodeRow.plan,
    NodeRow.parent,
    NodeRow.position,
    NodeRow.level,
    NodeRow.title,
    NodeRow.body,
    NodeRow.numbered,
    NodeRow.note,
    NodeRow.months,
    NodeRow.merge_next,
    NodeRow.source_id,
    NodeRow.kpi,
    NodeRow.target,
)
UNIT_FIELDS = (NodeUnitRow.node, NodeUnitRow.unit, NodeUnitRow.position)


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


def preorder(snaps: list[dict]) -> list[dict]:
    """Return snapshots and their descendants in document order (the order rows are written)."""
    out: list[dict] = []
    stack = list(reversed(snaps))
    while stack:
        snap = stack.pop()
        out.append(snap)
        stack.extend(reversed(snap.get("children", [])))
    return out


def attach_kpis(db: Database, snaps: list[dict]) -> list[dict]:
    """Add the 衡量指標 and 目標值 of the nodes (kept in their rows only) to snapshots and their subtrees."""
    by_id = {snap["id"]: snap for snap in preorder(snaps) if snap.get("id") is not None}
    for chunk in chunks(list(by_id)):
        query = NodeRow.select(NodeRow.id, NodeRow.kpi, NodeRow.target).where(
            NodeRow.id.in_(chunk) & ((NodeRow.kpi != "") | (NodeRow.target != ""))
        )
        for node_id, kpi, target in db.execute(query).fetchall():
            by_id[node_id]["kpi"], by_id[node_id]["target"] = kpi, target
    return snaps


def node_from_snapshot(snap: dict, parent: Node | None, plan: Plan) -> Node:
    """Build a node and its subtree from a snapshot and register them in the plan."""
    node = Node(
        id=snap["id"],
        level=snap["level"],
        title=snap.get("title", ""),
        body=snap.get("body", ""),
        numbered=bool(snap.get("numbered", True)),
        note=snap.get("note", ""),
        units=list(snap.get("units", [])),
        months=list(snap.get("months", [])),
        merge_next=bool(snap.get("merge_next", False)),
        source_id=snap.get("source_id"),
        parent=parent,
    )
    plan.nodes[node.id] = node
    node.children = [node_from_snapshot(c, node, plan) for c in snap.get("children", [])]
    return node


def tree_rows(
    plan_id: int, parent_id: int | None, index: int, snaps: list[dict], fresh: Iterator[int] | None = None
) -> tuple[list[Any], list[Any]]:
    """Return the node rows (ROW_FIELDS) and node_unit rows (UNIT_FIELDS) of subtrees placed under parent_id.

    Each as one flat list of values, row after row (planner.store.rows.insert_values). Rows come in
    document order, each parent before its children (the order they are written and nodes_from_rows
    reads them). A snapshot without an id takes the next of fresh, so new ids ascend in document order;
    the id is written back into the snapshot. Flags are 0 or 1, not bools: the sqlite3 module binds an
    int as it is but looks up an adapter for a bool (two AttributeErrors raised and cleared), which made
    binding a 5,000-method plan's rows 8 % of applying it (callgrind).
    """
    values: list[Any] = []
    unit_values: list[Any] = []
    add, add_units = values.extend, unit_values.extend
    months_text: dict[tuple, str] = {}  # a plan uses a handful of month patterns: format each once

    def walk(kids: list[dict], parent: int | None, start: int) -> None:
        for position, snap in enumerate(kids, start):
            get = snap.get
            node_id = get("id")
            if node_id is None:
                if fresh is None:
                    raise ValueError("a node snapshot without an id and no fresh ids")
                node_id = snap["id"] = next(fresh)
            months = get("months")
            text = ""
            if months:
                key = tuple(months)
                text = months_text.get(key) or months_text.setdefault(key, months_to_text(months))
            add(
                (
                    node_id,
                    plan_id,
                    parent,
                    position,
                    snap["level"],
                    get("title", ""),
                    get("body", ""),
                    1 if get("numbered", True) else 0,
                    get("note", ""),
                    text,
                    1 if get("merge_next", False) else 0,
                    get("source_id"),
                    get("kpi", ""),
                    get("target", ""),
                )
            )
            for i, unit in enumerate(get("units") or ()):
                add_units((node_id, unit, i))
            children = get("children")
            if children:
                walk(children, node_id, 0)

    walk(snaps, parent_id, index)  # a tree is three levels deep: the recursion is too
    return values, unit_values


def nodes_from_rows(plan: Plan, values: list[Any], unit_values: list[Any]) -> list[Node]:
    """Build the nodes of a whole tree's rows (tree_rows' flat lists) into the plan's node map; return the 要項.

    The in-memory tree as load_plan would read these rows back, without reading them.
    """
    units: dict[int, list[int]] = {}
    given = iter(unit_values)
    for node_id, unit_id, _ in zip(given, given, given):  # in position order within each node
        found = units.get(node_id)
        if found is None:
            units[node_id] = [unit_id]
        else:
            found.append(unit_id)
    parsed: dict[str, list[int]] = {"": []}
    nodes = plan.nodes
    top: list[Node] = []
    rows = zip(*[iter(values)] * len(ROW_FIELDS))
    for node_id, _, parent_id, _, level, title, body, numbered, note, months, merge, source, _, _ in rows:
        pattern = parsed.get(months)
        if pattern is None:
            pattern = parsed[months] = months_from_text(months)
        parent = None if parent_id is None else nodes[parent_id]
        node = Node(
            node_id, level, title, body, bool(numbered), note, units.get(node_id, []), list(pattern), bool(merge),
            source, parent,
        )  # fmt: skip
        nodes[node_id] = node
        (top if parent is None else parent.children).append(node)
    return top


def write_node_rows(state: WorkspaceState, plan_id: int, parent_id: int | None, index: int, snaps: list[dict]) -> None:
    """Insert the rows of subtrees placed under parent_id from index on, in document order.

    A snapshot without an id gets a fresh one (written back into it), ascending in document order.
    """
    fresh = count(first_free_id(state.db, NodeRow))
    values, unit_values = tree_rows(plan_id, parent_id, index, snaps, fresh)
    insert_values(state.db, ROW_FIELDS, values)
    insert_values(state.db, UNIT_FIELDS, unit_values)


def _shift_top(delta: int, plan_id: int, start: int) -> Query:
    where = (NodeRow.plan == plan_id) & NodeRow.parent.is_null() & (NodeRow.position >= start)
    return NodeRow.update(position=NodeRow.position + delta).where(where)


def _shift_under(delta: int, plan_id: int, parent_id: int, start: int) -> Query:
    where = (NodeRow.plan == plan_id) & (NodeRow.parent == parent_id) & (NodeRow.position >= start)
    return NodeRow.update(position=NodeRow.position + delta).where(where)


def shift(state: WorkspaceState, plan_id: int, parent_id: int | None, start: int, delta: int) -> None:
    """Move the positions of the siblings at start and after by delta (no UNIQUE on positions)."""
    if parent_id is None:
        run(state.db, "node.shift_top", _shift_top, delta, plan_id, start)
    else:
        run(state.db, "node.shift_under", _shift_under, delta, plan_id, parent_id, start)


def delete_node_rows(state: WorkspaceState, plan_id: int, parent_id: int | None, index: int, ids: list[int]) -> None:
    """Delete sibling subtrees starting at index (children go by ON DELETE CASCADE) and close the gap."""
    for chunk in chunks(ids):
        NodeRow.delete().where(NodeRow.id.in_(chunk)).execute(state.db)
    shift(state, plan_id, parent_id, index + len(ids), -len(ids))


def _clear_units(node_id: int) -> Query:
    return NodeUnitRow.delete().where(NodeUnitRow.node == node_id)


class InsertNodes(Step):
    """Insert subtrees (snapshots) under a parent at an index."""

    def __init__(self, plan_id: int, parent_id: int | None, index: int, snaps: list[dict]) -> None:
        self.plan_id, self.parent_id, self.index, self.snaps = plan_id, parent_id, index, snaps
        self.progress: list[tuple] = []

    def apply(self, state: WorkspaceState) -> None:
        """Write the rows (new nodes get their ids) and build the nodes."""
        plan = state.plan_by_id(self.plan_id)
        shift(state, self.plan_id, self.parent_id, self.index, len(self.snaps))
        write_node_rows(state, self.plan_id, self.parent_id, self.index, self.snaps)
        restore_progress(state, self.progress)
        parent = plan.nodes[self.parent_id] if self.parent_id is not None else None
        siblings = plan.children_of(self.parent_id)
        with state.notify(NodesInserted(self.plan_id, self.parent_id, self.index, len(self.snaps))):
            siblings[self.index : self.index] = [node_from_snapshot(s, parent, plan) for s in self.snaps]

    def revert(self, state: WorkspaceState) -> None:
        """Remove what apply() inserted."""
        plan = state.plan_by_id(self.plan_id)
        siblings = plan.children_of(self.parent_id)
        removed = siblings[self.index : self.index + len(self.snaps)]
        self.snaps = attach_kpis(state.db, [node_snapshot(n) for n in removed])
        self.progress = progress_rows(state, [n.id for top in removed for n in top.walk()])
        delete_node_rows(state, self.plan_id, self.parent_id, self.index, [n.id for n in removed])
        with state.notify(NodesRemoved(self.plan_id, self.parent_id, self.index, len(removed))):
            del siblings[self.index : self.index + len(removed)]
            for top in removed:
                for node in top.walk():
                    plan.nodes.pop(node.id, None)


class RemoveNode(Step):
    """Remove a node with its subtree."""

    def __init__(self, plan_id: int, node_id: int) -> None:
        self.plan_id, self.node_id = plan_id, node_id
        self._inverse: InsertNodes | None = None

    def apply(self, state: WorkspaceState) -> None:
        """Capture the subtree, then remove it."""
        plan = state.plan_by_id(self.plan_id)
        node = plan.nodes[self.node_id]
        parent_id = node.parent.id if node.parent else None
        self._inverse = InsertNodes(self.plan_id, parent_id, plan.index_of(node), [node_snapshot(node)])
        self._inverse.revert(state)

    def revert(self, state: WorkspaceState) -> None:
        """Put the subtree back with its ids."""
        assert self._inverse is not None
        self._inverse.apply(state)


class MoveNode(Step):
    """Move a node (with its subtree) to a parent and final index, shifting levels by delta."""

    def __init__(self, plan_id: int, node_id: int, parent_id: int | None, index: int, level_delta: int = 0) -> None:
        self.plan_id, self.node_id = plan_id, node_id
        self.parent_id, self.index, self.level_delta = parent_id, index, level_delta
        self._back: tuple[int | None, int] | None = None

    def _move(self, state: WorkspaceState, parent_id: int | None, index: int, delta: int) -> tuple[int | None, int]:
        plan = state.plan_by_id(self.plan_id)
        node = plan.nodes[self.node_id]
        src_parent_id = node.parent.id if node.parent else None
        src_index = plan.index_of(node)
        shift(state, self.plan_id, src_parent_id, src_index + 1, -1)
        update_row(state.db, NodeRow, node.id, {"position": -1})
        shift(state, self.plan_id, parent_id, index, 1)
        update_row(state.db, NodeRow, node.id, {"parent": parent_id, "position": index})
        if delta:
            ids = [n.id for n in node.walk()]
            for chunk in chunks(ids):
                NodeRow.update(level=NodeRow.level + delta).where(NodeRow.id.in_(chunk)).execute(state.db)
        change = NodeMoved(self.plan_id, node.id, src_parent_id, src_index, parent_id, index)
        with state.notify(change):
            plan.siblings(node).pop(src_index)
            new_parent = plan.nodes[parent_id] if parent_id is not None else None
            node.parent = new_parent
            plan.children_of(parent_id).insert(index, node)
            if delta:
                for n in node.walk():
                    n.level += delta
        return src_parent_id, src_index

    def apply(self, state: WorkspaceState) -> None:
        """Move the node."""
        self._back = self._move(state, self.parent_id, self.index, self.level_delta)

    def revert(self, state: WorkspaceState) -> None:
        """Move it back."""
        assert self._back is not None
        self._move(state, self._back[0], self._back[1], -self.level_delta)


class SetNodeFields(Step):
    """Change fields of one node (title, body, numbered, note, months, units, merge_next)."""

    def __init__(self, plan_id: int, node_id: int, values: dict[str, Any]) -> None:
        unknown = set(values) - set(NODE_FIELDS)
        if unknown:
            raise ValueError(f"unknown node fields: {unknown}")
        self.plan_id, self.node_id, self.values = plan_id, node_id, dict(values)
        self._old: dict[str, Any] = {}

    def _write(self, state: WorkspaceState, values: dict[str, Any]) -> dict[str, Any]:
        plan = state.plan_by_id(self.plan_id)
        node = plan.nodes[self.node_id]
        old = {k: (list(getattr(node, k)) if k in ("units", "months") else getattr(node, k)) for k in values}
        columns = {k: (months_to_text(v) if k == "months" else v) for k, v in values.items() if k != "units"}
        if columns:
            update_row(state.db, NodeRow, node.id, columns)
        if "units" in values:
            run(state.db, "node_unit.clear", _clear_units, node.id)
            insert_rows(state.db, UNIT_FIELDS, [(node.id, u, i) for i, u in enumerate(values["units"])])
        with state.notify(NodeChanged(self.plan_id, node.id, tuple(values))):
            for k, v in values.items():
                setattr(node, k, list(v) if k in ("units", "months") else v)
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new values."""
        self._old = self._write(state, self.values)

    def revert(self, state: WorkspaceState) -> None:
        """Write the old values."""
        self._write(state, self._old)

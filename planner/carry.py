"""Carry-over: in a copied plan, each method's final review status of last year (through node.source_id)."""

from __future__ import annotations

import logging

from peewee import fn

from planner.model import Node, Plan
from planner.progress import STATUSES
from planner.store.schema import NodeRow, ProgressRow
from planner.workspace import Workspace

log = logging.getLogger(__name__)

# the overall status of a method reported by several units: the least advanced one wins
_ORDER = ("late", "doing", "todo", "done", "na")


def source_plan_id(ws: Workspace, plan: Plan) -> int | None:
    """Return the id of the plan this one was copied from (through the plan's or a method's source link)."""
    if plan.source_plan_id is not None:
        return plan.source_plan_id
    linked = [m.source_id for m in plan.methods() if m.source_id is not None]
    if not linked:
        return None
    row = ws.db.execute(NodeRow.select(NodeRow.plan).where(NodeRow.id == linked[0])).fetchone()
    return row[0] if row else None


def carry_over_period(ws: Workspace, plan: Plan) -> int | None:
    """Return the source plan's last review month that has any record, None when there is none."""
    source = source_plan_id(ws, plan)
    if source is None:
        return None
    query = (
        ProgressRow.select(fn.MAX(ProgressRow.period))
        .join(NodeRow, on=(NodeRow.id == ProgressRow.node))
        .where(NodeRow.plan == source)
    )
    return ws.db.execute(query).fetchone()[0]


def carry_over(ws: Workspace, plan: Plan, nodes: list[Node] | None = None) -> dict[int, tuple[str, str]]:
    """Return {method id: (status code, text)} from last year's final review month, for copied methods."""
    period = carry_over_period(ws, plan)
    if period is None:
        return {}
    methods = nodes if nodes is not None else plan.methods()
    by_source = {m.source_id: m.id for m in methods if m.is_method and m.source_id is not None}
    if not by_source:
        return {}
    query = (
        ProgressRow.select(ProgressRow.node, ProgressRow.unit, ProgressRow.status, ProgressRow.text)
        .where((ProgressRow.period == period) & ProgressRow.node.in_(list(by_source)))
        .order_by(ProgressRow.node, ProgressRow.unit)
    )
    found: dict[int, list[tuple[int, str, str]]] = {}
    for source, unit_id, status, text in ws.db.execute(query):
        found.setdefault(by_source[source], []).append((unit_id, status, text))
    out: dict[int, tuple[str, str]] = {}
    for node_id, rows in found.items():
        status = min((s for _, s, _ in rows), key=_ORDER.index)
        if len(rows) == 1:
            text = rows[0][2]
        else:
            names = dict(
                zip((u for u, _, _ in rows), ws.unit_names([u for u, _, _ in rows], plan.year - 1), strict=True)
            )
            text = "；".join(f"{names[u]}：{t}" for u, _, t in rows if t)
        out[node_id] = (status, text)
    return out


def carry_over_line(ws: Workspace, plan: Plan, node: Node) -> str:
    """Return 「去年最後查核：辦理中（12月）」 for a copied method with a record, else ""."""
    if not node.is_method or node.source_id is None:
        return ""
    found = carry_over(ws, plan, [node]).get(node.id)
    if found is None:
        return ""
    period = carry_over_period(ws, plan)
    status, text = found
    return f"去年最後查核：{STATUSES[status]}（{period}月）" + (f"　{text}" if text else "")

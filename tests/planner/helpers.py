"""Helpers shared by library tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from planner.model import Plan
from planner.steps import plan_snapshot
from planner.workspace import Workspace

# The outline of build_small's plan.
START = [
    "一、甲",
    "  (一)甲一",
    "    1.m1",
    "    2.m2",
    "  (二)甲二",
    "    1.m3",
    "二、乙",
    "  (一)乙一",
    "    1.m4",
    "    2.m5",
]


def by_title(plan: Plan, title: str):
    """Return the first node with a title."""
    return next(n for n in plan.walk() if n.title == title)


def outline(plan: Plan) -> list[str]:
    """Return every node as 'label title', indented by level."""
    labels = plan.numbering()
    return ["  " * (n.level - 1) + labels[n.id] + n.title for n in plan.walk()]


def reloaded(ws: Workspace, plan: Plan) -> dict:
    """Return a snapshot of the plan as stored in the file (cache dropped)."""
    ws.forget_plan(plan.id)
    return plan_snapshot(ws.plan_by_id(plan.id))


def build_small(ws: Workspace, year: int = 114) -> Plan:
    """Create a plan with two 要項, three 重點 and five methods."""
    from planner import operations as ops
    from planner.plans import create_plan

    plan = create_plan(ws, year)
    a = ops.add_node(ws, plan, None, title="甲")
    b = ops.add_node(ws, plan, None, title="乙")
    a1 = ops.add_child(ws, plan, a.id, "甲一")
    a2 = ops.add_child(ws, plan, a.id, "甲二")
    b1 = ops.add_child(ws, plan, b.id, "乙一")
    for parent, titles in ((a1, ["m1", "m2"]), (a2, ["m3"]), (b1, ["m4", "m5"])):
        for t in titles:
            ops.add_child(ws, plan, parent.id, t)
    ws.clear_history()
    return plan


@contextmanager
def counted_sql(ws) -> Iterator[list[str]]:
    """Record every SQL statement the workspace connection runs inside the block."""
    calls: list[str] = []
    original = ws.db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        calls.append(sql)
        return original(sql, params, *args, **kwargs)

    ws.db.execute_sql = counting
    try:
        yield calls
    finally:
        del ws.db.execute_sql

"""A method's 衡量指標 and 目標值 survive delete/undo/redo, copy and paste, and copying the plan to a new year."""

from __future__ import annotations

from planner import operations as ops
from planner.kpi import Kpi, kpi_of, plan_kpis, set_kpi
from planner.numerals import METHOD
from planner.plans import copy_plan_to_year, delete_plan
from planner.workspace import open_workspace


def _measured(ws, plan):
    """Give two methods a KPI; return them."""
    methods = [n for n in plan.nodes.values() if n.level == METHOD][:2]
    set_kpi(ws, plan, methods[0].id, kpi="推廣活動場次", target="12 場")
    set_kpi(ws, plan, methods[1].id, kpi="滿意度", target="90%")
    return methods


def _reopened_kpis(ws, year):
    """Return the plan's KPIs as read from the file by a second connection."""
    other = open_workspace(ws.path, read_only=True, backup=False)
    try:
        return plan_kpis(other, other.plan(year))
    finally:
        other.close()


def test_delete_undo_redo_keeps_kpi(demo_ws):
    plan = demo_ws.plan(115)
    first, second = _measured(demo_ws, plan)
    before = plan_kpis(demo_ws, plan)
    ops.delete_node(demo_ws, plan, first.id)
    assert first.id not in plan_kpis(demo_ws, plan)
    demo_ws.undo()
    assert plan_kpis(demo_ws, plan) == before
    assert kpi_of(demo_ws, first.id) == Kpi("推廣活動場次", "12 場")
    demo_ws.redo()
    assert first.id not in plan_kpis(demo_ws, plan) and second.id in plan_kpis(demo_ws, plan)
    demo_ws.undo()
    focus = first.parent
    ops.delete_node(demo_ws, plan, focus.id)  # a 重點 with its methods
    demo_ws.undo()
    assert _reopened_kpis(demo_ws, 115) == before


def test_copy_paste_carries_kpi(demo_ws):
    plan = demo_ws.plan(115)
    first, _ = _measured(demo_ws, plan)
    data = ops.copy_subtrees(demo_ws, plan, [first.id])
    pasted = ops.paste_subtrees(demo_ws, plan, data, first.parent.id)
    assert kpi_of(demo_ws, pasted[0].id) == Kpi("推廣活動場次", "12 場")
    demo_ws.undo()
    assert pasted[0].id not in plan_kpis(demo_ws, plan)


def test_copy_year_copies_kpi(demo_ws):
    plan = demo_ws.plan(115)
    first, second = _measured(demo_ws, plan)
    new = copy_plan_to_year(demo_ws, 115, 116)
    by_source = {n.source_id: n.id for n in new.nodes.values()}
    expected = {by_source[first.id]: Kpi("推廣活動場次", "12 場"), by_source[second.id]: Kpi("滿意度", "90%")}
    assert plan_kpis(demo_ws, new) == expected
    assert _reopened_kpis(demo_ws, 116) == expected
    assert plan_kpis(demo_ws, plan)[first.id] == Kpi("推廣活動場次", "12 場")  # the source keeps its own
    demo_ws.undo()
    demo_ws.redo()
    assert plan_kpis(demo_ws, demo_ws.plan(116)) == expected


def test_delete_plan_undo_keeps_kpi(demo_ws):
    plan = demo_ws.plan(115)
    _measured(demo_ws, plan)
    before = plan_kpis(demo_ws, plan)
    delete_plan(demo_ws, 115)
    assert not demo_ws.has_plan(115)
    demo_ws.undo()
    assert plan_kpis(demo_ws, demo_ws.plan(115)) == before
    assert _reopened_kpis(demo_ws, 115) == before

"""Carry-over: a copied plan's methods show last year's final review status."""

from __future__ import annotations

from planner.carry import carry_over, carry_over_line, carry_over_period
from planner.plans import copy_plan_to_year
from planner.progress import set_progress
from planner.workspace import Workspace


def test_copied_methods_show_last_years_final_review(demo_ws: Workspace) -> None:
    old = demo_ws.plan(115)
    by_id = old.nodes
    six, seven, eight = by_id[6], by_id[7], by_id[8]
    set_progress(demo_ws, old, six.id, 6, 2, "doing", "規劃中")
    set_progress(demo_ws, old, six.id, 12, 2, "done", "已辦理 3 場")
    set_progress(demo_ws, old, seven.id, 12, 2, "done", "完成")
    set_progress(demo_ws, old, seven.id, 12, 4, "late", "廠商延遲")
    set_progress(demo_ws, old, eight.id, 6, 1, "doing", "只有 6 月")
    new = copy_plan_to_year(demo_ws, 115, 116)
    assert carry_over_period(demo_ws, new) == 12
    copies = {m.source_id: m.id for m in new.methods()}
    names = dict(zip((2, 4), demo_ws.unit_names([2, 4], 115), strict=True))
    assert carry_over(demo_ws, new) == {
        copies[six.id]: ("done", "已辦理 3 場"),
        copies[seven.id]: ("late", f"{names[2]}：完成；{names[4]}：廠商延遲"),
    }
    assert carry_over_line(demo_ws, new, new.nodes[copies[six.id]]) == "去年最後查核：已完成（12月）　已辦理 3 場"
    assert carry_over_line(demo_ws, new, new.nodes[copies[eight.id]]) == ""  # nothing in December
    assert carry_over(demo_ws, old) == {} and carry_over_period(demo_ws, old) is None  # not a copy

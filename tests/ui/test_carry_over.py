"""The detail form's 去年最後查核 line for a copied method."""

from __future__ import annotations

from planner.plans import copy_plan_to_year
from planner.progress import set_progress
from tests.ui.helpers import make_window


def test_detail_form_shows_last_years_final_review(qtbot, demo_ws, settings, dialog_log):
    old = demo_ws.plan(115)
    method = old.nodes[6]
    set_progress(demo_ws, old, method.id, 12, 2, "doing", "持續辦理")
    copy_plan_to_year(demo_ws, 115, 116)
    window = make_window(qtbot, settings, demo_ws)
    assert window.plan.year == 116
    copies = {m.source_id: m.id for m in window.plan.methods()}
    assert window.tree.select_node(copies[method.id])
    assert window.form.carry.text() == "去年最後查核：辦理中（12月）　持續辦理"
    assert window.form.carry.isVisibleTo(window.form)
    assert window.tree.select_node(copies[11])  # copied, but nothing recorded last December
    assert window.form.carry.text() == "" and not window.form.carry.isVisibleTo(window.form)

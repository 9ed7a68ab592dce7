"""The bulk edit of units and review months: set, add, remove, a 重點 meaning its methods, undo/redo."""

from __future__ import annotations

import pytest

from planner import operations as ops
from planner.bulk import ADD, REMOVE, SET, ListChange, bulk_edit, selected_methods
from planner.changes import AFTER, NodeChanged
from planner.errors import OperationRefused
from planner.steps import plan_snapshot
from planner.units import ALL_UNITS, add_unit, retire_unit
from tests.planner.helpers import build_small, by_title, reloaded


def lists(plan) -> dict[str, tuple[list[int], list[int]]]:
    """Return every method's (units, months) by title."""
    return {m.title: (list(m.units), list(m.months)) for m in plan.methods()}


def prepared(ws):
    """Return a small plan whose methods already have some units and months, history cleared."""
    plan = build_small(ws)
    admin, teach, guide = (u.id for u in ws.units())
    ops.set_units(ws, plan, by_title(plan, "m1").id, [teach, admin])
    ops.set_months(ws, plan, by_title(plan, "m1").id, [6])
    ops.set_units(ws, plan, by_title(plan, "m2").id, [guide])
    ops.set_months(ws, plan, by_title(plan, "m4").id, [3, 12])
    ws.clear_history()
    return plan, (admin, teach, guide)


def test_set_months_of_five_methods_is_one_edit_and_undo_restores_exactly(ws):
    plan, _ = prepared(ws)
    before, stored = lists(plan), reloaded(ws, plan)
    plan = ws.plan(114)
    result = bulk_edit(ws, plan, [m.id for m in plan.methods()], months=ListChange(SET, (9, 3)))
    assert (result.methods, result.changed) == (5, 5)
    assert result.message() == "已修改 5 個方法的查核月份"
    assert [m.months for m in plan.methods()] == [[3, 9]] * 5
    assert len(ws.undo_stack) == 1 and ws.undo_text == "批次修改 5 個方法的查核月份"
    assert plan_snapshot(plan) == reloaded(ws, plan)
    plan = ws.plan(114)
    ws.undo()
    assert lists(plan) == before
    assert reloaded(ws, plan) == stored
    plan = ws.plan(114)
    ws.redo()
    assert [m.months for m in plan.methods()] == [[3, 9]] * 5
    assert plan_snapshot(plan) == reloaded(ws, plan)


def test_add_units_keeps_each_methods_order_and_skips_those_already_having_them(ws):
    plan, (admin, teach, guide) = prepared(ws)
    m1, m2 = by_title(plan, "m1"), by_title(plan, "m2")
    result = bulk_edit(ws, plan, [m1.id, m2.id], units=ListChange(ADD, (admin, guide)))
    assert m1.units == [teach, admin, guide]  # admin was there: not repeated, order kept
    assert m2.units == [guide, admin]
    assert (result.methods, result.changed) == (2, 2)
    result = bulk_edit(ws, plan, [m1.id, m2.id], units=ListChange(ADD, (guide,)))
    assert result.changed == 0 and "原本就是這樣" in result.message()
    assert len(ws.undo_stack) == 1  # the no-op made no edit
    ws.undo()
    assert (m1.units, m2.units) == ([teach, admin], [guide])


def test_remove_units_and_months(ws):
    plan, (admin, teach, _) = prepared(ws)
    ids = [m.id for m in plan.methods()]
    result = bulk_edit(ws, plan, ids, units=ListChange(REMOVE, (admin,)), months=ListChange(REMOVE, (12,)))
    assert by_title(plan, "m1").units == [teach]
    assert by_title(plan, "m4").months == [3]
    assert (
        result.changed == 2 and result.message() == "已修改 2 個方法的業務單位與查核月份（選取 5 個，其餘原本就相同）"
    )
    assert plan_snapshot(plan) == reloaded(ws, plan)


def test_a_focus_or_item_means_all_its_methods(ws):
    plan, (admin, _, _) = prepared(ws)
    focus, item = by_title(plan, "甲一"), by_title(plan, "乙")
    result = bulk_edit(ws, plan, [focus.id, item.id], units=ListChange(SET, (admin,)))
    assert result.methods == 4
    assert {t: u for t, (u, _) in lists(plan).items()} == {
        "m1": [admin],
        "m2": [admin],
        "m3": [],
        "m4": [admin],
        "m5": [admin],
    }


def test_methods_chosen_below_a_chosen_focus_narrow_it(ws):
    plan, _ = prepared(ws)
    ids = [by_title(plan, t).id for t in ("乙", "甲一", "m2", "甲")]
    # 甲 has m2 chosen below it and so has 甲一: both mean m2 only; 乙 means m4 and m5
    assert [m.title for m in selected_methods(plan, ids)] == ["m2", "m4", "m5"]
    ids = [by_title(plan, t).id for t in ("甲", "甲一")]  # no method chosen: the 要項 means all three
    assert [m.title for m in selected_methods(plan, ids)] == ["m1", "m2", "m3"]


def test_each_changed_method_is_announced(ws):
    plan, (admin, _, _) = prepared(ws)
    seen: list[NodeChanged] = []
    ws.subscribe(
        lambda phase, change: seen.append(change) if phase == AFTER and isinstance(change, NodeChanged) else None
    )
    bulk_edit(ws, plan, [by_title(plan, "甲").id], units=ListChange(SET, (admin,)))
    assert [c.node_id for c in seen] == [by_title(plan, t).id for t in ("m1", "m2", "m3")]
    assert all(c.fields == ("units",) for c in seen)


def test_all_units_is_a_normal_choice(ws):
    plan, _ = prepared(ws)
    everyone = add_unit(ws, ALL_UNITS)
    bulk_edit(ws, plan, [by_title(plan, "甲二").id], units=ListChange(SET, (everyone.id,)))
    assert by_title(plan, "m3").units == [everyone.id]
    assert ws.unit_names(by_title(plan, "m3").units) == ["各課室"]


@pytest.mark.parametrize(
    ("units", "months", "message"),
    [
        (None, None, "請選擇要修改"),
        (ListChange(SET, ()), None, "至少要勾選一個單位"),
        (ListChange(ADD, ()), None, "請至少勾選一個"),
        (None, ListChange(REMOVE, ()), "請至少勾選一個"),
        (None, ListChange(SET, (13,)), "1 到 12 月"),
        (ListChange(SET, (999,)), None, "單位不存在"),
        (ListChange("swap", (1,)), None, "不明的修改方式"),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(ws, units, months, message):
    plan, _ = prepared(ws)
    before = lists(plan)
    with pytest.raises(OperationRefused, match=message):
        bulk_edit(ws, plan, [m.id for m in plan.methods()], units=units, months=months)
    assert lists(plan) == before and ws.undo_text is None


def test_retired_units_cannot_be_given_but_can_be_removed(ws):
    plan, (admin, teach, _) = prepared(ws)
    retire_unit(ws, admin)
    m1 = by_title(plan, "m1")
    with pytest.raises(OperationRefused, match="已停用"):
        bulk_edit(ws, plan, [m1.id], units=ListChange(ADD, (admin,)))
    bulk_edit(ws, plan, [m1.id], units=ListChange(REMOVE, (admin,)))
    assert m1.units == [teach]


def test_a_selection_without_methods_is_refused(ws):
    plan, (admin, _, _) = prepared(ws)
    empty = ops.add_node(ws, plan, None, title="空")
    with pytest.raises(OperationRefused, match="沒有任何方法"):
        bulk_edit(ws, plan, [empty.id], units=ListChange(SET, (admin,)))
    with pytest.raises(OperationRefused, match="找不到"):
        bulk_edit(ws, plan, [987654], units=ListChange(SET, (admin,)))


def test_a_large_bulk_edit_undoes_and_redoes_from_the_file(ws):
    plan = build_small(ws)
    focus = by_title(plan, "甲二")
    for i in range(300):
        ops.add_child(ws, plan, focus.id, f"x{i}")
    ws.clear_history()
    admin, teach, _ = (u.id for u in ws.units())
    stored = reloaded(ws, plan)
    plan = ws.plan(114)
    bulk_edit(
        ws, plan, [by_title(plan, "甲二").id], units=ListChange(SET, (teach, admin)), months=ListChange(ADD, (6,))
    )
    assert all(m.units == [teach, admin] and m.months == [6] for m in by_title(plan, "甲二").methods())
    after = reloaded(ws, plan)
    plan = ws.plan(114)
    ws.undo()
    assert reloaded(ws, plan) == stored
    plan = ws.plan(114)
    ws.redo()
    assert reloaded(ws, plan) == after

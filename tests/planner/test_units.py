import pytest

from planner import operations as ops
from planner.errors import OperationRefused
from planner.plans import add_milestone
from planner.steps import plan_snapshot
from planner.units import add_unit, merge_units, move_unit, rename_unit, retire_unit, unit_usage
from tests.planner.helpers import build_small, reloaded


def names(ws, retired=False):
    return [u.name for u in ws.units(include_retired=retired)]


def test_add_rename_reorder_with_undo(ws):
    add_unit(ws, "  會計室 ")
    assert names(ws) == ["行政課", "教務課", "輔導課", "會計室"]
    rename_unit(ws, ws.unit_by_name("教務課").id, "教學課")
    move_unit(ws, ws.unit_by_name("會計室").id, 0)
    assert names(ws) == ["會計室", "行政課", "教學課", "輔導課"]
    assert ws.undo_text == "調整單位「會計室」順序"
    ws.undo()
    ws.undo()
    assert names(ws) == ["行政課", "教務課", "輔導課", "會計室"]
    ws.redo()
    ws.redo()
    ws.close()
    from planner.workspace import open_workspace

    again = open_workspace(ws.path)
    try:
        assert names(again) == ["會計室", "行政課", "教學課", "輔導課"]
    finally:
        again.close()


@pytest.mark.parametrize("bad", ["", "  ", "行政課", "甲、乙", "a,b", "推廣 服務課", "甲/乙", "甲；乙", "甲\n乙"])
def test_bad_unit_names_refused(ws, bad):
    with pytest.raises(OperationRefused):
        add_unit(ws, bad)
    assert len(ws.unit_list) == 3


def test_retire_keeps_assignments_and_hides_unit(ws):
    plan = build_small(ws)
    m1 = next(m for m in plan.methods() if m.title == "m1")
    unit = ws.unit_by_name("輔導課")
    ops.set_units(ws, plan, m1.id, [unit.id])
    retire_unit(ws, unit.id)
    assert names(ws) == ["行政課", "教務課"]
    assert names(ws, retired=True) == ["行政課", "教務課", "輔導課"]
    assert m1.units == [unit.id]
    assert ws.unit_names(m1.units) == ["輔導課"]
    ws.undo()
    assert names(ws) == ["行政課", "教務課", "輔導課"]


def test_merge_moves_assignments_in_every_plan_and_undoes(ws):
    p1 = build_small(ws, 114)
    p2 = build_small(ws, 115)
    adm, edu, gui = (ws.unit_by_name(n).id for n in ("行政課", "教務課", "輔導課"))
    m = {p: {n.title: n for n in p.methods()} for p in (p1, p2)}
    ops.set_units(ws, p1, m[p1]["m1"].id, [gui, adm])
    ops.set_units(ws, p1, m[p1]["m2"].id, [adm, gui, edu])
    ops.set_units(ws, p2, m[p2]["m4"].id, [gui])
    milestone = add_milestone(ws, p2, 6, "自行檢核", unit_id=gui)
    before1, before2 = plan_snapshot(p1), plan_snapshot(p2)
    assert unit_usage(ws, gui) == {114: 2, 115: 1}
    assert merge_units(ws, gui, adm) == 3
    assert ws.undo_text == "合併單位「輔導課」到「行政課」"
    assert names(ws) == ["行政課", "教務課"]
    assert m[p1]["m1"].units == [adm]
    assert m[p1]["m2"].units == [adm, edu]
    assert m[p2]["m4"].units == [adm]
    assert milestone.unit_id == adm
    assert reloaded(ws, p1) == plan_snapshot(ws.plan(114))
    p1, p2 = ws.plan(114), ws.plan(115)
    ws.undo()
    assert names(ws) == ["行政課", "教務課", "輔導課"]
    assert plan_snapshot(p1) == before1 and plan_snapshot(p2) == before2
    assert reloaded(ws, p1) == before1 and reloaded(ws, p2) == before2


def test_merge_into_itself_refused(ws):
    with pytest.raises(OperationRefused):
        merge_units(ws, ws.units()[0].id, ws.units()[0].id)

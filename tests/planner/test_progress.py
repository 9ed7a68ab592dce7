import datetime as dt

import pytest

from planner import operations as ops
from planner.calendar import build_calendar, counts_by_unit
from planner.errors import OperationRefused
from planner.plans import copy_plan_to_year, delete_plan
from planner.progress import clear_progress, locked_periods, records, set_locked, set_progress
from planner.units import merge_units
from tests.planner.helpers import build_small


@pytest.fixture
def plan(ws):
    plan = build_small(ws)
    adm, edu, _ = (u.id for u in ws.units())
    m = {n.title: n for n in plan.methods()}
    ops.set_units(ws, plan, m["m1"].id, [adm, edu])
    ops.set_months(ws, plan, m["m1"].id, [6, 12])
    ops.set_units(ws, plan, m["m2"].id, [edu])
    ops.set_months(ws, plan, m["m2"].id, [6])
    ws.clear_history()
    return plan


def method(plan, title):
    return next(n for n in plan.methods() if n.title == title)


def test_record_edit_clear_and_undo(ws, plan):
    adm = ws.units()[0].id
    m1 = method(plan, "m1")
    rec = set_progress(ws, plan, m1.id, 6, adm, "doing", "  已完成初稿  ", "2025-06-20")
    assert (rec.status_name, rec.text) == ("辦理中", "已完成初稿")
    set_progress(ws, plan, m1.id, 6, adm, "done", "完成")
    assert records(ws, plan)[(m1.id, 6, adm)].status == "done"
    clear_progress(ws, plan, m1.id, 6, adm)
    assert records(ws, plan) == {}
    ws.undo()
    assert records(ws, plan)[(m1.id, 6, adm)].text == "完成"
    ws.undo()
    assert records(ws, plan)[(m1.id, 6, adm)].text == "已完成初稿"
    ws.undo()
    assert records(ws, plan) == {}


def test_record_rules(ws, plan):
    adm, _edu, _gui = (u.id for u in ws.units())
    m1, m2 = method(plan, "m1"), method(plan, "m2")
    with pytest.raises(OperationRefused, match="不含 3月"):
        set_progress(ws, plan, m1.id, 3, adm, "done")
    with pytest.raises(OperationRefused, match="業務單位"):
        set_progress(ws, plan, m2.id, 6, adm, "done")
    with pytest.raises(OperationRefused, match="辦理狀態"):
        set_progress(ws, plan, m1.id, 6, adm, "finished")
    with pytest.raises(OperationRefused, match="日期"):
        set_progress(ws, plan, m1.id, 6, adm, "done", date="2025/6/1")
    with pytest.raises(OperationRefused, match="只有方法"):
        set_progress(ws, plan, m1.parent.id, 6, adm, "done")


def test_locked_period_refuses_edits(ws, plan):
    adm = ws.units()[0].id
    m1 = method(plan, "m1")
    set_progress(ws, plan, m1.id, 6, adm, "done")
    set_locked(ws, plan, 6)
    assert locked_periods(ws, plan) == {6}
    with pytest.raises(OperationRefused, match="已鎖定"):
        set_progress(ws, plan, m1.id, 6, adm, "doing")
    with pytest.raises(OperationRefused, match="已鎖定"):
        clear_progress(ws, plan, m1.id, 6, adm)
    set_progress(ws, plan, m1.id, 12, adm, "doing")
    ws.undo()
    ws.undo()
    assert locked_periods(ws, plan) == set()
    set_progress(ws, plan, m1.id, 6, adm, "doing")


def test_delete_method_and_plan_undo_restore_progress(ws, plan):
    adm = ws.units()[0].id
    m1 = method(plan, "m1")
    set_progress(ws, plan, m1.id, 6, adm, "done", "好")
    set_locked(ws, plan, 12)
    before = records(ws, plan)
    ops.delete_node(ws, plan, m1.parent.parent.id)
    assert records(ws, plan) == {}
    ws.undo()
    assert records(ws, plan) == before
    delete_plan(ws, 114)
    ws.undo()
    again = ws.plan(114)
    assert records(ws, again) == before
    assert locked_periods(ws, again) == {12}


def test_copy_year_clears_progress(ws, plan):
    adm = ws.units()[0].id
    set_progress(ws, plan, method(plan, "m1").id, 6, adm, "done")
    new = copy_plan_to_year(ws, 114, 115)
    assert records(ws, new) == {}
    assert len(records(ws, plan)) == 1


def test_merge_units_carries_progress(ws, plan):
    adm, edu, _ = (u.id for u in ws.units())
    m1, m2 = method(plan, "m1"), method(plan, "m2")
    set_progress(ws, plan, m1.id, 6, adm, "done", "行政")
    set_progress(ws, plan, m1.id, 6, edu, "doing", "教務")
    set_progress(ws, plan, m2.id, 6, edu, "na", "不適用")
    before = records(ws, plan)
    merge_units(ws, edu, adm)
    after = records(ws, plan)
    assert after[(m1.id, 6, adm)].text == "行政"
    assert after[(m2.id, 6, adm)].text == "不適用"
    assert all(k[2] == adm for k in after)
    ws.undo()
    assert records(ws, plan) == before


def test_calendar_counts_and_overdue(ws, plan):
    adm, edu, _ = (u.id for u in ws.units())
    m1 = method(plan, "m1")
    set_progress(ws, plan, m1.id, 6, adm, "done")
    months = build_calendar(ws, plan, today=dt.date(2025, 7, 15))
    assert [len(m.due) for m in months] == [0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2]
    june = months[5]
    assert june.reported == 1 and june.overdue == 2
    assert months[11].overdue == 0 and months[6].is_current
    assert [ms.title for ms in june.milestones] == ["自行檢核表"]
    assert counts_by_unit(months)[6] == {adm: 1, edu: 2}
    only_adm = build_calendar(ws, plan, today=dt.date(2025, 7, 15), unit_id=adm)
    assert [len(m.due) for m in only_adm][5] == 1

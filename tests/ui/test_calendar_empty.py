"""The calendar says why a month lists nothing: no method due, or methods without units or months."""

from __future__ import annotations

from planner import operations as ops
from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import make_window, trigger
from ui.calendar.empty_month import empty_reason


def by_title(plan, title):
    return next(n for n in plan.walk() if n.title == title)


def test_an_empty_month_says_why(qtbot, ws, settings, dialog_log):
    plan = small_plan(ws)
    units = {u.name: u.id for u in ws.units()}
    ops.set_months(ws, plan, by_title(plan, "m1").id, [3])
    ops.set_months(ws, plan, by_title(plan, "m2").id, [3])
    ops.set_units(ws, plan, by_title(plan, "m2").id, [units["行政課"]])
    window = make_window(qtbot, settings, ws)
    trigger(window, "calendar_page")
    page = window.calendar
    note = page.empty_note

    page.select_month(3)
    assert not note.isVisible()  # m2 is due for 行政課
    page.select_month(5)
    assert note.isVisible()
    assert note.text() == "本月沒有需查核的方法：沒有方法把 5月 設為查核月份。另有 3 個方法尚未設定查核月份。"

    page.choose_unit(units["教務課"])
    page.select_month(3)
    assert note.isVisible()
    assert note.text() == (
        "「教務課」3月沒有需查核的方法（其他單位有 1 個）。"
        "另有 1 個方法尚未指定業務單位。另有 3 個方法尚未設定查核月份。"
    )

    page.choose_unit(None)
    ops.set_units(ws, plan, by_title(plan, "m2").id, [])
    page.select_month(3)
    qtbot.waitUntil(lambda: note.isVisible(), timeout=2000)
    assert note.text().startswith("3月有 2 個方法尚未指定業務單位，指定單位後才會列在這裡。")


def test_reason_of_a_plan_without_methods(ws):
    from planner.plans import create_plan

    plan = create_plan(ws, 115)
    assert empty_reason(plan, 1).startswith("計畫還沒有任何方法")

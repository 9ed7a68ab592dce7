"""iCalendar export of the review calendar: parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from planner.errors import BadInput
from planner.export.ics import export_ics, last_working_day
from planner.export.scope import Scope, scope_for
from planner.plans import add_milestone, create_plan


def events(path):
    cal = Calendar.from_ical(path.read_bytes())
    return cal, [c for c in cal.walk("VEVENT")]


def due_pairs(plan, unit_ids=None):
    return {
        (month, unit)
        for m in plan.methods()
        for month in m.months
        for unit in m.units
        if unit_ids is None or unit in unit_ids
    }


def test_last_working_day():
    assert last_working_day(2026, 5) == dt.date(2026, 5, 29)  # 31 May 2026 is a Sunday
    assert last_working_day(2026, 6) == dt.date(2026, 6, 30)
    assert last_working_day(2026, 2) == dt.date(2026, 2, 27)


def test_demo_calendar(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    out = export_ics(demo_ws, plan, tmp_path / "查核.ics")
    cal, evs = events(out)
    assert str(cal["X-WR-CALNAME"]) == "115年度提升服務工作計畫"
    assert "Planner" in str(cal["PRODID"]) and str(cal["VERSION"]) == "2.0"
    pairs = due_pairs(plan)
    assert len(evs) == len(pairs) + len(plan.milestones)
    reviews = [e for e in evs if str(e["SUMMARY"]).startswith("查核：")]
    assert len(reviews) == len(pairs)
    labels = plan.numbering()
    for event in reviews:
        assert "DTSTAMP" in event
        uid = str(event["UID"])
        _, plan_id, month, unit_id = uid.split("@")[0].split("-")
        month, unit_id = int(month), int(unit_id)
        assert int(plan_id) == plan.id and (month, unit_id) in pairs
        start = event.decoded("DTSTART")
        assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
        assert start == last_working_day(2026, month)
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        due = [m for m in plan.methods() if month in m.months and unit_id in m.units]
        unit = demo_ws.unit(unit_id).name
        assert str(event["SUMMARY"]) == f"查核：{unit} 115年{month}月 — {len(due)} 項方法"
        text = str(event["DESCRIPTION"])
        for method in due:
            assert labels[method.id] in text
        assert len(text.splitlines()) == len(due) + 1
    june = next(e for e in reviews if str(e["SUMMARY"]).startswith("查核：推廣課 115年6月"))
    assert "一、(二)1.服務資訊圖像化" in str(june["DESCRIPTION"])


def test_milestones_on_their_day_or_month_end(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    add_milestone(demo_ws, plan, 6, "月底無日期的事項")
    add_milestone(demo_ws, plan, 6, "六月三十一日", day=31)
    out = export_ics(demo_ws, plan, tmp_path / "查核.ics")
    _, evs = events(out)
    by_title = {str(e["SUMMARY"]): e for e in evs}
    assert by_title["各課室送自行檢核表"].decoded("DTSTART") == dt.date(2026, 6, 30)
    assert by_title["年度執行成果彙送"].decoded("DTSTART") == dt.date(2026, 12, 15)
    assert by_title["第一季為民服務推動小組會議（秘書室）"].decoded("DTSTART") == dt.date(2026, 3, 31)
    assert by_title["月底無日期的事項"].decoded("DTSTART") == dt.date(2026, 6, 30)
    assert by_title["六月三十一日"].decoded("DTSTART") == dt.date(2026, 6, 30)
    uids = [str(e["UID"]) for e in evs]
    assert len(set(uids)) == len(uids)


def test_uids_are_stable(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    first = [str(e["UID"]) for e in events(export_ics(demo_ws, plan, tmp_path / "a.ics"))[1]]
    second = [str(e["UID"]) for e in events(export_ics(demo_ws, plan, tmp_path / "b.ics"))[1]]
    assert first == second


def test_unit_scope(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    scope = scope_for(demo_ws, plan, unit="推廣課")
    out = export_ics(demo_ws, plan, tmp_path / "推廣課.ics", scope)
    _, evs = events(out)
    unit = demo_ws.unit_by_name("推廣課").id
    reviews = [e for e in evs if str(e["SUMMARY"]).startswith("查核：")]
    assert len(reviews) == len(due_pairs(plan, {unit}))
    assert all("推廣課" in str(e["SUMMARY"]) for e in reviews)
    milestones = [e for e in evs if not str(e["SUMMARY"]).startswith("查核：")]
    assert len(milestones) == sum(1 for m in plan.milestones if m.unit_id is None)


def test_errors(ws, demo_ws, tmp_path):
    plan = create_plan(ws, 114)
    with pytest.raises(BadInput, match="副檔名"):
        export_ics(demo_ws, demo_ws.plan(115), tmp_path / "a.ical")
    with pytest.raises(BadInput, match="沒有相關"):
        export_ics(ws, plan, tmp_path / "a.ics", Scope(unit_id=ws.units()[0].id))
    out = export_ics(ws, plan, tmp_path / "空.ics")  # no methods: milestones only
    _, evs = events(out)
    assert len(evs) == len(plan.milestones)

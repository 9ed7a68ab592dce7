"""Review rounds: dates from the milestones, stored rounds, 逾期 only after the reply deadline (also in January)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.calendar import build_calendar
from planner.errors import BadInput
from planner.plans import add_milestone, set_milestone
from planner.progress import set_progress
from planner.rounds import default_round, plan_rounds, reset_round, review_periods, review_round, roc_date, set_round


@pytest.fixture
def plan(demo_ws):
    return demo_ws.plan(115)


def overdue(ws, plan, month, today):
    return build_calendar(ws, plan, today)[month - 1].overdue


def due_count(ws, plan, month):
    return len(build_calendar(ws, plan, dt.date(2026, 1, 1))[month - 1].due)


def _undated(ws, plan, month):
    """Take the day off the plan's milestones of a month (their round then has the default dates)."""
    for milestone in list(plan.milestones):
        if milestone.month == month and milestone.day:
            set_milestone(ws, plan, milestone.id, day=None)


def test_rounds_from_dated_milestones(demo_ws, plan):
    rounds = plan_rounds(demo_ws, plan)
    assert set(rounds) == set(review_periods(plan)) and {6, 12} <= set(rounds)
    # the demo plan: 6/30 各課室送自行檢核表, 12/15 年度執行成果彙送 are the reply deadlines
    assert (rounds[6].send, rounds[6].due) == (dt.date(2026, 6, 20), dt.date(2026, 6, 30))
    assert (rounds[12].send, rounds[12].due) == (dt.date(2026, 12, 5), dt.date(2026, 12, 15))


def test_default_rounds_june_and_december(demo_ws, plan):
    _undated(demo_ws, plan, 6)
    _undated(demo_ws, plan, 12)
    rounds = plan_rounds(demo_ws, plan)
    june, december = rounds[6], rounds[12]
    assert (june.send, june.due) == (dt.date(2026, 6, 20), dt.date(2026, 7, 5))
    assert (december.send, december.due) == (dt.date(2026, 12, 20), dt.date(2027, 1, 5))
    assert december.months[-1] == 12 and december.months[0] == max(p for p in rounds if p < 12) + 1
    assert roc_date(june.send) == "115/06/20" and roc_date(december.due) == "116/01/05"
    assert "回收期限 116/01/05" in december.text()


def test_milestone_day_gives_the_deadline(demo_ws, plan):
    _undated(demo_ws, plan, 9)
    add_milestone(demo_ws, plan, 9, "送第三季檢核表", day=25)
    assert (default_round(plan, 9).send, default_round(plan, 9).due) == (dt.date(2026, 9, 15), dt.date(2026, 9, 25))
    assert review_round(demo_ws, plan, 9).due == dt.date(2026, 9, 25)


def test_overdue_only_after_the_june_deadline(demo_ws, plan):
    _undated(demo_ws, plan, 6)
    assert due_count(demo_ws, plan, 6) > 0
    assert overdue(demo_ws, plan, 6, dt.date(2026, 7, 1)) == 0  # month over, replies not yet due
    assert overdue(demo_ws, plan, 6, dt.date(2026, 7, 5)) == 0  # the deadline itself is on time
    assert overdue(demo_ws, plan, 6, dt.date(2026, 7, 6)) > 0


def test_december_round_due_in_january_of_the_next_year(demo_ws, plan):
    _undated(demo_ws, plan, 12)
    assert due_count(demo_ws, plan, 12) > 0
    assert overdue(demo_ws, plan, 12, dt.date(2026, 12, 31)) == 0
    assert overdue(demo_ws, plan, 12, dt.date(2027, 1, 5)) == 0
    assert overdue(demo_ws, plan, 12, dt.date(2027, 1, 6)) == due_count(demo_ws, plan, 12)


def test_stored_round_grace_days_reply_and_undo(demo_ws, plan):
    set_round(demo_ws, plan, 12, dt.date(2026, 12, 10), dt.date(2027, 1, 10), grace=3)
    assert overdue(demo_ws, plan, 12, dt.date(2027, 1, 13)) == 0
    late = overdue(demo_ws, plan, 12, dt.date(2027, 1, 14))
    assert late == due_count(demo_ws, plan, 12)
    month = build_calendar(demo_ws, plan, dt.date(2027, 1, 14))[11]
    first = month.due[0]
    set_progress(demo_ws, plan, first.method.id, 12, first.unit_id, "done", "完成")
    assert overdue(demo_ws, plan, 12, dt.date(2027, 1, 14)) == late - 1
    demo_ws.undo()
    demo_ws.undo()
    assert review_round(demo_ws, plan, 12).due == dt.date(2026, 12, 15) and not review_round(demo_ws, plan, 12).stored
    demo_ws.redo()
    stored = review_round(demo_ws, plan, 12)
    assert stored.stored and stored.grace == 3 and stored.deadline == dt.date(2027, 1, 13)
    reset_round(demo_ws, plan, 12)
    assert not review_round(demo_ws, plan, 12).stored


def test_bad_rounds_are_refused_and_change_nothing(demo_ws, plan):
    undo = list(demo_ws.undo_stack)
    with pytest.raises(BadInput, match="早於送出日期"):
        set_round(demo_ws, plan, 6, dt.date(2026, 6, 20), dt.date(2026, 6, 1))
    with pytest.raises(BadInput, match="不在 115 年度內"):
        set_round(demo_ws, plan, 6, dt.date(2025, 6, 20), dt.date(2026, 7, 5))
    with pytest.raises(BadInput, match="太晚"):
        set_round(demo_ws, plan, 12, dt.date(2026, 12, 20), dt.date(2028, 1, 5))
    with pytest.raises(BadInput, match="寬限日數"):
        set_round(demo_ws, plan, 6, dt.date(2026, 6, 20), dt.date(2026, 7, 5), grace=90)
    with pytest.raises(BadInput, match="涵蓋月份"):
        set_round(demo_ws, plan, 6, dt.date(2026, 6, 20), dt.date(2026, 7, 5), months=(1, 2))
    with pytest.raises(BadInput, match="1 到 12"):
        review_round(demo_ws, plan, 13)
    assert demo_ws.undo_stack == undo and not review_round(demo_ws, plan, 6).stored

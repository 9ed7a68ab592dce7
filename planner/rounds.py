"""Review rounds (查核回合): each review period's send-out date, reply deadline, months covered and grace days.

A plan's review periods are the months its methods are due in (e.g. 6月 and 12月, or quarterly). A period
without a stored round has defaults from the plan's milestones: a milestone of that month with a day (e.g.
6/30 各課室送自行檢核表) is the reply deadline, the forms going out 10 days before; without one, forms go out
on the 20th and replies are due on the 5th of the next month (the December round: 1/5 of the next year).
A round covers the months since the previous period.
A method is 逾期 only after its round's deadline plus the grace days. Dates are shown as ROC: 115/06/20.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import logging
from dataclasses import dataclass

from planner.errors import BadInput
from planner.model import Plan
from planner.numerals import roc_to_ad
from planner.steps.review import SetRound
from planner.store.schema import ReviewRoundRow
from planner.workspace import Workspace

log = logging.getLogger(__name__)

DEFAULT_SEND_DAY = 20
DEFAULT_REPLY_DAY = 5
MILESTONE_LEAD_DAYS = 10
MAX_GRACE_DAYS = 60


@dataclass(frozen=True)
class Round:
    """One review round of a plan."""

    period: int
    send: dt.date
    due: dt.date
    months: tuple[int, ...]
    grace: int = 0
    stored: bool = False

    @property
    def deadline(self) -> dt.date:
        """Return the last day a reply is on time (the due date plus the grace days)."""
        return self.due + dt.timedelta(days=self.grace)

    def overdue(self, today: dt.date) -> bool:
        """Return whether a missing reply is 逾期 on a day (only after the deadline)."""
        return today > self.deadline

    def text(self) -> str:
        """Return 「送出 115/06/20　回收期限 115/07/05（寬限 3 日）　涵蓋 1–6月」."""
        grace = f"（寬限 {self.grace} 日）" if self.grace else ""
        return f"送出 {roc_date(self.send)}　回收期限 {roc_date(self.due)}{grace}　涵蓋 {months_span(self.months)}"


def month_end(ad_year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    return dt.date(ad_year, month, _cal.monthrange(ad_year, month)[1])


def roc_date(day: dt.date) -> str:
    """Return a date in ROC form: 2026-06-20 → 115/06/20."""
    return f"{day.year - 1911}/{day.month:02d}/{day.day:02d}"


def months_span(months: tuple[int, ...]) -> str:
    """Return 「1–6月」 for a run of months, else 「1、3、5月」."""
    if not months:
        return "—"
    if list(months) == list(range(months[0], months[-1] + 1)) and len(months) > 2:
        return f"{months[0]}–{months[-1]}月"
    return "、".join(str(m) for m in months) + "月"


def review_periods(plan: Plan) -> list[int]:
    """Return the months any method is due in, in order."""
    return sorted({m for method in plan.methods() for m in method.months})


def _covered(period: int, periods: list[int]) -> tuple[int, ...]:
    earlier = [p for p in periods if p < period]
    return tuple(range((earlier[-1] + 1) if earlier else 1, period + 1))


def default_round(plan: Plan, period: int, periods: list[int] | None = None) -> Round:
    """Return the round of a period from the plan's milestones (see the module's docstring)."""
    _check_period(period)
    periods = sorted(set(periods if periods is not None else review_periods(plan)) | {period})
    ad_year = roc_to_ad(plan.year)
    day = next((m.day for m in plan.milestones if m.month == period and m.day), None)
    if day is not None:
        due = dt.date(ad_year, period, min(day, month_end(ad_year, period).day))
        send = max(dt.date(ad_year, period, 1), due - dt.timedelta(days=MILESTONE_LEAD_DAYS))
    else:
        send = dt.date(ad_year, period, DEFAULT_SEND_DAY)
        next_month = (ad_year + 1, 1) if period == 12 else (ad_year, period + 1)
        due = dt.date(*next_month, DEFAULT_REPLY_DAY)
    return Round(period, send, due, _covered(period, periods))


def _stored(ws: Workspace, plan: Plan) -> dict[int, Round]:
    out: dict[int, Round] = {}
    for row in ReviewRoundRow.select().where(ReviewRoundRow.plan == plan.id).bind(ws.db):
        months = tuple(int(m) for m in row.months.split(",") if m.strip().isdigit())
        send, due = dt.date.fromisoformat(row.send_date), dt.date.fromisoformat(row.due_date)
        out[row.period] = Round(row.period, send, due, months, row.grace_days, stored=True)
    return out


def plan_rounds(ws: Workspace, plan: Plan) -> dict[int, Round]:
    """Return the round of every review period of the plan (stored or default), by period."""
    stored = _stored(ws, plan)
    periods = sorted(set(review_periods(plan)) | set(stored))
    return {p: stored.get(p) or default_round(plan, p, periods) for p in periods}


def review_round(ws: Workspace, plan: Plan, period: int) -> Round:
    """Return the round of one review period (stored or default)."""
    _check_period(period)
    found = plan_rounds(ws, plan).get(period)
    return found or default_round(plan, period)


def _check_period(period: int) -> None:
    if not isinstance(period, int) or not 1 <= period <= 12:
        raise BadInput(f"查核月份必須介於 1 到 12 月（收到：{period}）。")


def check_round(plan: Plan, period: int, send: dt.date, due: dt.date, months: tuple[int, ...], grace: int) -> None:
    """Refuse (BadInput, in Chinese) dates outside the plan year (+1 for the deadline), bad months or grace days."""
    _check_period(period)
    ad_year = roc_to_ad(plan.year)
    if send.year != ad_year:
        raise BadInput(f"送出日期 {roc_date(send)} 不在 {plan.year} 年度內。")
    if due < send:
        raise BadInput(f"回收期限 {roc_date(due)} 早於送出日期 {roc_date(send)}。")
    if due.year > ad_year + 1:
        raise BadInput(f"回收期限 {roc_date(due)} 太晚：最晚只能到 {plan.year + 1} 年。")
    if not months or any(not 1 <= m <= 12 for m in months) or period not in months:
        raise BadInput(f"涵蓋月份必須是 1 到 12 月，且包含查核月份 {period}月。")
    if not 0 <= grace <= MAX_GRACE_DAYS:
        raise BadInput(f"寬限日數必須介於 0 到 {MAX_GRACE_DAYS} 日（收到：{grace}）。")


def set_round(
    ws: Workspace,
    plan: Plan,
    period: int,
    send: dt.date,
    due: dt.date,
    months: tuple[int, ...] | None = None,
    grace: int = 0,
) -> Round:
    """Store a period's round (one undoable edit); months default to those the default round covers."""
    months = tuple(sorted(set(months))) if months else default_round(plan, period).months
    check_round(plan, period, send, due, months, grace)
    values = {
        "send_date": send.isoformat(),
        "due_date": due.isoformat(),
        "months": ",".join(map(str, months)),
        "grace_days": grace,
    }
    with ws.edit(f"設定{period}月查核回合") as tx:
        tx.do(ws, SetRound(plan.id, period, values))
    return review_round(ws, plan, period)


def reset_round(ws: Workspace, plan: Plan, period: int) -> None:
    """Go back to the default round of a period (one undoable edit; nothing when none is stored)."""
    _check_period(period)
    if period not in _stored(ws, plan):
        return
    with ws.edit(f"還原{period}月查核回合") as tx:
        tx.do(ws, SetRound(plan.id, period, None))

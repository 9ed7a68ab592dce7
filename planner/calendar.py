"""The review calendar of a plan year: what is due in each month, for which unit, and its progress."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field

from planner.model import Milestone, Node, Plan
from planner.numerals import roc_to_ad
from planner.progress import REPORTED, Record, locked_periods, records
from planner.review import Note, progress_notes
from planner.rounds import Round, plan_rounds
from planner.units import ALL_UNITS
from planner.workspace import Workspace


@dataclass(frozen=True)
class Due:
    """A method due in a review month for one unit, with its record."""

    method: Node
    unit_id: int
    record: Record | None
    overdue: bool
    note: Note | None = None  # 落後原因, 因應對策 (and 實際值) of the record


@dataclass
class Month:
    """One month of the plan year."""

    month: int
    ad_year: int
    due: list[Due] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    locked: bool = False
    is_current: bool = False
    round: Round | None = None  # the review round of the month, when methods are due in it

    def by_unit(self) -> dict[int, list[Due]]:
        """Return the month's due methods grouped by unit id (in order of appearance)."""
        out: dict[int, list[Due]] = {}
        for item in self.due:
            out.setdefault(item.unit_id, []).append(item)
        return out

    @property
    def reported(self) -> int:
        """Return how many due entries have progress recorded."""
        return sum(1 for d in self.due if d.record is not None and d.record.status in REPORTED)

    @property
    def overdue(self) -> int:
        """Return how many due entries are overdue."""
        return sum(1 for d in self.due if d.overdue)


def month_end(ad_year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    return dt.date(ad_year, month, _cal.monthrange(ad_year, month)[1])


def build_calendar(ws: Workspace, plan: Plan, today: dt.date | None = None, unit_id: int | None = None) -> list[Month]:
    """Return the plan year's twelve months with their due methods, milestones, rounds and progress.

    A due entry is overdue (逾期) only after its round's reply deadline (plus grace days) without a reply.
    """
    today = today or dt.date.today()
    ad_year = roc_to_ad(plan.year)
    recs = records(ws, plan)
    notes = progress_notes(ws, plan)
    locks = locked_periods(ws, plan)
    rounds = plan_rounds(ws, plan)
    months = [
        Month(m, ad_year, locked=m in locks, is_current=(today.year, today.month) == (ad_year, m), round=rounds.get(m))
        for m in range(1, 13)
    ]
    late = {p: r.overdue(today) for p, r in rounds.items()}
    everyone = ws.unit_by_name(ALL_UNITS)
    active = [u.id for u in ws.units() if everyone is None or u.id != everyone.id]
    for method in plan.methods():
        answer = method.units
        if everyone is not None and everyone.id in method.units:  # 各課室: every active unit answers
            answer = [u for u in method.units if u != everyone.id]
            answer += [u for u in active if u not in answer]
        for m in method.months:
            past = late.get(m, False)
            for u in answer:
                if unit_id is not None and u != unit_id:
                    continue
                record = recs.get((method.id, m, u))
                overdue = past and (record is None or record.status not in REPORTED)
                months[m - 1].due.append(Due(method, u, record, overdue, notes.get((method.id, m, u))))
    for milestone in plan.milestones:
        if unit_id is None or milestone.unit_id in (None, unit_id):
            months[milestone.month - 1].milestones.append(milestone)
    for month in months:
        month.milestones.sort(key=lambda ms: (ms.day or 32, ms.title))
    return months


def counts_by_unit(months: list[Month]) -> dict[int, dict[int, int]]:
    """Return {month: {unit_id: number of due methods}}."""
    return {m.month: {u: len(items) for u, items in m.by_unit().items()} for m in months}

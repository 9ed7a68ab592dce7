"""iCalendar (.ics) export of a plan's review calendar.

One all-day event per review month and unit, and one per milestone, with stable UIDs so that a calendar
program updates the events when the file is imported again.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from icalendar import Calendar, Event

from planner import __version__, text_safety
from planner.calendar import month_end
from planner.export import atomic_write, check_target, full_title
from planner.export.scope import Scope, describe, select_for_export
from planner.model import Milestone, Node, Plan
from planner.numerals import roc_to_ad
from planner.workspace import Workspace

log = logging.getLogger(__name__)

PRODID = f"-//Planner//提升服務計畫編輯器 {__version__}//ZH-TW"
TITLE_CHARS = 40  # a method's line in the description


def last_working_day(ad_year: int, month: int) -> dt.date:
    """Return the last Monday-to-Friday of a month (public holidays are not known)."""
    day = month_end(ad_year, month)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def method_line(plan: Plan, labels: dict[int, str], method: Node) -> str:
    """Return a method with its full numbering: 「一、(二)3.訂立標準作業程序」."""
    path = "".join(labels[n.id] for n in method.ancestors()) + labels[method.id]
    text = method.title.strip() or next((ln.strip() for ln in method.body.splitlines() if ln.strip()), "")
    if len(text) > TITLE_CHARS:
        text = text[: TITLE_CHARS - 1] + "…"
    return path + text


def review_uid(plan: Plan, month: int, unit_id: int) -> str:
    """Return the stable UID of a review event."""
    return f"planner-{plan.id}-{month}-{unit_id}@planner"


def milestone_uid(plan: Plan, milestone: Milestone) -> str:
    """Return the stable UID of a milestone event."""
    return f"planner-{plan.id}-milestone-{milestone.id}@planner"


def _event(uid: str, day: dt.date, summary: str, description: str, stamp: dt.datetime, category: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", text_safety.clean_name(summary))  # issue 16: no control or bidi characters
    if description:
        event.add("description", text_safety.clean_text(description))
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar_file(ws: Workspace, plan: Plan, scope: Scope | None = None) -> Calendar:
    """Return the plan's review calendar (or a part of it) as an icalendar Calendar."""
    scope = scope or Scope()
    parts = select_for_export(ws, plan, scope)
    ad_year = roc_to_ad(plan.year)
    labels = plan.numbering()
    wanted = None if scope.unit_id is None else {scope.unit_id, *scope.shared_unit_ids}
    due: dict[tuple[int, int], list[Node]] = {}
    for _, focuses in parts:
        for _, methods in focuses:
            for method in methods:
                for month in method.months:
                    for unit_id in method.units:
                        if wanted is None or unit_id in wanted:
                            due.setdefault((month, unit_id), []).append(method)
    agency, title = full_title(ws, plan)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", plan.title.strip() or agency + title)
    cal.add("x-wr-caldesc", agency + title + (f"（{describe(ws, plan, scope)}）" if not scope.is_whole else ""))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    order = {u.id: i for i, u in enumerate(ws.units(include_retired=True))}
    for month, unit_id in sorted(due, key=lambda k: (k[0], order.get(k[1], len(order)), k[1])):
        methods = due[(month, unit_id)]
        unit = ws.unit_names([unit_id], plan.year)[0]
        when = f"{plan.year}年{month}月"
        summary = f"查核：{unit} {when} — {len(methods)} 項方法"
        lines = [f"{when} {unit} 應查核的工作方法（{len(methods)} 項）："]
        lines += [method_line(plan, labels, m) for m in methods]
        cal.add_component(
            _event(
                review_uid(plan, month, unit_id),
                last_working_day(ad_year, month),
                summary,
                "\n".join(lines),
                stamp,
                "查核",
            )
        )
    for milestone in plan.milestones:
        if wanted is not None and milestone.unit_id is not None and milestone.unit_id not in wanted:
            continue
        day = month_end(ad_year, milestone.month)
        if milestone.day:
            day = day.replace(day=min(milestone.day, day.day))
        unit = f"（{ws.unit_names([milestone.unit_id], plan.year)[0]}）" if milestone.unit_id is not None else ""
        description = f"{agency}{title}：{milestone.title}{unit}"
        cal.add_component(
            _event(milestone_uid(plan, milestone), day, milestone.title + unit, description, stamp, "管考")
        )
    return cal


def export_ics(ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None) -> Path:
    """Write the plan's review calendar as an .ics file, atomically; return the file written."""
    check_target(Path(path), ".ics")
    cal = build_calendar_file(ws, plan, scope)
    data = cal.to_ical()
    target = atomic_write(Path(path), ".ics", lambda stream: stream.write(data))
    log.info("exported the review calendar of %s (%s) to %s", plan.year, scope, target)
    return target

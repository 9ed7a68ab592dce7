"""Never overwrite replies: what an existing form in the target folder holds before packets are written again.

A form already in the folder for the same round and unit is
- "pending" when a row holds a reply that is neither what was prefilled nor the record now in the program
  (filled in by the unit, not collected yet), or when it cannot be read or its seal does not hold;
- "current" when every row already shows the record now in the program and the form lists the methods due now
  (writing it again would change nothing: it is left as it is, byte for byte);
- "stale" otherwise (safe to replace).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from planner.errors import BadInput
from planner.model import Plan, Unit
from planner.numerals import roc_to_ad
from planner.packets.due import DueRow
from planner.packets.identity import canon
from planner.packets.parse import parse_date, parse_status
from planner.packets.read import read_packet
from planner.packets.texts import method_path
from planner.progress import Record
from planner.review import Note

log = logging.getLogger(__name__)

PENDING, CURRENT, STALE = "pending", "current", "stale"


@dataclass(frozen=True)
class Existing:
    """What an existing form in the target folder holds: its state and, when pending, the rows with replies."""

    path: Path
    state: str
    rows: tuple[int, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        """Return 「推廣課.xlsx（第 6、7 列已填寫，尚未收回）」."""
        if self.reason:
            return f"「{self.path.name}」（{self.reason}）"
        rows = "、".join(str(r) for r in self.rows[:8]) + ("…" if len(self.rows) > 8 else "")
        return f"「{self.path.name}」（第 {rows} 列已填寫，尚未收回）"


def _typed(status: str, date: object, ad_year: int) -> tuple[str, str]:
    """Return a typed status and date as comparable codes (as typed when they cannot be read)."""
    try:
        code = parse_status(status) or ""
    except ValueError:
        code = "?" + status
    try:
        day = parse_date(date, ad_year) or ""
    except ValueError:
        day = "?" + str(date)
    return code, day


def existing_form(
    path: Path,
    key: bytes,
    plan: Plan,
    period: int,
    unit: Unit,
    rows: list[DueRow],
    recs: dict[tuple[int, int, int], Record],
    notes: dict[tuple[int, int, int], Note],
) -> Existing | None:
    """Return what the form at path holds (None when there is no file there)."""
    if not path.exists():
        return None
    try:
        data = read_packet(path, key)
    except BadInput:
        return Existing(path, PENDING, reason="無法辨識為本程式的填報表，可能含有單位填寫的內容")
    if not data.sealed:
        return Existing(path, PENDING, reason="識別資料已被修改，無法確認其中的填報內容")
    same_round = (data.plan_id, data.year, data.period, data.unit_id) == (plan.id, plan.year, period, unit.id)
    ad_year = roc_to_ad(plan.year)
    expected = {e.node_id: e for e in data.expected}
    replies: list[int] = []
    current = same_round
    for row in data.rows:
        exp = expected.get(row.node_id) if row.node_id is not None else None
        node_id = row.node_id or 0
        filled = (*_typed(row.status, row.date, ad_year), row.text, row.reason, row.measure, row.actual)
        if exp is None:
            if any(filled):
                replies.append(row.row)
            current = False
            continue
        prefilled = (exp.status, exp.date, exp.text, exp.reason, exp.measure, exp.actual)
        record = recs.get((node_id, period, unit.id)) if same_round else None
        note = notes.get((node_id, period, unit.id)) or Note()
        now = (
            (
                record.status,
                record.date or "",
                *(canon(t) for t in (record.text, note.reason, note.measure, note.actual)),
            )
            if record
            else ("",) * 6
        )
        if filled != prefilled and filled != now:
            replies.append(row.row)
        if filled != now:
            current = False
    if replies:
        return Existing(path, PENDING, tuple(replies))
    if current:
        labels = plan.numbering()
        wanted = [(d.method.id, canon(method_path(plan, labels, d.method))) for d in rows]
        current = wanted == [(e.node_id, e.method) for e in data.expected] and canon(unit.name) == data.unit
    return Existing(path, CURRENT if current else STALE)

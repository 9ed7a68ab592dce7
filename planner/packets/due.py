"""What is due in a review month: the methods of each unit, with their 要項 and 重點 for context."""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import BadInput
from planner.export.scope import focus_groups, select
from planner.model import Node, Plan, Unit
from planner.workspace import Workspace


@dataclass(frozen=True)
class DueRow:
    """A method due for one unit in a review month, with its 要項 and 重點 (group) for context."""

    item: Node
    focuses: tuple[Node, ...]
    method: Node


def due_rows(plan: Plan, period: int, unit_id: int) -> list[DueRow]:
    """Return the methods due in a month for a unit, in plan order, with their context."""
    out: list[DueRow] = []
    for item, focuses in select(plan):
        for group in focus_groups(focuses):
            heads = tuple(f for f, _ in group)
            for _, methods in group:
                out.extend(DueRow(item, heads, m) for m in methods if period in m.months and unit_id in m.units)
    return out


def due_units(ws: Workspace, plan: Plan, period: int) -> list[tuple[Unit, list[DueRow]]]:
    """Return every unit (in unit order) with the methods due for it in a month."""
    out = []
    for unit in ws.units(include_retired=True):
        rows = due_rows(plan, period, unit.id)
        if rows:
            out.append((unit, rows))
    return out


def check_period(period: int) -> None:
    """Refuse (BadInput) a review month outside 1–12."""
    if not 1 <= period <= 12:
        raise BadInput(f"查核月份必須介於 1 到 12 月（收到：{period}）。")

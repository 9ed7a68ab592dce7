"""What is due in a review month: the methods of each unit, with their 要項 and 重點 for context."""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import BadInput
from planner.export.scope import focus_groups, select
from planner.model import Node, Plan, Unit
from planner.units import ALL_UNITS
from planner.workspace import Workspace


@dataclass(frozen=True)
class DueRow:
    """A method due for one unit in a review month, with its 要項 and 重點 (group) for context."""

    item: Node
    focuses: tuple[Node, ...]
    method: Node


def due_rows(plan: Plan, period: int, unit_id: int, shared: tuple[int, ...] = ()) -> list[DueRow]:
    """Return the methods due in a month for a unit (or for shared units, e.g. 各課室), in plan order."""
    wanted = {unit_id, *shared}
    out: list[DueRow] = []
    for item, focuses in select(plan):
        for group in focus_groups(focuses):
            heads = tuple(f for f, _ in group)
            for _, methods in group:
                out.extend(
                    DueRow(item, heads, m) for m in methods if period in m.months and wanted.intersection(m.units)
                )
    return out


def collective_unit(ws: Workspace) -> Unit | None:
    """Return the workspace's unit named 各課室 (every unit), if it has one."""
    return ws.unit_by_name(ALL_UNITS)


def shared_for(ws: Workspace, unit: Unit) -> tuple[int, ...]:
    """Return the ids whose methods an active unit also owes: the 各課室 unit's (not for a retired unit)."""
    everyone = collective_unit(ws)
    if everyone is None or everyone.id == unit.id or unit.retired:
        return ()
    return (everyone.id,)


def owes(ws: Workspace, method: Node, unit: Unit) -> bool:
    """Return whether a unit answers for a method: assigned to it, or an active unit and the method is 各課室's."""
    return unit.id in method.units or bool(set(shared_for(ws, unit)) & set(method.units))


def due_units(ws: Workspace, plan: Plan, period: int) -> list[tuple[Unit, list[DueRow]]]:
    """Return every unit (in unit order) with the methods due for it in a month; 各課室 methods in every active unit's.

    The 各課室 unit itself gets no form: its methods are in every active unit's.
    """
    everyone = collective_unit(ws)
    out = []
    for unit in ws.units(include_retired=True):
        if everyone is not None and unit.id == everyone.id:
            continue
        rows = due_rows(plan, period, unit.id, shared_for(ws, unit))
        if rows:
            out.append((unit, rows))
    return out


def check_period(period: int) -> None:
    """Refuse (BadInput) a review month outside 1–12."""
    if not 1 <= period <= 12:
        raise BadInput(f"查核月份必須介於 1 到 12 月（收到：{period}）。")

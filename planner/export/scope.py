"""Which part of a plan to export: the whole table, one unit's methods, or one 要項."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.errors import BadInput
from planner.model import Node, Plan, Section

if TYPE_CHECKING:
    from planner.workspace import Workspace

log = logging.getLogger(__name__)

FocusPart = tuple[Node, list[Node]]
ItemPart = tuple[Node, list[FocusPart]]


@dataclass(frozen=True)
class Scope:
    """A part of the plan's table.

    unit_id: keep only the methods of this unit (plus those of shared_unit_ids, e.g. 各課室).
    item_index: keep only the N-th numbered 要項, 1-based, as printed (3 = 三、); unnumbered 要項
    cannot be chosen this way.
    """

    unit_id: int | None = None
    item_index: int | None = None
    shared_unit_ids: tuple[int, ...] = ()

    @property
    def is_whole(self) -> bool:
        """Return whether the scope is the whole plan."""
        return self.unit_id is None and self.item_index is None


def numbered_item(plan: Plan, number: int) -> Node:
    """Return the 要項 printed with a number (3 → 三、); BadInput when there is none."""
    numbered = [item for item in plan.items if item.numbered]
    if not 1 <= number <= len(numbered):
        raise BadInput(f"這份計畫沒有第 {number} 個要項（有編號的要項共 {len(numbered)} 個）。")
    return numbered[number - 1]


def scope_for(ws: Workspace, plan: Plan, unit: str | None = None, item: int | None = None) -> Scope:
    """Build a scope from a unit name and a 要項 number; BadInput when either is unknown."""
    unit_id = None
    shared: tuple[int, ...] = ()
    if unit is not None and unit.strip():
        found = ws.unit_by_name(unit)
        if found is None:
            names = "、".join(u.name for u in ws.units()) or "（無）"
            raise BadInput(f"沒有名為「{unit.strip()}」的單位。現有單位：{names}")
        unit_id = found.id
        from planner.units import ALL_UNITS  # planner.units loads the storage: not needed to name a scope

        everyone = ws.unit_by_name(ALL_UNITS)
        if everyone is not None and everyone.id != unit_id:
            shared = (everyone.id,)
    if item is not None:
        numbered_item(plan, item)
    return Scope(unit_id=unit_id, item_index=item, shared_unit_ids=shared)


def focus_groups(focuses: list[FocusPart]) -> list[list[FocusPart]]:
    """Group 重點 that share one table cell: a 重點 with merge_next joins the following one."""
    groups: list[list[FocusPart]] = []
    current: list[FocusPart] = []
    for part in focuses:
        current.append(part)
        if not part[0].merge_next:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def select(plan: Plan, scope: Scope | None = None) -> list[ItemPart]:
    """Return [(要項, [(重點, [方法])])] in the scope; emptied 重點/要項 are dropped when a unit is chosen."""
    scope = scope or Scope()
    items = plan.items
    if scope.item_index is not None:
        items = [numbered_item(plan, scope.item_index)]
    if scope.unit_id is None:
        return [(item, [(focus, list(focus.children)) for focus in item.children]) for item in items]
    wanted = {scope.unit_id, *scope.shared_unit_ids}
    out: list[ItemPart] = []
    for item in items:
        parts = [(focus, [m for m in focus.children if wanted.intersection(m.units)]) for focus in item.children]
        kept = [part for group in focus_groups(parts) if any(methods for _, methods in group) for part in group]
        if kept:
            out.append((item, kept))
    log.debug("scope %s keeps %d 要項", scope, len(out))
    return out


def describe(ws: Workspace, plan: Plan, scope: Scope) -> str:
    """Return what a partial export holds, e.g. "業務單位：推廣課；三、便捷服務…", "" for the whole plan."""
    parts: list[str] = []
    if scope.unit_id is not None:
        header = next((c.header for c in plan.layout.columns if "units" in c.fields), "業務單位")
        parts.append(f"{header}：{ws.unit_names([scope.unit_id], plan.year)[0]}")
    if scope.item_index is not None:
        item = numbered_item(plan, scope.item_index)
        parts.append(plan.label(item) + item.title)
    return "；".join(parts)


def select_for_export(ws: Workspace, plan: Plan, scope: Scope | None = None) -> list[ItemPart]:
    """Return the parts in the scope; BadInput when a unit or 要項 scope leaves nothing to export."""
    scope = scope or Scope()
    parts = select(plan, scope)
    if not scope.is_whole and not parts:
        raise BadInput(f"{describe(ws, plan, scope)}：這份計畫中沒有相關的工作方法，沒有內容可以匯出。")
    return parts


def content_section(plan: Plan) -> int | None:
    """Return the index of the section that holds the table (its heading contains 計畫內容)."""
    return next((i for i, s in enumerate(plan.sections) if "計畫內容" in s.heading), None)


def document_order(plan: Plan, scope: Scope) -> list[Section | None]:
    """Return the sections a document prints, in order, with None where the table goes.

    A partial export keeps only the 計畫內容 section; without one the table comes last.
    """
    content = content_section(plan)
    out: list[Section | None] = []
    for i, section in enumerate(plan.sections):
        if not scope.is_whole and i != content:
            continue
        out.append(section)
        if i == content:
            out.append(None)
    if content is None:
        out.append(None)
    return out

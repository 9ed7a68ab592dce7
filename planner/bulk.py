"""The bulk edit: set, add or remove units and review months of many methods as one undoable edit."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from planner.errors import OperationRefused
from planner.model import Node, Plan
from planner.steps.bulk import SetMethodLists
from planner.workspace import Workspace

log = logging.getLogger(__name__)

SET, ADD, REMOVE = "set", "add", "remove"
MODES = (SET, ADD, REMOVE)
MODE_NAMES = {SET: "設定為", ADD: "加入", REMOVE: "移除"}
FIELD_NAMES = {"units": "業務單位", "months": "查核月份"}


@dataclass(frozen=True)
class ListChange:
    """What to do to one list of every method: mode set/add/remove with unit ids or months."""

    mode: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class BulkResult:
    """What a bulk edit did: the methods selected, those that changed, the fields asked for."""

    methods: int
    changed: int
    fields: tuple[str, ...]

    def message(self) -> str:
        """Return the status bar line, e.g. 「已修改 10 個方法的查核月份」."""
        what = "與".join(FIELD_NAMES[f] for f in self.fields)
        if not self.changed:
            return f"選取的 {self.methods} 個方法的{what}原本就是這樣，沒有修改。"
        tail = f"（選取 {self.methods} 個，其餘原本就相同）" if self.changed < self.methods else ""
        return f"已修改 {self.changed} 個方法的{what}{tail}"


def selected_methods(plan: Plan, node_ids: list[int]) -> list[Node]:
    """Return the methods the chosen nodes mean, in document order.

    A 要項 or 重點 means all its methods, unless methods below it are chosen too: then those
    methods are meant (a Shift+click range that crosses a 重點 row selects the methods shown).
    """
    nodes: list[Node] = []
    for node_id in node_ids:
        node = plan.nodes.get(node_id)
        if node is None:
            raise OperationRefused("找不到選取的項目，可能已被刪除。")
        nodes.append(node)
    chosen_methods = {n.id for n in nodes if n.is_method}
    meant: set[int] = set(chosen_methods)
    for node in nodes:
        below = node.methods()
        if not node.is_method and not any(m.id in chosen_methods for m in below):
            meant.update(m.id for m in below)
    return [m for m in plan.methods() if m.id in meant]


def changed_list(current: list[int], change: ListChange, ordered: bool) -> list[int]:
    """Return a method's new list; months (ordered=True) stay sorted, units keep their order."""
    if change.mode == SET:
        out = list(dict.fromkeys(change.values))
    elif change.mode == ADD:
        out = current + [v for v in dict.fromkeys(change.values) if v not in current]
    else:
        out = [v for v in current if v not in change.values]
    return sorted(out) if ordered else out


def check_request(ws: Workspace, units: ListChange | None, months: ListChange | None) -> None:
    """Refuse (OperationRefused) a request that cannot be made, whatever the methods."""
    if units is None and months is None:
        raise OperationRefused("請選擇要修改業務單位或查核月份。")
    for name, change in (("業務單位", units), ("查核月份", months)):
        if change is None:
            continue
        if change.mode not in MODES:
            raise OperationRefused(f"不明的修改方式：{change.mode}")
        if change.mode != SET and not change.values:
            raise OperationRefused(f"要{MODE_NAMES[change.mode]}哪些{name}？請至少勾選一個。")
    if units is not None:
        if units.mode == SET and not units.values:
            raise OperationRefused("方法必須有業務單位：「設定為」至少要勾選一個單位。")
        for unit_id in units.values:
            try:
                unit = ws.unit(unit_id)
            except KeyError:
                raise OperationRefused("指定的單位不存在。") from None
            if unit.retired and units.mode != REMOVE:
                raise OperationRefused(f"單位「{unit.name}」已停用，不能再指定給方法。")
    if months is not None and any(not 1 <= m <= 12 for m in months.values):
        raise OperationRefused("查核月份必須介於 1 到 12 月。")


def bulk_edit(
    ws: Workspace,
    plan: Plan,
    node_ids: list[int],
    units: ListChange | None = None,
    months: ListChange | None = None,
) -> BulkResult:
    """Change the units and/or months of the chosen nodes' methods in one undoable edit."""
    check_request(ws, units, months)
    methods = selected_methods(plan, node_ids)
    if not methods:
        raise OperationRefused("選取的項目之下沒有任何方法。")
    fields = tuple(f for f, c in (("units", units), ("months", months)) if c is not None)
    values: dict[int, dict[str, list[int]]] = {}
    for method in methods:
        new: dict[str, list[int]] = {}
        if units is not None:
            fresh = changed_list(method.units, units, ordered=False)
            if fresh != method.units:
                new["units"] = fresh
        if months is not None:
            fresh = changed_list(method.months, months, ordered=True)
            if fresh != method.months:
                new["months"] = fresh
        if new:
            values[method.id] = new
    result = BulkResult(len(methods), len(values), fields)
    if values:
        what = "與".join(FIELD_NAMES[f] for f in fields)
        with ws.edit(f"批次修改 {len(values)} 個方法的{what}") as tx:
            tx.do(ws, SetMethodLists(plan.id, values))
        log.info("bulk edit of %d methods (%s)", len(values), ", ".join(fields))
    return result

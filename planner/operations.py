"""Edits of a plan's content tree, each atomic and undoable through the workspace history."""

from __future__ import annotations

from typing import Any

from planner.errors import OperationRefused
from planner.model import Node, Plan
from planner.numerals import ITEM, LEVEL_NAMES, METHOD
from planner.steps import InsertNodes, MoveNode, RemoveNode, SetNodeFields, node_snapshot
from planner.steps.nodes import attach_kpis
from planner.units import ensure_units
from planner.workspace import Workspace

FIELD_NAMES = {
    "title": "標題",
    "body": "內容",
    "note": "備註",
    "numbered": "編號",
    "months": "查核月份",
    "units": "業務單位",
    "merge_next": "合併儲存格",
}


def _name(node: Node | int) -> str:
    level = node.level if isinstance(node, Node) else node
    return LEVEL_NAMES[level]


def _node(plan: Plan, node_id: int) -> Node:
    try:
        return plan.nodes[node_id]
    except KeyError:
        raise OperationRefused("找不到這個項目，可能已被刪除。") from None


def _depth_below(node: Node) -> int:
    """Return how many levels the subtree reaches below the node (0 for a leaf)."""
    return max((n.level for n in node.walk()), default=node.level) - node.level


def new_node_data(level: int, title: str = "", **fields: Any) -> dict[str, Any]:
    """Return the snapshot of a fresh node."""
    data: dict[str, Any] = {"id": None, "level": level, "title": title, "children": []}
    data.update(fields)
    return data


def add_node(
    ws: Workspace, plan: Plan, parent_id: int | None, index: int | None = None, title: str = "", **fields: Any
) -> Node:
    """Insert a new node under a parent (None: a 要項) at index (default: last)."""
    level = ITEM if parent_id is None else _node(plan, parent_id).level + 1
    if level > METHOD:
        raise OperationRefused("方法之下不能再新增層級；較細的內容請寫在方法的說明中。")
    siblings = plan.children_of(parent_id)
    index = len(siblings) if index is None else max(0, min(index, len(siblings)))
    data = new_node_data(level, title, **fields)
    with ws.edit(f"新增{_name(level)}") as tx:
        tx.do(ws, InsertNodes(plan.id, parent_id, index, [data]))
    return plan.nodes[data["id"]]


def add_sibling(ws: Workspace, plan: Plan, node_id: int, title: str = "") -> Node:
    """Insert a new node right after a node, at the same level."""
    node = _node(plan, node_id)
    parent_id = node.parent.id if node.parent else None
    return add_node(ws, plan, parent_id, plan.index_of(node) + 1, title)


def add_child(ws: Workspace, plan: Plan, node_id: int, title: str = "") -> Node:
    """Append a new child to a node."""
    return add_node(ws, plan, node_id, None, title)


def delete_nodes(ws: Workspace, plan: Plan, node_ids: list[int]) -> int:
    """Delete nodes with their subtrees as one edit; return how many methods went with them."""
    nodes = [_node(plan, i) for i in node_ids]
    chosen = {n.id for n in nodes}
    tops = [n for n in nodes if not any(a.id in chosen for a in n.ancestors())]
    if not tops:
        return 0
    methods = sum(len(n.methods()) for n in tops)
    label = f"刪除{_name(tops[0])}" if len(tops) == 1 else f"刪除 {len(tops)} 個項目"
    with ws.edit(label) as tx:
        for node in tops:
            tx.do(ws, RemoveNode(plan.id, node.id))
    return methods


def delete_node(ws: Workspace, plan: Plan, node_id: int) -> int:
    """Delete a node with its subtree; return how many methods went with it."""
    return delete_nodes(ws, plan, [node_id])


def can_move(plan: Plan, node_id: int, parent_id: int | None) -> str | None:
    """Return why a node cannot go under parent_id, or None when it can."""
    node = _node(plan, node_id)
    if parent_id is None:
        return None if node.level == ITEM else f"{_name(node)}不能放在最上層，只有要項可以。"
    parent = _node(plan, parent_id)
    if parent is node or node in parent.ancestors():
        return "不能把項目移到它自己底下。"
    if parent.level != node.level - 1:
        want = "最上層" if node.level == ITEM else LEVEL_NAMES[node.level - 1]
        return f"{_name(node)}只能放在{want}之下，不能放在{_name(parent)}之下。"
    return None


def move_node(ws: Workspace, plan: Plan, node_id: int, parent_id: int | None, index: int) -> None:
    """Move a node to index among parent_id's children (index counted without the node)."""
    reason = can_move(plan, node_id, parent_id)
    if reason:
        raise OperationRefused(reason)
    node = _node(plan, node_id)
    siblings = [n for n in plan.children_of(parent_id) if n is not node]
    index = max(0, min(index, len(siblings)))
    same_parent = (node.parent.id if node.parent else None) == parent_id
    if same_parent and plan.index_of(node) == index:
        return
    with ws.edit(f"移動{_name(node)}") as tx:
        tx.do(ws, MoveNode(plan.id, node.id, parent_id, index))


def move_up(ws: Workspace, plan: Plan, node_id: int) -> None:
    """Move a node up one place; the first child moves to the end of the previous parent."""
    node = _node(plan, node_id)
    index = plan.index_of(node)
    if index > 0:
        move_node(ws, plan, node_id, node.parent.id if node.parent else None, index - 1)
        return
    parent = node.parent
    if parent is None:
        raise OperationRefused("已經是第一個項目。")
    uncles = plan.siblings(parent)
    at = uncles.index(parent)
    if at == 0:
        raise OperationRefused("已經是第一個項目。")
    target = uncles[at - 1]
    move_node(ws, plan, node_id, target.id, len(target.children))


def move_down(ws: Workspace, plan: Plan, node_id: int) -> None:
    """Move a node down one place; the last child moves to the start of the next parent."""
    node = _node(plan, node_id)
    siblings = plan.siblings(node)
    index = siblings.index(node)
    if index < len(siblings) - 1:
        move_node(ws, plan, node_id, node.parent.id if node.parent else None, index + 1)
        return
    parent = node.parent
    if parent is None:
        raise OperationRefused("已經是最後一個項目。")
    uncles = plan.siblings(parent)
    at = uncles.index(parent)
    if at == len(uncles) - 1:
        raise OperationRefused("已經是最後一個項目。")
    move_node(ws, plan, node_id, uncles[at + 1].id, 0)


def indent(ws: Workspace, plan: Plan, node_id: int) -> None:
    """Make a node the last child of its previous sibling, one level deeper."""
    node = _node(plan, node_id)
    index = plan.index_of(node)
    if index == 0:
        raise OperationRefused(f"這個{_name(node)}前面沒有同層項目，無法降階。")
    if node.level + 1 + _depth_below(node) > METHOD:
        if node.level == METHOD:
            raise OperationRefused("方法已是最深的層級，無法再降階。")
        raise OperationRefused(f"這個{_name(node)}之下還有{_name(node.level + 1)}，降階後會超過三層，請先移走它們。")
    target = plan.siblings(node)[index - 1]
    with ws.edit(f"降階{_name(node)}") as tx:
        tx.do(ws, MoveNode(plan.id, node.id, target.id, len(target.children), level_delta=1))


def outdent(ws: Workspace, plan: Plan, node_id: int) -> None:
    """Make a node the next sibling of its parent, one level higher, with its subtree."""
    node = _node(plan, node_id)
    parent = node.parent
    if parent is None:
        raise OperationRefused("要項已是最上層，無法再升階。")
    grand_id = parent.parent.id if parent.parent else None
    with ws.edit(f"升階{_name(node)}") as tx:
        tx.do(ws, MoveNode(plan.id, node.id, grand_id, plan.index_of(parent) + 1, level_delta=-1))


def set_fields(ws: Workspace, plan: Plan, node_id: int, **values: Any) -> None:
    """Change text or flags of a node (title, body, note, numbered, merge_next)."""
    node = _node(plan, node_id)
    for key in ("title", "body", "note"):
        if key in values:
            values[key] = str(values[key]).strip("\n")
    changed = {k: v for k, v in values.items() if getattr(node, k) != v}
    if not changed:
        return
    label = "、".join(FIELD_NAMES.get(k, k) for k in changed)
    with ws.edit(f"修改{_name(node)}{label}") as tx:
        tx.do(ws, SetNodeFields(plan.id, node.id, changed))


def set_numbered(ws: Workspace, plan: Plan, node_id: int, numbered: bool) -> None:
    """Mark a 要項 or 重點 numbered or unnumbered."""
    node = _node(plan, node_id)
    if node.level == METHOD and not numbered:
        raise OperationRefused("方法一律編號。")
    set_fields(ws, plan, node_id, numbered=numbered)


def set_units(ws: Workspace, plan: Plan, node_id: int, unit_ids: list[int]) -> None:
    """Assign the units of a method, in the given order."""
    node = _node(plan, node_id)
    known = {u.id for u in ws.unit_list}
    clean: list[int] = []
    for unit_id in unit_ids:
        if unit_id not in known:
            raise OperationRefused("指定的單位不存在。")
        if unit_id not in clean:
            clean.append(unit_id)
    if clean == node.units:
        return
    with ws.edit(f"指定{_name(node)}業務單位") as tx:
        tx.do(ws, SetNodeFields(plan.id, node.id, {"units": clean}))


def set_months(ws: Workspace, plan: Plan, node_id: int, months: list[int]) -> None:
    """Set the review months (1–12) of a method."""
    node = _node(plan, node_id)
    if any(not 1 <= m <= 12 for m in months):
        raise OperationRefused("查核月份必須介於 1 到 12 月。")
    clean = sorted(set(months))
    if clean == node.months:
        return
    with ws.edit(f"設定{_name(node)}查核月份") as tx:
        tx.do(ws, SetNodeFields(plan.id, node.id, {"months": clean}))


# ---------------------------------------------------------------- clipboard


def copy_subtrees(ws: Workspace, plan: Plan, node_ids: list[int]) -> dict[str, Any]:
    """Return nodes with their subtrees as portable data (unit names, no ids)."""
    names = {u.id: u.name for u in ws.unit_list}
    chosen = {i for i in node_ids}
    tops = [plan.nodes[i] for i in node_ids if not any(a.id in chosen for a in plan.nodes[i].ancestors())]

    def clean(snap: dict[str, Any]) -> dict[str, Any]:
        snap = dict(snap)
        snap["source_id"] = None
        snap.pop("id", None)
        snap["units"] = [names[u] for u in snap["units"] if u in names]
        snap["children"] = [clean(c) for c in snap["children"]]
        return snap

    snaps = attach_kpis(ws.db, [node_snapshot(n) for n in tops])  # 衡量指標 and 目標值 are copied too
    return {"format": "planner-subtrees", "version": 1, "nodes": [clean(snap) for snap in snaps]}


def paste_subtrees(
    ws: Workspace, plan: Plan, data: dict[str, Any], parent_id: int | None, index: int | None = None
) -> list[Node]:
    """Insert copied subtrees under a parent, mapping unit names; unknown units are added."""
    if data.get("format") != "planner-subtrees" or not data.get("nodes"):
        raise OperationRefused("剪貼簿中沒有可貼上的計畫項目。")
    level = ITEM if parent_id is None else _node(plan, parent_id).level + 1
    snaps: list[dict[str, Any]] = []
    for top in data["nodes"]:
        snaps.append(_relevel(top, level - top["level"]))
    if any(max(n["level"] for n in _walk_snap(s)) > METHOD for s in snaps) or level > METHOD:
        raise OperationRefused("貼上後會超過三層（要項、重點、方法），請貼到較上層的位置。")
    siblings = plan.children_of(parent_id)
    index = len(siblings) if index is None else max(0, min(index, len(siblings)))
    with ws.edit("貼上") as tx:
        mapping = ensure_units(ws, tx, sorted({u for s in snaps for n in _walk_snap(s) for u in n["units"]}))
        for s in snaps:
            for n in _walk_snap(s):
                n["units"] = [mapping[u] for u in n["units"]]
        tx.do(ws, InsertNodes(plan.id, parent_id, index, snaps))
    return [plan.nodes[s["id"]] for s in snaps]


def _walk_snap(snap: dict[str, Any]) -> list[dict[str, Any]]:
    out = [snap]
    for child in snap.get("children", []):
        out.extend(_walk_snap(child))
    return out


def _relevel(snap: dict[str, Any], delta: int) -> dict[str, Any]:
    out = dict(snap)
    out["id"] = None
    out["level"] = snap["level"] + delta
    out["units"] = list(snap.get("units", []))
    out["children"] = [_relevel(c, delta) for c in snap.get("children", [])]
    return out

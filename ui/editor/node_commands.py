"""What the 項目 and 編輯 menu items do to the content tree (each one undoable step)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from planner.errors import OperationRefused
from planner.model import Node, Plan
from planner.numerals import ITEM, LEVEL_NAMES, METHOD
from ui.common.lazy_import import lazy_module
from ui.common.texts import node_headline
from ui.common.window_api import WindowApi
from ui.editor import clipboard

if TYPE_CHECKING:
    from planner import operations
    from planner.workspace import Workspace
else:
    operations = lazy_module("planner.operations")


def paste_target(plan: Plan, current: Node | None, level: int) -> tuple[int | None, int]:
    """Return (parent id, index) where subtrees of a level go, relative to the current node."""
    if current is None:
        if level == ITEM:
            return None, len(plan.items)
        raise OperationRefused(f"請先選擇要把{LEVEL_NAMES[level]}貼在哪個項目之後或之下。")
    if level == current.level + 1:
        return current.id, len(current.children)
    anchor: Node | None = current
    while anchor is not None and anchor.level > level:
        anchor = anchor.parent
    if anchor is None or anchor.level != level:
        want = LEVEL_NAMES[level - 1]
        raise OperationRefused(f"剪貼簿中是{LEVEL_NAMES[level]}，請先選擇一個{want}或{LEVEL_NAMES[level]}再貼上。")
    return (anchor.parent.id if anchor.parent else None), plan.index_of(anchor) + 1


class NodeCommands:
    """Runs tree edits on the current selection; raises PlannerError for the window to show."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window

    def _target(self) -> tuple[Workspace, Plan]:
        ws, plan = self.window.ws, self.window.plan
        if ws is None or plan is None:
            raise OperationRefused("請先開啟工作區並選擇年度計畫。")
        return ws, plan

    def _current(self) -> Node:
        node = self.window.current_node()
        if node is None:
            raise OperationRefused("請先選擇一個項目。")
        return node

    def _show(self, node_id: int, edit: bool = False) -> None:
        self.window.reveal_node(node_id)
        if edit:
            self.window.focus_title()

    # ------------------------------------------------------------ adding

    def add_sibling(self) -> Node:
        """Add a node after the current one (a 要項 at the end when nothing is selected)."""
        ws, plan = self._target()
        current = self.window.current_node()
        if current is None:
            node = operations.add_node(ws, plan, None)
        else:
            node = operations.add_sibling(ws, plan, current.id)
        self._show(node.id, edit=True)
        return node

    def add_child(self) -> Node:
        """Add a last child to the current node."""
        ws, plan = self._target()
        node = operations.add_child(ws, plan, self._current().id)
        self._show(node.id, edit=True)
        return node

    def edit_title(self) -> None:
        """Put the cursor in the current node's title (Return goes back to the tree)."""
        self._current()
        self.window.focus_title()

    # ------------------------------------------------------------ moving

    def _move(self, op: Callable[[Workspace, Plan, int], None]) -> None:
        ws, plan = self._target()
        node = self._current()
        op(ws, plan, node.id)
        self._show(node.id)

    def move_up(self) -> None:
        """Move the current node up (across parents at the edge)."""
        self._move(operations.move_up)

    def move_down(self) -> None:
        """Move the current node down (across parents at the edge)."""
        self._move(operations.move_down)

    def indent(self) -> None:
        """Make the current node a child of its previous sibling."""
        self._move(operations.indent)

    def outdent(self) -> None:
        """Make the current node a sibling of its parent."""
        self._move(operations.outdent)

    def set_unnumbered(self, unnumbered: bool) -> None:
        """Mark the current 要項 or 重點 unnumbered (or numbered again)."""
        ws, plan = self._target()
        node = self._current()
        if node.level == METHOD:
            raise OperationRefused("方法一律編號。")
        operations.set_numbered(ws, plan, node.id, not unnumbered)

    # ------------------------------------------------------------ deleting and the clipboard

    def delete(self) -> str:
        """Delete the selected nodes with their subtrees (undoable, so no question); return what went."""
        ws, plan = self._target()
        nodes = self._tops()
        if not nodes:
            raise OperationRefused("請先選擇要刪除的項目。")
        methods = sum(len(n.methods()) for n in nodes)
        said = deleted_text(plan, nodes, methods)
        operations.delete_nodes(ws, plan, [n.id for n in nodes])
        return said

    def _tops(self) -> list[Node]:
        nodes = self.window.selected_nodes()
        chosen = {n.id for n in nodes}
        return [n for n in nodes if not any(a.id in chosen for a in n.ancestors())]

    def copy(self) -> int:
        """Put the selected subtrees on the clipboard; return how many."""
        ws, plan = self._target()
        nodes = self._tops()
        if not nodes:
            raise OperationRefused("請先選擇要複製的項目。")
        data = operations.copy_subtrees(ws, plan, [n.id for n in nodes])
        clipboard.put(data, clipboard.outline_text(plan, nodes))
        return len(nodes)

    def cut(self) -> None:
        """Copy the selected subtrees, then delete them (one undoable step)."""
        ws, plan = self._target()
        self.copy()
        operations.delete_nodes(ws, plan, [n.id for n in self._tops()])

    def paste(self) -> list[Node]:
        """Paste clipboard subtrees after the current node, or under it when they are one level deeper."""
        ws, plan = self._target()
        data = clipboard.take()
        if data is None:
            raise OperationRefused("剪貼簿中沒有可貼上的計畫項目。")
        levels = {top.get("level") for top in data["nodes"]}
        if len(levels) != 1 or not levels <= {1, 2, 3}:
            raise OperationRefused("剪貼簿中的項目層級不一致，無法貼上。")
        parent_id, index = paste_target(plan, self.window.current_node(), levels.pop())
        nodes = operations.paste_subtrees(ws, plan, data, parent_id, index)
        if nodes:
            self._show(nodes[0].id)
        return nodes


def deleted_text(plan: Plan, nodes: list[Node], methods: int) -> str:
    """Return what a deletion took, for the status bar: what went, and how many methods with it."""
    if len(nodes) == 1:
        node = nodes[0]
        what = f"{LEVEL_NAMES[node.level]}「{plan.label(node)}{node_headline(node)[:30]}」"
    else:
        what = f"選取的 {len(nodes)} 個項目"
    below = [n for top in nodes for n in top.walk() if n is not top and n.level != METHOD]
    parts = []
    if below:
        parts.append(f"{len(below)} 個{LEVEL_NAMES[below[0].level]}")
    if methods and not (len(nodes) == 1 and nodes[0].level == METHOD):
        parts.append(f"{methods} 個方法")
    tail = f"，連同其下的 {'、'.join(parts)}" if parts else ""
    return f"已刪除{what}{tail}。"

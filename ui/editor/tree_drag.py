"""Drag and drop of the plan tree: one node at a time, moved (never copied) within its own plan."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt

from planner.errors import PlannerError
from planner.model import Node
from ui.common.lazy_import import lazy_module

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from planner import operations
    from planner.model import Plan
    from planner.workspace import Workspace
else:
    operations = lazy_module("planner.operations")

log = logging.getLogger(__name__)

NODE_MIME = "application/x-planner-node"
ModelIndex = QModelIndex | QPersistentModelIndex


class NodeDragDrop:
    """The drag-and-drop half of PlanTreeModel (mixed in before QAbstractItemModel)."""

    _ws: Workspace | None
    _plan: Plan | None
    _token: str
    refused: SignalInstance
    node: Callable[[ModelIndex], Node | None]  # PlanTreeModel's

    def supportedDropActions(self) -> Qt.DropAction:
        """Only moves."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Only moves."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """Return the one mime type the tree exchanges."""
        return [NODE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Wrap the dragged node ids (and who dragged them) in mime data."""
        ids: list[int] = []
        for index in indexes:
            node = self.node(index)
            if node is not None and node.id not in ids:
                ids.append(node.id)
        mime = QMimeData()
        plan_id = self._plan.id if self._plan is not None else None
        payload = {"token": self._token, "plan": plan_id, "nodes": ids}
        mime.setData(NODE_MIME, json.dumps(payload).encode("utf-8"))
        return mime

    def _dragged(self, data: QMimeData) -> Node | None:
        """Return the one node a drag of this model carries, None otherwise."""
        if self._plan is None or not data.hasFormat(NODE_MIME):
            return None
        try:
            payload = json.loads(bytes(data.data(NODE_MIME).data()).decode("utf-8"))
        except ValueError:
            return None
        if not isinstance(payload, dict):
            return None
        if payload.get("token") != self._token or payload.get("plan") != self._plan.id:
            return None
        ids = payload.get("nodes") or []
        return self._plan.nodes.get(ids[0]) if len(ids) == 1 else None

    def drop_target(self, node: Node, row: int, parent: ModelIndex) -> tuple[int | None, int, str | None]:
        """Return (parent id, index without the node, refusal) of a drop at row under parent."""
        assert self._plan is not None
        target = self.node(parent)
        if row < 0 and target is not None and target.level == node.level:
            # Dropped onto a node of its own level: put it right after that node.
            row = self._plan.index_of(target) + 1
            target = target.parent
        parent_id = target.id if target is not None else None
        reason = operations.can_move(self._plan, node.id, parent_id)
        kids = self._plan.children_of(parent_id) if reason is None else []
        if row < 0 or row > len(kids):
            row = len(kids)
        if node.parent is target and self._plan.index_of(node) < row:
            row -= 1
        return parent_id, row, reason

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        """Accept a drop only where the node may go (not into itself, at its own level)."""
        node = self._dragged(data)
        if node is None or action not in (Qt.DropAction.MoveAction, Qt.DropAction.IgnoreAction):
            return False
        if self._ws is None or self._ws.read_only:
            return False
        return self.drop_target(node, row, parent)[2] is None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex) -> bool:
        """Perform a drop as ONE move; return False so the view removes nothing afterwards."""
        node = self._dragged(data)
        if node is None or action != Qt.DropAction.MoveAction or self._ws is None or self._plan is None:
            return False
        parent_id, index, reason = self.drop_target(node, row, parent)
        if reason is not None:
            self.refused.emit(reason)
            return False
        try:
            operations.move_node(self._ws, self._plan, node.id, parent_id, index)
        except PlannerError as exc:
            self.refused.emit(str(exc))
        return False

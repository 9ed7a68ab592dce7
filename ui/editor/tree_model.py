"""The content tree of one plan as a Qt item model, kept in step with the workspace's change notices."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from planner.changes import (
    NodeChanged,
    NodeMoved,
    NodesInserted,
    NodesRemoved,
    PlanReloaded,
    UnitsChanged,
)
from planner.errors import PlannerError
from planner.model import Node, Plan
from planner.numerals import ITEM, METHOD, months_text
from ui.common.lazy_import import lazy_module
from ui.common.texts import node_headline
from ui.common.ws_signals import WorkspaceSignals

if TYPE_CHECKING:
    from planner import operations
    from planner.workspace import Workspace
else:
    operations = lazy_module("planner.operations")

log = logging.getLogger(__name__)

NODE_MIME = "application/x-planner-node"
HEADERS = ("項目", "業務單位", "查核月份")
COL_TITLE, COL_UNITS, COL_MONTHS = range(3)
NodeIdRole = Qt.ItemDataRole.UserRole + 1
LevelRole = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex
_GREY = QBrush(QColor(128, 128, 128))


_READ_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_WRITE_FLAGS = _READ_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_TITLE_FLAGS = _WRITE_FLAGS | Qt.ItemFlag.ItemIsEditable


class PlanTreeModel(QAbstractItemModel):
    """Rows are the plan's nodes (internalId = node id); three columns: item, units, months."""

    refused = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self._move_reset = False
        self._token = f"{os.getpid()}-{id(self)}"
        self._bold = QFont()
        self._bold.setBold(True)
        self._signals = WorkspaceSignals(self)
        self._signals.changing.connect(self._changing)
        self._signals.changed.connect(self._changed)

    # ------------------------------------------------------------ what is shown

    @property
    def ws(self) -> Workspace | None:
        """Return the workspace whose changes the model follows."""
        return self._ws

    @property
    def plan(self) -> Plan | None:
        """Return the plan shown."""
        return self._plan

    def set_workspace(self, ws: Workspace | None, plan: Plan | None = None) -> None:
        """Follow another workspace (or none) and show one of its plans."""
        self.beginResetModel()
        self._signals.attach(ws)
        self._ws, self._plan = ws, plan
        self.endResetModel()

    def set_plan(self, plan: Plan | None) -> None:
        """Show another plan of the same workspace."""
        if plan is self._plan:
            return
        self.beginResetModel()
        self._plan = plan
        self.endResetModel()

    # ------------------------------------------------------------ lookups

    def node(self, index: ModelIndex) -> Node | None:
        """Return the node of an index, None for the root or a stale index."""
        if not index.isValid() or self._plan is None:
            return None
        return self._plan.nodes.get(index.internalId())

    def index_for(self, node_id: int | None, column: int = 0) -> QModelIndex:
        """Return the index of a node id (invalid for None or an unknown id)."""
        if node_id is None or self._plan is None or node_id not in self._plan.nodes:
            return QModelIndex()
        node = self._plan.nodes[node_id]
        return self.createIndex(self._plan.index_of(node), column, node.id)

    def _children(self, parent: ModelIndex) -> list[Node]:
        if self._plan is None:
            return []
        if not parent.isValid():
            return self._plan.items
        node = self.node(parent)
        return node.children if node is not None else []

    # ------------------------------------------------------------ QAbstractItemModel

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Return the index of a row under a parent."""
        plan = self._plan  # inlined lookups: the filter proxy calls this once or twice per row
        if plan is None or column < 0 or column >= len(HEADERS):
            return QModelIndex()
        if parent.isValid():
            up = plan.nodes.get(parent.internalId()) if parent.column() == 0 else None
            kids = up.children if up is not None else []
        else:
            kids = plan.items
        if not 0 <= row < len(kids):
            return QModelIndex()
        return self.createIndex(row, column, kids[row].id)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Return the parent index of an index."""
        plan = self._plan
        node = plan.nodes.get(index.internalId()) if plan is not None and index.isValid() else None
        up = node.parent if node is not None else None
        if up is None:
            return QModelIndex()
        return self.createIndex(plan.index_of(up), 0, up.id)  # type: ignore[union-attr]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Return how many children a row has."""
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Return the column count."""
        return len(HEADERS)

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        """Return whether a row has children."""
        plan = self._plan
        if plan is None:
            return False
        if not parent.isValid():
            return bool(plan.items)
        node = plan.nodes.get(parent.internalId()) if parent.column() == 0 else None
        return node is not None and bool(node.children)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the column headers."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return what a cell shows."""
        node = self.node(index)
        if node is None or self._plan is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_TITLE:
                return self._plan.label(node) + (node_headline(node) or "（空白）")
            if column == COL_UNITS:
                return "、".join(self._ws.unit_names(node.units, self._plan.year)) if self._ws is not None else ""
            if column == COL_MONTHS:
                return months_text(node.months)
            return None
        if role == Qt.ItemDataRole.EditRole:
            return node.title if column == COL_TITLE else None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            parts = [node.title.strip(), node.body.strip()[:400]]
            return "\n".join(p for p in parts if p) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_TITLE and not node.title.strip():
            return _GREY
        if role == Qt.ItemDataRole.FontRole and column == COL_TITLE and node.level == ITEM:
            return self._bold
        if role == NodeIdRole:
            return node.id
        if role == LevelRole:
            return node.level
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Return what can be done with a cell."""
        writable = self._ws is not None and not self._ws.read_only
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if writable else Qt.ItemFlag.NoItemFlags
        if not writable:
            return _READ_FLAGS  # combined once: or-ing Qt flags runs Python enum code (the view asks every row)
        return _TITLE_FLAGS if index.column() == COL_TITLE else _WRITE_FLAGS

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a node's title (inline editing) as one undoable edit."""
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or index.column() != COL_TITLE:
            return False
        assert self._ws is not None and self._plan is not None
        try:
            operations.set_fields(self._ws, self._plan, node.id, title=str(value))
        except PlannerError as exc:
            self.refused.emit(str(exc))
            return False
        return True

    # ------------------------------------------------------------ drag and drop

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

    # ------------------------------------------------------------ change notices

    def _changing(self, change: object) -> None:
        self._on_change(True, change)

    def _changed(self, change: object) -> None:
        self._on_change(False, change)

    def _on_change(self, before: bool, change: object) -> None:
        """Translate a workspace notice (before or after the change) into Qt's begin…/end… calls."""
        plan = self._plan
        if isinstance(change, UnitsChanged):
            if not before:
                self._emit_column(COL_UNITS)
            return
        if plan is None or getattr(change, "plan_id", None) != plan.id:
            return
        if isinstance(change, NodesInserted):
            self._inserted(before, change)
        elif isinstance(change, NodesRemoved):
            self._removed(before, change)
        elif isinstance(change, NodeMoved):
            self._moved(before, change)
        elif isinstance(change, NodeChanged):
            if not before:
                self._node_changed(change)
        elif isinstance(change, PlanReloaded):
            self._reloaded(before, change)

    def _inserted(self, before: bool, change: NodesInserted) -> None:
        parent = self.index_for(change.parent_id)
        if before:
            self.beginInsertRows(parent, change.index, change.index + change.count - 1)
            return
        self.endInsertRows()
        self._renumber(change.parent_id, change.index + change.count)

    def _removed(self, before: bool, change: NodesRemoved) -> None:
        parent = self.index_for(change.parent_id)
        if before:
            self.beginRemoveRows(parent, change.index, change.index + change.count - 1)
            return
        self.endRemoveRows()
        self._renumber(change.parent_id, change.index)

    def _moved(self, before: bool, change: NodeMoved) -> None:
        if before:
            src = self.index_for(change.src_parent_id)
            dst = self.index_for(change.dst_parent_id)
            dest_child = change.dst_index
            if change.src_parent_id == change.dst_parent_id and change.dst_index > change.src_index:
                dest_child += 1
            self._move_reset = not self.beginMoveRows(src, change.src_index, change.src_index, dst, dest_child)
            if self._move_reset:
                log.warning("unexpected move %s: resetting the tree", change)
                self.beginResetModel()
            return
        if self._move_reset:
            self._move_reset = False
            self.endResetModel()
            return
        self.endMoveRows()
        self._renumber(change.src_parent_id, change.src_index)
        self._renumber(change.dst_parent_id, change.dst_index)
        assert self._plan is not None
        self._emit_subtree(self._plan.nodes[change.node_id])

    def _node_changed(self, change: NodeChanged) -> None:
        assert self._plan is not None
        node = self._plan.nodes.get(change.node_id)
        if node is None:
            return
        if "numbered" in change.fields:
            self._renumber(node.parent.id if node.parent else None, 0)
        row = self._plan.index_of(node)
        first = self.createIndex(row, 0, node.id)
        last = self.createIndex(row, len(HEADERS) - 1, node.id)
        self.dataChanged.emit(first, last, [])

    def _reloaded(self, before: bool, change: PlanReloaded) -> None:
        if before:
            self.beginResetModel()
            return
        assert self._ws is not None
        try:
            self._plan = self._ws.plan_by_id(change.plan_id)
        except KeyError:
            self._plan = None
        self.endResetModel()

    # ------------------------------------------------------------ repaint helpers

    def _renumber(self, parent_id: int | None, start: int) -> None:
        """Repaint the labels of the siblings from start on (numbers are positional)."""
        assert self._plan is not None
        if parent_id is not None and parent_id not in self._plan.nodes:
            return
        kids = self._plan.children_of(parent_id)
        if start < len(kids):
            first = self.createIndex(start, COL_TITLE, kids[start].id)
            last = self.createIndex(len(kids) - 1, COL_TITLE, kids[-1].id)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])

    def _emit_subtree(self, node: Node) -> None:
        """Repaint a node and its descendants (their labels change with their level)."""
        assert self._plan is not None
        row = self._plan.index_of(node)
        index = self.createIndex(row, COL_TITLE, node.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole])
        for child in node.children:
            self._emit_subtree(child)

    def _emit_column(self, column: int) -> None:
        """Repaint one column of every method row (unit names changed)."""
        if self._plan is None:
            return

        def visit(kids: list[Node]) -> None:
            if kids and kids[0].level == METHOD:
                first = self.createIndex(0, column, kids[0].id)
                last = self.createIndex(len(kids) - 1, column, kids[-1].id)
                self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])
                return
            for kid in kids:
                visit(kid.children)

        visit(self._plan.items)

"""The content tree of one plan as a Qt item model, filtered by the find bar, kept in step with the workspace.

Unfiltered, the rows are the plan's own children lists. While the find bar filters, the model serves the
tree of shown nodes (ui/editor/filter_model.py) itself: a criteria change is one walk of the plan and one
layoutChanged (persistent indexes, hence selection, current row and expansion, follow their nodes), and an
edit is one walk and precise row insertions, removals and moves on the shown structure. There is no proxy
model in the chain: Qt asks this model directly, and parent() is O(1) through the node's stored parent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from planner.changes import (
    HistoryChanged,
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
from ui.editor.tree_drag import NODE_MIME, NodeDragDrop
from ui.editor.tree_filter import COL_MONTHS, COL_TITLE, COL_UNITS, NO_NODES, ShownTreeModel, _create_index

if TYPE_CHECKING:
    from planner import operations
    from planner.workspace import Workspace
else:
    operations = lazy_module("planner.operations")

log = logging.getLogger(__name__)

__all__ = ["COL_MONTHS", "COL_TITLE", "COL_UNITS", "HEADERS", "NODE_MIME", "LevelRole", "NodeIdRole", "PlanTreeModel"]

HEADERS = ("項目", "業務單位", "查核月份")
NodeIdRole = Qt.ItemDataRole.UserRole + 1
LevelRole = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex
_GREY = QBrush(QColor(128, 128, 128))
_MATCH = QBrush(QColor(255, 243, 176))

# combined once: or-ing Qt flags runs Python enum code, and the view asks every row when it lays out
_READ = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_WRITE = _READ | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_TITLE = _WRITE | Qt.ItemFlag.ItemIsEditable
_LEAF = Qt.ItemFlag.ItemNeverHasChildren  # a 方法: the view then skips hasChildren()
_FLAGS = {  # (writable, title column, 方法) -> flags
    (False, False, False): _READ,
    (False, True, False): _READ,
    (False, False, True): _READ | _LEAF,
    (False, True, True): _READ | _LEAF,
    (True, False, False): _WRITE,
    (True, True, False): _TITLE,
    (True, False, True): _WRITE | _LEAF,
    (True, True, True): _TITLE | _LEAF,
}


class PlanTreeModel(NodeDragDrop, ShownTreeModel):
    """Rows are the plan's shown nodes (internalId = node id); three columns: item, units, months."""

    refused = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
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
        self._rebuild()
        self.endResetModel()

    def set_plan(self, plan: Plan | None) -> None:
        """Show another plan of the same workspace."""
        if plan is self._plan:
            return
        self.beginResetModel()
        self._plan = plan
        self._rebuild()
        self.endResetModel()

    def node(self, index: ModelIndex) -> Node | None:
        """Return the node of an index, None for the root or a stale index."""
        if not index.isValid() or self._plan is None:
            return None
        return self._plan.nodes.get(index.internalId())

    def cell_text(self, node: Node, column: int) -> str:
        """Return the text a node shows in a column ("" for a node of no plan shown)."""
        plan = self._plan
        if plan is None or node.id not in plan.nodes:
            return ""
        if column == COL_TITLE:
            return plan.label(node) + (node_headline(node) or "（空白）")
        if column == COL_UNITS:
            return "、".join(self._ws.unit_names(node.units, plan.year)) if self._ws is not None else ""
        return months_text(node.months) if column == COL_MONTHS else ""

    # ------------------------------------------------------------ QAbstractItemModel

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Return the index of a row under a parent."""
        plan = self._plan  # inlined lookups: the view calls this once per row it lays out
        if plan is None or column < 0 or column > COL_MONTHS:
            return QModelIndex()
        shown = self._shown
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            if shown is None:
                up = plan.nodes.get(parent.internalId())
                kids = up.children if up is not None else NO_NODES
            else:
                kids = shown.kids.get(parent.internalId(), NO_NODES)
        else:
            kids = plan.items if shown is None else shown.kids[None]
        if 0 <= row < len(kids):
            return _create_index(self, row, column, kids[row].id)
        return QModelIndex()

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Return the parent index of an index, O(1): the node's parent and its cached row."""
        plan = self._plan
        if plan is None or not index.isValid():
            return QModelIndex()
        shown = self._shown
        if shown is None:
            node = plan.nodes.get(index.internalId())
            up = node.parent if node is not None else None
            return QModelIndex() if up is None else _create_index(self, plan.index_of(up), 0, up.id)
        up = shown.up.get(index.internalId())
        if up is None:
            return QModelIndex()
        above = shown.up.get(up.id)
        row = self._row(up.id, shown.kids.get(None if above is None else above.id, NO_NODES))
        return _create_index(self, row, 0, up.id) if row >= 0 else QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Return how many children a row has."""
        if not parent.isValid():
            return len(self._kids_of(None))
        return len(self._kids_of(parent.internalId())) if parent.column() == 0 else 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Return the column count."""
        return len(HEADERS)

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        """Return whether a row has children."""
        if not parent.isValid():
            return bool(self._kids_of(None))
        return parent.column() == 0 and bool(self._kids_of(parent.internalId()))

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
            return self.cell_text(node, column)
        if role == Qt.ItemDataRole.EditRole:
            return node.title if column == COL_TITLE else None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            parts = [node.title.strip(), node.body.strip()[:400]]
            return "\n".join(p for p in parts if p) or None
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_TITLE and self._shown is not None:
            return _MATCH if node.id in self._filter.matched else None
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
        ws, plan = self._ws, self._plan
        writable = ws is not None and not ws.read_only
        if not index.isValid() or plan is None:
            return Qt.ItemFlag.ItemIsDropEnabled if writable else Qt.ItemFlag.NoItemFlags
        node = plan.nodes.get(index.internalId())
        return _FLAGS[writable, index.column() == COL_TITLE, node is not None and node.level == METHOD]

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
                self._units_changed()
            return
        if isinstance(change, HistoryChanged):
            if not before:
                self._flush()
            return
        if plan is None or getattr(change, "plan_id", None) != plan.id:
            return
        if isinstance(change, PlanReloaded):
            self._reloaded(before, change)
        elif self._shown is not None:
            if not before:
                self._changed_while_filtered(change)
        elif isinstance(change, NodesInserted):
            self._inserted(before, change)
        elif isinstance(change, NodesRemoved):
            self._removed(before, change)
        elif isinstance(change, NodeMoved):
            self._moved(before, change)
        elif isinstance(change, NodeChanged):
            if not before:
                self._node_changed(change)

    def _inserted(self, before: bool, change: NodesInserted) -> None:
        parent = self._index(change.parent_id, 0)
        if before:
            self.beginInsertRows(parent, change.index, change.index + change.count - 1)
            return
        self.endInsertRows()
        self._renumber(change.parent_id, change.index + change.count)

    def _removed(self, before: bool, change: NodesRemoved) -> None:
        parent = self._index(change.parent_id, 0)
        if before:
            self.beginRemoveRows(parent, change.index, change.index + change.count - 1)
            return
        self.endRemoveRows()
        self._renumber(change.parent_id, change.index)

    def _moved(self, before: bool, change: NodeMoved) -> None:
        if before:
            src = self._index(change.src_parent_id, 0)
            dst = self._index(change.dst_parent_id, 0)
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
        first = self._index(node.id, 0)
        if first.isValid():
            self.dataChanged.emit(first, first.siblingAtColumn(COL_MONTHS), [])

    def _reloaded(self, before: bool, change: PlanReloaded) -> None:
        if before:
            self.beginResetModel()
            return
        assert self._ws is not None
        try:
            self._plan = self._ws.plan_by_id(change.plan_id)
        except KeyError:
            self._plan = None
        self._rebuild()
        self.endResetModel()

    def _units_changed(self) -> None:
        """Unit names (and, after a merge, node units) changed: re-match, then repaint the units column."""
        if self._shown is not None and self._plan is not None and self._filter.unit is not None:
            self._filter.matched = {n.id for n in self._plan.walk() if self._filter.node_matches(n)}
            self._pending = True
            self._flush()
        self._emit_column(COL_UNITS)

    # ------------------------------------------------------------ repaint helpers

    def _renumber(self, parent_id: int | None, start: int) -> None:
        """Repaint the labels of the siblings from start on (numbers are positional)."""
        assert self._plan is not None
        if parent_id is not None and parent_id not in self._plan.nodes:
            return
        self._repaint_rows(self._kids_of(parent_id), start)

    def _emit_column(self, column: int) -> None:
        """Repaint one column of every shown method row (unit names changed)."""

        def visit(kids: Sequence[Node]) -> None:
            if kids and kids[0].level == METHOD:
                self._repaint_rows(kids, 0, column)
                return
            for kid in kids:
                visit(self._kids_of(kid.id))

        visit(self._kids_of(None))

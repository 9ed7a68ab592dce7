"""The tree view of the plan: node-level selection helpers over the (filtering) tree model, and drop handling."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from planner.model import Node
from ui.editor.tree_model import COL_MONTHS, COL_TITLE, COL_UNITS, PlanTreeModel


class PlanTreeView(QTreeView):
    """Shows a PlanTreeModel (which filters itself); speaks in nodes rather than indexes."""

    currentNodeChanged = Signal(object)

    def __init__(self, model: PlanTreeModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.source = model
        self.setModel(model)
        self.setObjectName("tree_view")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.setExpandsOnDoubleClick(False)
        # DragDrop rather than InternalMove: the model refuses foreign drags itself (canDropMimeData),
        # and dropEvent below stops the view from removing rows after a move.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_UNITS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MONTHS, QHeaderView.ResizeMode.Interactive)
        self.selectionModel().currentChanged.connect(self._current_changed)
        model.modelReset.connect(self.expandAll)
        model.modelReset.connect(self.fit_columns)
        model.rowsInserted.connect(self._expand_inserted)
        model.layoutChanged.connect(self._restore_current)
        model.filterChanged.connect(self._filter_changed)
        # nodes the user closed while a search is on stay closed while it is refined (see _expand_shown)
        self._closed: set[int] = set()
        self.collapsed.connect(self._note_collapsed)
        self.expanded.connect(self._note_expanded)

    def fit_columns(self) -> None:
        """Size the units and months columns to their longest text, within sensible bounds."""
        metrics = self.fontMetrics()
        plan = self.source.plan
        for column, least, most in (
            (COL_UNITS, "業務單位", "閱覽服務課、推廣課、資訊課"),
            (COL_MONTHS, "查核月份", "3月、6月、9月、12月"),
        ):
            texts = [self.source.cell_text(n, column) for n in plan.walk()] if plan else []
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            low, high = metrics.horizontalAdvance(least), metrics.horizontalAdvance(most)
            self.header().resizeSection(column, min(max(widest, low), high) + 2 * metrics.averageCharWidth() + 8)

    # ------------------------------------------------------------ nodes

    def node_at(self, index: QModelIndex) -> Node | None:
        """Return the node of a view index."""
        return self.source.node(index) if index.isValid() else None

    def current_node(self) -> Node | None:
        """Return the node of the current row."""
        return self.node_at(self.currentIndex())

    def selected_nodes(self) -> list[Node]:
        """Return the selected nodes in document order (the current one if nothing is selected)."""
        plan = self.source.plan
        if plan is None:
            return []
        nodes = {n.id: n for n in (self.node_at(i) for i in self.selectionModel().selectedRows(COL_TITLE)) if n}
        current = self.current_node()
        if not nodes and current is not None:
            nodes = {current.id: current}

        def place(node: Node) -> list[int]:
            return [plan.index_of(n) for n in (*node.ancestors(), node)]

        # sorted by their paths rather than found by a walk of the plan: the selection changes on every edit
        return sorted(nodes.values(), key=place) if len(nodes) > 1 else list(nodes.values())

    def view_index(self, node_id: int | None) -> QModelIndex:
        """Return the view index of a node id (invalid when filtered out or unknown)."""
        return self.source.index_for(node_id)

    def select_node(self, node_id: int | None) -> bool:
        """Make a node the current, only selected row and scroll to it; False if it is not shown."""
        index = self.view_index(node_id)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
            | QItemSelectionModel.SelectionFlag.Current
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
        return True

    def select_nodes(self, node_ids: list[int]) -> None:
        """Select the shown rows of these nodes (the current row stays); nothing for an empty list."""
        rows = QItemSelection()
        for node_id in node_ids:
            index = self.view_index(node_id)
            if index.isValid():
                rows.select(index, index)
        if not rows.isEmpty():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.selectionModel().select(rows, flags)

    # ------------------------------------------------------------ events

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.currentNodeChanged.emit(self.node_at(current))

    def _expand_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """Show inserted subtrees (a pasted or restored 要項) opened."""
        for row in range(first, last + 1):
            self.expandRecursively(self.source.index(row, 0, parent))

    def _restore_current(self) -> None:
        """After a filter change, tell listeners which node is current now."""
        self.currentNodeChanged.emit(self.current_node())

    def _filter_changed(self) -> None:
        """Open the shown nodes; dragging is off while a filter hides rows (positions would be ambiguous)."""
        self._expand_shown()
        active = self.source.filter_active
        self.setDragEnabled(not active)
        self.setAcceptDrops(not active)
        if not active:
            self._closed.clear()  # clearing the search forgets the closings

    def _note_collapsed(self, index: QModelIndex) -> None:
        node = self.node_at(index)
        if self.source.filter_active and node is not None:
            self._closed.add(node.id)

    def _note_expanded(self, index: QModelIndex) -> None:
        node = self.node_at(index)
        if node is not None:
            self._closed.discard(node.id)

    def _expand_shown(self) -> None:
        """After a criteria change, open every shown node with shown children (the matches are in view).

        Nodes that stayed shown keep their state through the layout change; this opens the others without
        expandAll()'s second full layout: while the layout is pending, expand() only records the index. A node
        the user closed during this search stays closed while it stays shown.
        """
        closed, still = self._closed, set()
        for index in self.source.shown_parents():
            if closed:
                node = self.source.node(index)
                if node is not None and node.id in closed:
                    still.add(node.id)
                    continue
            if not self.isExpanded(index):
                self.expand(index)
        self._closed = still  # a closed node the search hid comes back opened, like any other

    def dropEvent(self, event: QDropEvent) -> None:
        """Let the model move the node, then tell the drag source that nothing is to be removed."""
        super().dropEvent(event)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()

"""The find/filter proxy over the plan tree: text, unit and month, matches shown with their ancestors.

Linear in the plan: the ids to show (matches, their ancestors and descendants) are computed once per
criteria change by one walk of the plan, and filterAcceptsRow is a set lookup. Qt's recursive filtering
is off: its incremental path asked parent() millions of times per keystroke at 5,000 methods.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from planner.model import Node, Plan
from ui.editor.tree_model import COL_TITLE, PlanTreeModel

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
_MATCH = QBrush(QColor(255, 243, 176))

_BEFORE_SIGNALS = (
    "rowsAboutToBeInserted",
    "rowsAboutToBeRemoved",
    "rowsAboutToBeMoved",
    "modelAboutToBeReset",
    "layoutAboutToBeChanged",
    "dataChanged",
)
_AFTER_SIGNALS = ("rowsInserted", "rowsRemoved", "rowsMoved", "dataChanged", "modelReset", "layoutChanged")


class PlanFilterModel(QSortFilterProxyModel):
    """Keeps the rows whose node matches every set criterion, plus their ancestors and descendants."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._words: list[str] = []
        self._unit: int | None = None
        self._month: int | None = None
        self._matched: set[int] = set()
        self._visible: set[int] = set()
        self._applied: set[int] = set()  # the visible set the proxy's rows were last filtered with
        self._shown_rows: dict[int, list[bool]] = {}  # parent id (0: the 要項) -> shown flag per row
        self._stale = True
        self._watched: QAbstractItemModel | None = None
        self.setRecursiveFilteringEnabled(False)
        self.setDynamicSortFilter(True)

    # ------------------------------------------------------------ criteria

    @property
    def active(self) -> bool:
        """Return whether any criterion is set."""
        return bool(self._text) or self._unit is not None or self._month is not None

    def set_criteria(self, text: str = "", unit_id: int | None = None, month: int | None = None) -> None:
        """Filter by words in title/body/note, by unit and by review month (None: any)."""
        text = text.strip()
        if (text, unit_id, month) == (self._text, self._unit, self._month):
            return
        self._text, self._unit, self._month = text, unit_id, month
        self._words = [word.casefold() for word in text.split()]
        self._stale = True
        self._refilter()

    def _node_matches(self, node: Node) -> bool:
        """Return whether a node itself meets every criterion (computed, not looked up)."""
        if self._unit is not None and self._unit not in node.units:
            return False
        if self._month is not None and self._month not in node.months:
            return False
        if self._words:
            haystack = f"{node.title}\n{node.body}\n{node.note}".casefold()
            return all(word in haystack for word in self._words)
        return True

    def _refresh(self) -> None:
        """Recompute the matching and visible ids in one walk of the plan."""
        self._stale = False
        self._matched, self._visible, self._shown_rows = set(), set(), {}
        plan = self._plan()
        if plan is None or not self.active:
            return
        matched, visible, shown_rows = self._matched, self._visible, self._shown_rows
        node_matches = self._node_matches

        def visit(nodes: list[Node], under_match: bool) -> list[bool]:
            """Mark nodes (under_match: below a match); return whether each of them shows."""
            flags = []
            for node in nodes:
                hit = node_matches(node)
                if hit:
                    matched.add(node.id)
                below = visit(node.children, under_match or hit) if node.children else []
                shown = under_match or hit or any(below)
                if below:
                    shown_rows[node.id] = below
                if shown:
                    visible.add(node.id)
                flags.append(shown)
            return flags

        shown_rows[0] = visit(plan.items, False)

    def _refilter(self) -> None:
        """Rebuild the proxy's rows against the (fresh) visible set, as one layout change.

        invalidate() rather than the incremental invalidateRowsFilter()/endFilterChange(): that path removes
        and inserts rows range by range, and the expanded view relaid itself out after each range (34 s for a
        keystroke at 5,000 methods even without recursive filtering).
        """
        self.invalidate()
        self._fresh()
        self._applied = self._visible

    def _fresh(self) -> None:
        if self._stale:
            self._refresh()

    # ------------------------------------------------------------ source

    def _plan(self) -> Plan | None:
        model = self.sourceModel()
        return model.plan if isinstance(model, PlanTreeModel) else None

    def _source(self) -> PlanTreeModel:
        model = self.sourceModel()
        assert isinstance(model, PlanTreeModel)
        return model

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        """Follow the source's changes: the visible set goes stale before the proxy looks at them."""
        if self._watched is not None:
            for name in _BEFORE_SIGNALS:
                getattr(self._watched, name).disconnect(self._mark_stale)
            for name in _AFTER_SIGNALS:
                getattr(self._watched, name).disconnect(self._source_changed)
        if model is not None:
            # connected before the proxy's own handlers, so they never see a stale set
            for name in _BEFORE_SIGNALS:
                getattr(model, name).connect(self._mark_stale)
        super().setSourceModel(model)
        if model is not None:
            for name in _AFTER_SIGNALS:
                getattr(model, name).connect(self._source_changed)
        self._watched = model
        self._stale = True

    def _mark_stale(self, *args: object) -> None:
        self._stale = True

    def _source_changed(self, *args: object) -> None:
        """After an edit while filtering, re-filter if it changed which rows show beyond the edited ones."""
        if not self.active:
            return
        self._fresh()
        plan = self._plan()
        alive = self._applied & plan.nodes.keys() if plan is not None else set()
        if self._visible != alive:  # rows removed with their nodes need no re-filtering
            self._refilter()

    # ------------------------------------------------------------ filtering

    def matches(self, node: Node) -> bool:
        """Return whether a node itself meets every criterion."""
        if not self.active:
            return True
        self._fresh()
        return node.id in self._matched

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """Accept a row whose node is in the visible set (a match, or above or below one)."""
        if self._stale:
            self._refresh()
        if not self._text and self._unit is None and self._month is None:
            return True
        flags = self._shown_rows.get(source_parent.internalId() if source_parent.isValid() else 0)
        return flags is not None and 0 <= source_row < len(flags) and flags[source_row]

    def count_matches(self) -> int:
        """Return how many nodes match by themselves."""
        if self._plan() is None or not self.active:
            return 0
        self._fresh()
        return len(self._matched)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Highlight the rows that match by themselves."""
        if role == Qt.ItemDataRole.BackgroundRole and self.active and index.column() == COL_TITLE:
            node = self._source().node(self.mapToSource(index))
            if node is not None and self.matches(node):
                return _MATCH
        return super().data(index, role)

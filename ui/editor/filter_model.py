"""The find/filter proxy over the plan tree: text, unit and month, matches shown with their ancestors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from planner.model import Node
from ui.editor.tree_model import COL_TITLE, PlanTreeModel

ModelIndex = QModelIndex | QPersistentModelIndex
_MATCH = QBrush(QColor(255, 243, 176))


class PlanFilterModel(QSortFilterProxyModel):
    """Keeps the rows whose node matches every set criterion, plus their ancestors and descendants."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._unit: int | None = None
        self._month: int | None = None
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self.setDynamicSortFilter(True)

    @property
    def active(self) -> bool:
        """Return whether any criterion is set."""
        return bool(self._text) or self._unit is not None or self._month is not None

    def set_criteria(self, text: str = "", unit_id: int | None = None, month: int | None = None) -> None:
        """Filter by words in title/body/note, by unit and by review month (None: any)."""
        text = text.strip()
        if (text, unit_id, month) == (self._text, self._unit, self._month):
            return
        if hasattr(self, "endFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._text, self._unit, self._month = text, unit_id, month
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._text, self._unit, self._month = text, unit_id, month
            self.invalidateRowsFilter()

    def _source(self) -> PlanTreeModel:
        model = self.sourceModel()
        assert isinstance(model, PlanTreeModel)
        return model

    def matches(self, node: Node) -> bool:
        """Return whether a node itself meets every criterion."""
        if not self.active:
            return True
        if self._unit is not None and self._unit not in node.units:
            return False
        if self._month is not None and self._month not in node.months:
            return False
        if self._text:
            haystack = f"{node.title}\n{node.body}\n{node.note}".casefold()
            return all(word.casefold() in haystack for word in self._text.split())
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """Accept a row whose node matches (ancestors come from recursive filtering)."""
        source = self._source()
        node = source.node(source.index(source_row, 0, source_parent))
        return node is not None and self.matches(node)

    def count_matches(self) -> int:
        """Return how many nodes match by themselves."""
        plan = self._source().plan
        if plan is None or not self.active:
            return 0
        return sum(1 for node in plan.walk() if self.matches(node))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Highlight the rows that match by themselves."""
        if role == Qt.ItemDataRole.BackgroundRole and self.active and index.column() == COL_TITLE:
            node = self._source().node(self.mapToSource(index))
            if node is not None and self.matches(node):
                return _MATCH
        return super().data(index, role)

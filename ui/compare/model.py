"""The table model of a comparison: 種類 | 現行規定 | 修正規定 | 說明, a kind filter and an HTML delegate."""

from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from planner.compare import ADDED, CHANGED, KINDS, MOVED, REMOVED, SAME, Change, Comparison
from planner.compare.diff import node_lines
from planner.compare.table import default_note
from ui.compare.html import highlight

log = logging.getLogger(__name__)

HtmlRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
KIND_COL, OLD_COL, NEW_COL, NOTE_COL = range(4)
HEADERS = ("種類", "現行規定", "修正規定", "說明")
KIND_COLOURS = {SAME: "#ffffff", CHANGED: "#fff4c2", ADDED: "#d9f5d9", REMOVED: "#f8d7d7", MOVED: "#dbe8fb"}
Index = QModelIndex | QPersistentModelIndex


class CompareModel(QAbstractTableModel):
    """Rows of a comparison; the 說明 column is editable on changed rows when a note setter is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.changes: list[Change] = []
        self.notes: dict[str, str] = {}
        self._html: dict[int, tuple[str, str]] = {}
        self._plain: dict[int, tuple[str, str]] = {}
        self.note_setter: Any = None  # callable(key, text) -> kept?, or None when read-only

    def set_comparison(self, comparison: Comparison | None, notes: dict[str, str] | None = None) -> None:
        """Show a comparison (None: nothing) with the officer's 說明."""
        self.beginResetModel()
        self.comparison = comparison
        self.changes = list(comparison.changes) if comparison else []
        self.notes = dict(notes or {})
        self._html = {}
        self._plain = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the number of changes."""
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Return the four columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Make the 說明 of a changed row editable when notes can be kept."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        change = self.changes[index.row()]
        if index.column() == NOTE_COL and change.kind != SAME and self.note_setter is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _texts(self, row: int) -> tuple[str, str]:
        cached = self._plain.get(row)
        if cached is None:
            change = self.changes[row]
            old = node_lines(change.old) if change.old else ""
            cached = self._plain[row] = (old, node_lines(change.new) if change.new else "")
        return cached

    def html(self, row: int) -> tuple[str, str]:
        """Return the (old, new) cells of a row as highlighted HTML, computed once."""
        cached = self._html.get(row)
        if cached is None:
            old, new = self._texts(row)
            cached = self._html[row] = highlight(old, new) if self.changes[row].kind != SAME else (old, new)
        return cached

    def note(self, change: Change) -> str:
        """Return a row's 說明: the officer's, else the default ("" for 延續)."""
        if change.kind == SAME:
            return ""
        return self.notes.get(change.key) or default_note(change)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the text, the highlighted HTML, the kind or the row colour."""
        if not index.isValid():
            return None
        change = self.changes[index.row()]
        col = index.column()
        if role == KindRole:
            return change.kind
        if role == Qt.ItemDataRole.BackgroundRole and col == KIND_COL:
            return QBrush(QColor(KIND_COLOURS[change.kind]))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, HtmlRole, Qt.ItemDataRole.ToolTipRole):
            if col == KIND_COL:
                return change.kind + ("\n（文字相似）" if change.how == "fuzzy" else "")
            if col == NOTE_COL:
                return self.note(change)
            if role == HtmlRole:
                return self.html(index.row())[0 if col == OLD_COL else 1]
            return self._texts(index.row())[0 if col == OLD_COL else 1]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Keep the officer's 說明 of a row through the note setter."""
        if role != Qt.ItemDataRole.EditRole or index.column() != NOTE_COL or self.note_setter is None:
            return False
        change = self.changes[index.row()]
        text = str(value).strip()
        if text == default_note(change):
            text = ""
        if not self.note_setter(change.key, text):
            return False
        if text:
            self.notes[change.key] = text
        else:
            self.notes.pop(change.key, None)
        self.dataChanged.emit(index, index)
        return True


class KindFilter(QSortFilterProxyModel):
    """Shows only the rows of the chosen kinds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds: set[str] = set(KINDS) - {SAME}

    def set_kinds(self, kinds: set[str]) -> None:
        """Show these kinds only."""
        self.beginFilterChange()
        self.kinds = set(kinds)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Accept a row whose kind is chosen."""
        index = self.sourceModel().index(source_row, KIND_COL, source_parent)
        return index.data(KindRole) in self.kinds


class HtmlDelegate(QStyledItemDelegate):
    """Paints the old and new cells as rich text (the highlighted HTML); row heights estimated cheaply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._metrics: tuple[float, float, float, float] | None = None

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HtmlRole) or "")
        doc.setTextWidth(max(40, option.rect.width()))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the selection background, then the HTML (plain cells as usual)."""
        if index.column() not in (OLD_COL, NEW_COL):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._document(option, index)
        rect = QRectF(option.rect)
        painter.translate(rect.topLeft())
        doc.drawContents(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.translate(-rect.topLeft())

    @staticmethod
    def _measure(option: QStyleOptionViewItem) -> tuple[float, float, float, float]:
        """Return a CJK and a Latin character's advance, the line height and the margins of rich text."""
        probe = QTextDocument()
        probe.setDefaultFont(option.font)
        margin = 2 * probe.documentMargin()
        out = []
        for sample in ("中" * 40, "n" * 40):
            probe.setPlainText(sample)
            out.append((probe.idealWidth() - margin) / 40)
        probe.setHtml("<br/>".join(["中n"] * 10))
        return out[0], out[1], (probe.size().height() - margin) / 10, margin

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Return the height of the wrapped text at the column's width, estimated from the font (no layout)."""
        if index.column() == KIND_COL:
            return super().sizeHint(option, index)
        view = option.widget
        width = view.columnWidth(index.column()) if view is not None and hasattr(view, "columnWidth") else 0
        width = max(40, width or option.rect.width()) - 8
        if self._metrics is None:  # the view's font does not change: measure rich text once
            self._metrics = self._measure(option)
        wide, narrow, spacing, margin = self._metrics
        width -= int(margin)
        lines = 0
        for line in str(index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n"):
            cjk = (len(line.encode("utf-8")) - len(line)) // 2  # CJK characters take 3 bytes in UTF-8
            advance = cjk * wide + (len(line) - cjk) * narrow
            lines += max(1, math.ceil(advance / max(1, width)))
        return QSize(width, int(lines * spacing + margin) + 6)

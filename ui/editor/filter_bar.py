"""The find bar above the tree: words, unit and month, with the number of matches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from planner.model import Unit

TYPING_PAUSE_MS = 180


class FilterBar(QWidget):
    """criteriaChanged(text, unit id or None, month or None) on every change; closed() on Esc or ✕.

    Typing is debounced: the signal follows TYPING_PAUSE_MS after the last keystroke (at once on Return);
    the unit and month choices and clear() emit at once.
    """

    criteriaChanged = Signal(str, object, object)
    closed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_bar")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(QLabel("尋找", self))
        self.text = QLineEdit(self)
        self.text.setObjectName("filter_text")
        self.text.setPlaceholderText("標題、內容或備註中的文字（空格分隔多個詞）")
        self.text.setClearButtonEnabled(True)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._changed)
        self.text.textChanged.connect(self._typed)
        self.text.returnPressed.connect(self._changed)
        row.addWidget(self.text, 1)
        self.unit = QComboBox(self)
        self.unit.setObjectName("filter_unit")
        self.unit.currentIndexChanged.connect(self._changed)
        row.addWidget(self.unit)
        self.month = QComboBox(self)
        self.month.setObjectName("filter_month")
        self.month.addItem("全部月份", None)
        for month in range(1, 13):
            self.month.addItem(f"{month}月查核", month)
        self.month.currentIndexChanged.connect(self._changed)
        row.addWidget(self.month)
        self.count = QLabel(self)
        self.count.setObjectName("filter_count")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("符合 999 項"))
        row.addWidget(self.count)
        close = QToolButton(self)
        close.setObjectName("filter_close")
        close.setText("✕")
        close.setToolTip("關閉尋找（Esc）")
        close.clicked.connect(self.closed)
        row.addWidget(close)
        self.set_units([])

    def set_units(self, units: list[Unit]) -> None:
        """List the units to filter by (keeping the choice when it still exists)."""
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("全部單位", None)
        for unit in units:
            self.unit.addItem(unit.name + ("（已停用）" if unit.retired else ""), unit.id)
        at = self.unit.findData(chosen)
        self.unit.setCurrentIndex(max(at, 0))
        self.unit.blockSignals(False)
        if at < 0 and chosen is not None:
            self._changed()

    def criteria(self) -> tuple[str, int | None, int | None]:
        """Return (text, unit id, month)."""
        return self.text.text(), self.unit.currentData(), self.month.currentData()

    def clear(self) -> None:
        """Reset every criterion."""
        for widget in (self.text, self.unit, self.month):
            widget.blockSignals(True)
        self.text.clear()
        self.unit.setCurrentIndex(0)
        self.month.setCurrentIndex(0)
        for widget in (self.text, self.unit, self.month):
            widget.blockSignals(False)
        self._changed()

    def show_count(self, matches: int, active: bool) -> None:
        """Show how many nodes match."""
        self.count.setText(f"符合 {matches} 項" if active else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the bar."""
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def pending(self) -> bool:
        """Return whether typed text waits for the pause before it filters."""
        return self._pause.isActive()

    def _typed(self, _text: str) -> None:
        self._pause.start()

    def _changed(self) -> None:
        self._pause.stop()
        self.criteriaChanged.emit(*self.criteria())

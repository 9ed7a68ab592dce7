"""Twelve toggle buttons 1月…12月 for a method's review months."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QToolButton, QWidget

COLUMNS = 6
STYLE = """
QToolButton { border: 1px solid #b8b8b8; border-radius: 3px; padding: 3px 6px; background: palette(base); }
QToolButton:hover { border-color: palette(highlight); }
QToolButton:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); font-weight: bold;
}
QToolButton:disabled { color: #a0a0a0; }
QToolButton:focus { border: 2px solid #0b57d0; padding: 2px 5px; }
QToolButton:checked:focus { border: 2px solid #002f6c; }
"""


class MonthPicker(QWidget):
    """monthsChosen(months) fires on every click with the months now on."""

    monthsChosen = Signal(list)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for month in range(1, 13):
            button = QToolButton(self)
            button.setText(f"{month}月")
            button.setCheckable(True)
            button.setObjectName(f"detail_month_{month}")
            button.setToolTip(f"{month} 月查核")
            button.setMinimumWidth(44)
            button.clicked.connect(self._clicked)
            grid.addWidget(button, (month - 1) // COLUMNS, (month - 1) % COLUMNS)
            self.buttons.append(button)

    def months(self) -> list[int]:
        """Return the months switched on."""
        return [i + 1 for i, b in enumerate(self.buttons) if b.isChecked()]

    def set_months(self, months: list[int]) -> None:
        """Show months without emitting anything."""
        for i, button in enumerate(self.buttons):
            button.setChecked(i + 1 in months)

    def _clicked(self) -> None:
        self.monthsChosen.emit(self.months())

"""A combo box whose popup is a checklist of units; the choice is committed when the popup closes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox

from planner.model import Unit

UnitIdRole = Qt.ItemDataRole.UserRole + 1
EMPTY_TEXT = "（未指定）"


class UnitComboBox(QComboBox):
    """Multi-select of units: click items to tick them; unitsChosen(ids) fires once when the popup closes."""

    unitsChosen = Signal(list)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._opened_with: list[int] = []
        self._order: list[int] = []
        self._pressed = False  # a press happened inside the open popup (the opening click's release is not a tick)
        self._watching = False  # the popup's events, from its first opening (its list is not built before)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)

    def set_units(self, units: list[Unit], checked: list[int]) -> None:
        """List the choosable units (active ones, plus retired ones still checked) and tick some."""
        self._model.clear()
        for unit in units:
            if unit.retired and unit.id not in checked:
                continue
            item = QStandardItem(unit.name + ("（已停用）" if unit.retired else ""))
            item.setData(unit.id, UnitIdRole)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit.id in checked else Qt.CheckState.Unchecked)
            self._model.appendRow(item)
        self._order = list(checked)
        self._opened_with = self.checked_ids()
        self.update()

    def checked_ids(self) -> list[int]:
        """Return the ticked unit ids: those ticked before keep their order, new ones follow in list order."""
        ticked = [
            self._model.item(row).data(UnitIdRole)
            for row in range(self._model.rowCount())
            if self._model.item(row).checkState() == Qt.CheckState.Checked
        ]
        kept = [u for u in self._order if u in ticked]
        return kept + [u for u in ticked if u not in kept]

    def toggle_row(self, row: int) -> None:
        """Tick or untick one row."""
        item = self._model.item(row)
        if item is None:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self.update()

    def text(self) -> str:
        """Return what the closed box shows: the ticked names joined by 、."""
        names = [
            self._model.item(row).text()
            for row in range(self._model.rowCount())
            if self._model.item(row).checkState() == Qt.CheckState.Checked
        ]
        return "、".join(names) or EMPTY_TEXT

    def showPopup(self) -> None:
        """Remember the choice the popup starts from."""
        self._opened_with = self.checked_ids()
        self._pressed = False
        if not self._watching:
            self._watching = True
            self.view().viewport().installEventFilter(self)
            self.view().installEventFilter(self)
        super().showPopup()

    def hidePopup(self) -> None:
        """Commit the choice if it changed."""
        super().hidePopup()
        chosen = self.checked_ids()
        if chosen != self._opened_with:
            self._opened_with = chosen
            self.unitsChosen.emit(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the popup open while items are ticked with a click (press and release) or the space bar."""
        pressing = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
        viewport = self.view().viewport()
        if watched is viewport and event.type() in pressing:
            self._pressed = True
        if watched is viewport and event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            index = self.view().indexAt(event.position().toPoint())
            if index.isValid() and self._pressed:
                self.toggle_row(index.row())
            self._pressed = False
            return True
        key_press = event.type() == QEvent.Type.KeyPress
        if watched is self.view() and key_press and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space:
            self.toggle_row(self.view().currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event: Any) -> None:
        """Draw the joined names instead of a current item."""
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter  # their enums: 10 ms at start

        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

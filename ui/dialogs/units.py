"""The 單位管理 dialog: add, rename, reorder, merge, retire and restore the agency's units."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner import units
from planner.model import Unit
from planner.workspace import Workspace
from ui.dialogs import blocking

Runner = Callable[..., Any]
UnitRole = Qt.ItemDataRole.UserRole + 1


def usage_text(usage: dict[int, int]) -> str:
    """Return 「115年度 12 個方法、114年度 9 個方法」 or 「未使用」."""
    return "、".join(f"{year}年度 {count} 個方法" for year, count in usage.items()) or "未使用"


class UnitDialog(QDialog):
    """Lists every unit (retired ones greyed) with its use; each button is one undoable edit."""

    def __init__(self, ws: Workspace, run: Runner, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_dialog")
        self.setWindowTitle("單位管理")
        self.resize(560, 420)
        self._ws = ws
        self._run = run
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本機關的業務單位（所有年度的計畫共用）：", self))
        row = QHBoxLayout()
        layout.addLayout(row, 1)
        self.list = QListWidget(self)
        self.list.setObjectName("unit_list")
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self.rename())
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        row.addLayout(buttons)
        self.add_button = self._button("unit_add", "新增…", self.add, buttons)
        self.rename_button = self._button("unit_rename", "改名…", self.rename, buttons)
        self.up_button = self._button("unit_up", "上移", lambda: self.move_selected(-1), buttons)
        self.down_button = self._button("unit_down", "下移", lambda: self.move_selected(1), buttons)
        self.merge_button = self._button("unit_merge", "合併到…", self.merge, buttons)
        self.retire_button = self._button("unit_retire", "停用", self.toggle_retired, buttons)
        buttons.addStretch(1)
        hint = QLabel("停用的單位不再出現在選單中，但已指定的方法仍保留。合併會把所有年度的指定改到另一個單位。", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #606060;")
        layout.addWidget(hint)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.button(QDialogButtonBox.StandardButton.Close).setText("關閉")
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.refresh()

    def _button(self, name: str, text: str, slot: Callable[[], Any], column: QVBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        column.addWidget(button)
        return button

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        """List the units again (after any change), keeping the selection."""
        current = self.current_unit()
        keep = current.id if current else None
        self.list.blockSignals(True)
        self.list.clear()
        for unit in self._ws.units(include_retired=True):
            text = f"{unit.name}　（{usage_text(units.unit_usage(self._ws, unit.id))}）"
            if unit.retired:
                text += "　已停用"
            item = QListWidgetItem(text)
            item.setData(UnitRole, unit.id)
            if unit.retired:
                item.setForeground(QBrush(QColor(128, 128, 128)))
            self.list.addItem(item)
            if unit.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._update_buttons()

    def current_unit(self) -> Unit | None:
        """Return the selected unit."""
        item = self.list.currentItem()
        if item is None:
            return None
        try:
            return self._ws.unit(item.data(UnitRole))
        except KeyError:
            return None

    def select(self, unit_id: int) -> None:
        """Select a unit by id."""
        for row in range(self.list.count()):
            if self.list.item(row).data(UnitRole) == unit_id:
                self.list.setCurrentRow(row)

    def _update_buttons(self) -> None:
        unit = self.current_unit()
        writable = not self._ws.read_only
        self.add_button.setEnabled(writable)
        for button in (self.rename_button, self.up_button, self.down_button, self.merge_button, self.retire_button):
            button.setEnabled(writable and unit is not None)
        self.retire_button.setText("恢復使用" if unit is not None and unit.retired else "停用")

    # ------------------------------------------------------------ editing

    def add(self) -> None:
        """Add a unit after the selected one."""
        name = blocking.ask_text(self, "新增單位", "單位名稱：")
        if name is None:
            return
        current = self.current_unit()
        index = self._ws.unit_list.index(current) + 1 if current else None
        unit = self._run(units.add_unit, self._ws, name, index)
        self.refresh()
        if unit is not None:
            self.select(unit.id)

    def rename(self) -> None:
        """Rename the selected unit in every plan, or (with several years) from a chosen year on."""
        unit = self.current_unit()
        if unit is None:
            return
        name = blocking.ask_text(self, "單位改名", f"「{unit.name}」的新名稱：", unit.name)
        if name is None:
            return
        from_year = None
        years = self._ws.years()
        if len(years) >= 2:
            choices = ["所有年度（每份計畫都印新名稱）", *(f"{y} 年度起（之前的計畫保留舊名稱）" for y in years[1:])]
            at = blocking.ask_item(self, "單位改名", f"「{name}」自哪個年度起使用：", choices)
            if at is None:
                return
            from_year = years[at] if at > 0 else None
        self._run(units.rename_unit, self._ws, unit.id, name, from_year)
        self.refresh()

    def move_selected(self, step: int) -> None:
        """Move the selected unit up or down the list."""
        unit = self.current_unit()
        if unit is None:
            return
        index = self._ws.unit_list.index(unit) + step
        if 0 <= index < len(self._ws.unit_list):
            self._run(units.move_unit, self._ws, unit.id, index)
            self.refresh()

    def merge(self) -> None:
        """Merge the selected unit into another; its assignments in every year follow."""
        unit = self.current_unit()
        if unit is None:
            return
        others = [u for u in self._ws.units(include_retired=True) if u.id != unit.id]
        if not others:
            blocking.warn(self, "合併單位", "沒有其他單位可以合併。")
            return
        names = [u.name + ("（已停用）" if u.retired else "") for u in others]
        at = blocking.ask_item(self, "合併單位", f"把「{unit.name}」合併到：", names)
        if at is None:
            return
        target = others[at]
        usage = usage_text(units.unit_usage(self._ws, unit.id))
        question = (
            f"確定要把「{unit.name}」合併到「{target.name}」嗎？\n\n"
            f"「{unit.name}」的指定（{usage}）都會改為「{target.name}」，"
            f"然後刪除「{unit.name}」。可用「復原」還原。"
        )
        if blocking.confirm(self, "合併單位", question, "合併"):
            self._run(units.merge_units, self._ws, unit.id, target.id)
            self.refresh()
            self.select(target.id)

    def toggle_retired(self) -> None:
        """Retire the selected unit, or bring a retired one back."""
        unit = self.current_unit()
        if unit is not None:
            self._run(units.retire_unit, self._ws, unit.id, not unit.retired)
            self.refresh()


def show_unit_dialog(ws: Workspace, run: Runner, parent: QWidget | None) -> None:
    """Run the unit manager modally."""
    blocking.run(UnitDialog(ws, run, parent))

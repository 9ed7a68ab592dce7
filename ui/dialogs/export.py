"""The scope dialog of exports and printing: all of the plan, one unit's methods, or one 要項."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.export.scope import Scope, scope_for
from planner.model import Plan
from planner.units import ALL_UNITS
from planner.workspace import Workspace
from ui.dialogs import blocking

WHOLE, UNIT, ITEM = "whole", "unit", "item"
TITLE_CHARS = 28


class ScopeDialog(QDialog):
    """Asks which part of the plan to export or print: all of it, one unit's methods, or one 要項."""

    def __init__(self, ws: Workspace, plan: Plan, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_scope_dialog")
        self.setWindowTitle(title)
        self.ws, self.plan = ws, plan
        counts: dict[int, int] = {}
        for method in plan.methods():
            for unit_id in method.units:
                counts[unit_id] = counts.get(unit_id, 0) + 1
        self.units = [u for u in ws.units() if u.name != ALL_UNITS]
        labels = plan.numbering()
        self.items = [item for item in plan.items if item.numbered]

        self.whole = QRadioButton("整份計畫", self)
        self.whole.setObjectName("scope_whole")
        self.by_unit = QRadioButton("單一業務單位：", self)
        self.by_unit.setObjectName("scope_unit")
        self.by_item = QRadioButton("單一要項：", self)
        self.by_item.setObjectName("scope_item")
        self.group = QButtonGroup(self)
        for button in (self.whole, self.by_unit, self.by_item):
            self.group.addButton(button)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("scope_unit_combo")
        for unit in self.units:
            self.unit_combo.addItem(f"{unit.name}（{counts.get(unit.id, 0)} 個方法）", unit.name)
        self.item_combo = QComboBox(self)
        self.item_combo.setObjectName("scope_item_combo")
        for item in self.items:
            text = labels[item.id] + item.title.strip()
            self.item_combo.addItem(text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS] + "…", item.id)
        self.by_unit.setEnabled(bool(self.units))
        self.by_item.setEnabled(bool(self.items))
        self.whole.setChecked(True)
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.by_unit.setChecked(True))
        self.item_combo.currentIndexChanged.connect(lambda _i: self.by_item.setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self._sync())

        grid = QGridLayout()
        grid.addWidget(self.whole, 0, 0, 1, 2)
        grid.addWidget(self.by_unit, 1, 0)
        grid.addWidget(self.unit_combo, 1, 1)
        grid.addWidget(self.by_item, 2, 0)
        grid.addWidget(self.item_combo, 2, 1)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("scope_buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("確定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(f"{plan.year} 年度計畫：要輸出哪些內容？", self))
        column.addLayout(grid)
        column.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        self.unit_combo.setEnabled(self.by_unit.isEnabled())
        self.item_combo.setEnabled(self.by_item.isEnabled())

    def choose(self, kind: str, index: int = 0) -> None:
        """Select a scope kind (whole, unit, item) and the index in its combo box."""
        if kind == UNIT:
            self.unit_combo.setCurrentIndex(index)
            self.by_unit.setChecked(True)
        elif kind == ITEM:
            self.item_combo.setCurrentIndex(index)
            self.by_item.setChecked(True)
        else:
            self.whole.setChecked(True)

    def kind(self) -> str:
        """Return the chosen kind of scope."""
        if self.by_unit.isChecked() and self.unit_combo.currentIndex() >= 0:
            return UNIT
        if self.by_item.isChecked() and self.item_combo.currentIndex() >= 0:
            return ITEM
        return WHOLE

    def scope(self) -> Scope:
        """Return the chosen scope (BadInput when the unit or 要項 no longer exists)."""
        kind = self.kind()
        if kind == UNIT:
            return scope_for(self.ws, self.plan, unit=self.unit_combo.currentData())
        if kind == ITEM:
            return scope_for(self.ws, self.plan, item=self.item_combo.currentIndex() + 1)
        return Scope()


# ---------------------------------------------------------------- asking the scope


def ask_scope(parent: QWidget | None, ws: Workspace, plan: Plan, title: str) -> Scope | None:
    """Ask which part of the plan to output; None when cancelled."""
    dialog = ScopeDialog(ws, plan, title, parent)
    return dialog.scope() if blocking.run(dialog) else None

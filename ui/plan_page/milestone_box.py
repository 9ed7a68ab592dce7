"""The 查核事項（里程碑） table of the plan page: month, optional day, title and unit of each review event."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.model import Milestone, Plan
from ui.common.lazy_import import lazy_module
from ui.dialogs import blocking

if TYPE_CHECKING:
    from planner import plans
    from planner.workspace import Workspace
else:
    plans = lazy_module("planner.plans")

log = logging.getLogger(__name__)

Runner = Callable[..., Any]
IdRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
COL_MONTH, COL_DAY, COL_TITLE, COL_UNIT = range(4)
FIELDS = {COL_MONTH: "month", COL_DAY: "day", COL_TITLE: "title", COL_UNIT: "unit_id"}
ALL_UNITS = "全部單位"
NO_DAY = "—"


class MilestoneDelegate(QStyledItemDelegate):
    """Month and unit as combo boxes, the day as a spin box (blank allowed); commits through the box."""

    def __init__(self, box: MilestoneBox) -> None:
        super().__init__(box)
        self.box = box

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        """Return the editor of a column."""
        column = index.column()
        if column == COL_MONTH:
            combo = QComboBox(parent)
            for month in range(1, 13):
                combo.addItem(f"{month}月", month)
            return combo
        if column == COL_DAY:
            spin = QSpinBox(parent)
            spin.setRange(0, 31)
            spin.setSpecialValueText(NO_DAY)
            return spin
        if column == COL_UNIT:
            combo = QComboBox(parent)
            combo.addItem(ALL_UNITS, None)
            for unit_id, name in self.box.unit_choices():
                combo.addItem(name, unit_id)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        """Show the stored value in the editor."""
        value = index.data(ValueRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QSpinBox):
            editor.setValue(value or 0)
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Commit the editor's value as one edit of the milestone."""
        if isinstance(editor, QComboBox):
            self.box.commit(index.row(), index.column(), editor.currentData())
        elif isinstance(editor, QSpinBox):
            self.box.commit(index.row(), index.column(), editor.value() or None)
        else:
            super().setModelData(editor, model, index)


class MilestoneBox(QGroupBox):
    """Lists a plan's milestones by month; adds, removes and edits them (each one undoable step)."""

    def __init__(self, run: Runner, parent: Any = None) -> None:
        super().__init__("查核事項（里程碑）", parent)
        self.setObjectName("plan_milestones_box")
        self._run = run
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self._filling = False
        self._read_only = False
        column = QVBoxLayout(self)
        hint = QLabel("各月份的查核事項會顯示在「查核行事曆」；單位空白表示全部單位。", self)
        hint.setStyleSheet("color: #707070;")
        column.addWidget(hint)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("plan_milestones")
        self.table.setHorizontalHeaderLabels(["月份", "日", "查核事項", "單位"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegate(MilestoneDelegate(self))
        head = self.table.horizontalHeader()
        for col in (COL_MONTH, COL_DAY):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(COL_UNIT, self.fontMetrics().horizontalAdvance("閱覽服務課（已停用）") + 24)
        self.table.setMinimumHeight(220)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        column.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add = QPushButton("新增…", self)
        self.add.setObjectName("milestone_add")
        self.add.clicked.connect(self.add_milestone)
        self.remove = QPushButton("刪除", self)
        self.remove.setObjectName("milestone_remove")
        self.remove.clicked.connect(self.remove_milestone)
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self._set_triggers()

    # ------------------------------------------------------------ showing

    def unit_choices(self) -> list[tuple[int, str]]:
        """Return (id, name) of the units a milestone may name: the active ones."""
        return [(u.id, u.name) for u in self._ws.units()] if self._ws is not None else []

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid editing."""
        self._read_only = read_only
        self._set_triggers()
        self._enable()

    def _set_triggers(self) -> None:
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(
            triggers.NoEditTriggers
            if self._read_only
            else triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed | triggers.SelectedClicked
        )

    def _enable(self) -> None:
        writable = self._plan is not None and not self._read_only
        self.add.setEnabled(writable)
        self.remove.setEnabled(writable and self.current_milestone() is not None)

    def show_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Show a plan's milestones in month order, keeping the current one selected."""
        self._ws, self._plan = ws, plan
        keep = self.current_milestone()
        self.fill(keep.id if keep is not None else None)

    def rows(self) -> list[Milestone]:
        """Return the milestones in the order shown (by month and day)."""
        if self._plan is None:
            return []
        return sorted(self._plan.milestones, key=lambda m: (m.month, m.day or 0))

    def fill(self, current_id: int | None = None) -> None:
        """Fill the table, selecting a milestone by id."""
        names = (
            {u.id: u.name + ("（已停用）" if u.retired else "") for u in self._ws.units(include_retired=True)}
            if self._ws
            else {}
        )
        rows = self.rows()
        self._filling = True
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(len(rows))
            for row, milestone in enumerate(rows):
                cells = (
                    (f"{milestone.month}月", milestone.month),
                    (f"{milestone.day}日" if milestone.day else NO_DAY, milestone.day),
                    (milestone.title, milestone.title),
                    (
                        names.get(milestone.unit_id, "") if milestone.unit_id is not None else ALL_UNITS,
                        milestone.unit_id,
                    ),
                )
                for column, (text, value) in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(IdRole, milestone.id)
                    item.setData(ValueRole, value)
                    if column != COL_TITLE:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.table.setItem(row, column, item)
            ids = [m.id for m in rows]
            if current_id in ids:
                self.table.setCurrentCell(
                    ids.index(current_id), self.table.currentColumn() if self.table.currentColumn() >= 0 else 0
                )
        finally:
            self.table.blockSignals(False)
            self._filling = False
        self._enable()

    def current_milestone(self) -> Milestone | None:
        """Return the milestone of the current row."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None or self._plan is None:
            return None
        milestone_id = item.data(IdRole)
        return next((m for m in self._plan.milestones if m.id == milestone_id), None)

    # ------------------------------------------------------------ editing

    def commit(self, row: int, column: int, value: Any) -> None:
        """Change one field of the milestone on a row (one undoable edit), then show the stored values."""
        item = self.table.item(row, column)
        if self._filling or self._read_only or item is None or self._ws is None or self._plan is None:
            return
        milestone_id = item.data(IdRole)
        if item.data(ValueRole) != value:
            self._run(plans.set_milestone, self._ws, self._plan, milestone_id, **{FIELDS[column]: value})
        self.fill(milestone_id)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == COL_TITLE and not self._filling:
            self.commit(item.row(), item.column(), item.text().strip())

    def add_milestone(self) -> None:
        """Ask for a title and add a milestone in the current row's month (or January)."""
        if self._ws is None or self._plan is None:
            return
        title = blocking.ask_text(self, "新增查核事項", "查核事項名稱（例：各課室送自行檢核表）：")
        if title is None:
            return
        current = self.current_milestone()
        month = current.month if current is not None else 1
        milestone = self._run(plans.add_milestone, self._ws, self._plan, month, title)
        if milestone is not None:
            self.fill(milestone.id)
            self.table.setFocus()

    def remove_milestone(self) -> None:
        """Remove the current milestone (undoable)."""
        current = self.current_milestone()
        if current is None or self._ws is None or self._plan is None:
            return
        row = self.table.currentRow()
        self._run(plans.remove_milestone, self._ws, self._plan, current.id)
        rows = self.rows()
        self.fill(rows[min(row, len(rows) - 1)].id if rows else None)

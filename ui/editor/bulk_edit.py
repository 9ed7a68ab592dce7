"""The bulk edit dialog: set, add or remove units and review months of the selected methods at once."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.bulk import ADD, REMOVE, SET, ListChange, bulk_edit, changed_list, check_request, selected_methods
from planner.errors import OperationRefused
from planner.model import Node, Unit
from ui.common.window_api import WindowApi
from ui.dialogs import blocking
from ui.widgets.month_picker import MonthPicker

log = logging.getLogger(__name__)

KEEP = "keep"
MODE_TEXTS = ((KEEP, "不修改"), (SET, "設定為"), (ADD, "加入"), (REMOVE, "移除"))
UnitIdRole = Qt.ItemDataRole.UserRole + 1
Checker = Callable[[ListChange | None, ListChange | None], None]


class ModeRow(QWidget):
    """Four radio buttons: 不修改 / 設定為 / 加入 / 移除 (arrow keys move between them)."""

    def __init__(self, name: str, parent: Any = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for mode, text in MODE_TEXTS:
            button = QRadioButton(text, self)
            button.setObjectName(f"bulk_{name}_{mode}")
            self.group.addButton(button)
            self.buttons[mode] = button
            row.addWidget(button)
        row.addStretch(1)
        self.group.buttonToggled.connect(lambda *_: self._one_tab_stop())
        self.buttons[KEEP].setChecked(True)

    def _one_tab_stop(self) -> None:
        """Tab and Shift+Tab stop at the chosen mode only; ← → move between the modes."""
        for button in self.buttons.values():
            policy = Qt.FocusPolicy.StrongFocus if button.isChecked() else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)

    def mode(self) -> str:
        """Return the chosen mode (KEEP, SET, ADD or REMOVE)."""
        return next(m for m, b in self.buttons.items() if b.isChecked())

    def set_mode(self, mode: str) -> None:
        """Choose a mode."""
        self.buttons[mode].setChecked(True)


class BulkEditDialog(QDialog):
    """Asks what to do to the units and months of some methods; request() gives the two changes."""

    def __init__(
        self, methods: list[Node], units: list[Unit], names: dict[int, str], check: Checker, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.setObjectName("bulk_edit_dialog")
        self.setWindowTitle("批次修改業務單位與查核月份")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("月") * 34)
        self.methods = methods
        column = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("bulk_summary")
        self.summary.setWordWrap(True)
        focuses = len({m.parent.id for m in methods if m.parent is not None})
        self.summary.setText(
            f"選取了 <b>{len(methods)}</b> 個方法（在 {focuses} 個重點之下）。"
            "勾選單位或月份，再選擇要「設定為」、「加入」或「移除」。"
        )
        column.addWidget(self.summary)

        unit_box = QGroupBox("業務單位", self)
        unit_column = QVBoxLayout(unit_box)
        self.unit_mode = ModeRow("units", unit_box)
        unit_column.addWidget(self.unit_mode)
        self.unit_list = QListWidget(unit_box)
        self.unit_list.setObjectName("bulk_units")
        self.unit_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unit_list.setToolTip("空白鍵勾選或取消；↑↓ 移動")
        for unit in units:
            have = sum(1 for m in methods if unit.id in m.units)
            if unit.retired and not have:
                continue
            label = names.get(unit.id, unit.name) + ("（已停用）" if unit.retired else "")
            item = QListWidgetItem(f"{label}　（已有 {have}／{len(methods)}）", self.unit_list)
            item.setData(UnitIdRole, unit.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = max(3, min(self.unit_list.count(), 8))
        self.unit_list.setFixedHeight(self.unit_list.sizeHintForRow(0) * rows + 2 * self.unit_list.frameWidth() + 4)
        if self.unit_list.count():
            self.unit_list.setCurrentRow(0)
        unit_column.addWidget(self.unit_list)
        column.addWidget(unit_box)

        month_box = QGroupBox("查核月份", self)
        month_column = QVBoxLayout(month_box)
        self.month_mode = ModeRow("months", month_box)
        month_column.addWidget(self.month_mode)
        self.months = MonthPicker(month_box)
        self.months.setObjectName("bulk_months")
        counts = [(mo, sum(1 for m in methods if mo in m.months)) for mo in range(1, 13)]
        for (month, have), button in zip(counts, self.months.buttons, strict=True):
            button.setObjectName(f"bulk_month_{month}")
            button.setMinimumHeight(button.sizeHint().height())  # the wrapped labels must not squeeze them
            button.setToolTip(f"{month} 月：選取的方法中有 {have} 個已在這個月查核（空白鍵切換）")
        month_column.addWidget(self.months)
        self.month_counts = QLabel(month_box)
        self.month_counts.setObjectName("bulk_month_counts")
        self.month_counts.setStyleSheet("color: #606060;")
        had = "、".join(f"{mo}月 {n} 個" for mo, n in counts if n)
        self.month_counts.setText(f"已有這些月份的方法：{had}" if had else "選取的方法都還沒有查核月份。")
        self.month_counts.setWordWrap(True)
        month_column.addWidget(self.month_counts)
        column.addWidget(month_box)

        self.preview = QLabel(self)
        self.preview.setObjectName("bulk_preview")
        self.preview.setWordWrap(True)
        column.addWidget(self.preview)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("套用", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("bulk_apply")
        self.apply_button.setDefault(True)
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("bulk_cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

        self.unit_list.itemChanged.connect(lambda _item: self._ticked(self.unit_mode))
        self.months.monthsChosen.connect(lambda _months: self._ticked(self.month_mode))
        for row in (self.unit_mode, self.month_mode):
            row.group.buttonToggled.connect(lambda *_: self._update())
        self._order_tabs(cancel)
        self._update()
        self.resize(self.sizeHint())

    def _order_tabs(self, cancel: QWidget) -> None:
        """Tab goes: unit mode, unit list, month mode, the twelve months, 套用, 取消."""
        chain: list[QWidget] = [
            *self.unit_mode.buttons.values(),
            self.unit_list,
            *self.month_mode.buttons.values(),
            *self.months.buttons,
            self.apply_button,
            cancel,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.unit_list.setFocus()

    def _ticked(self, row: ModeRow) -> None:
        """Ticking something while 不修改 is chosen means 設定為."""
        if row.mode() == KEEP:
            row.set_mode(SET)
        self._update()

    def checked_units(self) -> list[int]:
        """Return the ticked unit ids in list order."""
        out = []
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(UnitIdRole))
        return out

    def request(self) -> tuple[ListChange | None, ListChange | None]:
        """Return (units change, months change); None where 不修改 is chosen."""
        unit_mode, month_mode = self.unit_mode.mode(), self.month_mode.mode()
        units = ListChange(unit_mode, tuple(self.checked_units())) if unit_mode != KEEP else None
        months = ListChange(month_mode, tuple(self.months.months())) if month_mode != KEEP else None
        return units, months

    def accept(self) -> None:
        """Close only for a request the library takes; otherwise say why, in the dialog."""
        units, months = self.request()
        try:
            self.check(units, months)
        except OperationRefused as exc:
            QApplication.beep()
            self.preview.setText(str(exc))
            self.preview.setStyleSheet("color: #b3261e;")
            return
        super().accept()

    def _update(self) -> None:
        """Say how many methods the edit would change."""
        units, months = self.request()
        self.preview.setStyleSheet("")
        if units is None and months is None:
            self.preview.setText("請勾選單位或月份，並選擇「設定為」「加入」或「移除」。")
            return
        changed = 0
        for method in self.methods:
            new_units = changed_list(method.units, units, False) if units is not None else method.units
            new_months = changed_list(method.months, months, True) if months is not None else method.months
            changed += new_units != method.units or new_months != method.months
        self.preview.setText(f"按「套用」（Enter）將修改 {changed} 個方法；Esc 取消。")


def run_bulk_edit(window: WindowApi) -> str | None:
    """Ask for a bulk edit of the selected methods and make it; return the status bar line (None: nothing)."""
    window.flush_edits()
    ws, plan = window.ws, window.plan
    if ws is None or plan is None:
        raise OperationRefused("請先開啟工作區並選擇年度計畫。")
    nodes = window.selected_nodes()
    methods = selected_methods(plan, [n.id for n in nodes])
    if not methods:
        raise OperationRefused("請先在左側選取方法（或重點、要項，代表其下所有方法）。")
    names = dict(zip((u.id for u in ws.unit_list), ws.unit_names([u.id for u in ws.unit_list], plan.year), strict=True))
    units_shown = ws.units(include_retired=True)
    dialog = BulkEditDialog(methods, units_shown, names, lambda u, m: check_request(ws, u, m), window.dialog_parent())
    if not blocking.run(dialog):
        return None
    units, months = dialog.request()
    result = bulk_edit(ws, plan, [m.id for m in methods], units=units, months=months)
    log.info("bulk edit: %s", result.message())
    return result.message()

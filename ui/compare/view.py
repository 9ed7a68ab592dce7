"""The compare view: pick two years, see every change side by side, filter by kind, jump to the node."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.compare import KINDS, SAME, Comparison
from planner.compare.match import DEFAULT_THRESHOLD
from planner.compare.table import set_note, stored_notes, write_revision_table
from planner.errors import PlannerError
from planner.versions import compare_sides, plan_versions
from planner.workspace import Workspace
from ui.compare.model import KIND_COL, NEW_COL, NOTE_COL, OLD_COL, CompareModel, HtmlDelegate, KindFilter
from ui.dialogs import blocking as dialogs

log = logging.getLogger(__name__)


class CompareView(QWidget):
    """Two plans side by side; emits node_activated(year, node_id) when a row is double-clicked."""

    node_activated = Signal(int, int)
    statusMessage = Signal(str)  # what an export wrote, for the window's status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.ws: Workspace | None = None
        self.comparison: Comparison | None = None
        self.model = CompareModel(self)
        self.proxy = KindFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()

    def _build(self) -> None:
        self.from_combo = QComboBox(self)
        self.from_combo.setObjectName("compare_from")
        self.to_combo = QComboBox(self)
        self.to_combo.setObjectName("compare_to")
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("compare_threshold")
        self.threshold.setRange(0, 100)
        self.threshold.setValue(int(DEFAULT_THRESHOLD))
        self.threshold.setSuffix(" %")
        self.threshold.setToolTip("沒有複製來源的項目，以文字相似度配對的門檻")
        self.run_button = QPushButton("比較", self)
        self.run_button.setObjectName("compare_run")
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton("匯出修正對照表…", self)
        self.export_button.setObjectName("compare_export")
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        for widget in (QLabel("現行（舊）", self), self.from_combo, QLabel("修正（新）", self), self.to_combo):
            top.addWidget(widget)
        top.addWidget(self.run_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.kind_boxes: dict[str, QCheckBox] = {}
        kinds = QHBoxLayout()
        kinds.addWidget(QLabel("顯示：", self))
        for kind in KINDS:
            box = QCheckBox(kind, self)
            box.setObjectName(f"compare_kind_{KINDS.index(kind)}")
            box.setChecked(kind != SAME)
            box.toggled.connect(self._kinds_changed)
            self.kind_boxes[kind] = box
            kinds.addWidget(box)
        kinds.addStretch(1)
        kinds.addWidget(QLabel("相似度門檻", self))
        kinds.addWidget(self.threshold)
        self.summary = QLabel(self)
        self.summary.setObjectName("compare_summary")
        kinds.addWidget(self.summary)
        self.table = QTableView(self)
        self.table.setObjectName("compare_table")
        self.table.setModel(self.proxy)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.delegate = HtmlDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KIND_COL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OLD_COL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NEW_COL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE_COL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NOTE_COL, 220)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(kinds)
        layout.addWidget(self.table, 1)
        self._update_state()

    # ------------------------------------------------------------ workspace

    def set_workspace(self, ws: Workspace | None) -> None:
        """Show the years of a workspace (the latest two preselected) and clear the table."""
        self.ws = ws
        years = ws.years() if ws is not None else []
        self.reload_choices()
        if len(years) >= 2:
            self.from_combo.setCurrentIndex(self.from_combo.findData(years[-2]))
            self.to_combo.setCurrentIndex(self.to_combo.findData(years[-1]))
        self._show(None)

    def reload_choices(self) -> None:
        """List every year's plan and, after it, its versions (「115 年度 定稿1」), keeping the choices made."""
        ws = self.ws
        for combo in (self.from_combo, self.to_combo):
            chosen = combo.currentData()
            combo.clear()
            for year in ws.years() if ws is not None else []:
                combo.addItem(f"{year} 年度", year)
                assert ws is not None
                for v in plan_versions(ws, ws.plan(year)):
                    combo.addItem(f"{year} 年度 {v.label}", f"{year}@{v.seq}")
            if chosen is not None and combo.findData(chosen) >= 0:
                combo.setCurrentIndex(combo.findData(chosen))

    def showEvent(self, event: QShowEvent) -> None:
        """List versions finalized since the tab was last shown."""
        self.reload_choices()
        super().showEvent(event)

    def set_years(self, from_year: int, to_year: int) -> None:
        """Choose the two years to compare."""
        self.from_combo.setCurrentIndex(self.from_combo.findData(from_year))
        self.to_combo.setCurrentIndex(self.to_combo.findData(to_year))

    def run(self) -> None:
        """Compare the chosen years and show the result."""
        if self.ws is None:
            return
        old, new = self.from_combo.currentData(), self.to_combo.currentData()
        if old is None or new is None:
            dialogs.warn(self, "比較計畫", "請先選擇兩個年度。")
            return
        try:
            comparison = compare_sides(self.ws, _side(old), _side(new), float(self.threshold.value()))
        except PlannerError as exc:
            dialogs.warn(self, "比較計畫", str(exc))
            return
        self._show(comparison)

    def _show(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        notes = stored_notes(self.ws, comparison) if self.ws is not None and comparison is not None else {}
        writable = self.ws is not None and not self.ws.read_only and comparison is not None
        self.model.note_setter = self._keep_note if writable else None
        self.model.set_comparison(comparison, notes)
        self._update_state()

    def _keep_note(self, key: str, text: str) -> bool:
        assert self.ws is not None and self.comparison is not None
        try:
            set_note(self.ws, self.comparison, key, text)
        except PlannerError as exc:
            dialogs.warn(self, "修正對照表說明", str(exc))
            return False
        return True

    def _update_state(self) -> None:
        cmp = self.comparison
        counts = cmp.counts() if cmp is not None else dict.fromkeys(KINDS, 0)
        for kind, box in self.kind_boxes.items():
            box.setText(f"{kind} {counts[kind]}")
        self.export_button.setEnabled(cmp is not None and bool(cmp.changed()))
        self.run_button.setEnabled(self.ws is not None and self.from_combo.count() > 0)
        if cmp is None:
            self.summary.setText("")
        else:
            self.summary.setText(
                f"{self._side_text(self.from_combo)} → {self._side_text(self.to_combo)}，"
                f"顯示 {self.proxy.rowCount()} 列"
                f"（文字相似度門檻 {cmp.threshold:g}）"
            )

    def _side_text(self, combo: QComboBox) -> str:
        return combo.currentText() or "—"

    # ------------------------------------------------------------ filter, jump, export

    def _kinds_changed(self) -> None:
        self.proxy.set_kinds({k for k, box in self.kind_boxes.items() if box.isChecked()})
        self._update_state()

    def visible_kinds(self) -> list[str]:
        """Return the kind of every row shown, top to bottom."""
        return [self.proxy.index(r, KIND_COL).data(Qt.ItemDataRole.UserRole + 2) for r in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        if self.comparison is None or not index.isValid():
            return
        change = self.model.changes[self.proxy.mapToSource(index).row()]
        if change.new is not None:
            self.node_activated.emit(self.comparison.new_plan.year, change.new.node.id)
        elif change.old is not None:
            self.node_activated.emit(self.comparison.old_plan.year, change.old.node.id)

    def export(self) -> None:
        """Write the 修正對照表 of the comparison shown."""
        if self.ws is None or self.comparison is None:
            return
        start = f"{self.comparison.new_plan.year}年度修正對照表.docx"
        kinds = [("Word 文件", ".docx"), ("ODF 文字文件", ".odt")]
        path = dialogs.ask_export_path(self, "匯出修正對照表", self.ws.path.parent / start, kinds)
        if path is None:
            return
        try:
            written = write_revision_table(self.ws, self.comparison, path, self.model.notes)
        except PlannerError as exc:
            dialogs.warn(self, "匯出修正對照表", str(exc))
            return
        self.statusMessage.emit(f"已匯出修正對照表：{written}")


def _side(data: int | str) -> tuple[int, int | None]:
    """Return (year, version or None) of a combo entry's data (115, or 「115@1」 for a version)."""
    if isinstance(data, int):
        return data, None
    year, seq = str(data).split("@")
    return int(year), int(seq)

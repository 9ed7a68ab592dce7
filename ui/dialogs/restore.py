"""檔案 → 從備份還原…: list a workspace's backups and restore one to a new file or over the current one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.store import backups
from planner.workspace import open_workspace
from ui.common.window_api import WindowApi
from ui.dialogs import blocking as dialogs

log = logging.getLogger(__name__)

HEADERS = ["備份時間", "計畫數", "方法數"]


class RestoreDialog(QDialog):
    """Lists the backups of the open workspace, newest first; the buttons restore the selected one."""

    def __init__(self, window: WindowApi, open_path: Callable[[Path], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent or window.dialog_parent())
        self.setObjectName("restore_dialog")
        self.setWindowTitle("從備份還原")
        self.window_ = window
        self.open_path = open_path
        assert window.ws is not None
        self.path = window.ws.path
        self.infos = backups.backup_infos(self.path)
        self.restored: Path | None = None
        layout = QVBoxLayout(self)
        text = (
            f"「{self.path.name}」的備份（每次開啟檔案時自動建立；保留最新 {backups.NEWEST_KEPT} 份，"
            f"以及最近 {backups.DAYS_KEPT} 天每天一份）："
            if self.infos
            else f"「{self.path.name}」還沒有任何備份。"
        )
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(self.infos), len(HEADERS))
        self.table.setObjectName("backup_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, info in enumerate(self.infos):
            counts = [str(info.plans), str(info.methods)] if info.readable else ["損毀", ""]
            cells = [info.when_text, *counts]
            for col, value in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.to_new = QPushButton("還原為新檔案…")
        self.to_new.setObjectName("restore_to_new")
        self.over = QPushButton("覆蓋目前的檔案…")
        self.over.setObjectName("restore_over")
        self.over.setEnabled(not window.ws.read_only)
        buttons.addButton(self.to_new, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.over, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.to_new.clicked.connect(self.restore_to_new)
        self.over.clicked.connect(self.restore_over)
        self.table.itemSelectionChanged.connect(self._update)
        if self.infos:
            self.table.selectRow(0)
        self._update()
        self.resize(520, 360)

    def _update(self) -> None:
        chosen = self.chosen()
        ok = chosen is not None and chosen.readable
        self.to_new.setEnabled(ok)
        self.over.setEnabled(ok and self.window_.ws is not None and not self.window_.ws.read_only)

    def chosen(self) -> backups.BackupInfo | None:
        """Return the selected backup."""
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def restore_to_new(self) -> None:
        """Write the chosen backup as a new workspace file and open it."""
        info = self.chosen()
        if info is None:
            return
        start = self.path.with_name(f"{self.path.stem}-還原-{info.when.strftime('%Y%m%d-%H%M')}.planner")
        target = dialogs.save_file(self, "還原為新檔案", str(start))
        if target is None:
            return
        try:
            backups.restore_to_new(info.path, target)
        except PlannerError as exc:
            dialogs.warn(self, "無法還原", str(exc))
            return
        self.restored = target
        self.accept()
        if self.open_path(target):
            self.window_.show_status(f"已將 {info.when_text} 的備份還原為「{target.name}」。")

    def restore_over(self) -> None:
        """After confirming, put the chosen backup in place of the current file (which is backed up first)."""
        info = self.chosen()
        window = self.window_
        if info is None or window.ws is None:
            return
        text = (
            f"要以 {info.when_text} 的備份（{info.plans} 個計畫、{info.methods} 個方法）"
            f"取代目前的「{self.path.name}」嗎？\n\n"
            "目前的內容會先另存一份備份，之後仍可從備份還原回來。"
        )
        if not dialogs.confirm(self, "覆蓋目前的檔案", text, "覆蓋"):
            return
        window.set_workspace(None)  # closes the file and releases its lock
        try:
            backups.restore_over(self.path, info.path)
            self.restored = self.path
        except PlannerError as exc:
            dialogs.warn(self, "無法還原", str(exc))
        self.accept()
        try:
            window.set_workspace(open_workspace(self.path, backup=False))
        except PlannerError as exc:
            dialogs.warn(window.dialog_parent(), "無法開啟工作區", str(exc))
            return
        if self.restored is not None:
            window.show_status(f"已以 {info.when_text} 的備份取代「{self.path.name}」。")

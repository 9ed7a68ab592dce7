"""What the window shows with no plan: buttons to create or open a workspace, recent files, or a new plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

PathRole = Qt.ItemDataRole.UserRole + 1


class StartPage(QWidget):
    """Welcome page; with an open workspace that has no plan it offers 新增年度計畫 instead."""

    newWorkspace = Signal()
    openWorkspace = Signal()
    openDemo = Signal()
    openRecent = Signal(str)
    newPlan = Signal()
    importPlan = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_page")
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 32, 48, 32)
        column.addStretch(1)
        self.heading = QLabel("提升服務計畫編輯器", self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.heading)
        self.message = QLabel(self)
        self.message.setObjectName("start_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, signal in (
            ("start_import", "匯入去年的計畫檔…", self.importPlan),
            ("start_new_plan", "新增年度計畫…", self.newPlan),
            ("start_new", "新增工作區…", self.newWorkspace),
            ("start_open", "開啟工作區…", self.openWorkspace),
            ("start_demo", "開啟示範工作區", self.openDemo),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setMinimumWidth(260)
            button.clicked.connect(signal)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons[name] = button
        self.recent_label = QLabel("最近開啟的檔案", self)
        column.addWidget(self.recent_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.recent = QListWidget(self)
        self.recent.setObjectName("start_recent")
        self.recent.setMaximumWidth(560)
        self.recent.setMaximumHeight(160)
        self.recent.itemActivated.connect(lambda item: self.openRecent.emit(item.data(PathRole)))
        self.recent.itemDoubleClicked.connect(lambda item: self.openRecent.emit(item.data(PathRole)))
        column.addWidget(self.recent, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)

    def show_welcome(self, recent: list[str]) -> None:
        """No workspace open: offer to create or open one."""
        self.message.setText("每次修改都會立即存入工作區檔案，不需要另外存檔。")
        self.buttons["start_new_plan"].hide()
        self.buttons["start_import"].hide()
        for name in ("start_new", "start_open", "start_demo"):
            self.buttons[name].show()
        self.recent.clear()
        for path in recent:
            item = QListWidgetItem(f"{Path(path).name}　—　{Path(path).parent}")
            item.setData(PathRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        self.recent.setVisible(bool(recent))
        self.recent_label.setVisible(bool(recent))

    def show_no_plan(self, workspace_name: str, writable: bool) -> None:
        """A workspace without plans is open: offer to create the first one."""
        self.message.setText(f"工作區「{workspace_name}」還沒有任何年度計畫。")
        self.buttons["start_new_plan"].setVisible(writable)
        self.buttons["start_import"].setVisible(writable)
        for name in ("start_new", "start_open", "start_demo"):
            self.buttons[name].hide()
        self.recent.hide()
        self.recent_label.hide()

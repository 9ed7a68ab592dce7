"""After an export: 開啟檔案 and 開啟資料夾 beside the status bar message; they leave with the message."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QToolButton

log = logging.getLogger(__name__)

LINK_STYLE = "QToolButton { color: #0b57d0; text-decoration: underline; }"
OFFER_TIMEOUT = 30000


class OpenOffer(QObject):
    """Two link buttons in the status bar that open the file just written or its folder."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self._message = ""
        self.open_file = self._button("status_open_file", "開啟檔案", "用預設的程式開啟剛匯出的檔案", self._open_file)
        self.open_folder = self._button("status_open_folder", "開啟資料夾", "開啟檔案所在的資料夾", self._open_folder)
        window.statusBar().messageChanged.connect(self._message_changed)

    def _button(self, name: str, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self.window)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setStyleSheet(LINK_STYLE)
        button.clicked.connect(slot)
        button.hide()
        self.window.statusBar().addWidget(button)
        return button

    def offer(self, message: str, path: Path) -> None:
        """Show the message with the two buttons for the file written."""
        self.path = Path(path)
        self._message = message
        self.window.statusBar().showMessage(message, OFFER_TIMEOUT)
        self.open_file.show()
        self.open_folder.show()

    def _message_changed(self, message: str) -> None:
        if message != self._message:
            self.open_file.hide()
            self.open_folder.hide()

    def _open(self, target: Path) -> None:
        log.info("opening %s", target)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.window.statusBar().showMessage(f"無法開啟「{target}」。", OFFER_TIMEOUT)

    def _open_file(self) -> None:
        if self.path is not None:
            self._open(self.path)

    def _open_folder(self) -> None:
        if self.path is not None:
            self._open(self.path.parent)

"""說明 → 使用說明 (F1): the plan officer's guide, offline HTML from resources/guide, in a window of its own."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from planner.resources import resource_path
from ui.common.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

GUIDE_SIZE = (1200, 700)
IMAGE_MARGIN = 96


class GuideBrowser(QTextBrowser):
    """A text browser that shrinks the guide's screenshots smoothly to its width (Qt would scale them coarsely)."""

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Return pictures scaled to fit the page; everything else as QTextBrowser loads it."""
        url = QUrl(url)
        if kind == int(QTextDocument.ResourceType.ImageResource.value):
            path = self.source().resolved(url).toLocalFile() if url.isRelative() else url.toLocalFile()
            image = QImage(path)
            if not image.isNull():
                most = max(self.viewport().width() - IMAGE_MARGIN, 320)
                if image.width() > most:
                    image = image.scaledToWidth(most, Qt.TransformationMode.SmoothTransformation)
                return image
        return super().loadResource(kind, url)


def guide_index() -> Path:
    """Return the guide's first page."""
    return resource_path("guide", "index.html")


def open_in_browser(url: QUrl) -> bool:
    """Open a page in the system browser (tests replace this)."""
    return QDesktopServices.openUrl(url)


class GuideWindow(QWidget):
    """A browser of the guide's pages: links between chapters, back and forward, pictures; offline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guide_window")
        self.setWindowTitle("使用說明 — 提升服務計畫編輯器")
        self.browser = GuideBrowser(self)
        self.browser.setObjectName("guide_browser")
        self.browser.setOpenLinks(False)  # _anchor decides: guide pages here, web links in the browser
        self.browser.anchorClicked.connect(self._anchor)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.back = QPushButton("← 上一頁", self)
        self.back.setObjectName("guide_back")
        self.back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.back.setEnabled(False)
        home = QPushButton("目錄", self)
        home.setObjectName("guide_home")
        home.clicked.connect(self.home)
        external = QPushButton("在瀏覽器開啟", self)
        external.setObjectName("guide_external")
        external.setToolTip("用系統的網頁瀏覽器開啟這一頁（不需要網路）")
        external.clicked.connect(lambda: open_in_browser(self.browser.source()))
        row.addWidget(self.back)
        row.addWidget(home)
        row.addStretch(1)
        row.addWidget(external)
        column.addLayout(row)
        column.addWidget(self.browser, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence("Esc"), self, self.close)
        fit_to_screen(self, *GUIDE_SIZE)
        css = guide_index().with_name("guide.css")
        if css.is_file():  # QTextBrowser does not follow <link rel="stylesheet">
            self.browser.document().setDefaultStyleSheet(css.read_text(encoding="utf-8"))
        self.home()

    def home(self) -> None:
        """Show the table of contents."""
        self.browser.setSource(QUrl.fromLocalFile(str(guide_index())))

    def show_page(self, name: str) -> None:
        """Show one chapter by its file name (e.g. 「import.html」)."""
        self.browser.setSource(QUrl.fromLocalFile(str(guide_index().with_name(name))))

    def _anchor(self, url: QUrl) -> None:
        """Follow links between the guide's pages here; web links go to the system browser."""
        if url.isLocalFile() or url.isRelative():
            self.browser.setSource(self.browser.source().resolved(url))
        else:
            open_in_browser(url)


def show_guide(parent: QWidget | None) -> GuideWindow:
    """Show (raising it if already open) the guide window of a main window."""
    window = parent.findChild(GuideWindow, "guide_window") if parent is not None else None
    if window is None:
        window = GuideWindow(parent)
        log.info("guide opened from %s", guide_index())
    window.show()
    window.raise_()
    window.activateWindow()
    return window

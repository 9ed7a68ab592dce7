"""預覽列印: the laid-out pages painted on demand (only those in view), zoom, page keys, orientation and 列印.

Qt's QPrintPreviewWidget records every page as a picture before it shows one: 10,000 pages of a
50,000-method plan took ~700 MB. This view keeps the compact pages (ui/render/sheet.py) and paints
the few visible ones from them whenever it repaints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialog, QLabel, QToolBar, QVBoxLayout, QWidget

from ui.render.boxes import MEASURE_DPI
from ui.render.paint import PagePainter
from ui.render.sheet import Sheets

log = logging.getLogger(__name__)

GAP = 16  # pixels between pages and around them
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0  # pixels per point
BACKGROUND = QColor("#808080")
PAGE, WIDTH = "page", "width"  # how the zoom follows the view's size


class PageView(QAbstractScrollArea):
    """The pages one below the other at a zoom (pixels per point); paints only the pages in view."""

    pageChanged = Signal(int)
    zoomChanged = Signal()

    def __init__(self, sheets: Sheets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_pages")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.sheets = sheets
        self.zoom = 1.0
        self.fit = PAGE  # the zoom follows the view: a whole page (PAGE), its width (WIDTH) or none ("")
        self.page = 1
        self._scrolling = False
        self.painted: list[int] = []  # the pages of the last repaint (for tests and the log)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewport().update())

    # --------------------------------------------------------- geometry

    def count(self) -> int:
        """Return the number of pages."""
        return len(self.sheets.pages)

    def page_size(self) -> tuple[float, float]:
        """Return a page's width and height in pixels at the zoom (every page of a layout has the same size)."""
        first = self.sheets.pages[0] if self.sheets.pages else None
        width, height = (first.width, first.height) if first is not None else (595.0, 842.0)
        return width * self.zoom, height * self.zoom

    def page_top(self, number: int) -> float:
        """Return the top of a page (from 1) in the scrolled content, in pixels."""
        return GAP + (number - 1) * (self.page_size()[1] + GAP)

    def percent(self) -> int:
        """Return the zoom as a percentage of the paper's size on this screen."""
        return round(self.zoom * 72 / self.logicalDpiY() * 100)

    def _relayout(self) -> None:
        """Fit the zoom to the view when asked (a whole page or its width) and set the scroll bars' ranges."""
        view = self.viewport()
        first = self.sheets.pages[0] if self.sheets.pages else None
        if self.fit and first is not None:
            zoom = (view.width() - 2 * GAP) / first.width
            if self.fit == PAGE:
                zoom = min(zoom, (view.height() - 2 * GAP) / first.height)
            self.zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        width, height = self.page_size()
        total_h = GAP + self.count() * (height + GAP)
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, round(total_h - view.height())))
        vbar.setPageStep(view.height())
        vbar.setSingleStep(max(1, round(height / 20)))
        hbar.setRange(0, max(0, round(width + 2 * GAP - view.width())))
        hbar.setPageStep(view.width())
        hbar.setSingleStep(max(1, round(width / 20)))
        self.zoomChanged.emit()

    # --------------------------------------------------------- pages and zoom

    def go_to(self, number: int) -> None:
        """Scroll to a page's top (clamped to the pages there are)."""
        number = min(max(number, 1), max(self.count(), 1))
        self._scrolling = True
        try:
            self.verticalScrollBar().setValue(round(self.page_top(number) - GAP))
        finally:
            self._scrolling = False
        self._set_page(number)
        self.viewport().update()

    def _set_page(self, number: int) -> None:
        if number != self.page:
            self.page = number
            self.pageChanged.emit(number)

    def _scrolled(self, value: int) -> None:
        """Take the page that fills the upper half of the view as the current one."""
        self.viewport().update()
        if self._scrolling:
            return
        pitch = self.page_size()[1] + GAP
        self._set_page(min(max(int((value + self.viewport().height() / 2) // pitch) + 1, 1), max(self.count(), 1)))

    def set_zoom(self, zoom: float) -> None:
        """Show the pages at a zoom (pixels per point), staying on the current page."""
        self.fit = ""
        self.zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        self._relayout()
        self.go_to(self.page)

    def fit_page(self) -> None:
        """Show a whole page in the view (as the preview opens), staying on the current page."""
        self.fit = PAGE
        self._relayout()
        self.go_to(self.page)

    def fit_width(self) -> None:
        """Make the pages as wide as the view, staying on the current page."""
        self.fit = WIDTH
        self._relayout()
        self.go_to(self.page)

    def set_sheets(self, sheets: Sheets) -> None:
        """Show other pages (the plan laid out again), from the first."""
        self.sheets = sheets
        self.page = 0
        self._relayout()
        self.go_to(1)

    # --------------------------------------------------------- Qt

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the page in view when the window is resized."""
        super().resizeEvent(event)
        page = self.page
        self._relayout()
        self.go_to(page)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl + wheel zooms; the wheel alone scrolls."""
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and steps:
            self.set_zoom(self.zoom * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the pages that the view shows from their compact layout."""
        view = self.viewport()
        painter = QPainter(view)
        painter.fillRect(view.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        width, height = self.page_size()
        pitch = height + GAP
        top = self.verticalScrollBar().value()
        left: float = round((view.width() - width) / 2)
        if width + 2 * GAP > view.width():
            left = GAP - self.horizontalScrollBar().value()
        first = max(int((top - GAP) // pitch) + 1, 1)
        last = min(int((top + view.height()) // pitch) + 1, self.count())
        drawer = PagePainter(self.sheets.fonts, painter, self.logicalDpiY(), self.zoom * 72 / MEASURE_DPI)
        outline = QPen(QColor("#404040"))
        outline.setWidth(0)
        self.painted = []
        for number in range(first, last + 1):
            y = self.page_top(number) - top
            paper = QRectF(left, y, width, height)
            painter.fillRect(paper, Qt.GlobalColor.white)
            painter.setPen(outline)
            painter.drawRect(paper)
            painter.save()
            painter.setClipRect(paper)
            painter.translate(left, y)
            drawer.page(self.sheets.pages[number - 1])
            painter.restore()
            self.painted.append(number)
        painter.end()


class PreviewDialog(QDialog):
    """預覽列印: the pages, 上一頁/下一頁, zoom, 直式/橫式 (the plan laid out again) and 列印…."""

    def __init__(
        self,
        sheets: Sheets,
        relayout: Callable[[bool], Sheets],
        print_pages: Callable[[PreviewDialog], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("print_preview_dialog")
        self.setWindowTitle("預覽列印")
        self.relayout = relayout
        self.print_pages = print_pages
        self.view = PageView(sheets, self)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("preview_toolbar")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("preview_page")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("preview_zoom")
        self.actions_by_name: dict[str, QAction] = {}
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self.view.pageChanged.connect(self._show_page)
        self.view.zoomChanged.connect(self._show_zoom)
        self._show_page()
        self.view.setFocus()

    @property
    def sheets(self) -> Sheets:
        """Return the pages shown."""
        return self.view.sheets

    def _action(self, name: str, text: str, keys: list[QKeySequence], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"preview_{name}")
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if keys:
            action.setToolTip(f"{text}（{keys[0].toString(QKeySequence.SequenceFormat.NativeText)}）")
        action.triggered.connect(slot)
        self.addAction(action)  # the keys work wherever the focus is in the dialog
        self.actions_by_name[name] = action
        return action

    def _build_toolbar(self) -> None:
        view, bar, key = self.view, self.toolbar, QKeySequence
        bar.addAction(self._action("first", "第一頁", [key(Qt.Key.Key_Home)], lambda: view.go_to(1)))
        previous = [key(key.StandardKey.MoveToPreviousPage)]
        bar.addAction(self._action("previous", "上一頁", previous, lambda: view.go_to(view.page - 1)))
        following = [key(key.StandardKey.MoveToNextPage)]
        bar.addAction(self._action("next", "下一頁", following, lambda: view.go_to(view.page + 1)))
        bar.addAction(self._action("last", "最後一頁", [key(Qt.Key.Key_End)], lambda: view.go_to(view.count())))
        bar.addWidget(self.page_label)
        bar.addSeparator()
        zoom_in = [key(key.StandardKey.ZoomIn), key("Ctrl+=")]
        bar.addAction(self._action("zoom_in", "放大", zoom_in, lambda: view.set_zoom(view.zoom * ZOOM_STEP)))
        zoom_out = [key(key.StandardKey.ZoomOut)]
        bar.addAction(self._action("zoom_out", "縮小", zoom_out, lambda: view.set_zoom(view.zoom / ZOOM_STEP)))
        bar.addAction(self._action("fit_page", "整頁", [key("Ctrl+0")], view.fit_page))
        bar.addAction(self._action("fit_width", "符合寬度", [], view.fit_width))
        bar.addWidget(self.zoom_label)
        bar.addSeparator()
        group = QActionGroup(self)
        for name, text, landscape in (("portrait", "直式", False), ("landscape", "橫式", True)):
            action = self._action(name, text, [], lambda *_, flag=landscape: self.set_landscape(flag))
            action.setCheckable(True)
            action.setChecked(self.sheets.landscape is landscape)
            group.addAction(action)
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self._action("print", "列印…", [key(key.StandardKey.Print)], self._print))
        bar.addAction(self._action("close", "關閉", [], self.reject))

    def _show_page(self, *_: object) -> None:
        self.page_label.setText(f" 第 {self.view.page} 頁，共 {self.view.count()} 頁 ")

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f" {self.view.percent()}% ")

    def set_landscape(self, landscape: bool) -> None:
        """Lay the plan out again on pages of the other orientation (a wait cursor meanwhile)."""
        self.actions_by_name["landscape" if landscape else "portrait"].setChecked(True)
        if landscape is self.sheets.landscape:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            sheets = self.relayout(landscape)
        finally:
            QApplication.restoreOverrideCursor()
        log.info("preview laid out again (%s): %d pages", "橫式" if landscape else "直式", len(sheets.pages))
        self.view.set_sheets(sheets)
        self._show_page()

    def _print(self) -> None:
        """Print the pages (the print dialog first); the preview closes once they are sent."""
        if self.print_pages(self):
            self.accept()

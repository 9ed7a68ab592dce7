"""Paint pass of the printed plan: draws a laid-out Document with QPainter on any paged paint device."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPagedPaintDevice, QPainter, QPen

from planner.errors import BadInput
from ui.render.boxes import BORDER, DOTS, HEADER_FILL, MEASURE_DPI, STYLES, Cell, Document, Line, Page, Progress
from ui.render.fonts import make_font

log = logging.getLogger(__name__)


class PagePainter:
    """Draws pages in layout units (points × DOTS), scaled to the device's resolution."""

    def __init__(self, doc: Document, painter: QPainter, dpi: float) -> None:
        self.doc = doc
        self.painter = painter
        self.scale = dpi / MEASURE_DPI
        # Text is shaped at the measuring resolution: on other devices the painter scales it.
        factor = MEASURE_DPI / dpi
        self.fonts: dict[str, QFont] = {
            name: make_font(doc.fonts, style.size * factor, style.bold) for name, style in STYLES.items()
        }
        self.pen = QPen(QColor("black"))
        self.pen.setWidthF(BORDER * DOTS)
        self.pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        self.pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        self.fill = QBrush(QColor(HEADER_FILL))
        self._font: str | None = None

    def _text(self, line: Line) -> None:
        if not line.text:
            return
        if line.style != self._font:
            self.painter.setFont(self.fonts[line.style])
            self._font = line.style
        self.painter.drawText(QPointF(line.x * DOTS, line.baseline * DOTS), line.text)

    def _cell(self, cell: Cell) -> None:
        rect = QRectF(cell.x * DOTS, cell.y * DOTS, cell.width * DOTS, cell.height * DOTS)
        if cell.header:
            self.painter.fillRect(rect, self.fill)
        self.painter.drawRect(rect)
        for line in cell.lines:
            self._text(line)

    def page(self, page: Page) -> None:
        """Draw one page from its top-left corner."""
        p = self.painter
        p.save()
        p.scale(self.scale, self.scale)
        p.setPen(self.pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        self._font = None
        for box in page.boxes:
            if isinstance(box, Cell):
                self._cell(box)
            else:
                self._text(box)
        if page.footer is not None:
            self._text(page.footer)
        p.restore()


def paint_document(
    doc: Document,
    device: QPagedPaintDevice,
    pages: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Draw pages (numbered from 1; all by default) on a device whose origin is the paper corner; return the count."""
    numbers = [n for n in (pages if pages is not None else range(1, len(doc.pages) + 1)) if 1 <= n <= len(doc.pages)]
    painter = QPainter()
    if not painter.begin(device):
        raise BadInput("無法開始列印或輸出：印表機或檔案無法使用。")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        drawer = PagePainter(doc, painter, device.logicalDpiX())
        for i, number in enumerate(numbers):
            if i and not device.newPage():
                raise BadInput("無法新增頁面：印表機或檔案無法使用。")
            drawer.page(doc.pages[number - 1])
            if progress is not None:
                progress(i + 1, len(numbers))
    finally:
        painter.end()
    log.info("painted %d pages on %s", len(numbers), type(device).__name__)
    return len(numbers)

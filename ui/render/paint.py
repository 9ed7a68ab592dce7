"""Paint pass of the printed plan: draws a laid-out Document with QPainter on any paged paint device."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPagedPaintDevice, QPainter, QPen

from planner.errors import BadInput
from ui.render.boxes import BORDER, DOTS, HEADER_FILL, MEASURE_DPI, STYLES, Document, Progress
from ui.render.fonts import FontChoice, make_font
from ui.render.sheet import FILLED, STYLE_CODE, STYLE_NAMES, TEXT, Sheet, Sheets, to_sheet

log = logging.getLogger(__name__)


class PagePainter:
    """Draws pages in layout units (points × DOTS), scaled to the device's resolution."""

    def __init__(self, fonts: FontChoice, painter: QPainter, dpi: float, scale: float | None = None) -> None:
        """Paint for a device of a logical dpi, at its paper size or at scale device units per layout unit."""
        self.painter = painter
        self.scale = dpi / MEASURE_DPI if scale is None else scale
        # Text is shaped at the measuring resolution: on other devices the painter scales it.
        factor = MEASURE_DPI / dpi
        styles = [STYLES[name] for name in STYLE_NAMES]
        self.fonts: list[QFont] = [make_font(fonts, style.size * factor, style.bold) for style in styles]
        self.footer_font = self.fonts[STYLE_CODE["footer"]]
        self.pen = QPen(QColor("black"))
        self.pen.setWidthF(BORDER * DOTS)
        self.pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        self.pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        self.fill = QBrush(QColor(HEADER_FILL))

    def page(self, sheet: Sheet) -> None:
        """Draw one page from its top-left corner: its cells and texts in reading order, then the footer."""
        p = self.painter
        p.save()
        p.scale(self.scale, self.scale)
        p.setPen(self.pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        nums, ends, styles, text, fonts = sheet.numbers, sheet.ends, sheet.styles, sheet.text, self.fonts
        draw_text, draw_rect = p.drawText, p.drawRect
        font = -1
        k = t = start = 0
        for kind in sheet.kinds:
            if kind == TEXT:
                if styles[t] != font:
                    font = styles[t]
                    p.setFont(fonts[font])
                end = ends[t]
                draw_text(QPointF(nums[k], nums[k + 1]), text[start:end])
                k, t, start = k + 2, t + 1, end
            else:
                rect = QRectF(nums[k], nums[k + 1], nums[k + 2], nums[k + 3])
                if kind == FILLED:
                    p.fillRect(rect, self.fill)
                draw_rect(rect)
                k += 4
        if sheet.footer is not None:
            x, baseline, footer = sheet.footer
            p.setFont(self.footer_font)
            draw_text(QPointF(x, baseline), footer)
        p.restore()


def sheets_of(doc: Document | Sheets) -> Sheets:
    """Return a laid-out document as compact pages (Sheets are returned as they are)."""
    if isinstance(doc, Sheets):
        return doc
    pages = [to_sheet(page) for page in doc.pages]
    return Sheets(pages, doc.landscape, doc.title, doc.fonts, doc.author, list(doc.page_starts))


def paint_document(
    doc: Document | Sheets,
    device: QPagedPaintDevice,
    pages: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Draw pages (numbered from 1; all by default) on a device whose origin is the paper corner; return the count."""
    sheets = sheets_of(doc).pages
    numbers = [n for n in (pages if pages is not None else range(1, len(sheets) + 1)) if 1 <= n <= len(sheets)]
    painter = QPainter()
    if not painter.begin(device):
        raise BadInput("無法開始列印或輸出：印表機或檔案無法使用。")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        drawer = PagePainter(doc.fonts, painter, device.logicalDpiX())
        for i, number in enumerate(numbers):
            if i and not device.newPage():
                raise BadInput("無法新增頁面：印表機或檔案無法使用。")
            drawer.page(sheets[number - 1])
            if progress is not None:
                progress(i + 1, len(numbers))
    finally:
        painter.end()
    log.info("painted %d pages on %s", len(numbers), type(device).__name__)
    return len(numbers)

"""PDF and printer output of a plan through the layout and paint passes."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrinter

from planner.export import atomic_write, check_target
from planner.export.scope import Scope
from planner.model import Plan
from planner.workspace import Workspace
from ui.render.boxes import MEASURE_DPI, Document, Progress, phased
from ui.render.layout import layout_sheets
from ui.render.paint import paint_document
from ui.render.sheet import Sheets

log = logging.getLogger(__name__)

CREATOR = "提升服務計畫編輯器"


def page_layout(landscape: bool) -> QPageLayout:
    """Return A4 portrait or landscape with no printer margins (the layout keeps its own 2 cm)."""
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def pdf_bytes(doc: Document | Sheets, progress: Progress | None = None) -> bytes:
    """Return the laid-out document as PDF bytes."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(MEASURE_DPI)
    writer.setPageLayout(page_layout(doc.landscape))
    writer.setTitle(doc.title)
    writer.setCreator(CREATOR)
    if doc.author:
        writer.setAuthor(doc.author)  # read back as /Author
    paint_document(doc, writer, progress=progress)
    del writer  # flushes the PDF into the buffer
    data: QByteArray = buffer.data()
    buffer.close()
    return bytes(data.data())


def export_pdf(
    ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None, progress: Progress | None = None
) -> Path:
    """Write the plan (or a part of it) as a PDF with the official layout, atomically; return the file written."""
    check_target(Path(path), ".pdf")
    doc = layout_sheets(ws, plan, scope, progress=phased(progress, 0.0, 0.6))
    data = pdf_bytes(doc, phased(progress, 0.6, 0.4))
    target = atomic_write(Path(path), ".pdf", lambda stream: stream.write(data))
    log.info("exported plan %s (%s) to %s: %d pages", plan.year, scope, target, len(doc.pages))
    return target


def setup_printer(printer: QPrinter, doc_name: str, landscape: bool) -> None:
    """Prepare a printer for the plan: A4 in the plan's orientation, coordinates from the paper corner."""
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(landscape))
    printer.setDocName(doc_name)
    printer.setCreator(CREATOR)


def print_document(doc: Document | Sheets, printer: QPrinter, progress: Progress | None = None) -> int:
    """Print the laid-out document (the page range chosen in the print dialog); return the pages printed."""
    pages: range | None = None
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or len(doc.pages)
        pages = range(printer.fromPage(), min(last, len(doc.pages)) + 1)
    return paint_document(doc, printer, pages, progress)

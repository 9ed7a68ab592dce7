"""預覽列印: our page view paints only the pages in view; page and zoom keys, page count, orientation, 列印."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window, trigger
from tests.ui.test_print_pdf import DEMO_TITLE, pdf_texts
from ui.dialogs import blocking
from ui.dialogs.export import UNIT, WHOLE
from ui.dialogs.print_preview import PreviewDialog
from ui.render.boxes import MEASURE_DPI
from ui.render.layout import layout_sheets
from ui.render.paint import PagePainter
from ui.render.sheet import Sheets

CTRL = Qt.KeyboardModifier.ControlModifier


def answer_scope(kind: str, index: int = 0):
    """Answer the scope dialog as a user would: choose a kind (and a unit) and press OK."""

    def run(dialog) -> bool:
        dialog.choose(kind, index)
        return True

    return run


def open_preview(qtbot, window, dialog_log, monkeypatch, check, kind: str = WHOLE) -> None:
    """Trigger 預覽列印… and run check(dialog) while the (patched) modal preview is shown and active."""
    seen: list[PreviewDialog] = []

    def show(dialog: PreviewDialog) -> None:
        assert isinstance(dialog, PreviewDialog) and dialog.parent() is window
        dialog.resize(900, 700)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: dialog.isActiveWindow())
        seen.append(dialog)
        check(dialog)

    monkeypatch.setattr(blocking, "show_preview", show)
    dialog_log.answer("run", answer_scope(kind))
    trigger(window, "print_preview")
    assert len(seen) == 1


def key(dialog: PreviewDialog, which: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the page view, as the user does, and let the view repaint."""
    QTest.keyClick(dialog.view, which, modifiers)
    dialog.view.viewport().repaint()


def wheel(view, delta: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Turn the mouse wheel over the middle of the page view."""
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_page_keys_zoom_keys_and_the_page_count(qtbot, demo_ws, settings, dialog_log, monkeypatch):
    window = make_window(qtbot, settings, demo_ws)
    plan = demo_ws.plan(115)
    total = len(layout_sheets(demo_ws, plan).pages)
    assert total > 3

    def check(dialog: PreviewDialog) -> None:
        view = dialog.view
        assert isinstance(dialog.sheets, Sheets) and view.count() == total
        assert dialog.page_label.text().strip() == f"第 1 頁，共 {total} 頁"
        view.viewport().repaint()
        assert view.painted and view.painted[0] == 1 and len(view.painted) < total  # only what is in view
        key(dialog, Qt.Key.Key_PageDown)
        assert view.page == 2 and dialog.page_label.text().strip() == f"第 2 頁，共 {total} 頁"
        assert 2 in view.painted
        key(dialog, Qt.Key.Key_PageDown)
        key(dialog, Qt.Key.Key_PageUp)
        assert view.page == 2
        key(dialog, Qt.Key.Key_End)
        assert view.page == total and view.painted[-1] == total
        assert dialog.page_label.text().strip() == f"第 {total} 頁，共 {total} 頁"
        key(dialog, Qt.Key.Key_PageDown)  # no page after the last
        assert view.page == total
        key(dialog, Qt.Key.Key_Home)
        assert view.page == 1
        key(dialog, Qt.Key.Key_PageUp)
        assert view.page == 1

        fitted, shown = view.zoom, dialog.zoom_label.text()  # a whole page in view, as Qt's preview opened
        width, height = view.page_size()
        assert view.fit == "page" and height == pytest.approx(view.viewport().height() - 32)
        assert width < view.viewport().width() - 32
        key(dialog, Qt.Key.Key_Plus, CTRL)
        assert view.zoom == pytest.approx(fitted * 1.25) and not view.fit
        assert dialog.zoom_label.text() != shown
        key(dialog, Qt.Key.Key_Minus, CTRL)
        key(dialog, Qt.Key.Key_Minus, CTRL)
        assert view.zoom == pytest.approx(fitted / 1.25)
        key(dialog, Qt.Key.Key_PageDown)  # the page keys follow the zoom
        assert view.page == 2 and view.verticalScrollBar().value() == round(view.page_top(2) - 16)
        button = dialog.toolbar.widgetForAction(dialog.actions_by_name["fit_width"])
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # 符合寬度
        assert view.fit == "width" and view.page_size()[0] == pytest.approx(view.viewport().width() - 32)
        assert view.page == 2 and view.horizontalScrollBar().maximum() == 0
        key(dialog, Qt.Key.Key_Plus, CTRL)
        assert view.horizontalScrollBar().maximum() > 0  # wider than the view: it scrolls sideways
        key(dialog, Qt.Key.Key_0, CTRL)  # 整頁
        assert view.fit == "page" and view.zoom == pytest.approx(fitted) and dialog.zoom_label.text() == shown
        assert view.page == 2  # zooming keeps the page
        wheel(view, 120, CTRL)  # Ctrl + wheel zooms, the wheel alone scrolls
        assert view.zoom == pytest.approx(fitted * 1.25) and view.page == 2
        before = view.verticalScrollBar().value()
        wheel(view, -120)
        assert view.zoom == pytest.approx(fitted * 1.25) and view.verticalScrollBar().value() > before
        dialog.reject()

    open_preview(qtbot, window, dialog_log, monkeypatch, check)


def test_the_view_paints_the_pages_it_shows(qtbot, demo_ws):
    plan = demo_ws.plan(115)
    sheets = layout_sheets(demo_ws, plan)
    dialog = PreviewDialog(sheets, lambda landscape: layout_sheets(demo_ws, plan, landscape=landscape), lambda d: False)
    qtbot.addWidget(dialog)
    dialog.resize(800, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.view
    shown = view.viewport().grab().toImage()
    assert view.painted == [1, 2] or view.painted == [1]
    # page 1 painted straight from its sheet at the view's scale: the same pixels as in the view
    width, height = (round(v) for v in view.page_size())
    alone = QImage(width, height, shown.format())
    alone.setDotsPerMeterX(round(view.logicalDpiX() / 0.0254))  # the view's dpi (fonts are sized by it)
    alone.setDotsPerMeterY(round(view.logicalDpiY() / 0.0254))
    alone.fill(Qt.GlobalColor.white)
    painter = QPainter(alone)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    PagePainter(sheets.fonts, painter, view.logicalDpiY(), view.zoom * 72 / MEASURE_DPI).page(sheets.pages[0])
    painter.end()
    left, top = round((view.viewport().width() - view.page_size()[0]) / 2), round(view.page_top(1))  # as painted
    inside = [(x, y) for y in range(4, min(height, shown.height() - top) - 4, 2) for x in range(4, width - 4, 2)]
    dark = [(x, y) for x, y in inside if alone.pixelColor(x, y).value() < 100]
    assert len(dark) > 300  # the title, the sections and the table's borders
    # the same pixels, but for a step of antialiasing where the view clips to the paper (border edges)
    differ = [(x, y) for x, y in inside if alone.pixel(x, y) != shown.pixel(left + x, top + y)]
    assert len(differ) < len(inside) // 20
    for x, y in differ:
        a, b = alone.pixelColor(x, y), shown.pixelColor(left + x, top + y)
        assert max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 3, (x, y)


def test_orientation_and_print_from_the_preview(qtbot, demo_ws, settings, dialog_log, monkeypatch, tmp_path):
    window = make_window(qtbot, settings, demo_ws)
    plan = demo_ws.plan(115)
    printed = tmp_path / "printed.pdf"
    asked: list[bool] = []

    def fake_print(parent, printer: QPrinter) -> bool:
        asked.append(printer.pageLayout().orientation() == printer.pageLayout().Orientation.Landscape)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(blocking, "ask_print", fake_print)
    landscape_pages = len(layout_sheets(demo_ws, plan, landscape=True).pages)

    def check(dialog: PreviewDialog) -> None:
        assert not dialog.sheets.landscape and dialog.actions_by_name["portrait"].isChecked()
        dialog.actions_by_name["landscape"].trigger()
        assert dialog.sheets.landscape and dialog.view.count() == landscape_pages
        assert dialog.page_label.text().strip() == f"第 1 頁，共 {landscape_pages} 頁"
        key(dialog, Qt.Key.Key_P, CTRL)  # 列印…: the print dialog (patched), then the pages
        assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted

    open_preview(qtbot, window, dialog_log, monkeypatch, check)
    assert asked == [True]
    reader, texts = pdf_texts(printed)
    assert len(reader.pages) == landscape_pages
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    assert texts[0].startswith(DEMO_TITLE) and f"第1頁，共{landscape_pages}頁" in texts[0]
    assert f"已送出列印：{landscape_pages} 頁" in window.statusBar().currentMessage()


def test_a_unit_preview_prints_its_pages_and_a_cancelled_print_keeps_it_open(
    qtbot, demo_ws, settings, dialog_log, monkeypatch, tmp_path
):
    window = make_window(qtbot, settings, demo_ws)
    printed = tmp_path / "unit.pdf"
    answers = [False, True]

    def fake_print(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return answers.pop(0)

    monkeypatch.setattr(blocking, "ask_print", fake_print)

    def check(dialog: PreviewDialog) -> None:
        dialog.actions_by_name["print"].trigger()  # cancelled in the print dialog: the preview stays
        assert dialog.isVisible() and not printed.exists()
        dialog.actions_by_name["print"].trigger()
        assert not dialog.isVisible()
        with pdfplumber.open(printed) as pdf:
            assert len(pdf.pages) == len(dialog.sheets.pages)
            first = "".join((pdf.pages[0].extract_text() or "").split())
        assert "（業務單位：" in first

    open_preview(qtbot, window, dialog_log, monkeypatch, check, UNIT)
    assert not answers


def test_the_preview_dialog_is_fitted_and_run_modally(qtbot, demo_ws, monkeypatch):
    sheets = layout_sheets(demo_ws, demo_ws.plan(115))
    dialog = PreviewDialog(sheets, lambda landscape: sheets, lambda d: False)
    qtbot.addWidget(dialog)
    ran: list[tuple[int, int]] = []
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: ran.append((self.width(), self.height())) or 0)
    blocking.show_preview(dialog)
    assert ran and ran[0][0] <= 1000 and ran[0][1] <= 800


def test_pages_left_out_of_a_print_range(qtbot, demo_ws, tmp_path):
    """print_document of Sheets keeps the print dialog's page range (as from the preview)."""
    from ui.render.pdf import print_document, setup_printer

    sheets = layout_sheets(demo_ws, demo_ws.plan(115))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, "計畫", False)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_document(sheets, printer) == 2
    _, texts = pdf_texts(Path(tmp_path / "range.pdf"))
    assert "第2頁，共" in texts[0] and "第3頁，共" in texts[1]

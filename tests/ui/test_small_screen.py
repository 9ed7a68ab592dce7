"""Every top-level window and dialog fits a 1366×768 screen with a taskbar (1366×728 available)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QDialog, QWidget

from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import make_window
from tests.ui.test_import_dialog import SAMPLE, wait_read
from ui.common import screen_fit
from ui.dialogs import blocking as dialogs
from ui.dialogs import export as export_dialog
from ui.dialogs.about import AboutDialog
from ui.dialogs.export import ScopeDialog
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.new_plan import NewPlanDialog, NewWorkspaceDialog
from ui.dialogs.print_preview import PreviewDialog
from ui.dialogs.units import UnitDialog
from ui.render.layout import layout_sheets

SMALL = QRect(0, 0, 1366, 728)
MOST = QSize(1366 - screen_fit.FRAME.width(), 728 - screen_fit.FRAME.height())


@pytest.fixture
def small_screen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, QSize, QSize]]:
    """Pretend the screen is 1366×768 with a 40-pixel taskbar; record what each shown dialog measures."""
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: QRect(SMALL))
    shown: list[tuple[str, QSize, QSize]] = []

    def measure(dialog: QDialog) -> int:
        dialog.show()
        shown.append((dialog.objectName(), dialog.size(), dialog.minimumSizeHint()))
        dialog.close()
        return 0

    monkeypatch.setattr(QDialog, "exec", measure)
    return shown


def fits(name: str, size: QSize, least: QSize) -> None:
    """Assert a window's size and the least size its layout needs both fit the small screen."""
    assert size.width() <= MOST.width() and size.height() <= MOST.height(), f"{name} is {size.toTuple()}"
    assert least.width() <= MOST.width() and least.height() <= MOST.height(), f"{name} needs {least.toTuple()}"


def test_main_window_fits_also_after_a_larger_screen(qtbot, demo_ws, settings, small_screen):
    big = QWidget()
    big.setGeometry(0, 0, 1900, 1040)
    settings.setValue("window/geometry", big.saveGeometry())
    assert isinstance(settings.value("window/geometry"), QByteArray)
    window = make_window(qtbot, settings, demo_ws)
    fits("main_window", window.size(), window.minimumSizeHint())
    assert SMALL.contains(window.geometry().topLeft())
    window.tabs.setCurrentWidget(window.calendar)
    fits("main_window (calendar)", window.size(), window.minimumSizeHint())
    window.tabs.setCurrentWidget(window.plan_page)
    fits("main_window (plan page)", window.size(), window.minimumSizeHint())
    window.findings.show()
    fits("main_window (findings)", window.size(), window.minimumSizeHint())


def test_every_dialog_fits(qtbot, demo_ws, ws, settings, small_screen, monkeypatch):
    window = make_window(qtbot, settings, demo_ws)
    plan = window.plan
    small_plan(ws)
    import_dialog = ImportDialog(demo_ws, SAMPLE, window)
    qtbot.addWidget(import_dialog)
    import_dialog.show()
    wait_read(qtbot, import_dialog)
    import_dialog.hide()
    for dialog in (
        import_dialog,
        UnitDialog(demo_ws, window.run_edit, window),
        NewPlanDialog(demo_ws, window),
        NewWorkspaceDialog("", window),
        AboutDialog(demo_ws, window),
        ScopeDialog(demo_ws, plan, "匯出 Word：範圍", window),
    ):
        dialogs.run(dialog)
    monkeypatch.setattr(export_dialog, "ask_scope", lambda *args: export_dialog.Scope(), raising=False)
    sheets = layout_sheets(demo_ws, plan)
    dialogs.show_preview(PreviewDialog(sheets, lambda landscape: sheets, lambda dialog: False, window))
    names = [name for name, _, _ in small_screen]
    assert names == [
        "import_dialog",
        "unit_dialog",
        "new_plan_dialog",
        "new_workspace_dialog",
        "about_dialog",
        "export_scope_dialog",
        "print_preview_dialog",
    ]
    for name, size, least in small_screen:
        fits(name, size, least)


def test_calendar_months_need_at_most_two_rows(qtbot, demo_ws, settings, small_screen):
    window = make_window(qtbot, settings, demo_ws)
    window.tabs.setCurrentWidget(window.calendar)
    strip = window.calendar.strip
    cell = strip.cells[0].sizeHint().height()
    assert strip.minimumSizeHint().height() <= 2 * cell + strip.grid.spacing()


def test_guide_window_fits(qtbot, settings, small_screen, monkeypatch):
    from ui.dialogs.guide import show_guide

    window = make_window(qtbot, settings)
    shown = show_guide(window)
    fits("guide_window", shown.size(), shown.minimumSizeHint())

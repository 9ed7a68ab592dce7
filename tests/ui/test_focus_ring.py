"""Focus is visible on the month toggles: Tab onto one draws a ring, Space switches it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import make_window, rows, select


def test_month_toggle_shows_focus_and_space_switches_it(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    select(window, "m1")
    button = window.form.months.buttons[2]
    plain = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=2000)
    ringed = button.grab().toImage()
    assert ringed != plain  # the :focus border is drawn
    edge = ringed.pixelColor(0, ringed.height() // 2)
    assert edge.blue() > 150 and edge.red() < 100, edge.name()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert rows(window, 2)[2] == "3月"

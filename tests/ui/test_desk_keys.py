"""Input bugs of the officer's desk, driven by real key and mouse events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleFactory

from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import make_window, rows, select


@pytest.fixture
def fusion(qapp) -> Iterator[None]:
    """Use the Fusion style (its popup opens over the combo, under the mouse), then put the old one back."""
    old = qapp.style().name()
    qapp.setStyle(QStyleFactory.create("Fusion"))
    yield
    qapp.setStyle(QStyleFactory.create(old))


def test_opening_click_of_the_units_combo_ticks_nothing(qtbot, ws, settings, dialog_log, fusion):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.resize(780, 700)  # on the 800×800 offscreen screen, so the popup opens where the combo is
    select(window, "m1")
    combo = window.form.units
    view = combo.view()
    # the press opens the popup; its release lands on the popup's item under the mouse (the popup grabs it)
    QTest.mousePress(combo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.isVisible, timeout=2000)
    under_mouse = view.viewport().mapFromGlobal(combo.mapToGlobal(QPoint(24, combo.height() // 2)))
    assert view.indexAt(under_mouse).isValid()
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, under_mouse)
    assert combo.checked_ids() == []
    assert view.isVisible()
    # a real click (press and release) in the list ticks 教務課; the popup stays open
    second = view.visualRect(combo.model().index(1, 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, second)
    assert view.isVisible()
    combo.hidePopup()  # clicking elsewhere closes it and saves the choice
    assert rows(window, 1)[2] == "教務課"
    assert dialog_log.calls == []

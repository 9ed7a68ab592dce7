"""The plan page offers the layout with 衡量指標 and 目標值 columns and names them in the columns table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.layouts import PRESETS
from tests.ui.helpers import make_window, trigger


def test_plan_page_offers_the_kpi_layout(qtbot, demo_ws, settings, dialog_log):
    window = make_window(qtbot, settings, demo_ws)
    trigger(window, "plan_page")
    page = window.plan_page
    plan = window.plan
    combo = page.layout_preset
    at = combo.findData("full_kpi")
    assert at >= 0 and "衡量指標・目標值" in combo.itemText(at)
    combo.setFocus()
    while combo.currentIndex() != at:  # step to it with the keyboard, as a user would
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < at else Qt.Key.Key_Up)
    assert plan.layout == PRESETS["full_kpi"].layout
    shown = [page.columns.item(r, 1).text() for r in range(page.columns.rowCount())]
    assert shown[4:6] == ["衡量指標", "目標值"]
    page.columns.item(4, 0).setText("績效指標")
    assert plan.layout.headers[4] == "績效指標" and plan.layout.shows("kpi") and plan.layout.preset is None
    trigger(window, "undo")
    assert plan.layout == PRESETS["full_kpi"].layout

"""The findings dock: errors first, sortable by a header click, filtered by kind."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from planner import operations as ops
from tests.ui.helpers import make_window, trigger


def test_errors_first_sort_by_header_and_filter_by_kind(qtbot, demo_ws, settings, dialog_log):
    window = make_window(qtbot, settings, demo_ws)
    plan = window.plan
    methods = plan.methods()
    ops.set_months(demo_ws, plan, methods[0].id, [])  # a warning, earlier in the plan
    ops.set_units(demo_ws, plan, methods[5].id, [])  # an error, later
    trigger(window, "show_findings")
    dock = window.findings
    dock.refresh()
    shown = dock.shown_messages()
    levels = [level for level, _ in shown]
    assert levels[0] == "錯誤" and levels == sorted(levels, key=["錯誤", "警告", "提示"].index)
    assert ("錯誤", "方法沒有指定業務單位。") in shown and ("警告", "方法沒有設定查核月份。") in shown
    assert window.act_findings.text() == "檢查結果"  # the toolbar button keeps its width
    assert window.act_findings.toolTip().startswith("檢查結果：錯誤")

    header = dock.list.header()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(2) + 10, 5)
    )
    texts = [text for _, text in dock.shown_messages()]
    assert dock.list.sortColumn() == 2 and texts == sorted(texts)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    if dock.list.header().sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert dock.shown_messages()[0][0] == "錯誤"

    kinds = [dock.kind.itemText(i) for i in range(dock.kind.count())]
    assert (
        kinds[0].startswith("全部") and "只看錯誤（1）" in kinds and any(k.startswith("未設定查核月份") for k in kinds)
    )
    dock.kind.setFocus()
    qtbot.keyClick(dock.kind, Qt.Key.Key_Down)  # 全部 → 只看錯誤
    assert dock.shown_messages() == [("錯誤", "方法沒有指定業務單位。")]
    dock.choose_kind("code:method-without-months")
    assert dock.shown_messages() == [("警告", "方法沒有設定查核月份。")]
    ops.set_units(demo_ws, plan, methods[1].id, [])  # the choice survives a refresh
    dock.refresh()
    assert dock.kind.currentData() == "code:method-without-months"
    assert dock.shown_messages() == [("警告", "方法沒有設定查核月份。")]

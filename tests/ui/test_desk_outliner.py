"""Outliner keys on the tree: Esc from the form, Alt+Up across parents, fold/unfold all, hoist a 要項."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction

from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import current_text, make_window, rows, select


def focused_tree(qtbot, settings, ws):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    return window


def shown_under_root(window) -> list[str]:
    """Return the rows the tree shows below its root index (all of them when not hoisted)."""
    view, out = window.tree, []

    def visit(parent: QModelIndex, depth: int) -> None:
        for row in range(view.model().rowCount(parent)):
            index = view.model().index(row, 0, parent)
            out.append("  " * depth + index.data())
            visit(index, depth + 1)

    visit(view.rootIndex(), 0)
    return out


def test_escape_in_the_form_returns_to_the_tree(qtbot, ws, settings, dialog_log):
    window = focused_tree(qtbot, settings, ws)
    select(window, "m1")
    for field in (window.form.title, window.form.body, window.form.units):
        field.setFocus()
        qtbot.waitUntil(field.hasFocus, timeout=2000)
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        assert window.tree.hasFocus(), field.objectName()
    assert current_text(window) == "1.m1"


def test_alt_up_moves_a_first_method_to_the_end_of_the_previous_focus(qtbot, ws, settings, dialog_log):
    window = focused_tree(qtbot, settings, ws)
    select(window, "m3")
    qtbot.keyClick(window.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert rows(window)[1:6] == ["  (一)甲一", "    1.m1", "    2.m2", "    3.m3", "  (二)甲二"]
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert rows(window)[4:6] == ["  (二)甲二", "    1.m3"]


def test_fold_and_unfold_all_with_keys(qtbot, ws, settings, dialog_log):
    window = focused_tree(qtbot, settings, ws)
    tree, proxy = window.tree, window.tree.model()
    items = [proxy.index(row, 0) for row in range(proxy.rowCount())]
    assert all(tree.isExpanded(i) for i in items)
    qtbot.keyClick(tree, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    assert not any(tree.isExpanded(i) for i in items)
    qtbot.keyClick(tree, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert all(tree.isExpanded(i) for i in items)
    assert tree.isExpanded(proxy.index(0, 0, items[0]))
    names = [a.objectName() for a in window.findChild(QAction, "action_menu_view").menu().actions()]
    assert {"action_fold_all", "action_unfold_all", "action_hoist", "action_unhoist"} <= set(names)


def test_hoist_a_focus_item_and_leave_by_the_breadcrumb_or_a_move(qtbot, ws, settings, dialog_log):
    window = focused_tree(qtbot, settings, ws)
    select(window, "m2")
    qtbot.keyClick(window.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.desk.hoist.active and window.desk.hoist.bar.isVisible()
    assert shown_under_root(window) == ["(一)甲一", "  1.m1", "  2.m2", "(二)甲二", "  1.m3"]
    assert "整份計畫" in window.desk.hoist.crumb.text() and "一、甲" in window.desk.hoist.crumb.text()
    assert current_text(window) == "2.m2"
    qtbot.keyClick(window.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert not window.desk.hoist.active and not window.desk.hoist.bar.isVisible()
    assert shown_under_root(window) == rows(window) and current_text(window) == "2.m2"

    qtbot.keyClick(window.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    window.desk.hoist.crumb.linkActivated.emit("plan")  # the breadcrumb's 整份計畫 link
    assert not window.desk.hoist.active

    select(window, "甲二")
    qtbot.keyClick(window.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.desk.hoist.active
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # into 乙: out of the 要項
    assert not window.desk.hoist.active and window.tree.rootIndex() == QModelIndex()
    assert current_text(window) == "(一)甲二" and rows(window)[4:6] == ["二、乙", "  (一)甲二"]


def test_escape_in_an_open_units_list_only_closes_the_list(qtbot, ws, settings, dialog_log):
    window = focused_tree(qtbot, settings, ws)
    select(window, "m1")
    combo = window.form.units
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    assert not window.tree.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Escape)  # the second Esc leaves the form
    assert window.tree.hasFocus()

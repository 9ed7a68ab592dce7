"""批次修改 (Ctrl+B) and 逐項修正 (F8), driven by real mouse clicks and keys on a plan imported without 查核期限."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMenu

from planner import operations
from planner.bulk import SET, ListChange, bulk_edit
from planner.importers import read_plan_file
from planner.importers.plan_file import apply_import
from planner.units import add_unit
from tests.fixtures.import_docs import p, tbl, tc, tr, write_docx
from tests.ui.helpers import act, make_window, type_title
from tests.ui.test_small_screen import fits, small_screen  # noqa: F401  (the fixture)
from ui.dialogs import blocking
from ui.editor.bulk_edit import BulkEditDialog
from ui.shell.menus import tree_menu

Key = Qt.Key
Mod = Qt.KeyboardModifier
# Three 重點 of four methods each, in a table with no 查核期限 column (and one 輔導課 method).
FOCUSES = [("一、便民", "（一）櫃檯"), ("一、便民", "（二）線上"), ("二、效能", "（一）流程")]


def no_months_docx(path: Path) -> Path:
    """Write a plan whose table has 要項, 重點, 方法 and 單位 but no 查核期限 column."""
    rows = [tr(tc("實施要項"), tc("執行重點"), tc("執行步驟"), tc("執行單位"), header=True)]
    n = 0
    for item, focus in FOCUSES:
        for i in range(1, 5):
            n += 1
            unit = "輔導課" if n == 12 else ("行政課" if n % 2 else "教務課")
            rows.append(tr(tc(item), tc(focus), tc(f"{i}.方法{n:02d}"), tc(unit)))
    return write_docx(path, p("114年度提升服務計畫") + tbl(*rows))


@pytest.fixture
def imported(ws, tmp_path: Path):
    """Import the plan without 查核期限 into the workspace; return the plan (history cleared)."""
    result = read_plan_file(no_months_docx(tmp_path / "無查核期限.docx"))
    plan = apply_import(ws, result, year=114)
    ws.clear_history()
    assert len(plan.methods()) == 12 and not any(m.months for m in plan.methods())
    return plan


def method(plan, n: int):
    """Return 方法NN."""
    return next(m for m in plan.methods() if m.title.endswith(f"方法{n:02d}") or m.body.endswith(f"方法{n:02d}"))


def active(qtbot, settings, ws):
    """Return a shown, active 1366×768 window with the focus in the tree (window shortcuts need both)."""
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    return window


def shown(qtbot, dialog: BulkEditDialog) -> None:
    """Show the dialog as exec() would: active, the focus in its unit list."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.unit_list, timeout=2000)


def click_row(window, node, modifier=Mod.NoModifier) -> None:
    """Click a node's row in the tree's viewport, with a modifier held."""
    tree = window.tree
    rect = tree.visualRect(tree.view_index(node.id))
    assert rect.isValid() and tree.viewport().rect().contains(rect.center()), "row not on screen"
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center() + QPoint(10, 0))


def lists(plan) -> list[tuple[list[str], list[int]]]:
    """Return every method's (unit ids, months)."""
    return [(list(m.units), list(m.months)) for m in plan.methods()]


def test_bulk_edit_of_ten_methods_by_mouse_and_keys_then_undo(qtbot, ws, settings, dialog_log, imported):
    window = active(qtbot, settings, ws)
    plan = window.plan
    admin, teach, guide = (ws.unit_by_name(n).id for n in ("行政課", "教務課", "輔導課"))
    before = lists(plan)
    # 方法01, Shift+click 方法06 (the range crosses the 重點 row 「（二）線上」), Ctrl+click 方法09–12
    click_row(window, method(plan, 1))
    click_row(window, method(plan, 6), Mod.ShiftModifier)
    for n in (9, 10, 11, 12):
        click_row(window, method(plan, n), Mod.ControlModifier)
    assert len(window.tree.selected_nodes()) == 11  # ten methods and the 重點 row in the Shift range
    seen: dict[str, object] = {}

    def drive(dialog: BulkEditDialog) -> bool:
        shown(qtbot, dialog)
        seen["summary"] = dialog.summary.text()
        assert QApplication.focusWidget() is dialog.unit_list
        # units: Shift+Tab to the mode buttons, → → to 加入, Tab back to the list, ↓↓ to 輔導課, Space
        QTest.keyClick(dialog.unit_list, Key.Key_Tab, Mod.ShiftModifier)
        for _ in range(2):
            QTest.keyClick(QApplication.focusWidget(), Key.Key_Right)
        assert dialog.unit_mode.mode() == "add"
        QTest.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.unit_list
        QTest.keyClick(dialog.unit_list, Key.Key_Down)
        QTest.keyClick(dialog.unit_list, Key.Key_Down)
        QTest.keyClick(dialog.unit_list, Key.Key_Space)
        assert dialog.checked_units() == [guide]
        # months: Tab to the mode buttons, then to 1月; Tab, Tab to 3月, Space; six Tabs to 9月, Space
        QTest.keyClick(dialog.unit_list, Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.month_mode.buttons["keep"]
        QTest.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.months.buttons[0]
        for _ in range(2):
            QTest.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        QTest.keyClick(QApplication.focusWidget(), Key.Key_Space)
        for _ in range(6):
            QTest.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        QTest.keyClick(QApplication.focusWidget(), Key.Key_Space)
        assert dialog.months.months() == [3, 9]
        assert dialog.month_mode.mode() == "set"  # ticking a month while 不修改 means 設定為
        seen["preview"] = dialog.preview.text()
        QTest.keyClick(QApplication.focusWidget(), Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", drive)
    QTest.keyClick(window.tree, Key.Key_B, Mod.ControlModifier)
    assert dialog_log.calls == [("run", "BulkEditDialog")]
    assert "<b>10</b> 個方法" in seen["summary"]
    assert "將修改 10 個方法" in seen["preview"]
    chosen = {1, 2, 3, 4, 5, 6, 9, 10, 11, 12}
    for n, m in enumerate(plan.methods(), 1):
        if n in chosen:
            assert m.months == [3, 9], n
            assert m.units == ([admin if n % 2 else teach, guide] if n != 12 else [guide]), n
        else:
            assert (m.units, m.months) == ([admin if n % 2 else teach], []), n
    assert window.statusBar().currentMessage() == "已修改 10 個方法的業務單位與查核月份"
    assert ws.undo_text == "批次修改 10 個方法的業務單位與查核月份"
    window.activateWindow()  # the dialog was shown without exec(): give the window back its activation
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)  # the bulk edit put the focus back in the tree
    QTest.keyClick(window.tree, Key.Key_Z, Mod.ControlModifier)
    assert lists(plan) == before
    assert ws.undo_text is None and ws.redo_text == "批次修改 10 個方法的業務單位與查核月份"
    numbers = {m.id: n for n, m in enumerate(plan.methods(), 1)}
    assert {numbers[m.id] for m in window.tree.selected_nodes()} == chosen  # the ten methods selected again
    QTest.keyClick(window.tree, Key.Key_Y, Mod.ControlModifier)
    assert [m.months for m in plan.methods()].count([3, 9]) == 10
    assert {numbers[m.id] for m in window.tree.selected_nodes()} == chosen
    seventh = plan.methods()[6]
    click_row(window, seventh)
    operations.set_months(ws, plan, seventh.id, [5])
    QTest.keyClick(window.tree, Key.Key_Z, Mod.ControlModifier)  # an ordinary edit's undo selects just its node
    assert seventh.months == [] and window.tree.selected_nodes() == [seventh]


def test_a_selected_focus_means_its_methods_and_esc_cancels(qtbot, ws, settings, dialog_log, imported):
    window = active(qtbot, settings, ws)
    plan = window.plan
    focus = next(n for n in plan.walk() if n.title.endswith("線上"))
    click_row(window, focus)
    counts: list[str] = []

    def cancel(dialog: BulkEditDialog) -> bool:
        shown(qtbot, dialog)
        counts.append(dialog.summary.text())
        QTest.keyClick(dialog.unit_list, Key.Key_Space)  # ticks 行政課 …
        QTest.keyClick(dialog.unit_list, Key.Key_Escape)  # … and Esc throws it away
        return dialog.result() == QDialog.DialogCode.Accepted

    def empty_then_ok(dialog: BulkEditDialog) -> bool:
        shown(qtbot, dialog)
        QTest.keyClick(dialog.unit_list, Key.Key_Return)  # nothing chosen: the dialog says so and stays
        counts.append(dialog.preview.text())
        assert dialog.isVisible()
        dialog.months.buttons[5].click()
        QTest.keyClick(dialog.unit_list, Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    edit_menu = window.findChild(QMenu, "menu_edit")
    names = [a.objectName() for a in edit_menu.actions()]
    assert {"action_bulk_edit", "action_fix_next", "action_fix_previous"} <= set(names)
    assert act(window, "bulk_edit") in tree_menu(window, window.acts).actions()
    assert act(window, "bulk_edit").shortcut().toString() == "Ctrl+B"
    dialog_log.answer("run", cancel, empty_then_ok)
    act(window, "bulk_edit").trigger()
    assert "<b>4</b> 個方法" in counts[0]
    assert ws.undo_text is None
    act(window, "bulk_edit").trigger()
    assert "請選擇要修改" in counts[1]
    assert [m.months for m in focus.methods()] == [[6]] * 4
    assert sum(1 for m in plan.methods() if m.months) == 4


def test_fix_walk_goes_through_the_missing_months_with_the_focus_on_the_months(
    qtbot, ws, settings, dialog_log, imported
):
    window = active(qtbot, settings, ws)
    plan = window.plan
    QTest.keyClick(window.tree, Key.Key_F8)
    dock = window.findings
    assert dock.isVisible()
    walk = window.desk.fixing.walk
    shown = dock.shown_findings()
    assert [f.code for f in shown].count("method-without-months") == 12
    first = shown[0]
    assert first.code == "method-without-months" and first.node_id == method(plan, 1).id
    assert window.tree.current_node() is method(plan, 1)
    months = window.form.months.buttons
    assert QApplication.focusWidget() is months[0]
    status = window.statusBar().currentMessage()
    assert status == (
        f"逐項修正：第 1／{len(shown)} 項　一、(一)1.方法01：方法沒有設定查核月份。"
        "　（空白鍵切換月份，Enter 或 F8 下一項，Shift+F8 上一項）"
    )
    # Space on 1月 fixes it; Tab, Tab, Space adds 3月; the walk waits in the months for Enter
    QTest.keyClick(months[0], Key.Key_Space)
    qtbot.waitUntil(lambda: "已修正" in window.statusBar().currentMessage())
    QTest.keyClick(months[0], Key.Key_Tab)
    QTest.keyClick(months[1], Key.Key_Tab)
    QTest.keyClick(months[2], Key.Key_Space)
    assert method(plan, 1).months == [1, 3]
    qtbot.wait(20)
    assert window.tree.current_node() is method(plan, 1)
    QTest.keyClick(months[2], Key.Key_Return)
    assert window.tree.current_node() is method(plan, 2)
    assert QApplication.focusWidget() is months[0]
    total = len(dock.shown_findings())
    assert total == len(shown) - 1
    assert window.statusBar().currentMessage().startswith(f"逐項修正：第 1／{total} 項")
    # F8 skips 方法02, Shift+F8 comes back to it; the dock marks the finding at hand
    QTest.keyClick(months[0], Key.Key_F8)
    assert window.tree.current_node() is method(plan, 3)
    assert window.statusBar().currentMessage().startswith(f"逐項修正：第 2／{total} 項")
    QTest.keyClick(months[0], Key.Key_F8, Mod.ShiftModifier)
    assert window.tree.current_node() is method(plan, 2)
    assert dock.list.currentItem().finding.node_id == method(plan, 2).id
    # a bulk edit of every method fixes the rest at once: the dock follows, F8 says nothing is left
    bulk_edit(ws, plan, [m.id for m in plan.methods()], months=ListChange(SET, (6,)))
    qtbot.waitUntil(lambda: dock.shown_findings() == [], timeout=2000)
    QTest.keyClick(QApplication.focusWidget(), Key.Key_F8)
    assert window.statusBar().currentMessage() == "逐項修正：沒有需要修正的檢查結果。"
    assert not walk.active
    QTest.keyClick(window.tree, Key.Key_Z, Mod.ControlModifier)  # one undo brings the twelve findings back
    assert [m.months for m in plan.methods()][1:] == [[]] * 11


def test_fix_walk_moves_on_by_itself_after_a_title_fix(qtbot, ws, settings, dialog_log, imported):
    window = active(qtbot, settings, ws)
    plan = window.plan
    emptied = [method(plan, 4), method(plan, 7)]
    for node in emptied:  # two methods lose their text: two errors, listed before every warning
        assert window.tree.select_node(node.id)
        window.form.title.setFocus()
        window.form.title.clear()
        QTest.keyClick(window.form.title, Key.Key_Return)
    assert [m for m in plan.methods() if not m.title and not m.body] == emptied
    assert window.tree.select_node(plan.items[0].id)  # a 要項 without findings: the walk starts at the first
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    QTest.keyClick(window.tree, Key.Key_F8)
    total = len(window.findings.shown_findings())
    assert [f.code for f in window.findings.shown_findings()[:2]] == ["empty-method", "empty-method"]
    assert window.tree.current_node() is emptied[0]
    assert QApplication.focusWidget() is window.form.title
    type_title(qtbot, window, "補上的標題")  # Return commits the title: the walk goes on to the next error
    qtbot.waitUntil(lambda: window.tree.current_node() is emptied[1], timeout=2000)
    assert emptied[0].title == "補上的標題"
    assert QApplication.focusWidget() is window.form.title
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"逐項修正：第 1／{total - 1} 項　一、(二)3.：方法沒有標題也沒有內容。")
    )
    # choosing another node by hand ends the walk: a fix there does not move the selection
    assert window.tree.select_node(method(plan, 9).id)
    assert not window.desk.fixing.walk.active
    assert not window.statusBar().currentMessage()
    # F8 again starts a walk at the current node's own finding
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    QTest.keyClick(window.tree, Key.Key_F8)
    assert window.tree.current_node() is method(plan, 9)
    assert QApplication.focusWidget() is window.form.months.buttons[0]
    assert "一、(一)1.方法09" not in window.statusBar().currentMessage()
    assert "二、(一)1.方法09：方法沒有設定查核月份。" in window.statusBar().currentMessage()


def test_the_dialog_fits_a_small_screen_with_many_units(qtbot, ws, settings, request, imported):
    shown = request.getfixturevalue("small_screen")  # 1366×768 with a taskbar (tests/ui/test_small_screen.py)
    for i in range(30):
        add_unit(ws, f"第{i + 1}分館")
    window = make_window(qtbot, settings, ws)
    methods = window.plan.methods()
    names = {u.id: u.name for u in ws.unit_list}
    dialog = BulkEditDialog(methods, ws.units(), names, lambda units, months: None, window)
    blocking.run(dialog)
    [(name, size, least)] = shown
    assert name == "bulk_edit_dialog"
    fits(name, size, least)
    assert dialog.unit_list.count() == 33
    assert dialog.unit_list.height() < 8 * dialog.unit_list.sizeHintForRow(0) + 20  # the list scrolls instead

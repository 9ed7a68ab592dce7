"""Find and filter, the findings dock, and cut/copy/paste of subtrees through the system clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from planner import operations as ops
from planner.plans import create_plan
from tests.ui.helpers import act, current_text, make_window, rows, select, trigger, type_text, type_title
from tests.ui.test_main_window import START, small_plan
from ui.editor.clipboard import SUBTREES_MIME


def test_filter_by_text_unit_and_month(qtbot, ws, settings, dialog_log, model_check):
    plan = small_plan(ws)
    units = {u.name: u.id for u in ws.units()}
    for title, names, months in (("m1", ["行政課"], [6]), ("m2", ["教務課"], [6, 12]), ("m4", ["教務課"], [12])):
        node = next(n for n in plan.walk() if n.title == title)
        ops.set_units(ws, plan, node.id, [units[n] for n in names])
        ops.set_months(ws, plan, node.id, months)
    ops.set_fields(ws, plan, next(n for n in plan.walk() if n.title == "m5").id, body="公告於網站")
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    trigger(window, "find")
    bar = window.filter_bar
    assert bar.isVisible()

    type_text(bar.text, "網站")
    assert bar.pending() and len(rows(window)) == len(START)  # typing waits for a pause
    qtbot.waitUntil(lambda: not bar.pending())
    assert rows(window) == ["二、乙", "  (一)乙一", "    2.m5"]  # the match with its ancestors
    assert bar.count.text() == "符合 1 項"
    assert current_text(window) == "2.m5"
    assert not window.tree.dragEnabled()

    bar.text.clear()
    bar.unit.setCurrentIndex(bar.unit.findData(units["教務課"]))
    assert rows(window) == ["一、甲", "  (一)甲一", "    2.m2", "二、乙", "  (一)乙一", "    1.m4"]
    bar.month.setCurrentIndex(bar.month.findData(6))
    assert rows(window) == ["一、甲", "  (一)甲一", "    2.m2"]
    assert bar.count.text() == "符合 1 項"

    # editing while filtered keeps the filter live; a title match shows the whole subtree
    bar.clear()
    type_text(bar.text, "甲二")
    qtbot.keyClick(bar.text, Qt.Key.Key_Return)  # Return filters without waiting
    assert not bar.pending()
    assert rows(window) == ["一、甲", "  (二)甲二", "    1.m3"]
    select(window, "m3")
    trigger(window, "add_sibling")
    assert rows(window) == ["一、甲", "  (二)甲二", "    1.m3", "    2.（空白）"]

    qtbot.keyClick(bar.text, "\x1b")  # Esc closes the bar and shows everything
    assert not bar.isVisible()
    assert len(rows(window)) == len(START) + 1
    assert current_text(window) == "2.（空白）"
    assert window.tree.dragEnabled()


def test_findings_dock_lists_and_selects(qtbot, demo_ws, settings, dialog_log):
    window = make_window(qtbot, settings, demo_ws)
    plan = window.plan
    method = plan.methods()[3]
    ops.set_units(demo_ws, plan, method.id, [])
    trigger(window, "show_findings")
    dock = window.findings
    assert dock.isVisible()
    dock.refresh()
    texts = [dock.list.topLevelItem(i).text(2) for i in range(dock.list.topLevelItemCount())]
    assert "方法沒有指定業務單位。" in texts
    assert dock.windowTitle().startswith("檢查結果：錯誤 1")
    item = dock.list.topLevelItem(texts.index("方法沒有指定業務單位。"))
    dock.list.itemClicked.emit(item, 0)
    assert window.tree.current_node() is method
    assert window.form.node is method

    # findings follow edits (after a short pause); a filter hiding the node is closed on click
    qtbot.mouseClick(window.form.all_units, Qt.MouseButton.LeftButton)
    dock.refresh()
    texts = [dock.list.topLevelItem(i).text(2) for i in range(dock.list.topLevelItemCount())]
    assert "方法沒有指定業務單位。" not in texts
    ops.set_units(demo_ws, plan, method.id, [])
    trigger(window, "find")
    type_text(window.filter_bar.text, "不會出現的字")
    qtbot.waitUntil(lambda: rows(window) == [])
    dock.refresh()
    item = dock.list.topLevelItem(
        [dock.list.topLevelItem(i).text(2) for i in range(dock.list.topLevelItemCount())].index(
            "方法沒有指定業務單位。"
        )
    )
    dock.list.itemClicked.emit(item, 0)
    assert not window.filter_bar.isVisible()
    assert window.tree.current_node() is method


def test_copy_paste_into_another_years_plan(qtbot, ws, settings, dialog_log):
    plan = small_plan(ws)
    units = {u.name: u.id for u in ws.units()}
    m4 = next(n for n in plan.walk() if n.title == "m4")
    ops.set_units(ws, plan, m4.id, [units["輔導課"]])
    window = make_window(qtbot, settings, ws)
    assert not act(window, "paste").isEnabled()
    select(window, "乙")
    trigger(window, "copy")
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat(SUBTREES_MIME)
    assert mime.text().splitlines()[:2] == ["二、乙", "\t(一)乙一"]
    assert act(window, "paste").isEnabled()

    create_plan(ws, 115)
    window.show_year(115)
    assert rows(window) == []
    trigger(window, "paste")
    assert rows(window) == ["一、乙", "  (一)乙一", "    1.m4", "    2.m5"]
    assert rows(window, 1)[2] == "輔導課"
    assert act(window, "undo").toolTip() == "復原 貼上"

    # a 重點 pasted while a method is selected goes after that method's 重點
    window.show_year(114)
    select(window, "甲二")
    trigger(window, "cut")
    assert "  (二)甲二" not in rows(window)
    select(window, "m5")
    trigger(window, "paste")
    assert rows(window)[-5:] == ["  (一)乙一", "    1.m4", "    2.m5", "  (二)甲二", "    1.m3"]
    assert current_text(window) == "(二)甲二"


def test_paste_refuses_where_the_level_does_not_fit(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    select(window, "m1")
    trigger(window, "copy")
    window.tree.clearSelection()
    window.tree.setCurrentIndex(window.tree.model().index(-1, -1))
    trigger(window, "paste")
    assert "請先選擇" in window.statusBar().currentMessage()
    select(window, "甲")
    trigger(window, "paste")  # a method under a 要項: refused
    assert "請先選擇一個重點" in window.statusBar().currentMessage()
    select(window, "甲二")
    trigger(window, "paste")  # a method under a 重點: its last method
    assert rows(window)[4:7] == ["  (二)甲二", "    1.m3", "    2.m1"]


def test_adding_a_node_the_filter_would_hide_closes_the_filter(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    trigger(window, "find")
    type_text(window.filter_bar.text, "m4")
    qtbot.waitUntil(lambda: not window.filter_bar.pending())
    assert rows(window) == ["二、乙", "  (一)乙一", "    1.m4"]
    select(window, "乙一")
    trigger(window, "add_sibling")  # a new, empty 重點 does not match "m4"
    assert not window.filter_bar.isVisible()
    assert current_text(window) == "(二)（空白）"
    assert window.form.node is window.tree.current_node()
    type_title(qtbot, window, "新重點")
    assert rows(window)[-1] == "  (二)新重點"
    assert next(n for n in window.plan.walk() if n.title == "乙一").title == "乙一"


def test_release_keeps_text_and_the_app_exits_cleanly(qapp):
    import subprocess
    import sys

    from PySide6.QtGui import QGuiApplication

    from ui.editor import clipboard

    clipboard.put({"format": "planner-subtrees", "version": 1, "nodes": [{"level": 3, "title": "甲"}]}, "1.甲")
    assert clipboard.has_subtrees()
    clipboard.release()
    assert not clipboard.has_subtrees()
    assert QGuiApplication.clipboard().text() == "1.甲"
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.editor import clipboard\n"
        "app = QApplication([])\n"
        "app.aboutToQuit.connect(clipboard.release)\n"
        "clipboard.put({'format': 'planner-subtrees', 'version': 1, 'nodes': [{'level': 3}]}, 'x')\n"
        "from PySide6.QtCore import QTimer\n"
        "QTimer.singleShot(0, app.quit)\n"
        "app.exec()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr

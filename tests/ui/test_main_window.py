"""The main window driven through its QActions: building, moving, deleting, undo/redo, files."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMenu, QWidget

from planner import operations as ops
from planner.plans import copy_plan_to_year, create_plan
from planner.workspace import open_workspace
from tests.planner.helpers import START, by_title
from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import act, current_text, make_window, rows, select, trigger, type_title


def test_build_a_plan_from_empty(qtbot, ws, settings, dialog_log):
    create_plan(ws, 114)
    ws.clear_history()
    window = make_window(qtbot, settings, ws)
    assert rows(window) == []
    assert "114 年度" in window.status_counts.text()
    assert not act(window, "undo").isEnabled()

    trigger(window, "add_sibling")
    assert rows(window) == ["一、（空白）"]
    type_title(qtbot, window, "完備基礎服務項目")
    assert rows(window) == ["一、完備基礎服務項目"]
    assert act(window, "undo").toolTip() == "復原 修改要項標題"

    trigger(window, "add_child")
    type_title(qtbot, window, "建立業務標準作業流程")
    trigger(window, "add_child")
    type_title(qtbot, window, "訂定標準作業程序")
    assert rows(window) == ["一、完備基礎服務項目", "  (一)建立業務標準作業流程", "    1.訂定標準作業程序"]
    assert current_text(window) == "1.訂定標準作業程序"

    # units through the checkable combo (one step when the popup closes), then 全部課室
    combo = window.form.units
    assert combo.isVisible()
    combo.showPopup()
    combo.toggle_row(1)
    combo.toggle_row(0)
    combo.hidePopup()
    assert rows(window, 1)[2] == "行政課、教務課"  # in the workspace's unit order
    assert act(window, "undo").toolTip() == "復原 指定方法業務單位"
    qtbot.mouseClick(window.form.all_units, Qt.MouseButton.LeftButton)
    assert rows(window, 1)[2] == "行政課、教務課、輔導課"

    # review months: one click, one step
    qtbot.mouseClick(window.form.months.buttons[11], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.form.months.buttons[5], Qt.MouseButton.LeftButton)
    assert rows(window, 2)[2] == "6月、12月"
    assert act(window, "undo").toolTip() == "復原 設定方法查核月份"

    # body and note are committed when the field is left (here: before the next action)
    window.form.body.setPlainText("依業務性質訂定標準作業程序並公告。")
    trigger(window, "add_sibling")
    type_title(qtbot, window, "公告作業程序")
    plan = window.plan
    assert plan.methods()[0].body == "依業務性質訂定標準作業程序並公告。"
    assert rows(window)[3] == "    2.公告作業程序"
    assert window.status_counts.text().startswith("要項 1　重點 1　方法 2")
    assert "無方法的單位" not in window.status_counts.text()

    # undo everything, one named step at a time, then redo it all
    built = rows(window)
    names = []
    while act(window, "undo").isEnabled():
        names.append(act(window, "undo").toolTip())
        trigger(window, "undo")
    assert rows(window) == []
    assert names[:3] == ["復原 修改方法標題", "復原 新增方法", "復原 修改方法內容"]
    while act(window, "redo").isEnabled():
        trigger(window, "redo")
    assert rows(window) == built
    assert dialog_log.calls == []


def test_moves_indents_outdents_with_undo_and_redo(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    assert rows(window) == START
    states = [rows(window)]

    select(window, "m2")
    trigger(window, "move_up")
    assert rows(window)[2:4] == ["    1.m2", "    2.m1"]
    assert current_text(window) == "1.m2"
    states.append(rows(window))

    select(window, "m3")
    trigger(window, "move_up")  # first child: goes to the end of the previous 重點
    assert rows(window)[1:6] == ["  (一)甲一", "    1.m2", "    2.m1", "    3.m3", "  (二)甲二"]
    states.append(rows(window))

    select(window, "甲二")
    trigger(window, "move_down")  # last 重點 of 甲: becomes the first of 乙
    assert rows(window)[5:8] == ["二、乙", "  (一)甲二", "  (二)乙一"]
    states.append(rows(window))

    trigger(window, "indent")  # 甲二 is first of its siblings: refused, shown in the status bar
    assert "無法降階" in window.statusBar().currentMessage()
    assert rows(window) == states[-1]

    select(window, "乙一")
    trigger(window, "outdent")  # 乙一 becomes 要項 三、 with its methods
    assert rows(window)[-3:] == ["三、乙一", "  (一)m4", "  (二)m5"]
    states.append(rows(window))

    select(window, "乙一")
    trigger(window, "indent")  # back under 乙
    assert rows(window)[5:] == ["二、乙", "  (一)甲二", "  (二)乙一", "    1.m4", "    2.m5"]
    states.append(rows(window))

    select(window, "甲")
    trigger(window, "unnumbered")
    assert rows(window)[0] == "甲" and rows(window)[5] == "一、乙"
    assert act(window, "unnumbered").isChecked()
    states.append(rows(window))

    for state in reversed(states[:-1]):
        trigger(window, "undo")
        assert rows(window) == state
    assert not act(window, "undo").isEnabled()
    for state in states[1:]:
        trigger(window, "redo")
        assert rows(window) == state
    assert dialog_log.calls == []


def test_delete_asks_nothing_and_the_status_bar_offers_undo(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    select(window, "甲")
    trigger(window, "delete")
    assert rows(window) == ["一、乙", "  (一)乙一", "    1.m4", "    2.m5"]
    assert current_text(window) == "一、乙"
    message = window.statusBar().currentMessage()
    assert message == "已刪除要項「一、甲」，連同其下的 2 個重點、3 個方法。"
    offer = window.findChild(QWidget, "status_undo")
    assert offer.isVisible()
    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    assert rows(window) == START
    assert not offer.isVisible() and window.statusBar().currentMessage().startswith("已復原")

    select(window, "m5")
    trigger(window, "add_sibling")
    trigger(window, "delete")
    assert rows(window) == START
    assert dialog_log.calls == []


def test_refusals_and_edit_title(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    select(window, "m1")
    assert not act(window, "add_child").isEnabled()
    assert not act(window, "unnumbered").isEnabled()
    trigger(window, "outdent")
    assert rows(window)[1:4] == ["  (一)甲一", "    1.m2", "  (二)m1"]
    trigger(window, "undo")
    select(window, "甲")
    trigger(window, "move_up")
    assert window.statusBar().currentMessage() == "已經是第一個項目。"
    trigger(window, "edit_title")
    type_title(qtbot, window, "甲改")
    assert rows(window)[0] == "一、甲改"


def test_keyboard_shortcuts_on_the_tree(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    select(window, "m2")
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    qtbot.keyClick(window.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert rows(window)[2] == "    1.m2"
    qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    assert rows(window)[3] == "    2.（空白）"
    type_title(qtbot, window, "新方法")
    assert window.tree.hasFocus()
    assert rows(window)[3] == "    2.新方法"
    select(window, "甲二")
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)  # under 甲一, one level deeper: refused (甲二 has methods)
    assert "超過三層" in window.statusBar().currentMessage()
    qtbot.keyClick(window.tree, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert rows(window)[5:7] == ["二、甲二", "  (一)m3"]  # its method became a 重點
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(window)[5:7] == ["  (二)甲二", "    1.m3"]
    qtbot.keyClick(window.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert rows(window)[5:7] == ["二、甲二", "  (一)m3"]
    dialog_log.answer("confirm", True)
    select(window, "m4")
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert "m4" not in "".join(rows(window))


def test_undo_of_another_plans_edit_shows_that_plan(qtbot, ws, settings, dialog_log):
    small_plan(ws, 114)
    copy_plan_to_year(ws, 114, 115)
    window = make_window(qtbot, settings, ws)
    assert window.plan.year == 115 and window.year_combo.currentText() == "115 年度"
    window.year_combo.setCurrentIndex(window.year_combo.findData(114))
    window.year_combo.activated.emit(window.year_combo.currentIndex())
    assert window.plan.year == 114
    select(window, "m1")
    dialog_log.answer("confirm", True)
    trigger(window, "delete")
    assert "1.m2" in rows(window)[2]
    window.show_year(115)
    assert rows(window) == START
    trigger(window, "undo")
    assert window.plan.year == 114 and window.year_combo.currentData() == 114
    assert rows(window) == START
    assert current_text(window) == "1.m1"
    assert window.statusBar().currentMessage() == "已復原：刪除方法"


def test_locked_file_opens_read_only(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings)
    dialog_log.answer("read_only", True)
    assert window.files.open_path(ws.path)  # the fixture holds the lock
    assert "正由" in dialog_log.calls[0][1]
    assert window.ws.read_only and "唯讀" in window.windowTitle()
    assert rows(window) == START
    for name in ("add_sibling", "delete", "indent", "paste", "undo", "new_plan"):
        assert not act(window, name).isEnabled(), name
    assert act(window, "copy").isEnabled()  # reading and copying stay possible
    assert window.form.title.isReadOnly()
    assert not window.model.flags(window.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_bad_file_shows_its_message(qtbot, tmp_path, settings, dialog_log):
    bad = tmp_path / "壞掉.planner"
    bad.write_bytes(b"not a database at all")
    window = make_window(qtbot, settings)
    assert not window.files.open_path(bad)
    assert dialog_log.calls[0][0] == "warn" and "不是計畫工作區檔案" in dialog_log.calls[0][1]
    assert window.ws is None and window.stack.currentWidget() is window.start


def test_save_as_recent_files_and_geometry(qtbot, ws, settings, tmp_path, dialog_log):
    small_plan(ws)
    ws.close()
    window = make_window(qtbot, settings)
    assert window.files.open_path(ws.path)
    target = tmp_path / "副本.planner"
    dialog_log.answer("save", target)
    trigger(window, "save_as")
    assert window.ws.path == target and rows(window) == START
    assert window.recent.files()[:2] == [str(target.resolve()), str(ws.path.resolve())]
    window.resize(640, 480)
    window.close()
    again = make_window(qtbot, settings)
    assert again.size().width() == 640
    assert [a.text()[3:] for a in again.recent_menu.actions()] == ["副本.planner", ws.path.name]
    again.recent_menu.actions()[0].trigger()
    assert again.ws.path == target
    again.close()
    with open_workspace(target) as copy:  # the lock was released on close
        assert copy.plan(114).counts()[3] == 5


def test_drop_on_the_view_moves_once_and_removes_nothing(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    tree = window.tree
    plan = window.plan
    m1 = next(n for n in plan.walk() if n.title == "m1")
    m5 = next(n for n in plan.walk() if n.title == "m5")
    mime = window.model.mimeData([window.model.index_for(m1.id)])
    target = tree.view_index(m5.id)
    tree.scrollTo(target)
    pos = tree.visualRect(target).center()
    for again in (False, True):
        event = QDropEvent(
            QPointF(pos), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        )
        tree.dropEvent(event)
        assert event.dropAction() == Qt.DropAction.IgnoreAction  # the drag source must not remove rows
        if not again:
            assert rows(window)[-3:] == ["    1.m4", "    2.m5", "    3.m1"]
            assert len(ws.undo_stack) == 1
    assert len(ws.undo_stack) == 1  # dropping m1 right after itself changes nothing


def test_every_menu_item_is_named_and_chinese(qtbot, ws, settings, dialog_log):
    window = make_window(qtbot, settings, ws)
    names = []
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            assert action.objectName().startswith("action_"), action.text()
            assert any("\u4e00" <= ch <= "\u9fff" for ch in action.text()), action.text()
            names.append(action.objectName())
    assert {"action_add_sibling", "action_undo", "action_find", "action_units", "action_new_plan"} <= set(names)
    for name in (
        "tree_view",
        "detail_title",
        "detail_body",
        "detail_units",
        "detail_months",
        "detail_note",
        "plan_year_combo",
        "status_counts",
        "filter_bar",
        "findings_dock",
    ):
        assert window.findChild(QWidget, name) is not None, name
    assert window.findChild(QWidget, "plan_page") is None  # built when first shown or asked for (test_lazy_pages)
    page = window.plan_page
    assert window.findChild(QWidget, "plan_page") is page
    dialog_log.answer("run", lambda dialog: True)
    trigger(window, "about")
    assert dialog_log.calls[-1] == ("run", "AboutDialog")


def test_note_field_only_for_methods(qtbot, ws, settings, dialog_log):
    plan = small_plan(ws)
    window = make_window(qtbot, settings, ws)
    note = window.findChild(QWidget, "detail_note")
    select(window, "甲")
    assert note.isHidden()
    select(window, "m1")
    assert not note.isHidden()
    ops.set_fields(ws, plan, by_title(plan, "甲").id, note="舊備註")
    select(window, "甲")
    assert not note.isHidden()


def test_every_action_and_main_widget_has_an_object_name(qtbot, demo_ws, settings):
    from PySide6.QtGui import QAction

    window = make_window(qtbot, settings, demo_ws)
    ours = [a for a in window.findChildren(QAction) if not a.isSeparator()]
    # Qt's own menu-bar overflow menu (») is the only unnamed action, and it has no text.
    unnamed = [a for a in ours if not a.objectName() and (a.text() or not isinstance(a.parent(), QMenu))]
    assert [a.text() for a in unnamed] == []
    for name in (
        "tree_view",
        "detail_title",
        "detail_body",
        "detail_units",
        "detail_months",
        "detail_note",
        "main_toolbar",
    ):
        assert window.findChild(QWidget, name) is not None, name

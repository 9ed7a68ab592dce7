"""Input bugs of the officer's desk, driven by real key and mouse events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QStyleFactory

from planner.plans import create_plan
from tests.planner.helpers import START
from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import act, current_text, make_window, rows, select, trigger
from tests.ui.test_import_dialog import SAMPLE, choose_files, wait_read
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.new_plan import NewPlanDialog


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


def _normalized(sequence: QKeySequence) -> str:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    return {"Backtab": "Shift+Tab", "Shift+Backtab": "Shift+Tab"}.get(text, text)


def test_no_two_shortcuts_of_the_window_are_the_same_key(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    seen: dict[tuple[str, int], str] = {}
    for action in window.acts.all():
        for sequence in action.shortcuts():
            key = (_normalized(sequence), int(action.shortcutContext().value))
            assert key not in seen, f"{action.objectName()} and {seen.get(key)} share {key[0]}: ambiguous"
            seen[key] = action.objectName()
    assert [s.toString() for s in act(window, "outdent").shortcuts()] == ["Shift+Tab"]


def test_shift_tab_outdents_from_the_tree(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    select(window, "m1")
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    qtbot.keyClick(window.tree, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert rows(window)[1:4] == ["  (一)甲一", "    1.m2", "  (二)m1"]
    assert window.tree.hasFocus()


def test_alt_up_and_down_move_only_from_the_tree(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    select(window, "m1")
    window.form.title.setFocus()
    qtbot.waitUntil(window.form.title.hasFocus, timeout=2000)
    qtbot.keyClick(window.form.title, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.form.title, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert rows(window) == START
    window.form.units.setFocus()
    qtbot.keyClick(window.form.units, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the list
    assert rows(window) == START
    window.form.units.hidePopup()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert rows(window)[2:4] == ["    1.m2", "    2.m1"]
    assert current_text(window) == "2.m1"


def test_form_shows_the_current_row_after_copy_year(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    dialog_log.answer("run", lambda dialog: isinstance(dialog, NewPlanDialog) and dialog.start.copy.isChecked())
    trigger(window, "new_plan")
    assert window.plan.year == 115 and current_text(window) == "一、甲"
    assert window.form.stack.currentIndex() == 1 and window.form.node is window.tree.current_node()
    assert window.form.title.text() == "甲"


def test_form_shows_the_current_row_after_an_import(qtbot, ws, settings, dialog_log, monkeypatch):
    create_plan(ws, 115)
    window = make_window(qtbot, settings, ws)
    choose_files(monkeypatch, SAMPLE)

    def run(dialog: ImportDialog) -> bool:
        dialog.show()
        wait_read(qtbot, dialog)
        dialog.import_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", run)
    trigger(window, "import_plan")
    assert window.plan.year == 114
    node = window.tree.current_node()
    assert node is not None and window.form.node is node
    assert window.form.stack.currentIndex() == 1 and window.form.title.text() == node.title


def test_undo_and_redo_keep_short_labels(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    width = window.toolbar.sizeHint().width()
    select(window, "m1")
    trigger(window, "move_down")
    undo, redo = act(window, "undo"), act(window, "redo")
    assert undo.text() == "復原" and undo.toolTip() == "復原 移動方法"
    assert window.toolbar.sizeHint().width() == width
    trigger(window, "undo")
    assert redo.text() == "重做" and redo.toolTip() == "重做 移動方法"
    assert window.toolbar.sizeHint().width() == width
    assert window.statusBar().currentMessage() == "已復原：移動方法"

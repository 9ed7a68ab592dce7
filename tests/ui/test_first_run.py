"""First run: three starts, no year picked for the user; new-plan refuses a taken year; copy onto an empty plan."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from planner.plans import create_plan
from tests.planner.helpers import START
from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import act, current_text, make_window, rows, trigger, type_text
from tests.ui.test_import_dialog import SAMPLE, choose_files, wait_read
from ui.dialogs.first_run import NO_YEAR_TEXT
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.new_plan import NewPlanDialog, NewWorkspaceDialog


def _fill_workspace(dialog: NewWorkspaceDialog, dialog_log, path) -> None:
    dialog_log.answer("save", path)
    dialog.findChild(QPushButton, "new_ws_browse").click()
    type_text(dialog.agency, "測試市政府社會局")
    dialog.units.setPlainText("秘書室\n社工科")


def test_new_workspace_picks_no_year_and_refuses_a_plan_without_one(qtbot, tmp_path, settings, dialog_log):
    window = make_window(qtbot, settings)

    def fill(dialog: NewWorkspaceDialog) -> bool:
        dialog.show()
        _fill_workspace(dialog, dialog_log, tmp_path / "甲")
        start = dialog.start
        assert start.import_file.isChecked() and not dialog.year.isEnabled()
        assert dialog.year.text() == NO_YEAR_TEXT and dialog.year.year() is None
        qtbot.mouseClick(start.blank, Qt.MouseButton.LeftButton, pos=QPoint(8, start.blank.height() // 2))
        assert start.blank.isChecked() and dialog.year.isEnabled()
        dialog.accept()
        assert dialog.isVisible() and "請選擇第一份計畫的年度" in dialog.error.text()
        dialog.year.setFocus()
        qtbot.keyClick(dialog.year, Qt.Key.Key_Up)  # the first step goes to this year, not to year 1
        assert dialog.year.year() is not None and dialog.year.year() > 100
        dialog.year.setValue(116)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", fill)
    trigger(window, "new_workspace")
    assert window.ws.years() == [116] and window.plan.year == 116 and rows(window) == []


def test_first_run_imports_last_years_file_then_copies_it_to_this_year(
    qtbot, tmp_path, settings, dialog_log, monkeypatch
):
    window = make_window(qtbot, settings)
    choose_files(monkeypatch, SAMPLE)

    def fill(dialog: NewWorkspaceDialog) -> bool:
        _fill_workspace(dialog, dialog_log, tmp_path / "乙")
        dialog.accept()  # 匯入去年的計畫檔 is the first choice; no year is asked
        return dialog.result() == QDialog.DialogCode.Accepted

    def run_import(dialog: ImportDialog) -> bool:
        dialog.show()
        wait_read(qtbot, dialog)
        assert dialog.year.value() == 114  # the file's year
        dialog.import_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    dialog_log.answer("run", fill, run_import)
    trigger(window, "new_workspace")
    assert window.ws.years() == [114] and window.plan.year == 114
    first = current_text(window)

    def copy(dialog: NewPlanDialog) -> bool:
        assert dialog.year.value() == 115 and dialog.start.copy.isChecked()
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        return True

    dialog_log.answer("run", copy)
    trigger(window, "new_plan")
    assert window.ws.years() == [114, 115] and window.plan.year == 115
    assert current_text(window) == first
    assert not any(kind == "warn" for kind, _ in dialog_log.calls)


def test_cancelled_first_import_leaves_the_start_page_offering_it(qtbot, tmp_path, settings, dialog_log, monkeypatch):
    window = make_window(qtbot, settings)
    choose_files(monkeypatch)  # the file dialog is cancelled

    def fill(dialog: NewWorkspaceDialog) -> bool:
        _fill_workspace(dialog, dialog_log, tmp_path / "丙")
        dialog.accept()
        return True

    dialog_log.answer("run", fill)
    trigger(window, "new_workspace")
    assert window.ws.years() == []
    assert window.stack.currentWidget() is window.start
    button = window.start.buttons["start_import"]
    assert button.isVisible() and window.start.buttons["start_new_plan"].isVisible()


def test_new_plan_refuses_a_taken_year_at_once(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)

    def taken(dialog: NewPlanDialog) -> bool:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled() and dialog.year_note.text() == ""
        dialog.year.setValue(114)
        assert not ok.isEnabled()
        assert "複製到它自己" in dialog.year_note.text() and "複製到它自己" in ok.toolTip()
        dialog.start.blank.setChecked(True)
        assert not ok.isEnabled()
        assert "114 年度已經有計畫" in dialog.year_note.text() and "114 年度已經有計畫" in ok.toolTip()
        dialog.year.setValue(117)
        assert ok.isEnabled() and dialog.year_note.text() == ""
        return False

    dialog_log.answer("run", taken)
    trigger(window, "new_plan")
    assert ws.years() == [114]


def test_copy_year_onto_an_empty_plan_offers_to_replace_it(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    create_plan(ws, 115)
    ws.clear_history()
    window = make_window(qtbot, settings, ws)
    assert window.plan.year == 115 and rows(window) == []

    def copy(dialog: NewPlanDialog) -> bool:
        dialog.year.setValue(115)
        dialog.start.copy.setChecked(True)
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        assert "空白計畫" in dialog.year_note.text() and "取代" in dialog.year_note.text()
        dialog.start.blank.setChecked(True)  # only a copy may replace it
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.start.copy.setChecked(True)
        return True

    dialog_log.answer("run", copy, copy)
    dialog_log.answer("confirm", False, True)
    trigger(window, "new_plan")  # declined: nothing changes
    assert ws.years() == [114, 115] and rows(window) == []
    trigger(window, "new_plan")
    assert "以 114 年度計畫的複本取代" in dialog_log.calls[-1][1]
    assert window.plan.year == 115 and rows(window) == START
    assert "取代 115 年度的空白計畫" in act(window, "undo").toolTip()
    trigger(window, "undo")  # one step: the empty plan is back
    assert ws.years() == [114, 115] and ws.plan(115).items == []


def test_first_plan_of_an_empty_workspace_asks_for_its_year(qtbot, ws, settings, dialog_log):
    window = make_window(qtbot, settings, ws)
    assert window.stack.currentWidget() is window.start

    def first(dialog: NewPlanDialog) -> bool:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert dialog.year.text() == NO_YEAR_TEXT and not ok.isEnabled()
        assert dialog.year_note.text() == "請選擇新計畫的年度。"
        dialog.year.setFocus()
        qtbot.keyClick(dialog.year, Qt.Key.Key_Up)
        assert ok.isEnabled() and dialog.year.value() > 100
        assert dialog.title.text() == f"{dialog.year.value()}年度提升服務工作計畫"
        return True

    dialog_log.answer("run", first)
    qtbot.mouseClick(window.start.buttons["start_new_plan"], Qt.MouseButton.LeftButton)
    assert len(ws.years()) == 1 and window.plan is not None

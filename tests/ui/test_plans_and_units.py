"""The plan page, the unit manager, and plans by year (new, copy, switch, delete)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from planner import operations as ops
from planner.layouts import PRESETS
from tests.ui.helpers import act, make_window, rows, select, trigger, type_text
from tests.ui.test_main_window import START, small_plan
from ui.dialogs.new_plan import NewPlanDialog, NewWorkspaceDialog
from ui.dialogs.units import UnitDialog


def finish_editing(qtbot, widget) -> None:
    """Leave a field the way a user does (its editingFinished fires)."""
    widget.setFocus()
    widget.editingFinished.emit()


def test_plan_page_header_sections_and_layout(qtbot, demo_ws, settings, dialog_log):
    window = make_window(qtbot, settings, demo_ws)
    trigger(window, "plan_page")
    page = window.plan_page
    assert window.tabs.currentWidget() is page
    plan = window.plan
    assert page.title.text() == "115年度提升服務工作計畫"
    assert page.agency.text() == "星河市立圖書館"
    assert page.preview.text() == "星河市立圖書館 115年度提升服務工作計畫"
    assert page.preview_issued.text().endswith("號函頒")
    labels = [page.sections.item(i).text() for i in range(page.sections.count())]
    assert labels[:3] == ["壹、計畫依據", "貳、計畫目標", "參、實施對象"]

    page.title.setText("115年度提升服務品質實施計畫")
    finish_editing(qtbot, page.title)
    assert plan.title == "115年度提升服務品質實施計畫"
    assert act(window, "undo").toolTip() == "復原 修改計畫基本資料"
    page.title.setText("")
    finish_editing(qtbot, page.title)  # refused: shown in the status bar, field restored
    assert "不能空白" in window.statusBar().currentMessage()
    assert page.title.text() == "115年度提升服務品質實施計畫"

    # sections: add after the current one, reorder (numbering follows), edit, remove
    page.sections.setCurrentRow(1)
    dialog_log.answer("text", "實施期間")
    page.section_add.click()
    labels = [page.sections.item(i).text() for i in range(page.sections.count())]
    assert labels[1:4] == ["貳、計畫目標", "參、實施期間", "肆、實施對象"]
    assert page.sections.currentItem().text() == "參、實施期間"
    page.section_text.setPlainText("自115年1月1日起至12月31日止。")
    finish_editing(qtbot, page.section_text)
    assert plan.sections[2].text == "自115年1月1日起至12月31日止。"
    page.section_up.click()
    assert page.sections.item(1).text() == "貳、實施期間"
    assert page.sections.currentItem().text() == "貳、實施期間"
    page.section_numbered.click()
    assert page.sections.item(1).text() == "實施期間" and page.sections.item(2).text() == "貳、計畫目標"
    dialog_log.answer("confirm", True)
    page.section_remove.click()
    assert [s.heading for s in plan.sections][:3] == ["計畫依據", "計畫目標", "實施對象"]

    # column layout: a preset, then custom header words
    at = page.layout_preset.findData("implementation")
    page.layout_preset.setCurrentIndex(at)
    page.layout_preset.activated.emit(at)
    assert plan.layout == PRESETS["implementation"].layout
    assert page.columns.rowCount() == 5 and page.landscape.isChecked()
    page.columns.item(2, 0).setText("推動方法")
    assert plan.layout.headers[2] == "推動方法" and plan.layout.preset is None
    assert page.layout_preset.currentData() == "custom"
    trigger(window, "undo")
    assert plan.layout == PRESETS["implementation"].layout


def test_unit_manager_merge_shows_in_tree(qtbot, ws, settings, dialog_log):
    plan = small_plan(ws)
    units = {u.name: u.id for u in ws.units()}
    for title, names in (("m1", ["行政課"]), ("m2", ["教務課", "輔導課"]), ("m3", ["輔導課"])):
        node = next(n for n in plan.walk() if n.title == title)
        ops.set_units(ws, plan, node.id, [units[n] for n in names])
    window = make_window(qtbot, settings, ws)
    assert rows(window, 1)[2:6] == ["行政課", "教務課、輔導課", "", "輔導課"]
    assert "無方法的單位" not in window.status_counts.text()

    def merge(dialog: UnitDialog) -> bool:
        dialog.select(units["輔導課"])
        assert "115" not in dialog.list.currentItem().text() and "114年度 2 個方法" in dialog.list.currentItem().text()
        dialog_log.answer("item", 1)  # others: 行政課, 教務課
        dialog_log.answer("confirm", True)
        dialog.merge_button.click()
        assert [u.name for u in ws.units()] == ["行政課", "教務課"]
        dialog_log.answer("text", "資訊課")
        dialog.add_button.click()
        dialog.select(units["教務課"])
        dialog_log.answer("text", "教學課")
        dialog.rename_button.click()
        return False

    dialog_log.answer("run", merge)
    trigger(window, "units")
    assert rows(window, 1)[2:6] == ["行政課", "教學課", "", "教學課"]
    assert "無方法的單位：資訊課" in window.status_counts.text()
    question = next(text for kind, text in dialog_log.calls if kind == "confirm")
    assert "把「輔導課」合併到「教務課」" in question and "114年度 2 個方法" in question
    trigger(window, "undo")  # the rename
    trigger(window, "undo")  # the added unit
    trigger(window, "undo")  # the merge
    assert rows(window, 1)[2:6] == ["行政課", "教務課、輔導課", "", "輔導課"]


def test_unit_manager_retire_reorder(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    dialog = UnitDialog(ws, window.run_edit, window)
    qtbot.addWidget(dialog)
    dialog.select(ws.units()[2].id)
    dialog.up_button.click()
    assert [u.name for u in ws.units()] == ["行政課", "輔導課", "教務課"]
    dialog.retire_button.click()
    assert dialog.retire_button.text() == "恢復使用"
    assert [u.name for u in ws.units()] == ["行政課", "教務課"]
    select(window, "m1")
    names = [window.form.units.model().item(r).text() for r in range(window.form.units.model().rowCount())]
    assert names == ["行政課", "教務課"]
    assert [window.filter_bar.unit.itemText(i) for i in range(4)] == [
        "全部單位",
        "行政課",
        "輔導課（已停用）",
        "教務課",
    ]
    dialog.retire_button.click()
    assert [u.name for u in ws.units()] == ["行政課", "輔導課", "教務課"]
    dialog_log.answer("text", "行政課")
    dialog.add_button.click()  # duplicate name: refused in the status bar
    assert "已有名為「行政課」的單位" in window.statusBar().currentMessage()


def test_new_plan_copy_switch_and_delete(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)

    def copy_year(dialog: NewPlanDialog) -> bool:
        assert dialog.year.value() == 115 and dialog.start.copy.isChecked()
        assert not dialog.title.isEnabled()
        return True

    dialog_log.answer("run", copy_year)
    trigger(window, "new_plan")
    assert window.plan.year == 115 and rows(window) == START
    assert [window.year_combo.itemText(i) for i in range(window.year_combo.count())] == ["115 年度", "114 年度"]

    def from_framework(dialog: NewPlanDialog) -> bool:
        dialog.year.setValue(116)
        dialog.start.framework.setChecked(True)
        dialog.start.frameworks.setCurrentIndex(dialog.start.frameworks.findData("kaohsiung-six"))
        assert dialog.title.text() == "116年度提升服務工作計畫"
        return True

    dialog_log.answer("run", from_framework)
    trigger(window, "new_plan")
    assert window.plan.year == 116
    assert rows(window)[0] == "訂定「提升服務計畫」"  # the framework's unnumbered opening 要項
    assert "一、完備基礎服務項目，注重服務特性差異化" in rows(window)
    assert window.status_counts.text().startswith("要項 7")

    dialog_log.answer("confirm", False, True)
    trigger(window, "delete_plan")
    assert window.plan.year == 116
    trigger(window, "delete_plan")
    assert "116 年度" in dialog_log.calls[-1][1]
    assert window.plan.year == 115
    assert [window.year_combo.itemData(i) for i in range(window.year_combo.count())] == [115, 114]
    trigger(window, "undo")  # the deleted plan comes back, and is shown
    assert window.plan.year == 116 and window.year_combo.count() == 3


def test_plan_year_change_keeps_the_plan_shown(qtbot, ws, settings, dialog_log):
    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    trigger(window, "plan_page")
    window.plan_page.year.setValue(120)
    finish_editing(qtbot, window.plan_page.year)
    assert window.plan.year == 120 and window.year_combo.currentText() == "120 年度"
    assert "120 年度" in window.status_counts.text()
    trigger(window, "content_page")
    assert rows(window) == START


def test_new_workspace_and_empty_workspace(qtbot, tmp_path, settings, dialog_log):
    window = make_window(qtbot, settings)
    assert window.stack.currentWidget() is window.start
    assert not act(window, "add_sibling").isEnabled()
    path = tmp_path / "新機關"

    def fill(dialog: NewWorkspaceDialog) -> bool:
        dialog_log.answer("save", path)
        dialog.findChild(QPushButton, "new_ws_browse").click()
        type_text(dialog.agency, "測試市政府社會局")
        dialog.units.setPlainText("秘書室\n社工科\n\n 長青科 ")
        dialog.year.setValue(115)
        dialog.start.blank.setChecked(True)
        dialog.accept()
        return dialog.result() == 1

    dialog_log.answer("run", fill)
    trigger(window, "new_workspace")
    assert window.ws.path == tmp_path / "新機關.planner"
    assert window.ws.agency == "測試市政府社會局"
    assert [u.name for u in window.ws.units()] == ["秘書室", "社工科", "長青科"]
    assert window.plan.year == 115 and rows(window) == []
    assert not act(window, "undo").isEnabled()
    trigger(window, "add_sibling")
    assert rows(window) == ["一、（空白）"]
    assert window.plan.agency == "測試市政府社會局"


def test_unit_rename_from_a_year(qtbot, ws, settings, dialog_log):
    from planner.plans import copy_plan_to_year

    small_plan(ws)
    copy_plan_to_year(ws, ws.years()[0], ws.years()[0] + 1)
    first, second = ws.years()
    window = make_window(qtbot, settings, ws)
    unit = ws.unit_by_name("教務課")

    def rename(dialog: UnitDialog) -> bool:
        dialog.select(unit.id)
        dialog_log.answer("text", "推廣課")
        dialog_log.answer("item", 1)  # from the second year on
        dialog.rename_button.click()
        return True

    dialog_log.answer("run", rename)
    trigger(window, "units")
    assert ws.unit_names([unit.id], first) == ["教務課"] and ws.unit_names([unit.id], second) == ["推廣課"]
    assert ("item", "「推廣課」自哪個年度起使用：") in dialog_log.calls

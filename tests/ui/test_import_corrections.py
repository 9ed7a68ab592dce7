"""Correcting what the importer guessed, in the dialog, with real key and mouse events; then importing."""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDialog

from planner.importers.unit_fixes import IMPORT_FIXES, remembered
from planner.units import add_unit
from tests.fixtures.misread_plans import (
    MISREAD,
    kpi_xlsx,
    misread_docx,
    misread_expected,
    outline_docx,
    summary_table_docx,
)
from tests.ui.helpers import type_text
from tests.ui.test_import_dialog import SAMPLE, shown_rows, wait_read
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.import_units import RENAME_TEXT, SPLIT_TEXT


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick a combo entry from the keyboard: focus it, Home, then Down until the entry shows."""
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, [combo.itemText(i) for i in range(combo.count())]


def open_dialog(qtbot, ws, path) -> ImportDialog:
    dialog = ImportDialog(ws, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    wait_read(qtbot, dialog)
    return dialog


def unit_row(dialog: ImportDialog, name: str) -> int:
    table = dialog.unit_table
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)


def item_rows(dialog: ImportDialog) -> list[str]:
    """Return the preview's 要項 rows (the rows not indented)."""
    return [r for r in shown_rows(dialog) if not r.startswith(" ")]


def toggle_first(qtbot, dialog: ImportDialog, entries, key: Qt.Key) -> None:
    """Reach a list of the 表格與大綱 tab by its Alt key, toggle its first entry with Space and wait for the read."""
    qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
    assert entries.hasFocus()
    entries.setCurrentRow(0)
    qtbot.keyClick(entries, Qt.Key.Key_Space)
    wait_read(qtbot, dialog)


def click_tab(qtbot, dialog: ImportDialog, index: int) -> None:
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def test_correct_roles_header_row_and_units_then_import(qtbot, ws, tmp_path):
    add_unit(ws, "秘書室")
    ws.clear_history()
    dialog = open_dialog(qtbot, ws, misread_docx(tmp_path / "誤判.docx"))
    # what the importer guessed: the 要項 column read as 重點, the instructions row as content
    rows = shown_rows(dialog)
    assert rows[0] == "（空白）" and rows[1].strip() == "（請填要項）"
    assert dialog.warnings.item(0).text().startswith("✖") and "未匯入" in dialog.warnings.item(0).text()

    # clicking a warning selects its row
    notes = [dialog.warnings.item(i) for i in range(dialog.warnings.count())]
    doubt = next(i for i in notes if "「活動及輔導課」" in i.text() and "適時修訂" in i.text())
    dialog.warnings.scrollToItem(doubt)
    rect = dialog.warnings.visualItemRect(doubt)
    qtbot.mouseClick(dialog.warnings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.tree.currentIndex().data() == "2.適時修訂年度計畫"
    assert "不都像單位名稱" in dialog.tree.currentIndex().siblingAtColumn(4).data()
    # … and so does Enter on the first (an error: the column it is about was not imported)
    dialog.warnings.setFocus()
    qtbot.keyClick(dialog.warnings, Qt.Key.Key_Home)
    qtbot.keyClick(dialog.warnings, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.tree.currentIndex().data() == "（請具體說明）"
    assert dialog.tree.currentIndex().siblingAtColumn(4).data().startswith("⚠ 第 2 欄沒有可辨識的欄位標題")

    # structure: the column roles and the second header row, each updating the preview at once
    click_tab(qtbot, dialog, 1)
    times = []
    for col, role in ((0, "要項"), (1, "重點"), (4, "查核期限")):
        choose(qtbot, dialog.structure.role_combos[col], role)
        wait_read(qtbot, dialog)
        times.append(dialog.last_update_ms)
    assert dialog.options.columns == ("item", "focus", "method", "units", "months")
    assert shown_rows(dialog)[1].strip() == "（請填重點）"  # the instructions row is still content (unnumbered)
    spin = dialog.structure.header_rows
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    wait_read(qtbot, dialog)
    times.append(dialog.last_update_ms)
    assert dialog.options.header_rows == 2
    rows = shown_rows(dialog)
    assert [r for r in rows if not r.startswith(" ")] == ["一、提升服務品質，深化服務績效", "二、便民服務"]
    assert "    2.適時修訂年度計畫" in rows
    assert max(times) < 1000, times  # measured ≈ 30–60 ms on a quiet machine (see the report)

    # units: split the compound cell, strip the role nobody told the importer about
    click_tab(qtbot, dialog, 0)
    row = unit_row(dialog, "活動及輔導課")
    choose(qtbot, dialog.unit_table.cellWidget(row, 2), SPLIT_TEXT)
    parts = dialog.units.edits["活動及輔導課"]
    assert parts.isEnabled() and parts.hasFocus()
    type_text(parts, "活動課、輔導課")
    qtbot.keyClick(parts, Qt.Key.Key_Return)  # applies the names, does not press 匯入
    assert dialog.isVisible()
    wait_read(qtbot, dialog)
    row = unit_row(dialog, "行政課(主政)")
    choose(qtbot, dialog.unit_table.cellWidget(row, 2), "去掉職責：「行政課」")
    wait_read(qtbot, dialog)
    units = [u.strip() for u in shown_rows(dialog, 1) if u.strip()]
    assert units == ["行政課", "活動課、輔導課", "各課室", "秘書室、活動課、輔導課", "秘書室"]
    assert "將新增 1 個單位：活動課。" in dialog.unit_note.text()  # the workspace has 行政課 and 輔導課
    fixed = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert all(t.startswith("✓ 已修正") for t in fixed)
    assert ws.years() == [] and ws.setting(IMPORT_FIXES) is None  # nothing written yet

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    plan = dialog.plan
    assert plan is not None and plan.year == 102
    tree = [
        (
            i.title,
            [(f.title, [(m.title, ws.unit_names(m.units), list(m.months)) for m in f.children]) for f in i.children],
        )
        for i in plan.items
    ]
    assert tree == misread_expected()
    assert remembered(ws).split == {"活動及輔導課": ("活動課", "輔導課")} and "行政課(主政)" in remembered(ws).strip

    # the next import into this workspace starts from the remembered corrections
    again = open_dialog(qtbot, ws, misread_docx(tmp_path / "再一次.docx"))
    row = unit_row(again, "活動及輔導課")
    assert again.unit_table.cellWidget(row, 2).currentText() == SPLIT_TEXT
    assert again.units.edits["活動及輔導課"].text() == "活動課、輔導課"
    assert not again.units.edits["秘書室"].isVisible()  # only a split shows its box
    assert "活動課、輔導課" in [u.strip() for u in shown_rows(again, 1)]
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible() and ws.years() == [102]


def test_tables_checkboxes_choose_the_content_table(qtbot, ws, tmp_path):
    dialog = open_dialog(qtbot, ws, summary_table_docx(tmp_path / "附表.docx"))
    assert len(item_rows(dialog)) == 4
    click_tab(qtbot, dialog, 1)
    tables = dialog.structure.tables
    assert dialog.structure.tables_box.isVisible() and tables.count() == 2
    first = tables.item(0)
    assert first.checkState() == Qt.CheckState.Checked and "工作要項" in first.text()
    toggle_first(qtbot, dialog, tables, Qt.Key.Key_B)  # uncheck the summary table
    assert dialog.options.tables == frozenset({2})
    assert item_rows(dialog) == [f"{n}、{item}" for n, (item, _) in zip("一二", MISREAD)]
    assert dialog.structure.tables.item(0).checkState() == Qt.CheckState.Unchecked
    # back to the guess
    qtbot.mouseClick(dialog.structure.reset, Qt.MouseButton.LeftButton)
    wait_read(qtbot, dialog)
    assert dialog.options.is_default() and len(item_rows(dialog)) == 4


def test_unchecking_every_table_is_refused_and_kpi_columns_import(qtbot, ws, tmp_path):
    dialog = open_dialog(qtbot, ws, summary_table_docx(tmp_path / "附表.docx"))
    click_tab(qtbot, dialog, 1)
    tables = dialog.structure.tables
    tables.setFocus()
    for row in (0, 1):
        tables.setCurrentRow(row)
        qtbot.keyClick(tables, Qt.Key.Key_Space)
        wait_read(qtbot, dialog)
    assert "請至少勾選一個計畫內容表格" in dialog.message.text()
    assert dialog.options.tables == frozenset({2}) and dialog.import_button.isEnabled()  # the last good read stays
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    dialog = open_dialog(qtbot, ws, kpi_xlsx(tmp_path / "指標.xlsx"))
    click_tab(qtbot, dialog, 1)
    assert dialog.structure.role_combos[0].currentText() == "忽略"  # 項目: no role guessed
    choose(qtbot, dialog.structure.role_combos[0], "要項")
    wait_read(qtbot, dialog)
    choose(qtbot, dialog.structure.role_combos[5], "衡量指標")
    wait_read(qtbot, dialog)
    assert item_rows(dialog)[0] == "一、提升服務品質，深化服務績效"
    assert not any("未匯入" in dialog.warnings.item(i).text() for i in range(dialog.warnings.count()))
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
    assert dialog.plan is not None and dialog.plan.year == 114
    from planner.kpi import plan_kpis

    kpis = plan_kpis(ws, dialog.plan)
    assert [kpis[m.id].kpi for m in dialog.plan.methods()][:2] == ["完成率達91%", "完成率達92%"]


def test_an_outline_the_reader_cannot_place_is_read_with_the_levels_chosen(qtbot, ws, tmp_path):
    dialog = open_dialog(qtbot, ws, outline_docx(tmp_path / "大綱.docx"))
    assert "找不到計畫內容" in dialog.error_text and "依這些層級讀取" in dialog.message.text()
    assert not dialog.import_button.isEnabled() and dialog.tabs.currentWidget() is dialog.structure
    panel = dialog.structure
    assert panel.isEnabled() and panel.apply_levels.isVisible() and not panel.columns_box.isVisible()
    assert list(panel.level_combos) == ["cn", "arabic", "paren_arabic"]
    assert [c.currentText() for c in panel.level_combos.values()] == ["要項", "重點", "方法"]
    assert panel.section.currentText() == "計畫內容"
    qtbot.mouseClick(panel.apply_levels, Qt.MouseButton.LeftButton)
    wait_read(qtbot, dialog)
    assert dialog.error_text == "" and dialog.options.levels == {"cn": 1, "arabic": 2, "paren_arabic": 3}
    assert not panel.apply_levels.isVisible()
    assert item_rows(dialog) == [
        "一、提升服務品質，深化服務績效",
        "二、便民服務",
    ]
    # (1) as text of its 重點: fewer methods, at once
    choose(qtbot, panel.level_combos["paren_arabic"], "內文")
    wait_read(qtbot, dialog)
    assert dialog.counts.text().startswith("2 個要項、3 個重點、3 個方法")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.plan is not None and dialog.plan.counts() == {1: 2, 2: 3, 3: 3}
    body = dialog.plan.methods()[0].body
    assert "(1)研訂執行計畫，公佈於機關網站" in body and "(2)適時修訂年度計畫" in body


def test_a_note_between_tables_is_unchecked_as_a_item(qtbot, ws, tmp_path):
    from tests.fixtures.misread_plans import item_tables_docx

    dialog = open_dialog(qtbot, ws, item_tables_docx(tmp_path / "每要項一表.docx"))
    assert len(item_rows(dialog)) == 3
    click_tab(qtbot, dialog, 1)
    paragraphs = dialog.structure.paragraphs
    assert dialog.structure.paragraphs_box.isVisible() and paragraphs.count() == 2
    toggle_first(qtbot, dialog, paragraphs, Qt.Key.Key_K)
    assert dialog.options.item_paragraphs == frozenset({2})
    assert item_rows(dialog) == [
        "一、提升服務品質，深化服務績效",
        "二、便民服務",
    ]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert [i.title for i in dialog.plan.items] == [item for item, _ in MISREAD]
    assert dialog.plan.counts() == {1: 2, 2: 3, 3: 5}


def test_keyboard_mnemonics_reach_the_corrections(qtbot, demo_ws):
    dialog = open_dialog(qtbot, demo_ws, SAMPLE)
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 1
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert dialog.structure.header_rows.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dialog.structure.role_combos[0].hasFocus()
    combo = dialog.structure.role_combos[0]
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Up):
        qtbot.keyClick(combo, key)
        wait_read(qtbot, dialog)
        assert dialog.structure.role_combos[0] is combo and combo.hasFocus()  # the re-read keeps the focus
    assert dialog.options.columns is None and len(shown_rows(dialog)) == 68
    row = dialog.units.combos[dialog.units.names[0]]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Down)
    wait_read(qtbot, dialog)
    assert row.hasFocus() and dialog.fixes.map  # a unit correction keeps the focus too
    qtbot.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert dialog.warnings.hasFocus()


@pytest.mark.parametrize("rounds", [6])
def test_preview_updates_fast_on_a_real_plan(qtbot, demo_ws, rounds):
    dialog = open_dialog(qtbot, demo_ws, SAMPLE)
    spin = dialog.structure.header_rows
    times = []
    for i in range(rounds):
        spin.setValue(2 if i % 2 == 0 else 1)
        wait_read(qtbot, dialog)
        times.append(dialog.last_update_ms)
    assert len(shown_rows(dialog)) == 68
    assert statistics.median(times) < 1000, times


def test_preview_index_of_a_place(qapp, tmp_path):
    from planner.importers import read_plan_file
    from ui.dialogs.import_preview import PreviewModel, preview_rows

    model = PreviewModel(preview_rows(read_plan_file(SAMPLE)))
    index = model.index_of((0, 0, 0))
    assert index.data() == "1.訂立標準作業程序/SOP" and model.index_of((99,)) == QModelIndex()


def test_a_unit_gets_a_new_name_typed_in_its_row(qtbot, ws, tmp_path):
    """改為新名稱…: last year's unit imported under a name the workspace does not have yet."""
    ws.clear_history()
    dialog = open_dialog(qtbot, ws, SAMPLE)
    click_tab(qtbot, dialog, 0)
    row = unit_row(dialog, "教務課")
    choose(qtbot, dialog.unit_table.cellWidget(row, 2), RENAME_TEXT)
    box = dialog.units.edits["教務課"]
    assert box.isEnabled() and box.hasFocus() and box.placeholderText() == "例如 推廣課"
    type_text(box, "推廣課、輔導課")  # two names: not a new name
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert dialog.isVisible() and "只能是一個單位" in dialog.unit_note.text()
    assert "教務課" not in dialog.units.fixes.map
    box.selectAll()
    type_text(box, "推廣課")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # applies the name, does not press 匯入
    assert dialog.isVisible()
    wait_read(qtbot, dialog)
    assert dialog.units.fixes.map == {"教務課": "推廣課"}
    assert "將新增" in dialog.unit_note.text() and "推廣課" in dialog.unit_note.text()
    shown = {u.strip() for line in shown_rows(dialog, 1) for u in line.split("、") if u.strip()}
    assert "推廣課" in shown and "教務課" not in shown

    wait_read(qtbot, dialog)
    box.setFocus()  # still in the box: leaving it for 匯入 must not start another read and swallow the click
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    plan = dialog.plan
    assert plan is not None
    names = {n for m in plan.methods() for n in ws.unit_names(m.units)}
    assert "推廣課" in names and "教務課" not in names and ws.unit_by_name("推廣課") is not None
    assert remembered(ws).map == {"教務課": "推廣課"}

    ws.undo()  # the import and its remembered correction go together
    assert ws.unit_by_name("推廣課") is None and remembered(ws).map == {}
    again = open_dialog(qtbot, ws, SAMPLE)
    assert again.unit_table.cellWidget(unit_row(again, "教務課"), 2).currentIndex() == 0

"""The compare view: real clicks on the run button and the kind filter, highlighting, jump signal, 說明, export."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from planner.compare.table import stored_notes
from tests.planner.compare_helpers import edited_copy
from tests.planner.odf_read import grid_of, q, read_package
from tests.ui.helpers import type_text
from ui.compare.model import NEW_COL, NOTE_COL, OLD_COL, HtmlRole
from ui.compare.view import CompareView
from ui.dialogs import blocking


def click(qtbot, widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def double_click(widget, pos: QPoint) -> None:
    """Press, release and double-click, as a real double click arrives."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def make_view(qtbot, ws) -> CompareView:
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.set_workspace(ws)
    return view


def row_of(view, title: str) -> int:
    for r in range(view.proxy.rowCount()):
        text = view.proxy.index(r, NEW_COL).data() or view.proxy.index(r, OLD_COL).data()
        if title in text.split("\n")[0]:
            return r
    raise AssertionError(title)


def test_run_and_filter_by_kind_with_clicks(qtbot, ws, dialog_log):
    edited_copy(ws)
    view = make_view(qtbot, ws)
    assert (view.from_combo.currentData(), view.to_combo.currentData()) == (114, 115)
    click(qtbot, view.run_button)
    assert view.kind_boxes["延續"].text() == "延續 6" and view.kind_boxes["修正"].text() == "修正 2"
    assert sorted(view.visible_kinds()) == sorted(["修正", "修正", "新增", "新增", "刪除", "移動"])  # 延續 hidden
    assert "門檻 80" in view.summary.text()
    click(qtbot, view.kind_boxes["延續"])
    assert view.proxy.rowCount() == 12
    click(qtbot, view.kind_boxes["新增"])
    assert view.proxy.rowCount() == 10 and "新增" not in view.visible_kinds()
    for kind in ("延續", "修正", "刪除", "移動"):
        click(qtbot, view.kind_boxes[kind])
    assert view.proxy.rowCount() == 0
    click(qtbot, view.kind_boxes["刪除"])
    assert view.visible_kinds() == ["刪除"]
    assert dialog_log.calls == []


def test_changes_highlighted_at_character_level(qtbot, ws):
    edited_copy(ws)
    view = make_view(qtbot, ws)
    click(qtbot, view.run_button)
    r = row_of(view, "m1 建立線上申辦流程")
    new_html = view.proxy.index(r, NEW_COL).data(HtmlRole)
    assert "<u> 建立線上申辦流程</u>" in new_html
    assert new_html.startswith("一、(一)1.m1<span")
    assert "<s>" not in view.proxy.index(r, OLD_COL).data(HtmlRole)  # nothing removed, only added
    r = row_of(view, "m2")
    assert "<s>未指定</s>" in view.proxy.index(r, OLD_COL).data(HtmlRole)
    assert "<u>行政課</u>" in view.proxy.index(r, NEW_COL).data(HtmlRole)


def test_double_click_jumps_to_the_node(qtbot, ws):
    _old, new = edited_copy(ws)
    view = make_view(qtbot, ws)
    click(qtbot, view.run_button)
    r = row_of(view, "m6")
    index = view.proxy.index(r, NEW_COL)
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    with qtbot.waitSignal(view.node_activated, timeout=2000) as blocker:
        double_click(view.table.viewport(), rect.center())
    m6 = next(n for n in new.walk() if n.title == "m6")
    assert blocker.args == [115, m6.id]
    r = row_of(view, "m5")  # deleted: jumps into the old plan
    rect = view.table.visualRect(view.proxy.index(r, OLD_COL))
    with qtbot.waitSignal(view.node_activated, timeout=2000) as blocker:
        double_click(view.table.viewport(), rect.center())
    assert blocker.args[0] == 114


def test_note_edited_kept_and_exported(qtbot, ws, tmp_path, monkeypatch, dialog_log):
    edited_copy(ws)
    view = make_view(qtbot, ws)
    click(qtbot, view.run_button)
    r = row_of(view, "m6")
    index = view.proxy.index(r, NOTE_COL)
    assert index.data() == "本方法新增。"
    view.activateWindow()
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    type_text(editor, "配合新措施新增。")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: index.data() == "配合新措施新增。", timeout=2000)  # the delegate commits queued
    assert list(stored_notes(ws, view.comparison).values()) == ["配合新措施新增。"]
    out = tmp_path / "對照表.docx"
    asked: list[tuple[Path, list[tuple[str, str]]]] = []

    def ask(parent, title, start, kinds):
        asked.append((start, kinds))
        return out

    monkeypatch.setattr(blocking, "ask_export_path", ask)
    with qtbot.waitSignal(view.statusMessage) as shown:
        click(qtbot, view.export_button)
    assert shown.args == [f"已匯出修正對照表：{out}"]
    assert dialog_log.calls == []
    assert asked == [(ws.path.parent / "115年度修正對照表.docx", [("Word 文件", ".docx"), ("ODF 文字文件", ".odt")])]
    doc = Document(str(out))
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["修正規定", "現行規定", "說明"]
    assert "配合新措施新增。" in [row.cells[2].text for row in doc.tables[0].rows]
    out = tmp_path / "對照表.odt"  # the ODF kind chosen
    with qtbot.waitSignal(view.statusMessage) as shown:
        click(qtbot, view.export_button)
    assert shown.args == [f"已匯出修正對照表：{out}"]
    grid = grid_of(next(read_package(out).content.iter(q("table:table"))))
    assert grid.header_rows == 1 and [grid.text(1, c) for c in (1, 2, 3)] == ["修正規定", "現行規定", "說明"]
    assert "配合新措施新增。" in [grid.text(r, 3) for r in range(2, grid.rows + 1)]


def test_read_only_and_bad_years(qtbot, ws, dialog_log):
    view = make_view(qtbot, ws)
    assert not view.run_button.isEnabled()  # no plans
    edited_copy(ws)
    view.set_workspace(ws)
    view.set_years(115, 115)
    click(qtbot, view.run_button)
    assert dialog_log.calls and "同一個年度" in dialog_log.calls[-1][1]
    assert view.comparison is None and not view.export_button.isEnabled()


def test_imported_plans_show_similarity_matches(qtbot, ws):
    from tests.planner.compare_helpers import imported_pair

    imported_pair(ws)
    view = make_view(qtbot, ws)
    view.set_years(113, 114)
    view.threshold.setValue(80)
    click(qtbot, view.run_button)
    r = row_of(view, "建立標準作業流程")
    assert view.proxy.index(r, 0).data() == "修正\n（文字相似）"
    view.threshold.setValue(99)
    click(qtbot, view.run_button)
    assert "門檻 99" in view.summary.text()
    assert view.kind_boxes["刪除"].text() == "刪除 2"


def test_compare_tab_in_the_main_window(qtbot, ws, settings, dialog_log):
    from PySide6.QtWidgets import QApplication

    from tests.ui.helpers import make_window

    edited_copy(ws)
    window = make_window(qtbot, settings, ws)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tree.setFocus()
    QTest.keyClick(window.tree, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.compare
    view = window.compare
    assert (view.from_combo.currentData(), view.to_combo.currentData()) == (114, 115)
    click(qtbot, view.run_button)
    assert view.proxy.rowCount() > 0
    index = view.proxy.index(0, NEW_COL)
    change = view.model.changes[view.proxy.mapToSource(index).row()]
    node = change.new.node if change.new is not None else change.old.node
    rect = view.table.visualRect(index)
    double_click(view.table.viewport(), rect.center())
    QApplication.processEvents()
    assert window.tabs.currentWidget() is window.content
    assert window.current_node() is not None and window.current_node().id == node.id

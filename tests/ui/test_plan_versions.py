"""The plan page's 定稿與版本 box: the 定稿… dialog, the versions list and the 修正草案 state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.operations import set_fields
from planner.versions import finalize_plan, plan_versions
from tests.ui.helpers import make_window, trigger, type_text
from ui.dialogs.finalize_dialog import FinalizeDialog


def test_finalize_from_the_plan_page(qtbot, demo_ws, settings, dialog_log):
    window = make_window(qtbot, settings, demo_ws)
    trigger(window, "plan_page")
    box = window.plan_page.versions
    plan = window.plan
    assert box.state.text() == "尚未定稿" and box.list.count() == 0 and box.finalize.text() == "定稿…"
    seen: list[str] = []

    def fill(dialog: FinalizeDialog) -> bool:
        dialog.date.clear()
        type_text(dialog.date, "115/02/30")
        seen.append(dialog.preview.text())
        assert not dialog.ok.isEnabled()
        dialog.date.clear()
        type_text(dialog.date, "115/01/20")
        dialog.doc.clear()
        type_text(dialog.doc, "星圖秘字第1150001號")
        seen.append(dialog.preview.text())
        assert dialog.ok.isEnabled()
        dialog.show()
        QTest.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        return dialog.result() == FinalizeDialog.DialogCode.Accepted

    dialog_log.answer("run", fill)
    QTest.mouseClick(box.finalize, Qt.MouseButton.LeftButton)
    assert dialog_log.calls[-1] == ("run", "FinalizeDialog")
    assert "沒有這一天" in seen[0] and seen[1] == "115 年 1 月 20 日星圖秘字第1150001號函頒"
    assert [v.label for v in plan_versions(demo_ws, plan)] == ["定稿1"]
    assert box.list.item(0).text() == "定稿1　115/01/20　星圖秘字第1150001號"
    assert box.state.text() == "定稿（115/01/20 星圖秘字第1150001號）" and box.finalize.text() == "修正定稿…"
    assert window.plan_page.issued.text() == "115 年 1 月 20 日星圖秘字第1150001號函頒"
    method = plan.methods()[0]
    set_fields(demo_ws, plan, method.id, title="改過的方法")
    assert box.state.text() == "修正草案（依 115/01/20 定稿）"
    dialog_log.answer("run", lambda dialog: False)  # cancelled: nothing changes
    QTest.mouseClick(box.finalize, Qt.MouseButton.LeftButton)
    assert len(plan_versions(demo_ws, plan)) == 1


def test_compare_tab_lists_versions_and_compares_one_with_the_plan(qtbot, demo_ws, dialog_log):
    from ui.compare.view import CompareView

    plan = demo_ws.plan(115)
    finalize_plan(demo_ws, plan, "115/01/20", "星圖秘字第1號")
    method = plan.methods()[0]
    set_fields(demo_ws, plan, method.id, title="改過的方法")
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.set_workspace(demo_ws)
    view.show()
    entries = [view.from_combo.itemText(i) for i in range(view.from_combo.count())]
    assert entries == ["115 年度", "115 年度 定稿1"]
    view.from_combo.setCurrentIndex(1)
    view.to_combo.setCurrentIndex(0)
    QTest.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    counts = view.comparison.counts()
    assert counts["修正"] == 1 and counts["新增"] == 0 and counts["刪除"] == 0
    assert view.summary.text().startswith("115 年度 定稿1 → 115 年度，")
    finalize_plan(demo_ws, plan, "115/02/01", "星圖秘字第2號")
    view.hide()
    view.show()  # versions made since are listed, the choice kept
    assert view.to_combo.itemText(2) == "115 年度 修正2" and view.from_combo.currentText() == "115 年度 定稿1"

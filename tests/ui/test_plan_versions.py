"""The plan page's 定稿與版本 box: the 定稿… dialog, the versions list and the 修正草案 state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.operations import set_fields
from planner.versions import plan_versions
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

"""A whole June round from the 查核行事曆 page, with real clicks, while the window holds the workspace open."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt

from planner.packets import COL
from planner.progress import records, set_locked
from tests.planner.review_helpers import fill, form_rows, packet_for
from tests.ui.helpers import make_window, trigger
from ui.calendar.calendar_model import COL_STATUS
from ui.dialogs import blocking as review_actions

TODAY = dt.date(2026, 6, 25)  # before the demo's June deadline (6/30)


@pytest.fixture
def page_on_june(qtbot, settings, demo_ws):
    window = make_window(qtbot, settings)
    window.calendar.set_today(TODAY)
    window.set_workspace(demo_ws)
    trigger(window, "calendar_page")
    page = window.calendar
    qtbot.mouseClick(page.strip.cell(6), Qt.MouseButton.LeftButton)
    assert page.month == 6
    return window, page


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_status(page, node_id: int, unit_id: int) -> str:
    index = page.model.find(node_id, unit_id)
    assert index.isValid()
    return index.siblingAtColumn(COL_STATUS).data()


def test_whole_june_round_from_the_calendar(qtbot, page_on_june, demo_ws, dialog_log, monkeypatch, tmp_path):
    window, page = page_on_june
    plan = window.plan
    assert "6月查核：送出 115/06/20　回收期限 115/06/30" in page.review.round_label.text()
    folder = tmp_path / "六月填報表"
    monkeypatch.setattr(review_actions, "ask_folder", lambda parent, title, start: folder)

    # forms out: xlsx and docx per unit with methods due
    click(qtbot, page.review.forms_button)
    forms = sorted(folder.glob("*.xlsx"))
    assert forms and len(sorted(folder.glob("*.docx"))) == len(forms)
    assert "已產生" in window.statusBar().currentMessage()

    # one unit fills its form in, as it would with Excel
    form = packet_for(forms, "推廣課")
    rows = form_rows(form)
    fill(
        form,
        {
            rows[0][0]: ("已完成", "六月已完成", "115/6/20"),
            rows[1][0]: ("落後", "進度延後", None, "廠商延遲交貨", "改向其他廠商採購"),
        },
    )
    unit = demo_ws.unit_by_name("推廣課").id
    undo_before = len(demo_ws.undo_stack)

    # collected with the window open: every .xlsx of the folder, a preview, then one undoable edit
    monkeypatch.setattr(review_actions, "ask_collect_paths", lambda parent, start: [folder])
    seen: list[list[list[str]]] = []

    def accept(dialog):
        seen.append(dialog.rows())
        return True

    dialog_log.answer("run", accept)
    click(qtbot, page.review.collect_button)
    assert dialog_log.calls[-1] == ("run", "CollectPreview")
    assert [(r[0], r[2], r[3]) for r in seen[0]] == [
        ("推廣課", "（未填報）", "已完成"),
        ("推廣課", "（未填報）", "落後"),
    ]
    assert seen[0][1][5:7] == ["廠商延遲交貨", "改向其他廠商採購"]
    assert len(demo_ws.undo_stack) == undo_before + 1
    assert demo_ws.undo_text == "收回 6月 執行情形填報表"
    assert records(demo_ws, plan, 6)[(rows[0][1], 6, unit)].text == "六月已完成"

    # the calendar shows it
    assert shown_status(page, rows[0][1], unit) == "已完成"
    assert shown_status(page, rows[1][1], unit) == "落後"
    assert "已填報 2" in page.month_header.text()

    # the 總表 shows it
    out = tmp_path / "總表.xlsx"
    monkeypatch.setattr("ui.dialogs.blocking.ask_export_path", lambda parent, title, start, kinds: out)
    click(qtbot, page.review.summary_button)
    sheet = openpyxl.load_workbook(out).active
    texts = {sheet.cell(r, 6).value: sheet.cell(r, 5).value for r in range(4, sheet.max_row + 1)}
    assert texts["六月已完成"] == "已完成" and texts["進度延後"] == "落後"

    # a second packets run leaves the filled form byte-identical
    filled = form.read_bytes()
    click(qtbot, page.review.forms_button)
    assert form.read_bytes() == filled
    assert "保留" in window.statusBar().currentMessage()

    # undo from the window takes the whole collection back
    trigger(window, "undo")
    assert records(demo_ws, plan, 6) == {}
    assert shown_status(page, rows[0][1], unit) == "未填報"


def test_forms_with_uncollected_replies_are_kept_after_confirmation(
    qtbot, page_on_june, dialog_log, monkeypatch, tmp_path
):
    _window, page = page_on_june
    folder = tmp_path / "forms"
    monkeypatch.setattr(review_actions, "ask_folder", lambda parent, title, start: folder)
    click(qtbot, page.review.forms_button)
    form = packet_for(sorted(folder.glob("*.xlsx")), "推廣課")
    fill(form, {form_rows(form)[0][0]: ("辦理中", "尚未收回的填報", None)})
    filled = form.read_bytes()
    dialog_log.answer("confirm", False)
    click(qtbot, page.review.forms_button)
    assert form.name in dialog_log.calls[-1][1] and "不會覆蓋" in dialog_log.calls[-1][1]
    assert form.read_bytes() == filled
    dialog_log.answer("confirm", True)
    click(qtbot, page.review.forms_button)
    assert form.read_bytes() == filled
    wb = openpyxl.load_workbook(form)
    assert wb["填報表"].cell(form_rows(form)[0][0], COL["text"]).value == "尚未收回的填報"


def test_locked_month_collects_only_after_unlocking_in_a_dialog(
    qtbot, page_on_june, demo_ws, dialog_log, monkeypatch, tmp_path
):
    window, page = page_on_june
    plan = window.plan
    folder = tmp_path / "forms"
    monkeypatch.setattr(review_actions, "ask_folder", lambda parent, title, start: folder)
    click(qtbot, page.review.forms_button)
    form = packet_for(sorted(folder.glob("*.xlsx")), "推廣課")
    rows = form_rows(form)
    fill(form, {rows[0][0]: ("已完成", "鎖定後收回", "115/6/21")})
    set_locked(demo_ws, plan, 6, True)
    monkeypatch.setattr(review_actions, "ask_collect_paths", lambda parent, start: [form])
    dialog_log.answer("confirm", False)
    click(qtbot, page.review.collect_button)
    assert "已鎖定" in dialog_log.calls[-1][1] and "解除" in dialog_log.calls[-1][1]
    assert records(demo_ws, plan, 6) == {}
    dialog_log.answer("confirm", True)
    dialog_log.answer("run", lambda dialog: True)
    click(qtbot, page.review.collect_button)
    assert records(demo_ws, plan, 6)[(rows[0][1], 6, demo_ws.unit_by_name("推廣課").id)].text == "鎖定後收回"
    assert 6 not in {m.month for m in page.months if m.locked}


def test_bad_form_is_refused_with_row_messages(qtbot, page_on_june, demo_ws, dialog_log, monkeypatch, tmp_path):
    window, page = page_on_june
    folder = tmp_path / "forms"
    monkeypatch.setattr(review_actions, "ask_folder", lambda parent, title, start: folder)
    click(qtbot, page.review.forms_button)
    form = packet_for(sorted(folder.glob("*.xlsx")), "推廣課")
    rows = form_rows(form)
    fill(form, {rows[0][0]: ("落後", "沒寫原因", None)})
    monkeypatch.setattr(review_actions, "ask_collect_paths", lambda parent, start: [form])
    undo = len(demo_ws.undo_stack)
    click(qtbot, page.review.collect_button)
    kind, text = dialog_log.calls[-1]
    assert kind == "warn" and f"第 {rows[0][0]} 列" in text and "落後原因及因應對策" in text
    assert len(demo_ws.undo_stack) == undo and records(demo_ws, window.plan, 6) == {}


def test_reminders_from_the_calendar(qtbot, page_on_june, monkeypatch, tmp_path):
    from docx import Document

    _window, page = page_on_june
    folder = tmp_path / "催辦"
    monkeypatch.setattr(review_actions, "ask_folder", lambda parent, title, start: folder)
    click(qtbot, page.review.remind_button)
    memos = sorted(folder.glob("*_催辦單.docx"))
    assert len(memos) == len(page.model.groups)
    text = "\n".join(p.text for p in Document(str(memos[0])).paragraphs)
    assert "115/06/30" in text and "受文者" in text


def test_late_in_the_progress_form_needs_reason_and_measure(qtbot, page_on_june, demo_ws):
    from PySide6.QtGui import QColor

    from planner.review import progress_notes
    from planner.status_colors import color
    from tests.ui.helpers import type_text

    window, page = page_on_june
    plan = window.plan
    index = page.model.index(0, 0, page.model.index(0, 0))
    page.tree.setCurrentIndex(index)
    due = page.current_due()
    form = page.form
    form.status.setCurrentIndex(form.status.findText("落後"))
    form.status.activated.emit(form.status.currentIndex())
    key = (due.method.id, 6, due.unit_id)
    assert key not in records(demo_ws, plan) and "請填寫落後原因及因應對策" in form.reason_note.text()
    form.reason.setFocus()
    type_text(form.reason, "經費尚未撥付")
    form.reason.editingFinished.emit()
    form.measure.setFocus()
    type_text(form.measure, "簽請動支預備金")
    form.measure.editingFinished.emit()
    assert records(demo_ws, plan)[key].status == "late"
    assert progress_notes(demo_ws, plan)[key].reason == "經費尚未撥付"
    status = page.model.find(due.method.id, due.unit_id).siblingAtColumn(COL_STATUS)
    assert status.data() == "落後"
    assert status.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(color("late"))


def test_excel_export_in_the_file_menu(qtbot, demo_ws, settings, dialog_log, monkeypatch, tmp_path):
    from tests.ui.helpers import act
    from ui.dialogs import blocking
    from ui.dialogs.export import WHOLE

    window = make_window(qtbot, settings, demo_ws)
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]
    assert names.index("action_export_excel") < names.index("action_export_pdf")
    assert act(window, "export_excel").text() == "匯出 Excel…"
    out = tmp_path / "計畫.xlsx"
    asked = []
    monkeypatch.setattr(blocking, "ask_save_path", lambda parent, title, start, suffix: asked.append(suffix) or out)

    def whole(dialog):
        dialog.choose(WHOLE, 0)
        return True

    dialog_log.answer("run", whole)
    trigger(window, "export_excel")
    assert asked == [".xlsx"]
    sheet = openpyxl.load_workbook(out).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    methods = [m for m in window.plan.methods() if m.title.strip()]
    assert methods and all(any(m.title.strip() in v for v in values) for m in methods[:5]), values[:20]


def test_round_dialog_moves_the_deadline(qtbot, page_on_june, demo_ws, dialog_log):
    _window, page = page_on_june
    page.set_today(dt.date(2026, 7, 2))  # after the default deadline 6/30
    assert "逾期 0" not in page.month_header.text()

    def later(dialog):
        assert dialog.send_roc.text() == "民國 115/06/20"
        dialog.set_values(dt.date(2026, 6, 20), dt.date(2026, 7, 3), grace=2)
        assert dialog.due_roc.text() == "民國 115/07/03"
        return True

    dialog_log.answer("run", later)
    click(qtbot, page.review.round_button)
    assert "回收期限 115/07/03（寬限 2 日）" in page.review.round_label.text()
    assert "逾期 0" in page.month_header.text()
    assert demo_ws.undo_text == "設定6月查核回合"

    def back(dialog):
        dialog.defaults.setChecked(True)
        return True

    dialog_log.answer("run", back)
    click(qtbot, page.review.round_button)
    assert "回收期限 115/06/30" in page.review.round_label.text()


def test_kpi_fields_in_the_detail_form(qtbot, demo_ws, settings):
    from planner.kpi import kpi_of
    from tests.ui.helpers import type_text

    window = make_window(qtbot, settings, demo_ws)
    plan = window.plan
    method = plan.methods()[0]
    window.form.show_node(plan, method)
    fields = window.form.kpi
    assert fields.kpi.isVisibleTo(window.form) and fields.kpi.text() == ""
    fields.kpi.setFocus()
    type_text(fields.kpi, "線上申辦件數")
    fields.kpi.editingFinished.emit()
    fields.target.setFocus()
    type_text(fields.target, "1,200 件")
    fields.target.editingFinished.emit()
    assert kpi_of(demo_ws, method.id).text() == "線上申辦件數：目標 1,200 件"
    trigger(window, "undo")
    assert kpi_of(demo_ws, method.id).target == ""
    window.form.show_node(plan, plan.items[0])
    assert not fields.kpi.isVisibleTo(window.form)

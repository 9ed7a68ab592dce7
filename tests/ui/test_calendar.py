"""The 查核行事曆 tab and the milestone table: counts, filter, today, overdue, progress form, locks, undo."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QSpinBox

from planner import operations, plans, progress, units
from planner.calendar import month_end
from planner.review import progress_notes
from planner.workspace import open_workspace
from tests.ui.helpers import act, make_window, trigger, type_text
from ui.calendar.calendar_model import COL_STATUS, RED, NodeIdRole, OverdueRole, UnitIdRole
from ui.common.texts import node_headline
from ui.plan_page.milestone_box import COL_DAY, COL_MONTH, COL_TITLE, COL_UNIT

TODAY = dt.date(2026, 7, 15)  # the middle of plan year 115


def open_calendar(qtbot, settings, ws, today=TODAY):
    """Return a window on a workspace with the calendar tab shown as of a date."""
    window = make_window(qtbot, settings)
    window.calendar.set_today(today)
    window.set_workspace(ws)
    trigger(window, "calendar_page")
    assert window.tabs.currentWidget() is window.calendar
    return window, window.calendar


def number(text: str, word: str) -> int:
    """Return the number after a word in a shown text, e.g. 應查核 23."""
    found = re.search(rf"{word} (\d+)", text)
    assert found, f"no {word} in {text!r}"
    return int(found.group(1))


def shown_counts(page, month: int) -> tuple[int, int, int]:
    """Return (due, reported, overdue) as the month's cell shows them."""
    cell = page.strip.cell(month)
    return (
        number(cell.due_label.text(), "應查核"),
        number(cell.reported_label.text(), "已填報"),
        number(cell.overdue_label.text(), "逾期"),
    )


def expected_due(plan, unit_id=None) -> dict[int, int]:
    """Count the due entries of each month straight from the methods' months × units."""
    out = dict.fromkeys(range(1, 13), 0)
    for method in plan.methods():
        for month in method.months:
            out[month] += sum(1 for u in method.units if unit_id in (None, u))
    return out


def table_rows(page) -> dict[str, tuple[int, int, int]]:
    """Return the per-unit count table as {unit: (due, reported, overdue)}."""
    table = page.unit_counts
    return {
        table.item(r, 0).text(): tuple(int(table.item(r, c).text()) for c in (1, 2, 3)) for r in range(table.rowCount())
    }


def entry(page, group_row: int = 0, row: int = 0) -> QModelIndex:
    """Return the index of a method row in the month shown."""
    model = page.model
    return model.index(row, 0, model.index(group_row, 0))


def choose(page, month: int, qtbot) -> None:
    """Click a month's cell."""
    qtbot.mouseClick(page.strip.cell(month), Qt.MouseButton.LeftButton)
    assert page.month == month


def test_counts_per_month_and_unit_match_the_methods(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    plan = window.plan
    assert page.year_label.text() == "115年（2026）查核行事曆"
    due = expected_due(plan)
    assert sum(due.values()) > 100
    past = {m for m in range(1, 13) if month_end(2026, m) < TODAY}
    for month in range(1, 13):
        assert shown_counts(page, month) == (due[month], 0, due[month] if month in past else 0), month
    total_overdue = sum(due[m] for m in past)
    assert page.year_counts.text() == f"全年　應查核 {sum(due.values())}　已填報 0　逾期 {total_overdue}"

    choose(page, 6, qtbot)
    assert re.sub("<[^>]+>", "", page.month_header.text()) == f"6月　應查核 {due[6]}　已填報 0　逾期 {due[6]}"
    units = {u.name: u.id for u in demo_ws.units()}
    per_unit = table_rows(page)
    for name, unit_id in units.items():
        n = expected_due(plan, unit_id)[6]
        assert per_unit[name] == (n, 0, n)
    assert per_unit["合計"] == (due[6], 0, due[6])
    # the tree: one group per unit with entries, each method row carrying its label path and unit
    model = page.model
    assert sum(model.rowCount(model.index(g, 0)) for g in range(model.rowCount())) == due[6]
    first = entry(page)
    node = plan.nodes[first.data(NodeIdRole)]
    assert 6 in node.months and first.data(UnitIdRole) in node.units
    labels = plan.numbering()
    assert first.data() == "".join(labels[n.id] for n in [*node.ancestors(), node])
    assert first.siblingAtColumn(1).data() == node_headline(node)
    labelled = next(
        entry(page, g, r)
        for g in range(model.rowCount())
        for r in range(model.rowCount(model.index(g, 0)))
        if entry(page, g, r).data().startswith("一、(一)")
    )
    assert re.fullmatch(r"一、\(一\)\d+\.", labelled.data())
    assert "各課室送自行檢核表（全部單位）" in page.milestones.text()
    assert "6月30日" in page.milestones.text()

    # filter by a unit: every count follows
    combo = window.findChild(QComboBox, "calendar_unit_filter")
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部單位", *units]
    combo.setCurrentIndex(combo.findData(units["推廣課"]))
    combo.activated.emit(combo.currentIndex())
    assert page.unit_id == units["推廣課"]
    mine = expected_due(plan, units["推廣課"])
    for month in range(1, 13):
        assert shown_counts(page, month)[0] == mine[month], month
    assert sum(mine.values()) < sum(due.values())
    assert list(table_rows(page)) == ["推廣課", "合計"]
    assert model.rowCount() == 1 and model.index(0, 0).data(UnitIdRole) == units["推廣課"]
    assert "第二季為民服務推動小組會議" not in page.milestones.text()  # a 秘書室 milestone
    page.choose_unit(None)
    assert shown_counts(page, 12)[0] == due[12]


def test_today_marked_and_first_month_shown(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    marked = [m for m in range(1, 13) if page.strip.cell(m).current_mark.isVisibleTo(page)]
    assert marked == [7]
    assert page.month == 7
    page.set_today(dt.date(2026, 3, 2))
    marked = [m for m in range(1, 13) if page.strip.cell(m).current_mark.isVisibleTo(page)]
    assert marked == [3]
    assert shown_counts(page, 1)[2] == expected_due(window.plan)[1]  # January is over
    assert shown_counts(page, 3)[2] == 0  # March is not
    page.set_today(dt.date(2027, 2, 1))  # after the plan year: nothing is "this month"
    assert not any(page.strip.cell(m).current_mark.isVisibleTo(page) for m in range(1, 13))


def test_progress_form_records_marks_and_undoes(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    ws, plan = window.ws, window.plan
    choose(page, 6, qtbot)
    index = entry(page)
    node_id, unit_id = index.data(NodeIdRole), index.data(UnitIdRole)
    status = index.siblingAtColumn(COL_STATUS)
    assert status.data() == "逾期" and status.data(OverdueRole)
    assert status.data(Qt.ItemDataRole.ForegroundRole).color() == RED
    before = shown_counts(page, 6)
    page.tree.setCurrentIndex(index)
    form = page.form
    assert form.status.isEnabled() and form.status.currentIndex() == -1
    assert form.heading.text().startswith("6月・")

    form.status.setCurrentIndex(form.status.findData("done"))
    form.status.activated.emit(form.status.currentIndex())
    record = progress.records(ws, plan)[(node_id, 6, unit_id)]
    assert record.status == "done" and record.text == "" and record.date is None
    assert act(window, "undo").toolTip() == "復原 填寫6月執行情形"
    status = page.model.find(node_id, unit_id).siblingAtColumn(COL_STATUS)
    assert status.data() == "已完成" and not status.data(OverdueRole)
    assert shown_counts(page, 6) == (before[0], before[1] + 1, before[2] - 1)
    assert page.current_due().method.id == node_id  # the selection survives the rebuild

    form.text.setFocus()
    type_text(form.text, "已於6月10日辦理完成")
    form.text.editingFinished.emit()
    form.date_set.click()
    form.date.setDate(form.date.date().addDays(-5))
    record = progress.records(ws, plan)[(node_id, 6, unit_id)]
    assert record.text == "已於6月10日辦理完成" and record.date == "2026-07-10"
    assert page.model.find(node_id, unit_id).siblingAtColumn(3).data() == "已於6月10日辦理完成"
    undo_depth = len(ws.undo_stack)

    # each field was one undoable step; undoing them all removes the record and marks it overdue again
    for _ in range(4):
        ws.undo()
    assert len(ws.undo_stack) == undo_depth - 4
    assert (node_id, 6, unit_id) not in progress.records(ws, plan)
    status = page.model.find(node_id, unit_id).siblingAtColumn(COL_STATUS)
    assert status.data() == "逾期" and status.data(OverdueRole)
    assert shown_counts(page, 6) == before
    assert form.status.currentIndex() == -1 and form.text.toPlainText() == ""

    # writing text before choosing a status records it as 辦理中; past the round's deadline (逾期) only with
    # 落後原因 and 因應對策; 清除填報 deletes the record
    type_text(form.text, "辦理中")
    form.text.editingFinished.emit()
    assert (node_id, 6, unit_id) not in progress.records(ws, plan)
    assert "已逾回收期限" in form.reason_note.text() and "落後原因及因應對策" in form.reason_note.text()
    form.reason.setFocus()
    type_text(form.reason, "場地施工")
    form.reason.editingFinished.emit()
    assert (node_id, 6, unit_id) not in progress.records(ws, plan)
    form.measure.setFocus()
    type_text(form.measure, "改至分館辦理")
    form.measure.editingFinished.emit()
    assert progress.records(ws, plan)[(node_id, 6, unit_id)].status == "doing"
    assert progress_notes(ws, plan)[(node_id, 6, unit_id)].measure == "改至分館辦理"
    assert form.reason_note.text() == ""
    assert form.status.currentText() == "辦理中"
    form.clear.click()
    assert (node_id, 6, unit_id) not in progress.records(ws, plan)
    assert act(window, "undo").toolTip() == "復原 清除6月執行情形"


def test_locked_month_refuses_edits(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    ws, plan = window.ws, window.plan
    choose(page, 6, qtbot)
    lock = act(window, "lock_month")
    assert lock.text() == "鎖定6月"
    trigger(window, "lock_month")
    assert 6 in progress.locked_periods(ws, plan)
    assert lock.text() == "解除6月鎖定"
    assert page.strip.cell(6).lock_mark.isVisibleTo(page) and not page.strip.cell(5).lock_mark.isVisibleTo(page)
    assert page.month_lock_text.isVisibleTo(page)

    index = entry(page)
    key = (index.data(NodeIdRole), 6, index.data(UnitIdRole))
    page.tree.setCurrentIndex(index)
    form = page.form
    assert not form.status.isEnabled() and form.text.isReadOnly()
    assert form.unlock.isVisibleTo(page) and "6月的查核資料已鎖定" in form.lock_note.text()
    page.save_progress("done", "補填", None)  # as if the form had been edited anyway
    assert "已鎖定" in window.statusBar().currentMessage()
    assert key not in progress.records(ws, plan)

    form.unlock.click()
    assert 6 not in progress.locked_periods(ws, plan)
    assert form.status.isEnabled() and not form.unlock.isVisibleTo(page)
    page.save_progress("done", "補填", None)
    assert progress.records(ws, plan)[key].text == "補填"
    trigger(window, "undo")
    trigger(window, "undo")  # the unlock
    assert 6 in progress.locked_periods(ws, plan) and key not in progress.records(ws, plan)
    assert page.strip.cell(6).lock_mark.isVisibleTo(page)


def test_activating_a_method_opens_it_in_the_tree(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    choose(page, 12, qtbot)
    index = entry(page, 1, 2)
    node_id = index.data(NodeIdRole)
    page.tree.setFocus()
    page.tree.setCurrentIndex(index)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.content
    assert window.tree.current_node().id == node_id
    assert window.form.title.text() == window.plan.nodes[node_id].title
    # a unit row opens nothing
    trigger(window, "calendar_page")
    page.tree.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is page


def test_rebuilds_lazily_after_edits(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    ws, plan = window.ws, window.plan
    trigger(window, "content_page")
    builds = page.last_build_ms
    method = plan.methods()[0]
    page.last_build_ms = -1.0
    operations.set_months(ws, plan, method.id, [*method.months, 2])
    plans.add_milestone(ws, plan, 2, "二月專案檢討")
    assert page.dirty and page.last_build_ms == -1.0  # hidden: not rebuilt while the tree is edited
    assert shown_counts(page, 2)[0] == 0
    trigger(window, "calendar_page")
    assert not page.dirty and page.last_build_ms >= 0 and builds >= 0
    assert shown_counts(page, 2)[0] == len(method.units)
    choose(page, 2, qtbot)
    assert "二月專案檢討（全部單位）" in page.milestones.text()
    # visible: an undo shows at once
    ws.undo()
    assert "二月專案檢討" not in page.milestones.text()
    # units renamed: the filter and the groups follow
    unit = ws.units()[0]
    units.rename_unit(ws, unit.id, "綜合規劃室")
    assert page.unit_filter.itemText(1) == "綜合規劃室"
    assert page.model.index(0, 0).data().startswith("綜合規劃室")


def test_milestones_edited_in_the_plan_page_with_undo(qtbot, demo_ws, settings, dialog_log):
    window = make_window(qtbot, settings, demo_ws)
    plan = window.plan
    trigger(window, "plan_page")
    box = window.plan_page.milestones
    table = box.table
    assert table.rowCount() == len(plan.milestones) == 7
    shown = [
        (table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text(), table.item(r, 3).text())
        for r in range(7)
    ]
    assert ("6月", "30日", "各課室送自行檢核表", "全部單位") in shown
    assert ("3月", "—", "第一季為民服務推動小組會議", "秘書室") in shown

    # add: asks the title, goes into the current row's month
    table.setCurrentCell(0, COL_TITLE)
    dialog_log.answer("text", "年中業務檢討")
    box.add.click()
    assert len(plan.milestones) == 8
    added = plan.milestones[-1]
    assert (added.title, added.month, added.day, added.unit_id) == ("年中業務檢討", 3, None, None)
    assert act(window, "undo").toolTip() == "復原 新增查核事項「年中業務檢討」"
    assert box.current_milestone() is added

    # month, day and unit through their editors; the title by typing
    def edit(column: int, editor_type, choose, done) -> None:
        """Open a cell's editor, choose a value and press Enter (the delegate commits it queued)."""
        row = [m.id for m in box.rows()].index(added.id)
        table.setCurrentCell(row, column)
        table.edit(table.currentIndex())
        editor = table.indexWidget(table.currentIndex())
        assert isinstance(editor, editor_type)
        choose(editor)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(done, timeout=2000)

    edit(COL_MONTH, QComboBox, lambda e: e.setCurrentIndex(e.findData(7)), lambda: added.month == 7)
    edit(COL_DAY, QSpinBox, lambda e: e.setValue(20), lambda: added.day == 20)
    units = {u.name: u.id for u in window.ws.units()}
    unit_id = units["推廣課"]
    edit(COL_UNIT, QComboBox, lambda e: e.setCurrentIndex(e.findData(unit_id)), lambda: added.unit_id == unit_id)
    row = [m.id for m in box.rows()].index(added.id)
    table.item(row, COL_TITLE).setText("年中推廣業務檢討")
    assert added.title == "年中推廣業務檢討"
    assert table.item(row, 0).text() == "7月" and table.item(row, 1).text() == "20日"
    assert table.item(row, 3).text() == "推廣課"
    table.item(row, COL_TITLE).setText("  ")  # refused: the stored title comes back
    assert "不能空白" in window.statusBar().currentMessage()
    assert table.item(row, COL_TITLE).text() == "年中推廣業務檢討"

    # each edit is one undo step; the table follows
    trigger(window, "undo")
    assert added.title == "年中業務檢討"
    trigger(window, "undo")
    assert added.unit_id is None
    row = [m.id for m in box.rows()].index(added.id)
    assert table.item(row, 3).text() == "全部單位" and table.item(row, 2).text() == "年中業務檢討"

    # the calendar shows it in its month
    trigger(window, "calendar_page")
    window.calendar.select_month(7)
    assert "7月20日 年中業務檢討（全部單位）" in window.calendar.milestones.text()

    # remove, then undo
    trigger(window, "plan_page")
    table.setCurrentCell([m.id for m in box.rows()].index(added.id), 0)
    box.remove.click()
    assert added.id not in [m.id for m in plan.milestones] and table.rowCount() == 7
    trigger(window, "undo")
    assert table.rowCount() == 8 and plan.find_milestone(added.id).title == "年中業務檢討"


def test_read_only_workspace_shows_but_does_not_edit(qtbot, demo_ws, settings):
    path = demo_ws.path
    plan = demo_ws.plan(115)
    method = plan.methods()[0]
    progress.set_progress(demo_ws, plan, method.id, method.months[0], method.units[0], "done", "完成")
    demo_ws.close()
    window, page = open_calendar(qtbot, settings, open_workspace(path, read_only=True))
    choose(page, method.months[0], qtbot)
    assert page.select_entry(method.id, method.units[0])
    assert page.form.text.toPlainText() == "完成"
    assert not page.form.status.isEnabled() and page.form.text.isReadOnly()
    assert not act(window, "lock_month").isEnabled()
    trigger(window, "plan_page")
    assert not window.plan_page.milestones.add.isEnabled()
    window.close()


def test_typed_text_is_kept_when_clicking_another_row_far_down(qtbot, demo_ws, settings):
    window, page = open_calendar(qtbot, settings, demo_ws)
    ws, plan = window.ws, window.plan
    window.resize(1000, 600)
    choose(page, 12, qtbot)
    model, tree = page.model, page.tree
    group = model.index(1, 0)
    far = model.index(model.rowCount(group) - 1, 0, group)
    tree.scrollTo(far)
    scroll = tree.verticalScrollBar().value()
    assert scroll > 0
    tree.setCurrentIndex(far)
    key = (far.data(NodeIdRole), 12, far.data(UnitIdRole))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    page.form.text.setFocus()
    assert page.form.text.hasFocus()
    type_text(page.form.text, "已完成年度成果彙整")
    # the user clicks the row above: the text is saved on leaving the field, the view stays put
    above = model.index(far.row() - 1, 0, group)
    target = (above.data(NodeIdRole), above.data(UnitIdRole))
    rect = tree.visualRect(above)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert progress.records(ws, plan)[key].text == "已完成年度成果彙整"
    assert progress.records(ws, plan)[key].status == "doing"
    assert tree.verticalScrollBar().value() == scroll
    due = page.current_due()
    assert (due.method.id, due.unit_id) == target
    assert page.form.text.toPlainText() == ""


def test_exports_the_calendar_and_the_month_summary(qtbot, demo_ws, settings, tmp_path, monkeypatch):
    import icalendar
    from openpyxl import load_workbook

    from ui.dialogs import blocking

    window, page = open_calendar(qtbot, settings, demo_ws)
    ws, plan = window.ws, window.plan
    asked: list[tuple[str, Path]] = []
    answers: list[Path] = []

    def answer(parent, title, start, kinds):
        asked.append((title, start))
        return answers.pop(0)

    monkeypatch.setattr(blocking, "ask_export_path", answer)

    # the whole calendar, then one unit's
    answers.append(tmp_path / "全年")  # export_ics adds the suffix
    trigger(window, "export_calendar_ics")
    assert asked[-1][1].name == "115年度查核行事曆.ics"
    whole = icalendar.Calendar.from_ical((tmp_path / "全年.ics").read_bytes())
    summaries = [str(e["summary"]) for e in whole.walk("VEVENT")]
    assert any("各課室送自行檢核表" in s for s in summaries)
    expected = {(m, u) for n in plan.methods() for m in n.months for u in n.units}
    assert sum(1 for s in summaries if s.startswith("查核：")) == len(expected)
    assert "已匯出查核行事曆" in window.statusBar().currentMessage()
    units = {u.name: u.id for u in ws.units()}
    page.choose_unit(units["推廣課"])
    answers.append(tmp_path / "推廣課.ics")
    trigger(window, "export_calendar_ics")
    assert asked[-1][1].name == "115年度查核行事曆-推廣課.ics"
    mine = icalendar.Calendar.from_ical((tmp_path / "推廣課.ics").read_bytes())
    reviews = [str(e["summary"]) for e in mine.walk("VEVENT") if str(e["summary"]).startswith("查核：")]
    assert reviews and all("推廣課" in s for s in reviews)
    assert len(reviews) == len({(m, u) for (m, u) in expected if u == units["推廣課"]})
    page.choose_unit(None)

    # June's summary, with one entry recorded through the form
    choose(page, 6, qtbot)
    index = entry(page)
    page.tree.setCurrentIndex(index)
    page.save_progress("done", "已完成教育訓練兩場次", "2026-06-12")
    answers.append(tmp_path / "六月總表.xlsx")
    assert act(window, "export_month_summary").text() == "匯出6月執行情形總表…"
    trigger(window, "export_month_summary")
    assert asked[-1][1].name == "115年6月執行情形總表.xlsx"
    book = load_workbook(tmp_path / "六月總表.xlsx")
    texts = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert any("已完成教育訓練兩場次" in t for t in texts)
    assert any(node_headline(plan.nodes[index.data(NodeIdRole)])[:8] in t for t in texts)
    # a month with nothing due has no summary to export
    choose(page, 7, qtbot)
    assert not act(window, "export_month_summary").isEnabled()

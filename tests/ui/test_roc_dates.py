"""Progress dates read and show as 民國 dates (115/06/20) in the calendar; stored as ISO."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit

from planner import progress
from tests.ui.test_calendar import choose, entry, open_calendar
from ui.calendar.calendar_model import COL_DATE, NodeIdRole, UnitIdRole
from ui.widgets.roc_dates import RocDateEdit, parse_roc, roc_date


def test_roc_text_both_ways():
    assert roc_date("2026-06-20") == "115/06/20"
    assert roc_date("2026-06-20T09:15:30") == "115/06/20 09:15"
    assert roc_date("") == "" and roc_date(None) == ""
    assert parse_roc("115/6/20").isoformat() == "2026-06-20"
    assert parse_roc("115/02/30") is None and parse_roc("2026-06-20") is None


def test_date_field_types_and_shows_roc(qtbot):
    edit = RocDateEdit()
    qtbot.addWidget(edit)
    edit.setDate(QDate(2026, 7, 15))
    line = edit.findChild(QLineEdit)
    assert line.text() == "115/07/15"
    edit.show()
    edit.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "115/06/20")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert edit.date() == QDate(2026, 6, 20) and line.text() == "115/06/20"
    qtbot.keyClick(line, Qt.Key.Key_Up)
    assert edit.date() == QDate(2026, 6, 21) and line.text() == "115/06/21"


def test_progress_date_roc_in_form_list_and_last_update(qtbot, demo_ws, settings):
    # before the June round's deadline: a record without 落後原因 may still be saved
    window, page = open_calendar(qtbot, settings, demo_ws, today=dt.date(2026, 6, 25))
    ws, plan = window.ws, window.plan
    choose(page, 6, qtbot)
    index = entry(page)
    node_id, unit_id = index.data(NodeIdRole), index.data(UnitIdRole)
    page.tree.setCurrentIndex(index)
    form = page.form
    form.date_set.click()
    form.date.setDate(QDate(2026, 6, 20))
    record = progress.records(ws, plan)[(node_id, 6, unit_id)]
    assert record.date == "2026-06-20"
    assert form.date.findChild(QLineEdit).text() == "115/06/20"
    assert page.model.find(node_id, unit_id).siblingAtColumn(COL_DATE).data() == "115/06/20"
    assert form.updated.text().startswith("最後更新：11")
    assert "-" not in form.updated.text()

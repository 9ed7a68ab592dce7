"""The 執行情形填報 form: status, text and date of one method due in a month for one unit."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from planner.calendar import Due
from planner.progress import STATUSES
from planner.review import reason_problem
from planner.status_colors import color
from ui.widgets.commit_text_edit import CommitTextEdit
from ui.widgets.roc_dates import RocDateEdit, roc_date

log = logging.getLogger(__name__)

# Status given to a record created by writing text or a date before choosing a status.
IMPLIED_STATUS = "doing"


class ProgressForm(QGroupBox):
    """Shows one due entry; each finished edit becomes saveRequested(status, text, date) or clearRequested()."""

    saveRequested = Signal(str, str, object, str, str)  # status, text, date, 落後原因, 因應對策
    clearRequested = Signal()
    unlockRequested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__("執行情形填報", parent)
        self.setObjectName("progress_form")
        self.due: Due | None = None
        self.locked = False
        self._read_only = False
        self._filling = False
        self._today = dt.date.today()

        column = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("progress_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        column.addWidget(self.heading)

        form = QFormLayout()
        self.status = QComboBox(self)
        self.status.setObjectName("progress_status")
        for code, name in STATUSES.items():
            self.status.addItem(name, code)
        self.status.setPlaceholderText("（尚未填報）")
        self.status.activated.connect(self._status_chosen)
        form.addRow("辦理狀態", self.status)
        self.text = CommitTextEdit(self)
        self.text.setObjectName("progress_text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("辦理情形、成果或未能辦理的原因")
        self.text.editingFinished.connect(self._text_done)
        form.addRow("執行情形", self.text)
        self.reason = CommitTextEdit(self)
        self.reason.setObjectName("progress_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("落後（或逾期仍未完成）時必填")
        self.reason.setMaximumHeight(64)
        self.reason.editingFinished.connect(self._text_done)
        form.addRow("落後原因", self.reason)
        self.measure = CommitTextEdit(self)
        self.measure.setObjectName("progress_measure")
        self.measure.setTabChangesFocus(True)
        self.measure.setPlaceholderText("落後（或逾期仍未完成）時必填")
        self.measure.setMaximumHeight(64)
        self.measure.editingFinished.connect(self._text_done)
        form.addRow("因應對策", self.measure)
        self.reason_note = QLabel(self)
        self.reason_note.setObjectName("progress_reason_note")
        self.reason_note.setWordWrap(True)
        self.reason_note.setStyleSheet(f"color: {color('late')};")
        form.addRow("", self.reason_note)
        dates = QHBoxLayout()
        self.date_set = QCheckBox("填寫日期", self)
        self.date_set.setObjectName("progress_date_set")
        self.date_set.clicked.connect(self._date_toggled)
        self.date = RocDateEdit(self)  # 115/06/20
        self.date.setObjectName("progress_date")
        self.date.setCalendarPopup(True)
        self.date.setKeyboardTracking(False)
        self.date.dateChanged.connect(self._date_changed)
        dates.addWidget(self.date_set)
        dates.addWidget(self.date, 1)
        form.addRow("日期", dates)
        column.addLayout(form, 1)

        buttons = QHBoxLayout()
        self.updated = QLabel(self)
        self.updated.setObjectName("progress_updated")
        self.updated.setStyleSheet("color: #707070;")
        buttons.addWidget(self.updated, 1)
        self.clear = QPushButton("清除填報", self)
        self.clear.setObjectName("progress_clear")
        self.clear.setToolTip("刪除這一筆執行情形（可復原）")
        self.clear.clicked.connect(self._clear)
        buttons.addWidget(self.clear)
        column.addLayout(buttons)

        locks = QHBoxLayout()
        self.lock_note = QLabel(self)
        self.lock_note.setObjectName("progress_lock_note")
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet("color: #8a6d00;")
        locks.addWidget(self.lock_note, 1)
        self.unlock = QPushButton("解除鎖定", self)
        self.unlock.setObjectName("progress_unlock")
        self.unlock.clicked.connect(self.unlockRequested)
        locks.addWidget(self.unlock)
        column.addLayout(locks)
        self.show_entry(None)

    # ------------------------------------------------------------ showing

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid editing (a read-only workspace)."""
        self._read_only = read_only
        self._enable()

    def show_entry(
        self, due: Due | None, heading: str = "", month: int = 0, locked: bool = False, today: dt.date | None = None
    ) -> None:
        """Show a due entry's record (None: nothing selected)."""
        self.due, self.locked = due, locked
        if today is not None:
            self._today = today
        self._filling = True
        try:
            record = due.record if due is not None else None
            self.heading.setText(heading if due is not None else "請在左側選擇一個應查核的方法。")
            if record is None:
                self.status.setCurrentIndex(-1)
            else:
                self.status.setCurrentIndex(self.status.findData(record.status))
            text = record.text if record else ""
            if self.text.toPlainText() != text:
                self.text.setPlainText(text)
            note = due.note if due is not None and record is not None else None
            for edit, value in (
                (self.reason, note.reason if note else ""),
                (self.measure, note.measure if note else ""),
            ):
                if edit.toPlainText() != value:
                    edit.setPlainText(value)
            self.reason_note.setText("")
            self.date_set.setChecked(bool(record and record.date))
            shown = dt.date.fromisoformat(record.date) if record and record.date else self._today
            self.date.setDate(QDate(shown.year, shown.month, shown.day))
            self.updated.setText(f"最後更新：{roc_date(record.updated)}" if record and record.updated else "")
            self.lock_note.setText(f"{month}月的查核資料已鎖定，不能修改。" if locked and due is not None else "")
        finally:
            self._filling = False
        self._enable()

    def _enable(self) -> None:
        editable = self.due is not None and not self.locked and not self._read_only
        for widget in (self.status, self.date_set):
            widget.setEnabled(editable)
        for edit in (self.text, self.reason, self.measure):
            edit.setReadOnly(not editable)
            edit.setEnabled(self.due is not None)
        code = self.status.currentData()
        state = "overdue" if self.due is not None and self.due.overdue and code in (None, "todo") else code
        self.status.setStyleSheet(f"QComboBox {{ color: {color(state)}; }}" if state else "")
        self.date.setEnabled(editable and self.date_set.isChecked())
        self.clear.setEnabled(editable and self.due is not None and self.due.record is not None)
        self.lock_note.setVisible(self.locked and self.due is not None)
        self.unlock.setVisible(self.locked and self.due is not None)
        self.unlock.setEnabled(not self._read_only)

    # ------------------------------------------------------------ editing

    def values(self) -> tuple[str, str, str | None, str, str]:
        """Return (status, text, date, 落後原因, 因應對策) as the form holds them (status implied when none chosen)."""
        status = self.status.currentData() or IMPLIED_STATUS
        date = self.date.date().toString("yyyy-MM-dd") if self.date_set.isChecked() else None
        reasons = self.reason.toPlainText().strip(), self.measure.toPlainText().strip()
        return status, self.text.toPlainText().strip(), date, *reasons

    def _stored(self) -> tuple[str | None, str, str | None, str, str]:
        record = self.due.record if self.due is not None else None
        note = self.due.note if self.due is not None else None
        reasons = (note.reason, note.measure) if note is not None and record is not None else ("", "")
        return (record.status, record.text, record.date, *reasons) if record else (None, "", None, "", "")

    def _save_if_changed(self) -> None:
        if self._filling or self.due is None or self.locked or self._read_only:
            return
        values = self.values()
        if values == self._stored():
            return
        problem = reason_problem(values[0], self.due.overdue, values[3], values[4])
        self.reason_note.setText(f"{problem}（填妥後才會儲存）" if problem else "")
        self._enable()
        if problem is None:
            self.saveRequested.emit(*values)

    def flush(self) -> None:
        """Commit text typed but not yet left."""
        self._save_if_changed()

    def _status_chosen(self, _row: int) -> None:
        self._save_if_changed()

    def _text_done(self) -> None:
        stored = self._stored()
        typed = (self.text.toPlainText().strip(), self.reason.toPlainText().strip(), self.measure.toPlainText().strip())
        if stored[0] is None and not any(typed) and self.status.currentIndex() < 0:
            return  # nothing typed into an empty entry
        if typed != (stored[1], stored[3], stored[4]) or self.status.currentData() != stored[0]:
            self._save_if_changed()

    def _date_toggled(self, checked: bool) -> None:
        self.date.setEnabled(checked and not self.locked and not self._read_only)
        self._save_if_changed()

    def _date_changed(self, _date: QDate) -> None:
        if self.date_set.isChecked():
            self._save_if_changed()

    def _clear(self) -> None:
        if not self._filling and self.due is not None and self.due.record is not None:
            self.clearRequested.emit()

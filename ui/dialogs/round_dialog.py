"""The 查核回合 dialog: a review period's send-out date, reply deadline (may be next year) and grace days."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from planner.rounds import MAX_GRACE_DAYS, Round, months_span, roc_date

log = logging.getLogger(__name__)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class RoundDialog(QDialog):
    """Edit one round; values() returns (send, due, grace) or None to go back to the defaults."""

    def __init__(self, current: Round, ad_year: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("round_dialog")
        self.setWindowTitle(f"{current.period}月查核回合")
        column = QVBoxLayout(self)
        intro = QLabel(
            f"涵蓋 {months_span(current.months)}。逾回收期限（加寬限日數）仍未填報者列為逾期；"
            "12月的回收期限可以在次年 1 月。",
            self,
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        self.send = self._date("round_send", current.send, dt.date(ad_year, 1, 1), dt.date(ad_year, 12, 31))
        self.due = self._date("round_due", current.due, dt.date(ad_year, 1, 1), dt.date(ad_year + 1, 12, 31))
        self.send_roc, self.due_roc = QLabel(self), QLabel(self)
        form.addRow("送出日期", self.send)
        form.addRow("", self.send_roc)
        form.addRow("回收期限", self.due)
        form.addRow("", self.due_roc)
        self.grace = QSpinBox(self)
        self.grace.setObjectName("round_grace")
        self.grace.setRange(0, MAX_GRACE_DAYS)
        self.grace.setSuffix(" 日")
        self.grace.setValue(current.grace)
        form.addRow("寬限日數", self.grace)
        self.defaults = QCheckBox("還原為預設（依查核事項）", self)
        self.defaults.setObjectName("round_defaults")
        self.defaults.setEnabled(current.stored)
        form.addRow("", self.defaults)
        column.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("確定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        for edit in (self.send, self.due):
            edit.dateChanged.connect(lambda _d: self._show_roc())
        self._show_roc()

    def _date(self, name: str, value: dt.date, low: dt.date, high: dt.date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setDateRange(_qdate(low), _qdate(high))
        edit.setDate(_qdate(value))
        return edit

    def _show_roc(self) -> None:
        self.send_roc.setText(f"民國 {roc_date(_pydate(self.send.date()))}")
        self.due_roc.setText(f"民國 {roc_date(_pydate(self.due.date()))}")

    def set_values(self, send: dt.date, due: dt.date, grace: int = 0) -> None:
        """Fill the fields (as typing them would)."""
        self.send.setDate(_qdate(send))
        self.due.setDate(_qdate(due))
        self.grace.setValue(grace)

    def values(self) -> tuple[dt.date, dt.date, int] | None:
        """Return (send, due, grace), or None when the defaults are to be restored."""
        if self.defaults.isChecked():
            return None
        return _pydate(self.send.date()), _pydate(self.due.date()), self.grace.value()

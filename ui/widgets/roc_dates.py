"""Dates as the plan officer writes them: 民國 years, 115/06/20 (the stored form stays ISO 2026-06-20)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDateEdit

from planner.numerals import ad_to_roc, roc_to_ad

ROC_TEXT = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")
ROC_OFFSET = 1911
PARTIAL = re.compile(r"^\s*\d{0,3}(\s*/\s*\d{0,2}(\s*/\s*\d{0,2})?)?\s*$")


def roc_date(iso: str | None) -> str:
    """Return 「115/06/20」 for 「2026-06-20」 (empty for none; text that is no date comes back as it is)."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    rest = iso[10:].replace("T", " ")
    if rest.strip():
        rest = " " + rest.strip()[:5]
    return f"{ad_to_roc(day.year)}/{day.month:02d}/{day.day:02d}{rest}"


def parse_roc(text: str) -> dt.date | None:
    """Return the date of 「115/06/20」 (None when it is not one)."""
    match = ROC_TEXT.match(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(roc_to_ad(year), month, day)
    except ValueError:
        return None


class RocDateEdit(QDateEdit):
    """A date field that shows and reads 民國 dates (115/06/20); the calendar popup picks days as usual."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy/MM/dd")
        self.setDateRange(QDate(ROC_OFFSET + 1, 1, 1), QDate(ROC_OFFSET + 999, 12, 31))
        self.setToolTip("民國年/月/日，例如 115/06/20")

    def textFromDateTime(self, value: QDateTime) -> str:
        """Show the ROC year."""
        date = value.date()
        return f"{date.year() - ROC_OFFSET}/{date.month():02d}/{date.day():02d}"

    def dateTimeFromText(self, text: str) -> QDateTime:
        """Read an ROC date (an unreadable one keeps the current value)."""
        day = parse_roc(text)
        if day is None:
            return self.dateTime()
        return QDateTime(QDate(day.year, day.month, day.day), self.time())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Accept 115/06/20, allow what can still become one."""
        if parse_roc(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if PARTIAL.match(text):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        """Put back the current date when the typed text is no date."""
        return text if parse_roc(text) is not None else self.textFromDateTime(self.dateTime())

    def stepBy(self, steps: int) -> None:
        """Arrow keys and the wheel move by days (ROC text has no fixed year section)."""
        self.setDate(self.date().addDays(steps))

"""Reading what a unit typed in a form: a status name and a completion date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from planner.progress import STATUS_CODES, STATUSES

_DATE = re.compile(r"^(\d{2,4})\s*[-/.．年]\s*(\d{1,2})\s*[-/.．月]\s*(\d{1,2})\s*日?$")


def parse_status(text: str) -> str | None:
    """Return the status code of a typed status name ("已完成" → "done"), None when blank; ValueError if unknown."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not name:
        return None
    if name in STATUS_CODES:
        return STATUS_CODES[name]
    if name.lower() in STATUSES:
        return name.lower()
    raise ValueError(name)


def parse_date(value: Any, ad_year: int) -> str | None:
    """Return an ISO date from a typed or Excel date (2026-06-30, 2026/6/30, 115/6/30, 115年6月30日); ValueError if bad.

    The year must be within a year of the plan year.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 20_000 <= value <= 80_000:
            raise ValueError(str(value))
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value).date()
    else:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
        if re.fullmatch(r"\d{8}", text):
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        match = _DATE.match(text)
        if match is None:
            raise ValueError(text)
        year, month, d = (int(g) for g in match.groups())
        if year < 1000:
            year += 1911
        try:
            day = dt.date(year, month, d)
        except ValueError:
            raise ValueError(text) from None
    if abs(day.year - ad_year) > 1:
        raise ValueError(day.isoformat())
    return day.isoformat()

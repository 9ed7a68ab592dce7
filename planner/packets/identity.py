"""A packet's hidden identification: the row check codes, the seal over the hidden sheet and the cell texts it covers.

The seal is computed on texts as they read back from cells (_canon, _cell_text), so a packet written and read
back unchanged is still sealed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from planner.export.xlsx import clean_text
from planner.packets.constants import SEAL


def row_check(plan_id: int, period: int, unit_id: int, node_id: int) -> str:
    """Return the check code of a form row (detects a changed method id)."""
    return hashlib.sha256(f"{SEAL}|{plan_id}|{period}|{unit_id}|{node_id}".encode()).hexdigest()[:12]


def _seal(head: dict[str, Any], rows: list[list[Any]]) -> str:
    data = json.dumps([head, rows], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{SEAL}|{data}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class _Head:
    plan_id: int
    year: int
    period: int
    unit_id: int
    unit: str
    created: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _canon(text: str) -> str:
    """Return a text as it will read back from a cell (sealed values must survive the round trip)."""
    return _cell_text(clean_text(text))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()

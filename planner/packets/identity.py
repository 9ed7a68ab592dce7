"""A packet's hidden identification: the row check codes, the seal over the hidden sheet and the cell texts it covers.

Row checks and the seal are HMAC-SHA256 codes keyed with the workspace's own secret (planner.packets.secret):
knowing this source code is not enough to forge them. A row check covers the row's ids and its locked cells
(項次, 要項, 重點, 方法), so a form edited outside its fill-in cells is refused.
The seal is computed on texts as they read back from cells (canon, cell_text), so a packet written and read
back unchanged is still sealed. Head is the one definition of the sealed header: the writer writes its fields
and the reader reads them back by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, get_type_hints

from planner.export.xlsx_book import clean_text
from planner.packets.constants import SEAL

LOCKED = ("number", "item", "focus", "method", "kpi", "target")  # the form's locked cells a row check covers


def _code(key: bytes, text: str) -> str:
    return hmac.new(key, f"{SEAL}|{text}".encode(), hashlib.sha256).hexdigest()


def row_check(key: bytes, plan_id: int, period: int, unit_id: int, node_id: int, cells: tuple[str, ...] = ()) -> str:
    """Return the keyed check code of a form row: its ids and the texts of its locked cells (as read back)."""
    data = json.dumps([plan_id, period, unit_id, node_id, list(cells)], ensure_ascii=False, separators=(",", ":"))
    return _code(key, data)[:16]


def seal_of(key: bytes, head: dict[str, Any], rows: list[list[Any]]) -> str:
    """Return the keyed seal over a packet's header and its hidden row list."""
    data = json.dumps([head, rows], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _code(key, data)[:32]


def same_code(a: str, b: str) -> bool:
    """Return whether two codes are equal (compared in constant time)."""
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class Head:
    """A packet's sealed header: plan, year, review month, unit and when it was written (int or str fields)."""

    plan_id: int
    year: int
    period: int
    unit_id: int
    unit: str
    created: str

    def as_dict(self) -> dict[str, Any]:
        """Return the fields by name, in definition order."""
        return asdict(self)

    @classmethod
    def from_cells(cls, values: Mapping[str, Any]) -> Head | None:
        """Return the header read back from the hidden sheet's cells by key; None when a number cannot be read."""
        hints = get_type_hints(cls)
        read: dict[str, Any] = {}
        for f in fields(cls):
            raw = values.get(f.name)
            if hints[f.name] is int:
                read[f.name] = cell_int(raw)
                if read[f.name] is None:
                    return None
            else:
                read[f.name] = cell_text(raw)
        return cls(**read)


def canon(text: str) -> str:
    """Return a text as it will read back from a cell (sealed values must survive the round trip)."""
    return cell_text(clean_text(text))


def cell_text(value: Any) -> str:
    """Return a cell's value as read back, as text: "" for empty, 3.0 → "3", dates in ISO form, NFC, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def cell_int(value: Any) -> int | None:
    """Return a cell's value as a whole number (3, 3.0 or "3"), None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None

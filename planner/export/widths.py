"""How wide texts print and how wide the 計畫內容 table's columns are, in twips at the Word document's sizes.

Shared by the Word export, the Excel export and the Qt renderer, so the three lay the table out alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from planner.export.scope import ItemPart
from planner.export.word import CELL_HP, CELL_MARGIN_X, PORTRAIT_TEXT, cm
from planner.layouts import Column
from planner.model import Node, Plan
from planner.numerals import months_text
from planner.workspace import Workspace

# Base width (cm) and share of spare width of the text columns; units and months are sized to their content.
BASE_CM = {"item": 3.4, "focus": 4.2, "method": 7.1, "note": 2.5}
FLEX = {"item": 1.0, "focus": 1.3, "method": 3.0, "note": 0.6}
FIT_CM = {"units": (2.0, 3.6), "months": (2.0, 3.2)}


def _em(ch: str) -> float:
    """Return the approximate advance of a character in em (CJK 1, Times digits ½ …)."""
    if ch >= "\u2e80":
        return 1.0
    if ch in "()[]":
        return 0.333
    if ch in ".,:;! ":
        return 0.25
    if ch.isupper():
        return 0.7
    return 0.5


def text_twips(text: str, hp: int) -> int:
    """Return the width in twips of a short text at a size in half-points (¼ em between CJK and digits)."""
    ems = sum(_em(ch) for ch in text)
    ems += 0.25 * sum(1 for a, b in pairwise(text) if (a >= "\u2e80") != (b >= "\u2e80") and (a + b).isalnum())
    return round(ems * hp * 10)


def rough_width(text: str, hp: int) -> int:
    """Return the approximate width in twips of any text, fast (wide chars take 3 UTF-8 bytes)."""
    wide = (len(text.encode("utf-8")) - len(text)) // 2
    return (wide * 2 + (len(text) - wide)) * hp * 5


def cell_lines(texts: Iterable[str], width: int) -> int:
    """Return the estimated number of printed lines of paragraphs in a table cell of a width (twips)."""
    inner = max(width - 2 * CELL_MARGIN_X, 240)
    return sum(max(1, math.ceil(rough_width(t, CELL_HP) / inner)) for t in texts)


def column_widths(fields: list[str], text_width: int, units: list[str], months: list[str]) -> list[int]:
    """Return one width (twips) per grid column of the 計畫內容 table, filling the text width exactly."""
    pad = 2 * CELL_MARGIN_X + 40
    fitted = {
        "units": max((text_twips(u, CELL_HP) for u in units), default=0) + pad,
        "months": max((text_twips(m, CELL_HP) for m in months), default=0) + pad,
    }
    fixed: dict[int, int] = {}
    for i, field in enumerate(fields):
        if field in FIT_CM:
            low, high = FIT_CM[field]
            high_twips = round(cm(high) * max(1.0, text_width / PORTRAIT_TEXT))  # landscape has room to spare
            fixed[i] = min(max(fitted[field], cm(low)), high_twips)
    flex = [i for i in range(len(fields)) if i not in fixed]
    avail = text_width - sum(fixed.values())
    bases = {i: cm(BASE_CM[fields[i]]) for i in flex}
    spare = avail - sum(bases.values())
    weights = sum(FLEX[fields[i]] for i in flex) or 1.0
    widths = dict(fixed)
    for i in flex:
        if spare >= 0:
            widths[i] = bases[i] + round(spare * FLEX[fields[i]] / weights)
        else:
            widths[i] = round(bases[i] * avail / sum(bases.values()))
    if not flex:  # a layout of fitted columns only: scale them to the page
        total = sum(widths.values())
        widths = {i: round(w * text_width / total) for i, w in widths.items()}
    out = [widths[i] for i in range(len(fields))]
    main = fields.index("method") if "method" in fields else len(out) - 1
    out[main] += text_width - sum(out)
    return out


@dataclass(frozen=True)
class TableShape:
    """What every exporter of the 計畫內容 table works out first: columns, grid fields, methods, unit names."""

    columns: list[Column]
    fields: list[str]
    methods: list[Node]
    unit_names: dict[int, list[str]]

    def widths(self, text_width: int) -> list[int]:
        """Return one width (twips) per grid field, filling text_width."""
        names = [n for ns in self.unit_names.values() for n in ns]
        months = [months_text(m.months) for m in self.methods if m.months]
        return column_widths(self.fields, text_width, names, months)


def table_shape(ws: Workspace, plan: Plan, parts: list[ItemPart]) -> TableShape:
    """Return the shape of the table for the selected parts of a plan."""
    columns = [c for c in plan.layout.columns if c.fields]
    methods = [m for _, focuses in parts for _, ms in focuses for m in ms]
    return TableShape(
        columns=columns,
        fields=[f for c in columns for f in c.fields],
        methods=methods,
        unit_names={m.id: ws.unit_names(m.units) for m in methods},
    )

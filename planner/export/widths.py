"""How wide texts print and how wide the 計畫內容 table's columns are, in twips at the Word document's sizes.

Shared by the Word export, the Excel export and the Qt renderer, so the three lay the table out alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import pairwise

from planner.export.scope import ItemPart
from planner.export.word import CELL_HP, CELL_MARGIN_X, cm
from planner.kpi import Kpi, plan_kpis
from planner.layouts import Column
from planner.model import Node, Plan
from planner.numerals import months_text
from planner.workspace import Workspace

# The text columns: base width (cm), share of the spare width, narrowest width (cm) when the method column
# takes width from them. The short columns (units, months, note) get what their longest word needs, within
# FIT_CM; the method column gets the rest, at least METHOD_SHARE of the table when the page allows.
BASE_CM = {"item": 3.4, "focus": 4.2, "method": 7.1}
FLEX = {"item": 0.5, "focus": 0.7, "method": 3.0}
MIN_CM = {"item": 2.6, "focus": 3.0, "method": 4.0}
FIT_CM = {"units": (1.6, 3.6), "months": (1.6, 3.2), "note": (1.6, 3.0), "kpi": (1.8, 3.4), "target": (1.6, 2.6)}
METHOD_SHARE = 0.42
_BREAKS = re.compile(r"(?<=[、，。；：,;:/])|\s+")


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


def words(text: str) -> list[str]:
    """Return the pieces of a short text a line may not break inside: broken after 、，。；： and at spaces."""
    return [w for line in text.splitlines() for w in _BREAKS.split(line) if w]


def fitted_width(texts: Iterable[str], hp: int = CELL_HP) -> int:
    """Return the width (twips) a cell needs to print the longest word of its texts on one line."""
    longest = max((text_twips(w, hp) for t in texts for w in words(t)), default=0)
    return longest + 2 * CELL_MARGIN_X + 40


def word_lines(text: str, inner: int, hp: int = CELL_HP) -> list[str]:
    """Return a short text broken into lines at word ends (after 、，。 and at spaces).

    Each line is at most inner twips less ¼ em of slack, so a reader's own line filling never splits 「12月」
    as 「12」「月」 (LibreOffice moves a character down with a 、 that does not fit).
    """
    room = inner - hp * 3
    lines: list[str] = []
    for paragraph in text.splitlines():
        current = ""
        for word in _BREAKS.split(paragraph):
            if not word:
                continue
            joined = current + (" " if current and not current.endswith(tuple("、，。；：,;:/")) else "") + word
            if current and text_twips(joined, hp) > room:
                lines.append(current)
                current = word
            else:
                current = joined
        lines.append(current)
    return [line for line in lines if line]


def column_widths(
    fields: list[str],
    text_width: int,
    units: list[str],
    months: list[str],
    notes: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    more: dict[str, list[str]] | None = None,
) -> list[int]:
    """Return one width (twips) per grid column of the 計畫內容 table, filling the text width exactly.

    units, months and notes are the texts of the short columns; headers the header text of a field that has
    a column of its own (its words must fit too); more the texts of other short columns (kpi, target).
    """
    headers = headers or {}
    texts = {"units": list(units), "months": list(months), "note": list(notes), **(more or {})}
    fixed: dict[int, int] = {}
    for i, field in enumerate(fields):
        if field in FIT_CM:
            low, high = FIT_CM[field]
            need = fitted_width([*texts.get(field, []), headers.get(field, "")])
            fixed[i] = min(max(need, cm(low)), cm(high))
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
    if "method" in fields and fields.index("method") in widths:
        _widen_method(fields, widths, text_width)
    out = [widths[i] for i in range(len(fields))]
    main = fields.index("method") if "method" in fields else len(out) - 1
    out[main] += text_width - sum(out)
    return out


def _widen_method(fields: list[str], widths: dict[int, int], text_width: int) -> None:
    """Give the method column METHOD_SHARE of the table, taken from 要項/重點 down to their narrowest."""
    main = fields.index("method")
    want = round(METHOD_SHARE * text_width) - widths[main]
    donors = {i: widths[i] - cm(MIN_CM[f]) for i, f in enumerate(fields) if f in ("item", "focus")}
    room = sum(max(0, d) for d in donors.values())
    if want <= 0 or room <= 0:
        return
    take = min(want, room)
    for i, d in donors.items():
        if d > 0:
            widths[i] -= round(take * d / room)
    widths[main] += take


@dataclass(frozen=True)
class TableShape:
    """What every exporter of the 計畫內容 table works out first: columns, grid fields, methods, unit names."""

    columns: list[Column]
    fields: list[str]
    methods: list[Node]
    unit_names: dict[int, list[str]]
    kpis: dict[int, Kpi] = dataclass_field(default_factory=dict)  # read only when the layout prints 衡量指標 or 目標值

    def kpi(self, node_id: int) -> Kpi:
        """Return a method's 衡量指標 and 目標值 (empty when none)."""
        return self.kpis.get(node_id) or Kpi()

    def widths(self, text_width: int) -> list[int]:
        """Return one width (twips) per grid field, filling text_width."""
        names = [n for ns in self.unit_names.values() for n in ns]
        months = [months_text(m.months) for m in self.methods if m.months]
        notes = [m.note for m in self.methods if m.note]
        headers = {c.fields[0]: c.header for c in self.columns if len(c.fields) == 1}
        kpis = [self.kpi(m.id) for m in self.methods]
        more = {"kpi": [k.kpi for k in kpis if k.kpi], "target": [k.target for k in kpis if k.target]}
        return column_widths(self.fields, text_width, names, months, notes, headers, more)


def table_shape(ws: Workspace, plan: Plan, parts: list[ItemPart]) -> TableShape:
    """Return the shape of the table for the selected parts of a plan."""
    columns = [c for c in plan.layout.columns if c.fields]
    methods = [m for _, focuses in parts for _, ms in focuses for m in ms]
    return TableShape(
        columns=columns,
        fields=[f for c in columns for f in c.fields],
        methods=methods,
        unit_names={m.id: ws.unit_names(m.units, plan.year) for m in methods},
        kpis=plan_kpis(ws, plan) if plan.layout.shows("kpi") or plan.layout.shows("target") else {},
    )

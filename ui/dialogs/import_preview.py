"""The import preview: the file's tree as plain rows (built off the GUI thread) and a read-only model over them.

The rows are built from the result after the unit corrections: they show exactly what will be imported (units
as they will be named, 各課室 as written, numbers as they will print), each with the warnings about it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from planner.importers import ImportResult
from planner.importers.result import Note
from planner.importers.unit_fixes import is_corrected
from planner.numerals import FOCUS, ITEM, METHOD, level_label, months_text
from ui.common.texts import first_line

COLUMNS = ("項目", "單位", "查核月份", "備註", "注意事項")
UNITS_COLUMN, MONTHS_COLUMN, NOTE_COLUMN, WARN_COLUMN = 1, 2, 3, 4
ERROR_COLOR, WARN_COLOR, QUIET_COLOR = "#b00020", "#8a5a00", "#6b6b6b"
RENUMBERING = 9  # planner.importers.result.warning_weight of a renumbering notice
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass
class PreviewRow:
    """One node of the preview: where it sits, what it shows (built off the GUI thread, plain Python)."""

    parent: int  # index in the row list, -1 for a 要項
    row: int  # position among its siblings
    level: int
    text: str  # positional label + title (or the body's first line)
    tip: str  # title and body in full
    units: list[str] = field(default_factory=list)
    months: str = ""
    note: str = ""
    kids: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # the warnings about this node, heaviest first


def _headline(node: dict[str, Any]) -> str:
    return (node.get("title") or "").strip() or first_line(node.get("body") or "")


def resolved(note: Note, names: Collection[str]) -> bool:
    """Return whether a warning is about a unit name the user has corrected (「活動及輔導課」 split)."""
    return is_corrected(note.text, list(names))


def beside(text: str) -> str:
    """Return a warning as shown beside its row: without the place it names (第 1 個表格第 3 列：)."""
    head, sep, rest = text.partition("：")
    return rest if sep and rest and re.search(r"第 \d+ 列|第 \d+ 個表格|^「", head) else text


def preview_rows(result: ImportResult, corrected: Collection[str] = ()) -> list[PreviewRow]:
    """Flatten the file's tree into preview rows, numbered by position as the plan will be (一、 (一) 1.).

    Each warning tied to a node (Note.place) goes on that node's row, except those about unit names corrected.
    """
    rows: list[PreviewRow] = []
    by_place: dict[tuple[int, ...], list[Note]] = {}
    for note in result.notes:
        if note.place is not None and not resolved(note, corrected):
            by_place.setdefault(tuple(note.place), []).append(note)

    def add(parent: int, nodes: list[dict[str, Any]], level: int, up: tuple[int, ...] = ()) -> list[int]:
        ids: list[int] = []
        count = 0
        for position, node in enumerate(nodes):
            label = ""
            if node.get("numbered", True):
                count += 1
                label = level_label(level, count)
            tip = "\n".join(t for t in (node.get("title") or "", node.get("body") or "") if t.strip())
            row = PreviewRow(parent, position, level, label + (_headline(node) or "（空白）"), tip)
            row.notes = by_place.get((*up, position), [])
            if level == METHOD:
                row.units = list(node.get("units", []))
                row.months = months_text(node.get("months", []))
                row.note = node.get("note") or ""
            rows.append(row)
            me = len(rows) - 1
            ids.append(me)
            kids = node.get("focuses") if level == ITEM else node.get("methods") if level == FOCUS else None
            if kids:
                row.kids = add(me, kids, level + 1, (*up, position))
        return ids

    top = add(-1, result.data.get("items", []), ITEM)
    rows.append(PreviewRow(-2, 0, 0, "", "", kids=top))  # the invisible root, last
    return rows


class PreviewModel(QAbstractItemModel):
    """A read-only tree over preview rows; the units column shows the names the import will use."""

    def __init__(self, rows: list[PreviewRow] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = rows or [PreviewRow(-2, 0, 0, "", "")]
        self.root = len(self.rows) - 1
        self._places: dict[tuple[int, ...], int] | None = None

    def _id(self, index: ModelIndex) -> int:
        return index.internalId() if index.isValid() else self.root

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Return the index of a child row."""
        kids = self.rows[self._id(parent)].kids
        if not (0 <= row < len(kids) and 0 <= column < len(COLUMNS)) or parent.column() > 0:
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Return the parent's index (column 0)."""
        if not index.isValid():
            return QModelIndex()
        up = self.rows[index.internalId()].parent
        if up < 0:
            return QModelIndex()
        return self.createIndex(self.rows[up].row, 0, up)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Return the number of children."""
        if parent.column() > 0:
            return 0
        return len(self.rows[self._id(parent)].kids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Return 5: 項目, 單位, 查核月份, 備註, 注意事項."""
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def units_text(self, row: PreviewRow) -> str:
        """Return a method's units as the import will name them."""
        return "、".join(row.units)

    def index_of(self, place: tuple[int, ...]) -> QModelIndex:
        """Return the index (column 0) of the node at a path into data['items']; invalid when there is none."""
        if self._places is None:
            self._places = {}

            def visit(ids: list[int], up: tuple[int, ...]) -> None:
                for position, rid in enumerate(ids):
                    self._places[(*up, position)] = rid  # type: ignore[index]
                    visit(self.rows[rid].kids, (*up, position))

            visit(self.rows[self.root].kids, ())
        rid = self._places.get(tuple(place))
        return QModelIndex() if rid is None else self.createIndex(self.rows[rid].row, 0, rid)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the text of a cell and the full texts as tooltips."""
        if not index.isValid():
            return None
        row, column = self.rows[index.internalId()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.text
            if column == UNITS_COLUMN:
                return self.units_text(row)
            if column == MONTHS_COLUMN:
                return row.months
            if column == WARN_COLUMN:
                if not row.notes:
                    return ""
                more = f"（另 {len(row.notes) - 1} 則）" if len(row.notes) > 1 else ""
                return f"⚠ {beside(row.notes[0].text)}{more}"
            return first_line(row.note)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return row.tip or None
            if column == NOTE_COLUMN:
                return row.note or None
            if column == WARN_COLUMN and row.notes:
                return "\n".join(n.text for n in row.notes)
        if role == Qt.ItemDataRole.ForegroundRole and row.notes and column in (0, WARN_COLUMN):
            first = row.notes[0]
            if first.weight >= RENUMBERING:  # only renumbered: a quiet note beside the row
                return QBrush(QColor(QUIET_COLOR)) if column == WARN_COLUMN else None
            return QBrush(QColor(ERROR_COLOR if first.error else WARN_COLOR))
        return None


def counts_text(result: ImportResult) -> str:
    """Return 「6 個要項、22 個重點、40 個方法；5 個段落；檔案中有 3 個單位」."""
    c = result.counts()
    sections = len(result.data.get("sections", []))
    return (
        f"{c[ITEM]} 個要項、{c[FOCUS]} 個重點、{c[METHOD]} 個方法；"
        f"{sections} 個段落；檔案中有 {len(result.unit_names)} 個單位"
    )

"""The import preview: the file's tree as plain rows (built off the GUI thread) and a read-only model over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from planner.importers import ImportResult
from planner.numerals import FOCUS, ITEM, METHOD, level_label, months_text
from ui.common.texts import first_line

COLUMNS = ("項目", "單位", "查核月份", "備註")
UNITS_COLUMN, MONTHS_COLUMN, NOTE_COLUMN = 1, 2, 3
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


def _headline(node: dict[str, Any]) -> str:
    return (node.get("title") or "").strip() or first_line(node.get("body") or "")


def preview_rows(result: ImportResult) -> list[PreviewRow]:
    """Flatten the file's tree into preview rows, numbered by position as the plan will be (一、 (一) 1.)."""
    rows: list[PreviewRow] = []

    def add(parent: int, nodes: list[dict[str, Any]], level: int) -> list[int]:
        ids: list[int] = []
        count = 0
        for position, node in enumerate(nodes):
            label = ""
            if node.get("numbered", True):
                count += 1
                label = level_label(level, count)
            tip = "\n".join(t for t in (node.get("title") or "", node.get("body") or "") if t.strip())
            row = PreviewRow(parent, position, level, label + (_headline(node) or "（空白）"), tip)
            if level == METHOD:
                row.units = list(node.get("units", []))
                row.months = months_text(node.get("months", []))
                row.note = node.get("note") or ""
            rows.append(row)
            me = len(rows) - 1
            ids.append(me)
            kids = node.get("focuses") if level == ITEM else node.get("methods") if level == FOCUS else None
            if kids:
                row.kids = add(me, kids, level + 1)
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
        self.unit_map: dict[str, str | None] = {}

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
        """Return 4: 項目, 單位, 查核月份, 備註."""
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < 4:
            return COLUMNS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def units_text(self, row: PreviewRow) -> str:
        """Return a method's units as the import will name them."""
        return "、".join(dict.fromkeys(self.unit_map.get(n) or n for n in row.units))

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
            return first_line(row.note)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return row.tip or None
            if column == NOTE_COLUMN:
                return row.note or None
        return None

    def set_unit_map(self, mapping: dict[str, str | None]) -> None:
        """Show the units mapped (file name → existing unit, None: kept as a new unit)."""
        self.unit_map = dict(mapping)
        for parent_id, row in enumerate(self.rows):
            if row.kids and self.rows[row.kids[0]].level == METHOD:
                parent = self.createIndex(row.row, 0, parent_id)
                first = self.index(0, UNITS_COLUMN, parent)
                last = self.index(len(row.kids) - 1, UNITS_COLUMN, parent)
                self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])


def counts_text(result: ImportResult) -> str:
    """Return 「6 個要項、22 個重點、40 個方法；5 個段落；檔案中有 3 個單位」."""
    c = result.counts()
    sections = len(result.data.get("sections", []))
    return (
        f"{c[ITEM]} 個要項、{c[FOCUS]} 個重點、{c[METHOD]} 個方法；"
        f"{sections} 個段落；檔案中有 {len(result.unit_names)} 個單位"
    )

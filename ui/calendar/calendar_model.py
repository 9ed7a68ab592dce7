"""The item model of one calendar month: units, and under each the methods due with their progress."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planner.calendar import Due, Month
from planner.model import Node, Plan, Unit
from planner.progress import REPORTED, STATUSES
from planner.status_colors import color as status_color
from planner.status_colors import fill as status_fill
from ui.common.texts import first_line, node_headline
from ui.widgets.roc_dates import roc_date

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
NodeIdRole = Qt.ItemDataRole.UserRole + 1
UnitIdRole = Qt.ItemDataRole.UserRole + 2
OverdueRole = Qt.ItemDataRole.UserRole + 3
HEADERS = ("項次", "方法", "辦理狀態", "執行情形", "日期")
COL_LABEL, COL_TITLE, COL_STATUS, COL_TEXT, COL_DATE = range(len(HEADERS))
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
GROUP = 0  # internalId of a unit row; a method row carries its unit row's index + 1

# One colour scheme for every status (planner.status_colors): calendar, progress form, 總表 and packets.
RED = QColor(status_color("overdue"))
GREEN = QColor(status_color("done"))
BLUE = QColor(status_color("doing"))
GREY = QColor(status_color("none"))
OVERDUE_BACKGROUND = QColor(status_fill("overdue"))
GROUP_BACKGROUND = QColor("#eef2f7")
STATUS_COLORS = {code: None if code == "todo" else QColor(status_color(code)) for code in STATUSES}


@dataclass
class Counts:
    """Due, reported and overdue entries of a month (or a unit in it)."""

    due: int = 0
    reported: int = 0
    overdue: int = 0

    def add(self, item: Due) -> None:
        """Count one due entry."""
        self.due += 1
        if item.record is not None and item.record.status in REPORTED:
            self.reported += 1
        if item.overdue:
            self.overdue += 1

    def text(self) -> str:
        """Return 「應查核 23　已填報 5　逾期 18」."""
        return f"應查核 {self.due}　已填報 {self.reported}　逾期 {self.overdue}"


@dataclass
class UnitGroup:
    """One unit's due entries in the month."""

    unit_id: int
    name: str
    items: list[Due] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


def count(items: list[Due]) -> Counts:
    """Return the counts of some due entries."""
    out = Counts()
    for item in items:
        out.add(item)
    return out


def status_text(item: Due) -> str:
    """Return what the status column shows: the recorded status, 未填報, or 逾期."""
    record = item.record
    if item.overdue:
        return "逾期" if record is None else f"逾期（{record.status_name}）"
    return "未填報" if record is None else record.status_name


def group_units(month: Month, units: list[Unit]) -> list[UnitGroup]:
    """Return the month's entries grouped by unit, units in the workspace's order."""
    by_unit = month.by_unit()
    names = {u.id: u.name + ("（已停用）" if u.retired else "") for u in units}
    order = [u.id for u in units if u.id in by_unit] + [u for u in by_unit if u not in names]
    return [UnitGroup(u, names.get(u, f"單位 {u}"), by_unit[u], count(by_unit[u])) for u in order]


def month_heading(month: int, counts: Counts) -> str:
    """Return the month header as rich text: 「6月　應查核 23　已填報 5　逾期 18」, overdue in red."""
    overdue = f"逾期 {counts.overdue}"
    if counts.overdue:
        overdue = f'<span style="color: {RED.name()};">{overdue}</span>'
    return f'<span style="white-space: pre;">{month}月　應查核 {counts.due}　已填報 {counts.reported}　{overdue}</span>'


def default_month(months: list[Month]) -> int:
    """Return the month to show first: the current one, else the first with something due."""
    for month in months:
        if month.is_current:
            return month.month
    for month in months:
        if month.due or month.milestones:
            return month.month
    return 1


class CalendarModel(QAbstractItemModel):
    """Two levels: a row per unit (with its counts), under it a row per method due (label, title, progress)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: list[UnitGroup] = []
        self._plan: Plan | None = None
        self._labels: dict[int, str] = {}
        self._paths: dict[int, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ content

    def set_month(self, plan: Plan | None, month: Month | None, units: list[Unit], labels: dict[int, str]) -> None:
        """Show one month of a plan (None: nothing)."""
        self.beginResetModel()
        self._plan = plan
        self._labels = labels
        self._paths = {}
        self.groups = group_units(month, units) if plan is not None and month is not None else []
        self.endResetModel()

    def label_path(self, node: Node) -> str:
        """Return a method's full label, e.g. 一、(一)2. (computed once per node)."""
        path = self._paths.get(node.id)
        if path is None:
            path = "".join(self._labels.get(n.id, "") for n in [*node.ancestors(), node])
            self._paths[node.id] = path
        return path

    def due_at(self, index: ModelIndex) -> Due | None:
        """Return the due entry of a method row (None for a unit row)."""
        if not index.isValid() or index.internalId() == GROUP:
            return None
        return self.groups[index.internalId() - 1].items[index.row()]

    def group_at(self, index: ModelIndex) -> UnitGroup | None:
        """Return the unit group of a row (its own for a unit row)."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == GROUP else index.internalId() - 1
        return self.groups[row]

    def find(self, node_id: int, unit_id: int) -> QModelIndex:
        """Return the row of a method due for a unit (invalid when not in this month)."""
        for g, group in enumerate(self.groups):
            if group.unit_id != unit_id:
                continue
            for row, item in enumerate(group.items):
                if item.method.id == node_id:
                    return self.createIndex(row, 0, g + 1)
        return QModelIndex()

    def group_index(self, unit_id: int) -> QModelIndex:
        """Return the row of a unit (invalid when it has nothing due)."""
        for g, group in enumerate(self.groups):
            if group.unit_id == unit_id:
                return self.createIndex(g, 0, GROUP)
        return QModelIndex()

    # ------------------------------------------------------------ QAbstractItemModel

    def index(self, row: int, column: int, parent: ModelIndex = ROOT) -> QModelIndex:
        """Return the index of a unit row (top level) or a method row (under its unit)."""
        if row < 0 or not 0 <= column < len(HEADERS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != GROUP or parent.column() != 0 or row >= len(self.groups[parent.row()].items):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        """Return a method row's unit row; unit rows are top level."""
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP)

    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        """Return the number of units, or of a unit's methods."""
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return len(self.groups[parent.row()].items)
        return 0

    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        """Return the number of columns."""
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable here (the form edits)."""
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return the texts, colours and ids of a row."""
        if not index.isValid():
            return None
        if index.internalId() == GROUP:
            return self._group_data(self.groups[index.row()], index.column(), role)
        return self._due_data(self.groups[index.internalId() - 1].items[index.row()], index.column(), role)

    def _group_data(self, group: UnitGroup, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return f"{group.name}　{group.counts.text()}"
        if role == UnitIdRole:
            return group.unit_id
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{group.name}：{group.counts.text()}"
        return None

    def _due_data(self, item: Due, column: int, role: int) -> Any:
        record = item.record
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_LABEL:
                return self.label_path(item.method)
            if column == COL_TITLE:
                return node_headline(item.method)
            if column == COL_STATUS:
                return status_text(item)
            if column == COL_TEXT:
                return first_line(record.text) if record else ""
            if column == COL_DATE:
                return roc_date(record.date) if record else ""  # 115/06/20
            return None
        if role == NodeIdRole:
            return item.method.id
        if role == UnitIdRole:
            return item.unit_id
        if role == OverdueRole:
            return item.overdue
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            if item.overdue:
                return QBrush(RED)
            color = STATUS_COLORS.get(record.status) if record else GREY
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_STATUS and item.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and column == COL_STATUS and item.overdue:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TEXT and record and record.text:
                return record.text
            head = self.label_path(item.method) + node_headline(item.method)
            return head + ("\n\n" + item.method.body.strip() if item.method.body.strip() else "")
        return None

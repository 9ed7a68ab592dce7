"""The 查核行事曆's strip of twelve months: one cell per month with its counts, milestones, 本月 and lock marks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from planner.calendar import Month
from planner.model import Milestone
from ui.calendar.calendar_model import RED, Counts

ALL_UNITS = "全部單位"
MILESTONE_MARK = "◆"
SELECTED_BORDER = "#1565c0"
CURRENT_COLOR = "#ef6c00"


def lock_pixmap(size: int = 14, color: str = "#8a6d00") -> QPixmap:
    """Return a small padlock drawn with QPainter (no icon font needed)."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color))
    pen.setWidthF(size * 0.13)
    painter.setPen(pen)
    s = float(size)
    painter.drawArc(QRectF(s * 0.28, s * 0.06, s * 0.44, s * 0.56), 0, 180 * 16)
    painter.drawLine(QPointF(s * 0.28, s * 0.34), QPointF(s * 0.28, s * 0.48))
    painter.drawLine(QPointF(s * 0.72, s * 0.34), QPointF(s * 0.72, s * 0.48))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(s * 0.14, s * 0.46, s * 0.72, s * 0.48), s * 0.08, s * 0.08)
    painter.end()
    return pixmap


def milestone_text(milestone: Milestone, unit_names: dict[int, str]) -> str:
    """Return 「6月30日 各課室送自行檢核表（全部單位）」."""
    when = f"{milestone.month}月{milestone.day}日" if milestone.day else f"{milestone.month}月"
    unit = unit_names.get(milestone.unit_id, "") if milestone.unit_id is not None else ALL_UNITS
    return f"{when} {milestone.title}（{unit}）"


class MonthCell(QFrame):
    """One month of the overview strip: counts, milestones, 本月 and lock marks; a click chooses it."""

    clicked = Signal(int)

    def __init__(self, month: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.month = month
        self.setObjectName(f"calendar_month_{month}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 5, 6, 6)
        column.setSpacing(1)
        top = QHBoxLayout()
        top.setSpacing(4)
        self.name = QLabel(f"{month}月", self)
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.name.setFont(font)
        top.addWidget(self.name)
        self.current_mark = QLabel("本月", self)
        self.current_mark.setObjectName(f"calendar_month_{month}_current")
        self.current_mark.setStyleSheet(
            f"background: {CURRENT_COLOR}; color: white; border-radius: 3px; padding: 0px 3px;"
        )
        top.addWidget(self.current_mark)
        top.addStretch(1)
        self.lock_mark = QLabel(self)
        self.lock_mark.setObjectName(f"calendar_month_{month}_lock")
        self.lock_mark.setPixmap(lock_pixmap())
        self.lock_mark.setToolTip("已鎖定")
        top.addWidget(self.lock_mark)
        column.addLayout(top)
        self.due_label = self._label("due")
        self.reported_label = self._label("reported")
        self.overdue_label = self._label("overdue")
        self.milestone_label = self._label("milestones")
        for label in (self.due_label, self.reported_label, self.overdue_label, self.milestone_label):
            column.addWidget(label)
        self.selected = False
        self.data: Month | None = None

    def _label(self, part: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"calendar_month_{self.month}_{part}")
        return label

    def show_month(self, month: Month, counts: Counts, selected: bool, unit_names: dict[int, str]) -> None:
        """Show a month's counts and marks."""
        self.data, self.selected = month, selected
        self.due_label.setText(f"應查核 {counts.due}")
        self.reported_label.setText(f"已填報 {counts.reported}")
        self.overdue_label.setText(f"逾期 {counts.overdue}")
        self.overdue_label.setStyleSheet(f"color: {RED.name()}; font-weight: bold;" if counts.overdue else "")
        idle = "color: #9e9e9e;" if not counts.due else ""
        self.due_label.setStyleSheet(idle)
        self.reported_label.setStyleSheet(idle)
        if not counts.overdue:
            self.overdue_label.setStyleSheet("color: #9e9e9e;")
        n = len(month.milestones)
        self.milestone_label.setText(f"{MILESTONE_MARK} 查核事項 {n}" if n else "")
        self.milestone_label.setStyleSheet("color: #6a1b9a;")
        self.current_mark.setVisible(month.is_current)
        self.lock_mark.setVisible(month.locked)
        tips = [f"{month.month}月　{counts.text()}"]
        if month.locked:
            tips.append("已鎖定")
        tips += [MILESTONE_MARK + " " + milestone_text(m, unit_names) for m in month.milestones]
        self.setToolTip("\n".join(tips))
        if selected:
            frame = f"border: 2px solid {SELECTED_BORDER}; background: #e3f2fd;"
        elif month.is_current:
            frame = f"border: 2px solid {CURRENT_COLOR}; background: #fff8e1;"
        else:
            frame = "border: 1px solid #c8ccd2; background: #ffffff;"
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ {frame} border-radius: 5px; }}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Choose this month."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.month)
        super().mousePressEvent(event)


class MonthStrip(QWidget):
    """The twelve months side by side; monthChosen(month) on a click or the arrow keys."""

    monthChosen = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_months")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.cells = [MonthCell(m, self) for m in range(1, 13)]
        for cell in self.cells:
            cell.clicked.connect(self.monthChosen)
        self.columns = 0
        self._arrange(12)
        self.selected = 1

    def _arrange(self, columns: int) -> None:
        """Lay the cells out in 12, 6 or 4 columns."""
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells:
            self.grid.removeWidget(cell)
        for i, cell in enumerate(self.cells):
            self.grid.addWidget(cell, i // columns, i % columns)
        for column in range(12):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.updateGeometry()

    def columns_for(self, width: int) -> int:
        """Return how many columns fit a width: one row of twelve, else two of six, else three of four."""
        cell = self.cell_width()
        for columns in (12, 6):
            if columns * cell + (columns - 1) * self.grid.spacing() <= width:
                return columns
        return 4

    def minimumSizeHint(self) -> QSize:
        """Allow the four-column layout, but ask for two rows' height at most (three made the window too tall)."""
        rows = min(12 // max(self.columns, 1), 2)
        height = rows * self.cells[0].sizeHint().height() + (rows - 1) * self.grid.spacing()
        return QSize(4 * self.cell_width() + 3 * self.grid.spacing(), height)

    def cell_width(self) -> int:
        """Return the width a cell needs to show its texts whole (the widest month's)."""
        return max(max(cell.sizeHint().width(), cell.minimumWidth()) for cell in self.cells)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-arrange the cells when the width calls for another number of columns."""
        super().resizeEvent(event)
        self._arrange(self.columns_for(event.size().width()))

    def cell(self, month: int) -> MonthCell:
        """Return the cell of a month (1–12)."""
        return self.cells[month - 1]

    def show_months(self, months: list[Month], counts: list[Counts], selected: int, unit_names: dict[int, str]) -> None:
        """Show all twelve months with their counts, one of them selected."""
        self.selected = selected
        for cell, month, numbers in zip(self.cells, months, counts):
            cell.show_month(month, numbers, month.month == selected, unit_names)
        if self.width() > 0:
            self._arrange(self.columns_for(self.width()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left and right arrows choose the previous and next month."""
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is not None:
            self.monthChosen.emit(min(12, max(1, self.selected + step)))
            return
        super().keyPressEvent(event)

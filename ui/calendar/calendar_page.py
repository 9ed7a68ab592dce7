"""The 查核行事曆 tab: the plan year's months with the methods due, milestones, progress entry and locks."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner import progress
from planner.calendar import Due, Month, build_calendar
from planner.changes import (
    HistoryChanged,
    NodeChanged,
    NodeMoved,
    NodesInserted,
    NodesRemoved,
    PlanChanged,
    PlanReloaded,
    ProgressChanged,
    UnitsChanged,
)
from planner.model import Plan
from planner.numerals import roc_to_ad
from planner.review import report_progress
from planner.workspace import Workspace
from ui.calendar.calendar_exports import export_calendar, export_month_summary
from ui.calendar.calendar_model import (
    COL_DATE,
    COL_LABEL,
    COL_STATUS,
    COL_TEXT,
    COL_TITLE,
    RED,
    CalendarModel,
    Counts,
    count,
    default_month,
    month_heading,
)
from ui.calendar.empty_month import EmptyMonthNote
from ui.calendar.month_strip import ALL_UNITS, MILESTONE_MARK, MonthStrip, lock_pixmap, milestone_text
from ui.calendar.progress_form import ProgressForm
from ui.calendar.review_actions import ReviewActions
from ui.common.screen_fit import scrolling
from ui.common.texts import node_headline
from ui.common.ws_signals import WorkspaceSignals

log = logging.getLogger(__name__)

Runner = Callable[..., Any]


class CalendarPage(QWidget):
    """Shows one plan's review calendar; rebuilds lazily (only while visible) after change notices."""

    nodeActivated = Signal(int)
    statusMessage = Signal(str)  # what an export wrote, for the window's status bar

    def __init__(self, run: Runner, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_page")
        self._run = run
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self._today: dt.date | None = None
        self.unit_id: int | None = None
        self.months: list[Month] = []
        self.counts: list[Counts] = []
        self.month = 1
        self.dirty = True
        self._reload = False
        self._restoring = False
        self._signals = WorkspaceSignals(self)
        self._signals.changed.connect(self._on_change)
        self._collapsed: set[int] = set()
        self._unit_names: dict[int, str] = {}
        self.last_build_ms = 0.0
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.act_lock = QAction("鎖定本月", self)
        self.act_lock.setObjectName("action_lock_month")
        self.act_lock.triggered.connect(self.toggle_lock)
        self.act_export_ics = QAction("匯出查核行事曆（.ics）…", self)
        self.act_export_ics.setObjectName("action_export_calendar_ics")
        self.act_export_ics.setStatusTip("把各月份應查核的方法與查核事項存成行事曆檔，可匯入 Outlook、Google 日曆")
        self.act_export_ics.triggered.connect(self.save_ics)
        self.act_export_summary = QAction("匯出本月執行情形總表…", self)
        self.act_export_summary.setObjectName("action_export_month_summary")
        self.act_export_summary.setStatusTip("把所選月份各單位的辦理狀態與執行情形存成 Excel 或 Word 總表")
        self.act_export_summary.triggered.connect(self.save_summary)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.setSpacing(8)

        top = QHBoxLayout()
        self.year_label = QLabel(self)
        self.year_label.setObjectName("calendar_year")
        font = self.year_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.year_label.setFont(font)
        top.addWidget(self.year_label)
        self.year_counts = QLabel(self)
        self.year_counts.setObjectName("calendar_year_counts")
        self.year_counts.setStyleSheet("color: #505050;")
        self.year_counts.setMinimumWidth(0)
        self.year_counts.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addSpacing(12)
        top.addWidget(self.year_counts, 1)
        top.addWidget(QLabel("單位", self))
        self.unit_filter = QComboBox(self)
        self.unit_filter.setObjectName("calendar_unit_filter")
        self.unit_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit_filter.activated.connect(self._unit_chosen)
        top.addWidget(self.unit_filter)
        self.lock_button = QToolButton(self)
        self.lock_button.setObjectName("calendar_lock_button")
        self.lock_button.setDefaultAction(self.act_lock)
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        top.addWidget(self.lock_button)
        self.export_button = QToolButton(self)
        self.export_button.setObjectName("calendar_export_button")
        self.export_button.setText("匯出…")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        export_menu = QMenu(self.export_button)
        export_menu.setObjectName("menu_calendar_export")
        export_menu.addActions([self.act_export_ics, self.act_export_summary])
        self.export_button.setMenu(export_menu)
        top.addWidget(self.export_button)
        outer.addLayout(top)

        self.strip = MonthStrip(self)
        self.strip.monthChosen.connect(self.select_month)
        outer.addWidget(self.strip)

        header = QHBoxLayout()
        self.month_header = QLabel(self)
        self.month_header.setObjectName("calendar_month_header")
        font = self.month_header.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.month_header.setFont(font)
        self.month_header.setTextFormat(Qt.TextFormat.RichText)
        header.addWidget(self.month_header)
        self.month_lock = QLabel(self)
        self.month_lock.setObjectName("calendar_month_lock_icon")
        self.month_lock.setPixmap(lock_pixmap(16))
        header.addWidget(self.month_lock)
        self.month_lock_text = QLabel("已鎖定", self)
        self.month_lock_text.setObjectName("calendar_month_lock")
        self.month_lock_text.setStyleSheet("color: #8a6d00;")
        header.addWidget(self.month_lock_text)
        header.addStretch(1)
        outer.addLayout(header)
        self.review = ReviewActions(
            self, self._run
        )  # 產生填報表, 回收填報表, 催辦單, 總表 (ui/calendar/review_actions.py)
        outer.addWidget(self.review.widget)
        self.milestones = QLabel(self)
        self.milestones.setObjectName("calendar_milestones")
        self.milestones.setWordWrap(True)
        self.milestones.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.milestones)

        self.model = CalendarModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("calendar_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setToolTip("")
        self.tree.setStatusTip("按兩下或按 Enter 在「計畫內容」中開啟方法")
        head = self.tree.header()
        head.setStretchLastSection(False)
        metrics = self.tree.fontMetrics()
        head.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column, sample in ((COL_LABEL, "一、(一)12.＿"), (COL_STATUS, "逾期（辦理中）"), (COL_DATE, "2026-06-30")):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            head.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        head.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(COL_TEXT, metrics.horizontalAdvance("執") * 12)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.tree.collapsed.connect(lambda index: self._expanded(index, False))
        self.tree.expanded.connect(lambda index: self._expanded(index, True))

        side = QWidget(self)
        side.setObjectName("calendar_side")
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.setSpacing(8)
        self.unit_counts = QTableWidget(0, 4, side)
        self.unit_counts.setObjectName("calendar_unit_counts")
        self.unit_counts.setHorizontalHeaderLabels(["單位", "應查核", "已填報", "逾期"])
        self.unit_counts.verticalHeader().setVisible(False)
        self.unit_counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unit_counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.unit_counts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        counts_head = self.unit_counts.horizontalHeader()
        counts_head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            counts_head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        side_column.addWidget(self.unit_counts)
        self.form = ProgressForm(side)
        self.form.saveRequested.connect(self.save_progress)
        self.form.clearRequested.connect(self.clear_progress)
        self.form.unlockRequested.connect(lambda: self.set_locked(False))
        side_column.addWidget(self.form, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("calendar_splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(scrolling(side))  # a low screen scrolls the progress form
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([860, 380])
        self.empty_note = EmptyMonthNote(self)  # why a month lists nothing
        outer.addWidget(self.empty_note)
        outer.addWidget(self.splitter, 1)

    # ------------------------------------------------------------ plan and workspace

    @property
    def plan(self) -> Plan | None:
        """Return the plan shown."""
        return self._plan

    def today(self) -> dt.date:
        """Return the date the calendar counts from (injected in tests, else the real date)."""
        return self._today or dt.date.today()

    def set_today(self, today: dt.date | None) -> None:
        """Count overdue entries and mark the current month as of another date (None: the real date)."""
        self._today = today
        self._changed()

    def set_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Show another plan (or none), following its workspace's change notices."""
        self.flush()
        if ws is not self._ws:
            self._signals.attach(ws)
            self._ws = ws
        read_only = ws is None or ws.read_only
        self.form.set_read_only(read_only)
        if plan is not self._plan:
            self._plan = plan
            self.month = 0  # chosen at the next build
            self._collapsed.clear()
            self.form.show_entry(None)
        self._fill_units()
        self._changed()

    def flush(self) -> None:
        """Commit progress text typed but not yet left."""
        if self._ws is not None and self._plan is not None and not self._ws.db.is_closed():
            self.form.flush()

    def _fill_units(self) -> None:
        units = self._ws.units() if self._ws is not None else []
        if self._ws is not None:
            self._unit_names = {u.id: u.name for u in self._ws.units(include_retired=True)}
        ids = [u.id for u in units]
        if self.unit_id not in ids:
            self.unit_id = None
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(ALL_UNITS, None)
        for unit in units:
            self.unit_filter.addItem(unit.name, unit.id)
        self.unit_filter.setCurrentIndex(max(0, self.unit_filter.findData(self.unit_id)))
        self.unit_filter.blockSignals(False)

    def _changed(self) -> None:
        """Note that the calendar is out of date; rebuild now only if it is on screen."""
        self.dirty = True
        if self.isVisible():
            self.rebuild()

    def _on_change(self, change: object) -> None:
        plan = self._plan
        if plan is None:
            return
        if isinstance(change, HistoryChanged):
            if self._reload:
                self._reload = False
                if self._ws is not None:
                    try:
                        self._plan = self._ws.plan_by_id(plan.id)
                    except KeyError:
                        self._plan = None
            if self.dirty and self.isVisible():
                self.rebuild()
        elif isinstance(change, UnitsChanged):
            self._fill_units()
            self.dirty = True
        elif isinstance(change, PlanReloaded):
            if change.plan_id == plan.id:
                self._reload = self.dirty = True
        elif isinstance(change, NodeChanged | NodesInserted | NodesRemoved | NodeMoved | ProgressChanged | PlanChanged):
            if change.plan_id == plan.id:
                self.dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with the edits made while hidden."""
        super().showEvent(event)
        if self.dirty:
            self.rebuild()

    def hideEvent(self, event: QHideEvent) -> None:
        """Commit typed text when the tab is left."""
        self.flush()
        super().hideEvent(event)

    # ------------------------------------------------------------ showing

    def rebuild(self) -> None:
        """Recompute the twelve months and show the chosen one."""
        start = time.perf_counter()
        self.dirty = False
        ws, plan = self._ws, self._plan
        if ws is None or plan is None:
            self.months, self.counts = [], []
            self.year_label.setText("")
            self.year_counts.setText("")
            self.model.set_month(None, None, [], {})
            self._show_month_header(None)
            return
        self.months = build_calendar(ws, plan, self.today(), self.unit_id)
        if not 1 <= self.month <= 12:
            self.month = default_month(self.months)
        self.year_label.setText(f"{plan.year}年（{roc_to_ad(plan.year)}）查核行事曆")
        self.counts = [count(m.due) for m in self.months]
        year = Counts(*(sum(getattr(c, f) for c in self.counts) for f in ("due", "reported", "overdue")))
        self.year_counts.setText("全年　" + year.text())
        self.strip.show_months(self.months, self.counts, self.month, self._unit_names)
        self._show_month()
        self.last_build_ms = (time.perf_counter() - start) * 1000
        log.debug("calendar of %s built in %.1f ms", plan.year, self.last_build_ms)

    def select_month(self, month: int) -> None:
        """Show another month of the year."""
        if not 1 <= month <= 12 or month == self.month:
            return
        self.flush()
        self.month = month
        if self.dirty or not self.months:
            self._changed()
            return
        self.strip.show_months(self.months, self.counts, month, self._unit_names)
        self._show_month(keep_entry=False)

    def current_month(self) -> Month | None:
        """Return the month shown."""
        return self.months[self.month - 1] if self.months and 1 <= self.month <= 12 else None

    def _show_month(self, keep_entry: bool = True) -> None:
        ws, plan, month = self._ws, self._plan, self.current_month()
        assert ws is not None and plan is not None and month is not None
        current = self.current_due() if keep_entry else None
        scroll = self.tree.verticalScrollBar().value() if keep_entry else 0
        self._restoring = True
        try:
            self.model.set_month(plan, month, ws.units(include_retired=True), plan.numbering())
            for row, group in enumerate(self.model.groups):
                index = self.model.group_index(group.unit_id)
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
                self.tree.setExpanded(index, group.unit_id not in self._collapsed)
            target = self.model.find(current.method.id, current.unit_id) if current is not None else QModelIndex()
            if target.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    target,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
            self.tree.doItemsLayout()  # the scroll range of the new rows, before restoring the position
            self.tree.verticalScrollBar().setValue(scroll)
        finally:
            self._restoring = False
        self._show_month_header(month)
        unit_name = self._unit_names.get(self.unit_id, "") if self.unit_id is not None else ""
        self.empty_note.show_for(plan, month.month, len(month.due), self.unit_id, unit_name)
        self._show_unit_counts()
        self._current_changed()

    def _show_month_header(self, month: Month | None) -> None:
        if month is None:
            self.month_header.setText("")
            self.milestones.setText("")
            for widget in (self.month_lock, self.month_lock_text):
                widget.setVisible(False)
            for action in (self.act_lock, self.act_export_ics, self.act_export_summary):
                action.setEnabled(False)
            self.review.show_month(None)
            return
        self.review.show_month(month)
        self.month_header.setText(month_heading(month.month, self.counts[month.month - 1]))
        for widget in (self.month_lock, self.month_lock_text):
            widget.setVisible(month.locked)
        if month.milestones:
            marks = "　".join(f"{MILESTONE_MARK} {milestone_text(m, self._unit_names)}" for m in month.milestones)
            self.milestones.setText(f"查核事項：{marks}")
            self.milestones.setStyleSheet("color: #4a148c;")
        else:
            self.milestones.setText("本月沒有查核事項。")
            self.milestones.setStyleSheet("color: #9e9e9e;")
        self.act_lock.setText(f"解除{month.month}月鎖定" if month.locked else f"鎖定{month.month}月")
        self.act_lock.setStatusTip(
            f"允許再修改{month.month}月的執行情形"
            if month.locked
            else f"鎖定{month.month}月的執行情形（送出查核後不再修改）"
        )
        self.act_lock.setEnabled(self._ws is not None and not self._ws.read_only)
        self.act_export_ics.setEnabled(True)
        self.act_export_summary.setEnabled(bool(month.due))
        self.act_export_summary.setText(f"匯出{month.month}月執行情形總表…")

    def _show_unit_counts(self) -> None:
        groups = self.model.groups
        units = [u for u in (self._ws.units() if self._ws else []) if self.unit_id in (None, u.id)]
        counts = {g.unit_id: g.counts for g in groups}
        names = dict(self._unit_names)
        order = [u.id for u in units] + [g.unit_id for g in groups if g.unit_id not in {u.id for u in units}]
        month = self.current_month()
        total = self.counts[month.month - 1] if month else Counts()
        rows = [(names.get(u, f"單位 {u}"), counts.get(u, Counts())) for u in order] + [("合計", total)]
        table = self.unit_counts
        table.setRowCount(len(rows))
        for row, (name, c) in enumerate(rows):
            cells = [name, str(c.due), str(c.reported), str(c.overdue)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column == 3 and c.overdue:
                    item.setForeground(RED)
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(len(rows))) + 4
        table.setFixedHeight(min(height, 260))

    # ------------------------------------------------------------ the tree

    def current_due(self) -> Due | None:
        """Return the due entry of the current row (None for a unit row or nothing)."""
        return self.model.due_at(self.tree.currentIndex())

    def select_entry(self, node_id: int, unit_id: int) -> bool:
        """Make a method due for a unit the current row of the month shown; False if it is not there."""
        index = self.model.find(node_id, unit_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _current_changed(self) -> None:
        if self._restoring:
            return
        due = self.current_due()
        month = self.current_month()
        if due is None or month is None:
            self.form.show_entry(None)
            return
        unit = self._unit_names.get(due.unit_id, "")
        heading = f"{month.month}月・{unit}\n{self.model.label_path(due.method)}{node_headline(due.method)}"
        self.form.show_entry(due, heading.rstrip(), month.month, month.locked, self.today())

    def _activated(self, index: QModelIndex) -> None:
        due = self.model.due_at(index)
        if due is not None:
            self.flush()
            self.nodeActivated.emit(due.method.id)

    def _expanded(self, index: QModelIndex, expanded: bool) -> None:
        if self._restoring or index.parent().isValid():
            return
        group = self.model.group_at(index)
        if group is not None:
            (self._collapsed.discard if expanded else self._collapsed.add)(group.unit_id)

    def _unit_chosen(self, row: int) -> None:
        self.flush()
        self.unit_id = self.unit_filter.itemData(row)
        self.rebuild()

    def choose_unit(self, unit_id: int | None) -> None:
        """Filter by a unit (None: every unit), as choosing it in the combo does."""
        row = self.unit_filter.findData(unit_id)
        if row < 0:
            return
        self.unit_filter.setCurrentIndex(row)
        self._unit_chosen(row)

    # ------------------------------------------------------------ editing

    def save_progress(self, status: str, text: str, date: str | None, reason: str = "", measure: str = "") -> None:
        """Record the selected entry's progress with its 落後原因／因應對策 (one undoable step)."""
        due, month = self.current_due(), self.current_month()
        if self._ws is None or self._plan is None or due is None or month is None:
            return
        actual = due.note.actual if due.note else ""
        args = (due.method.id, month.month, due.unit_id, status, text, date, reason, measure, actual, due.overdue)
        done = self._run(report_progress, self._ws, self._plan, *args)
        if done is None:
            self._current_changed()  # refused: show the stored values again

    def clear_progress(self) -> None:
        """Delete the selected entry's record (one undoable step)."""
        due, month = self.current_due(), self.current_month()
        if self._ws is None or self._plan is None or due is None or month is None:
            return
        self._run(progress.clear_progress, self._ws, self._plan, due.method.id, month.month, due.unit_id)
        self._current_changed()

    def toggle_lock(self) -> None:
        """Lock the month shown, or unlock it when locked."""
        month = self.current_month()
        if month is not None:
            self.set_locked(not month.locked)

    def set_locked(self, locked: bool) -> None:
        """Lock or unlock the month shown (one undoable step)."""
        month = self.current_month()
        if self._ws is None or self._plan is None or month is None:
            return
        self.flush()
        self._run(progress.set_locked, self._ws, self._plan, month.month, locked)

    # ------------------------------------------------------------ exports

    def save_ics(self) -> Path | None:
        """Save the review calendar (of the unit filtered, if any) as an .ics file."""
        ws, plan = self._ws, self._plan
        if ws is None or plan is None:
            return None
        self.flush()
        unit = self._unit_names.get(self.unit_id) if self.unit_id is not None else None
        written = export_calendar(self, self._run, ws, plan, unit)
        if written is not None:
            self.statusMessage.emit(f"已匯出查核行事曆：{written}")
        return written

    def save_summary(self) -> Path | None:
        """Save the month shown's 執行情形總表 as .xlsx or .docx."""
        ws, plan, month = self._ws, self._plan, self.current_month()
        if ws is None or plan is None or month is None:
            return None
        self.flush()
        written = export_month_summary(self, self._run, ws, plan, month.month, self.today())
        if written is not None:
            self.statusMessage.emit(f"已匯出{month.month}月執行情形總表：{written}")
        return written

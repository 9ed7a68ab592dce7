"""The 計畫基本資料與段落, 查核行事曆 and 年度比較 tabs: a light placeholder each until first shown or needed.

Building the pages imports the calendar, review and comparison code (rapidfuzz, difflib …) and makes dozens of
widgets the first paint of the window does not need; each page is built on first use and then takes its
placeholder's tab.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from planner.model import Plan
    from planner.workspace import Workspace
    from ui.calendar.calendar_page import CalendarPage
    from ui.compare.view import CompareView
    from ui.plan_page.plan_page import PlanPage
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

PLAN_PAGE_TITLE = "計畫基本資料與段落"
CALENDAR_TITLE = "查核行事曆"
COMPARE_TITLE = "年度比較"


class LazyPages(QObject):
    """Owns the three tabs' placeholders, the 查核行事曆/年度比較 actions (Ctrl+3, Ctrl+4) and the pages once built."""

    def __init__(self, window: MainWindow, tabs: QTabWidget) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self._plan_page: PlanPage | None = None
        self._calendar: CalendarPage | None = None
        self._compare: CompareView | None = None
        self._read_only = True
        self.plan_page_slot = _placeholder("plan_page_placeholder", tabs)
        self.calendar_slot = _placeholder("calendar_placeholder", tabs)
        self.compare_slot = _placeholder("compare_placeholder", tabs)
        tabs.addTab(self.plan_page_slot, PLAN_PAGE_TITLE)
        tabs.addTab(self.calendar_slot, CALENDAR_TITLE)
        tabs.addTab(self.compare_slot, COMPARE_TITLE)
        self.act_calendar = _action(window, CALENDAR_TITLE, "action_calendar_page", "Ctrl+3")
        self.act_calendar.setStatusTip("各月份應查核的方法、查核事項與執行情形")
        self.act_calendar.setEnabled(False)  # until a plan is shown
        self.act_compare = _action(window, COMPARE_TITLE, "action_compare_page", "Ctrl+4")
        self.act_compare.setStatusTip("把兩個年度（或版本）的計畫並排比較，並匯出修正對照表")
        self.act_calendar.triggered.connect(lambda: tabs.setCurrentWidget(self.calendar()))
        self.act_compare.triggered.connect(lambda: tabs.setCurrentWidget(self.compare()))
        tabs.currentChanged.connect(self._tab_changed)

    # ------------------------------------------------------------ the pages

    @property
    def built(self) -> list[str]:
        """Return which pages exist so far ("plan_page", "calendar", "compare")."""
        pages = (("plan_page", self._plan_page), ("calendar", self._calendar), ("compare", self._compare))
        return [name for name, page in pages if page is not None]

    def plan_page_current(self) -> bool:
        """Return whether the 計畫基本資料與段落 page is built and the current tab (without building it)."""
        return self._plan_page is not None and self.tabs.currentWidget() is self._plan_page

    def plan_page(self) -> PlanPage:
        """Return the 計畫基本資料與段落 page, building it (at the window's plan) on first use."""
        if self._plan_page is None:
            from ui.plan_page.plan_page import PlanPage

            start = time.perf_counter()
            page = PlanPage(self.window.run_edit, self.window)
            self._plan_page = page
            page.set_read_only(self._read_only)
            page.set_plan(self.window.ws, self.window.plan)
            self._take_tab(self.plan_page_slot, page, PLAN_PAGE_TITLE)
            log.info("plan page built in %.0f ms", (time.perf_counter() - start) * 1000)
        return self._plan_page

    def calendar(self) -> CalendarPage:
        """Return the 查核行事曆 page, building it (at the window's plan) on first use."""
        if self._calendar is None:
            from ui.calendar.calendar_page import CalendarPage

            start = time.perf_counter()
            page = CalendarPage(self.window.run_edit, self.window)
            page.nodeActivated.connect(self.window.reveal_node)
            page.statusMessage.connect(self.window.show_status)
            self._calendar = page
            page.set_plan(self.window.ws, self.window.plan)
            self._take_tab(self.calendar_slot, page, CALENDAR_TITLE)
            log.info("calendar page built in %.0f ms", (time.perf_counter() - start) * 1000)
        return self._calendar

    def compare(self) -> CompareView:
        """Return the 年度比較 view, building it (on the window's workspace) on first use."""
        if self._compare is None:
            from ui.compare.view import CompareView

            start = time.perf_counter()
            view = CompareView(self.window)
            window = self.window
            view.node_activated.connect(lambda year, _node: window.show_year(year))  # slots run in this order:
            view.node_activated.connect(lambda _year, node_id: window.reveal_node(node_id))  # the year, then the node
            view.statusMessage.connect(window.show_status)
            self._compare = view
            view.set_workspace(window.ws)
            self._take_tab(self.compare_slot, view, COMPARE_TITLE)
            log.info("compare view built in %.0f ms", (time.perf_counter() - start) * 1000)
        return self._compare

    def _take_tab(self, slot: QWidget, page: QWidget, title: str) -> None:
        """Put the page in the placeholder's tab, keeping the tab current if it was."""
        index = self.tabs.indexOf(slot)
        current = self.tabs.currentIndex() == index
        self.tabs.insertTab(index, page, title)  # the placeholder moves to index + 1
        if current:
            self.tabs.setCurrentIndex(index)
        self.tabs.removeTab(index + 1)
        slot.deleteLater()

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.plan_page_slot and self._plan_page is None:
            self.plan_page()
        elif widget is self.calendar_slot and self._calendar is None:
            self.calendar()
        elif widget is self.compare_slot and self._compare is None:
            self.compare()

    # ------------------------------------------------------------ following the window

    def set_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Follow the plan shown (the plan page and the calendar, if built, show it)."""
        self.act_calendar.setEnabled(plan is not None)
        if self._plan_page is not None:
            self._plan_page.set_plan(ws, plan)
        if self._calendar is not None:
            self._calendar.set_plan(ws, plan)

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid editing on the plan page (now, or when it is built)."""
        self._read_only = read_only
        if self._plan_page is not None:
            self._plan_page.set_read_only(read_only)

    def set_workspace(self, ws: Workspace | None) -> None:
        """Follow the workspace shown and its list of plans (the comparison, if built, lists them)."""
        if self._compare is not None:
            self._compare.set_workspace(ws)

    def flush(self) -> None:
        """Commit progress text typed in the calendar but not yet left."""
        if self._calendar is not None:
            self._calendar.flush()


def _placeholder(name: str, parent: QWidget) -> QWidget:
    """Return the empty widget that holds a tab until its page is built."""
    widget = QWidget(parent)
    widget.setObjectName(name)
    return widget


def _action(window: QWidget, text: str, name: str, shortcut: str) -> QAction:
    """Return one of the 計畫 menu's page actions."""
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcut(shortcut)
    return action

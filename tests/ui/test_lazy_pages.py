"""The plan page, 查核行事曆 and 年度比較 tabs are built when first shown (a click, a shortcut, or code asking)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.plans import copy_plan_to_year
from planner.workspace import open_workspace
from tests.ui.helpers import act, make_window, trigger
from ui.calendar.calendar_page import CalendarPage
from ui.compare.view import CompareView
from ui.plan_page.plan_page import PlanPage


def click_tab(window, title: str) -> None:
    """Click a tab of the main tabs by its title, as a user would."""
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_window_starts_with_placeholders_and_a_click_builds_the_calendar(qtbot, demo_ws, settings):
    window = make_window(qtbot, settings, demo_ws)
    assert window.pages.built == []
    assert tab_titles(window) == ["計畫內容", "計畫基本資料與段落", "查核行事曆", "年度比較"]
    assert window.tabs.widget(1).objectName() == "plan_page_placeholder"
    assert window.tabs.widget(2).objectName() == "calendar_placeholder"
    click_tab(window, "查核行事曆")
    assert window.pages.built == ["calendar"]
    page = window.tabs.currentWidget()
    assert isinstance(page, CalendarPage)
    assert page is window.calendar
    assert window.tabs.indexOf(page) == 2 and window.tabs.count() == 4
    assert tab_titles(window)[2] == "查核行事曆"
    assert page.plan is window.plan and page.plan.year == 115
    assert page.months and not page.dirty  # shown at once, not a blank page
    assert "calendar_placeholder" not in [window.tabs.widget(i).objectName() for i in range(4)]
    click_tab(window, "計畫內容")
    assert window.tabs.currentWidget() is window.content
    click_tab(window, "查核行事曆")
    assert window.tabs.currentWidget() is page  # built once
    assert window.pages.built == ["calendar"]


def test_the_plan_page_is_built_on_its_tab_and_follows_the_plan_and_read_only(qtbot, demo_ws, settings):
    window = make_window(qtbot, settings, demo_ws)
    window.tree.setFocus()
    trigger(window, "plan_page")
    page = window.tabs.currentWidget()
    assert isinstance(page, PlanPage) and page is window.plan_page
    assert window.pages.built == ["plan_page"] and window.tabs.indexOf(page) == 1
    assert tab_titles(window)[1] == "計畫基本資料與段落"
    assert page.year.value() == 115 and page.title.text() == window.plan.title and page.isEnabled()
    assert not page.title.isReadOnly()
    window.run_edit(copy_plan_to_year, demo_ws, 115, 116)  # follows the plan shown
    assert window.plan.year == 116 and page.year.value() == 116


def test_a_plan_page_built_late_is_read_only_on_a_read_only_workspace(qtbot, demo_ws, settings):
    window = make_window(qtbot, settings)
    window.set_workspace(open_workspace(demo_ws.path, read_only=True))  # another window holds demo_ws
    assert window.pages.built == []
    click_tab(window, "計畫內容")
    click_tab(window, "計畫基本資料與段落")
    page = window.tabs.currentWidget()
    assert isinstance(page, PlanPage) and page.title.isReadOnly() and page.year.value() == 115


def test_shortcuts_build_the_pages_and_they_follow_the_window(qtbot, demo_ws, settings):
    window = make_window(qtbot, settings, demo_ws)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tree.setFocus()
    QTest.keyClick(window.tree, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    view = window.tabs.currentWidget()
    assert isinstance(view, CompareView) and view is window.compare
    assert window.pages.built == ["compare"]
    assert view.to_combo.currentData() == 115 and view.ws is demo_ws
    QTest.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.tabs.currentWidget()
    assert isinstance(page, CalendarPage) and page is window.calendar
    assert window.pages.built == ["calendar", "compare"]
    assert tab_titles(window) == ["計畫內容", "計畫基本資料與段落", "查核行事曆", "年度比較"]

    window.run_edit(copy_plan_to_year, demo_ws, 115, 116)  # both built pages follow a new year
    assert window.plan.year == 116
    assert page.plan is window.plan
    assert [view.to_combo.itemData(i) for i in range(view.to_combo.count())][-1] == 116
    window.show_year(115)
    assert page.plan.year == 115


def test_a_page_built_late_shows_the_current_state(qtbot, demo_ws, settings):
    window = make_window(qtbot, settings, demo_ws)
    window.run_edit(copy_plan_to_year, demo_ws, 115, 116)
    window.show_year(115)
    assert window.pages.built == []
    view = window.compare  # code asking for the view builds it, at the workspace's years
    assert [view.from_combo.currentData(), view.to_combo.currentData()] == [115, 116]
    assert window.tabs.currentWidget() is window.content  # built in its tab, not shown
    assert window.tabs.widget(3) is view
    assert window.calendar.plan.year == 115


def test_the_calendar_action_waits_for_a_plan(qtbot, demo_ws, settings):
    window = make_window(qtbot, settings)
    assert not act(window, "calendar_page").isEnabled()
    assert act(window, "calendar_page").shortcut().toString() == "Ctrl+3"
    assert act(window, "compare_page").shortcut().toString() == "Ctrl+4"
    window.set_workspace(demo_ws)
    assert act(window, "calendar_page").isEnabled()
    assert window.pages.built == []  # opening a workspace builds neither page
    window.set_workspace(None)
    assert not act(window, "calendar_page").isEnabled()
    assert window.pages.built == []


def test_switching_workspaces_and_closing_build_no_page(qtbot, demo_ws, ws, settings):
    window = make_window(qtbot, settings, demo_ws)
    window.set_workspace(ws)
    window.close()  # the calendar's typed text is committed only when the calendar exists
    assert window.pages.built == []

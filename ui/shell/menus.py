"""Where the main window's actions appear: the menu bar, the toolbar and the tree's context menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMenu, QToolBar, QWidget

from ui.shell.actions import Actions


def build_toolbar(window: QMainWindow, a: Actions, year_combo: QComboBox, show_findings: QAction) -> QToolBar:
    """Add the toolbar: the year chooser, then the tree edits, undo and find."""
    toolbar = QToolBar("工具列", window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.setMovable(False)
    toolbar.addWidget(QLabel(" 年度 ", window)).setObjectName("action_year_label")
    toolbar.addWidget(year_combo).setObjectName("action_year_combo")
    for group in (
        (a.add_sibling, a.add_child),
        (a.move_up, a.move_down, a.outdent, a.indent),
        (a.delete,),
        (a.undo, a.redo),
        (a.find, show_findings),
    ):
        toolbar.addSeparator()
        for action in group:
            toolbar.addAction(action)
    window.addToolBar(toolbar)
    toolbar.toggleViewAction().setObjectName("action_toggle_toolbar")
    return toolbar


def build_menu_bar(window: QMainWindow, a: Actions, pages: list[QAction], show_findings: QAction) -> QMenu:
    """Fill the menu bar; return the (empty) 最近開啟的檔案 menu for the window to fill."""
    bar = window.menuBar()
    file_menu = bar.addMenu("檔案(&F)")
    file_menu.setObjectName("menu_file")
    file_menu.addActions([a.new_workspace, a.open])
    recent_menu = file_menu.addMenu("最近開啟的檔案")
    recent_menu.setObjectName("menu_recent")
    file_menu.addActions([a.save_as, a.restore_backup])
    file_menu.addSeparator()
    file_menu.addAction(a.import_plan)
    file_menu.addSeparator()
    file_menu.addActions([*a.document_exports.values(), a.export_pdf])
    file_menu.addSeparator()
    file_menu.addActions([a.print_preview, a.print_plan])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = bar.addMenu("編輯(&E)")
    edit_menu.setObjectName("menu_edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.cut, a.copy, a.paste, a.delete])
    edit_menu.addSeparator()
    edit_menu.addAction(a.find)
    edit_menu.addSeparator()
    edit_menu.addActions([a.bulk_edit, a.fix_next, a.fix_previous])
    item_menu = bar.addMenu("項目(&I)")
    item_menu.setObjectName("menu_item")
    item_menu.addActions([a.add_sibling, a.add_child])
    item_menu.addSeparator()
    item_menu.addActions([a.move_up, a.move_down, a.indent, a.outdent])
    item_menu.addSeparator()
    item_menu.addActions([a.unnumbered, a.edit_title])
    plan_menu = bar.addMenu("計畫(&P)")
    plan_menu.setObjectName("menu_plan")
    plan_menu.addActions([a.new_plan, a.delete_plan])
    plan_menu.addSeparator()
    plan_menu.addActions([a.content_page, a.plan_page, *pages])
    plan_menu.addSeparator()
    plan_menu.addAction(a.units)
    view_menu = bar.addMenu("檢視(&V)")
    view_menu.setObjectName("menu_view")
    view_menu.addAction(show_findings)
    help_menu = bar.addMenu("說明(&H)")
    help_menu.setObjectName("menu_help")
    help_menu.addAction(a.about)
    return recent_menu


def menus_of(window: QMainWindow) -> list[QMenu]:
    """Return the menu bar's menus and their submenus, top to bottom.

    Walks the menus' actions, not window.findChildren(QMenu): that wraps every child widget in Python (and makes
    the Python types of their classes), 6–13 ms at start.
    """
    found: list[QMenu] = []
    pending = [action.menu() for action in window.menuBar().actions()]
    while pending:
        menu = pending.pop(0)
        if isinstance(menu, QMenu):
            found.append(menu)
            pending.extend(action.menu() for action in menu.actions())
    return found


def menu_named(window: QMainWindow, name: str) -> QMenu | None:
    """Return the menu (or submenu) of the menu bar with an objectName."""
    return next((menu for menu in menus_of(window) if menu.objectName() == name), None)


def name_menu_actions(window: QMainWindow) -> None:
    """Name each menu's own action after its menu (tests and screenshots find them)."""
    for menu in menus_of(window):
        if menu.objectName() and not menu.menuAction().objectName():
            menu.menuAction().setObjectName("action_" + menu.objectName())


def tree_menu(parent: QWidget, a: Actions) -> QMenu:
    """Return the context menu of the content tree."""
    menu = QMenu(parent)
    for group in (
        (a.add_sibling, a.add_child),
        (a.cut, a.copy, a.paste, a.delete),
        (a.move_up, a.move_down, a.indent, a.outdent),
        (a.unnumbered, a.edit_title),
        (a.bulk_edit,),
    ):
        menu.addActions(list(group))
        menu.addSeparator()
    return menu

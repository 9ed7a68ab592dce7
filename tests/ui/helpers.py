"""Helpers of the UI tests: make a window, trigger actions by objectName, read the tree as shown."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ui.shell.main_window import MainWindow


def make_window(qtbot, settings, ws=None) -> MainWindow:
    """Return a shown main window (closed by qtbot at the end), optionally on a workspace."""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    if ws is not None:
        window.set_workspace(ws)
    window.show()
    return window


def act(window: MainWindow, name: str) -> QAction:
    """Return an action by objectName, failing clearly when it does not exist."""
    action = window.findChild(QAction, f"action_{name}")
    assert action is not None, f"no action_{name}"
    return action


def trigger(window: MainWindow, name: str) -> None:
    """Trigger an enabled action by objectName, as a menu click would."""
    action = act(window, name)
    assert action.isEnabled(), f"action_{name} is disabled"
    action.trigger()


def rows(window: MainWindow, column: int = 0) -> list[str]:
    """Return a column of the tree's rows as the view shows them (column 0 indented by level)."""
    view = window.tree
    model = view.model()
    out: list[str] = []

    def visit(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            text = model.index(row, column, parent).data() or ""
            out.append("  " * depth + text if column == 0 else text)
            visit(index, depth + 1)

    visit(QModelIndex(), 0)
    return out


def current_text(window: MainWindow) -> str:
    """Return the current row's column-0 text."""
    return window.tree.currentIndex().siblingAtColumn(0).data(Qt.ItemDataRole.DisplayRole)


def select(window: MainWindow, title: str) -> None:
    """Make the node with a title current."""
    plan = window.plan
    node = next(n for n in plan.walk() if n.title == title)
    assert window.tree.select_node(node.id)


def type_text(widget, text: str) -> None:
    """Enter Chinese text as an input method commits it (QTest.keyClicks knows only Latin-1)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_title(qtbot, window: MainWindow, text: str) -> None:
    """Type a title into the form and press Return, as a user would."""
    field = window.form.title
    field.selectAll()
    type_text(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)

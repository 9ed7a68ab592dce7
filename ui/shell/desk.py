"""The officer's desk keys: Esc from the form, 復原 in the status bar, fold/unfold all, hoist a 要項, F1 guide."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from planner.model import Node
from planner.numerals import ITEM
from ui.shell import fixing
from ui.shell.menus import menu_named

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


class UndoOffer(QObject):
    """A 復原 button beside a status bar message; it leaves with the message."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.button = QToolButton(window)
        self.button.setObjectName("status_undo")
        self.button.setText("復原")
        self.button.setToolTip("復原剛才的修改（Ctrl+Z）")
        self.button.setAutoRaise(True)
        self.button.setStyleSheet("QToolButton { color: #0b57d0; text-decoration: underline; }")
        self.button.clicked.connect(self._undo)
        self.button.hide()
        self._message = ""
        bar = window.statusBar()
        bar.addWidget(self.button)
        bar.messageChanged.connect(self._message_changed)

    def offer(self, message: str) -> None:
        """Show a message with the 復原 button beside it."""
        self._message = message
        self.window.statusBar().showMessage(message, 15000)
        self.button.show()

    def _message_changed(self, message: str) -> None:
        if message != self._message:
            self.button.hide()

    def _undo(self) -> None:
        self.button.hide()
        self.window.acts.undo.trigger()


class EscapeToTree(QObject):
    """Esc in the form (not taken by an editor or an open list) puts the focus back on the tree."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.form.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Catch the Escape that the form's fields let through."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.window.form.flush()
                self.window.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(watched, event)


class Hoist(QObject):
    """Show only one 要項 in the tree (its 重點 and methods), with a breadcrumb back to the whole plan."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        tree = window.tree
        self.bar = QWidget(window.content)
        self.bar.setObjectName("hoist_bar")
        self.bar.setStyleSheet("#hoist_bar { background: #e8f0fe; }")
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(8, 3, 8, 3)
        self.crumb = QLabel(self.bar)
        self.crumb.setObjectName("hoist_crumb")
        self.crumb.setTextFormat(Qt.TextFormat.RichText)
        self.crumb.linkActivated.connect(lambda _link: self.leave())
        row.addWidget(self.crumb, 1)
        leave = QToolButton(self.bar)
        leave.setObjectName("hoist_leave")
        leave.setText("顯示整份計畫")
        leave.setToolTip("回到整份計畫（Alt+←）")
        leave.clicked.connect(self.leave)
        row.addWidget(leave)
        self.bar.hide()
        column = window.content.layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(1, self.bar)  # under the find bar, above the tree
        self.item_id: int | None = None
        tree.source.modelReset.connect(self._check)
        tree.source.layoutChanged.connect(self._check)
        tree.source.rowsRemoved.connect(lambda *_: self._check())
        tree.source.rowsMoved.connect(lambda *_: self._check())
        tree.currentNodeChanged.connect(lambda _node: self._check())

    @property
    def active(self) -> bool:
        """Return whether the tree shows one 要項 only."""
        return self.item_id is not None

    def enter(self) -> None:
        """Show only the 要項 of the current row."""
        node = self.window.tree.current_node()
        while node is not None and node.level > ITEM:
            node = node.parent
        if node is None:
            self.window.show_refusal("請先選擇要單獨顯示的要項。")
            return
        tree = self.window.tree
        index = tree.view_index(node.id)
        if not index.isValid():
            return
        self.item_id = node.id
        tree.setRootIndex(index)
        tree.expandRecursively(index)
        self._show_crumb(node)
        self.bar.show()
        current = tree.current_node()
        if current is None or current.id == node.id:
            first = tree.node_at(tree.source.index(0, 0, index))
            if first is not None:
                tree.select_node(first.id)
        tree.setFocus()

    def leave(self) -> None:
        """Show the whole plan again, keeping the current row."""
        if self.item_id is None:
            return
        self.item_id = None
        tree = self.window.tree
        tree.setRootIndex(QModelIndex())
        self.bar.hide()
        node = tree.current_node()
        if node is not None:
            tree.select_node(node.id)
        tree.setFocus()

    def _show_crumb(self, node: Node) -> None:
        plan = self.window.plan
        label = plan.label(node) if plan is not None else ""
        title = (node.title.strip() or "（空白）")[:40]
        self.crumb.setText(f'<a href="plan">整份計畫</a> › {label}{title}')

    def _check(self) -> None:
        """Leave when the 要項 is gone (another plan, undo) or the current row moved out of it."""
        if self.item_id is None:
            return
        tree = self.window.tree
        plan = self.window.plan
        root = tree.rootIndex()
        item = plan.nodes.get(self.item_id) if plan is not None else None
        if item is None or not root.isValid() or tree.node_at(root) is not item:
            self.item_id = None
            tree.setRootIndex(QModelIndex())
            self.bar.hide()
            return
        node = tree.current_node()
        if node is not None and node is not item and item not in node.ancestors():
            self.leave()
            return
        self._show_crumb(item)


def _show_guide(window: MainWindow) -> None:
    """Open the 使用說明 window (its module loads with the first F1, not at start)."""
    from ui.dialogs.guide import show_guide

    show_guide(window)


def _action(window: MainWindow, name: str, text: str, keys: list[str], tip: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(f"action_{name}")
    action.setShortcuts([QKeySequence(key) for key in keys])
    action.setStatusTip(tip)
    return action


class Desk:
    """What install() added to a window: the 復原 offer, Esc, hoist, bulk edit and 逐項修正, the actions by name."""

    def __init__(self, window: MainWindow) -> None:
        self.undo_offer = UndoOffer(window)
        self.escape_to_tree = EscapeToTree(window)
        self.hoist = Hoist(window)
        self.actions: dict[str, QAction] = {}
        self.fixing = fixing.install(window)  # the bulk edit (Ctrl+B) and 逐項修正 (F8)


def install(window: MainWindow) -> Desk:
    """Add the desk's keys, menu items and status bar offer to a main window."""
    desk = Desk(window)
    tree = window.tree
    fold = _action(window, "fold_all", "全部摺疊", ["Ctrl+["], "只顯示要項（Ctrl+[）")
    fold.triggered.connect(tree.collapseAll)
    unfold = _action(window, "unfold_all", "全部展開", ["Ctrl+]"], "顯示所有重點與方法（Ctrl+]）")
    unfold.triggered.connect(tree.expandAll)
    hoist = _action(window, "hoist", "只顯示此要項", ["Alt+Right"], "樹狀結構只顯示目前的要項（Alt+→）")
    hoist.triggered.connect(desk.hoist.enter)
    unhoist = _action(window, "unhoist", "顯示整份計畫", ["Alt+Left"], "離開「只顯示此要項」（Alt+←）")
    unhoist.triggered.connect(desk.hoist.leave)
    for action in (hoist, unhoist):
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        tree.addAction(action)
    for action in (fold, unfold):
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
    view_menu = menu_named(window, "menu_view")
    if view_menu is not None:
        view_menu.addSeparator()
        view_menu.addActions([fold, unfold, hoist, unhoist])
    guide = _action(window, "guide", "使用說明", ["F1"], "開啟使用說明：每年的工作一步一步做")
    guide.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    guide.triggered.connect(lambda: _show_guide(window))
    window.addAction(guide)
    help_menu = menu_named(window, "menu_help")
    if help_menu is not None:
        if help_menu.actions():
            first = help_menu.actions()[0]
            help_menu.insertAction(first, guide)
            help_menu.insertSeparator(first)
        else:
            help_menu.addAction(guide)
    desk.actions = {a.objectName(): a for a in (fold, unfold, hoist, unhoist, guide)}
    log.debug("desk keys installed")
    return desk

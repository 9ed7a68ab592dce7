"""Fixing many methods at once: the bulk edit (Ctrl+B) and 逐項修正, the walk through the findings (F8)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from planner.check import Finding
from planner.model import Node
from ui.editor.findings_dock import KIND_NAMES

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

# The form field that fixes each kind of finding (kinds not listed: the node is selected in the tree).
FIELD_FOR = {
    "empty-title": "title",
    "empty-method": "title",
    "duplicate-title": "title",
    "method-without-unit": "units",
    "unknown-unit": "units",
    "retired-unit": "units",
    "method-without-months": "months",
    "citation-copied": "body",
    "framework-reworded": "title",
}
STATUS_HEAD = "逐項修正："
KEYS_HINT = "F8 下一項，Shift+F8 上一項"
MONTHS_HINT = "空白鍵切換月份，Enter 或 F8 下一項，Shift+F8 上一項"


def finding_key(finding: Finding) -> tuple[str, object]:
    """Return what identifies a finding across checks (its where and message change with the numbering)."""
    return finding.code, finding.node_id if finding.node_id is not None else finding.message


class FindingWalk(QObject):
    """Walks the findings shown in the 檢查結果 dock one by one; after a fix it moves on by itself."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.current: Finding | None = None
        self.pos = 0
        self.total = 0
        self._navigating = False
        window.signals.historyChanged.connect(self._edited)
        window.tree.currentNodeChanged.connect(self._current_changed)
        window.model.modelReset.connect(self.stop)
        for button in window.form.months.buttons:
            button.installEventFilter(self)

    @property
    def active(self) -> bool:
        """Return whether a walk is under way."""
        return self.current is not None

    def stop(self) -> None:
        """End the walk (another plan, or the officer went elsewhere) and take its line off the status bar."""
        was = self.current is not None
        self.current, self.pos, self.total = None, 0, 0
        if was and self.window.statusBar().currentMessage().startswith(STATUS_HEAD):
            self.window.clear_status()

    def _fresh(self) -> list[Finding]:
        """Check the plan now and return the findings the dock shows, in its order."""
        dock = self.window.findings
        if not dock.isVisible():
            dock.show()
        dock.refresh()
        return dock.shown_findings()

    def next(self) -> None:
        """Go to the next finding (F8)."""
        self.step(1)

    def previous(self) -> None:
        """Go to the previous finding (Shift+F8)."""
        self.step(-1)

    def step(self, delta: int) -> None:
        """Move delta findings on from the current one (from where the fixed one was, if it is gone)."""
        window = self.window
        if window.plan is None:
            return
        window.flush_edits()
        findings = self._fresh()
        if not findings:
            self.stop()
            window.show_status("逐項修正：沒有需要修正的檢查結果。")
            return
        keys = [finding_key(f) for f in findings]
        if self.current is not None and finding_key(self.current) in keys:
            index = keys.index(finding_key(self.current)) + delta
        elif self.current is None:  # a new walk starts at the current node's finding, else at an end
            node = window.current_node()
            here = [i for i, f in enumerate(findings) if node is not None and f.node_id == node.id]
            index = here[0] if here else (0 if delta > 0 else -1)
        else:
            index = self.pos if delta > 0 else self.pos - 1
        self._go(findings, index % len(findings))

    def _go(self, findings: list[Finding], index: int) -> None:
        window = self.window
        finding = findings[index]
        self.current, self.pos, self.total = finding, index, len(findings)
        window.findings.mark(finding)
        self._navigating = True
        try:
            plan = window.plan
            if finding.node_id is not None and plan is not None and finding.node_id in plan.nodes:
                window.reveal_node(finding.node_id)
                field = FIELD_FOR.get(finding.code)
                if field is not None:
                    window.form.focus_field(field)
            elif finding.code == "plan-title":
                window.tabs.setCurrentWidget(window.plan_page)
                window.plan_page.title.setFocus(Qt.FocusReason.OtherFocusReason)
        finally:
            self._navigating = False
        self._say()
        log.debug("walk at %d/%d: %s", index + 1, len(findings), finding.code)

    def _say(self, note: str = "") -> None:
        finding = self.current
        if finding is None:
            return
        where = finding.where or KIND_NAMES.get(finding.code, finding.code)
        if not note:
            note = MONTHS_HINT if FIELD_FOR.get(finding.code) == "months" else KEYS_HINT
        self.window.show_status(
            f"逐項修正：第 {self.pos + 1}／{self.total} 項　{where}：{finding.message}　（{note}）", 0
        )

    def _edited(self) -> None:
        """After any edit: check again, and move on once the finding at hand is fixed."""
        if self.current is not None:
            QTimer.singleShot(0, self._follow)  # after the field that made the edit has settled (a closing popup)

    def _follow(self) -> None:
        if self.current is None or self.window.plan is None:
            return
        findings = self._fresh()
        keys = [finding_key(f) for f in findings]
        key = finding_key(self.current)
        if key in keys:
            self.pos, self.total = keys.index(key), len(findings)
            self.window.findings.mark(self.current)
            self._say()
            return
        if self._in_months():  # several months may be wanted: Enter (or F8) moves on
            self.total = len(findings)
            self._say("已修正；月份選好後按 Enter 或 F8 到下一項")
            return
        self.step(1)

    def _in_months(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and focus in self.window.form.months.buttons

    def _current_changed(self, node: Node | None) -> None:
        """Choosing another node by hand ends the walk."""
        if self._navigating or self.current is None:
            return
        if node is None or node.id != self.current.node_id:
            self.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a month button during a walk goes to the next finding."""
        if self.current is not None and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.next()
                return True
        return super().eventFilter(watched, event)


class Fixing(QObject):
    """The bulk edit and 逐項修正 commands of a window, and when they are enabled."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.walk = FindingWalk(window)
        a = window.acts
        a.bulk_edit.triggered.connect(self.bulk_edit)
        a.fix_next.triggered.connect(self.walk.next)
        a.fix_previous.triggered.connect(self.walk.previous)
        window.tree.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        window.tree.currentNodeChanged.connect(lambda _node: self.update_actions())
        window.signals.historyChanged.connect(self.update_actions)
        window.model.modelReset.connect(self.update_actions)
        self.update_actions()

    def bulk_edit(self) -> None:
        """Open the bulk edit for the selection; the status bar says what changed, with 復原."""
        window = self.window
        from ui.editor.bulk_edit import run_bulk_edit

        said = window.run_edit(run_bulk_edit, window)
        if said:
            window.desk.undo_offer.offer(said)
        window.tree.setFocus()

    def update_actions(self) -> None:
        """Enable the bulk edit for a writable plan with methods selected, the walk for any plan."""
        window, a = self.window, self.window.acts
        ws, plan = window.ws, window.plan
        writable = ws is not None and not ws.read_only and plan is not None
        has_methods = writable and any(n.methods() for n in window.selected_nodes())
        a.bulk_edit.setEnabled(has_methods)
        a.fix_next.setEnabled(plan is not None)
        a.fix_previous.setEnabled(plan is not None)


def install(window: MainWindow) -> Fixing:
    """Wire the bulk edit and 逐項修正 into a main window."""
    return Fixing(window)

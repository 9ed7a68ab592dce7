"""The 檢查結果 dock: check_plan findings; clicking one selects its node."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QHeaderView, QStyle, QTreeWidget, QTreeWidgetItem

from planner.check import ERROR, INFO, SEVERITY_NAMES, WARNING, Finding, check_plan
from planner.model import Plan
from planner.workspace import Workspace

NodeRole = Qt.ItemDataRole.UserRole + 1
ICONS = {
    ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


class FindingsDock(QDockWidget):
    """Lists what an officer should fix before printing; nodeClicked(node id) on a click."""

    nodeClicked = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__("檢查結果", parent)
        self.setObjectName("findings_dock")
        self.list = QTreeWidget(self)
        self.list.setObjectName("findings_list")
        self.list.setRootIsDecorated(False)
        self.list.setColumnCount(3)
        self.list.setHeaderLabels(["等級", "位置", "說明"])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.list.header().resizeSection(1, 320)
        self.list.header().setStretchLastSection(True)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        self.setWidget(self.list)
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self.findings: list[Finding] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(lambda visible: visible and self.schedule())

    def set_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Check another plan."""
        self._ws, self._plan = ws, plan
        self.schedule()

    def schedule(self) -> None:
        """Check again shortly (edits come in bursts)."""
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        """Run the checks now and list the findings."""
        self._timer.stop()
        self.list.clear()
        if self._ws is None or self._plan is None:
            self.findings = []
            self.setWindowTitle("檢查結果")
            return
        self.findings = check_plan(self._ws, self._plan)
        style = self.style()
        for finding in self.findings:
            item = QTreeWidgetItem([SEVERITY_NAMES[finding.severity], finding.where, finding.message])
            item.setIcon(0, style.standardIcon(ICONS[finding.severity]))
            item.setData(0, NodeRole, finding.node_id)
            item.setToolTip(1, finding.where)
            item.setToolTip(2, finding.message)
            self.list.addTopLevelItem(item)
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
        parts = [f"{SEVERITY_NAMES[s]} {n}" for s, n in counts.items() if n]
        self.setWindowTitle("檢查結果：" + ("、".join(parts) if parts else "沒有問題"))

    def _clicked(self, item: QTreeWidgetItem) -> None:
        node_id = item.data(0, NodeRole)
        if node_id is not None:
            self.nodeClicked.emit(node_id)

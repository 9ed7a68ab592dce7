"""The 檢查結果 dock: check_plan findings; clicking one selects its node."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.check import ERROR, INFO, SEVERITY_NAMES, WARNING, Finding, check_plan
from planner.model import Plan

if TYPE_CHECKING:
    from planner.workspace import Workspace

NodeRole = Qt.ItemDataRole.UserRole + 1
RANK = {ERROR: 0, WARNING: 1, INFO: 2}
KIND_NAMES = {
    "plan-title": "計畫標題空白",
    "plan-empty": "計畫沒有要項",
    "empty-title": "標題空白",
    "empty-method": "方法空白",
    "duplicate-title": "同層標題相同",
    "item-without-focus": "要項沒有重點",
    "focus-without-method": "重點沒有方法",
    "method-without-unit": "方法未指定單位",
    "unknown-unit": "單位已不存在",
    "retired-unit": "單位已停用",
    "method-without-months": "未設定查核月份",
    "unit-without-method": "單位沒有方法",
}
ICONS = {  # QStyle.StandardPixmap names: QStyle's enums are made when first used (10 ms), not at start
    ERROR: "SP_MessageBoxCritical",
    WARNING: "SP_MessageBoxWarning",
    INFO: "SP_MessageBoxInformation",
}


class FindingItem(QTreeWidgetItem):
    """A row that sorts by severity (errors first) on 等級, by text elsewhere; plan order breaks ties."""

    def __init__(self, finding: Finding, order: int) -> None:
        super().__init__([SEVERITY_NAMES[finding.severity], finding.where, finding.message])
        self.finding, self.order = finding, order

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        """Compare rows for the column the list is sorted by."""
        if not isinstance(other, FindingItem):
            return super().__lt__(other)
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        if column == 0:
            return (RANK[self.finding.severity], self.order) < (RANK[other.finding.severity], other.order)
        return (self.text(column), self.order) < (other.text(column), other.order)


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
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # errors first
        self.kind = QComboBox(self)
        self.kind.setObjectName("findings_kind")
        self.kind.setToolTip("只列出某一種檢查結果")
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.activated.connect(lambda _row: self._apply_kind())
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(4, 2, 4, 0)
        row.addWidget(QLabel("顯示", body))
        row.addWidget(self.kind)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.list, 1)
        self.setWidget(body)
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self.findings: list[Finding] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(self._visibility_changed)

    def set_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Check another plan."""
        self._ws, self._plan = ws, plan
        self.schedule()

    def _visibility_changed(self, visible: bool) -> None:
        """Check again when the dock is shown."""
        if visible:
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
        from PySide6.QtWidgets import QStyle

        self.findings = check_plan(self._ws, self._plan)
        style = self.style()
        self.list.setSortingEnabled(False)
        for order, finding in enumerate(self.findings):
            item = FindingItem(finding, order)
            item.setIcon(0, style.standardIcon(getattr(QStyle.StandardPixmap, ICONS[finding.severity])))
            item.setData(0, NodeRole, finding.node_id)
            item.setToolTip(1, finding.where)
            item.setToolTip(2, finding.message)
            self.list.addTopLevelItem(item)
        self.list.setSortingEnabled(True)
        self._fill_kinds()
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
        parts = [f"{SEVERITY_NAMES[s]} {n}" for s, n in counts.items() if n]
        self.setWindowTitle("檢查結果：" + ("、".join(parts) if parts else "沒有問題"))
        self.toggleViewAction().setText("檢查結果")  # the toolbar button keeps its width; counts in the tooltip
        self.toggleViewAction().setToolTip(self.windowTitle())

    def _fill_kinds(self) -> None:
        """Offer 全部, each severity and each kind found (with counts); keep the choice when it still exists."""
        chosen = self.kind.currentData()
        self.kind.clear()
        self.kind.addItem(f"全部（{len(self.findings)}）", None)
        for severity in (ERROR, WARNING, INFO):
            count = sum(1 for f in self.findings if f.severity == severity)
            if count:
                self.kind.addItem(f"只看{SEVERITY_NAMES[severity]}（{count}）", f"severity:{severity}")
        codes: dict[str, int] = {}
        for finding in sorted(self.findings, key=lambda f: RANK[f.severity]):
            codes[finding.code] = codes.get(finding.code, 0) + 1
        for code, count in codes.items():
            self.kind.addItem(f"{KIND_NAMES.get(code, code)}（{count}）", f"code:{code}")
        self.kind.setCurrentIndex(max(self.kind.findData(chosen), 0))
        self._apply_kind()

    def choose_kind(self, key: str | None) -> None:
        """Show only one kind of finding (None: all); key is 「severity:error」 or 「code:…」."""
        self.kind.setCurrentIndex(max(self.kind.findData(key), 0))
        self._apply_kind()

    def _apply_kind(self) -> None:
        key = self.kind.currentData()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if not isinstance(item, FindingItem):
                continue
            finding = item.finding
            item.setHidden(key not in (None, f"severity:{finding.severity}", f"code:{finding.code}"))

    def shown_messages(self) -> list[tuple[str, str]]:
        """Return (等級, 說明) of the rows shown, in the order shown."""
        out = []
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None and not item.isHidden():
                out.append((item.text(0), item.text(2)))
        return out

    def shown_findings(self) -> list[Finding]:
        """Return the findings of the rows shown (the 顯示 choice), in the order shown."""
        out = []
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if isinstance(item, FindingItem) and not item.isHidden():
                out.append(item.finding)
        return out

    def mark(self, finding: Finding | None) -> None:
        """Make the row of a finding current and visible, without acting as a click."""
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if isinstance(item, FindingItem) and item.finding == finding:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return
        self.list.clearSelection()
        self.list.setCurrentIndex(self.list.rootIndex())

    def _clicked(self, item: QTreeWidgetItem) -> None:
        node_id = item.data(0, NodeRole)
        if node_id is not None:
            self.nodeClicked.emit(node_id)

"""The 定稿與版本 box of the plan page: the plan's state (定稿, 修正草案), the 定稿… button, its versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from planner.model import Plan
from ui.dialogs import blocking

if TYPE_CHECKING:
    from planner.workspace import Workspace

Runner = Callable[..., Any]


class VersionBox(QGroupBox):
    """Shows a plan's versions and finalizes it through a small dialog."""

    def __init__(self, run: Runner, parent: QWidget | None = None) -> None:
        super().__init__("定稿與版本", parent)
        self.setObjectName("version_box")
        self._run = run
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        self.state = QLabel(self)
        self.state.setObjectName("version_state")
        row.addWidget(self.state, 1)
        self.finalize = QPushButton("定稿…", self)
        self.finalize.setObjectName("version_finalize")
        self.finalize.clicked.connect(self._finalize)
        row.addWidget(self.finalize)
        column.addLayout(row)
        self.list = QListWidget(self)
        self.list.setObjectName("version_list")
        self.list.setMaximumHeight(110)
        column.addWidget(self.list)

    def show_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Show a plan's state and versions."""
        self._ws, self._plan = ws, plan
        self.list.clear()
        if ws is None or plan is None:
            self.state.setText("")
            return
        from planner.versions import draft_label, plan_versions  # with the first plan shown, not at start

        versions = plan_versions(ws, plan)
        self.state.setText(draft_label(ws, plan) or "尚未定稿")
        self.finalize.setText("修正定稿…" if versions else "定稿…")
        for v in versions:
            self.list.addItem(f"{v.label}　{v.date}　{v.doc_number}")

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid finalizing."""
        self.finalize.setEnabled(not read_only)

    def _finalize(self) -> None:
        if self._ws is None or self._plan is None:
            return
        from planner.versions import finalize_plan, plan_versions
        from ui.dialogs.finalize_dialog import FinalizeDialog

        versions = plan_versions(self._ws, self._plan)
        dialog = FinalizeDialog("修正" if versions else "定稿", versions[-1].doc_number if versions else "", self)
        if not blocking.run(dialog):
            return
        date, doc = dialog.values()
        self._run(finalize_plan, self._ws, self._plan, date, doc)
        self.show_plan(self._ws, self._plan)

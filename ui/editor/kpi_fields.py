"""The detail form's optional KPI of a method: 衡量指標 and 目標值 (committed as fieldEdited "kpi" / "target")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from planner.model import Node

if TYPE_CHECKING:
    from planner.workspace import Workspace

log = logging.getLogger(__name__)

KPI_FIELDS = ("kpi", "target")


class KpiFields:
    """Two one-line fields under a method's 查核月份; each finished edit calls commit(node_id, field, text)."""

    def __init__(self, page: QWidget, form: QFormLayout, commit: Callable[[int, str, Any], None]) -> None:
        self._commit = commit
        self._node: Node | None = None
        self._shown = {"kpi": "", "target": ""}
        self.kpi = QLineEdit(page)
        self.kpi.setObjectName("detail_kpi")
        self.kpi.setPlaceholderText("選填，例：線上申辦案件數")
        self.target = QLineEdit(page)
        self.target.setObjectName("detail_target")
        self.target.setPlaceholderText("選填，例：1,200 件")
        self.kpi_label, self.target_label = QLabel("衡量指標", page), QLabel("目標值", page)
        form.addRow(self.kpi_label, self.kpi)
        form.addRow(self.target_label, self.target)
        self.kpi.editingFinished.connect(lambda: self.flush("kpi"))
        self.target.editingFinished.connect(lambda: self.flush("target"))

    def _edit(self, field: str) -> QLineEdit:
        return self.kpi if field == "kpi" else self.target

    def show(self, ws: Workspace | None, node: Node | None) -> None:
        """Show a method's KPI (hidden for 要項 and 重點)."""
        method = node is not None and node.is_method and ws is not None
        for widget in (self.kpi, self.target, self.kpi_label, self.target_label):
            widget.setVisible(method)
        self._node = node if method else None
        if not method or ws is None or node is None:
            return
        from planner.kpi import kpi_of

        current = kpi_of(ws, node.id)
        self._shown = {"kpi": current.kpi, "target": current.target}
        for field, value in self._shown.items():
            if self._edit(field).text() != value:
                self._edit(field).setText(value)

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid editing."""
        for edit in (self.kpi, self.target):
            edit.setReadOnly(read_only)

    def flush(self, field: str | None = None) -> None:
        """Commit a changed field (both when None)."""
        if self._node is None or self.kpi.isReadOnly():
            return
        for name in (field,) if field else KPI_FIELDS:
            value = self._edit(name).text().strip()
            if value != self._shown[name]:
                self._shown[name] = value
                self._commit(self._node.id, name, value)

"""The form on the right: title, body, units, review months and note of the selected node."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.model import Node, Plan
from ui.common.texts import ALL_UNITS_TEXT, level_name, node_headline
from ui.editor.kpi_fields import KpiFields
from ui.widgets.commit_text_edit import CommitTextEdit
from ui.widgets.month_picker import MonthPicker
from ui.widgets.unit_combo import UnitComboBox

if TYPE_CHECKING:
    from planner.workspace import Workspace

TEXT_FIELDS = ("title", "body", "note")


class DetailForm(QWidget):
    """Edits one node; every finished field edit becomes fieldEdited(node_id, field, value)."""

    fieldEdited = Signal(int, str, object)
    titleDone = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self._node: Node | None = None
        self._read_only = False

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.empty = QLabel("請在左側選擇一個項目。\n\n按 Enter 新增同層項目，Tab 降階，Shift+Tab 升階。", self)
        self.empty.setObjectName("detail_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #707070;")
        self.stack.addWidget(self.empty)

        page = QWidget(self)
        self.stack.addWidget(page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 8, 12, 8)
        self.heading = QLabel(page)
        self.heading.setObjectName("detail_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.path = QLabel(page)
        self.path.setObjectName("detail_path")
        self.path.setWordWrap(True)
        self.path.setStyleSheet("color: #606060;")
        self.carry = QLabel(page)  # 去年最後查核 of a copied method (planner/carry.py)
        self.carry.setObjectName("detail_carry_over")
        self.carry.setWordWrap(True)
        self.carry.setStyleSheet("color: #606060;")
        layout.addWidget(self.heading)
        layout.addWidget(self.path)
        layout.addWidget(self.carry)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(form, 1)

        self.title = QLineEdit(page)
        self.title.setObjectName("detail_title")
        self.title.setPlaceholderText("標題")
        self.title.editingFinished.connect(lambda: self._commit_text("title"))
        self.title.returnPressed.connect(self.titleDone)
        form.addRow("標題", self.title)

        self.body = CommitTextEdit(page)
        self.body.setObjectName("detail_body")
        self.body.setPlaceholderText("說明內容（可分行條列 1. 2. …）")
        self.body.setTabChangesFocus(True)
        self.body.editingFinished.connect(lambda: self._commit_text("body"))
        form.addRow("內容", self.body)

        self.units = UnitComboBox(page)
        self.units.setObjectName("detail_units")
        self.units.setToolTip("點選要負責的單位，可複選")
        self.units.unitsChosen.connect(lambda ids: self._commit("units", ids))
        self.all_units = QPushButton(ALL_UNITS_TEXT, page)
        self.all_units.setObjectName("detail_all_units")
        self.all_units.setToolTip("指定所有使用中的單位")
        self.all_units.clicked.connect(self._choose_all_units)
        units_row = QHBoxLayout()
        units_row.addWidget(self.units, 1)
        units_row.addWidget(self.all_units)
        self.units_label = QLabel("業務單位", page)
        form.addRow(self.units_label, units_row)

        self.months = MonthPicker(page)
        self.months.setObjectName("detail_months")
        self.months.monthsChosen.connect(lambda months: self._commit("months", months))
        self.months_label = QLabel("查核月份", page)
        form.addRow(self.months_label, self.months)
        self.kpi = KpiFields(page, form, self.fieldEdited.emit)  # 衡量指標, 目標值 (ui/editor/kpi_fields.py)

        self.note = CommitTextEdit(page)
        self.note.setObjectName("detail_note")
        self.note.setPlaceholderText("備註")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 12)
        self.note.editingFinished.connect(lambda: self._commit_text("note"))
        self.note_label = QLabel("備註", page)
        form.addRow(self.note_label, self.note)
        self.stack.setCurrentWidget(self.empty)

    # ------------------------------------------------------------ state

    @property
    def node(self) -> Node | None:
        """Return the node shown."""
        return self._node

    def set_workspace(self, ws: Workspace | None) -> None:
        """Use another workspace's units."""
        self._ws = ws
        self.show_node(None, None)

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid editing."""
        self._read_only = read_only
        for editor in (self.title, self.body, self.note):
            editor.setReadOnly(read_only)
        for widget in (self.units, self.all_units, self.months):
            widget.setEnabled(not read_only)
        self.kpi.set_read_only(read_only)

    def show_node(self, plan: Plan | None, node: Node | None) -> None:
        """Show a node (None: the empty hint)."""
        self._plan, self._node = plan, node
        self.refresh()

    def refresh(self) -> None:
        """Show the node's current values (after an edit, undo or renumbering)."""
        node, plan = self._node, self._plan
        if node is not None and (plan is None or plan.nodes.get(node.id) is not node):
            self._node = node = None
        self.kpi.show(self._ws, node if plan is not None else None)
        if node is None or plan is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentIndex(1)
        label = plan.label(node)
        self.heading.setText(f"{level_name(node)} {label}".strip() + ("（不編號）" if not node.numbered else ""))
        crumbs = [plan.label(a) + (node_headline(a) or "（空白）") for a in node.ancestors()]
        self.path.setText(" › ".join(crumbs))
        self.path.setVisible(bool(crumbs))
        from planner.carry import carry_over_line  # the storage loads with the first workspace, not at start

        carried = carry_over_line(self._ws, plan, node) if self._ws is not None else ""
        self.carry.setText(carried)
        self.carry.setVisible(bool(carried))
        if self.title.text() != node.title:
            self.title.setText(node.title)
        for editor, value in ((self.body, node.body), (self.note, node.note)):
            if editor.toPlainText() != value:
                editor.setPlainText(value)
        method = node.is_method
        for widget in (self.units, self.all_units, self.units_label, self.months, self.months_label):
            widget.setVisible(method)
        # Notes are printed for methods only; a 要項/重點 keeps showing one it carries (e.g. after an outdent).
        for note_widget in (self.note, self.note_label):
            note_widget.setVisible(method or bool(node.note))
        if method and self._ws is not None:
            self.units.set_units(self._ws.units(include_retired=True), node.units)
            self.months.set_months(node.months)

    # ------------------------------------------------------------ committing

    def _value(self, field: str) -> str:
        if field == "title":
            return self.title.text()
        return (self.body if field == "body" else self.note).toPlainText()

    def _commit_text(self, field: str) -> None:
        node = self._node
        if node is None or self._read_only or self._plan is None or self._plan.nodes.get(node.id) is not node:
            return
        value = self._value(field)
        if value != getattr(node, field):
            self.fieldEdited.emit(node.id, field, value)

    def focus_title(self) -> None:
        """Put the cursor in the title field, its text selected."""
        if self._node is not None:
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
            self.title.selectAll()

    def focus_field(self, field: str) -> bool:
        """Put the focus on a field of the node shown: title, body, note, units or months; False if hidden."""
        widgets = {
            "title": self.title,
            "body": self.body,
            "note": self.note,
            "units": self.units,
            "months": self.months.buttons[0],
        }
        widget = widgets.get(field)
        if self._node is None or widget is None or not widget.isVisibleTo(self):
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if widget is self.title:
            self.title.selectAll()
        return True

    def flush(self) -> None:
        """Commit text the user typed but has not yet left."""
        for field in TEXT_FIELDS:
            self._commit_text(field)
        self.kpi.flush()

    def _commit(self, field: str, value: list[int]) -> None:
        if self._node is None or self._read_only:
            return
        self.flush()
        self.fieldEdited.emit(self._node.id, field, value)

    def _choose_all_units(self) -> None:
        if self._ws is not None:
            self._commit("units", [u.id for u in self._ws.units()])

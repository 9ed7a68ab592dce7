"""The 計畫基本資料 page: header (agency, year, title, issuance line), sections and the table's columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.layouts import PRESETS, custom_layout, preset
from planner.model import Plan, Section
from planner.numerals import MAX_YEAR, MIN_YEAR
from ui.common.lazy_import import lazy_module
from ui.dialogs import blocking
from ui.plan_page.milestone_box import MilestoneBox
from ui.plan_page.version_box import VersionBox
from ui.widgets.commit_text_edit import CommitTextEdit

if TYPE_CHECKING:
    from planner import plans
    from planner.workspace import Workspace
else:
    plans = lazy_module("planner.plans")

Runner = Callable[..., Any]
SectionRole = Qt.ItemDataRole.UserRole + 1
FIELD_NAMES = {
    "item": "要項",
    "focus": "重點",
    "method": "方法",
    "units": "業務單位",
    "months": "查核月份",
    "note": "備註",
    "kpi": "衡量指標",
    "target": "目標值",
}
CUSTOM = "custom"


class PlanPage(QScrollArea):
    """Edits one plan's header, sections and column layout; every change goes through run(fn, …)."""

    def __init__(self, run: Runner, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_page")
        self.setWidgetResizable(True)
        self._run = run
        self._ws: Workspace | None = None
        self._plan: Plan | None = None
        self._filling = False
        inner = QWidget(self)
        self.setWidget(inner)
        column = QVBoxLayout(inner)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(12)
        column.addWidget(self._header_box())
        self.versions = VersionBox(run, inner)
        column.addWidget(self.versions)
        column.addWidget(self._sections_box(), 1)
        self.milestones = MilestoneBox(run, inner)
        column.addWidget(self.milestones)
        column.addWidget(self._layout_box())

    # ------------------------------------------------------------ building

    def _header_box(self) -> QGroupBox:
        box = QGroupBox("計畫基本資料", self)
        form = QFormLayout(box)
        self.agency = QLineEdit(box)
        self.agency.setObjectName("plan_agency")
        self.agency.setPlaceholderText("機關全銜，例：高雄市政府勞工局博愛職業技能訓練中心")
        self.agency.editingFinished.connect(lambda: self._set_header("agency", self.agency.text()))
        form.addRow("機關全銜", self.agency)
        self.year = QSpinBox(box)
        self.year.setObjectName("plan_year")
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setPrefix("民國 ")
        self.year.setSuffix(" 年度")
        self.year.setKeyboardTracking(False)
        self.year.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.year.editingFinished.connect(lambda: self._set_header("year", self.year.value()))
        form.addRow("年度", self.year)
        self.title = QLineEdit(box)
        self.title.setObjectName("plan_title")
        self.title.editingFinished.connect(lambda: self._set_header("title", self.title.text()))
        form.addRow("計畫名稱", self.title)
        self.issued = QLineEdit(box)
        self.issued.setObjectName("plan_issued")
        self.issued.setPlaceholderText("例：中華民國115年1月20日星圖秘字第11530001200號函頒")
        self.issued.editingFinished.connect(lambda: self._set_header("issued", self.issued.text()))
        form.addRow("發布文號", self.issued)
        self.preview = QLabel(box)
        self.preview.setObjectName("plan_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        font = self.preview.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.preview.setFont(font)
        self.preview_issued = QLabel(box)
        self.preview_issued.setObjectName("plan_preview_issued")
        self.preview_issued.setTextFormat(Qt.TextFormat.PlainText)
        preview = QVBoxLayout()
        preview.setSpacing(2)
        preview.addWidget(self.preview)
        preview.addWidget(self.preview_issued)
        form.addRow("標題列", preview)
        return box

    def _sections_box(self) -> QGroupBox:
        box = QGroupBox("段落（壹、貳、參…）", self)
        grid = QGridLayout(box)
        self.sections = QListWidget(box)
        self.sections.setObjectName("plan_sections")
        self.sections.setMinimumWidth(200)
        self.sections.currentRowChanged.connect(lambda _row: self._show_section())
        grid.addWidget(self.sections, 0, 0)
        buttons = QHBoxLayout()
        self.section_add = self._button(box, "section_add", "新增…", self._add_section, buttons)
        self.section_remove = self._button(box, "section_remove", "刪除", self._remove_section, buttons)
        self.section_up = self._button(box, "section_up", "上移", lambda: self._move_section(-1), buttons)
        self.section_down = self._button(box, "section_down", "下移", lambda: self._move_section(1), buttons)
        grid.addLayout(buttons, 1, 0)
        editor = QFormLayout()
        self.section_heading = QLineEdit(box)
        self.section_heading.setObjectName("section_heading")
        self.section_heading.editingFinished.connect(lambda: self._set_section(heading=self.section_heading.text()))
        editor.addRow("段落標題", self.section_heading)
        self.section_numbered = QCheckBox("編號（壹、貳、參…）", box)
        self.section_numbered.setObjectName("section_numbered")
        self.section_numbered.clicked.connect(lambda checked: self._set_section(numbered=checked))
        editor.addRow("", self.section_numbered)
        self.section_text = CommitTextEdit(box)
        self.section_text.setObjectName("section_text")
        self.section_text.setPlaceholderText("段落內容；「計畫內容」段落印出時放入項目表格。")
        self.section_text.setTabChangesFocus(True)
        self.section_text.editingFinished.connect(lambda: self._set_section(text=self.section_text.toPlainText()))
        editor.addRow("內容", self.section_text)
        grid.addLayout(editor, 0, 1, 2, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _layout_box(self) -> QGroupBox:
        box = QGroupBox("計畫內容表格欄位", self)
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.layout_preset = QComboBox(box)
        self.layout_preset.setObjectName("plan_layout_preset")
        for key, item in PRESETS.items():
            self.layout_preset.addItem(item.name, key)
        self.layout_preset.addItem("自訂欄位標題", CUSTOM)
        self.layout_preset.activated.connect(self._choose_preset)
        row.addWidget(QLabel("版面", box))
        row.addWidget(self.layout_preset, 1)
        self.landscape = QCheckBox("橫向列印", box)
        self.landscape.setObjectName("plan_landscape")
        self.landscape.clicked.connect(lambda _checked: self._set_custom_layout())
        row.addWidget(self.landscape)
        column.addLayout(row)
        self.columns = QTableWidget(0, 2, box)
        self.columns.setObjectName("plan_columns")
        self.columns.setHorizontalHeaderLabels(["欄位標題（可直接修改）", "欄位內容"])
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().setVisible(False)
        self.columns.itemChanged.connect(lambda _item: self._set_custom_layout())
        column.addWidget(self.columns)
        return box

    def _button(self, parent: QWidget, name: str, text: str, slot: Callable[[], Any], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # ------------------------------------------------------------ showing

    def set_plan(self, ws: Workspace | None, plan: Plan | None) -> None:
        """Show another plan."""
        self._ws, self._plan = ws, plan
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        """Allow or forbid editing."""
        for editor in (self.agency, self.title, self.issued, self.section_heading):
            editor.setReadOnly(read_only)
        self.section_text.setReadOnly(read_only)
        self.year.setReadOnly(read_only)
        self.milestones.set_read_only(read_only)
        self.versions.set_read_only(read_only)
        for widget in (self.section_add, self.section_remove, self.section_up, self.section_down):
            widget.setEnabled(not read_only)
        for control in (self.section_numbered, self.layout_preset, self.landscape):
            control.setEnabled(not read_only)
        triggers = QTableWidget.EditTrigger
        self.columns.setEditTriggers(
            triggers.NoEditTriggers
            if read_only
            else triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
        )

    def refresh(self) -> None:
        """Show the plan's current values."""
        plan = self._plan
        self.setEnabled(plan is not None)
        if plan is None:
            return
        self._filling = True
        try:
            for editor, value in ((self.agency, plan.agency), (self.title, plan.title), (self.issued, plan.issued)):
                if editor.text() != value:
                    editor.setText(value)
            self.year.setValue(plan.year)
            self.preview.setText(f"{plan.agency} {plan.title}".strip())
            self.preview_issued.setText(plan.issued)
            self.preview_issued.setVisible(bool(plan.issued))
            self._fill_sections()
            self._fill_layout()
            self.milestones.show_plan(self._ws, plan)
            self.versions.show_plan(self._ws, plan)
        finally:
            self._filling = False

    def _fill_sections(self) -> None:
        assert self._plan is not None
        current = self.current_section()
        keep = current.id if current else None
        self.sections.blockSignals(True)
        self.sections.clear()
        for section in self._plan.sections:
            item = QListWidgetItem(self._plan.section_label(section) + section.heading)
            item.setData(SectionRole, section.id)
            self.sections.addItem(item)
        ids = [s.id for s in self._plan.sections]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self.sections.setCurrentRow(row)
        self.sections.blockSignals(False)
        self._show_section()

    def _fill_layout(self) -> None:
        assert self._plan is not None
        layout = self._plan.layout
        at = self.layout_preset.findData(layout.preset if layout.preset in PRESETS else CUSTOM)
        self.layout_preset.setCurrentIndex(at)
        self.landscape.setChecked(layout.landscape)
        self.columns.blockSignals(True)
        self.columns.setRowCount(len(layout.columns))
        for row, col in enumerate(layout.columns):
            header = QTableWidgetItem(col.header)
            shows = QTableWidgetItem("、".join(FIELD_NAMES.get(f, f) for f in col.fields))
            shows.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.columns.setItem(row, 0, header)
            self.columns.setItem(row, 1, shows)
        self.columns.blockSignals(False)

    def current_section(self) -> Section | None:
        """Return the selected section."""
        item = self.sections.currentItem()
        if item is None or self._plan is None:
            return None
        section_id = item.data(SectionRole)
        return next((s for s in self._plan.sections if s.id == section_id), None)

    def _show_section(self) -> None:
        section = self.current_section()
        for widget in (self.section_heading, self.section_numbered, self.section_text, self.section_remove):
            widget.setEnabled(section is not None)
        if section is None:
            self.section_heading.clear()
            self.section_text.clear()
            return
        if self.section_heading.text() != section.heading:
            self.section_heading.setText(section.heading)
        if self.section_text.toPlainText() != section.text:
            self.section_text.setPlainText(section.text)
        self.section_numbered.setChecked(section.numbered)

    # ------------------------------------------------------------ editing

    def _set_header(self, key: str, value: Any) -> None:
        if self._filling or self._plan is None or self._ws is None or self._ws.read_only:
            return
        if getattr(self._plan, key) != value:
            self._run(plans.set_plan_fields, self._ws, self._plan, **{key: value})
            self.refresh()  # shows the stored value again when the edit was refused

    def _set_section(self, **values: Any) -> None:
        section = self.current_section()
        if self._filling or section is None or self._plan is None or self._ws is None or self._ws.read_only:
            return
        if any(getattr(section, k) != v for k, v in values.items()):
            self._run(plans.set_section, self._ws, self._plan, section.id, **values)

    def _add_section(self) -> None:
        if self._plan is None or self._ws is None:
            return
        heading = blocking.ask_text(self, "新增段落", "段落標題（例：計畫依據）：")
        if heading is None:
            return
        current = self.current_section()
        index = self._plan.sections.index(current) + 1 if current else None
        section = self._run(plans.add_section, self._ws, self._plan, heading, "", index)
        if section:
            self.sections.setCurrentRow(self._plan.sections.index(section))

    def _remove_section(self) -> None:
        section = self.current_section()
        if section is None or self._plan is None or self._ws is None:
            return
        label = self._plan.section_label(section) + section.heading
        if blocking.confirm(self, "刪除段落", f"確定要刪除段落「{label}」及其內容嗎？", "刪除"):
            self._run(plans.remove_section, self._ws, self._plan, section.id)

    def _move_section(self, step: int) -> None:
        section = self.current_section()
        if section is None or self._plan is None or self._ws is None:
            return
        index = self._plan.sections.index(section) + step
        if 0 <= index < len(self._plan.sections):
            self._run(plans.move_section, self._ws, self._plan, section.id, index)
            self.sections.setCurrentRow(self._plan.sections.index(section))

    def _choose_preset(self, row: int) -> None:
        key = self.layout_preset.itemData(row)
        if self._plan is None or self._ws is None:
            return
        if key == CUSTOM:
            self.columns.setFocus()
            first = self.columns.item(0, 0)
            if first is not None:
                self.columns.editItem(first)
            return
        self._run(plans.set_layout, self._ws, self._plan, preset(key))

    def _header_text(self, row: int) -> str:
        """Return the header typed in a row of the columns table ("" for a row without an item)."""
        item = self.columns.item(row, 0)
        return item.text().strip() if item is not None else ""

    def _set_custom_layout(self) -> None:
        if self._filling or self._plan is None or self._ws is None:
            return
        old = self._plan.layout
        headers = [self._header_text(row) for row in range(len(old.columns))]
        if headers == old.headers and self.landscape.isChecked() == old.landscape:
            return
        columns = [(header, list(col.fields)) for header, col in zip(headers, old.columns)]
        try:
            layout = custom_layout(columns, landscape=self.landscape.isChecked())
        except ValueError as exc:
            blocking.warn(self, "表格欄位", str(exc))
            self.refresh()
            return
        self._run(plans.set_layout, self._ws, self._plan, layout)

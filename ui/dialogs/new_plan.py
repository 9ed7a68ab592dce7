"""Dialogs that start something: a new workspace file, a new year's plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.plans import default_title
from planner.workspace import Workspace
from ui.dialogs import blocking
from ui.dialogs.first_run import IMPORT, FirstPlanChooser, UnsetYearBox, copy_source, framework_combo, year_refusal
from ui.widgets.year_box import this_roc_year, year_box

BLANK, FRAMEWORK, COPY = "blank", "framework", "copy"


@dataclass
class PlanSpec:
    """What the new plan dialog asked for."""

    year: int
    title: str
    start: str  # BLANK, FRAMEWORK or COPY
    framework_id: str | None = None
    copy_from: int | None = None


class StartChooser(QWidget):
    """Radio buttons: an empty plan, a city framework, or (when years exist) a copy of another year."""

    def __init__(self, years: list[int], parent: Any = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.blank = QRadioButton("空白計畫", self)
        self.blank.setObjectName("start_blank")
        self.framework = QRadioButton("依城市架構（要項與重點）", self)
        self.framework.setObjectName("start_framework")
        self.frameworks = framework_combo(self)
        self.copy = QRadioButton("複製其他年度的計畫", self)
        self.copy.setObjectName("start_copy")
        self.years = QComboBox(self)
        self.years.setObjectName("start_copy_year")
        for year in reversed(years):
            self.years.addItem(f"{year} 年度", year)
        for row, (radio, combo) in enumerate(((self.copy, self.years), (self.framework, self.frameworks))):
            grid.addWidget(radio, row, 0)
            grid.addWidget(combo, row, 1)
            self.group.addButton(radio)
        grid.addWidget(self.blank, 2, 0)
        self.group.addButton(self.blank)
        grid.setColumnStretch(1, 1)
        has_years = bool(years)
        self.copy.setVisible(has_years)
        self.years.setVisible(has_years)
        (self.copy if has_years else self.framework).setChecked(True)

    def choice(self) -> tuple[str, str | None, int | None]:
        """Return (start kind, framework id, year to copy)."""
        if self.copy.isChecked():
            return COPY, None, self.years.currentData()
        if self.framework.isChecked():
            return FRAMEWORK, self.frameworks.currentData(), None
        return BLANK, None, None


class NewPlanDialog(QDialog):
    """Asks for the year, title and starting point of a new plan."""

    def __init__(self, ws: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_plan_dialog")
        self.setWindowTitle("新增年度計畫")
        self.ws = ws
        years = ws.years()
        form = QFormLayout(self)
        # the first plan of a workspace: no year is picked for the user
        self.year = (
            year_box(self, "new_plan_year", max(years) + 1)
            if years
            else UnsetYearBox("new_plan_year", this_roc_year(), self)
        )
        form.addRow("年度", self.year)
        self.title = QLineEdit(default_title(self.year.value()) if years else "", self)
        self.title.setObjectName("new_plan_title")
        self._auto_title = True
        self.title.textEdited.connect(lambda _text: setattr(self, "_auto_title", False))
        self.year.valueChanged.connect(self._year_changed)
        form.addRow("計畫名稱", self.title)
        self.start = StartChooser(years, self)
        self.start.group.buttonToggled.connect(lambda *_: self._start_changed())
        self.start.years.setCurrentIndex(max(self.start.years.findData(copy_source(ws)), 0))
        self.start.years.currentIndexChanged.connect(lambda _i: self._check_year())
        form.addRow("內容", self.start)
        self.year_note = QLabel(self)
        self.year_note.setObjectName("new_plan_year_note")
        self.year_note.setWordWrap(True)
        form.addRow(self.year_note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("建立")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._start_changed()

    def _start_changed(self) -> None:
        """A copy keeps its source's name (with the year updated)."""
        copying = self.start.copy.isChecked()
        self.title.setEnabled(not copying)
        self.title.setToolTip("複製時沿用來源年度的計畫名稱（年度自動更新）" if copying else "")
        self._check_year()

    def _check_year(self) -> None:
        """Refuse a year that has a plan at once: 建立 disabled, the reason under the form."""
        copy_from = self.start.years.currentData() if self.start.copy.isChecked() else None
        text, refused = year_refusal(self.ws, self.year.value(), copy_from)
        if isinstance(self.year, UnsetYearBox) and self.year.year() is None:
            text, refused = "請選擇新計畫的年度。", True
        self.year_note.setText(text)
        self.year_note.setStyleSheet("color: #b00020;" if refused else "color: #8a6d00;")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not refused)
        ok.setToolTip(text if refused else "")

    def _year_changed(self, year: int) -> None:
        if self._auto_title:
            self.title.setText(default_title(year))
        self._check_year()

    def spec(self) -> PlanSpec:
        """Return what was asked for."""
        start, framework_id, copy_from = self.start.choice()
        return PlanSpec(self.year.value(), self.title.text().strip(), start, framework_id, copy_from)


@dataclass
class WorkspaceSpec:
    """What the new workspace dialog asked for."""

    path: Path
    agency: str
    units: list[str]
    year: int | None
    framework_id: str | None
    start: str = FRAMEWORK  # IMPORT: open the import dialog once the workspace exists


class NewWorkspaceDialog(QDialog):
    """Asks for the file, the agency, its units and the first plan of a new workspace."""

    def __init__(self, start_dir: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_workspace_dialog")
        self.setWindowTitle("新增工作區")
        self.resize(560, 460)
        self._start_dir = start_dir
        column = QVBoxLayout(self)
        intro = QLabel("工作區是一個檔案，存放本機關所有年度的提升服務計畫；每次修改都會立即儲存。", self)
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        column.addLayout(form)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("new_ws_path")
        self.path.setPlaceholderText("選擇檔案位置…")
        browse = QPushButton("瀏覽…", self)
        browse.setObjectName("new_ws_browse")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("檔案", row)
        self.agency = QLineEdit(self)
        self.agency.setObjectName("new_ws_agency")
        self.agency.setPlaceholderText("例：高雄市政府勞工局博愛職業技能訓練中心")
        form.addRow("機關全銜", self.agency)
        self.units = QPlainTextEdit(self)
        self.units.setObjectName("new_ws_units")
        self.units.setPlaceholderText("每行一個單位，例：\n秘書室\n行政課\n教務課")
        self.units.setTabChangesFocus(True)
        form.addRow("業務單位", self.units)
        self.start = FirstPlanChooser(this_roc_year(), self)
        self.year = self.start.year
        form.addRow("第一份計畫", self.start)
        self.error = QLabel(self)
        self.error.setObjectName("new_ws_error")
        self.error.setStyleSheet("color: #b00020;")
        column.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("建立")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def _browse(self) -> None:
        path = blocking.save_file(self, "新工作區的位置", str(Path(self._start_dir) / "提升服務計畫.planner"))
        if path is not None:
            self.path.setText(str(path))

    def spec(self) -> WorkspaceSpec:
        """Return what was asked for."""
        start, framework_id, year = self.start.choice()
        units = [line.strip() for line in self.units.toPlainText().splitlines() if line.strip()]
        path = Path(self.path.text().strip()).expanduser()
        if not path.is_absolute():
            path = Path(self._start_dir or Path.home()) / path
        if path.suffix != blocking.SUFFIX:
            path = path.with_name(path.name + blocking.SUFFIX)
        return WorkspaceSpec(
            path, self.agency.text().strip(), units, year, framework_id if start == FRAMEWORK else None, start
        )

    def accept(self) -> None:
        """Refuse to close without a file name."""
        if not self.path.text().strip():
            self.error.setText("請選擇工作區檔案的位置。")
            return
        start, _, year = self.start.choice()
        if start != IMPORT and year is None:
            self.error.setText("請選擇第一份計畫的年度（或改選「匯入去年的計畫檔」，年度依檔案）。")
            self.year.setFocus()
            return
        super().accept()

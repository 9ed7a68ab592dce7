"""How a workspace's first plan starts (import last year's file, a city framework, empty) and year checks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from planner.frameworks import frameworks
from planner.model import Plan
from planner.plans import MAX_YEAR, MIN_YEAR, copy_plan_to_year, delete_plan
from planner.workspace import Workspace
from ui.common.window_api import WindowApi
from ui.dialogs import blocking

IMPORT, FRAMEWORK, BLANK = "import", "framework", "blank"
PREFERRED_FRAMEWORK = "kaohsiung-six"
NO_YEAR = MIN_YEAR - 1
NO_YEAR_TEXT = "請選擇年度"


class UnsetYearBox(QSpinBox):
    """An ROC year box that starts with no year (「請選擇年度」); the first step goes to this year."""

    def __init__(self, name: str, this_year: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._this_year = this_year
        self.setRange(NO_YEAR, MAX_YEAR)
        self.setSpecialValueText(NO_YEAR_TEXT)
        self.setPrefix("民國 ")
        self.setSuffix(" 年度")
        self.setValue(NO_YEAR)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def year(self) -> int | None:
        """Return the chosen year, None while none is chosen."""
        return None if self.value() == NO_YEAR else self.value()

    def stepBy(self, steps: int) -> None:
        """From 「請選擇年度」 the arrows start at the current year rather than at year 1."""
        if self.value() == NO_YEAR:
            self.setValue(self._this_year)
            return
        super().stepBy(steps)
        if self.value() == NO_YEAR:
            self.setValue(MIN_YEAR)


def framework_combo(parent: QWidget) -> QComboBox:
    """Return a combo box of the city frameworks (description as tooltip), the preferred one chosen."""
    combo = QComboBox(parent)
    combo.setObjectName("start_framework_choice")
    for key, fw in frameworks().items():
        combo.addItem(fw.name, key)
        combo.setItemData(combo.count() - 1, fw.description, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(PREFERRED_FRAMEWORK), 0))
    return combo


class FirstPlanChooser(QWidget):
    """Three starts for a new workspace: import last year's plan file, a city framework, or an empty plan."""

    changed = Signal()

    def __init__(self, this_year: int, parent: Any = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.import_file = QRadioButton("匯入去年的計畫檔（Word、Excel、ODF 或 PDF，年度依檔案）", self)
        self.import_file.setObjectName("first_import")
        self.framework = QRadioButton("依城市架構（要項與重點）", self)
        self.framework.setObjectName("start_framework")
        self.frameworks = framework_combo(self)
        self.blank = QRadioButton("空白計畫", self)
        self.blank.setObjectName("start_blank")
        self.year_label = QLabel("年度", self)
        self.year = UnsetYearBox("new_ws_year", this_year, self)
        self.year.setToolTip("建立哪一個年度的計畫（匯入時依檔案中的年度，可在匯入畫面修改）")
        grid.addWidget(self.import_file, 0, 0, 1, 2)
        grid.addWidget(self.framework, 1, 0)
        grid.addWidget(self.frameworks, 1, 1)
        grid.addWidget(self.blank, 2, 0, 1, 2)
        grid.addWidget(self.year_label, 3, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.year, 3, 1)
        grid.setColumnStretch(1, 1)
        for radio in (self.import_file, self.framework, self.blank):
            self.group.addButton(radio)
        self.import_file.setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self._sync())
        self.frameworks.currentIndexChanged.connect(lambda _i: self.framework.setChecked(True))
        self.year.valueChanged.connect(lambda _v: self.changed.emit())
        self._sync()

    def _sync(self) -> None:
        importing = self.import_file.isChecked()
        self.year.setEnabled(not importing)
        self.year_label.setEnabled(not importing)
        self.changed.emit()

    def choice(self) -> tuple[str, str | None, int | None]:
        """Return (start kind, framework id, year) — the year is None when importing or not chosen."""
        if self.import_file.isChecked():
            return IMPORT, None, None
        if self.framework.isChecked():
            return FRAMEWORK, self.frameworks.currentData(), self.year.year()
        return BLANK, None, self.year.year()


def is_empty(plan: Plan) -> bool:
    """Return whether a plan has no 要項 at all (made by mistake, or before an import)."""
    return not plan.items


def year_refusal(ws: Workspace, year: int, copy_from: int | None) -> tuple[str, bool]:
    """Return (what to say about the target year, whether 建立 must be refused); copy_from: the year copied."""
    if not ws.has_plan(year):
        return "", False
    if copy_from == year:
        return f"不能把民國 {year} 年度的計畫複製到它自己，請改選其他年度。", True
    if copy_from is not None and is_empty(ws.plan(year)):
        return f"民國 {year} 年度已有一份空白計畫：建立時會詢問是否以複製的內容取代它。", False
    return f"民國 {year} 年度已經有計畫，請改選其他年度（或先切換到該年度刪除它）。", True


def copy_source(ws: Workspace) -> int | None:
    """Return the year a copy starts from by default: the newest plan that has content."""
    years = ws.years()
    full = [y for y in years if not is_empty(ws.plan(y))]
    choices = full or years
    return choices[-1] if choices else None


def replace_empty_plan(ws: Workspace, from_year: int, to_year: int) -> Plan:
    """Replace an empty plan of to_year by a copy of from_year, in one undoable edit."""
    with ws.edit(f"由 {from_year} 年度複製並取代 {to_year} 年度的空白計畫"):
        delete_plan(ws, to_year)
        return copy_plan_to_year(ws, from_year, to_year)


def copy_year(window: WindowApi, from_year: int, to_year: int) -> Plan | None:
    """Copy a plan to a year for the window; an existing empty plan of that year is replaced after asking."""
    ws = window.ws
    if ws is None:
        return None
    if ws.has_plan(to_year):
        question = (
            f"民國 {to_year} 年度已有一份空白計畫（沒有任何要項）。\n\n"
            f"要以 {from_year} 年度計畫的複本取代它嗎？可用「復原」還原。"
        )
        if not blocking.confirm(window.dialog_parent(), "取代空白計畫", question, "取代"):
            return None
        return window.run_edit(replace_empty_plan, ws, from_year, to_year)
    return window.run_edit(copy_plan_to_year, ws, from_year, to_year)

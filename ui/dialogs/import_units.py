"""The 單位 panel of the import dialog: what each unit name of the file becomes (planner.importers.unit_fixes).

One row per name the file uses: how many methods name it, and a choice — keep it (a new unit, the workspace's
unit of that name, or 各課室 as written), map it onto a workspace unit or another name of the file, strip its
role, give it a new name or split it into several (typed in the row's box), or leave it out. `changed` carries
the UnitFixes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.errors import BadInput
from planner.importers import ImportResult
from planner.importers.unit_fixes import DROP, KEEP, MAP, SPLIT, STRIP, UnitFixes, strip_role
from planner.units import ALL_UNITS, UNIT_SEPARATORS
from planner.workspace import Workspace
from ui.dialogs.import_preview import ERROR_COLOR

log = logging.getLogger(__name__)

NAME, USES, TARGET, PARTS = range(4)
KEEP_NEW, KEEP_OLD, KEEP_ALL = "新增為新單位", "使用工作區的單位", "照原樣保留（所有單位）"
SPLIT_TEXT, DROP_TEXT, RENAME_TEXT = "拆成幾個單位…", "不匯入這個單位", "改為新名稱…"
RENAME = "rename"  # the panel's own choice: a map onto a name typed in the row's box (UnitFixes.map)
_PLACEHOLDER = {SPLIT: "例如 活動課、輔導課", RENAME: "例如 推廣課"}


class PartsEdit(QLineEdit):
    """The row's box (new name, or the names to split into): Enter applies it (not the dialog's 匯入 button)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Apply on Enter, keep the key from the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editingFinished.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def method_uses(result: ImportResult) -> dict[str, int]:
    """Return how many methods name each unit."""
    uses: dict[str, int] = {}
    for item in result.data.get("items", []):
        for focus in item.get("focuses", []):
            for method in focus.get("methods", []):
                for name in method.get("units", []):
                    uses[name] = uses.get(name, 0) + 1
    return uses


class UnitPanel(QWidget):
    """The unit corrections table; `changed` carries the UnitFixes chosen."""

    changed = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_units")
        self.ws = ws
        self.fixes = UnitFixes()
        self.names: list[str] = []
        self.combos: dict[str, QComboBox] = {}
        self.edits: dict[str, PartsEdit] = {}
        self._filling = False
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("import_unit_map")
        self.table.setHorizontalHeaderLabels(["檔案中的單位", "方法數", "匯入為", "新名稱／拆成"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves between the row's combo and box, not cell by cell
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(USES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PARTS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PARTS, max(130, self.fontMetrics().horizontalAdvance("新名稱／拆成") + 24))
        column.addWidget(self.table, 1)
        self.note = QLabel(self)
        self.note.setObjectName("import_unit_note")
        self.note.setWordWrap(True)
        column.addWidget(self.note)

    def show_units(self, read: ImportResult, fixes: UnitFixes) -> None:
        """List the unit names of the file as read, each with its correction."""
        self._filling = True
        try:
            self.fixes = fixes
            self.names = list(read.unit_names)
            uses = method_uses(read)
            active = [u.name for u in self.ws.units()]
            self.table.setRowCount(len(self.names))
            self.combos, self.edits = {}, {}
            for row, name in enumerate(self.names):
                self.table.setItem(row, NAME, QTableWidgetItem(name))
                count = QTableWidgetItem(str(uses.get(name, 0)))
                count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, USES, count)
                combo = self._combo(row, name, active)
                holder = QWidget(self.table)  # the view shows its cell widgets: the box hides inside this one
                box = QHBoxLayout(holder)
                box.setContentsMargins(0, 0, 0, 0)
                edit = PartsEdit(holder)
                box.addWidget(edit)
                edit.setObjectName(f"import_unit_parts_{row}")
                edit.setAccessibleName(f"「{name}」的新名稱或拆成的單位")
                edit.editingFinished.connect(lambda n=name: self._parts_done(n))
                self.table.setCellWidget(row, TARGET, combo)
                self.table.setCellWidget(row, PARTS, holder)
                self.combos[name], self.edits[name] = combo, edit
                self._show_action(name)
            self.table.resizeRowsToContents()
        finally:
            self._filling = False
        self._show_note()

    def _combo(self, row: int, name: str, active: list[str]) -> QComboBox:
        combo = QComboBox(self.table)
        combo.setObjectName(f"import_unit_map_{row}")
        combo.setAccessibleName(f"「{name}」匯入為")
        if name == ALL_UNITS:
            keep = KEEP_ALL
        else:
            keep = KEEP_OLD if self.ws.unit_by_name(name) is not None else KEEP_NEW
        combo.addItem(keep, (KEEP, ""))
        for unit in active:
            if unit != name:
                combo.addItem(f"對應到「{unit}」", (MAP, unit))
        for other in self.names:
            if other != name and other not in active and other != ALL_UNITS:
                combo.addItem(f"併入檔案中的「{other}」", (MAP, other))
        bare = strip_role(name)
        if bare != name:
            combo.addItem(f"去掉職責：「{bare}」", (STRIP, bare))
        if name != ALL_UNITS:
            combo.addItem(RENAME_TEXT, (RENAME, ""))
        combo.addItem(SPLIT_TEXT, (SPLIT, ""))
        combo.addItem(DROP_TEXT, (DROP, ""))
        combo.currentIndexChanged.connect(lambda _i, n=name: self._combo_changed(n))
        return combo

    def _show_action(self, name: str) -> None:
        """Set a row's combo and box to the name's correction."""
        action, given = self.fixes.action(name)
        combo, edit = self.combos[name], self.edits[name]
        index = -1
        for i in range(combo.count()):
            kind, target = combo.itemData(i)
            if kind == action and (kind != MAP or (given and target == given[0])):
                index = i
                break
        if index < 0 and action == MAP:  # a name of neither the workspace nor the file: typed as a new name
            action, index = RENAME, combo.findData((RENAME, ""))
        combo.setCurrentIndex(max(index, 0))
        edit.setText("、".join(given) if action in (SPLIT, RENAME) else "")
        self._enable_parts(edit, action)

    @staticmethod
    def _enable_parts(edit: QLineEdit, kind: str) -> None:
        on = kind in _PLACEHOLDER
        edit.setEnabled(on)
        edit.setVisible(on)  # an empty box beside every row reads as something to fill in
        edit.setPlaceholderText(_PLACEHOLDER.get(kind, ""))

    # ------------------------------------------------------------ choices

    def _combo_changed(self, name: str) -> None:
        if self._filling:
            return
        kind, target = self.combos[name].currentData()
        edit = self.edits[name]
        self._enable_parts(edit, kind)
        if kind in _PLACEHOLDER:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            if not edit.text().strip():  # the names come when typed; until then the name is kept as it is
                if self.fixes.action(name)[0] != KEEP:
                    self._set(name, KEEP, ())
                return
            self._parts_done(name)
            return
        edit.clear()
        self._set(name, kind, (target,) if target else ())

    def _parts_done(self, name: str) -> None:
        kind = self.combos[name].currentData()[0]
        if self._filling or kind not in _PLACEHOLDER:
            return
        seps = UNIT_SEPARATORS + " 　"
        text = self.edits[name].text()
        for sep in seps:
            text = text.replace(sep, "\n")
        parts = tuple(p.strip() for p in text.split("\n") if p.strip())
        if kind == SPLIT:
            self._set(name, SPLIT, parts)
        elif len(parts) > 1:
            self._refuse(f"「{name}」的新名稱只能是一個單位；要分給幾個單位，請選「{SPLIT_TEXT}」。")
        elif parts:
            self._set(name, KEEP if parts[0] == name else MAP, () if parts[0] == name else parts)

    def _set(self, name: str, kind: str, names: tuple[str, ...]) -> None:
        try:
            fixes = self.fixes.with_action(name, kind, names)
        except BadInput as exc:
            self._refuse(str(exc))
            return
        if fixes == self.fixes:
            self._show_note()  # the box left with what it applied already (focus moving to 匯入): no new read
            return
        self.fixes = fixes
        self._show_note()
        self.changed.emit(fixes)

    def _refuse(self, message: str) -> None:
        """Say in the note why a correction was not taken (the corrections stay as they were)."""
        self.note.setText(message)
        self.note.setStyleSheet(f"color: {ERROR_COLOR};")

    def set_action(self, name: str, kind: str, names: tuple[str, ...] = ()) -> None:
        """Choose a name's correction from code (tests, the remembered ones)."""
        self._set(name, kind, names)
        self._filling = True
        try:
            self._show_action(name)
        finally:
            self._filling = False

    def _show_note(self) -> None:
        """Say which names become new units and which corrections were remembered."""
        fixed: list[str] = []
        for name in self.names:
            for target in self.fixes.fixed(name):
                if target not in fixed:
                    fixed.append(target)
        added = [n for n in fixed if self.ws.unit_by_name(n) is None and n != ALL_UNITS]
        lines = [f"將新增 {len(added)} 個單位：{'、'.join(added)}。" if added else "不新增單位。"]
        if ALL_UNITS in fixed:
            lines.append(f"「{ALL_UNITS}」表示所有單位：照原樣保留，列印為「{ALL_UNITS}」，填報表會發給每個單位。")
        lines.append("這些修正會記在工作區，下次匯入時自動套用。")
        self.note.setText("\n".join(lines))
        self.note.setStyleSheet("")

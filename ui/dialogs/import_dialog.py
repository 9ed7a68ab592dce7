"""The 匯入計畫檔 dialog: a .docx/.xlsx read by a worker (import_worker.py), its preview, units mapped, year, import.

Nothing is written before 匯入 is clicked; the import is one undoable edit (planner.importers.apply_import).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.importers import ImportResult, apply_import, unknown_units
from planner.model import Plan
from planner.units import ALL_UNITS
from planner.workspace import Workspace
from ui.common import locations
from ui.common.texts import first_line
from ui.dialogs import blocking
from ui.dialogs.import_preview import (
    COLUMNS,
    MONTHS_COLUMN,
    NOTE_COLUMN,
    UNITS_COLUMN,
    PreviewModel,
    PreviewRow,
    counts_text,
)
from ui.dialogs.import_worker import ReadSignals, ReadTask
from ui.widgets.year_box import this_roc_year, year_box

log = logging.getLogger(__name__)

NEW_UNIT = "新增為新單位"
ERROR_COLOR = "#b00020"
NOTE_COLOR = "#6b6b6b"
EXPAND_ALL_ROWS = 400  # previews up to this many rows open fully; larger ones show 要項 and 重點
MIN_COLUMN, MAX_COLUMN = 80, 240  # preview columns other than 項目, in pixels


class ImportDialog(QDialog):
    """Reads a plan file, previews it and imports it into a workspace as a new year's plan."""

    def __init__(self, ws: Workspace, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle("匯入計畫檔")
        self.resize(1180, 720)
        self.ws = ws
        self.path: Path | None = None
        self.read_result: ImportResult | None = None
        self.error_text = ""
        self.plan: Plan | None = None
        self._token = 0
        self._reading = False
        self._combos: dict[str, QComboBox] = {}
        self._unit_notes: list[str] = []
        self.signals = ReadSignals()  # parentless: a worker may still emit after the dialog is gone
        self.signals.done.connect(self._read_done)
        self.signals.failed.connect(self._read_failed)
        self._build()
        self._show_state()
        if path is not None:
            self.load(path)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = QLabel(self)
        self.file_label.setObjectName("import_file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("選擇其他檔案…", self)
        self.choose_button.setObjectName("import_choose")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose)
        top.addWidget(QLabel("檔案：", self))
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        column.addLayout(top)

        self.busy = QProgressBar(self)
        self.busy.setObjectName("import_busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        column.addWidget(self.busy)
        self.message = QLabel(self)
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("import_splitter")
        column.addWidget(self.splitter, 1)

        preview_box = QGroupBox("內容預覽（唯讀；編號依位置）", self)
        preview_layout = QVBoxLayout(preview_box)
        self.tree = QTreeView(preview_box)
        self.tree.setObjectName("import_preview")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.preview = PreviewModel(parent=self.tree)
        self.tree.setModel(self.preview)
        preview_layout.addWidget(self.tree)
        self.counts = QLabel(preview_box)
        self.counts.setObjectName("import_counts")
        self.counts.setWordWrap(True)
        preview_layout.addWidget(self.counts)
        self.splitter.addWidget(preview_box)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)

        year_group = QGroupBox("匯入為", side)
        year_layout = QVBoxLayout(year_group)
        year_row = QHBoxLayout()
        self.year = year_box(year_group, "import_year", this_roc_year())
        self.year.valueChanged.connect(lambda _value: self._show_state())
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        year_layout.addLayout(year_row)
        self.year_note = QLabel(year_group)
        self.year_note.setObjectName("import_year_note")
        self.year_note.setWordWrap(True)
        year_layout.addWidget(self.year_note)
        side_layout.addWidget(year_group)

        self.side_layout = side_layout
        units_group = self.units_group = QGroupBox("單位對應（工作區沒有的單位）", side)
        units_layout = QVBoxLayout(units_group)
        self.unit_table = QTableWidget(0, 3, units_group)
        self.unit_table.setObjectName("import_unit_map")
        self.unit_table.setHorizontalHeaderLabels(["檔案中的單位", "方法數", "匯入為"])
        self.unit_table.verticalHeader().hide()
        self.unit_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.unit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.unit_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        units_layout.addWidget(self.unit_table)
        self.unit_note = QLabel(units_group)
        self.unit_note.setObjectName("import_unit_note")
        self.unit_note.setWordWrap(True)
        units_layout.addWidget(self.unit_note)
        side_layout.addWidget(units_group, 1)

        warnings_group = QGroupBox("注意事項", side)
        warnings_layout = QVBoxLayout(warnings_group)
        self.warnings = QListWidget(warnings_group)
        self.warnings.setObjectName("import_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setSpacing(2)
        self.warnings.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        warnings_layout.addWidget(self.warnings)
        side_layout.addWidget(warnings_group, 1)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([740, 400])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("匯入")
        self.import_button.setObjectName("import_ok")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        cancel.setObjectName("import_cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

    # ------------------------------------------------------------ reading

    @property
    def reading(self) -> bool:
        """Return whether a file is being read."""
        return self._reading

    def choose(self) -> None:
        """Ask for another file and read it."""
        start = str(self.path.parent) if self.path is not None else locations.documents_dir()
        path = blocking.choose_plan_file(self, start)
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        """Start reading a file in a worker thread; the preview fills in when it is read."""
        self._token += 1
        self.path = Path(path)
        self.read_result = None
        self.error_text = ""
        self._reading = True
        self._clear()
        self.message.setText(f"正在讀取「{self.path.name}」…")
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._show_state()
        log.info("reading plan file %s", self.path)
        QThreadPool.globalInstance().start(ReadTask(self._token, self.path, self.signals))

    def _read_done(self, token: int, result: ImportResult, rows: list[PreviewRow]) -> None:
        if token != self._token:
            return
        self._reading = False
        self.unsetCursor()
        self.read_result = result
        self._fill(result, rows)
        self._show_state()

    def _read_failed(self, token: int, message: str) -> None:
        if token != self._token:
            return
        self._reading = False
        self.unsetCursor()
        self.error_text = message
        log.info("cannot import %s: %s", self.path, message)
        self._show_state()

    # ------------------------------------------------------------ showing the file

    def _set_preview(self, model: PreviewModel) -> None:
        old = self.preview
        self.preview = model
        self.tree.setModel(model)
        old.deleteLater()

    def _clear(self) -> None:
        self._set_preview(PreviewModel(parent=self.tree))
        self._combos = {}
        self.unit_table.setRowCount(0)
        self.warnings.clear()
        self.counts.clear()
        self._unit_notes = []
        self.unit_note.clear()

    def _fill(self, result: ImportResult, rows: list[PreviewRow]) -> None:
        self._set_preview(PreviewModel(rows, self.tree))
        if len(rows) - 1 <= EXPAND_ALL_ROWS:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self.counts.setText(counts_text(result))

        self.warnings.clear()
        if result.warnings:
            for text in result.warnings:
                self.warnings.addItem(QListWidgetItem(f"• {text}"))
        else:
            item = QListWidgetItem("沒有需要注意的地方：所有內容都已辨識。")
            item.setForeground(QBrush(QColor(NOTE_COLOR)))
            self.warnings.addItem(item)

        self._fill_units(result)
        file_year = result.data.get("year")
        years = self.ws.years()
        self.year.blockSignals(True)
        self.year.setValue(file_year if file_year else (max(years) + 1 if years else this_roc_year()))
        self.year.blockSignals(False)
        self._update_units_column()

    def _size_columns(self) -> None:
        """Show only the columns the file fills; fit units and months to their text, 項目 takes the rest."""
        model = self.preview
        texts = {
            UNITS_COLUMN: {model.units_text(r) for r in model.rows if r.units},
            MONTHS_COLUMN: {r.months for r in model.rows if r.months},
            NOTE_COLUMN: {first_line(r.note) for r in model.rows if r.note.strip()},
        }
        metrics = self.tree.fontMetrics()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized to every row's text (not only to the rows expanded now); together at most half the view.
        wanted = {
            col: min(max(metrics.horizontalAdvance(t) for t in [COLUMNS[col], *shown]) + 16, MAX_COLUMN)
            for col, shown in texts.items()
            if shown
        }
        room = max(self.tree.viewport().width(), 600) // 2
        scale = min(1.0, room / sum(wanted.values())) if wanted else 1.0
        for col, shown in texts.items():
            self.tree.setColumnHidden(col, not shown)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            if col in wanted:
                header.resizeSection(col, max(MIN_COLUMN, int(wanted[col] * scale)))

    def _fill_units(self, result: ImportResult) -> None:
        names = unknown_units(self.ws, result)
        uses: dict[str, int] = {}
        for item in result.data.get("items", []):
            for focus in item.get("focuses", []):
                for method in focus.get("methods", []):
                    for name in method.get("units", []):
                        uses[name] = uses.get(name, 0) + 1
        active = [u.name for u in self.ws.units()]
        self.unit_table.setRowCount(len(names))
        for row, name in enumerate(names):
            cell = QTableWidgetItem(name)
            self.unit_table.setItem(row, 0, cell)
            count = QTableWidgetItem(str(uses.get(name, 0)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.unit_table.setItem(row, 1, count)
            combo = QComboBox(self.unit_table)
            combo.setObjectName(f"import_unit_map_{row}")
            combo.addItem(NEW_UNIT, None)
            for unit in active:
                combo.addItem(f"對應到「{unit}」", unit)
            combo.currentIndexChanged.connect(lambda _i: self._update_units_column())
            self.unit_table.setCellWidget(row, 2, combo)
            self._combos[name] = combo
        self.unit_table.resizeRowsToContents()
        self.unit_table.setVisible(bool(names))
        self.side_layout.setStretchFactor(self.units_group, 1 if names else 0)  # no table: the note stays compact
        self._unit_notes = []
        if not names:
            self._unit_notes.append("檔案中的單位工作區都有，匯入時直接使用。")
        if ALL_UNITS in result.unit_names and self.ws.unit_by_name(ALL_UNITS) is None:
            self._unit_notes.append(
                f"「{ALL_UNITS}」表示所有單位：照原樣保留，列印為「{ALL_UNITS}」，填報表會發給每個單位。"
            )

    def unit_map(self) -> dict[str, str | None]:
        """Return the mapping chosen: file unit name → existing unit name, or None to add it as a new unit."""
        return {name: combo.currentData() for name, combo in self._combos.items()}

    def set_unit_target(self, name: str, target: str | None) -> None:
        """Choose what a file unit becomes (an existing unit name, or None: a new unit)."""
        combo = self._combos[name]
        combo.setCurrentIndex(combo.findData(target) if target is not None else 0)

    def _update_units_column(self) -> None:
        """Show every method's units as they will be imported (mapped names)."""
        mapping = self.unit_map()
        self.preview.set_unit_map(mapping)
        self._size_columns()
        added = [n for n, target in mapping.items() if target is None]
        notes = list(self._unit_notes)
        if mapping:
            notes.insert(0, f"將新增 {len(added)} 個單位：{'、'.join(added)}。" if added else "不新增單位。")
        self.unit_note.setText("\n".join(notes))
        self.unit_note.setVisible(bool(notes))

    # ------------------------------------------------------------ state

    def block_reason(self) -> str:
        """Return why 匯入 is not possible now ('' when it is)."""
        if self.ws.read_only:
            return "工作區以唯讀方式開啟，無法匯入。"
        if self._reading:
            return "正在讀取檔案…"
        if self.read_result is None:
            return self.error_text or "請選擇要匯入的檔案。"
        year = self.year.value()
        if self.ws.has_plan(year):
            return f"民國 {year} 年度已經有計畫，無法匯入到這個年度：請改選其他年度，或先刪除該年度的計畫。"
        return ""

    def _show_state(self) -> None:
        reason = self.block_reason()
        self.import_button.setEnabled(not reason)
        self.import_button.setToolTip(reason)
        self.busy.setVisible(self._reading)
        self.file_label.setText(str(self.path) if self.path is not None else "（尚未選擇）")
        has_result = self.read_result is not None
        self.splitter.setEnabled(has_result)
        self.year.setEnabled(has_result)
        if self._reading:
            self._set_message(f"正在讀取「{self.path.name if self.path else ''}」…", NOTE_COLOR)
        elif self.error_text:
            self._set_message(f"無法匯入這個檔案：{self.error_text}", ERROR_COLOR)
        elif self.read_result is not None:
            self._set_message(self._summary(self.read_result), "")
        else:
            self._set_message("請選擇要匯入的 Word (.docx) 或 Excel (.xlsx) 計畫檔。", NOTE_COLOR)
        if self.read_result is None:
            self.year_note.setText("")
            return
        year = self.year.value()
        file_year = self.read_result.data.get("year")
        if self.ws.has_plan(year):
            self.year_note.setText(reason)
            self.year_note.setStyleSheet(f"color: {ERROR_COLOR};")
        elif file_year is None:
            self.year_note.setText("檔案中沒有寫明年度，請確認要匯入的年度。")
            self.year_note.setStyleSheet(f"color: {ERROR_COLOR};")
        elif year != file_year:
            self.year_note.setText(f"檔案是 {file_year} 年度的計畫，將匯入為 {year} 年度（計畫名稱的年度一併更新）。")
            self.year_note.setStyleSheet("")
        else:
            self.year_note.setText(f"新增 {year} 年度的計畫；匯入後可用「復原」整個取消。")
            self.year_note.setStyleSheet("")

    def _set_message(self, text: str, color: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};" if color else "")

    def _summary(self, result: ImportResult) -> str:
        data = result.data
        kind = "Word 文件" if result.kind == "docx" else "Excel 活頁簿"
        title = "".join(x for x in (data.get("agency") or "", data.get("title") or "") if x) or "（沒有標題）"
        columns = "・".join(data.get("columns") or [])
        return f"{kind}：{title}　表格欄位：{columns or '（大綱，沒有表格）'}"

    # ------------------------------------------------------------ importing

    def accept(self) -> None:
        """Import (one undoable edit) and close; a refusal is shown in the dialog, which stays open."""
        if self.block_reason() or self.read_result is None:
            return
        year = self.year.value()
        try:
            self.plan = apply_import(self.ws, self.read_result, year, self.unit_map())
        except PlannerError as exc:
            self._set_message(f"無法匯入：{exc}", ERROR_COLOR)
            return
        log.info("imported %s as the %s plan", self.path, year)
        super().accept()

    def done(self, code: int) -> None:
        """Ignore a read still running once the dialog closes."""
        self._token += 1
        self._reading = False
        self.unsetCursor()
        super().done(code)

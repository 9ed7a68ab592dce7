"""The 匯入計畫檔 dialog: a plan file read by a worker (import_worker.py), corrected, previewed, imported.

The preview is the truth: it shows the tree exactly as it will be imported, with the warnings beside their
rows (errors first in the list below it; clicking one selects its row). The 結構 tab (import_structure.py)
corrects what the reader guessed — tables, column roles, header rows, outline levels — and re-reads the file
at once; the 單位 tab (import_units.py) maps, splits, strips or drops unit names, remembered in the workspace.
Nothing is written before 匯入 is clicked; the import is one undoable edit (planner.importers.apply_import).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.importers import ImportResult, apply_import
from planner.importers.options import ImportOptions, NoPlanContent
from planner.importers.unit_fixes import UnitFixes, corrected_names, remembered
from planner.model import Plan
from planner.workspace import Workspace
from ui.common import locations
from ui.common.screen_fit import fit_to_screen
from ui.common.texts import first_line
from ui.dialogs import blocking
from ui.dialogs.import_preview import (
    COLUMNS,
    ERROR_COLOR,
    MONTHS_COLUMN,
    NOTE_COLUMN,
    QUIET_COLOR,
    RENUMBERING,
    UNITS_COLUMN,
    WARN_COLOR,
    WARN_COLUMN,
    PreviewModel,
    PreviewRow,
    counts_text,
    resolved,
)
from ui.dialogs.import_structure import StructurePanel
from ui.dialogs.import_units import UnitPanel
from ui.dialogs.import_worker import ReadSignals, ReadTask
from ui.widgets.year_box import this_roc_year, year_box

log = logging.getLogger(__name__)

NOTE_COLOR = QUIET_COLOR
EXPAND_ALL_ROWS = 400  # previews up to this many rows open fully; larger ones show 要項 and 重點
MIN_COLUMN, MAX_COLUMN = 80, 240  # preview columns other than 項目, in pixels
PLACE = Qt.ItemDataRole.UserRole
KINDS = {"docx": "Word 文件", "xlsx": "Excel 活頁簿", "odt": "ODF 文字文件", "ods": "ODF 試算表", "pdf": "PDF 文件"}


class NotesList(QListWidget):
    """The warnings list: Enter goes to the row of the current warning (it does not press 匯入)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Activate the current warning on Enter and keep the key from the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.currentItem() is not None:
                self.itemActivated.emit(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)


class ImportDialog(QDialog):
    """Reads a plan file, lets the user correct and preview it, and imports it as a new year's plan."""

    def __init__(self, ws: Workspace, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle("匯入計畫檔")
        self.ws = ws
        self.path: Path | None = None
        self.read_result: ImportResult | None = None  # as read with self.options
        self.fixed_result: ImportResult | None = None  # … with the unit corrections applied: what is imported
        self.options = ImportOptions()
        self.fixes = UnitFixes()
        self.error_text = ""
        self.plan: Plan | None = None
        self.last_update_ms = 0.0  # from a correction to the preview shown
        self._started = 0.0
        self._token = 0
        self._reading = False
        self._year_set = False
        self._outline_only = False  # the last read found no plan, but an outline whose levels can be chosen
        self.signals = ReadSignals()  # parentless: a worker may still emit after the dialog is gone
        self.signals.done.connect(self._read_done)
        self.signals.failed.connect(self._read_failed)
        self._build()
        fit_to_screen(self, 1300, 740)
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
        self.choose_button = QPushButton("選擇其他檔案(&F)…", self)
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
        self.busy.setMaximumHeight(6)
        column.addWidget(self.busy)
        self.message = QLabel(self)
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("import_splitter")
        column.addWidget(self.splitter, 1)

        preview_box = QGroupBox("匯入後的內容（編號、單位都是匯入後的樣子）", self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(6, 6, 6, 6)
        left = self.left = QSplitter(Qt.Orientation.Vertical, preview_box)
        left.setObjectName("import_left")
        self.tree = QTreeView(left)
        self.tree.setObjectName("import_preview")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("匯入預覽")
        self.preview = PreviewModel(parent=self.tree)
        self.tree.setModel(self.preview)
        notes_box = QWidget(left)
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        self.warnings = NotesList(notes_box)
        self.warnings.setObjectName("import_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("注意事項")
        self.warnings.itemClicked.connect(self._go_to_note)
        self.warnings.itemActivated.connect(self._go_to_note)  # Enter (NotesList); a double click too
        notes_label = QLabel("注意事項(&W)（錯誤在前；點一下或按 Enter 選取該列）：", notes_box)
        notes_label.setBuddy(self.warnings)
        notes_layout.addWidget(notes_label)
        notes_layout.addWidget(self.warnings)
        left.addWidget(self.tree)
        left.addWidget(notes_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        preview_layout.addWidget(left, 1)
        self.counts = QLabel(preview_box)
        self.counts.setObjectName("import_counts")
        self.counts.setWordWrap(True)
        preview_layout.addWidget(self.counts)
        self.splitter.addWidget(preview_box)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        year_group = QGroupBox("匯入為", side)
        year_layout = QHBoxLayout(year_group)
        self.year = year_box(year_group, "import_year", this_roc_year())
        self.year.valueChanged.connect(lambda _value: self._show_state())
        year_label = QLabel("年度(&Y)：", year_group)
        year_label.setBuddy(self.year)
        year_layout.addWidget(year_label)
        year_layout.addWidget(self.year)
        self.year_note = QLabel(year_group)
        self.year_note.setObjectName("import_year_note")
        self.year_note.setWordWrap(True)
        year_layout.addWidget(self.year_note, 1)
        side_layout.addWidget(year_group)

        self.tabs = QTabWidget(side)
        self.tabs.setObjectName("import_tabs")
        self.structure = StructurePanel(self.tabs)
        self.structure.changed.connect(self._structure_changed)
        self.units = UnitPanel(self.ws, self.tabs)
        self.units.changed.connect(self._units_changed)
        self.unit_table = self.units.table
        self.unit_note = self.units.note
        self.tabs.addTab(self.units, "單位修正(&U)")
        self.tabs.addTab(self.structure, "表格與大綱(&T)")
        side_layout.addWidget(self.tabs, 1)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 500])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("匯入(&I)")
        self.import_button.setObjectName("import_ok")
        self.import_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        cancel.setObjectName("import_cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        for a, b in (
            (self.choose_button, self.tree),
            (self.tree, self.warnings),
            (self.warnings, self.year),
            (self.year, self.tabs),
        ):
            QWidget.setTabOrder(a, b)

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
        """Start reading a file in a worker thread with no corrections but the remembered unit ones."""
        self.path = Path(path)
        self.read_result = self.fixed_result = None
        self.options = ImportOptions()
        self.fixes = remembered(self.ws)
        self._year_set = False
        self._clear()
        log.info("reading plan file %s", self.path)
        self._start()

    def _start(self, reuse: ImportResult | None = None) -> None:
        """Read (or, with reuse, only re-correct) in the worker; the preview fills in when it is done."""
        assert self.path is not None
        self._token += 1
        self._reading = True
        self.error_text = ""
        self._started = time.perf_counter()
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._show_state()
        task = ReadTask(self._token, self.path, self.signals, self.options, self.fixes, reuse)
        QThreadPool.globalInstance().start(task)

    def _read_done(self, token: int, read: ImportResult, fixed: ImportResult, rows: list[PreviewRow]) -> None:
        if token != self._token:
            return
        self._reading = False
        self.unsetCursor()
        reread = read is not self.read_result
        self.read_result, self.fixed_result = read, fixed
        self._fill(fixed, rows)
        if reread:  # a unit correction keeps the panels (and the focus in them) as they are
            self.structure.show_result(read)
            self.units.show_units(read, self.fixes)
        self.last_update_ms = (time.perf_counter() - self._started) * 1000
        log.debug("import preview updated in %.0f ms", self.last_update_ms)
        self._show_state()

    def _read_failed(self, token: int, message: str, seen: NoPlanContent | None) -> None:
        if token != self._token:
            return
        self._outline_only = seen is not None and bool(seen.styles)
        if seen is not None and self._outline_only:  # an outline the reader could not place: offer its levels
            self.structure.show_outline_only(seen, self.options)
            self.tabs.setCurrentWidget(self.structure)
        self._reading = False
        self.unsetCursor()
        self.error_text = message
        self.read_result = self.fixed_result = None
        self._set_preview(PreviewModel(parent=self.tree))
        self.warnings.clear()
        log.info("cannot import %s: %s", self.path, message)
        self._show_state()

    def _structure_changed(self, options: object) -> None:
        """Re-read the file with the structure corrections chosen (a message: the choice cannot be used)."""
        if not isinstance(options, ImportOptions):
            self._set_message(str(options), ERROR_COLOR)
            return
        if options == self.options and self.read_result is not None:
            return
        self.options = options
        self._start()

    def _units_changed(self, fixes: UnitFixes) -> None:
        """Re-correct the units of the result read (no re-read)."""
        self.fixes = fixes
        if self.read_result is not None:
            self._start(self.read_result)

    # ------------------------------------------------------------ showing the file

    def _set_preview(self, model: PreviewModel) -> None:
        old = self.preview
        self.preview = model
        self.tree.setModel(model)
        old.deleteLater()

    def _clear(self) -> None:
        self._set_preview(PreviewModel(parent=self.tree))
        self.units.table.setRowCount(0)
        self.units.note.clear()
        self.warnings.clear()
        self.counts.clear()

    def _fill(self, result: ImportResult, rows: list[PreviewRow]) -> None:
        self._set_preview(PreviewModel(rows, self.tree))
        if len(rows) - 1 <= EXPAND_ALL_ROWS:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self.counts.setText(counts_text(result))
        self._fill_notes(result)
        self._size_columns()
        if not self._year_set:
            self._year_set = True
            file_year = result.data.get("year")
            years = self.ws.years()
            self.year.blockSignals(True)
            self.year.setValue(file_year if file_year else (max(years) + 1 if years else this_roc_year()))
            self.year.blockSignals(False)

    def _fill_notes(self, result: ImportResult) -> None:
        self.warnings.clear()
        notes = result.notes
        # The list is as tall as its notes need (at most a third of the column): the tree gets the rest.
        total = sum(self.left.sizes()) or 560
        line = self.warnings.fontMetrics().height() + 4
        wanted = min(total // 3, line * max(1, len(notes)) + 40)
        self.left.setSizes([total - wanted, wanted])
        if not notes:
            item = QListWidgetItem("沒有需要注意的地方：所有內容都已辨識。")
            item.setForeground(QBrush(QColor(NOTE_COLOR)))
            self.warnings.addItem(item)
            return
        corrected = corrected_names(self.read_result, self.fixes) if self.read_result is not None else set()
        done = [n for n in notes if resolved(n, corrected)]
        for note in [n for n in notes if n not in done] + done:
            if note in done:
                item = QListWidgetItem(f"✓ 已修正：{note.text}")
                item.setForeground(QBrush(QColor(NOTE_COLOR)))
            else:
                quiet = note.weight >= RENUMBERING  # only renumbered: no colour, a bullet
                item = QListWidgetItem(f"{'✖' if note.error else '•' if quiet else '⚠'} {note.text}")
                color = ERROR_COLOR if note.error else "" if quiet else WARN_COLOR
                if color:
                    item.setForeground(QBrush(QColor(color)))
            item.setData(PLACE, note.place)
            item.setToolTip("點一下選取這一列" if note.place is not None else "這則說明關於整份檔案")
            self.warnings.addItem(item)

    def _go_to_note(self, item: QListWidgetItem) -> None:
        """Select the preview row a warning is about."""
        place = item.data(PLACE)
        if place is None:
            return
        index = self.preview.index_of(tuple(place))
        if index.isValid():
            self.select_row(index)

    def select_row(self, index: QModelIndex) -> None:
        """Select and show one preview row."""
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

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
        warned = any(r.notes for r in model.rows)
        if warned:
            wanted[WARN_COLUMN] = MAX_COLUMN
        room = max(self.tree.viewport().width(), 600) * 3 // 5
        scale = min(1.0, room / sum(wanted.values())) if wanted else 1.0
        for col, shown in {**texts, WARN_COLUMN: warned}.items():
            self.tree.setColumnHidden(col, not shown)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            if col in wanted:
                header.resizeSection(col, max(MIN_COLUMN, int(wanted[col] * scale)))

    # ------------------------------------------------------------ state

    def block_reason(self) -> str:
        """Return why 匯入 is not possible now ('' when it is)."""
        if self.ws.read_only:
            return "工作區以唯讀方式開啟，無法匯入。"
        if self._reading:
            return "正在讀取檔案…"
        if self.fixed_result is None:
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
        has_result = self.fixed_result is not None
        self.tree.setEnabled(has_result)
        self.warnings.setEnabled(has_result)
        self.units.setEnabled(has_result)
        fixable = self.error_text != "" and (self._outline_only or not self.options.is_default())
        self.structure.setEnabled(has_result or fixable)
        self.year.setEnabled(has_result)
        if self._reading:
            self._set_message(f"正在讀取「{self.path.name if self.path else ''}」…", NOTE_COLOR)
        elif self.error_text:
            fix = "；請修改「表格與大綱」的設定，或按「全部改回程式判斷」。" if not self.options.is_default() else ""
            if self._outline_only:
                fix = "；若這是用編號寫成的計畫，請在「表格與大綱」選好各編號的層級，按「依這些層級讀取」。"
            self._set_message(f"無法匯入這個檔案：{self.error_text}{fix}", ERROR_COLOR)
        elif self.fixed_result is not None:
            self._set_message(self._summary(self.fixed_result), "")
        else:
            self._set_message("請選擇要匯入的計畫檔（Word、Excel、ODF 或 PDF）。", NOTE_COLOR)
        if self.fixed_result is None:
            self.year_note.setText("")
            return
        year = self.year.value()
        file_year = self.fixed_result.data.get("year")
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
        kind = KINDS.get(result.kind, "檔案")
        title = "".join(x for x in (data.get("agency") or "", data.get("title") or "") if x) or "（沒有標題）"
        columns = "・".join(data.get("columns") or [])
        fixed = "　已套用修正" if not self.options.is_default() else ""
        return f"{kind}：{title}　表格欄位：{columns or '（大綱，沒有表格）'}{fixed}"

    # ------------------------------------------------------------ importing

    def accept(self) -> None:
        """Import (one undoable edit, the unit corrections remembered) and close; a refusal keeps it open."""
        if self.block_reason() or self.read_result is None:
            return
        year = self.year.value()
        try:
            self.plan = apply_import(self.ws, self.read_result, year, fixes=self.fixes, remember=True)
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

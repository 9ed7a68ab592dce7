"""Export and print commands of the editor window: scope dialog, file names, Word, PDF, preview, printing."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.export.scope import Scope, scope_for
from planner.model import Plan
from planner.units import ALL_UNITS
from planner.workspace import Workspace
from ui import dialogs
from ui.render.layout import layout_plan, phased
from ui.render.pdf import export_pdf, print_document, setup_printer

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

STATUS_TIMEOUT = 6000
FOLDER_KEY = "export/folder"
FILTERS = {".docx": "Word 文件 (*.docx)", ".pdf": "PDF 文件 (*.pdf)", ".xlsx": "Excel 活頁簿 (*.xlsx)"}
WHOLE, UNIT, ITEM = "whole", "unit", "item"
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
TITLE_CHARS = 28


class ExportCancelled(Exception):
    """The user cancelled a long export or print."""


class Steps:
    """A progress callback shown in a progress dialog; a press on 取消 raises ExportCancelled."""

    def __init__(self, dialog: QProgressDialog | None) -> None:
        self.dialog = dialog

    def __call__(self, done: int, total: int) -> None:
        """Report progress as a share of the whole job."""
        if self.dialog is None:
            return
        if self.dialog.wasCanceled():
            raise ExportCancelled
        self.dialog.setValue(100 * done // total if total else 100)


class ScopeDialog(QDialog):
    """Asks which part of the plan to export or print: all of it, one unit's methods, or one 要項."""

    def __init__(self, ws: Workspace, plan: Plan, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_scope_dialog")
        self.setWindowTitle(title)
        self.ws, self.plan = ws, plan
        counts: dict[int, int] = {}
        for method in plan.methods():
            for unit_id in method.units:
                counts[unit_id] = counts.get(unit_id, 0) + 1
        self.units = [u for u in ws.units() if u.name != ALL_UNITS]
        labels = plan.numbering()
        self.items = [item for item in plan.items if item.numbered]

        self.whole = QRadioButton("整份計畫", self)
        self.whole.setObjectName("scope_whole")
        self.by_unit = QRadioButton("單一業務單位：", self)
        self.by_unit.setObjectName("scope_unit")
        self.by_item = QRadioButton("單一要項：", self)
        self.by_item.setObjectName("scope_item")
        self.group = QButtonGroup(self)
        for button in (self.whole, self.by_unit, self.by_item):
            self.group.addButton(button)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("scope_unit_combo")
        for unit in self.units:
            self.unit_combo.addItem(f"{unit.name}（{counts.get(unit.id, 0)} 個方法）", unit.name)
        self.item_combo = QComboBox(self)
        self.item_combo.setObjectName("scope_item_combo")
        for item in self.items:
            text = labels[item.id] + item.title.strip()
            self.item_combo.addItem(text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS] + "…", item.id)
        self.by_unit.setEnabled(bool(self.units))
        self.by_item.setEnabled(bool(self.items))
        self.whole.setChecked(True)
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.by_unit.setChecked(True))
        self.item_combo.currentIndexChanged.connect(lambda _i: self.by_item.setChecked(True))
        self.group.buttonToggled.connect(lambda *_: self._sync())

        grid = QGridLayout()
        grid.addWidget(self.whole, 0, 0, 1, 2)
        grid.addWidget(self.by_unit, 1, 0)
        grid.addWidget(self.unit_combo, 1, 1)
        grid.addWidget(self.by_item, 2, 0)
        grid.addWidget(self.item_combo, 2, 1)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("scope_buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("確定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(f"{plan.year} 年度計畫：要輸出哪些內容？", self))
        column.addLayout(grid)
        column.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        self.unit_combo.setEnabled(self.by_unit.isEnabled())
        self.item_combo.setEnabled(self.by_item.isEnabled())

    def choose(self, kind: str, index: int = 0) -> None:
        """Select a scope kind (whole, unit, item) and the index in its combo box."""
        if kind == UNIT:
            self.unit_combo.setCurrentIndex(index)
            self.by_unit.setChecked(True)
        elif kind == ITEM:
            self.item_combo.setCurrentIndex(index)
            self.by_item.setChecked(True)
        else:
            self.whole.setChecked(True)

    def kind(self) -> str:
        """Return the chosen kind of scope."""
        if self.by_unit.isChecked() and self.unit_combo.currentIndex() >= 0:
            return UNIT
        if self.by_item.isChecked() and self.item_combo.currentIndex() >= 0:
            return ITEM
        return WHOLE

    def scope(self) -> Scope:
        """Return the chosen scope (BadInput when the unit or 要項 no longer exists)."""
        kind = self.kind()
        if kind == UNIT:
            return scope_for(self.ws, self.plan, unit=self.unit_combo.currentData())
        if kind == ITEM:
            return scope_for(self.ws, self.plan, item=self.item_combo.currentIndex() + 1)
        return Scope()


# ---------------------------------------------------------------- blocking dialogs (tests replace these)


def ask_scope(parent: QWidget | None, ws: Workspace, plan: Plan, title: str) -> Scope | None:
    """Ask which part of the plan to output; None when cancelled."""
    dialog = ScopeDialog(ws, plan, title, parent)
    return dialog.scope() if dialogs.run(dialog) else None


def ask_save_path(parent: QWidget | None, title: str, start: str, suffix: str) -> Path | None:
    """Ask where to write an exported document; the suffix is added when missing."""
    name, _ = QFileDialog.getSaveFileName(parent, title, start, f"{FILTERS[suffix]};;所有檔案 (*)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_name(path.name + suffix)


def ask_print(parent: QWidget | None, printer: QPrinter) -> bool:
    """Show the print dialog; return whether to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print_dialog")
    dialog.setWindowTitle("列印")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_preview(parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], None]) -> None:
    """Show the print preview; the dialog calls paint(printer) whenever it needs the pages."""
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview_dialog")
    dialog.setWindowTitle("預覽列印")
    dialog.paintRequested.connect(paint)
    dialog.resize(1000, 800)
    dialog.exec()


# ---------------------------------------------------------------- names


def default_name(ws: Workspace, plan: Plan, scope: Scope, suffix: str) -> str:
    """Return a file name such as 「115年度提升服務工作計畫.docx」 or 「…（推廣課）.pdf」."""
    base = plan.title.strip() or f"{plan.year}年度提升服務工作計畫"
    if scope.unit_id is not None:
        base += f"（{ws.unit_names([scope.unit_id])[0]}）"
    if scope.item_index is not None:
        base += f"（要項{scope.item_index}）"
    base = _BAD_NAME.sub("_", base).strip(" .") or "計畫"
    return base + suffix


# ---------------------------------------------------------------- the commands


class ExportCommands:
    """The window's 匯出 Word…, 匯出 PDF…, 預覽列印… and 列印… commands."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def settings(self) -> QSettings:
        """Return the window's settings (last export folder)."""
        return self.window.settings

    def _target(self) -> tuple[Workspace, Plan] | None:
        window = self.window
        window.form.flush()
        if window.ws is None or window.plan is None:
            return None
        return window.ws, window.plan

    def _scope(self, ws: Workspace, plan: Plan, title: str) -> Scope | None:
        try:
            return ask_scope(self.window, ws, plan, title)
        except PlannerError as exc:
            dialogs.warn(self.window, "無法輸出", str(exc))
            return None

    def _folder(self, ws: Workspace) -> str:
        folder = self.settings.value(FOLDER_KEY)
        if isinstance(folder, str) and folder and Path(folder).is_dir():
            return folder
        return str(ws.path.parent)

    def _ask_path(self, ws: Workspace, plan: Plan, scope: Scope, suffix: str, title: str) -> Path | None:
        start = str(Path(self._folder(ws)) / default_name(ws, plan, scope, suffix))
        path = ask_save_path(self.window, title, start, suffix)
        if path is not None:
            self.settings.setValue(FOLDER_KEY, str(path.parent))
        return path

    @contextmanager
    def _busy(self, message: str, steps: bool = True) -> Iterator[Steps]:
        """Show a wait cursor and a status message; yield a progress callback (a cancel raises ExportCancelled)."""
        window = self.window
        window.statusBar().showMessage(message)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress = QProgressDialog(message, "取消", 0, 100, window) if steps else None
        if progress is not None:
            progress.setObjectName("export_progress")
            progress.setWindowTitle("請稍候")
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(700)
            progress.setAutoClose(False)
            progress.setAutoReset(False)
            progress.setValue(0)
        QApplication.processEvents()
        try:
            yield Steps(progress)
        finally:
            if progress is not None:
                progress.close()
                progress.deleteLater()
            QApplication.restoreOverrideCursor()
            window.statusBar().clearMessage()

    def _done(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_TIMEOUT)

    # ------------------------------------------------------------ files

    def export_word(self) -> Path | None:
        """Export the plan (or a part) as a Word document."""
        from planner.export.docx import export_docx

        return self._export(
            ".docx", "匯出 Word", lambda ws, plan, path, scope, _steps: export_docx(ws, plan, path, scope)
        )

    def export_excel(self) -> Path | None:
        """Export the plan (or a part) as an Excel workbook."""
        from planner.export.xlsx import export_xlsx

        return self._export(
            ".xlsx", "匯出 Excel", lambda ws, plan, path, scope, _steps: export_xlsx(ws, plan, path, scope)
        )

    def export_pdf(self) -> Path | None:
        """Export the plan (or a part) as a PDF with the printed layout."""
        return self._export(".pdf", "匯出 PDF", self._write_pdf)

    @staticmethod
    def _write_pdf(ws: Workspace, plan: Plan, path: Path, scope: Scope, steps: Steps) -> Path:
        return export_pdf(ws, plan, path, scope, progress=steps)

    def _export(self, suffix: str, title: str, write: Callable[..., Path]) -> Path | None:
        target = self._target()
        if target is None:
            return None
        ws, plan = target
        scope = self._scope(ws, plan, f"{title}：範圍")
        if scope is None:
            return None
        path = self._ask_path(ws, plan, scope, suffix, title)
        if path is None:
            return None
        try:
            with self._busy(f"正在{title}…", steps=suffix == ".pdf") as steps:
                written = write(ws, plan, path, scope, steps)
        except ExportCancelled:
            self._done("已取消匯出。")
            return None
        except PlannerError as exc:
            dialogs.warn(self.window, f"無法{title}", str(exc))
            return None
        log.info("exported %s", written)
        self._done(f"已匯出「{written.name}」。")
        return written

    # ------------------------------------------------------------ printing

    def _printer(self, ws: Workspace, plan: Plan) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer, default_name(ws, plan, Scope(), ""), plan.layout.landscape)
        return printer

    @staticmethod
    def _landscape(printer: QPrinter) -> bool:
        return printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape

    def print_plan(self) -> int:
        """Print the plan (or a part) after the print dialog; return the pages printed."""
        target = self._target()
        if target is None:
            return 0
        ws, plan = target
        scope = self._scope(ws, plan, "列印：範圍")
        if scope is None:
            return 0
        printer = self._printer(ws, plan)
        if not ask_print(self.window, printer):
            return 0
        try:
            with self._busy("正在列印…") as steps:
                landscape = self._landscape(printer)
                doc = layout_plan(ws, plan, scope, progress=phased(steps, 0.0, 0.6), landscape=landscape)
                pages = print_document(doc, printer, phased(steps, 0.6, 0.4))
        except ExportCancelled:
            self._done("已取消列印。")
            return 0
        except PlannerError as exc:
            dialogs.warn(self.window, "無法列印", str(exc))
            return 0
        self._done(f"已送出列印：{pages} 頁。")
        return pages

    def preview(self) -> None:
        """Show the print preview of the plan (or a part); printing from it prints the same pages."""
        target = self._target()
        if target is None:
            return
        ws, plan = target
        scope = self._scope(ws, plan, "預覽列印：範圍")
        if scope is None:
            return
        try:
            with self._busy("正在排版…", steps=False):
                docs = {plan.layout.landscape: layout_plan(ws, plan, scope)}
        except PlannerError as exc:
            dialogs.warn(self.window, "無法預覽", str(exc))
            return

        def paint(printer: QPrinter) -> None:
            """Draw the pages; a change of orientation in the preview lays the plan out again."""
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                landscape = self._landscape(printer)
                if landscape not in docs:
                    docs[landscape] = layout_plan(ws, plan, scope, landscape=landscape)
                print_document(docs[landscape], printer)
            except PlannerError as exc:
                log.warning("preview failed: %s", exc)
            finally:
                QApplication.restoreOverrideCursor()

        show_preview(self.window, self._printer(ws, plan), paint)

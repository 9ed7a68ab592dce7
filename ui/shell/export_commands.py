"""The 匯出 (Word, ODF, Excel, PDF), 預覽列印 and 列印 commands: file names, progress, documents, preview, printing."""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from planner.errors import PlannerError
from planner.model import Plan
from ui.common.window_api import WindowApi
from ui.dialogs import blocking
from ui.shell.open_offer import OpenOffer

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QProgressDialog

    from planner.export.scope import Scope
    from planner.workspace import Workspace
    from ui.dialogs.print_preview import PreviewDialog
    from ui.render.sheet import Sheets

log = logging.getLogger(__name__)

FOLDER_KEY = "export/folder"
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
# The documents planner/export writes: suffix -> (command title, module, function(ws, plan, path, scope)).
DOCUMENT_FORMATS = {
    ".docx": ("匯出 Word", "ui.render.breaks", "export_docx_paged"),  # page breaks from our layout
    ".odt": ("匯出 ODF 文字文件", "ui.render.breaks", "export_odt_paged"),
    ".xlsx": ("匯出 Excel", "planner.export.xlsx", "export_xlsx_paged"),
    ".ods": ("匯出 ODF 試算表", "planner.export.ods", "export_ods"),
}


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


# ---------------------------------------------------------------- names


def default_name(ws: Workspace, plan: Plan, scope: Scope, suffix: str) -> str:
    """Return a file name such as 「115年度提升服務工作計畫.docx」 or 「…（推廣課）.pdf」."""
    base = plan.title.strip() or f"{plan.year}年度提升服務工作計畫"
    if scope.unit_id is not None:
        base += f"（{ws.unit_names([scope.unit_id], plan.year)[0]}）"
    if scope.item_index is not None:
        base += f"（要項{scope.item_index}）"
    base = _BAD_NAME.sub("_", base).strip(" .") or "計畫"
    return base + suffix


# ---------------------------------------------------------------- the commands


class ExportCommands:
    """The window's 匯出 Word…, 匯出 PDF…, 預覽列印… and 列印… commands."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self._offer: OpenOffer | None = None

    def _offer_open(self, text: str, path: Path) -> None:
        """Show the export's message with 開啟檔案 / 開啟資料夾 beside it (in a main window)."""
        parent = self.window.dialog_parent()
        if not isinstance(parent, QMainWindow):
            self._done(text)
            return
        if self._offer is None:
            self._offer = OpenOffer(parent)
        self._offer.offer(text, path)

    @property
    def settings(self) -> QSettings:
        """Return the window's settings (last export folder)."""
        return self.window.settings

    def _target(self) -> tuple[Workspace, Plan] | None:
        window = self.window
        window.flush_edits()
        if window.ws is None or window.plan is None:
            return None
        return window.ws, window.plan

    def _scope(self, ws: Workspace, plan: Plan, title: str) -> Scope | None:
        try:
            from ui.dialogs.export import ask_scope

            return ask_scope(self.window.dialog_parent(), ws, plan, title)
        except PlannerError as exc:
            blocking.warn(self.window.dialog_parent(), "無法輸出", str(exc))
            return None

    def _folder(self, ws: Workspace) -> str:
        folder = self.settings.value(FOLDER_KEY)
        if isinstance(folder, str) and folder and Path(folder).is_dir():
            return folder
        return str(ws.path.parent)

    def _ask_path(self, ws: Workspace, plan: Plan, scope: Scope, suffix: str, title: str) -> Path | None:
        start = str(Path(self._folder(ws)) / default_name(ws, plan, scope, suffix))
        path = blocking.ask_save_path(self.window.dialog_parent(), title, start, suffix)
        if path is not None:
            self.settings.setValue(FOLDER_KEY, str(path.parent))
        return path

    @contextmanager
    def _busy(self, message: str, steps: bool = True) -> Iterator[Steps]:
        """Show a wait cursor and a status message; yield a progress callback (a cancel raises ExportCancelled)."""
        from PySide6.QtWidgets import QProgressDialog

        window = self.window
        window.show_status(message, 0)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress = QProgressDialog(message, "取消", 0, 100, window.dialog_parent()) if steps else None
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
            window.clear_status()

    def _done(self, text: str) -> None:
        self.window.show_status(text)

    # ------------------------------------------------------------ files

    def connect_documents(self, actions: dict[str, QAction]) -> None:
        """Make each document-export action write its format (suffix → action)."""
        for suffix, action in actions.items():
            action.triggered.connect(partial(self.export_document, suffix))

    def export_document(self, suffix: str) -> Path | None:
        """Export the plan (or a part) as a .docx, .odt, .xlsx or .ods document."""
        title, module, function = DOCUMENT_FORMATS[suffix]
        write = getattr(importlib.import_module(module), function)  # imported when first used (start-up time)
        return self._export(suffix, title, lambda ws, plan, path, scope, _steps: write(ws, plan, path, scope))

    def export_word(self) -> Path | None:
        """Export the plan (or a part) as a Word document."""
        return self.export_document(".docx")

    def export_pdf(self) -> Path | None:
        """Export the plan (or a part) as a PDF with the printed layout."""
        return self._export(".pdf", "匯出 PDF", self._write_pdf)

    @staticmethod
    def _write_pdf(ws: Workspace, plan: Plan, path: Path, scope: Scope, steps: Steps) -> Path:
        from ui.render.pdf import export_pdf  # the renderer loads with the first PDF, print or preview

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
            blocking.warn(self.window.dialog_parent(), f"無法{title}", str(exc))
            return None
        log.info("exported %s", written)
        self._offer_open(f"已匯出「{written.name}」。", written)
        return written

    # ------------------------------------------------------------ printing

    def _printer(self, ws: Workspace, plan: Plan) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        from planner.export.scope import Scope
        from ui.render.pdf import setup_printer

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
        return self._print(ws, plan, scope, self._printer(ws, plan), self.window.dialog_parent())

    def _print(
        self, ws: Workspace, plan: Plan, scope: Scope, printer: QPrinter, parent: QWidget, sheets: Sheets | None = None
    ) -> int:
        """Ask with the print dialog, then print (the given pages when the orientation is theirs); return the count."""
        if not blocking.ask_print(parent, printer):
            return 0
        from ui.render.boxes import phased
        from ui.render.layout import layout_sheets
        from ui.render.pdf import print_document

        try:
            with self._busy("正在列印…") as steps:
                landscape = self._landscape(printer)
                if sheets is None or sheets.landscape is not landscape:
                    sheets = layout_sheets(ws, plan, scope, progress=phased(steps, 0.0, 0.6), landscape=landscape)
                pages = print_document(sheets, printer, phased(steps, 0.6, 0.4))
        except ExportCancelled:
            self._done("已取消列印。")
            return 0
        except PlannerError as exc:
            blocking.warn(parent, "無法列印", str(exc))
            return 0
        self._done(f"已送出列印：{pages} 頁。")
        return pages

    def preview(self) -> None:
        """Show the print preview of the plan (or a part); 列印… there prints the same pages."""
        target = self._target()
        if target is None:
            return
        ws, plan = target
        scope = self._scope(ws, plan, "預覽列印：範圍")
        if scope is None:
            return
        from ui.dialogs.print_preview import PreviewDialog
        from ui.render.layout import layout_sheets
        from ui.render.pdf import setup_printer

        try:
            with self._busy("正在排版…", steps=False):
                sheets = layout_sheets(ws, plan, scope)
        except PlannerError as exc:
            blocking.warn(self.window.dialog_parent(), "無法預覽", str(exc))
            return
        printer = self._printer(ws, plan)

        def relayout(landscape: bool) -> Sheets:
            """Lay the plan out on pages of an orientation; the printer follows."""
            setup_printer(printer, printer.docName(), landscape)
            return layout_sheets(ws, plan, scope, landscape=landscape)

        def print_pages(dialog: PreviewDialog) -> bool:
            """Print from the preview; return whether pages were sent."""
            return self._print(ws, plan, scope, printer, dialog, dialog.sheets) > 0

        dialog = PreviewDialog(sheets, relayout, print_pages, self.window.dialog_parent())
        blocking.show_preview(dialog)
        dialog.deleteLater()  # its pages go with it

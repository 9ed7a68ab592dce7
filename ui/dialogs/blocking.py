"""Every blocking dialog the app shows, in one module (tests replace these functions).

No other module of ui/ may call QFileDialog, QPrintDialog, QPrintPreviewDialog, QMessageBox or
QInputDialog (tests/ui/test_ui_layout.py checks): our own dialog windows run through run(), the print
preview (ours, ui/dialogs/print_preview.py) through show_preview().
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from ui.common.screen_fit import fit_to_screen

if TYPE_CHECKING:  # Qt's print module loads with the first print command, not at start
    from PySide6.QtPrintSupport import QPrinter

FILE_FILTER = "計畫工作區 (*.planner);;所有檔案 (*)"
PLAN_FILE_FILTER = (
    "計畫檔 (*.docx *.xlsx *.odt *.ods *.pdf *.doc *.xls);;Word 文件 (*.docx *.doc);;Excel 活頁簿 (*.xlsx *.xls);;"
    "OpenDocument (*.odt *.ods);;PDF 文件 (*.pdf);;所有檔案 (*)"
)
EXPORT_FILTERS = {
    ".docx": "Word 文件 (*.docx)",
    ".odt": "ODF 文字文件 (*.odt)",
    ".xlsx": "Excel 活頁簿 (*.xlsx)",
    ".ods": "ODF 試算表 (*.ods)",
    ".pdf": "PDF 文件 (*.pdf)",
}
SUFFIX = ".planner"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("message_box")
    return box


def confirm(parent: QWidget | None, title: str, text: str, ok: str = "確定") -> bool:
    """Ask a yes/no question whose yes button says what will happen."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something they need to know before going on."""
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Show a warning (a refused edit, a file that cannot be used)."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("確定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Show an error, with technical details folded away."""
    box = _box(parent, QMessageBox.Icon.Critical, title, text)
    box.addButton("確定", QMessageBox.ButtonRole.AcceptRole)
    if details:
        box.setDetailedText(details)
    box.exec()


def ask_read_only(parent: QWidget | None, text: str) -> bool:
    """Offer to open a locked workspace read-only."""
    return confirm(parent, "工作區使用中", f"{text}\n\n要以唯讀方式開啟嗎？（可以檢視，但無法修改）", "唯讀開啟")


def ask_locked(parent: QWidget | None, text: str, can_take_over: bool) -> str | None:
    """Ask what to do with a locked workspace: "read_only", "take_over" (confirmed) or None."""
    if not can_take_over:
        return "read_only" if ask_read_only(parent, text) else None
    box = _box(parent, QMessageBox.Icon.Question, "工作區使用中", f"{text}\n\n以唯讀方式開啟可以檢視，但無法修改。")
    read_only = box.addButton("唯讀開啟", QMessageBox.ButtonRole.AcceptRole)
    take = box.addButton("接管…", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    if box.clickedButton() is read_only:
        return "read_only"
    if box.clickedButton() is take and confirm(
        parent,
        "接管工作區",
        "接管後由這裡編輯。如果另一邊其實還開著這個檔案並繼續修改，雙方的修改可能互相覆蓋。\n\n確定沒有人正在編輯嗎？",
        "接管",
    ):
        return "take_over"
    return None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Ask for one line of text; None when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def ask_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> int | None:
    """Ask to choose one of several items; return its index, None when cancelled."""
    value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return items.index(value) if ok and value in items else None


def open_file(parent: QWidget | None, start: str = "") -> Path | None:
    """Ask for a workspace file to open."""
    name, _ = QFileDialog.getOpenFileName(parent, "開啟工作區", start, FILE_FILTER)
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    """Ask where to write a workspace file (adds the .planner suffix)."""
    name, _ = QFileDialog.getSaveFileName(parent, title, start, FILE_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


def ask_save_path(parent: QWidget | None, title: str, start: str, suffix: str) -> Path | None:
    """Ask where to write an exported document; the suffix is added when missing."""
    name, _ = QFileDialog.getSaveFileName(parent, title, start, f"{EXPORT_FILTERS[suffix]};;所有檔案 (*)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_name(path.name + suffix)


def ask_print(parent: QWidget | None, printer: QPrinter) -> bool:
    """Show the print dialog; return whether to print."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print_dialog")
    dialog.setWindowTitle("列印")
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_preview(dialog: QDialog) -> None:
    """Show the print preview (ui/dialogs/print_preview.py) until it is closed or has printed."""
    fit_to_screen(dialog, 1000, 800)
    dialog.exec()


def ask_export_path(parent: QWidget | None, title: str, start: Path, kinds: list[tuple[str, str]]) -> Path | None:
    """Ask where to write an export; kinds are (filter name, suffix); the chosen kind's suffix is added if missing."""
    filters = ";;".join(f"{name} (*{suffix})" for name, suffix in kinds)
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    if not name:
        return None
    path = Path(name)
    suffixes = [suffix for _, suffix in kinds]
    if path.suffix.lower() in suffixes:
        return path
    suffix = next((sfx for kind, sfx in kinds if chosen.startswith(kind)), suffixes[0])
    return path.with_name(path.name + suffix)


def choose_plan_file(parent: QWidget | None, start: str = "") -> Path | None:
    """Ask for a .docx or .xlsx plan file to import; None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, "匯入計畫檔", start, PLAN_FILE_FILTER)
    return Path(name) if name else None


def ask_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """Ask for a folder (tests replace this function)."""
    name = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(name) if name else None


def ask_collect_paths(parent: QWidget | None, start: Path) -> list[Path] | None:
    """Ask for returned forms: some .xlsx files, or a whole folder (tests replace this function)."""
    choice = ask_item(parent, "回收填報表", "要回收哪些填報表？", ["選擇填報表檔案…", "選擇整個資料夾…"])
    if choice is None:
        return None
    if choice == 1:
        folder = ask_folder(parent, "回收填報表：選擇資料夾（其中所有 .xlsx）", start)
        return [folder] if folder else None
    names, _ = QFileDialog.getOpenFileNames(parent, "回收填報表", str(start), "Excel 填報表 (*.xlsx)")
    return [Path(n) for n in names] or None


def run(dialog: QDialog) -> bool:
    """Run a dialog of ours modally, sized to fit the screen; return whether it was accepted."""
    fit_to_screen(dialog)
    return dialog.exec() == QDialog.DialogCode.Accepted

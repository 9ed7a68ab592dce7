"""PySide6.QtPrintSupport for the frozen app: PyInstaller's own hook, less the Qt plugins we leave out."""

from freeze_config import filter_hook_files
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = filter_hook_files(binaries)
datas = filter_hook_files(datas)

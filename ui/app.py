"""Start the desktop app: arguments, Qt application, translations, logging, error dialog, first window."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from planner import __version__
from planner.errors import PlannerError
from ui.common import locations, qt_texts
from ui.common.app_icon import app_icon
from ui.common.first_paint import after_first_paint
from ui.common.texts import APP_TITLE
from ui.dialogs import blocking
from ui.editor import clipboard
from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "Planner"
APPLICATION = "planner"
# Traditional Chinese UI fonts by platform, first found wins (glyph shapes differ from SC/JP fallbacks).
CJK_FONTS = ("Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK TC", "Noto Sans TC")


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Parse our arguments; the rest go to Qt."""
    parser = argparse.ArgumentParser(prog="planner", description=f"{APP_TITLE}：撰寫與追蹤機關年度提升服務計畫。")
    parser.add_argument("path", nargs="?", help="要開啟的工作區檔案（.planner）")
    parser.add_argument("--demo", action="store_true", help="開啟示範工作區（不存在時先建立）")
    parser.add_argument("--version", action="store_true", help="顯示版本後結束")
    return parser.parse_known_args(argv)


def configure(app: QApplication) -> QTranslator | None:
    """Set names for QSettings, a Traditional Chinese font, and Qt's own texts in zh_TW."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("planner")  # matches packaging/planner.desktop (Wayland shows its icon)
    QLocale.setDefault(QLocale("zh_TW"))
    families = set(QFontDatabase.families())
    cjk = next((f for f in CJK_FONTS if f in families), None)
    if cjk is not None:
        font = QFont(app.font())
        font.setFamilies([app.font().family(), cjk])
        app.setFont(font)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_TW", folder):
        app.installTranslator(translator)
        qt_texts.install(app)  # the strings qtbase_zh_TW lacks (file dialog labels)
        return translator
    log.warning("qtbase_zh_TW.qm not found in %s", folder)
    return None


def setup_logging(folder: Path) -> Path:
    """Log to planner.log in the data folder (rotated) and to stderr."""
    from logging.handlers import RotatingFileHandler  # its socket and pickle imports are not needed earlier

    path = folder / "planner.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    root.addHandler(logging.StreamHandler())
    return path


class ErrorReporter:
    """sys.excepthook: log the traceback and show a Chinese error dialog (once at a time)."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.log_path = log_path
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """Report an uncaught exception."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("uncaught exception\n%s", details)
        if self._showing or QApplication.instance() is None:
            return
        if isinstance(error, PlannerError):
            text = str(error)
        else:
            text = "程式發生未預期的錯誤，剛才的動作可能沒有完成。\n\n已完成的修改都已存入工作區檔案。"
            if self.log_path is not None:
                text += f"\n詳細記錄：{self.log_path}"
        self._showing = True
        try:
            blocking.error(None, "程式錯誤", text, details)
        finally:
            self._showing = False


def open_first(window: MainWindow, args: argparse.Namespace) -> None:
    """Open what the command line asks for, else the last file, else show the start page."""
    if args.demo:
        window.files.open_demo()
    elif args.path:
        window.files.open_path(Path(args.path))
    elif (last := window.recent.last()) is not None:
        window.files.open_path(last)


def main(argv: list[str] | None = None) -> int:
    """Run the app; return its exit code."""
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.version:
        print(f"planner {__version__}")
        return 0
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    configure(app)
    log_path = setup_logging(locations.data_dir())
    sys.excepthook = ErrorReporter(log_path)
    app.aboutToQuit.connect(clipboard.release)
    window = MainWindow(QSettings())
    after_first_paint(window, lambda: open_first(window, args))  # the window paints first, then the file loads
    window.show()
    return app.exec()


def run() -> None:
    """Entry point of the `planner` gui script."""
    sys.exit(main())


if __name__ == "__main__":
    run()

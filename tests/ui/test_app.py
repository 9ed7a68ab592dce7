"""Start-up: arguments, translations, the demo, the last file, the error dialog."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from planner import __version__
from planner.errors import OperationRefused
from tests.ui.helpers import make_window, rows
from ui import app
from ui.common import locations
from ui.shell.main_window import MainWindow


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(locations, "data_dir", lambda: folder)
    return folder


def test_version_prints_without_a_display(capsys):
    assert app.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"planner {__version__}"


def test_arguments():
    args, rest = app.parse_args(["工作區.planner", "-platform", "offscreen"])
    assert args.path == "工作區.planner" and not args.demo and rest == ["-platform", "offscreen"]
    assert app.parse_args(["--demo"])[0].demo


def test_configure_names_and_chinese_qt_texts(qapp):
    translator = app.configure(qapp)
    try:
        assert translator is not None and not translator.isEmpty()
        assert QCoreApplication.organizationName() == "Planner"
        assert QCoreApplication.applicationName() == "planner"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        if translator is not None:
            qapp.removeTranslator(translator)


def test_demo_is_written_once_then_reopened(qtbot, settings, data_dir, dialog_log):
    window = make_window(qtbot, settings)
    args, _ = app.parse_args(["--demo"])
    app.open_first(window, args)
    demo = data_dir / "示範工作區.planner"
    assert window.ws.path == demo and window.plan.year == 115
    assert window.status_counts.text().startswith("要項 7　重點 23　方法 50")
    window.close()

    again = make_window(qtbot, settings)
    app.open_first(again, args)  # exists now: opened, not rewritten
    assert again.ws.path == demo and not again.ws.undo_text
    again.close()

    third = make_window(qtbot, settings)
    app.open_first(third, app.parse_args([])[0])  # no argument: the last file
    assert third.ws.path == demo.resolve() or third.ws.path == demo
    assert rows(third)[0] == "訂定「提升服務計畫」"


def test_start_page_without_a_file(qtbot, settings, data_dir, dialog_log):
    window = make_window(qtbot, settings)
    app.open_first(window, app.parse_args([])[0])
    assert window.ws is None and window.stack.currentWidget() is window.start
    assert window.start.buttons["start_new"].isVisible()
    assert not window.start.buttons["start_new_plan"].isVisible()
    window.start.buttons["start_demo"].click()
    assert window.plan is not None and window.plan.year == 115


def test_error_reporter_logs_and_shows_chinese(qapp, dialog_log, caplog, tmp_path):
    reporter = app.ErrorReporter(tmp_path / "planner.log")
    try:
        raise ValueError("boom")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            reporter(type(exc), exc, exc.__traceback__)
    assert "ValueError: boom" in caplog.text
    kind, text = dialog_log.calls[0]
    assert kind == "error" and text.startswith("程式發生未預期的錯誤") and "planner.log" in text
    refused = OperationRefused("方法一律編號。")
    reporter(OperationRefused, refused, None)
    assert dialog_log.calls[1] == ("error", "方法一律編號。")


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_main_runs_the_window(qtbot, monkeypatch, tmp_path, data_dir, dialog_log):
    at_exec: list[list[object]] = []
    monkeypatch.setattr(app, "QSettings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    monkeypatch.setattr(QApplication, "exec", lambda *args: at_exec.append([w.ws for w in main_windows()]) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        assert app.main(["--demo"]) == 0
        assert isinstance(sys.excepthook, app.ErrorReporter)
        assert (data_dir / "planner.log").exists()
    finally:
        for handler in root.handlers[len(handlers) :]:
            root.removeHandler(handler)
            handler.close()
    assert at_exec and at_exec[0][-1] is None  # the loop starts on the bare window: the demo opens after its paint
    windows = main_windows()
    qtbot.waitUntil(lambda: windows[-1].plan is not None)
    assert windows[-1].plan.year == 115
    for window in windows:
        window.close()
        window.deleteLater()


START_IMPORTS = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

app = QApplication(["planner", "-platform", "offscreen"])
from ui import app as planner_app
from ui.shell.main_window import MainWindow

window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
app.processEvents()
LATER = (
    "docx", "openpyxl", "icalendar",  # the export libraries
    "lxml", "rapidfuzz", "difflib",  # the importers, the comparison
    "peewee", "sqlite3", "planner.workspace", "planner.operations",  # the storage: with the first workspace
    "PySide6.QtPrintSupport",  # with the first print command
    "ui.calendar.calendar_page", "ui.compare.view", "ui.dialogs.import_dialog", "planner.importers",
)
print(" ".join(sorted(name for name in LATER if name in sys.modules)) or "none")
"""


def test_main_window_starts_without_the_export_libraries(tmp_path):
    """The export libraries, importers, comparison, calendar and storage load when needed, not at start."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", START_IMPORTS, str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "none"

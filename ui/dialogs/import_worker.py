"""Reading a plan file off the GUI thread: a QRunnable that answers through queued signals."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from planner.errors import PlannerError
from planner.importers import read_plan_file
from ui.dialogs.import_preview import preview_rows

log = logging.getLogger(__name__)


class ReadSignals(QObject):
    """Carries a worker's outcome to the GUI thread (queued: the object lives in the GUI thread)."""

    done = Signal(int, object, object)  # token, ImportResult, preview rows
    failed = Signal(int, str)  # token, Chinese message


class ReadTask(QRunnable):
    """Reads one file with read_plan_file (touches no workspace state, so it is safe off the GUI thread)."""

    def __init__(self, token: int, path: Path, signals: ReadSignals) -> None:
        super().__init__()
        self.token, self.path, self.signals = token, path, signals

    def run(self) -> None:
        """Read the file and report the result or the reason it cannot be used."""
        try:
            result = read_plan_file(self.path)
            rows = preview_rows(result)
        except PlannerError as exc:
            self.signals.failed.emit(self.token, str(exc))
        except Exception as exc:  # a worker must always answer; the log keeps the traceback
            log.exception("reading %s failed", self.path)
            self.signals.failed.emit(self.token, f"讀取檔案時發生未預期的錯誤，無法匯入：{exc}")
        else:
            self.signals.done.emit(self.token, result, rows)

"""Reading a plan file off the GUI thread: a QRunnable that answers through queued signals.

A task reads the file with the structure corrections (or reuses the result already read when only the unit
corrections changed), applies the unit corrections and builds the preview rows, so that the GUI thread only
swaps the model.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from planner.errors import PlannerError
from planner.importers import ImportResult, read_plan_file
from planner.importers.options import DEFAULT, ImportOptions, NoPlanContent
from planner.importers.unit_fixes import UnitFixes, corrected_names, fix_units
from ui.dialogs.import_preview import preview_rows

log = logging.getLogger(__name__)


class ReadSignals(QObject):
    """Carries a worker's outcome to the GUI thread (queued: the object lives in the GUI thread)."""

    done = Signal(int, object, object, object)  # token, ImportResult as read, ImportResult fixed, preview rows
    failed = Signal(int, str, object)  # token, Chinese message, NoPlanContent (what an outline could be) or None


class ReadTask(QRunnable):
    """Reads one file with read_plan_file (touches no workspace state, so it is safe off the GUI thread)."""

    def __init__(
        self,
        token: int,
        path: Path,
        signals: ReadSignals,
        options: ImportOptions = DEFAULT,
        fixes: UnitFixes | None = None,
        read: ImportResult | None = None,
    ) -> None:
        super().__init__()
        self.token, self.path, self.signals = token, path, signals
        self.options, self.fixes, self.read = options, fixes or UnitFixes(), read

    def run(self) -> None:
        """Read the file (unless already read), correct its units and report the result or why it cannot be used."""
        started = time.perf_counter()
        try:
            result = self.read if self.read is not None else read_plan_file(self.path, self.options)
            fixed = fix_units(result, self.fixes)
            rows = preview_rows(fixed, corrected_names(result, self.fixes))
        except PlannerError as exc:
            self.signals.failed.emit(self.token, str(exc), exc if isinstance(exc, NoPlanContent) else None)
        except Exception as exc:  # a worker must always answer; the log keeps the traceback
            log.exception("reading %s failed", self.path)
            self.signals.failed.emit(self.token, f"讀取檔案時發生未預期的錯誤，無法匯入：{exc}", None)
        else:
            log.debug("preview of %s built in %.0f ms", self.path.name, (time.perf_counter() - started) * 1000)
            self.signals.done.emit(self.token, result, fixed, rows)

"""The recent workspace files and the last one opened, kept in QSettings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

RECENT_KEY, LAST_KEY = "recent_files", "last_file"
RECENT_MAX = 8


def _as_list(value: Any) -> list[str]:
    """Return a QSettings list value as a list (ini files give one item back as a plain string)."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class RecentFiles:
    """Newest first, at most RECENT_MAX, paths stored resolved."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def files(self) -> list[str]:
        """Return the recent files, newest first."""
        return _as_list(self.settings.value(RECENT_KEY))

    def last(self) -> Path | None:
        """Return the file opened last, if it still exists."""
        value = self.settings.value(LAST_KEY)
        return Path(value) if isinstance(value, str) and Path(value).exists() else None

    def remember(self, path: Path) -> None:
        """Put a file first in the list and make it the last one opened."""
        name = str(Path(path).resolve())
        files = [name] + [f for f in self.files() if f != name]
        self.settings.setValue(RECENT_KEY, files[:RECENT_MAX])
        self.settings.setValue(LAST_KEY, name)

    def forget(self, path: Path) -> None:
        """Drop a file from the list (it could not be opened)."""
        name = str(Path(path).resolve())
        self.settings.setValue(RECENT_KEY, [f for f in self.files() if f != name])

    def fill_menu(self, menu: QMenu, open_path: Callable[[Path], object]) -> None:
        """List the recent files in the 最近開啟的檔案 menu (&1 name …), each opening its file."""
        menu.clear()
        files = self.files()
        for i, name in enumerate(files, 1):
            action = QAction(f"&{i} {Path(name).name}", menu)
            action.setObjectName(f"action_recent_{i}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _checked=False, n=name: open_path(Path(n)))
            menu.addAction(action)
        menu.setEnabled(bool(files))

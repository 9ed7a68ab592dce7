"""The recent workspace files and the last one opened, kept in QSettings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

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

"""Where the app keeps its own files: the demo workspace and the log."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

DEMO_NAME = "示範工作區.planner"


def data_dir() -> Path:
    """Return (creating it) the user's data folder of the app (QStandardPaths AppDataLocation)."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def demo_path() -> Path:
    """Return where the demo workspace lives."""
    return data_dir() / DEMO_NAME


def documents_dir() -> str:
    """Return the user's documents folder (start of file dialogs)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

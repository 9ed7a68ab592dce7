"""Where the main window was: its geometry, docks and toolbars and the tree/form splitter, kept in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from ui.common.screen_fit import fit_to_screen

GEOMETRY, STATE, SPLITTER = "window/geometry", "window/state", "window/splitter"


def restore_window(window: QMainWindow, splitter: QSplitter, settings: QSettings) -> bool:
    """Put the window back as it was, fitted to this screen; return whether the dock layout was restored."""
    geometry = settings.value(GEOMETRY)
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
        fit_to_screen(window)  # saved on a larger screen
    state = settings.value(STATE)
    restored = isinstance(state, QByteArray) and window.restoreState(state)
    sizes = settings.value(SPLITTER)
    if isinstance(sizes, QByteArray):
        splitter.restoreState(sizes)
    return restored


def save_window(window: QMainWindow, splitter: QSplitter, settings: QSettings) -> None:
    """Remember the window's geometry, docks and splitter."""
    settings.setValue(GEOMETRY, window.saveGeometry())
    settings.setValue(STATE, window.saveState())
    settings.setValue(SPLITTER, splitter.saveState())
    settings.sync()

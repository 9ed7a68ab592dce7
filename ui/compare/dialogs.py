"""The compare view's file dialog (tests patch save_docx, as they patch ui.dialogs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def save_docx(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    """Ask where to write a Word file (adds .docx); None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, start, "Word 文件 (*.docx)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")

"""A plain text editor that commits when it loses focus (the detail form, sections, progress text)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit


class CommitTextEdit(QPlainTextEdit):
    """A plain text editor that reports editingFinished when it loses focus."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Report the end of an edit."""
        super().focusOutEvent(event)
        self.editingFinished.emit()

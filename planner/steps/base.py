"""The base of every primitive, reversible edit."""

from __future__ import annotations

from abc import ABC, abstractmethod

from planner.state import WorkspaceState


class Step(ABC):
    """A reversible primitive edit: writes the file, updates loaded objects, sends notices.

    A step captures on apply() whatever revert() needs, and keeps ids stable so that
    redo after undo recreates the very same rows.
    """

    @abstractmethod
    def apply(self, state: WorkspaceState) -> None:
        """Do the edit (again)."""

    @abstractmethod
    def revert(self, state: WorkspaceState) -> None:
        """Undo the edit."""

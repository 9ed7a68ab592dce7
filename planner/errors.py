"""Errors the library raises, each carrying a message fit to show the user."""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error with a user-facing Chinese message."""


class BadInput(PlannerError):
    """The user's input (a file, a year, a name) cannot be used; nothing was changed."""


class NotAWorkspace(BadInput):
    """The file is not a Planner workspace."""


class DamagedWorkspace(BadInput):
    """The workspace file is damaged or truncated."""


class TooNewWorkspace(BadInput):
    """The workspace was written by a newer version of the program."""


class WorkspaceLocked(PlannerError):
    """Another process holds the workspace."""

    def __init__(self, message: str, holder: dict) -> None:
        super().__init__(message)
        self.holder = holder


class ReadOnlyError(PlannerError):
    """An edit was attempted on a workspace opened read-only."""


class OperationRefused(PlannerError):
    """An edit breaks a rule of the plan (a level rule, a duplicate name …)."""

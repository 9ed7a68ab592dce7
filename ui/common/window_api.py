"""The one contract between the main window and the commands it runs (files, export, plans, tree edits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from planner.model import Node, Plan

if TYPE_CHECKING:
    from planner.workspace import Workspace

T = TypeVar("T")
STATUS_TIMEOUT = 6000  # ms a status bar message stays


class WindowApi(Protocol):
    """What a command may use of its window; MainWindow implements it, tests may fake it.

    Commands never reach into the window's widgets: they read the workspace, plan and
    selection here, run library calls through run_edit and report in the status bar.
    """

    ws: Workspace | None
    settings: QSettings

    @property
    def plan(self) -> Plan | None:
        """Return the plan shown."""

    def dialog_parent(self) -> QWidget:
        """Return the widget the command's dialogs belong to."""

    def flush_edits(self) -> None:
        """Commit text typed in a form but not yet left, before a command reads the plan."""

    def run_edit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a library call; show a refusal or an error and return None when it fails."""

    def show_status(self, text: str, timeout: int = STATUS_TIMEOUT) -> None:
        """Show a message in the status bar (timeout 0: until replaced or cleared)."""

    def clear_status(self) -> None:
        """Remove the status bar message."""

    def set_workspace(self, ws: Workspace | None) -> None:
        """Show another workspace (closing the one shown)."""

    def show_year(self, year: int | None) -> None:
        """Show the plan of a year."""

    def current_node(self) -> Node | None:
        """Return the node current in the tree."""

    def selected_nodes(self) -> list[Node]:
        """Return the nodes selected in the tree, in tree order."""

    def reveal_node(self, node_id: int) -> None:
        """Make a node current and visible (closing a filter that hides it)."""

    def focus_title(self) -> None:
        """Put the cursor in the title field of the current node."""

"""The Qt bridge over a workspace's change notices (before and after each change, end of each edit)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from planner.changes import (
    AFTER,
    HistoryChanged,
    NodeChanged,
    NodeMoved,
    NodesInserted,
    NodesRemoved,
    PlanChanged,
    PlansChanged,
)

if TYPE_CHECKING:
    from planner.workspace import Workspace


class WorkspaceSignals(QObject):
    """The one route from a workspace's change notices to the widgets.

    Nothing in ui/ subscribes to a workspace directly: a widget that follows one owns a
    WorkspaceSignals, attaches it to the workspace and connects to its signals:

    - changing(change) comes before the in-memory mutation (the tree model opens its
      beginInsertRows/beginRemoveRows/beginMoveRows/beginResetModel there),
    - changed(change) after it (a change is a planner.changes dataclass),
    - historyChanged() once at the end of every edit, undo and redo: views that only need
      to be current after an edit refresh there.

    While an edit runs, the bridge also notes which plans and which node it touched (for
    undo/redo to show them) and which years gained, lost or renumbered a plan.
    """

    changing = Signal(object)
    changed = Signal(object)
    historyChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ws: Workspace | None = None
        self.touched_plans: list[int] = []
        self.focus_node: int | None = None
        self.changed_nodes: list[int] = []  # the nodes whose fields changed, in order (NodeChanged)
        self.changed_years: list[int] = []

    def attach(self, ws: Workspace | None) -> None:
        """Follow another workspace (or none)."""
        if self._ws is not None:
            self._ws.unsubscribe(self._listen)
        self._ws = ws
        self.take_touched()
        self.take_changed_years()
        if ws is not None:
            ws.subscribe(self._listen)

    def take_touched(self) -> tuple[list[int], int | None]:
        """Return and forget (plan ids touched, last node touched) since the last call; changed_nodes too."""
        out = (self.touched_plans, self.focus_node)
        self.touched_plans, self.focus_node, self.changed_nodes = [], None, []
        return out

    def take_changed_years(self) -> list[int]:
        """Return and forget the years whose plan was added, removed or renumbered since the last call."""
        out, self.changed_years = self.changed_years, []
        return out

    def _touch(self, plan_id: int, node_id: int | None) -> None:
        if plan_id not in self.touched_plans:
            self.touched_plans.append(plan_id)
        if node_id is not None:
            self.focus_node = node_id

    def _listen(self, phase: str, change: object) -> None:
        if self._ws is None:
            return
        if phase != AFTER:
            self.changing.emit(change)
            return
        if isinstance(change, NodesInserted):
            siblings = self._ws.plan_by_id(change.plan_id).children_of(change.parent_id)
            self._touch(change.plan_id, siblings[change.index].id)
        elif isinstance(change, NodesRemoved):
            siblings = self._ws.plan_by_id(change.plan_id).children_of(change.parent_id)
            near = siblings[min(change.index, len(siblings) - 1)].id if siblings else change.parent_id
            self._touch(change.plan_id, near)
        elif isinstance(change, NodeMoved | NodeChanged):
            self._touch(change.plan_id, change.node_id)
            if isinstance(change, NodeChanged):
                self.changed_nodes.append(change.node_id)
        elif isinstance(change, PlanChanged):
            self._touch(change.plan_id, None)
        elif isinstance(change, PlansChanged):
            self.changed_years.append(change.year)
        self.changed.emit(change)
        if isinstance(change, HistoryChanged):
            self.historyChanged.emit()

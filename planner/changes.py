"""Change notices a workspace sends to its listeners before and after each edit.

A listener is called as listener(phase, change) with phase "before" or "after",
so a view model can bracket the change (Qt's begin…/end…Rows).
"""

from __future__ import annotations

from dataclasses import dataclass

BEFORE = "before"
AFTER = "after"


@dataclass(frozen=True)
class NodesInserted:
    """count nodes were inserted under parent_id starting at index."""

    plan_id: int
    parent_id: int | None
    index: int
    count: int = 1


@dataclass(frozen=True)
class NodesRemoved:
    """count nodes (with their subtrees) were removed under parent_id from index."""

    plan_id: int
    parent_id: int | None
    index: int
    count: int = 1


@dataclass(frozen=True)
class NodeMoved:
    """A node moved; dst_index is its final index among the new siblings."""

    plan_id: int
    node_id: int
    src_parent_id: int | None
    src_index: int
    dst_parent_id: int | None
    dst_index: int


@dataclass(frozen=True)
class NodeChanged:
    """Fields of a node changed (its level too, for indent and outdent)."""

    plan_id: int
    node_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PlanChanged:
    """The header, sections, layout or milestones of a plan changed."""

    plan_id: int
    part: str  # "header", "sections", "layout", "milestones"


@dataclass(frozen=True)
class ProgressChanged:
    """Progress records or period locks of a plan changed (node_id None: several)."""

    plan_id: int
    node_id: int | None = None


@dataclass(frozen=True)
class PlanReloaded:
    """A plan's tree was reloaded from the file: views must reset."""

    plan_id: int


@dataclass(frozen=True)
class PlansChanged:
    """A plan was added to or removed from the workspace."""

    year: int


@dataclass(frozen=True)
class UnitsChanged:
    """The workspace's units changed (added, renamed, merged, retired, reordered)."""


@dataclass(frozen=True)
class WorkspaceChanged:
    """A workspace setting (the agency name) changed."""

    key: str


@dataclass(frozen=True)
class HistoryChanged:
    """The undo/redo history changed."""

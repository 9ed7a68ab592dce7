"""The shown-structure half of the plan tree model: the find filter, lookups, and edits made while filtering.

PlanTreeModel (ui/editor/tree_model.py) derives from this class. Unfiltered, the plan's own children lists
are served. While the find bar filters, the shown tree (ui/editor/filter_model.py) is: a criteria change is
one walk and one layoutChanged whose persistent indexes follow their nodes (selection, current row and
expansion stay), and an edit is one walk and precise row moves, removals and insertions on that tree.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer, Signal

from planner.changes import NodeChanged, NodeMoved, NodesInserted, NodesRemoved
from planner.model import Node, Plan
from planner.numerals import METHOD
from ui.editor.filter_model import NodeFilter, ShownTree

log = logging.getLogger(__name__)

COL_TITLE, COL_UNITS, COL_MONTHS = range(3)
NO_NODES: tuple[Node, ...] = ()
# called unbound: through the instance PySide resolves the overload each time (2.2 µs instead of 0.5 µs a call)
_create_index = QAbstractItemModel.createIndex


class _Mismatch(Exception):
    """The shown structure and the plan disagree beyond what one edit explains."""


class ShownTreeModel(QAbstractItemModel):
    """Serves the plan's nodes, or the find filter's shown tree of them, with O(1) row lookups."""

    filterChanged = Signal()  # after a criteria change has been applied (layoutChanged)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._plan: Plan | None = None
        self._filter = NodeFilter()
        self._shown: ShownTree | None = None  # None: unfiltered, the plan's own lists are served
        self._rows: dict[int, int] = {}  # node id -> row in its shown sibling list (checked before use)
        self._pending = False  # edits made while filtering, not yet applied to the shown structure
        self._moves: list[int] = []
        self._renumber_keys: set[int | None] = set()
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._flush)

    def _rebuild(self) -> None:
        """Recompute the shown structure from scratch (inside a reset)."""
        self._filter.forget()
        self._shown = self._match_now()
        self._rows.clear()

    def _match_now(self) -> ShownTree | None:
        """Recompute the matches and return the shown tree (None: unfiltered); edits noted so far are in it."""
        self._pending, self._moves, self._renumber_keys = False, [], set()
        if self._plan is None or not self._filter.active:
            self._filter.matched = set()
            return None
        return self._filter.match_all(self._plan)

    # ------------------------------------------------------------ the find filter

    @property
    def filter_active(self) -> bool:
        """Return whether any find criterion is set."""
        return self._filter.active

    def set_criteria(self, text: str = "", unit_id: int | None = None, month: int | None = None) -> None:
        """Filter by words in title/body/note, by unit and by review month (None: any), as one layout change."""
        if not self._filter.set_criteria(text, unit_id, month):
            return
        fresh = self._match_now()
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        self._shown = fresh
        self._rows.clear()
        after = [self._index(index.internalId(), index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
        self.filterChanged.emit()

    def matches(self, node: Node) -> bool:
        """Return whether a node itself meets every criterion (True when none is set)."""
        if not self._filter.active:
            return True
        self._flush()
        return node.id in self._filter.matched

    def count_matches(self) -> int:
        """Return how many nodes match by themselves (0 when no criterion is set)."""
        if self._plan is None or not self._filter.active:
            return 0
        self._flush()
        return len(self._filter.matched)

    def shown_parents(self) -> list[QModelIndex]:
        """Return the indexes of the shown nodes that have shown children, parents first."""
        self._flush()
        plan = self._plan
        if plan is None:
            return []
        out: list[QModelIndex] = []

        def visit(kids: Sequence[Node]) -> None:
            for row, node in enumerate(kids):
                below = self._kids_of(node.id)
                if below:
                    out.append(_create_index(self, row, 0, node.id))
                    if below[0].level != METHOD:
                        visit(below)

        visit(self._kids_of(None))
        return out

    # ------------------------------------------------------------ lookups

    def index_for(self, node_id: int | None, column: int = 0) -> QModelIndex:
        """Return the index of a node id (invalid for None, an unknown id or a node the filter hides)."""
        self._flush()
        return self._index(node_id, column)

    def _index(self, node_id: int | None, column: int) -> QModelIndex:
        """Return the index of a node id in the structure served now (index_for without applying edits)."""
        plan = self._plan
        if node_id is None or plan is None:
            return QModelIndex()
        shown = self._shown
        if shown is None:
            node = plan.nodes.get(node_id)
            return QModelIndex() if node is None else _create_index(self, plan.index_of(node), column, node_id)
        if node_id not in shown.up:
            return QModelIndex()
        up = shown.up[node_id]
        row = self._row(node_id, shown.kids.get(None if up is None else up.id, NO_NODES))
        return _create_index(self, row, column, node_id) if row >= 0 else QModelIndex()

    def _row(self, node_id: int, kids: Sequence[Node]) -> int:
        """Return a node's row in a shown sibling list, O(1) amortised (-1 if it is not there)."""
        rows = self._rows
        row = rows.get(node_id, -1)
        if 0 <= row < len(kids) and kids[row].id == node_id:
            return row
        for at, kid in enumerate(kids):
            rows[kid.id] = at
        row = rows.get(node_id, -1)
        return row if 0 <= row < len(kids) and kids[row].id == node_id else -1

    def _kids_of(self, key: int | None) -> Sequence[Node]:
        """Return the shown children of a node id (None: the 要項)."""
        plan = self._plan
        if plan is None:
            return NO_NODES
        if self._shown is not None:
            return self._shown.kids.get(key, NO_NODES)
        if key is None:
            return plan.items
        node = plan.nodes.get(key)
        return node.children if node is not None else NO_NODES

    # ------------------------------------------------------------ edits while filtering

    def _changed_while_filtered(self, change: object) -> None:
        """Note an edit made while filtering; the shown structure follows at the end of the edit."""
        assert self._plan is not None
        plan = self._plan
        if isinstance(change, NodesInserted):
            self._filter.recheck(plan.children_of(change.parent_id)[change.index : change.index + change.count])
            self._renumber_keys.add(change.parent_id)
        elif isinstance(change, NodesRemoved):
            self._renumber_keys.add(change.parent_id)
        elif isinstance(change, NodeMoved):
            self._moves.append(change.node_id)
            self._renumber_keys.update((change.src_parent_id, change.dst_parent_id))
        elif isinstance(change, NodeChanged):
            node = plan.nodes.get(change.node_id)
            if node is None:
                return
            if "numbered" in change.fields:
                self._renumber_keys.add(node.parent.id if node.parent else None)
            first = self._index(node.id, 0)
            if first.isValid():
                self.dataChanged.emit(first, first.siblingAtColumn(COL_MONTHS), [])
            if not self._filter.recheck([node], deep=False):
                if not self._pending:
                    self._repaint_kept()
                return
        else:
            return
        self._pending = True
        self._later.start()

    def _flush(self) -> None:
        """Bring the shown structure in line with the plan after edits: moves, then removals and insertions."""
        if not self._pending:
            return
        self._pending = False
        self._later.stop()
        plan, shown = self._plan, self._shown
        if plan is None or shown is None:
            self._moves, self._renumber_keys = [], set()
            return
        self._filter.matched &= plan.nodes.keys()
        fresh = self._filter.shown(plan)
        try:
            for node_id in self._moves:
                self._apply_move(node_id, shown, fresh)
            self._prune(None, QModelIndex(), shown, fresh)
            self._graft(None, QModelIndex(), shown, fresh)
        except _Mismatch as exc:
            log.warning("filtered tree out of step (%s): resetting it", exc)
            self.beginResetModel()
            self._shown = fresh
            self._rows.clear()
            self.endResetModel()
        self._shown = fresh
        moved, self._moves = self._moves, []
        self._repaint_kept()
        for node_id in moved:
            node = plan.nodes.get(node_id)
            if node is not None:
                self._emit_subtree(node)

    def _apply_move(self, node_id: int, shown: ShownTree, fresh: ShownTree) -> None:
        """Move a node that shows before and after as one row move (selection and expansion go with it)."""
        if node_id not in shown.up or node_id not in fresh.up:
            return
        old_up, new_up = shown.up[node_id], fresh.up[node_id]
        src_key = None if old_up is None else old_up.id
        dst_key = None if new_up is None else new_up.id
        self._show_ancestors(dst_key, shown, fresh)  # a 重點 that appears with the move comes first, empty
        src = shown.kids[src_key]
        src_row = self._row(node_id, src)
        dst = shown.kids.setdefault(dst_key, [])
        dest_row = self._place_in(node_id, [n for n in dst if n.id != node_id], fresh.kids[dst_key])
        dest_child = dest_row + 1 if src_key == dst_key and dest_row >= src_row else dest_row
        src_parent, dst_parent = self._index(src_key, 0), self._index(dst_key, 0)
        if src_row < 0 or not self.beginMoveRows(src_parent, src_row, src_row, dst_parent, dest_child):
            return  # already in place
        node = src.pop(src_row)
        dst.insert(dest_row, node)
        shown.up[node_id] = new_up
        self.endMoveRows()

    @staticmethod
    def _place_in(node_id: int, have: list[Node], fresh: list[Node]) -> int:
        """Return where a node goes in a shown list so that the list keeps the fresh order."""
        place = {n.id: i for i, n in enumerate(fresh)}
        at = place[node_id]
        return next((i for i, n in enumerate(have) if place.get(n.id, -1) > at), len(have))

    def _show_ancestors(self, key: int | None, shown: ShownTree, fresh: ShownTree) -> None:
        """Insert a node that the fresh tree shows, and its missing ancestors, as rows without children."""
        if key is None or key in shown.up:
            return
        up = fresh.up[key]
        up_key = None if up is None else up.id
        self._show_ancestors(up_key, shown, fresh)
        siblings = shown.kids.setdefault(up_key, [])
        node = next(n for n in fresh.kids[up_key] if n.id == key)
        row = self._place_in(key, siblings, fresh.kids[up_key])
        self.beginInsertRows(self._index(up_key, 0), row, row)
        siblings.insert(row, node)
        shown.up[key] = up
        shown.kids[key] = []
        self.endInsertRows()

    def _prune(self, key: int | None, parent: QModelIndex, shown: ShownTree, fresh: ShownTree) -> None:
        """Remove, as runs of rows, the shown children of key that the fresh tree does not show there."""
        old = shown.kids.setdefault(key, [])
        new = fresh.kids.get(key, [])
        if old != new:
            keep = {n.id for n in new if fresh.up.get(n.id) is shown.up.get(n.id)}
            end = len(old)
            while end > 0:
                if old[end - 1].id in keep:
                    end -= 1
                    continue
                start = end - 1
                while start > 0 and old[start - 1].id not in keep:
                    start -= 1
                self.beginRemoveRows(parent, start, end - 1)
                del old[start:end]
                self.endRemoveRows()
                end = start
        for row, node in enumerate(old):
            if node.id in shown.kids:
                self._prune(node.id, _create_index(self, row, 0, node.id), shown, fresh)

    def _graft(self, key: int | None, parent: QModelIndex, shown: ShownTree, fresh: ShownTree) -> None:
        """Insert, as runs of rows, the fresh children of key that are not shown yet (after _prune)."""
        old = shown.kids.setdefault(key, [])
        new = fresh.kids.get(key, [])
        have = {n.id for n in old}
        if old != new:
            if [n for n in new if n.id in have] != old:
                raise _Mismatch(f"children of {key} reordered")
            at = 0
            while at < len(new):
                if at < len(old) and old[at] is new[at]:
                    at += 1
                    continue
                stop = at
                while stop < len(new) and new[stop].id not in have:
                    stop += 1
                if stop == at:
                    raise _Mismatch(f"children of {key} out of order")
                self.beginInsertRows(parent, at, stop - 1)
                old[at:at] = new[at:stop]
                for top in new[at:stop]:
                    for node_id in fresh.subtree_ids(top):
                        shown.up[node_id] = fresh.up[node_id]
                        if node_id in fresh.kids:
                            shown.kids[node_id] = list(fresh.kids[node_id])
                self.endInsertRows()
                at = stop
        for row, node in enumerate(old):
            if node.id in have and (node.id in shown.kids or node.id in fresh.kids):
                self._graft(node.id, _create_index(self, row, 0, node.id), shown, fresh)

    def _repaint_kept(self) -> None:
        """Repaint the shown children of the parents an edit touched (labels are positional)."""
        keys, self._renumber_keys = self._renumber_keys, set()
        for key in keys:
            if key is None or self._index(key, 0).isValid():
                self._repaint_rows(self._kids_of(key))

    # ------------------------------------------------------------ repaint helpers

    def _repaint_rows(self, kids: Sequence[Node], start: int = 0, column: int = COL_TITLE) -> None:
        """Repaint one column of a run of sibling rows, from start to the last."""
        if start < len(kids):
            first = _create_index(self, start, column, kids[start].id)
            last = _create_index(self, len(kids) - 1, column, kids[-1].id)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])

    def _emit_subtree(self, node: Node) -> None:
        """Repaint a node and its shown descendants (their labels change with their level)."""
        index = self._index(node.id, COL_TITLE)
        if not index.isValid():
            return
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole])
        for child in self._kids_of(node.id):
            self._emit_subtree(child)

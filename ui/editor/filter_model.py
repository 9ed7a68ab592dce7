"""The find filter's view of a plan: which nodes match, and the tree of the nodes shown.

The tree model serves this shown tree itself (no QSortFilterProxyModel in the chain): every shown node
keeps the list of its shown children, rebuilt by one walk of the plan per criteria change or edit. A node
shows when it matches every set criterion (text, unit, month), lies below a match, or has a match below.
Qt-free: the tree model (ui/editor/tree_model.py) turns changes of this structure into Qt's signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from planner.model import Node, Plan

log = logging.getLogger(__name__)


@dataclass
class ShownTree:
    """The nodes a filter shows: kids[parent id or None] = shown children, up[id] = shown parent."""

    kids: dict[int | None, list[Node]] = field(default_factory=dict)
    up: dict[int, Node | None] = field(default_factory=dict)

    def subtree_ids(self, node: Node) -> list[int]:
        """Return the ids of a shown node and its shown descendants."""
        out, stack = [], [node]
        while stack:
            top = stack.pop()
            out.append(top.id)
            stack.extend(self.kids.get(top.id, ()))
        return out


class NodeFilter:
    """The criteria (words in title/body/note, a unit, a review month) and the nodes that meet them."""

    def __init__(self) -> None:
        self.text = ""
        self.unit: int | None = None
        self.month: int | None = None
        self._words: list[str] = []
        self.matched: set[int] = set()
        # node id -> casefolded title, body and note: built by the first search for words, so that the next
        # keystrokes only look (a walk of 50,000 methods: 30 ms instead of 80 ms)
        self._hay: dict[int, str] = {}

    @property
    def active(self) -> bool:
        """Return whether any criterion is set."""
        return bool(self.text) or self.unit is not None or self.month is not None

    def set_criteria(self, text: str, unit: int | None, month: int | None) -> bool:
        """Take new criteria; return whether they differ from the current ones."""
        text = text.strip()
        if (text, unit, month) == (self.text, self.unit, self.month):
            return False
        self.text, self.unit, self.month = text, unit, month
        self._words = [word.casefold() for word in text.split()]
        if not self._words:
            self._hay.clear()  # ~20 MB at 50,000 methods: kept only while words are searched for
        return True

    def forget(self) -> None:
        """Drop the cached texts (another plan, or the plan reloaded)."""
        self._hay.clear()

    def node_matches(self, node: Node) -> bool:
        """Return whether a node itself meets every criterion (computed, not looked up)."""
        if self.unit is not None and self.unit not in node.units:
            return False
        if self.month is not None and self.month not in node.months:
            return False
        words = self._words
        if not words:
            return True
        hay = self._hay.get(node.id)
        if hay is None:
            hay = self._hay[node.id] = f"{node.title}\n{node.body}\n{node.note}".casefold()
        for word in words:
            if word not in hay:
                return False
        return True

    def recheck(self, nodes: list[Node], deep: bool = True) -> bool:
        """Recompute whether some nodes (deep: and their descendants) match; return whether any answer changed."""
        changed = False
        matched = self.matched
        for top in nodes:
            for node in top.walk() if deep else (top,):
                self._hay.pop(node.id, None)
                hit = self.node_matches(node)
                if hit != (node.id in matched):
                    changed = True
                    if hit:
                        matched.add(node.id)
                    else:
                        matched.discard(node.id)
        return changed

    def match_all(self, plan: Plan) -> ShownTree:
        """Recompute the matching ids and return the tree of shown nodes, in one walk of the plan."""
        self.matched = set()
        return self._walk(plan, self.node_matches)

    def shown(self, plan: Plan) -> ShownTree:
        """Return the tree of shown nodes from the matching ids already known, in one walk of the plan."""
        return self._walk(plan, None)

    def _walk(self, plan: Plan, compute: Callable[[Node], bool] | None) -> ShownTree:
        """Build the shown tree; compute: the match test to record in matched (None: look matched up)."""
        matched = self.matched
        tree = ShownTree()
        kids, up = tree.kids, tree.up

        def visit(nodes: list[Node], parent: Node | None, under: bool) -> list[Node]:
            shown: list[Node] = []
            for node in nodes:
                if compute is None:
                    hit = node.id in matched
                elif compute(node):
                    hit = True
                    matched.add(node.id)
                else:
                    hit = False
                if under:  # below a match: the whole subtree shows
                    shown.append(node)
                    up[node.id] = parent
                    if node.children:
                        kids[node.id] = visit(node.children, node, True)
                    continue
                below = visit(node.children, node, hit) if node.children else None
                if hit or below:
                    shown.append(node)
                    up[node.id] = parent
                    if below:
                        kids[node.id] = below
            return shown

        kids[None] = visit(plan.items, None, False)
        return tree

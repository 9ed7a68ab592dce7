"""Plain in-memory objects of a workspace: units, plans, sections and the content tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from planner.layouts import Layout, preset
from planner.numerals import FOCUS, ITEM, METHOD, level_label, level_numeral, section_label


@dataclass
class Unit:
    """An internal unit of the agency (課、室)."""

    id: int
    name: str
    position: int = 0
    retired: bool = False


@dataclass
class Section:
    """A numbered section of the plan document (壹、計畫依據 …)."""

    id: int
    heading: str
    text: str = ""
    numbered: bool = True


@dataclass
class Milestone:
    """A dated review event of the plan year."""

    id: int
    month: int
    title: str
    day: int | None = None
    unit_id: int | None = None


class _Shape:
    """Counts changes of the tree's shape a sibling list cannot show: a node's parent or numbered flag set."""

    epoch = 0


class _Tracked:
    """A Node field whose every assignment bumps _Shape.epoch (and so ages cached positions and numbers)."""

    def __init__(self, default: Any) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.__dict__[self.slot]

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.slot] = self.default if value is self else value
        _Shape.epoch += 1


@dataclass(eq=False)
class Node:
    """A node of the content tree: 要項 (1), 重點 (2) or 方法 (3)."""

    id: int
    level: int
    title: str = ""
    body: str = ""
    numbered: bool = field(default=_Tracked(True))  # type: ignore[assignment]
    note: str = ""
    units: list[int] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    merge_next: bool = False
    source_id: int | None = None
    parent: Node | None = field(default=_Tracked(None), repr=False)  # type: ignore[assignment]
    children: list[Node] = field(default_factory=list, repr=False)

    @property
    def is_method(self) -> bool:
        """Return whether the node is a 方法."""
        return self.level == METHOD

    def walk(self) -> Iterator[Node]:
        """Yield the node and all its descendants, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def methods(self) -> list[Node]:
        """Return the 方法 in this subtree, in order."""
        return [n for n in self.walk() if n.level == METHOD]

    def ancestors(self) -> list[Node]:
        """Return the ancestors, outermost first."""
        out: list[Node] = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


@dataclass(eq=False)
class Plan:
    """One yearly plan with its header, sections, table layout, milestones and tree."""

    id: int
    year: int
    title: str
    agency: str = ""
    issued: str = ""
    layout: Layout = field(default_factory=lambda: preset("kaohsiung"))
    sections: list[Section] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)
    nodes: dict[int, Node] = field(default_factory=dict, repr=False)
    source_plan_id: int | None = None
    # node id -> (index among siblings, number among numbered siblings), valid while the node still sits at
    # that index and no parent or numbered flag was set since (_Shape.epoch); rebuilt a sibling list at a time
    _places: dict[int, tuple[int, int]] = field(default_factory=dict, init=False, repr=False)
    _places_epoch: int = field(default=-1, init=False, repr=False)

    def siblings(self, node: Node) -> list[Node]:
        """Return the list holding a node and its siblings."""
        return node.parent.children if node.parent is not None else self.items

    def children_of(self, parent_id: int | None) -> list[Node]:
        """Return the children list of a node id, or the 要項 list for None."""
        return self.items if parent_id is None else self.nodes[parent_id].children

    def _place(self, node: Node) -> tuple[int, int]:
        """Return (index among siblings, numbered siblings up to it), O(1) amortised.

        A removal or insertion moves the later siblings, which the identity check sees; setting a parent
        (a move, a new node) or a numbered flag bumps the epoch, which drops every cached place.
        """
        if self._places_epoch != _Shape.epoch:
            self._places.clear()
            self._places_epoch = _Shape.epoch
        siblings = self.siblings(node)
        place = self._places.get(node.id)
        if place is not None and place[0] < len(siblings) and siblings[place[0]] is node:
            return place
        count = 0
        for index, sibling in enumerate(siblings):
            if sibling.numbered:
                count += 1
            self._places[sibling.id] = (index, count)
        place = self._places.get(node.id)
        if place is None or siblings[place[0]] is not node:
            raise ValueError("節點不在這份計畫中")
        return place

    def index_of(self, node: Node) -> int:
        """Return a node's position among its siblings."""
        return self._place(node)[0]

    def ordinal(self, node: Node) -> int | None:
        """Return a node's 1-based number among its numbered siblings, None if unnumbered."""
        if not node.numbered:
            return None
        return self._place(node)[1]

    def numeral(self, node: Node) -> str | None:
        """Return the bare numeral of a node ("一", "3"), None when unnumbered."""
        n = self.ordinal(node)
        return None if n is None else level_numeral(node.level, n)

    def label(self, node: Node) -> str:
        """Return the printed label of a node ("一、", "(二)", "3."), "" when unnumbered."""
        n = self.ordinal(node)
        return "" if n is None else level_label(node.level, n)

    def numbering(self) -> dict[int, str]:
        """Return the printed label of every node in one pass."""
        out: dict[int, str] = {}

        def visit(siblings: list[Node]) -> None:
            count = 0
            for node in siblings:
                if node.numbered:
                    count += 1
                    out[node.id] = level_label(node.level, count)
                else:
                    out[node.id] = ""
                visit(node.children)

        visit(self.items)
        return out

    def section_label(self, section: Section) -> str:
        """Return a section's label (壹、), "" when unnumbered."""
        if not section.numbered:
            return ""
        count = 0
        for other in self.sections:
            if other.numbered:
                count += 1
            if other is section:
                return section_label(count)
        raise ValueError("段落不在這份計畫中")

    def walk(self) -> Iterator[Node]:
        """Yield every node depth first in document order."""
        for item in self.items:
            yield from item.walk()

    def methods(self) -> list[Node]:
        """Return every 方法 in document order (a loop over the lists: the window asks after every edit)."""
        out: list[Node] = []

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                if node.level == METHOD:
                    out.append(node)
                if node.children:
                    visit(node.children)

        visit(self.items)
        return out

    def counts(self) -> dict[int, int]:
        """Return the number of nodes per level."""
        out = {ITEM: 0, FOCUS: 0, METHOD: 0}

        def visit(nodes: list[Node]) -> None:
            for node in nodes:
                out[node.level] += 1
                if node.children:
                    visit(node.children)

        visit(self.items)
        return out

    def find_milestone(self, milestone_id: int) -> Milestone:
        """Return a milestone by id."""
        for milestone in self.milestones:
            if milestone.id == milestone_id:
                return milestone
        raise KeyError(milestone_id)

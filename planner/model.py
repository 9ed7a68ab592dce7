"""Plain in-memory objects of a workspace: units, plans, sections and the content tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

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


@dataclass(eq=False)
class Node:
    """A node of the content tree: 要項 (1), 重點 (2) or 方法 (3)."""

    id: int
    level: int
    title: str = ""
    body: str = ""
    numbered: bool = True
    note: str = ""
    units: list[int] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    merge_next: bool = False
    source_id: int | None = None
    parent: Node | None = field(default=None, repr=False)
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

    def siblings(self, node: Node) -> list[Node]:
        """Return the list holding a node and its siblings."""
        return node.parent.children if node.parent is not None else self.items

    def children_of(self, parent_id: int | None) -> list[Node]:
        """Return the children list of a node id, or the 要項 list for None."""
        return self.items if parent_id is None else self.nodes[parent_id].children

    def index_of(self, node: Node) -> int:
        """Return a node's position among its siblings."""
        return self.siblings(node).index(node)

    def ordinal(self, node: Node) -> int | None:
        """Return a node's 1-based number among its numbered siblings, None if unnumbered."""
        if not node.numbered:
            return None
        count = 0
        for sibling in self.siblings(node):
            if sibling.numbered:
                count += 1
            if sibling is node:
                return count
        raise ValueError("節點不在這份計畫中")

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
        """Return every 方法 in document order."""
        return [n for n in self.walk() if n.level == METHOD]

    def counts(self) -> dict[int, int]:
        """Return the number of nodes per level."""
        out = {ITEM: 0, FOCUS: 0, METHOD: 0}
        for node in self.walk():
            out[node.level] += 1
        return out

    def find_milestone(self, milestone_id: int) -> Milestone:
        """Return a milestone by id."""
        for milestone in self.milestones:
            if milestone.id == milestone_id:
                return milestone
        raise KeyError(milestone_id)

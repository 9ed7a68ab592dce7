"""Short display texts shared by the tree, the form and the filter."""

from __future__ import annotations

from planner.model import Node
from planner.numerals import LEVEL_NAMES

ALL_UNITS_TEXT = "全部課室"


def first_line(text: str) -> str:
    """Return the first non-empty line of a text."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def node_headline(node: Node) -> str:
    """Return what names a node in one line: its title, else the start of its body."""
    return node.title.strip() or first_line(node.body)


def level_name(node: Node) -> str:
    """Return 要項, 重點 or 方法."""
    return LEVEL_NAMES[node.level]

"""Short display texts shared by the rooms: the app's name, node headlines and level names."""

from __future__ import annotations

from planner.model import Node
from planner.numerals import LEVEL_NAMES

APP_TITLE = "提升服務計畫編輯器"
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

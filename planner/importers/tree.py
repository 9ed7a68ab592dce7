"""Building the 要項→重點→方法 tree (shared by the importers) and reading it from numbered paragraphs.

- TreeBuilder assembles the show-json dicts and reports odd numbering;
- split_node_text() / split_method_text() / split_focus_cell() split a cell's text into title and body;
- build_from_outline() turns numbered paragraphs (plans with no table, seed 004) into the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from planner.importers.labels import (
    ARABIC,
    CN,
    FOCUS_KINDS,
    HIERARCHY,
    PAREN_ARABIC,
    PAREN_CN,
    Label,
    expected_label,
    is_sentence,
    lines_of,
    parse_label,
    read_label,
    short,
    split_lines,
    strip_colon,
)
from planner.numerals import FOCUS, ITEM, METHOD

# ---------------------------------------------------------------- the tree

Place = tuple[int, ...]  # a path into data["items"]: (item,), (item, focus) or (item, focus, method)


class Notes(list[str]):
    """Warnings that remember the node each one is about (its Place; None when it concerns no node)."""

    def __init__(self) -> None:
        super().__init__()
        self.places: dict[str, Place | None] = {}
        self.locate: Callable[[], Place | None] | None = None

    def append(self, text: str) -> None:
        """Add a warning about the node being built now."""
        super().append(text)
        if text not in self.places:
            self.places[text] = self.locate() if self.locate is not None else None

    def at(self, text: str, place: Place | None) -> None:
        """Add a warning about a given node."""
        super().append(text)
        self.places.setdefault(text, place)


@dataclass
class TreeBuilder:
    """Collect 要項/重點/方法 dicts in the show-json shape, remembering labels to check the numbering."""

    warnings: list[str]
    items: list[dict[str, Any]] = field(default_factory=list)
    item: dict[str, Any] | None = None
    focus: dict[str, Any] | None = None
    method: dict[str, Any] | None = None
    labels: dict[int, Label] = field(default_factory=dict)
    unit_names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Let a Notes list ask where the tree is when a warning is added."""
        if isinstance(self.warnings, Notes):
            self.warnings.locate = self.place

    def place(self) -> Place | None:
        """Return the path of the node being built (the last method, 重點 or 要項); None before the first."""
        if self.item is None:
            return None
        out = [len(self.items) - 1]
        if self.focus is not None:
            out.append(len(self.item["focuses"]) - 1)
            if self.method is not None:
                out.append(len(self.focus["methods"]) - 1)
        return tuple(out)

    def _warn_at(self, text: str, place: Place | None) -> None:
        if isinstance(self.warnings, Notes):
            self.warnings.at(text, place)
        else:
            self.warnings.append(text)

    def _node(self, title: str, body: str, label: Label | None) -> dict[str, Any]:
        node: dict[str, Any] = {"title": title, "body": body, "numbered": label is not None}
        if label is not None:
            self.labels[id(node)] = label
        return node

    def add_item(self, title: str, body: str = "", label: Label | None = None) -> dict[str, Any]:
        """Start a new 要項."""
        node = self._node(title, body, label)
        node["focuses"] = []
        self.items.append(node)
        self.item, self.focus, self.method = node, None, None
        return node

    def add_focus(
        self, title: str, body: str = "", label: Label | None = None, where: str = "", merge_next: bool = False
    ) -> dict[str, Any]:
        """Start a new 重點 (under an unnumbered blank 要項 when there is none yet)."""
        orphan = self.item is None
        if orphan:
            self.add_item("")
        assert self.item is not None
        node = self._node(title, body, label)
        node["merge_next"] = merge_next
        node["methods"] = []
        self.item["focuses"].append(node)
        self.focus, self.method = node, None
        if orphan:
            self.warnings.append(f"{where}重點「{short(title)}」之前沒有要項，已放在一個未編號的空白要項下。")
        return node

    def add_method(self, title: str, body: str = "", label: Label | None = None, where: str = "") -> dict[str, Any]:
        """Start a new 方法 (under an unnumbered blank 重點 when there is none)."""
        focus = self.focus
        orphan = focus is None
        if focus is None:
            focus = self.add_focus("", where=where)
        node: dict[str, Any] = {
            "title": title,
            "body": body,
            "numbered": label is not None,
            "units": [],
            "months": [],
            "note": "",
        }
        if label is not None:
            self.labels[id(node)] = label
        focus["methods"].append(node)
        self.method = node
        if orphan:
            what = short(title or body)
            self.warnings.append(f"{where}方法「{what}」之前沒有重點，已放在一個未編號的空白重點下。")
        return node

    def add_units(self, method: dict[str, Any], names: Iterable[str]) -> None:
        """Assign units to a method, remembering every name in order of first appearance."""
        for name in names:
            if name not in method["units"]:
                method["units"].append(name)
            if name not in self.unit_names:
                self.unit_names.append(name)

    def check_numbering(self) -> None:
        """Warn where a written number differs from the position (the app renumbers positionally)."""
        if isinstance(self.warnings, Notes):
            self.warnings.locate = None  # the tree is built: later warnings concern the file, not a node
        self._check_level(self.items, "focuses", "要項")

    def _check_level(
        self, siblings: list[dict[str, Any]], kid_key: str | None, level_name: str, up: Place = ()
    ) -> None:
        """check_numbering() of one level of siblings, then of their children (a method: no closure cycle)."""
        count = 0
        for position, node in enumerate(siblings):
            here = (*up, position)
            label = self.labels.get(id(node))
            if node.get("numbered"):
                count += 1
                if label is not None and label.number != count:
                    written = label.text
                    now = expected_label(label.kind, count) or str(count)
                    self._warn_at(
                        f"{level_name}「{short(node['title'] or node['body'])}」原編號為「{written}」，"
                        f"與所在位置不符，匯入後將依位置重新編為「{now}」。",
                        here,
                    )
            if kid_key:
                nxt = "methods" if kid_key == "focuses" else None
                self._check_level(node.get(kid_key, []), nxt, "方法" if kid_key == "methods" else "重點", here)


def split_node_text(text: str, kinds: tuple[str, ...]) -> tuple[str, str, Label | None]:
    """Split a 要項/重點 text: first line (label stripped) is the title, the rest the body."""
    lines = lines_of(text)
    if not lines:
        return "", "", None
    label = parse_label(lines[0])
    if label is not None and label.kind not in kinds and label.kind not in (CN, PAREN_CN):
        label = None
    title = label.rest if label is not None else lines[0]
    return title, "\n".join(lines[1:]), label


def split_method_text(text: str) -> tuple[str, str, Label | None]:
    """Split a 方法 text into title (first line, numbering stripped) and body (the rest).

    A first line that reads as a sentence (ends with 。 or is long) is body, with no title.
    """
    return method_parts(text)[:3]


def method_parts(text: str) -> tuple[str, str, Label | None, Label | None]:
    """Return split_method_text(text) and the label its first line starts with, of any kind (None if none)."""
    lines = split_lines(text) if text else ()
    if not lines:
        return "", "", None, None
    first_label = label = read_label(lines[0])
    if label is not None and label.kind not in (ARABIC, PAREN_ARABIC):
        label = None
    first = label.rest if label is not None else lines[0]
    rest = lines[1:]
    if not first:
        return (rest[0] if rest else ""), "\n".join(rest[1:]), label, first_label
    if is_sentence(first):
        return "", "\n".join((first, *rest)), label, first_label
    return first, "\n".join(rest), label, first_label


def split_focus_cell(text: str) -> list[tuple[str, str, Label | None]]:
    """Split a 重點 cell that may hold several 重點 sharing one set of methods (seed 003).

    A new 重點 starts at each line carrying the same kind of label as the first line, numbered in sequence.
    """
    lines = lines_of(text)
    if not lines:
        return []
    first = parse_label(lines[0])
    groups: list[list[str]] = [[lines[0]]]
    last = first.number if first is not None else 0
    for line in lines[1:]:
        label = parse_label(line)
        if first is not None and label is not None and label.kind == first.kind and label.number == last + 1:
            groups.append([line])
            last = label.number
        else:
            groups[-1].append(line)
    return [split_node_text("\n".join(g), FOCUS_KINDS) for g in groups]


# ---------------------------------------------------------------- outlines


def outline_levels(labels: list[Label | None]) -> dict[str, int]:
    """Map label kinds to tree levels: the first three kinds present, in the usual hierarchy."""
    present = {label.kind for label in labels if label is not None}
    kinds = [k for k in HIERARCHY if k in present]
    return {kind: level for level, kind in enumerate(kinds[:3], start=1)}


def outline_score(labels: list[Label | None], chosen: dict[str, int] | None = None) -> int:
    """Score how much a run of paragraphs looks like the content outline (needs levels 1 and 2).

    chosen: the levels a user gave (label kind → level); then only a 要項 style is needed.
    """
    if chosen is not None:
        kinds = {k for k, level in chosen.items() if level}
        if not any(label is not None and chosen.get(label.kind) == ITEM for label in labels):
            return 0
        return sum(1 for label in labels if label is not None and label.kind in kinds)
    levels = outline_levels(labels)
    if CN not in levels or PAREN_CN not in levels:
        return 0
    return sum(1 for label in labels if label is not None and label.kind in levels)


def build_from_outline(
    lines: list[str],
    builder: TreeBuilder,
    where: str = "",
    labels: list[Label | None] | None = None,
    chosen: dict[str, int] | None = None,
) -> list[str]:
    """Build the tree from numbered paragraphs; return the lines before the first 要項 (the section's text).

    Levels come from the numbering (一、 → 要項, (一) → 重點, 1. → 方法); deeper labels ((1) A. (A)) and
    unnumbered lines go into the body of the current node; unnumbered lines right under a 重點 become an
    unnumbered 方法 holding them. chosen (label kind → level, 0 text) replaces the levels guessed.
    """
    if labels is None:
        labels = [parse_label(line) for line in lines]
    levels = outline_levels(labels) if chosen is None else {k: v for k, v in chosen.items() if v}
    intro: list[str] = []
    for line, label in zip(lines, labels):
        level = levels.get(label.kind) if label is not None else None
        if level == ITEM and label is not None:
            builder.add_item(strip_colon(label.rest), "", label)
        elif level == FOCUS and label is not None:
            builder.add_focus(strip_colon(label.rest), "", label, where=where)
        elif level == METHOD and label is not None:
            text = strip_colon(label.rest)
            if is_sentence(text):
                builder.add_method("", text, label, where=where)
            else:
                builder.add_method(text, "", label, where=where)
        elif builder.item is None:
            intro.append(line)
        elif builder.method is not None:
            m = builder.method
            m["body"] = f"{m['body']}\n{line}" if m["body"] else line
        elif builder.focus is not None:
            builder.add_method("", line, None, where=where)
        else:
            it = builder.item
            it["body"] = f"{it['body']}\n{line}" if it["body"] else line
    return intro

"""Compare two plans: every 要項/重點/方法 classified 延續, 修正, 新增, 刪除 or 移動."""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from typing import Any

from planner.compare.match import DEFAULT_THRESHOLD, Matcher
from planner.errors import BadInput
from planner.model import Node, Plan
from planner.numerals import LEVEL_NAMES, months_text
from planner.workspace import Workspace

log = logging.getLogger(__name__)

SAME, CHANGED, ADDED, REMOVED, MOVED = "延續", "修正", "新增", "刪除", "移動"
KINDS = (SAME, CHANGED, ADDED, REMOVED, MOVED)
FIELDS = ("text", "units", "months", "note")
FIELD_NAMES = {"text": "文字", "units": "業務單位", "months": "查核月份", "note": "備註"}


@dataclass
class Side:
    """One side of a change: a node as printed in its plan."""

    node: Node
    number: str  # the full numbered position, e.g. 「三、(二)2.」
    units: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of a side."""
        return {
            "id": self.node.id,
            "number": self.number,
            "title": self.node.title,
            "body": self.node.body,
            "units": self.units,
            "months": list(self.node.months),
            "note": self.node.note,
        }


@dataclass
class Change:
    """How one node differs between the old and the new plan."""

    kind: str
    level: int
    old: Side | None
    new: Side | None
    fields: list[str] = field(default_factory=list)
    how: str = ""  # how the pair was matched: link, text, fuzzy ("" for 新增/刪除)

    @property
    def key(self) -> str:
        """Return a stable key of the change: n<new id>, or o<old id> for a 刪除."""
        return f"n{self.new.node.id}" if self.new is not None else f"o{self.side.node.id}"

    @property
    def side(self) -> Side:
        """Return the side shown for the change: the new one, else the old one."""
        side = self.new or self.old
        if side is None:
            raise ValueError("a change has an old or a new side")
        return side

    @property
    def number(self) -> str:
        """Return the numbered position shown for the change (the new one, else the old one)."""
        return self.side.number

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of a change."""
        return {
            "kind": self.kind,
            "level": self.level,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "fields": list(self.fields),
            "match": self.how,
        }


@dataclass
class Comparison:
    """The changes from an old plan to a new plan, in the new plan's document order."""

    old_plan: Plan
    new_plan: Plan
    threshold: float
    changes: list[Change]

    def counts(self) -> dict[str, int]:
        """Return the number of nodes of each kind."""
        out = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            out[change.kind] += 1
        return out

    def changed(self) -> list[Change]:
        """Return the changes other than 延續."""
        return [c for c in self.changes if c.kind != SAME]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape: counts, threshold and the list of changes."""
        return {
            "from": self.old_plan.year,
            "to": self.new_plan.year,
            "threshold": self.threshold,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }


def full_numbers(plan: Plan) -> dict[int, str]:
    """Return every node's full numbered position (「三、(二)2.」).

    An unnumbered ancestor adds nothing; an unnumbered node itself is shown as 「（要項）」.
    """
    labels = plan.numbering()
    out: dict[int, str] = {}

    def visit(nodes: list[Node], prefix: str) -> None:
        for node in nodes:
            own = labels[node.id]
            out[node.id] = prefix + (own or f"（{LEVEL_NAMES[node.level]}）")
            visit(node.children, prefix + own)

    visit(plan.items, "")
    return out


def _stable(old_positions: list[int]) -> set[int]:
    """Return the indexes of a longest increasing subsequence: the nodes that kept their relative order."""
    tails: list[int] = []  # tails[k] = index into old_positions of the smallest tail of a run of length k+1
    values: list[int] = []  # old_positions[tails[k]]
    prev = [-1] * len(old_positions)
    for i, value in enumerate(old_positions):
        k = bisect.bisect_left(values, value)
        if k > 0:
            prev[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            values.append(value)
        else:
            tails[k] = i
            values[k] = value
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return keep


def _moved(old_plan: Plan, new_plan: Plan, matcher: Matcher) -> set[int]:
    """Return the ids of new nodes that moved: another parent, or out of order among matched siblings."""
    moved: set[int] = set()
    old_index = {n.id: i for i, n in enumerate(old_plan.walk())}

    def visit(siblings: list[Node], parent: Node | None) -> None:
        partner_parent = matcher.new_to_old.get(parent.id) if parent is not None else None
        kept: list[Node] = []
        for node in siblings:
            old = matcher.new_to_old.get(node.id)
            if old is None:
                continue
            same_parent = (old.parent is None and parent is None) or (
                old.parent is not None and partner_parent is not None and old.parent.id == partner_parent.id
            )
            if same_parent:
                kept.append(node)
            else:
                moved.add(node.id)
        positions = [old_index[matcher.new_to_old[n.id].id] for n in kept]
        stable = _stable(positions)
        moved.update(n.id for i, n in enumerate(kept) if i not in stable)
        for node in siblings:
            visit(node.children, node)

    visit(new_plan.items, None)
    return moved


def _anchors(old_plan: Plan, old_nodes: list[Node], matcher: Matcher) -> dict[int | None, list[Node]]:
    """Place each deleted node after its nearest kept earlier sibling, else its parent's counterpart."""
    anchored: dict[int | None, list[Node]] = {}
    group: dict[int, int | None] = {}  # deleted old node id -> anchor
    for node in old_nodes:
        if node.id in matcher.old_to_new:
            continue
        parent = node.parent
        if parent is not None and parent.id not in matcher.old_to_new:
            anchor = group[parent.id]
        else:
            target_parent = matcher.old_to_new[parent.id] if parent is not None else None
            anchor = target_parent.id if target_parent is not None else None
            siblings = old_plan.siblings(node)
            for earlier in reversed(siblings[: siblings.index(node)]):
                partner = matcher.old_to_new.get(earlier.id)
                if partner is not None and partner.parent is target_parent:
                    anchor = list(partner.walk())[-1].id
                    break
        group[node.id] = anchor
        anchored.setdefault(anchor, []).append(node)
    return anchored


def _fields(names: dict[int, str], old: Node, new: Node) -> list[str]:
    """Return which fields differ between two matched nodes (units compared by name, in any order)."""
    out: list[str] = []
    if old.title.strip() != new.title.strip() or old.body.strip() != new.body.strip():
        out.append("text")
    if {names.get(u, "?") for u in old.units} != {names.get(u, "?") for u in new.units}:
        out.append("units")
    if sorted(old.months) != sorted(new.months):
        out.append("months")
    if old.note.strip() != new.note.strip():
        out.append("note")
    return out


def compare_plans(
    ws: Workspace, old_plan: Plan, new_plan: Plan, threshold: float = DEFAULT_THRESHOLD, use_links: bool = True
) -> Comparison:
    """Compare two plans of a workspace; unmatched text pairs need a similarity of at least threshold (0–100)."""
    if not 0 <= threshold <= 100:
        raise BadInput(f"相似度門檻必須介於 0 到 100：{threshold}")
    if old_plan is new_plan:
        raise BadInput("請選擇兩份不同的計畫來比較。")
    old_nodes = list(old_plan.walk())
    new_nodes = list(new_plan.walk())
    matcher = Matcher(threshold, use_links=use_links)
    matcher.match(old_nodes, new_nodes)
    moved = _moved(old_plan, new_plan, matcher)
    old_numbers, new_numbers = full_numbers(old_plan), full_numbers(new_plan)

    names = {u.id: u.name for u in ws.unit_list}

    def side(node: Node, numbers: dict[int, str]) -> Side:
        return Side(node, numbers[node.id], [names.get(u, "?") for u in node.units])

    anchored = _anchors(old_plan, old_nodes, matcher)

    def removed(anchor_id: int | None) -> list[Change]:
        return [Change(REMOVED, n.level, side(n, old_numbers), None) for n in anchored.get(anchor_id, [])]

    changes = removed(None)
    for node in new_nodes:
        old = matcher.new_to_old.get(node.id)
        if old is None:
            changes.append(Change(ADDED, node.level, None, side(node, new_numbers)))
        else:
            fields = _fields(names, old, node)
            kind = MOVED if node.id in moved else CHANGED if fields else SAME
            changes.append(
                Change(kind, node.level, side(old, old_numbers), side(node, new_numbers), fields, matcher.how[node.id])
            )
        changes.extend(removed(node.id))
    result = Comparison(old_plan, new_plan, threshold, changes)
    log.debug("compared %s and %s: %s", old_plan.year, new_plan.year, result.counts())
    return result


def compare_years(ws: Workspace, from_year: int, to_year: int, threshold: float = DEFAULT_THRESHOLD) -> Comparison:
    """Compare the plans of two years of a workspace."""
    if from_year == to_year:
        raise BadInput(f"來源與目標是同一個年度（{from_year}），請選擇兩個不同的年度。")
    return compare_plans(ws, ws.plan(from_year), ws.plan(to_year), threshold)


def node_lines(side: Side, with_number: bool = True) -> str:
    """Return a node as the text of a 對照表 cell: number and title, body, units, months, note."""
    node = side.node
    head = (side.number if with_number else "") + node.title
    lines = [head] if head else []
    if node.body.strip():
        lines.append(node.body.strip())
    if node.is_method:
        lines.append(f"（業務單位：{'、'.join(side.units) or '未指定'}）")
        if node.months:
            lines.append(f"（查核月份：{months_text(node.months)}）")
    if node.note.strip():
        lines.append(f"（備註：{node.note.strip()}）")
    return "\n".join(lines)

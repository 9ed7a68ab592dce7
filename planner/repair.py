"""Damaged plan trees: find what is wrong in the stored rows and repair it without losing a node.

Works on rows only (plain peewee selects on planner.store.schema), never on the loading code, so
that a tree the loader cannot assemble can still be described and repaired. Problems found:
a parent that does not exist, a parent in another plan, a cycle, a node at the wrong level
for its parent, and unreadable JSON or month lists. Repair gathers every detached subtree under
an unnumbered 「待整理」 要項 (and an unnumbered 「待整理」 重點 for methods) at the end of the plan.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, SqliteDatabase, fn

from planner.errors import BadInput
from planner.store.recovery import checkpoint
from planner.store.schema import NodeRow, PlanRow

log = logging.getLogger(__name__)

PARKING = "待整理"
LEVEL_NAMES = {1: "要項", 2: "重點", 3: "方法"}
MAX_PASSES = 8


class DamagedPlan(BadInput):
    """A plan's stored tree is damaged; the message lists the problems and how to repair them."""

    def __init__(self, message: str, plan_id: int, problems: list[Problem]) -> None:
        super().__init__(message)
        self.plan_id = plan_id
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a plan's rows."""

    code: str
    node_id: int | None
    message: str


@dataclass(frozen=True)
class _Row:
    id: int
    parent: int | None
    level: int
    title: str
    months: str


def _label(row: _Row) -> str:
    name = LEVEL_NAMES.get(row.level, f"第 {row.level} 層")
    title = (row.title or "").strip()[:20] or "（無標題）"
    return f"{name}「{title}」（編號 {row.id}）"


def _rows(database: SqliteDatabase, plan_id: int) -> dict[int, _Row]:
    query = (
        NodeRow.select(NodeRow.id, NodeRow.parent, NodeRow.level, NodeRow.title, NodeRow.months)
        .where(NodeRow.plan == plan_id)
        .tuples()
        .bind(database)
    )
    found: Iterable[tuple[Any, ...]] = query  # type: ignore[assignment]  # .tuples() yields tuples
    return {r[0]: _Row(*r) for r in found}


def _months_ok(text: str) -> bool:
    try:
        return all(1 <= int(m) <= 12 for m in (text or "").split(",") if m)
    except ValueError:
        return False


def _good_months(text: str) -> list[int]:
    """Return the readable months of a damaged month list."""
    return sorted({int(m) for m in (text or "").split(",") if m.strip().isdigit() and 1 <= int(m) <= 12})


def _layout_ok(text: str | None) -> bool:
    from planner.layouts import Layout

    try:
        Layout.from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def find_problems(database: SqliteDatabase, plan_id: int) -> list[Problem]:
    """Return everything wrong in a plan's stored rows, in id order; [] for a sound plan."""
    rows = _rows(database, plan_id)
    out: list[Problem] = []
    layout = PlanRow.select(PlanRow.layout).where(PlanRow.id == plan_id).tuples().bind(database).first()
    if layout is not None and not _layout_ok(layout[0]):
        out.append(Problem("bad-layout", None, "表格欄位設定無法讀取（資料格式錯誤）。"))
    outside = {r.parent for r in rows.values() if r.parent is not None and r.parent not in rows}
    foreign: dict[int, int] = {}
    if outside:
        query = NodeRow.select(NodeRow.id, NodeRow.plan).where(NodeRow.id.in_(sorted(outside)))
        pairs: Iterable[tuple[int, int]] = query.tuples().bind(database)  # type: ignore[assignment]
        foreign = dict(pairs)
    reachable = _reachable(rows)
    for row in sorted(rows.values(), key=lambda r: r.id):
        if row.parent is not None and row.parent not in rows:
            if row.parent in foreign:
                out.append(Problem("foreign-parent", row.id, f"{_label(row)}的上層項目屬於另一個年度的計畫。"))
            else:
                out.append(Problem("orphan", row.id, f"{_label(row)}的上層項目不存在。"))
        elif row.id not in reachable and _on_cycle(rows, row.id):
            out.append(Problem("cycle", row.id, f"{_label(row)}與上層項目互相指向，形成循環。"))
        elif row.id in reachable and row.level != (rows[row.parent].level + 1 if row.parent else 1):
            where = "最上層" if row.parent is None else _label(rows[row.parent]) + "之下"
            out.append(Problem("level", row.id, f"{_label(row)}放在{where}，層級不符。"))
        if not _months_ok(row.months):
            out.append(Problem("bad-months", row.id, f"{_label(row)}的查核月份無法讀取：{row.months[:20]}"))
    return out


def _reachable(rows: dict[int, _Row]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for row in rows.values():
        children.setdefault(row.parent, []).append(row.id)
    seen: set[int] = set()
    stack = list(children.get(None, []))
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        stack.extend(children.get(nid, []))
    return seen


def _on_cycle(rows: dict[int, _Row], start: int) -> bool:
    """Return whether following parents from a node leads back to it."""
    seen: set[int] = set()
    nid = rows[start].parent
    while nid is not None and nid in rows and nid not in seen:
        if nid == start:
            return True
        seen.add(nid)
        nid = rows[nid].parent
    return False


def _cycle_of(rows: dict[int, _Row], member: int) -> set[int]:
    cycle = {member}
    nid = rows[member].parent
    while nid is not None and nid not in cycle:
        cycle.add(nid)
        nid = rows[nid].parent
    return cycle


def looks_damaged(database: SqliteDatabase, plan_id: int) -> bool:
    """Return whether one quick query finds a row the loader cannot place or read.

    Every detached node (orphan, parent in another plan, cycle) implies a node whose level is not
    its parent's plus one, or whose parent is missing or foreign, so one join finds them all.
    """
    parent = NodeRow.alias()
    bad_parent = NodeRow.parent.is_null(False) & (
        parent.id.is_null() | (parent.plan != NodeRow.plan) | (NodeRow.level != parent.level + 1)
    )
    bad_root = NodeRow.parent.is_null() & (NodeRow.level != 1)
    bad_months = NodeRow.months % "*[^0-9,]*"  # GLOB on SQLite: anything but digits and commas
    query = (
        NodeRow.select(NodeRow.id)
        .join(parent, JOIN.LEFT_OUTER, on=(parent.id == NodeRow.parent))
        .where((NodeRow.plan == plan_id) & (bad_parent | bad_root | bad_months))
        .limit(1)
        .tuples()
        .bind(database)
    )
    if query.first() is not None:
        return True
    layout = PlanRow.select(PlanRow.layout).where(PlanRow.id == plan_id).tuples().bind(database).first()
    return layout is not None and not _layout_ok(layout[0])


def guard(database: SqliteDatabase, plan_id: int) -> None:
    """Raise DamagedPlan when a plan's rows cannot be shown whole (called before loading)."""
    if not looks_damaged(database, plan_id):
        return
    problems = find_problems(database, plan_id)
    if problems:
        raise damaged(database, plan_id, problems)


def damaged(database: SqliteDatabase, plan_id: int, problems: list[Problem]) -> DamagedPlan:
    """Return the error describing a damaged plan."""
    row = PlanRow.select(PlanRow.year).where(PlanRow.id == plan_id).tuples().bind(database).first()
    year = f"{row[0]} 年度" if row else f"編號 {plan_id} 的"
    shown = "\n".join(f"・{p.message}" for p in problems[:10])
    more = f"\n……另有 {len(problems) - 10} 個問題。" if len(problems) > 10 else ""
    return DamagedPlan(
        f"{year}計畫的資料有損壞，無法完整顯示：\n{shown}{more}\n"
        f"可以修復：找不到位置的項目會集中到最後一個不編號的「{PARKING}」要項之下，不會刪除任何內容"
        "（命令列：planner-cli check --repair）。",
        plan_id,
        problems,
    )


def repair_plan(database: SqliteDatabase, plan_id: int) -> list[Problem]:
    """Repair a plan's rows in one transaction; return the problems that were repaired."""
    fixed: list[Problem] = []
    with database.atomic():
        for _ in range(MAX_PASSES):
            problems = find_problems(database, plan_id)
            if not problems:
                break
            fixed.extend(p for p in problems if p not in fixed)
            _repair_once(database, plan_id, problems)
        else:
            raise BadInput("無法自動修復這個計畫，請從備份還原（檔案 → 從備份還原…）。")
    checkpoint(database)  # a plain copy of the file holds the repair
    log.warning("repaired plan %s: %d problems", plan_id, len(fixed))
    return fixed


def _repair_once(database: SqliteDatabase, plan_id: int, problems: list[Problem]) -> None:
    rows = _rows(database, plan_id)
    for p in problems:
        if p.code == "bad-layout":
            PlanRow.update(layout="").where(PlanRow.id == plan_id).bind(database).execute()
        elif p.code == "bad-months" and p.node_id is not None:
            kept = _good_months(rows[p.node_id].months)
            NodeRow.update(months=",".join(map(str, kept))).where(NodeRow.id == p.node_id).bind(database).execute()
    cut: set[int] = set()
    for p in problems:
        if p.code in ("orphan", "foreign-parent", "level") and p.node_id is not None:
            cut.add(p.node_id)
        elif p.code == "cycle" and p.node_id is not None:
            cycle = _cycle_of(rows, p.node_id)
            if not cycle & cut:
                cut.add(min(cycle))  # one cut per cycle: the rest hangs below it as before
    for nid in sorted(cut):
        _park(database, plan_id, rows[nid])


def _park(database: SqliteDatabase, plan_id: int, row: _Row) -> None:
    """Move a node (with its subtree) under the plan's 「待整理」 要項 or 重點, at the end."""
    parent: int | None = None
    if row.level >= 2:
        parent = _parking(database, plan_id, None, 1)
    if row.level >= 3:
        parent = _parking(database, plan_id, parent, 2)
    level = min(max(row.level, 1), 3)
    NodeRow.update(parent=parent, position=_next_position(database, plan_id, parent), level=level).where(
        NodeRow.id == row.id
    ).bind(database).execute()


def _parking(database: SqliteDatabase, plan_id: int, parent: int | None, level: int) -> int:
    """Return the unnumbered 「待整理」 node at a level under parent, creating it at the end."""
    parent_test = NodeRow.parent.is_null() if parent is None else NodeRow.parent == parent
    found = (
        NodeRow.select(NodeRow.id)
        .where((NodeRow.plan == plan_id) & parent_test & (NodeRow.title == PARKING) & (NodeRow.numbered == 0))
        .where(NodeRow.level == level)
        .tuples()
        .bind(database)
        .first()
    )
    if found:
        return found[0]
    query = NodeRow.insert(
        plan=plan_id,
        parent=parent,
        position=_next_position(database, plan_id, parent),
        level=level,
        title=PARKING,
        numbered=False,
    )
    return query.bind(database).execute()


def _next_position(database: SqliteDatabase, plan_id: int, parent: int | None) -> int:
    parent_test = NodeRow.parent.is_null() if parent is None else NodeRow.parent == parent
    query = NodeRow.select(fn.MAX(NodeRow.position)).where((NodeRow.plan == plan_id) & parent_test)
    top = query.bind(database).scalar()
    return 0 if top is None else top + 1

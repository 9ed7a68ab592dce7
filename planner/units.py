"""Edits of the agency's units: add, rename, reorder, merge, retire."""

from __future__ import annotations

from peewee import fn

from planner import text_safety
from planner.errors import OperationRefused
from planner.model import Unit
from planner.plans import MAX_YEAR, MIN_YEAR
from planner.steps import (
    InsertUnit,
    MoveUnit,
    RemoveUnit,
    SetMilestoneFields,
    SetNodeFields,
    SetProgress,
    SetUnitFields,
)
from planner.steps.progress import record_exists
from planner.steps.versions import SetUnitNames
from planner.store.schema import MilestoneRow, NodeRow, NodeUnitRow, PlanRow, ProgressRow
from planner.workspace import Transaction, Workspace

ALL_UNITS = "各課室"
# Characters that separate unit names in a table cell (the importer splits on them).
UNIT_SEPARATORS = "、，,；;/／"


def _clean(ws: Workspace, name: str, exclude: int | None = None) -> str:
    name = text_safety.unit_name(name)  # no control/bidi characters, at most 50 characters
    if not name:
        raise OperationRefused("單位名稱不能空白。")
    if any(ch in name for ch in UNIT_SEPARATORS) or any(ch.isspace() for ch in name):
        raise OperationRefused("單位名稱不能包含空白、頓號、逗號、分號、斜線或換行（這些符號用來分隔多個單位）。")
    other = ws.unit_by_name(name)
    if other is not None and other.id != exclude:
        state = "（已停用）" if other.retired else ""
        raise OperationRefused(f"已有名為「{name}」的單位{state}。")
    return name


def _unit(ws: Workspace, unit_id: int) -> Unit:
    try:
        return ws.unit(unit_id)
    except KeyError:
        raise OperationRefused("找不到這個單位。") from None


def add_unit(ws: Workspace, name: str, index: int | None = None) -> Unit:
    """Add a unit (default: last)."""
    name = _clean(ws, name)
    text_safety.check_unit_count(len(ws.unit_list) + 1)
    index = len(ws.unit_list) if index is None else max(0, min(index, len(ws.unit_list)))
    with ws.edit(f"新增單位「{name}」") as tx:
        step = tx.do(ws, InsertUnit(index, name))
    assert isinstance(step, InsertUnit) and step.unit_id is not None
    return ws.unit(step.unit_id)


def ensure_units(ws: Workspace, tx: Transaction, names: list[str]) -> dict[str, int]:
    """Map unit names to ids inside an edit, adding the ones the workspace lacks."""
    mapping: dict[str, int] = {}
    text_safety.check_unit_count(len(ws.unit_list) + len({text_safety.clean_name(n) for n in names}))
    for raw in names:
        name = text_safety.clean_name(raw)
        unit = ws.unit_by_name(name)
        if unit is None:
            step = tx.do(ws, InsertUnit(len(ws.unit_list), _clean(ws, name)))
            assert isinstance(step, InsertUnit) and step.unit_id is not None
            mapping[raw] = step.unit_id
        else:
            mapping[raw] = unit.id
    return mapping


def _check_from_year(from_year: int | None) -> None:
    if from_year is not None and (not isinstance(from_year, int) or not MIN_YEAR <= from_year <= MAX_YEAR):
        raise OperationRefused(f"起始年度不正確：{from_year}")


def rename_unit(ws: Workspace, unit_id: int, name: str, from_year: int | None = None) -> None:
    """Rename a unit in every plan, or (from_year) in the plans of that year on: earlier ones keep their names."""
    unit = _unit(ws, unit_id)
    _check_from_year(from_year)
    name = _clean(ws, name, exclude=unit_id)
    history = ws.state.unit_history.get(unit_id, [])
    if from_year is None:
        if name == unit.name and not history:
            return
        with ws.edit(f"單位「{unit.name}」改名為「{name}」") as tx:
            if history:
                tx.do(ws, SetUnitNames(unit_id, []))
            if name != unit.name:
                tx.do(ws, SetUnitFields(unit_id, {"name": name}))
        return
    before = ws.state.unit_name(unit_id, from_year - 1)
    if name == ws.state.unit_name(unit_id, from_year) and all(y <= from_year for y, _ in history):
        return
    kept = [(y, n) for y, n in history if y < from_year] or [(MIN_YEAR, before)]
    names = [*kept, (from_year, name)] if before != name else kept
    with ws.edit(f"單位「{unit.name}」自 {from_year} 年度起改名為「{name}」") as tx:
        tx.do(ws, SetUnitNames(unit_id, names if len({n for _, n in names}) > 1 else []))
        if name != unit.name:
            tx.do(ws, SetUnitFields(unit_id, {"name": name}))


def move_unit(ws: Workspace, unit_id: int, index: int) -> None:
    """Move a unit to a new place in the list."""
    unit = _unit(ws, unit_id)
    index = max(0, min(index, len(ws.unit_list) - 1))
    if ws.unit_list.index(unit) == index:
        return
    with ws.edit(f"調整單位「{unit.name}」順序") as tx:
        tx.do(ws, MoveUnit(unit_id, index))


def retire_unit(ws: Workspace, unit_id: int, retired: bool = True) -> None:
    """Retire a unit (gone from choices, kept in plans) or bring it back."""
    unit = _unit(ws, unit_id)
    if unit.retired == retired:
        return
    verb = "停用" if retired else "恢復"
    with ws.edit(f"{verb}單位「{unit.name}」") as tx:
        tx.do(ws, SetUnitFields(unit_id, {"retired": retired}))


def unit_usage(ws: Workspace, unit_id: int) -> dict[int, int]:
    """Return how many methods use a unit, per plan year."""
    query = (
        NodeUnitRow.select(PlanRow.year, fn.COUNT(NodeUnitRow.node))
        .join(NodeRow, on=(NodeRow.id == NodeUnitRow.node))
        .join(PlanRow, on=(PlanRow.id == NodeRow.plan))
        .where(NodeUnitRow.unit == unit_id)
        .group_by(PlanRow.year)
        .order_by(PlanRow.year)
    )
    return dict(ws.db.execute(query).fetchall())


def merge_units(ws: Workspace, source_id: int, target_id: int, from_year: int | None = None) -> int:
    """Merge source into target in every plan (assignments and milestones follow), then drop source.

    With from_year only the plans of that year on change; source stays, retired, in the earlier ones.
    Returns how many methods changed.
    """
    if source_id == target_id:
        raise OperationRefused("請選擇兩個不同的單位合併。")
    _check_from_year(from_year)
    source, target = _unit(ws, source_id), _unit(ws, target_id)
    years = PlanRow.select(PlanRow.id).where(PlanRow.year >= (from_year if from_year is not None else MIN_YEAR))
    assigned = (
        NodeUnitRow.select(NodeRow.plan, NodeRow.id)
        .join(NodeRow, on=(NodeRow.id == NodeUnitRow.node))
        .where((NodeUnitRow.unit == source_id) & NodeRow.plan.in_(years))
    )
    rows = ws.db.execute(assigned).fetchall()
    milestones = ws.db.execute(
        MilestoneRow.select(MilestoneRow.plan, MilestoneRow.id).where(
            (MilestoneRow.unit == source_id) & MilestoneRow.plan.in_(years)
        )
    ).fetchall()
    since = f"自 {from_year} 年度起" if from_year is not None else ""
    with ws.edit(f"{since}合併單位「{source.name}」到「{target.name}」") as tx:
        for plan_id, node_id in rows:
            node = ws.plan_by_id(plan_id).nodes[node_id]
            units: list[int] = []
            for u in node.units:
                u = target_id if u == source_id else u
                if u not in units:
                    units.append(u)
            tx.do(ws, SetNodeFields(plan_id, node_id, {"units": units}))
        for plan_id, milestone_id in milestones:
            tx.do(ws, SetMilestoneFields(plan_id, milestone_id, {"unit_id": target_id}))
        recorded = (
            ProgressRow.select(
                NodeRow.plan,
                ProgressRow.node,
                ProgressRow.period,
                ProgressRow.status,
                ProgressRow.text,
                ProgressRow.date,
                ProgressRow.updated,
            )
            .join(NodeRow, on=(NodeRow.id == ProgressRow.node))
            .where((ProgressRow.unit == source_id) & NodeRow.plan.in_(years))
        )
        progress = ws.db.execute(recorded).fetchall()
        for plan_id, node_id, period, status, text, date, updated in progress:
            if not record_exists(ws.state, node_id, period, target_id):
                values = {"status": status, "text": text, "date": date, "updated": updated}
                tx.do(ws, SetProgress(plan_id, node_id, period, target_id, values))
            tx.do(ws, SetProgress(plan_id, node_id, period, source_id, None))
        if target.retired and not source.retired:
            tx.do(ws, SetUnitFields(target_id, {"retired": False}))
        if from_year is None:
            if ws.state.unit_history.get(source_id):
                tx.do(ws, SetUnitNames(source_id, []))  # so that undo brings the names back with the unit
            tx.do(ws, RemoveUnit(source_id))
        elif not source.retired:
            tx.do(ws, SetUnitFields(source_id, {"retired": True}))
    return len(rows)

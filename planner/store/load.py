"""Reading a workspace into memory: settings, units and whole plans, one query per table."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import SqliteDatabase, fn

from planner import repair, text_safety
from planner.layouts import Layout
from planner.model import Milestone, Node, Plan, Section, Unit
from planner.numerals import METHOD
from planner.store.rows import months_from_text
from planner.store.schema import MilestoneRow, NodeRow, NodeUnitRow, PlanRow, SectionRow, Setting, UnitNameRow, UnitRow


@dataclass
class PlanInfo:
    """A line of the workspace's plan list."""

    id: int
    year: int
    title: str
    methods: int


def load_settings(db: SqliteDatabase) -> dict[str, str | None]:
    """Return every workspace setting."""
    return dict(db.execute(Setting.select(Setting.key, Setting.value)).fetchall())


def load_units(db: SqliteDatabase) -> list[Unit]:
    """Return the units in their order."""
    query = UnitRow.select(UnitRow.id, UnitRow.name, UnitRow.position, UnitRow.retired).order_by(
        UnitRow.position, UnitRow.id
    )
    # names of older files may hold control or bidi characters: shown and printed without them
    return [Unit(i, text_safety.clean_name(name), pos, bool(ret)) for i, name, pos, ret in db.execute(query)]


def load_unit_history(db: SqliteDatabase) -> dict[int, list[tuple[int, str]]]:
    """Return the names units have from a year on: unit id -> [(from_year, name)] by year."""
    query = UnitNameRow.select(UnitNameRow.unit, UnitNameRow.from_year, UnitNameRow.name).order_by(
        UnitNameRow.unit, UnitNameRow.from_year
    )
    out: dict[int, list[tuple[int, str]]] = {}
    for unit_id, from_year, name in db.execute(query):
        out.setdefault(unit_id, []).append((from_year, text_safety.clean_name(name)))
    return out


def plan_infos(db: SqliteDatabase) -> list[PlanInfo]:
    """Return every plan with its method count, by year."""
    methods = (
        NodeRow.select(fn.COUNT(NodeRow.id)).where((NodeRow.plan == PlanRow.id) & (NodeRow.level == METHOD))
    ).alias("methods")
    query = PlanRow.select(PlanRow.id, PlanRow.year, PlanRow.title, methods).order_by(PlanRow.year)
    return [PlanInfo(*row) for row in db.execute(query)]


def years(db: SqliteDatabase) -> list[int]:
    """Return the years that have a plan."""
    return [row[0] for row in db.execute(PlanRow.select(PlanRow.year).order_by(PlanRow.year))]


def plan_id_of_year(db: SqliteDatabase, year: int) -> int | None:
    """Return the id of a year's plan, or None."""
    row = db.execute(PlanRow.select(PlanRow.id).where(PlanRow.year == year)).fetchone()
    return None if row is None else row[0]


def plan_created(db: SqliteDatabase, plan_id: int) -> str:
    """Return when a plan was created (ISO text)."""
    return db.execute(PlanRow.select(PlanRow.created).where(PlanRow.id == plan_id)).fetchone()[0]


def load_plan(db: SqliteDatabase, plan_id: int) -> Plan:
    """Load a whole plan with a fixed number of queries (one per table), assembled in Python."""
    repair.guard(db, plan_id)  # a damaged tree is reported, never a traceback or a silent loss
    header = PlanRow.select(
        PlanRow.id,
        PlanRow.year,
        PlanRow.title,
        PlanRow.agency,
        PlanRow.issued,
        PlanRow.layout,
        PlanRow.source_plan_id,
    ).where(PlanRow.id == plan_id)
    row = db.execute(header).fetchone()
    if row is None:
        raise KeyError(plan_id)
    plan = Plan(
        id=row[0],
        year=row[1],
        title=row[2],
        agency=row[3],
        issued=row[4],
        layout=Layout.from_json(row[5]),
        source_plan_id=row[6],
    )
    sections = (
        SectionRow.select(SectionRow.id, SectionRow.heading, SectionRow.text, SectionRow.numbered)
        .where(SectionRow.plan == plan_id)
        .order_by(SectionRow.position)
    )
    plan.sections = [Section(i, h, t, bool(n)) for i, h, t, n in db.execute(sections)]
    milestones = (
        MilestoneRow.select(
            MilestoneRow.id, MilestoneRow.month, MilestoneRow.day, MilestoneRow.title, MilestoneRow.unit
        )
        .where(MilestoneRow.plan == plan_id)
        .order_by(MilestoneRow.position)
    )
    plan.milestones = [Milestone(i, m, t, d, u) for i, m, d, t, u in db.execute(milestones)]
    assigned = (
        NodeUnitRow.select(NodeUnitRow.node, NodeUnitRow.unit)
        .join(NodeRow, on=(NodeUnitRow.node == NodeRow.id))
        .where(NodeRow.plan == plan_id)
        .order_by(NodeUnitRow.node, NodeUnitRow.position)
    )
    units: dict[int, list[int]] = {}
    for node_id, unit_id in db.execute(assigned):
        units.setdefault(node_id, []).append(unit_id)
    nodes = (
        NodeRow.select(
            NodeRow.id,
            NodeRow.parent,
            NodeRow.level,
            NodeRow.title,
            NodeRow.body,
            NodeRow.numbered,
            NodeRow.note,
            NodeRow.months,
            NodeRow.merge_next,
            NodeRow.source_id,
        )
        .where(NodeRow.plan == plan_id)
        .order_by(NodeRow.parent, NodeRow.position)
    )
    children: dict[int | None, list[Node]] = {}
    parsed: dict[str, list[int]] = {}  # a plan uses a handful of month patterns: parse each once
    for nid, parent, level, title, body, numbered, note, months, merge_next, source in db.execute(nodes):
        pattern = parsed.get(months)
        if pattern is None:
            pattern = parsed[months] = months_from_text(months)
        node = Node(
            id=nid,
            level=level,
            title=title,
            body=body,
            numbered=bool(numbered),
            note=note,
            units=units.get(nid, []),
            months=list(pattern),
            merge_next=bool(merge_next),
            source_id=source,
        )
        plan.nodes[nid] = node
        children.setdefault(parent, []).append(node)
    for parent_id, kids in children.items():
        if parent_id is None:
            plan.items = kids
            continue
        parent = plan.nodes[parent_id]
        parent.children = kids
        for kid in kids:
            kid.parent = parent
    return plan

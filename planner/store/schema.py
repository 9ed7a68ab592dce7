"""peewee models of the workspace file: the one description of its tables and the query layer.

The models express everything the numbered migrations (planner/store/migrations.py) create:
columns with their SQL defaults, CHECK constraints, indexes, foreign keys with their ON DELETE
actions and AUTOINCREMENT keys; tests/planner/test_schema_matches.py compares the two.
The proxy the models are bound to is never initialised: every query names the connection it
runs on (``query.execute(db)``, ``db.execute(query)``), so two open workspaces cannot mix up
their files, and a query that forgets its database fails at once.
"""

from __future__ import annotations

from peewee import (
    SQL,
    BooleanField,
    Check,
    CompositeKey,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    Node,
    TextField,
)
from playhouse.sqlite_ext import AutoIncrementField

db = DatabaseProxy()


def sql_default(value: str) -> list[Node]:
    """Return the constraint list of a column's SQL DEFAULT (as the migrations' DDL writes it)."""
    return [SQL(f"DEFAULT {value}")]


def check(expression: str) -> list[Node]:
    """Return the constraint list of a column CHECK."""
    return [Check(expression)]


EMPTY, TRUE, FALSE = "''", "1", "0"
# Primary keys carry null=True only so that their DDL matches the migrations' (no NOT NULL
# beside PRIMARY KEY); an INTEGER PRIMARY KEY is the rowid and never NULL anyway.


class BaseModel(Model):
    """Base of every table: bound to the proxy."""

    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    """A workspace-wide setting (agency name …)."""

    key = TextField(primary_key=True, null=True)
    value = TextField()


class UnitRow(BaseModel):
    """An internal unit."""

    id = AutoIncrementField(null=True)
    name = TextField()
    position = IntegerField()
    retired = BooleanField(default=False, constraints=sql_default(FALSE))

    class Meta:
        table_name = "unit"


class PlanRow(BaseModel):
    """A yearly plan's header."""

    id = AutoIncrementField(null=True)
    year = IntegerField(unique=True)
    title = TextField()
    agency = TextField(default="", constraints=sql_default(EMPTY))
    issued = TextField(default="", constraints=sql_default(EMPTY))
    layout = TextField(default="", constraints=sql_default(EMPTY))
    created = TextField()
    source_plan_id = IntegerField(null=True)

    class Meta:
        table_name = "plan"


class SectionRow(BaseModel):
    """A document section of a plan."""

    id = AutoIncrementField(null=True)
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id", index=False)
    position = IntegerField()
    heading = TextField()
    text = TextField(default="", constraints=sql_default(EMPTY))
    numbered = BooleanField(default=True, constraints=sql_default(TRUE))

    class Meta:
        table_name = "section"


class NodeRow(BaseModel):
    """A node of a plan's content tree."""

    id = AutoIncrementField(null=True)
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id", index=False)
    parent = ForeignKeyField("self", null=True, on_delete="CASCADE", column_name="parent_id", index=False)
    position = IntegerField()
    level = IntegerField(constraints=check("level BETWEEN 1 AND 3"))
    title = TextField(default="", constraints=sql_default(EMPTY))
    body = TextField(default="", constraints=sql_default(EMPTY))
    numbered = BooleanField(default=True, constraints=sql_default(TRUE))
    note = TextField(default="", constraints=sql_default(EMPTY))
    months = TextField(default="", constraints=sql_default(EMPTY))
    merge_next = BooleanField(default=False, constraints=sql_default(FALSE))
    source_id = IntegerField(null=True)
    kpi = TextField(default="", constraints=sql_default(EMPTY))  # 衡量指標 (schema v4)
    target = TextField(default="", constraints=sql_default(EMPTY))  # 目標值 (schema v4)

    class Meta:
        table_name = "node"


NodeRow.add_index(NodeRow.index(NodeRow.plan, NodeRow.parent, NodeRow.position, name="node_plan_parent"))
NodeRow.add_index(NodeRow.index(NodeRow.parent, name="node_parent"))  # v6: cascaded deletes find children by it
NodeRow.add_index(NodeRow.index(NodeRow.source_id, name="node_source"))


class NodeUnitRow(BaseModel):
    """A unit assigned to a method, in order."""

    node = ForeignKeyField(NodeRow, on_delete="CASCADE", column_name="node_id", index=False)
    unit = ForeignKeyField(UnitRow, on_delete="CASCADE", column_name="unit_id", index=False)
    position = IntegerField()

    class Meta:
        table_name = "node_unit"
        primary_key = CompositeKey("node", "unit")


NodeUnitRow.add_index(NodeUnitRow.index(NodeUnitRow.unit, name="node_unit_unit"))
NodeUnitRow.add_index(NodeUnitRow.index(NodeUnitRow.node, NodeUnitRow.position, name="node_unit_order"))


class MilestoneRow(BaseModel):
    """A dated event of a plan's review year."""

    id = AutoIncrementField(null=True)
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id", index=False)
    position = IntegerField()
    month = IntegerField(constraints=check("month BETWEEN 1 AND 12"))
    day = IntegerField(null=True, constraints=check("day BETWEEN 1 AND 31"))
    title = TextField()
    unit = ForeignKeyField(UnitRow, null=True, on_delete="SET NULL", column_name="unit_id", index=False)

    class Meta:
        table_name = "milestone"


class ProgressRow(BaseModel):
    """The recorded progress of a method for one review month and unit."""

    id = AutoIncrementField(null=True)
    node = ForeignKeyField(NodeRow, on_delete="CASCADE", column_name="node_id", index=False)
    period = IntegerField(constraints=check("period BETWEEN 1 AND 12"))
    unit = ForeignKeyField(UnitRow, on_delete="CASCADE", column_name="unit_id", index=False)
    status = TextField(constraints=check("status IN ('todo', 'doing', 'late', 'done', 'na')"))
    text = TextField(default="", constraints=sql_default(EMPTY))
    date = TextField(null=True)
    updated = TextField()
    reason = TextField(default="", constraints=sql_default(EMPTY))  # 落後原因 (schema v4)
    measure = TextField(default="", constraints=sql_default(EMPTY))  # 因應對策 (schema v4)
    actual = TextField(default="", constraints=sql_default(EMPTY))  # 實際值 (schema v4)
    # The raw foreign-key values peewee's ObjectIdAccessor exposes (annotations only: no runtime attribute).
    node_id: int
    unit_id: int

    class Meta:
        table_name = "progress"
        indexes = ((("node", "period", "unit"), True),)


ProgressRow.add_index(ProgressRow.index(ProgressRow.unit, name="progress_unit"))


class PeriodLockRow(BaseModel):
    """A review period whose records are frozen."""

    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id", index=False)
    period = IntegerField(constraints=check("period BETWEEN 1 AND 12"))
    locked_at = TextField()

    class Meta:
        table_name = "period_lock"
        primary_key = CompositeKey("plan", "period")


class ReviewRoundRow(BaseModel):
    """A review round of a plan: its send-out date, reply deadline, months covered and grace days."""

    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id", index=False)
    period = IntegerField(constraints=check("period BETWEEN 1 AND 12"))
    send_date = TextField()
    due_date = TextField()
    months = TextField(default="", constraints=sql_default(EMPTY))
    grace_days = IntegerField(default=0, constraints=[*sql_default("0"), *check("grace_days BETWEEN 0 AND 366")])

    class Meta:
        table_name = "review_round"
        primary_key = CompositeKey("plan", "period")


class PlanVersionRow(BaseModel):
    """A frozen version of a plan (定稿 or 修正) with its date, 文號 and a JSON snapshot (schema v5)."""

    id = AutoIncrementField(null=True)
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id", index=False)
    seq = IntegerField()
    kind = TextField(constraints=check("kind IN ('定稿', '修正')"))
    date = TextField()
    doc_number = TextField(default="", constraints=sql_default(EMPTY))
    snapshot = TextField()
    created = TextField()

    class Meta:
        table_name = "plan_version"
        indexes = ((("plan", "seq"), True),)


class UnitNameRow(BaseModel):
    """The name a unit has from a year on (schema v5); a unit without rows has its name in every year."""

    unit = ForeignKeyField(UnitRow, on_delete="CASCADE", column_name="unit_id", index=False)
    from_year = IntegerField()
    name = TextField()

    class Meta:
        table_name = "unit_name"
        primary_key = CompositeKey("unit", "from_year")


class SqliteSequence(BaseModel):
    """SQLite's own table of the last AUTOINCREMENT value per table (never created by us)."""

    name = TextField()
    seq = IntegerField()

    class Meta:
        table_name = "sqlite_sequence"
        primary_key = False


TABLES: list[type[BaseModel]] = [
    Setting,
    UnitRow,
    PlanRow,
    SectionRow,
    NodeRow,
    NodeUnitRow,
    MilestoneRow,
    ProgressRow,
    PeriodLockRow,
    ReviewRoundRow,
    PlanVersionRow,
    UnitNameRow,
]

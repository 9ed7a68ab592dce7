"""peewee models of the workspace file, bound through one DatabaseProxy."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CompositeKey,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

db = DatabaseProxy()


class BaseModel(Model):
    """Base of every table: bound to the proxy."""

    class Meta:
        database = db
        legacy_table_names = False


class Setting(BaseModel):
    """A workspace-wide setting (agency name …)."""

    key = TextField(primary_key=True)
    value = TextField()


class UnitRow(BaseModel):
    """An internal unit."""

    id = AutoField()
    name = TextField()
    position = IntegerField()
    retired = BooleanField(default=False)

    class Meta:
        table_name = "unit"


class PlanRow(BaseModel):
    """A yearly plan's header."""

    id = AutoField()
    year = IntegerField(unique=True)
    title = TextField()
    agency = TextField(default="")
    issued = TextField(default="")
    layout = TextField(default="")
    created = TextField()
    source_plan_id = IntegerField(null=True)

    class Meta:
        table_name = "plan"


class SectionRow(BaseModel):
    """A document section of a plan."""

    id = AutoField()
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id")
    position = IntegerField()
    heading = TextField()
    text = TextField(default="")
    numbered = BooleanField(default=True)

    class Meta:
        table_name = "section"


class NodeRow(BaseModel):
    """A node of a plan's content tree."""

    id = AutoField()
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id")
    parent = ForeignKeyField("self", null=True, on_delete="CASCADE", column_name="parent_id")
    position = IntegerField()
    level = IntegerField()
    title = TextField(default="")
    body = TextField(default="")
    numbered = BooleanField(default=True)
    note = TextField(default="")
    months = TextField(default="")
    merge_next = BooleanField(default=False)
    source_id = IntegerField(null=True)

    class Meta:
        table_name = "node"


class NodeUnitRow(BaseModel):
    """A unit assigned to a method, in order."""

    node = ForeignKeyField(NodeRow, on_delete="CASCADE", column_name="node_id")
    unit = ForeignKeyField(UnitRow, on_delete="CASCADE", column_name="unit_id")
    position = IntegerField()

    class Meta:
        table_name = "node_unit"
        primary_key = CompositeKey("node", "unit")


class MilestoneRow(BaseModel):
    """A dated event of a plan's review year."""

    id = AutoField()
    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id")
    position = IntegerField()
    month = IntegerField()
    day = IntegerField(null=True)
    title = TextField()
    unit = ForeignKeyField(UnitRow, null=True, on_delete="SET NULL", column_name="unit_id")

    class Meta:
        table_name = "milestone"


class ProgressRow(BaseModel):
    """The recorded progress of a method for one review month and unit."""

    id = AutoField()
    node = ForeignKeyField(NodeRow, on_delete="CASCADE", column_name="node_id")
    period = IntegerField()
    unit = ForeignKeyField(UnitRow, on_delete="CASCADE", column_name="unit_id")
    status = TextField()
    text = TextField(default="")
    date = TextField(null=True)
    updated = TextField()

    class Meta:
        table_name = "progress"
        indexes = ((("node", "period", "unit"), True),)


class PeriodLockRow(BaseModel):
    """A review period whose records are frozen."""

    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id")
    period = IntegerField()
    locked_at = TextField()

    class Meta:
        table_name = "period_lock"
        primary_key = CompositeKey("plan", "period")


# ---------------------------------------------------------------- review (schema v4)


class ReviewRoundRow(BaseModel):
    """A review round of a plan: its send-out date, reply deadline, months covered and grace days."""

    plan = ForeignKeyField(PlanRow, on_delete="CASCADE", column_name="plan_id")
    period = IntegerField()
    send_date = TextField()
    due_date = TextField()
    months = TextField(default="")
    grace_days = IntegerField(default=0)

    class Meta:
        table_name = "review_round"
        primary_key = CompositeKey("plan", "period")


class ProgressNoteRow(BaseModel):
    """The review columns of a progress record (落後原因, 因應對策, 實際值): the same table as ProgressRow."""

    id = AutoField()
    node_id = IntegerField()
    period = IntegerField()
    unit_id = IntegerField()
    reason = TextField(default="")
    measure = TextField(default="")
    actual = TextField(default="")

    class Meta:
        table_name = "progress"


class NodeKpiRow(BaseModel):
    """The KPI columns of a node (衡量指標, 目標值): the same table as NodeRow."""

    id = AutoField()
    kpi = TextField(default="")
    target = TextField(default="")

    class Meta:
        table_name = "node"


TABLES = [
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
]

"""What the packet writer and reader agree on: the file format, the form's columns, the hidden sheet's layout."""

from __future__ import annotations

from planner.progress import STATUSES

FORMAT = "planner-packet"
VERSION = 2  # 2: keyed seal and row checks (HMAC with the workspace secret), 落後原因 and 因應對策, KPI
FORM_SHEET = "填報表"
META_SHEET = "_planner"
SEAL = "planner-packet-v2"
FORMATS = ("xlsx", "docx")
# The form's columns: (header, width in column units, field).
COLUMNS = (
    ("項次", 5.5, "number"),
    ("工作要項", 17.0, "item"),
    ("工作重點", 21.0, "focus"),
    ("工作方法", 42.0, "method"),
    ("辦理狀態", 10.0, "status"),
    ("執行情形", 36.0, "text"),
    ("落後原因", 22.0, "reason"),
    ("因應對策", 22.0, "measure"),
    ("完成日期", 12.5, "date"),
    ("衡量指標", 16.0, "kpi"),  # the KPI columns are hidden in a form without any KPI
    ("目標值", 10.0, "target"),
    ("實際值", 10.0, "actual"),
    ("識別碼", 8.0, "node"),
    ("檢查碼", 14.0, "check"),
)
COL = {name: i for i, (_, _, name) in enumerate(COLUMNS, start=1)}
VISIBLE = COL["actual"]  # the columns up to 實際值 are shown; the method id and row check after them are hidden
KPI_COLUMNS = (COL["kpi"], COL["target"], COL["actual"])
MIN_INPUT_LINES = 3  # room to write in the status/text cells
META_FIRST = 20  # first row of the row list on the hidden sheet (its column names on the row above)
META_COLUMNS = (
    "row",
    "node_id",
    "method",
    "updated",
    "status",
    "text",
    "date",
    "reason",
    "measure",
    "actual",
)  # as the fields of read.Expected
STATUS_LIST = "、".join(STATUSES.values())

"""Review packets (執行情形填報表) for a review round: written per unit, collected back, summarised, reminded.

write_packets() writes, for every unit with methods due in the month (各課室 methods in every active unit's),
a fill-in Excel workbook (protected; only 辦理狀態／執行情形／落後原因／因應對策／完成日期／實際值 editable, a status
dropdown, existing records prefilled, the reply deadline) and a printable Word form. It never replaces a form of
the same round holding replies not yet collected (guard; force keeps them and writes the rest). Each workbook
carries hidden identification: a very hidden sheet with the plan, year, month, unit, every row's method id, the
record stamp and prefilled values, sealed by an HMAC keyed with the workspace's secret (secret); and hidden
columns with each row's method id and a keyed row check over its locked cells.

collect() reads one or many returned workbooks (or every .xlsx of a folder) safely, validates everything first
(origin, rows deleted or added, locked cells edited, methods no longer due, statuses, 落後 without 原因/對策,
dates, conflicts between files or with records changed in the program since the packet was written) and applies
all records as ONE undoable edit, or nothing when anything is wrong.

export_summary() writes the month's 執行情形總表 (.xlsx or .docx) with totals per unit and status (and 逾期);
remind.write_reminders() writes a 催辦單 per unit that still owes replies.

Modules: constants (format, form columns, hidden sheet layout), due (what is due in a month), texts (method
paths, group heads, date examples), identity (keyed row checks, the sealed header Head, the seal), secret (the
workspace's key), write_xlsx and write_docx (one unit's workbook and Word form), guard (what an existing form
holds), write (write_packets), read (read_packet), parse (typed statuses and dates), report (Problem, Entry,
CollectReport), collect (validation and the all-or-nothing apply), summary (執行情形總表), remind (催辦單).
"""

from __future__ import annotations

from planner.packets.collect import collect
from planner.packets.constants import (
    COL,
    COLUMNS,
    FORM_SHEET,
    FORMAT,
    FORMATS,
    META_COLUMNS,
    META_FIRST,
    META_SHEET,
    MIN_INPUT_LINES,
    SEAL,
    STATUS_LIST,
    VERSION,
    VISIBLE,
)
from planner.packets.due import DueRow, due_rows, due_units
from planner.packets.identity import Head, row_check, seal_of
from planner.packets.parse import parse_date, parse_status
from planner.packets.read import Expected, PacketData, PacketRow, read_packet
from planner.packets.report import CollectReport, Entry, Problem
from planner.packets.summary import (
    NO_RECORD,
    SUMMARY_COLUMNS,
    TOTAL_HEADERS,
    SummaryRow,
    export_summary,
    summary_rows,
    summary_totals,
)
from planner.packets.texts import date_example, method_path
from planner.packets.write import packet_name, write_packets

__all__ = [
    "COL",
    "COLUMNS",
    "FORMAT",
    "FORMATS",
    "FORM_SHEET",
    "META_COLUMNS",
    "META_FIRST",
    "META_SHEET",
    "MIN_INPUT_LINES",
    "NO_RECORD",
    "SEAL",
    "STATUS_LIST",
    "SUMMARY_COLUMNS",
    "TOTAL_HEADERS",
    "VERSION",
    "VISIBLE",
    "CollectReport",
    "DueRow",
    "Entry",
    "Expected",
    "Head",
    "PacketData",
    "PacketRow",
    "Problem",
    "SummaryRow",
    "collect",
    "date_example",
    "due_rows",
    "due_units",
    "export_summary",
    "method_path",
    "packet_name",
    "parse_date",
    "parse_status",
    "read_packet",
    "row_check",
    "seal_of",
    "summary_rows",
    "summary_totals",
    "write_packets",
]

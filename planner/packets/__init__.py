"""Review packets (執行情形填報表) for a review month: written per unit, collected back, summarised.

write_packets() writes, for every unit with methods due in the month, a fill-in Excel workbook (protected,
only 辦理狀態／執行情形／完成日期 editable, a status dropdown, existing records prefilled) and a printable Word
form. Each workbook carries hidden identification: a very hidden sheet with the plan, year, month, unit,
every row's method id, the record stamp and prefilled values at writing, sealed by a checksum; and hidden
columns with each row's method id and a row check code.

collect() reads one or many returned workbooks safely, validates everything first (origin, rows deleted or
added, methods no longer due, statuses, dates, conflicts between files or with records changed in the program
since the packet was written) and applies all records as ONE undoable edit, or nothing when anything is wrong.

export_summary() writes the month's 執行情形總表 (.xlsx or .docx) with totals per unit and status.

Modules: constants (format, form columns, hidden sheet layout), due (what is due in a month), texts (method
paths, group heads, date examples), identity (row check codes, the sealed header Head, the seal), write_xlsx and
write_docx (one unit's workbook and Word form; Word documents are built with planner.export.word), write
(write_packets), read (read_packet), parse (typed statuses and dates), report (Problem, Entry, CollectReport),
collect (validation and the all-or-nothing apply), summary (執行情形總表).
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

"""The month's 執行情形總表 (.xlsx or .docx): every due (method, unit) with its record, totals per unit and status."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from docx.document import Document as DocxDocument
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from planner.errors import BadInput
from planner.export import atomic_write, check_target, full_title
from planner.export.ods import write_workbook_ods
from planner.export.word import cm, paragraph, run, table_document, table_xml
from planner.export.xlsx import height_of, line_count, setup_page, spread
from planner.export.xlsx_book import ALL_BORDERS, BODY_PT, CJK, SUBTITLE_PT, TITLE_PT, TOP_CENTRE, Book, CellStyle
from planner.kpi import Kpi, plan_kpis
from planner.model import Plan, Unit
from planner.packets.due import DueRow, check_period, due_units
from planner.packets.texts import head_text, method_line
from planner.progress import STATUSES, Record, records
from planner.review import Note, progress_notes
from planner.rounds import review_round, roc_date
from planner.status_colors import COLORS, argb
from planner.status_colors import color as status_color
from planner.status_colors import fill as status_fill
from planner.workspace import Workspace

log = logging.getLogger(__name__)

NO_RECORD = "未填報"
OVERDUE = "逾期"  # no reply after the round's deadline
SUMMARY_COLUMNS = (
    ("業務單位", 11.0),
    ("工作要項", 17.0),
    ("工作重點", 21.0),
    ("工作方法", 30.0),
    ("辦理狀態", 9.5),
    ("執行情形", 40.0),
    ("落後原因", 22.0),
    ("因應對策", 22.0),
    ("完成日期", 12.0),
    ("衡量指標／實際值", 22.0),
)
STATUS_COL = 5  # 1-based column of 辦理狀態
TOTAL_HEADERS = ("業務單位", *STATUSES.values(), NO_RECORD, OVERDUE, "合計")


@dataclass(frozen=True)
class SummaryRow:
    """A due (method, unit) of the month with its record."""

    unit: Unit
    due: DueRow
    record: Record | None
    note: Note = field(default_factory=Note)
    overdue: bool = False
    kpi: Kpi = field(default_factory=Kpi)

    @property
    def kpi_text(self) -> str:
        """Return 「到館人次：目標 12,000／實際 12,500」 ("" without a KPI)."""
        if not self.kpi.kpi:
            return ""
        return self.kpi.text() + (f"／實際 {self.note.actual}" if self.note.actual else "／實際 未填")

    @property
    def status_name(self) -> str:
        """Return the Chinese status; without a record 未填報, or 逾期 after the round's deadline."""
        if self.record:
            return self.record.status_name
        return OVERDUE if self.overdue else NO_RECORD

    @property
    def state(self) -> str:
        """Return the colour key of planner.status_colors: the status code, "overdue" or "none"."""
        if self.record:
            return self.record.status
        return "overdue" if self.overdue else "none"


def summary_rows(ws: Workspace, plan: Plan, period: int, today: dt.date | None = None) -> list[SummaryRow]:
    """Return every due (method, unit) of the month with its record, by unit then plan order."""
    recs = records(ws, plan, period)
    notes = progress_notes(ws, plan, period)
    late = review_round(ws, plan, period).overdue(today or dt.date.today())
    kpis = plan_kpis(ws, plan)
    no_note, no_kpi = Note(), Kpi()  # frozen: one empty note and KPI shared by the rows without one
    out = []
    for unit, rows in due_units(ws, plan, period):
        for due in rows:
            key = (due.method.id, period, unit.id)
            note = notes.get(key) or no_note
            kpi = kpis.get(due.method.id) or no_kpi
            out.append(SummaryRow(unit, due, recs.get(key), note, late and key not in recs, kpi))
    return out


def summary_totals(rows: list[SummaryRow]) -> list[tuple[str, list[int]]]:
    """Return (unit name, counts per status + 未填報 + 逾期 + total) per unit and a 合計 line."""
    names = [*STATUSES.values(), NO_RECORD, OVERDUE]
    per_unit: dict[str, list[int]] = {}
    for row in rows:
        counts = per_unit.setdefault(row.unit.name, [0] * (len(names) + 1))
        counts[names.index(row.status_name)] += 1
        counts[-1] += 1
    total = [sum(c[i] for c in per_unit.values()) for i in range(len(names) + 1)]
    return [*per_unit.items(), ("合計", total)]


def export_summary(ws: Workspace, plan: Plan, period: int, path: Path, today: dt.date | None = None) -> Path:
    """Write the month's 執行情形總表 as .xlsx, .docx or .ods (by the file's suffix); return the file written."""
    check_period(period)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx", ".ods"):
        raise BadInput(f"執行情形總表只能存成 .xlsx、.docx 或 .ods（收到：{path.name}）。")
    check_target(path, suffix)
    rows = summary_rows(ws, plan, period, today)
    if not rows:
        raise BadInput(f"{plan.year} 年度計畫在 {period}月沒有需要查核的工作方法，沒有總表可以匯出。")
    write: Callable[[BinaryIO], object]
    if suffix == ".docx":
        write = _summary_document(ws, plan, period, rows).save
    else:
        book = _summary_book(ws, plan, period, rows)
        write = book.save if suffix == ".xlsx" else partial(write_workbook_ods, book.workbook())
    target = atomic_write(path, suffix, write)
    log.info("wrote the summary of %s/%s to %s", plan.year, period, target)
    return target


def _summary_cells(labels: dict[int, str], row: SummaryRow, heads: dict[tuple[Any, ...], str]) -> list[str]:
    """Return a row's ten texts; heads keeps the 要項/重點/方法 texts, the same on every unit's rows."""
    method = row.due.method
    item, focuses, line = (row.due.item,), row.due.focuses, ("method", method)
    if line not in heads:
        heads[line] = method_line(labels[method.id], method, 60)
    for nodes in (item, focuses):
        if nodes not in heads:
            heads[nodes] = head_text(labels, nodes)
    return [
        row.unit.name,
        heads[item],
        heads[focuses],
        heads[line],
        row.status_name,
        row.record.text if row.record else "",
        row.note.reason,
        row.note.measure,
        row.record.date or "" if row.record else "",
        row.kpi_text,
    ]


def _status_styles() -> dict[str, CellStyle]:
    """Return the 辦理狀態 cell style of every colour key of planner.status_colors ("status:done", …)."""
    out = {}
    for state in COLORS:
        back = status_fill(state)
        fill = PatternFill("solid", start_color=argb(back), end_color=argb(back)) if back else None
        text = Font(name=CJK, size=BODY_PT, bold=back is not None, color=argb(status_color(state)))
        out[f"status:{state}"] = CellStyle(text, TOP_CENTRE, ALL_BORDERS, fill)
    return out


def _summary_book(ws: Workspace, plan: Plan, period: int, rows: list[SummaryRow]) -> Book:
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    book = Book(extra_styles=_status_styles())
    sheet = book.add(f"{period}月執行情形")
    last_col = len(SUMMARY_COLUMNS)
    total = sum(w for _, w in SUMMARY_COLUMNS)
    for i, (_, width) in enumerate(SUMMARY_COLUMNS, start=1):
        sheet.widths[i] = width
    heights = sheet.heights
    tops = [("title", agency + title, TITLE_PT), ("subtitle", f"{plan.year}年{period}月 執行情形總表", SUBTITLE_PT)]
    for r, (style, text, size) in enumerate(tops, start=1):
        for c in range(1, last_col + 1):
            sheet.put(r, c, text if c == 1 else None, style)
        sheet.merge(r, 1, r, last_col)
        heights[r] = height_of(line_count(text, total * BODY_PT / size), size * 1.35) + 2
    header = len(tops) + 1
    for c, (name, _) in enumerate(SUMMARY_COLUMNS, start=1):
        sheet.put(header, c, name, "header")
    heights[header] = height_of(1) + 6
    r = header + 1
    starts: dict[int, int] = {}
    texts: dict[int, str] = {}
    previous: list[Any] | None = None
    styles = ["centre" if c in (1, STATUS_COL, last_col - 1) else "cell" for c in range(1, last_col + 1)]
    heads: dict[tuple[Any, ...], str] = {}
    method_lines: dict[str, int] = {}  # a method's lines, measured once for all its units' rows
    for row in rows:
        cells = _summary_cells(labels, row, heads)
        keys = [row.unit.id, (row.unit.id, row.due.item.id), (row.unit.id, row.due.focuses)]
        for col in (1, 2, 3):
            if previous is None or previous[col - 1] != keys[col - 1]:
                if previous is not None:
                    _summary_block(sheet.merge, heights, starts[col], r - 1, col, texts[col])
                starts[col], texts[col] = r, cells[col - 1]
        styles[STATUS_COL - 1] = f"status:{row.state if row.state in COLORS else 'none'}"
        sheet.put_row(r, [value if c > 3 or starts[c] == r else None for c, value in enumerate(cells, 1)], styles)
        lines = method_lines.get(cells[3])
        if lines is None:
            lines = method_lines[cells[3]] = line_count(cells[3], SUMMARY_COLUMNS[3][1])
        for c in (5, 6, 7):  # 執行情形, 落後原因, 因應對策: with 工作方法 the texts that set a row's height
            if cells[c]:
                lines = max(lines, line_count(cells[c], SUMMARY_COLUMNS[c][1]))
        heights[r] = height_of(lines)
        previous = keys
        r += 1
    for col in (1, 2, 3):
        _summary_block(sheet.merge, heights, starts[col], r - 1, col, texts[col])
    last = r - 1
    r += 1
    sheet.put(r, 1, "統計", "info")
    heights[r] = height_of(1) + 4
    r += 1
    totals_header = r
    for c, name in enumerate(TOTAL_HEADERS, start=1):
        sheet.put(r, c, name, "header")
    heights[r] = height_of(1) + 6
    r += 1
    for unit_name, counts in summary_totals(rows):
        sheet.put(r, 1, unit_name, "bold_middle" if unit_name == "合計" else "middle")
        for c, count in enumerate(counts, start=2):
            sheet.put(r, c, count, "middle")
        heights[r] = height_of(1) + 2
        r += 1
    area = f"A1:{get_column_letter(max(last_col, len(TOTAL_HEADERS)))}{r - 1}"
    sheet.setup.append(partial(_summary_page, header=header, area=area))
    log.debug("summary rows %d..%d, totals at %d", header + 1, last, totals_header)
    book.properties = {
        "title": f"{plan.year}年{period}月 執行情形總表",
        "creator": agency or ws.agency,
        "lastModifiedBy": agency or ws.agency,
        "subject": agency + title,
        "language": "zh-TW",
    }
    return book


def _summary_page(sheet: Any, header: int, area: str) -> None:
    """The 總表's page: A4 landscape, the header row on every page, the print area up to the totals."""
    setup_page(sheet, header, header)
    sheet.print_area = area


def _summary_block(
    merge: Callable[[int, int, int, int], None], heights: dict[int, float], first: int, last: int, col: int, text: str
) -> None:
    merge(first, col, last, col)
    spread(heights, first, last, height_of(line_count(text, SUMMARY_COLUMNS[col - 1][1])))


def _summary_document(ws: Workspace, plan: Plan, period: int, rows: list[SummaryRow]) -> DocxDocument:
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    table_rows: list[list[tuple[str, str | None]]] = []
    marks = [{STATUS_COL - 1: (status_color(row.state), status_fill(row.state))} for row in rows]  # as in the xlsx
    previous: list[Any] | None = None
    heads: dict[tuple[Any, ...], str] = {}
    for row in rows:
        cells = _summary_cells(labels, row, heads)
        keys = [row.unit.id, (row.unit.id, row.due.item.id), (row.unit.id, row.due.focuses)]
        out: list[tuple[str, str | None]] = []
        for c, value in enumerate(cells):
            if c < 3:
                same = previous is not None and previous[c] == keys[c]
                out.append((value, "continue" if same else "restart"))
            else:
                out.append((value, None))
        table_rows.append(out)
        previous = keys
    totals: list[list[tuple[str, str | None]]] = [
        [(name, None), *((str(n), None) for n in counts)] for name, counts in summary_totals(rows)
    ]
    widths = [round(cm(w)) for w in (3.6, *([2.3] * (len(TOTAL_HEADERS) - 1)))]
    tail = paragraph("PlanHeading", run("統計")) + table_xml(
        TOTAL_HEADERS, widths, totals, tuple(range(len(TOTAL_HEADERS))), cm(0.8)
    )
    done = sum(1 for r in rows if r.record is not None)
    late = sum(1 for r in rows if r.overdue)
    return table_document(
        agency + title,
        f"{plan.year}年{period}月 執行情形總表",
        [
            f"應查核 {len(rows)} 項（方法 × 單位），已填報 {done} 項，逾期 {late} 項。"
            f"回收期限：{roc_date(review_round(ws, plan, period).deadline)}。"
        ],
        tuple(h for h, _ in SUMMARY_COLUMNS),
        (1.8, 2.6, 3.0, 4.2, 1.8, 4.6, 2.8, 2.8, 1.9, 2.8),
        table_rows,
        centred=(0, 4, 8),
        min_row_cm=0.8,
        subject=f"{plan.year}年{period}月 執行情形總表",
        agency=agency or ws.agency,
        tail=tail,
        marks=marks,
    )

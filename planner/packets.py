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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from planner.calendar import month_end
from planner.errors import BadInput, OperationRefused
from planner.export import atomic_write, check_target, full_title
from planner.export import docx as wd
from planner.export.scope import focus_groups, select
from planner.export.xlsx import (
    BODY_PT,
    SUBTITLE_PT,
    TITLE_PT,
    Styles,
    clean_text,
    height_of,
    labelled,
    line_count,
    merge,
    new_workbook,
    put,
    set_heights,
    setup_page,
    spread,
)
from planner.model import Node, Plan, Unit
from planner.numerals import METHOD, roc_to_ad
from planner.progress import STATUS_CODES, STATUSES, Record, check_key, locked_periods, records
from planner.steps import SetProgress
from planner.workspace import Workspace

log = logging.getLogger(__name__)

FORMAT = "planner-packet"
VERSION = 1
FORM_SHEET = "填報表"
META_SHEET = "_planner"
SEAL = "planner-packet-v1"
FORMATS = ("xlsx", "docx")
NO_RECORD = "未填報"
# The form's columns: (header, width in column units, field).
COLUMNS = (
    ("項次", 5.5, "number"),
    ("工作要項", 17.0, "item"),
    ("工作重點", 21.0, "focus"),
    ("工作方法", 42.0, "method"),
    ("辦理狀態", 10.0, "status"),
    ("執行情形", 44.0, "text"),
    ("完成日期", 12.5, "date"),
    ("識別碼", 8.0, "node"),
    ("檢查碼", 14.0, "check"),
)
COL = {name: i for i, (_, _, name) in enumerate(COLUMNS, start=1)}
VISIBLE = 7  # columns A–G are shown; H (method id) and I (row check) are hidden
MIN_INPUT_LINES = 3  # room to write in the status/text cells
META_FIRST = 20  # first row of the row list on the hidden sheet
STATUS_LIST = "、".join(STATUSES.values())
_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_DATE = re.compile(r"^(\d{2,4})\s*[-/.．年]\s*(\d{1,2})\s*[-/.．月]\s*(\d{1,2})\s*日?$")


# ---------------------------------------------------------------- what is due


@dataclass(frozen=True)
class DueRow:
    """A method due for one unit in a review month, with its 要項 and 重點 (group) for context."""

    item: Node
    focuses: tuple[Node, ...]
    method: Node


def due_rows(plan: Plan, period: int, unit_id: int) -> list[DueRow]:
    """Return the methods due in a month for a unit, in plan order, with their context."""
    out: list[DueRow] = []
    for item, focuses in select(plan):
        for group in focus_groups(focuses):
            heads = tuple(f for f, _ in group)
            for _, methods in group:
                out.extend(DueRow(item, heads, m) for m in methods if period in m.months and unit_id in m.units)
    return out


def due_units(ws: Workspace, plan: Plan, period: int) -> list[tuple[Unit, list[DueRow]]]:
    """Return every unit (in unit order) with the methods due for it in a month."""
    out = []
    for unit in ws.units(include_retired=True):
        rows = due_rows(plan, period, unit.id)
        if rows:
            out.append((unit, rows))
    return out


def _check_period(period: int) -> None:
    if not 1 <= period <= 12:
        raise BadInput(f"查核月份必須介於 1 到 12 月（收到：{period}）。")


def method_path(plan: Plan, labels: dict[int, str], method: Node, width: int = 40) -> str:
    """Return a method with its full numbering for messages: 「一、(二)3.訂立標準作業程序」."""
    path = "".join(labels[n.id] for n in method.ancestors()) + labels[method.id]
    text = method.title.strip() or next((ln.strip() for ln in method.body.splitlines() if ln.strip()), "")
    return path + (text if len(text) <= width else text[: width - 1] + "…")


def _head_text(labels: dict[int, str], nodes: Iterable[Node]) -> str:
    return "\n".join(labelled(labels[n.id], n.title, "") for n in nodes)


def packet_name(plan: Plan, period: int, unit_name: str, suffix: str) -> str:
    """Return a packet's file name: 「115年6月_推廣課_執行情形填報表.xlsx」."""
    unit = _FILE_BAD.sub("_", unit_name).strip(" .") or "單位"
    return f"{plan.year}年{period}月_{unit}_執行情形填報表{suffix}"


# ---------------------------------------------------------------- checksums


def row_check(plan_id: int, period: int, unit_id: int, node_id: int) -> str:
    """Return the check code of a form row (detects a changed method id)."""
    return hashlib.sha256(f"{SEAL}|{plan_id}|{period}|{unit_id}|{node_id}".encode()).hexdigest()[:12]


def _seal(head: dict[str, Any], rows: list[list[Any]]) -> str:
    data = json.dumps([head, rows], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{SEAL}|{data}".encode()).hexdigest()[:20]


# ---------------------------------------------------------------- writing: Excel


@dataclass(frozen=True)
class _Head:
    plan_id: int
    year: int
    period: int
    unit_id: int
    unit: str
    created: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def date_example(plan: Plan, period: int) -> str:
    """Return how to write a date of the review month: 「2026-06-30 或 115/6/30」."""
    day = month_end(roc_to_ad(plan.year), period)
    return f"{day.isoformat()} 或 {plan.year}/{period}/{day.day}"


def _instructions(plan: Plan, period: int) -> str:
    return (
        f"填寫說明：請在「辦理狀態」欄選擇{STATUS_LIST}，在「執行情形」欄簡要說明辦理情形，"
        f"「完成日期」請填 {date_example(plan, period)} 格式。"
        "其他欄位已鎖定，請勿增刪列或修改工作表；填妥後直接回傳本檔案。"
    )


def _record_values(record: Record | None) -> tuple[str, str, str]:
    if record is None:
        return "", "", ""
    return record.status, record.text, record.date or ""


def _packet_workbook(ws: Workspace, plan: Plan, period: int, unit: Unit, rows: list[DueRow]) -> Any:
    """Return the fill-in workbook of one unit."""
    labels = plan.numbering()
    recs = records(ws, plan, period)
    agency, title = full_title(ws, plan)
    head = _Head(
        plan.id, plan.year, period, unit.id, _canon(unit.name), dt.datetime.now().isoformat(timespec="seconds")
    )
    wb = new_workbook()
    styles = Styles()
    sheet = wb.active
    sheet.title = FORM_SHEET
    total = sum(w for _, w, _ in COLUMNS[:VISIBLE])
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[chr(64 + i)].width = width
    for letter in ("H", "I"):
        sheet.column_dimensions[letter].hidden = True
    heights: dict[int, float] = {}
    lines = [
        ("title", agency + title, TITLE_PT),
        ("subtitle", f"{plan.year}年{period}月 執行情形填報表", SUBTITLE_PT),
        ("info", f"填報單位：{unit.name}　　應填報方法：{len(rows)} 項", BODY_PT),
        ("note", _instructions(plan, period), 11),
    ]
    for r, (style, text, size) in enumerate(lines, start=1):
        for c in range(1, VISIBLE + 1):
            put(sheet, r, c, text if c == 1 else None, style, styles)
        merge(sheet, r, 1, r, VISIBLE)
        heights[r] = height_of(line_count(text, total * BODY_PT / size), size * 1.35) + 2
    header = len(lines) + 1
    for c, (name, _, _) in enumerate(COLUMNS, start=1):
        put(sheet, header, c, name, "header", styles)
    heights[header] = height_of(1) + 6
    first = header + 1
    meta_rows: list[list[Any]] = []
    item_start = focus_start = first
    prev_item: Node | None = None
    prev_focus: tuple[Node, ...] | None = None
    r = first
    for n, due in enumerate(rows, start=1):
        method = due.method
        status, text, date = _record_values(recs.get((method.id, period, unit.id)))
        record = recs.get((method.id, period, unit.id))
        new_item = due.item is not prev_item
        new_focus = new_item or due.focuses != prev_focus
        if new_focus and r > first:
            _close_block(sheet, heights, focus_start, r - 1, COL["focus"], _head_text(labels, prev_focus or ()))
        if new_item and r > first and prev_item is not None:
            _close_block(sheet, heights, item_start, r - 1, COL["item"], _head_text(labels, (prev_item,)))
        if new_item:
            item_start = r
        if new_focus:
            focus_start = r
        method_text = labelled(labels[method.id], method.title, method.body)
        put(sheet, r, COL["number"], n, "centre", styles)
        put(sheet, r, COL["item"], _head_text(labels, (due.item,)) if new_item else None, "cell", styles)
        put(sheet, r, COL["focus"], _head_text(labels, due.focuses) if new_focus else None, "cell", styles)
        put(sheet, r, COL["method"], method_text, "cell", styles)
        put(sheet, r, COL["status"], STATUSES[status] if status else None, "input_centre", styles)
        put(sheet, r, COL["text"], text, "input", styles)
        put(sheet, r, COL["date"], dt.date.fromisoformat(date) if date else None, "input_date", styles)
        put(sheet, r, COL["node"], method.id, "centre", styles)
        put(sheet, r, COL["check"], row_check(plan.id, period, unit.id, method.id), "centre", styles)
        tallest = max(
            MIN_INPUT_LINES,
            line_count(method_text, COLUMNS[COL["method"] - 1][1]),
            line_count(text, COLUMNS[COL["text"] - 1][1]) if text else 1,
        )
        heights[r] = height_of(tallest)
        meta_rows.append(
            [r, method.id, *map(_canon, (method_path(plan, labels, method), record.updated if record else "")), status]
            + [_canon(text), date]
        )
        prev_item, prev_focus = due.item, due.focuses
        r += 1
    if rows:
        _close_block(sheet, heights, focus_start, r - 1, COL["focus"], _head_text(labels, prev_focus or ()))
        _close_block(
            sheet, heights, item_start, r - 1, COL["item"], _head_text(labels, (prev_item,) if prev_item else ())
        )
    last = r - 1
    set_heights(sheet, heights)
    setup_page(sheet, header, header)
    sheet.print_area = f"A1:G{max(last, header)}"
    status_dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="辦理狀態",
        error=f"請從清單中選擇：{STATUS_LIST}",
        promptTitle="辦理狀態",
        prompt="請從清單中選擇",
    )
    date_dv = DataValidation(
        showInputMessage=True,
        promptTitle="完成日期",
        prompt=f"例如 {date_example(plan, period)}",
    )
    sheet.add_data_validation(status_dv)
    sheet.add_data_validation(date_dv)
    if rows:
        status_dv.add(f"E{first}:E{last}")
        date_dv.add(f"G{first}:G{last}")
    protect = sheet.protection
    protect.sheet = True
    protect.formatRows = False  # rows and columns may be resized to read long text
    protect.formatColumns = False
    protect.selectLockedCells = False
    protect.selectUnlockedCells = False

    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    values = head.as_dict()
    seal = _seal(values, meta_rows)
    pairs = [("format", FORMAT), ("version", VERSION), *values.items(), ("header_row", header), ("rows", len(rows))]
    pairs.append(("seal", seal))
    for i, (key, value) in enumerate(pairs, start=1):
        meta.cell(i, 1, key)
        cell = meta.cell(i, 2, value)
        if isinstance(value, str):
            cell.data_type = "s"
    for c, name in enumerate(("row", "node_id", "method", "updated", "status", "text", "date"), start=1):
        meta.cell(META_FIRST - 1, c, name)
    for i, values_row in enumerate(meta_rows):
        for c, value in enumerate(values_row, start=1):
            if value != "":
                cell = meta.cell(META_FIRST + i, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{plan.year}年{period}月 {unit.name} 執行情形填報表"
    wb.properties.creator = wb.properties.lastModifiedBy = agency or ws.agency
    wb.properties.subject = agency + title
    wb.properties.keywords = "執行情形填報表"
    wb.properties.language = "zh-TW"
    return wb


def _close_block(sheet: Any, heights: dict[int, float], first: int, last: int, col: int, text: str) -> None:
    merge(sheet, first, col, last, col)
    spread(heights, first, last, height_of(line_count(text, COLUMNS[col - 1][1])))


# ---------------------------------------------------------------- writing: Word


def _packet_document(ws: Workspace, plan: Plan, period: int, unit: Unit, rows: list[DueRow]) -> Any:
    """Return the printable Word form of one unit (status and text left blank to fill by hand)."""
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    widths_cm = (1.5, 3.4, 4.0, 7.6, 2.6, 6.0, 2.4)
    status_box = "\n".join(f"□{name}" for name in STATUSES.values())
    table_rows: list[list[tuple[str, str | None]]] = []
    prev_item: Node | None = None
    prev_focus: tuple[Node, ...] | None = None
    for n, due in enumerate(rows, start=1):
        new_item = due.item is not prev_item
        new_focus = new_item or due.focuses != prev_focus
        table_rows.append(
            [
                (str(n), None),
                (_head_text(labels, (due.item,)), "restart" if new_item else "continue"),
                (_head_text(labels, due.focuses), "restart" if new_focus else "continue"),
                (labelled(labels[due.method.id], due.method.title, due.method.body), None),
                (status_box, None),
                ("", None),
                ("", None),
            ]
        )
        prev_item, prev_focus = due.item, due.focuses
    subtitle = f"{plan.year}年{period}月 執行情形填報表"
    info = f"填報單位：{unit.name}　　填報人：＿＿＿＿＿＿　　聯絡電話：＿＿＿＿＿＿　　填報日期：＿＿＿＿＿＿"
    headers = ("項次", "工作要項", "工作重點", "工作方法", "辦理狀態", "執行情形", "完成日期")
    return _word_document(
        agency + title,
        subtitle,
        [info, f"說明：請勾選辦理狀態並填寫執行情形及完成日期（共 {len(rows)} 項）。"],
        headers,
        widths_cm,
        table_rows,
        centred=(0, 4, 6),
        min_row_cm=2.2,
        subject=f"{unit.name} {subtitle}",
        agency=agency or ws.agency,
    )


def _word_document(
    title: str,
    subtitle: str,
    notes: list[str],
    headers: tuple[str, ...],
    widths_cm: tuple[float, ...],
    rows: list[list[tuple[str, str | None]]],
    centred: tuple[int, ...],
    min_row_cm: float,
    subject: str,
    agency: str,
    tail: str = "",
) -> Any:
    """Return a landscape A4 Word document with a title, notes and one table (cells: text, vMerge or None)."""
    doc = Document()
    wd._setup_styles(doc)
    wd._setup_settings(doc)
    wd._setup_package(doc, agency)
    text_width = wd._setup_page(doc, True)
    wd._setup_footer(doc)
    wd._setup_properties(doc, title, agency, subject)
    scale = text_width / sum(wd._cm(w) for w in widths_cm)
    widths = [round(wd._cm(w) * scale) for w in widths_cm]
    widths[-1] += text_width - sum(widths)
    blocks = [wd._p("PlanTitle", wd._run(title)), wd._p("PlanSubtitle", wd._run(subtitle))]
    blocks += [wd._p("PlanText", wd._run(note)) for note in notes]
    blocks.append(_word_table(headers, widths, rows, centred, wd._cm(min_row_cm)))
    if tail:
        blocks.append(tail)
    blocks.append(f'<w:p><w:pPr><w:pStyle w:val="PlanCell"/><w:rPr>{wd.FONTS}{wd._size(2)}</w:rPr></w:pPr></w:p>')
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for block in list(parse_xml(f"<w:body {wd.W}>{''.join(blocks)}</w:body>")):
        sect_pr.addprevious(block)
    return doc


def _word_table(
    headers: tuple[str, ...],
    widths: list[int],
    rows: list[list[tuple[str, str | None]]],
    centred: tuple[int, ...],
    min_height: int,
) -> str:
    """Return a bordered <w:tbl> with a repeated header row; cells given as (text, vMerge value or None)."""
    borders = "".join(wd.BORDER.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = (
        f'<w:top w:w="{wd.CELL_MARGIN_Y}" w:type="dxa"/><w:left w:w="{wd.CELL_MARGIN_X}" w:type="dxa"/>'
        f'<w:bottom w:w="{wd.CELL_MARGIN_Y}" w:type="dxa"/><w:right w:w="{wd.CELL_MARGIN_X}" w:type="dxa"/>'
    )
    out = [
        f'<w:tbl {wd.W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for name, width in zip(headers, widths):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{wd.HEADER_FILL}"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{wd._p('PlanCellHeader', wd._run(name, bold=True))}</w:tc>"
        )
    out.append("</w:tr>")
    for row in rows:
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{min_height}" w:hRule="atLeast"/></w:trPr>')
        for i, ((text, vmerge), width) in enumerate(zip(row, widths)):
            style = "PlanCellCenter" if i in centred else "PlanCell"
            merge_xml = f'<w:vMerge w:val="{vmerge}"/>' if vmerge else ""
            paras = (
                ""
                if vmerge == "continue"
                else "".join(wd._p(style, wd._run(line)) for line in text.split("\n") if line)
            )
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge_xml}<w:vAlign w:val="top"/></w:tcPr>'
                f"{paras or wd.EMPTY_CELL_P}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def write_packets(ws: Workspace, plan: Plan, period: int, folder: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write one fill-in packet per unit with methods due in the month; return the files written."""
    _check_period(period)
    formats = tuple(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise BadInput(f"填報表不支援 {fmt} 格式（可用：{'、'.join(FORMATS)}）。")
    if not formats:
        raise BadInput("請至少選擇一種填報表格式。")
    units = due_units(ws, plan, period)
    if not units:
        raise BadInput(f"{plan.year} 年度計畫在 {period}月沒有需要查核的工作方法，不必產生填報表。")
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"「{folder}」不是資料夾。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"無法建立資料夾「{folder}」：{exc.strerror or exc}") from None
    written: list[Path] = []
    for unit, rows in units:
        for fmt in formats:
            target = folder / packet_name(plan, period, unit.name, f".{fmt}")
            check_target(target, f".{fmt}")
            if fmt == "xlsx":
                book = _packet_workbook(ws, plan, period, unit, rows)
            else:
                book = _packet_document(ws, plan, period, unit, rows)
            written.append(atomic_write(target, f".{fmt}", book.save))
    log.info("wrote %d packets for %s/%s", len(written), plan.year, period)
    return written


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class PacketRow:
    """A row of a returned form as found: method id and check code from the hidden columns, the inputs."""

    row: int
    node_id: int | None
    check: str
    status: str
    text: str
    date: Any


@dataclass(frozen=True)
class Expected:
    """A row as written, from the hidden sheet: method id, record stamp and prefilled values."""

    row: int
    node_id: int
    method: str
    updated: str
    status: str
    text: str
    date: str


@dataclass
class PacketData:
    """A returned packet as read, not yet validated against the workspace."""

    path: Path
    plan_id: int
    year: int
    period: int
    unit_id: int
    unit: str
    created: str
    sealed: bool
    expected: list[Expected]
    rows: list[PacketRow]

    @property
    def name(self) -> str:
        """Return the file name."""
        return self.path.name


def _canon(text: str) -> str:
    """Return a text as it will read back from a cell (sealed values must survive the round trip)."""
    return _cell_text(clean_text(text))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def read_packet(path: Path | str) -> PacketData:
    """Read a returned packet safely (size, zip bomb and DOCTYPE checks first); BadInput when it is not one."""
    import openpyxl

    from planner.importers.safety import open_package, sniff
    from planner.importers.xlsx import _precheck

    path = Path(path)
    with open_package(path) as pkg:
        kind, _ = sniff(pkg)
        if kind != "xlsx":
            raise BadInput(f"「{path.name}」是 Word 檔：紙本填報表無法自動收回，請使用 Excel 填報表（.xlsx）。")
        _precheck(pkg)
        pkg.fh.seek(0)
        try:
            # Read-only mode streams the rows (no merged-cell or style objects): 10× faster on big packets.
            wb = openpyxl.load_workbook(pkg.fh, read_only=True, data_only=True, keep_links=False, keep_vba=False)
            try:
                return _read_workbook(path, wb)
            finally:
                wb.close()
        except BadInput:
            raise
        except Exception as exc:  # noqa: BLE001 - a hostile or damaged file may make the parser raise anything
            raise BadInput(f"無法讀取「{path.name}」（{type(exc).__name__}），檔案可能已損壞。") from None


def _rows(sheet: Any, first: int, width: int) -> list[tuple[Any, ...]]:
    """Return the rows of a read-only sheet from a row on, every row padded to a width (rows numbered from first)."""
    sheet.reset_dimensions()  # do not trust the file's <dimension>: read every row it holds
    return [
        tuple(row) + (None,) * (width - len(row))
        for row in sheet.iter_rows(min_row=first, max_col=width, values_only=True)
    ]


def _read_workbook(path: Path, wb: Any) -> PacketData:
    not_packet = f"「{path.name}」不是本程式產生的執行情形填報表（找不到識別資料），無法收回。"
    if META_SHEET not in wb.sheetnames:
        raise BadInput(not_packet)
    meta_rows = _rows(wb[META_SHEET], 1, 7)
    pairs = {_cell_text(row[0]): row[1] for row in meta_rows[: META_FIRST - 2]}
    if pairs.get("format") != FORMAT:
        raise BadInput(not_packet)
    if _int(pairs.get("version")) != VERSION:
        raise BadInput(f"「{path.name}」是其他版本的填報表，無法收回；請重新產生填報表。")
    damaged = f"「{path.name}」的識別資料已損壞，無法確認這份填報表的來源。"
    head: dict[str, Any] = {}
    for key in ("plan_id", "year", "period", "unit_id"):
        value = _int(pairs.get(key))
        if value is None:
            raise BadInput(damaged)
        head[key] = value
    head["unit"] = _cell_text(pairs.get("unit"))
    head["created"] = _cell_text(pairs.get("created"))
    header_row = _int(pairs.get("header_row"))
    count = _int(pairs.get("rows"))
    listed = meta_rows[META_FIRST - 1 :]
    if header_row is None or count is None or not 0 <= count <= len(listed) or not 1 <= header_row <= 50:
        raise BadInput(damaged)
    expected: list[Expected] = []
    raw_rows: list[list[Any]] = []
    for cells in listed[:count]:
        row, node_id = _int(cells[0]), _int(cells[1])
        if row is None or node_id is None:
            raise BadInput(damaged)
        texts = [_cell_text(v) for v in cells[2:]]
        raw_rows.append([row, node_id, *texts])
        expected.append(Expected(row, node_id, *texts))
    seal = _seal({k: head[k] for k in ("plan_id", "year", "period", "unit_id", "unit", "created")}, raw_rows)
    sealed = seal == _cell_text(pairs.get("seal"))
    if FORM_SHEET in wb.sheetnames:
        form = wb[FORM_SHEET]
    else:
        form = next((s for s in wb.worksheets if s.title != META_SHEET), None)
        if form is None:
            raise BadInput(damaged)
    rows: list[PacketRow] = []
    width = len(COLUMNS)
    for r, cells in enumerate(_rows(form, header_row + 1, width), start=header_row + 1):
        values = dict(zip(COL, cells))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        rows.append(
            PacketRow(
                r,
                _int(values["node"]),
                _cell_text(values["check"]),
                _cell_text(values["status"]),
                _cell_text(values["text"]),
                values["date"],
            )
        )
    return PacketData(path, expected=expected, rows=rows, sealed=sealed, **head)


# ---------------------------------------------------------------- collecting


@dataclass(frozen=True)
class Problem:
    """An error, conflict or warning found while collecting, naming the file, row and method."""

    file: str
    message: str
    row: int | None = None
    method: str = ""

    def __str__(self) -> str:
        where = f"「{self.file}」" if self.file else ""
        if self.row is not None:
            where += f"第 {self.row} 列"
        if self.method:
            where += f"（{self.method}）"
        return f"{where}：{self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"file": self.file, "row": self.row, "method": self.method, "message": self.message, "text": str(self)}


@dataclass(frozen=True)
class Entry:
    """One filled-in row of a packet: the record it proposes for (method, month, unit)."""

    file: str
    row: int
    node_id: int
    unit_id: int
    unit: str
    method: str
    status: str | None
    text: str
    date: str | None
    stamp: str
    original: tuple[str, str, str]

    @property
    def values(self) -> tuple[str, str, str]:
        """Return (status, text, date) with "" for blanks, comparable to a record."""
        return self.status or "", self.text, self.date or ""

    @property
    def blank(self) -> bool:
        """Return whether nothing was filled in."""
        return self.values == ("", "", "")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "file": self.file,
            "row": self.row,
            "node_id": self.node_id,
            "unit": self.unit,
            "method": self.method,
            "status": STATUSES[self.status] if self.status else None,
            "text": self.text,
            "date": self.date,
        }


@dataclass
class CollectReport:
    """What collecting returned packets found and did."""

    period: int
    files: list[str] = field(default_factory=list)
    applied: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    blank: list[Entry] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    done: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """Return whether there are neither errors nor conflicts."""
        return not self.errors and not self.conflicts

    def summary(self) -> str:
        """Return a Chinese report, one finding a line."""
        lines: list[str] = []
        if not self.ok:
            lines.append(
                f"收回 {self.period}月 填報表：發現 {len(self.errors)} 個錯誤、{len(self.conflicts)} 個衝突，"
                "未寫入任何資料。請修正後重新收回。"
            )
        elif self.dry_run:
            lines.append(
                f"檢查 {self.period}月 填報表（{len(self.files)} 個檔案）：可寫入 {len(self.applied)} 筆，"
                f"未變更 {len(self.unchanged)} 筆，未填寫 {len(self.blank)} 筆（僅檢查，未寫入）。"
            )
        else:
            lines.append(
                f"收回 {self.period}月 填報表（{len(self.files)} 個檔案）：寫入 {len(self.applied)} 筆，"
                f"未變更 {len(self.unchanged)} 筆，未填寫 {len(self.blank)} 筆。"
            )
        lines += [f"[錯誤] {p}" for p in self.errors]
        lines += [f"[衝突] {p}" for p in self.conflicts]
        lines += [f"[提醒] {p}" for p in self.warnings]
        if self.ok:
            lines += [
                f"[寫入] {e.unit} {e.method}：{STATUSES[e.status] if e.status else ''}"
                + (f"，{e.date}" if e.date else "")
                for e in self.applied
            ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "period": self.period,
            "files": list(self.files),
            "ok": self.ok,
            "done": self.done,
            "dry_run": self.dry_run,
            "applied": [e.to_dict() for e in self.applied],
            "unchanged": [e.to_dict() for e in self.unchanged],
            "blank": [e.to_dict() for e in self.blank],
            "conflicts": [p.to_dict() for p in self.conflicts],
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }


def parse_status(text: str) -> str | None:
    """Return the status code of a typed status name ("已完成" → "done"), None when blank; ValueError if unknown."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not name:
        return None
    if name in STATUS_CODES:
        return STATUS_CODES[name]
    if name.lower() in STATUSES:
        return name.lower()
    raise ValueError(name)


def parse_date(value: Any, ad_year: int) -> str | None:
    """Return an ISO date from a typed or Excel date (2026-06-30, 2026/6/30, 115/6/30, 115年6月30日); ValueError if bad.

    The year must be within a year of the plan year.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 20_000 <= value <= 80_000:
            raise ValueError(str(value))
        from openpyxl.utils.datetime import from_excel

        day = from_excel(value).date()
    else:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
        if re.fullmatch(r"\d{8}", text):
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        match = _DATE.match(text)
        if match is None:
            raise ValueError(text)
        year, month, d = (int(g) for g in match.groups())
        if year < 1000:
            year += 1911
        try:
            day = dt.date(year, month, d)
        except ValueError:
            raise ValueError(text) from None
    if abs(day.year - ad_year) > 1:
        raise ValueError(day.isoformat())
    return day.isoformat()


def _check_packet(ws: Workspace, plan: Plan, period: int, data: PacketData, report: CollectReport) -> list[Entry]:
    """Validate one packet against the plan; add its errors and warnings; return its rows as entries."""
    name = data.name
    errors = report.errors

    def error(message: str, row: int | None = None, method: str = "") -> None:
        errors.append(Problem(name, message, row, method))

    if not data.sealed:
        error("識別資料遭到修改或已損壞，無法確認這份填報表的來源；請重新產生填報表。")
        return []
    if data.plan_id != plan.id or data.year != plan.year:
        error(
            f"這份填報表屬於 {data.year} 年度計畫（計畫編號 {data.plan_id}），"
            f"不是目前的 {plan.year} 年度計畫；計畫重新匯入或複製後，請重新產生填報表。"
        )
        return []
    if data.period != period:
        error(f"這是 {data.period}月的填報表，不是 {period}月的。")
        return []
    try:
        unit = ws.unit(data.unit_id)
    except KeyError:
        error(f"填報單位「{data.unit}」已不在工作區中。")
        return []
    if unit.name != data.unit:
        report.warnings.append(Problem(name, f"填報單位「{data.unit}」已更名為「{unit.name}」。"))
    labels = plan.numbering()
    ad_year = roc_to_ad(plan.year)
    expected = {e.node_id: e for e in data.expected}
    if len(expected) != len(data.expected):
        error("識別資料中有重複的方法，無法確認這份填報表的來源。")
        return []
    seen: dict[int, PacketRow] = {}
    broken: set[int] = set()  # form rows whose identification was changed
    entries: list[Entry] = []
    for row in data.rows:
        if row.node_id is None:
            error("這一列是新增的，或識別碼已被刪除（填報表不能增加列）。", row.row)
            continue
        if row.check != row_check(plan.id, period, unit.id, row.node_id):
            error(f"識別碼（{row.node_id}）或檢查碼已被修改。", row.row)
            broken.add(row.row)
            continue
        if row.node_id not in expected:
            error(f"這一列（識別碼 {row.node_id}）不在原本的填報表中。", row.row)
            broken.add(row.row)
            continue
        if row.node_id in seen:
            error(f"與第 {seen[row.node_id].row} 列是同一個方法（列被複製）。", row.row)
            continue
        seen[row.node_id] = row
        exp = expected[row.node_id]
        node = plan.nodes.get(row.node_id)
        if node is None or node.level != METHOD:
            error("這個方法已不在計畫中（可能已被刪除），請重新產生填報表。", row.row, exp.method)
            continue
        method = method_path(plan, labels, node)
        if period not in node.months:
            error(f"這個方法的查核月份已不含 {period}月，請重新產生填報表。", row.row, method)
            continue
        if unit.id not in node.units:
            error(f"這個方法已不是「{unit.name}」負責的方法，請重新產生填報表。", row.row, method)
            continue
        try:
            status = parse_status(row.status)
        except ValueError:
            error(f"辦理狀態「{row.status}」不正確，應為 {STATUS_LIST} 之一。", row.row, method)
            continue
        try:
            date = parse_date(row.date, ad_year)
        except ValueError as exc:
            error(
                f"完成日期「{exc}」不正確，請填 {date_example(plan, period)} 格式，"
                f"且應在 {ad_year - 1} 至 {ad_year + 1} 年之間。",
                row.row,
                method,
            )
            continue
        if status is None and (row.text or date):
            error("已填寫執行情形或完成日期，但未選擇辦理狀態。", row.row, method)
            continue
        entries.append(
            Entry(
                name,
                row.row,
                node.id,
                unit.id,
                unit.name,
                method,
                status,
                row.text,
                date,
                exp.updated,
                (exp.status, exp.text, exp.date),
            )
        )
    for exp in data.expected:
        if exp.node_id not in seen and exp.row not in broken:
            error("這一列被刪除了（填報表不能刪除列）。", exp.row, exp.method)
    due_now = {d.method.id for d in due_rows(plan, period, unit.id)}
    added = due_now - set(expected)
    if added:
        report.warnings.append(
            Problem(name, f"另有 {len(added)} 項方法在填報表產生後才列入 {period}月「{unit.name}」的查核，需另行填報。")
        )
    return entries


def _decide(
    entries: list[Entry],
    current: dict[tuple[int, int, int], Record],
    period: int,
    overwrite: bool,
    report: CollectReport,
) -> None:
    """Sort entries into applied, unchanged, blank and conflicts (between files, and with newer records)."""
    chosen: dict[tuple[int, int], Entry] = {}
    for entry in entries:
        key = (entry.node_id, entry.unit_id)
        other = chosen.get(key)
        if other is None:
            chosen[key] = entry
            continue
        if entry.blank or entry.values == other.values:
            continue
        if other.blank:
            chosen[key] = entry
            continue
        report.conflicts.append(
            Problem(
                entry.file,
                f"與「{other.file}」第 {other.row} 列對同一方法（{entry.unit}）填寫的內容不同，無法判斷以哪一份為準。",
                entry.row,
                entry.method,
            )
        )
    for entry in chosen.values():
        if entry.blank:
            report.blank.append(entry)
            if entry.original != ("", "", ""):
                report.warnings.append(
                    Problem(entry.file, "原有的執行情形被清空；清空不會刪除已有的紀錄。", entry.row, entry.method)
                )
            continue
        record = current.get((entry.node_id, period, entry.unit_id))
        now = (record.status, record.text, record.date or "") if record else ("", "", "")
        if now == entry.values:
            report.unchanged.append(entry)
            continue
        # Changed in the program since the packet was written: another stamp, or other values than prefilled
        # (stamps have one-second resolution).
        changed_since = (record.updated if record else "") != entry.stamp or now != entry.original
        if changed_since and entry.values == entry.original:
            report.unchanged.append(entry)  # not touched in the packet; the program's newer record stays
            continue
        if changed_since and not overwrite:
            when = f"（{record.updated.replace('T', ' ')}）" if record else ""
            report.conflicts.append(
                Problem(
                    entry.file,
                    f"填報表產生後，這筆執行情形已在程式中修改{when}，與填報表的內容不同；"
                    "請確認後再收回（或選擇以填報表覆蓋）。",
                    entry.row,
                    entry.method,
                )
            )
            continue
        report.applied.append(entry)


def collect(
    ws: Workspace,
    plan: Plan,
    period: int,
    paths: Iterable[Path | str],
    dry_run: bool = False,
    overwrite: bool = False,
) -> CollectReport:
    """Read returned packets, validate everything, then apply all records as ONE undoable edit, or nothing.

    dry_run only validates; overwrite lets a packet replace a record changed in the program since the packet was
    written (conflicts between two packets are never resolved automatically).
    """
    _check_period(period)
    if period in locked_periods(ws, plan):
        raise OperationRefused(f"{period}月的查核資料已鎖定，無法收回填報表；請先解除鎖定。")
    paths = [Path(p) for p in paths]
    if not paths:
        raise BadInput("請指定要收回的填報表檔案。")
    report = CollectReport(period=period, dry_run=dry_run)
    entries: list[Entry] = []
    for path in paths:
        report.files.append(path.name)
        try:
            data = read_packet(path)
        except BadInput as exc:
            report.errors.append(Problem(path.name, str(exc)))
            continue
        entries += _check_packet(ws, plan, period, data, report)
    _decide(entries, records(ws, plan, period), period, overwrite, report)
    if not report.ok or dry_run or not report.applied:
        if not report.ok:
            report.applied.clear()
        log.info(
            "collect %s/%s: nothing applied (%d errors, %d conflicts)",
            plan.year,
            period,
            len(report.errors),
            len(report.conflicts),
        )
        return report
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    with ws.edit(f"收回 {period}月 執行情形填報表") as tx:
        for entry in report.applied:
            check_key(ws, plan, entry.node_id, period, entry.unit_id)
            values = {"status": entry.status, "text": entry.text.strip(), "date": entry.date, "updated": stamp}
            tx.do(ws, SetProgress(plan.id, entry.node_id, period, entry.unit_id, values))
    report.done = True
    log.info("collect %s/%s: %d records applied", plan.year, period, len(report.applied))
    return report


# ---------------------------------------------------------------- summary


SUMMARY_COLUMNS = (
    ("業務單位", 11.0),
    ("工作要項", 17.0),
    ("工作重點", 21.0),
    ("工作方法", 30.0),
    ("辦理狀態", 9.5),
    ("執行情形", 46.0),
    ("完成日期", 12.0),
)
TOTAL_HEADERS = ("業務單位", *STATUSES.values(), NO_RECORD, "合計")


@dataclass(frozen=True)
class SummaryRow:
    """A due (method, unit) of the month with its record."""

    unit: Unit
    due: DueRow
    record: Record | None

    @property
    def status_name(self) -> str:
        """Return the Chinese status, 未填報 without a record."""
        return self.record.status_name if self.record else NO_RECORD


def summary_rows(ws: Workspace, plan: Plan, period: int) -> list[SummaryRow]:
    """Return every due (method, unit) of the month with its record, by unit then plan order."""
    recs = records(ws, plan, period)
    return [
        SummaryRow(unit, due, recs.get((due.method.id, period, unit.id)))
        for unit, rows in due_units(ws, plan, period)
        for due in rows
    ]


def summary_totals(rows: list[SummaryRow]) -> list[tuple[str, list[int]]]:
    """Return (unit name, counts per status + 未填報 + total) per unit and a 合計 line."""
    names = [*STATUSES.values(), NO_RECORD]
    per_unit: dict[str, list[int]] = {}
    for row in rows:
        counts = per_unit.setdefault(row.unit.name, [0] * (len(names) + 1))
        counts[names.index(row.status_name)] += 1
        counts[-1] += 1
    total = [sum(c[i] for c in per_unit.values()) for i in range(len(names) + 1)]
    return [*per_unit.items(), ("合計", total)]


def export_summary(ws: Workspace, plan: Plan, period: int, path: Path) -> Path:
    """Write the month's 執行情形總表 as .xlsx or .docx (by the file's suffix); return the file written."""
    _check_period(period)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise BadInput(f"執行情形總表只能存成 .xlsx 或 .docx（收到：{path.name}）。")
    check_target(path, suffix)
    rows = summary_rows(ws, plan, period)
    if not rows:
        raise BadInput(f"{plan.year} 年度計畫在 {period}月沒有需要查核的工作方法，沒有總表可以匯出。")
    book = _summary_workbook(ws, plan, period, rows) if suffix == ".xlsx" else _summary_document(ws, plan, period, rows)
    target = atomic_write(path, suffix, book.save)
    log.info("wrote the summary of %s/%s to %s", plan.year, period, target)
    return target


def _summary_cells(plan: Plan, labels: dict[int, str], row: SummaryRow) -> list[str]:
    method = row.due.method
    return [
        row.unit.name,
        _head_text(labels, (row.due.item,)),
        _head_text(labels, row.due.focuses),
        method_path(plan, {**labels, **{n.id: "" for n in method.ancestors()}}, method, 60),
        row.status_name,
        row.record.text if row.record else "",
        row.record.date or "" if row.record else "",
    ]


def _summary_workbook(ws: Workspace, plan: Plan, period: int, rows: list[SummaryRow]) -> Any:
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    wb = new_workbook()
    styles = Styles()
    sheet = wb.active
    sheet.title = f"{period}月執行情形"
    last_col = len(SUMMARY_COLUMNS)
    total = sum(w for _, w in SUMMARY_COLUMNS)
    for i, (_, width) in enumerate(SUMMARY_COLUMNS, start=1):
        sheet.column_dimensions[chr(64 + i)].width = width
    heights: dict[int, float] = {}
    tops = [("title", agency + title, TITLE_PT), ("subtitle", f"{plan.year}年{period}月 執行情形總表", SUBTITLE_PT)]
    for r, (style, text, size) in enumerate(tops, start=1):
        for c in range(1, last_col + 1):
            put(sheet, r, c, text if c == 1 else None, style, styles)
        merge(sheet, r, 1, r, last_col)
        heights[r] = height_of(line_count(text, total * BODY_PT / size), size * 1.35) + 2
    header = len(tops) + 1
    for c, (name, _) in enumerate(SUMMARY_COLUMNS, start=1):
        put(sheet, header, c, name, "header", styles)
    heights[header] = height_of(1) + 6
    r = header + 1
    starts: dict[int, int] = {}
    texts: dict[int, str] = {}
    previous: list[Any] | None = None
    for row in rows:
        cells = _summary_cells(plan, labels, row)
        keys = [row.unit.id, (row.unit.id, row.due.item.id), (row.unit.id, row.due.focuses)]
        for col in (1, 2, 3):
            if previous is None or previous[col - 1] != keys[col - 1]:
                if previous is not None:
                    _summary_block(sheet, heights, starts[col], r - 1, col, texts[col])
                starts[col], texts[col] = r, cells[col - 1]
        for c, value in enumerate(cells, start=1):
            shown = value if c > 3 or starts[c] == r else None
            put(sheet, r, c, shown, "centre" if c in (1, 5, 7) else "cell", styles)
        heights[r] = height_of(max(line_count(cells[c], SUMMARY_COLUMNS[c][1]) for c in (3, 5)))
        previous = keys
        r += 1
    for col in (1, 2, 3):
        _summary_block(sheet, heights, starts[col], r - 1, col, texts[col])
    last = r - 1
    r += 1
    put(sheet, r, 1, "統計", "info", styles)
    heights[r] = height_of(1) + 4
    r += 1
    totals_header = r
    for c, name in enumerate(TOTAL_HEADERS, start=1):
        put(sheet, r, c, name, "header", styles)
    heights[r] = height_of(1) + 6
    r += 1
    for unit_name, counts in summary_totals(rows):
        put(sheet, r, 1, unit_name, "bold_middle" if unit_name == "合計" else "middle", styles)
        for c, count in enumerate(counts, start=2):
            put(sheet, r, c, count, "middle", styles)
        heights[r] = height_of(1) + 2
        r += 1
    set_heights(sheet, heights)
    setup_page(sheet, header, header)
    sheet.print_area = f"A1:G{r - 1}"
    log.debug("summary rows %d..%d, totals at %d", header + 1, last, totals_header)
    wb.properties.title = f"{plan.year}年{period}月 執行情形總表"
    wb.properties.creator = wb.properties.lastModifiedBy = agency or ws.agency
    wb.properties.subject = agency + title
    wb.properties.language = "zh-TW"
    return wb


def _summary_block(sheet: Any, heights: dict[int, float], first: int, last: int, col: int, text: str) -> None:
    merge(sheet, first, col, last, col)
    spread(heights, first, last, height_of(line_count(text, SUMMARY_COLUMNS[col - 1][1])))


def _summary_document(ws: Workspace, plan: Plan, period: int, rows: list[SummaryRow]) -> Any:
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    table_rows: list[list[tuple[str, str | None]]] = []
    previous: list[Any] | None = None
    for row in rows:
        cells = _summary_cells(plan, labels, row)
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
    totals = [[(name, None), *((str(n), None) for n in counts)] for name, counts in summary_totals(rows)]
    widths = [round(wd._cm(w)) for w in (3.6, *([2.6] * (len(TOTAL_HEADERS) - 1)))]
    tail = wd._p("PlanHeading", wd._run("統計")) + _word_table(
        TOTAL_HEADERS, widths, totals, tuple(range(len(TOTAL_HEADERS))), wd._cm(0.8)
    )
    done = sum(1 for r in rows if r.record is not None)
    return _word_document(
        agency + title,
        f"{plan.year}年{period}月 執行情形總表",
        [f"應查核 {len(rows)} 項（方法 × 單位），已填報 {done} 項。"],
        tuple(h for h, _ in SUMMARY_COLUMNS),
        (2.2, 3.4, 4.0, 5.4, 2.3, 7.4, 2.4),
        table_rows,
        centred=(0, 4, 6),
        min_row_cm=0.8,
        subject=f"{plan.year}年{period}月 執行情形總表",
        agency=agency or ws.agency,
        tail=tail,
    )

"""Read a plan from an Excel (.xlsx) sheet: made by hand, or the app's own Excel export.

The sheet holds a header row with recognisable words (要項, 重點, 方法/步驟, 單位, 查核期限, 備註), possibly
below a few title rows (agency, 「114年度提升服務工作計畫」); 要項 and 重點 cells are merged vertically over
their methods. Merged ranges are resolved like Word's vertical merges: every row covered by a range shows the
range's top-left cell. Before openpyxl sees the file, the worksheets are counted (rows, cells) so a huge sheet
is refused without being loaded.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePosixPath
from typing import Any

from planner.errors import BadInput
from planner.importers.labels import clean, lines_of, short
from planner.importers.result import ImportResult, layout_from_columns
from planner.importers.safety import Package
from planner.importers.table import HeaderCell, Slot, build_from_table, header_columns, header_roles
from planner.importers.titles import parse_title_lines
from planner.importers.tree import TreeBuilder

MAX_ROWS = 20_000
MAX_CELLS = 400_000
MAX_MERGED = 400_000
MAX_COLS = 64
HEADER_SEARCH = 20
NOT_A_PLAN = "試算表中找不到計畫內容：需要一列含有「要項」「重點」「方法」等欄位標題的表格。"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return clean(str(value)).strip()


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_MERGE_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _a1(ref: str) -> tuple[int, int] | None:
    m = _A1.match(ref.strip())
    if m is None:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def merged_area(ref: str) -> int:
    """Return how many cells a merged range like 'A2:A4' covers (0 when it cannot be read)."""
    ends = [_a1(part) for part in ref.split(":")]
    if not ends or any(e is None for e in ends):
        return 0
    first, last = ends[0], ends[-1]
    assert first is not None and last is not None
    return (abs(last[0] - first[0]) + 1) * (abs(last[1] - first[1]) + 1)


def check_sheets(pkg: Package) -> None:
    """Count rows, cells and merged cells of every worksheet before openpyxl loads anything; BadInput when too many.

    openpyxl creates an object for every cell a merged range covers, so one range A1:XFD1048576 alone would
    exhaust memory: the merged areas are summed here first.
    """
    for name in sorted(pkg.names):
        path = PurePosixPath(name)
        if not (name.startswith("xl/worksheets/") and path.suffix == ".xml"):
            continue
        data = pkg.read(name)
        if len(_ROW_TAG.findall(data)) > MAX_ROWS:
            raise BadInput(f"試算表「{path.stem}」超過 {MAX_ROWS:,} 列，不像是一份計畫，已停止讀取。")
        if len(_CELL_TAG.findall(data)) > MAX_CELLS:
            raise BadInput(f"試算表「{path.stem}」的儲存格超過 {MAX_CELLS:,} 個，不像是一份計畫，已停止讀取。")
        area = sum(merged_area(m.decode("ascii", "replace")) for m in _MERGE_REF.findall(data))
        if area > MAX_MERGED:
            raise BadInput(f"試算表「{path.stem}」的合併儲存格範圍過大，不像是一份計畫，已停止讀取。")


def read_xlsx(pkg: Package, main: str) -> ImportResult:
    """Read a plan from a checked .xlsx package."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_sheets(pkg)
    pkg.fh.seek(0)
    try:
        wb = openpyxl.load_workbook(pkg.fh, read_only=False, data_only=True, keep_links=False, keep_vba=False)
    except BadInput:
        raise
    except (InvalidFileException, KeyError, ValueError, TypeError, IndexError, AttributeError, OSError) as exc:
        raise BadInput(f"無法讀取這個 Excel 檔（{type(exc).__name__}），檔案可能已損壞。") from None
    except Exception as exc:  # noqa: BLE001 - a hostile file may make the parser raise anything
        raise BadInput(f"無法讀取這個 Excel 檔（{type(exc).__name__}），檔案可能已損壞或含有不允許的內容。") from None
    try:
        for sheet in wb.worksheets:
            result = _read_sheet(sheet, pkg)
            if result is not None:
                return result
    finally:
        wb.close()
    raise BadInput(NOT_A_PLAN)


def _read_sheet(sheet: Any, pkg: Package) -> ImportResult | None:
    # Only the cells the file holds (iter_rows() would create every cell of the rectangle).
    values: dict[tuple[int, int], str] = {}
    for (r, c), cell in sheet._cells.items():
        if r <= MAX_ROWS and c <= MAX_COLS and cell.value is not None:
            value = _text(cell.value)
            if value:
                values[(r, c)] = value
    if not values:
        return None
    max_row = max(r for r, _ in values)
    max_col = max(c for _, c in values)
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in sheet.merged_cells.ranges:
        top = (rng.min_row, rng.min_col)
        for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                origin[(r, c)] = top

    def text(r: int, c: int) -> str:
        return values.get((r, c), "")

    header_row, roles, header = 0, {}, []
    for r in range(1, min(HEADER_SEARCH, max_row) + 1):
        cells: list[HeaderCell] = []
        c = 1
        while c <= max_col:
            top = origin.get((r, c), (r, c))
            if top != (r, c):
                c += 1
                continue
            span = 1
            while c + span <= max_col and origin.get((r, c + span)) == top:
                span += 1
            cells.append(HeaderCell(text(r, c), c - 1, span))
            c += span
        found = header_roles(cells)
        if found is not None:
            header_row, roles, header = r, found, cells
            break
    if not header_row:
        return None

    warnings: list[str] = []
    builder = TreeBuilder(warnings)
    rows: list[tuple[str, dict[int, Slot]]] = []
    for r in range(header_row + 1, max_row + 1):
        row: dict[int, Slot] = {}
        for c in range(1, max_col + 1):
            top = origin.get((r, c), (r, c))
            if top[1] != c:
                continue  # covered by a horizontal merge
            row[c - 1] = Slot(top, text(*top))
        rows.append((f"工作表「{sheet.title}」第 {r} 列", row))
    build_from_table(rows, roles, {c.col: c.text for c in header}, builder)
    if not builder.items:
        return None
    builder.check_numbering()

    above = [text(r, c) for r in range(1, header_row) for c in range(1, max_col + 1) if text(r, c)]
    info = parse_title_lines([ln for t in above for ln in lines_of(t)])
    year = info.year
    if year is None:
        for source in (sheet.title, pkg.path.stem):
            m = re.search(r"(\d{2,4})\s*年", unicodedata.normalize("NFKC", source))
            if m is not None:
                guess = parse_title_lines([f"{m.group(1)}年度計畫"]).year
                if guess is not None:
                    year = guess
                    warnings.append(f"試算表中沒有寫明年度，已依「{source}」判斷為 {year} 年度。")
                    break
    if year is None:
        warnings.append("試算表中找不到年度（例如「114年度」），匯入時請指定年度。")
    if info.unused:
        warnings.append("標題列有未匯入的文字：" + "／".join(short(u, 30) for u in info.unused))

    columns = header_columns(header, roles)
    layout = layout_from_columns(columns, warnings)
    data: dict[str, Any] = {
        "agency": info.agency,
        "year": year,
        "title": info.title,
        "issued": info.issued,
        "sections": [],
        "columns": layout.headers,
        "items": builder.items,
    }
    return ImportResult(
        data=data, warnings=warnings, unit_names=list(builder.unit_names), kind="xlsx", path=pkg.path, layout=layout
    )

"""Read a plan from an Excel (.xlsx) sheet: made by hand, or the app's own Excel export.

Before openpyxl sees the file, every XML part of the package (any name, any case) is counted — rows, cells and
the area of merged ranges — so a huge sheet or a merge over the whole sheet is refused without being loaded;
the sheets are found from workbook.xml and its relationships. openpyxl opens the workbook in read-only mode
(shared strings, date styles); the cells are read by the shared row reader (planner.xlsx_rows: the values
openpyxl's read-only rows give, in half the time) and merged ranges from the sheet XML (openpyxl's
normal mode spends most of its time styling merged cells). At most MAX_ROWS rows get that far (check_package).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from itertools import compress
from operator import is_not
from typing import Any

from planner.errors import BadInput
from planner.importers.grid import Merge, Rows, plan_from_rows
from planner.importers.labels import clean
from planner.importers.options import DEFAULT, ImportOptions
from planner.importers.result import ImportResult
from planner.importers.safety import Package, relationships
from planner.store.rows import paused_gc

log = logging.getLogger(__name__)

MAX_ROWS = 250_000  # per package; our own export of 50,000 methods writes about 50,000
MAX_CELLS = 2_500_000
MAX_MERGED = 2_500_000  # cells covered by merged ranges, per package
MAX_COLS = 64
NOT_A_PLAN = "試算表中找不到計畫內容：需要一列含有「要項」「重點」「方法」等欄位標題的表格。"
_COLUMNS = range(1, MAX_COLS + 1)
_NONES = (None,) * MAX_COLS
_SKIP = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".bin", ".vml")


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


_MERGE_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\b[^>]*>")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*[\"']([^\"']*)[\"']")


def _a1(ref: str) -> tuple[int, int] | None:
    m = _A1.match(ref.strip())
    if m is None:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def merged_range(ref: str) -> Merge | None:
    """Return (min_row, min_col, max_row, max_col) of a range like 'A2:B4'; None when it cannot be read."""
    ends = [_a1(part) for part in ref.split(":")]
    if not ends or any(e is None for e in ends):
        return None
    first, last = ends[0], ends[-1]
    assert first is not None and last is not None
    return min(first[0], last[0]), min(first[1], last[1]), max(first[0], last[0]), max(first[1], last[1])


def merged_area(ref: str) -> int:
    """Return how many cells a merged range like 'A2:A4' covers (0 when it cannot be read)."""
    rng = merged_range(ref)
    return 0 if rng is None else (rng[2] - rng[0] + 1) * (rng[3] - rng[1] + 1)


def check_package(pkg: Package) -> dict[str, list[Merge]]:
    """Count rows, cells and merged cells over every XML part of the package; BadInput when too many.

    Returns the merged ranges found, by part name. openpyxl creates an object for every cell a merged range
    covers, so one range A1:XFD1048576 alone would exhaust memory: the merged areas are summed first, over all
    parts whatever their names, since the sheets may live under any part name.
    """
    rows = area = 0
    merges: dict[str, list[Merge]] = {}
    for name in sorted(pkg.names):
        if name.endswith("/") or name.lower().endswith(_SKIP):
            continue
        data = pkg.read(name)
        # Start tags of rows, plain or prefixed (<row, <x:row); a few look-alikes (<rowBreaks) only overcount.
        rows += data.count(b"<row")
        if b":row" in data:
            rows += data.count(b":row ") + data.count(b":row>")
        found = []
        first = data.find(b"mergeCell")  # no range can start before the last "<" ahead of the first mention
        for m in _MERGE_REF.findall(data, max(0, data.rfind(b"<", 0, first))) if first >= 0 else []:
            ref = m.decode("ascii", "replace")
            area += merged_area(ref)
            rng = merged_range(ref)
            if rng is not None:
                found.append(rng)
            if area > MAX_MERGED:
                raise BadInput(
                    f"活頁簿的合併儲存格範圍過大（超過 {MAX_MERGED:,} 格），檔案太大，不像是一份計畫，已停止讀取。"
                )
        if found:
            merges[name] = found
        if rows > MAX_ROWS:
            raise BadInput(f"活頁簿超過 {MAX_ROWS:,} 列，檔案太大，不像是一份計畫，已停止讀取。")
    return merges


def sheet_parts(pkg: Package, main: str) -> list[tuple[str, str]]:
    """Return (sheet name, part name) of the workbook's sheets, in order, from workbook.xml and its rels."""
    targets = {}
    rels = relationships(pkg, main)
    folder = main.rsplit("/", 1)[0] if "/" in main else ""
    rels_name = f"{folder}/_rels/{main.rsplit('/', 1)[-1]}.rels" if folder else f"_rels/{main}.rels"
    if pkg.has(rels_name):
        data = pkg.read(rels_name)
        ids = [dict(_ATTR.findall(tag)) for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", data)]
        by_target = {name for _, name in rels}
        for attrs, (_, name) in zip(ids, rels):
            if name in by_target:
                targets[attrs.get(b"Id", b"").decode()] = name
    out = []
    for tag in _SHEET.findall(pkg.read(main)):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        name = attrs.get(b"name", b"").decode("utf-8", "replace")
        rid = attrs.get(b"id", b"").decode()
        out.append((name, targets.get(rid, "")))
    return out


def read_xlsx(pkg: Package, main: str, options: ImportOptions = DEFAULT) -> ImportResult:
    """Read a plan from a checked .xlsx package."""
    with paused_gc():  # tens of thousands of rows, dicts and nodes, no cycle: the collector only rescans them
        return _read_xlsx(pkg, main, options)


def _read_xlsx(pkg: Package, main: str, options: ImportOptions) -> ImportResult:
    """read_xlsx() with the collector held off."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    merges = check_package(pkg)
    parts = dict(sheet_parts(pkg, main))
    pkg.fh.seek(0)
    try:
        wb = openpyxl.load_workbook(pkg.fh, read_only=True, data_only=True, keep_links=False, keep_vba=False)
    except BadInput:
        raise
    except (InvalidFileException, KeyError, ValueError, TypeError, IndexError, AttributeError, OSError) as exc:
        raise BadInput(f"無法讀取這個 Excel 檔（{type(exc).__name__}），檔案可能已損壞。") from None
    except Exception as exc:  # noqa: BLE001 - a hostile file may make the parser raise anything
        raise BadInput(f"無法讀取這個 Excel 檔（{type(exc).__name__}），檔案可能已損壞或含有不允許的內容。") from None
    try:
        for number, sheet in enumerate(wb.worksheets, start=1):
            if not hasattr(sheet, "iter_rows") or options.uses_table(number) is False:
                continue  # a chart sheet, or one the user left out
            values = _values(sheet)
            merged = merges.get(parts.get(sheet.title, ""), [])
            result = plan_from_rows(values, merged, sheet.title, pkg.path, "xlsx", options, number)
            if result is not None:
                return result
    except BadInput:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile file may make the parser raise anything
        raise BadInput(f"無法讀取這個 Excel 檔（{type(exc).__name__}），檔案可能已損壞。") from None
    finally:
        wb.close()
    raise BadInput(NOT_A_PLAN)


def _values(sheet: Any) -> Rows:
    """Read the sheet's non-empty cells by row and column (the first MAX_COLS columns), ignoring its dimensions."""
    from planner.xlsx_rows import sheet_rows  # openpyxl's values, read faster (lxml over the part)

    rows: Rows = {}
    cells = 0
    for r, row in enumerate(sheet_rows(sheet, 1, MAX_COLS), start=1):
        filled = list(compress(_COLUMNS, map(is_not, row, _NONES)))  # the columns holding a value, at C speed
        if not filled:
            continue
        if r > MAX_ROWS:
            raise BadInput(f"活頁簿超過 {MAX_ROWS:,} 列，檔案太大，不像是一份計畫，已停止讀取。")
        texts: dict[int, str] = {}
        for c in filled:
            value = row[c - 1]
            text = clean(value).strip() if type(value) is str else _text(value)
            if text:
                texts[c] = text
        if texts:
            rows[r] = texts
            cells += len(texts)
        if cells > MAX_CELLS:
            raise BadInput(f"活頁簿的儲存格超過 {MAX_CELLS:,} 個，檔案太大，不像是一份計畫，已停止讀取。")
    return rows

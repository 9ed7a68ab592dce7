"""A plan from a spreadsheet grid (Excel or ODF sheets): cell values by (row, column), merged ranges.

The sheet holds a header row with recognisable words (要項, 重點, 方法/步驟, 單位, 查核期限, 備註), possibly below
merged title rows, blank rows and the agency's name, possibly followed by a row of sub-columns (1月 … 12月).
Merged ranges are resolved like Word's vertical merges: every row covered by a range shows the range's top-left
cell. Flat lists, where every row repeats its 要項 and 重點 text, fold identical consecutive parents.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from planner.errors import BadInput
from planner.importers.labels import lines_of, short
from planner.importers.options import DEFAULT, ImportOptions, TableSeen
from planner.importers.result import ImportResult, layout_from_columns
from planner.importers.table import (
    ContentTable,
    HeaderCell,
    Slot,
    column_texts,
    corrected_header,
    header_columns,
    header_roles,
    sub_header,
)
from planner.importers.titles import parse_title_lines
from planner.importers.tree import Notes, TreeBuilder

log = logging.getLogger(__name__)

HEADER_SEARCH = 30
MAX_GRID_ROWS = 250_000
Merge = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based, inclusive)


Rows = dict[int, dict[int, str]]  # row → column → text, only the non-empty texts (1-based)
_NONE: dict[int, str] = {}


def _header(rows: Rows, origin: dict[int, dict[int, tuple[int, int]]], r: int, max_col: int) -> list[HeaderCell]:
    cells: list[HeaderCell] = []
    texts, cover = rows.get(r, _NONE), origin.get(r, {})
    c = 1
    while c <= max_col:
        top = cover.get(c, (r, c))
        if top != (r, c):
            if top[0] != r and top[1] == c:  # merged down from the row above: not a sub-column name
                span = 1
                while c + span <= max_col and cover.get(c + span) == top:
                    span += 1
                c += span
                continue
            c += 1
            continue
        span = 1
        while c + span <= max_col and cover.get(c + span) == top:
            span += 1
        cells.append(HeaderCell(texts.get(c, ""), c - 1, span))
        c += span
    return cells


def plan_from_rows(
    rows: Rows,
    merges: list[Merge],
    sheet_name: str,
    path: Path,
    kind: str,
    options: ImportOptions = DEFAULT,
    index: int = 1,
) -> ImportResult | None:
    """Read the plan of one sheet (number index in its workbook); None when the sheet holds no content table.

    rows: the non-empty texts by row and column. options correct the column roles and header rows; a sheet
    chosen in options.tables with no header words takes its first filled row as header when the columns are given.
    """
    rows = {r: texts for r, texts in rows.items() if texts}
    if not rows:
        return None
    max_row = max(rows)
    max_col = max(max(texts) for texts in rows.values())
    if max_row > MAX_GRID_ROWS:
        raise BadInput(f"試算表超過 {MAX_GRID_ROWS:,} 列，檔案太大，不像是一份計畫，已停止讀取。")
    origin: dict[int, dict[int, tuple[int, int]]] = {}  # row → column → the top-left cell of the range covering it
    span_of: dict[tuple[int, int], int] = {}
    for r0, c0, r1, c1 in merges:
        if r0 > max_row or c0 > max_col:
            continue
        top = (r0, c0)
        span_of[top] = min(c1, max_col) - c0 + 1
        cols = range(c0, min(c1, max_col) + 1)
        for r in range(r0, min(r1, max_row) + 1):
            cover = origin.setdefault(r, {})
            for c in cols:
                cover[c] = top

    header_row, roles, header = 0, {}, []
    for r in range(1, min(HEADER_SEARCH, max_row) + 1):
        cells = _header(rows, origin, r, max_col)
        found = header_roles(cells)
        if found is not None:
            header_row, roles, header = r, found, cells
            break
    sub: list[HeaderCell] = []
    if not header_row:
        if options.columns is None or not options.uses_table(index):
            return None
        header_row = min(rows)
        header = _header(rows, origin, header_row, max_col)
    start = header_row + 1
    if start <= max_row and roles:
        below = _header(rows, origin, start, max_col)
        refined = sub_header(below, roles)
        if refined is not None:
            roles, start, sub = refined, start + 1, below
    guessed, guessed_rows = roles, (start - header_row if roles else 0)
    roles, start = corrected_header(roles, header_row, start, max_col, options)
    seen = TableSeen(
        index,
        column_texts(header, sub, max_col),
        [guessed.get(c) for c in range(max_col)],
        [roles.get(c) for c in range(max_col)],
        header_row - 1,
        guessed_rows,
        start - header_row,
        max_row,
        used=True,
        name=sheet_name,
    )

    warnings: list[str] = Notes()
    builder = TreeBuilder(warnings)
    content = _slots(rows, origin, span_of, start, max_col, f"工作表「{sheet_name}」第 ")
    ContentTable(roles, {c.col: c.text for c in header}, builder, width=max_col).feed(content)
    if not builder.items:
        return None
    builder.check_numbering()

    above = [t for r in range(1, header_row) for _, t in sorted(rows.get(r, _NONE).items())]
    info = parse_title_lines([ln for t in above for ln in lines_of(t)])
    year = info.year
    if year is None:
        for source in (sheet_name, path.stem):
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

    layout = layout_from_columns(header_columns(header, roles), warnings)
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
        data=data,
        warnings=warnings,
        unit_names=list(builder.unit_names),
        kind=kind,
        path=path,
        layout=layout,
        tables=[seen],
        options=options,
    )


def _slots(
    rows: Rows,
    origin: dict[int, dict[int, tuple[int, int]]],
    span_of: dict[tuple[int, int], int],
    start: int,
    max_col: int,
    where: str,
) -> list[tuple[str, dict[int, Slot]]]:
    """Return the content rows from row start on as slots by grid column: a merged range shows its top-left cell.

    where: the start of each row's place name (工作表「…」第 ), the row number and 列 follow.
    """
    new = tuple.__new__  # Slot(origin, text, span) without its Python-level __new__
    out: list[tuple[str, dict[int, Slot]]] = []
    cols = range(1, max_col + 1)
    for r in sorted(rows.keys() | origin.keys()):
        if r < start:
            continue
        texts = rows.get(r, _NONE)
        cover = origin.get(r)
        row: dict[int, Slot] = {}
        if cover is None:
            for c in cols:
                row[c - 1] = new(Slot, ((r, c), texts.get(c, ""), 1))
        else:
            for c in cols:
                top = cover.get(c)
                if top is None:
                    row[c - 1] = new(Slot, ((r, c), texts.get(c, ""), 1))
                elif top[1] == c:  # (a cell covered by a horizontal merge gives no slot)
                    row[c - 1] = new(Slot, (top, rows.get(top[0], _NONE).get(c, ""), span_of.get(top, 1)))
        out.append((f"{where}{r} 列", row))
    return out

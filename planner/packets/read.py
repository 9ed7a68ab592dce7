"""Reading a returned packet safely, as found: its hidden identification and its rows, not yet validated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import BadInput
from planner.packets.constants import COL, COLUMNS, FORM_SHEET, FORMAT, META_COLUMNS, META_FIRST, META_SHEET, VERSION
from planner.packets.identity import LOCKED, Head, cell_int, cell_text, same_code, seal_of


@dataclass(frozen=True)
class PacketRow:
    """A row of a returned form as found: method id and check code from the hidden columns, the inputs."""

    row: int
    node_id: int | None
    check: str
    status: str
    text: str
    date: Any
    cells: tuple[str, ...] = ()  # the locked cells as read back: 項次, 工作要項, 工作重點, 工作方法, 衡量指標, 目標值
    reason: str = ""
    measure: str = ""
    actual: str = ""


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
    reason: str = ""
    measure: str = ""
    actual: str = ""


@dataclass(frozen=True, kw_only=True)  # keyword-only: Head may grow fields with defaults
class PacketData(Head):
    """A returned packet as read, not yet validated against the workspace: its sealed header (Head) and rows."""

    path: Path
    sealed: bool
    expected: list[Expected]
    rows: list[PacketRow]

    @property
    def name(self) -> str:
        """Return the file name."""
        return self.path.name


def read_packet(path: Path | str, key: bytes) -> PacketData:
    """Read a returned packet safely (size, zip bomb, DOCTYPE and whole-package limits first); BadInput if not one.

    key is the workspace's packet key (planner.packets.secret.packet_key): the seal is checked with it.
    """
    import openpyxl

    from planner.importers.safety import open_package, sniff
    from planner.packets.limits import check_package

    path = Path(path)
    with open_package(path) as pkg:
        kind, _ = sniff(pkg)
        if kind != "xlsx":
            raise BadInput(f"「{path.name}」是 Word 檔：紙本填報表無法自動收回，請使用 Excel 填報表（.xlsx）。")
        check_package(pkg.zf, path.name)  # every part, any name, totals (issue 16)
        pkg.fh.seek(0)
        try:
            # Read-only mode streams the rows (no merged-cell or style objects): 10× faster on big packets.
            wb = openpyxl.load_workbook(pkg.fh, read_only=True, data_only=True, keep_links=False, keep_vba=False)
            try:
                return _read_workbook(path, wb, key)
            finally:
                wb.close()
        except BadInput:
            raise
        except Exception as exc:  # noqa: BLE001 - a hostile or damaged file may make the parser raise anything
            raise BadInput(f"無法讀取「{path.name}」（{type(exc).__name__}），檔案可能已損壞。") from None


def _rows(sheet: Any, first: int, width: int) -> list[tuple[Any, ...]]:
    """Return the rows of a read-only sheet from a row on, every row padded to a width (rows numbered from first)."""
    from planner.packets.sheet_rows import sheet_rows

    return sheet_rows(sheet, first, width)  # every row the part holds: the file's <dimension> is not trusted


def _read_workbook(path: Path, wb: Any, key: bytes) -> PacketData:
    not_packet = f"「{path.name}」不是本程式產生的執行情形填報表（找不到識別資料），無法收回。"
    if META_SHEET not in wb.sheetnames:
        raise BadInput(not_packet)
    meta_rows = _rows(wb[META_SHEET], 1, max(2, len(META_COLUMNS)))  # key and value above, the row list below
    pairs = {cell_text(row[0]): row[1] for row in meta_rows[: META_FIRST - 2]}
    if pairs.get("format") != FORMAT:
        raise BadInput(not_packet)
    if cell_int(pairs.get("version")) != VERSION:
        raise BadInput(f"「{path.name}」是其他版本的填報表，無法收回；請重新產生填報表。")
    damaged = f"「{path.name}」的識別資料已損壞，無法確認這份填報表的來源。"
    head = Head.from_cells(pairs)
    if head is None:
        raise BadInput(damaged)
    header_row = cell_int(pairs.get("header_row"))
    count = cell_int(pairs.get("rows"))
    listed = meta_rows[META_FIRST - 1 :]
    if header_row is None or count is None or not 0 <= count <= len(listed) or not 1 <= header_row <= 50:
        raise BadInput(damaged)
    expected: list[Expected] = []
    raw_rows: list[list[Any]] = []
    for cells in listed[:count]:
        row, node_id = cell_int(cells[0]), cell_int(cells[1])
        if row is None or node_id is None:
            raise BadInput(damaged)
        texts = [cell_text(v) for v in cells[2:]]
        raw_rows.append([row, node_id, *texts])
        expected.append(Expected(row, node_id, *texts))
    sealed = same_code(seal_of(key, head.as_dict(), raw_rows), cell_text(pairs.get("seal")))
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
                cell_int(values["node"]),
                cell_text(values["check"]),
                cell_text(values["status"]),
                cell_text(values["text"]),
                values["date"],
                tuple(cell_text(values[f]) for f in LOCKED),
                cell_text(values["reason"]),
                cell_text(values["measure"]),
                cell_text(values["actual"]),
            )
        )
    return PacketData(**head.as_dict(), path=path, sealed=sealed, expected=expected, rows=rows)

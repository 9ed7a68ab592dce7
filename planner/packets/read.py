"""Reading a returned packet safely, as found: its hidden identification and its rows, not yet validated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import BadInput
from planner.packets.constants import COL, COLUMNS, FORM_SHEET, FORMAT, META_FIRST, META_SHEET, VERSION
from planner.packets.identity import _cell_text, _seal


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

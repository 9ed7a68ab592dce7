"""Reading a plan file (any supported format) and applying the result to a workspace."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.build import add_plan_from_data
from planner.errors import BadInput
from planner.importers.convert import NAMES, converted
from planner.importers.options import DEFAULT, ImportOptions
from planner.importers.result import ImportResult
from planner.importers.safety import OLE_MAGIC, ole_kind, open_package, sniff
from planner.model import Plan

if TYPE_CHECKING:
    from planner.importers.unit_fixes import UnitFixes
from planner.plans import check_year
from planner.units import ALL_UNITS
from planner.workspace import Workspace


def read_plan_file(path: Path | str, options: ImportOptions = DEFAULT) -> ImportResult:
    """Read a plan from a .docx, .xlsx, .odt, .ods, .pdf, .doc or .xls file (recognised by content, not name).

    Raises BadInput with a Chinese message for anything that is not a readable plan: not an office file,
    damaged, password-protected, zip bombs, DOCTYPEs, scanned PDFs, no plan content. Old .doc/.xls files are
    converted by LibreOffice when it is installed. options correct what the reader would guess (columns,
    header rows, tables, outline section and levels; see ImportOptions).
    """
    path = Path(path)
    head = _head(path)
    if head.startswith(b"%PDF"):
        from planner.importers.pdf import read_pdf

        return read_pdf(path, options)
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as fh:
            kind = ole_kind(fh)
        if kind in ("doc", "xls"):
            with converted(path, kind) as target:
                result = _read_package(target, options)
            result.path, result.kind = path, kind
            result.warnings.insert(0, f"已用 LibreOffice 將{NAMES[kind]}檔轉換後讀取，請核對匯入的內容。")
            return result
    return _read_package(path, options)


def _head(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise BadInput(f"「{path}」是資料夾，不是檔案：請選擇要匯入的計畫檔。")
        if not path.is_file():
            raise BadInput(f"找不到檔案：{path}")
        with path.open("rb") as fh:
            return fh.read(8)
    except OSError as exc:
        raise BadInput(f"無法讀取「{path.name}」：{exc.strerror or exc}") from None


def _read_package(path: Path, options: ImportOptions = DEFAULT) -> ImportResult:
    from planner.importers.docx import read_docx
    from planner.importers.odf import read_ods, read_odt
    from planner.importers.xlsx import read_xlsx

    with open_package(path) as pkg:
        kind, main = sniff(pkg)
        if kind == "docx":
            return read_docx(pkg, main, options)
        if kind == "odt":
            return read_odt(pkg, options)
        if kind == "ods":
            return read_ods(pkg, options)
        return read_xlsx(pkg, main, options)


def unknown_units(ws: Workspace, result: ImportResult) -> list[str]:
    """Return the unit names of the file that the workspace does not have (各課室, meaning all, excepted)."""
    return [n for n in result.unit_names if n != ALL_UNITS and ws.unit_by_name(n) is None]


def _year_title(title: str, year: int) -> str:
    if not title:
        return ""
    m = re.match(r"^\s*\d{1,4}\s*年度?", title)
    if m is not None:
        return f"{year}年度{title[m.end() :].lstrip()}"
    return f"{year}年度{title}"


def apply_import(
    ws: Workspace,
    result: ImportResult,
    year: int | None = None,
    unit_map: dict[str, str | None] | None = None,
    fixes: UnitFixes | None = None,
    remember: bool = False,
) -> Plan:
    """Create the imported plan in the workspace as ONE undoable edit and return it.

    year overrides the year of the file (required when the file names none); the title's year follows.
    unit_map maps a unit name of the file to an existing workspace unit name, or to None to add it as a new
    unit; names not in the map use the workspace unit of the same name, or are added. 「各課室」 (every unit) is
    kept as the unit of that name (added when the workspace has none), never expanded into the units named.
    fixes: unit corrections applied first (planner.importers.unit_fixes); remember stores them in the
    workspace, in the same undoable edit, for the next import.
    """
    from planner.importers.unit_fixes import fix_units, remember_step

    file_names = list(result.unit_names)
    if fixes is not None:
        result = fix_units(result, fixes)
    unit_map = dict(unit_map or {})
    data: dict[str, Any] = dict(result.data)  # the result itself is never changed: only the top is replaced
    file_year = data.get("year")
    if year is None:
        year = file_year
    if year is None:
        raise BadInput("檔案中找不到計畫年度，請指定要匯入的年度。")
    try:
        year = check_year(int(year))
    except (TypeError, ValueError):
        raise BadInput(f"民國年度不正確：{year}") from None
    data["year"] = year
    if year != file_year or not re.match(r"^\s*\d", data.get("title") or ""):
        data["title"] = _year_title(data.get("title") or "", year)

    for name, target in unit_map.items():
        if target is not None and ws.unit_by_name(str(target)) is None:
            raise BadInput(f"單位「{name}」要對應的「{target}」不是工作區中的單位。")
    # 各課室 means every unit: it stays as written (a unit of that name, which the exports print as 各課室 and
    # review packets share with every unit); it is never replaced by the units the file happens to name.
    rename = {name: str(target).strip() for name, target in unit_map.items() if target is not None}

    if result.layout is not None:
        data["columns"] = list(result.layout.headers)
        data["layout"] = result.layout.to_json()
    label = result.path.name if result.path is not None else "檔案"
    step = remember_step(ws, file_names, fixes) if remember and fixes is not None else None
    name = f"匯入 {year} 年度計畫（{label}）"
    return add_plan_from_data(ws, data, name=name, steps=[step] if step else [], rename=rename)

"""Helpers shared by the Excel export, review packet and review CLI tests."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

from planner.model import Plan
from planner.packets import due_rows
from planner.packets.due import DueRow
from planner.review import report_progress
from planner.workspace import Workspace

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_part(zf: zipfile.ZipFile, title: str) -> str:
    """Return the zip member of a worksheet by its title."""
    book = etree.fromstring(zf.read("xl/workbook.xml"))
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in book.iterfind(".//m:sheet", NS):
        if sheet.get("name") == title:
            target = targets[sheet.get(REL)]
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(title)


def boxed_cells(path: Path, title: str) -> dict[str, bool]:
    """Return, for every cell written in a sheet, whether its own style has all four borders.

    openpyxl replaces the covered cells of merged ranges when it loads a file, so this reads the XML.
    """
    with zipfile.ZipFile(path) as zf:
        styles = etree.fromstring(zf.read("xl/styles.xml"))
        sheet = etree.fromstring(zf.read(sheet_part(zf, title)))
    borders = []
    for border in styles.find("m:borders", NS):
        sides = [border.find(f"m:{side}", NS) for side in ("left", "right", "top", "bottom")]
        borders.append(all(s is not None and s.get("style") for s in sides))
    xfs = [int(xf.get("borderId", 0)) for xf in styles.find("m:cellXfs", NS)]
    return {c.get("r"): borders[xfs[int(c.get("s", 0))]] for c in sheet.iterfind(".//m:c", NS)}


def cells_of(rng: Any) -> list[str]:
    """Return the coordinates of a merged range."""
    return [f"{openpyxl.utils.get_column_letter(c)}{r}" for r, c in rng.cells]


def expected_merges(plan: Plan, first_row: int, item_col: str = "A", focus_col: str = "B") -> set[str]:
    """Return the vertical merges the plan table should have: 要項 and 重點 (group) cells over their methods."""
    from planner.export.scope import focus_groups, select

    out: set[str] = set()
    row = first_row
    for _, focuses in select(plan):
        item_row = row
        for group in focus_groups(focuses) or [[]]:
            focus_row = row
            row += max(1, sum(len(ms) for _, ms in group))
            if row - 1 > focus_row:
                out.add(f"{focus_col}{focus_row}:{focus_col}{row - 1}")
        if row - 1 > item_row:
            out.add(f"{item_col}{item_row}:{item_col}{row - 1}")
    return out


def file_state(path: Path) -> str:
    """Return a digest of a workspace file and its WAL (to prove nothing was written)."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def fill(path: Path, values: dict[int, tuple[Any, ...]], out: Path | None = None) -> Path:
    """Fill rows of a packet's form (sheet row → (status, text, date[, 落後原因, 因應對策])) as a unit would."""
    from planner.packets import COL

    wb = openpyxl.load_workbook(path)
    sheet = wb["填報表"]
    for row, given in values.items():
        for field, value in zip(("status", "text", "date", "reason", "measure"), given, strict=False):
            sheet.cell(row, COL[field]).value = value
    target = out or path
    wb.save(target)
    return target


def form_rows(path: Path) -> list[tuple[int, int]]:
    """Return (sheet row, method id) of a packet's form rows."""
    wb = openpyxl.load_workbook(path)
    sheet = wb["填報表"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "項次")
    from planner.packets import COL

    node = COL["node"]
    return [(r, sheet.cell(r, node).value) for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, node).value]


def packet_for(paths: list[Path], unit: str, suffix: str = ".xlsx") -> Path:
    """Return the packet of a unit among written files."""
    return next(p for p in paths if f"_{unit}_" in p.name and p.suffix == suffix)


def progress_rows(ws: Workspace, plan: Plan) -> dict:
    """Return the plan's records as plain tuples."""
    from planner.progress import records

    return {k: (r.status, r.text, r.date) for k, r in records(ws, plan).items()}


def squeeze(text: str | None) -> str:
    """Return text without whitespace."""
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(autouse=True)
def before_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Collect as on 2026-06-25, before the demo's June deadline (6/30): the 逾期 rules have their own tests."""
    import datetime as dt
    import importlib

    monkeypatch.setattr(importlib.import_module("planner.packets.collect"), "_today", lambda: dt.date(2026, 6, 25))


def report_done_and_late(ws: Workspace, plan: Plan, period: int) -> tuple[DueRow, DueRow]:
    """Report 推廣課's first due method of a period done and its second late; return their due rows."""
    unit = ws.unit_by_name("推廣課").id
    done, late, *_ = due_rows(plan, period, unit)
    report_progress(ws, plan, done.method.id, period, unit, "done", "已辦理", "2026-06-10")
    report_progress(ws, plan, late.method.id, period, unit, "late", "延後", None, "經費未到", "追加預算")
    return done, late

"""The Excel reader's cell values: typed cells read as openpyxl gives them, columns past the limit left out."""

from __future__ import annotations

import datetime as dt
import gc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.errors import BadInput
from planner.importers import read_plan_file
from planner.importers.xlsx import MAX_COLS

HEADER = ["工作要項", "工作重點", "工作方法", "業務單位", "查核期限", "備註"]


def typed_sheet(path: Path) -> Path:
    """Numbers, a date, booleans and a blank row between methods; a text past MAX_COLS; merged 要項/重點."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "114年度"
    ws.append(HEADER)
    ws.append(["一、要項甲", "(一)重點甲", "1.方法甲", "秘書室", 6, dt.date(2026, 6, 30)])
    ws.append([None, None, "2.方法乙", "秘書室、人事室", 12.0, True])
    ws.append([])
    ws.append([None, None, "3.方法丙", "  ", "6,12", 3.5])
    ws.cell(row=5, column=MAX_COLS + 3, value="遠方的文字")
    ws.merge_cells("A2:A5")
    ws.merge_cells("B2:B5")
    wb.save(path)
    return path


def test_typed_cells_read_as_text(tmp_path: Path) -> None:
    result = read_plan_file(typed_sheet(tmp_path / "型別.xlsx"))
    [item] = result.data["items"]
    assert item["title"] == "要項甲"
    [focus] = item["focuses"]
    got = [(m["title"], m["units"], m["months"], m["note"]) for m in focus["methods"]]
    assert got == [
        ("方法甲", ["秘書室"], [6], "2026-06-30T00:00:00"),
        ("方法乙", ["秘書室", "人事室"], [12], "是"),
        ("方法丙", [], [6, 12], "3.5"),
    ]
    assert result.unit_names == ["秘書室", "人事室"]
    assert result.tables[0].rows == 5
    assert len(result.tables[0].headers) == len(HEADER)  # the text past MAX_COLS is not a column
    assert not any("遠方" in w or "欄沒有可辨識" in w for w in result.warnings)


def far_row(tmp_path: Path) -> Path:
    """The typed sheet with its last row numbered past the last row of a sheet (1,048,576)."""
    base = typed_sheet(tmp_path / "base.xlsx")
    bad = tmp_path / "列號.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="5"', b'<row r="1048577"').replace(b'r="A5"', b'r="A1048577"')
            dst.writestr(info, data)
    return bad


def test_row_past_the_last_sheet_row_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="無法讀取這個 Excel 檔"):
        read_plan_file(far_row(tmp_path))


def test_reading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    path = typed_sheet(tmp_path / "回收.xlsx")
    assert gc.isenabled()
    read_plan_file(path)
    assert gc.isenabled()
    with pytest.raises(BadInput):
        read_plan_file(far_row(tmp_path))  # refused while the sheet is read
    assert gc.isenabled()
    gc.disable()
    try:
        read_plan_file(path)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()

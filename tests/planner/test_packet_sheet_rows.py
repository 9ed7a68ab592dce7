"""The fast packet row reader gives exactly the values openpyxl's read-only iter_rows gives."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planner.packets.sheet_rows import sheet_rows

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

HAND = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{NS}"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c>
<c r="B1" t="inlineStr"><is><r><t>ru</t></r><r><t>ns</t></r></is></c>
<c r="C1" t="inlineStr"><is><t xml:space="preserve"> sp </t></is></c><c r="D1" t="inlineStr"><is/></c></row>
<row><c t="str"><v>no ref</v></c><c/><c t="n"><v>2.5</v></c><!-- a comment --><c t="b"><v>1</v></c></row>
<row r="5"><c r="B5" t="e"><v>#N/A</v></c><c r="C5" t="d"><v>2026-06-30T00:00:00</v></c><c><v>7</v></c>
<c r="E5"><f>1+1</f><v>2</v></c><c r="F5"><f>1+1</f></c><c r="Z5"><v>99</v></c></row>
<row r="4"><c r="A4"><v>4</v></c></row>
<row r="7" spans="1:3"><c r="A7" s="0"><v>1E3</v></c><c r="C7"></c><c><v>8</v></c></row>
</sheetData></worksheet>"""


def _compare(path: Path, first: int, width: int) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()
            want = [tuple(r) for r in ws.iter_rows(min_row=first, max_col=width, values_only=True)]
            got = sheet_rows(ws, first, width)
            assert got == want
            assert all(len(r) == width for r in got)
        return got
    finally:
        wb.close()


def test_same_values_as_openpyxl_for_written_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["文字", 3, 3.5, True, dt.datetime(2026, 6, 30), None, "  x  "])
    ws["B4"] = dt.date(2026, 1, 2)
    ws["B4"].number_format = "yyyy/mm/dd"
    ws["C4"] = 45000
    ws["C6"] = "後面"
    path = tmp_path / "w.xlsx"
    wb.save(path)
    for first in (1, 2, 5):
        for width in (1, 3, 8):
            _compare(path, first, width)
    got = _compare(path, 1, 7)
    assert got[0] == ("文字", 3, 3.5, True, dt.datetime(2026, 6, 30), None, "  x  ")
    assert got[3][1] == dt.datetime(2026, 1, 2) and got[1] == (None,) * 7 and got[5][2] == "後面"


def test_same_values_as_openpyxl_for_hand_written_xml(tmp_path: Path) -> None:
    base = tmp_path / "base.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(base)
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = HAND.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info, data)
    got = _compare(path, 1, 6)
    assert got[0] == ("plain", "runs", " sp ", "", None, None)
    assert got[1] == ("no ref", None, 2.5, True, None, None)
    assert got[2] == got[3] == got[5] == (None,) * 6  # rows 3, 4 and 6 are missing (row 4 after row 5 is dropped)
    assert got[4] == (None, "#N/A", dt.datetime(2026, 6, 30), 7, 2, None)
    assert got[6] == (1000.0, None, None, 8, None, None) and len(got) == 7
    assert _compare(path, 5, 26)[0][25] == 99


def test_bad_reference_raises(tmp_path: Path) -> None:
    base = tmp_path / "base.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(base)
    path = tmp_path / "bad.xlsx"
    bad = HAND.replace('r="B5"', 'r="5B"')
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, bad.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    wb2 = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        with pytest.raises(ValueError):
            sheet_rows(wb2.worksheets[0], 1, 6)
    finally:
        wb2.close()
    far = tmp_path / "far.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(far, "w") as dst:
        for info in src.infolist():
            xml = HAND.replace('<row r="7"', '<row r="1048577"')
            dst.writestr(info, xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    wb3 = openpyxl.load_workbook(far, read_only=True, data_only=True)
    try:
        with pytest.raises(ValueError, match="1048577"):
            sheet_rows(wb3.worksheets[0], 1, 6)  # not a list of a million empty rows
    finally:
        wb3.close()

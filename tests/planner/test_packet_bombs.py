"""Issue 16, case 5: packet limits count every part (any name, any case) and totals; hostile files stop fast."""

import json
import random
import zipfile

import pytest

from planner.errors import BadInput
from planner.packets import limits
from planner.packets.read import read_packet
from tests.planner.robust_helpers import run_child

CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def workbook(path, sheets: dict[str, bytes], first=False) -> None:
    """Write an .xlsx whose sheets live at the given part names (found through the workbook's relationships)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CT)
        zf.writestr("_rels/.rels", ROOT_RELS)
        entries = "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(sheets)))
        zf.writestr("xl/workbook.xml", f"<workbook {NS} {RNS}><sheets>{entries}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{WS_REL}" Target="/{name}"/>' for i, name in enumerate(sheets)
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for name, data in sheets.items():
            zf.writestr(name, data)


def sheet(body: bytes, merges: bytes = b"") -> bytes:
    return b"<worksheet " + NS.encode() + b"><sheetData>" + body + b"</sheetData>" + merges + b"</worksheet>"


MEASURE = """
import json, sys, time
from planner.errors import BadInput
from planner.packets.read import read_packet
started = time.perf_counter()
try:
    read_packet(sys.argv[1], bytes(32))  # refused by the limits before any seal is checked
    message = ""
except BadInput as exc:
    message = str(exc)
# VmHWM is this process's own peak (ru_maxrss would carry the parent's peak across exec).
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"s": time.perf_counter() - started, "mb": hwm / 1024, "message": message}))
"""


def measured(path) -> dict:
    """Read a packet in a fresh process; return its time (s), peak memory (MB) and message."""
    result = run_child(MEASURE, str(path), timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_merge_bomb_under_another_part_name(tmp_path):
    path = tmp_path / "merge.xlsx"
    workbook(
        path,
        {
            "xl/Data/Odd.XML": sheet(
                b'<row r="6"><c r="A6"/></row>', b'<mergeCells count="1"><mergeCell ref="A6:XFD1048576"/></mergeCells>'
            )
        },
    )
    assert path.stat().st_size < 5_000
    out = measured(path)
    assert "太大" in out["message"] and "合併儲存格" in out["message"]
    assert out["s"] < 5 and out["mb"] < 500


def test_many_sheets_each_under_a_per_sheet_limit_are_counted_together(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"/></row>' % (i, i) for i in range(1, 19_001))
    path = tmp_path / "many.xlsx"
    workbook(path, {f"xl/worksheets/sheet{i}.xml": sheet(rows) for i in range(200)})
    out = measured(path)
    assert "太大" in out["message"]
    assert out["s"] < 5 and out["mb"] < 500


def test_four_million_rows_at_an_odd_path(tmp_path):
    path = tmp_path / "rows.xlsx"
    noise = random.Random(4).randbytes(1_000_000).hex().encode()  # barely compressible: no ratio alarm
    block = b"".join(b'<x:row k="%s"/>' % noise[i * 2 : i * 2 + 6] for i in range(1_000_000))
    workbook(path, {"Q/r.bin": sheet(block * 4)})  # 4 M rows (repeats lie far beyond deflate's window)
    out = measured(path)
    assert "超過 150,000 列" in out["message"]
    assert out["s"] < 5 and out["mb"] < 500


def test_prefixed_cells_and_shared_strings_are_counted():
    counts = limits.Counts()
    limits._count(counts, b'<x:row r="1"><x:c r="A1"/><c>1</c></x:row><si><t>a</t></si><sheet name="a"/>')
    assert (counts.rows, counts.cells, counts.strings, counts.sheets) == (1, 2, 1, 1)


def test_tags_cut_between_chunks_are_counted_once(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "CHUNK", 7)
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.xml", b"<row><c/><c r='B1'/></row>" * 50 + b"<mergeCell ref='A1:B2'/>")
    counts = limits.check_package(zipfile.ZipFile(path), "x")
    assert (counts.rows, counts.cells, counts.merged) == (50, 100, 4)


def test_declared_size_past_the_total_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_XML", 1000)
    path = tmp_path / "big.xlsx"
    workbook(path, {"xl/worksheets/sheet1.xml": sheet(b"<row/>" * 1000)})
    with pytest.raises(BadInput, match="內容超過"):
        read_packet(path, bytes(32))


def test_limits_sit_above_our_largest_packet(ws, tmp_path):
    """A real 2,000-method packet, scaled to the 50,000 methods we export, stays under every limit."""
    from planner.build import add_plan_from_data
    from planner.packets import write_packets

    methods = [{"title": f"方法{i}", "body": "說明" * 40, "units": ["行政課"], "months": [6]} for i in range(2000)]
    data = {"year": 114, "items": [{"title": "甲", "focuses": [{"title": "乙", "methods": methods}]}]}
    plan = add_plan_from_data(ws, data)
    (path,) = write_packets(ws, plan, 6, tmp_path, formats=["xlsx"])
    counts = limits.check_package(zipfile.ZipFile(path), path.name)
    scale = 50_000 / 2000
    assert counts.rows * scale < limits.MAX_ROWS
    assert counts.cells * scale < limits.MAX_CELLS
    assert counts.merged * scale < limits.MAX_MERGED
    assert counts.xml_bytes * scale < limits.MAX_XML
    from planner.packets.secret import packet_key

    assert len(read_packet(path, packet_key(ws)).rows) == 2000

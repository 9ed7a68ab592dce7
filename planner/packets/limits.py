"""Limits of a returned packet, counted over every part of the package before openpyxl reads it.

Counting only `xl/worksheets/*.xml` misses a sheet stored under any other name or case (the workbook's
relationships may point anywhere), and per-sheet limits let 200 sheets each just under them through.
So every member is streamed once, whatever its name, and rows, cells, merged areas and shared strings
are summed over the whole package. The limits sit well above the largest packet we write
(50,000 methods of one unit: about 100,000 rows, 600,000 cells and 75 MB of XML).
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from dataclasses import dataclass

from planner.errors import BadInput

log = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_ROWS = 150_000
MAX_CELLS = 1_000_000
MAX_MERGED = 2_000_000  # cells covered by merged ranges
MAX_STRINGS = 1_000_000  # shared strings
MAX_XML = 120 * MB  # uncompressed bytes of all members together
MAX_SHEETS = 20
CHUNK = 1 * MB
_CARRY_MAX = 4096

_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,32}:)?"
_TAGS = re.compile(rb"<" + _PREFIX + rb"(row|c|si|sheet)[\s/>]")
_MERGE = re.compile(rb"<" + _PREFIX + rb"mergeCell\b[^<>]*?\bref\s*=\s*[\"']([^\"'<>]{1,40})[\"']")
_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@dataclass
class Counts:
    """What a package holds, summed over all its members."""

    rows: int = 0
    cells: int = 0
    merged: int = 0
    strings: int = 0
    sheets: int = 0
    xml_bytes: int = 0


def _cell(ref: str) -> tuple[int, int] | None:
    m = _A1.match(ref.strip())
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def merged_area(ref: str) -> int:
    """Return how many cells a range like 'A2:C4' covers (0 when unreadable)."""
    ends = [_cell(part) for part in ref.split(":")]
    if not ends or any(e is None for e in ends):
        return 0
    (r1, c1), (r2, c2) = ends[0], ends[-1]  # type: ignore[misc]
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def too_large(name: str, what: str) -> BadInput:
    """Return the error for a packet past a limit."""
    return BadInput(f"「{name}」太大，不像是本程式產生的執行情形填報表（{what}），已停止讀取。")


def _count(counts: Counts, text: bytes) -> None:
    for tag in _TAGS.findall(text):
        if tag == b"c":
            counts.cells += 1
        elif tag == b"row":
            counts.rows += 1
        elif tag == b"si":
            counts.strings += 1
        else:
            counts.sheets += 1
    if b"mergeCell" in text:
        counts.merged += sum(merged_area(m.decode("ascii", "replace")) for m in _MERGE.findall(text))


def _check(counts: Counts, name: str) -> None:
    if counts.xml_bytes > MAX_XML:
        raise too_large(name, f"內容超過 {MAX_XML // MB} MB")
    if counts.rows > MAX_ROWS:
        raise too_large(name, f"超過 {MAX_ROWS:,} 列")
    if counts.cells > MAX_CELLS:
        raise too_large(name, f"儲存格超過 {MAX_CELLS:,} 個")
    if counts.merged > MAX_MERGED:
        raise too_large(name, "合併儲存格範圍過大")
    if counts.strings > MAX_STRINGS:
        raise too_large(name, f"文字超過 {MAX_STRINGS:,} 筆")
    if counts.sheets > MAX_SHEETS:
        raise too_large(name, f"工作表超過 {MAX_SHEETS} 個")


def check_package(zf: zipfile.ZipFile, name: str) -> Counts:
    """Stream every member once and refuse the package as soon as a total passes its limit."""
    counts = Counts()
    declared = sum(i.file_size for i in zf.infolist())
    if declared > MAX_XML:
        raise too_large(name, f"內容超過 {MAX_XML // MB} MB")
    for info in zf.infolist():
        if info.is_dir():
            continue
        carry = b""
        try:
            with zf.open(info) as member:
                while True:
                    chunk = member.read(CHUNK)
                    if not chunk:
                        break
                    counts.xml_bytes += len(chunk)
                    buf = carry + chunk
                    cut = buf.rfind(b"<")  # every tag starts with "<": the last one may be cut off
                    if cut <= 0:
                        carry = buf[-_CARRY_MAX:]
                        continue
                    _count(counts, buf[:cut])
                    carry = buf[cut:][:_CARRY_MAX]
                    _check(counts, name)
                _count(counts, carry)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise BadInput(f"「{name}」不完整或已損壞，無法讀取。") from None
        _check(counts, name)
    log.debug("packet %s: %s", name, counts)
    return counts

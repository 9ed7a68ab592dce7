"""Read a plan from a published PDF that has a text layer (pdfplumber).

Ruled tables are found from the page's lines (pdfplumber's table finder); the cells' edges, clustered, give
the grid, and a cell covering several grid rows or columns is a merged cell (vertical merges continue like
Word's). Words are placed in cells by position and ordered top to bottom, left to right. A PDF keeps no
paragraphs: a line that runs to the right edge of its cell (or of the text block) is taken as wrapped and
joined to the next, a line ending short of it ends a paragraph — and a warning says the structure was
inferred. Text outside tables becomes paragraphs, page numbers dropped. Tables continued on the next page
continue the content as in Word files. A PDF without text (a scan) is refused with a clear message.
"""

from __future__ import annotations

import logging
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import BadInput
from planner.importers.docx import DocxReader
from planner.importers.docx_tables import RawCell, Table
from planner.importers.labels import parse_label
from planner.importers.numbering import Numbering
from planner.importers.options import DEFAULT, ImportOptions
from planner.importers.result import ImportResult
from planner.importers.safety import BOMB, CHUNK, MAX_RATIO, MAX_TOTAL, MB, RATIO_FROM

log = logging.getLogger(__name__)

MAX_PDF = 100 * MB
MAX_PAGES = 3_000
MAX_CHARS_PER_PAGE = 60_000
EDGE = 2.0  # points: cell edges closer than this are one grid line
WRAP = 2.6  # a line ending closer than this many characters to the right edge wraps (CJK line-breaking rules)
SCANNED = (
    "這個 PDF 沒有文字層（可能是掃描的影像），無法讀出計畫內容。"
    "請改用原始的 Word (.docx)／Excel (.xlsx) 檔，或先用 OCR 軟體將 PDF 轉成文字後再匯入。"
)
INFERRED = (
    "PDF 檔不保留段落與儲存格內的換行：已依文字在版面上的位置推斷換行與合併儲存格，"
    "請核對匯入的方法文字、單位與查核期限。"
)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:第\s*)?[0-9０-９]{1,4}(?:\s*頁)?(?:\s*/\s*[0-9]{1,4})?[-–—\s]*$")
_ASCII = re.compile(r"[A-Za-z0-9]")


@dataclass
class Word:
    """A word on the page: its text and box."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _lines(words: list[Word]) -> list[list[Word]]:
    """Group words into lines by their vertical position, each line left to right."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if out and abs(w.top - out[-1][0].top) <= max(2.0, 0.45 * w.size):
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _line_text(line: list[Word]) -> str:
    parts: list[str] = []
    for w in line:
        if parts and (_ASCII.match(w.text[:1]) and _ASCII.match(parts[-1][-1:])):
            parts.append(" ")
        parts.append(w.text)
    return "".join(parts).strip()


def wraps(line: list[Word], right: float) -> bool:
    """Return whether a line runs on into the next: it reaches the right edge and does not end a sentence."""
    size = max(w.size for w in line)
    return right - line[-1].x1 < WRAP * size and not line[-1].text.endswith(("。", "：", ":", "；", "！", "？"))


def flow(words: list[Word], left: float, right: float) -> str:
    """Join a block's lines into paragraphs: a line from edge to edge wraps into the next (unless it is numbered)."""
    paragraphs: list[str] = []
    wrapped, start = False, left
    for line in _lines(words):
        text = _line_text(line)
        if not text:
            continue
        if wrapped and paragraphs and parse_label(text) is None and line[0].x0 - start < 4 * line[0].size:
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
            start = line[0].x0
        wrapped = wraps(line, right)
    return "\n".join(paragraphs)


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def table_of(cells: list[tuple[float, float, float, float]], words: list[Word], index: int) -> Table:
    """Build grid rows of raw cells from a ruled table's cell boxes and the words inside them."""
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    placed: dict[int, list[Word]] = {i: [] for i in range(len(cells))}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for i, (x0, top, x1, bottom) in enumerate(cells):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                placed[i].append(w)
                break
    grid: list[list[RawCell]] = [[] for _ in range(max(0, len(ys) - 1))]
    for i, (x0, top, x1, bottom) in enumerate(cells):
        col, col_end = _index(xs, x0), _index(xs, x1)
        row, row_end = _index(ys, top), _index(ys, bottom)
        if col_end <= col or row_end <= row or row >= len(grid):
            continue
        text = flow(placed[i], x0 + 2, x1 - 2)
        grid[row].append(RawCell(col, col_end - col, "restart" if row_end - row > 1 else None, text))
        for r in range(row + 1, min(row_end, len(grid))):
            grid[r].append(RawCell(col, col_end - col, "continue", ""))
    for row_cells in grid:
        row_cells.sort(key=lambda c: c.col)
    return Table(index, [r for r in grid if r])


def _words(page: Any) -> list[Word]:
    raw = page.extract_words(keep_blank_chars=True, use_text_flow=False, extra_attrs=["size"])
    return [Word(w["text"].strip(), w["x0"], w["x1"], w["top"], w["bottom"], float(w.get("size") or 10)) for w in raw]


_STREAM = re.compile(rb"stream\r?\n")


def check_pdf(data: bytes) -> None:
    """Refuse compression bombs before pdfminer inflates anything.

    Every Flate stream is inflated here in bounded chunks, its size counted against MAX_TOTAL and, for large
    streams, against MAX_RATIO.
    """
    total = 0
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return
        pos = end + 9
        head = data[max(0, m.start() - 300) : m.start()]
        if b"FlateDecode" not in head and b"/Fl " not in head and b"/Fl]" not in head:
            continue
        inflater = zlib.decompressobj()
        chunk = data[start:end]
        size = 0
        try:
            piece = inflater.decompress(chunk, CHUNK)
            while piece:
                size += len(piece)
                if total + size > MAX_TOTAL or (size > RATIO_FROM and size > MAX_RATIO * max(len(chunk), 1)):
                    raise BadInput(BOMB)
                piece = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        except zlib.error:
            continue  # pdfminer reports a damaged stream itself
        total += size


def read_pdf(path: Path, options: ImportOptions = DEFAULT) -> ImportResult:
    """Read a plan from a PDF with a text layer; BadInput for scans, damaged or oversized files."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    if path.stat().st_size > MAX_PDF:
        raise BadInput(f"「{path.name}」檔案太大（超過 {MAX_PDF // MB} MB），不像是計畫文件。")
    check_pdf(path.read_bytes())
    reader = DocxReader(Numbering(), options)
    chars = 0
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise BadInput(f"「{path.name}」超過 {MAX_PAGES:,} 頁，檔案太大，不像是一份計畫。")
            for number, page in enumerate(pdf.pages, start=1):
                if len(page.chars) > MAX_CHARS_PER_PAGE:
                    raise BadInput(f"PDF 第 {number} 頁的文字量異常（檔案太大或異常），已拒絕讀取。")
                chars += len(page.chars)
                _page(page, reader)
                page.flush_cache()
    except BadInput:
        raise
    except PDFSyntaxError:
        raise BadInput("PDF 檔已損壞或不完整，無法讀取。") from None
    except Exception as exc:  # noqa: BLE001 - a hostile file may make the parser raise anything
        raise BadInput(f"無法讀取這個 PDF 檔（{type(exc).__name__}），檔案可能已損壞或受密碼保護。") from None
    if chars == 0:
        raise BadInput(SCANNED)
    if not reader.builder.items:
        reader.warnings.append(INFERRED)
        reader.finish(path, "pdf")  # raises the usual "no plan content" when nothing was found
    result = reader.finish(path, "pdf")
    result.warnings.append(INFERRED)
    return result


def _inside(w: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1 and top - 1 <= w.top <= bottom + 1


def _page(page: Any, reader: DocxReader) -> None:
    words = _words(page)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    outside = [
        w
        for w in words
        if not any(
            x0 - 1 <= (w.x0 + w.x1) / 2 <= x1 + 1 and top - 1 <= w.top <= bottom + 1 for x0, top, x1, bottom in boxes
        )
    ]
    right = max((w.x1 for w in outside), default=page.width)
    left = min((w.x0 for w in outside), default=0.0)
    blocks: list[tuple[float, str, Any]] = []
    for line in _lines(outside):
        blocks.append((line[0].top, "line", line))
    for t in tables:
        inside = [
            w
            for w in words
            if t.bbox[0] - 1 <= (w.x0 + w.x1) / 2 <= t.bbox[2] + 1 and t.bbox[1] - 1 <= w.top <= t.bbox[3] + 1
        ]
        blocks.append((t.bbox[1], "table", (t.cells, inside)))
    blocks.sort(key=lambda b: b[0])
    pending: list[Word] = []
    pending_lines: list[list[Word]] = []

    def flush() -> None:
        pending_lines.clear()
        if pending:
            for text in flow(pending, left, right).split("\n"):
                reader.paragraph(text)
            pending.clear()

    for _, kind, value in blocks:
        if kind == "line":
            text = _line_text(value)
            if _PAGE_NUMBER.match(text):
                continue
            if pending and (not wraps(pending_lines[-1], right) or parse_label(_line_text(value)) is not None):
                flush()
            pending.extend(value)
            pending_lines.append(value)
        else:
            flush()
            cells, inside = value
            reader.tables += 1
            reader.add_table(table_of(cells, inside, reader.tables))
    flush()

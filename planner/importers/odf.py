"""Read a plan from OpenDocument files (.odt text, .ods spreadsheet) natively.

The ODF XML goes through the same bounded, DOCTYPE-refusing reader as OOXML (planner/importers/safety.py).
.odt: paragraphs, headings and lists in document order, list numbers rendered from the list styles (counters
kept per list, text:continue-list and text:continue-numbering followed, text:start-value restarts), tables
walked into the same cells as Word tables (number-columns-spanned, number-rows-spanned, covered cells), then
read by the Word reader's logic. .ods: every sheet's cells and merged ranges read into the spreadsheet grid.
Repeated rows and columns (number-rows-repeated="1048553" for the empty rest of a sheet) are never expanded
when empty and bounded when not.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from lxml import etree

from planner.errors import BadInput
from planner.importers.docx import NOT_A_PLAN, DocxReader
from planner.importers.docx_tables import RawCell, Table
from planner.importers.grid import Merge, Rows, plan_from_rows
from planner.importers.labels import clean
from planner.importers.numbering import Numbering, format_number
from planner.importers.options import DEFAULT, ImportOptions
from planner.importers.result import ImportResult
from planner.importers.safety import MB, Package

log = logging.getLogger(__name__)

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
LOEXT = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MAX_ROWS = 250_000
MAX_COLS = 64
MAX_REPEAT = 1_000  # a non-empty repeated row or cell is expanded at most this often
MAX_COVER = 2_500_000  # cells covered by spans, per document
NOT_A_SHEET_PLAN = "試算表中找不到計畫內容：需要一列含有「要項」「重點」「方法」等欄位標題的表格。"

# style:num-format of ODF list levels → Word's w:numFmt names (format_number renders both alike).
_FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
    "": "none",
}
_FORMAT_PREFIXES = (
    ("一", "taiwaneseCounting"),
    ("壹", "ideographLegalTraditional"),
    ("甲", "ideographTraditional"),
    ("子", "ideographZodiac"),
    ("１", "decimalFullWidth"),
    ("①", "decimalEnclosedCircle"),
    ("⑴", "decimalEnclosedParen"),
)
_SKIP = frozenset(
    f"{ns}{name}"
    for ns, name in (
        (TEXT, "tracked-changes"),
        (TEXT, "note"),
        (OFFICE, "annotation"),
        (OFFICE, "annotation-end"),
        (TEXT, "sequence-decls"),
        (TEXT, "table-of-content"),
        (OFFICE, "forms"),
    )
)


def _fmt(value: str) -> str:
    if value in _FORMATS:
        return _FORMATS[value]
    for head, name in _FORMAT_PREFIXES:
        if value.startswith(head):
            return name
    return "decimal"


@dataclass(frozen=True)
class OdfLevel:
    """One level of an ODF list style: format, prefix, suffix, template, shown levels, start value."""

    fmt: str = "decimal"
    prefix: str = ""
    suffix: str = ""
    template: str = ""
    display: int = 1
    start: int = 1


def list_styles(*roots: etree._Element | None) -> dict[str, dict[int, OdfLevel]]:
    """Read text:list-style definitions (styles.xml and content.xml automatic styles)."""
    out: dict[str, dict[int, OdfLevel]] = {}
    for root in roots:
        if root is None:
            continue
        for ls in root.iter(f"{TEXT}list-style"):
            levels: dict[int, OdfLevel] = {}
            for lvl in ls:
                if not isinstance(lvl.tag, str):
                    continue
                level = int(lvl.get(f"{TEXT}level", "1") or 1)
                if lvl.tag == f"{TEXT}list-level-style-number":
                    levels[level] = OdfLevel(
                        fmt=_fmt(lvl.get(f"{STYLE}num-format", "1")),
                        prefix=lvl.get(f"{STYLE}num-prefix", ""),
                        suffix=lvl.get(f"{STYLE}num-suffix", ""),
                        template=lvl.get(f"{LOEXT}num-list-format", ""),
                        display=int(lvl.get(f"{TEXT}display-levels", "1") or 1),
                        start=int(lvl.get(f"{TEXT}start-value", "1") or 1),
                    )
                else:
                    levels[level] = OdfLevel(fmt="none")
            out[ls.get(f"{STYLE}name", "")] = levels
    return out


def odf_text(el: etree._Element, out: list[str]) -> None:
    """Collect the visible text of a paragraph (spaces, tabs and line breaks as written)."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP:
            if tag == f"{TEXT}s":
                out.append(" " * min(int(child.get(f"{TEXT}c", "1") or 1), 100))
            elif tag == f"{TEXT}tab":
                out.append("\t")
            elif tag == f"{TEXT}line-break":
                out.append("\n")
            else:
                odf_text(child, out)
        if child.tail:
            out.append(child.tail)


def paragraph_of(el: etree._Element) -> str:
    """Return a text:p / text:h's text."""
    out: list[str] = []
    odf_text(el, out)
    return clean("".join(out))


@dataclass
class Lists:
    """ODF list numbering: counters per list, continued lists followed."""

    styles: dict[str, dict[int, OdfLevel]]
    counters: dict[str, list[int]] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)  # xml:id → counter key
    last_of_style: dict[str, str] = field(default_factory=dict)
    made: int = 0

    def open(self, lst: etree._Element, style: str) -> str:
        """Return the counter key of a top-level text:list."""
        key = None
        cont = lst.get(f"{TEXT}continue-list")
        if cont and cont in self.by_id:
            key = self.by_id[cont]
        elif lst.get(f"{TEXT}continue-numbering") == "true" and style in self.last_of_style:
            key = self.last_of_style[style]
        if key is None:
            self.made += 1
            key = f"list{self.made}"
            self.counters[key] = [0] * 11
        own = lst.get(XML_ID)
        if own:
            self.by_id[own] = key
        self.last_of_style[style] = key
        return key

    def label(self, key: str, style: str, level: int, item: etree._Element) -> str:
        """Advance the counter of a list item at a level (1-based) and return its label."""
        levels = self.styles.get(style, {})
        lvl = levels.get(level, OdfLevel())
        counters = self.counters.setdefault(key, [0] * 11)
        start = item.get(f"{TEXT}start-value")
        if start is not None and start.isdigit():
            counters[level] = int(start)
        elif counters[level] == 0:
            counters[level] = lvl.start
        else:
            counters[level] += 1
        for deeper in range(level + 1, 11):
            counters[deeper] = 0
        if lvl.fmt == "none":
            return ""

        def shown(k: int) -> str:
            other = levels.get(k, OdfLevel())
            return format_number(other.fmt, counters[k] or other.start)

        if lvl.template:
            return re.sub(r"%([1-9]|10)%", lambda m: shown(int(m.group(1))), lvl.template)
        first = max(1, level - lvl.display + 1)
        return lvl.prefix + ".".join(shown(k) for k in range(first, level + 1)) + lvl.suffix


def _int(el: etree._Element, name: str) -> int:
    try:
        return max(1, int(el.get(name, "1") or 1))
    except ValueError:
        return 1


class OdtWalker:
    """Walks an ODF text body into a DocxReader: paragraphs with their list labels, and tables."""

    def __init__(self, reader: DocxReader, lists: Lists) -> None:
        self.reader = reader
        self.lists = lists
        self.covered = 0

    def walk(self, container: etree._Element) -> None:
        """Walk block content in document order."""
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in (f"{TEXT}p", f"{TEXT}h"):
                self.reader.paragraph(paragraph_of(child))
            elif tag == f"{TEXT}list":
                style = child.get(f"{TEXT}style-name", "")
                key = self.lists.open(child, style)
                for text in self.list_lines(child, key, style, 1):
                    self.reader.paragraph(text)
            elif tag == f"{TABLE}table":
                self.reader.tables += 1
                self.reader.add_table(self.table(child, self.reader.tables))
            elif tag in (f"{TEXT}section", f"{TEXT}soft-page-break", f"{TEXT}index-body"):
                self.walk(child)

    def list_lines(self, lst: etree._Element, key: str, style: str, level: int) -> list[str]:
        """Return the paragraphs of a list, each with its label in front."""
        out: list[str] = []
        for item in lst:
            if item.tag not in (f"{TEXT}list-item", f"{TEXT}list-header"):
                continue
            children = [c for c in item if isinstance(c.tag, str)]
            numbered = item.tag == f"{TEXT}list-item" and bool(children) and children[0].tag != f"{TEXT}list"
            label = self.lists.label(key, style, level, item) if numbered else ""
            for c in children:
                if c.tag in (f"{TEXT}p", f"{TEXT}h"):
                    text = paragraph_of(c)
                    if text.strip():
                        out.append(f"{label}{text.lstrip()}" if label else text)
                    label = ""
                elif c.tag == f"{TEXT}list":
                    out.extend(self.list_lines(c, key, c.get(f"{TEXT}style-name", style) or style, level + 1))
        return out

    def cell_text(self, cell: etree._Element) -> str:
        """Return a cell's paragraphs (lists with their labels) as lines."""
        lines: list[str] = []
        for child in cell:
            if child.tag in (f"{TEXT}p", f"{TEXT}h"):
                text = paragraph_of(child)
                if text.strip():
                    lines.append(text)
            elif child.tag == f"{TEXT}list":
                style = child.get(f"{TEXT}style-name", "")
                lines.extend(self.list_lines(child, self.lists.open(child, style), style, 1))
        return "\n".join(lines)

    def table(self, tbl: etree._Element, index: int) -> Table:
        """Read a table:table into raw cells on the grid."""
        rows: list[list[RawCell]] = []
        for tr in _rows(tbl):
            cells: list[RawCell] = []
            col, h_until = 0, 0
            for tc in tr:
                if tc.tag == f"{TABLE}table-cell":
                    span = min(_int(tc, f"{TABLE}number-columns-spanned"), MAX_COLS)
                    down = _int(tc, f"{TABLE}number-rows-spanned")
                    self.covered += span * down
                    if self.covered > MAX_COVER:
                        raise BadInput("文件中的表格合併範圍過大，檔案太大，不像是一份計畫，已停止讀取。")
                    repeat = min(_int(tc, f"{TABLE}number-columns-repeated"), MAX_COLS)
                    text = self.cell_text(tc)
                    for _ in range(repeat if text else 1):
                        cells.append(RawCell(col, span, "restart" if down > 1 else None, text))
                        col += span
                    if not text:
                        col += repeat - 1
                    h_until = col
                elif tc.tag == f"{TABLE}covered-table-cell":
                    repeat = min(_int(tc, f"{TABLE}number-columns-repeated"), MAX_COLS)
                    for _ in range(repeat):
                        if col >= h_until:
                            cells.append(RawCell(col, 1, "continue", ""))
                        col += 1
                if col > MAX_COLS:
                    break
            rows.append(cells)
            if len(rows) > MAX_ROWS:
                raise BadInput(f"文件中的表格超過 {MAX_ROWS:,} 列，檔案太大，不像是一份計畫，已停止讀取。")
        return Table(index, rows)


def _rows(tbl: etree._Element) -> list[etree._Element]:
    """Return a table's rows, looking into header rows and row groups; empty repeated rows appear once."""
    out: list[etree._Element] = []
    for child in tbl:
        if child.tag == f"{TABLE}table-row":
            out.append(child)
        elif child.tag in (f"{TABLE}table-header-rows", f"{TABLE}table-rows", f"{TABLE}table-row-group"):
            out.extend(_rows(child))
    return out


def read_odt(pkg: Package, options: ImportOptions = DEFAULT) -> ImportResult:
    """Read a plan from a checked .odt package."""
    content = pkg.xml("content.xml") if pkg.has("content.xml") else None
    if content is None:
        raise BadInput("ODF 檔缺少內容（content.xml），可能已損壞。")
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise BadInput("這個 ODF 檔的內容不是文字文件。")
    styles = pkg.xml("styles.xml", 20 * MB) if pkg.has("styles.xml") else None
    reader = DocxReader(Numbering(), options)
    OdtWalker(reader, Lists(list_styles(styles, content))).walk(body)
    if not reader.builder.items and not reader.sections and not reader.pre:
        raise BadInput(NOT_A_PLAN)
    result = reader.finish(pkg.path, "odt")
    page = styles.find(f".//{STYLE}page-layout-properties") if styles is not None else None
    if page is not None and result.layout is not None:  # the source's orientation
        fo = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
        size = [_length(page.get(f"{fo}page-width")), _length(page.get(f"{fo}page-height"))]
        wide = page.get(f"{STYLE}print-orientation") == "landscape" or size[0] > size[1]
        result.layout = replace(result.layout, landscape=wide)
    return result


def _length(value: str | None) -> float:
    """Return an ODF length (21cm, 841.9pt) in points, 0 when missing or unreadable."""
    match = re.fullmatch(r"([\d.]+)(cm|mm|in|pt)", (value or "").strip())
    if match is None:
        return 0.0
    return float(match[1]) * {"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pt": 1.0}[match[2]]


def read_ods(pkg: Package, options: ImportOptions = DEFAULT) -> ImportResult:
    """Read a plan from a checked .ods package: the first sheet holding a content table."""
    content = pkg.xml("content.xml") if pkg.has("content.xml") else None
    if content is None:
        raise BadInput("ODF 檔缺少內容（content.xml），可能已損壞。")
    body = content.find(f"{OFFICE}body/{OFFICE}spreadsheet")
    if body is None:
        raise BadInput("這個 ODF 檔的內容不是試算表。")
    walker = OdtWalker(DocxReader(Numbering()), Lists({}))
    for number, tbl in enumerate(body.iter(f"{TABLE}table"), start=1):
        if options.uses_table(number) is False:
            continue
        rows, merges = sheet_grid(tbl, walker)
        result = plan_from_rows(rows, merges, tbl.get(f"{TABLE}name", ""), pkg.path, "ods", options, number)
        if result is not None:
            return result
    raise BadInput(NOT_A_SHEET_PLAN)


def sheet_grid(tbl: etree._Element, walker: OdtWalker) -> tuple[Rows, list[Merge]]:
    """Read a sheet's non-empty cells by row and column and its merged ranges (1-based)."""
    rows: Rows = {}
    merges: list[Merge] = []
    covered = 0
    r = 0
    for tr in _rows(tbl):
        row_repeat = _int(tr, f"{TABLE}number-rows-repeated")
        cells: list[tuple[int, str, int, int]] = []
        c = 0
        for tc in tr:
            if tc.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                continue
            repeat = _int(tc, f"{TABLE}number-columns-repeated")
            text = walker.cell_text(tc) if tc.tag == f"{TABLE}table-cell" else ""
            if text.strip() and c < MAX_COLS:
                span = _int(tc, f"{TABLE}number-columns-spanned")
                down = _int(tc, f"{TABLE}number-rows-spanned")
                for k in range(min(repeat, MAX_COLS - c)):
                    cells.append((c + k + 1, text.strip(), span, down))
            elif tc.tag == f"{TABLE}table-cell" and c < MAX_COLS:
                span = _int(tc, f"{TABLE}number-columns-spanned")
                down = _int(tc, f"{TABLE}number-rows-spanned")
                if span > 1 or down > 1:
                    cells.append((c + 1, "", span, down))
            c += repeat
        if not cells:
            r += row_repeat  # empty rows: counted, never expanded
            continue
        for _ in range(min(row_repeat, MAX_REPEAT)):
            r += 1
            if r > MAX_ROWS:
                raise BadInput(f"試算表超過 {MAX_ROWS:,} 列，檔案太大，不像是一份計畫，已停止讀取。")
            for col, text, span, down in cells:
                if text:
                    rows.setdefault(r, {})[col] = text
                if span > 1 or down > 1:
                    covered += span * down
                    if covered > MAX_COVER:
                        raise BadInput("試算表的合併儲存格範圍過大，檔案太大，不像是一份計畫，已停止讀取。")
                    merges.append((r, col, r + down - 1, col + span - 1))
    return rows, merges

"""Layout pass of the printed plan: pages of positioned text lines and table cells, in points; no painting.

The layout follows the Word export (planner/export/docx.py): the same title, sections, outline
indents, column widths and sizes. Text is measured with QTextLayout at 1,200 dpi, so it needs a
QGuiApplication but no paint device; the paint pass draws exactly these boxes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from PySide6.QtGui import QFontMetricsF, QImage, QTextLayout, QTextOption

from planner.export import full_title, months_text, outline_line, text_lines
from planner.export.scope import ItemPart, Scope, describe, document_order, focus_groups, select_for_export
from planner.export.widths import table_shape
from planner.model import Node, Plan
from planner.workspace import Workspace
from ui.render.fonts import FontChoice, choose_fonts, make_font

log = logging.getLogger(__name__)

CM = 72 / 2.54
A4 = (210 / 25.4 * 72, 297 / 25.4 * 72)  # 595.3 × 841.9 pt
MARGIN, FOOTER_GAP = 2.0 * CM, 1.0 * CM
PAD_X, PAD_Y = 85 / 20, 45 / 20  # cell margins of the Word table (twips → pt)
BORDER = 0.75
HEADER_FILL = "#E7E6E6"
MEASURE_DPI = 1200
DOTS = MEASURE_DPI / 72  # measuring units per point
SPLIT_LINES = 12  # rows taller than this many lines may break across pages (as in the Word export)
MIN_SPLIT_LINES = 3  # … when at least this many lines fit before the break
CENTRED = ("units", "months")
SPANNED = ("item", "focus")
ELLIPSIS = "…"

Progress = Callable[[int, int], None]
PHASE_SCALE = 1000


def phased(progress: Progress | None, start: float, width: float) -> Progress | None:
    """Return a progress callback mapping a phase's done/total onto start … start + width of the whole (0–1)."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        share = done / total if total else 1.0
        progress(round((start + width * share) * PHASE_SCALE), PHASE_SCALE)

    return report


# Word's autoSpaceDE/autoSpaceDN: a quarter em between Chinese characters and Latin letters or digits.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_AUTOSPACE = re.compile(f"(?<=[{_HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_HAN}])")
QUARTER_EM = "\u2005"


@dataclass(frozen=True)
class Style:
    """A paragraph style: size (pt), bold, minimum line pitch, alignment, space before and after."""

    size: float
    bold: bool = False
    line: float = 15.0
    align: str = "left"
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False


STYLES: dict[str, Style] = {
    "title": Style(20, True, 28, "center", 0, 6),  # the title block opens page 1: nothing to keep with
    "subtitle": Style(14, False, 20, "center", 0, 6),
    "issued": Style(11, False, 16, "right", 0, 12),
    "heading": Style(14, True, 20, "left", 12, 3, True),
    "text": Style(12, False, 20),
    "header": Style(12, True, 15, "center"),
    "cell": Style(12, False, 15),
    "center": Style(12, False, 15, "center"),
    "footer": Style(10, False, 12, "center"),
}


@dataclass
class Para:
    """A paragraph before layout: the first line starts at left − hanging, the others at left."""

    text: str
    style: str
    left: float = 0.0
    hanging: float = 0.0


@dataclass(slots=True)
class Line:
    """One printed line: top-left corner of its line box, pitch, baseline, text width (pt)."""

    x: float
    y: float
    height: float
    baseline: float
    width: float
    text: str
    style: str

    def moved(self, dx: float, dy: float) -> Line:
        """Return the line shifted."""
        return Line(self.x + dx, self.y + dy, self.height, self.baseline + dy, self.width, self.text, self.style)


@dataclass
class Cell:
    """A table cell on a page: its rectangle, field, nodes shown and lines (page coordinates)."""

    x: float
    y: float
    width: float
    height: float
    field: str
    lines: list[Line] = field(default_factory=list)
    header: bool = False
    node_ids: tuple[int, ...] = ()
    continued: bool = False

    @property
    def text(self) -> str:
        """Return the cell's lines joined without separators."""
        return "".join(line.text for line in self.lines)


@dataclass
class Page:
    """One page: its boxes (free lines and table cells) in reading order, and the footer."""

    number: int
    width: float
    height: float
    boxes: list[Line | Cell] = field(default_factory=list)
    footer: Line | None = None

    @property
    def lines(self) -> list[Line]:
        """Return the free text lines (outside the table)."""
        return [b for b in self.boxes if isinstance(b, Line)]

    @property
    def cells(self) -> list[Cell]:
        """Return the table cells."""
        return [b for b in self.boxes if isinstance(b, Cell)]

    def texts(self) -> list[str]:
        """Return every text printed on the page in reading order, footer last."""
        out: list[str] = []
        for box in self.boxes:
            out.extend([box.text] if isinstance(box, Line) else [line.text for line in box.lines])
        if self.footer is not None:
            out.append(self.footer.text)
        return out


@dataclass
class Document:
    """The laid-out plan: pages in points, ready for the paint pass."""

    pages: list[Page]
    landscape: bool
    title: str
    subject: str
    fonts: FontChoice

    @property
    def page_size(self) -> tuple[float, float]:
        """Return the page width and height in points."""
        return (A4[1], A4[0]) if self.landscape else A4


# ---------------------------------------------------------------- measuring


def autospace(text: str) -> str:
    """Return the text with a quarter-em space between Chinese characters and Latin letters or digits."""
    return _AUTOSPACE.sub(QUARTER_EM, text)


def _utf16(text: str) -> bytes | None:
    """Return the UTF-16 code units of a text with characters beyond the BMP, else None (indices agree)."""
    units = text.encode("utf-16-le", errors="surrogatepass")
    return None if len(units) == 2 * len(text) else units


class Measurer:
    """Measures and wraps text with the print fonts at 1,200 dpi; results in points."""

    def __init__(self, fonts: FontChoice | None = None) -> None:
        self.fonts = fonts or choose_fonts()
        self.device = QImage(1, 1, QImage.Format.Format_ARGB32)
        dpm = round(MEASURE_DPI / 0.0254)
        self.device.setDotsPerMeterX(dpm)
        self.device.setDotsPerMeterY(dpm)
        self.qfonts = {name: make_font(self.fonts, s.size, s.bold) for name, s in STYLES.items()}
        self.option = QTextOption()
        self.option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._pitch: dict[str, tuple[float, float]] = {}
        self._wrapped: dict[tuple[str, str, float, float], list[tuple[str, float]]] = {}
        self._advances: dict[tuple[str, str], float] = {}

    def pitch(self, style: str) -> tuple[float, float]:
        """Return (line height, baseline offset from the line top): at least the style's pitch, centred glyphs."""
        if style not in self._pitch:
            st = STYLES[style]
            ascent = descent = 0.0
            for family in self.fonts.families[:2]:
                font = make_font(FontChoice(None, family), st.size, st.bold)
                metrics = QFontMetricsF(font, self.device)
                ascent, descent = max(ascent, metrics.ascent() / DOTS), max(descent, metrics.descent() / DOTS)
            height = max(st.line, ascent + descent)
            self._pitch[style] = (height, (height - ascent - descent) / 2 + ascent)
        return self._pitch[style]

    def advance(self, text: str, style: str) -> float:
        """Return the width of a text on one line."""
        key = (text, style)
        if key not in self._advances:
            metrics = QFontMetricsF(self.qfonts[style], self.device)
            self._advances[key] = metrics.horizontalAdvance(autospace(text)) / DOTS
        return self._advances[key]

    def wrap(self, text: str, style: str, first: float, rest: float) -> list[tuple[str, float]]:
        """Break a text into lines of the given widths: [(line text, text width)]; CJK breaks anywhere."""
        key = (text, style, round(first, 2), round(rest, 2))
        cached = self._wrapped.get(key)
        if cached is not None:
            return cached
        text = autospace(text.replace("\t", "  "))
        units = _utf16(text)
        layout = QTextLayout(text, self.qfonts[style], self.device)
        layout.setTextOption(self.option)
        layout.beginLayout()
        out: list[tuple[str, float]] = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(first if not out else rest, 1.0) * DOTS)
            start, length = line.textStart(), line.textLength()
            if units is None:
                piece = text[start : start + length]
            else:
                piece = units[2 * start : 2 * (start + length)].decode("utf-16-le", errors="replace")
            out.append((piece.rstrip(), line.naturalTextWidth() / DOTS))
        layout.endLayout()
        if not out:
            out = [("", 0.0)]
        self._wrapped[key] = out
        return out

    def block(self, paras: Iterable[Para], width: float) -> tuple[list[Line], float]:
        """Lay out paragraphs in a column of a width; return lines relative to (0, 0) and the height."""
        lines: list[Line] = []
        y = 0.0
        for para in paras:
            height, base = self.pitch(para.style)
            align = STYLES[para.style].align
            first_x = max(0.0, para.left - para.hanging)
            rest_x = max(0.0, para.left)
            minimum = STYLES[para.style].size
            pieces = self.wrap(para.text, para.style, max(width - first_x, minimum), max(width - rest_x, minimum))
            for i, (text, text_width) in enumerate(pieces):
                x = first_x if i == 0 else rest_x
                if align == "center":
                    x = max(0.0, (width - text_width) / 2)
                elif align == "right":
                    x = max(0.0, width - text_width)
                lines.append(Line(x, y, height, y + base, text_width, text, para.style))
                y += height
        return lines, y


# ---------------------------------------------------------------- paragraphs (as in the Word export)


def outline_paras(m: Measurer, lines: Iterable[str], style: str, base: float) -> list[Para]:
    """Return paragraphs for free-text lines: 一、(一)1.(1)A.(A) lines hang, other lines align with the text above."""
    out: list[Para] = []
    stack: list[tuple[int, float]] = []  # (outline level, text start)
    for line in lines:
        level, label, rest = outline_line(line)
        if not level:
            out.append(Para(rest, style, left=stack[-1][1] if stack else base))
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        start = stack[-1][1] if stack else base
        hang = m.advance(label, style)
        out.append(Para(label + rest, style, left=start + hang, hanging=hang))
        stack.append((level, start + hang))
    return out


def labelled_paras(m: Measurer, label: str, title: str, body: str, style: str = "cell") -> list[Para]:
    """Return a cell's paragraphs: "label+title" hanging, then the body aligned with the title."""
    hang = m.advance(label, style) if label else 0.0
    lines = text_lines(body)
    first = title.strip()
    if not first and lines:
        first = lines.pop(0).lstrip(" \u3000")
    out = [Para(label + first, style, left=hang, hanging=hang)] if label or first else []
    return out + outline_paras(m, lines, style, hang)


# ---------------------------------------------------------------- the table model


@dataclass(eq=False)
class Span:
    """A merged 要項 or 重點 cell over the rows of its methods."""

    field: str
    node_ids: tuple[int, ...]
    lines: list[Line]
    height: float  # content height with the cell margins
    first_row: int
    last_row: int = -1


@dataclass
class Part:
    """The own cells of a row (or of the piece of a split row) on one page: lines relative to the content top."""

    lines: dict[str, list[Line]]
    height: float
    first: bool = True
    last: bool = True


@dataclass(eq=False)
class Row:
    """One method row: its own cells and the spans it lies in."""

    index: int
    node_id: int | None
    part: Part
    spans: dict[str, Span]
    splittable: bool


def _content_height(lines: list[Line]) -> float:
    return max((line.y + line.height for line in lines), default=0.0)


class Table:
    """The 計畫內容 table laid out in columns: header cells, rows and spans; not yet paginated."""

    def __init__(
        self,
        m: Measurer,
        ws: Workspace,
        plan: Plan,
        parts: list[ItemPart],
        text_width: float,
        progress: Progress | None = None,
    ) -> None:
        self.m = m
        self.progress = progress
        self.plan = plan
        self.labels = plan.numbering()
        shape = table_shape(ws, plan, parts)
        self.columns, self.fields, self.unit_names = shape.columns, shape.fields, shape.unit_names
        self.expected = len(shape.methods)  # rows, give or take empty 重點 (for progress reports)
        widths = shape.widths(round(text_width * 20))
        scale = text_width / (sum(widths) or 1)
        self.width_of = {f: w * scale for f, w in zip(self.fields, widths)}
        self.x_of: dict[str, float] = {}
        x = 0.0
        for name in self.fields:
            self.x_of[name] = x
            x += self.width_of[name]
        self.width = x
        self.line_height = m.pitch("cell")[0]
        self.header = self._header()
        self.header_height = max(h for _, _, _, h in self.header)
        self.rows: list[Row] = []
        self._build_rows(parts)

    def inner(self, name: str) -> float:
        """Return the text width inside a column's cells."""
        return max(self.width_of[name] - 2 * PAD_X, 1.0)

    def _header(self) -> list[tuple[float, float, list[Line], float]]:
        """Return the header cells: (x, width, lines, height); a column of several fields spans them."""
        out = []
        for column in self.columns:
            x = self.x_of[column.fields[0]]
            width = sum(self.width_of[f] for f in column.fields)
            lines, height = self.m.block([Para(column.header, "header")], max(width - 2 * PAD_X, 1.0))
            out.append((x, width, lines, height + 2 * PAD_Y))
        return out

    def _span(self, name: str, nodes: list[Node], paras: list[Para]) -> Span:
        lines, height = self.m.block(paras, self.inner(name)) if name in self.width_of else ([], 0.0)
        height = max(height, self.line_height) + 2 * PAD_Y
        return Span(name, tuple(n.id for n in nodes), lines, height, first_row=len(self.rows))

    def _own(self, method: Node | None) -> Part:
        """Return a method's own cells (method, units, months, note) laid out in their columns."""
        cells: dict[str, list[Para]] = {}
        if method is not None:
            cells["method"] = labelled_paras(self.m, self.labels[method.id], method.title, method.body)
            cells["units"] = [Para(u, "center") for u in self.unit_names[method.id]]
            months = months_text(method.months)
            cells["months"] = [Para(months, "center")] if months else []
            cells["note"] = outline_paras(self.m, text_lines(method.note), "cell", 0.0)
        lines: dict[str, list[Line]] = {}
        height = self.line_height
        for name in self.fields:
            if name in SPANNED:
                continue
            laid, h = self.m.block(cells.get(name, []), self.inner(name))
            lines[name] = laid
            height = max(height, h)
        return Part(lines, height + 2 * PAD_Y)

    def _build_rows(self, parts: list[ItemPart]) -> None:
        """One row per method; 要項 and 重點 (or shared 重點 groups) span their methods' rows."""
        for item, focuses in parts:
            item_span = self._span("item", [item], labelled_paras(self.m, self.labels[item.id], item.title, item.body))
            for group in focus_groups(focuses) or [[]]:
                nodes = [f for f, _ in group]
                paras = [p for f in nodes for p in labelled_paras(self.m, self.labels[f.id], f.title, f.body)]
                focus_span = self._span("focus", nodes, paras)
                methods: list[Node | None] = [m for _, ms in group for m in ms] or [None]
                for method in methods:
                    if self.progress is not None and len(self.rows) % 200 == 0:
                        self.progress(len(self.rows), 2 * max(1, self.expected))
                    part = self._own(method)
                    spans = {name: s for name, s in (("item", item_span), ("focus", focus_span)) if name in self.x_of}
                    splittable = part.height > SPLIT_LINES * self.line_height + 2 * PAD_Y
                    node_id = method.id if method is not None else None
                    self.rows.append(Row(len(self.rows), node_id, part, spans, splittable))
                focus_span.last_row = len(self.rows) - 1
            item_span.last_row = len(self.rows) - 1

    def split(self, part: Part, room: float) -> tuple[Part, Part] | None:
        """Split a row's cells so the first piece is at most room tall; None when too few lines fit."""
        limit = room - 2 * PAD_Y + 0.01
        head: dict[str, list[Line]] = {}
        tail: dict[str, list[Line]] = {}
        for name, lines in part.lines.items():
            count = 0
            while count < len(lines) and lines[count].y + lines[count].height <= limit:
                count += 1
            head[name] = lines[:count]
            top = lines[count].y if count < len(lines) else 0.0
            tail[name] = [ln.moved(0, -top) for ln in lines[count:]]
        if max((len(v) for v in head.values()), default=0) < MIN_SPLIT_LINES or not any(tail.values()):
            return None
        first = Part(head, max(_content_height(v) for v in head.values()) + 2 * PAD_Y, part.first, False)
        second = Part(tail, max(_content_height(v) for v in tail.values()) + 2 * PAD_Y, False, part.last)
        return first, second


# ---------------------------------------------------------------- pagination


@dataclass(eq=False)
class Segment:
    """The piece of a span on one page: from y0 down to the bottom of its last row there."""

    span: Span
    y0: float
    start_line: int  # first line of the span shown here
    continued: bool

    def need(self) -> float:
        """Return the height this segment needs to show its lines."""
        lines = self.span.lines[self.start_line :]
        if not lines:
            return self.span.height
        return lines[-1].y + lines[-1].height - lines[0].y + 2 * PAD_Y


@dataclass
class Placed:
    """A row piece placed on the current page."""

    row: Row
    part: Part
    y: float
    height: float


class Paginator:
    """Flows paragraphs and the table onto pages (two passes: pages first, footers once the count is known)."""

    def __init__(self, m: Measurer, landscape: bool, progress: Progress | None = None) -> None:
        self.m = m
        self.width, self.height = (A4[1], A4[0]) if landscape else A4
        self.left = MARGIN
        self.text_width = self.width - 2 * MARGIN
        self.top, self.bottom = MARGIN, self.height - MARGIN
        self.pages: list[Page] = []
        self.progress = progress
        self.y = self.top
        self._new_page()

    # --------------------------------------------------------- pages

    def _new_page(self) -> None:
        self.page = Page(len(self.pages) + 1, self.width, self.height)
        self.pages.append(self.page)
        self.y = self.top

    @property
    def at_top(self) -> bool:
        """Return whether nothing is on the current page yet."""
        return not self.page.boxes

    def finish(self) -> list[Page]:
        """Drop a trailing empty page and add the footers 「第 X 頁，共 Y 頁」."""
        if len(self.pages) > 1 and not self.pages[-1].boxes:
            self.pages.pop()
        total = len(self.pages)
        height, base = self.m.pitch("footer")
        for page in self.pages:
            text = f"第 {page.number} 頁，共 {total} 頁"
            width = self.m.advance(text, "footer")
            top = page.height - FOOTER_GAP - height
            page.footer = Line((page.width - width) / 2, top, height, top + base, width, text, "footer")
        return self.pages

    # --------------------------------------------------------- paragraphs

    def place_para(self, para: Para, lines: list[Line], keep_with: float = 0.0) -> None:
        """Place a paragraph, line by line; a keep-with-next paragraph moves on when what follows cannot join it."""
        style = STYLES[para.style]
        before = 0.0 if self.at_top else style.before
        if style.keep_next and not self.at_top:
            whole = lines[-1].y + lines[-1].height if lines else 0.0
            if self.y + before + whole + style.after + keep_with > self.bottom:
                self._new_page()
                before = 0.0
        self.y += before
        for line in lines:
            if self.y + line.height > self.bottom + 0.01 and not self.at_top:
                self._new_page()
            self.page.boxes.append(line.moved(self.left, self.y - line.y))
            self.y += line.height
        self.y += style.after

    # --------------------------------------------------------- the table

    def _place_header(self, table: Table) -> None:
        for x, width, lines, height in table.header:
            content = _content_height(lines)
            dy = self.y + (height - content) / 2
            cell = Cell(self.left + x, self.y, width, height, "header", header=True)
            cell.lines = [ln.moved(self.left + x + PAD_X, dy) for ln in lines]
            self.page.boxes.append(cell)
        self.y += table.header_height

    def first_need(self, table: Table) -> float:
        """Return the height the table needs at the bottom of a page to start there: header and first row.

        A first row taller than half a page will break anyway: a few of its lines are enough.
        """
        if not table.rows:
            return table.header_height
        row = table.rows[0]
        need = max([row.part.height, *(s.height for s in row.spans.values())])
        if need > (self.bottom - self.top) / 2:
            need = MIN_SPLIT_LINES * table.line_height + 2 * PAD_Y
        return table.header_height + need

    def place_table(self, table: Table) -> None:
        """Place the table: header on every page, rows kept whole unless tall, spans repeated after breaks."""
        if not self.at_top and self.y + self.first_need(table) > self.bottom:
            self._new_page()
        self._place_header(table)
        self.table = table
        self.placed: list[Placed] = []
        self.span_cells: list[Cell] = []
        self.open: dict[str, Segment] = {}
        self.next_line: dict[int, int] = {}  # id(span) -> first line the next segment shows
        self.complete: set[int] = set()  # id(span) of spans whose whole text has been shown
        total = len(table.rows)
        for row in table.rows:
            if self.progress is not None and row.index % 200 == 0:
                self.progress(total + row.index, 2 * total)
            self._place_row(row)
            for name, span in row.spans.items():
                if span.last_row == row.index:
                    self._segment_cell(self.open.pop(name))
        self._flush_rows()
        if self.progress is not None:
            self.progress(2 * total, 2 * total)

    def _starting(self, row: Row, part: Part) -> dict[str, Span]:
        """Return the spans whose first piece this row piece is."""
        if not part.first:
            return {}
        return {name: span for name, span in row.spans.items() if span.first_row == row.index}

    def _height(self, row: Row, part: Part) -> float:
        """Return a piece's height: its own, or more on the last row of a span that needs room for its text."""
        height = part.height
        if part.last:
            starting = self._starting(row, part)
            for name, span in row.spans.items():
                if span.last_row != row.index:
                    continue
                if name in starting:
                    height = max(height, span.height)
                else:
                    seg = self.open[name]
                    height = max(height, seg.y0 + seg.need() - self.y)
        return height

    def _place_row(self, row: Row) -> None:
        """Place a row: whole when it fits (with the text of the spans it starts), else split or moved on."""
        part: Part | None = row.part
        while part is not None:
            height = self._height(row, part)
            keep = max([height, *(span.height for span in self._starting(row, part).values())])
            room = self.bottom - self.y
            if keep <= room + 0.01 or (not self.placed and height <= room + 0.01):
                self._put(row, part, height)  # on a page without rows, span text too tall flows on
                return
            pieces = self.table.split(part, room) if row.splittable or not self.placed else None
            if pieces is None and self.placed:
                self._break_table()
                continue
            if pieces is None and part.height <= room + 0.01:  # own cells fit: the spans' text goes on overleaf
                empty = {name: [] for name in part.lines}
                pieces = Part(part.lines, part.height, part.first, False), Part(empty, 2 * PAD_Y, False, part.last)
            if pieces is None:  # a line taller than the page: place it cut at the bottom
                self._put(row, part, room)
                return
            first, part = pieces
            self._put(row, first, first.height)
            self._break_table()

    def _put(self, row: Row, part: Part, height: float) -> None:
        for name, span in self._starting(row, part).items():
            self.open[name] = Segment(span, self.y, 0, False)
        self.placed.append(Placed(row, part, self.y, height))
        self.y += height

    def _break_table(self) -> None:
        """End the table on this page (spans stretched to show their text), continue it on the next."""
        if self.placed:
            reach = max((seg.y0 + seg.need() for seg in self.open.values()), default=self.y)
            extra = min(reach, self.bottom) - self.y
            if extra > 0:
                self.placed[-1].height += extra
                self.y += extra
        for seg in self.open.values():
            self._segment_cell(seg)
        self._flush_rows()
        self._new_page()
        self._place_header(self.table)
        for name, seg in list(self.open.items()):
            key = id(seg.span)
            start = 0 if key in self.complete else self.next_line.get(key, 0)
            self.open[name] = Segment(seg.span, self.y, start, True)

    def _segment_cell(self, seg: Segment) -> None:
        """Make the cell of a span's piece on this page: its text, continued, or repeated after a break."""
        span, table = seg.span, self.table
        key = id(span)
        height = self.y - seg.y0
        lines = span.lines[seg.start_line :]
        top = lines[0].y if lines else 0.0
        room = height - 2 * PAD_Y
        shown: list[Line] = []
        for line in lines:
            if line.y - top + line.height > room + 0.01:
                break
            shown.append(line)
        if key in self.complete:  # a repetition: mark a cut
            if shown and len(shown) < len(lines):
                last = shown[-1]
                shown[-1] = replace(last, text=(last.text[:-1] if len(last.text) > 1 else last.text) + ELLIPSIS)
        elif seg.start_line + len(shown) >= len(span.lines):
            self.complete.add(key)
        else:
            self.next_line[key] = seg.start_line + len(shown)
        x = self.left + table.x_of[span.field]
        cell = Cell(x, seg.y0, table.width_of[span.field], height, span.field, node_ids=span.node_ids)
        cell.continued = seg.continued
        cell.lines = [ln.moved(x + PAD_X, seg.y0 + PAD_Y - top) for ln in shown]
        self.span_cells.append(cell)

    def _flush_rows(self) -> None:
        """Emit the rows placed on this page in reading order: span cells where they start, then own cells."""
        table = self.table
        pending = sorted(self.span_cells, key=lambda c: (c.y, table.fields.index(c.field)))
        self.span_cells = []
        boxes: list[Line | Cell] = []
        for placed in self.placed:
            while pending and pending[0].y <= placed.y + 0.01:
                boxes.append(pending.pop(0))
            node_ids = (placed.row.node_id,) if placed.row.node_id is not None else ()
            for name, lines in placed.part.lines.items():
                x = self.left + table.x_of[name]
                dy = placed.y + PAD_Y
                if name in CENTRED and placed.part.first and placed.part.last:
                    dy = placed.y + (placed.height - _content_height(lines)) / 2
                cell = Cell(x, placed.y, table.width_of[name], placed.height, name, node_ids=node_ids)
                cell.continued = not placed.part.first
                cell.lines = [ln.moved(x + PAD_X, dy) for ln in lines]
                boxes.append(cell)
        boxes.extend(pending)
        self.page.boxes.extend(boxes)
        self.placed = []


# ---------------------------------------------------------------- the document


def _title_paras(m: Measurer, agency: str, title: str, width: float) -> list[Para]:
    """Return the title: one line when it fits, else the agency and the title on two lines."""
    if agency and m.advance(agency + title, "title") > width:
        return [Para(agency, "title"), Para(title, "title")]
    return [Para(agency + title, "title")]


def _section_paras(m: Measurer, label: str, heading: str, text: str) -> list[Para]:
    """Return a section's heading (壹、計畫依據) and its text with hanging outline lines."""
    hang = m.advance(label, "heading") if label else 0.0
    out = [Para(label + heading, "heading", left=hang, hanging=hang)]
    return out + outline_paras(m, text_lines(text), "text", hang)


def layout_plan(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None = None,
    measurer: Measurer | None = None,
    progress: Progress | None = None,
    landscape: bool | None = None,
) -> Document:
    """Lay out the plan (or a part) on A4 pages, in the plan's orientation unless given; BadInput when empty."""
    scope = scope or Scope()
    parts = select_for_export(ws, plan, scope)
    subject = describe(ws, plan, scope)
    m = measurer or Measurer()
    landscape = plan.layout.landscape if landscape is None else landscape
    pager = Paginator(m, landscape, progress)
    agency, title = full_title(ws, plan)
    flow: list[Para | Table] = list(_title_paras(m, agency, title, pager.text_width))
    if not scope.is_whole:
        flow.append(Para(f"（{subject}）", "subtitle"))
    if plan.issued.strip():
        flow.append(Para(plan.issued.strip(), "issued"))
    table = Table(m, ws, plan, parts, pager.text_width, progress)
    for section in document_order(plan, scope):
        if section is None:
            flow.append(table)
        else:
            flow += _section_paras(m, plan.section_label(section), section.heading, section.text)
    for i, block in enumerate(flow):
        if isinstance(block, Table):
            pager.place_table(block)
            continue
        lines, _ = m.block([block], pager.text_width)
        following = flow[i + 1] if i + 1 < len(flow) else None
        keep_with = 0.0
        if isinstance(following, Table):
            keep_with = pager.first_need(following)
        elif following is not None:
            keep_with = STYLES[following.style].before + 2 * m.pitch(following.style)[0]
        pager.place_para(block, lines, keep_with)
    pages = pager.finish()
    log.info("laid out plan %s (%s): %d pages, %d rows", plan.year, scope, len(pages), len(table.rows))
    return Document(pages, landscape, agency + title, subject, m.fonts)

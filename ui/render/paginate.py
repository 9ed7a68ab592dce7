"""Pagination: paragraphs and the table flowed onto A4 pages, the header repeated, spans continued, footers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ui.render.boxes import A4, FOOTER_GAP, MARGIN, PAD_X, PAD_Y, STYLES, Cell, Line, Page, Para, Progress
from ui.render.measure import Measurer
from ui.render.table import MIN_SPLIT_LINES, Part, Row, Span, Table, content_height

CENTRED = ("units", "months")
SpanKey = tuple[str, int]


def span_key(span: Span) -> SpanKey:
    """Return what names a span while the table is paginated (its rows are dropped page by page)."""
    return span.field, span.first_row


# Our pages end this much above the bottom margin, so a reader whose fonts measure slightly taller
# (LibreOffice, Word) still fits every page's rows and breaks only where the exported files say.
SLACK = 40.0  # LibreOffice set the demo rows ≈ 4.5 % taller than we do (A4: ≈ 33 pt a page)
ELLIPSIS = "…"


@dataclass(eq=False)
class Segment:
    """The piece of a span on one page: from y0 down to the bottom of its last row there."""

    span: Span
    y0: float
    start_line: int  # first line of the span shown here
    continued: bool
    repeat: bool = False  # the whole text was shown before: show the label, title and （續）

    def need(self) -> float:
        """Return the height this segment needs to show its lines."""
        lines = self.span.continued_lines if self.repeat else self.span.lines[self.start_line :]
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

    def __init__(
        self, m: Measurer, landscape: bool, progress: Progress | None = None, sink: Callable[[Page], None] | None = None
    ) -> None:
        self.m = m
        self.sink = sink  # when given, each finished page goes there (without its footer) and is not kept
        self.count = 0  # pages begun
        self.width, self.height = (A4[1], A4[0]) if landscape else A4
        self.left = MARGIN
        self.text_width = self.width - 2 * MARGIN
        self.top, self.bottom = MARGIN, self.height - MARGIN - SLACK
        self.pages: list[Page] = []
        self.progress = progress
        self.y = self.top
        self.page_starts: list[int] = []  # body rows that begin a page after the table's first page
        self._new_page()

    # --------------------------------------------------------- pages

    def _new_page(self) -> None:
        if self.sink is not None and self.pages:
            self.sink(self.pages.pop())
        self.count += 1
        self.page = Page(self.count, self.width, self.height)
        self.pages.append(self.page)
        self.y = self.top

    @property
    def at_top(self) -> bool:
        """Return whether nothing is on the current page yet."""
        return not self.page.boxes

    def finish(self) -> list[Page]:
        """Drop a trailing empty page and add the footers 「第 X 頁，共 Y 頁」 (a sink takes the last page)."""
        if self.count > 1 and not self.pages[-1].boxes:
            self.pages.pop()
            self.count -= 1
        if self.sink is not None:
            self.sink(self.pages.pop())
        for page in self.pages:
            page.footer = self.footer(page.number)
        return self.pages

    def footer(self, number: int) -> Line:
        """Return the footer 「第 X 頁，共 Y 頁」 of a page once the page count is known."""
        height, base = self.m.pitch("footer")
        text = f"第 {number} 頁，共 {self.count} 頁"
        width = self.m.advance(text, "footer")
        top = self.height - FOOTER_GAP - height
        return Line((self.width - width) / 2, top, height, top + base, width, text, "footer")

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
            content = content_height(lines)
            dy = self.y + (height - content) / 2
            cell = Cell(self.left + x, self.y, width, height, "header", header=True)
            cell.put(lines, self.left + x + PAD_X, dy)
            self.page.boxes.append(cell)
        self.y += table.header_height

    def first_need(self, table: Table) -> float:
        """Return the height the table needs at the bottom of a page to start there: header and first row.

        A first row taller than half a page will break anyway: a few of its lines are enough.
        """
        row = table.first
        if row is None:
            return table.header_height
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
        self.table_page = self.page
        self.placed: list[Placed] = []
        self.span_cells: list[Cell] = []
        self.open: dict[str, Segment] = {}
        self.next_line: dict[SpanKey, int] = {}  # span -> first line the next segment shows
        self.complete: set[SpanKey] = set()  # spans whose whole text has been shown
        total = table.count
        for row in table.rows():
            if self.progress is not None and row.index % 200 == 0:
                self.progress(row.index, total)
            self._place_row(row)
            for name, span in row.spans.items():
                if span.last_row == row.index:
                    self._segment_cell(self.open.pop(name))
        self._flush_rows()
        if self.progress is not None:
            self.progress(total, total)

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
            # a row is split only when it cannot fit on a page of its own: the Word and ODF files can break
            # before a row, not inside one, so every page they show starts with a row (and its labels)
            page_room = self.bottom - self.top - self.table.header_height
            tall = row.splittable and height > page_room + 0.01
            pieces = self.table.split(part, room) if tall or not self.placed else None
            if pieces is None and self.placed:
                self._break_table()
                continue
            if pieces is None and part.height <= room + 0.01:  # own cells fit: the spans' text goes on overleaf
                empty: dict[str, list[Line]] = {name: [] for name in part.lines}
                pieces = Part(part.lines, part.height, part.first, False), Part(empty, 2 * PAD_Y, False, part.last)
            if pieces is None:  # a line taller than the page: place it cut at the bottom
                self._put(row, part, room)
                return
            first, part = pieces
            self._put(row, first, first.height)
            self._break_table()

    def _put(self, row: Row, part: Part, height: float) -> None:
        if part.first and not self.placed and self.page is not self.table_page:
            self.page_starts.append(row.index)
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
            key = span_key(seg.span)
            start = 0 if key in self.complete else self.next_line.get(key, 0)
            self.open[name] = Segment(seg.span, self.y, start, True, key in self.complete)

    def _segment_cell(self, seg: Segment) -> None:
        """Make the cell of a span's piece on this page: its text, continued, or repeated after a break."""
        span, table = seg.span, self.table
        key = span_key(span)
        height = self.y - seg.y0
        lines = span.lines[seg.start_line :]
        top = lines[0].y if lines else 0.0
        room = height - 2 * PAD_Y
        shown: list[Line] = []
        for line in lines:
            if line.y - top + line.height > room + 0.01:
                break
            shown.append(line)
        if seg.repeat and span.continued_lines:  # label, title and （續）
            lines = span.continued_lines
            top = lines[0].y
            shown = [ln for ln in lines if ln.y - top + ln.height <= room + 0.01] or lines[:1]
        elif key in self.complete:  # a repetition: mark a cut
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
        cell.put(shown, x + PAD_X, seg.y0 + PAD_Y - top)
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
                    dy = placed.y + (placed.height - content_height(lines)) / 2
                cell = Cell(x, placed.y, table.width_of[name], placed.height, name, node_ids=node_ids)
                cell.continued = not placed.part.first
                cell.put(lines, x + PAD_X, dy)
                boxes.append(cell)
        boxes.extend(pending)
        self.page.boxes.extend(boxes)
        self.placed = []

"""Reading Word tables: cells on the grid (gridBefore, gridSpan, hMerge, vMerge) and the content header.

Hand-edited tables often have column edges that do not line up: the same visual column has different
gridSpans in different rows, split by slivers of grid columns. When the table says where its columns are
(w:tblGrid widths, else every cell's w:tcW), cells are placed by horizontal position: edges closer than
EDGE_TOLERANCE are one edge, and every cell's grid column and span are counted on those edges.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from lxml import etree

from planner.importers.labels import clean, lines_of, squeeze
from planner.importers.options import DEFAULT, ImportOptions
from planner.importers.table import HeaderCell, Slot, corrected_header, header_roles, sub_header
from planner.importers.wordml import (
    MC,
    W_CUSTOMXML,
    W_DEL,
    W_GRIDBEFORE,
    W_GRIDSPAN,
    W_HMERGE,
    W_INS,
    W_MOVETO,
    W_P,
    W_SDT,
    W_T,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_VMERGE,
    W,
    first_child,
    to_int,
    val,
)

log = logging.getLogger(__name__)

W_TBLGRID = f"{W}tblGrid"
W_GRIDCOL = f"{W}gridCol"
W_TCW = f"{W}tcW"
W_W = f"{W}w"
W_TYPE = f"{W}type"
MAX_SPAN = 64
EDGE_TOLERANCE = 200  # twips (0.35 cm): edges closer than this are one column edge
HEADER_SEARCH = 6


@dataclass(slots=True)
class RawCell:
    """A w:tc as written: grid column, span, vertical merge state, text and width (twips, 0 unknown or unread).

    read_table reads the widths only when the table's grid does not give the columns' positions.
    """

    col: int
    span: int
    vmerge: str | None
    text: str
    width: int = 0


@dataclass
class Table:
    """A w:tbl: its rows of raw cells, its place in the document and its grid column widths."""

    index: int
    rows: list[list[RawCell]]
    grid: list[int] = field(default_factory=list)
    realigned: bool = False
    _width: int = field(default=-1, repr=False, compare=False)  # grid_width(), once asked (realign resets it)

    def grid_width(self) -> int:
        """Return the number of grid columns used (counted once: the rows are not changed after realign)."""
        if self._width < 0:
            self._width = max((c.col + c.span for row in self.rows for c in row), default=0)
        return self._width

    def resolved(self) -> list[dict[int, Slot]]:
        """Resolve vertical merges: a continuing cell shows the cell above (same origin, same text)."""
        out: list[dict[int, Slot]] = []
        above: dict[int, Slot] = {}
        index, new = self.index, tuple.__new__  # Slot(origin, text, span) without its Python-level __new__
        for r, cells in enumerate(self.rows):
            row: dict[int, Slot] = {}
            cover: dict[int, Slot] = {}
            for cell in cells:
                col, span = cell.col, cell.span
                if cell.vmerge == "continue" and col in above:
                    slot = above[col]
                else:
                    slot = new(Slot, ((index, r, col), cell.text, span))
                row[col] = slot
                if span == 1:
                    cover[col] = slot
                else:
                    for c in range(col, col + span):
                        cover[c] = slot
            above = cover
            out.append(row)
        return out


def _dxa(tcw: etree._Element) -> int:
    """Return a w:tcW's width in twips (0 when it is not given in twips)."""
    if tcw.get(W_TYPE, "dxa") != "dxa":
        return 0
    return max(0, to_int(tcw.get(W_W), 0))


def _span(grid_span: etree._Element) -> int:
    """Return a w:gridSpan's column count, bounded to 1 … MAX_SPAN."""
    return max(1, min(to_int(val(grid_span), 1), MAX_SPAN))


def _merge(merge: etree._Element) -> str:
    """Return a w:vMerge/w:hMerge as restart or continue (no w:val means continue)."""
    return "restart" if val(merge) == "restart" else "continue"


# The elements of a row the quick reader handles; any other one found (a nested table, a content control, custom
# XML, a tracked cell-property change) sends the row the long way. w:ins/w:moveTo only when they wrap runs.
_ROW_ODD = (W_TBL, W_SDT, W_CUSTOMXML, f"{W}tcPrChange", f"{MC}AlternateContent")
_ROW_TAGS = (W_TC, W_TCPR, W_GRIDSPAN, W_VMERGE, W_HMERGE, W_P, W_T, W_INS, W_MOVETO, *_ROW_ODD)
_PROPS = frozenset((W_TCW, W_GRIDSPAN, W_VMERGE, W_HMERGE))
_BLOCK_PARENTS = frozenset((W_TR, W_TC))
# (tc, span, vmerge, hmerge, text or None when the cell must be read by cell_text)
_QuickCell = tuple[etree._Element, int, str | None, str | None, str | None]


@dataclass
class KnownRows:
    """The rows docx_scan.scan_rows read in its pass over the body (each read once: realign changes cells).

    cells: per w:tr its cells from its first grid column on (widths unread), their w:tc and the paragraphs they
    hold, the text read as if no paragraph were special; a row missing (an odd or deleted one) is read the
    long way.
    """

    cells: dict[etree._Element, tuple[list[RawCell], list[etree._Element], list[etree._Element]]]


def _in_paragraph(t: etree._Element, p: etree._Element | None) -> bool:
    """Return whether a w:t lies in the paragraph p (most often as a child of one of its runs)."""
    parent = t.getparent()
    if parent is p or (parent is not None and parent.getparent() is p):
        return p is not None
    return p is not None and any(a is p for a in t.iterancestors(W_P))


def _quick_row(tr: etree._Element, special: AbstractSet[etree._Element]) -> list[_QuickCell] | None:
    """Read a row's cells in one filtered pass in C: properties as the long way reads them, plain text.

    A cell holding a paragraph of special (read the long way, or numbered) gets text None; a row holding
    anything else than cells of paragraphs gives None (the long way reads it). read_table uses it for the
    rows the body scan did not read, and for those holding a special paragraph.
    """
    out: list[_QuickCell] = []
    tc: etree._Element | None = None
    span, vmerge, hmerge, seen_pr, quick = 1, None, None, False, True
    lines: list[str] = []
    buf: list[str] | None = None
    p: etree._Element | None = None
    for el in tr.iter(*_ROW_TAGS):
        tag = el.tag
        if tag == W_T:
            if buf is None or not _in_paragraph(el, p):
                return None
            buf.append(el.text or "")
        elif tag == W_P:
            if tc is None or el.getparent() is not tc:
                return None  # a paragraph outside the cell's own blocks (in its w:tcPr, an unknown wrapper)
            if buf:
                add_line(lines, "".join(buf))
            if el in special:
                quick = False
            p, buf = el, []
        elif tag == W_TC:
            if tc is not None:
                if buf:
                    add_line(lines, "".join(buf))
                out.append((tc, span, vmerge, hmerge, "\n".join(lines) if quick else None))
            tc = el
            span, vmerge, hmerge, seen_pr, quick = 1, None, None, False, True
            lines, buf = [], None
        elif tag == W_TCPR:
            if seen_pr or buf is not None or tc is None:
                return None
            seen_pr = True
        elif tag == W_INS or tag == W_MOVETO:
            parent = el.getparent()
            if parent is None or parent.tag in _BLOCK_PARENTS:
                return None
        elif tag not in _PROPS or not seen_pr or buf is not None:
            return None  # one of _ROW_ODD, or a cell property outside the cell's w:tcPr
        elif tag == W_GRIDSPAN:
            span = _span(el)
        elif tag == W_VMERGE:
            vmerge = _merge(el)
        else:  # W_HMERGE
            hmerge = _merge(el)
    if tc is not None:
        if buf:
            add_line(lines, "".join(buf))
        out.append((tc, span, vmerge, hmerge, "\n".join(lines) if quick else None))
    return out


def _long_cell(tc: etree._Element) -> _QuickCell:
    """Return a cell's span and merges read from its w:tcPr (text None: cell_text reads it)."""
    span, vmerge, hmerge = 1, None, None
    tcpr = tc[0] if len(tc) and tc[0].tag == W_TCPR else first_child(tc, W_TCPR)
    if tcpr is not None:
        for prop in tcpr:
            tag = prop.tag
            if tag == W_GRIDSPAN:
                span = _span(prop)
            elif tag == W_VMERGE:
                vmerge = _merge(prop)
            elif tag == W_HMERGE:
                hmerge = _merge(prop)
    return tc, span, vmerge, hmerge, None


def _width(tc: etree._Element) -> int:
    """Return a cell's width in twips from the first w:tcW of its w:tcPr (0 unknown)."""
    tcpr = tc[0] if len(tc) and tc[0].tag == W_TCPR else first_child(tc, W_TCPR)
    tcw = None if tcpr is None else first_child(tcpr, W_TCW)
    return 0 if tcw is None else _dxa(tcw)


def _row_start(tr: etree._Element) -> int | None:
    """Return a row's first grid column (w:gridBefore), or None for a deleted row (tracked change)."""
    trpr = first_child(tr, W_TRPR)
    if trpr is None:
        return 0
    before: etree._Element | None = None
    for child in trpr:
        tag = child.tag
        if tag == W_DEL:
            return None
        if tag == W_GRIDBEFORE and before is None:
            before = child
    return max(0, min(to_int(val(before), 0), MAX_SPAN))


def read_table(
    tbl: etree._Element,
    index: int,
    cell_text: Callable[[etree._Element], str],
    block_children: Callable[[etree._Element], list[etree._Element]],
    special: AbstractSet[etree._Element] | None = None,
    known: KnownRows | None = None,
) -> Table:
    """Walk w:tr/w:tc tracking grid columns (gridBefore, gridSpan, hMerge) and vMerge, then realign edges.

    special: the paragraphs cell_text must read (hidden, broken or numbered text); with it, every other cell
    is read by one filtered pass over its row (_quick_row), without cell_text, or taken from known (the rows
    the body scan read) when none of its row's paragraphs is special. Cell widths (w:tcW) are read only
    when the table's w:tblGrid does not give every column's width (0 otherwise).
    """
    rows: list[list[RawCell]] = []
    grid: list[int] = []
    tbl_grid = first_child(tbl, W_TBLGRID)
    if tbl_grid is not None:
        grid = [max(0, to_int(g.get(W_W), 0)) for g in tbl_grid if g.tag == W_GRIDCOL][: MAX_SPAN * 4]
    trs = [tr for tr in block_children(tbl) if tr.tag == W_TR]
    quick: list[list[_QuickCell] | None]
    quick = [None] * len(trs) if known is not None or special is None else [_quick_row(tr, special) for tr in trs]
    firsts: list[list[etree._Element]] = []  # each row's cells' w:tc, for their widths
    found = known.cells if known is not None else {}
    for tr, cells_read in zip(trs, quick):
        row = found.get(tr)
        if row is not None and special is not None and (not special or special.isdisjoint(row[2])):
            rows.append(row[0])
            firsts.append(row[1])
            continue
        col = _row_start(tr)
        if col is None:
            continue  # a deleted row (tracked change)
        if known is not None and special is not None:
            cells_read = _quick_row(tr, special)
        if cells_read is None:
            cells_read = [_long_cell(tc) for tc in block_children(tr) if tc.tag == W_TC]
        cells, tcs = _row_cells(cells_read, col, cell_text)
        rows.append(cells)
        firsts.append(tcs)
    table = Table(index, rows, grid)
    width = table.grid_width()
    if not (grid and len(grid) >= width and all(w > 0 for w in grid[:width])):  # _edges needs the cells' widths
        for cells, tcs in zip(rows, firsts):
            for cell, tc in zip(cells, tcs):
                cell.width = _width(tc)
    realign(table)
    return table


def _row_cells(
    known: list[_QuickCell], col: int, cell_text: Callable[[etree._Element], str]
) -> tuple[list[RawCell], list[etree._Element]]:
    """Return a row's cells from its first grid column on (hMerge continuations merged into the cell before).

    Also returns each cell's w:tc; a cell whose text is None is read by cell_text, in document order.
    """
    cells: list[RawCell] = []
    tcs: list[etree._Element] = []
    for tc, span, vmerge, hmerge, text in known:
        add_cell(cells, tcs, tc, col, span, vmerge, hmerge, cell_text(tc) if text is None else text)
        col += span
    return cells, tcs


def add_line(lines: list[str], text: str) -> None:
    """Add a paragraph's text to its cell's lines, cleaned (a blank paragraph adds none)."""
    text = clean(text)
    if text.strip():
        lines.append(text)


def add_cell(
    cells: list[RawCell],
    tcs: list[etree._Element],
    tc: etree._Element,
    col: int,
    span: int,
    vmerge: str | None,
    hmerge: str | None,
    text: str,
) -> None:
    """Add a cell to its row's cells and w:tc (as read_table reads it): an hMerge continuation joins the cell before."""
    if hmerge == "continue" and cells:
        last = cells[-1]
        last.span += span
        if text:
            last.text = f"{last.text}\n{text}" if last.text else text
    else:
        cells.append(RawCell(col, span, vmerge, text))
        tcs.append(tc)


def _edges(table: Table) -> list[list[tuple[int, int]]] | None:
    """Return every cell's (left, right) position in twips, from the grid widths or else the cell widths."""
    width = table.grid_width()
    if table.grid and len(table.grid) >= width and all(w > 0 for w in table.grid[:width]):
        x = [0]
        for w in table.grid[:width]:
            x.append(x[-1] + w)
        return [[(x[c.col], x[c.col + c.span]) for c in row] for row in table.rows]
    if all(c.width > 0 for row in table.rows for c in row) and all(not row or row[0].col == 0 for row in table.rows):
        out = []
        for row in table.rows:
            pos, cells = 0, []
            for c in row:
                cells.append((pos, pos + c.width))
                pos += c.width
            out.append(cells)
        return out
    return None


def realign(table: Table) -> None:
    """Count grid columns on column edges merged within EDGE_TOLERANCE (hand-edited grids); no-op if aligned."""
    width = table.grid_width()
    if width and len(table.grid) >= width and min(table.grid[:width]) > EDGE_TOLERANCE:
        return  # the grid places the cells, its edges all farther apart than the tolerance: aligned
    positions = _edges(table)
    if positions is None:
        return
    edges = sorted({x for row in positions for cell in row for x in cell})
    clusters: list[int] = []
    index: dict[int, int] = {}
    for x in edges:
        if not clusters or x - clusters[-1] > EDGE_TOLERANCE:
            clusters.append(x)
        index[x] = len(clusters) - 1
    if len(clusters) == len(edges) and table.grid:
        return  # every edge is its own column edge: the grid is regular
    changed = False
    for row, pos in zip(table.rows, positions):
        for cell, (x0, x1) in zip(row, pos):
            col, span = index[x0], max(1, index[x1] - index[x0])
            if (col, span) != (cell.col, cell.span):
                cell.col, cell.span = col, span
                changed = True
    table.realigned = changed
    if changed:
        table._width = -1
        log.debug("table %d realigned on %d column edges", table.index, len(clusters))


def repeats_header(cells: list[RawCell], heads: dict[int, str]) -> bool:
    """Return whether a row repeats the header words (a header repeated by hand on a later page)."""
    same = 0
    for c in cells:
        text = c.text
        if not text:
            continue
        head = heads.get(c.col)
        if not head or len(text) > 3 * len(head) + 8:
            continue
        if head[0] not in text and unicodedata.is_normalized("NFC", text):
            continue  # (squeeze only removes spaces from a normalised text: it cannot give head)
        if squeeze(text) == head:
            same += 1
    return same >= 2


@dataclass
class Header:
    """A content table's header: the first data row, roles by grid column, header cells, text above it.

    row: the header row; guessed / guessed_start: the roles and first data row found before ImportOptions
    corrected them; sub: the sub-column row's cells when one was recognised.
    """

    start: int
    roles: dict[int, str]
    cells: list[HeaderCell]
    above: list[str]
    row: int = 0
    guessed: dict[int, str] = field(default_factory=dict)
    guessed_start: int = 0
    sub: list[HeaderCell] = field(default_factory=list)


def find_header(table: Table, options: ImportOptions = DEFAULT) -> Header | None:
    """Find the content header among the first rows: a row of role words, maybe a sub-column row under it.

    Rows above it (the document title merged across the table's first row) are returned as text lines. The
    options' columns and header rows correct what is found; a table chosen as content (options.tables) with
    no header words gets its first row as header when the columns are given.
    """
    for r, cells in enumerate(table.rows[:HEADER_SEARCH]):
        header = [HeaderCell(c.text, c.col, c.span) for c in cells]
        roles = header_roles(header)
        if roles is None:
            continue
        start, sub = r + 1, []
        if start < len(table.rows):
            below = [HeaderCell(c.text, c.col, c.span) for c in table.rows[start] if c.vmerge != "continue"]
            refined = sub_header(below, roles)
            if refined is not None:
                roles, start, sub = refined, start + 1, below
        above = [line for row in table.rows[:r] for c in row for line in lines_of(c.text)]
        fixed, first = corrected_header(roles, r, start, table.grid_width(), options)
        return Header(first, fixed, header, above, r, roles, start, sub)
    if options.columns is not None and options.uses_table(table.index) and table.rows:
        header = [HeaderCell(c.text, c.col, c.span) for c in table.rows[0]]
        fixed, first = corrected_header({}, 0, 1, table.grid_width(), options)
        return Header(first, fixed, header, [], 0, {}, 0)
    return None

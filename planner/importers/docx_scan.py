"""One pass over a Word body in C: the paragraphs to read the long way, w:numPr, w:altChunk, rows and paragraphs.

The reader reads every other paragraph by lxml's filtered iter or one compiled XPath (see docx.paragraph_text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from planner.errors import BadInput
from planner.importers.docx_tables import KnownRows, RawCell, _merge, _row_start, _span, add_cell, add_line
from planner.importers.labels import clean
from planner.importers.wordml import (
    MC,
    W_ALTCHUNK,
    W_BR,
    W_CR,
    W_CUSTOMXML,
    W_DEL,
    W_DRAWING,
    W_GRIDBEFORE,
    W_GRIDSPAN,
    W_HMERGE,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_NOBREAKHYPHEN,
    W_NUMPR,
    W_OBJECT,
    W_P,
    W_PICT,
    W_SDT,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_VAL,
    W_VANISH,
    W_VMERGE,
    W,
)

MAX_ROWS = 120_000  # our own export of 50,000 methods writes 50,001 rows
MAX_PARAGRAPHS = 1_200_000  # … and 300,000 paragraphs
ROWS_IN_SCAN = 24 * 1024 * 1024  # bytes of document.xml read by scan_rows before its rows are counted (12,000 methods)
# Elements that hide text or hold text that is not the paragraph's own: with none of them in a paragraph, its
# text is simply its w:t, w:br, w:tab in document order (found by lxml in C).
_COMPLEX = (W_MOVEFROM, W_VANISH, W_DRAWING, W_PICT, W_OBJECT, f"{MC}AlternateContent", f"{W}rt", W_DEL, W_SDT)
_BREAKS = (W_BR, W_CR, W_TAB, W_NOBREAKHYPHEN)
_BREAK_TAGS = frozenset(_BREAKS)
_COMPLEX_TAGS = frozenset(_COMPLEX)


def complex_paragraphs(body: etree._Element) -> set[etree._Element]:
    """Return the paragraphs that hold (or sit inside) an element of _COMPLEX: they are read the long way.

    lxml finds those elements in C; every other paragraph's text is simply its w:t, w:br, w:tab in order.
    """
    out: set[etree._Element] = set()
    for el in body.iter(*_COMPLEX):
        out.update(el.iterancestors(W_P))
        out.update(el.iter(W_P))
    return out


def broken_paragraphs(body: etree._Element) -> set[etree._Element]:
    """Return the paragraphs holding a w:br, w:cr, w:tab or w:noBreakHyphen (found by lxml in C).

    Any other plain paragraph's text is just its w:t texts, which one compiled XPath returns as strings.
    """
    out: set[etree._Element] = set()
    for el in body.iter(*_BREAKS):
        out.update(el.iterancestors(W_P))
    return out


def scan_paragraphs(
    body: etree._Element,
) -> tuple[set[etree._Element], set[etree._Element], list[etree._Element]]:
    """Return complex_paragraphs(), broken_paragraphs() and every w:numPr of the body, in one pass in C."""
    scan = scan_body(body)
    return scan.spoiled, scan.broken, scan.num_prs


@dataclass
class BodyScan:
    """What one pass over the body finds (see scan_body)."""

    spoiled: set[etree._Element]  # complex_paragraphs()
    broken: set[etree._Element]  # broken_paragraphs()
    num_prs: list[etree._Element]  # every w:numPr
    alt_chunk: bool  # an embedded other document (w:altChunk)
    rows: KnownRows | None = field(default=None)  # every row read by the same pass (scan_rows)


_SCAN_TAGS = (W_TR, *_COMPLEX, *_BREAKS, W_NUMPR, W_ALTCHUNK)
_TOO_MANY_ROWS = f"文件中的表格超過 {MAX_ROWS:,} 列，檔案太大，不像是一份計畫，已停止讀取。"
_TOO_MANY_PARAGRAPHS = f"文件超過 {MAX_PARAGRAPHS:,} 個段落，檔案太大，不像是一份計畫，已停止讀取。"


def scan_body(body: etree._Element, count_paragraphs: bool = True) -> BodyScan:
    """Find complex and broken paragraphs, w:numPr and w:altChunk in one pass in C, counting rows and paragraphs.

    Raises BadInput as soon as the body holds more than MAX_ROWS rows or (when count_paragraphs: the caller
    has not bounded them otherwise) MAX_PARAGRAPHS paragraphs.
    """
    spoiled: set[etree._Element] = set()
    broken: set[etree._Element] = set()
    num_prs: list[etree._Element] = []
    alt_chunk = False
    rows = paragraphs = 0
    for el in body.iter(W_P, *_SCAN_TAGS) if count_paragraphs else body.iter(*_SCAN_TAGS):
        tag = el.tag
        if tag == W_P:
            paragraphs += 1
            if paragraphs > MAX_PARAGRAPHS:
                raise BadInput(_TOO_MANY_PARAGRAPHS)
        elif tag == W_TR:
            rows += 1
            if rows > MAX_ROWS:
                raise BadInput(_TOO_MANY_ROWS)
        elif tag == W_NUMPR:
            num_prs.append(el)
        elif tag in _BREAK_TAGS:
            broken.update(el.iterancestors(W_P))
        elif tag == W_ALTCHUNK:
            alt_chunk = True
        else:
            spoiled.update(el.iterancestors(W_P))
            spoiled.update(el.iter(W_P))
    return BodyScan(spoiled, broken, num_prs, alt_chunk)


W_TCPRCHANGE = f"{W}tcPrChange"
_ROW_PROPS = frozenset((W_VMERGE, W_GRIDSPAN, W_HMERGE))
_WRAPPED = frozenset((W_TR, W_TC, W_TBL))  # w:ins/w:moveTo with such a parent wrap rows or cells
_ROW_ODD = frozenset((W_TBL, W_CUSTOMXML, W_TCPRCHANGE, W_SDT, f"{MC}AlternateContent"))
# Most frequent first: lxml yields them in document order, the loop compares tags in this order.
_ROW_SCAN_TAGS = (
    W_P,
    W_T,
    W_TC,
    *_ROW_PROPS,
    W_TR,
    W_INS,
    W_MOVETO,
    W_TBL,
    W_CUSTOMXML,
    W_TCPRCHANGE,
    W_GRIDBEFORE,
    *_COMPLEX,
    *_BREAKS,
    W_NUMPR,
    W_ALTCHUNK,
)


def _inside(el: etree._Element, tr: etree._Element) -> bool:
    """Return whether an element lies in a row."""
    return any(a is tr for a in el.iterancestors(W_TR))


def _last_cell(
    row: tuple[list[RawCell], list[etree._Element], list[etree._Element]],
    tc: etree._Element | None,
    col: int,
    props: tuple[int, str | None, str | None],
    lines: list[str],
    buf: str | None,
) -> None:
    """Add a row's last cell (as scan_rows adds the others, see there)."""
    if tc is None:
        return
    if buf:
        add_line(lines, buf)
    add_cell(row[0], row[1], tc, col, *props, "\n".join(lines))


def scan_rows(body: etree._Element) -> BodyScan:
    """scan_body(), and in the same pass in C every row's cells as read_table reads them (BodyScan.rows).

    Raises BadInput beyond MAX_ROWS rows or MAX_PARAGRAPHS paragraphs, after reading the rows before: read_docx
    counts a part over ROWS_IN_SCAN bytes first (scan_body), so that the work spent on a part refused stays
    about that of a 12,000-method plan.

    An element joins the open row only where the long way would read it: a w:tc child of the row, a w:p child
    of the cell, a w:t in that paragraph, a w:vMerge/w:gridSpan/w:hMerge child of the cell's first child, its
    w:tcPr, a w:gridBefore before the first cell. Anything else inside the row (a nested table, a content
    control, custom XML, a tracked change of cell properties, of whole cells or of the row, a paragraph or text
    elsewhere) leaves the row to the long way; the first element outside it closes it. Widths are not read
    (read_table reads them when the grid does not say). Each cell's text is read as if none of its paragraphs
    were special: read_table reads a row again when one is.
    """
    spoiled: set[etree._Element] = set()
    broken: set[etree._Element] = set()
    num_prs: list[etree._Element] = []
    alt_chunk = False
    known = KnownRows({})
    rows = paragraphs = 0
    tr: etree._Element | None = None  # the open row (None: no row open, or the row is left to the long way)
    tc: etree._Element | None = None  # its current cell
    p: etree._Element | None = None  # the cell's current paragraph
    tcpr: etree._Element | None = None
    row: tuple[list[RawCell], list[etree._Element], list[etree._Element]] = ([], [], [])
    cells, tcs, ps = row
    col, span, vmerge, hmerge = 0, 1, None, None
    lines: list[str] = []
    buf: str | None = None  # the current paragraph's text so far (None: no paragraph open in the cell)
    odd = False
    p_, t_, tc_, tr_, text_of, cell = W_P, W_T, W_TC, W_TR, clean, RawCell  # (locals: read once per element)
    for el in body.iter(*_ROW_SCAN_TAGS):
        tag = el.tag
        if tag == p_:
            paragraphs += 1
            if paragraphs > MAX_PARAGRAPHS:
                raise BadInput(_TOO_MANY_PARAGRAPHS)
            if tr is None:
                continue
            if tc is None or el.getparent() is not tc:
                odd = True
            else:
                if buf:
                    text = text_of(buf)
                    if text.strip():
                        lines.append(text)
                ps.append(el)
                p, buf = el, ""
        elif tag == t_:
            if buf is None:
                odd = tr is not None
            else:
                parent = el.getparent()
                if parent is p or (parent is not None and parent.getparent() is p) or p in el.iterancestors(p_):
                    buf += el.text or ""  # (most paragraphs have one w:t: no list, no join)
                else:
                    odd = True
        elif tag == tc_:
            if tr is None:
                continue
            if el.getparent() is not tr:
                odd = True
                continue
            if tc is not None:  # the cell before is complete (_last_cell does the same for a row's last)
                if buf:
                    text = text_of(buf)
                    if text.strip():
                        lines.append(text)
                text = "\n".join(lines)
                if hmerge == "continue" and cells:
                    last = cells[-1]
                    last.span += span
                    if text:
                        last.text = f"{last.text}\n{text}" if last.text else text
                else:
                    cells.append(cell(col, span, vmerge, text))
                    tcs.append(tc)
                col += span
            tc, tcpr, p, buf, lines = el, None, None, None, []
            span, vmerge, hmerge = 1, None, None
        elif tag in _ROW_PROPS:
            if tr is None:
                continue
            parent = el.getparent()
            if tc is None or buf is not None or parent is None:
                odd = True
            elif parent is not tcpr:
                if tcpr is not None or parent.getparent() is not tc or tc[0] is not parent or parent.tag != W_TCPR:
                    odd = True
                else:
                    tcpr = parent
            if odd:
                pass
            elif tag == W_VMERGE:
                vmerge = "restart" if el.get(W_VAL) == "restart" else "continue"  # as _merge
            elif tag == W_GRIDSPAN:
                span = _span(el)
            else:
                hmerge = _merge(el)
        elif tag == tr_:
            rows += 1
            if rows > MAX_ROWS:
                raise BadInput(_TOO_MANY_ROWS)
            if tr is not None:
                if el.getparent() is not tr.getparent() and _inside(el, tr):
                    del known.cells[tr]  # a row inside the open row
                else:
                    _last_cell(row, tc, col, (span, vmerge, hmerge), lines, buf)
            tr, tc, tcpr, p, buf, col = el, None, None, None, None, 0
            row = known.cells[el] = ([], [], [])
            cells, tcs, ps = row
        elif tag == W_NUMPR:
            num_prs.append(el)
        elif tag in _BREAK_TAGS:
            broken.update(el.iterancestors(W_P))
        elif tag == W_INS or tag == W_MOVETO:
            if tr is not None:
                parent = el.getparent()
                odd = parent is None or parent.tag in _WRAPPED
        elif tag == W_GRIDBEFORE:
            if tr is not None:
                odd = not _row_property(el, tr, tc)
                col = 0 if odd else (_row_start(tr) or 0)
        elif tag == W_ALTCHUNK:
            alt_chunk = True
        else:
            if tag in _COMPLEX_TAGS:
                spoiled.update(el.iterancestors(W_P))
                spoiled.update(el.iter(W_P))
                if tag == W_DEL and tr is not None and el.getparent() is not None:
                    odd = _row_property(el, tr, tc) or el.getparent().tag == W_TRPR  # a deleted row: the long way
            odd = odd or (tr is not None and tag in _ROW_ODD)
        if odd:
            odd = False
            assert tr is not None
            if _inside(el, tr):
                del known.cells[tr]  # the long way reads this row
            else:  # the element lies after the row: the row is complete
                _last_cell(row, tc, col, (span, vmerge, hmerge), lines, buf)
            tr = tc = p = None
            buf = None
    if tr is not None:
        _last_cell(row, tc, col, (span, vmerge, hmerge), lines, buf)
    return BodyScan(spoiled, broken, num_prs, alt_chunk, known)


def _row_property(el: etree._Element, tr: etree._Element, tc: etree._Element | None) -> bool:
    """Return whether a w:gridBefore or w:del is a property of the open row, found before its first cell."""
    parent = el.getparent()
    return tc is None and parent is not None and parent.tag == W_TRPR and parent.getparent() is tr


def _at_most(data: bytes, name: bytes) -> int:
    """Return a quick upper bound of the elements named name (ASCII) in an XML part, or a huge number.

    In UTF-8 (or any ASCII-compatible encoding) every start tag spells its local name in those bytes, and an
    element name cannot be written with character references, so counting the bytes bounds the elements;
    name b"<" bounds all elements.
    """
    if len(data) <= MAX_PARAGRAPHS:
        return len(data)
    if data[:1] == b"<" or data.startswith(b"\xef\xbb\xbf"):
        return data.count(name)
    return 1 << 62

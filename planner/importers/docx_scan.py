"""One pass over a Word body in C: the paragraphs to read the long way, w:numPr, w:altChunk, rows and paragraphs.

The reader reads every other paragraph by lxml's filtered iter or one compiled XPath (see docx.paragraph_text).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from planner.errors import BadInput
from planner.importers.wordml import (
    MC,
    W_ALTCHUNK,
    W_BR,
    W_CR,
    W_DEL,
    W_DRAWING,
    W_MOVEFROM,
    W_NOBREAKHYPHEN,
    W_NUMPR,
    W_OBJECT,
    W_P,
    W_PICT,
    W_SDT,
    W_TAB,
    W_TR,
    W_VANISH,
    W,
)

MAX_ROWS = 120_000  # our own export of 50,000 methods writes 50,001 rows
MAX_PARAGRAPHS = 1_200_000  # … and 300,000 paragraphs
# Elements that hide text or hold text that is not the paragraph's own: with none of them in a paragraph, its
# text is simply its w:t, w:br, w:tab in document order (found by lxml in C).
_COMPLEX = (W_MOVEFROM, W_VANISH, W_DRAWING, W_PICT, W_OBJECT, f"{MC}AlternateContent", f"{W}rt", W_DEL, W_SDT)
_BREAKS = (W_BR, W_CR, W_TAB, W_NOBREAKHYPHEN)
_BREAK_TAGS = frozenset(_BREAKS)


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

"""Compact pages for painting: what the paint pass draws of a page, in a few arrays instead of boxes.

A laid-out page (boxes.Page) holds Line and Cell objects with everything the tests and the page breaks
ask about. Painting needs less: rectangles (filled or not) and texts at their baselines, in order.
A Sheet keeps just that, in layout units (points × DOTS), so 10,000 pages fit in a few tens of MB
(print preview, PDF) while the layout's objects are dropped page by page.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from ui.render.boxes import DOTS, STYLES, Cell, Line, Page
from ui.render.fonts import FontChoice

STYLE_NAMES = tuple(STYLES)
STYLE_CODE = {name: i for i, name in enumerate(STYLE_NAMES)}
TEXT, RECT, FILLED = 0, 1, 2  # what each entry of Sheet.kinds draws


@dataclass(slots=True)
class Sheet:
    """One page to paint: kinds of entries, their numbers (text: x, baseline; rect: x, y, w, h) and texts."""

    number: int
    width: float  # points
    height: float
    kinds: bytes
    numbers: array  # layout units, in entry order
    styles: bytes  # one style code per text entry
    text: str  # the texts of the text entries, joined
    ends: array  # where each text ends in text
    footer: tuple[float, float, str] | None = None  # x, baseline (layout units) and text, in the footer style

    def entries(self) -> Iterator[tuple[int, tuple[float, ...], str, str]]:
        """Yield (kind, numbers, style, text) in painting order; rectangles have no style and no text."""
        nums, ends, text = self.numbers, self.ends, self.text
        k = t = start = 0
        for kind in self.kinds:
            if kind == TEXT:
                end = ends[t]
                yield kind, (nums[k], nums[k + 1]), STYLE_NAMES[self.styles[t]], text[start:end]
                k, t, start = k + 2, t + 1, end
            else:
                yield kind, tuple(nums[k : k + 4]), "", ""
                k += 4

    def texts(self) -> list[str]:
        """Return the texts painted, footer last (as Page.texts without the empty lines)."""
        out = [text for kind, _, _, text in self.entries() if kind == TEXT]
        return out + ([self.footer[2]] if self.footer is not None else [])


@dataclass
class Sheets:
    """The laid-out plan as compact pages, ready for the paint pass (print preview, PDF, printer)."""

    pages: list[Sheet]
    landscape: bool
    title: str
    fonts: FontChoice
    author: str = ""
    page_starts: list[int] = field(default_factory=list)


class SheetWriter:
    """Packs pages into Sheets one by one (the paginator's sink)."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def __call__(self, page: Page) -> None:
        """Pack a finished page and keep the Sheet."""
        self.sheets.append(to_sheet(page))


def footer_of(line: Line | None) -> tuple[float, float, str] | None:
    """Return the compact footer of a page (None when it has none or it is empty)."""
    if line is None or not line.text:
        return None
    return line.x * DOTS, line.baseline * DOTS, line.text


def to_sheet(page: Page) -> Sheet:
    """Pack a laid-out page: its cells and lines in reading order; empty lines paint nothing and are left out."""
    kinds = bytearray()
    numbers: list[float] = []
    styles = bytearray()
    texts: list[str] = []
    code = STYLE_CODE
    add_kind, add_number, add_style, add_text = kinds.append, numbers.append, styles.append, texts.append
    for box in page.boxes:
        if isinstance(box, Cell):
            add_kind(FILLED if box.header else RECT)
            numbers.extend((box.x * DOTS, box.y * DOTS, box.width * DOTS, box.height * DOTS))
            lines: list[Line] = box.src
            dx, dy = box.dx, box.dy
        else:
            lines, dx, dy = [box], 0.0, 0.0
        for line in lines:
            text = line.text
            if text:
                add_kind(TEXT)
                add_number((line.x + dx) * DOTS)
                add_number((line.baseline + dy) * DOTS)
                add_style(code[line.style])
                add_text(text)
    return Sheet(
        page.number,
        page.width,
        page.height,
        bytes(kinds),
        array("d", numbers),
        bytes(styles),
        "".join(texts),
        array("L", accumulate(map(len, texts))),
        footer_of(page.footer),
    )

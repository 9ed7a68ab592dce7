"""The boxes of the printed plan: page geometry, paragraph styles, lines, table cells, pages, the document.

Everything is in points. The layout pass (ui/render/layout.py) makes these; the paint pass
(ui/render/paint.py) draws exactly them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ui.render.fonts import FontChoice

CM = 72 / 2.54
A4 = (210 / 25.4 * 72, 297 / 25.4 * 72)  # 595.3 × 841.9 pt
MARGIN, FOOTER_GAP = 2.0 * CM, 1.0 * CM
PAD_X, PAD_Y = 85 / 20, 45 / 20  # cell margins of the Word table (twips → pt)
BORDER = 0.75
HEADER_FILL = "#E7E6E6"
MEASURE_DPI = 1200
DOTS = MEASURE_DPI / 72  # measuring units per point

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


@dataclass(slots=True)
class Cell:
    """A table cell on a page: its rectangle, field, nodes shown and lines (page coordinates).

    The lines are kept as laid out in their column (src) with the shift onto the page (dx, dy): the
    packer (sheet.py) adds the shift itself, so a page's lines are not copied to be painted.
    """

    x: float
    y: float
    width: float
    height: float
    field: str
    src: list[Line] = dataclasses.field(default_factory=list)
    header: bool = False
    node_ids: tuple[int, ...] = ()
    continued: bool = False
    dx: float = 0.0
    dy: float = 0.0

    @property
    def lines(self) -> list[Line]:
        """Return the cell's lines in page coordinates."""
        dx, dy = self.dx, self.dy
        return [line.moved(dx, dy) for line in self.src]

    def put(self, lines: list[Line], dx: float, dy: float) -> None:
        """Show lines laid out in the column, shifted by (dx, dy) onto the page."""
        self.src, self.dx, self.dy = lines, dx, dy

    @property
    def text(self) -> str:
        """Return the cell's lines joined without separators."""
        return "".join(line.text for line in self.src)


@dataclass
class Page:
    """One page: its boxes (free lines and table cells) in reading order, and the footer."""

    number: int
    width: float
    height: float
    boxes: list[Line | Cell] = dataclasses.field(default_factory=list)
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
            out.extend([box.text] if isinstance(box, Line) else [line.text for line in box.src])
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
    page_starts: list[int] = dataclasses.field(
        default_factory=list
    )  # body rows that begin a page after the first table page
    author: str = ""  # the agency, for the PDF's Author

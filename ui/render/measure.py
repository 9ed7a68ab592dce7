"""Text measured and wrapped with the print fonts (QTextLayout, 1,200 dpi); paragraphs of cells and sections."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtGui import QFontMetricsF, QImage, QTextLayout, QTextOption

from planner.export import outline_line, text_lines
from ui.render.boxes import DOTS, MEASURE_DPI, STYLES, Line, Para
from ui.render.fonts import FontChoice, choose_fonts, make_font
from ui.render.linebreak import HAN, LineBreaker, breaker

# Word's autoSpaceDE/autoSpaceDN: a quarter em between Chinese characters and Latin letters or digits.
_AUTOSPACE = re.compile(f"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN}])")
_ALNUM = re.compile("[A-Za-z0-9]")  # the cheap test first: most texts have no Latin letter or digit
QUARTER_EM = "\u2005"
WRAP_CACHE = 4096  # wrapped texts kept: a 50,000-method plan would otherwise keep ~90 MB of them


def autospace(text: str) -> str:
    """Return the text with a quarter-em space between Chinese characters and Latin letters or digits."""
    return _AUTOSPACE.sub(QUARTER_EM, text) if _ALNUM.search(text) else text


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
        # an OrderedDict: a plain dict's first key, after many deletions at the front, costs a scan (~4 µs)
        self._wrapped: OrderedDict[tuple[str, str, float, float], list[tuple[str, float]]] = OrderedDict()
        self._advances: dict[tuple[str, str], float] = {}
        self._layouts: dict[str, QTextLayout] = {}
        self._breakers: dict[str, LineBreaker] = {}

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
            self._wrapped.move_to_end(key)  # the most recently used last
            return cached
        text = autospace(text.replace("\t", "  "))
        out = self._fast(text, style, first, rest)
        if out is None:
            out = self._qt(text, style, first, rest)
        self._wrapped[key] = out
        if len(self._wrapped) > WRAP_CACHE:  # a plan's texts repeat nearby (units, months): forget the oldest
            self._wrapped.popitem(last=False)
        return out

    def _fast(self, text: str, style: str, first: float, rest: float) -> list[tuple[str, float]] | None:
        """Return the lines of a Chinese text from cached advances (linebreak.py), or None for QTextLayout."""
        lines = self._breakers.get(style)
        if lines is None:
            lines = self._breakers[style] = breaker(self.qfonts[style], self.device)
        return lines.wrap(text, max(first, 1.0) * DOTS, max(rest, 1.0) * DOTS, DOTS)

    def _qt(self, text: str, style: str, first: float, rest: float) -> list[tuple[str, float]]:
        """Return the lines of a text laid out by QTextLayout: [(line text, text width)]."""
        units = _utf16(text)
        layout = self._layouts.get(style)
        if layout is None:  # one layout per style, given each text in turn (no new layout per paragraph)
            layout = self._layouts[style] = QTextLayout("", self.qfonts[style], self.device)
            layout.setTextOption(self.option)
        layout.setText(text)
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
        return out or [("", 0.0)]

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

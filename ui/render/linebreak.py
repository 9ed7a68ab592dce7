"""QTextLayout's line breaks redone in Python for Chinese text, full-width punctuation and digits (same lines).

QTextLayout (WrapAtWordBoundaryOrAnywhere) fills a line chunk by chunk, a chunk ending at each line-break
opportunity (UAX #14 as Qt's qunicodetools applies it) or before a space, and ends the line before the first
chunk whose sum of glyph advances, in QFixed units (1/64 of a device unit), is more than the line width
(QFixed::fromReal truncates); the natural width adds the last glyph's negative right bearing and leaves out
trailing spaces. For the characters of FAST (no Latin letters, no space but the autospace between 中 and a
digit) a character is taken only if, alone on a line, Qt gives it its advance as width (no bearing past it),
and a font only if its probe lays out at the summed advances (no kerning); then the line ends are a bisect on
the cumulative advances, or multiples when every character is as wide as 中. Any other text, a chunk wider
than its line (Qt then breaks anywhere) or a failed probe returns None: QTextLayout.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import cast

from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF, QImage, QTextLayout, QTextOption

log = logging.getLogger(__name__)

FIXED = 64  # QFixed: 26.6 fixed point
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Chinese characters (line-break class ID), a regex class
_OPEN = "（「『《〈【〔("  # OP: no break after
_NO_BREAK_BEFORE = "，。、）」』》〉】〕；：？！….)"  # CL, NS, EX, IN, IS, CP: no break before
_DIGITS = "0123456789"  # NU
_DIGITS_GLUE = _DIGITS + ".)"  # NU, IS and CP hold on to a following digit
_NUMERIC = _DIGITS_GLUE + "("
SPACE = "\u2005"  # the autospace between Chinese characters and digits (BA: break after, not before)
FAST = re.compile(f"[{HAN}{_OPEN}{_NO_BREAK_BEFORE}{_DIGITS}{SPACE}]*")
_AUTOSPACED = re.compile(f"(?<=[{HAN}]){SPACE}(?=[0-9])|(?<=[0-9]){SPACE}(?=[{HAN}])")
# Every ordered pair of the non-Chinese characters, and each between two Chinese characters: kerning shows up
# as a glyph position that is not the sum of the advances before it.
_NON_HAN = f"{_OPEN}{_NO_BREAK_BEFORE}{_DIGITS}"
PROBE = "".join(a + b for a in _NON_HAN for b in _NON_HAN) + "".join(f"中{c}國" for c in _NON_HAN)
WIDE = 1e7  # a line width no probe reaches


def glued(text: str, pos: int) -> bool:
    """Return whether Qt finds no line-break opportunity between text[pos - 1] and text[pos] (0 < pos < len)."""
    before, after = text[pos - 1], text[pos]
    return (
        before in _OPEN  # LB14: OP ×
        or after == SPACE  # LB21: × BA
        or after in _NO_BREAK_BEFORE  # LB13, LB21, LB22: × (CL | CP | EX | IS | NS | IN)
        or (after in _DIGITS and before in _DIGITS_GLUE)  # LB25 NU × NU, IS × NU; LB30 CP × NU
        or (after == "(" and before in _DIGITS)  # LB30: NU × OP when OP is narrow
    )


class LineBreaker:
    """Wraps texts of the fast class in one font as QTextLayout does, from cached per-character advances."""

    def __init__(self, font: QFont, device: QImage) -> None:
        self.device = device  # kept alive with the metrics measured on it
        self.name = f"{font.families()} {font.pointSizeF()} pt"
        self.metrics = QFontMetricsF(font, device)
        self.layout = QTextLayout("", font, device)  # checks single characters and the probe
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.layout.setTextOption(option)
        self.advances: dict[str, int | None] = {}  # QFixed advance, None when the character goes to Qt
        self.even: set[str] = set()  # the characters as wide as 中 (most of a plan): no sums needed
        self.em = -1  # until 中 is measured
        self.em = self.advance("中") or -1
        if self.em > 0:
            self.even.add("中")
        self.usable = self._probe()

    def _line(self, text: str) -> float:
        """Return the natural width of a text laid out by Qt on one wide line (device units)."""
        self.layout.setText(text)
        self.layout.beginLayout()
        line = self.layout.createLine()
        line.setLineWidth(WIDE)
        width = line.naturalTextWidth()
        self.layout.endLayout()
        return width

    def _probe(self) -> bool:
        """Return whether every glyph of the probe, laid out by Qt, sits at the sum of the advances before it."""
        units = [self.advance(ch) for ch in PROBE]
        if None in units:
            log.info("fast line breaking off for %s: a probe character fails", self.name)
            return False
        self.layout.setText(PROBE)
        self.layout.beginLayout()
        line = self.layout.createLine()
        line.setLineWidth(WIDE)
        xs = sorted(p.x() * FIXED for run in line.glyphRuns() for p in run.positions())
        self.layout.endLayout()
        sums = list(accumulate(cast("list[int]", units), initial=0))
        if xs != sums[:-1] or line.naturalTextWidth() * FIXED != sums[-1]:
            log.info("fast line breaking off for %s: the font kerns or shapes the probe", self.name)
            return False
        return True

    def _alone(self, ch: str, width: float) -> bool:
        """Return whether Qt lays out a character alone at its advance (a space: between two 中, ends drop it)."""
        if ch == SPACE:  # on both sides of a digit, as autospace puts it: no kerning either
            one = self.advance("1")
            return (
                one is not None
                and self.em > 0
                and self._line(f"中{ch}1{ch}中") * FIXED == 2 * (self.em + width * FIXED) + one
            )
        return self._line(ch) == width

    def advance(self, ch: str) -> int | None:
        """Return a character's advance in QFixed units, or None when Qt's layout of it says otherwise."""
        units = self.advances.get(ch, 0)
        if units == 0:
            units = None
            known = ch in _NON_HAN or ch == SPACE or unicodedata.category(ch) == "Lo"  # not unassigned ones
            if known and FAST.fullmatch(ch):
                width = self.metrics.horizontalAdvance(ch)
                fixed = width * FIXED
                # alone on a line Qt adds a negative right bearing: equal widths mean the glyph stays inside
                if fixed > 0 and fixed == int(fixed) and self._alone(ch, width):
                    units = int(fixed)
            self.advances[ch] = units
            if units == self.em and ch not in _NUMERIC and ch != SPACE:  # digits glue by other rules
                self.even.add(ch)
        return units

    def wrap(self, text: str, first: float, rest: float, scale: float = 1.0) -> list[tuple[str, float]] | None:
        """Return [(line text, natural width ÷ scale)] at device widths as QTextLayout would, or None for Qt."""
        if not self.usable:
            return None
        if self.even.issuperset(text):
            return self._even(text, int(first * FIXED), int(rest * FIXED), scale)
        if SPACE in text and SPACE in _AUTOSPACED.sub("", text):  # a space but between 中 and a digit: Qt
            return None
        get = cast("Callable[[str], int]", self.advances.__getitem__)  # None for a character Qt must lay out
        try:
            total = sum(map(get, text))  # a character not seen yet: KeyError
        except KeyError:
            if None in [self.advance(ch) for ch in text]:
                return None
            total = sum(map(get, text))
        except TypeError:  # a character for QTextLayout (None)
            return None
        fit = int(first * FIXED)
        if total <= fit:
            return [(text, total / FIXED / scale)]
        sums = list(accumulate(map(get, text), initial=0))
        n = len(text)
        out: list[tuple[str, float]] = []
        start = 0
        while start < n:
            end = bisect_right(sums, sums[start] + fit, start) - 1  # the last position that fits
            if end >= n:
                end = after = n
            else:
                # a line ends where a chunk ends: at a break, or before a space it then keeps (not counted)
                while end > start and text[end] != SPACE and (text[end - 1] == SPACE or glued(text, end)):
                    end -= 1
                if end == start:  # the first chunk is wider than the line: Qt breaks anywhere
                    return None
                after = end + 1 if text[end] == SPACE else end
            out.append((text[start:end], (sums[end] - sums[start]) / FIXED / scale))
            start = after
            fit = int(rest * FIXED)
        return out

    def _even(self, text: str, fit: int, rest: int, scale: float) -> list[tuple[str, float]] | None:
        """Return wrap's lines of a text whose characters are all as wide as 中 and none numeric: multiples."""
        em, n = self.em, len(text)
        if n * em <= fit:
            return [(text, n * em / FIXED / scale)]
        out: list[tuple[str, float]] = []
        start, count, step = 0, fit // em, rest // em  # characters that fit on the first line, on the others
        while start + count < n:
            end = start + count
            while end > start and (text[end - 1] in _OPEN or text[end] in _NO_BREAK_BEFORE):  # glued()
                end -= 1
            if end == start:
                return None
            out.append((text[start:end], (end - start) * em / FIXED / scale))
            start, count = end, step
        out.append((text[start:], (n - start) * em / FIXED / scale))
        return out


_BREAKERS: dict[tuple[str, str, int, int], LineBreaker] = {}  # one per font and resolution for the process


def breaker(font: QFont, device: QImage) -> LineBreaker:
    """Return the line breaker of a font on a device, probed once per process (~10 ms)."""
    key = (font.key(), QFontInfo(font).family(), device.logicalDpiX(), device.logicalDpiY())  # family: as resolved
    found = _BREAKERS.get(key)
    if found is None:
        found = _BREAKERS[key] = LineBreaker(font, device)
    return found

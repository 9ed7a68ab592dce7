"""Fonts of the printed plan: 標楷體 or the closest Traditional Chinese font on this machine, Times for Latin."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

# Traditional Chinese families, best first: 標楷體 (Windows, macOS), then other Kai fonts, then Ming/Hei.
CJK_FAMILIES = (
    "標楷體",
    "DFKai-SB",
    "BiauKai",
    "TW-Kai",
    "TW-Kai-98_1",
    "全字庫正楷體",
    "AR PL UKai TW",
    "AR PL UKai TW MBE",
    "Noto Serif CJK TC",
    "Noto Serif TC",
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "PMingLiU",
    "新細明體",
    "Microsoft JhengHei",
    "微軟正黑體",
    "PingFang TC",
)
LATIN_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos", "Nimbus Roman", "TeX Gyre Termes", "DejaVu Serif")
WORD_NAMES = ("標楷體", "DFKai-SB")  # what the Word export names; substituted when not installed


@dataclass(frozen=True)
class FontChoice:
    """The families used: Latin first (digits, ASCII), then the CJK font, then TC fallbacks."""

    latin: str | None
    cjk: str
    fallbacks: tuple[str, ...] = ()

    @property
    def families(self) -> list[str]:
        """Return the QFont family list, Latin first."""
        return [f for f in (self.latin, self.cjk, *self.fallbacks) if f]


@cache
def choose_fonts() -> FontChoice:
    """Pick the installed families (needs a QGuiApplication) and map 標楷體/DFKai-SB to them."""
    installed = set(QFontDatabase.families())
    cjk = [f for f in CJK_FAMILIES if f in installed]
    latin = next((f for f in LATIN_FAMILIES if f in installed), None)
    if not cjk:
        log.warning("no Traditional Chinese font found; Chinese text may print with a fallback font")
        cjk = ["標楷體"]
    for name in WORD_NAMES:
        if name not in installed:
            QFont.insertSubstitutions(name, [f for f in cjk if f not in WORD_NAMES])
    choice = FontChoice(latin=latin, cjk=cjk[0], fallbacks=tuple(cjk[1:3]))
    log.info("print fonts: %s", choice.families)
    return choice


def make_font(choice: FontChoice, size: float, bold: bool = False) -> QFont:
    """Return a QFont of the families at a size in points."""
    font = QFont()
    font.setFamilies(choice.families)
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setKerning(True)
    return font

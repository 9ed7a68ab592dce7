"""Text that cannot break the app later: no control or bidi characters, bounded names, safe file names."""

from __future__ import annotations

import logging
import re
import unicodedata

from planner.errors import OperationRefused

log = logging.getLogger(__name__)

UNIT_NAME_MAX = 50
UNITS_MAX = 500
FILE_PART_MAX = 60  # characters of one part of a file name (3 bytes each in UTF-8: well under 255)

# Bidi embeddings, overrides and isolates, and the marks that reorder text invisibly.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEEP_IN_TEXT = frozenset("\n\t")
_FILE_BAD = re.compile(r'[\\/:*?"<>|]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def _unsafe(ch: str, keep: frozenset[str]) -> bool:
    if ch in keep:
        return False
    if ch in BIDI:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def clean_text(text: str) -> str:
    """Remove control, bidi and separator characters from multi-line text (keeps newlines and tabs)."""
    if text.isprintable() and not BIDI.intersection(text) and "\n" not in text:
        return text
    return "".join(ch for ch in text if not _unsafe(ch, _KEEP_IN_TEXT))


def clean_name(text: str) -> str:
    """Return a one-line name without control or bidi characters, inner whitespace collapsed."""
    text = "".join(" " if ch in "\n\t\r" else ch for ch in text)
    return " ".join("".join(ch for ch in text if not _unsafe(ch, frozenset())).split())


def unit_name(name: str) -> str:
    """Return a unit name fit to store; OperationRefused when it is longer than UNIT_NAME_MAX."""
    cleaned = clean_name(name)
    if len(cleaned) > UNIT_NAME_MAX:
        raise OperationRefused(f"單位名稱最多 {UNIT_NAME_MAX} 個字（收到 {len(cleaned)} 個字）：{cleaned[:20]}…")
    return cleaned


def check_unit_count(count: int) -> None:
    """Refuse a workspace with more than UNITS_MAX units (a cell of names split wrongly, not an agency)."""
    if count > UNITS_MAX:
        raise OperationRefused(
            f"單位數量最多 {UNITS_MAX} 個（這次會變成 {count} 個）；請確認單位欄的內容是否正確分隔。"
        )


def file_part(text: str, fallback: str = "未命名", limit: int = FILE_PART_MAX) -> str:
    """Return text usable as part of a file name on Windows, macOS and Linux."""
    name = _FILE_BAD.sub("_", clean_name(text)).strip(" .")
    if len(name) > limit:
        name = name[:limit].rstrip(" .")
    if not name:
        return fallback
    if _RESERVED.match(name):
        name = "_" + name
    return name


def file_name(stem: str, suffix: str, fallback: str = "未命名") -> str:
    """Return a safe file name: a cleaned, bounded stem plus the suffix."""
    return file_part(stem, fallback, limit=FILE_PART_MAX * 2) + suffix

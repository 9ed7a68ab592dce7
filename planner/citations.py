"""Cited letters (「114年1月5日高市府研發字第11430001300號函頒」): found in text, kept by copy-year, flagged."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# A letter's date, its 字號 (…字第 digits 號) and what follows it: 函頒/函/令, and the cited title in 「」.
_DATE = r"(?:中華民國\s*)?\d{2,3}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_NUMBER = r"[^\s\d「」。，；]{0,20}?字第\s*[0-9A-Za-z\-]+\s*號"
_TAIL = r"(?:\s*(?:函頒|函示|函|令頒|令|公告|核定|訂定|修正))?(?:\s*「[^」\n]{0,80}」)?"
CITATION = re.compile(rf"(?:{_DATE}\s*{_NUMBER}|{_NUMBER}){_TAIL}")


@dataclass(frozen=True)
class Citation:
    """A cited letter in a text: its span and its text with line breaks and spaces folded."""

    start: int
    end: int
    text: str


def find_citations(text: str) -> list[Citation]:
    """Return the cited letters (date and 字號) in a text, in order."""
    if "字第" not in text:  # the fast path: most texts cite nothing
        return []
    return [Citation(m.start(), m.end(), re.sub(r"\s+", "", m.group())) for m in CITATION.finditer(text)]


def outside_citations(text: str, rewrite: Callable[[str], str]) -> str:
    """Return text with rewrite applied to every part that is not a cited letter."""
    if "字第" not in text:
        return rewrite(text)
    out: list[str] = []
    last = 0
    for found in CITATION.finditer(text):
        out.append(rewrite(text[last : found.start()]))
        out.append(found.group())
        last = found.end()
    out.append(rewrite(text[last:]))
    return "".join(out)


def citation_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number from 1, citation text) for every cited letter of a text."""
    for found in find_citations(text):
        yield text.count("\n", 0, found.start) + 1, found.text

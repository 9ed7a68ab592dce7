"""Agency, ROC year, title and issuance line read from the lines above a plan's content."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from planner.numerals import ROC_OFFSET, parse_chinese_number

# ---------------------------------------------------------------- title lines

_YEAR = re.compile(r"(?:中華民國|民國)?\s*([0-9０-９]{2,4}|[一二三四五六七八九十百〇零]{2,5})\s*年度?")
_DATE = r"([0-9０-９]+|[〇一二三四五六七八九十]+)\s*年\s*([0-9０-９]+|[一二三四五六七八九十]+)\s*月"
_ISSUED = re.compile(rf"{_DATE}.*(函頒|函發|函|訂定|核定|修正|修訂|發布|印發|公告|實施)|字第.*號")
_TITLE_WORDS = re.compile(r"提升|精進|為民服務|服務品質|服務躍升|服務工作|執行計畫|實施計畫|工作計畫")
_ATTACHMENT = re.compile(r"^附\s*件\s*\S{0,3}")


def _year_value(raw: str) -> int | None:
    raw = unicodedata.normalize("NFKC", raw)
    if raw.isdigit():
        value = int(raw)
    else:
        digits = "〇一二三四五六七八九"
        if all(ch in digits or ch == "零" for ch in raw):
            value = int("".join(str(digits.index(ch)) if ch != "零" else "0" for ch in raw))
        else:
            try:
                value = parse_chinese_number(raw)
            except ValueError:
                return None
    if value > ROC_OFFSET:
        value -= ROC_OFFSET
    return value if 1 <= value <= 999 else None


@dataclass
class TitleInfo:
    """What the lines above the content say: agency, ROC year, title, issuance line."""

    agency: str = ""
    year: int | None = None
    title: str = ""
    issued: str = ""
    unused: list[str] = field(default_factory=list)


def _with_year(line: str) -> tuple[str, int, str] | None:
    """Split 「{agency}{year}年度{title}」 when a year stands before 計畫; None otherwise."""
    for m in _YEAR.finditer(line):
        if "計畫" not in line[m.end() :]:
            break
        year = _year_value(m.group(1))
        if year is not None:
            return line[: m.start()].strip(), year, f"{year}年度{line[m.end() :].strip()}"
    return None


def parse_title_lines(lines: list[str]) -> TitleInfo:
    """Read agency, year, title and issuance line from the lines before the first section.

    The title is the first line naming a 計畫 with a year before it (else the first naming a 計畫 with the
    usual words); a year on the line before a title that has none is taken too (a title broken in two).
    The agency is what stands before the year, or the line above the title.
    """
    info = TitleInfo()
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    candidates = [
        i for i, line in enumerate(lines) if "計畫" in line and not _ISSUED.search(line) and not _ATTACHMENT.match(line)
    ]
    dated = [i for i in candidates if _with_year(lines[i]) is not None]
    worded = [i for i in candidates if _TITLE_WORDS.search(lines[i])]
    title_at = dated[0] if dated else worded[0] if worded else None
    if title_at is None:
        info.unused = lines
        return info
    used = {title_at}
    split = _with_year(lines[title_at])
    if split is None and title_at > 0 and _with_year(lines[title_at - 1] + lines[title_at]) is not None:
        split = _with_year(lines[title_at - 1] + lines[title_at])
        used.add(title_at - 1)
    if split is not None:
        before, info.year, info.title = split
    else:
        line = lines[title_at]
        k = _TITLE_WORDS.search(line)
        before = line[: k.start()].strip() if k is not None else ""
        info.title = line[k.start() :].strip() if k is not None else line
    if before:
        info.agency = before
    else:
        above = [i for i in range(min(used)) if not _ISSUED.search(lines[i]) and not _ATTACHMENT.match(lines[i])]
        if above:
            info.agency = lines[above[-1]]
            used.add(above[-1])
    for i, ln in enumerate(lines):
        if i in used:
            continue
        if _ISSUED.search(ln) and not info.issued:
            info.issued = ln
        else:
            info.unused.append(ln)
    return info

"""Outline labels: the patterns tried by first character read every line as the one pattern of all labels does."""

from __future__ import annotations

import itertools

import pytest

from planner.importers import labels
from planner.importers.labels import Label, parse_label, read_label

TAILS = ["、", ".", "．", ")", "）", "1", "２", "十", "A", " 、", "\u3000.", "文字", "", "(一)", "1.5"]


def _whole(line: str) -> tuple[str, int, str, str] | None:
    """Read a line with the one pattern of every alternative (the reference the split patterns must equal)."""
    m = labels._LABEL.match(line)
    if m is None or m.lastindex is None:
        return None
    kind = labels._KIND_OF_GROUP[m.lastindex - 1]
    try:
        number = labels._number(kind, m.group(m.lastindex))
    except ValueError:
        return None
    return None if number < 1 else (kind, number, m.group(0).strip(), line[m.end() :].strip())


def test_every_starting_character_reads_as_the_whole_pattern() -> None:
    checked = 0
    for head in sorted(labels._STARTERS):
        for a, b in itertools.product(TAILS, repeat=2):
            for lead in ("", " \u3000"):
                line = f"{lead}{head}{a}{b}事項"
                want = _whole(line)
                assert parse_label(line) == read_label(line) == (None if want is None else Label(*want)), line
                checked += 1
    assert checked == len(labels._STARTERS) * len(TAILS) ** 2 * 2


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("1.訂立標準作業程序", ("arabic", 1, "1.", "訂立標準作業程序")),
        ("１２、宣導", ("arabic", 12, "１２、", "宣導")),
        ("(三) 建立流程", ("paren_cn", 3, "(三)", "建立流程")),
        ("（2）說明", ("paren_arabic", 2, "（2）", "說明")),
        ("(B)附件", ("paren_latin", 2, "(B)", "附件")),
        ("十一、其他", ("cn", 11, "十一、", "其他")),
        ("貳、計畫目標", ("section", 2, "貳、", "計畫目標")),
        ("③ 第三", ("circled", 3, "③", "第三")),
        ("1.5 倍", None),
        ("一般說明", None),
    ],
)
def test_labels_read(line: str, want: tuple[str, int, str, str] | None) -> None:
    got = read_label(line)
    assert got == parse_label(line)
    assert (None if got is None else tuple(got)) == want

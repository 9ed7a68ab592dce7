"""Import last year's plan from the files agencies really have (issue 11): each producer's file, one tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.importers import read_plan_file
from planner.importers.numbering import format_number
from tests.fixtures import real_plans as rp


def check(result, units: bool = True, months: bool = True) -> None:
    """Compare everything: title, year, sections, every 要項/重點/方法 text, units and months."""
    assert result.data["agency"] == rp.AGENCY
    assert result.data["year"] == 102
    assert result.data["title"] == rp.TITLE
    assert rp.imported(result) == rp.expected(units, months)


@pytest.mark.parametrize(
    ("fmt", "numbers"),
    [
        ("ideographLegalTraditional", {1: "壹", 3: "參", 10: "壹拾", 11: "壹拾壹", 21: "貳拾壹"}),
        ("taiwaneseCountingThousand", {1: "一", 10: "十", 11: "十一", 20: "二十", 101: "一百零一"}),
        ("taiwaneseCounting", {4: "四", 12: "十二"}),
        ("chineseCounting", {2: "二", 15: "十五"}),
        ("chineseCountingThousand", {9: "九", 30: "三十"}),
        ("ideographTraditional", {1: "甲", 3: "丙", 10: "癸"}),
        ("ideographDigital", {10: "一〇", 12: "一二"}),
        ("decimalFullWidth", {3: "３", 12: "１２"}),
        ("upperLetter", {1: "A", 27: "AA"}),
        ("lowerLetter", {2: "b"}),
        ("decimalEnclosedCircle", {1: "①"}),
        ("decimal", {7: "7"}),
    ],
)
def test_word_number_formats(fmt: str, numbers: dict[int, str]) -> None:
    assert {n: format_number(fmt, n) for n in numbers} == numbers


@pytest.mark.parametrize("how", ["word", "libreoffice", "styles"])
@pytest.mark.parametrize("formats", ["word", "formats"])
def test_word_list_numbering_in_a_table(tmp_path: Path, how: str, formats: str) -> None:
    result = read_plan_file(rp.numbered_table_docx(tmp_path / "numbered.docx", how, formats))
    check(result)
    assert result.data["sections"] == rp.expected_sections()
    assert all(i["numbered"] for i in result.data["items"])
    assert all(f["numbered"] for i in result.data["items"] for f in i["focuses"])
    assert not [w for w in result.warnings if "重新編" in w]


@pytest.mark.parametrize("how", ["word", "libreoffice", "styles"])
def test_word_list_numbering_outline(tmp_path: Path, how: str) -> None:
    result = read_plan_file(rp.numbered_outline_docx(tmp_path / "outline.docx", how, "formats"))
    check(result, units=False, months=False)
    assert [s["heading"] for s in result.data["sections"]] == [h for h, _ in rp.SECTIONS] + [rp.CONTENT_HEADING]
    assert not [w for w in result.warnings if "重新編" in w]

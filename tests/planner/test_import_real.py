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


@pytest.mark.parametrize(
    ("repeat", "between"), [(True, "（續上表）"), (False, "（續上表）"), (True, ""), (False, "（續）")]
)
def test_table_split_per_item(tmp_path: Path, repeat: bool, between: str) -> None:
    result = read_plan_file(rp.split_per_item_docx(tmp_path / "per-item.docx", repeat, between))
    check(result)
    assert result.data["sections"] == rp.expected_sections()


@pytest.mark.parametrize(("repeat", "between"), [(False, "（續）"), (True, "（續上表）"), (False, "")])
def test_table_cut_at_page_ends(tmp_path: Path, repeat: bool, between: str) -> None:
    result = read_plan_file(rp.split_at_page_docx(tmp_path / "cut.docx", repeat, between))
    check(result)


def test_title_merged_across_the_first_row(tmp_path: Path) -> None:
    result = read_plan_file(rp.title_row_docx(tmp_path / "title-row.docx"))
    check(result)
    assert not [w for w in result.warnings if "年度" in w]


def test_two_header_rows(tmp_path: Path) -> None:
    result = read_plan_file(rp.two_header_rows_docx(tmp_path / "two-rows.docx"))
    check(result)
    assert result.layout is not None and result.layout.headers[:2] == ["實施要項", "工作重點"]


def test_twelve_month_grid(tmp_path: Path) -> None:
    result = read_plan_file(rp.month_grid_docx(tmp_path / "grid.docx"))
    check(result)
    assert "查核期限" in result.layout.headers
    assert not [w for w in result.warnings if "欄位標題" in w]


def test_items_as_band_rows(tmp_path: Path) -> None:
    check(read_plan_file(rp.band_rows_docx(tmp_path / "bands.docx")))


def test_items_as_paragraphs_each_with_its_table(tmp_path: Path) -> None:
    result = read_plan_file(rp.item_paragraphs_docx(tmp_path / "paragraph-items.docx"))
    check(result)
    assert result.data["sections"] == rp.expected_sections()


def test_hand_edited_grid_with_misaligned_edges(tmp_path: Path) -> None:
    result = read_plan_file(rp.misaligned_docx(tmp_path / "misaligned.docx"))
    check(result)
    assert not [w for w in result.warnings if "欄位標題" in w]


@pytest.mark.parametrize("flat", [False, True])
def test_excel_as_clerks_make_it(tmp_path: Path, flat: bool) -> None:
    result = read_plan_file(rp.clerk_xlsx(tmp_path / "clerk.xlsx", flat))
    assert result.kind == "xlsx"
    check(result)


def _labels(numbering_xml: str, paragraphs: list[tuple[int, int]]) -> list[str]:
    """Render the labels Word shows for paragraphs given as (numId, ilvl)."""
    from lxml import etree

    from planner.importers.numbering import Numbering

    root = etree.fromstring(f'<w:numbering xmlns:w="{rp.W_NS}">{numbering_xml}</w:numbering>')
    numbering = Numbering.load(root, None)
    out = []
    for num_id, ilvl in paragraphs:
        p = etree.fromstring(rp.para("x", num=(num_id, ilvl)).replace("<w:p>", f'<w:p xmlns:w="{rp.W_NS}">', 1))
        out.append(numbering.label(p))
    return out


def test_counters_belong_to_the_abstract_num_unless_restarted() -> None:
    lists = rp.abstract(0, rp.level(0, "taiwaneseCountingThousand", "%1、"), rp.level(1, "decimal", "%2."))
    lists += rp.num(1, 0) + rp.num(2, 0) + rp.num(3, 0, {0: 1}) + rp.num(4, 0, {0: 5})
    # 1 and 2 share one count; 3 restarts at 一 and then keeps its own count; 4 starts at 五.
    assert _labels(lists, [(1, 0), (2, 0), (1, 0), (3, 0), (3, 0), (1, 0), (4, 0)]) == [
        "一、",
        "二、",
        "三、",
        "一、",
        "二、",
        "四、",
        "五、",
    ]


def test_lvl_restart() -> None:
    never = rp.abstract(0, rp.level(0, "decimal", "%1."), rp.level(1, "decimal", "(%2)", restart=0))
    usual = rp.abstract(1, rp.level(0, "decimal", "%1."), rp.level(1, "decimal", "(%2)"))
    lists = never + usual + rp.num(1, 0) + rp.num(2, 1)
    order = [(0, 0), (0, 1), (0, 1), (0, 0), (0, 1)]
    assert _labels(lists, [(1, lvl) for _, lvl in order]) == ["1.", "(1)", "(2)", "2.", "(3)"]
    assert _labels(lists, [(2, lvl) for _, lvl in order]) == ["1.", "(1)", "(2)", "2.", "(1)"]


def test_is_lgl_shows_decimal_levels() -> None:
    lists = rp.abstract(
        0, rp.level(0, "ideographLegalTraditional", "%1、"), rp.level(1, "decimal", "%1.%2", legal=True)
    )
    assert _labels(lists + rp.num(1, 0), [(1, 0), (1, 1), (1, 0), (1, 1)]) == ["壹、", "1.1", "貳、", "2.1"]


def test_no_silent_wrong_each_doubt_is_a_warning_tied_to_its_node(tmp_path: Path) -> None:
    from tests.fixtures.import_docs import p, tbl, tc, tr, write_docx

    table = tbl(
        tr(tc("工作要項"), tc("工作重點"), tc("工作方法"), tc("執行單位"), tc("查核期限")),
        tr(tc("一、甲要項", vmerge="restart"), tc("(一)乙重點"), tc("1.丙方法"), tc("活動課及志工"), tc("上半年")),
        tr(tc(vmerge="continue"), tc("(二)丁重點"), tc("二、戊標題"), tc("行政課"), tc("12月")),
        tr(tc(vmerge="continue"), tc(vmerge="continue"), tc(""), tc("輔導課"), tc("6月")),
    )
    result = read_plan_file(write_docx(tmp_path / "doubts.docx", p("114年度提升服務工作計畫") + table))
    warnings = result.warnings
    blank = next(i for i, w in enumerate(warnings) if "沒有方法文字" in w or "沒有文字" in w)
    heading = next(i for i, w in enumerate(warnings) if "像是要項或重點的標題" in w and "戊標題" in w)
    phrase = next(i for i, w in enumerate(warnings) if "活動課及志工" in w and "丙方法" in w)
    guess = next(i for i, w in enumerate(warnings) if "上半年" in w and "丙方法" in w)
    assert blank < heading < phrase
    assert phrase <= guess or "查核期限" in warnings[guess]
    assert all("第 1 個表格第" in warnings[i] for i in (heading, phrase, guess))


def test_four_digit_method_labels() -> None:
    from planner.importers.labels import ARABIC, parse_label

    label = parse_label("2084.資訊訓練運用")
    assert label is not None and (label.kind, label.number, label.rest) == (ARABIC, 2084, "資訊訓練運用")
    assert parse_label("2024.01.05 會議紀錄") is None

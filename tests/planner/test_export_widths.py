"""Column widths from content: short columns fit their longest word, the method column takes the rest."""

from __future__ import annotations

import zipfile

from lxml import etree

from planner.export.docx import export_docx
from planner.export.scope import select
from planner.export.widths import FIT_CM, column_widths, fitted_width, table_shape, text_twips, word_lines, words
from planner.export.word import A4, CELL_HP, CELL_MARGIN_X, MARGIN, cm
from planner.layouts import preset
from planner.plans import set_layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LANDSCAPE = A4[1] - 2 * MARGIN
PORTRAIT = A4[0] - 2 * MARGIN


def test_words_break_after_punctuation_and_spaces():
    assert words("3月、6月、9月、12月") == ["3月、", "6月、", "9月、", "12月"]
    assert words("配合 年度\n考核，提報") == ["配合", "年度", "考核，", "提報"]
    assert fitted_width(["6月、12月"]) == text_twips("6月、", CELL_HP) + 2 * CELL_MARGIN_X + 40


def test_six_column_landscape_gives_the_method_column_40_percent(demo_ws):
    plan = demo_ws.plan(115)
    set_layout(demo_ws, plan, preset("full"))
    shape = table_shape(demo_ws, plan, select(plan))
    widths = dict(zip(shape.fields, shape.widths(LANDSCAPE)))
    assert sum(widths.values()) == LANDSCAPE
    assert widths["method"] >= 0.40 * LANDSCAPE
    assert widths["method"] > max(w for f, w in widths.items() if f != "method")
    # 查核期限 needs its header's four characters (the longest month word, 「12月」, is shorter)
    assert widths["months"] == fitted_width(["查核期限"])
    assert widths["months"] < 0.10 * LANDSCAPE
    # 業務單位 fits the longest unit name on one line
    assert widths["units"] == fitted_width(["閱覽服務課"])
    # 備註 texts are long sentences: capped
    assert widths["note"] == cm(FIT_CM["note"][1])


def test_short_columns_are_bounded_and_the_table_fills_the_page():
    fields = ["item", "focus", "method", "units", "months", "note"]
    tiny = column_widths(fields, LANDSCAPE, ["甲"], ["1月"], ["無"], {"units": "單位", "months": "月", "note": "註"})
    assert tiny[3] == tiny[4] == tiny[5] == cm(1.6)
    huge = column_widths(fields, LANDSCAPE, ["很長很長很長很長很長的單位名稱"], ["1月"], [], {})
    assert huge[3] == cm(FIT_CM["units"][1])
    for widths in (tiny, huge):
        assert sum(widths) == LANDSCAPE and widths[2] >= 0.42 * LANDSCAPE - 1
    portrait = column_widths(["item", "focus", "method", "units"], PORTRAIT, ["秘書室"], [], [], {"units": "業務單位"})
    assert sum(portrait) == PORTRAIT and portrait[2] >= 0.40 * PORTRAIT
    only_short = column_widths(["units", "months"], PORTRAIT, ["秘書室"], ["6月"])
    assert sum(only_short) == PORTRAIT


def test_word_table_uses_the_shared_widths(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    set_layout(demo_ws, plan, preset("full"))
    shape = table_shape(demo_ws, plan, select(plan))
    out = export_docx(demo_ws, plan, tmp_path / "橫.docx")
    with zipfile.ZipFile(out) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    grid = [int(g.get(f"{{{W_NS}}}w")) for g in doc.iter(f"{{{W_NS}}}gridCol")]
    assert grid == shape.widths(LANDSCAPE)


def test_word_lines_break_only_after_words():
    inner = fitted_width(["查核期限"]) - 2 * CELL_MARGIN_X
    assert word_lines("3月、6月、9月、12月", inner) == ["3月、", "6月、", "9月、", "12月"]
    assert word_lines("6月、12月", cm(5)) == ["6月、12月"]
    assert word_lines("3月、6月、9月、12月", cm(2.8)) == ["3月、6月、", "9月、12月"]
    assert word_lines("", cm(2)) == []
    for lines in (word_lines("1月、2月、3月、4月、5月、6月、7月、8月、9月、10月、11月、12月", cm(2.4)),):
        assert "".join(lines) == "1月、2月、3月、4月、5月、6月、7月、8月、9月、10月、11月、12月"
        assert all(line.endswith(("、", "月")) for line in lines)

"""Word export: read the .docx back and check what the reader of the printed plan sees."""

from __future__ import annotations

import errno
import os
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from planner.build import add_plan_from_data
from planner.errors import BadInput
from planner.export import atomic_write, outline_line
from planner.export.docx import build_document, export_docx
from planner.export.scope import Scope, focus_groups, scope_for, select
from planner.layouts import PRESETS, custom_layout, preset
from planner.plans import set_layout, set_plan_fields

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CJK, LATIN = "標楷體", "Times New Roman"
A4_W, A4_H = 11906, 16838
DEMO_TITLE = "星河市立圖書館115年度提升服務工作計畫"

SMALL = {
    "year": 114,
    "title": "114年度提升服務工作計畫",
    "issued": "中華民國114年2月1日訂定",
    "columns": "kaohsiung",
    "sections": [
        {"heading": "計畫依據", "text": "一、依據甲計畫。\n二、依據乙計畫：\n(一)細目一。\n(二)細目二。"},
        {"heading": "計畫內容", "text": ""},
        {"heading": "其他", "text": "本計畫如有未盡事宜，得依實際需要修正。"},
    ],
    "items": [
        {
            "title": "訂定計畫",
            "numbered": False,
            "focuses": [
                {
                    "title": "訂定年度計畫",
                    "numbered": False,
                    "methods": [{"title": "", "body": "依市府計畫訂定本所計畫。", "units": ["行政課"], "months": [1]}],
                }
            ],
        },
        {
            "title": "完備基礎服務",
            "body": "要項的說明文字",
            "focuses": [
                {
                    "title": "建立標準流程",
                    "body": "重點的說明文字",
                    "methods": [
                        {
                            "title": "訂立SOP",
                            "body": "說明第一行\n1.細項甲\n2.細項乙",
                            "units": ["行政課", "教務課"],
                            "months": [6, 12],
                            "note": "新增項目",
                        },
                        {"title": "檢討流程", "body": "每年檢討。", "units": ["教務課"], "months": [12]},
                    ],
                },
                {"title": "合宜環境", "merge_next": True, "methods": []},
                {
                    "title": "網站便利",
                    "methods": [
                        {"title": "網站檢測", "body": "定期檢測網站。", "units": ["輔導課"], "months": [3, 9]},
                        {"title": "無障礙", "body": "取得無障礙標章。", "units": ["各課室"], "months": []},
                    ],
                },
            ],
        },
        {
            "title": "重視意見回饋",
            "focuses": [
                {
                    "title": "意見蒐集",
                    "methods": [
                        {
                            "title": "滿意度調查",
                            "body": "年度調查 & <比較>。",
                            "units": ["輔導課"],
                            "months": [11],
                            "note": "第三季",
                        }
                    ],
                }
            ],
        },
    ],
}


# ---------------------------------------------------------------- reading helpers


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def footer_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("word/footer")]


def size_of(style) -> float:
    """The effective font size (pt) of a style, following basedOn."""
    while style.font.size is None:
        style = style.base_style
    return style.font.size.pt


def para_text(p: etree._Element) -> str:
    out = []
    for el in p.iter(w("t"), w("br"), w("tab")):
        out.append(el.text or "" if el.tag == w("t") else "\n" if el.tag == w("br") else "\t")
    return "".join(out)


def body_paragraphs(path: Path) -> list[str]:
    """Every paragraph's text in document order, table cells included."""
    body = part(path, "word/document.xml").find(w("body"))
    return [para_text(p) for p in body.iter(w("p"))]


def the_table(path: Path) -> etree._Element:
    tables = part(path, "word/document.xml").find(w("body")).findall(w("tbl"))
    assert len(tables) == 1
    return tables[0]


def grid_rows(tbl: etree._Element) -> list[dict[int, dict]]:
    """Rows as {grid column: {merge, span, text, width}}, walking w:tc and tracking gridSpan."""
    rows = []
    for tr in tbl.findall(w("tr")):
        col, cells = 0, {}
        for tc in tr.findall(w("tc")):
            pr = tc.find(w("tcPr"))
            span_el, merge_el = pr.find(w("gridSpan")), pr.find(w("vMerge"))
            span = int(span_el.get(w("val"))) if span_el is not None else 1
            merge = None if merge_el is None else merge_el.get(w("val"), "continue")
            text = "\n".join(para_text(p) for p in tc.findall(w("p")))
            cells[col] = {"merge": merge, "span": span, "text": text, "width": int(pr.find(w("tcW")).get(w("w")))}
            col += span
        rows.append(cells)
    return rows


def grid_widths(tbl: etree._Element) -> list[int]:
    return [int(g.get(w("w"))) for g in tbl.find(w("tblGrid")).findall(w("gridCol"))]


def assert_in_order(paragraphs: list[str], expected: list[str]) -> None:
    text = "\n".join(paragraphs)
    pos = 0
    for piece in expected:
        found = text.find(piece, pos)
        assert found >= 0, f"{piece!r} missing or out of order (after position {pos})"
        pos = found + len(piece)


def expected_rows(plan, parts):
    """One (item starts, focus starts) pair per body row, from the selection."""
    out = []
    for _item, focuses in parts:
        first_item = True
        for group in focus_groups(focuses) or [[]]:
            methods = [m for _, ms in group for m in ms] or [None]
            for k, _m in enumerate(methods):
                out.append((first_item, k == 0))
                first_item = False
    return out


def expected_texts(ws, plan, parts, fields):
    """Every text of the table in document order."""
    labels = plan.numbering()
    out = []
    for item, focuses in parts:
        out.append(labels[item.id] + item.title)
        out += item.body.splitlines()
        for group in focus_groups(focuses):
            for focus, _ in group:
                out.append(labels[focus.id] + focus.title)
                out += focus.body.splitlines()
            for _, methods in group:
                for m in methods:
                    for field in fields:
                        if field == "method":
                            out.append(labels[m.id] + m.title)
                            out += [line for line in m.body.splitlines() if line]
                        elif field == "units":
                            out += ws.unit_names(m.units)
                        elif field == "months" and m.months:
                            out.append("、".join(f"{x}月" for x in m.months))
                        elif field == "note" and m.note:
                            out.append(m.note)
    return [t for t in out if t]


def check_table(path: Path, ws, plan, scope: Scope | None = None):
    """Check header, grid, merges of every 要項/重點, row count and all table text in order; return the rows."""
    parts = select(plan, scope)
    fields = [f for c in plan.layout.columns for f in c.fields]
    tbl = the_table(path)
    rows = grid_rows(tbl)
    header = rows[0]
    assert [c["text"] for c in header.values()] == plan.layout.headers
    assert [c["span"] for c in header.values()] == [len(c.fields) for c in plan.layout.columns]
    assert len(grid_widths(tbl)) == len(fields)
    header_tr = tbl.findall(w("tr"))[0]
    assert header_tr.find(w("trPr")).find(w("tblHeader")) is not None
    assert all(tr.find(w("trPr")).find(w("tblHeader")) is None for tr in tbl.findall(w("tr"))[1:])
    expected = expected_rows(plan, parts)
    assert len(rows) == 1 + len(expected)
    item_col, focus_col = fields.index("item"), fields.index("focus")
    for row, (item_start, focus_start) in zip(rows[1:], expected):
        assert row[item_col]["merge"] == ("restart" if item_start else "continue")
        assert row[focus_col]["merge"] == ("restart" if focus_start else "continue")
        if not item_start:
            assert row[item_col]["text"] == ""
        for col, cell in row.items():
            if col not in (item_col, focus_col):
                assert cell["merge"] is None
    table_paragraphs = [para_text(p).replace("、\n", "、") for p in tbl.iter(w("p"))]  # months break after 、
    assert_in_order(table_paragraphs, expected_texts(ws, plan, parts, fields))
    return rows


@pytest.fixture
def small(ws):
    return add_plan_from_data(ws, SMALL)


@pytest.fixture
def demo_plan(demo_ws):
    return demo_ws.plan(115)


# ---------------------------------------------------------------- the document


def test_demo_table_structure(demo_ws, demo_plan, tmp_path):
    out = export_docx(demo_ws, demo_plan, tmp_path / "計畫.docx")
    assert out == tmp_path / "計畫.docx"
    rows = check_table(out, demo_ws, demo_plan)
    assert len(rows) == 1 + 50
    assert [c["span"] for c in rows[0].values()] == [1, 2, 1]
    assert rows[0][1]["width"] == sum(grid_widths(the_table(out))[1:3])
    assert sum(grid_widths(the_table(out))) == A4_W - 2 * 1134
    tbl = the_table(out)
    assert tbl.find(w("tblPr")).find(w("tblLayout")).get(w("type")) == "fixed"
    borders = tbl.find(w("tblPr")).find(w("tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.find(w(side))
        assert el.get(w("val")) == "single" and 4 <= int(el.get(w("sz"))) <= 6
    # the first 要項 of the demo is unnumbered; the second prints 一、 with its first 重點 and method
    assert rows[1][0]["text"] == "訂定「提升服務計畫」"
    assert rows[2][0]["text"].startswith("一、完備基礎服務項目")
    assert rows[2][1]["text"].startswith("(一)建立業務標準作業流程")
    assert rows[2][2]["text"].startswith("1.")
    # an untitled method prints its number and the first line of its body
    untitled = next(m for m in demo_plan.methods() if not m.title)
    assert any(r[2]["text"].startswith(demo_plan.label(untitled) + untitled.body[:10]) for r in rows[1:])


def test_streamed_export_is_the_built_document(demo_ws, demo_plan, tmp_path):
    """export_docx writes the body straight into the package: the same parts as build_document().save()."""
    out = export_docx(demo_ws, demo_plan, tmp_path / "streamed.docx")
    build_document(demo_ws, demo_plan).save(str(tmp_path / "built.docx"))
    with zipfile.ZipFile(out) as streamed, zipfile.ZipFile(tmp_path / "built.docx") as built:
        assert streamed.namelist() == built.namelist()
        assert streamed.testzip() is None
        assert {i.compress_type for i in streamed.infolist()} == {zipfile.ZIP_DEFLATED}
        assert streamed.getinfo("word/document.xml").compress_size < streamed.getinfo("word/document.xml").file_size / 4
        for name in built.namelist():
            if name == "docProps/core.xml":  # holds the time of writing
                continue
            assert etree.tostring(etree.fromstring(streamed.read(name)), method="c14n") == etree.tostring(
                etree.fromstring(built.read(name)), method="c14n"
            ), name
    body = part(out, "word/document.xml").find(w("body"))
    assert [el.tag for el in body][-2:] == [w("p"), w("sectPr")]
    assert len(body.findall(w("tbl"))) == 1
    assert len(Document(str(out)).tables[0].rows) == 1 + 50


def test_demo_text_in_order(demo_ws, demo_plan, tmp_path):
    out = export_docx(demo_ws, demo_plan, tmp_path / "計畫.docx")
    paragraphs = body_paragraphs(out)
    assert paragraphs[0] == DEMO_TITLE
    assert paragraphs[1] == demo_plan.issued
    expected = [DEMO_TITLE, demo_plan.issued]
    for section in demo_plan.sections:
        expected.append(demo_plan.section_label(section) + section.heading)
        expected += [line for line in section.text.splitlines() if line]
        if "計畫內容" in section.heading:
            expected.append("工作要項")
            expected += expected_texts(demo_ws, demo_plan, select(demo_plan), ["item", "focus", "method", "units"])
    assert_in_order(paragraphs, expected)
    # the 計畫內容 table sits between 肆、計畫內容 and 伍、考核與獎勵
    body = part(out, "word/document.xml").find(w("body"))
    blocks = [(el.tag, para_text(el) if el.tag == w("p") else "") for el in body]
    at = blocks.index((w("p"), "肆、計畫內容"))
    assert blocks[at + 1][0] == w("tbl")
    assert blocks[at + 2] == (w("p"), "伍、考核與獎勵")


def test_section_lists_hang(small, ws, tmp_path):
    out = export_docx(ws, small, tmp_path / "small.docx")
    body = part(out, "word/document.xml").find(w("body"))
    indents = {}
    for p in body.findall(w("p")):
        ind = p.find(w("pPr")).find(w("ind"))
        if ind is not None:
            indents[para_text(p)] = (int(ind.get(w("left"))), int(ind.get(w("hanging"))))
    one, sub = indents["一、依據甲計畫。"], indents["(一)細目一。"]
    assert one[1] > 0 and sub[1] > 0
    assert sub[0] - sub[1] == one[0]  # (一) starts where the text of 二、 starts
    assert indents["二、依據乙計畫："] == one
    assert outline_line("  (二)細目二。") == (2, "(二)", "細目二。")
    assert outline_line("1.5倍的服務")[0] == 0
    assert outline_line("A.甲案") == (5, "A.", "甲案")
    assert outline_line("(A)乙案") == (6, "(A)", "乙案")


def test_small_plan_merges_and_shared_focus_cell(small, ws, tmp_path):
    out = export_docx(ws, small, tmp_path / "small.docx")
    rows = check_table(out, ws, small)
    assert len(rows) == 1 + 6
    texts = [[r[c]["text"] for c in sorted(r)] for r in rows[1:]]
    assert texts[0][:3] == ["訂定計畫", "訂定年度計畫", "1.依市府計畫訂定本所計畫。"]
    assert texts[1][0] == "一、完備基礎服務\n要項的說明文字"
    assert texts[1][1] == "(一)建立標準流程\n重點的說明文字"
    assert texts[1][2] == "1.訂立SOP\n說明第一行\n1.細項甲\n2.細項乙"
    assert texts[1][3] == "行政課\n教務課"
    # (二) has merge_next: it shares one cell with (三) over (三)'s methods
    assert texts[3][1] == "(二)合宜環境\n(三)網站便利"
    assert texts[3][2].startswith("1.網站檢測") and texts[4][2].startswith("2.無障礙")
    assert rows[5][1]["merge"] == "continue"
    assert texts[5][2] == "1.滿意度調查\n年度調查 & <比較>。"
    assert the_table(out).findall(w("tr"))[1].find(w("trPr")).find(w("cantSplit")) is not None


def test_fonts_on_every_run_and_styles(small, ws, tmp_path):
    out = export_docx(ws, small, tmp_path / "small.docx")
    names = ["word/document.xml", *footer_names(out)]
    assert footer_names(out)
    runs = 0
    for name in names:
        for r in part(out, name).iter(w("r")):
            fonts = r.find(w("rPr")).find(w("rFonts"))
            assert fonts.get(w("eastAsia")) == CJK
            assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == fonts.get(w("cs")) == LATIN
            runs += 1
    assert runs > 50
    styles = part(out, "word/styles.xml")
    for fonts in styles.iter(w("rFonts")):
        assert not [a for a in fonts.attrib if "theme" in a.lower()], fonts.attrib
        assert fonts.get(w("eastAsia")) == CJK and fonts.get(w("ascii")) == LATIN
    defaults = styles.find(w("docDefaults")).find(w("rPrDefault")).find(w("rPr"))
    assert defaults.find(w("rFonts")).get(w("eastAsia")) == CJK
    assert defaults.find(w("lang")).get(w("eastAsia")) == "zh-TW"
    with zipfile.ZipFile(out) as z:
        assert b"Theme=" not in z.read("word/styles.xml")
        assert "word/stylesWithEffects.xml" not in z.namelist()
    doc = Document(str(out))
    used = {p.style.name for p in doc.paragraphs} | {"Normal"}
    for name in used:
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == CJK, name
    assert 18 <= size_of(doc.styles["計畫標題"]) <= 20
    assert size_of(doc.styles["計畫內文"]) == 12
    assert size_of(doc.styles["計畫表格內文"]) in (11, 12)
    assert doc.paragraphs[0].style.font.bold
    assert doc.paragraphs[0].alignment is None or doc.paragraphs[0].style.paragraph_format.alignment == 1


def test_footer_page_fields(small, ws, tmp_path):
    out = export_docx(ws, small, tmp_path / "small.docx")
    footer = part(out, footer_names(out)[0])
    instr = [t.text.strip() for t in footer.iter(w("instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]
    kinds = [f.get(w("fldCharType")) for f in footer.iter(w("fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    p = footer.find(w("p"))
    assert p.find(w("pPr")).find(w("jc")).get(w("val")) == "center"
    assert para_text(p) == "第 1 頁，共 1 頁"


def test_page_size_and_orientation(small, ws, tmp_path):
    out = export_docx(ws, small, tmp_path / "portrait.docx")
    section = Document(str(out)).sections[0]
    assert (section.page_width, section.page_height) == (Twips(A4_W), Twips(A4_H))
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.left_margin.cm - 2.0) < 0.05 and abs(section.top_margin.cm - 2.0) < 0.05
    set_layout(ws, small, preset("implementation"))
    assert small.layout.landscape
    out = export_docx(ws, small, tmp_path / "landscape.docx")
    section = Document(str(out)).sections[0]
    assert (section.page_width, section.page_height) == (Twips(A4_H), Twips(A4_W))
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert sum(grid_widths(the_table(out))) == A4_H - 2 * 1134
    check_table(out, ws, small)


def test_core_properties(demo_ws, demo_plan, tmp_path):
    out = export_docx(demo_ws, demo_plan, tmp_path / "計畫.docx")
    props = Document(str(out)).core_properties
    assert props.title == DEMO_TITLE
    assert props.author == "星河市立圖書館"
    assert props.language == "zh-TW"
    now = datetime.now(UTC).replace(tzinfo=None)
    for stamp in (props.created, props.modified):
        assert abs(stamp.replace(tzinfo=None) - now) < timedelta(minutes=5)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            assert b"python-docx" not in z.read(name), name
        assert not [n for n in z.namelist() if "thumbnail" in n]


def test_long_title_breaks_after_agency(small, ws, tmp_path):
    set_plan_fields(ws, small, agency="高雄市政府勞工局博愛職業技能訓練中心附設職業訓練場")
    out = export_docx(ws, small, tmp_path / "long.docx")
    assert body_paragraphs(out)[0] == "高雄市政府勞工局博愛職業技能訓練中心附設職業訓練場\n114年度提升服務工作計畫"
    assert (
        Document(str(out)).core_properties.title
        == "高雄市政府勞工局博愛職業技能訓練中心附設職業訓練場114年度提升服務工作計畫"
    )


def test_table_after_sections_without_content_section(ws, tmp_path):
    data = dict(SMALL, sections=[{"heading": "計畫依據", "text": "依據。"}])
    plan = add_plan_from_data(ws, data)
    out = export_docx(ws, plan, tmp_path / "x.docx")
    body = part(out, "word/document.xml").find(w("body"))
    tags = [el.tag for el in body]
    assert tags.index(w("tbl")) > max(i for i, el in enumerate(body) if para_text(el) == "依據。")
    check_table(out, ws, plan)


def test_empty_new_plan(ws, tmp_path):
    from planner.plans import create_plan

    plan = create_plan(ws, 113)
    out = export_docx(ws, plan, tmp_path / "empty.docx")
    rows = grid_rows(the_table(out))
    assert len(rows) == 1 and [c["text"] for c in rows[0].values()] == plan.layout.headers
    assert body_paragraphs(out)[0] == "測試區公所113年度提升服務工作計畫"


def test_odd_characters_survive(ws, tmp_path):
    data = dict(SMALL)
    data["items"] = [
        {
            "title": "要項\t含<tab>",
            "focuses": [
                {"title": "重點", "methods": [{"title": "控制\x01字元", "body": "A&B\t表格", "units": ["行政課"]}]}
            ],
        }
    ]
    plan = add_plan_from_data(ws, data)
    out = export_docx(ws, plan, tmp_path / "odd.docx")
    rows = grid_rows(the_table(out))
    assert rows[1][0]["text"] == "一、要項\t含<tab>"
    assert rows[1][2]["text"] == "1.控制字元\nA&B\t表格"


# ---------------------------------------------------------------- layouts


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_exports(small, ws, tmp_path, key):
    set_layout(ws, small, preset(key))
    out = export_docx(ws, small, tmp_path / f"{key}.docx")
    rows = check_table(out, ws, small)
    fields = [f for c in small.layout.columns for f in c.fields]
    tbl = the_table(out)
    widths = grid_widths(tbl)
    assert len(widths) == len(fields) and min(widths) > 900
    page = A4_H if small.layout.landscape else A4_W
    assert sum(widths) == page - 2 * 1134
    for col, cell in rows[1].items():
        assert cell["width"] == sum(widths[col : col + cell["span"]])
    assert Document(str(out)).sections[0].orientation == (
        WD_ORIENT.LANDSCAPE if small.layout.landscape else WD_ORIENT.PORTRAIT
    )
    if "months" in fields:
        assert "6月、\n12月" in [c["text"] for c in rows[2].values()]  # a 2 cm column: a line per month
    if "note" in fields:
        assert "新增項目" in [c["text"] for c in rows[2].values()]


def test_custom_layout_exports(small, ws, tmp_path):
    layout = custom_layout(
        [("項目", ["item", "focus"]), ("作法", ["method"]), ("單位與期限", ["units", "months"]), ("附註", ["note"])],
        landscape=True,
    )
    set_layout(ws, small, layout)
    out = export_docx(ws, small, tmp_path / "custom.docx")
    rows = check_table(out, ws, small)
    assert [c["span"] for c in rows[0].values()] == [2, 1, 2, 1]
    assert len(grid_widths(the_table(out))) == 6
    assert [c["text"] for c in rows[0].values()] == ["項目", "作法", "單位與期限", "附註"]


# ---------------------------------------------------------------- scope


def test_select_unit_keeps_numbering_and_shared_cells(small, ws):
    scope = scope_for(ws, small, unit="輔導課")
    parts = select(small, scope)
    labels = small.numbering()
    shown = [
        (labels[i.id], [(labels[f.id] + f.title, [labels[m.id] + m.title for m in ms]) for f, ms in fs])
        for i, fs in parts
    ]
    assert shown == [
        ("一、", [("(二)合宜環境", []), ("(三)網站便利", ["1.網站檢測", "2.無障礙"])]),  # 無障礙 belongs to 各課室
        ("二、", [("(一)意見蒐集", ["1.滿意度調查"])]),
    ]
    assert scope_for(ws, small, unit="行政課").shared_unit_ids
    only = select(small, scope_for(ws, small, item=2))
    assert [labels[i.id] for i, _ in only] == ["二、"]
    assert len(select(small)) == 3


def test_unit_part_document(demo_ws, demo_plan, tmp_path):
    scope = scope_for(demo_ws, demo_plan, unit="推廣課")
    out = export_docx(demo_ws, demo_plan, tmp_path / "推廣課.docx", scope)
    rows = check_table(out, demo_ws, demo_plan, scope)
    unit = demo_ws.unit_by_name("推廣課")
    mine = [m for m in demo_plan.methods() if unit.id in m.units]
    assert len(rows) == 1 + len(mine)
    labels = demo_plan.numbering()
    method_col = 2
    for row, method in zip(rows[1:], mine):
        assert row[method_col]["text"].startswith(labels[method.id] + method.title)
        assert "推廣課" in row[3]["text"]
    assert any(labels[m.id] != "1." for m in mine)  # numbering is the full plan's, not renumbered
    paragraphs = body_paragraphs(out)
    assert paragraphs[0] == DEMO_TITLE
    assert "（業務單位：推廣課）" in paragraphs
    assert "肆、計畫內容" in paragraphs and "壹、計畫依據" not in paragraphs
    assert Document(str(out)).core_properties.title == DEMO_TITLE


def test_item_part_document(demo_ws, demo_plan, tmp_path):
    scope = scope_for(demo_ws, demo_plan, item=3)
    out = export_docx(demo_ws, demo_plan, tmp_path / "三.docx", scope)
    rows = check_table(out, demo_ws, demo_plan, scope)
    item = [i for i in demo_plan.items if i.numbered][2]
    assert len(rows) == 1 + len(item.methods())
    assert rows[1][0]["text"].startswith("三、" + item.title)
    assert all(r[0]["merge"] == "continue" for r in rows[2:])


def test_scope_errors(demo_ws, demo_plan, tmp_path, ws, small):
    with pytest.raises(BadInput, match="沒有名為「不存在課」的單位"):
        scope_for(demo_ws, demo_plan, unit="不存在課")
    with pytest.raises(BadInput, match="沒有第 9 個要項"):
        scope_for(demo_ws, demo_plan, item=9)
    with pytest.raises(BadInput, match="沒有第 0 個要項"):
        select(demo_plan, Scope(item_index=0))
    # a unit without methods in the plan: nothing to export, no file written
    with pytest.raises(BadInput, match="沒有相關的工作方法"):
        export_docx(ws, small, tmp_path / "none.docx", Scope(unit_id=ws.unit_by_name("各課室").id, item_index=2))
    assert not (tmp_path / "none.docx").exists()


# ---------------------------------------------------------------- saving


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


def test_missing_folder(small, ws, tmp_path):
    with pytest.raises(BadInput, match="資料夾不存在"):
        export_docx(ws, small, tmp_path / "沒有這個資料夾" / "x.docx")
    assert not (tmp_path / "沒有這個資料夾").exists()


def test_parent_is_a_file(small, ws, tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(BadInput, match="不是資料夾"):
        export_docx(ws, small, tmp_path / "a.txt" / "x.docx")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="chmod does not stop root from writing")
def test_folder_not_writable(small, ws, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(BadInput, match="沒有權限"):
            export_docx(ws, small, locked / "x.docx")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_folder_refusing_writes(small, ws, tmp_path, monkeypatch):
    """What a read-only folder does for a normal user, simulated so that it also runs as root."""
    folder = tmp_path / "out"
    folder.mkdir()
    real_open = os.open

    def refuse(path, flags, mode=0o777):
        if Path(path).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(BadInput, match="沒有權限寫入資料夾"):
        export_docx(ws, small, folder / "x.docx")
    assert list(folder.iterdir()) == []


def test_target_is_a_directory(small, ws, tmp_path):
    (tmp_path / "out.docx").mkdir()
    with pytest.raises(BadInput, match="是資料夾"):
        export_docx(ws, small, tmp_path / "out.docx")
    assert list((tmp_path / "out.docx").iterdir()) == []
    assert leftovers(tmp_path) == []


def test_suffix_added_and_wrong_suffix(small, ws, tmp_path):
    assert export_docx(ws, small, tmp_path / "計畫") == tmp_path / "計畫.docx"
    with pytest.raises(BadInput, match=r"\.docx"):
        export_docx(ws, small, tmp_path / "計畫.doc")


def test_locked_target_leaves_old_file_and_no_temp(small, ws, tmp_path, monkeypatch):
    target = tmp_path / "x.docx"
    target.write_bytes(b"old")

    def held_open(src, dst):
        raise PermissionError(errno.EACCES, "in use")

    monkeypatch.setattr(os, "replace", held_open)
    with pytest.raises(BadInput, match="正由其他程式（例如 Word）開啟"):
        export_docx(ws, small, target)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_failed_write_leaves_nothing(tmp_path):
    def disk_full(stream):
        stream.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(BadInput, match="磁碟空間不足"):
        atomic_write(tmp_path / "x.docx", ".docx", disk_full)
    assert list(tmp_path.iterdir()) == []

    def bug(stream):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "x.docx", ".docx", bug)
    assert list(tmp_path.iterdir()) == []


def test_overwrite_keeps_one_file(small, ws, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "x.docx"
    target.write_bytes(b"old")
    export_docx(ws, small, target)
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in folder.iterdir()) == ["x.docx"]


def test_page_starts_split_tables_and_label_continuations(demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    out = export_docx(demo_ws, plan, tmp_path / "分頁.docx", page_starts={3, 10, 0, 999})  # 0 and 999: ignored
    body = Document(str(out)).element.body
    tables = body.findall(qn("w:tbl"))
    assert len(tables) == 3
    labels = plan.numbering()
    rows_seen = []
    for n, tbl in enumerate(tables):
        rows = tbl.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # the header repeats
        first_p = rows[0].find(qn("w:tc")).find(qn("w:p"))
        assert (first_p.find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None) == (n > 0)
        nxt = tbl.getnext()
        if n < 2:  # a tiny paragraph keeps the tables apart
            assert nxt.tag == qn("w:p") and not "".join(nxt.itertext())
        rows_seen.append(len(rows) - 1)
    assert rows_seen[:2] == [3, 7]
    item = next(n for n in plan.items if labels[n.id] == "一、")
    for tbl in tables[1:]:
        first_row = tbl.findall(qn("w:tr"))[1]
        cell = first_row.find(qn("w:tc"))
        assert cell.find(qn("w:tcPr")).find(qn("w:vMerge")).get(qn("w:val")) == "restart"
        assert "".join(t.text for t in cell.iter(qn("w:t"))) == labels[item.id] + item.title.strip() + "（續）"
    # without page starts: one table, no breaks
    plain = Document(str(export_docx(demo_ws, plan, tmp_path / "一表.docx"))).element.body
    assert len(plain.findall(qn("w:tbl"))) == 1 and not plain.findall(".//" + qn("w:pageBreakBefore"))

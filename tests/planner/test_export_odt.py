"""ODF text export: read the .odt back (XML) and check the document, table, styles, page and meta."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest

from planner.build import add_plan_from_data
from planner.cli import main
from planner.errors import BadInput
from planner.export.docx import export_docx
from planner.export.odt import CONTINUED, content_xml, export_odt, write_odt
from planner.export.scope import Scope, scope_for, select
from planner.layouts import PRESETS, preset
from planner.plans import set_layout
from tests.planner.odf_read import cell_text, grid_of, q, read_package, resolved_props, styles_by_name, text_of
from tests.planner.test_export_docx import SMALL, assert_in_order, expected_rows, expected_texts

CJK, LATIN = "標楷體", "Times New Roman"
DEMO_TITLE = "星河市立圖書館115年度提升服務工作計畫"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture
def demo_plan(demo_ws):
    return demo_ws.plan(115)


@pytest.fixture
def small(ws):
    return add_plan_from_data(ws, SMALL)


def tables(pkg):
    return list(pkg.content.iter(q("table:table")))


def body_texts(pkg) -> list[str]:
    return [text_of(p) for p in pkg.content.find(q("office:body")).iter(q("text:p"))]


def check_table(pkg, ws, plan, scope: Scope | None = None):
    """Header row (repeated, spans), merges of every 要項/重點, row count and the table text in order."""
    parts = select(plan, scope)
    fields = [f for c in plan.layout.columns for f in c.fields]
    [table] = tables(pkg)
    grid = grid_of(table)
    assert grid.header_rows == 1
    header = [(c, grid.text(1, c)) for c in range(1, len(fields) + 1) if (1, c) in grid.cells]
    assert [t for _, t in header] == plan.layout.headers
    assert [grid.spans.get((1, c), (1, 1))[1] for c, _ in header] == [len(c.fields) for c in plan.layout.columns]
    assert len(table.findall(q("table:table-column"))) == len(fields)
    expected = expected_rows(plan, parts)
    assert grid.rows == 1 + len(expected)
    item_col, focus_col = fields.index("item") + 1, fields.index("focus") + 1
    for col, which in ((item_col, 0), (focus_col, 1)):
        starts = [r for r, flags in enumerate(expected, start=2) if flags[which]] + [grid.rows + 1]
        for first, nxt in pairwise(starts):
            assert (first, col) in grid.cells
            assert grid.spans.get((first, col), (1, 1)) == (nxt - first, 1)
            assert all((r, col) in grid.covered for r in range(first + 1, nxt))
    for r in range(2, grid.rows + 1):
        assert all((r, c) in grid.cells for c in range(1, len(fields) + 1) if c not in (item_col, focus_col))
    # months are broken into lines after 、 only (never 「12」「月」)
    if "months" in fields:
        col = fields.index("months") + 1
        for r in range(2, grid.rows + 1):
            lines = grid.text(r, col).split("\n")
            assert all(line.endswith(("、", "月")) for line in lines if line), lines
    paragraphs = [cell_text(p).replace("、\n", "、") for p in table.iter(q("text:p"))]
    assert_in_order(paragraphs, expected_texts(ws, plan, parts, fields))
    return grid


# ---------------------------------------------------------------- the package


def test_package_parts(demo_ws, demo_plan, tmp_path):
    out = export_odt(demo_ws, demo_plan, tmp_path / "計畫.odt")
    assert out == tmp_path / "計畫.odt"
    pkg = read_package(out)
    assert pkg.names[0] == "mimetype" and pkg.infos[0].compress_type == zipfile.ZIP_STORED
    assert pkg.infos[0].extra == b""
    assert pkg.mimetype == "application/vnd.oasis.opendocument.text"
    listed = {e.get(q("manifest:full-path")) for e in pkg.manifest}
    assert listed == {"/", "content.xml", "styles.xml", "meta.xml"}
    assert set(pkg.names) == {"mimetype", "content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"}
    with zipfile.ZipFile(out) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert z.testzip() is None


def test_meta(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / "計畫.odt"))
    meta = pkg.meta.find(q("office:meta"))
    assert meta.findtext(q("dc:title")) == DEMO_TITLE
    agency = demo_plan.agency or demo_ws.agency
    assert meta.findtext(q("meta:initial-creator")) == agency
    assert meta.findtext(q("dc:creator")) == agency
    assert meta.findtext(q("dc:language")) == "zh-TW"
    assert meta.findtext(q("meta:creation-date"))[:2] == "20"


# ---------------------------------------------------------------- content


def test_demo_table_structure(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / "計畫.odt"))
    grid = check_table(pkg, demo_ws, demo_plan)
    assert grid.rows == 1 + 50
    assert grid.text(2, 1) == "訂定「提升服務計畫」"
    assert grid.text(3, 1).startswith("一、完備基礎服務項目")
    assert grid.text(3, 2).startswith("(一)建立業務標準作業流程")


def test_every_method_in_order(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / "計畫.odt"))
    grid = grid_of(tables(pkg)[0])
    labels = demo_plan.numbering()
    shown = [grid.text(r, 3) for r in range(2, grid.rows + 1)]
    methods = demo_plan.methods()
    assert len(shown) == len(methods)
    for text, method in zip(shown, methods):
        head = labels[method.id] + (method.title or method.body.splitlines()[0].lstrip(" \u3000"))
        assert text.startswith(head)
        for line in method.body.splitlines()[1 if not method.title else 0 :]:
            assert line.strip().lstrip("\u3000") in text


def test_sections_in_order_around_the_table(demo_ws, demo_plan, tmp_path):
    pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / "計畫.odt"))
    texts = body_texts(pkg)
    assert texts[0] == DEMO_TITLE
    assert texts[1] == demo_plan.issued
    expected = []
    for section in demo_plan.sections:
        expected.append(demo_plan.section_label(section) + section.heading)
        expected += [line.strip() for line in section.text.splitlines() if line.strip()]
    assert_in_order(texts, expected)
    office_text = pkg.content.find(q("office:body")).find(q("office:text"))
    blocks = [(el.tag, text_of(el) if el.tag == q("text:p") else "") for el in office_text]
    at = blocks.index((q("text:p"), "肆、計畫內容"))
    assert blocks[at + 1][0] == q("table:table")
    assert blocks[at + 2] == (q("text:p"), "伍、考核與獎勵")
    headings = [el for el in office_text if el.get(q("text:style-name"), "").startswith(("PlanHeading", "P"))]
    assert headings


def test_small_plan_merges_shared_focus_and_escaping(small, ws, tmp_path):
    pkg = read_package(export_odt(ws, small, tmp_path / "小.odt"))
    grid = check_table(pkg, ws, small)
    assert grid.rows == 1 + 6
    texts = [[grid.text(r, c) for c in range(1, 5)] for r in range(2, grid.rows + 1)]
    assert texts[0][:3] == ["訂定計畫", "訂定年度計畫", "1.依市府計畫訂定本所計畫。"]
    assert texts[1][0] == "一、完備基礎服務\n要項的說明文字"
    assert texts[1][1] == "(一)建立標準流程\n重點的說明文字"
    assert texts[1][2] == "1.訂立SOP\n說明第一行\n1.細項甲\n2.細項乙"
    assert texts[1][3] == "行政課\n教務課"
    # (二) has merge_next: it shares one cell with (三) over (三)'s methods
    assert texts[3][1] == "(二)合宜環境\n(三)網站便利"
    assert grid.spans[(5, 2)] == (2, 1)
    assert texts[5][2] == "1.滿意度調查\n年度調查 & <比較>。"
    rows = [r for r in tables(pkg)[0].iter(q("table:table-row"))]
    assert rows[1].get(q("table:style-name")) == "PlanRowKeep"


def test_section_lists_hang(small, ws, tmp_path):
    pkg = read_package(export_odt(ws, small, tmp_path / "小.odt"))
    styles = styles_by_name(pkg.content, pkg.styles)
    paras = {text_of(p): p for p in pkg.content.iter(q("text:p"))}
    top = resolved_props(styles, paras["一、依據甲計畫。"].get(q("text:style-name")), "style:paragraph-properties")
    sub = resolved_props(styles, paras["(一)細目一。"].get(q("text:style-name")), "style:paragraph-properties")
    assert float(top[q("fo:text-indent")].removesuffix("pt")) < 0
    assert float(sub[q("fo:margin-left")].removesuffix("pt")) > float(top[q("fo:margin-left")].removesuffix("pt"))


def test_fonts_language_and_named_styles(small, ws, tmp_path):
    pkg = read_package(export_odt(ws, small, tmp_path / "小.odt"))
    faces = {f.get(q("style:name")) for f in pkg.styles.iter(q("style:font-face"))}
    assert {CJK, LATIN} <= faces
    styles = styles_by_name(pkg.content, pkg.styles)
    named = {s.get(q("style:name")): s for s in pkg.styles.find(q("office:styles")).iter(q("style:style"))}
    for name in ("PlanTitle", "PlanHeading", "PlanText", "PlanCell", "PlanCellHeader", "PlanCellCenter", "PlanFooter"):
        assert named[name].get(q("style:display-name"))
    used = {p.get(q("text:style-name")) for p in pkg.content.iter(q("text:p"))}
    for name in used:
        props = resolved_props(styles, name, "style:text-properties")
        assert props[q("style:font-name-asian")] == CJK, name
        assert props[q("style:font-name")] == LATIN, name
        assert props[q("style:font-name-complex")] == LATIN, name
        assert (props[q("style:language-asian")], props[q("style:country-asian")]) == ("zh", "TW")
    title = resolved_props(styles, "PlanTitle", "style:text-properties")
    assert title[q("fo:font-size")] == "20pt" and title[q("fo:font-weight")] == "bold"
    assert resolved_props(styles, "PlanCell", "style:text-properties")[q("style:font-size-asian")] == "12pt"


def test_footer_page_fields(small, ws, tmp_path):
    pkg = read_package(export_odt(ws, small, tmp_path / "小.odt"))
    [master] = pkg.styles.iter(q("style:master-page"))
    footer = master.find(q("style:footer")).find(q("text:p"))
    assert footer.find(q("text:page-number")) is not None
    assert footer.find(q("text:page-number")).get(q("text:select-page")) == "current"
    assert footer.find(q("text:page-count")) is not None
    assert text_of(footer) == "第 1 頁，共 1 頁"


def page_props(pkg) -> dict[str, str]:
    [master] = pkg.styles.iter(q("style:master-page"))
    layout = next(
        p
        for p in pkg.styles.iter(q("style:page-layout"))
        if p.get(q("style:name")) == master.get(q("style:page-layout-name"))
    )
    return dict(layout.find(q("style:page-layout-properties")).attrib)


def test_page_size_and_orientation(small, ws, tmp_path):
    portrait = page_props(read_package(export_odt(ws, small, tmp_path / "直.odt")))
    assert (portrait[q("fo:page-width")], portrait[q("fo:page-height")]) == ("595.30pt", "841.90pt")
    assert portrait[q("style:print-orientation")] == "portrait"
    assert portrait[q("fo:margin-left")] == portrait[q("fo:margin-right")] == "56.70pt"  # 2 cm
    set_layout(ws, small, preset("full"))
    pkg = read_package(export_odt(ws, small, tmp_path / "橫.odt"))
    landscape = page_props(pkg)
    assert (landscape[q("fo:page-width")], landscape[q("fo:page-height")]) == ("841.90pt", "595.30pt")
    assert landscape[q("style:print-orientation")] == "landscape"
    check_table(pkg, ws, small)


def test_column_widths_match_the_word_table(demo_ws, demo_plan, tmp_path):
    from lxml import etree

    for key in ("kaohsiung", "full"):
        set_layout(demo_ws, demo_plan, preset(key))
        pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / f"{key}.odt"))
        styles = styles_by_name(pkg.content)
        odt = [
            float(
                resolved_props(styles, c.get(q("table:style-name")), "style:table-column-properties")[
                    q("style:column-width")
                ].removesuffix("pt")
            )
            for c in tables(pkg)[0].findall(q("table:table-column"))
        ]
        docx = export_docx(demo_ws, demo_plan, tmp_path / f"{key}.docx")
        with zipfile.ZipFile(docx) as z:
            doc = etree.fromstring(z.read("word/document.xml"))
        grid = [int(g.get(f"{{{W_NS}}}w")) / 20 for g in doc.iter(f"{{{W_NS}}}gridCol")]
        assert odt == pytest.approx(grid, abs=0.01)


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_exports(small, ws, tmp_path, key):
    set_layout(ws, small, preset(key))
    pkg = read_package(export_odt(ws, small, tmp_path / f"{key}.odt"))
    check_table(pkg, ws, small)


# ---------------------------------------------------------------- scopes and errors


def test_unit_scope(demo_ws, demo_plan, tmp_path):
    scope = scope_for(demo_ws, demo_plan, unit="推廣課")
    pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / "推廣課.odt", scope))
    grid = check_table(pkg, demo_ws, demo_plan, scope)
    unit = demo_ws.unit_by_name("推廣課")
    mine = [m for m in demo_plan.methods() if unit.id in m.units]
    assert grid.rows == 1 + len(mine)
    texts = body_texts(pkg)
    assert "（業務單位：推廣課）" in texts and "肆、計畫內容" in texts and "壹、計畫依據" not in texts
    meta = pkg.meta.find(q("office:meta"))
    assert meta.findtext(q("dc:subject")) == "業務單位：推廣課"


def test_item_scope(demo_ws, demo_plan, tmp_path):
    scope = scope_for(demo_ws, demo_plan, item=3)
    pkg = read_package(export_odt(demo_ws, demo_plan, tmp_path / "三.odt", scope))
    grid = check_table(pkg, demo_ws, demo_plan, scope)
    item = [i for i in demo_plan.items if i.numbered][2]
    assert grid.rows == 1 + len(item.methods())
    assert grid.spans[(2, 1)] == (len(item.methods()), 1)


def test_bad_targets_and_empty_scope(ws, small, tmp_path):
    with pytest.raises(BadInput, match="沒有相關的工作方法"):
        export_odt(ws, small, tmp_path / "none.odt", Scope(unit_id=ws.unit_by_name("各課室").id, item_index=2))
    assert not (tmp_path / "none.odt").exists()
    with pytest.raises(BadInput, match="副檔名"):
        export_odt(ws, small, tmp_path / "x.docx")
    with pytest.raises(BadInput, match="資料夾不存在"):
        export_odt(ws, small, tmp_path / "沒有" / "x.odt")
    assert export_odt(ws, small, tmp_path / "無副檔名") == tmp_path / "無副檔名.odt"
    assert list(tmp_path.glob(".*.tmp")) == []


def test_odd_characters(ws, tmp_path):
    data = {
        "year": 114,
        "title": "計畫 \x01<&>",
        "sections": [{"heading": "計畫內容", "text": ""}],
        "items": [
            {"title": "要項", "focuses": [{"title": "重點", "methods": [{"title": "a  b\tc", "body": "x\x01y"}]}]}
        ],
    }
    plan = add_plan_from_data(ws, data)
    pkg = read_package(export_odt(ws, plan, tmp_path / "怪.odt"))
    texts = body_texts(pkg)
    assert any(t.endswith("計畫 <&>") for t in texts)
    assert any("a  b\tc" in t for t in texts)
    assert any("xy" in t for t in texts)


# ---------------------------------------------------------------- explicit page starts


def test_page_starts_split_tables_and_label_continuations(demo_ws, demo_plan, tmp_path):
    stream = io.BytesIO()
    write_odt(demo_ws, demo_plan, stream)  # the default: one table
    with zipfile.ZipFile(stream) as z:
        assert z.read("content.xml").count(b"<table:table ") == 1
    assert "（續）" not in content_xml(demo_ws, demo_plan)
    out = export_odt(demo_ws, demo_plan, tmp_path / "分頁.odt", page_starts={3, 10, 0, 999})  # 0 and 999: ignored
    root = read_package(out).content
    found = list(root.iter(q("table:table")))
    assert len(found) == 3
    assert len({t.get(q("table:name")) for t in found}) == 3
    styles = styles_by_name(root)
    breaks = [
        resolved_props(styles, t.get(q("table:style-name")), "style:table-properties").get(q("fo:break-before"))
        for t in found
    ]
    assert breaks == [None, "page", "page"]
    grids = [grid_of(t) for t in found]
    assert all(g.header_rows == 1 for g in grids)
    assert [g.rows - 1 for g in grids] == [3, 7, 50 - 10]
    labels = demo_plan.numbering()
    # body row 3 (0-based) is the second row of 一、's block: its 要項 cell continues with （續）
    second = grids[1]
    item = demo_plan.items[1]
    assert second.text(2, 1) == labels[item.id] + item.title + CONTINUED
    assert second.spans.get((2, 1), (1, 1))[0] >= 1
    # no merged cell crosses a table
    for g in grids:
        for (r, _c), (rs, _cs) in g.spans.items():
            assert r + rs - 1 <= g.rows
    # every method still appears once, in order
    methods = [grid.text(r, 3) for grid in grids for r in range(2, grid.rows + 1)]
    assert [m.split("\n")[0][:4] for m in methods] == [
        (labels[m.id] + (m.title or m.body))[:4] for m in demo_plan.methods()
    ]


# ---------------------------------------------------------------- CLI


def test_cli_export_odt_and_ods(demo_ws, tmp_path, capsys):
    path = demo_ws.path
    demo_ws.close()
    for fmt in ("odt", "ods"):
        out = tmp_path / f"計畫.{fmt}"
        assert main(["export", str(path), "--year", "115", "--format", fmt, "-o", str(out)]) == 0
        assert read_package(out).mimetype.endswith("text" if fmt == "odt" else "spreadsheet")
    out = tmp_path / "推廣課.odt"
    assert main(["export", str(path), "--year", "115", "--format", "odt", "--unit", "推廣課", "-o", str(out)]) == 0
    assert "（業務單位：推廣課）" in body_texts(read_package(out))
    assert main(["export", str(path), "--year", "115", "--format", "odt", "--item", "9", "-o", str(out)]) == 2
    assert "沒有第 9 個要項" in capsys.readouterr().err


# ---------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_odt(demo_ws, demo_plan, tmp_path):
    from pypdf import PdfReader

    out = export_odt(demo_ws, demo_plan, tmp_path / "demo.odt")
    (tmp_path / "word").mkdir()
    word = export_docx(demo_ws, demo_plan, tmp_path / "word" / "demo.docx")
    fonts = Path(__file__).parents[1] / "fixtures" / "fonts.conf"
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}  # 標楷體 → AR PL UKai TW, as TECH-NOTES 29
    for source in (out, word):
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(source.parent),
                str(source),
            ],
            check=True,
            timeout=240,
            capture_output=True,
            env=env,
        )
    # LibreOffice lays the .odt out on as many pages as the Word file of the same plan
    assert len(PdfReader(tmp_path / "word" / "demo.pdf").pages) == len(PdfReader(tmp_path / "demo.pdf").pages)
    reader = PdfReader(tmp_path / "demo.pdf")
    kai = shutil.which("fc-list") and "UKai" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if kai:  # 標楷體 reached the Kai font through the alias (a fixed-pitch font face fell back to a Japanese Gothic)
        fonts_used = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
        assert any("UKai" in name for name in fonts_used), fonts_used
    pages = [p.extract_text() for p in reader.pages]
    assert 5 <= len(pages) <= 10
    squeezed = "".join(pages).replace("\n", "").replace(" ", "")
    assert DEMO_TITLE in squeezed
    for k, page in enumerate(pages, start=1):
        assert f"第{k}頁，共{len(pages)}頁" in page.replace(" ", "").replace("\n", "")
    labels = demo_plan.numbering()
    pos = 0
    for method in demo_plan.methods():
        head = (labels[method.id] + (method.title or method.body)).replace(" ", "")[:6]
        found = squeezed.find(head, pos)
        assert found >= 0, head
        pos = found
    assert sum(p.replace(" ", "").count("工作要項") for p in pages) >= len(pages) - 1  # the header repeats

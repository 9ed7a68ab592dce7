"""The 修正對照表 .odt, read back with lxml: columns, header rows, underlined spans, 說明, fonts, page, footer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from planner.cli import main
from planner.compare import compare_years
from planner.compare.table import set_note, write_revision_table
from planner.errors import BadInput
from tests.planner.compare_helpers import edited_copy
from tests.planner.odf_read import Grid, cell_text, grid_of, q, read_package, resolved_props, styles_by_name, text_of

TITLE = "測試區公所115年度提升服務工作計畫修正對照表"


def underlined(cell, styles) -> list[str]:
    """Return the texts of the cell's spans whose text style underlines."""
    out = []
    for span in cell.iter(q("text:span")):
        props = resolved_props(styles, span.get(q("text:style-name")), "style:text-properties")
        if props.get(q("style:text-underline-style"), "none") != "none":
            out.append(text_of(span))
    return out


def by_first_line(grid: Grid) -> dict[str, int]:
    """Return body row numbers by the first line of 修正規定 (or 現行規定 when there is no new text)."""
    return {(grid.text(r, 1).split("\n")[0] or grid.text(r, 2).split("\n")[0]): r for r in range(2, grid.rows + 1)}


def test_revision_table_odt_read_back(ws, tmp_path):
    edited_copy(ws)
    cmp = compare_years(ws, 114, 115)
    m1 = next(c for c in cmp.changed() if c.new and c.new.node.title.startswith("m1"))
    set_note(ws, cmp, m1.key, "配合線上申辦，修正方法名稱。")
    out = write_revision_table(ws, cmp, tmp_path / "修正對照表.odt")
    assert out.suffix == ".odt"
    pkg = read_package(out)
    assert pkg.mimetype == "application/vnd.oasis.opendocument.text"
    assert pkg.names[0] == "mimetype"
    text = pkg.content.find(f"{q('office:body')}/{q('office:text')}")
    first = text[0]
    assert first.tag == q("text:p") and text_of(first) == TITLE
    assert first.get(q("text:style-name")) == "PlanTitle"
    (table,) = text.iter(q("table:table"))
    assert len(table.findall(q("table:table-column"))) == 3
    grid = grid_of(table)
    assert grid.header_rows == 1
    assert [grid.text(1, c) for c in (1, 2, 3)] == ["修正規定", "現行規定", "說明"]
    assert all(len(row) == 3 for row in table.iter(q("table:table-row")))
    assert grid.rows - 1 == len(cmp.changed()) == 6
    styles = styles_by_name(pkg.content, pkg.styles)
    rows = by_first_line(grid)
    r = rows["一、(一)1.m1 建立線上申辦流程"]
    assert underlined(grid.cells[(r, 1)], styles) == [" 建立線上申辦流程"]
    assert grid.text(r, 2).startswith("一、(一)1.m1\n")
    assert grid.text(r, 3) == "配合線上申辦，修正方法名稱。"  # the officer's 說明
    r = rows["一、(一)2.m2"]
    assert underlined(grid.cells[(r, 1)], styles) == ["行政課"]
    assert "（業務單位：未指定）" in grid.text(r, 2) and grid.text(r, 3) == "調整業務單位。"
    r = rows["一、(二)3.m6"]
    assert "".join(underlined(grid.cells[(r, 1)], styles)) == grid.text(r, 1).replace("\n", "")
    assert grid.text(r, 2) == "" and grid.text(r, 3) == "本方法新增。"
    r = rows["二、(一)2.m5"]
    assert grid.text(r, 1) == "" and grid.text(r, 3) == "本方法刪除。"
    assert underlined(grid.cells[(r, 2)], styles) == []  # 現行規定 is never underlined
    r = rows["一、(一)3.m4"]
    assert "".join(underlined(grid.cells[(r, 1)], styles)) == "一3"
    assert grid.text(r, 3) == "由原二、(一)1移列為一、(一)3。"


def test_odt_fonts_page_footer_and_meta(ws, tmp_path):
    edited_copy(ws)
    pkg = read_package(write_revision_table(ws, compare_years(ws, 114, 115), tmp_path / "t.odt"))
    styles = styles_by_name(pkg.content, pkg.styles)
    for name in ("PlanCell", "PlanCellHeader", "PlanTitle"):
        props = resolved_props(styles, name, "style:text-properties")
        assert props[q("style:font-name-asian")] == "標楷體"
        assert props[q("style:font-name")] == "Times New Roman"
    assert resolved_props(styles, "PlanCellHeader", "style:text-properties")[q("fo:font-weight")] == "bold"
    faces = {f.get(q("style:name")) for f in pkg.content.iter(q("style:font-face"))}
    assert {"標楷體", "Times New Roman"} <= faces
    layout = pkg.styles.find(f".//{q('style:page-layout-properties')}")
    assert (layout.get(q("fo:page-width")), layout.get(q("fo:page-height"))) == ("595.30pt", "841.90pt")
    assert layout.get(q("style:print-orientation")) == "portrait"
    footer = pkg.styles.find(f".//{q('style:footer')}")
    assert footer.find(f".//{q('text:page-number')}") is not None
    assert footer.find(f".//{q('text:page-count')}") is not None
    assert pkg.meta.find(f".//{q('dc:title')}").text == TITLE
    # the three columns fill the portrait text width (21 cm less two 2 cm margins = 481.9pt)
    widths = [
        float(s.find(q("style:table-column-properties")).get(q("style:column-width"))[:-2])
        for n, s in styles.items()
        if n.startswith("RevCol")
    ]
    assert len(widths) == 3 and abs(sum(widths) - 481.9) < 0.1 and widths[0] == widths[1] > widths[2]


def test_odt_no_changes_writes_a_sentence(ws, tmp_path):
    from planner.plans import copy_plan_to_year
    from tests.planner.helpers import build_small

    build_small(ws, 114)
    copy_plan_to_year(ws, 114, 115)
    pkg = read_package(write_revision_table(ws, compare_years(ws, 114, 115), tmp_path / "same.odt"))
    assert next(pkg.content.iter(q("table:table")), None) is None
    paras = [text_of(p) for p in pkg.content.iter(q("text:p"))]
    assert paras[0] == TITLE and "沒有修正" in paras[1]


def test_odt_escapes_and_refuses_other_suffixes(ws, tmp_path):
    edited_copy(ws)
    cmp = compare_years(ws, 114, 115)
    m1 = next(c for c in cmp.changed() if c.new and c.new.node.title.startswith("m1"))
    pkg = read_package(write_revision_table(ws, cmp, tmp_path / "e.odt", {m1.key: "A&B <x>  兩格"}))
    notes = [cell_text(row[2]) for row in pkg.content.iter(q("table:table-row"))]
    assert "A&B <x>  兩格" in notes
    with pytest.raises(BadInput, match=r"只能輸出為 \.docx 或 \.odt"):
        write_revision_table(ws, cmp, tmp_path / "t.ods")
    assert not (tmp_path / "t.ods").exists()


def test_cli_compare_writes_odt(ws, capsys, tmp_path):
    edited_copy(ws)
    path = ws.path
    ws.close()
    notes = tmp_path / "說明.json"
    notes.write_text(json.dumps({"一、(二)3.": "配合新措施新增。"}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "修正對照表.odt"
    argv = ["compare", str(path), "--from", "114", "--to", "115", "--notes", str(notes), "-o", str(out)]
    assert main(argv) == 0
    assert f"已匯出修正對照表：{out}" in capsys.readouterr().out
    grid = grid_of(next(read_package(out).content.iter(q("table:table"))))
    notes_col = [grid.text(r, 3) for r in range(2, grid.rows + 1)]
    assert "配合新措施新增。" in notes_col and "文字修正。" in notes_col
    assert main([*argv[:-1], str(tmp_path / "x.ods")]) == 2
    assert "只能輸出為 .docx 或 .odt" in capsys.readouterr().err


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_odt(ws, tmp_path):
    from pypdf import PdfReader

    edited_copy(ws)
    out = write_revision_table(ws, compare_years(ws, 114, 115), tmp_path / "rev.odt")
    fonts = Path(__file__).parents[1] / "fixtures" / "fonts.conf"
    subprocess.run(
        [
            str(soffice()),
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        timeout=240,
        capture_output=True,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
    )
    pages = [p.extract_text() for p in PdfReader(tmp_path / "rev.pdf").pages]
    squeezed = "".join(pages).replace("\n", "").replace(" ", "")
    assert TITLE in squeezed
    assert "修正規定" in squeezed and "本方法新增。" in squeezed and "第1頁，共1頁" in squeezed

"""The 修正對照表 .docx, read back: columns, header, underlined characters, 說明 defaults and kept text."""

from __future__ import annotations

import json

import pytest
from docx import Document
from docx.oxml.ns import qn

from planner.compare import compare_years
from planner.compare.table import (
    default_note,
    marked,
    notes_from_file,
    set_note,
    stored_notes,
    table_rows,
    write_revision_table,
)
from planner.errors import BadInput
from tests.planner.compare_helpers import edited_copy


def cell_runs(cell) -> list[tuple[str, bool]]:
    """Return (text, underlined) of every run of a cell, paragraphs joined by newlines."""
    out: list[tuple[str, bool]] = []
    for i, p in enumerate(cell._tc.iter(qn("w:p"))):
        if i:
            out.append(("\n", False))
        for r in p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            u = rpr is not None and rpr.find(qn("w:u")) is not None
            out.append(("".join(t.text or "" for t in r.iter(qn("w:t"))), u))
    return out


def underlined(cell) -> list[str]:
    return [t for t, u in cell_runs(cell) if u]


def test_marked_underlines_exactly_the_changed_characters():
    assert marked("辦理滿意度調查", "辦理民眾滿意度調查") == [("辦理", False), ("民眾", True), ("滿意度調查", False)]
    assert marked("", "新") == [("新", True)]
    assert marked("刪除", "") == []


def test_revision_table_read_back(ws, tmp_path):
    edited_copy(ws)
    cmp = compare_years(ws, 114, 115)
    out = write_revision_table(ws, cmp, tmp_path / "修正對照表.docx")
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "測試區公所115年度提升服務工作計畫修正對照表"
    (table,) = doc.tables
    assert len(table.columns) == 3
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["修正規定", "現行規定", "說明"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = {r.cells[0].text.split("\n")[0] or r.cells[1].text.split("\n")[0]: r for r in table.rows[1:]}
    assert len(table.rows) - 1 == len(cmp.changed()) == 6
    m1 = rows["一、(一)1.m1 建立線上申辦流程"]
    assert underlined(m1.cells[0]) == [" 建立線上申辦流程"]
    assert m1.cells[1].text.startswith("一、(一)1.m1\n")
    assert m1.cells[2].text == "文字修正。"
    m2 = rows["一、(一)2.m2"]
    assert underlined(m2.cells[0]) == ["行政課"]  # was 「未指定」
    assert "（業務單位：未指定）" in m2.cells[1].text
    assert m2.cells[2].text == "調整業務單位。"
    m6 = rows["一、(二)3.m6"]
    assert "".join(underlined(m6.cells[0])) == m6.cells[0].text.replace("\n", "")  # all new: all underlined
    assert m6.cells[1].text == "" and m6.cells[2].text == "本方法新增。"
    m5 = rows["二、(一)2.m5"]
    assert m5.cells[0].text == "" and m5.cells[2].text == "本方法刪除。"
    m4 = rows["一、(一)3.m4"]
    assert m4.cells[2].text == "由原二、(一)1移列為一、(一)3。"
    assert "".join(underlined(m4.cells[0])) == "一3"  # 二、(一)1. → 一、(一)3.


def test_typography_and_page(ws, tmp_path):
    edited_copy(ws)
    out = write_revision_table(ws, compare_years(ws, 114, 115), tmp_path / "t.docx")
    doc = Document(str(out))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    fonts = doc.tables[0]._tbl.find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "標楷體" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert doc.core_properties.title.endswith("修正對照表")


def test_notes_are_kept_and_undoable(ws, tmp_path):
    edited_copy(ws)
    cmp = compare_years(ws, 114, 115)
    m1 = next(c for c in cmp.changed() if c.new and c.new.node.title.startswith("m1"))
    set_note(ws, cmp, m1.key, "配合線上申辦，修正方法名稱。")
    assert stored_notes(ws, cmp) == {m1.key: "配合線上申辦，修正方法名稱。"}
    # Kept in the workspace file: a fresh comparison of the reopened file finds it.
    path = ws.path
    ws.close()
    from planner.workspace import open_workspace

    with open_workspace(path) as again:
        cmp2 = compare_years(again, 114, 115)
        rows = {r.key: r.note for r in table_rows(cmp2, stored_notes(again, cmp2))}
        assert rows[m1.key] == "配合線上申辦，修正方法名稱。"
        doc = Document(str(write_revision_table(again, cmp2, tmp_path / "n.docx")))
        assert "配合線上申辦，修正方法名稱。" in [r.cells[2].text for r in doc.tables[0].rows]
        set_note(again, cmp2, m1.key, "")
        assert stored_notes(again, cmp2) == {}
        again.undo()
        assert stored_notes(again, cmp2) == {m1.key: "配合線上申辦，修正方法名稱。"}
        with pytest.raises(BadInput, match="沒有這一列"):
            set_note(again, cmp2, "n999999", "x")


def test_notes_file(ws, tmp_path):
    edited_copy(ws)
    cmp = compare_years(ws, 114, 115)
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"一、(二)3.": "配合新措施新增。"}, ensure_ascii=False), encoding="utf-8")
    notes = notes_from_file(cmp, path)
    m6 = next(c for c in cmp.changed() if c.new and c.new.node.title == "m6")
    assert notes == {m6.key: "配合新措施新增。"}
    path.write_text(json.dumps({"九、": "x"}), encoding="utf-8")
    with pytest.raises(BadInput, match="不是修正對照表中的任何一列"):
        notes_from_file(cmp, path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(BadInput, match="JSON"):
        notes_from_file(cmp, path)


def test_default_notes(ws):
    edited_copy(ws)
    notes = {
        c.new.node.title if c.new else c.old.node.title: default_note(c) for c in compare_years(ws, 114, 115).changed()
    }
    assert notes["m0"] == "本方法新增。"
    assert notes["m2"] == "調整業務單位。"


def test_no_changes_writes_a_sentence(ws, tmp_path):
    from planner.plans import copy_plan_to_year
    from tests.planner.helpers import build_small

    build_small(ws, 114)
    copy_plan_to_year(ws, 114, 115)
    doc = Document(str(write_revision_table(ws, compare_years(ws, 114, 115), tmp_path / "same.docx")))
    assert not doc.tables
    assert "沒有修正" in doc.paragraphs[1].text


def test_refuses_other_suffix(ws, tmp_path):
    edited_copy(ws)
    with pytest.raises(BadInput):
        write_revision_table(ws, compare_years(ws, 114, 115), tmp_path / "t.pdf")
    assert not (tmp_path / "t.pdf").exists()

"""planner-cli compare: counts, JSON shape, the 修正對照表 file, Chinese errors with exit 2."""

from __future__ import annotations

import json

import pytest
from docx import Document

from planner.cli import main
from tests.planner.compare_helpers import EDITED_COUNTS, edited_copy


def test_compare_json(ws, capsys):
    edited_copy(ws)
    path = ws.path
    ws.close()
    assert main(["compare", str(path), "--from", "114", "--to", "115", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == EDITED_COUNTS
    assert data["threshold"] == 80
    kinds = [c["kind"] for c in data["changes"]]
    assert len(kinds) == 12 and kinds.count("延續") == 6
    change = next(c for c in data["changes"] if c["kind"] == "修正" and c["fields"] == ["units"])
    assert change["old"]["number"] == "一、(一)2." and change["new"]["units"] == ["行政課"]
    assert next(c for c in data["changes"] if c["kind"] == "新增")["old"] is None


def test_compare_text_and_docx(ws, capsys, tmp_path):
    edited_copy(ws)
    path = ws.path
    ws.close()
    notes = tmp_path / "說明.json"
    notes.write_text(json.dumps({"一、(二)3.": "配合新措施新增。"}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "修正對照表.docx"
    argv = ["compare", str(path), "--from", "114", "--to", "115", "--threshold", "90", "--notes", str(notes)]
    assert main([*argv, "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "文字相似度門檻 90" in text and "修正 2" in text
    assert "[修正] 一、(一)2.m2（業務單位）" in text
    assert "已匯出修正對照表" in text
    cells = [r.cells[2].text for r in Document(str(out)).tables[0].rows]
    assert "配合新措施新增。" in cells and "文字修正。" in cells


def test_compare_bad_input(ws, capsys, tmp_path):
    edited_copy(ws)
    path = ws.path
    ws.close()
    assert main(["compare", str(path), "--from", "113", "--to", "115"]) == 2
    assert "沒有 113 年度" in capsys.readouterr().err
    assert main(["compare", str(path), "--from", "114", "--to", "115", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "只能輸出為 .docx" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(SystemExit) as exc:
        main(["compare", str(path), "--from", "114", "--to", "115", "--threshold", "150"])
    assert exc.value.code == 2
    assert "門檻必須是 0 到 100" in capsys.readouterr().err
    missing = tmp_path / "none.json"
    assert main(["compare", str(path), "--from", "114", "--to", "115", "--notes", str(missing)]) == 2
    assert "找不到說明檔" in capsys.readouterr().err


def test_compare_keep_notes(ws, capsys, tmp_path):
    edited_copy(ws)
    path = ws.path
    ws.close()
    notes = tmp_path / "說明.json"
    notes.write_text(json.dumps({"一、(二)3.": "配合新措施新增。"}, ensure_ascii=False), encoding="utf-8")
    base = ["compare", str(path), "--from", "114", "--to", "115"]
    assert main([*base, "--keep-notes"]) == 2
    assert "需要同時以 --notes" in capsys.readouterr().err
    assert main([*base, "--notes", str(notes), "--keep-notes"]) == 0
    out = tmp_path / "t.docx"
    assert main([*base, "-o", str(out)]) == 0  # no --notes: the kept 說明 is used
    assert "配合新措施新增。" in [r.cells[2].text for r in Document(str(out)).tables[0].rows]

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest

from planner.cli import main
from planner.store.migrations import LATEST


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_path(tmp_path, capsys):
    path = tmp_path / "示範.planner"
    code, out, _ = run(capsys, "demo", path)
    assert code == 0 and "已建立示範工作區" in out
    return path


def test_new_and_plans_json(tmp_path, capsys):
    path = tmp_path / "new.planner"
    code, out, _ = run(capsys, "new", path, "--agency", "星河區公所", "--units", "行政課,民政課、社會課")
    assert code == 0
    code, out, _ = run(capsys, "plans", path, "--json")
    assert code == 0
    assert json.loads(out) == {"agency": "星河區公所", "units": ["行政課", "民政課", "社會課"], "plans": []}
    code, _, err = run(capsys, "new", path, "--agency", "x")
    assert code == 2 and "已存在" in err


def test_demo_plans_and_show_json(demo_path, capsys):
    code, out, _ = run(capsys, "plans", demo_path, "--json")
    data = json.loads(out)
    assert code == 0 and data["agency"] == "星河市立圖書館"
    assert data["plans"] == [{"year": 115, "title": "115年度提升服務工作計畫", "methods": 50}]
    code, out, _ = run(capsys, "show", demo_path, "--year", "115", "--json")
    plan = json.loads(out)
    assert code == 0
    assert list(plan) == ["agency", "year", "title", "issued", "sections", "columns", "units", "items"]
    assert plan["year"] == 115 and plan["issued"].endswith("函頒")
    assert [s["number"] for s in plan["sections"]] == ["壹", "貳", "參", "肆", "伍", "陸"]
    assert plan["columns"] == ["工作要項", "工作重點", "業務單位"]
    assert plan["units"] == ["秘書室", "閱覽服務課", "推廣課", "資訊課"]
    assert [i["number"] for i in plan["items"]] == [None, "一", "二", "三", "四", "五", "六"]
    first = plan["items"][1]["focuses"][0]
    assert first["number"] == "一"
    assert [m["number"] for m in first["methods"]] == [str(i) for i in range(1, len(first["methods"]) + 1)]
    method = first["methods"][0]
    assert set(method) == {"number", "title", "body", "units", "months", "note"}
    assert all(isinstance(m, int) for m in method["months"])
    methods = [m for i in plan["items"] for f in i["focuses"] for m in f["methods"]]
    assert len(methods) == 50
    assert all(m["units"] for m in methods)


def test_show_text(demo_path, capsys):
    code, out, _ = run(capsys, "show", demo_path, "--year", "115")
    assert code == 0
    assert "壹、計畫依據" in out and "一、完備基礎服務項目，注重服務特性差異化" in out
    assert "  (一)建立業務標準作業流程" in out


def test_copy_year_and_check(demo_path, capsys):
    code, out, _ = run(capsys, "copy-year", demo_path, "--from", "115", "--to", "116")
    assert code == 0 and "50 個方法" in out
    code, out, _ = run(capsys, "plans", demo_path, "--json")
    assert [p["year"] for p in json.loads(out)["plans"]] == [115, 116]
    code, out, _ = run(capsys, "check", demo_path, "--year", "116", "--json")
    assert code == 0
    assert json.loads(out) == {"year": 116, "errors": False, "findings": []}
    code, out, err = run(capsys, "copy-year", demo_path, "--from", "115", "--to", "116")
    assert code == 2 and "已經存在" in err


def test_check_reports_errors_with_exit_1(tmp_path, capsys):
    from planner import operations as ops
    from planner.plans import create_plan
    from planner.workspace import create_workspace

    path = tmp_path / "c.planner"
    with create_workspace(path, agency="機關", units=["甲課", "乙課"]) as ws:
        plan = create_plan(ws, 114)
        item = ops.add_node(ws, plan, None, title="要項")
        focus = ops.add_child(ws, plan, item.id, "")
        ops.add_child(ws, plan, focus.id, "方法")
        ops.add_child(ws, plan, focus.id, "方法")
    code, out, _ = run(capsys, "check", path, "--year", "114", "--json")
    data = json.loads(out)
    assert code == 1 and data["errors"] is True
    codes = [(f["severity"], f["code"]) for f in data["findings"]]
    assert ("error", "empty-title") in codes
    assert codes.count(("error", "method-without-unit")) == 2
    assert codes.count(("warning", "method-without-months")) == 2
    assert codes.count(("warning", "duplicate-title")) == 2
    assert ("info", "unit-without-method") in codes
    where = next(f for f in data["findings"] if f["code"] == "method-without-unit")["where"]
    assert where == "一、(一)1.方法"
    code, out, _ = run(capsys, "check", path, "--year", "114")
    assert code == 1 and "[錯誤]" in out and "[警告]" in out


def test_missing_year_is_bad_input_and_file_untouched(demo_path, capsys):
    before = digest(demo_path)
    for cmd in ("show", "check"):
        code, _, err = run(capsys, cmd, demo_path, "--year", "99")
        assert code == 2 and "沒有 99 年度" in err and "115" in err
    code, _, err = run(capsys, "copy-year", demo_path, "--from", "99", "--to", "100")
    assert code == 2
    assert digest(demo_path) == before


@pytest.mark.parametrize(
    "cmd",
    [["plans"], ["show", "--year", "115"], ["check", "--year", "115"], ["copy-year", "--from", "115", "--to", "116"]],
)
def test_bad_files_exit_2_untouched(tmp_path, capsys, cmd, demo_path):
    not_sqlite = tmp_path / "not.planner"
    not_sqlite.write_bytes(b"\x00\x01garbage" * 100)
    truncated = tmp_path / "cut.planner"
    truncated.write_bytes(demo_path.read_bytes()[:20000])
    newer = tmp_path / "newer.planner"
    newer.write_bytes(demo_path.read_bytes())
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {LATEST + 5}")
    con.close()
    for path, words in ((not_sqlite, "不是計畫工作區"), (truncated, "不完整"), (newer, "較新版本")):
        before = digest(path)
        code, _, err = run(capsys, cmd[0], path, *cmd[1:])
        assert code == 2, (path, err)
        assert words in err and "Traceback" not in err
        assert digest(path) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["not.planner", "cut.planner", "newer.planner", demo_path.name]
        )


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["show"])
    assert info.value.code == 2
    assert "用法錯誤" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["nonsense"])
    assert info.value.code == 2


def test_console_entry_point_runs(tmp_path):
    path = tmp_path / "sub.planner"
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli", "demo", str(path)], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli", "plans", str(path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert json.loads(proc.stdout)["plans"][0]["methods"] == 50


def test_export_docx_whole_unit_and_item(demo_path, tmp_path, capsys):
    import docx

    out = tmp_path / "計畫.docx"
    code, text, err = run(capsys, "export", demo_path, "--year", "115", "--format", "docx", "-o", out)
    assert code == 0, err
    assert str(out) in text
    body = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "星河市立圖書館" in body and "壹、" in body
    part = tmp_path / "推廣課.docx"
    code, _, err = run(capsys, "export", demo_path, "--year", "115", "--format", "docx", "--unit", "推廣課", "-o", part)
    assert code == 0, err
    cells = {c.text for t in docx.Document(part).tables for r in t.rows for c in r.cells}
    assert any("推廣課" in c for c in cells)
    assert not any(c.strip() == "資訊課" for c in cells)
    code, _, err = run(
        capsys, "export", demo_path, "--year", "115", "--format", "docx", "--item", "3", "-o", tmp_path / "三.docx"
    )
    assert code == 0, err


def test_export_bad_arguments(demo_path, tmp_path, capsys):
    before = digest(demo_path)
    cases = [
        (["--unit", "不存在課"], "沒有名為"),
        (["--item", "9"], "沒有第 9 個要項"),
    ]
    for extra, words in cases:
        code, _, err = run(
            capsys, "export", demo_path, "--year", "115", "--format", "docx", *extra, "-o", tmp_path / "x.docx"
        )
        assert code == 2 and words in err
    code, _, err = run(
        capsys, "export", demo_path, "--year", "115", "--format", "docx", "-o", tmp_path / "no" / "x.docx"
    )
    assert code == 2 and "資料夾不存在" in err
    assert not (tmp_path / "x.docx").exists()
    assert digest(demo_path) == before


SAMPLES = __import__("tests.conftest", fromlist=["FIXTURES"]).FIXTURES / "samples"


def test_import_creates_workspace_and_matches_sample(tmp_path, capsys):
    path = tmp_path / "匯入.planner"
    code, out, err = run(capsys, "import", path, SAMPLES / "000-l4.docx", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["year"] == 114
    expected = json.loads((SAMPLES / "000.json").read_text(encoding="utf-8"))
    code, out, _ = run(capsys, "show", path, "--year", "114", "--json")
    shown = json.loads(out)
    assert [i["title"] for i in shown["items"]] == [i["title"] for i in expected["items"]]
    methods = [m for i in shown["items"] for f in i["focuses"] for m in f["methods"]]
    assert len(methods) == sum(len(f["methods"]) for i in expected["items"] for f in i["focuses"])
    assert set(shown["units"]) == set(expected["units"])


def test_import_into_existing_with_year_and_map(demo_path, capsys):
    code, out, err = run(
        capsys,
        "import",
        demo_path,
        SAMPLES / "002-l4-br.docx",
        "--year",
        "120",
        "--map",
        "行政課=秘書室",
        "--map",
        "活動課=推廣課",
        "--map",
        "輔導課=",
    )
    assert code == 0, err
    assert "120 年度" in out and "新增單位：輔導課" in out
    code, out, _ = run(capsys, "plans", demo_path, "--json")
    assert [p["year"] for p in json.loads(out)["plans"]] == [115, 120]
    assert json.loads(out)["units"] == ["秘書室", "閱覽服務課", "推廣課", "資訊課", "輔導課"]


def test_import_bad_files_leave_workspace_untouched(demo_path, tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    before = digest(demo_path)
    code, _, err = run(capsys, "import", demo_path, bad)
    assert code == 2 and "Traceback" not in err and err.startswith("錯誤：")
    assert digest(demo_path) == before
    new = tmp_path / "never.planner"
    code, _, err = run(capsys, "import", new, bad)
    assert code == 2 and not new.exists()
    code, _, err = run(capsys, "import", demo_path, SAMPLES / "000-l4.docx", "--map", "nonsense")
    assert code == 2 and "--map" in err
    assert digest(demo_path) == before

"""The versions command and compare with versions (115@1, --version-from)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.operations import set_fields
from planner.workspace import open_workspace


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """Run the CLI; return code, stdout and stderr."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_finalize_list_and_compare_a_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws_file = tmp_path / "示範.planner"
    assert run(capsys, "demo", ws_file)[0] == 0
    code, out, _ = run(capsys, "versions", ws_file, "--year", 115)
    assert code == 0 and "尚未定稿" in out
    code, out, _ = run(
        capsys, "versions", ws_file, "--year", 115, "--finalize", "--date", "115/1/20", "--doc", "星圖秘字第1號"
    )
    assert code == 0 and "已定稿：第 1 版（115/01/20 星圖秘字第1號）" in out
    code, out, _ = run(capsys, "versions", ws_file, "--year", 115, "--json")
    assert json.loads(out) == [{"seq": 1, "kind": "定稿", "date": "115/01/20", "doc": "星圖秘字第1號", "id": 1}]
    with open_workspace(ws_file, backup=False) as ws:
        plan = ws.plan(115)
        assert plan.issued == "115 年 1 月 20 日星圖秘字第1號函頒"
        method = plan.methods()[0]
        set_fields(ws, plan, method.id, body=method.body + "並公告周知。")
    code, out, _ = run(capsys, "compare", ws_file, "--from", "115@1", "--to", 115, "--json")
    data = json.loads(out)
    assert code == 0 and data["counts"]["修正"] == 1 and data["counts"]["新增"] == 0 and data["counts"]["刪除"] == 0
    code, out2, _ = run(capsys, "compare", ws_file, "--from", 115, "--to", 115, "--version-from", 1, "--json")
    assert code == 0 and json.loads(out2)["counts"] == data["counts"]


def test_bad_versions_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws_file = tmp_path / "示範.planner"
    run(capsys, "demo", ws_file)
    code, _, err = run(capsys, "compare", ws_file, "--from", "115@3", "--to", 115)
    assert code != 0 and "沒有第 3 版" in err
    code, _, err = run(capsys, "compare", ws_file, "--from", 115, "--to", 115)
    assert code != 0 and "同一個年度" in err
    code, _, err = run(capsys, "versions", ws_file, "--year", 115, "--finalize", "--date", "115/13/01", "--doc", "x")
    assert code != 0 and "沒有這一天" in err
    code, _, err = run(capsys, "versions", ws_file, "--year", 115, "--date", "115/01/01")
    assert code != 0 and "只能和 --finalize" in err

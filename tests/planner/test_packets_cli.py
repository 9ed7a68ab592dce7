"""planner-cli packets --force, collect FOLDER, remind."""

from __future__ import annotations

from planner.cli import main
from planner.progress import records
from planner.workspace import open_workspace
from tests.planner.review_helpers import (
    before_the_deadline,  # noqa: F401  (autouse)
    fill,
    form_rows,
    packet_for,
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_packets_force_and_collect_a_folder(tmp_path, capsys):
    ws_path = tmp_path / "示範.planner"
    assert run(capsys, "demo", ws_path)[0] == 0
    folder = tmp_path / "6月"
    code, out, _ = run(capsys, "packets", ws_path, "--year", 115, "--period", 6, "-o", folder)
    assert code == 0
    forms = sorted(folder.glob("*.xlsx"))
    filled = packet_for(forms, "推廣課")
    rows = form_rows(filled)
    fill(filled, {rows[0][0]: ("已完成", "已辦理完畢", "115/6/20")})
    kept = filled.read_bytes()
    code, out, err = run(capsys, "packets", ws_path, "--year", 115, "--period", 6, "-o", folder)
    assert code == 2 and filled.name in err and "尚未收回" in err and "--force" in err
    code, out, err = run(capsys, "packets", ws_path, "--year", 115, "--period", 6, "-o", folder, "--force")
    assert code == 0 and f"保留：{filled}" in out
    assert filled.read_bytes() == kept
    (folder / "說明.txt").write_text("不是填報表", encoding="utf-8")
    code, out, err = run(capsys, "collect", ws_path, "--year", 115, "--period", 6, folder)
    assert code == 0, out + err
    assert "寫入 1 筆" in out
    with open_workspace(ws_path, read_only=True) as ws:
        plan = ws.plan(115)
        unit = ws.unit_by_name("推廣課").id
        assert records(ws, plan, 6)[(rows[0][1], 6, unit)].text == "已辦理完畢"
    empty = tmp_path / "空的"
    empty.mkdir()
    code, _, err = run(capsys, "collect", ws_path, "--year", 115, "--period", 6, empty)
    assert code == 2 and "沒有 Excel 填報表" in err

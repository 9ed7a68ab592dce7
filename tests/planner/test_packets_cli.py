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


def test_remind_per_unit(tmp_path, capsys):
    from docx import Document

    ws_path = tmp_path / "示範.planner"
    assert run(capsys, "demo", ws_path)[0] == 0
    folder = tmp_path / "forms"
    run(capsys, "packets", ws_path, "--year", 115, "--period", 6, "-o", folder, "--format", "xlsx")
    filled = packet_for(sorted(folder.glob("*.xlsx")), "推廣課")
    rows = form_rows(filled)
    fill(filled, {r: ("已完成", "完成", "115/6/20") for r, _ in rows[1:]})
    assert run(capsys, "collect", ws_path, "--year", 115, "--period", 6, filled)[0] == 0
    out_dir = tmp_path / "催辦"
    code, out, err = run(capsys, "remind", ws_path, "--year", 115, "--period", 6, "-o", out_dir)
    assert code == 0, err
    memos = sorted(out_dir.glob("*.docx"))
    with open_workspace(ws_path, read_only=True) as ws:
        plan = ws.plan(115)
        from planner.packets import due_units

        owing = [u.name for u, _ in due_units(ws, plan, 6)]
        owed = plan.nodes[rows[0][1]]
        owed_text = owed.title or owed.body.splitlines()[0]
    assert len(memos) == len(owing) and f"共 {len(owing)} 份" in out
    promo = next(p for p in memos if "_推廣課_催辦單" in p.name)
    doc = Document(str(promo))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "受文者：推廣課" in text and "115/06/30" in text and "尚有 1 項" in text
    table = doc.tables[0]
    assert len(table.rows) == 2  # header + the one method not reported
    assert owed_text in table.rows[1].cells[3].text
    assert table.rows[1].cells[4].text in ("未填報", "逾期")

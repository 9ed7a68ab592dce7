"""Issue 16, case 7: damaged trees are described, reported by check, repaired under 「待整理」; nothing is lost."""

import json
import sqlite3

import pytest

from planner import repair
from planner.cli import main
from planner.plans import copy_plan_to_year
from planner.workspace import open_workspace
from tests.planner.helpers import build_small


def damage(path, *statements):
    """Change rows behind the program's back, as a faulty copy tool or an old bug would."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = 0")
    with con:
        for sql, args in statements:
            con.execute(sql, args)
    con.close()


def node_id(path, title, year=114):
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT n.id FROM node n JOIN plan p ON p.id = n.plan_id WHERE n.title = ? AND p.year = ?", (title, year)
        ).fetchone()[0]
    finally:
        con.close()


def titles_in_file(path, year=114):
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT n.title FROM node n JOIN plan p ON p.id = n.plan_id WHERE p.year = ?", (year,)
        ).fetchall()
        return sorted(t for (t,) in rows)
    finally:
        con.close()


@pytest.fixture
def damaged_path(ws, ws_path):
    build_small(ws)
    copy_plan_to_year(ws, 114, 115)
    ws.close()
    focus_115 = node_id(ws_path, "乙一", 115)
    damage(
        ws_path,
        ("UPDATE node SET parent_id = 9999 WHERE id = ?", (node_id(ws_path, "甲一"),)),  # orphan 重點
        ("UPDATE node SET parent_id = ? WHERE id = ?", (node_id(ws_path, "乙一"), node_id(ws_path, "乙"))),  # cycle
        ("UPDATE node SET parent_id = ? WHERE id = ?", (focus_115, node_id(ws_path, "m3"))),  # another plan's node
        ("UPDATE plan SET layout = '{壞掉的 JSON' WHERE year = 114", ()),
        ("UPDATE node SET months = '3,x,13,6' WHERE id = ?", (node_id(ws_path, "m2"),)),
    )
    return ws_path


def test_problems_are_described_never_a_traceback(damaged_path):
    with open_workspace(damaged_path) as ws:
        problems = repair.find_problems(ws.db, ws.plan_infos()[0].id)
        assert sorted(p.code for p in problems) == [
            "bad-layout",
            "bad-months",
            "cycle",
            "cycle",
            "foreign-parent",
            "orphan",
        ]
        with pytest.raises(repair.DamagedPlan) as info:
            ws.plan(114)
        message = str(info.value)
        for words in ("甲一", "不存在", "循環", "另一個年度", "表格欄位", "查核月份", "待整理"):
            assert words in message, words
        assert ws.plan(115).items  # the other plan is sound and opens


def test_cli_check_reports_and_other_commands_refuse(damaged_path, capsys, tmp_path):
    assert main(["check", str(damaged_path), "--year", "114"]) == 1
    out = capsys.readouterr().out
    assert "上層項目不存在" in out and "--repair" in out
    assert main(["check", str(damaged_path), "--year", "114", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] and {f["code"] for f in data["findings"]} >= {"damaged-orphan", "damaged-cycle"}
    for argv in (
        ["show", str(damaged_path), "--year", "114"],
        ["copy-year", str(damaged_path), "--from", "114", "--to", "116"],
        ["export", str(damaged_path), "--year", "114", "--format", "docx", "-o", str(tmp_path / "x.docx")],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "資料有損壞" in err and "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()
    assert 116 not in [p for p in json.loads(_plans(damaged_path, capsys))]


def _plans(path, capsys):
    main(["plans", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    rows = data if isinstance(data, list) else data["plans"]
    return json.dumps([r["year"] for r in rows])


def test_repair_gathers_everything_under_an_unnumbered_parking_item(damaged_path, capsys):
    before = titles_in_file(damaged_path)
    assert main(["check", str(damaged_path), "--year", "114", "--repair"]) in (0, 1)
    assert "已修復" in capsys.readouterr().out
    with open_workspace(damaged_path) as ws:
        plan = ws.plan(114)
        assert repair.find_problems(ws.db, plan.id) == []
        outline = [("  " * (n.level - 1)) + plan.numbering()[n.id] + n.title for n in plan.walk()]
        assert outline == [
            "一、甲",
            "  (一)甲二",
            "二、乙",  # the cycle was cut at 乙, an item again
            "  (一)乙一",
            "    1.m4",
            "    2.m5",
            "待整理",  # unnumbered, last
            "  (一)甲一",
            "    1.m1",
            "    2.m2",
            "  待整理",  # unnumbered 重點 for the method whose parent was in another plan
            "    1.m3",
        ]
        parking = plan.items[-1]
        assert not parking.numbered and plan.numbering()[parking.id] == ""
        shown = sorted(n.title for n in plan.walk() if n.title != repair.PARKING)
        assert shown == before  # nothing lost
        assert {"甲一", "m1", "m2", "m3"} <= {n.title for n in parking.walk()}
        m3 = next(n for n in plan.walk() if n.title == "m3")
        assert m3.parent.title == repair.PARKING and m3.parent.level == 2 and not m3.parent.numbered
        m2 = next(n for n in plan.walk() if n.title == "m2")
        assert m2.months == [3, 6]
        assert [n.title for n in ws.plan(115).walk()].count("m3") == 1  # the other plan untouched
    assert main(["check", str(damaged_path), "--year", "114", "--repair"]) in (0, 1)
    assert "不需要修復" in capsys.readouterr().out


def test_repair_of_a_large_plan_is_quick(ws, ws_path):

    from planner import operations as ops
    from planner.plans import create_plan

    plan = create_plan(ws, 114)
    with ws.edit("大量"):
        for i in range(20):
            item = ops.add_node(ws, plan, None, title=f"要項{i}")
            for j in range(10):
                focus = ops.add_child(ws, plan, item.id, f"重點{i}-{j}")
                for k in range(25):
                    ops.add_child(ws, plan, focus.id, f"方法{i}-{j}-{k}")
    ws.close()
    damage(ws_path, ("UPDATE node SET parent_id = 123456 WHERE title LIKE '重點%-3'", ()))
    with open_workspace(ws_path) as again:
        plan_id = again.plan_infos()[0].id
        assert len(repair.find_problems(again.db, plan_id)) == 20
        fixed = repair.repair_plan(again.db, plan_id)  # its speed is bench_robust.py case 7's, not a test's
        assert len(fixed) == 20
        assert len(again.plan(114).methods()) == 5000

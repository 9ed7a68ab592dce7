"""planner-cli import with corrections: each option on a file the importer reads wrong by itself."""

from __future__ import annotations

import hashlib
import json

import pytest

from planner.cli import main
from planner.workspace import open_workspace
from tests.fixtures.misread_plans import (
    MISREAD,
    MISREAD_FIXES_CLI,
    MISREAD_LAYOUT_CLI,
    kpi_xlsx,
    misread_docx,
    misread_expected,
    outline_docx,
    summary_table_docx,
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def shown(capsys, ws, year=102) -> dict:
    code, out, err = run(capsys, "show", ws, "--year", year, "--json")
    assert code == 0, err
    return json.loads(out)


def tree(plan: dict) -> list:
    return [
        (
            i["title"],
            [(f["title"], [(m["title"], m["units"], m["months"]) for m in f["methods"]]) for f in i["focuses"]],
        )
        for i in plan["items"]
        if i["title"]
    ]


def units_of(plan: dict) -> list:
    """Return every method's units, in order."""
    return [m[1] for _, fs in tree(plan) for _, ms in fs for m in ms]


@pytest.fixture
def misread(tmp_path):
    return misread_docx(tmp_path / "誤判.docx")


def test_every_correction_of_the_misread_table(capsys, tmp_path, misread):
    ws = tmp_path / "ws.planner"
    code, out, err = run(capsys, "import", ws, misread, *MISREAD_FIXES_CLI)
    assert code == 0, err
    assert "要項 2、重點 3、方法 5" in out
    assert "活動及輔導課 → 活動課、輔導課" in out and "行政課(主政) → 行政課" in out
    assert "[已修正] 第 1 個表格第 4 列：方法「適時修訂年度計畫」的單位「活動及輔導課」" in out
    assert "[警告]" not in out
    code, out, err = run(capsys, "import", tmp_path / "j.planner", misread, "--json")
    notes = json.loads(out)["notes"]
    assert notes[0]["weight"] == 0 and "未匯入" in notes[0]["text"]
    assert notes[0]["place"] == [0, 0, 0]  # the row where the column was dropped: the instructions row
    doubt = next(n for n in notes if "適時修訂年度計畫" in n["text"])
    assert doubt["place"] == [0, 1, 1] and doubt["weight"] == 2
    plan = shown(capsys, ws)
    assert tree(plan) == misread_expected()
    assert plan["units"] == ["行政課", "活動課", "輔導課", "各課室", "秘書室"]


def test_columns_alone_fix_the_roles_and_header_rows_alone_drop_the_instructions(capsys, tmp_path, misread):
    ws = tmp_path / "a.planner"
    assert run(capsys, "import", ws, misread, "--columns", "要項,重點,方法,單位,查核期限")[0] == 0
    plan = shown(capsys, ws)
    assert [i["title"] for i in plan["items"]] == ["（請填要項）", *[item for item, _ in MISREAD]]
    assert plan["items"][1]["focuses"][0]["methods"][1]["months"] == [6, 12]
    ws = tmp_path / "b.planner"
    assert run(capsys, "import", ws, misread, "--header-rows", "2", "--columns", "要項,重點,,,查核期限")[0] == 0
    assert [i["title"] for i in shown(capsys, ws)["items"]] == [item for item, _ in MISREAD]


def test_map_drop_and_strip_every_role(capsys, tmp_path, misread):
    ws = tmp_path / "ws.planner"
    code, out, err = run(
        capsys,
        "import",
        ws,
        misread,
        *MISREAD_LAYOUT_CLI,
        "--map",
        "活動及輔導課=輔導課",
        "--drop",
        "秘書室",
        "--strip-role",
    )
    assert code == 0, err
    assert units_of(shown(capsys, ws)) == [["行政課"], ["輔導課"], ["各課室"], ["輔導課"], []]
    assert "秘書室 不匯入" in out


def test_tables_levels_and_kpi_columns(capsys, tmp_path):
    ws = tmp_path / "t.planner"
    code, _, err = run(capsys, "import", ws, summary_table_docx(tmp_path / "附表.docx"), "--tables", "2")
    assert code == 0, err
    assert [i["title"] for i in shown(capsys, ws)["items"]] == [item for item, _ in MISREAD]
    ws = tmp_path / "o.planner"
    path = outline_docx(tmp_path / "大綱.docx")
    code, _, err = run(capsys, "import", ws, path)
    assert code == 2 and "找不到計畫內容" in err and not ws.exists()
    code, _, err = run(capsys, "import", ws, path, "--levels", "一、,1.,(1)", "--section", "計畫內容")
    assert code == 0, err
    assert [len(f["methods"]) for i in shown(capsys, ws)["items"] for f in i["focuses"]] == [2, 1, 2]
    ws = tmp_path / "k.planner"
    code, out, err = run(
        capsys, "import", ws, kpi_xlsx(tmp_path / "指標.xlsx"), "--columns", "要項,,,,,衡量指標", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["tables"][0]["roles"][0] == "item" and data["tables"][0]["guessed"][0] is None
    assert data["notes"] == []  # the columns once unreadable are read: nothing left to warn about
    with open_workspace(ws) as w:
        from planner.kpi import plan_kpis

        plan = w.plan(114)
        kpis = plan_kpis(w, plan)
        assert [kpis[m.id].kpi for m in plan.methods()][:2] == ["完成率達91%", "完成率達92%"]


def test_remembered_corrections_apply_to_the_next_import(capsys, tmp_path, misread):
    ws = tmp_path / "ws.planner"
    assert run(capsys, "import", ws, misread, *MISREAD_FIXES_CLI)[0] == 0
    code, _, err = run(capsys, "import", ws, misread, *MISREAD_LAYOUT_CLI, "--year", "103")
    assert code == 0, err
    assert tree(shown(capsys, ws, 103)) == misread_expected()
    code, _, err = run(capsys, "import", ws, misread, *MISREAD_LAYOUT_CLI, "--year", "104", "--no-remembered")
    assert code == 0, err
    assert ["活動及輔導課"] in units_of(shown(capsys, ws, 104))


def test_item_paragraphs_option(capsys, tmp_path):
    from tests.fixtures.misread_plans import item_tables_docx

    ws = tmp_path / "p.planner"
    code, _, err = run(capsys, "import", ws, item_tables_docx(tmp_path / "每要項一表.docx"), "--item-paragraphs", "2")
    assert code == 0, err
    plan = shown(capsys, ws)
    assert [i["title"] for i in plan["items"]] == [item for item, _ in MISREAD]
    assert [len(f["methods"]) for i in plan["items"] for f in i["focuses"]] == [2, 1, 2]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--columns", "要項,重點,做法"), "欄位用途「做法」不正確"),
        (("--header-rows", "兩"), "--header-rows 應為整數"),
        (("--header-rows", "9"), "標題列數應為 1 到 6"),
        (("--tables", "一"), "表格編號應為整數"),
        (("--levels", "甲,乙"), "不是編號樣式"),
        (("--levels", "一、=大項"), "層級應為"),
        (("--split", "活動及輔導課=活動課"), "至少要拆成兩個"),
        (("--split", "活動及輔導課"), "--split 的格式"),
        (("--map", "教務課=輔導課"), "檔案中沒有單位「教務課」"),
        (("--map", "秘書室=人事室 會計室"), "不能包含空白"),
        (("--drop", "總務課"), "檔案中沒有單位「總務課」"),
        (("--section", " "), "--section 不能空白"),
        (("--item-paragraphs", "第二段"), "段落編號應為整數"),
    ],
)
def test_bad_option_values_change_nothing(capsys, tmp_path, misread, argv, message):
    ws = tmp_path / "ws.planner"
    assert run(capsys, "import", ws, misread, *MISREAD_FIXES_CLI)[0] == 0
    before = hashlib.sha256(ws.read_bytes()).hexdigest()
    code, _, err = run(capsys, "import", ws, misread, "--year", "110", *argv)
    assert code == 2 and message in err and err.startswith("錯誤："), err
    assert hashlib.sha256(ws.read_bytes()).hexdigest() == before
    new = tmp_path / "new.planner"
    code, _, err = run(capsys, "import", new, misread, *argv)
    assert code == 2 and not new.exists()


def test_help_lists_the_corrections_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    for option in ("--map", "--split", "--strip-role", "--drop", "--columns", "--header-rows", "--tables", "--levels"):
        assert option in out
    assert "衡量指標" in out and "活動課及輔導課=活動課,輔導課" in out

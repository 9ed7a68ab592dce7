"""Issue 16, case 6: content that used to break the app later is numbered, bounded or cleaned at the door."""

import sqlite3

import docx
import pytest

from planner import text_safety
from planner.build import add_plan_from_data
from planner.cli import main
from planner.errors import OperationRefused
from planner.plans import add_milestone, set_agency
from planner.units import add_unit, ensure_units, rename_unit
from planner.workspace import create_workspace, open_workspace
from tests.planner.helpers import counted_sql

BIDI_NAME = "\u202e課務\u202c行政\x07"


def test_clean_text_and_names():
    assert text_safety.clean_name(BIDI_NAME) == "課務行政"
    assert text_safety.clean_name("  甲\t乙\n丙 ") == "甲 乙 丙"
    assert text_safety.clean_text("第一行\n\u2067第二行\u2069\x00\t尾") == "第一行\n第二行\t尾"
    assert text_safety.clean_text("平常的文字") == "平常的文字"


def test_file_parts_are_safe_everywhere():
    assert text_safety.file_part('a/b\\c:d*e?"f<g>h|i') == "a_b_c_d_e__f_g_h_i"
    assert text_safety.file_part("\u202egnp.exe\u202c") == "gnp.exe"
    assert text_safety.file_part("CON") == "_CON" and text_safety.file_part(" . ") == "未命名"
    assert len(text_safety.file_part("長" * 5000)) == text_safety.FILE_PART_MAX


def test_unit_names_are_cleaned_and_bounded(ws):
    unit = add_unit(ws, BIDI_NAME)
    assert unit.name == "課務行政"
    with pytest.raises(OperationRefused, match="最多 50 個字"):
        add_unit(ws, "長" * 51)
    with pytest.raises(OperationRefused, match="最多 50 個字"):
        rename_unit(ws, unit.id, "長" * 5000)
    assert add_unit(ws, "長" * 50).name == "長" * 50
    set_agency(ws, "\u202e測試\x1b區公所")
    assert ws.agency == "測試區公所"
    con = sqlite3.connect(ws.path)
    stored = [n for (n,) in con.execute("SELECT name FROM unit")]
    con.close()
    assert all(text_safety.clean_name(n) == n and len(n) <= 50 for n in stored)


def test_ten_thousand_units_in_one_cell_are_refused_quickly_and_change_nothing(ws):
    before = [u.name for u in ws.unit_list]
    names = [f"單位{i}" for i in range(10_000)]
    with counted_sql(ws) as calls:  # refused at the door: not one unit written, then rolled back
        with pytest.raises(OperationRefused, match="單位數量最多 500 個"):
            with ws.edit("匯入") as tx:
                ensure_units(ws, tx, names)
    assert not [sql for sql in calls if "INSERT" in sql.upper()]
    assert [u.name for u in ws.unit_list] == before
    ws.forget_plan(0)
    with open_workspace(ws.path, read_only=True) as again:
        assert [u.name for u in again.unit_list] == before


def test_units_up_to_the_cap_cost_one_insert_each(ws):
    missing = text_safety.UNITS_MAX - len(ws.unit_list)
    with counted_sql(ws) as calls:
        with ws.edit("匯入") as tx:
            ensure_units(ws, tx, [f"單位{i}" for i in range(missing)])
    assert len([sql for sql in calls if "INSERT" in sql.upper() and "UNIT" in sql.upper()]) == missing
    assert len(ws.unit_list) == text_safety.UNITS_MAX
    with pytest.raises(OperationRefused, match="最多 500"):
        add_unit(ws, "再一個")
    with pytest.raises(OperationRefused, match="最多 500"):
        create_workspace(ws.path.with_name("多.planner"), "x", [f"u{i}" for i in range(501)])
    assert sorted(p.name for p in ws.path.parent.iterdir() if p.name.startswith("多")) == []


def _big_plan(sections: int, items: int) -> dict:
    return {
        "year": 114,
        "title": "大計畫",
        "sections": [{"heading": f"段落{i}", "text": ""} for i in range(sections)],
        "items": [
            {"title": f"要項{i}", "focuses": [{"title": "重點", "methods": [{"title": "方法", "units": ["行政課"]}]}]}
            for i in range(items)
        ],
    }


def test_past_99_sections_and_items_the_plan_opens_shows_and_exports(ws, ws_path, tmp_path, capsys):
    add_plan_from_data(ws, _big_plan(120, 105))
    ws.close()
    with open_workspace(ws_path) as again:
        plan = again.plan(114)
        labels = plan.numbering()
        assert labels[plan.items[99].id] == "一百、" and labels[plan.items[104].id] == "一百零五、"
        assert plan.section_label(plan.sections[99]) == "壹佰、"
        assert plan.section_label(plan.sections[119]) == "壹佰貳拾、"
    assert main(["show", str(ws_path), "--year", "114"]) == 0
    out = capsys.readouterr().out
    assert "壹佰貳拾、段落119" in out and "一百零五、要項104" in out
    target = tmp_path / "大.docx"
    assert main(["export", str(ws_path), "--year", "114", "--format", "docx", "-o", str(target)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "壹佰貳拾、" in text and "段落119" in text


def test_methods_past_9999_number_correctly(ws):
    data = {
        "year": 114,
        "items": [{"title": "甲", "focuses": [{"title": "乙", "methods": [{"title": "m"}] * 10_001}]}],
    }
    plan = add_plan_from_data(ws, data)
    labels = plan.numbering()
    assert labels[plan.methods()[-1].id] == "10001."


def test_packet_file_names_and_ics_text_are_clean(ws, tmp_path):
    from icalendar import Calendar

    from planner.export.ics import export_ics
    from planner.packets import write_packets

    plan = add_plan_from_data(
        ws,
        {
            "year": 114,
            "items": [{"title": "甲", "focuses": [{"title": "乙", "methods": [{"title": "m", "months": [6]}]}]}],
        },
    )
    # A unit name from an older version: long and with a bidi override (written behind the program's back).
    evil = "\u202e" + "長" * 300 + "\x07課"
    ws.db.execute_sql("UPDATE unit SET name = ? WHERE name = '行政課'", (evil,))
    ws.db.execute_sql("INSERT INTO node_unit (node_id, unit_id, position) VALUES (?, 1, 0)", (plan.methods()[0].id,))
    ws.close()
    with open_workspace(ws.path) as again:
        plan = again.plan(114)
        written = write_packets(again, plan, 6, tmp_path / "out")
        assert written
        for path in written:
            assert not text_safety.BIDI.intersection(path.name) and "\x07" not in path.name
            assert len(path.name.encode()) < 255
        add_milestone(again, plan, 6, "\u202e查核\x0b會議", day=3)
        target = export_ics(again, plan, tmp_path / "行事曆.ics")
    raw = target.read_text(encoding="utf-8")
    assert not text_safety.BIDI.intersection(raw) and "\x0b" not in raw and "\x07" not in raw
    cal = Calendar.from_ical(target.read_bytes())
    summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert "查核會議" in summaries

"""Structure corrections (ImportOptions), what the reader saw, warnings tied to nodes, unit corrections."""

from __future__ import annotations

import pytest

from planner.errors import BadInput
from planner.importers import apply_import, read_plan_file
from planner.importers.options import IGNORE, ImportOptions
from planner.importers.unit_fixes import IMPORT_FIXES, UnitFixes, fix_units, remembered, strip_role
from planner.workspace import create_workspace
from tests.fixtures.misread_plans import (
    MISREAD,
    kpi_xlsx,
    misread_docx,
    misread_expected,
    outline_docx,
    summary_table_docx,
    tree_of,
)

COLUMNS = ("item", "focus", "method", "units", "months")


@pytest.fixture
def misread(tmp_path):
    return misread_docx(tmp_path / "誤判.docx")


def test_the_reader_reports_what_it_guessed(misread):
    result = read_plan_file(misread)
    [seen] = result.tables
    assert seen.headers == ["重點工作", "推動項目", "執行方法", "負責單位", "預定進度"]
    assert seen.guessed == ["focus", None, "method", "units", None] == seen.roles
    assert (seen.header_row, seen.header_rows, seen.rows, seen.used) == (0, 1, 7, True)
    # the misread: the instructions row became a 重點, the 要項 column a list of 重點
    assert result.counts() == {1: 1, 2: 3, 3: 6}
    lost = [n for n in result.notes if n.error]
    assert lost and all("未匯入" in n.text for n in lost) and result.notes[: len(lost)] == lost  # errors first
    doubt = next(n for n in result.notes if "活動及輔導課" in n.text)
    item, focus, method = doubt.place
    assert result.data["items"][item]["focuses"][focus]["methods"][method]["title"] == "適時修訂年度計畫"
    assert result.warnings == [n.text for n in result.notes]  # the plain list still works


def test_column_roles_and_header_rows_fix_the_tree(misread):
    result = read_plan_file(misread, ImportOptions(columns=COLUMNS, header_rows=2))
    assert [(i, [f for f, _ in fs]) for i, fs in tree_of(result.data)] == [
        (item, [f for f, _ in focuses]) for item, focuses in MISREAD
    ]
    months = [m[2] for _, fs in tree_of(result.data) for _, ms in fs for m in ms]
    assert months == [[4], [6, 12], [9], [3], [6]]
    [seen] = result.tables
    assert seen.roles == list(COLUMNS) and seen.guessed[0] == "focus"
    assert (seen.header_rows, seen.guessed_header_rows) == (2, 1)
    assert not any("未匯入" in w for w in result.warnings)
    assert result.options.header_rows == 2
    # a column left out on purpose is dropped without a warning
    quiet = read_plan_file(misread, ImportOptions(columns=(*COLUMNS[:4], IGNORE), header_rows=2))
    assert all(m["months"] == [] for i in quiet.data["items"] for f in i["focuses"] for m in f["methods"])
    assert not any("第 5 欄" in w for w in quiet.warnings)


def test_tables_choose_the_content_table(tmp_path):
    path = summary_table_docx(tmp_path / "附表.docx")
    guessed = read_plan_file(path)
    assert [t.used for t in guessed.tables] == [True, True] and guessed.counts()[1] == 4
    result = read_plan_file(path, ImportOptions(tables=frozenset({2})))
    assert [t.used for t in result.tables] == [False, True]
    assert [i["title"] for i in result.data["items"]] == [item for item, _ in MISREAD]
    assert any("第 1 個表格不是計畫內容表格" in w for w in result.warnings)


def test_outline_levels_read_a_plan_the_guess_refuses(tmp_path):
    path = outline_docx(tmp_path / "大綱.docx")
    with pytest.raises(BadInput, match="找不到計畫內容"):
        read_plan_file(path)
    result = read_plan_file(path, ImportOptions(levels={"cn": 1, "arabic": 2, "paren_arabic": 3}))
    want = [(item, [(f, [m for m, _, _ in ms]) for f, ms in fs]) for item, fs in MISREAD]
    assert [(i, [(f, [m[0] for m in ms]) for f, ms in fs]) for i, fs in tree_of(result.data)] == want
    assert [(s.name, s.count, s.level) for s in result.styles] == [("一、", 2, 1), ("1.", 3, 2), ("(1)", 5, 3)]
    assert result.outline_section == "計畫內容" and "計畫內容" in result.outline_sections
    # (1) as text: the 方法 lines go into the 重點's unnumbered method
    flat = read_plan_file(path, ImportOptions(levels={"cn": 1, "arabic": 2, "paren_arabic": 0}))
    assert flat.counts() == {1: 2, 2: 3, 3: 3}
    with pytest.raises(BadInput, match="沒有名為「實施內容」"):
        read_plan_file(path, ImportOptions(levels={"cn": 1, "arabic": 2}, section="實施內容"))


def test_kpi_and_item_columns_of_a_sheet(tmp_path):
    path = kpi_xlsx(tmp_path / "指標.xlsx")
    result = read_plan_file(path, ImportOptions(columns=("item", None, None, None, None, "kpi")))
    assert [i["title"] for i in result.data["items"]] == [item for item, _ in MISREAD]
    methods = [m for i in result.data["items"] for f in i["focuses"] for m in f["methods"]]
    assert [m["kpi"] for m in methods] == ["完成率達91%", "完成率達92%", "完成率達91%", "完成率達91%", "完成率達92%"]
    assert result.tables[0].name == "114年度計畫" and result.tables[0].guessed[0] is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (dict(columns=("要項",)), "欄位用途"),
        (dict(header_rows=0), "標題列數"),
        (dict(tables=frozenset({0})), "表格的編號"),
        (dict(levels={"cn": 5}), "層級"),
        (dict(levels={"arabic": 2}), "要項"),
    ],
)
def test_bad_options_are_refused_in_chinese(options, message):
    with pytest.raises(BadInput, match=message):
        ImportOptions(**options)


def test_unit_fixes_split_strip_map_drop(misread):
    result = read_plan_file(misread, ImportOptions(columns=COLUMNS, header_rows=2))
    fixes = UnitFixes(split={"活動及輔導課": ("活動課", "輔導課")}, strip={"行政課(主政)"})
    fixed = fix_units(result, fixes)
    assert tree_of(fixed.data) == misread_expected()
    assert fixed.unit_names == ["行政課", "活動課", "輔導課", "各課室", "秘書室"]
    assert tree_of(result.data) != tree_of(fixed.data)  # the result read is not changed
    more = fix_units(result, UnitFixes(map={"秘書室": "行政課"}, drop={"各課室"}, strip_all=True))
    units = [m[1] for _, fs in tree_of(more.data) for _, ms in fs for m in ms]
    assert units == [["行政課"], ["活動及輔導課"], [], ["行政課", "活動及輔導課"], ["行政課"]]
    assert strip_role("行政課（主辦）") == "行政課" and strip_role("主政：人事室") == "人事室"
    assert strip_role("各課室") == "各課室"
    for bad in (dict(split={"甲課": ("乙課",)}), dict(map={"甲課": ""}), dict(map={"甲課": "乙課、丙課"})):
        with pytest.raises(BadInput):
            UnitFixes(**bad)


def test_remembered_fixes_are_one_undoable_edit_with_the_import(misread, tmp_path):
    result = read_plan_file(misread, ImportOptions(columns=COLUMNS, header_rows=2))
    fixes = UnitFixes(split={"活動及輔導課": ("活動課", "輔導課")}, strip={"行政課(主政)"})
    with create_workspace(tmp_path / "ws.planner") as ws:
        plan = apply_import(ws, result, fixes=fixes, remember=True)
        assert [ws.unit_names(m.units) for m in plan.methods()] == [
            m[1] for _, fs in misread_expected() for _, ms in fs for m in ms
        ]
        assert remembered(ws) == UnitFixes(split={"活動及輔導課": ("活動課", "輔導課")}, strip={"行政課(主政)"})
        ws.undo()
        assert ws.years() == [] and ws.setting(IMPORT_FIXES) is None
        ws.redo()
        assert remembered(ws).split == {"活動及輔導課": ("活動課", "輔導課")}
    with create_workspace(tmp_path / "ws2.planner") as ws:
        apply_import(ws, result, fixes=fixes, remember=True)
        again = remembered(ws).merged(UnitFixes(map={"行政課(主政)": "秘書室"}))
        assert again.action("行政課(主政)") == ("map", ("秘書室",))
        assert again.action("活動及輔導課") == ("split", ("活動課", "輔導課"))
        assert again.with_action("活動及輔導課", "keep").action("活動及輔導課") == ("keep", ("活動及輔導課",))


def test_the_same_corrections_fix_the_table_as_python_docx_writes_it(tmp_path):
    from tests.fixtures.misread_plans import misread_python_docx

    path = misread_python_docx(tmp_path / "python-docx.docx")
    guessed = read_plan_file(path)
    assert guessed.tables[0].guessed == ["focus", None, "method", "units", None]
    result = read_plan_file(path, ImportOptions(columns=COLUMNS, header_rows=2))
    fixes = UnitFixes(split={"活動及輔導課": ("活動課", "輔導課")}, strip_all=True)
    assert tree_of(fix_units(result, fixes).data) == misread_expected()


@pytest.mark.parametrize("name", ["clerk.ods", "numbered.odt", "split.pdf", "numbered-lo.docx"])
def test_options_reach_every_reader(tmp_path, name):
    import shutil
    from pathlib import Path

    source = tmp_path / name
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "converted" / name, source)
    guessed = read_plan_file(source)
    used = next(t for t in guessed.tables if t.used)
    assert used.headers and "units" in used.roles and used.rows > 0
    columns = tuple(IGNORE if role == "units" else None for role in used.roles)
    result = read_plan_file(source, ImportOptions(columns=columns))

    def units(r):
        return [u for i in r.data["items"] for f in i["focuses"] for m in f["methods"] for u in m["units"]]

    assert units(guessed) and units(result) == [] and result.unit_names == []
    assert result.counts() == guessed.counts()


def test_item_paragraphs_choose_which_notes_between_tables_are_items(tmp_path):
    from tests.fixtures.misread_plans import NOTE_BETWEEN, item_tables_docx

    path = item_tables_docx(tmp_path / "每要項一表.docx")
    guessed = read_plan_file(path)
    assert [i["title"] for i in guessed.data["items"]][1] == NOTE_BETWEEN[2:]  # the note read as a 要項
    assert guessed.item_paragraphs == [NOTE_BETWEEN, "二、便民服務"]
    result = read_plan_file(path, ImportOptions(item_paragraphs=frozenset({2})))
    assert [i["title"] for i in result.data["items"]] == [item for item, _ in MISREAD]
    assert [m[0] for _, fs in tree_of(result.data) for _, ms in fs for m in ms] == [
        m for _, fs in MISREAD for _, ms in fs for m, _, _ in ms
    ]
    content = next(s for s in result.data["sections"] if s["heading"] == "計畫內容")
    assert content["text"] == NOTE_BETWEEN  # kept as the section's text, not lost
    none = read_plan_file(path, ImportOptions(item_paragraphs=frozenset()))
    assert [i["title"] for i in none.data["items"]] == [MISREAD[0][0]]
    with pytest.raises(BadInput, match="要項段落的編號"):
        ImportOptions(item_paragraphs=frozenset({0}))

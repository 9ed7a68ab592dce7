"""Excel export of a plan: layout, merges, borders, page setup, fonts, row heights, and the round trip."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

from planner.build import add_plan_from_data
from planner.errors import BadInput
from planner.export.scope import Scope, scope_for, select
from planner.export.xlsx import LINE_PT, export_xlsx, line_count, safe_sheet_name, text_units
from planner.importers import read_plan_file
from planner.layouts import Column, Layout, preset
from planner.model import Plan
from planner.plans import set_layout
from planner.workspace import create_workspace
from tests.planner.review_helpers import boxed_cells, cells_of, expected_merges


@pytest.fixture
def demo_plan(demo_ws) -> Plan:
    return demo_ws.plan(115)


def plan_tree(ws, plan: Plan, months: bool = True, notes: bool = True) -> list:
    """The tree as comparable tuples (numbered, title, body, …)."""

    def method(m):
        return (
            m.numbered,
            m.title,
            m.body,
            ws.unit_names(m.units),
            m.months if months else [],
            m.note if notes else "",
        )

    return [
        (
            i.numbered,
            i.title,
            i.body,
            [(f.numbered, f.title, f.body, f.merge_next, [method(m) for m in f.children]) for f in i.children],
        )
        for i in plan.items
    ]


def data_tree(data: dict, months: bool = True, notes: bool = True) -> list:
    """The imported data as the same tuples."""

    def method(m):
        return (
            m["numbered"],
            m["title"],
            m["body"],
            m["units"],
            m["months"] if months else [],
            m["note"] if notes else "",
        )

    return [
        (
            i["numbered"],
            i["title"],
            i["body"],
            [
                (f["numbered"], f["title"], f["body"], f.get("merge_next", False), [method(m) for m in f["methods"]])
                for f in i["focuses"]
            ],
        )
        for i in data["items"]
    ]


def test_text_measures():
    assert text_units("ab") == 2
    assert text_units("服務") == 4
    assert line_count("", 10) == 1
    assert line_count("服" * 20, 22) == 2  # 40 units in 20 usable
    assert line_count("一\n二\n三", 30) == 3
    assert safe_sheet_name("推廣/課:[1]", []) == "推廣_課__1_"
    assert safe_sheet_name("計畫內容", ["計畫內容"]) == "計畫內容(2)"
    assert len(safe_sheet_name("長" * 40, [])) == 31


def test_demo_layout_title_header_and_merges(demo_ws, demo_plan, tmp_path):
    out = export_xlsx(demo_ws, demo_plan, tmp_path / "計畫.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["計畫內容", "計畫說明"]
    sheet = wb["計畫內容"]
    assert sheet["A1"].value == "星河市立圖書館115年度提升服務工作計畫"
    assert (sheet["A1"].font.name, sheet["A1"].font.b, sheet["A1"].font.sz) == ("標楷體", True, 16)
    assert sheet["A2"].value.startswith("中華民國115年1月20日")
    assert [sheet.cell(3, c).value for c in range(1, 5)] == ["工作要項", "工作重點", None, "業務單位"]
    body = expected_merges(demo_plan, 4)
    ranges = {str(r) for r in sheet.merged_cells.ranges}
    assert ranges == {"A1:D1", "A2:D2", "B3:C3"} | body
    assert len(body) > 20
    boxed = boxed_cells(out, "計畫內容")
    for rng in sheet.merged_cells.ranges:
        if rng.min_row >= 3:
            assert all(boxed[c] for c in cells_of(rng)), f"borders missing in {rng}"
    last = 3 + len(demo_plan.methods())
    assert sheet.max_row == last
    assert all(boxed[f"{col}{r}"] for r in range(3, last + 1) for col in "ABCD")
    first_method = sheet["C4"].value
    assert first_method.startswith("1.依星河市政府提升服務實施計畫")
    assert sheet["D4"].value == "秘書室"
    assert sheet["C5"].value == "1.借閱服務標準作業程序\n將辦證、借還、續借、預約及逾期處理等作業訂為標準作業程序，" + (
        "繪製流程圖並標示各步驟處理時限，張貼於各服務櫃檯，同時公告於本館網站。"
    )
    assert sheet["D6"].value == "閱覽服務課\n資訊課"


def test_page_setup_fonts_wrap_and_heights(demo_ws, demo_plan, tmp_path):
    out = export_xlsx(demo_ws, demo_plan, tmp_path / "計畫.xlsx")
    sheet = openpyxl.load_workbook(out)["計畫內容"]
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.orientation) == (9, "landscape")
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows in ("3:3", "$3:$3")
    assert sheet.freeze_panes == "A4"
    assert sheet.page_margins.left > 0.3
    assert "&P" in sheet.oddFooter.center.text
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == "標楷體", cell.coordinate
    for r in range(4, sheet.max_row + 1):
        for c in range(1, 5):
            cell = sheet.cell(r, c)
            if not isinstance(cell, MergedCell):  # openpyxl drops the styles of covered cells when loading
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width > sheet.column_dimensions["D"].width
    heights = [sheet.row_dimensions[r].height for r in range(4, sheet.max_row + 1)]
    assert all(h and h >= LINE_PT for h in heights)
    assert sheet.row_dimensions[4].height > 3 * LINE_PT  # a 4-line method
    with zipfile.ZipFile(out) as zf:
        styles = zf.read("xl/styles.xml").decode()
    assert "Calibri" not in styles and 'name val="標楷體"' in styles


def test_merged_block_height_spread_over_its_rows(ws, tmp_path):
    data = {
        "year": 114,
        "items": [
            {
                "title": "很長的要項" * 30,
                "focuses": [{"title": "短", "methods": [{"title": "一"}, {"title": "二"}]}],
            }
        ],
    }
    plan = add_plan_from_data(ws, data)
    out = export_xlsx(ws, plan, tmp_path / "高.xlsx")
    sheet = openpyxl.load_workbook(out)["計畫內容"]
    need = line_count(sheet["A3"].value, sheet.column_dimensions["A"].width) * LINE_PT
    rows = [sheet.row_dimensions[r].height for r in (3, 4)]
    assert sum(rows) >= need
    assert rows[0] == rows[1]  # spread evenly


def test_every_preset_and_a_custom_layout(demo_ws, demo_plan, tmp_path):
    custom = Layout((Column("要項", ("item",)), Column("重點與方法", ("focus", "method")), Column("期限", ("months",))))
    for key, layout in [*((k, preset(k)) for k in ("execution", "implementation", "worksheet", "full")), ("c", custom)]:
        set_layout(demo_ws, demo_plan, layout)
        out = export_xlsx(demo_ws, demo_plan, tmp_path / f"{key}.xlsx")
        sheet = openpyxl.load_workbook(out)["計畫內容"]
        fields = [f for c in layout.columns for f in c.fields]
        header = [sheet.cell(3, c).value for c in range(1, len(fields) + 1)]
        assert [h for h in header if h] == layout.headers
        assert sheet.max_column == len(fields)
        result = read_plan_file(out)
        assert result.layout.headers == layout.headers
        assert result.counts() == {1: 7, 2: 23, 3: 50}


def test_round_trip_demo_in_its_own_layout(demo_ws, demo_plan, tmp_path):
    out = export_xlsx(demo_ws, demo_plan, tmp_path / "計畫.xlsx", per_unit_sheets=True)
    result = read_plan_file(out)
    assert result.warnings == []
    data = result.data
    assert (data["agency"], data["year"], data["title"]) == ("星河市立圖書館", 115, "115年度提升服務工作計畫")
    assert data["issued"] == demo_plan.issued
    assert result.layout == demo_plan.layout
    # The kaohsiung layout shows no months or notes: the tree and units come back.
    assert data_tree(data, months=False, notes=False) == plan_tree(demo_ws, demo_plan, months=False, notes=False)


def test_round_trip_demo_in_the_full_layout(demo_ws, demo_plan, tmp_path):
    set_layout(demo_ws, demo_plan, preset("full"))
    out = export_xlsx(demo_ws, demo_plan, tmp_path / "計畫.xlsx")
    result = read_plan_file(out)
    assert result.warnings == []
    assert data_tree(result.data) == plan_tree(demo_ws, demo_plan)
    assert sorted(result.unit_names) == sorted(["秘書室", "閱覽服務課", "推廣課", "資訊課"])


def test_per_unit_sheets(demo_ws, demo_plan, tmp_path):
    out = export_xlsx(demo_ws, demo_plan, tmp_path / "計畫.xlsx", per_unit_sheets=True)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["計畫內容", "計畫說明", "秘書室", "閱覽服務課", "推廣課", "資訊課"]
    labels = demo_plan.numbering()
    for name in wb.sheetnames[2:]:
        sheet = wb[name]
        assert sheet["A2"].value == f"（業務單位：{name}）"
        unit = demo_ws.unit_by_name(name)
        mine = [m for m in demo_plan.methods() if unit.id in m.units]
        shown = [sheet.cell(r, 3).value for r in range(5, sheet.max_row + 1)]
        assert len(shown) == len(mine)
        for text, method in zip(shown, mine):
            assert text.startswith(labels[method.id] + (method.title or method.body[:5]))
        assert all(name in sheet.cell(r, 4).value.split("\n") for r in range(5, sheet.max_row + 1))
        scope = scope_for(demo_ws, demo_plan, unit=name)
        assert {str(r) for r in sheet.merged_cells.ranges} - {"A1:D1", "A2:D2", "A3:D3", "B4:C4"} == {
            rng for rng in _scoped_merges(demo_plan, scope, 5)
        }
        assert sheet.print_title_rows in ("4:4", "$4:$4")


def _scoped_merges(plan, scope, first):
    from planner.export.scope import focus_groups

    out = set()
    row = first
    for _, focuses in select(plan, scope):
        item_row = row
        for group in focus_groups(focuses):
            focus_row = row
            row += max(1, sum(len(ms) for _, ms in group))
            if row - 1 > focus_row:
                out.add(f"B{focus_row}:B{row - 1}")
        if row - 1 > item_row:
            out.add(f"A{item_row}:A{row - 1}")
    return out


def test_item_scope_and_errors(demo_ws, demo_plan, ws, tmp_path):
    out = export_xlsx(demo_ws, demo_plan, tmp_path / "三.xlsx", Scope(item_index=3))
    sheet = openpyxl.load_workbook(out)["計畫內容"]
    assert sheet["A2"].value.startswith("（三、")
    assert sheet["A5"].value.startswith("三、")
    with pytest.raises(BadInput, match="副檔名"):
        export_xlsx(demo_ws, demo_plan, tmp_path / "x.docx")
    from planner.plans import create_plan

    empty = create_plan(ws, 114)
    with pytest.raises(BadInput, match="沒有相關"):
        export_xlsx(ws, empty, tmp_path / "空.xlsx", scope_for(ws, empty, unit="行政課"))
    assert export_xlsx(ws, empty, tmp_path / "空.xlsx").exists()  # an empty plan still has title and header


def test_odd_text_stays_text(ws, tmp_path):
    data = {
        "year": 114,
        "title": "114年度提升服務工作計畫",
        "items": [
            {
                "title": "=SUM(A1:A3)",
                "numbered": False,
                "focuses": [
                    {
                        "title": "#N/A",
                        "numbered": False,
                        "methods": [{"title": "控制\x07字元", "body": "a\x01b", "units": ["行政課"]}],
                    }
                ],
            }
        ],
    }
    plan = add_plan_from_data(ws, data)
    out = export_xlsx(ws, plan, tmp_path / "怪.xlsx")
    sheet = openpyxl.load_workbook(out)["計畫內容"]
    assert (sheet["A3"].data_type, sheet["A3"].value) == ("s", "=SUM(A1:A3)")
    assert (sheet["B3"].data_type, sheet["B3"].value) == ("s", "#N/A")
    assert sheet["C3"].value == "1.控制字元\nab"


# ---------------------------------------------------------------- generated plans

WORD = st.text(alphabet="甲乙丙丁戊己庚辛壬癸服務品質民眾資訊公開便民流程", min_size=1, max_size=10)
BODY = st.lists(WORD, max_size=2).map("\n".join)
UNITS = ["行政課", "教務課", "輔導課"]
METHOD = st.fixed_dictionaries(
    {
        "title": WORD,
        "body": BODY,
        "numbered": st.booleans(),
        "units": st.lists(st.sampled_from(UNITS), unique=True, max_size=3),
        "months": st.lists(st.integers(1, 12), unique=True, max_size=3).map(sorted),
        "note": BODY,
    }
)
FOCUS = st.fixed_dictionaries(
    {
        "title": WORD,
        "body": BODY,
        "numbered": st.booleans(),
        "merge_next": st.booleans(),
        "methods": st.lists(METHOD, max_size=3),
    }
)
ITEM = st.fixed_dictionaries(
    {"title": WORD, "body": BODY, "numbered": st.booleans(), "focuses": st.lists(FOCUS, max_size=3)}
)


def _shareable(items: list[dict]) -> list[dict]:
    """Keep shared 重點 cells only where the table can show them: numbered neighbours, methods on the last one."""
    for item in items:
        focuses = item["focuses"]
        for i, focus in enumerate(focuses):
            nxt = focuses[i + 1] if i + 1 < len(focuses) else None
            focus["merge_next"] = bool(
                focus["merge_next"] and nxt is not None and focus["numbered"] and nxt["numbered"]
            )
            if focus["merge_next"]:
                focus["methods"] = []
    return items


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(items=st.lists(ITEM, min_size=1, max_size=3).map(_shareable))
def test_round_trip_generated_plans(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("gen")
    ws = create_workspace(folder / "w.planner", agency="測試區公所", units=UNITS)
    try:
        plan = add_plan_from_data(ws, {"year": 114, "columns": "full", "items": items})
        out = export_xlsx(ws, plan, folder / "p.xlsx", per_unit_sheets=True)
        result = read_plan_file(out)
        assert result.data["year"] == 114
        assert data_tree(result.data) == plan_tree(ws, plan)
    finally:
        ws.close()

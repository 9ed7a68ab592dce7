"""Reading plans from Excel sheets: hand-made, or laid out like the app's own export (merged 要項/重點)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from planner.errors import BadInput
from planner.importers import apply_import, read_plan_file
from planner.layouts import preset
from planner.show import plan_to_dict


def handmade(path: Path) -> Path:
    """Header words in row 1; 要項 and 重點 merged vertically over their methods."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "114年度"
    ws.append(["工作要項", "工作重點", "工作方法", "業務單位", "查核期限", "備註"])
    rows = [
        [
            "一、完備基礎服務項目",
            "(一)建立業務標準作業流程。",
            "1.訂立標準作業程序\n訂立標準作業程序，登載於網站。",
            "教務課、輔導課",
            "6月、12月",
            None,
        ],
        [None, None, "2.簡政便民服務\n定期檢討作業流程。", "行政課\n教務課", "12月", "配合市府"],
        [None, "(二)提供民眾易讀的服務資訊。", "公布標準作業流程\n於服務場所公布。", "教務課", "每季", None],
        ["二、重視全程意見回饋", "(一)納入民眾參與。", "1.建置民眾參與多元管道", "行政課", None, None],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("A2:A4")
    ws.merge_cells("B2:B3")
    wb.save(path)
    return path


def test_handmade_sheet(tmp_path: Path) -> None:
    result = read_plan_file(handmade(tmp_path / "手做.xlsx"))
    assert result.kind == "xlsx"
    data = result.data
    assert data["year"] == 114
    assert any("114年度" in w for w in result.warnings)
    assert result.layout == preset("full")
    assert data["columns"] == ["工作要項", "工作重點", "工作方法", "業務單位", "查核期限", "備註"]
    items = data["items"]
    assert [i["title"] for i in items] == ["完備基礎服務項目", "重視全程意見回饋"]
    assert [f["title"] for f in items[0]["focuses"]] == ["建立業務標準作業流程。", "提供民眾易讀的服務資訊。"]
    m = items[0]["focuses"][0]["methods"]
    assert [(x["title"], x["body"], x["units"], x["months"], x["note"]) for x in m] == [
        ("訂立標準作業程序", "訂立標準作業程序，登載於網站。", ["教務課", "輔導課"], [6, 12], ""),
        ("簡政便民服務", "定期檢討作業流程。", ["行政課", "教務課"], [12], "配合市府"),
    ]
    third = items[0]["focuses"][1]["methods"][0]
    assert (third["numbered"], third["title"], third["months"]) == (False, "公布標準作業流程", [3, 6, 9, 12])
    assert result.unit_names == ["教務課", "輔導課", "行政課"]
    assert result.counts() == {1: 2, 2: 3, 3: 4}


def test_handmade_sheet_round_trip(ws, tmp_path: Path) -> None:
    result = read_plan_file(handmade(tmp_path / "手做.xlsx"))
    plan = apply_import(ws, result)
    shown = plan_to_dict(ws, plan)
    assert shown["columns"] == ["工作要項", "工作重點", "工作方法", "業務單位", "查核期限", "備註"]
    assert [m["number"] for m in shown["items"][0]["focuses"][0]["methods"]] == ["1", "2"]
    assert shown["items"][0]["focuses"][1]["methods"][0]["number"] is None
    assert shown["items"][0]["focuses"][0]["methods"][1]["note"] == "配合市府"
    ws.undo()
    assert ws.years() == []


def export_like(path: Path) -> Path:
    """Title rows above the header; 工作重點 spans the 重點 and method columns (the kaohsiung layout)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "計畫內容"
    ws["A1"] = "高雄市政府勞工局博愛職業技能訓練中心"
    ws["A2"] = "113年度提升服務工作計畫"
    ws.merge_cells("A1:D1")
    ws.merge_cells("A2:D2")
    ws.append([])
    ws["A4"], ws["B4"], ws["D4"] = "工作要項", "工作重點", "業務單位"
    ws.merge_cells("B4:C4")
    data = [
        ("訂定「提升服務計畫」", "訂定機關年度提升服務計畫。", "依據市府實施計畫訂定本中心計畫。", "行政課"),
        ("一、完備基礎服務項目", "(一)建立業務標準作業流程。", "1.訂立標準作業程序", "教務課"),
        (None, None, "2.簡政便民服務", "行政課、教務課"),
        (None, "(二)提供服務資訊。", "1.公布標準作業流程", "教務課"),
    ]
    for r, row in enumerate(data, start=5):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    ws.merge_cells("A6:A8")
    ws.merge_cells("B6:B7")
    wb.save(path)
    return path


def test_export_like_sheet(ws, tmp_path: Path) -> None:
    result = read_plan_file(export_like(tmp_path / "匯出.xlsx"))
    data = result.data
    assert (data["agency"], data["year"], data["title"]) == (
        "高雄市政府勞工局博愛職業技能訓練中心",
        113,
        "113年度提升服務工作計畫",
    )
    assert result.layout == preset("kaohsiung")
    assert result.warnings == []
    assert result.counts() == {1: 2, 2: 3, 3: 4}
    first = data["items"][0]
    assert (first["numbered"], first["title"]) == (False, "訂定「提升服務計畫」")
    assert first["focuses"][0]["methods"][0]["body"] == "依據市府實施計畫訂定本中心計畫。"
    plan = apply_import(ws, result)
    shown = plan_to_dict(ws, plan)
    assert [i["number"] for i in shown["items"]] == [None, "一"]
    assert shown["items"][1]["focuses"][0]["methods"][1]["units"] == ["行政課", "教務課"]


def test_sheet_without_header_is_not_a_plan(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "電話"])
    wb.active.append(["王小明", "123"])
    path = tmp_path / "通訊錄.xlsx"
    wb.save(path)
    with pytest.raises(BadInput, match="找不到計畫內容"):
        read_plan_file(path)


def test_year_unknown_needs_a_year(ws, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "工作表"
    sheet.append(["執行要項", "執行重點", "執行方法", "執行單位"])
    sheet.append(["一、甲", "(一)乙", "1.丙", "秘書室"])
    path = tmp_path / "計畫.xlsx"
    wb.save(path)
    result = read_plan_file(path)
    assert result.data["year"] is None
    assert result.layout == preset("execution")
    with pytest.raises(BadInput, match="年度"):
        apply_import(ws, result)
    plan = apply_import(ws, result, year=114)
    assert plan.title == "114年度提升服務工作計畫"
    assert [u.name for u in ws.unit_list][-1] == "秘書室"

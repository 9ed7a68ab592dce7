"""Plans with known edits for the compare tests."""

from __future__ import annotations

from planner import operations as ops
from planner.build import add_plan_from_data
from planner.model import Plan
from planner.plans import copy_plan_to_year
from planner.workspace import Workspace
from tests.planner.helpers import build_small, by_title

# The counts of edited_copy's comparison.
EDITED_COUNTS = {"延續": 6, "修正": 2, "新增": 2, "刪除": 1, "移動": 1}


def edited_copy(ws: Workspace) -> tuple[Plan, Plan]:
    """Return build_small's 114 plan and a 115 copy with known edits.

    m1 reworded (修正 text), m2 given a unit (修正 units), m4 moved from 乙一 to 甲一 (移動), m5 deleted,
    m0 inserted before m3 (m3 only renumbered: 延續) and m6 appended under 甲二 (新增).
    """
    old = build_small(ws, 114)
    new = copy_plan_to_year(ws, 114, 115)
    unit = ws.unit_by_name("行政課")
    ops.set_fields(ws, new, by_title(new, "m1").id, title="m1 建立線上申辦流程")
    ops.set_units(ws, new, by_title(new, "m2").id, [unit.id])
    ops.move_node(ws, new, by_title(new, "m4").id, by_title(new, "甲一").id, 2)
    ops.delete_node(ws, new, by_title(new, "m5").id)
    ops.add_node(ws, new, by_title(new, "甲二").id, 0, title="m0")
    ops.add_node(ws, new, by_title(new, "甲二").id, None, title="m6")
    return old, new


def method(title: str, body: str, units: list[str], months: list[int], note: str = "") -> dict:
    """Return a method in the show --json shape."""
    return {"title": title, "body": body, "units": units, "months": months, "note": note}


def imported_pair(ws: Workspace) -> tuple[Plan, Plan]:
    """Return two plans built from data (no source links), the second with known edits.

    Old: 一、(一) three methods; 二、(一) one method. New: the first method reworded slightly (fuzzy 修正 text),
    the second with other months (修正 months), the third unchanged but moved to 二、(一) (移動), 二、's
    method deleted, a new method added; 要項 and 重點 renumbered by an unnumbered 要項 inserted before 一、.
    """
    a = method("建立標準作業流程", "訂定各項申辦業務之標準作業程序，並公開於本所網站供民眾查詢。", ["行政課"], [6, 12])
    b = method("辦理服務滿意度調查", "每年辦理民眾滿意度調查一次，分析結果並檢討改進。", ["輔導課"], [12])
    c = method("設置單一服務窗口", "於一樓設置單一窗口，提供一站式服務。", ["教務課"], [6])
    d = method("推動志工服務", "招募志工協助引導洽公民眾。", ["行政課"], [6, 12], "每季檢討")
    old = add_plan_from_data(
        ws,
        {
            "year": 113,
            "items": [
                {"title": "完備基礎服務項目", "focuses": [{"title": "建立業務標準作業流程", "methods": [a, b, c]}]},
                {"title": "重視全程意見回饋", "focuses": [{"title": "開放民眾參與", "methods": [d]}]},
            ],
        },
    )
    a2 = dict(a, body="訂定各項申辦業務之標準作業程序，並公開於本所網站及臉書粉絲專頁供民眾查詢。")
    b2 = dict(b, months=[6, 12])
    e = method("推廣行動支付", "櫃檯全面提供行動支付繳費。", ["行政課"], [12])
    new = add_plan_from_data(
        ws,
        {
            "year": 114,
            "items": [
                {"title": "訂定「提升服務計畫」", "numbered": False, "focuses": []},
                {"title": "完備基礎服務項目", "focuses": [{"title": "建立業務標準作業流程", "methods": [a2, b2, e]}]},
                {"title": "重視全程意見回饋", "focuses": [{"title": "開放民眾參與", "methods": [c]}]},
            ],
        },
    )
    return old, new

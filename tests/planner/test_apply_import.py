"""Applying an import result: one undoable edit, the result untouched, the plan in memory as the file holds it."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest
from peewee import fn

from planner.build import add_plan_from_data
from planner.errors import BadInput
from planner.importers import apply_import
from planner.importers.result import ImportResult
from planner.importers.unit_fixes import UnitFixes, fix_units
from planner.show import plan_to_dict
from planner.steps.base import Step
from planner.steps.plans import plan_snapshot
from planner.store.load import load_plan
from planner.store.schema import NodeRow, NodeUnitRow
from planner.workspace import Workspace


def method(title: str, units: list[str], months: list[Any]) -> dict[str, Any]:
    return {"title": title, "body": f"{title}的說明", "numbered": True, "units": units, "months": months, "note": ""}


def result_of(methods: list[dict[str, Any]], year: int | None = 113) -> ImportResult:
    data = {
        "year": year,
        "title": f"{year}年度提升服務工作計畫" if year else "提升服務工作計畫",
        "sections": [{"heading": "計畫目標", "text": "提升服務品質"}],
        "items": [
            {
                "title": "便民服務",
                "body": "",
                "focuses": [
                    {"title": "簡化流程", "body": "", "methods": methods[:2]},
                    {"title": "親切服務", "body": "", "methods": methods[2:]},
                ],
            },
            {"title": "資訊公開", "body": "", "focuses": [{"title": "網站", "body": "", "methods": []}]},
        ],
    }
    names = list(dict.fromkeys(u for m in methods for u in m["units"]))
    return ImportResult(data=data, unit_names=names, kind="xlsx")


def sample() -> ImportResult:
    return result_of(
        [
            method("設置單一窗口", ["行政課", "活動課"], [6, 12]),
            method("線上申辦", ["活動課及輔導課"], [12, 6, 6]),
            method("微笑運動", ["活動組", "教務課"], [3]),
            method("意見箱", ["各課室"], []),
        ]
    )


def digest(ws: Workspace) -> str:
    return hashlib.sha256(ws.path.read_bytes()).hexdigest()


def preorder_ids(items: list[Any]) -> list[int]:
    out: list[int] = []
    stack = list(reversed(items))
    while stack:
        node = stack.pop()
        out.append(node.id)
        stack.extend(reversed(node.children))
    return out


def test_applying_changes_neither_the_result_nor_its_corrected_copy(ws: Workspace) -> None:
    result = sample()
    before = copy.deepcopy(result.data)
    fixes = UnitFixes(map={"活動組": "活動課"}, split={"活動課及輔導課": ("活動課", "輔導課")})
    fixed = fix_units(result, fixes)
    fixed_before = copy.deepcopy(fixed.data)
    assert result.data == before  # correcting makes a copy
    assert fixed.data["items"][0]["focuses"][0]["methods"][1]["units"] == ["活動課", "輔導課"]
    assert fixed.unit_names == ["行政課", "活動課", "輔導課", "教務課", "各課室"]
    apply_import(ws, result, year=114, unit_map={"活動課": "教務課"}, fixes=fixes)
    assert result.data == before
    assert fixed.data == fixed_before
    assert result.unit_names == ["行政課", "活動課", "活動課及輔導課", "活動組", "教務課", "各課室"]


def test_units_mapped_to_one_are_kept_once_in_file_order(ws: Workspace) -> None:
    plan = apply_import(ws, sample(), unit_map={"活動課": "教務課", "活動組": "教務課"})
    got = plan_to_dict(ws, plan)
    methods = [m for item in got["items"] for f in item["focuses"] for m in f["methods"]]
    assert [m["units"] for m in methods] == [["行政課", "教務課"], ["活動課及輔導課"], ["教務課"], ["各課室"]]
    assert [m["months"] for m in methods] == [[6, 12], [6, 12], [3], []]
    assert "活動組" not in [u.name for u in ws.unit_list]


def test_the_plan_in_memory_is_the_plan_in_the_file_ids_in_document_order(ws: Workspace) -> None:
    plan = apply_import(ws, sample())
    assert ws.plan(113) is plan
    loaded = load_plan(ws.db, plan.id)
    assert plan_snapshot(plan) == plan_snapshot(loaded)
    assert plan_to_dict(ws, plan) == plan_to_dict(ws, loaded)
    ids = preorder_ids(plan.items)
    assert ids == sorted(ids) and len(ids) == 2 + 3 + 4
    assert sorted(plan.nodes) == ids
    for node in plan.nodes.values():
        for child in node.children:
            assert child.parent is node
    assert plan.counts() == sample().counts()


def test_undo_removes_the_plan_rows_and_its_units(ws: Workspace) -> None:
    units = [u.name for u in ws.unit_list]
    apply_import(ws, sample())
    assert ws.db.execute(NodeRow.select(fn.COUNT(NodeRow.id))).fetchone()[0] == 9
    assert "活動課" in [u.name for u in ws.unit_list]
    ws.undo()
    assert ws.years() == []
    assert [u.name for u in ws.unit_list] == units
    assert ws.undo_text is None
    assert ws.db.execute(NodeRow.select(fn.COUNT(NodeRow.id))).fetchone()[0] == 0
    assert ws.db.execute(NodeUnitRow.select(fn.COUNT(NodeUnitRow.node))).fetchone()[0] == 0
    assert ws.state.plans == {}


def test_redo_restores_the_same_plan(ws: Workspace) -> None:
    plan = apply_import(ws, sample())
    shown, snap = plan_to_dict(ws, plan), plan_snapshot(plan)
    ws.undo()
    ws.redo()
    again = ws.plan(113)
    assert plan_to_dict(ws, again) == shown
    assert plan_snapshot(again) == snap
    assert plan_snapshot(load_plan(ws.db, again.id)) == snap


def test_months_outside_the_year_are_refused_before_anything_is_written(ws: Workspace) -> None:
    before = digest(ws)
    result = result_of([method("設置單一窗口", ["行政課"], [6, 13])])
    with pytest.raises(BadInput, match="查核月份不正確"):
        apply_import(ws, result)
    assert ws.years() == []
    assert ws.undo_text is None
    assert digest(ws) == before


class Boom(Step):
    """A step that fails after the plan was written (a disk error, say)."""

    def apply(self, state: Any) -> None:
        """Fail."""
        raise BadInput("寫入失敗")

    def revert(self, state: Any) -> None:
        """Nothing to undo."""


def test_a_failure_in_the_same_edit_leaves_the_workspace_unchanged(ws: Workspace) -> None:
    before = digest(ws)
    units = [u.name for u in ws.unit_list]
    data = {"year": 113, "items": sample().data["items"]}
    with pytest.raises(BadInput, match="寫入失敗"):
        add_plan_from_data(ws, data, steps=[Boom()])
    assert ws.years() == []
    assert not ws.has_plan(113)
    assert ws.state.plans == {}
    assert [u.name for u in ws.unit_list] == units
    assert ws.undo_text is None
    assert digest(ws) == before

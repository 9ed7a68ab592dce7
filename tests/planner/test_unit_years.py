"""Units over the years: a rename or merge from a year on; earlier plans keep the names they had."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from planner.errors import OperationRefused
from planner.export.docx import export_docx
from planner.operations import add_node, set_units
from planner.plans import copy_plan_to_year, create_plan
from planner.show import plan_to_dict
from planner.units import merge_units, rename_unit
from planner.workspace import Workspace, open_workspace


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _two_years(ws: Workspace) -> None:
    plan = create_plan(ws, 115)
    item = add_node(ws, plan, None, 1, "便民服務")
    focus = add_node(ws, plan, item.id, 2, "提升服務品質")
    method = add_node(ws, plan, focus.id, 3, "辦理研習")
    set_units(ws, plan, method.id, [ws.unit_by_name("教務課").id])
    copy_plan_to_year(ws, 115, 116)


def test_rename_from_a_year_keeps_earlier_names_in_exports(ws: Workspace, tmp_path: Path) -> None:
    _two_years(ws)
    unit = ws.unit_by_name("教務課")
    rename_unit(ws, unit.id, "推廣課", from_year=116)
    assert ws.unit_names([unit.id], 115) == ["教務課"] and ws.unit_names([unit.id], 116) == ["推廣課"]
    assert ws.unit_names([unit.id], 120) == ["推廣課"] and ws.unit(unit.id).name == "推廣課"
    old = _docx_text(export_docx(ws, ws.plan(115), tmp_path / "115.docx"))
    new = _docx_text(export_docx(ws, ws.plan(116), tmp_path / "116.docx"))
    assert "教務課" in old and "推廣課" not in old
    assert "推廣課" in new and "教務課" not in new
    assert plan_to_dict(ws, ws.plan(115))["units"] == ["教務課"]
    path = ws.path
    ws.undo()
    assert ws.unit_names([unit.id], 116) == ["教務課"] and ws.state.unit_history == {}
    ws.redo()
    ws.close()
    again = open_workspace(path, backup=False)
    try:
        assert again.unit_names([unit.id], 115) == ["教務課"] and again.unit_names([unit.id], 116) == ["推廣課"]
        rename_unit(again, unit.id, "研習課")  # all years, as before
        assert again.unit_names([unit.id], 115) == ["研習課"] and again.state.unit_history == {}
    finally:
        again.close()


def test_rename_twice_and_bad_year(ws: Workspace) -> None:
    _two_years(ws)
    unit = ws.unit_by_name("教務課")
    rename_unit(ws, unit.id, "推廣課", from_year=116)
    rename_unit(ws, unit.id, "研習課", from_year=118)
    assert [ws.unit_names([unit.id], y)[0] for y in (115, 116, 117, 118)] == ["教務課", "推廣課", "推廣課", "研習課"]
    rename_unit(ws, unit.id, "推廣課", from_year=116)  # from 116 on again: the 118 name goes
    assert [ws.unit_names([unit.id], y)[0] for y in (115, 118)] == ["教務課", "推廣課"]
    with pytest.raises(OperationRefused, match="起始年度不正確"):
        rename_unit(ws, unit.id, "X課", from_year=0)
    assert ws.unit(unit.id).name == "推廣課"


def test_merge_from_a_year_leaves_earlier_plans(ws: Workspace) -> None:
    _two_years(ws)
    source, target = ws.unit_by_name("教務課"), ws.unit_by_name("輔導課")
    changed = merge_units(ws, source.id, target.id, from_year=116)
    assert changed == 1
    assert ws.plan(115).methods()[0].units == [source.id] and ws.plan(116).methods()[0].units == [target.id]
    assert ws.unit(source.id).retired
    ws.undo()
    assert ws.plan(116).methods()[0].units == [source.id] and not ws.unit(source.id).retired


def test_undoing_a_merge_brings_the_names_by_year_back(ws: Workspace) -> None:
    _two_years(ws)
    source, target = ws.unit_by_name("教務課"), ws.unit_by_name("輔導課")
    rename_unit(ws, source.id, "推廣課", from_year=116)
    merge_units(ws, source.id, target.id)
    assert ws.plan(115).methods()[0].units == [target.id]
    ws.undo()
    assert ws.unit_names([source.id], 115) == ["教務課"] and ws.unit_names([source.id], 116) == ["推廣課"]
    assert ws.plan(115).methods()[0].units == [source.id]

"""Importing a .docx keeps the source's page orientation in the plan's layout."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.export.docx import export_docx
from planner.importers import apply_import, read_plan_file
from planner.layouts import preset
from planner.plans import set_layout


@pytest.mark.parametrize("landscape", [False, True])
def test_docx_import_keeps_orientation(demo_ws, tmp_path, landscape):
    plan = demo_ws.plan(115)
    five = replace(preset("implementation"), landscape=landscape)  # 5 columns, landscape by default
    set_layout(demo_ws, plan, five)
    source = export_docx(demo_ws, plan, tmp_path / "來源.docx")
    result = read_plan_file(source)
    assert result.layout.headers == five.headers
    assert result.layout.landscape is landscape
    imported = apply_import(demo_ws, result, year=120)
    assert imported.layout.landscape is landscape and imported.layout.headers == five.headers


def test_sample_portrait_stays_portrait():
    from pathlib import Path

    result = read_plan_file(Path(__file__).parents[1] / "fixtures" / "samples" / "000-l4.docx")
    assert result.layout.landscape is False


@pytest.mark.parametrize("landscape", [False, True])
def test_odt_import_keeps_orientation(demo_ws, tmp_path, landscape):
    from planner.export.odt import export_odt

    plan = demo_ws.plan(115)
    five = replace(preset("implementation"), landscape=landscape)
    set_layout(demo_ws, plan, five)
    result = read_plan_file(export_odt(demo_ws, plan, tmp_path / "來源.odt"))
    assert result.layout.headers == five.headers and result.layout.landscape is landscape

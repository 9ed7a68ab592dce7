"""Build a plan from plain data (unit names, no ids): used by the demo and by importers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.errors import BadInput
from planner.layouts import Layout, preset
from planner.model import Plan
from planner.numerals import FOCUS, ITEM, METHOD
from planner.plans import DEFAULT_MILESTONES, check_year, default_title
from planner.steps import InsertPlan
from planner.steps.base import Step
from planner.units import ensure_units
from planner.workspace import Workspace


def _node(data: dict[str, Any], level: int, units: dict[str, int]) -> dict[str, Any]:
    kids = {ITEM: "focuses", FOCUS: "methods"}.get(level)
    return {
        "id": None,
        "level": level,
        "title": data.get("title", "") or "",
        "body": data.get("body", "") or "",
        "numbered": data.get("numbered", True),
        "note": data.get("note", "") or "",
        "kpi": (data.get("kpi", "") or "") if level == METHOD else "",
        "units": [units[u] for u in data.get("units", [])] if level == METHOD else [],
        "months": sorted(set(data.get("months", []))) if level == METHOD else [],
        "merge_next": bool(data.get("merge_next", False)),
        "children": [_node(c, level + 1, units) for c in data.get(kids, [])] if kids else [],
    }


def add_plan_from_data(
    ws: Workspace, data: dict[str, Any], name: str | None = None, steps: Sequence[Step] = ()
) -> Plan:
    """Create a plan from a dict in the show --json shape (plus optional milestones, layout).

    steps: more changes made in the same undoable edit (the import's remembered unit corrections).
    """
    year = check_year(int(data["year"]))
    if ws.has_plan(year):
        raise BadInput(f"{year} 年度的計畫已經存在。")
    columns = data.get("columns", "kaohsiung")
    layout = preset(columns) if isinstance(columns, str) else Layout.from_json(data.get("layout"))
    names = [
        u
        for item in data.get("items", [])
        for f in item.get("focuses", [])
        for m in f.get("methods", [])
        for u in m.get("units", [])
    ]
    names += [m["unit"] for m in data.get("milestones", []) if m.get("unit")]
    with ws.edit(name or f"新增 {year} 年度計畫") as tx:
        units = ensure_units(ws, tx, list(dict.fromkeys(names)))
        milestones = data.get("milestones")
        if milestones is None:
            milestones = [{"month": m, "day": d, "title": t} for m, d, t in DEFAULT_MILESTONES]
        snap = {
            "id": None,
            "year": year,
            "title": data.get("title") or default_title(year),
            "agency": data.get("agency") or ws.agency,
            "issued": data.get("issued") or "",
            "layout": layout.to_json(),
            "source_plan_id": None,
            "sections": [
                {"id": None, "heading": s["heading"], "text": s.get("text", ""), "numbered": s.get("numbered", True)}
                for s in data.get("sections", [])
            ],
            "milestones": [
                {
                    "id": None,
                    "month": m["month"],
                    "day": m.get("day"),
                    "title": m["title"],
                    "unit_id": units[m["unit"]] if m.get("unit") else None,
                }
                for m in milestones
            ],
            "items": [_node(item, ITEM, units) for item in data.get("items", [])],
        }
        tx.do(ws, InsertPlan(snap))
        for step in steps:
            tx.do(ws, step)
    return ws.plan(year)

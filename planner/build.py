"""Build a plan from plain data (unit names, no ids): used by the demo and by importers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planner.errors import BadInput
from planner.layouts import Layout, preset
from planner.model import Plan
from planner.numerals import FOCUS, ITEM, METHOD
from planner.plans import DEFAULT_MILESTONES, check_year, default_title
from planner.steps import InsertPlan
from planner.steps.base import Step
from planner.store.rows import paused_gc
from planner.units import ensure_units
from planner.workspace import Workspace


def _text(data: dict[str, Any], key: str) -> str:
    return data.get(key, "") or ""


def _method(data: dict[str, Any], ids: dict[str, int], rename: Mapping[str, str]) -> dict[str, Any]:
    get = data.get
    unit_ids = list(dict.fromkeys(ids[rename.get(u, u)] for u in get("units", ())))  # no unit twice
    return {
        "id": None,
        "level": METHOD,
        "title": get("title", "") or "",
        "body": get("body", "") or "",
        "numbered": bool(get("numbered", True)),
        "note": get("note", "") or "",
        "kpi": get("kpi", "") or "",
        "units": unit_ids,
        "months": sorted({int(m) for m in get("months", ())}),
        "merge_next": bool(get("merge_next", False)),
        "children": [],
    }


def _parent(data: dict[str, Any], level: int, children: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": None,
        "level": level,
        "title": _text(data, "title"),
        "body": _text(data, "body"),
        "numbered": bool(data.get("numbered", True)),
        "note": _text(data, "note"),
        "kpi": "",
        "units": [],
        "months": [],
        "merge_next": bool(data.get("merge_next", False)),
        "children": children,
    }


def _items(data: dict[str, Any], ids: dict[str, int], rename: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return the snapshots of the plan's 要項, 重點 and 方法 (no ids yet, units as workspace ids)."""
    return [
        _parent(
            item,
            ITEM,
            [
                _parent(focus, FOCUS, [_method(m, ids, rename) for m in focus.get("methods", ())])
                for focus in item.get("focuses", ())
            ],
        )
        for item in data.get("items", ())
    ]


def _month(value: Any) -> bool:
    try:
        return 1 <= int(value) <= 12
    except (TypeError, ValueError):
        return False


def _months_ok(data: dict[str, Any]) -> None:
    """Refuse review months outside 1–12 before anything is written (they would read back as damage)."""
    for item in data.get("items", ()):
        for focus in item.get("focuses", ()):
            for method in focus.get("methods", ()):
                months = method.get("months", ())
                if months and not all(_month(m) for m in months):
                    title = (method.get("title") or "").strip()[:20] or "（無標題）"
                    raise BadInput(f"方法「{title}」的查核月份不正確：{months}（應為 1 到 12 月）。")


def add_plan_from_data(
    ws: Workspace,
    data: dict[str, Any],
    name: str | None = None,
    steps: Sequence[Step] = (),
    rename: Mapping[str, str] | None = None,
) -> Plan:
    """Create a plan from a dict in the show --json shape (plus optional milestones, layout); data is not changed.

    steps: more changes made in the same undoable edit (the import's remembered unit corrections).
    rename: the workspace unit name to use instead of a method's unit name (the import's unit mapping); a
    method naming two units that become one keeps it once. Linear in the plan size, one INSERT per table.
    """
    year = check_year(int(data["year"]))
    if ws.has_plan(year):
        raise BadInput(f"{year} 年度的計畫已經存在。")
    columns = data.get("columns", "kaohsiung")
    layout = preset(columns) if isinstance(columns, str) else Layout.from_json(data.get("layout"))
    rename = rename or {}
    _months_ok(data)
    names = dict.fromkeys(
        u
        for item in data.get("items", ())
        for f in item.get("focuses", ())
        for m in f.get("methods", ())
        for u in m.get("units", ())
    )
    if rename:
        names = dict.fromkeys(rename.get(u, u) for u in names)
    names.update(dict.fromkeys(m["unit"] for m in data.get("milestones", []) if m.get("unit")))
    with paused_gc(), ws.edit(name or f"新增 {year} 年度計畫") as tx:
        units = ensure_units(ws, tx, list(names))
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
            "items": _items(data, units, rename),
        }
        tx.do(ws, InsertPlan(snap))
        for step in steps:
            tx.do(ws, step)
    return ws.plan(year)

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
from planner.store.rows import first_free_id, months_to_text, next_ids, paused_gc
from planner.store.schema import NodeRow, PlanRow
from planner.units import ensure_units
from planner.workspace import Workspace


def _text(data: dict[str, Any], key: str) -> str:
    return data.get(key, "") or ""


def _tree_rows(
    data: dict[str, Any], ids: dict[str, int], rename: Mapping[str, str], plan_id: int, first_id: int
) -> tuple[list[Any], list[Any]]:
    """Return the node and node_unit rows of the plan's 要項, 重點 and 方法 as planner.steps.nodes.tree_rows does.

    One walk over the data, ids from first_id on in document order, units as workspace ids (a method
    naming two units that become one keeps it once), months sorted without repeats. A 要項 or 重點 has
    no units, months or 衡量指標. Each row holds, in order: id, plan, parent, position, level, title,
    body, numbered, note, months, merge_next, source_id, kpi, target (planner.steps.nodes.ROW_FIELDS);
    flags as 0 or 1 (see tree_rows).
    """
    values: list[Any] = []
    unit_values: list[Any] = []
    add, add_units = values.extend, unit_values.extend
    unit_lists: dict[tuple, list[int]] = {}  # a plan names a few unit combinations: resolve each once
    month_texts: dict[tuple, str] = {}
    node_id = first_id
    for item_pos, item in enumerate(data.get("items", ())):
        item_id = node_id
        node_id += 1
        add((item_id, plan_id, None, item_pos, ITEM, *_outline_fields(item)))
        for focus_pos, focus in enumerate(item.get("focuses", ())):
            focus_id = node_id
            node_id += 1
            add((focus_id, plan_id, item_id, focus_pos, FOCUS, *_outline_fields(focus)))
            for position, method in enumerate(focus.get("methods", ())):
                get = method.get
                units = get("units")
                if units:
                    key = tuple(units)
                    unit_ids = unit_lists.get(key)
                    if unit_ids is None:
                        unit_ids = unit_lists[key] = list(dict.fromkeys(ids[rename.get(u, u)] for u in units))
                    for i, unit in enumerate(unit_ids):
                        add_units((node_id, unit, i))
                months = get("months")
                text = ""
                if months:
                    key = tuple(months)
                    text = month_texts.get(key, "")
                    if not text:
                        text = month_texts[key] = months_to_text(sorted({int(m) for m in months}))
                add(
                    (
                        node_id,
                        plan_id,
                        focus_id,
                        position,
                        METHOD,
                        get("title") or "",
                        get("body") or "",
                        1 if get("numbered", True) else 0,
                        get("note") or "",
                        text,
                        1 if get("merge_next", False) else 0,
                        None,
                        get("kpi") or "",
                        "",
                    )
                )
                node_id += 1
    return values, unit_values


def _outline_fields(data: dict[str, Any]) -> tuple:
    """Return the row values of a 要項 or 重點 from title on (no units, months or 衡量指標)."""
    return (
        _text(data, "title"),
        _text(data, "body"),
        1 if data.get("numbered", True) else 0,
        _text(data, "note"),
        "",
        1 if data.get("merge_next", False) else 0,
        None,
        "",
        "",
    )


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
        plan_id = next_ids(ws.db, PlanRow, 1)[0]
        node_values, unit_values = _tree_rows(data, units, rename, plan_id, first_free_id(ws.db, NodeRow))
        snap = {
            "id": plan_id,
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
            "node_values": node_values,
            "unit_values": unit_values,
        }
        tx.do(ws, InsertPlan(snap))
        for step in steps:
            tx.do(ws, step)
    return ws.plan(year)

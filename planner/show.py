"""A plan as plain data in the documented `planner-cli show --json` shape."""

from __future__ import annotations

from typing import Any

from planner.model import Node, Plan
from planner.workspace import Workspace


def plan_units(ws: Workspace, plan: Plan) -> list[str]:
    """Return the names of the units the plan's methods use, in workspace order."""
    used = {u for m in plan.methods() for u in m.units}
    return ws.unit_names([u.id for u in ws.unit_list if u.id in used], plan.year)


def plan_to_dict(ws: Workspace, plan: Plan) -> dict[str, Any]:
    """Return the plan as the show --json dict."""

    def method(node: Node) -> dict[str, Any]:
        return {
            "number": plan.numeral(node),
            "title": node.title,
            "body": node.body,
            "units": ws.unit_names(node.units, plan.year),
            "months": list(node.months),
            "note": node.note or None,
        }

    def focus(node: Node) -> dict[str, Any]:
        return {
            "number": plan.numeral(node),
            "title": node.title,
            "body": node.body,
            "methods": [method(m) for m in node.children],
        }

    return {
        "agency": plan.agency or ws.agency,
        "year": plan.year,
        "title": plan.title,
        "issued": plan.issued or None,
        "sections": [
            {"number": plan.section_label(s).rstrip("、") or None, "heading": s.heading, "text": s.text}
            for s in plan.sections
        ],
        "columns": plan.layout.headers,
        "units": plan_units(ws, plan),
        "items": [
            {
                "number": plan.numeral(item),
                "title": item.title,
                "body": item.body,
                "focuses": [focus(f) for f in item.children],
            }
            for item in plan.items
        ],
    }

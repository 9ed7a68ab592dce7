"""Edits of whole plans: create, delete, copy to a new year, header, sections, layout, milestones."""

from __future__ import annotations

import re
from typing import Any

from planner import text_safety
from planner.errors import BadInput, OperationRefused
from planner.frameworks import framework
from planner.layouts import Layout, preset
from planner.model import Milestone, Plan, Section
from planner.numerals import MAX_YEAR, MIN_YEAR
from planner.steps import (
    InsertMilestone,
    InsertPlan,
    InsertSection,
    MoveSection,
    RemoveMilestone,
    RemovePlan,
    RemoveSection,
    SetMilestoneFields,
    SetPlanFields,
    SetSectionFields,
    SetSetting,
    plan_snapshot,
)
from planner.steps.nodes import attach_kpis
from planner.workspace import Workspace

DEFAULT_SECTIONS: list[tuple[str, str]] = [
    ("計畫依據", ""),
    ("計畫目標", ""),
    ("實施對象", ""),
    ("計畫內容", ""),
    ("考核與獎勵", ""),
    ("其他", "本計畫如有未盡事宜，得依實際需要修正或另行補充規定。"),
]
DEFAULT_MILESTONES: list[tuple[int, int | None, str]] = [
    (6, None, "自行檢核表"),
    (8, None, "政府服務獎申請"),
    (12, None, "年度執行成果"),
]


def default_title(year: int) -> str:
    """Return the usual title of a year's plan."""
    return f"{year}年度提升服務工作計畫"


def check_year(year: int) -> int:
    """Refuse an ROC year out of range."""
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(f"民國年度不正確：{year}")
    return year


def set_agency(ws: Workspace, name: str) -> None:
    """Change the agency's full name."""
    name = text_safety.clean_name(name)  # issue 16
    if name == ws.agency:
        return
    with ws.edit("修改機關名稱") as tx:
        tx.do(ws, SetSetting("agency", name))


def create_plan(
    ws: Workspace,
    year: int,
    title: str | None = None,
    framework_id: str | None = None,
    layout: Layout | None = None,
    sections: list[tuple[str, str]] | None = None,
) -> Plan:
    """Create an empty plan, or one holding a city framework's 要項 and 重點."""
    check_year(year)
    if ws.has_plan(year):
        raise BadInput(f"{year} 年度的計畫已經存在。")
    items: list[dict[str, Any]] = []
    if framework_id:
        fw = framework(framework_id)
        items = fw.node_snapshots()
        layout = layout or preset(fw.columns)
    snap = {
        "id": None,
        "year": year,
        "title": title or default_title(year),
        "agency": ws.agency,
        "issued": "",
        "layout": (layout or preset("kaohsiung")).to_json(),
        "source_plan_id": None,
        "sections": [
            {"id": None, "heading": h, "text": t, "numbered": True} for h, t in (sections or DEFAULT_SECTIONS)
        ],
        "milestones": [
            {"id": None, "month": m, "day": d, "title": t, "unit_id": None} for m, d, t in DEFAULT_MILESTONES
        ],
        "items": items,
    }
    with ws.edit(f"新增 {year} 年度計畫") as tx:
        tx.do(ws, InsertPlan(snap))
    return ws.plan(year)


def delete_plan(ws: Workspace, year: int) -> None:
    """Delete a year's plan (undoable)."""
    plan = ws.plan(year)
    with ws.edit(f"刪除 {year} 年度計畫") as tx:
        tx.do(ws, RemovePlan(plan.id))


def bump_year_text(text: str, old: int, new: int) -> str:
    """Replace the ROC year old by new where it is written as a year (114年, 114 年度), not in cited letters."""
    from planner.citations import outside_citations

    return outside_citations(text, lambda part: re.sub(rf"(?<!\d){old}(?=\s*年)", str(new), part))


def copy_plan_to_year(ws: Workspace, from_year: int, to_year: int) -> Plan:
    """Copy a plan to a new year: tree, units, months and notes kept; each node remembers its source."""
    check_year(to_year)
    source = ws.plan(from_year)
    if ws.has_plan(to_year):
        raise BadInput(f"{to_year} 年度的計畫已經存在，無法複製到該年度。")
    snap = plan_snapshot(source)
    attach_kpis(ws.db, snap["items"])  # each method's 衡量指標 and 目標值 go with it
    snap["id"] = None
    snap["year"] = to_year
    snap["title"] = bump_year_text(source.title, from_year, to_year)
    snap["issued"] = ""
    snap["source_plan_id"] = source.id
    for section in snap["sections"]:
        section["id"] = None
        section["heading"] = bump_year_text(section["heading"], from_year, to_year)
        section["text"] = bump_year_text(section["text"], from_year, to_year)
    for milestone in snap["milestones"]:
        milestone["id"] = None

    def relink(node: dict[str, Any]) -> None:
        node["source_id"] = node["id"]
        node["id"] = None
        for child in node["children"]:
            relink(child)

    for item in snap["items"]:
        relink(item)
    with ws.edit(f"由 {from_year} 年度複製 {to_year} 年度計畫") as tx:
        tx.do(ws, InsertPlan(snap))
    return ws.plan(to_year)


def set_plan_fields(ws: Workspace, plan: Plan, **values: Any) -> None:
    """Change the header of a plan: year, title, agency, issued."""
    allowed = {"year", "title", "agency", "issued"}
    if set(values) - allowed:
        raise ValueError(f"unknown plan fields: {set(values) - allowed}")
    for key in ("title", "agency", "issued"):
        if key in values:
            values[key] = str(values[key]).strip()
    if "title" in values and not values["title"]:
        raise OperationRefused("計畫標題不能空白。")
    if "year" in values:
        check_year(values["year"])
        if values["year"] != plan.year and ws.has_plan(values["year"]):
            raise OperationRefused(f"{values['year']} 年度的計畫已經存在。")
    changed = {k: v for k, v in values.items() if getattr(plan, k) != v}
    if not changed:
        return
    with ws.edit("修改計畫基本資料") as tx:
        tx.do(ws, SetPlanFields(plan.id, changed))


def set_layout(ws: Workspace, plan: Plan, layout: Layout) -> None:
    """Change the table's column layout."""
    if layout == plan.layout:
        return
    with ws.edit("修改表格欄位") as tx:
        tx.do(ws, SetPlanFields(plan.id, {"layout": layout}))


def _section_index(plan: Plan, section_id: int) -> int:
    for i, section in enumerate(plan.sections):
        if section.id == section_id:
            return i
    raise OperationRefused("找不到這個段落。")


def add_section(ws: Workspace, plan: Plan, heading: str, text: str = "", index: int | None = None) -> Section:
    """Add a section (default: last)."""
    heading = heading.strip()
    if not heading:
        raise OperationRefused("段落標題不能空白。")
    index = len(plan.sections) if index is None else max(0, min(index, len(plan.sections)))
    step = InsertSection(plan.id, index, {"id": None, "heading": heading, "text": text, "numbered": True})
    with ws.edit(f"新增段落「{heading}」") as tx:
        tx.do(ws, step)
    return plan.sections[index]


def remove_section(ws: Workspace, plan: Plan, section_id: int) -> None:
    """Remove a section."""
    section = plan.sections[_section_index(plan, section_id)]
    with ws.edit(f"刪除段落「{section.heading}」") as tx:
        tx.do(ws, RemoveSection(plan.id, section_id))


def move_section(ws: Workspace, plan: Plan, section_id: int, index: int) -> None:
    """Move a section to a new place."""
    old = _section_index(plan, section_id)
    index = max(0, min(index, len(plan.sections) - 1))
    if old == index:
        return
    with ws.edit(f"移動段落「{plan.sections[old].heading}」") as tx:
        tx.do(ws, MoveSection(plan.id, section_id, index))


def set_section(ws: Workspace, plan: Plan, section_id: int, **values: Any) -> None:
    """Change a section's heading, text or numbering."""
    section = plan.sections[_section_index(plan, section_id)]
    if "heading" in values:
        values["heading"] = str(values["heading"]).strip()
        if not values["heading"]:
            raise OperationRefused("段落標題不能空白。")
    if "text" in values:
        values["text"] = str(values["text"]).strip("\n")
    changed = {k: v for k, v in values.items() if getattr(section, k) != v}
    if not changed:
        return
    with ws.edit(f"修改段落「{section.heading}」") as tx:
        tx.do(ws, SetSectionFields(plan.id, section_id, changed))


def _check_milestone(month: int, day: int | None, title: str) -> None:
    if not 1 <= month <= 12:
        raise OperationRefused("月份必須介於 1 到 12。")
    if day is not None and not 1 <= day <= 31:
        raise OperationRefused("日期必須介於 1 到 31。")
    if not title.strip():
        raise OperationRefused("查核事項名稱不能空白。")


def add_milestone(
    ws: Workspace, plan: Plan, month: int, title: str, day: int | None = None, unit_id: int | None = None
) -> Milestone:
    """Add a milestone to the plan year."""
    _check_milestone(month, day, title)
    data = {"id": None, "month": month, "day": day, "title": text_safety.clean_name(title), "unit_id": unit_id}
    index = len(plan.milestones)
    with ws.edit(f"新增查核事項「{title.strip()}」") as tx:
        tx.do(ws, InsertMilestone(plan.id, index, data))
    return plan.milestones[index]


def remove_milestone(ws: Workspace, plan: Plan, milestone_id: int) -> None:
    """Remove a milestone."""
    milestone = plan.find_milestone(milestone_id)
    with ws.edit(f"刪除查核事項「{milestone.title}」") as tx:
        tx.do(ws, RemoveMilestone(plan.id, milestone_id))


def set_milestone(ws: Workspace, plan: Plan, milestone_id: int, **values: Any) -> None:
    """Change a milestone's month, day, title or unit."""
    milestone = plan.find_milestone(milestone_id)
    merged = {"month": milestone.month, "day": milestone.day, "title": milestone.title, **values}
    _check_milestone(merged["month"], merged["day"], merged["title"])
    changed = {k: v for k, v in values.items() if getattr(milestone, k) != v}
    if not changed:
        return
    with ws.edit(f"修改查核事項「{milestone.title}」") as tx:
        tx.do(ws, SetMilestoneFields(plan.id, milestone_id, changed))

"""planner-cli check on a damaged tree: the problems as findings, and the repair as one sentence."""

from __future__ import annotations

import logging

from planner import repair
from planner.check import ERROR, Finding
from planner.errors import BadInput
from planner.workspace import Workspace

log = logging.getLogger(__name__)


def plan_id_of(ws: Workspace, year: int) -> int:
    """Return the id of a year's plan without loading it; BadInput if there is none."""
    for info in ws.plan_infos():
        if info.year == year:
            return info.id
    have = "、".join(str(y) for y in ws.years()) or "（無）"
    raise BadInput(f"工作區中沒有 {year} 年度的計畫。現有年度：{have}")


def damage_findings(ws: Workspace, year: int) -> list[Finding]:
    """Return the damage in a year's stored tree as error findings, [] when the tree is sound."""
    problems = repair.find_problems(ws.db, plan_id_of(ws, year))
    out = [Finding(ERROR, f"damaged-{p.code}", p.message, p.node_id) for p in problems]
    if out:
        hint = (
            f"資料損壞：可執行 planner-cli check 工作區 --year {year} --repair 修復（項目集中到「{repair.PARKING}」）。"
        )
        out.append(Finding(ERROR, "damaged", hint))
    return out


def repair_year(ws: Workspace, year: int) -> str:
    """Repair a year's stored tree; return what was done, in Chinese."""
    plan_id = plan_id_of(ws, year)
    fixed = repair.repair_plan(ws.db, plan_id)
    ws.forget_plan(plan_id)
    if not fixed:
        return f"{year} 年度計畫的資料沒有損壞，不需要修復。"
    return f"已修復 {year} 年度計畫的 {len(fixed)} 個問題；需要整理的項目都在「{repair.PARKING}」要項之下。"

"""Before a workspace is shown: report damaged plan trees and offer to repair them (issue 16)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from planner import repair
from planner.errors import PlannerError
from planner.workspace import Workspace
from ui.dialogs import blocking as dialogs

log = logging.getLogger(__name__)


def offer_repair(parent: QWidget | None, ws: Workspace) -> bool:
    """Return whether the workspace can be shown: sound, or repaired after the user agreed."""
    damaged = [(info, found) for info in ws.plan_infos() if (found := repair.find_problems(ws.db, info.id))]
    if not damaged:
        return True
    text = "\n\n".join(str(repair.damaged(ws.db, info.id, found)) for info, found in damaged)
    if ws.read_only:
        dialogs.warn(
            parent, "工作區資料損壞", f"{text}\n\n以唯讀方式開啟時無法修復；請在沒有其他人使用時以一般方式開啟。"
        )
        return False
    if not dialogs.confirm(parent, "工作區資料損壞", f"{text}\n\n要現在修復嗎？（開啟時已自動備份）", "修復"):
        return False
    try:
        for info, _found in damaged:
            repair.repair_plan(ws.db, info.id)
            ws.forget_plan(info.id)
    except PlannerError as exc:
        dialogs.warn(parent, "無法修復", str(exc))
        return False
    ws.clear_history()
    return True

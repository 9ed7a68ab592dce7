"""What the 計畫 menu does to whole plans: a new year's plan (empty, from a framework or a copy), delete a year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.numerals import METHOD
from ui.common.lazy_import import lazy_module
from ui.common.window_api import WindowApi
from ui.dialogs import blocking

if TYPE_CHECKING:
    from planner import plans
else:
    plans = lazy_module("planner.plans")


class PlanCommands:
    """Creates and deletes the plans of the window's workspace (each one undoable step)."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window

    def new_plan(self) -> None:
        """Create a plan for a new year: empty, from a city framework, or a copy of another year."""
        window, ws = self.window, self.window.ws
        if ws is None:
            return
        from ui.dialogs.first_run import copy_year  # the dialogs load when the command runs, not at start
        from ui.dialogs.new_plan import COPY, NewPlanDialog

        window.flush_edits()
        dialog = NewPlanDialog(ws, window.dialog_parent())
        if not blocking.run(dialog):
            return
        spec = dialog.spec()
        if spec.start == COPY and spec.copy_from is not None:
            plan = copy_year(window, spec.copy_from, spec.year)  # onto an empty plan: offers to replace
        else:
            plan = window.run_edit(plans.create_plan, ws, spec.year, spec.title or None, spec.framework_id)
        if plan is not None:
            window.show_year(plan.year)

    def delete_plan(self) -> None:
        """Delete the plan shown (confirmed; undoable)."""
        window, ws, plan = self.window, self.window.ws, self.window.plan
        if ws is None or plan is None:
            return
        methods = plan.counts()[METHOD]
        question = (
            f"確定要刪除「{plan.year} 年度」的計畫（{plan.title}，共 {methods} 個方法）嗎？\n\n可用「復原」還原。"
        )
        if blocking.confirm(window.dialog_parent(), "刪除年度計畫", question, "刪除"):
            window.flush_edits()
            window.run_edit(plans.delete_plan, ws, plan.year)

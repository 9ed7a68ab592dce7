"""What the 檔案 menu does: open (read-only when locked), new workspace, demo, save as, import a plan file.

The dialogs (and the importers behind them: lxml, the .docx/.xlsx readers) load when a command opens them,
not with the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError, WorkspaceLocked
from planner.model import Plan
from planner.numerals import FOCUS, ITEM, METHOD
from ui.common import locations
from ui.common.window_api import WindowApi
from ui.dialogs import blocking
from ui.shell.recent_files import RecentFiles

if TYPE_CHECKING:
    from planner.workspace import Workspace

IMPORT_DIR_KEY = "import/last_dir"
IMPORT_STATUS_TIMEOUT = 8000


class FileCommands:
    """Opens and creates workspace files for a window; problems are explained in message boxes."""

    def __init__(self, window: WindowApi, recent: RecentFiles) -> None:
        self.window = window
        self.recent = recent

    def _start_dir(self) -> str:
        ws = self.window.ws
        return str(ws.path.parent) if ws is not None else locations.documents_dir()

    def _show(self, ws: Workspace) -> None:
        self.window.set_workspace(ws)
        self.recent.remember(ws.path)

    def open_path(self, path: Path) -> bool:
        """Open a workspace file; offer read-only when another program holds it."""
        path = Path(path)
        current = self.window.ws
        if current is not None and current.path.resolve() == path.resolve():
            return True
        from planner.store import lock
        from planner.store.recovery import ReadOnlyMedia  # the storage loads with the first file, not at start
        from planner.workspace import open_workspace

        parent = self.window.dialog_parent()
        try:
            ws = open_workspace(path)
        except WorkspaceLocked as exc:
            choice = blocking.ask_locked(parent, str(exc), lock.can_take_over(exc.holder))
            if choice is None:
                return False
            try:
                ws = open_workspace(path, read_only=choice == "read_only", take_over=choice == "take_over")
            except PlannerError as again:
                blocking.warn(parent, "無法開啟工作區", str(again))
                return False
        except ReadOnlyMedia as exc:  # read-only media open read-only, with a message
            try:
                ws = open_workspace(path, read_only=True)
            except PlannerError as again:
                blocking.warn(parent, "無法開啟工作區", str(again))
                return False
            blocking.inform(parent, "以唯讀方式開啟", str(exc))
        except PlannerError as exc:
            blocking.warn(parent, "無法開啟工作區", str(exc))
            if not path.exists():
                self.recent.forget(path)
            return False
        from ui.dialogs.repair_prompt import offer_repair

        if not offer_repair(parent, ws):  # a damaged tree: repaired, or not opened
            ws.close()
            return False
        self._show(ws)
        if ws.read_only:
            self.window.show_status("已以唯讀方式開啟：可以檢視，無法修改。")
        return True

    def choose_and_open(self) -> None:
        """Ask for a file and open it."""
        path = blocking.open_file(self.window.dialog_parent(), self._start_dir())
        if path is not None:
            self.open_path(path)

    def open_demo(self) -> bool:
        """Open the demo workspace in the user's data folder, writing it first if missing."""
        path = locations.demo_path()
        if path.exists():
            return self.open_path(path)
        from planner.demo import write_demo

        try:
            ws = write_demo(path)
        except PlannerError as exc:
            blocking.warn(self.window.dialog_parent(), "無法建立示範工作區", str(exc))
            return False
        self._show(ws)
        return True

    def new_workspace(self) -> None:
        """Create a workspace file with its agency, units and first plan, and show it."""
        from ui.dialogs.first_run import IMPORT
        from ui.dialogs.new_plan import NewWorkspaceDialog

        self.window.flush_edits()
        dialog = NewWorkspaceDialog(self._start_dir(), self.window.dialog_parent())
        if not blocking.run(dialog):
            return
        from planner.plans import create_plan
        from planner.workspace import create_workspace

        spec = dialog.spec()
        try:
            ws = create_workspace(spec.path, spec.agency, spec.units)
        except PlannerError as exc:
            blocking.warn(self.window.dialog_parent(), "無法建立工作區", str(exc))
            return
        if spec.year is not None:
            try:
                create_plan(ws, spec.year, framework_id=spec.framework_id)
                ws.clear_history()
            except PlannerError as exc:
                blocking.warn(self.window.dialog_parent(), "無法建立計畫", str(exc))
        self._show(ws)
        if spec.start == IMPORT:
            self.import_plan()  # last year's file; cancelled, the start page offers it again

    def restore_backup(self) -> None:
        """檔案 → 從備份還原…: list the workspace's backups and restore one."""
        if self.window.ws is not None:
            from ui.dialogs.restore import RestoreDialog

            self.window.flush_edits()
            blocking.run(RestoreDialog(self.window, self.open_path))

    def save_as(self) -> None:
        """Write a copy of the workspace and continue in the copy (every edit then lands there)."""
        window, ws = self.window, self.window.ws
        if ws is None:
            return
        window.flush_edits()
        target = blocking.save_file(
            window.dialog_parent(), "另存新檔", str(ws.path.with_name(ws.path.stem + "-副本.planner"))
        )
        if target is None:
            return
        year = window.plan.year if window.plan is not None else None
        if window.run_edit(ws.save_copy, target) is None:
            return
        if self.open_path(target):
            if year is not None and year in ws.years():
                window.show_year(year)
            window.show_status(f"已另存為「{target.name}」，之後的修改都存入這個檔案。")

    def import_plan(self) -> Plan | None:
        """Ask for a plan file, show the import dialog and, after 匯入, show the new plan's year."""
        window, ws = self.window, self.window.ws
        if ws is None or ws.read_only:
            return None
        window.flush_edits()
        start = window.settings.value(IMPORT_DIR_KEY) or str(ws.path.parent)
        path = blocking.choose_plan_file(window.dialog_parent(), str(start))
        if path is None:
            return None
        from ui.dialogs.import_dialog import ImportDialog

        window.settings.setValue(IMPORT_DIR_KEY, str(path.parent))
        dialog = ImportDialog(ws, path, window.dialog_parent())
        try:
            if not blocking.run(dialog) or dialog.plan is None:
                return None
            plan = dialog.plan
        finally:
            dialog.deleteLater()
        window.show_year(plan.year)
        counts = plan.counts()
        window.show_status(
            f"已匯入 {plan.year} 年度計畫：{counts[ITEM]} 個要項、{counts[FOCUS]} 個重點、{counts[METHOD]} 個方法"
            "（可用「復原」取消）",
            IMPORT_STATUS_TIMEOUT,
        )
        return plan

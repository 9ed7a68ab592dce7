"""What the 檔案 menu does: open (read-only when locked), new workspace, demo, save as."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner.demo import write_demo
from planner.errors import PlannerError, WorkspaceLocked
from planner.plans import create_plan
from planner.store import lock
from planner.store.recovery import ReadOnlyMedia
from planner.workspace import Workspace, create_workspace, open_workspace
from ui import dialogs, locations, repair_prompt
from ui.plan_dialogs import NewWorkspaceDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

STATUS_TIMEOUT = 6000


class FileCommands:
    """Opens and creates workspace files for a window; problems are explained in message boxes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _start_dir(self) -> str:
        ws = self.window.ws
        return str(ws.path.parent) if ws is not None else locations.documents_dir()

    def _show(self, ws: Workspace) -> None:
        self.window.set_workspace(ws)
        self.window.recent.remember(ws.path)

    def open_path(self, path: Path) -> bool:
        """Open a workspace file; offer read-only when another program holds it."""
        path = Path(path)
        current = self.window.ws
        if current is not None and current.path.resolve() == path.resolve():
            return True
        try:
            ws = open_workspace(path)
        except WorkspaceLocked as exc:
            choice = dialogs.ask_locked(self.window, str(exc), lock.can_take_over(exc.holder))  # issue 16
            if choice is None:
                return False
            try:
                ws = open_workspace(path, read_only=choice == "read_only", take_over=choice == "take_over")
            except PlannerError as again:
                dialogs.warn(self.window, "無法開啟工作區", str(again))
                return False
        except ReadOnlyMedia as exc:  # issue 16: read-only media open read-only, with a message
            try:
                ws = open_workspace(path, read_only=True)
            except PlannerError as again:
                dialogs.warn(self.window, "無法開啟工作區", str(again))
                return False
            dialogs.inform(self.window, "以唯讀方式開啟", str(exc))
        except PlannerError as exc:
            dialogs.warn(self.window, "無法開啟工作區", str(exc))
            if not path.exists():
                self.window.recent.forget(path)
            return False
        if not repair_prompt.offer_repair(self.window, ws):  # issue 16: damaged trees
            ws.close()
            return False
        self._show(ws)
        if ws.read_only:
            self.window.statusBar().showMessage("已以唯讀方式開啟：可以檢視，無法修改。", STATUS_TIMEOUT)
        return True

    def choose_and_open(self) -> None:
        """Ask for a file and open it."""
        path = dialogs.open_file(self.window, self._start_dir())
        if path is not None:
            self.open_path(path)

    def open_demo(self) -> bool:
        """Open the demo workspace in the user's data folder, writing it first if missing."""
        path = locations.demo_path()
        if path.exists():
            return self.open_path(path)
        try:
            ws = write_demo(path)
        except PlannerError as exc:
            dialogs.warn(self.window, "無法建立示範工作區", str(exc))
            return False
        self._show(ws)
        return True

    def new_workspace(self) -> None:
        """Create a workspace file with its agency, units and first plan, and show it."""
        self.window.form.flush()
        dialog = NewWorkspaceDialog(self._start_dir(), self.window)
        if not dialogs.run(dialog):
            return
        spec = dialog.spec()
        try:
            ws = create_workspace(spec.path, spec.agency, spec.units)
        except PlannerError as exc:
            dialogs.warn(self.window, "無法建立工作區", str(exc))
            return
        try:
            create_plan(ws, spec.year, framework_id=spec.framework_id)
            ws.clear_history()
        except PlannerError as exc:
            dialogs.warn(self.window, "無法建立計畫", str(exc))
        self._show(ws)

    def save_as(self) -> None:
        """Write a copy of the workspace and continue in the copy (every edit then lands there)."""
        window, ws = self.window, self.window.ws
        if ws is None:
            return
        window.form.flush()
        target = dialogs.save_file(window, "另存新檔", str(ws.path.with_name(ws.path.stem + "-副本.planner")))
        if target is None:
            return
        year = window.plan.year if window.plan is not None else None
        if window.run_edit(ws.save_copy, target) is None:
            return
        if self.open_path(target):
            if year is not None and year in ws.years():
                window.show_year(year)
            window.statusBar().showMessage(f"已另存為「{target.name}」，之後的修改都存入這個檔案。", STATUS_TIMEOUT)

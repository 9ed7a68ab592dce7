"""The user guide's pictures (resources/guide/img/): the yearly job on a 1366×768 screen, drawn by the real app code.

Called by packaging/screenshots.py; run it as
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py --only guide
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GUIDE_IMG = ROOT / "resources" / "guide" / "img"
SAMPLE = ROOT / "tests" / "fixtures" / "samples" / "000-l4.docx"
AGENCY = "高雄市政府勞工局博愛職業技能訓練中心"
UNITS = ["行政課", "推廣課", "輔導課"]  # last year's 教務課 is now 推廣課: the import maps it
METHOD_SHOWN = "借閱服務標準作業程序"


def _settle(app: Any, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def _wait(app: Any, busy: Callable[[], bool], seconds: float = 30) -> None:
    """Let the event loop run while busy() holds (a worker thread reading), at most seconds long."""
    deadline = time.monotonic() + seconds
    while busy() and time.monotonic() < deadline:
        _settle(app, 5)
        time.sleep(0.05)


def _shot(widget: Any, app: Any, path: Path, save: Callable[[Any, Path], Path]) -> Path:
    """Show a window or dialog sized for the screen, let it paint, and save its picture."""
    from ui.common.screen_fit import fit_to_screen

    if not widget.isVisible():
        fit_to_screen(widget)
        widget.show()
    _settle(app)
    return save(widget.grab().toImage(), path)


def guide_shots(out: Path, work: Path, save: Callable[[Any, Path], Path]) -> list[Path]:
    """Write every picture of the guide into out; work is a scratch folder."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from planner import operations
    from planner.demo import write_demo
    from planner.export.scope import Scope
    from planner.numerals import roc_to_ad
    from planner.progress import set_progress
    from planner.workspace import create_workspace
    from ui import app as ui_app
    from ui.common.screen_fit import fit_to_screen
    from ui.dialogs.export import ScopeDialog
    from ui.dialogs.import_dialog import ImportDialog
    from ui.dialogs.new_plan import NewPlanDialog, NewWorkspaceDialog
    from ui.dialogs.print_preview import PreviewDialog
    from ui.render.layout import layout_sheets
    from ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(["planner"])
    ui_app.configure(app)
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    settings = QSettings(str(work / "guide-settings.ini"), QSettings.Format.IniFormat)

    # 1. first run: the start page and the new workspace dialog
    window = MainWindow(settings)
    shots.append(_shot(window, app, out / "start.png", save))
    dialog = NewWorkspaceDialog(str(work), window)
    dialog.path.setText(r"C:\Users\承辦人\Documents\博愛職訓中心.planner")  # as on the officer's PC
    dialog.agency.setText(AGENCY)
    dialog.units.setPlainText("\n".join(UNITS))
    shots.append(_shot(dialog, app, out / "new-workspace.png", save))
    dialog.close()

    # 2. last year's Word file: the import dialog, then 新增年度計畫 copying it to this year
    ws = create_workspace(work / "博愛職訓中心.planner", AGENCY, UNITS)
    window.set_workspace(ws)
    documents = Path(tempfile.gettempdir()) / "planner-guide" / "文件"  # the same path in every picture
    documents.mkdir(parents=True, exist_ok=True)
    last_year = documents / "114年度提升服務工作計畫.docx"
    shutil.copyfile(SAMPLE, last_year)
    importer = ImportDialog(ws, last_year, window)
    importer.show()
    _wait(app, lambda: importer.reading or importer.read_result is None)
    importer.units.set_action("教務課", "map", ("推廣課",))  # re-corrects in the worker: wait for it
    _wait(app, lambda: importer.reading)
    shots.append(_shot(importer, app, out / "import.png", save))
    importer.accept()
    _settle(app)
    window.show_year(importer.plan.year)
    planner = NewPlanDialog(ws, window)
    shots.append(_shot(planner, app, out / "new-plan-copy.png", save))
    planner.close()
    window.close()
    ws.close()
    shutil.rmtree(documents.parent, ignore_errors=True)

    # 3. the demo plan: editing, hoisting, the findings, the plan page, printing
    demo = write_demo(work / "guide-demo.planner")
    window = MainWindow(settings)
    window.set_workspace(demo)
    plan = window.plan
    method = next(n for n in plan.walk() if n.title == METHOD_SHOWN)
    window.tree.select_node(method.id)
    window.tree.scrollToTop()  # the method under its 要項 and 重點
    shots.append(_shot(window, app, out / "editor.png", save))
    window.tree.setFocus()
    window.tree.select_node(plan.items[1].children[0].children[0].id)
    window.desk.hoist.enter()
    shots.append(_shot(window, app, out / "hoist.png", save))
    window.desk.hoist.leave()
    lonely = [m for m in plan.methods() if len(m.units) == 1][-1]
    operations.set_units(demo, plan, lonely.id, [])
    window.desk.actions["action_fold_all"].trigger()
    window.desk.actions["action_unfold_all"].trigger()
    window.findings.show()
    window.findings.refresh()
    window.reveal_node(lonely.id)
    shots.append(_shot(window, app, out / "findings.png", save))
    window.acts.undo.trigger()
    window.findings.hide()
    window.tabs.setCurrentWidget(window.plan_page)
    shots.append(_shot(window, app, out / "plan-page.png", save))
    window.tabs.setCurrentWidget(window.content)
    scope = ScopeDialog(demo, plan, "預覽列印：範圍", window)
    shots.append(_shot(scope, app, out / "scope.png", save))
    scope.close()
    sheets = layout_sheets(demo, plan, Scope())
    preview = PreviewDialog(sheets, lambda landscape: sheets, lambda dialog: False, window)  # a picture: no relayout
    fit_to_screen(preview, 1000, 800)  # as blocking.show_preview sizes it
    shots.append(_shot(preview, app, out / "preview.png", save))
    preview.close()

    # 4. the reviews: June progress in the calendar, seen in mid-July of the plan year
    for i, due in enumerate(m for m in plan.methods() if 6 in m.months):
        if i % 3 == 2:
            continue
        status = "done" if i % 3 == 0 else "doing"
        text = "已依計畫完成，相關資料送秘書室彙整。" if status == "done" else "辦理中，預計下月完成。"
        set_progress(demo, plan, due.id, 6, due.units[0], status, text, f"{roc_to_ad(plan.year)}-06-20")
    window.calendar.set_today(dt.date(roc_to_ad(plan.year), 7, 15))
    window.tabs.setCurrentWidget(window.calendar)
    _settle(app)
    window.calendar.select_month(6)
    _settle(app)
    tree = window.calendar.tree
    first_group = tree.model().index(0, 0)
    if tree.model().rowCount(first_group):
        tree.setCurrentIndex(tree.model().index(0, 0, first_group))
    shots.append(_shot(window, app, out / "calendar.png", save))
    empty = next((m for m in range(1, 13) if not window.calendar.months[m - 1].due), None)
    if empty is not None:
        window.calendar.select_month(empty)
        shots.append(_shot(window, app, out / "calendar-empty.png", save))
    window.close()
    demo.close()

    return shots

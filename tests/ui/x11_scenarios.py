"""Real X11 input (xdotool on an Xvfb server) against the main window; run by test_real_x11.py.

python tests/ui/x11_scenarios.py combo|outdent|preview   → prints one JSON line
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QPoint, QSettings, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def xdo(*args: str) -> None:
    """Send input through the X server (as a user's mouse and keyboard do), then let Qt handle it."""
    subprocess.run(["xdotool", *args], check=True)
    QTest.qWait(250)


def window(app: QApplication):
    from planner.demo import write_demo
    from ui.shell.main_window import MainWindow

    work = Path(tempfile.mkdtemp())
    main = MainWindow(QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    main.set_workspace(write_demo(work / "d.planner"))
    main.move(0, 0)
    main.show()
    QTest.qWaitForWindowExposed(main)
    main.activateWindow()
    QTest.qWait(300)
    return main


def combo(app: QApplication) -> dict:
    """Open the 業務單位 list with a real click, then click elsewhere: the units must not change."""
    app.setStyle("Fusion")
    main = window(app)
    method = main.plan.methods()[0]
    changed = []
    for trial in range(6):
        main.tree.select_node(method.id)
        QTest.qWait(100)
        before = list(main.plan.nodes[method.id].units)
        box = main.form.units
        at = box.mapToGlobal(QPoint(40 + trial * 20, box.height() // 2))
        xdo("mousemove", str(at.x()), str(at.y()))
        xdo("click", "1")
        opened = box.view().isVisible()
        away = main.tree.viewport().mapToGlobal(QPoint(50, 10))
        xdo("mousemove", str(away.x()), str(away.y()))
        xdo("click", "1")
        changed.append(opened and list(main.plan.nodes[method.id].units) != before)
    return {"opened": True, "changed": changed}


def outdent(app: QApplication) -> dict:
    """Shift+Tab on the tree outdents the current 重點 (no ambiguous shortcut)."""
    messages: list[str] = []
    qInstallMessageHandler(lambda kind, context, message: messages.append(message))
    main = window(app)
    focus = main.plan.items[1].children[1]
    main.tree.select_node(focus.id)
    main.tree.setFocus()
    QTest.qWait(200)
    xdo("key", "shift+Tab")
    return {"level": main.plan.nodes[focus.id].level, "ambiguous": [m for m in messages if "mbiguous" in m]}


def preview(app: QApplication) -> dict:
    """預覽列印 from the window, then real keys: PgDn/PgUp/End, Ctrl++/Ctrl+-/Ctrl+0, Esc."""
    from planner.export.scope import Scope
    from ui.dialogs import blocking, export

    main = window(app)
    export.ask_scope = lambda *args: Scope()  # the whole plan, without the scope dialog (imported when used)
    seen: dict = {}

    def show(dialog) -> None:
        """Show the preview as exec would (the keys come from the X server), and record what it shows."""
        dialog.resize(900, 700)
        dialog.show()
        QTest.qWaitForWindowExposed(dialog)
        dialog.activateWindow()
        QTest.qWait(300)
        view = dialog.view
        seen["label"] = dialog.page_label.text().strip()
        seen["count"] = view.count()
        xdo("key", "Next")
        seen["next"] = view.page
        xdo("key", "Next")
        xdo("key", "Prior")
        seen["prior"] = view.page
        xdo("key", "End")
        seen["end"] = view.page
        seen["end_label"] = dialog.page_label.text().strip()
        seen["painted_last"] = view.painted[-1] if view.painted else None
        zoom = view.zoom
        xdo("key", "ctrl+plus")
        seen["zoom_in"] = round(view.zoom / zoom, 3)
        xdo("key", "ctrl+minus")
        xdo("key", "ctrl+minus")
        seen["zoom_out"] = round(view.zoom / zoom, 3)
        xdo("key", "ctrl+0")
        seen["fit"] = view.fit
        seen["zoom_back"] = round(view.zoom / zoom, 3)
        xdo("key", "Escape")
        seen["closed"] = not dialog.isVisible()

    blocking.show_preview = show
    main.exports.preview()
    return seen


if __name__ == "__main__":
    application = QApplication(["planner"])
    print(json.dumps({"combo": combo, "outdent": outdent, "preview": preview}[sys.argv[1]](application)))

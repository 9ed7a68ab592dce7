"""planner-cli with the formats that need Qt (PDF): a Qt application is created only when a PDF is written."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from planner.cli import main as planner_main
from planner.export.scope import Scope
from planner.model import Plan
from planner.workspace import Workspace

log = logging.getLogger(__name__)

_app: Any = None  # the QGuiApplication made for the command line, kept alive until exit


def ensure_gui_application() -> None:
    """Create a QGuiApplication when none exists (offscreen on Linux without a display)."""
    global _app
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        _app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "planner-cli"])
        log.debug("created a QGuiApplication (%s)", _app.platformName())


def export_pdf(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    """Exporter of planner-cli export --format pdf."""
    ensure_gui_application()
    from ui.render.pdf import export_pdf as write_pdf

    return write_pdf(ws, plan, output, scope)


def export_docx(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    """Exporter of planner-cli export --format docx: page breaks from our layout, as in the PDF."""
    ensure_gui_application()
    from ui.render.breaks import export_docx_paged

    return export_docx_paged(ws, plan, output, scope)


def export_odt(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    """Exporter of planner-cli export --format odt: page breaks from our layout, as in the PDF."""
    ensure_gui_application()
    from ui.render.breaks import export_odt_paged

    return export_odt_paged(ws, plan, output, scope)


EXPORTERS = {"pdf": export_pdf, "docx": export_docx, "odt": export_odt}


def main(argv: list[str] | None = None) -> int:
    """Run planner-cli with the PDF format added; return the exit code."""
    return planner_main(argv, exporters=EXPORTERS)


def run() -> None:
    """Console-script entry point (planner-cli = ui.cli:run)."""
    sys.exit(main())


if __name__ == "__main__":
    run()

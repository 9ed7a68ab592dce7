"""Page breaks of the Word and ODF exports taken from our own layout, so every format shows the same pages."""

from __future__ import annotations

import logging
from pathlib import Path

from planner.export.scope import Scope
from planner.model import Plan
from planner.workspace import Workspace
from ui.render.layout import layout_plan

log = logging.getLogger(__name__)


def page_starts(ws: Workspace, plan: Plan, scope: Scope | None = None) -> list[int]:
    """Return the body rows (0-based, in the scope's order) that begin a page after the first table page."""
    doc = layout_plan(ws, plan, scope)
    log.debug("page starts of plan %s: %s (%d pages)", plan.year, doc.page_starts, len(doc.pages))
    return list(doc.page_starts)


def export_docx_paged(ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None) -> Path:
    """Write the Word document with the page breaks of our layout; return the file written."""
    from planner.export.docx import export_docx

    return export_docx(ws, plan, path, scope, page_starts=page_starts(ws, plan, scope))


def export_odt_paged(ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None) -> Path:
    """Write the .odt document with the page breaks of our layout; return the file written."""
    from planner.export.odt import export_odt

    return export_odt(ws, plan, path, scope, page_starts=page_starts(ws, plan, scope))

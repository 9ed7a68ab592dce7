"""Layout pass of the printed plan: pages of positioned text lines and table cells, in points; no painting.

The layout follows the Word export (planner/export/docx.py): the same title, sections, outline
indents, column widths and sizes. Text is measured with QTextLayout at 1,200 dpi, so it needs a
QGuiApplication but no paint device; the paint pass draws exactly these boxes.

The boxes are in boxes.py, measuring and paragraphs in measure.py, the table in table.py and
the flow onto pages in paginate.py; this module puts the document together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from planner.export import full_title, text_lines
from planner.export.scope import Scope, describe, document_order, select_for_export
from planner.model import Plan
from planner.workspace import Workspace
from ui.render.boxes import STYLES, Document, Page, Para, Progress
from ui.render.measure import Measurer, outline_paras
from ui.render.paginate import Paginator
from ui.render.sheet import Sheets, SheetWriter, footer_of
from ui.render.table import Table

log = logging.getLogger(__name__)


def _title_paras(m: Measurer, agency: str, title: str, width: float) -> list[Para]:
    """Return the title: one line when it fits, else the agency and the title on two lines."""
    if agency and m.advance(agency + title, "title") > width:
        return [Para(agency, "title"), Para(title, "title")]
    return [Para(agency + title, "title")]


def _section_paras(m: Measurer, label: str, heading: str, text: str) -> list[Para]:
    """Return a section's heading (壹、計畫依據) and its text with hanging outline lines."""
    hang = m.advance(label, "heading") if label else 0.0
    out = [Para(label + heading, "heading", left=hang, hanging=hang)]
    return out + outline_paras(m, text_lines(text), "text", hang)


def _flow(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None,
    m: Measurer,
    progress: Progress | None,
    landscape: bool | None,
    sink: Callable[[Page], None] | None,
) -> tuple[Paginator, list[Page], str, str, str]:
    """Lay out and paginate the plan; return the paginator, its kept pages, the title, the subject and the agency."""
    scope = scope or Scope()
    parts = select_for_export(ws, plan, scope)
    subject = describe(ws, plan, scope)
    landscape = plan.layout.landscape if landscape is None else landscape
    pager = Paginator(m, landscape, progress, sink)
    agency, title = full_title(ws, plan)
    flow: list[Para | Table] = list(_title_paras(m, agency, title, pager.text_width))
    if not scope.is_whole:
        flow.append(Para(f"（{subject}）", "subtitle"))
    if plan.issued.strip():
        flow.append(Para(plan.issued.strip(), "issued"))
    table = Table(m, ws, plan, parts, pager.text_width)
    for section in document_order(plan, scope):
        if section is None:
            flow.append(table)
        else:
            flow += _section_paras(m, plan.section_label(section), section.heading, section.text)
    for i, block in enumerate(flow):
        if isinstance(block, Table):
            pager.place_table(block)
            continue
        lines, _ = m.block([block], pager.text_width)
        following = flow[i + 1] if i + 1 < len(flow) else None
        keep_with = 0.0
        if isinstance(following, Table):
            keep_with = pager.first_need(following)
        elif following is not None:
            keep_with = STYLES[following.style].before + 2 * m.pitch(following.style)[0]
        pager.place_para(block, lines, keep_with)
    pages = pager.finish()
    log.info("laid out plan %s (%s): %d pages, %d rows", plan.year, scope, pager.count, table.count)
    return pager, pages, agency + title, subject, agency.strip()


def layout_plan(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None = None,
    measurer: Measurer | None = None,
    progress: Progress | None = None,
    landscape: bool | None = None,
) -> Document:
    """Lay out the plan (or a part) on A4 pages, in the plan's orientation unless given; BadInput when empty."""
    m = measurer or Measurer()
    pager, pages, title, subject, agency = _flow(ws, plan, scope, m, progress, landscape, None)
    return Document(pages, pager.width > pager.height, title, subject, m.fonts, pager.page_starts, agency)


def layout_sheets(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None = None,
    progress: Progress | None = None,
    landscape: bool | None = None,
) -> Sheets:
    """Lay out the plan as layout_plan does, keeping only compact pages to paint (preview, PDF, printer)."""
    m = Measurer()
    writer = SheetWriter()
    pager, _, title, _, agency = _flow(ws, plan, scope, m, progress, landscape, writer)
    for sheet in writer.sheets:
        sheet.footer = footer_of(pager.footer(sheet.number))
    return Sheets(writer.sheets, pager.width > pager.height, title, m.fonts, agency, pager.page_starts)

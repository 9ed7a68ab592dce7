"""Compact pages (ui/render/sheet.py): the same pages as the full layout, and a PDF whose text is unchanged."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPdfWriter, QPen

from planner.build import add_plan_from_data
from planner.export.scope import scope_for
from ui.render.boxes import BORDER, DOTS, HEADER_FILL, MEASURE_DPI, STYLES, Cell, Document, Line
from ui.render.fonts import make_font
from ui.render.layout import layout_plan, layout_sheets
from ui.render.measure import WRAP_CACHE
from ui.render.pdf import export_pdf, page_layout
from ui.render.sheet import RECT, TEXT, to_sheet


def old_pdf(doc: Document, path: Path) -> None:
    """Paint a Document as the paint pass did before Sheets: one drawText per Line, cells in reading order."""
    writer = QPdfWriter(str(path))
    writer.setResolution(MEASURE_DPI)
    writer.setPageLayout(page_layout(doc.landscape))
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fonts = {name: make_font(doc.fonts, style.size, style.bold) for name, style in STYLES.items()}
    pen = QPen(QColor("black"))
    pen.setWidthF(BORDER * DOTS)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)

    def text(line: Line) -> None:
        if line.text:
            painter.setFont(fonts[line.style])
            painter.drawText(QPointF(line.x * DOTS, line.baseline * DOTS), line.text)

    for i, page in enumerate(doc.pages):
        if i:
            writer.newPage()
        painter.setPen(pen)
        for box in page.boxes:
            if isinstance(box, Cell):
                rect = QRectF(box.x * DOTS, box.y * DOTS, box.width * DOTS, box.height * DOTS)
                if box.header:
                    painter.fillRect(rect, QBrush(QColor(HEADER_FILL)))
                painter.drawRect(rect)
                for line in box.lines:
                    text(line)
            else:
                text(box)
        if page.footer is not None:
            text(page.footer)
    painter.end()


def pdf_marks(path: Path) -> list[tuple[list[tuple[str, float, float]], list[tuple[float, ...]]]]:
    """Return every page's characters (text, x, top) and shapes, rounded to 0.01 pt, as pdfplumber reads them."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = sorted((c["text"], round(c["x0"], 2), round(c["top"], 2)) for c in page.chars)
            shapes = page.rects + page.lines + page.curves  # Qt strokes the cell borders as paths
            rects = sorted(tuple(round(r[k], 2) for k in ("x0", "top", "x1", "bottom")) for r in shapes)
            out.append((chars, rects))
    return out


def big_plan(ws, methods: int):
    """Add a plan of long, partly repeated texts: rows that split, spans continued over pages."""
    long_note = "辦理社區閱讀推廣活動，邀請在地作家分享創作經驗並導讀經典作品" * 12
    items = []
    for i in range(3):
        focuses = []
        for j in range(4):
            rows = [
                {"title": f"方法{i}{j}{k}", "body": long_note if k % 5 == 0 else "每月統計借閱人次", "months": [3, 6]}
                for k in range(methods // 12)
            ]
            focuses.append({"title": f"重點{j}" + "加強讀者服務品質" * (3 if j == 1 else 1), "methods": rows})
        items.append({"title": f"要項{i}" + "完備基礎服務" * 6, "focuses": focuses})
    return add_plan_from_data(ws, {"year": 116, "title": "測試計畫", "items": items})


@pytest.mark.parametrize("landscape", [False, True])
def test_sheets_are_the_pages_of_the_layout(qapp, demo_ws, landscape):
    plan = demo_ws.plan(115)
    for scope in (None, scope_for(demo_ws, plan, unit=demo_ws.units()[0].name)):
        doc = layout_plan(demo_ws, plan, scope, landscape=landscape)
        sheets = layout_sheets(demo_ws, plan, scope, landscape=landscape)
        assert len(sheets.pages) == len(doc.pages) > 1
        assert sheets.pages == [to_sheet(page) for page in doc.pages]
        assert sheets.page_starts == doc.page_starts and sheets.landscape is landscape
        for page, sheet in zip(doc.pages, sheets.pages):
            assert sheet.texts() == [t for t in page.texts() if t]
            cells = [box for box in page.boxes if isinstance(box, Cell)]
            rects = [numbers for kind, numbers, _, _ in sheet.entries() if kind != TEXT]
            assert rects == [(c.x * DOTS, c.y * DOTS, c.width * DOTS, c.height * DOTS) for c in cells]
            assert [k == RECT for k, *_ in sheet.entries() if k != TEXT] == [not c.header for c in cells]


def test_a_plan_beyond_the_wrap_cache_lays_out_the_same_pages(qapp, ws, monkeypatch):
    plan = big_plan(ws, 240)
    doc = layout_plan(ws, plan)
    monkeypatch.setattr("ui.render.measure.WRAP_CACHE", 8)  # every text measured again after a few others
    assert WRAP_CACHE > 8
    sheets = layout_sheets(ws, plan)
    assert len(doc.pages) > 10 and any(c.continued for p in doc.pages for c in p.cells)
    assert sheets.pages == [to_sheet(page) for page in doc.pages]


def test_the_pdf_text_is_unchanged(qapp, demo_ws, ws, tmp_path):
    for workspace, plan in ((demo_ws, demo_ws.plan(115)), (ws, big_plan(ws, 120))):
        exported = export_pdf(workspace, plan, tmp_path / "new.pdf")
        old_pdf(layout_plan(workspace, plan), tmp_path / "old.pdf")
        new, old = pdf_marks(exported), pdf_marks(tmp_path / "old.pdf")
        assert len(new) == len(old) > 1
        for page, (chars, rects) in enumerate(new):
            assert chars == old[page][0], f"page {page + 1}"
            assert rects == old[page][1]
        assert sum(len(rects) for _, rects in new) > len(new)
        assert set(plan.title.replace(" ", "")) <= {c for c, _, _ in new[0][0]}
        assert {"第", "頁", "共", *str(len(new))} <= {c for c, _, _ in new[-1][0]}

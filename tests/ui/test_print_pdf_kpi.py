"""The PDF (Qt renderer) prints 衡量指標 and 目標值 when the layout has such columns."""

from __future__ import annotations

from planner.kpi import set_kpi
from planner.layouts import preset
from planner.numerals import METHOD
from planner.plans import set_layout
from tests.ui.test_print_pdf import pdf_texts
from ui.render.pdf import export_pdf


def test_pdf_prints_kpi_columns(qapp, demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    method = [n for n in plan.nodes.values() if n.level == METHOD][1]
    set_kpi(demo_ws, plan, method.id, kpi="推廣活動場次", target="12場")
    out = export_pdf(demo_ws, plan, tmp_path / "沒有指標欄.pdf")
    assert "推廣活動場次" not in "".join(pdf_texts(out)[1])
    set_layout(demo_ws, plan, preset("full_kpi"))
    out = export_pdf(demo_ws, demo_ws.plan(115), tmp_path / "指標.pdf")
    whole = "".join(pdf_texts(out)[1])
    assert "衡量指標" in whole and "目標值" in whole
    label = demo_ws.plan(115).numbering()[method.id]
    after = whole[whole.index(label + method.title[:6]) :]
    assert after.index("推廣活動場次") < after.index("12場") < 400

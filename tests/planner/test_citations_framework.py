"""copy-year keeps cited letters and flags them; the city framework check."""

from __future__ import annotations

import re

import pytest

from planner import operations as ops
from planner.check import check_plan
from planner.citations import find_citations
from planner.compare.findings import framework_findings, plan_framework, set_plan_framework
from planner.errors import BadInput
from planner.frameworks import framework
from planner.plans import bump_year_text, copy_plan_to_year, create_plan, set_section
from tests.planner.helpers import build_small

# Citation lines of the seeds (001, 003; line breaks of the PDF extraction joined) and of the issue.
SEED_LINES = [
    "102 年 3 月 14 日高市工務秘字第 10231769100 號函頒",
    "一、 行政院 96 年 7 月 23 日院授研展字第 09600152471 號函頒「政府服務創新精進方案」。",
    "二、 高雄市政府 102 年 3 月 1 日高市府研發字第 10230182000號函頒「高雄市政府 102 年度提升服務品質實施計畫」。",
    "高雄市政府 110 年 1 月 5 日高市府研發字第 11030001300 號函頒 「高雄市政府提升服務實施計畫」。",
    "114年1月5日高市府研發字第11430001300號函頒",
]


@pytest.mark.parametrize("line", SEED_LINES)
def test_citations_found_and_kept(line):
    (found,) = find_citations(line)
    assert "字第" in found.text and "號" in found.text
    year = int(re.search(r"(\d+)\s*年", line).group(1))
    assert bump_year_text(line, year, year + 1) == line
    assert bump_year_text(line, 114, 115) == line


def test_years_outside_citations_still_change():
    cited = "依 102 年 3 月 14 日高市工務秘字第 10231769100 號函頒辦理"
    text = f"高雄市政府工務局 102 年度提升服務品質執行計畫，{cited}，102年12月底前完成。"
    want = f"高雄市政府工務局 103 年度提升服務品質執行計畫，{cited}，103年12月底前完成。"
    assert bump_year_text(text, 102, 103) == want
    assert bump_year_text("114年度提升服務工作計畫", 114, 115) == "115年度提升服務工作計畫"


def test_copy_year_flags_each_copied_citation(ws):
    plan = build_small(ws, 114)
    basis = "\n".join(
        ["一、" + SEED_LINES[1][3:], "二、本所 114 年度施政重點。", SEED_LINES[4] + "「高雄市政府提升服務實施計畫」。"]
    )
    set_section(ws, plan, plan.sections[0].id, text=basis)
    assert [f for f in check_plan(ws, plan) if f.code == "citation-copied"] == []  # not a copy
    new = copy_plan_to_year(ws, 114, 115)
    text = new.sections[0].text
    assert "本所 115 年度施政重點" in text
    assert "114年1月5日高市府研發字第11430001300號函頒" in text  # the letter keeps its date and 字號
    found = [f for f in check_plan(ws, new) if f.code == "citation-copied"]
    assert [(f.severity, f.where) for f in found] == [
        ("warning", "壹、計畫依據第 1 行"),
        ("warning", "壹、計畫依據第 3 行"),
    ]
    assert "沿用自 114 年度計畫" in found[1].message and "11430001300" in found[1].message
    # The officer cites the new letter: that finding goes, the other stays.
    set_section(
        ws,
        new,
        new.sections[0].id,
        text=text.replace("114年1月5日高市府研發字第11430001300", "115年1月6日高市府研發字第11530001400"),
    )
    found = [f for f in check_plan(ws, new) if f.code == "citation-copied"]
    assert [f.where for f in found] == ["壹、計畫依據第 1 行"]


def test_citation_in_a_method_body(ws):
    plan = build_small(ws, 114)
    m1 = next(n for n in plan.walk() if n.title == "m1")
    ops.set_fields(ws, plan, m1.id, body="依據說明：\n" + SEED_LINES[3])
    new = copy_plan_to_year(ws, 114, 115)
    copy = next(n for n in new.walk() if n.title == "m1")
    (finding,) = [f for f in check_plan(ws, new) if f.code == "citation-copied"]
    assert finding.node_id == copy.id and finding.where == "1.m1第 2 行"
    assert "110年1月5日高市府研發字第11030001300號函頒" in finding.message


def test_framework_check(ws):
    plan = create_plan(ws, 114, framework_id="kaohsiung-six")
    assert plan_framework(ws, plan).id == "kaohsiung-six"
    assert framework_findings(ws, plan) == []
    fw = framework("kaohsiung-six")
    first_focus = plan.items[0].children[0]
    ops.set_fields(ws, plan, plan.items[1].id, title=plan.items[1].title + "並持續精進")
    ops.delete_node(ws, plan, first_focus.id)
    found = framework_findings(ws, plan)
    codes = [(f.code, f.node_id) for f in found]
    assert ("framework-reworded", plan.items[1].id) in codes
    missing = [f for f in found if f.code == "framework-missing"]
    assert len(missing) == 1 and fw.items[0]["focuses"][0]["title"] in missing[0].message
    assert {f.code for f in check_plan(ws, plan)} >= {"framework-missing", "framework-reworded"}


def test_framework_not_detected_or_switched_off(ws):
    small = build_small(ws, 113)
    assert plan_framework(ws, small) is None and framework_findings(ws, small) == []
    plan = create_plan(ws, 114, framework_id="kaohsiung-six")
    set_plan_framework(ws, plan, "")
    assert framework_findings(ws, plan) == []
    set_plan_framework(ws, plan, "five-items")
    assert len([f for f in framework_findings(ws, plan) if f.code == "framework-missing"]) >= 5
    ws.undo()
    assert framework_findings(ws, plan) == []
    with pytest.raises(BadInput, match="沒有這個架構"):
        set_plan_framework(ws, plan, "nowhere")

import pytest

from planner import operations as ops
from planner.errors import BadInput, OperationRefused
from planner.layouts import PRESETS, custom_layout, preset
from planner.plans import (
    add_milestone,
    add_section,
    bump_year_text,
    copy_plan_to_year,
    create_plan,
    delete_plan,
    move_section,
    remove_milestone,
    remove_section,
    set_agency,
    set_layout,
    set_milestone,
    set_plan_fields,
    set_section,
)
from planner.steps import plan_snapshot
from tests.planner.helpers import build_small, outline, reloaded


def test_new_plan_defaults(ws):
    plan = create_plan(ws, 114)
    assert plan.title == "114年度提升服務工作計畫"
    assert plan.agency == "測試區公所"
    assert [plan.section_label(s) + s.heading for s in plan.sections] == [
        "壹、計畫依據",
        "貳、計畫目標",
        "參、實施對象",
        "肆、計畫內容",
        "伍、考核與獎勵",
        "陸、其他",
    ]
    assert [(m.month, m.title) for m in plan.milestones] == [
        (6, "自行檢核表"),
        (8, "政府服務獎申請"),
        (12, "年度執行成果"),
    ]
    assert plan.layout.headers == ["工作要項", "工作重點", "業務單位"]
    with pytest.raises(BadInput, match="已經存在"):
        create_plan(ws, 114)
    with pytest.raises(BadInput):
        create_plan(ws, 0)


def test_plan_from_kaohsiung_framework(ws):
    plan = create_plan(ws, 114, framework_id="kaohsiung-six")
    assert plan.counts() == {1: 7, 2: 23, 3: 0}
    labels = outline(plan)
    assert labels[0] == "訂定「提升服務計畫」"
    assert "一、完備基礎服務項目，注重服務特性差異化" in labels
    assert "六、掌握社經發展趨勢，專案規劃前瞻服務" in labels
    assert "  (四)傾聽民眾意見，積極回應，有效協助民眾解決問題。" in labels


def test_plan_from_five_item_framework(ws):
    plan = create_plan(ws, 102, framework_id="five-items")
    assert [outline(plan)[i] for i, n in enumerate(plan.walk()) if n.level == 1] == [
        "一、提升服務品質，深化服務績效",
        "二、便捷服務程序，確保流程透明",
        "三、探查民意趨勢，建立顧客關係",
        "四、豐富服務資訊，促進網路溝通",
        "五、創新服務方式，整合服務資源",
    ]
    assert plan.layout.headers == ["實施要項", "執行重點", "執行步驟(方法)", "查核期限", "備註"]
    with pytest.raises(BadInput, match="沒有這個架構"):
        create_plan(ws, 103, framework_id="nope")


def test_delete_plan_undo_restores_everything(ws):
    plan = build_small(ws)
    ops.set_units(ws, plan, plan.methods()[0].id, [ws.units()[0].id])
    before = plan_snapshot(plan)
    delete_plan(ws, 114)
    assert ws.years() == []
    with pytest.raises(BadInput, match="沒有 114"):
        ws.plan(114)
    ws.undo()
    assert plan_snapshot(ws.plan(114)) == before
    ws.redo()
    assert ws.years() == []


def test_header_sections_layout_milestones_undo(ws):
    plan = create_plan(ws, 114)
    ws.clear_history()
    start = plan_snapshot(plan)
    set_agency(ws, "新名稱區公所")
    set_plan_fields(ws, plan, title="改過的標題", issued="114年1月2日函頒", year=116)
    assert ws.years() == [116] and ws.plan(116) is plan
    s = add_section(ws, plan, "附則", "一、附帶說明。", index=0)
    assert plan.section_label(s) == "壹、" and plan.section_label(plan.sections[1]) == "貳、"
    move_section(ws, plan, s.id, 6)
    set_section(ws, plan, s.id, numbered=False, heading="附件")
    assert plan.section_label(s) == "" and plan.section_label(plan.sections[5]) == "陸、"
    remove_section(ws, plan, plan.sections[0].id)
    set_layout(ws, plan, preset("implementation"))
    m = add_milestone(ws, plan, 3, "季會議", day=15)
    set_milestone(ws, plan, m.id, month=4)
    remove_milestone(ws, plan, plan.milestones[0].id)
    assert reloaded(ws, plan) == plan_snapshot(ws.plan(116))
    plan = ws.plan(116)
    while ws.undo():
        pass
    assert ws.agency == "測試區公所"
    assert plan_snapshot(plan) == start
    assert reloaded(ws, plan) == start


def test_header_rules(ws):
    plan = create_plan(ws, 114)
    create_plan(ws, 115)
    with pytest.raises(OperationRefused):
        set_plan_fields(ws, plan, year=115)
    with pytest.raises(OperationRefused):
        set_plan_fields(ws, plan, title="  ")
    with pytest.raises(OperationRefused):
        add_section(ws, plan, " ")
    with pytest.raises(OperationRefused):
        add_milestone(ws, plan, 13, "x")
    with pytest.raises(OperationRefused):
        add_milestone(ws, plan, 6, "x", day=32)


def test_layout_presets_and_custom():
    assert set(PRESETS) == {"kaohsiung", "execution", "implementation", "worksheet", "full", "full_kpi"}
    assert preset("full_kpi").headers[4:6] == ["衡量指標", "目標值"] and preset("full_kpi").shows("target")
    assert preset("worksheet").headers == ["實施要項", "工作重點", "工作(推動)方法", "備註"]
    assert preset("kaohsiung").columns[1].fields == ("focus", "method")
    layout = custom_layout([("項目", ["item"]), ("重點與作法", ["focus", "method"]), ("權責", ["units"])])
    assert layout.headers == ["項目", "重點與作法", "權責"] and layout.preset is None
    assert type(layout).from_json(layout.to_json()) == layout
    with pytest.raises(ValueError, match="必須包含"):
        custom_layout([("項目", ["item"])])
    with pytest.raises(ValueError, match="兩次"):
        custom_layout([("a", ["item"]), ("b", ["item", "focus", "method"])])


def test_bump_year_text():
    assert bump_year_text("114年度提升服務工作計畫", 114, 115) == "115年度提升服務工作計畫"
    assert bump_year_text("依 114 年計畫；1140 號函；第114頁", 114, 115) == "依 115 年計畫；1140 號函；第114頁"


def test_copy_year_keeps_tree_and_links_sources(ws):
    plan = build_small(ws)
    u = ws.units()[1]
    m1 = plan.methods()[0]
    ops.set_units(ws, plan, m1.id, [u.id])
    ops.set_months(ws, plan, m1.id, [6, 12])
    ops.set_fields(ws, plan, m1.id, note="持續辦理", body="內容")
    set_section(ws, plan, plan.sections[0].id, text="一、依114年度市府計畫辦理。")
    set_plan_fields(ws, plan, issued="114年2月1日函頒")
    new = copy_plan_to_year(ws, 114, 115)
    assert new.title == "115年度提升服務工作計畫"
    assert new.sections[0].text == "一、依115年度市府計畫辦理。"
    assert new.issued == ""
    assert new.source_plan_id == plan.id
    assert outline(new) == outline(plan)
    copy = new.methods()[0]
    assert (copy.units, copy.months, copy.note, copy.body) == ([u.id], [6, 12], "持續辦理", "內容")
    assert all(new.nodes[n.id].source_id is not None for n in new.walk())
    assert {n.source_id for n in new.walk()} == set(plan.nodes)
    assert not set(new.nodes) & set(plan.nodes)
    assert reloaded(ws, new) == plan_snapshot(ws.plan(115))
    assert ws.undo_text == "由 114 年度複製 115 年度計畫"
    ws.undo()
    assert ws.years() == [114]
    with pytest.raises(BadInput):
        copy_plan_to_year(ws, 113, 116)
    copy_plan_to_year(ws, 114, 115)
    with pytest.raises(BadInput, match="已經存在"):
        copy_plan_to_year(ws, 114, 115)


def test_new_node_ids_ascend_in_document_order(ws):
    """A written tree gets ids in the order its rows are inserted (compact file, issue 17), on redo too."""
    from planner.build import add_plan_from_data
    from planner.demo import demo_data

    plan = add_plan_from_data(ws, demo_data()["plan"])
    ids = [n.id for n in plan.walk()]
    assert len(ids) > 50 and ids == sorted(ids)
    stored = [row[0] for row in ws.db.execute_sql("SELECT id FROM node WHERE plan_id = ? ORDER BY rowid", (plan.id,))]
    assert stored == ids
    copy = copy_plan_to_year(ws, plan.year, plan.year + 1)
    copied = [n.id for n in copy.walk()]
    assert copied == sorted(copied) and copied[0] > ids[-1]
    ws.undo()
    ws.redo()
    assert [n.id for n in ws.plan(plan.year + 1).walk()] == copied

from planner.build import add_plan_from_data
from planner.check import check_plan
from planner.frameworks import frameworks
from tests.planner.helpers import counted_sql


def test_demo_workspace_is_complete(demo_ws):
    assert demo_ws.agency == "星河市立圖書館"
    assert 3 <= len(demo_ws.units()) <= 4
    plan = demo_ws.plan(115)
    methods = plan.methods()
    assert len(methods) >= 40
    numbered_items = [i for i in plan.items if i.numbered]
    assert len(numbered_items) == 6
    fw = {i["title"] for i in frameworks()["kaohsiung-six"].items}
    assert {i.title for i in numbered_items} <= fw
    assert all(m.units and m.months for m in methods)
    assert sum(bool(m.note) for m in methods) >= 10
    assert all(s.text for s in plan.sections if s.heading != "計畫內容")
    assert plan.milestones
    assert check_plan(demo_ws, plan) == []
    assert demo_ws.undo_text is None


def synthetic(methods_per_focus):
    return {
        "year": 114,
        "title": "x",
        "sections": [{"heading": "計畫依據", "text": "一、甲。"}],
        "items": [
            {
                "title": f"要項{i}",
                "focuses": [
                    {
                        "title": f"重點{i}-{j}",
                        "methods": [
                            {"title": f"方法{k}", "body": "內容", "units": ["甲課"], "months": [6, 12]}
                            for k in range(methods_per_focus)
                        ],
                    }
                    for j in range(3)
                ],
            }
            for i in range(3)
        ],
    }


def count_queries(ws, year):
    ws.forget_plan(ws.plan(year).id)
    with counted_sql(ws) as calls:
        plan = ws.plan(year)
    return len(calls), plan


def test_loading_costs_a_fixed_number_of_queries(ws):
    add_plan_from_data(ws, synthetic(2))
    small, plan_small = count_queries(ws, 114)
    ws.plan(114)
    from planner.plans import delete_plan

    delete_plan(ws, 114)
    add_plan_from_data(ws, synthetic(40))
    large, plan_large = count_queries(ws, 114)
    assert plan_small.counts()[3] == 18 and plan_large.counts()[3] == 360
    assert small == large <= 8  # 6 to load + 2 for the damaged-tree guard (issue 16)

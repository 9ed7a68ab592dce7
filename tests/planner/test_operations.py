import pytest

from planner import operations as ops
from planner.changes import AFTER, BEFORE, NodeMoved, NodesInserted, NodesRemoved
from planner.errors import OperationRefused
from planner.steps import plan_snapshot
from tests.planner.helpers import START, build_small, by_title, outline, reloaded


def test_build_and_numbering(ws):
    plan = build_small(ws)
    assert outline(plan) == START
    assert plan.counts() == {1: 2, 2: 3, 3: 5}
    assert reloaded(ws, plan) == plan_snapshot(ws.plan(114))


def check_undo_redo(ws, plan, after):
    """Undo back to START and redo forward to `after`, checking memory and file each time."""
    assert outline(plan) == after
    stored_after = reloaded(ws, plan)
    plan = ws.plan(plan.year)
    assert plan_snapshot(plan) == stored_after
    ws.undo()
    assert outline(plan) == START
    assert plan_snapshot(plan) == reloaded(ws, plan)
    plan = ws.plan(plan.year)
    ws.redo()
    assert outline(plan) == after
    assert plan_snapshot(plan) == reloaded(ws, plan) == stored_after


def test_add_sibling_inserts_after_and_renumbers(ws):
    plan = build_small(ws)
    ops.add_sibling(ws, plan, by_title(plan, "m1").id, "新")
    assert ws.undo_text == "新增方法"
    after = START[:3] + ["    2.新", "    3.m2"] + START[4:]
    check_undo_redo(ws, plan, after)


def test_insert_at_index_and_top_level(ws):
    plan = build_small(ws)
    ops.add_node(ws, plan, None, 0, "首")
    check_undo_redo(ws, plan, ["一、首", "二、甲", *START[1:6], "三、乙", *START[7:]])


def test_method_cannot_have_children(ws):
    plan = build_small(ws)
    with pytest.raises(OperationRefused, match="方法之下"):
        ops.add_child(ws, plan, by_title(plan, "m1").id, "x")
    assert ws.undo_text is None


def test_delete_counts_methods_and_undo_restores_ids(ws):
    plan = build_small(ws)
    a = by_title(plan, "甲")
    ids = sorted(n.id for n in a.walk())
    assert ops.delete_node(ws, plan, a.id) == 3
    assert outline(plan) == ["一、乙", "  (一)乙一", "    1.m4", "    2.m5"]
    assert ws.undo_text == "刪除要項"
    ws.undo()
    assert outline(plan) == START
    assert sorted(n.id for n in by_title(plan, "甲").walk()) == ids
    ws.redo()
    check_undo_redo(ws, plan, ["一、乙", "  (一)乙一", "    1.m4", "    2.m5"])


def test_delete_several_is_one_step(ws):
    plan = build_small(ws)
    removed = ops.delete_nodes(ws, plan, [by_title(plan, "m1").id, by_title(plan, "甲二").id, by_title(plan, "m3").id])
    assert removed == 2
    assert outline(plan) == ["一、甲", "  (一)甲一", "    1.m2", *START[6:]]
    ws.undo()
    assert outline(plan) == START
    assert ws.undo_text is None


def test_move_within_parent(ws):
    plan = build_small(ws)
    ops.move_down(ws, plan, by_title(plan, "m1").id)
    check_undo_redo(ws, plan, START[:2] + ["    1.m2", "    2.m1"] + START[4:])


def test_move_across_parents(ws):
    plan = build_small(ws)
    ops.move_node(ws, plan, by_title(plan, "m1").id, by_title(plan, "乙一").id, 1)
    after = [
        "一、甲",
        "  (一)甲一",
        "    1.m2",
        "  (二)甲二",
        "    1.m3",
        "二、乙",
        "  (一)乙一",
        "    1.m4",
        "    2.m1",
        "    3.m5",
    ]
    check_undo_redo(ws, plan, after)


def test_move_up_from_first_child_goes_to_previous_parent(ws):
    plan = build_small(ws)
    ops.move_up(ws, plan, by_title(plan, "m3").id)
    after = START[:4] + ["    3.m3", "  (二)甲二"] + START[6:]
    check_undo_redo(ws, plan, after)


def test_move_down_from_last_child_goes_to_next_parent(ws):
    plan = build_small(ws)
    ops.move_down(ws, plan, by_title(plan, "甲二").id)
    after = START[:2] + START[2:4] + ["二、乙", "  (一)甲二", "    1.m3", "  (二)乙一", "    1.m4", "    2.m5"]
    check_undo_redo(ws, plan, after)


def test_move_edges_refused(ws):
    plan = build_small(ws)
    with pytest.raises(OperationRefused):
        ops.move_up(ws, plan, by_title(plan, "甲").id)
    with pytest.raises(OperationRefused):
        ops.move_down(ws, plan, by_title(plan, "m5").id)


def test_level_rules_for_moves(ws):
    plan = build_small(ws)
    m1, a, a1 = by_title(plan, "m1"), by_title(plan, "甲"), by_title(plan, "甲一")
    assert "只能放在重點之下" in ops.can_move(plan, m1.id, a.id)
    assert "最上層" in ops.can_move(plan, m1.id, None)
    assert "自己底下" in ops.can_move(plan, a.id, a1.id)
    with pytest.raises(OperationRefused):
        ops.move_node(ws, plan, a1.id, m1.id, 0)
    assert outline(plan) == START


def test_indent_method_refused_and_focus_with_methods_refused(ws):
    plan = build_small(ws)
    with pytest.raises(OperationRefused, match="最深"):
        ops.indent(ws, plan, by_title(plan, "m2").id)
    with pytest.raises(OperationRefused, match="超過三層"):
        ops.indent(ws, plan, by_title(plan, "甲二").id)
    with pytest.raises(OperationRefused, match="前面沒有"):
        ops.indent(ws, plan, by_title(plan, "甲").id)


def test_indent_leaf_focus_becomes_method(ws):
    plan = build_small(ws)
    new = ops.add_sibling(ws, plan, by_title(plan, "甲二").id, "葉")
    ws.clear_history()
    ops.indent(ws, plan, new.id)
    assert new.level == 3
    assert outline(plan)[:7] == START[:6] + ["    2.葉"]
    stored = reloaded(ws, plan)
    assert plan_snapshot(ws.plan(114)) == stored
    plan = ws.plan(114)
    ws.undo()
    assert plan.nodes[new.id].level == 2
    assert plan_snapshot(plan) == reloaded(ws, plan)


def test_outdent_method_becomes_focus_after_parent(ws):
    plan = build_small(ws)
    ops.outdent(ws, plan, by_title(plan, "m1").id)
    after = ["一、甲", "  (一)甲一", "    1.m2", "  (二)m1", "  (三)甲二", "    1.m3", *START[6:]]
    check_undo_redo(ws, plan, after)


def test_outdent_focus_takes_subtree_up(ws):
    plan = build_small(ws)
    ops.outdent(ws, plan, by_title(plan, "甲二").id)
    after = ["一、甲", "  (一)甲一", "    1.m1", "    2.m2", "二、甲二", "  (一)m3", "三、乙", *START[7:]]
    check_undo_redo(ws, plan, after)
    with pytest.raises(OperationRefused, match="最上層"):
        ops.outdent(ws, plan, by_title(plan, "甲").id)


def test_edit_fields_units_months_numbered(ws):
    plan = build_small(ws)
    m1 = by_title(plan, "m1")
    units = [u.id for u in ws.units()]
    ops.set_fields(ws, plan, m1.id, title="方法甲", body="內容\n第二行", note="備註")
    assert ws.undo_text == "修改方法標題、內容、備註"
    ops.set_units(ws, plan, m1.id, [units[2], units[0], units[2]])
    ops.set_months(ws, plan, m1.id, [12, 6, 6])
    ops.set_numbered(ws, plan, by_title(plan, "甲").id, False)
    assert (m1.title, m1.body, m1.note, m1.units, m1.months) == (
        "方法甲",
        "內容\n第二行",
        "備註",
        [units[2], units[0]],
        [6, 12],
    )
    assert outline(plan)[0] == "甲" and outline(plan)[6] == "一、乙"
    assert plan_snapshot(plan) == reloaded(ws, plan)
    plan = ws.plan(114)
    for _ in range(4):
        ws.undo()
    assert outline(plan) == START
    m1 = plan.nodes[m1.id]
    assert (m1.title, m1.body, m1.note, m1.units, m1.months) == ("m1", "", "", [], [])
    for _ in range(4):
        ws.redo()
    assert m1.units == [units[2], units[0]] and m1.months == [6, 12]


def test_no_op_edits_make_no_history(ws):
    plan = build_small(ws)
    m1 = by_title(plan, "m1")
    ops.set_fields(ws, plan, m1.id, title="m1")
    ops.set_months(ws, plan, m1.id, [])
    ops.move_node(ws, plan, m1.id, m1.parent.id, 0)
    assert ws.undo_text is None


def test_bad_values_refused(ws):
    plan = build_small(ws)
    m1 = by_title(plan, "m1")
    with pytest.raises(OperationRefused):
        ops.set_months(ws, plan, m1.id, [13])
    with pytest.raises(OperationRefused):
        ops.set_units(ws, plan, m1.id, [999])
    with pytest.raises(OperationRefused):
        ops.set_numbered(ws, plan, m1.id, False)
    with pytest.raises(OperationRefused, match="找不到"):
        ops.delete_node(ws, plan, 12345)


def test_copy_paste_subtree_into_other_year(ws):
    plan = build_small(ws)
    other = build_small(ws, 115)
    u = ws.units()[1]
    ops.set_units(ws, plan, by_title(plan, "m1").id, [u.id])
    data = ops.copy_subtrees(ws, plan, [by_title(plan, "甲一").id, by_title(plan, "m1").id])
    assert len(data["nodes"]) == 1 and data["nodes"][0]["children"][0]["units"] == [u.name]
    pasted = ops.paste_subtrees(ws, other, data, by_title(other, "乙").id)
    assert outline(other)[-3:] == ["  (二)甲一", "    1.m1", "    2.m2"]
    assert pasted[0].children[0].units == [u.id]
    assert pasted[0].id not in plan.nodes
    ws.undo()
    assert outline(other) == START


def test_paste_relevels_and_adds_unknown_units(ws):
    plan = build_small(ws)
    data = {
        "format": "planner-subtrees",
        "version": 1,
        "nodes": [{"level": 3, "title": "外來", "units": ["新單位"], "months": [4], "children": []}],
    }
    ops.paste_subtrees(ws, plan, data, by_title(plan, "甲二").id, 0)
    assert outline(plan)[5] == "    1.外來"
    assert ws.unit_by_name("新單位") is not None
    ws.undo()
    assert ws.unit_by_name("新單位") is None
    with pytest.raises(OperationRefused):
        ops.paste_subtrees(ws, plan, {"format": "x"}, None)
    deep = {
        "format": "planner-subtrees",
        "version": 1,
        "nodes": [{"level": 2, "title": "重點", "children": [{"level": 3, "title": "方法", "children": []}]}],
    }
    with pytest.raises(OperationRefused, match="超過三層"):
        ops.paste_subtrees(ws, plan, deep, by_title(plan, "甲二").id)


def test_notices_bracket_changes(ws):
    plan = build_small(ws)
    seen = []
    ws.subscribe(lambda phase, change: seen.append((phase, type(change).__name__)))
    ops.add_sibling(ws, plan, by_title(plan, "m1").id)
    ops.move_down(ws, plan, by_title(plan, "m1").id)
    ops.delete_node(ws, plan, by_title(plan, "m1").id)
    kinds = [k for k in seen if k[1] != "HistoryChanged"]
    assert kinds == [
        (BEFORE, NodesInserted.__name__),
        (AFTER, NodesInserted.__name__),
        (BEFORE, NodeMoved.__name__),
        (AFTER, NodeMoved.__name__),
        (BEFORE, NodesRemoved.__name__),
        (AFTER, NodesRemoved.__name__),
    ]


def test_failed_edit_rolls_back_memory_and_file(ws):
    plan = build_small(ws)
    before = plan_snapshot(plan)
    with pytest.raises(RuntimeError):
        with ws.edit("會失敗") as tx:
            from planner.steps import SetNodeFields

            tx.do(ws, SetNodeFields(plan.id, by_title(plan, "m1").id, {"title": "改了"}))
            raise RuntimeError("boom")
    assert plan_snapshot(plan) == before
    assert reloaded(ws, plan) == before
    assert ws.undo_text is None


def test_read_only_refuses_edits(ws_path, ws):
    from planner.errors import ReadOnlyError
    from planner.workspace import open_workspace

    build_small(ws)
    ro = open_workspace(ws_path, read_only=True)
    try:
        plan = ro.plan(114)
        with pytest.raises(ReadOnlyError):
            ops.add_node(ro, plan, None, title="x")
        assert outline(plan) == START
    finally:
        ro.close()

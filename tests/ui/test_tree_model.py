"""The plan tree model: structure, labels, change notices, drag and drop, under QAbstractItemModelTester."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from planner import operations as ops
from planner.plans import create_plan
from tests.planner.helpers import build_small as small_plan
from tests.planner.helpers import by_title
from ui.common.texts import node_headline
from ui.editor.tree_model import COL_MONTHS, COL_TITLE, COL_UNITS, PlanTreeModel


def shown(model: PlanTreeModel, parent: QModelIndex | None = None, depth: int = 0) -> list[str]:
    """Return every row's column-0 text, indented by depth, as the view would walk it."""
    parent = parent or QModelIndex()
    out: list[str] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, COL_TITLE, parent)
        out.append("  " * depth + index.data())
        out.extend(shown(model, index, depth + 1))
    return out


def expected(plan) -> list[str]:
    labels = plan.numbering()
    return ["  " * (n.level - 1) + labels[n.id] + (node_headline(n) or "（空白）") for n in plan.walk()]


def test_demo_plan_passes_the_model_tester(demo_ws, model_check):
    plan = demo_ws.plan(115)
    model = PlanTreeModel()
    model_check(model)
    model.set_workspace(demo_ws, plan)
    assert shown(model) == expected(plan)
    assert model.index(0, COL_TITLE).data() == "訂定「提升服務計畫」"  # the unnumbered opening 要項
    assert model.index(1, COL_TITLE).data().startswith("一、")
    method = plan.methods()[0]
    assert model.index_for(method.id, COL_UNITS).data() == "、".join(demo_ws.unit_names(method.units))
    assert model.index_for(method.id, COL_MONTHS).data() == "、".join(f"{m}月" for m in method.months)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["項目", "業務單位", "查核月份"]


def test_edits_and_undo_keep_model_and_plan_in_step(ws, model_check):
    plan = small_plan(ws)
    model = PlanTreeModel()
    model.set_workspace(ws, plan)
    model_check(model)
    changed: list[int] = []
    model.dataChanged.connect(lambda first, last, roles: changed.append(first.row()))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    start = shown(model)

    ops.add_sibling(ws, plan, by_title(plan, "m1").id, "新")
    assert shown(model) == expected(plan)
    assert "    2.新" in shown(model) and "    3.m2" in shown(model)
    assert changed, "siblings after the insert are repainted (renumbered)"
    ops.move_up(ws, plan, by_title(plan, "m3").id)  # to the end of 甲一
    extra = ops.add_sibling(ws, plan, by_title(plan, "乙一").id, "丙")
    ops.indent(ws, plan, extra.id)  # the 重點 丙 becomes method 3. of 乙一
    assert "    3.丙" in shown(model)
    assert shown(model) == expected(plan)
    ops.outdent(ws, plan, by_title(plan, "m4").id)
    assert shown(model) == expected(plan)
    ops.delete_nodes(ws, plan, [by_title(plan, "甲二").id])
    assert shown(model) == expected(plan)
    ops.set_numbered(ws, plan, by_title(plan, "甲").id, False)
    assert shown(model)[0] == "甲"
    assert shown(model) == expected(plan)
    while ws.undo():
        assert shown(model) == expected(plan)
    assert shown(model) == start
    while ws.redo():
        assert shown(model) == expected(plan)
    assert resets == []


def test_unit_rename_and_merge_repaint_the_units_column(ws, model_check):
    plan = small_plan(ws)
    model = PlanTreeModel()
    model.set_workspace(ws, plan)
    model_check(model)
    units = {u.name: u.id for u in ws.units()}
    m1 = by_title(plan, "m1")
    ops.set_units(ws, plan, m1.id, [units["教務課"], units["輔導課"]])
    assert model.index_for(m1.id, COL_UNITS).data() == "教務課、輔導課"
    from planner.units import merge_units, rename_unit

    rename_unit(ws, units["教務課"], "教學課")
    assert model.index_for(m1.id, COL_UNITS).data() == "教學課、輔導課"
    merge_units(ws, units["輔導課"], units["教務課"])
    assert model.index_for(m1.id, COL_UNITS).data() == "教學課"


def test_drop_moves_once_and_refuses_own_descendant(ws, model_check):
    plan = small_plan(ws)
    model = PlanTreeModel()
    model.set_workspace(ws, plan)
    model_check(model)
    a, a1, b1 = by_title(plan, "甲"), by_title(plan, "甲一"), by_title(plan, "乙一")
    removed: list[int] = []
    model.rowsRemoved.connect(lambda *args: removed.append(1))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    # 甲一 dropped between 乙's children, before 乙一
    data = model.mimeData([model.index_for(a1.id)])
    parent = model.index_for(b1.parent.id)
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, parent) is False
    assert [n.title for n in plan.children_of(b1.parent.id)] == ["甲一", "乙一"]
    assert shown(model) == expected(plan)
    assert ws.undo_text == "移動重點" and len(ws.undo_stack) == 1
    assert removed == [], "a move is not an insert plus a remove"

    # 甲 into its own descendant, and a method to the top level: refused
    refusals: list[str] = []
    model.refused.connect(refusals.append)
    data = model.mimeData([model.index_for(a.id)])
    inner = model.index_for(by_title(plan, "甲二").id)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, inner)
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, inner) is False
    method = model.mimeData([model.index_for(by_title(plan, "m1").id)])
    assert not model.canDropMimeData(method, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert refusals == ["不能把項目移到它自己底下。"]
    assert len(ws.undo_stack) == 1

    # a method dropped onto another method lands right after it
    m5 = by_title(plan, "m5")
    assert model.dropMimeData(method, Qt.DropAction.MoveAction, -1, -1, model.index_for(m5.id)) is False
    assert [n.title for n in plan.children_of(m5.parent.id)] == ["m4", "m5", "m1"]
    assert shown(model) == expected(plan)

    # moving down within the same parent: the row counts with the node still in place
    data = model.mimeData([model.index_for(by_title(plan, "m4").id)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, model.index_for(m5.parent.id)) is False
    assert [n.title for n in plan.children_of(m5.parent.id)] == ["m5", "m4", "m1"]
    ws.undo()
    ws.undo()
    ws.undo()
    assert shown(model) == expected(plan)
    assert [n.title for n in plan.children_of(a.id)] == ["甲一", "甲二"]
    assert resets == [], "moves are beginMoveRows/endMoveRows, never a reset"


def test_reload_and_switch_reset(ws, model_check):
    plan = small_plan(ws)
    other = create_plan(ws, 115)
    model = PlanTreeModel()
    model.set_workspace(ws, plan)
    model_check(model)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_plan(other)
    assert model.rowCount() == 0
    model.set_plan(plan)
    assert shown(model) == expected(plan)
    ws.history.resync()  # what the library does after a failed undo: PlanReloaded
    assert model.plan is ws.plan(114) and model.plan is not plan
    assert shown(model) == expected(model.plan)
    assert len(resets) == 3


def test_inline_title_edit_is_one_undoable_step(ws, model_check):
    plan = small_plan(ws)
    model = PlanTreeModel()
    model.set_workspace(ws, plan)
    model_check(model)
    index = model.index_for(by_title(plan, "m2").id)
    assert index.data(Qt.ItemDataRole.EditRole) == "m2"
    assert model.setData(index, "改過")
    assert index.data() == "2.改過"
    assert ws.undo_text == "修改方法標題"


def test_demo_plan_edits_under_the_model_tester(demo_ws, model_check):
    plan = demo_ws.plan(115)
    model = PlanTreeModel()
    model.set_workspace(demo_ws, plan)
    model_check(model)
    start = shown(model)
    item = plan.items[1]
    focus = item.children[0]
    method = focus.children[1]
    ops.add_sibling(demo_ws, plan, method.id, "新增的方法")
    ops.move_down(demo_ws, plan, focus.children[-1].id)  # last method of the first 重點 to the next 重點
    first = focus.children[0]
    ops.outdent(demo_ws, plan, first.id)  # the method becomes a 重點 after its old 重點
    assert plan.index_of(first) == 1 and first.level == 2
    ops.indent(demo_ws, plan, first.id)  # and back, as the last method
    assert shown(model) == expected(plan)
    ops.move_node(demo_ws, plan, plan.items[3].id, None, 0)
    ops.delete_nodes(demo_ws, plan, [plan.items[1].id, plan.items[4].children[0].id])
    data = ops.copy_subtrees(demo_ws, plan, [plan.items[2].id])
    ops.paste_subtrees(demo_ws, plan, data, None, 0)
    assert shown(model) == expected(plan)
    while demo_ws.undo():
        assert shown(model) == expected(plan)
    assert shown(model) == start

"""The tree model filters itself: find-bar keys, and edits while filtered, under QAbstractItemModelTester."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner import operations as ops
from planner.model import Node, Plan
from tests.planner.helpers import build_small as small_plan
from tests.planner.helpers import by_title
from tests.ui.helpers import current_text, make_window, rows, select
from ui.common.texts import node_headline
from ui.editor.tree_model import COL_TITLE


def expected(plan: Plan, hit: Callable[[Node], bool]) -> list[str]:
    """Return the rows a filter should show, computed by brute force: matches, their ancestors and subtrees."""
    labels = plan.numbering()
    out: list[str] = []

    def below(node: Node) -> bool:
        return any(hit(kid) or below(kid) for kid in node.children)

    def visit(nodes: list[Node], depth: int, under: bool) -> None:
        for node in nodes:
            if under or hit(node) or below(node):
                out.append("  " * depth + labels[node.id] + (node_headline(node) or "（空白）"))
                visit(node.children, depth + 1, under or hit(node))

    visit(plan.items, 0, False)
    return out


def has(word: str) -> Callable[[Node], bool]:
    """Return the text criterion of one word."""
    return lambda n: word.casefold() in f"{n.title}\n{n.body}\n{n.note}".casefold()


def open_parents_all_expanded(window) -> bool:
    """Return whether every shown row with children is expanded in the view."""
    model, tree = window.model, window.tree
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        if model.rowCount(index):
            if not tree.isExpanded(index):
                return False
            stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    return True


def test_find_bar_by_keys_text_unit_and_clearing(qtbot, ws, settings, dialog_log, model_check):
    plan = small_plan(ws)
    units = {u.name: u.id for u in ws.units()}
    for title, unit in (("m1", "行政課"), ("m2", "教務課"), ("m4", "教務課")):
        ops.set_units(ws, plan, by_title(plan, title).id, [units[unit]])
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    full = rows(window)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    qtbot.keyClick(window.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.filter_bar
    assert bar.isVisible() and bar.text.hasFocus()

    qtbot.keyClicks(bar.text, "m")
    qtbot.keyClicks(bar.text, "4")
    assert bar.pending() and rows(window) == full  # debounced: nothing filtered while typing
    qtbot.waitUntil(lambda: not bar.pending())
    assert rows(window) == ["二、乙", "  (一)乙一", "    1.m4"] == expected(plan, has("m4"))
    assert current_text(window) == "1.m4" and bar.count.text() == "符合 1 項"
    m4 = window.tree.view_index(by_title(plan, "m4").id)
    assert m4.data(Qt.ItemDataRole.BackgroundRole) is not None  # the match is highlighted, not its ancestors
    assert m4.parent().data(Qt.ItemDataRole.BackgroundRole) is None
    assert open_parents_all_expanded(window)

    qtbot.keyClick(bar.text, Qt.Key.Key_Backspace)  # "m": every method matches
    qtbot.keyClick(bar.text, Qt.Key.Key_Return)
    assert rows(window) == full and bar.count.text() == "符合 5 項"
    assert current_text(window) == "1.m4"  # the current row stays where it was

    bar.unit.setFocus()
    while bar.unit.currentData() != units["教務課"]:
        qtbot.keyClick(bar.unit, Qt.Key.Key_Down)

    def in_unit(node: Node) -> bool:
        return units["教務課"] in node.units and has("m")(node)

    assert (
        rows(window)
        == expected(plan, in_unit)
        == ["一、甲", "  (一)甲一", "    2.m2", "二、乙", "  (一)乙一", "    1.m4"]
    )
    assert in_unit(window.tree.current_node())  # a unit passed on the way hid m4: the first match is current
    select(window, "m4")
    assert open_parents_all_expanded(window)

    bar.text.setFocus()
    qtbot.keyClick(bar.text, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(bar.text, Qt.Key.Key_Backspace)  # only the unit is left
    qtbot.waitUntil(lambda: not bar.pending())
    assert rows(window) == expected(plan, lambda n: units["教務課"] in n.units)
    bar.unit.setFocus()
    qtbot.keyClick(bar.unit, Qt.Key.Key_Home)  # 全部單位: nothing is filtered any more
    assert rows(window) == full and bar.count.text() == "" and not window.model.filter_active
    assert open_parents_all_expanded(window) and window.tree.dragEnabled()
    assert current_text(window) == "1.m4"

    qtbot.keyClicks(bar.text, "zz")
    qtbot.keyClick(bar.text, Qt.Key.Key_Return)
    assert rows(window) == [] and bar.count.text() == "符合 0 項"
    qtbot.keyClick(bar.text, Qt.Key.Key_Escape)  # Esc clears and closes the bar
    assert not bar.isVisible() and rows(window) == full


def test_edits_while_filtered_keep_model_view_and_plan_in_step(qtbot, ws, settings, dialog_log, model_check):
    plan = small_plan(ws)
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    window._filter("m1", None, None)
    hit = has("m1")
    assert rows(window) == ["一、甲", "  (一)甲一", "    1.m1"]
    select(window, "m1")
    states = [rows(window)]
    resets: list[int] = []
    window.model.modelReset.connect(lambda: resets.append(1))  # the fallback when a step is not understood

    def check() -> None:
        QApplication.processEvents()
        assert rows(window) == expected(plan, hit)
        assert open_parents_all_expanded(window)  # rows that appear with an edit come opened
        assert window.model.count_matches() == sum(1 for n in plan.walk() if hit(n))
        states.append(rows(window))

    a1, a2, b1 = (by_title(plan, t) for t in ("甲一", "甲二", "乙一"))
    ops.add_node(ws, plan, a1.id, 0, "m1 前")  # a match before the current row
    check()
    assert current_text(window) == "2.m1"  # the current row follows its node
    ops.add_node(ws, plan, b1.id, None, "xm1")  # its 要項 and 重點 appear with it
    check()
    assert rows(window)[-3:] == ["二、乙", "  (一)乙一", "    3.xm1"]
    ops.add_node(ws, plan, a2.id, None, "不相干")  # hidden: no row changes
    check()
    ops.move_node(ws, plan, by_title(plan, "m1").id, a2.id, 0)  # into a 重點 that was hidden
    check()
    assert current_text(window) == "1.m1" and window.tree.current_node() is by_title(plan, "m1")
    ops.move_node(ws, plan, by_title(plan, "m1").id, a2.id, 2)  # within its shown siblings
    check()
    ops.move_node(ws, plan, by_title(plan, "xm1").id, a1.id, 0)  # out of 乙: 乙 disappears
    check()
    assert "二、乙" not in rows(window)
    ops.set_fields(ws, plan, by_title(plan, "m5").id, title="m1 後")  # an edit that makes a node match
    check()
    ops.set_fields(ws, plan, a2.id, title="甲二 m1")  # a matching 重點 shows all its methods
    check()
    assert "      2.不相干" not in rows(window) and any(r.endswith("不相干") for r in rows(window))
    ops.outdent(ws, plan, by_title(plan, "m1 前").id)  # a method becomes a 重點
    check()
    ops.indent(ws, plan, by_title(plan, "m1 前").id)  # and a method again, the last of the 重點 before it
    check()
    ops.move_up(ws, plan, by_title(plan, "m1 後").id)  # the first of its 重點: to the end of the 重點 before
    check()
    ops.delete_node(ws, plan, b1.id)  # the 重點 of "m1 後" with it
    check()
    ops.delete_nodes(ws, plan, [by_title(plan, "xm1").id, by_title(plan, "m2").id])
    check()
    assert window.tree.current_node() is by_title(plan, "m1")
    assert [n.title for n in window.tree.selected_nodes()] == ["m1"]
    assert resets == []

    done = len(states)
    while ws.undo():
        QApplication.processEvents()
        assert rows(window) == expected(plan, hit)
    assert rows(window) == states[0]
    for _ in range(done - 1):
        assert ws.redo()
        QApplication.processEvents()
        assert rows(window) == expected(plan, hit)
    assert rows(window) == states[-1]
    assert resets == []
    window._filter("", None, None)
    assert rows(window) == expected(plan, lambda n: True)
    assert open_parents_all_expanded(window)


def test_a_criteria_change_keeps_selection_and_current_row(qtbot, ws, settings, dialog_log, model_check):
    plan = small_plan(ws)
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    tree = window.tree
    select(window, "m2")
    window._filter("m", None, None)
    assert current_text(window) == "2.m2"
    assert [n.title for n in tree.selected_nodes()] == ["m2"]
    tree.collapse(tree.view_index(by_title(plan, "乙").id))
    window._filter("m 2", None, None)  # hides 乙 and its rows
    assert rows(window) == ["一、甲", "  (一)甲一", "    2.m2"]
    assert current_text(window) == "2.m2" and [n.title for n in tree.selected_nodes()] == ["m2"]
    window._filter("", None, None)
    assert rows(window) == expected(plan, lambda n: True)
    assert current_text(window) == "2.m2" and open_parents_all_expanded(window)
    index = tree.view_index(by_title(plan, "m5").id)
    assert index.isValid() and index.data(Qt.ItemDataRole.BackgroundRole) is None
    assert tree.view_index(by_title(plan, "m2").id).data(Qt.ItemDataRole.BackgroundRole) is None
    assert window.model.index(0, COL_TITLE).data() == "一、甲"


def test_a_unit_merge_while_filtered_by_unit_is_one_update(qtbot, ws, settings, dialog_log, model_check):
    from planner.units import merge_units

    plan = small_plan(ws)
    units = {u.name: u.id for u in ws.units()}
    for title, unit in (("m1", "行政課"), ("m2", "教務課"), ("m3", "行政課"), ("m4", "教務課")):
        ops.set_units(ws, plan, by_title(plan, title).id, [units[unit]])
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    target = units["教務課"]
    window._filter("", target, None)
    assert rows(window) == ["一、甲", "  (一)甲一", "    2.m2", "二、乙", "  (一)乙一", "    1.m4"]
    inserted: list[tuple[int, int]] = []
    window.model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    merge_units(ws, units["行政課"], target)  # m1 and m3 now belong to 教務課: two notices, one update
    QApplication.processEvents()
    assert rows(window) == expected(plan, lambda n: target in n.units)
    assert rows(window)[:6] == ["一、甲", "  (一)甲一", "    1.m1", "    2.m2", "  (二)甲二", "    1.m3"]
    assert inserted == [(1, 1), (0, 0)]  # 甲二 with m3 under 甲, then m1 into 甲一: one run each, top down
    assert window.model.count_matches() == 4
    ws.undo()
    QApplication.processEvents()
    assert rows(window) == ["一、甲", "  (一)甲一", "    2.m2", "二、乙", "  (一)乙一", "    1.m4"]


def test_a_node_closed_during_a_search_stays_closed_until_the_search_is_cleared(
    qtbot, ws, settings, dialog_log, model_check
):
    plan = small_plan(ws)
    for title in ("m2", "m4"):
        ops.set_units(ws, plan, by_title(plan, title).id, [ws.units()[0].id])
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    window.activateWindow()
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=2000)
    qtbot.keyClick(window.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar, tree = window.filter_bar, window.tree
    qtbot.keyClicks(bar.text, "m")
    qtbot.keyClick(bar.text, Qt.Key.Key_Return)
    assert open_parents_all_expanded(window)

    first = tree.view_index(by_title(plan, "甲").id)
    second = tree.view_index(by_title(plan, "乙").id)
    tree.setFocus()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(first).center())
    qtbot.keyClick(tree, Qt.Key.Key_Left)  # the user closes 一、甲
    assert not tree.isExpanded(first)
    m4 = tree.view_index(by_title(plan, "m4").id)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(m4).center())
    assert current_text(window) == "1.m4"  # a match stays current: the search does not move the cursor

    bar.unit.setFocus()
    qtbot.keyClick(bar.unit, Qt.Key.Key_Down)  # the first unit: m2 under 甲, m4 under 乙
    assert bar.unit.currentData() == ws.units()[0].id
    first = tree.view_index(by_title(plan, "甲").id)
    second = tree.view_index(by_title(plan, "乙").id)
    assert first.isValid() and second.isValid()
    assert not tree.isExpanded(first)  # refining the search keeps it closed …
    assert tree.isExpanded(second)  # … and opens what it shows elsewhere

    bar.text.setFocus()
    qtbot.keyClick(bar.text, Qt.Key.Key_Escape)  # clearing the search forgets the closing
    assert not window.model.filter_active
    assert not tree.isExpanded(tree.view_index(by_title(plan, "甲").id))  # what the user closed stays closed
    qtbot.keyClick(tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(bar.text, "m2")
    qtbot.keyClick(bar.text, Qt.Key.Key_Return)
    assert open_parents_all_expanded(window)  # a new search opens its matches again

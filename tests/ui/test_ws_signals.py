"""The workspace bridge: before and after each change, once per edit, what the edit touched."""

from __future__ import annotations

from planner import operations
from planner.changes import HistoryChanged, NodesInserted
from ui.common.ws_signals import WorkspaceSignals


def test_the_bridge_brackets_each_change_and_ends_each_edit(qapp, demo_ws):
    plan = demo_ws.plan(demo_ws.years()[-1])
    bridge = WorkspaceSignals()
    seen: list[tuple[str, str]] = []
    bridge.changing.connect(lambda change: seen.append(("before", type(change).__name__)))
    bridge.changed.connect(lambda change: seen.append(("after", type(change).__name__)))
    bridge.historyChanged.connect(lambda: seen.append(("history", "")))
    bridge.attach(demo_ws)
    node = operations.add_sibling(demo_ws, plan, plan.items[0].id)
    inserted = seen.index(("before", NodesInserted.__name__))
    assert seen[inserted + 1] == ("after", NodesInserted.__name__)
    assert seen[-2:] == [("after", HistoryChanged.__name__), ("history", "")]
    assert [kind for kind, _ in seen].count("history") == 1
    assert bridge.take_touched() == ([plan.id], node.id)
    assert bridge.take_touched() == ([], None)

    bridge.attach(None)
    seen.clear()
    operations.add_sibling(demo_ws, plan, plan.items[0].id)
    assert seen == []


def test_deleting_a_plan_notes_its_year(qapp, demo_ws):
    from planner.plans import delete_plan

    year = demo_ws.years()[-1]
    bridge = WorkspaceSignals()
    bridge.attach(demo_ws)
    delete_plan(demo_ws, year)
    assert bridge.take_changed_years() == [year]
    assert bridge.take_changed_years() == []

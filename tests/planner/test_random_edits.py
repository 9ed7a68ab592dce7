"""Random edit sequences: memory always equals the file; undo all and redo all round-trip."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import operations as ops
from planner.errors import OperationRefused
from planner.steps import plan_snapshot
from planner.units import merge_units
from planner.workspace import create_workspace
from tests.planner.helpers import build_small, reloaded

OPS = [
    "add_sibling",
    "add_child",
    "delete",
    "up",
    "down",
    "indent",
    "outdent",
    "title",
    "units",
    "months",
    "move",
    "merge",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=25)
)
def test_random_edits_round_trip(tmp_path_factory, script):
    path = tmp_path_factory.mktemp("rand") / "r.planner"
    ws = create_workspace(path, agency="隨機", units=["甲課", "乙課", "丙課"])
    try:
        plan = build_small(ws)
        start = plan_snapshot(plan)
        done = 0
        for op, a, b in script:
            nodes = list(plan.walk())
            node = nodes[a % len(nodes)] if nodes else None
            try:
                if op == "add_sibling" and node:
                    ops.add_sibling(ws, plan, node.id, f"新{a}")
                elif op == "add_child" and node:
                    ops.add_child(ws, plan, node.id, f"子{a}")
                elif op == "delete" and node:
                    ops.delete_node(ws, plan, node.id)
                elif op == "up" and node:
                    ops.move_up(ws, plan, node.id)
                elif op == "down" and node:
                    ops.move_down(ws, plan, node.id)
                elif op == "indent" and node:
                    ops.indent(ws, plan, node.id)
                elif op == "outdent" and node:
                    ops.outdent(ws, plan, node.id)
                elif op == "title" and node:
                    ops.set_fields(ws, plan, node.id, title=f"改{b}")
                elif op == "units" and node:
                    ids = [u.id for u in ws.units()]
                    ops.set_units(ws, plan, node.id, [ids[b % len(ids)], ids[a % len(ids)]])
                elif op == "months" and node:
                    ops.set_months(ws, plan, node.id, [b % 12 + 1, a % 12 + 1])
                elif op == "move" and node:
                    target = nodes[b % len(nodes)]
                    ops.move_node(ws, plan, node.id, target.id, a % 3)
                elif op == "merge" and len(ws.units()) > 1:
                    us = ws.units()
                    merge_units(ws, us[a % len(us)].id, us[(a + 1) % len(us)].id)
                else:
                    continue
            except OperationRefused:
                continue
            done += 1
            assert len(ws.undo_stack) <= done
        end = plan_snapshot(plan)
        units_end = [(u.id, u.name) for u in ws.unit_list]
        assert reloaded(ws, plan) == end
        plan = ws.plan(114)
        while ws.undo():
            pass
        assert plan_snapshot(plan) == start
        assert reloaded(ws, plan) == start
        plan = ws.plan(114)
        while ws.redo():
            pass
        assert plan_snapshot(plan) == end
        assert [(u.id, u.name) for u in ws.unit_list] == units_end
        assert reloaded(ws, plan) == end
    finally:
        ws.close()

"""Random edits of a copied plan: the comparison accounts for every node exactly once, and agrees with the edits."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import operations as ops
from planner.compare import compare_plans
from planner.errors import OperationRefused
from planner.plans import copy_plan_to_year
from planner.workspace import create_workspace
from tests.planner.helpers import build_small

OPS = ["add_sibling", "add_child", "delete", "up", "down", "title", "months", "move"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=15))
def test_every_node_accounted_for(tmp_path_factory, script):
    path = tmp_path_factory.mktemp("cmp") / "c.planner"
    ws = create_workspace(path, agency="隨機", units=["甲課", "乙課"])
    try:
        old = build_small(ws, 114)
        new = copy_plan_to_year(ws, 114, 115)
        retitled: set[int] = set()
        for op, a, b in script:
            nodes = list(new.walk())
            node = nodes[a % len(nodes)] if nodes else None
            try:
                if op == "add_sibling" and node:
                    ops.add_sibling(ws, new, node.id, f"新{a}")
                elif op == "add_child" and node:
                    ops.add_child(ws, new, node.id, f"子{a}")
                elif op == "delete" and node:
                    ops.delete_node(ws, new, node.id)
                elif op == "up" and node:
                    ops.move_up(ws, new, node.id)
                elif op == "down" and node:
                    ops.move_down(ws, new, node.id)
                elif op == "title" and node:
                    ops.set_fields(ws, new, node.id, title=f"改{b}")
                    retitled.add(node.id)
                elif op == "months" and node and node.is_method:
                    ops.set_months(ws, new, node.id, [1 + b % 12])
                elif op == "move" and node and node.parent is not None:
                    targets = [n for n in new.walk() if n.level == node.level - 1]
                    ops.move_node(ws, new, node.id, targets[b % len(targets)].id, b % 3)
            except OperationRefused:
                pass
        cmp = compare_plans(ws, old, new)
        counts = cmp.counts()
        old_ids = [c.old.node.id for c in cmp.changes if c.old]
        new_ids = [c.new.node.id for c in cmp.changes if c.new]
        assert sorted(old_ids) == sorted(n.id for n in old.walk())  # each old node once
        assert sorted(new_ids) == sorted(n.id for n in new.walk())  # each new node once
        assert counts["刪除"] + counts["延續"] + counts["修正"] + counts["移動"] == len(list(old.walk()))
        # With links, a node copied from 114 always pairs with its source, whatever happened to its text.
        for change in cmp.changes:
            if change.new is not None and change.new.node.source_id is not None:
                assert change.old is not None and change.old.node.id == change.new.node.source_id
            if change.kind == "延續":
                assert change.new.node.id not in retitled or change.new.node.title == change.old.node.title
        if not script:
            assert counts == {"延續": 10, "修正": 0, "新增": 0, "刪除": 0, "移動": 0}
    finally:
        ws.close()

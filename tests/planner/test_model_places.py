"""Plan.index_of and Plan.ordinal are cached; whatever happens to the tree they agree with a plain count."""

from __future__ import annotations

import random

import pytest

from planner.model import Node, Plan, _Tracked


def reference(plan: Plan, node: Node) -> tuple[int, int | None]:
    """Return (index, ordinal) by walking the siblings, as the uncached code did."""
    siblings = plan.siblings(node)
    index = next(i for i, n in enumerate(siblings) if n is node)
    ordinal = sum(1 for n in siblings[: index + 1] if n.numbered) if node.numbered else None
    return index, ordinal


def flat_plan(count: int) -> Plan:
    plan = Plan(1, 114, "計畫")
    for i in range(count):
        node = Node(i + 1, 1, title=f"要項{i}")
        plan.items.append(node)
        plan.nodes[node.id] = node
    return plan


def check(plan: Plan) -> None:
    for node in plan.walk():
        assert (plan.index_of(node), plan.ordinal(node)) == reference(plan, node), node.title


def test_places_follow_every_kind_of_change():
    rng = random.Random(17)
    plan = flat_plan(40)
    check(plan)
    next_id = 100
    for _ in range(400):
        items = plan.items
        kind = rng.choice(["remove", "insert", "move", "toggle", "swap"])
        if kind == "remove" and len(items) > 5:
            gone = items.pop(rng.randrange(len(items)))
            del plan.nodes[gone.id]
        elif kind == "insert":
            next_id += 1
            node = Node(next_id, 1, title=f"新{next_id}", numbered=rng.random() < 0.7)
            items.insert(rng.randrange(len(items) + 1), node)
            plan.nodes[node.id] = node
        elif kind == "move":  # as MoveNode does: pop, set the parent, insert
            node = items.pop(rng.randrange(len(items)))
            node.parent = None
            items.insert(rng.randrange(len(items) + 1), node)
        elif kind == "toggle":
            node = rng.choice(items)
            node.numbered = not node.numbered
        else:  # two moves that leave the nodes between them where they were
            a, b = sorted(rng.sample(range(len(items)), 2))
            first = items.pop(a)
            first.parent = None
            items.insert(b, first)
            second = items.pop(b - 1)
            second.parent = None
            items.insert(a, second)
        # look up only a few nodes between changes, so stale places must be noticed
        for node in rng.sample(items, 3):
            assert (plan.index_of(node), plan.ordinal(node)) == reference(plan, node)
    check(plan)


def test_a_node_elsewhere_is_refused():
    plan = flat_plan(3)
    stranger = Node(99, 1)
    with pytest.raises(ValueError):
        plan.index_of(stranger)
    removed = plan.items.pop(1)
    with pytest.raises(ValueError):
        plan.ordinal(removed)
    assert plan.label(plan.items[1]) == "二、"


def test_lookups_are_amortised_constant(monkeypatch):
    """Numbering every node of a 2,000-sibling list reads the flags about twice per node, not N²/2 times."""
    plan = flat_plan(2000)
    reads = [0]
    original = _Tracked.__get__

    def counting(self, obj, owner=None):
        reads[0] += 1
        return original(self, obj, owner)

    monkeypatch.setattr(_Tracked, "__get__", counting)
    assert [plan.ordinal(n) for n in plan.items] == list(range(1, 2001))
    assert reads[0] < 5 * 2000, reads[0]
    plan.items[5].numbered = False
    reads[0] = 0
    assert [plan.ordinal(n) for n in plan.items[6:]] == list(range(6, 2000))
    assert reads[0] < 5 * 2000, reads[0]

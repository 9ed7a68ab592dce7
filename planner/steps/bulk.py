"""A step that changes the units and review months of many methods at once (the bulk edit)."""

from __future__ import annotations

from planner.changes import NodeChanged
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.steps.nodes import UNIT_FIELDS
from planner.store.rows import chunks, insert_rows, months_to_text
from planner.store.schema import NodeRow, NodeUnitRow

BULK_FIELDS = ("units", "months")


class SetMethodLists(Step):
    """Give many nodes new units and/or months: values maps node id to {"units": [...], "months": [...]}.

    The rows are written in bulk (one delete per chunk of nodes, one executemany for the unit
    rows, one update per distinct month list), then each node changes in memory with its own
    NodeChanged notice; revert writes the values captured on apply, in the same way.
    """

    def __init__(self, plan_id: int, values: dict[int, dict[str, list[int]]]) -> None:
        for node_values in values.values():
            unknown = set(node_values) - set(BULK_FIELDS)
            if unknown:
                raise ValueError(f"unknown bulk fields: {unknown}")
        self.plan_id = plan_id
        self.values = {node_id: {k: list(v) for k, v in vals.items()} for node_id, vals in values.items()}
        self._old: dict[int, dict[str, list[int]]] = {}

    def _write(self, state: WorkspaceState, values: dict[int, dict[str, list[int]]]) -> dict[int, dict[str, list[int]]]:
        plan = state.plan_by_id(self.plan_id)
        nodes = {node_id: plan.nodes[node_id] for node_id in values}
        old = {node_id: {k: list(getattr(nodes[node_id], k)) for k in vals} for node_id, vals in values.items()}
        unit_ids = [node_id for node_id, vals in values.items() if "units" in vals]
        for chunk in chunks(unit_ids):
            NodeUnitRow.delete().where(NodeUnitRow.node.in_(chunk)).execute(state.db)
        rows = [(node_id, u, i) for node_id in unit_ids for i, u in enumerate(values[node_id]["units"])]
        insert_rows(state.db, UNIT_FIELDS, rows)
        by_months: dict[str, list[int]] = {}
        for node_id, vals in values.items():
            if "months" in vals:
                by_months.setdefault(months_to_text(vals["months"]), []).append(node_id)
        for text, ids in by_months.items():
            for chunk in chunks(ids):
                NodeRow.update(months=text).where(NodeRow.id.in_(chunk)).execute(state.db)
        for node_id, vals in values.items():
            node = nodes[node_id]
            with state.notify(NodeChanged(self.plan_id, node_id, tuple(vals))):
                for key, value in vals.items():
                    setattr(node, key, list(value))
        return old

    def apply(self, state: WorkspaceState) -> None:
        """Write the new lists."""
        self._old = self._write(state, self.values)

    def revert(self, state: WorkspaceState) -> None:
        """Write the lists the nodes had before."""
        self._write(state, self._old)

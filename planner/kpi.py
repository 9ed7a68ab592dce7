"""KPI of a method (optional): 衡量指標 and 目標值; the 實際值 of each review round is kept with the record."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from planner.errors import OperationRefused
from planner.model import Plan
from planner.numerals import METHOD
from planner.steps.review import SetNodeKpi
from planner.store.schema import NodeRow
from planner.workspace import Workspace

log = logging.getLogger(__name__)

MAX_KPI_CHARS = 200


@dataclass(frozen=True)
class Kpi:
    """A method's 衡量指標 and 目標值."""

    kpi: str = ""
    target: str = ""

    def text(self) -> str:
        """Return 「到館人次：目標 12,000」 ("" when there is no KPI)."""
        if not self.kpi:
            return ""
        return self.kpi + (f"：目標 {self.target}" if self.target else "")


def plan_kpis(ws: Workspace, plan: Plan) -> dict[int, Kpi]:
    """Return the KPI of every method that has one, by node id, in one query."""
    query = (
        NodeRow.select(NodeRow.id, NodeRow.kpi, NodeRow.target)
        .where((NodeRow.plan == plan.id) & ((NodeRow.kpi != "") | (NodeRow.target != "")))
        .tuples()
    )
    return {node_id: Kpi(kpi, target) for node_id, kpi, target in ws.db.execute(query)}


def kpi_of(ws: Workspace, node_id: int) -> Kpi:
    """Return one node's KPI (empty when none)."""
    row = ws.db.execute(NodeRow.select(NodeRow.kpi, NodeRow.target).where(NodeRow.id == node_id)).fetchone()
    return Kpi(*row) if row is not None else Kpi()


def set_kpi(ws: Workspace, plan: Plan, node_id: int, kpi: str | None = None, target: str | None = None) -> Kpi:
    """Change a method's 衡量指標 and/or 目標值 (one undoable edit)."""
    node = plan.nodes.get(node_id)
    if node is None or node.level != METHOD:
        raise OperationRefused("只有工作方法可以設定衡量指標與目標值。")
    old = kpi_of(ws, node_id)
    new = Kpi(old.kpi if kpi is None else kpi.strip(), old.target if target is None else target.strip())
    if max(len(new.kpi), len(new.target)) > MAX_KPI_CHARS:
        raise OperationRefused(f"衡量指標與目標值最多 {MAX_KPI_CHARS} 個字。")
    if new == old:
        return old
    with ws.edit("修改衡量指標" if new.kpi != old.kpi else "修改目標值") as tx:
        tx.do(ws, SetNodeKpi(plan.id, node_id, {"kpi": new.kpi, "target": new.target}))
    return new

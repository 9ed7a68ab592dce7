"""Validation findings of a plan: what an officer should fix before printing."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from planner.model import Node, Plan
from planner.numerals import FOCUS, ITEM, LEVEL_NAMES, METHOD

if TYPE_CHECKING:
    from planner.workspace import Workspace

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_NAMES = {ERROR: "錯誤", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True)
class Finding:
    """One problem found in a plan."""

    severity: str
    code: str
    message: str
    node_id: int | None = None
    where: str = ""

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return asdict(self)


def _where(plan: Plan, labels: dict[int, str], node: Node) -> str:
    parts = [labels[n.id] or f"（{LEVEL_NAMES[n.level]}）" for n in [*node.ancestors(), node]]
    head = node.title or node.body.split("\n", 1)[0]
    return "".join(parts) + (head[:24] if head else "")


def check_plan(ws: Workspace, plan: Plan) -> list[Finding]:
    """Return every finding of a plan, in document order, errors first within a node."""
    out: list[Finding] = []
    labels = plan.numbering()
    retired = {u.id for u in ws.unit_list if u.retired}
    known = {u.id for u in ws.unit_list}

    def add(sev: str, code: str, msg: str, node: Node | None = None) -> None:
        out.append(Finding(sev, code, msg, node.id if node else None, _where(plan, labels, node) if node else ""))

    if not plan.title.strip():
        add(ERROR, "plan-title", "計畫標題空白。")
    if not plan.items:
        add(ERROR, "plan-empty", "計畫內容沒有任何要項。")

    def siblings(nodes: list[Node]) -> None:
        titles = Counter(n.title.strip() for n in nodes if n.title.strip())
        for node in nodes:
            name = LEVEL_NAMES[node.level]
            if node.level in (ITEM, FOCUS) and not node.title.strip():
                add(ERROR, "empty-title", f"{name}標題空白。", node)
            if node.level == METHOD and not node.title.strip() and not node.body.strip():
                add(ERROR, "empty-method", "方法沒有標題也沒有內容。", node)
            if node.title.strip() and titles[node.title.strip()] > 1:
                add(WARNING, "duplicate-title", f"同層有相同標題的{name}：「{node.title.strip()[:20]}」。", node)
            if node.level == ITEM and not node.children:
                add(WARNING, "item-without-focus", "要項之下沒有任何重點。", node)
            if node.level == FOCUS and not node.children and not node.merge_next:
                add(WARNING, "focus-without-method", "重點之下沒有任何方法。", node)
            if node.level == METHOD:
                if not node.units:
                    add(ERROR, "method-without-unit", "方法沒有指定業務單位。", node)
                if any(u not in known for u in node.units):
                    add(ERROR, "unknown-unit", "方法指定了已不存在的單位。", node)
                if any(u in retired for u in node.units):
                    add(WARNING, "retired-unit", "方法指定了已停用的單位。", node)
                if not node.months:
                    add(WARNING, "method-without-months", "方法沒有設定查核月份。", node)
            siblings(node.children)

    siblings(plan.items)
    from planner.compare.findings import citation_findings, framework_findings  # imports this module

    out.extend(citation_findings(ws, plan))
    out.extend(framework_findings(ws, plan))
    used = {u for m in plan.methods() for u in m.units}
    for unit in ws.units():
        if unit.id not in used and plan.methods():
            out.append(Finding(INFO, "unit-without-method", f"單位「{unit.name}」在本計畫中沒有負責任何方法。"))
    return out


def has_errors(findings: list[Finding]) -> bool:
    """Return whether any finding is an error."""
    return any(f.severity == ERROR for f in findings)

"""Findings for check_plan: citations copied from last year's plan, and the city framework check."""

from __future__ import annotations

import logging

from planner.check import INFO, WARNING, Finding
from planner.citations import citation_lines, find_citations
from planner.compare.match import DEFAULT_THRESHOLD, Matcher, normalise
from planner.errors import BadInput
from planner.frameworks import Framework, framework, frameworks
from planner.model import Node, Plan
from planner.numerals import FOCUS, ITEM, LEVEL_NAMES
from planner.steps import SetSetting
from planner.workspace import Workspace

log = logging.getLogger(__name__)

# A plan counts as based on a framework when at least this share of the framework's 要項 match.
DETECT_SHARE = 0.5


# ---------------------------------------------------------------- citations


def _plan_texts(plan: Plan) -> list[str]:
    return [plan.issued, *(s.heading + "\n" + s.text for s in plan.sections)] + [
        n.title + "\n" + n.body + "\n" + n.note for n in plan.walk()
    ]


def citation_findings(ws: Workspace, plan: Plan) -> list[Finding]:
    """Return a finding on each cited letter a copied plan still carries unchanged from its source plan."""
    if plan.source_plan_id is None:
        return []
    found: list[tuple[str, str, Node | None]] = []  # (where, citation, node)
    for section in plan.sections:
        where = f"{plan.section_label(section)}{section.heading}"
        found.extend((f"{where}第 {line} 行", citation, None) for line, citation in citation_lines(section.text))
    labels: dict[int, str] | None = None
    for node in plan.walk():
        if "字第" in node.title or "字第" in node.body:
            labels = labels if labels is not None else plan.numbering()
            where = (labels[node.id] or LEVEL_NAMES[node.level]) + node.title[:16]
            found.extend((f"{where}（標題）", citation, node) for _line, citation in citation_lines(node.title))
            found.extend((f"{where}第 {line} 行", citation, node) for line, citation in citation_lines(node.body))
    if not found:
        return []
    source = next((i for i in ws.plan_infos() if i.id == plan.source_plan_id), None)
    if source is not None:
        old = {c.text for text in _plan_texts(ws.plan_by_id(source.id)) for c in find_citations(text)}
        origin = f"沿用自 {source.year} 年度計畫"
    else:
        old, origin = None, "沿用自來源計畫"
    return [
        Finding(
            WARNING,
            "citation-copied",
            f"引用的來文「{citation}」{origin}，請確認是否有新的函號並更新日期與字號。",
            node.id if node else None,
            where,
        )
        for where, citation, node in found
        if old is None or citation in old
    ]


# ---------------------------------------------------------------- frameworks


def framework_key(plan: Plan) -> str:
    """Return the settings key naming the framework a plan is based on."""
    return f"plan-framework:{plan.id}"


def set_plan_framework(ws: Workspace, plan: Plan, framework_id: str | None) -> None:
    """Record which city framework a plan is based on ("" = none: no framework check); undoable."""
    if framework_id:
        framework(framework_id)  # refuse an unknown id
    with ws.edit("設定計畫依據的架構") as tx:
        tx.do(ws, SetSetting(framework_key(plan), framework_id if framework_id is not None else None))


def _framework_nodes(fw: Framework) -> list[Node]:
    """Return a framework's 要項 and 重點 as nodes (negative ids), in document order."""
    out: list[Node] = []
    next_id = -1
    for item in fw.items:
        top = Node(next_id, ITEM, title=item["title"])
        next_id -= 1
        out.append(top)
        for focus in item.get("focuses", []):
            child = Node(next_id, FOCUS, title=focus["title"], parent=top)
            next_id -= 1
            top.children.append(child)
            out.append(child)
    return out


def _title_nodes(plan: Plan) -> list[Node]:
    """Return a plan's 要項 and 重點 as title-only copies with the same ids (the framework has no bodies)."""
    out: list[Node] = []
    copies: dict[int, Node] = {}
    for node in plan.walk():
        if node.level > FOCUS:
            continue
        parent = copies.get(node.parent.id) if node.parent is not None else None
        copy = Node(node.id, node.level, title=node.title, parent=parent)
        copies[node.id] = copy
        out.append(copy)
    return out


def _match(fw: Framework, plan: Plan, threshold: float) -> tuple[list[Node], Matcher]:
    fw_nodes = _framework_nodes(fw)
    matcher = Matcher(threshold, use_links=False)
    matcher.match(fw_nodes, _title_nodes(plan))
    return fw_nodes, matcher


def plan_framework(ws: Workspace, plan: Plan, threshold: float = DEFAULT_THRESHOLD) -> Framework | None:
    """Return the framework a plan is based on: the recorded one, else the one most of whose 要項 it has."""
    recorded = ws.setting(framework_key(plan))
    if recorded is not None:
        try:
            return framework(recorded) if recorded else None
        except BadInput:
            log.warning("plan %s names an unknown framework %r", plan.id, recorded)
            return None
    best: tuple[float, Framework | None] = (0.0, None)
    for fw in frameworks().values():
        fw_nodes, matcher = _match(fw, plan, threshold)
        items = [n for n in fw_nodes if n.level == ITEM]
        share = sum(1 for n in items if n.id in matcher.old_to_new) / max(1, len(items))
        if share >= DETECT_SHARE and share > best[0]:
            best = (share, fw)
    return best[1]


def framework_findings(
    ws: Workspace, plan: Plan, fw: Framework | None = None, threshold: float = DEFAULT_THRESHOLD
) -> list[Finding]:
    """Return findings for the framework's 要項/重點 the plan lacks or words differently."""
    fw = fw or plan_framework(ws, plan, threshold)
    if fw is None:
        return []
    fw_nodes, matcher = _match(fw, plan, threshold)
    labels = plan.numbering()
    out: list[Finding] = []
    for node in fw_nodes:
        name = LEVEL_NAMES[node.level]
        partner = matcher.old_to_new.get(node.id)
        if partner is None:
            under = f"（{node.parent.title[:16]}…之下）" if node.parent is not None else ""
            message = f"缺少「{fw.name}」的{name}{under}：「{node.title}」。"
            out.append(Finding(WARNING, "framework-missing", message))
        elif normalise(partner.title) != normalise(node.title):
            message = f"{name}文字與「{fw.name}」不同，架構原文為：「{node.title}」。"
            where = "".join(labels[n.id] for n in [*partner.ancestors(), partner]) + partner.title[:16]
            out.append(Finding(INFO, "framework-reworded", message, partner.id, where))
    return out

"""Frozen versions of a plan: 定稿 with a date and 文號, later 修正; a version loads back into a Plan."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from planner import text_safety
from planner.compare.diff import Comparison, compare_plans, compare_years
from planner.compare.match import DEFAULT_THRESHOLD
from planner.errors import BadInput, OperationRefused
from planner.model import Plan
from planner.steps import SetPlanFields, plan_snapshot
from planner.steps.plans import plan_from_snapshot
from planner.steps.versions import VERSION_ROW, InsertVersion
from planner.store.schema import PlanVersionRow
from planner.workspace import Workspace

log = logging.getLogger(__name__)

FINAL, REVISED = "定稿", "修正"
_ROC_DATE = re.compile(r"^\s*(\d{1,3})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?\s*$")


@dataclass(frozen=True)
class Version:
    """A frozen version of a plan (without its snapshot)."""

    id: int
    plan_id: int
    seq: int
    kind: str
    date: str  # ROC 115/01/20
    doc_number: str
    created: str

    @property
    def label(self) -> str:
        """Return 「定稿1」, 「修正2」."""
        return f"{self.kind}{self.seq}"


def parse_roc_date(text: str) -> tuple[int, int, int]:
    """Parse an ROC date 「115/01/20」 (or 115.1.20, 115年1月20日) into (year, month, day); BadInput if wrong."""
    match = _ROC_DATE.match(text or "")
    if match is None:
        raise BadInput(f"日期格式不正確：「{text}」（請寫成民國年/月/日，例如 115/01/20）。")
    year, month, day = (int(g) for g in match.groups())
    try:
        dt.date(year + 1911, month, day)
    except ValueError:
        raise BadInput(f"沒有這一天：「{text}」。") from None
    if year < 1:
        raise BadInput(f"民國年度不正確：「{text}」。")
    return year, month, day


def roc_text(year: int, month: int, day: int) -> str:
    """Return 115/01/20."""
    return f"{year}/{month:02d}/{day:02d}"


def issued_line(date: str, doc_number: str) -> str:
    """Return the plan's 發布文號 line: 「115 年 1 月 20 日星圖秘字第 1150001 號函頒」."""
    year, month, day = parse_roc_date(date)
    return f"{year} 年 {month} 月 {day} 日{doc_number}函頒"


def _version(row: tuple) -> Version:
    return Version(*row)


_FIELDS = tuple(f for f in VERSION_ROW if f is not PlanVersionRow.snapshot)  # a version's row, without its snapshot


def plan_versions(ws: Workspace, plan: Plan) -> list[Version]:
    """Return a plan's versions, oldest first."""
    query = PlanVersionRow.select(*_FIELDS).where(PlanVersionRow.plan == plan.id).order_by(PlanVersionRow.seq)
    return [_version(r) for r in ws.db.execute(query).fetchall()]


def version(ws: Workspace, version_id: int) -> Version:
    """Return one version; BadInput if there is none."""
    row = ws.db.execute(PlanVersionRow.select(*_FIELDS).where(PlanVersionRow.id == version_id)).fetchone()
    if row is None:
        raise BadInput(f"找不到版本 {version_id}。")
    return _version(row)


def version_by_seq(ws: Workspace, plan: Plan, seq: int) -> Version:
    """Return a plan's version by its number (1, 2 …); BadInput listing the ones there are."""
    versions = plan_versions(ws, plan)
    for v in versions:
        if v.seq == seq:
            return v
    have = "、".join(v.label for v in versions) or "（尚未定稿）"
    raise BadInput(f"{plan.year} 年度的計畫沒有第 {seq} 版。現有版本：{have}")


def _snapshot(ws: Workspace, plan: Plan) -> dict[str, Any]:
    snap = plan_snapshot(plan)
    used = sorted({u for n in plan.walk() for u in n.units} | {m.unit_id for m in plan.milestones if m.unit_id})
    snap["unit_names"] = dict(zip((str(u) for u in used), ws.unit_names(used, plan.year), strict=True))
    return snap


def finalize_plan(ws: Workspace, plan: Plan, date: str, doc_number: str) -> Version:
    """Mark the plan 定稿 (the first time) or 修正 (later) on a date with a 文號, as one undoable edit.

    The plan's 發布文號 line follows the new version; the snapshot is taken with it.
    """
    year, month, day = parse_roc_date(date)
    doc_number = text_safety.clean_name(doc_number or "")
    if not doc_number:
        raise BadInput("請填寫文號（例如 星圖秘字第 1150001 號）。")
    if len(doc_number) > 100:
        raise BadInput("文號太長（最多 100 字）。")
    date = roc_text(year, month, day)
    versions = plan_versions(ws, plan)
    if versions and (versions[-1].date, versions[-1].doc_number) == (date, doc_number):
        raise OperationRefused(f"已有 {date} {doc_number} 的版本（{versions[-1].label}）。")
    seq = versions[-1].seq + 1 if versions else 1
    kind = REVISED if versions else FINAL
    with ws.edit(f"{plan.year} 年度計畫{kind}（{date}）") as tx:
        line = issued_line(date, doc_number)
        if plan.issued != line:
            tx.do(ws, SetPlanFields(plan.id, {"issued": line}))
        snapshot = json.dumps(_snapshot(ws, plan), ensure_ascii=False)
        values = {"seq": seq, "kind": kind, "date": date, "doc_number": doc_number, "snapshot": snapshot}
        step = tx.do(ws, InsertVersion(plan.id, values))
    assert isinstance(step, InsertVersion) and step.version_id is not None
    log.info("plan %s: %s%d on %s", plan.year, kind, seq, date)
    return version(ws, step.version_id)


def version_snapshot(ws: Workspace, version_id: int) -> dict[str, Any]:
    """Return the stored snapshot of a version."""
    row = ws.db.execute(
        PlanVersionRow.select(PlanVersionRow.snapshot).where(PlanVersionRow.id == version_id)
    ).fetchone()
    if row is None:
        raise BadInput(f"找不到版本 {version_id}。")
    return json.loads(row[0])


def version_plan(ws: Workspace, version_id: int) -> Plan:
    """Return a version as a detached Plan (read only: never pass it to an edit)."""
    return plan_from_snapshot(version_snapshot(ws, version_id))


def linked_to_itself(plan: Plan) -> Plan:
    """Return a detached copy of a plan whose nodes link to their own ids (to compare it with its versions)."""
    snap = plan_snapshot(plan)

    def link(items: list[dict[str, Any]]) -> None:
        for s in items:
            s["source_id"] = s["id"]
            link(s["children"])

    link(snap["items"])
    return plan_from_snapshot(snap)


def _same(ws: Workspace, plan: Plan, version_id: int) -> bool:
    """Return whether a plan still equals a version's snapshot."""
    now = json.loads(json.dumps(plan_snapshot(plan), ensure_ascii=False))
    then = version_snapshot(ws, version_id)
    then.pop("unit_names", None)
    return now == then


def draft_label(ws: Workspace, plan: Plan) -> str:
    """Return 「修正草案（依 115/01/20 定稿）」 after edits since the last version, else its label; "" if never."""
    versions = plan_versions(ws, plan)
    if not versions:
        return ""
    last = versions[-1]
    if _same(ws, plan, last.id):
        return f"{last.kind}（{last.date} {last.doc_number}）"
    return f"修正草案（依 {last.date} {last.kind}）"


def compare_versions(ws: Workspace, old: Plan, new: Plan, threshold: float = DEFAULT_THRESHOLD) -> Comparison:
    """Compare two plans, any of them a version; two states of one plan are matched by their node ids."""
    if old.id == new.id:
        new = linked_to_itself(new)
    return compare_plans(ws, old, new, threshold)


def side_plan(ws: Workspace, year: int, seq: int | None) -> Plan:
    """Return a year's plan, or (seq given) its version seq as a detached Plan."""
    plan = ws.plan(year)
    return plan if seq is None else version_plan(ws, version_by_seq(ws, plan, seq).id)


def compare_sides(
    ws: Workspace,
    source: tuple[int, int | None],
    target: tuple[int, int | None],
    threshold: float = DEFAULT_THRESHOLD,
) -> Comparison:
    """Compare (year, version or None) with (year, version or None); BadInput for one side twice."""
    if source[1] is None and target[1] is None:
        return compare_years(ws, source[0], target[0], threshold)
    if source == target:
        raise BadInput("來源與目標是同一個版本，請選擇兩個不同的版本。")
    return compare_versions(ws, side_plan(ws, *source), side_plan(ws, *target), threshold)

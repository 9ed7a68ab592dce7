"""Plan versions: 定稿 with a date and 文號, 修正草案 after edits, comparing a version with the plan, undo."""

from __future__ import annotations

import pytest

from planner.compare import ADDED, CHANGED, MOVED, REMOVED, SAME
from planner.errors import BadInput
from planner.operations import add_sibling, delete_node, set_fields
from planner.versions import (
    compare_versions,
    draft_label,
    finalize_plan,
    plan_versions,
    version_by_seq,
    version_plan,
)
from planner.workspace import Workspace, open_workspace

DOC = "星圖秘字第1150001號"


def test_finalize_freezes_a_snapshot_and_sets_the_issued_line(demo_ws: Workspace) -> None:
    plan = demo_ws.plan(115)
    methods = len(plan.methods())
    v = finalize_plan(demo_ws, plan, "115/1/20", DOC)
    assert (v.seq, v.kind, v.date, v.doc_number, v.label) == (1, "定稿", "115/01/20", DOC, "定稿1")
    assert plan.issued == f"115 年 1 月 20 日{DOC}函頒"
    assert draft_label(demo_ws, plan) == f"定稿（115/01/20 {DOC}）"
    frozen = version_plan(demo_ws, v.id)
    assert frozen is not plan and len(frozen.methods()) == methods and frozen.issued == plan.issued
    assert [n.title for n in frozen.walk()] == [n.title for n in plan.walk()]
    path = demo_ws.path
    demo_ws.close()
    again = open_workspace(path, backup=False)
    try:
        assert [x.label for x in plan_versions(again, again.plan(115))] == ["定稿1"]
        assert again.plan(115).issued == f"115 年 1 月 20 日{DOC}函頒"
    finally:
        again.close()


def test_edits_after_finalizing_are_a_revision_draft_compared_exactly(demo_ws: Workspace) -> None:
    plan = demo_ws.plan(115)
    v1 = finalize_plan(demo_ws, plan, "115/01/20", DOC)
    first, second = plan.methods()[0], plan.methods()[1]
    set_fields(demo_ws, plan, first.id, title=first.title + "（修正）")
    delete_node(demo_ws, plan, second.id)
    added = add_sibling(demo_ws, plan, plan.methods()[-1].id, "全新的服務方法")
    assert draft_label(demo_ws, plan) == "修正草案（依 115/01/20 定稿）"
    cmp = compare_versions(demo_ws, version_plan(demo_ws, v1.id), plan)
    counts = cmp.counts()
    total = len(list(version_plan(demo_ws, v1.id).walk()))
    assert counts[CHANGED] == 1 and counts[REMOVED] == 1 and counts[ADDED] == 1 and counts[MOVED] == 0
    assert counts[SAME] == total - 2
    kinds = {c.kind: c for c in cmp.changed()}
    assert kinds[CHANGED].new.node.id == first.id and kinds[CHANGED].fields == ["text"]
    assert kinds[REMOVED].old.node.id == second.id and kinds[ADDED].new.node.id == added.id
    v2 = finalize_plan(demo_ws, plan, "115/03/02", "星圖秘字第1150099號")
    assert (v2.seq, v2.kind) == (2, "修正")
    assert plan.issued == "115 年 3 月 2 日星圖秘字第1150099號函頒"
    assert version_by_seq(demo_ws, plan, 2).id == v2.id
    between = compare_versions(demo_ws, version_plan(demo_ws, v1.id), version_plan(demo_ws, v2.id))
    assert between.counts() == counts


def test_undo_and_redo_of_finalize(demo_ws: Workspace) -> None:
    plan = demo_ws.plan(115)
    before = plan.issued
    v = finalize_plan(demo_ws, plan, "115/01/20", DOC)
    assert demo_ws.undo_text == "115 年度計畫定稿（115/01/20）"
    demo_ws.undo()
    assert plan_versions(demo_ws, plan) == [] and plan.issued == before and draft_label(demo_ws, plan) == ""
    demo_ws.redo()
    assert [x.id for x in plan_versions(demo_ws, plan)] == [v.id] and plan.issued.endswith(f"{DOC}函頒")


@pytest.mark.parametrize(
    ("date", "doc", "message"),
    [("115/02/30", DOC, "沒有這一天"), ("明年一月", DOC, "日期格式不正確"), ("115/01/20", " ", "請填寫文號")],
)
def test_bad_input_changes_nothing(demo_ws: Workspace, date: str, doc: str, message: str) -> None:
    plan = demo_ws.plan(115)
    before = plan.issued
    with pytest.raises(BadInput, match=message):
        finalize_plan(demo_ws, plan, date, doc)
    assert plan_versions(demo_ws, plan) == [] and plan.issued == before and demo_ws.undo_text is None


def test_unknown_version_number_lists_the_versions(demo_ws: Workspace) -> None:
    plan = demo_ws.plan(115)
    finalize_plan(demo_ws, plan, "115/01/20", DOC)
    with pytest.raises(BadInput, match="現有版本：定稿1"):
        version_by_seq(demo_ws, plan, 3)


def test_undoing_a_plan_delete_brings_its_versions_back(demo_ws: Workspace) -> None:
    from planner.plans import delete_plan

    plan = demo_ws.plan(115)
    v = finalize_plan(demo_ws, plan, "115/01/20", DOC)
    snapshot = version_plan(demo_ws, v.id)
    delete_plan(demo_ws, 115)
    demo_ws.undo()
    again = demo_ws.plan(115)
    assert [x.id for x in plan_versions(demo_ws, again)] == [v.id]
    assert [n.title for n in version_plan(demo_ws, v.id).walk()] == [n.title for n in snapshot.walk()]


def test_v4_workspace_migrates_to_the_latest(tmp_path) -> None:
    from peewee import SqliteDatabase

    from planner.store.migrations import LATEST, migrate, schema_version

    path = tmp_path / "old.planner"
    db = SqliteDatabase(str(path))
    db.connect()
    migrate(db, target=4)
    db.execute_sql("INSERT INTO setting (key, value) VALUES ('agency', '舊機關')")
    db.execute_sql("INSERT INTO unit (name, position) VALUES ('教務課', 0)")
    db.close()
    ws = open_workspace(path, backup=False)
    try:
        assert schema_version(ws.db) == LATEST and {"plan_version", "unit_name"} <= set(ws.db.get_tables())
        assert ws.unit_names([ws.unit_by_name("教務課").id], 115) == ["教務課"] and ws.agency == "舊機關"
    finally:
        ws.close()

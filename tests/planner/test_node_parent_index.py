"""Schema v6: node.parent_id is indexed, so a cascaded delete finds each node's children without a table scan."""

from __future__ import annotations

from peewee import SqliteDatabase

from planner import operations as ops
from planner.plans import create_plan, delete_plan
from planner.store.migrations import LATEST, migrate, schema_version
from planner.workspace import create_workspace, open_workspace


def _plan_of(ws, year: int, items: int = 3, focuses: int = 3, methods: int = 4) -> None:
    plan = create_plan(ws, year)
    with ws.edit("大量"):
        for i in range(items):
            item = ops.add_node(ws, plan, None, title=f"要項{i}")
            for j in range(focuses):
                focus = ops.add_child(ws, plan, item.id, f"重點{i}-{j}")
                for k in range(methods):
                    ops.add_child(ws, plan, focus.id, f"方法{i}-{j}-{k}")


def test_a_v5_workspace_gets_the_index_and_keeps_its_plan(tmp_path) -> None:
    path = tmp_path / "v5.planner"
    with create_workspace(path, "機關", ["行政課"]) as ws:
        _plan_of(ws, 114)
    db = SqliteDatabase(str(path))
    db.connect()
    db.execute_sql("DROP INDEX node_parent")
    db.execute_sql("PRAGMA user_version = 5")
    db.close()
    with open_workspace(path, backup=False) as ws:
        assert schema_version(ws.db) == LATEST >= 6
        names = [row[1] for row in ws.db.execute_sql("PRAGMA index_list(node)").fetchall()]
        assert "node_parent" in names
        assert len(ws.plan(114).methods()) == 36


def test_cascaded_deletes_search_children_by_the_index(tmp_path) -> None:
    db = SqliteDatabase(str(tmp_path / "fresh.planner"))
    db.connect()
    migrate(db)
    plan = db.execute_sql("EXPLAIN QUERY PLAN DELETE FROM node WHERE parent_id = 7").fetchall()
    assert any("node_parent" in str(row[-1]) for row in plan), plan
    db.close()


def test_deleting_a_plan_and_its_undo_restore_every_node(tmp_path) -> None:
    with create_workspace(tmp_path / "w.planner", "機關", ["行政課"]) as ws:
        _plan_of(ws, 114, items=4, focuses=5, methods=10)
        before = [(n.title, n.level) for n in ws.plan(114).walk()]
        delete_plan(ws, 114)
        assert ws.db.execute_sql("SELECT COUNT(*) FROM node").fetchone()[0] == 0
        ws.undo()
        assert [(n.title, n.level) for n in ws.plan(114).walk()] == before

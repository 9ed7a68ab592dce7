"""Schema v4: a v3 workspace keeps its records, gains 落後, the review columns, review rounds and its secret."""

from __future__ import annotations

import peewee
import pytest
from peewee import SqliteDatabase

from planner.packets.secret import SECRET_KEY, packet_key
from planner.store.migrations import LATEST, migrate, schema_version
from planner.workspace import open_workspace


def test_v3_workspace_migrates_to_v4(tmp_path):
    path = tmp_path / "v3.planner"
    db = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    db.connect()
    migrate(db, 3)
    for sql in (
        "INSERT INTO setting (key, value) VALUES ('agency', '星河區公所')",
        "INSERT INTO unit (id, name, position, retired) VALUES (1, '行政課', 0, 0)",
        "INSERT INTO plan (id, year, title, created) VALUES (1, 115, '115年度提升服務工作計畫', '2026-01-01')",
        "INSERT INTO node (id, plan_id, parent_id, position, level, title) VALUES (1, 1, NULL, 0, 1, '要項')",
        "INSERT INTO node (id, plan_id, parent_id, position, level, title) VALUES (2, 1, 1, 0, 2, '重點')",
        "INSERT INTO node (id, plan_id, parent_id, position, level, title, months) VALUES (3, 1, 2, 0, 3, '方法', '6')",
        "INSERT INTO node_unit (node_id, unit_id, position) VALUES (3, 1, 0)",
        "INSERT INTO progress (node_id, period, unit_id, status, text, updated)"
        " VALUES (3, 6, 1, 'doing', '辦理中', '2026-06-01T10:00:00')",
    ):
        db.execute_sql(sql)
    assert schema_version(db) == 3
    db.close()
    with open_workspace(path) as ws:
        assert schema_version(ws.db) == LATEST >= 4
        row = ws.db.execute_sql("SELECT status, text, reason, measure, actual FROM progress").fetchone()
        assert row == ("doing", "辦理中", "", "", "")
        ws.db.execute_sql("UPDATE progress SET status = 'late', reason = '人力不足'")
        with pytest.raises(peewee.IntegrityError, match="CHECK"):
            ws.db.execute_sql("UPDATE progress SET status = 'lost'")
        assert len(ws.setting(SECRET_KEY) or "") == 64 and len(packet_key(ws)) == 32
        assert ws.db.execute_sql("SELECT kpi, target FROM node WHERE id = 3").fetchone() == ("", "")
        assert ws.db.execute_sql("SELECT COUNT(*) FROM review_round").fetchone() == (0,)
        assert ws.db.execute_sql("PRAGMA foreign_key_check").fetchall() == []

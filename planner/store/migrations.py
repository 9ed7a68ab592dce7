"""Numbered schema migrations; PRAGMA user_version holds the applied number."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from peewee import SqliteDatabase
from playhouse.migrate import SqliteMigrator

log = logging.getLogger(__name__)

APPLICATION_ID = 0x504C4E52  # "PLNR": marks a Planner workspace file


def _v1(db: SqliteDatabase) -> None:
    """Initial schema: settings, units, plans, sections, nodes and their units."""
    for sql in (
        "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE unit (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, position INTEGER NOT NULL)",
        "CREATE TABLE plan (id INTEGER PRIMARY KEY AUTOINCREMENT, year INTEGER NOT NULL UNIQUE,"
        " title TEXT NOT NULL, agency TEXT NOT NULL DEFAULT '', issued TEXT NOT NULL DEFAULT '',"
        " layout TEXT NOT NULL DEFAULT '', created TEXT NOT NULL)",
        "CREATE TABLE section (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',"
        " numbered INTEGER NOT NULL DEFAULT 1)",
        "CREATE TABLE node (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, level INTEGER NOT NULL, title TEXT NOT NULL DEFAULT '',"
        " body TEXT NOT NULL DEFAULT '', numbered INTEGER NOT NULL DEFAULT 1,"
        " note TEXT NOT NULL DEFAULT '', months TEXT NOT NULL DEFAULT '')",
        "CREATE INDEX node_plan_parent ON node (plan_id, parent_id, position)",
        "CREATE TABLE node_unit (node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,"
        " unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, PRIMARY KEY (node_id, unit_id))",
        "CREATE INDEX node_unit_unit ON node_unit (unit_id)",
    ):
        db.execute_sql(sql)


def _v2(db: SqliteDatabase) -> None:
    """Retired units, milestones, copy-year links and shared 重點 cells.

    The node table is rebuilt to add a CHECK on level and the source link;
    this runs with foreign keys off so ON DELETE CASCADE cannot fire.
    """
    for sql in (
        "ALTER TABLE unit ADD COLUMN retired INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE plan ADD COLUMN source_plan_id INTEGER",
        "CREATE TABLE node_new (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
        " title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',"
        " numbered INTEGER NOT NULL DEFAULT 1, note TEXT NOT NULL DEFAULT '',"
        " months TEXT NOT NULL DEFAULT '', merge_next INTEGER NOT NULL DEFAULT 0,"
        " source_id INTEGER)",
        "INSERT INTO node_new (id, plan_id, parent_id, position, level, title, body, numbered,"
        " note, months) SELECT id, plan_id, parent_id, position, level, title, body, numbered,"
        " note, months FROM node",
        "DROP TABLE node",
        "ALTER TABLE node_new RENAME TO node",
        "CREATE INDEX node_plan_parent ON node (plan_id, parent_id, position)",
        "CREATE INDEX node_source ON node (source_id)",
        "CREATE TABLE milestone (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),"
        " day INTEGER CHECK (day BETWEEN 1 AND 31), title TEXT NOT NULL,"
        " unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL)",
    ):
        db.execute_sql(sql)


def _v3(db: SqliteDatabase) -> None:
    """Progress records per method, review month and unit; locked review periods."""
    for sql in (
        "CREATE TABLE progress (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,"
        " period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12),"
        " unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
        " status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done', 'na')),"
        " text TEXT NOT NULL DEFAULT '', date TEXT, updated TEXT NOT NULL,"
        " UNIQUE (node_id, period, unit_id))",
        "CREATE INDEX progress_unit ON progress (unit_id)",
        "CREATE TABLE period_lock (plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12), locked_at TEXT NOT NULL,"
        " PRIMARY KEY (plan_id, period))",
        "CREATE INDEX node_unit_order ON node_unit (node_id, position)",
    ):
        db.execute_sql(sql)


def _v4(db: SqliteDatabase) -> None:
    """Review rounds, status 落後 with 落後原因/因應對策, KPI (衡量指標, 目標值, 實際值), the packet signing secret.

    The progress table is rebuilt to widen its status CHECK (foreign keys are off while migrating).
    """
    for sql in (
        "CREATE TABLE progress_new (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " node_id INTEGER NOT NULL REFERENCES node(id) ON DELETE CASCADE,"
        " period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12),"
        " unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
        " status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'late', 'done', 'na')),"
        " text TEXT NOT NULL DEFAULT '', date TEXT, updated TEXT NOT NULL,"
        " reason TEXT NOT NULL DEFAULT '', measure TEXT NOT NULL DEFAULT '', actual TEXT NOT NULL DEFAULT '',"
        " UNIQUE (node_id, period, unit_id))",
        "INSERT INTO progress_new (id, node_id, period, unit_id, status, text, date, updated)"
        " SELECT id, node_id, period, unit_id, status, text, date, updated FROM progress",
        "DROP TABLE progress",
        "ALTER TABLE progress_new RENAME TO progress",
        "CREATE INDEX progress_unit ON progress (unit_id)",
        "ALTER TABLE node ADD COLUMN kpi TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE node ADD COLUMN target TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE review_round (plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12),"
        " send_date TEXT NOT NULL, due_date TEXT NOT NULL, months TEXT NOT NULL DEFAULT '',"
        " grace_days INTEGER NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 366),"
        " PRIMARY KEY (plan_id, period))",
    ):
        db.execute_sql(sql)
    db.execute_sql("INSERT OR IGNORE INTO setting (key, value) VALUES ('packet_secret', ?)", (secrets.token_hex(32),))


def _v5(db: SqliteDatabase) -> None:
    """Frozen plan versions (定稿, 修正) and unit names by year."""
    for sql in (
        "CREATE TABLE plan_version (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
        " seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('定稿', '修正')),"
        " date TEXT NOT NULL, doc_number TEXT NOT NULL DEFAULT '', snapshot TEXT NOT NULL,"
        " created TEXT NOT NULL, UNIQUE (plan_id, seq))",
        "CREATE TABLE unit_name (unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,"
        " from_year INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (unit_id, from_year))",
    ):
        db.execute_sql(sql)


def _v6(db: SqliteDatabase) -> None:
    """An index on node.parent_id, which every cascaded delete of a node's children searches."""
    # without it each deleted node made SQLite scan the node table: undoing a 50,000-method import took minutes
    db.execute_sql("CREATE INDEX node_parent ON node (parent_id)")


MIGRATIONS: list[Callable[[SqliteDatabase], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
LATEST = len(MIGRATIONS)


def schema_version(db: SqliteDatabase) -> int:
    """Return the applied migration number."""
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(db: SqliteDatabase, target: int = LATEST) -> int:
    """Apply pending migrations up to target, each in its own block; return count.

    Each block runs with foreign keys off (set before BEGIN, so a table rebuild cannot fire
    ON DELETE CASCADE) and bumps user_version inside the same transaction.
    """
    migrator = SqliteMigrator(db)
    current = schema_version(db)
    applied = 0
    for number in range(current + 1, target + 1):
        log.info("migrating workspace to schema %d", number)
        with migrator.migration_context():
            MIGRATIONS[number - 1](db)
            problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration {number} broke foreign keys: {problems[:3]}")
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version = {number}")
        applied += 1
    return applied

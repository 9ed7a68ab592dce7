"""The peewee models and the numbered migrations describe the same database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from planner.store.migrations import LATEST, migrate, schema_version
from planner.store.schema import TABLES

ROOT = Path(__file__).resolve().parents[2]


def _checks(sql: str) -> list[str]:
    """Return the CHECK expressions of a CREATE TABLE statement, normalised."""
    out: list[str] = []
    for match in re.finditer(r"CHECK\s*\(", sql, re.IGNORECASE):
        depth, i = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        expr = sql[match.end() : i - 1]
        out.append(re.sub(r"\s+", " ", expr.replace('"', "")).strip().lower())
    return sorted(out)


def _affinity(declared: str) -> str:
    """Return SQLite's type affinity of a declared column type."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if any(k in t for k in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not t or "BLOB" in t:
        return "BLOB"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def describe(database: SqliteDatabase) -> dict[str, dict]:
    """Return every table's columns, indexes, foreign keys, CHECKs and AUTOINCREMENT, comparably."""
    out: dict[str, dict] = {}
    tables = database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for name, sql in tables:
        columns = [
            (col, _affinity(ctype), bool(notnull), default, pk)
            for _cid, col, ctype, notnull, default, pk in database.execute_sql(f'PRAGMA table_info("{name}")')
        ]
        indexes = set()
        for _seq, index, unique, _origin, _partial in database.execute_sql(f'PRAGMA index_list("{name}")'):
            cols = tuple(r[2] for r in database.execute_sql(f'PRAGMA index_info("{index}")'))
            indexes.add((cols, bool(unique)))
        fks = {(row[2], row[3], row[4], row[6]) for row in database.execute_sql(f'PRAGMA foreign_key_list("{name}")')}
        out[name] = {
            "columns": columns,
            "indexes": indexes,
            "foreign_keys": fks,
            "checks": _checks(sql),
            "autoincrement": "AUTOINCREMENT" in sql.upper(),
        }
    return out


@pytest.fixture
def both(tmp_path: Path) -> tuple[dict, dict]:
    """Return the description of a database made from the models and of one made by the migrations."""
    from_models = SqliteDatabase(str(tmp_path / "models.db"), pragmas={"foreign_keys": 1})
    with from_models.bind_ctx(TABLES):
        from_models.create_tables(TABLES)
    migrated = SqliteDatabase(str(tmp_path / "migrated.db"), pragmas={"foreign_keys": 1})
    assert migrate(migrated) == LATEST and schema_version(migrated) == LATEST
    try:
        return describe(from_models), describe(migrated)
    finally:
        from_models.close()
        migrated.close()


def test_same_tables(both: tuple[dict, dict]) -> None:
    """Both databases have the same tables."""
    models, migrated = both
    assert sorted(models) == sorted(migrated)
    assert len(models) == len(TABLES)


@pytest.mark.parametrize("part", ["columns", "indexes", "foreign_keys", "checks", "autoincrement"])
def test_same_part(both: tuple[dict, dict], part: str) -> None:
    """Each table has the same columns, indexes, foreign keys, CHECK constraints and key kind."""
    models, migrated = both
    for table in migrated:
        assert models[table][part] == migrated[table][part], f"{table}.{part} differs"


def test_description_sees_the_details(both: tuple[dict, dict]) -> None:
    """The comparison is not vacuous: it sees the CHECK, the indexes and the ON DELETE actions."""
    _, migrated = both
    assert migrated["node"]["checks"] == ["level between 1 and 3"]
    assert (("plan_id", "parent_id", "position"), False) in migrated["node"]["indexes"]
    assert ("unit", "unit_id", "id", "SET NULL") in migrated["milestone"]["foreign_keys"]
    assert ("retired", "INTEGER", True, "0", 0) in migrated["unit"]["columns"]
    assert migrated["node"]["autoincrement"] and not migrated["setting"]["autoincrement"]


SQL_STRING = re.compile(r'"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)')


def test_sql_only_in_migrations() -> None:
    """Outside the migrations, planner/ reads and writes through the models, not SQL strings.

    The same search as `grep -rnE '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)' planner/`.
    """
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()}"
        for path in sorted((ROOT / "planner").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL_STRING.search(line)
    ]
    assert any(line.startswith("planner/store/migrations.py:") for line in found), "the search must see the DDL"
    offenders = [line for line in found if not line.startswith("planner/store/migrations.py:")]
    assert offenders == []

"""Query helpers over the models: compiled-once statements, bulk inserts, id reservation."""

from __future__ import annotations

import gc
import weakref

import pytest

from planner.store.rows import MAX_VARIABLES, chunks, compiled, insert_rows, next_ids, paused_gc, run, update_row
from planner.store.schema import NodeRow, UnitRow


def test_compiled_statement_is_reused_and_checked(ws):
    """A statement compiles once per key; a query that does not bind exactly its arguments is refused."""

    def by_name(name: str):
        return UnitRow.select(UnitRow.id).where(UnitRow.name == name)

    first = compiled(ws.db, "test.by_name", by_name, ("教務課",))
    assert compiled(ws.db, "test.by_name", by_name, ("輔導課",)) is first
    assert run(ws.db, "test.by_name", by_name, "輔導課").fetchone()[0] == ws.unit_by_name("輔導課").id
    with pytest.raises(ValueError, match="binds"):
        compiled(ws.db, "test.null", lambda n: UnitRow.select().where(UnitRow.name == n), (None,))


def test_insert_rows_and_update_row_write_through_the_models(ws):
    """Bulk rows land in order; update_row sets fields by name; fresh ids lie above every id used."""
    start = next_ids(ws.db, UnitRow, 3)
    assert start == [4, 5, 6]
    insert_rows(
        ws.db, (UnitRow.id, UnitRow.name, UnitRow.position, UnitRow.retired), [(4, "甲", 3, False), (5, "乙", 4, True)]
    )
    update_row(ws.db, UnitRow, 5, {"retired": False, "name": "丙"})
    rows = ws.db.execute(UnitRow.select(UnitRow.id, UnitRow.name, UnitRow.retired).order_by(UnitRow.id)).fetchall()
    assert rows[-2:] == [(4, "甲", 0), (5, "丙", 0)]
    insert_rows(ws.db, (UnitRow.id, UnitRow.name, UnitRow.position), [])
    assert next_ids(ws.db, NodeRow, 1) == [1]


def test_chunks_respect_the_variable_limit():
    """IN lists and multi-row values are cut below SQLite's 999 variables."""
    parts = list(chunks(list(range(2500))))
    assert [len(p) for p in parts] == [999, 999, 502]
    assert max(len(p) * 12 for p in chunks(list(range(500)), width=12)) <= 999


def test_insert_rows_in_blocks_lands_every_row_in_order(ws):
    """Rows beyond one block (MAX_VARIABLES // width rows) go in multi-row blocks plus a partial one, all exact."""
    per = MAX_VARIABLES // 4
    rows = [(10 + i, f"單位{i}", i, i % 3 == 0) for i in range(2 * per + 17)]
    insert_rows(ws.db, (UnitRow.id, UnitRow.name, UnitRow.position, UnitRow.retired), rows)
    query = UnitRow.select(UnitRow.id, UnitRow.name, UnitRow.position, UnitRow.retired).where(UnitRow.id >= 10)
    got = ws.db.execute(query.order_by(UnitRow.id)).fetchall()
    assert got == [(i, n, p, int(r)) for i, n, p, r in rows]
    # fields left out (retired here) take the model's default: one-row statements then, still every row
    more = [(1000 + i, f"新單位{i}", i) for i in range(per + 5)]
    insert_rows(ws.db, (UnitRow.id, UnitRow.name, UnitRow.position), more)
    query = UnitRow.select(UnitRow.id, UnitRow.name, UnitRow.retired).where(UnitRow.id >= 1000).order_by(UnitRow.id)
    assert ws.db.execute(query).fetchall() == [(i, n, 0) for i, n, _ in more]


class Cell:
    """An object that can sit in a reference cycle and be watched by a weak reference."""

    def __init__(self) -> None:
        self.other: object = None


def test_paused_gc_leaves_what_was_built_in_the_oldest_generation_and_still_collects_cycles():
    """Objects made while paused skip the young generations; a cycle made then is still freed by a collection."""
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        kept = [Cell() for _ in range(100)]
        lost = Cell()
        lost.other = Cell()
        lost.other.other = lost  # a cycle only the collector frees
        watch = weakref.ref(lost)
        del lost
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)} | {id(o) for o in gc.get_objects(generation=1)}
    assert not any(id(cell) in young for cell in kept)
    assert any(o is kept[0] for o in gc.get_objects(generation=2))
    gc.collect()
    assert watch() is None


def test_paused_gc_never_unfreezes_what_someone_froze():
    """Objects frozen before (gc.freeze) stay frozen."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with paused_gc():
            Cell()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()

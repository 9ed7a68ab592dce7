"""Query helpers over the models: bulk inserts, id reservation, chunked IN lists, stored months."""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

from peewee import Field, Query, SqliteDatabase, fn

from planner.store.schema import BaseModel, SqliteSequence

# SQLite's default limit on bound variables per statement is 32766 since 3.32; stay well below
# it for older libraries too (999).
MAX_VARIABLES = 999


def months_to_text(months: list[int]) -> str:
    """Store months as "6,12"."""
    return ",".join(str(m) for m in months)


def months_from_text(text: str) -> list[int]:
    """Parse stored months."""
    return [int(m) for m in text.split(",") if m]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector off for a bulk build (restored as it was, even on an error).

    Building or writing a whole plan makes hundreds of thousands of dicts, tuples and nodes and no garbage
    cycles; with a large import result alive, every full collection the allocations trigger rescans all of
    it, which made applying a 50,000-method import twice as slow (and worse than linear). On leaving, the
    objects made meanwhile (the plan's nodes, kept for good) go straight to the oldest generation
    (gc.freeze then gc.unfreeze, documented to do just that) instead of being scanned as young objects
    by the next collection and again by the one after: 10 % of applying a 50,000-method import. They are
    still collected, by the next full collection, if they become garbage.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():  # never unfreeze what someone else froze
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def chunks(values: Sequence[Any], width: int = 1) -> Iterator[Sequence[Any]]:
    """Yield slices of values small enough that width variables each stay under the limit."""
    size = max(1, MAX_VARIABLES // max(1, width))
    for start in range(0, len(values), size):
        yield values[start : start + size]


_COMPILED: dict[Hashable, tuple[str, tuple[Any, ...]]] = {}


def compiled(
    db: SqliteDatabase, key: Hashable, build: Callable[..., Query], values: Sequence[Any]
) -> tuple[str, tuple[Any, ...]]:
    """Return the SQL of the model query build(*values), compiled once per key, and the defaults it binds last.

    peewee compiles a query anew on every run (0.1 to 0.3 ms for a small one), which made a
    5,000-record collection 20 times slower than before; statements that steps run once per
    row are therefore compiled once. build must bind exactly its arguments, in order (no None
    in a comparison, which peewee writes as IS NULL), except that an insert binds the constant
    defaults of the model's fields it leaves out after them: the first compilation checks this.
    """
    found = _COMPILED.get(key)
    if found is None:
        query = build(*values)
        sql, params = db.get_sql_context().sql(query).query()
        given = len(values)
        tail = tuple(params[given:])
        model = getattr(query, "model", None)
        fields = getattr(model, "_meta", None)
        defaults_ok = not tail or (
            fields is not None and not any(callable(f.default) for f in fields.sorted_fields if f.default is not None)
        )
        if list(params[:given]) != list(values) or not defaults_ok:
            raise ValueError(f"{key}: the query binds {params!r}, not its arguments {list(values)!r}")
        found = _COMPILED[key] = (sql, tail)
    return found


def run(db: SqliteDatabase, key: Hashable, build: Callable[..., Query], *values: Any) -> Any:
    """Run the model query build(*values), compiled once per key (see compiled()); return the cursor."""
    sql, tail = compiled(db, key, build, values)
    return db.execute_sql(sql, (*values, *tail))


def insert_rows(db: SqliteDatabase, fields: Sequence[Field], rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows of one model (values in the order of fields); see insert_values."""
    insert_values(db, fields, list(chain.from_iterable(rows)))


def insert_values(db: SqliteDatabase, fields: Sequence[Field], values: list[Any]) -> None:
    """Insert rows of one model given as one flat list of values, row after row, each in the order of fields.

    The statements are the model's own insert_many(), compiled once: peewee builds an expression node
    per value, which makes a 10,000-row insert_many ten times slower than running compiled SQL. Rows go
    in blocks of as many rows as MAX_VARIABLES allows, one multi-row INSERT each, bound straight from a
    slice of values (SQLite opens the table's and the indexes' cursors once per statement run, not once
    per row: 30 % less than executemany of the one-row INSERT for a 5,000-method plan); the last,
    partial block goes by executemany. A flat list holds a large plan's rows in a third of the memory
    of a tuple per row, and gives the garbage collector nothing to scan.
    """
    if not values:
        return
    width = len(fields)
    if len(values) % width:
        raise ValueError(f"{len(values)} values are not rows of {width}")
    model = fields[0].model
    names = list(fields)
    key = ("insert", model._meta.table_name, tuple(f.name for f in fields))
    sql, tail = compiled(db, key, lambda *row: model.insert_many([row], fields=names), values[:width])
    per = MAX_VARIABLES // width
    size = per * width
    whole = 0 if tail or per < 2 else len(values) - len(values) % size
    cursor = db.cursor()
    if whole:

        def block(*given: Any) -> Query:
            return model.insert_many([given[i : i + width] for i in range(0, size, width)], fields=names)

        block_sql, _ = compiled(db, (*key, per), block, values[:size])
        for start in range(0, whole, size):
            cursor.execute(block_sql, values[start : start + size])
    if whole < len(values):
        rest = iter(values[whole:])
        rows = list(zip(*[rest] * width, strict=True))
        cursor.executemany(sql, [(*row, *tail) for row in rows] if tail else rows)


def first_free_id(db: SqliteDatabase, model: type[BaseModel]) -> int:
    """Return the lowest fresh id of an AUTOINCREMENT table (above every id ever used)."""
    table = model._meta.table_name
    seq = db.execute(SqliteSequence.select(SqliteSequence.seq).where(SqliteSequence.name == table)).fetchone()
    top = db.execute(model.select(fn.MAX(model._meta.primary_key))).fetchone()[0]
    return max(seq[0] if seq else 0, top or 0) + 1


def next_ids(db: SqliteDatabase, model: type[BaseModel], count: int) -> list[int]:
    """Reserve count fresh ids of an AUTOINCREMENT table (above every id ever used)."""
    start = first_free_id(db, model)
    return list(range(start, start + count))


def update_row(db: SqliteDatabase, model: type[BaseModel], row_id: Any, values: dict[str, Any]) -> None:
    """Set fields (by field name) of the row with a primary key, compiled once per set of fields."""
    meta = model._meta
    names = sorted(values, key=lambda n: meta.fields[n]._sort_key)
    fields = [meta.fields[n] for n in names]

    def build(*args: Any) -> Query:
        return model.update(dict(zip(fields, args[:-1], strict=True))).where(meta.primary_key == args[-1])

    run(db, ("update", meta.table_name, tuple(names)), build, *(values[n] for n in names), row_id)


def delete_row(db: SqliteDatabase, model: type[BaseModel], row_id: Any) -> None:
    """Delete the row with a primary key."""
    meta = model._meta
    run(db, ("delete", meta.table_name), lambda i: model.delete().where(meta.primary_key == i), row_id)

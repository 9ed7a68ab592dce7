"""Applying a plan runs the same statements at any size: its cost stays linear (issues 11 and 17)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import fn

from planner.build import add_plan_from_data
from planner.model import Plan
from planner.plans import copy_plan_to_year
from planner.steps.plans import plan_snapshot
from planner.store.load import load_plan
from planner.store.schema import NodeRow, NodeUnitRow
from planner.workspace import Workspace
from tests.planner.helpers import counted_sql

UNITS = (["行政課"], ["教務課", "輔導課"], ["輔導課", "行政課"], [])


def data_of(year: int, methods: int) -> dict[str, Any]:
    """Return a plan of three 要項 with two 重點 each and methods spread over them."""
    per_focus = max(1, methods // 6)
    return {
        "year": year,
        "title": f"{year}年度計畫",
        "sections": [{"heading": "計畫目標", "text": "提升服務品質"}],
        "items": [
            {
                "title": f"要項{i}",
                "focuses": [
                    {
                        "title": f"重點{i}-{j}",
                        "methods": [
                            {
                                "title": f"方法{i}-{j}-{k}",
                                "body": f"說明{k}",
                                "units": UNITS[k % len(UNITS)],
                                "months": [12, 6] if k % 2 else ["3"],
                                "kpi": f"指標{k}" if k % 3 == 0 else "",
                            }
                            for k in range(per_focus)
                        ],
                    }
                    for j in range(2)
                ],
            }
            for i in range(3)
        ],
    }


@contextmanager
def counted_cursor_calls(ws: Workspace) -> Iterator[list[int]]:
    """Record, for every statement run on a cursor of the workspace, how many rows it was given."""
    calls: list[int] = []
    original = ws.db.cursor

    class Counting:
        def __init__(self, cursor: Any) -> None:
            self.cursor = cursor

        def execute(self, sql: str, params: Any = ()) -> Any:
            calls.append(1)
            return self.cursor.execute(sql, params)

        def executemany(self, sql: str, rows: Any) -> Any:
            rows = list(rows)
            calls.extend([1] * len(rows))  # executemany runs the statement once per row
            return self.cursor.executemany(sql, rows)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.cursor, name)

    ws.db.cursor = lambda *args, **kwargs: Counting(original(*args, **kwargs))
    try:
        yield calls
    finally:
        del ws.db.cursor


def applied(ws: Workspace, year: int, methods: int) -> tuple[int, int, int, int, Plan]:
    """Apply, undo and redo a plan; return the statements each ran, the statements run on a cursor, the plan."""
    with counted_sql(ws) as apply_calls, counted_cursor_calls(ws) as runs:
        add_plan_from_data(ws, data_of(year, methods))
    with counted_sql(ws) as undo_calls:
        ws.undo()
    with counted_sql(ws) as redo_calls:
        ws.redo()
    return len(apply_calls), len(undo_calls), len(redo_calls), len(runs), ws.plan(year)


def test_apply_undo_and_redo_run_the_same_statements_at_any_size(ws: Workspace) -> None:
    small = applied(ws, 114, 24)  # units of the workspace: no unit added
    large = applied(ws, 115, 1200)
    assert large[4].counts()[3] == 50 * small[4].counts()[3] == 1200
    assert small[:3] == large[:3]  # no query per node, unit or month
    # 1,209 node rows and 1,500 unit rows go in blocks of 71 and 333 rows (one statement run each) and a
    # last partial block by executemany: about 190 runs more than for the small plan, not one per row
    rows = 1209 + 1500
    assert large[3] - small[3] < rows / 4


def test_a_large_plan_in_memory_is_the_plan_in_the_file(ws: Workspace) -> None:
    plan = add_plan_from_data(ws, data_of(114, 1200))
    assert plan_snapshot(plan) == plan_snapshot(load_plan(ws.db, plan.id))
    ids = [n.id for n in plan.walk()]
    assert ids == sorted(ids) == list(range(ids[0], ids[0] + 1209))
    methods = plan.methods()
    assert [ws.unit_names(m.units) for m in methods[:4]] == [list(u) for u in UNITS]
    assert [m.months for m in methods[:2]] == [[3], [6, 12]]
    kpis = ws.db.execute(NodeRow.select(NodeRow.kpi).where(NodeRow.level == 3).order_by(NodeRow.id)).fetchall()
    assert [k for (k,) in kpis[:4]] == ["指標0", "", "", "指標3"]
    units = ws.db.execute(NodeUnitRow.select(fn.COUNT(NodeUnitRow.node))).fetchone()[0]
    assert units == 1500


def test_a_copied_year_is_written_from_its_snapshots_and_undoes_exactly(ws: Workspace) -> None:
    source = add_plan_from_data(ws, data_of(114, 300))
    copy = copy_plan_to_year(ws, 114, 115)
    assert plan_snapshot(copy) == plan_snapshot(load_plan(ws.db, copy.id))
    assert [n.source_id for n in copy.walk()] == [n.id for n in source.walk()]
    assert min(n.id for n in copy.walk()) > max(n.id for n in source.walk())
    kpi = NodeRow.select(NodeRow.kpi).where(NodeRow.plan == copy.id).order_by(NodeRow.id)
    assert [k for (k,) in ws.db.execute(kpi)][2:6] == ["指標0", "", "", "指標3"]
    before = plan_snapshot(copy)
    ws.undo()
    assert ws.years() == [114]
    ws.redo()
    assert plan_snapshot(ws.plan(115)) == before == plan_snapshot(load_plan(ws.db, ws.plan(115).id))

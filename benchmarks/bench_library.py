"""Time the plan library (no Qt) on synthetic plans of 100, 1,000 and 5,000 methods.

Run:  .venv/bin/python benchmarks/bench_library.py [--sizes 100,1000,5000] [--repeat 3]

Every figure is the best of --repeat runs, in milliseconds. Add a figure by writing a
function taking a Bench and registering it in TIMINGS (milliseconds) or COUNTS (a number).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, YEAR, make_plan_data, save_results, timed

from planner import operations
from planner.build import add_plan_from_data
from planner.model import Node, Plan
from planner.numerals import FOCUS
from planner.plans import copy_plan_to_year
from planner.workspace import Workspace, create_workspace, open_workspace

DEFAULT_SIZES = (100, 1000, 5000)


# ---------------------------------------------------------------- harness


@dataclass
class Bench:
    """One size under test: its data, a scratch folder and a closed base workspace file."""

    size: int
    data: dict[str, Any]
    folder: Path
    repeat: int
    base: Path | None = None
    _serial: int = field(default=0, repr=False)

    def fresh_path(self) -> Path:
        """Return a new, unused workspace path in the scratch folder."""
        self._serial += 1
        return self.folder / f"ws-{self._serial:03d}.planner"

    def base_file(self) -> Path:
        """Return a closed workspace holding the plan (built once per size)."""
        if self.base is None:
            path = self.fresh_path()
            ws = create_workspace(path, AGENCY, UNITS)
            add_plan_from_data(ws, self.data)
            ws.close()
            self.base = path
        return self.base

    @contextmanager
    def fresh_workspace(self) -> Iterator[tuple[Workspace, Plan]]:
        """Yield a private copy of the base workspace, open, with its plan loaded."""
        path = self.fresh_path()
        shutil.copyfile(self.base_file(), path)
        ws = open_workspace(path, backup=False)
        try:
            yield ws, ws.plan(YEAR)
        finally:
            ws.close()


def best(bench: Bench, run: Callable[[], float]) -> float:
    """Return the smallest of bench.repeat results of run()."""
    return min(run() for _ in range(bench.repeat))


def middle_method(plan: Plan) -> Node:
    """Return the method in the middle of the plan."""
    methods = plan.methods()
    return methods[len(methods) // 2]


def other_focus(plan: Plan, node: Node) -> Node:
    """Return a 重點 far from the node's own (in another 要項)."""
    focuses = [n for n in plan.walk() if n.level == FOCUS]
    here = focuses.index(node.parent)
    return focuses[(here + len(focuses) // 2) % len(focuses)]


# ---------------------------------------------------------------- measurements


def bench_create(bench: Bench) -> float:
    """Create a workspace and write the whole plan into it."""

    def run() -> float:
        path = bench.fresh_path()
        holder: list[Workspace] = []

        def work() -> None:
            ws = create_workspace(path, AGENCY, UNITS)
            holder.append(ws)
            add_plan_from_data(ws, bench.data)

        ms = timed(work)
        holder[0].close()
        return ms

    return best(bench, run)


def bench_open_load(bench: Bench) -> float:
    """Open the file (probe, lock, backup, checks) and load the whole tree."""
    path = bench.base_file()

    def run() -> float:
        holder: list[Workspace] = []

        def work() -> None:
            ws = open_workspace(path)
            holder.append(ws)
            ws.plan(YEAR)

        ms = timed(work)
        holder[0].close()
        return ms

    return best(bench, run)


def bench_load(bench: Bench) -> float:
    """Load the whole tree of an already open workspace."""
    ws = open_workspace(bench.base_file(), backup=False)
    try:
        plan_id = ws.plan(YEAR).id

        def run() -> float:
            ws.forget_plan(plan_id)
            return timed(lambda: ws.plan(YEAR))

        return best(bench, run)
    finally:
        ws.close()


def bench_edit(bench: Bench) -> float:
    """Change the title of a method in the middle (one undoable edit)."""

    def run() -> float:
        with bench.fresh_workspace() as (ws, plan):
            node = middle_method(plan)
            return timed(lambda: operations.set_fields(ws, plan, node.id, title=node.title + "（修正）"))

    return best(bench, run)


def bench_edit_series(bench: Bench) -> float:
    """Median of 20 title edits in a row on one open file (each checkpointed into the file, issue 16)."""

    def run() -> float:
        with bench.fresh_workspace() as (ws, plan):
            node = middle_method(plan)
            times = sorted(
                timed(lambda i=i: operations.set_fields(ws, plan, node.id, title=f"{node.title}（第{i}次）"))
                for i in range(20)
            )
            return times[len(times) // 2]

    return best(bench, run)


def bench_insert(bench: Bench) -> float:
    """Add a method right after a method in the middle."""

    def run() -> float:
        with bench.fresh_workspace() as (ws, plan):
            node = middle_method(plan)
            return timed(lambda: operations.add_sibling(ws, plan, node.id, "新增的方法"))

    return best(bench, run)


def _move_args(plan: Plan) -> tuple[int, int, int]:
    """Return (node, target 重點, index): the middle method into the middle of a 重點 of another 要項."""
    node = middle_method(plan)
    target = other_focus(plan, node)
    return node.id, target.id, len(target.children) // 2


def bench_move(bench: Bench) -> float:
    """Move a method in the middle to another 重點."""

    def run() -> float:
        with bench.fresh_workspace() as (ws, plan):
            node_id, target_id, index = _move_args(plan)
            return timed(lambda: operations.move_node(ws, plan, node_id, target_id, index))

    return best(bench, run)


def bench_undo(bench: Bench) -> float:
    """Undo the move of a method to another 重點."""

    def run() -> float:
        with bench.fresh_workspace() as (ws, plan):
            operations.move_node(ws, plan, *_move_args(plan))
            return timed(ws.undo)

    return best(bench, run)


def bench_copy_year(bench: Bench) -> float:
    """Copy the plan to the next year (whole tree written, new plan loaded)."""

    def run() -> float:
        with bench.fresh_workspace() as (ws, _plan):
            return timed(lambda: copy_plan_to_year(ws, YEAR, YEAR + 1))

    return best(bench, run)


def count_load_queries(bench: Bench) -> int:
    """Count the SQL statements ws.plan(year) issues through peewee (should not grow with size)."""
    ws = open_workspace(bench.base_file(), backup=False)
    try:
        ws.forget_plan(ws.plan(YEAR).id)
        calls: list[str] = []
        statements: list[str] = []
        original = ws.db.execute_sql

        def counting(sql: str, *args: Any, **kwargs: Any) -> Any:
            calls.append(sql)
            return original(sql, *args, **kwargs)

        ws.db.execute_sql = counting  # type: ignore[method-assign]
        ws.db.connection().set_trace_callback(statements.append)
        try:
            ws.plan(YEAR)
        finally:
            ws.db.connection().set_trace_callback(None)
            del ws.db.execute_sql
        if len(statements) != len(calls):
            print(f"warning: {len(calls)} execute_sql calls but SQLite ran {len(statements)} statements")
        return len(calls)
    finally:
        ws.close()


TIMINGS: dict[str, Callable[[Bench], float]] = {
    "create": bench_create,
    "open+load": bench_open_load,
    "load": bench_load,
    "edit": bench_edit,
    "edit series": bench_edit_series,
    "insert": bench_insert,
    "move": bench_move,
    "undo": bench_undo,
    "copy-year": bench_copy_year,
}
COUNTS: dict[str, Callable[[Bench], int]] = {
    "load queries": count_load_queries,
}
LIMITS_MS: dict[str, float] = {
    "open+load": 300.0,
    "edit": 10.0,
    "edit series": 10.0,
    "insert": 20.0,
    "move": 20.0,
    "undo": 20.0,
    "copy-year": 2000.0,
}


# ---------------------------------------------------------------- report


def run_size(size: int, repeat: int, names: list[str]) -> dict[str, float | int]:
    """Run the chosen measurements on one plan size in a scratch folder."""
    data = make_plan_data(size)
    out: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory(prefix=f"planner-bench-{size}-") as tmp:
        bench = Bench(size, data, Path(tmp), repeat)
        for name in names:
            if name in TIMINGS:
                out[name] = round(TIMINGS[name](bench), 1)
            else:
                out[name] = COUNTS[name](bench)
    return out


def format_table(results: dict[int, dict[str, float | int]], names: list[str]) -> str:
    """Return a text table: one row per measurement, one column per size (ms, queries as counts)."""
    sizes = list(results)
    width = max(len(n) for n in names) + 2
    lines = [f"{'methods':<{width}}" + "".join(f"{s:>12,}" for s in sizes)]
    for name in names:
        cells = []
        for size in sizes:
            value = results[size].get(name)
            cells.append(f"{'':>12}" if value is None else f"{value:>12}" if name in COUNTS else f"{value:>12.1f}")
        unit = "" if name in COUNTS else " ms"
        lines.append(f"{name + unit:<{width}}" + "".join(cells))
    return "\n".join(lines)


def warnings(results: dict[int, dict[str, float | int]]) -> list[str]:
    """Return the figures over their limits, and a query count that grows with size."""
    out = []
    largest = max(results)
    for name, limit in LIMITS_MS.items():
        value = results[largest].get(name)
        if value is not None and value > limit:
            out.append(f"{name} at {largest:,} methods: {value:.1f} ms > {limit:.0f} ms")
    counts = {r.get("load queries") for r in results.values()} - {None}
    if len(counts) > 1:
        out.append(f"load queries vary with size: {sorted(counts)}")
    return out


def parse_sizes(text: str) -> list[int]:
    """Parse "100,1000,5000"."""
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text}") from None
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table and write the JSON results."""
    known = [*TIMINGS, *COUNTS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=parse_sizes, default=list(DEFAULT_SIZES), help="methods per plan, e.g. 100,1000"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    parser.add_argument("--only", help=f"comma-separated measurements among: {', '.join(known)}")
    parser.add_argument("--output", type=Path, help="JSON file to write (default benchmarks/results/library.json)")
    args = parser.parse_args(argv)
    names = known if not args.only else [n.strip() for n in args.only.split(",")]
    unknown = [n for n in names if n not in known]
    if unknown or args.repeat < 1:
        parser.error(f"unknown measurement: {', '.join(unknown)}" if unknown else "--repeat must be at least 1")

    results: dict[int, dict[str, float | int]] = {}
    for size in args.sizes:
        print(f"{size:,} methods …", file=sys.stderr, flush=True)
        results[size] = run_size(size, args.repeat, names)
    print(format_table(results, names))
    for line in warnings(results):
        print(f"SLOW: {line}")

    record = {
        "repeat": args.repeat,
        "results": {str(size): {k: v for k, v in figures.items() if k in TIMINGS} for size, figures in results.items()},
        "counts": {str(size): {k: v for k, v in figures.items() if k in COUNTS} for size, figures in results.items()},
    }
    save_results("library", record, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())

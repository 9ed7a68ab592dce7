"""Time the review-cycle library on a synthetic 5,000-method plan: Excel export, packets, collection, calendar.

Run:  .venv/bin/python benchmarks/bench_review.py [--methods 5000] [--repeat 3] [--period 6]

The plan comes from common.make_plan_data (6 要項 × 4 重點, 1–3 of 4 units, review months from six
patterns), with progress recorded for about a third of the entries of the review month. Figures, in
milliseconds (best of --repeat):

- export xlsx: export_xlsx of the whole plan (normal openpyxl mode, styles copied, merges, atomic save);
- export xlsx + unit sheets: the same with one more sheet per unit;
- import xlsx: read_plan_file of that file (the round trip);
- packets xlsx / packets xlsx+docx: write_packets for the month, one per unit;
- collect check / collect apply: collect() of every packet, filled in for every row (dry run; and applying
  them as one undoable edit, undone between runs);
- build_calendar: build_calendar() with today in July, records() included.

Figures ending in "cpu" are the CPU time of this process (time.process_time) for the same work: on a shared,
loaded machine they show what the work costs without waiting for the processor.
Lines starting SLOW: name figures over their limits (export xlsx 5,000 ms, build_calendar 500 ms; issue 13:
forms out and collect for 5,000 methods each 3,000 ms).
Results go to benchmarks/results/review.json (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl
from common import AGENCY, UNITS, YEAR, best_of, make_plan_data, save_results

from planner.build import add_plan_from_data
from planner.calendar import build_calendar
from planner.export.xlsx import export_xlsx
from planner.importers import read_plan_file
from planner.packets import COL, collect, due_units, write_packets
from planner.steps import SetProgress
from planner.workspace import create_workspace

# Issue 13: forms out (xlsx + docx) and collect (check and apply) for a 5,000-method plan each within 3 s.
LIMITS = {
    "export xlsx": 5000.0,
    "build_calendar": 500.0,
    "packets xlsx+docx": 3000.0,
    "collect check": 3000.0,
    "collect apply": 3000.0,
}
STATUS_NAMES = ("未開始", "辦理中", "落後", "已完成", "不適用")


def fill_all(paths: list[Path]) -> int:
    """Fill every row of every packet like a unit would (落後 with its reasons); return the rows filled."""
    filled = 0
    for path in paths:
        wb = openpyxl.load_workbook(path)
        sheet = wb["填報表"]
        for r in range(6, sheet.max_row + 1):
            if sheet.cell(r, COL["node"]).value is None:
                continue
            status = STATUS_NAMES[r % len(STATUS_NAMES)]
            sheet.cell(r, COL["status"]).value = status
            sheet.cell(r, COL["text"]).value = f"第 {r} 列的執行情形，已依計畫辦理並檢討改進。"
            if status == "落後":
                sheet.cell(r, COL["reason"]).value = "廠商交貨延遲"
                sheet.cell(r, COL["measure"]).value = "改向其他廠商採購並追蹤進度"
            sheet.cell(r, COL["date"]).value = dt.date(YEAR + 1911, 6, 1 + r % 28)
            filled += 1
        wb.save(path)
    return filled


def best_cpu(repeat: int, fn: Any, before: Any = None) -> float:
    """Return the smallest CPU time of fn in milliseconds (this process only: robust on a shared, loaded machine)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return min(times)


def run(methods: int, repeat: int, period: int) -> dict[str, Any]:
    """Build the plan in a scratch folder and take every figure."""
    out: dict[str, Any] = {"methods": methods, "period": period}
    with tempfile.TemporaryDirectory(prefix="planner-bench-review-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
        try:
            plan = add_plan_from_data(ws, make_plan_data(methods))
            stamp = dt.datetime.now().isoformat(timespec="seconds")
            entries = [(d.method.id, u.id) for u, rows in due_units(ws, plan, period) for d in rows]
            with ws.edit("bench records") as tx:
                for k, (node_id, unit_id) in enumerate(entries):
                    if k % 3 == 0:
                        values = {"status": "doing", "text": "辦理中", "date": None, "updated": stamp}
                        tx.do(ws, SetProgress(plan.id, node_id, period, unit_id, values))
            ws.clear_history()
            out["due entries"] = len(entries)

            xlsx = folder / "plan.xlsx"
            out["export xlsx"] = best_of(repeat, lambda: export_xlsx(ws, plan, xlsx))
            out["xlsx KiB"] = xlsx.stat().st_size // 1024
            out["export xlsx + unit sheets"] = best_of(
                repeat, lambda: export_xlsx(ws, plan, folder / "units.xlsx", per_unit_sheets=True)
            )
            out["import xlsx"] = best_of(repeat, lambda: read_plan_file(xlsx))

            runs = iter(range(10_000))
            out["packets xlsx"] = best_of(
                repeat, lambda: write_packets(ws, plan, period, folder / f"x{next(runs)}", formats=["xlsx"])
            )
            out["packets xlsx+docx"] = best_of(
                repeat, lambda: write_packets(ws, plan, period, folder / f"b{next(runs)}")
            )
            out["packets xlsx+docx cpu"] = best_cpu(
                repeat, lambda: write_packets(ws, plan, period, folder / f"c{next(runs)}")
            )
            packets = folder / "packets"
            write_packets(ws, plan, period, packets)
            # Writing again into the same folder: every existing form is read back and kept (never overwritten).
            out["packets again (kept)"] = best_of(repeat, lambda: write_packets(ws, plan, period, packets))
            paths = sorted(packets.glob("*.xlsx"))
            out["packets"] = len(paths)
            out["rows filled"] = fill_all(paths)

            on_time = dt.date(YEAR + 1911, period, 1)  # before the round's deadline
            out["collect check"] = best_of(
                repeat, lambda: collect(ws, plan, period, paths, dry_run=True, today=on_time)
            )

            out["collect check cpu"] = best_cpu(
                repeat, lambda: collect(ws, plan, period, paths, dry_run=True, today=on_time)
            )

            def undo_all() -> None:
                while ws.undo_stack:
                    ws.undo()

            report: list[Any] = []
            out["collect apply"] = best_of(
                repeat, lambda: report.append(collect(ws, plan, period, paths, today=on_time)), undo_all
            )
            out["collect apply cpu"] = best_cpu(
                repeat, lambda: report.append(collect(ws, plan, period, paths, today=on_time)), undo_all
            )
            last = report[-1]
            out["records applied"] = len(last.applied)
            if not last.ok:
                print(last.summary()[:2000])
            today = dt.date(YEAR + 1911, 7, 15)
            out["build_calendar"] = best_of(repeat, lambda: build_calendar(ws, plan, today))
        finally:
            ws.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the figures and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000, help="methods in the synthetic plan (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    parser.add_argument("--period", type=int, default=6, help="review month of the packets (default 6)")
    args = parser.parse_args(argv)
    if args.methods < 1 or args.repeat < 1 or not 1 <= args.period <= 12:
        parser.error("--methods and --repeat must be positive, --period 1–12")
    result = run(args.methods, args.repeat, args.period)
    slow = False
    for key, value in result.items():
        if isinstance(value, float):
            print(f"{key + ' ms':<30}{value:>12,.1f}")
        else:
            print(f"{key:<30}{value:>12,}")
    for key, limit in LIMITS.items():
        if result[key] > limit:
            slow = True
            print(f"SLOW: {key} took {result[key]:,.0f} ms (limit {limit:,.0f} ms)")
    record = {"repeat": args.repeat, **{k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}}
    save_results("review", record)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

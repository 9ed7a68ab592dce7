"""Time the ODF text export (.odt) of a synthetic plan against our Word export (.docx) of the same plan.

Run:  .venv/bin/python benchmarks/bench_odf.py [--sizes 50,5000,50000] [--repeat 3]

For every size: export_odt and export_docx of the whole plan (selection, table, styles, atomic save), best of
--repeat, measured in the same run; the ratio odt/docx must stay ≤ 2 at 5,000 methods. The per-method time at
each size shows whether the export stays linear. Results go to benchmarks/results/odf.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, best_of, make_plan_data, save_results

from planner.build import add_plan_from_data
from planner.export.docx import export_docx
from planner.export.ods import export_ods
from planner.export.odt import export_odt
from planner.workspace import create_workspace

LIMIT_RATIO = 2.0
LIMIT_AT = 5000


def run(methods: int, repeat: int, with_ods: bool) -> dict[str, Any]:
    """Build the plan in a scratch folder and time both writers (and the .ods when asked)."""
    with tempfile.TemporaryDirectory(prefix="planner-bench-odf-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
        try:
            plan = add_plan_from_data(ws, make_plan_data(methods))
            odt = best_of(repeat, lambda: export_odt(ws, plan, folder / "plan.odt"))
            docx = best_of(repeat, lambda: export_docx(ws, plan, folder / "plan.docx"))
            ods = best_of(repeat, lambda: export_ods(ws, plan, folder / "plan.ods")) if with_ods else None
            sizes = {
                "odt_bytes": (folder / "plan.odt").stat().st_size,
                "docx_bytes": (folder / "plan.docx").stat().st_size,
            }
        finally:
            ws.close()
    out: dict[str, Any] = {
        "methods": methods,
        "export_odt_ms": round(odt, 1),
        "export_docx_ms": round(docx, 1),
        "ratio": round(odt / docx, 2),
        "odt_us_per_method": round(odt * 1000 / methods, 1),
        **sizes,
    }
    if ods is not None:
        out["export_ods_ms"] = round(ods, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000", help="comma-separated method counts (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    parser.add_argument("--ods", action="store_true", help="time the .ods export as well")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes numbers, e.g. 50,5000,50000")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("--sizes and --repeat must be positive")
    results = [run(n, args.repeat, args.ods) for n in sizes]
    rows = [
        ("methods", "methods", "{:,}"),
        ("(a) export_odt ms", "export_odt_ms", "{:.1f}"),
        ("(b) export_docx ms", "export_docx_ms", "{:.1f}"),
        ("ratio a/b", "ratio", "{:.2f}"),
        ("odt µs per method", "odt_us_per_method", "{:.1f}"),
        ("odt / docx KiB", None, ""),
    ]
    if args.ods:
        rows.insert(3, ("(c) export_ods ms", "export_ods_ms", "{:.1f}"))
    for label, key, fmt in rows:
        if key is None:
            cells = [f"{r['odt_bytes'] // 1024:,} / {r['docx_bytes'] // 1024:,}" for r in results]
        else:
            cells = [fmt.format(r[key]) for r in results]
        print(f"{label:<24}" + "".join(f"{c:>20}" for c in cells))
    slow = [r for r in results if r["methods"] >= LIMIT_AT and r["ratio"] > LIMIT_RATIO]
    for r in slow:
        print(
            f"SLOW: export_odt takes {r['ratio']:.2f}× export_docx at {r['methods']:,} methods"
            f" (limit {LIMIT_RATIO:.0f}×)"
        )
    save_results("odf", {"repeat": args.repeat, "limit_ratio": LIMIT_RATIO, "results": results})
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

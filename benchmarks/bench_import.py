"""Time importing a synthetic 5,000-method plan from Word against exporting it, in the same run.

Run:  .venv/bin/python benchmarks/bench_import.py [--methods 5000] [--repeat 3]

(a) export_docx of the whole plan (the .docx the import then reads);
(b) read_plan_file of that .docx (checks, XML walk, levels, units, months);
(c) apply_import into a fresh workspace with the same units (one undoable edit, written to SQLite);
import = (b) + (c). The three run in turn, --repeat rounds, and each figure is its best round (a machine busy
with something else slows both sides alike); import / export must stay ≤ 2.
The imported plan is checked to have the same counts per level as the exported one.
Results go to benchmarks/results/import.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, make_plan_data, save_results, timed

from planner.build import add_plan_from_data
from planner.export.docx import export_docx
from planner.importers import ImportResult, apply_import, read_plan_file
from planner.workspace import create_workspace

LIMIT_RATIO = 2.0


def run(methods: int, repeat: int) -> dict[str, Any]:
    """Export, read and apply in turn, --repeat rounds (so a busy machine slows both sides alike); best of each."""
    exports: list[float] = []
    reads: list[float] = []
    applies: list[float] = []
    with tempfile.TemporaryDirectory(prefix="planner-bench-import-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "source.planner", AGENCY, UNITS)
        try:
            plan = add_plan_from_data(ws, make_plan_data(methods))
            counts = plan.counts()
            target = folder / "plan.docx"
            for k in range(repeat):
                exports.append(timed(lambda: export_docx(ws, plan, target)))
                results: list[ImportResult] = []
                reads.append(timed(lambda out=results: out.append(read_plan_file(target))))
                result = results[0]
                dest = create_workspace(folder / f"import-{k}.planner", AGENCY, UNITS)
                try:
                    imported: list[Any] = []
                    applies.append(timed(lambda d=dest, r=result, out=imported: out.append(apply_import(d, r))))
                    if imported[0].counts() != counts:
                        raise SystemExit(f"imported counts {imported[0].counts()} differ from exported {counts}")
                finally:
                    dest.close()
            size = target.stat().st_size
        finally:
            ws.close()
    export, read, apply = min(exports), min(reads), min(applies)
    total = read + apply
    return {
        "methods": methods,
        "counts": {"items": counts[1], "focuses": counts[2], "methods": counts[3]},
        "docx_bytes": size,
        "warnings": len(result.warnings),
        "export_docx_ms": round(export, 1),
        "read_plan_file_ms": round(read, 1),
        "apply_import_ms": round(apply, 1),
        "import_ms": round(total, 1),
        "ratio": round(total / export, 2),
        "limit_ratio": LIMIT_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000, help="methods in the synthetic plan (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    args = parser.parse_args(argv)
    if args.methods < 1 or args.repeat < 1:
        parser.error("--methods and --repeat must be positive")
    r = run(args.methods, args.repeat)
    print(f"{'methods':<28}{r['methods']:>12,}")
    print(f"{'.docx size (KiB)':<28}{r['docx_bytes'] // 1024:>12,}")
    print(f"{'(a) export_docx ms':<28}{r['export_docx_ms']:>12.1f}")
    print(f"{'(b) read_plan_file ms':<28}{r['read_plan_file_ms']:>12.1f}")
    print(f"{'(c) apply_import ms':<28}{r['apply_import_ms']:>12.1f}")
    print(f"{'import (b)+(c) ms':<28}{r['import_ms']:>12.1f}")
    print(f"{'ratio import/export':<28}{r['ratio']:>12.2f}   (limit {LIMIT_RATIO:.0f}×)")
    print(f"{'import warnings':<28}{r['warnings']:>12}")
    slow = r["ratio"] > LIMIT_RATIO
    if slow:
        print(f"SLOW: importing takes {r['ratio']:.2f}× the export (limit {LIMIT_RATIO:.0f}×)")
    save_results("import", {"repeat": args.repeat, **r})
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

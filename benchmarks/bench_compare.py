"""Time comparing two 5,000-method plans: a copy-year copy (source links) and two imported plans (no links).

Run:  .venv/bin/python benchmarks/bench_compare.py [--methods 5000] [--repeat 3]

The old plan comes from common.make_plan_data. The new plan gets known edits on about 10 % of its methods:
every 20th reworded (a few characters changed), every 40th given other months, every 50th deleted,
every 60th moved to the next 重點, and one new method per 重點. Figures, in milliseconds (best of --repeat):

- compare linked: compare_plans on the copy-year copy (pairs by Node.source_id);
- compare imported: compare_plans on the same two plans built from data (no links: exact text, then fuzzy
  among the leftovers within the same parent first);
- compare unrelated: two plans with different seeds (nearly every node a leftover: the bounded fuzzy pass);
- 對照表 docx: write_revision_table of the imported comparison.

Lines starting SLOW: name figures over their limits (1,000 ms for each compare).
Results go to benchmarks/results/compare.json (git-ignored).
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, YEAR, best_of, make_plan_data, save_results

from planner import operations as ops
from planner.build import add_plan_from_data
from planner.compare import compare_plans
from planner.plans import copy_plan_to_year
from planner.workspace import create_workspace

LIMITS = {"compare linked": 1000.0, "compare imported": 1000.0, "compare unrelated": 1000.0}


def edit_data(data: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of plan data with the known edits applied (see the module docstring)."""
    out = copy.deepcopy(data)
    out["year"] = data["year"] + 1
    focuses = [f for item in out["items"] for f in item["focuses"]]
    k = 0
    moving: list[tuple[int, dict[str, Any]]] = []
    for fi, focus in enumerate(focuses):
        kept = []
        for method in focus["methods"]:
            k += 1
            if k % 50 == 0:
                continue
            if k % 60 == 0:
                moving.append((fi, method))
                continue
            if k % 20 == 0:
                method["title"] = method["title"][:-2] + "精進"
            if k % 40 == 0:
                method["months"] = [3, 9]
            kept.append(method)
        kept.append({"title": f"新增方法{fi}", "body": "本年度新增的做法。", "units": [UNITS[0]], "months": [6]})
        focus["methods"] = kept
    for fi, method in moving:
        focuses[(fi + 1) % len(focuses)]["methods"].insert(0, method)
    return out


def apply_to_copy(ws: Any, plan: Any) -> None:
    """Make edits like edit_data's on a copied plan, through the editing operations."""
    methods = plan.methods()
    for k, method in enumerate(methods, start=1):
        if k % 20 == 0:
            ops.set_fields(ws, plan, method.id, title=method.title[:-2] + "精進")
        if k % 40 == 0:
            ops.set_months(ws, plan, method.id, [3, 9])
    ops.delete_nodes(ws, plan, [m.id for k, m in enumerate(methods, start=1) if k % 50 == 0])
    focuses = [n for n in plan.walk() if n.level == 2]
    for k, method in enumerate(methods, start=1):
        if k % 60 == 0 and k % 50 != 0:
            target = focuses[(focuses.index(method.parent) + 1) % len(focuses)]
            ops.move_node(ws, plan, method.id, target.id, 0)
    for fi, focus in enumerate(focuses):
        ops.add_node(ws, plan, focus.id, None, title=f"新增方法{fi}", body="本年度新增的做法。")


def run(methods: int, repeat: int) -> dict[str, Any]:
    """Build the plans in a scratch folder and take every figure."""
    from planner.compare.table import write_revision_table

    out: dict[str, Any] = {"methods": methods}
    with tempfile.TemporaryDirectory(prefix="planner-bench-compare-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
        try:
            data = make_plan_data(methods)
            old = add_plan_from_data(ws, data)
            linked = copy_plan_to_year(ws, YEAR, YEAR + 1)
            apply_to_copy(ws, linked)
            ws.clear_history()
            result: list[Any] = []
            out["compare linked"] = best_of(repeat, lambda: result.append(compare_plans(ws, old, linked)))
            out["linked counts"] = str(result[-1].counts())

            imported = add_plan_from_data(ws, edit_data(data) | {"year": YEAR + 2})
            out["compare imported"] = best_of(repeat, lambda: result.append(compare_plans(ws, old, imported)))
            cmp = result[-1]
            out["imported counts"] = str(cmp.counts())

            other = add_plan_from_data(ws, make_plan_data(methods, seed=7) | {"year": YEAR + 3})
            out["compare unrelated"] = best_of(repeat, lambda: result.append(compare_plans(ws, old, other)))
            out["unrelated counts"] = str(result[-1].counts())

            target = folder / "修正對照表.docx"
            out["對照表 docx"] = best_of(repeat, lambda: write_revision_table(ws, cmp, target))
            out["對照表 rows"] = len(cmp.changed())
        finally:
            ws.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the figures and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000, help="methods in each plan (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    args = parser.parse_args(argv)
    if args.methods < 24 or args.repeat < 1:
        parser.error("--methods must be at least 24 (one per 重點), --repeat positive")
    result = run(args.methods, args.repeat)
    slow = False
    for key, value in result.items():
        if isinstance(value, float):
            print(f"{key + ' ms':<30}{value:>12,.1f}")
        else:
            print(f"{key:<30}{value}")
    for key, limit in LIMITS.items():
        if result[key] > limit:
            slow = True
            print(f"SLOW: {key} took {result[key]:,.0f} ms (limit {limit:,.0f} ms)")
    record = {"repeat": args.repeat, **{k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}}
    save_results("compare", record)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

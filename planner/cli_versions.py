"""Command-line parts for plan versions: the versions command and the version sides of compare."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import BadInput

if TYPE_CHECKING:  # the compare and versions modules load when a command runs, not at start
    from planner.compare import Comparison
    from planner.workspace import Workspace

_SIDE = re.compile(r"^\s*(\d{1,3})\s*(?:@\s*(\d{1,4}))?\s*$")


def side(text: str) -> tuple[int, int | None]:
    """Parse a compare side: 「115」 (the plan as it is) or 「115@1」 (its version 1)."""
    match = _SIDE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"年度不正確：「{text}」（寫成 115，或 115@1 表示第 1 版）")
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def side_name(year: int, seq: int | None) -> str:
    """Return 「115」 or 「115@1」."""
    return f"{year}" if seq is None else f"{year}@{seq}"


def compare_sides(
    ws: Workspace, source: tuple[int, int | None], target: tuple[int, int | None], threshold: float
) -> Comparison:
    """Compare two years, or versions of them (see planner.versions.compare_sides)."""
    from planner.versions import compare_sides as compare

    return compare(ws, source, target, threshold)


def add_compare_arguments(p: argparse.ArgumentParser) -> None:
    """Add --from/--to (year or year@version) and --version-from/--version-to to the compare command."""
    p.add_argument("--from", dest="source", type=side, required=True, help="現行（舊）年度；115@1 表示該年度的第 1 版")
    p.add_argument("--to", dest="target", type=side, required=True, help="修正（新）年度；115@2 表示該年度的第 2 版")
    p.add_argument("--version-from", type=int, metavar="N", help="來源用第 N 版（同 --from 年度@N）")
    p.add_argument("--version-to", type=int, metavar="N", help="目標用第 N 版（同 --to 年度@N）")


def compare_targets(args: argparse.Namespace) -> tuple[tuple[int, int | None], tuple[int, int | None]]:
    """Return the two sides of compare, --version-from/--version-to folded in."""
    source, target = args.source, args.target
    if args.version_from is not None:
        source = (source[0], args.version_from)
    if args.version_to is not None:
        target = (target[0], args.version_to)
    return source, target


def cmd_versions(
    args: argparse.Namespace,
    open_for_reading: Callable[[Path], Workspace],
    open_for_writing: Callable[[argparse.Namespace], Workspace],
    emit: Callable[[Any], None],
) -> int:
    """List a plan's versions, or finalize it first (--finalize --date --doc)."""
    from planner.versions import finalize_plan, plan_versions

    if args.finalize:
        if not args.date or not args.doc:
            raise BadInput("--finalize 需要同時指定 --date（民國年/月/日）與 --doc（文號）。")
        with open_for_writing(args) as ws:
            made = finalize_plan(ws, ws.plan(args.year), args.date, args.doc)
        print(f"{args.year} 年度計畫已{made.kind}：第 {made.seq} 版（{made.date} {made.doc_number}）")
    elif args.date or args.doc:
        raise BadInput("--date 與 --doc 只能和 --finalize 一起使用。")
    with open_for_reading(args.workspace) as ws:
        versions = plan_versions(ws, ws.plan(args.year))
        if args.json:
            emit([{"seq": v.seq, "kind": v.kind, "date": v.date, "doc": v.doc_number, "id": v.id} for v in versions])
        elif not versions:
            print(f"{args.year} 年度計畫尚未定稿。")
        else:
            for v in versions:
                print(f"{v.seq}\t{v.label}\t{v.date}\t{v.doc_number}")
    return 0


def add_versions_command(
    add: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser],
    open_for_reading: Callable[[Path], Workspace],
    open_for_writing: Callable[[argparse.Namespace], Workspace],
    emit: Callable[[Any], None],
    take_over_help: str,
) -> None:
    """Register the versions command."""
    p = add(
        "versions",
        lambda args: cmd_versions(args, open_for_reading, open_for_writing, emit),
        "列出計畫的定稿與修正版本；--finalize 以日期與文號定稿",
    )
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--finalize", action="store_true", help="把計畫目前的內容定稿（之後的修改是修正草案）")
    p.add_argument("--date", help="定稿日期（民國年/月/日，例如 115/01/20）")
    p.add_argument("--doc", help="文號，例如 星圖秘字第1150001號")
    p.add_argument("--json", action="store_true", help="以 JSON 輸出")
    p.add_argument("--take-over", action="store_true", help=take_over_help)

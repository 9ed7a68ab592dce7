"""planner-cli: work with a workspace from the command line.

Exit codes: 0 done, 1 findings (check found errors), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from planner import __version__
from planner.check import SEVERITY_NAMES, check_plan, has_errors
from planner.cli_import import add_import_arguments, describe
from planner.cli_text import use_chinese_messages
from planner.cli_versions import add_compare_arguments, add_versions_command
from planner.demo import write_demo
from planner.errors import BadInput, PlannerError, WorkspaceLocked
from planner.export.scope import Scope, scope_for
from planner.importers.safety import IMPORT_SUFFIXES
from planner.model import Plan
from planner.numerals import months_text
from planner.plans import copy_plan_to_year
from planner.show import plan_to_dict
from planner.store import files, lock
from planner.store.migrations import LATEST
from planner.workspace import Workspace, create_workspace, open_workspace

log = logging.getLogger(__name__)

OK, FINDINGS, BAD = 0, 1, 2
TAKE_OVER_HELP = "工作區的鎖定檔無法辨識或屬於另一台電腦時，確定沒有人在編輯，就接管它"


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are Chinese and exit with 2."""

    def error(self, message: str) -> NoReturn:
        """Print usage and a Chinese error, exit 2."""
        self.print_usage(sys.stderr)
        self.exit(BAD, f"{self.prog}：用法錯誤：{message}\n")


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def _open_for_reading(path: Path) -> Workspace:
    """Open without writing when possible (read-only), else normally to migrate an old file."""
    version = files.probe(path)
    if version < LATEST:
        return open_workspace(path)
    return open_workspace(path, read_only=True)


def _open_for_writing(args: argparse.Namespace) -> Workspace:
    """Open for editing; --take-over replaces a lock the user says nobody uses (issue 16)."""
    return open_workspace(args.workspace, take_over=getattr(args, "take_over", False))


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo workspace."""
    ws = write_demo(args.workspace)
    years = ws.years()
    ws.close()
    print(f"已建立示範工作區：{args.workspace}（計畫年度：{'、'.join(map(str, years))}）")
    return OK


def cmd_new(args: argparse.Namespace) -> int:
    """Create an empty workspace."""
    units = [u for u in (args.units or "").replace("，", ",").replace("、", ",").split(",") if u.strip()]
    if not args.agency.strip():
        raise BadInput("機關名稱不能空白。")
    ws = create_workspace(args.workspace, agency=args.agency, units=units)
    ws.close()
    print(f"已建立工作區：{args.workspace}（{args.agency.strip()}，{len(units)} 個單位）")
    return OK


def cmd_plans(args: argparse.Namespace) -> int:
    """List the plans of a workspace."""
    with _open_for_reading(args.workspace) as ws:
        infos = ws.plan_infos()
        if args.json:
            _emit(
                {
                    "agency": ws.agency,
                    "units": [u.name for u in ws.units()],
                    "plans": [{"year": i.year, "title": i.title, "methods": i.methods} for i in infos],
                }
            )
        elif not infos:
            print("工作區中還沒有計畫。")
        else:
            for info in infos:
                print(f"{info.year}\t{info.title}\t{info.methods} 個方法")
    return OK


def _outline(ws: Workspace, plan: Plan) -> str:
    lines = [f"{plan.agency or ws.agency} {plan.title}"]
    if plan.issued:
        lines.append(plan.issued)
    for section in plan.sections:
        lines.append(f"{plan.section_label(section)}{section.heading}")
        lines.extend("  " + t for t in section.text.splitlines())
    lines.append("")
    labels = plan.numbering()
    for node in plan.walk():
        indent = "  " * (node.level - 1)
        line = f"{indent}{labels[node.id]}{node.title}"
        if node.is_method:
            extra = "、".join(ws.unit_names(node.units, plan.year))
            months = months_text(node.months)
            line += f"  〔{extra or '未指定單位'}〕" + (f"〔{months}〕" if months else "")
        lines.append(line)
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    """Print a plan."""
    with _open_for_reading(args.workspace) as ws:
        plan = ws.plan(args.year)
        if args.json:
            _emit(plan_to_dict(ws, plan))
        else:
            print(_outline(ws, plan))
    return OK


def cmd_copy_year(args: argparse.Namespace) -> int:
    """Copy a plan to a new year."""
    with _open_for_reading(args.workspace) as ws:  # refuse bad years before writing anything
        ws.plan(args.source)
        if ws.has_plan(args.target):
            raise BadInput(f"{args.target} 年度的計畫已經存在，無法複製到該年度。")
    with _open_for_writing(args) as ws:
        plan = copy_plan_to_year(ws, args.source, args.target)
        counts = plan.counts()
    print(f"已將 {args.source} 年度計畫複製為 {args.target} 年度（{counts[3]} 個方法）。")
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a plan; report (and with --repair mend) a damaged tree first."""
    from planner.check_damage import damage_findings, repair_year

    if args.repair:
        with _open_for_writing(args) as ws:
            print(repair_year(ws, args.year))
    with _open_for_reading(args.workspace) as ws:
        findings = damage_findings(ws, args.year) or check_plan(ws, ws.plan(args.year))
    if args.json:
        _emit({"year": args.year, "errors": has_errors(findings), "findings": [f.to_dict() for f in findings]})
    elif not findings:
        print(f"{args.year} 年度計畫檢查完成，沒有發現問題。")
    else:
        for f in findings:
            where = f"{f.where}：" if f.where else ""
            print(f"[{SEVERITY_NAMES[f.severity]}] {where}{f.message}")
    return FINDINGS if has_errors(findings) else OK


def _export_docx(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    from planner.export.docx import export_docx

    return export_docx(ws, plan, output, scope)


def _export_xlsx(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    from planner.export.xlsx import export_xlsx

    return export_xlsx(ws, plan, output, scope, paged=True)


def _export_odt(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    from planner.export.odt import export_odt

    return export_odt(ws, plan, output, scope)


def _export_ods(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    from planner.export.ods import export_ods

    return export_ods(ws, plan, output, scope)


def _export_ics(ws: Workspace, plan: Plan, scope: Scope, output: Path) -> Path:
    from planner.export.ics import export_ics

    return export_ics(ws, plan, output, scope)


# Export formats: name -> exporter(ws, plan, scope, output) -> written path. The GUI package
# adds the formats that need Qt (PDF) by passing its own exporters to main().
Exporter = Callable[[Workspace, Plan, Scope, Path], Path]
EXPORTERS: dict[str, Exporter] = {
    "docx": _export_docx,
    "xlsx": _export_xlsx,
    "odt": _export_odt,
    "ods": _export_ods,
    "ics": _export_ics,
}


def cmd_export(args: argparse.Namespace) -> int:
    """Export a plan to a document."""
    exporter = args.exporters.get(args.format)
    if exporter is None:
        raise BadInput(f"這個版本不支援匯出 {args.format} 格式（可用：{'、'.join(args.exporters)}）。")
    with _open_for_reading(args.workspace) as ws:
        plan = ws.plan(args.year)
        scope = scope_for(ws, plan, unit=args.unit, item=args.item)
        out = exporter(ws, plan, scope, args.output)
    print(f"已匯出：{out}")
    return OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import a plan from a plan file, with the corrections given, creating the workspace when it does not exist."""
    from planner.cli_import import parse_fixes, parse_options
    from planner.importers import apply_import, read_plan_file
    from planner.importers.unit_fixes import check_fixes, corrected_names, fix_units, is_corrected, remembered

    options, explicit = parse_options(args), parse_fixes(args)  # bad values are refused before anything is read
    result = read_plan_file(args.file, options)  # read and check the file before touching the workspace
    check_fixes(result, explicit)
    created = not args.workspace.exists()
    if created:
        ws = create_workspace(args.workspace, agency=result.data.get("agency") or "")
    else:
        ws = _open_for_writing(args)
    try:
        with ws:
            fixes = explicit if args.no_remembered else remembered(ws).only(result.unit_names).merged(explicit)
            fixed = fix_units(result, fixes)
            added = [n for n in fixed.unit_names if ws.unit_by_name(n) is None]
            plan = apply_import(ws, result, year=args.year, fixes=fixes, remember=True)
            counts = plan.counts()
    except PlannerError:
        if created:  # leave nothing behind when the import into a new workspace failed
            args.workspace.unlink(missing_ok=True)
        raise
    if args.json:
        _emit({**fixed.to_dict(), "file_unit_names": result.unit_names, "year": plan.year, "new_units": added})
    else:
        print(f"已匯入 {plan.year} 年度計畫：要項 {counts[1]}、重點 {counts[2]}、方法 {counts[3]}。")
        if added:
            print(f"新增單位：{'、'.join(added)}")
        if not fixes.is_empty():
            print(f"單位修正：{describe(fixes, result.unit_names)}")
        done = corrected_names(result, fixes)
        for warning in result.warnings:
            print(f"[已修正] {warning}" if is_corrected(warning, done) else f"[警告] {warning}")
    return OK


def cmd_packets(args: argparse.Namespace) -> int:
    """Write the review packets of a month, one per unit."""
    from planner.packets import write_packets

    with _open_for_reading(args.workspace) as ws:
        plan = ws.plan(args.year)
        formats = args.formats or ("xlsx", "docx")
        written = write_packets(ws, plan, args.period, args.output, formats=formats, force=args.force)
    for path in written:
        print(f"已產生：{path}")
    for kept in written.kept:
        why = "已填寫、尚未收回，保留不覆蓋" if kept.state == "pending" else "內容已是最新，未重新產生"
        print(f"保留：{kept.path}（{why}）")
    print(f"{args.year} 年度 {args.period}月 執行情形填報表共 {len(written)} 個檔案。")
    return OK


def cmd_collect(args: argparse.Namespace) -> int:
    """Collect returned packets: check them all read-only first, then apply them as one edit."""
    from planner.packets import collect
    from planner.packets.collect import expand_paths

    paths = expand_paths(args.files)
    with _open_for_reading(args.workspace) as ws:
        report = collect(ws, ws.plan(args.year), args.period, paths, dry_run=True, overwrite=args.overwrite)
    report.dry_run = args.dry_run
    if report.ok and report.applied and not args.dry_run:
        with _open_for_writing(args) as ws:
            report = collect(ws, ws.plan(args.year), args.period, paths, overwrite=args.overwrite)
    if args.json:
        _emit(report.to_dict())
    else:
        print(report.summary())
    return OK if report.ok else FINDINGS


def cmd_summary(args: argparse.Namespace) -> int:
    """Write the month's 執行情形總表."""
    from planner.packets import export_summary

    with _open_for_reading(args.workspace) as ws:
        out = export_summary(ws, ws.plan(args.year), args.period, args.output)
    print(f"已匯出：{out}")
    return OK


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare two years' plans; optionally write the 修正對照表."""
    from planner.cli_versions import compare_sides, compare_targets, side_name
    from planner.compare.diff import FIELD_NAMES
    from planner.compare.table import notes_from_file, set_notes, write_revision_table

    if args.output is not None and args.output.suffix.lower() not in (".docx", ".odt"):
        raise BadInput(f"修正對照表只能輸出為 .docx 或 .odt：{args.output.name}")
    if args.keep_notes and not args.notes:
        raise BadInput("--keep-notes 需要同時以 --notes 指定說明檔。")
    with open_workspace(args.workspace) if args.keep_notes else _open_for_reading(args.workspace) as ws:
        source, target = compare_targets(args)
        cmp = compare_sides(ws, source, target, args.threshold)
        notes = notes_from_file(cmp, args.notes) if args.notes else None
        if args.keep_notes and notes:
            set_notes(ws, cmp, notes)
        written = write_revision_table(ws, cmp, args.output, notes) if args.output else None
    if args.json:
        _emit(cmp.to_dict())
    else:
        counts = "、".join(f"{k} {v}" for k, v in cmp.counts().items())
        print(f"{side_name(*source)} → {side_name(*target)} 年度（文字相似度門檻 {cmp.threshold:g}）：{counts}")
        for change in cmp.changed():
            side = change.side
            head = (side.node.title or side.node.body).split("\n", 1)[0][:30]
            fields = "、".join(FIELD_NAMES[f] for f in change.fields)
            print(f"[{change.kind}] {change.number}{head}" + (f"（{fields}）" if fields else ""))
    if written is not None:
        print(f"已匯出修正對照表：{written}", file=sys.stderr if args.json else sys.stdout)
    return OK


def _threshold(text: str) -> float:
    """Parse --threshold: a number from 0 to 100."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"門檻必須是 0 到 100 的數字：{text}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"門檻必須是 0 到 100 的數字：{text}")
    return value


def cmd_remind(args: argparse.Namespace) -> int:
    """Write the 催辦單 of a review round, one per unit that still owes replies."""
    from planner.packets.remind import write_reminders

    with _open_for_reading(args.workspace) as ws:
        written = write_reminders(ws, ws.plan(args.year), args.period, args.output)
    for path in written:
        print(f"已產生：{path}")
    print(f"{args.year} 年度 {args.period}月 催辦單共 {len(written)} 份。")
    return OK


def build_parser(exporters: Mapping[str, Exporter] | None = None) -> Parser:
    """Return the argument parser."""
    use_chinese_messages()
    exporters = {**EXPORTERS, **(exporters or {})}
    parser = Parser(prog="planner-cli", description="提升服務計畫編輯器：命令列工具")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="顯示版本後結束")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="命令")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> Parser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("workspace", type=Path, metavar="WS", help="工作區檔案")
        p.set_defaults(func=func)
        return p

    add("demo", cmd_demo, "建立示範工作區")
    p = add("new", cmd_new, "建立新的空白工作區")
    p.add_argument("--agency", required=True, help="機關全銜")
    p.add_argument("--units", help="單位名稱，以逗號分隔，例如 行政課,教務課")
    p = add("plans", cmd_plans, "列出工作區中的計畫")
    p.add_argument("--json", action="store_true", help="以 JSON 輸出")
    p = add("show", cmd_show, "顯示一個年度的計畫")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--json", action="store_true", help="以 JSON 輸出")
    p = add("copy-year", cmd_copy_year, "把計畫複製到新的年度")
    p.add_argument("--from", dest="source", type=int, required=True, help="來源年度")
    p.add_argument("--to", dest="target", type=int, required=True, help="新年度")
    p.add_argument("--take-over", action="store_true", help=TAKE_OVER_HELP)
    p = add("check", cmd_check, "檢查計畫內容")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--json", action="store_true", help="以 JSON 輸出")
    p.add_argument("--repair", action="store_true", help="修復損壞的樹狀資料（找不到位置的項目集中到「待整理」）")
    p.add_argument("--take-over", action="store_true", help=TAKE_OVER_HELP)
    p = add("import", cmd_import, "由 Word、Excel、OpenDocument 或 PDF 檔匯入計畫（工作區不存在時會建立）")
    p.add_argument("file", type=Path, metavar="FILE", help=f"去年的計畫檔（{' '.join(IMPORT_SUFFIXES)}）")
    p.add_argument("--year", type=int, help="匯入為哪個民國年度（預設：檔案中的年度）")
    add_import_arguments(p)
    p.add_argument("--json", action="store_true", help="以 JSON 輸出摘要")
    p.add_argument("--take-over", action="store_true", help=TAKE_OVER_HELP)
    p = add("export", cmd_export, "匯出計畫文件")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--format", choices=sorted(exporters), required=True, help="輸出格式")
    p.add_argument("--unit", help="只匯出這個單位負責的方法")
    p.add_argument("--item", type=int, help="只匯出第 N 個有編號的要項（3 = 三、）")
    p.add_argument("-o", "--output", type=Path, required=True, help="輸出檔案")
    p.set_defaults(exporters=exporters)
    p = add("packets", cmd_packets, "產生某個查核月份各單位的執行情形填報表")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--period", type=int, required=True, help="查核月份（1–12）")
    p.add_argument("--format", dest="formats", action="append", choices=["xlsx", "docx"], help="只產生這種格式")
    p.add_argument("-o", "--output", type=Path, required=True, help="輸出資料夾")
    p.add_argument("--force", action="store_true", help="資料夾中已填寫、尚未收回的填報表保留不動，只產生其餘的")
    p = add("collect", cmd_collect, "收回填妥的執行情形填報表（全部檢查無誤才一次寫入）")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--period", type=int, required=True, help="查核月份（1–12）")
    p.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="填妥的填報表（.xlsx），或資料夾（其中所有 .xlsx）"
    )
    p.add_argument("--dry-run", action="store_true", help="只檢查，不寫入")
    p.add_argument("--overwrite", action="store_true", help="填報表產生後在程式中修改過的紀錄，以填報表覆蓋")
    p.add_argument("--json", action="store_true", help="以 JSON 輸出報告")
    p.add_argument("--take-over", action="store_true", help=TAKE_OVER_HELP)
    p = add("summary", cmd_summary, "匯出某個查核月份的執行情形總表（.xlsx、.docx 或 .ods）")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--period", type=int, required=True, help="查核月份（1–12）")
    p.add_argument("-o", "--output", type=Path, required=True, help="輸出檔案（.xlsx、.docx 或 .ods）")
    p = add("compare", cmd_compare, "比較兩個年度的計畫（延續、修正、新增、刪除、移動），可匯出修正對照表")
    add_compare_arguments(p)
    p.add_argument("--threshold", type=_threshold, default=80.0, help="沒有複製來源時的文字相似度門檻 0–100（預設 80）")
    p.add_argument("--notes", type=Path, help='說明檔（JSON：{"三、(二)2.": "說明文字"}），覆蓋預設說明')
    p.add_argument("--keep-notes", action="store_true", help="把說明檔的說明存入工作區（之後的對照表沿用）")
    p.add_argument("-o", "--output", type=Path, help="輸出修正對照表（.docx 或 .odt）")
    p.add_argument("--json", action="store_true", help="以 JSON 輸出")
    add_versions_command(add, _open_for_reading, _open_for_writing, _emit, TAKE_OVER_HELP)
    p = add("remind", cmd_remind, "產生某個查核月份的催辦單（每個尚有未填報方法的單位一份 Word 檔）")
    p.add_argument("--year", type=int, required=True, help="民國年度")
    p.add_argument("--period", type=int, required=True, help="查核月份（1–12）")
    p.add_argument("-o", "--output", type=Path, required=True, help="輸出資料夾")
    return parser


def main(argv: list[str] | None = None, exporters: Mapping[str, Exporter] | None = None) -> int:
    """Run planner-cli with extra export formats; return the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser(exporters)
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe (`show | head`) shows here, not at exit
        return code
    except PlannerError as exc:
        print(f"錯誤：{exc}{_hint(exc)}", file=sys.stderr)
        return BAD
    except BrokenPipeError:
        # The reader went away: stop quietly and keep the interpreter's final flush from failing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def _hint(exc: PlannerError) -> str:
    """Return what a locked workspace lets the user do from the command line."""
    if not isinstance(exc, WorkspaceLocked):
        return ""
    if lock.can_take_over(exc.holder):
        return "\n若確定沒有人正在編輯這個工作區，可加上 --take-over 接管；show、check、export 等命令可照常使用。"
    return "\nshow、check、export 等不修改檔案的命令可照常使用。"


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()

"""Collecting returned packets: validate everything first, then apply all records as ONE undoable edit, or nothing."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from planner.errors import BadInput, OperationRefused
from planner.model import Plan
from planner.numerals import METHOD, roc_to_ad
from planner.packets.constants import STATUS_LIST
from planner.packets.due import check_period, due_rows, owes, shared_for
from planner.packets.identity import row_check, same_code
from planner.packets.parse import parse_date, parse_status
from planner.packets.read import PacketData, PacketRow, read_packet
from planner.packets.report import CollectReport, Entry, Problem
from planner.packets.secret import packet_key
from planner.packets.texts import date_example, method_path
from planner.progress import Record, check_key, locked_periods, records
from planner.review import Note, progress_notes, reason_problem
from planner.rounds import review_round
from planner.steps.review import SetRecords
from planner.workspace import Workspace

log = logging.getLogger(__name__)


def _today() -> dt.date:
    """Return the date collection counts 逾期 from (tests pin it)."""
    return dt.date.today()


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Return the files to collect: files as given, a folder as every .xlsx in it (by name; no temp ~$ files)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and p.is_file() and not p.name.startswith("~$")
            )
            if not found:
                raise BadInput(f"資料夾「{path}」中沒有 Excel 填報表（.xlsx）。")
            out += found
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def _check_packet(
    ws: Workspace, plan: Plan, period: int, data: PacketData, report: CollectReport, key: bytes, overdue: bool
) -> list[Entry]:
    """Validate one packet against the plan; add its errors and warnings; return its rows as entries."""
    name = data.name
    errors = report.errors

    def error(message: str, row: int | None = None, method: str = "") -> None:
        errors.append(Problem(name, message, row, method))

    if not data.sealed:
        error("識別資料遭到修改或已損壞，無法確認這份填報表的來源；請重新產生填報表。")
        return []
    if data.plan_id != plan.id or data.year != plan.year:
        error(
            f"這份填報表屬於 {data.year} 年度計畫（計畫編號 {data.plan_id}），"
            f"不是目前的 {plan.year} 年度計畫；計畫重新匯入或複製後，請重新產生填報表。"
        )
        return []
    if data.period != period:
        error(f"這是 {data.period}月的填報表，不是 {period}月的。")
        return []
    try:
        unit = ws.unit(data.unit_id)
    except KeyError:
        error(f"填報單位「{data.unit}」已不在工作區中。")
        return []
    if unit.name != data.unit:
        report.warnings.append(Problem(name, f"填報單位「{data.unit}」已更名為「{unit.name}」。"))
    labels = plan.numbering()
    ad_year = roc_to_ad(plan.year)
    expected = {e.node_id: e for e in data.expected}
    if len(expected) != len(data.expected):
        error("識別資料中有重複的方法，無法確認這份填報表的來源。")
        return []
    seen: dict[int, PacketRow] = {}
    broken: set[int] = set()  # form rows whose identification was changed
    entries: list[Entry] = []
    for row in data.rows:
        if row.node_id is None:
            error("這一列是新增的，或識別碼已被刪除（填報表不能增加列）。", row.row)
            continue
        if not same_code(row.check, row_check(key, plan.id, period, unit.id, row.node_id, row.cells)):
            error(
                f"識別碼（{row.node_id}）、檢查碼或鎖定的欄位（項次、工作要項、工作重點、工作方法、衡量指標、目標值）已被修改；"
                "填報表只能填寫辦理狀態、執行情形、落後原因、因應對策、完成日期與實際值。",
                row.row,
            )
            broken.add(row.row)
            continue
        if row.node_id not in expected:
            error(f"這一列（識別碼 {row.node_id}）不在原本的填報表中。", row.row)
            broken.add(row.row)
            continue
        if row.node_id in seen:
            error(f"與第 {seen[row.node_id].row} 列是同一個方法（列被複製）。", row.row)
            continue
        seen[row.node_id] = row
        exp = expected[row.node_id]
        node = plan.nodes.get(row.node_id)
        if node is None or node.level != METHOD:
            error("這個方法已不在計畫中（可能已被刪除），請重新產生填報表。", row.row, exp.method)
            continue
        method = method_path(plan, labels, node)
        if period not in node.months:
            error(f"這個方法的查核月份已不含 {period}月，請重新產生填報表。", row.row, method)
            continue
        if not owes(ws, node, unit):
            error(f"這個方法已不是「{unit.name}」負責的方法，請重新產生填報表。", row.row, method)
            continue
        try:
            status = parse_status(row.status)
        except ValueError:
            error(f"辦理狀態「{row.status}」不正確，應為 {STATUS_LIST} 之一。", row.row, method)
            continue
        try:
            date = parse_date(row.date, ad_year)
        except ValueError as exc:
            error(
                f"完成日期「{exc}」不正確，請填 {date_example(plan, period)} 格式，"
                f"且應在 {ad_year - 1} 至 {ad_year + 1} 年之間。",
                row.row,
                method,
            )
            continue
        if status is None and (row.text or date or row.reason or row.measure or row.actual):
            error("已填寫執行情形、落後原因、因應對策、實際值或完成日期，但未選擇辦理狀態。", row.row, method)
            continue
        problem = reason_problem(status, overdue, row.reason, row.measure)
        if problem is not None:
            error(problem, row.row, method)
            continue
        entries.append(
            Entry(
                name,
                row.row,
                node.id,
                unit.id,
                unit.name,
                method,
                status,
                row.text,
                date,
                exp.updated,
                (exp.status, exp.text, exp.date, exp.reason, exp.measure, exp.actual),
                row.reason,
                row.measure,
                row.actual,
            )
        )
    for exp in data.expected:
        if exp.node_id not in seen and exp.row not in broken:
            error("這一列被刪除了（填報表不能刪除列）。", exp.row, exp.method)
    due_now = {d.method.id for d in due_rows(plan, period, unit.id, shared_for(ws, unit))}
    added = due_now - set(expected)
    if added:
        report.warnings.append(
            Problem(name, f"另有 {len(added)} 項方法在填報表產生後才列入 {period}月「{unit.name}」的查核，需另行填報。")
        )
    return entries


def _decide(
    entries: list[Entry],
    current: dict[tuple[int, int, int], Record],
    notes: dict[tuple[int, int, int], Note],
    period: int,
    overwrite: bool,
    report: CollectReport,
) -> None:
    """Sort entries into applied, unchanged, blank and conflicts (between files, and with newer records)."""
    chosen: dict[tuple[int, int], Entry] = {}
    for entry in entries:
        key = (entry.node_id, entry.unit_id)
        other = chosen.get(key)
        if other is None:
            chosen[key] = entry
            continue
        if entry.blank or entry.values == other.values:
            continue
        if other.blank:
            chosen[key] = entry
            continue
        report.conflicts.append(
            Problem(
                entry.file,
                f"與「{other.file}」第 {other.row} 列對同一方法（{entry.unit}）填寫的內容不同，無法判斷以哪一份為準。",
                entry.row,
                entry.method,
            )
        )
    for entry in chosen.values():
        if entry.blank:
            report.blank.append(entry)
            if any(entry.original):
                report.warnings.append(
                    Problem(entry.file, "原有的執行情形被清空；清空不會刪除已有的紀錄。", entry.row, entry.method)
                )
            continue
        record = current.get((entry.node_id, period, entry.unit_id))
        note = notes.get((entry.node_id, period, entry.unit_id)) or Note()
        now = (
            (record.status, record.text, record.date or "", note.reason, note.measure, note.actual)
            if record
            else ("",) * 6
        )
        if now == entry.values:
            report.unchanged.append(entry)
            continue
        # Changed in the program since the packet was written: another stamp, or other values than prefilled
        # (stamps have one-second resolution).
        changed_since = (record.updated if record else "") != entry.stamp or now != entry.original
        if changed_since and entry.values == entry.original:
            report.unchanged.append(entry)  # not touched in the packet; the program's newer record stays
            continue
        if changed_since and not overwrite:
            when = f"（{record.updated.replace('T', ' ')}）" if record else ""
            report.conflicts.append(
                Problem(
                    entry.file,
                    f"填報表產生後，這筆執行情形已在程式中修改{when}，與填報表的內容不同；"
                    "請確認後再收回（或選擇以填報表覆蓋）。",
                    entry.row,
                    entry.method,
                )
            )
            continue
        report.applied.append(entry)


def collect(
    ws: Workspace,
    plan: Plan,
    period: int,
    paths: Iterable[Path | str],
    dry_run: bool = False,
    overwrite: bool = False,
    today: dt.date | None = None,
) -> CollectReport:
    """Read returned packets, validate everything, then apply all records as ONE undoable edit, or nothing.

    dry_run only validates; overwrite lets a packet replace a record changed in the program since the packet was
    written (conflicts between two packets are never resolved automatically). After the round's deadline (as of
    today), a reply still 未開始 or 辦理中 needs 落後原因 and 因應對策, as 落後 always does.
    """
    check_period(period)
    if period in locked_periods(ws, plan):
        raise OperationRefused(f"{period}月的查核資料已鎖定，無法收回填報表；請先解除鎖定。")
    paths = expand_paths(paths)
    if not paths:
        raise BadInput("請指定要收回的填報表檔案。")
    report = CollectReport(period=period, dry_run=dry_run)
    entries: list[Entry] = []
    key = packet_key(ws)
    overdue = review_round(ws, plan, period).overdue(today or _today())
    for path in paths:
        report.files.append(path.name)
        try:
            data = read_packet(path, key)
        except BadInput as exc:
            report.errors.append(Problem(path.name, str(exc)))
            continue
        entries += _check_packet(ws, plan, period, data, report, key, overdue)
    _decide(entries, records(ws, plan, period), progress_notes(ws, plan, period), period, overwrite, report)
    if not report.ok or dry_run or not report.applied:
        if not report.ok:
            report.applied.clear()
        log.info(
            "collect %s/%s: nothing applied (%d errors, %d conflicts)",
            plan.year,
            period,
            len(report.errors),
            len(report.conflicts),
        )
        return report
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    batch: dict[tuple[int, int], dict[str, Any]] = {}
    for entry in report.applied:
        check_key(ws, plan, entry.node_id, period, entry.unit_id)
        batch[(entry.node_id, entry.unit_id)] = {
            "status": entry.status,
            "text": entry.text.strip(),
            "date": entry.date,
            "updated": stamp,
            "reason": entry.reason.strip(),
            "measure": entry.measure.strip(),
            "actual": entry.actual.strip(),
        }
    with ws.edit(f"收回 {period}月 執行情形填報表") as tx:
        tx.do(ws, SetRecords(plan.id, period, batch))
    report.done = True
    log.info("collect %s/%s: %d records applied", plan.year, period, len(report.applied))
    return report

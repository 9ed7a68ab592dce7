"""Writing the packets of a review month: one Excel workbook and one Word form per unit with methods due."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from planner import text_safety
from planner.errors import BadInput
from planner.export import atomic_write, check_target
from planner.model import Plan
from planner.packets.constants import FORMATS
from planner.packets.due import check_period, due_units
from planner.packets.guard import CURRENT, PENDING, Existing, existing_form
from planner.packets.secret import packet_key
from planner.packets.write_docx import packet_document
from planner.packets.write_xlsx import packet_workbook
from planner.progress import records
from planner.review import progress_notes
from planner.workspace import Workspace

log = logging.getLogger(__name__)

_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def packet_name(plan: Plan, period: int, unit_name: str, suffix: str) -> str:
    """Return a packet's file name: 「115年6月_推廣課_執行情形填報表.xlsx」."""
    unit = text_safety.file_part(_FILE_BAD.sub("_", unit_name), "單位")  # issue 16: no bidi, bounded
    return f"{plan.year}年{period}月_{unit}_執行情形填報表{suffix}"


class Written(list[Path]):
    """The files written, and the existing forms kept as they were (pending replies, or already current)."""

    def __init__(self, paths: Iterable[Path] = (), kept: Iterable[Existing] = ()) -> None:
        super().__init__(paths)
        self.kept = list(kept)


class RepliesPending(BadInput):
    """Forms in the target folder hold replies not collected yet: nothing was written (use force for the rest)."""

    def __init__(self, message: str, pending: list[Existing]) -> None:
        super().__init__(message)
        self.pending = pending


def pending_message(pending: list[Existing]) -> str:
    """Return the refusal naming every form with replies not yet collected."""
    names = "\n".join(f"・{p.describe()}" for p in pending)
    return (
        f"資料夾中有 {len(pending)} 份填報表已有單位填寫、尚未收回的內容，不會覆蓋：\n{names}\n"
        "請先收回這些填報表，或改存到其他資料夾；要保留它們並只產生其餘的填報表，請確認（命令列加上 --force）。"
    )


def output_folder(folder: Path) -> Path:
    """Return the folder forms or memos are written to, created when missing; BadInput when it cannot be."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"「{folder}」不是資料夾。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"無法建立資料夾「{folder}」：{exc.strerror or exc}") from None
    return folder


def write_packets(
    ws: Workspace,
    plan: Plan,
    period: int,
    folder: Path,
    formats: Iterable[str] = FORMATS,
    force: bool = False,
) -> Written:
    """Write one fill-in packet per unit with methods due in the month; return the files written (and kept).

    Never overwrites replies: a form of the same round in the folder that holds replies not yet collected makes
    the whole run refuse (RepliesPending) unless force, which keeps those forms and writes the rest; a form that
    already shows every current record is left untouched (byte for byte).
    """
    check_period(period)
    formats = tuple(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise BadInput(f"填報表不支援 {fmt} 格式（可用：{'、'.join(FORMATS)}）。")
    if not formats:
        raise BadInput("請至少選擇一種填報表格式。")
    units = due_units(ws, plan, period)
    if not units:
        raise BadInput(f"{plan.year} 年度計畫在 {period}月沒有需要查核的工作方法，不必產生填報表。")
    folder = output_folder(folder)
    jobs = [
        (unit, rows, fmt, check_target(folder / packet_name(plan, period, unit.name, f".{fmt}"), f".{fmt}"))
        for unit, rows in units
        for fmt in formats
    ]  # every target is checked before the first file is written
    key = packet_key(ws)
    recs = records(ws, plan, period)
    notes = progress_notes(ws, plan, period)
    states: dict[int, Existing] = {}
    for unit, rows in units:
        found = existing_form(
            folder / packet_name(plan, period, unit.name, ".xlsx"), key, plan, period, unit, rows, recs, notes
        )
        if found is not None:
            states[unit.id] = found
    pending = [e for e in states.values() if e.state == PENDING]
    if pending and not force:
        raise RepliesPending(pending_message(pending), pending)
    keep = {u for u, e in states.items() if e.state in (PENDING, CURRENT)}
    jobs = [job for job in jobs if job[0].id not in keep or not job[3].exists()]
    written = Written(kept=[e for u, e in states.items() if u in keep])
    try:
        for unit, rows, fmt, target in jobs:
            if fmt == "xlsx":
                book = packet_workbook(ws, plan, period, unit, rows)
            else:
                book = packet_document(ws, plan, period, unit, rows)
            written.append(atomic_write(target, f".{fmt}", book.save))
    except BaseException:
        for path in written:  # all or nothing: no half set of packets is left behind
            path.unlink(missing_ok=True)
        raise
    log.info("wrote %d packets for %s/%s, kept %d", len(written), plan.year, period, len(keep))
    return written

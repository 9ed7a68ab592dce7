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
from planner.packets.write_docx import packet_document
from planner.packets.write_xlsx import packet_workbook
from planner.workspace import Workspace

log = logging.getLogger(__name__)

_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def packet_name(plan: Plan, period: int, unit_name: str, suffix: str) -> str:
    """Return a packet's file name: 「115年6月_推廣課_執行情形填報表.xlsx」."""
    unit = text_safety.file_part(_FILE_BAD.sub("_", unit_name), "單位")  # issue 16: no bidi, bounded
    return f"{plan.year}年{period}月_{unit}_執行情形填報表{suffix}"


def write_packets(ws: Workspace, plan: Plan, period: int, folder: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write one fill-in packet per unit with methods due in the month; return the files written."""
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
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"「{folder}」不是資料夾。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"無法建立資料夾「{folder}」：{exc.strerror or exc}") from None
    jobs = [
        (unit, rows, fmt, check_target(folder / packet_name(plan, period, unit.name, f".{fmt}"), f".{fmt}"))
        for unit, rows in units
        for fmt in formats
    ]  # every target is checked before the first file is written
    written: list[Path] = []
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
    log.info("wrote %d packets for %s/%s", len(written), plan.year, period)
    return written

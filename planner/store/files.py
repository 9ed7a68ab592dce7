"""Checks on a workspace file before it is opened (backup copies live in planner.store.backups)."""

from __future__ import annotations

import logging
import sqlite3
import struct
from pathlib import Path

from planner.errors import DamagedWorkspace, NotAWorkspace, TooNewWorkspace
from planner.store.backups import BACKUPS_KEPT, backup_dir, list_backups, make_backup, readonly_uri
from planner.store.migrations import APPLICATION_ID, LATEST

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
__all__ = ["BACKUPS_KEPT", "backup_dir", "list_backups", "make_backup", "probe", "readonly_uri"]


def probe(path: Path) -> int:
    """Check that a file is an intact workspace this program can read; return its version.

    Reads only: the file is never modified. Raises a BadInput subclass.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise NotAWorkspace(f"找不到工作區檔案：{name}") from None
    except IsADirectoryError:
        raise NotAWorkspace(f"「{name}」是資料夾，不是工作區檔案。") from None
    except OSError as exc:
        raise NotAWorkspace(f"無法讀取工作區檔案「{name}」：{exc.strerror}") from None
    if size == 0 or not header.startswith(SQLITE_MAGIC):
        raise NotAWorkspace(f"「{name}」不是計畫工作區檔案（不是 SQLite 資料庫）。")
    if len(header) < 100:
        raise DamagedWorkspace(f"工作區檔案「{name}」已損毀：檔頭不完整。")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedWorkspace(f"工作區檔案「{name}」已損毀：頁面大小不正確。")
    if _has_wal(path):
        pass  # issue 16 / TECH-NOTES 33: SQLite recovers the pages from the -wal; quick_check decides
    elif size % page_size or (page_count and size < page_count * page_size):
        raise DamagedWorkspace(f"工作區檔案「{name}」不完整，可能在複製或下載時被截斷。")
    try:
        con = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            check = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedWorkspace(f"工作區檔案「{name}」已損毀，無法讀取（{exc}）。") from None
    if check != "ok":
        raise DamagedWorkspace(f"工作區檔案「{name}」已損毀：{check}")
    if app_id != APPLICATION_ID:
        raise NotAWorkspace(f"「{name}」是 SQLite 資料庫，但不是計畫工作區檔案。")
    if version > LATEST:
        raise TooNewWorkspace(
            f"工作區檔案「{name}」由較新版本的程式建立（資料版本 {version}，"
            f"本程式支援到 {LATEST}），請更新程式後再開啟。"
        )
    return version


def _has_wal(path: Path) -> bool:
    """Return whether a non-empty -wal file lies beside a workspace."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False

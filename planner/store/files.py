"""Checks on a workspace file before it is opened, and backup copies."""

from __future__ import annotations

import logging
import sqlite3
import struct
import time
from pathlib import Path

from planner.errors import DamagedWorkspace, NotAWorkspace, TooNewWorkspace
from planner.store.migrations import APPLICATION_ID, LATEST

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUPS_KEPT = 5


def readonly_uri(path: Path) -> str:
    """Return a SQLite URI that opens a file without ever writing to it."""
    return Path(path).resolve().as_uri() + "?mode=ro"


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
    if size % page_size or (page_count and size < page_count * page_size):
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


def backup_dir(path: Path) -> Path:
    """Return the folder where backups of a workspace are kept."""
    path = Path(path)
    return path.with_name(path.name + ".backups")


def make_backup(path: Path, keep: int = BACKUPS_KEPT) -> Path:
    """Copy a workspace with the SQLite backup API and prune old copies; return the copy."""
    path = Path(path)
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}{path.suffix or '.planner'}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{n}{path.suffix or '.planner'}"
    src = sqlite3.connect(readonly_uri(path), uri=True)
    tmp = target.with_name(target.name + ".tmp")
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
    for old in list_backups(path)[keep:]:
        old.unlink(missing_ok=True)
    log.info("backup written: %s", target)
    return target


def list_backups(path: Path) -> list[Path]:
    """Return the backups of a workspace, newest first."""
    folder = backup_dir(Path(path))
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".tmp")]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)

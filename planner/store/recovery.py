"""Keeping a workspace file whole: checkpoints, failed commits, full disks and read-only media."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path

from peewee import PeeweeException, SqliteDatabase

from planner.errors import BadInput, PlannerError

log = logging.getLogger(__name__)

# errno values that mean "this medium cannot take writes now": full, quota, too big, read-only, denied.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NO_WRITE = {errno.EROFS, errno.EACCES, errno.EPERM}
_STORAGE_WORDS = ("disk is full", "disk i/o error", "readonly database", "unable to open database")


class NotSaved(PlannerError):
    """An edit could not be written to the file; the screen was put back to what the file holds."""


class ReadOnlyMedia(BadInput):
    """The workspace (or its folder) cannot be written: open it read-only instead."""


def is_storage_failure(exc: BaseException) -> bool:
    """Return whether an exception (or one it arose from) means the file could not be written."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_storage_failure(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _is_storage_failure(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in _NO_SPACE | _NO_WRITE or isinstance(exc, PermissionError)
    if isinstance(exc, PeeweeException | sqlite3.Error):
        text = str(exc).lower()
        return any(word in text for word in _STORAGE_WORDS)
    return False


def not_saved(name: str, exc: BaseException) -> NotSaved:
    """Return the error telling the user the last edit is not in the file."""
    return NotSaved(
        f"最後一次修改「{name}」沒有存檔：無法寫入工作區檔案（{_reason(exc)}）。"
        "畫面已還原為檔案中的內容；之前完成的修改都已存檔。請釋放磁碟空間或改存到其他位置後再試。"
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in _NO_WRITE:
        return "沒有寫入權限或是唯讀媒體"
    text = str(exc).lower()
    if "full" in text or (isinstance(exc, OSError) and exc.errno in _NO_SPACE):
        return "磁碟空間已滿"
    if "readonly" in text:
        return "檔案是唯讀的"
    return "磁碟寫入錯誤"


def checkpoint(database: SqliteDatabase) -> None:
    """Copy committed pages from the -wal into the file itself, so a plain copy of the file holds them.

    A failure (full disk, a busy reader) is logged only: the edit is committed in the -wal and
    SQLite recovers it from there.
    """
    try:
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    except (PeeweeException, sqlite3.Error) as exc:
        log.warning("checkpoint failed (edit stays in the -wal): %s", exc)


def settle(database: SqliteDatabase) -> None:
    """Leave the file at rest before closing: checkpointed, in rollback-journal mode when no one reads.

    Never waits for a reader and never raises: with a colleague reading, the file simply stays in
    WAL mode (SQLite reads it correctly); on a full disk the -wal keeps the last edits.
    """
    try:
        database.execute_sql("PRAGMA busy_timeout = 0")
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.execute_sql("PRAGMA journal_mode = DELETE")
    except (PeeweeException, sqlite3.Error) as exc:
        log.info("file left in WAL mode at close: %s", exc)


def writable_problem(path: Path) -> str | None:
    """Return why a workspace file or its folder cannot be written, None if it can."""
    path = Path(path)
    if not os.access(path.parent, os.W_OK):
        return f"資料夾「{path.parent}」無法寫入（唯讀媒體或沒有權限）"
    if path.exists() and not os.access(path, os.W_OK):
        return f"檔案「{path.name}」是唯讀的"
    return None


def require_writable(path: Path) -> None:
    """Raise ReadOnlyMedia when a workspace cannot be opened for writing."""
    problem = writable_problem(path)
    if problem:
        raise ReadOnlyMedia(f"{problem}，無法修改這個工作區；可以唯讀方式開啟（檢視、匯出）。")


def read_only_media_error(path: Path, exc: OSError) -> ReadOnlyMedia | BadInput:
    """Turn an OSError met while preparing a file for writing into a Chinese error."""
    if exc.errno in _NO_WRITE or isinstance(exc, PermissionError):
        return ReadOnlyMedia(f"無法寫入「{Path(path).name}」所在的資料夾（唯讀媒體或沒有權限），請以唯讀方式開啟。")
    if exc.errno in _NO_SPACE:
        return BadInput(f"磁碟空間已滿，無法開啟「{Path(path).name}」進行編輯；請釋放空間，或以唯讀方式開啟。")
    return BadInput(f"無法準備「{Path(path).name}」進行編輯：{exc.strerror or exc}")


def remove_if_empty(path: Path) -> None:
    """Delete a file left 0-byte by a failed write (never a file with content)."""
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


def try_backup(path: Path) -> Path | None:
    """Back up a workspace on open; on a full disk log it and go on (the copy leaves nothing behind)."""
    from planner.store.backups import clean_stale, make_backup

    try:
        return make_backup(path)
    except (OSError, sqlite3.Error) as exc:
        if not is_storage_failure(exc) and not isinstance(exc, sqlite3.OperationalError):
            raise
        log.warning("no backup of %s: %s", path, exc)
        clean_stale(path)
        return None


def open_failed(path: Path, exc: BaseException) -> BadInput:
    """Return the error for a workspace that could not be prepared for editing."""
    if isinstance(exc, OSError):
        return read_only_media_error(path, exc)
    reason = _reason(exc)
    return BadInput(
        f"無法開啟「{Path(path).name}」進行編輯（{reason}）；檔案沒有改變。請釋放空間後再試，或以唯讀方式開啟。"
    )

"""Backup copies of a workspace: written whole or not at all, pruned by age, listed and restored."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from peewee import PeeweeException, SqliteDatabase

from planner.errors import BadInput, PlannerError
from planner.numerals import METHOD
from planner.store.schema import NodeRow, PlanRow

log = logging.getLogger(__name__)

NEWEST_KEPT = 5
DAYS_KEPT = 7
BACKUPS_KEPT = NEWEST_KEPT


def readonly_uri(path: Path) -> str:
    """Return a SQLite URI that opens a file without ever writing to it."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def backup_dir(path: Path) -> Path:
    """Return the folder where backups of a workspace are kept."""
    path = Path(path)
    return path.with_name(path.name + ".backups")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be opened on Windows
        return
    try:
        _fsync_file(folder)
    except OSError:
        pass


def copy_database(source: Path, target: Path) -> Path:
    """Copy a SQLite file (with its -wal) to target through a .tmp: all of it, fsynced, or nothing."""
    target = Path(target)
    tmp = target.with_name(target.name + ".tmp")
    try:
        src = sqlite3.connect(readonly_uri(source), uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync_file(tmp)
        tmp.replace(target)
        _fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def clean_stale(path: Path) -> list[Path]:
    """Remove .tmp files a crash left in the backup folder; return what was removed.

    Only the lock holder writes backups, so any .tmp found while holding the lock is stale.
    """
    folder = backup_dir(path)
    removed = []
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name.endswith(".tmp") and p.is_file():
                p.unlink(missing_ok=True)
                removed.append(p)
    if removed:
        log.info("removed %d stale backup .tmp files", len(removed))
    return removed


def make_backup(path: Path, keep: int = NEWEST_KEPT) -> Path:
    """Copy a workspace with the SQLite backup API, prune old copies; return the copy."""
    path = Path(path)
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    clean_stale(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    suffix = path.suffix or ".planner"
    target = folder / f"{path.stem}-{stamp}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{stamp}-{n}{suffix}"
    copy_database(path, target)
    prune(path, keep)
    log.info("backup written: %s", target)
    return target


def list_backups(path: Path) -> list[Path]:
    """Return the backups of a workspace, newest first."""
    folder = backup_dir(Path(path))
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.endswith((".tmp", "-wal", "-shm", "-journal"))]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def to_keep(stamps: list[tuple[Path, float]], now: float, newest: int = NEWEST_KEPT) -> set[Path]:
    """Return which backups to keep: the newest few, and the newest of each of the last DAYS_KEPT days."""
    ordered = sorted(stamps, key=lambda s: s[1], reverse=True)
    keep = {p for p, _ in ordered[:newest]}
    today = dt.date.fromtimestamp(now)
    seen_days: set[dt.date] = set()
    for p, when in ordered:
        day = dt.date.fromtimestamp(when)
        if (today - day).days < DAYS_KEPT and day not in seen_days:
            seen_days.add(day)
            keep.add(p)
    return keep


def prune(path: Path, newest: int = NEWEST_KEPT) -> list[Path]:
    """Delete the backups to_keep() does not keep; return the deleted ones."""
    stamps = [(p, p.stat().st_mtime) for p in list_backups(path)]
    keep = to_keep(stamps, time.time(), newest)
    gone = [p for p, _ in stamps if p not in keep]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


@dataclass(frozen=True)
class BackupInfo:
    """A backup as the restore dialog lists it."""

    path: Path
    when: dt.datetime
    plans: int
    methods: int
    readable: bool

    @property
    def when_text(self) -> str:
        """Return the backup's time as shown to the user."""
        return self.when.strftime("%Y-%m-%d %H:%M:%S")


def backup_infos(path: Path) -> list[BackupInfo]:
    """Return the backups of a workspace with their plan and method counts, newest first."""
    out = []
    for p in list_backups(path):
        when = dt.datetime.fromtimestamp(p.stat().st_mtime)
        database = SqliteDatabase(readonly_uri(p), uri=True)
        try:
            plans = PlanRow.select().bind(database).count()
            methods = NodeRow.select().where(NodeRow.level == METHOD).bind(database).count()
            out.append(BackupInfo(p, when, plans, methods, True))
        except (sqlite3.Error, PeeweeException):
            out.append(BackupInfo(p, when, 0, 0, False))
        finally:
            database.close()
    return out


def _checked(backup: Path) -> Path:
    from planner.store.files import probe

    backup = Path(backup)
    probe(backup)
    return backup


def restore_to_new(backup: Path, target: Path) -> Path:
    """Write a backup out as a new workspace file (never over an existing file)."""
    target = Path(target)
    if target.exists():
        raise BadInput(f"檔案「{target.name}」已存在，不會覆寫；請選擇新的檔名。")
    try:
        return copy_database(_checked(backup), target)
    except OSError as exc:
        raise BadInput(f"無法寫入「{target}」：{exc.strerror or exc}") from None


def restore_over(path: Path, backup: Path) -> Path:
    """Put a backup in place of a closed workspace; the current content is backed up first.

    Raises WorkspaceLocked while anyone holds the file for writing, BadInput while someone reads it.
    """
    from planner.store import lock

    path, backup = Path(path), _checked(backup)
    held = lock.acquire(path)
    staged = path.with_name(path.name + ".restoring")
    try:
        copy_database(backup, staged)  # first: pruning below may delete the chosen backup
        _at_rest(path)
        make_backup(path)
        staged.replace(path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise BadInput(f"無法還原備份到「{path.name}」：{exc.strerror or exc}") from None
    finally:
        staged.unlink(missing_ok=True)
        held.release()
    log.info("restored %s over %s", backup, path)
    return path


def _at_rest(path: Path) -> None:
    """Fold the -wal into the file so that replacing the file leaves no -wal that belongs to it."""
    try:
        con = sqlite3.connect(path, timeout=0)
        try:
            mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise _busy(path) from exc
    if mode != "delete":
        raise _busy(path)


def _busy(path: Path) -> PlannerError:
    return BadInput(f"有人正在檢視「{Path(path).name}」，請對方關閉檔案後再還原。")

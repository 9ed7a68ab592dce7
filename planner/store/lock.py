"""A lock file telling a second process who holds a workspace and since when.

Taking the lock is atomic: the holder's record is written whole to a private file and hard-linked
to the lock name (a link fails if the name exists). Removing a stale lock happens only under a
second, short-lived O_EXCL "takeover" file, so among instances started together exactly one writes.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from planner.errors import WorkspaceLocked

log = logging.getLogger(__name__)


def lock_path(path: Path) -> Path:
    """Return the lock file of a workspace."""
    path = Path(path)
    return path.with_name(path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return "?"


TAKEOVER_STALE_S = 10.0
UNREADABLE = "unreadable"


def _takeover_path(path: Path) -> Path:
    return lock_path(path).with_name(lock_path(path).name + ".takeover")


def describe(holder: dict) -> str:
    """Return a Chinese sentence naming the lock holder and what the user can do."""
    if holder.get(UNREADABLE):
        return (
            f"工作區的鎖定檔「{holder.get('file', '')}」是空的或內容無法辨識，可能是程式當機或磁碟已滿時留下的。"
            "如果確定沒有其他人正在編輯這個工作區，可以接管；否則請以唯讀方式開啟。"
        )
    since = holder.get("since", "")
    try:
        since = dt.datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        pass
    text = (
        f"此工作區正由 {holder.get('user', '?')}（電腦 {holder.get('host', '?')}，"
        f"程序 {holder.get('pid', '?')}）自 {since} 起開啟中。"
    )
    if holder.get("host") != socket.gethostname():
        text += "這是另一台電腦的鎖定；如果那台電腦上的程式已經關閉（例如當機或斷線），可以接管，否則請以唯讀方式開啟。"
    return text


def can_take_over(holder: dict) -> bool:
    """Return whether taking over is offered: unreadable locks and other computers' locks.

    A live process on this computer is never offered: it really is editing the file.
    """
    if holder.get(UNREADABLE) or holder.get("host") != socket.gethostname():
        return True
    return not _pid_alive(_pid(holder))


def _pid(holder: dict) -> int:
    try:
        return int(holder.get("pid", 0))
    except (TypeError, ValueError):
        return 0


@dataclass
class Lock:
    """A held lock file; release() removes it."""

    path: Path
    info: dict

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        try:
            current = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(current, dict) and current.get("token") == self.info["token"]:
            self.path.unlink(missing_ok=True)


def read_holder(path: Path) -> dict | None:
    """Return the holder recorded in a workspace's lock file, None if unlocked."""
    target = lock_path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {UNREADABLE: True, "file": target.name, "user": "?", "host": "?", "pid": 0, "since": ""}
    if not isinstance(data, dict):
        return {UNREADABLE: True, "file": target.name, "user": "?", "host": "?", "pid": 0, "since": ""}
    return data


def _new_info() -> dict:
    return {
        "user": _user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.now().isoformat(timespec="seconds"),
        "token": os.urandom(8).hex(),
    }


def _write_private(target: Path, info: dict) -> Path:
    """Write the record whole to a private file beside the lock; nothing is left if that fails."""
    private = target.with_name(f"{target.name}.{info['token']}.tmp")
    try:
        fd = os.open(private, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        try:
            data = json.dumps(info, ensure_ascii=False).encode("utf-8")
            if os.write(fd, data) != len(data):  # a short write: the disk is full
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        finally:
            os.close(fd)
    except OSError as exc:
        private.unlink(missing_ok=True)
        from planner.store.recovery import read_only_media_error

        raise read_only_media_error(target, exc) from None
    return private


def _place(private: Path, target: Path) -> bool:
    """Atomically make private the lock; False when a lock exists."""
    try:
        os.link(private, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links here (FAT, some shares): exclusive create, then write
        if target.exists():
            return False
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as fh:
            fh.write(private.read_bytes())
        return True


def _grab_takeover(path: Path) -> bool:
    """Take the short-lived takeover guard; False if another instance is taking over now."""
    guard = _takeover_path(path)
    try:
        os.close(os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        return True
    except FileExistsError:
        try:
            if time.time() - guard.stat().st_mtime > TAKEOVER_STALE_S:  # a crash during a takeover
                guard.unlink(missing_ok=True)
        except OSError:
            pass
        return False


def acquire(path: Path, take_over: bool = False) -> Lock:
    """Take the lock of a workspace, or raise WorkspaceLocked naming the holder.

    A lock left by a process that no longer runs on this computer is taken over; with
    take_over=True (the user confirmed) any lock is. Raises BadInput when no lock can be written.
    """
    target = lock_path(path)
    info = _new_info()
    private = _write_private(target, info)
    try:
        deadline = time.monotonic() + 2.0
        while True:
            if _place(private, target):
                return Lock(target, info)
            holder = read_holder(path) or {}
            stale = holder.get("host") == info["host"] and not _pid_alive(_pid(holder)) and not holder.get(UNREADABLE)
            if not (stale or (take_over and can_take_over(holder))):
                raise WorkspaceLocked(describe(holder), holder)
            if _grab_takeover(path):
                try:
                    again = read_holder(path) or {}
                    if again == holder:  # still the lock we judged, not a fresh one of a racing instance
                        log.warning("taking over lock %s held by %s", target, holder.get("pid"))
                        target.unlink(missing_ok=True)
                    if _place(private, target):
                        return Lock(target, info)
                finally:
                    _takeover_path(path).unlink(missing_ok=True)
                take_over = False  # someone else's fresh lock: judge it anew
            elif time.monotonic() > deadline:
                raise WorkspaceLocked(describe(holder), holder)
            else:
                time.sleep(0.01)
    finally:
        private.unlink(missing_ok=True)

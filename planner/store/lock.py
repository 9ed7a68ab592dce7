"""A lock file telling a second process who holds a workspace and since when."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
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


def describe(holder: dict) -> str:
    """Return a Chinese sentence naming the lock holder."""
    since = holder.get("since", "")
    try:
        since = dt.datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        pass
    return (
        f"此工作區正由 {holder.get('user', '?')}（電腦 {holder.get('host', '?')}，"
        f"程序 {holder.get('pid', '?')}）自 {since} 起開啟中。"
    )


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
        if current.get("token") == self.info["token"]:
            self.path.unlink(missing_ok=True)


def read_holder(path: Path) -> dict | None:
    """Return the holder recorded in a workspace's lock file, None if unlocked."""
    try:
        return json.loads(lock_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"user": "?", "host": "?", "pid": 0, "since": ""}


def acquire(path: Path) -> Lock:
    """Take the lock of a workspace, or raise WorkspaceLocked naming the holder.

    A lock left by a process that no longer runs on this computer is taken over.
    """
    target = lock_path(path)
    info = {
        "user": _user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.now().isoformat(timespec="seconds"),
        "token": os.urandom(8).hex(),
    }
    for _attempt in range(2):
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = read_holder(path) or {}
            stale = holder.get("host") == info["host"] and not _pid_alive(int(holder.get("pid", 0)))
            if stale:
                log.warning("taking over stale lock %s held by pid %s", target, holder.get("pid"))
                target.unlink(missing_ok=True)
                continue
            raise WorkspaceLocked(describe(holder), holder) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh, ensure_ascii=False)
        return Lock(target, info)
    holder = read_holder(path) or {}
    raise WorkspaceLocked(describe(holder), holder)

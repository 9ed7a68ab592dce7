"""Exports of a plan to office documents: shared helpers (titles, outline lines, atomic saving)."""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from planner.errors import BadInput
from planner.model import Plan
from planner.numerals import months_text

if TYPE_CHECKING:
    from planner.workspace import Workspace

__all__ = ["atomic_write", "check_target", "full_title", "months_text", "outline_line", "text_lines"]

log = logging.getLogger(__name__)

# Outline labels that open a line of free text, outermost first: 一、 (一) 1. (1) A. (A).
_CN = "一二三四五六七八九十百零〇"
_OUTLINE = [
    re.compile(rf"[{_CN}]+、"),
    re.compile(rf"[(（][{_CN}]+[)）]"),
    re.compile(r"\d+(?:[.．](?!\d)|、)"),
    re.compile(r"[(（]\d+[)）]"),
    re.compile(r"[A-Za-z][.．](?![A-Za-z0-9.．])"),
    re.compile(r"[(（][A-Za-z][)）]"),
]
_LEADING_SPACE = " \t\u3000"


def full_title(ws: Workspace, plan: Plan) -> tuple[str, str]:
    """Return the title as (agency, title): the agency is "" when the title already names it."""
    agency = (plan.agency or ws.agency).strip()
    title = plan.title.strip()
    if not agency or title.startswith(agency):
        return "", title
    return agency, title


def outline_line(line: str) -> tuple[int, str, str]:
    """Split a text line into (outline level 1–6 or 0, label, rest): "(二)文字" → (2, "(二)", "文字")."""
    text = line.lstrip(_LEADING_SPACE)
    for level, pattern in enumerate(_OUTLINE, start=1):
        match = pattern.match(text)
        if match and match.end() < len(text):
            return level, match.group(0), text[match.end() :].lstrip(_LEADING_SPACE)
    return 0, "", text


def text_lines(text: str) -> list[str]:
    """Return the non-blank lines of a free text, trailing spaces removed."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def check_target(path: Path, suffix: str) -> Path:
    """Return the file to write (suffix added when missing); BadInput when it cannot be a target."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise BadInput(f"「{target}」是資料夾，請指定要儲存的檔案名稱。")
    if not target.suffix:
        target = target.with_name(target.name + suffix)
    elif target.suffix.lower() != suffix:
        raise BadInput(f"檔名「{target.name}」的副檔名不對，這種格式的副檔名應為 {suffix}。")
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent
    if not folder.exists():
        raise BadInput(f"資料夾不存在：{folder}")
    if not folder.is_dir():
        raise BadInput(f"「{folder}」不是資料夾，無法在其中儲存檔案。")
    if target.is_dir():
        raise BadInput(f"「{target}」是資料夾，請指定要儲存的檔案名稱。")
    if target.exists():
        if not target.is_file():
            raise BadInput(f"「{target}」不是一般檔案，無法覆寫。")
        if not os.access(target, os.W_OK):
            raise BadInput(f"檔案「{target.name}」是唯讀的，無法覆寫。")
    return target


def _io_message(exc: OSError, target: Path) -> str:
    """Return a Chinese message for a failed write."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"沒有權限寫入資料夾「{target.parent}」，請改存到其他位置。"
    if exc.errno == errno.ENOSPC:
        return f"磁碟空間不足，無法儲存「{target.name}」。"
    if exc.errno == errno.EROFS:
        return f"「{target.parent}」位於唯讀的磁碟，無法儲存。"
    return f"無法儲存「{target}」：{exc.strerror or exc}"


def _open_temp(target: Path) -> tuple[Path, int]:
    """Create a new hidden temp file beside the target; return its path and descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(20):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise BadInput(_io_message(exc, target)) from None
    raise BadInput(f"無法在「{target.parent}」建立暫存檔。")


def atomic_write(path: Path, suffix: str, write: Callable[[BinaryIO], object]) -> Path:
    """Write a file through a temp file in the same folder and os.replace; nothing partial is left behind."""
    target = check_target(path, suffix)
    tmp, fd = _open_temp(target)
    try:
        try:
            with os.fdopen(fd, "wb") as stream:
                write(stream)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as exc:
            raise BadInput(_io_message(exc, target)) from None
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise BadInput(
                f"無法覆寫「{target.name}」：檔案可能正由其他程式（例如 Word）開啟，請先關閉該檔案再試一次。"
            ) from None
        except OSError as exc:
            raise BadInput(_io_message(exc, target)) from None
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    log.info("wrote %s", target)
    return target

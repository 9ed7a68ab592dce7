"""Old binary Office files (.doc, .xls) converted by LibreOffice, when it is installed.

soffice runs headless with a private, throw-away profile (so it never touches the user's LibreOffice and can
run beside an open one), on a copy in a temporary folder, with a time limit. Without LibreOffice the message
says how to save the file as .docx/.xlsx.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.errors import BadInput

log = logging.getLogger(__name__)

TIMEOUT = 120  # seconds; a 40-page plan converts in about 6
TARGETS = {"doc": "docx", "xls": "xlsx"}
NAMES = {"doc": "舊版 Word (.doc)", "xls": "舊版 Excel (.xls)"}
SAVE_AS = {
    "doc": "請用 Word 開啟後「另存新檔」為 Word 文件 (.docx)，再匯入。",
    "xls": "請用 Excel 開啟後「另存新檔」為 Excel 活頁簿 (.xlsx)，再匯入。",
}


def find_soffice() -> str | None:
    """Return the LibreOffice program (PLANNER_SOFFICE, else soffice/libreoffice on PATH), or None."""
    configured = os.environ.get("PLANNER_SOFFICE")
    if configured is not None:
        return configured if configured and Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextmanager
def converted(path: Path, kind: str) -> Iterator[Path]:
    """Yield a .docx/.xlsx converted from an old binary file; BadInput (how to save it) when that fails."""
    soffice = find_soffice()
    what = NAMES[kind]
    if soffice is None:
        raise BadInput(f"這是{what}檔。這台電腦沒有安裝 LibreOffice，無法自動轉換；{SAVE_AS[kind]}")
    target = TARGETS[kind]
    with tempfile.TemporaryDirectory(prefix="planner-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"source.{kind}"
        shutil.copyfile(path, source)
        profile = (folder / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise BadInput(f"用 LibreOffice 轉換{what}檔超過 {TIMEOUT} 秒仍未完成；{SAVE_AS[kind]}") from None
        except OSError as exc:
            raise BadInput(f"無法執行 LibreOffice 轉換{what}檔（{exc.strerror or exc}）；{SAVE_AS[kind]}") from None
        out = folder / "out" / f"source.{target}"
        if not out.is_file():
            raise BadInput(f"LibreOffice 無法轉換這個{what}檔（檔案可能已損壞）；{SAVE_AS[kind]}")
        log.info("converted %s to %s", path.name, target)
        yield out

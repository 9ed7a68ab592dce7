"""Helpers for the robustness tests: child processes with a file-size limit (a full disk) or killed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Prelude of every child: a file-size limit makes every write past `limit` bytes fail (EFBIG),
# as a full disk does; SIGXFSZ is ignored so the write returns an error instead of killing us.
FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
def limit(n):
    resource.setrlimit(resource.RLIMIT_FSIZE, (n, resource.RLIM_INFINITY))
"""


def run_child(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run Python code in a child process with this worktree on the path; return the result."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    script = FULL_DISK + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def leftovers(folder: Path) -> list[str]:
    """Return every 0-byte file and every .tmp file under a folder."""
    out = []
    for p in folder.rglob("*"):
        if p.is_file() and (p.stat().st_size == 0 or p.name.endswith(".tmp")):
            out.append(str(p.relative_to(folder)))
    return sorted(out)

"""One-command set-up for developers: `python3 dev.py app` or `python3 dev.py test`.

Creates .venv (if missing), installs the project with its test extra, installs the
system libraries Qt needs on Debian/Ubuntu when run as root, then starts the app on
the demo plan or runs the whole test suite.
"""

from __future__ import annotations

import argparse
import ctypes.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# Libraries PySide6 needs on a bare Debian 12 (offscreen and real windows).
QT_LIBS = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "glib-2.0": "libglib2.0-0",
    "dbus-1": "libdbus-1-3",
    "X11": "libx11-6",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-randr": "libxcb-randr0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "X11-xcb": "libx11-xcb1",
}
FONT_PACKAGES = ["fonts-noto-cjk"]
LINTED = ["planner", "ui", "tests", "benchmarks", "packaging"]
# Run before pytest, in this order; mypy reads its files and settings from pyproject.toml.
CHECKS = [["ruff", "check", *LINTED], ["ruff", "format", "--check", *LINTED], ["mypy"]]


def python_in_venv() -> Path:
    """Return the venv's interpreter."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def system_libraries() -> None:
    """Install Qt's system libraries with apt when they are missing (Linux, as root)."""
    if not sys.platform.startswith("linux"):
        return
    missing = sorted({pkg for lib, pkg in QT_LIBS.items() if ctypes.util.find_library(lib) is None})
    fonts = (
        shutil.which("fc-list") and subprocess.run(["fc-list", ":lang=zh-tw"], capture_output=True, text=True).stdout
    )
    if not fonts:
        missing += FONT_PACKAGES
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("安裝 Qt 所需的系統套件：", " ".join(missing), flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    else:
        print("請先安裝系統套件：sudo apt-get install " + " ".join(missing), file=sys.stderr)


def setup() -> Path:
    """Create the venv and install the project; return its interpreter."""
    python = python_in_venv()
    if not python.exists():
        print("建立虛擬環境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".installed"
    config = (ROOT / "pyproject.toml").stat().st_mtime
    if not stamp.exists() or stamp.stat().st_mtime < config:
        print("安裝相依套件 …", flush=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True)
        stamp.touch()
    system_libraries()
    return python


def main(argv: list[str] | None = None) -> int:
    """Run a developer command."""
    parser = argparse.ArgumentParser(description="提升服務計畫編輯器：開發者指令")
    parser.add_argument("command", choices=["app", "test", "setup"], help="app：開啟示範計畫；test：執行測試")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="passed on to the app or to pytest")
    args = parser.parse_args(argv)
    python = setup()
    cli = python.parent / ("planner-cli.exe" if os.name == "nt" else "planner-cli")
    activate = r".venv\Scripts\activate" if os.name == "nt" else "source .venv/bin/activate"
    print(f"命令列工具 planner-cli：{cli.relative_to(ROOT)}（或先啟用虛擬環境：{activate}）", flush=True)
    if args.command == "setup":
        return 0
    if args.command == "app":
        return subprocess.call([python, "-m", "ui.app", "--demo", *args.extra], cwd=ROOT)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    checks = [subprocess.call([python, "-m", *check], cwd=ROOT) for check in CHECKS]  # all run, even after a failure
    tests = subprocess.call([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.extra], cwd=ROOT, env=env)
    return tests or next((code for code in checks if code), 0)


if __name__ == "__main__":
    sys.exit(main())

"""Build the installable app: `python packaging/build.py` → dist/Planner/ (planner + planner-cli, one shared folder).

Runs PyInstaller on packaging/planner.spec for the platform it runs on (Windows is the target, Linux is where
we test), prints how long it took and how big the folder is, and checks that both executables start. With
--installer on Windows it then compiles packaging/planner.iss with Inno Setup's ISCC into
dist/Planner-<version>-setup.exe. Needs PyInstaller: `pip install -e ".[package]"` (or `pip install pyinstaller`).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import freeze_config as cfg

log = logging.getLogger(__name__)

ROOT = cfg.ROOT
SPEC = ROOT / "packaging" / "planner.spec"
ISS = ROOT / "packaging" / "planner.iss"
ICONS = ROOT / "resources" / "icons"
ISCC_PLACES = (
    Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6" / "ISCC.exe",
    Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe",
    Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "Inno Setup 6" / "ISCC.exe",
)


def folder_size(folder: Path) -> int:
    """Return the bytes of the files under a folder (symbolic links not followed, as du counts them)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def executable(folder: Path, name: str) -> Path:
    """Return the path of an executable of the built folder."""
    return folder / (f"{name}.exe" if cfg.is_windows() else name)


def check_inputs() -> None:
    """Stop with a clear message when PyInstaller or the rendered icons are missing."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            'PyInstaller is not installed: pip install -e ".[package]"  (or: pip install pyinstaller)'
        ) from None
    try:
        metadata.distribution("planner")
    except metadata.PackageNotFoundError:
        raise SystemExit('the project is not installed in this Python: pip install -e ".[package]"') from None
    missing = [p for p in [ICONS / "planner.ico", *(ICONS / f"planner-{s}.png" for s in (16, 256))] if not p.is_file()]
    if missing:
        raise SystemExit(
            f"missing icon files ({', '.join(p.name for p in missing)}): run python packaging/make_icons.py"
        )


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> float:
    """Run PyInstaller on the spec; return the seconds it took."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    command.append(str(SPEC))
    print("$", " ".join(command), flush=True)
    start = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.monotonic() - start


def smoke_check(folder: Path) -> None:
    """Run `planner-cli --version` (and `planner --version` where a windowed program has a console)."""
    names = [cfg.CLI_NAME] if cfg.is_windows() else [cfg.CLI_NAME, cfg.GUI_NAME]
    for name in names:
        result = subprocess.run(
            [str(executable(folder, name)), "--version"], capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or cfg.version() not in result.stdout:
            raise SystemExit(f"{name} --version failed ({result.returncode}): {result.stdout}{result.stderr}")
        print(f"{name} --version: {result.stdout.strip()}")


def find_iscc() -> Path | None:
    """Return Inno Setup's command-line compiler, when installed."""
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    return next((p for p in ISCC_PLACES if p.is_file()), None)


def build_installer(folder: Path, dist: Path) -> Path:
    """Compile packaging/planner.iss into dist/Planner-<version>-setup.exe (Windows, Inno Setup 6)."""
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it from the Inno Setup website, then rerun.")
    version = cfg.version()
    command = [str(iscc), f"/DAppVersion={version}", f"/DAppFiles={folder}", f"/O{dist}", str(ISS)]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True)
    return dist / f"Planner-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    """Build dist/Planner and report time and size."""
    parser = argparse.ArgumentParser(description="Build the Planner app folder with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder (default: build/)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--installer", action="store_true", help="then compile the Inno Setup installer (Windows)")
    parser.add_argument("--no-check", action="store_true", help="do not run the built executables")
    args = parser.parse_args(argv)
    check_inputs()
    dist, work = args.dist.resolve(), args.work.resolve()
    seconds = run_pyinstaller(dist, work, args.clean)
    folder = dist / cfg.APP_FOLDER
    size = folder_size(folder)
    print(f"built {folder} in {seconds:.1f} s: {size / 2**20:.1f} MiB")
    print(f"planner-cli entry: {cfg.CLI_ENTRY}")
    if not args.no_check:
        smoke_check(folder)
    if args.installer:
        if not cfg.is_windows():
            raise SystemExit("the Inno Setup installer is built on Windows")
        print(f"installer: {build_installer(folder, dist)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build the app with packaging/planner.spec and run what was built (slow: only with PLANNER_BUILD_TEST=1).

`PLANNER_BUILD_TEST=1 .venv/bin/python -m pytest tests/packaging/test_frozen_build.py` (needs pyinstaller:
pip install -e ".[package]"); packaging/smoke_test.sh does the same from the shell.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from planner import __version__
from tests.packaging.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("PLANNER_BUILD_TEST") != "1", reason="set PLANNER_BUILD_TEST=1 to build the app"),
]
WINDOWS = sys.platform.startswith("win")


def exe(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if WINDOWS else name)


@pytest.fixture(scope="module")
def app_folder(tmp_path_factory) -> Path:
    """Build dist/Planner into a temporary folder once for this module."""
    pytest.importorskip("PyInstaller", reason='pip install -e ".[package]"')
    out = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "built " in result.stdout
    return out / "dist" / "Planner"


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """Return an environment whose home, data and settings folders are temporary."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "APPDATA": str(home / "appdata"),
        "LOCALAPPDATA": str(home / "localappdata"),
    }


def run(folder: Path, name: str, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe(folder, name)), *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=120
    )


@pytest.mark.timeout(900)
def test_folder_layout(app_folder):
    assert exe(app_folder, "planner").is_file() and exe(app_folder, "planner-cli").is_file()
    internal = app_folder / "_internal"
    assert (internal / "resources" / "demo" / "demo-plan.json").is_file()
    assert (internal / "resources" / "icons" / "planner-32.png").is_file()
    assert (internal / "resources" / "licenses" / "LGPL-3.0.txt").is_file()
    translations = sorted(p.name for p in internal.rglob("*.qm"))
    assert translations == ["qtbase_zh_TW.qm"]
    names = {p.name.lower() for p in internal.rglob("*")}
    for unwanted in ("opengl32sw.dll", "libqgtk3.so", "libqvnc.so", "libqt6network.so.6", "qt6network.dll"):
        assert unwanted not in names
    assert not any("webengine" in n or "qml" in n or "tkinter" in n or "_tkinter" in n for n in names)
    assert any(p.name.startswith("peewee-") and p.suffix == ".dist-info" for p in internal.iterdir())


@pytest.mark.timeout(900)
def test_cli_demo_and_word_export(app_folder, env, tmp_path):
    version = run(app_folder, "planner-cli", "--version", env=env, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"planner-cli {__version__}"
    demo = run(app_folder, "planner-cli", "demo", "示範.planner", env=env, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "已建立示範工作區" in demo.stdout and (tmp_path / "示範.planner").is_file()
    export = run(
        app_folder, "planner-cli", "export", "示範.planner", "--year", "115", "--format", "docx", "-o", "計畫.docx",
        env=env, cwd=tmp_path,
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    document = Document(str(tmp_path / "計畫.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "115年度提升服務工作計畫" in text.replace(" ", "")
    table_text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "完備基礎服務項目" in table_text and "閱覽服務課" in table_text
    check = run(app_folder, "planner-cli", "check", "示範.planner", "--year", "115", env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    imported = run(app_folder, "planner-cli", "import", "匯入.planner", "計畫.docx", env=env, cwd=tmp_path)
    assert imported.returncode == 0 and "方法 50" in imported.stdout, imported.stdout + imported.stderr


@pytest.mark.timeout(900)
def test_cli_pdf_export_when_built_in(app_folder, env, tmp_path):
    """With ui.cli as entry, planner-cli writes PDF through Qt (offscreen without a display)."""
    formats = run(app_folder, "planner-cli", "export", "--help", env=env, cwd=tmp_path).stdout
    assert "pdf" in formats
    assert run(app_folder, "planner-cli", "demo", "示範.planner", env=env, cwd=tmp_path).returncode == 0
    no_display = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    export = run(
        app_folder, "planner-cli", "export", "示範.planner", "--year", "115", "--format", "pdf", "-o", "計畫.pdf",
        env=no_display, cwd=tmp_path,
    )  # fmt: skip
    assert export.returncode == 0, export.stdout + export.stderr
    pdf = (tmp_path / "計畫.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Font" in pdf and len(pdf) > 10_000


@pytest.mark.timeout(900)
def test_gui_version_and_demo(app_folder, env, tmp_path):
    if not WINDOWS:  # a windowed Windows program has no console to print to
        version = run(app_folder, "planner", "--version", env=env, cwd=tmp_path)
        assert version.returncode == 0 and version.stdout.strip() == f"planner {__version__}"
    gui_env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [str(exe(app_folder, "planner")), "--demo"],
        cwd=tmp_path,
        env=gui_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    try:
        time.sleep(6)
        assert process.poll() is None, process.communicate()[0]  # still running: started and showed the demo
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM if not WINDOWS else signal.CTRL_BREAK_EVENT)
            try:
                output = process.communicate(timeout=20)[0]
            except subprocess.TimeoutExpired:
                process.kill()
                output = process.communicate()[0]
        else:
            output = process.communicate()[0]
    assert "showing" in output and "示範工作區.planner" in output, output
    assert "qtbase_zh_TW.qm not found" not in output
    assert "icon file missing" not in output
    assert "Traceback" not in output

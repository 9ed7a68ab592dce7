"""Make the README's screenshots in docs/screenshots/ and the user guide's pictures in resources/guide/img/.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py [--only readme|guide]

The guide's pictures (packaging/guide_shots.py) show the yearly job on a 1366×768 screen: first run, import,
copy to a new year, editing, findings, the plan page, printing and the calendar of the reviews.

The windows are drawn by the real app code (on the X server xvfb-run gives, else offscreen); the Word page is
`planner-cli demo` + `planner-cli export --format docx`, converted by LibreOffice to PDF and by pdftoppm to PNG
(needs libreoffice-writer, poppler-utils and the fonts named in packaging/fonts.conf). Each PNG is kept under 200 KB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))
from guide_shots import guide_shots  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
FONTS_CONF = ROOT / "packaging" / "fonts.conf"
MAX_BYTES = 200_000
GUIDE_IMG = ROOT / "resources" / "guide" / "img"
WINDOW_SIZE = (1200, 720)
METHOD_SHOWN = "借閱服務標準作業程序"


def save_small(image: object, path: Path) -> Path:
    """Save a QImage as PNG; when over MAX_BYTES, as 256 colours (UI pictures stay sharp), then smaller."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image.save(str(path), "PNG", 0)
    if path.stat().st_size > MAX_BYTES:
        flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
        image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path), "PNG", 0)
    while path.stat().st_size > MAX_BYTES:
        image = image.scaledToWidth(int(image.width() * 0.9), Qt.TransformationMode.SmoothTransformation)
        image.convertToFormat(QImage.Format.Format_Indexed8).save(str(path), "PNG", 0)
    return path


def window_shots(out: Path, work: Path) -> list[Path]:
    """Grab the main window on the demo plan (content page with a method selected, then the plan page)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from planner.demo import write_demo
    from ui import app as ui_app
    from ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(["planner"])
    ui_app.configure(app)
    ws = write_demo(work / "示範工作區.planner")
    window = MainWindow(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window.set_workspace(ws)
    window.resize(*WINDOW_SIZE)
    window.show()
    node = next(n for n in window.plan.walk() if n.title == METHOD_SHOWN)
    window.tree.select_node(node.id)
    for _ in range(20):
        app.processEvents()
    shots = [save_small(window.grab().toImage(), out / "editor-main.png")]
    window.tabs.setCurrentWidget(window.plan_page)
    for _ in range(20):
        app.processEvents()
    shots.append(save_small(window.grab().toImage(), out / "plan-page.png"))
    shots.append(calendar_shot(window, app, out))
    window.close()
    return shots


def calendar_shot(window: object, app: object, out: Path) -> Path:
    """Record some June progress in the demo plan and grab the calendar in mid-July of the plan year."""
    import datetime as dt

    from planner.numerals import roc_to_ad
    from planner.progress import set_progress

    ws, plan = window.ws, window.plan
    for i, method in enumerate(m for m in plan.methods() if 6 in m.months):
        if i % 3 == 2:
            continue
        status = "done" if i % 3 == 0 else "doing"
        text = "已依計畫完成，相關資料送秘書室彙整。" if status == "done" else "辦理中，預計下月完成。"
        set_progress(ws, plan, method.id, 6, method.units[0], status, text, f"{roc_to_ad(plan.year)}-06-20")
    window.calendar.set_today(dt.date(roc_to_ad(plan.year), 7, 15))
    window.tabs.setCurrentWidget(window.calendar)
    app.processEvents()
    window.calendar.select_month(6)
    for _ in range(20):
        app.processEvents()
    return save_small(window.grab().toImage(), out / "calendar.png")


def word_shot(out: Path, work: Path, cli: list[str]) -> Path:
    """Export the demo plan to Word with planner-cli, convert to PDF and render its first page."""
    from PySide6.QtGui import QImage

    demo, docx = work / "示範.planner", work / "計畫.docx"
    subprocess.run([*cli, "demo", str(demo)], check=True)
    subprocess.run([*cli, "export", str(demo), "--year", "115", "--format", "docx", "-o", str(docx)], check=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)} if FONTS_CONF.is_file() else dict(os.environ)
    profile = (work / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(docx),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(work / "計畫.pdf"), str(work / "page")], check=True
    )
    page = next(work.glob("page*.png"))
    return save_small(QImage(str(page)), out / "word-export.png")


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cli", default=None, help="planner-cli to run (default: this Python's planner.cli)")
    parser.add_argument("--only", choices=["readme", "guide"], help="make only the README's or the guide's pictures")
    parser.add_argument("--guide-out", type=Path, default=GUIDE_IMG)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    cli = [args.cli] if args.cli else [sys.executable, "-m", "planner.cli"]
    work = Path(tempfile.mkdtemp(prefix="planner-shots-"))
    try:
        shots = window_shots(args.out, work) if args.only != "guide" else []
        if args.only == "guide":
            pass
        elif shutil.which("soffice") and shutil.which("pdftoppm"):
            shots.append(word_shot(args.out, work, cli))
        else:
            print("soffice or pdftoppm missing: no Word page screenshot")
        if args.only != "readme":
            shots += guide_shots(args.guide_out, work, save_small)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for shot in shots:
        print(f"{shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}  {shot.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

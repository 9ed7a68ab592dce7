"""Run every benchmark at each size, each case in its own process, and print it beside its same-run baseline.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/run_all.py [--sizes 50,5000,50000] [--repeat 3]
      [--big 50000] [--only docx,filter] [--output results/run_all.json]

For each size a workspace with one synthetic plan (common.make_plan_data) is built once; every case then runs
in a fresh process (`run_all.py --case NAME --methods N --folder F`) that opens it, times the operation and
its linear baseline, and prints one JSON line. Sizes of --big or more run once, smaller ones best of --repeat.
A ratio that grows with the size marks a step that is not linear. Goals are from issue 17.

| case        | figure                                          | baseline                                           |
|-------------|-------------------------------------------------|----------------------------------------------------|
| docx        | export_docx                                     | OxmlElement paragraphs of the same text + save     |
| xlsx        | export_xlsx                                     | openpyxl write-only, same cells and merges         |
| pdf         | export_pdf                                      | QPdfWriter: every character, cut per column width, |
|             |                                                 | on the export's pages, header + footer on each     |
| docx-import | read_plan_file + apply_import of the export     | python-docx open + read every w:t                  |
| xlsx-import | read_plan_file + apply_import of the export     | openpyxl read-only, every cell value               |
| summary     | export_summary (總表 .xlsx) for June            | openpyxl write-only, one row per method            |
| show        | planner-cli show --json (open, load, dump)      | open, load, json.dumps of the same texts           |
| filter      | one find-bar keystroke in the window, worst of 4| a Python scan of the same texts                    |
| edits       | add, move, delete, undo in the window (worst)   | the same edit without a window                     |
| preview     | print preview (layout, pages in view), peak MB  | peak RSS MB with the plan loaded, no preview       |
| start       | GUI process start to first painted window       | bare PySide6 QMainWindow with a QTreeView          |
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from common import plan_texts  # noqa: E402  (benchmarks/ is on the path only from here)

CASES = ["docx", "xlsx", "pdf", "docx-import", "xlsx-import", "summary", "show", "filter", "edits", "preview", "start"]
# goal: (kind, value): "ratio" within value × baseline at the largest size, "ms"/"MB" absolute per size
GOALS: dict[str, tuple[str, Any]] = {
    "docx": ("ratio", 2.0),
    "xlsx": ("ratio", 2.0),
    "pdf": ("ratio", 2.0),
    "docx-import": ("ratio", 2.0),
    "xlsx-import": ("ratio", 2.0),
    "summary": ("ratio", 2.0),
    "show": ("ratio", 2.0),
    "filter": ("ms", {5000: 100.0, 50000: 500.0}),
    "edits": ("ms", {5000: 100.0}),
    "preview": ("MB", {50000: 300.0}),
    "start": ("ratio", 2.0),
}
UNIT = {"preview": "MB"}


# ---------------------------------------------------------------- helpers inside a case process


def clock(
    fn: Callable[[], object],
    repeat: int,
    before: Callable[[], object] | None = None,
    cpu: list[float] | None = None,
) -> float:
    """Return the best wall time of fn in milliseconds over repeat runs (the best CPU ms appended to cpu)."""
    best = best_cpu = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
        best_cpu = min(best_cpu, (time.process_time() - start_cpu) * 1000)
    if cpu is not None:
        cpu.append(best_cpu)
    return best


def peak_mb() -> float:
    """Return the peak resident set of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_plan(folder: Path, writable: bool = False) -> tuple[Any, Any]:
    """Open the size's workspace (a private copy when writable) and load its plan."""
    from planner.workspace import open_workspace

    path = folder / "bench.planner"
    if writable:
        copy = folder / f"copy-{os.getpid()}.planner"
        shutil.copy(path, copy)
        path = copy
    ws = open_workspace(path, read_only=not writable, backup=False)
    return ws, ws.plan(ws.years()[-1])


def table_rows(ws: Any, plan: Any) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Return the 計畫內容 table as rows of cell texts and the merges of its 要項 and 重點 cells."""
    labels = plan.numbering()
    rows: list[list[str]] = []
    merges = []
    for item in plan.items:
        item_start = len(rows)
        for focus in item.children:
            focus_start = len(rows)
            for method in focus.children or [None]:
                cells = [labels[item.id] + item.title, labels[focus.id] + focus.title]
                if method is not None:
                    cells += [labels[method.id] + method.title + "\n" + method.body]
                    cells += ["、".join(ws.unit_names(method.units)), "、".join(f"{m}月" for m in method.months)]
                    cells += [method.note]
                rows.append(cells)
            if len(rows) - focus_start > 1:
                merges.append((focus_start + 2, 2, len(rows) + 1, 2))
        if len(rows) - item_start > 1:
            merges.append((item_start + 2, 1, len(rows) + 1, 1))
    return rows, merges


def qt_app() -> Any:
    """Return the QApplication of this process (offscreen when there is no display)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


# ---------------------------------------------------------------- the cases (each returns value, baseline, extra)


def case_build(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """Write the size's workspace and the .docx/.xlsx the import cases read."""
    from common import AGENCY, UNITS, make_plan_data

    from planner.build import add_plan_from_data
    from planner.export.docx import export_docx
    from planner.export.xlsx import export_xlsx
    from planner.workspace import create_workspace

    start = time.perf_counter()
    ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
    plan = add_plan_from_data(ws, make_plan_data(methods))
    ws.clear_history()
    export_docx(ws, plan, folder / "plan.docx")
    export_xlsx(ws, plan, folder / "plan.xlsx")
    ws.close()
    return {"value": (time.perf_counter() - start) * 1000, "baseline": None}


def case_docx(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """export_docx against OxmlElement paragraphs appended to the body of a python-docx Document."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from planner.export.docx import export_docx

    ws, plan = open_plan(folder)
    texts = plan_texts(ws, plan)
    loaded = peak_mb()
    value = clock(lambda: export_docx(ws, plan, folder / "out.docx"), repeat)
    export_peak = peak_mb()

    def plain() -> None:
        doc = Document()
        body = doc.element.body
        sect_pr = body.find(qn("w:sectPr"))
        for text in texts:
            p = OxmlElement("w:p")
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
            p.append(r)
            sect_pr.addprevious(p)
        doc.save(str(folder / "plain.docx"))

    baseline = clock(plain, repeat)
    return {
        "value": value,
        "baseline": baseline,
        "extra": {"paragraphs": len(texts), "peak_MB": round(export_peak), "loaded_MB": round(loaded)},
    }


def case_xlsx(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """export_xlsx against openpyxl write-only writing the same cells and merges."""
    from openpyxl import Workbook
    from openpyxl.worksheet.cell_range import CellRange

    from planner.export.xlsx import export_xlsx

    ws, plan = open_plan(folder)
    value = clock(lambda: export_xlsx(ws, plan, folder / "out.xlsx"), repeat)
    rows, merges = table_rows(ws, plan)

    def plain() -> None:
        wb = Workbook(write_only=True)
        sheet = wb.create_sheet("計畫內容")
        sheet.append(["工作要項", "工作重點", "執行方法", "業務單位", "查核月份", "備註"])
        for row in rows:
            sheet.append(row)
        sheet.merged_cells = [CellRange(min_row=a, min_col=b, max_row=c, max_col=d) for a, b, c, d in merges]
        wb.save(folder / "plain.xlsx")

    baseline = clock(plain, repeat)
    return {"value": value, "baseline": baseline, "extra": {"rows": len(rows), "merges": len(merges)}}


def pdf_lines(ws: Any, plan: Any) -> tuple[list[str], list[str]]:
    """Return the lines of the table header and of the body the PDF prints, cut at a fixed count (no measuring).

    Each paragraph (title, sections, 要項, 重點, method title + body, each unit, the months, the note lines)
    is cut every n characters, n = the column's inner width (the export's column widths) / 12 pt, or the
    text width / 12 pt outside the table: full-width characters at the export's 12 pt, wrapped unmeasured.
    """
    from planner.export import months_text, text_lines
    from planner.export.scope import select_for_export
    from planner.export.widths import table_shape
    from ui.render.boxes import A4, MARGIN, PAD_X

    width = (A4[1] if plan.layout.landscape else A4[0]) - 2 * MARGIN
    parts = select_for_export(ws, plan, None)
    shape = table_shape(ws, plan, parts)
    twips = shape.widths(round(width * 20))
    scale = width / (sum(twips) or 1)
    per_line = {f: max(1, int((w * scale - 2 * PAD_X) // 12)) for f, w in zip(shape.fields, twips)}
    out: list[str] = []

    def cut(texts: list[str], n: int) -> None:
        for text in texts:
            out.extend(text[i : i + n] for i in range(0, len(text), n))

    page = int(width // 12)
    for column in shape.columns:
        cut([column.header], sum(per_line[f] for f in column.fields))
    header, out = out, []
    labels = plan.numbering()
    cut([ws.agency + plan.title], int(width // 20))
    for section in plan.sections:
        cut([plan.section_label(section) + section.heading, *text_lines(section.text)], page)
    for node in plan.walk():
        field = ("item", "focus", "method")[node.level - 1]
        cut([labels[node.id] + node.title, *text_lines(node.body)], per_line.get(field, page))
        if node.is_method:
            cut(ws.unit_names(node.units), per_line.get("units", page))
            cut([months_text(node.months)] if node.months else [], per_line.get("months", page))
            cut(text_lines(node.note), per_line.get("note", page))
    return header, out


def pdf_pages(path: Path) -> int:
    """Return the number of pages of a PDF written by QPdfWriter (its /Type /Page objects)."""
    import re

    return len(re.findall(rb"/Type /Page\b", path.read_bytes()))


def case_pdf(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """export_pdf against QPdfWriter drawing every character, cut per column, on as many pages as the export.

    The baseline draws the body lines of pdf_lines evenly over the export's page count, each page with the
    table's header lines and a footer 「第 X 頁，共 Y 頁」, one drawText per line, one newPage per page.
    """
    qt_app()
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    from ui.render.pdf import export_pdf

    ws, plan = open_plan(folder)
    cpu: list[float] = []  # CPU ms as well: on a shared machine wall times swing with the load
    value = clock(lambda: export_pdf(ws, plan, folder / "out.pdf"), repeat, cpu=cpu)
    pages = pdf_pages(folder / "out.pdf")
    header, lines = pdf_lines(ws, plan)
    per_page = -(-len(lines) // max(pages, 1))
    texts = plan_texts(ws, plan)

    def begin() -> tuple[QPdfWriter, QPainter, float]:
        writer = QPdfWriter(str(folder / "plain.pdf"))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setResolution(300)
        painter = QPainter(writer)
        painter.setFont(QFont("標楷體", 12))
        return writer, painter, painter.fontMetrics().height()

    def plain() -> None:
        writer, painter, line = begin()
        step = line * 40 / (per_page + len(header) + 1)
        for number in range(1, pages + 1):
            if number > 1:
                writer.newPage()
            page = [*header, *lines[(number - 1) * per_page : number * per_page], f"第 {number} 頁，共 {pages} 頁"]
            for i, text in enumerate(page):
                painter.drawText(QPointF(200, 200 + step * (i + 1)), text)
        painter.end()

    def first60() -> None:  # the former baseline: each text once, its first 60 characters, 40 lines a page
        writer, painter, line = begin()
        for i, text in enumerate(texts):
            if i and i % 40 == 0:
                writer.newPage()
            painter.drawText(QPointF(200, 200 + line * (i % 40 + 1)), text[:60])
        painter.end()

    baseline = clock(plain, repeat, cpu=cpu)
    old = clock(first60, repeat, cpu=cpu)
    extra = {
        "pages": pages,
        "lines": len(lines) + pages * (len(header) + 1),
        "chars": sum(map(len, lines)) + pages * sum(map(len, header)),
        "cpu_ms": round(cpu[0]),
        "baseline_cpu_ms": round(cpu[1]),
        "pdf-first60_ms": round(old),
        "pdf-first60_cpu_ms": round(cpu[2]),
        "ratio_first60": round(value / old, 2),
    }
    return {"value": value, "baseline": baseline, "extra": extra}


def _import(folder: Path, name: str) -> tuple[float, float]:
    """Return the ms of read_plan_file and of apply_import of an exported file into a fresh workspace."""
    from common import AGENCY, UNITS

    from planner.importers import apply_import, read_plan_file
    from planner.workspace import create_workspace

    target = folder / f"import-{os.getpid()}-{time.monotonic_ns()}.planner"
    dest = create_workspace(target, AGENCY, UNITS)
    try:
        gc.collect()
        start = time.perf_counter()
        result = read_plan_file(folder / name)
        read = time.perf_counter()
        apply_import(dest, result)
        return (read - start) * 1000, (time.perf_counter() - read) * 1000
    finally:
        dest.close()
        for path in folder.glob(target.name + "*"):
            path.unlink()


def _alternated(folder: Path, name: str, repeat: int, plain: Callable[[], None]) -> dict[str, Any]:
    """Time importing a file and its baseline alternately, at least twice each, and keep the best of each.

    The first large run in a process grows the heap (page faults for hundreds of MB of tree), so whichever
    side ran first used to be slower: at 50,000 methods, run once each, python-docx took 2.4 s first and
    1.6 s second. Alternating and keeping each side's best compares the two on the same warm heap.
    """
    runs, base = [], float("inf")
    for _ in range(max(repeat, 2)):
        base = min(base, clock(plain, 1))
        runs.append(_import(folder, name))
    read, apply = min(runs, key=sum)
    return {"value": read + apply, "baseline": base, "extra": {"read_ms": round(read), "apply_ms": round(apply)}}


def case_docx_import(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """Importing the exported .docx against python-docx opening it and reading every w:t."""
    from docx import Document
    from docx.oxml.ns import qn

    def plain() -> None:
        doc = Document(str(folder / "plan.docx"))
        sum(len(t.text or "") for t in doc.element.body.iter(qn("w:t")))

    return _alternated(folder, "plan.docx", repeat, plain)


def case_xlsx_import(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """Importing the exported .xlsx against openpyxl read-only reading every cell value."""
    from openpyxl import load_workbook

    def plain() -> None:
        wb = load_workbook(folder / "plan.xlsx", read_only=True)
        for sheet in wb.worksheets:
            for row in sheet.iter_rows(values_only=True):
                sum(1 for v in row if v is not None)
        wb.close()

    return _alternated(folder, "plan.xlsx", repeat, plain)


def case_summary(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """The June 執行情形總表 (.xlsx) against openpyxl write-only writing one row per method."""
    from openpyxl import Workbook

    from planner.packets import export_summary

    ws, plan = open_plan(folder)
    value = clock(lambda: export_summary(ws, plan, 6, folder / "summary.xlsx"), repeat)
    labels = plan.numbering()
    rows = [
        [labels[m.id] + m.title, "、".join(ws.unit_names(m.units)), m.body, "", ""]
        for m in plan.methods()
        if 6 in m.months
    ]

    def plain() -> None:
        wb = Workbook(write_only=True)
        sheet = wb.create_sheet("總表")
        for row in rows:
            sheet.append(row)
        wb.save(folder / "plain-summary.xlsx")

    return {"value": value, "baseline": clock(plain, repeat), "extra": {"rows": len(rows)}}


def case_show(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """planner-cli show --json against opening, loading and dumping the same texts as JSON."""
    from planner import cli
    from planner.workspace import open_workspace

    ws, plan = open_plan(folder)
    year = plan.year
    ws.close()

    def show() -> None:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = cli.main(["show", str(folder / "bench.planner"), "--year", str(year), "--json"])
        if code != 0 or not out.getvalue().startswith("{"):
            raise SystemExit(f"show failed: {code}")

    def plain() -> None:
        with open_workspace(folder / "bench.planner", read_only=True, backup=False) as other:
            shown = other.plan(year)
            data = [[n.title, n.body, n.note, n.units, n.months] for n in shown.walk()]
            json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    return {"value": clock(show, repeat), "baseline": clock(plain, repeat)}


def _window(folder: Path, writable: bool = False) -> tuple[Any, Any, Any, Any]:
    """Return (app, window, ws, plan): the main window shown on the size's workspace, first paint done."""
    app = qt_app()
    from PySide6.QtCore import QSettings

    from ui.shell.main_window import MainWindow

    ws, _ = open_plan(folder, writable)
    window = MainWindow(QSettings(str(folder / f"settings-{os.getpid()}.ini"), QSettings.Format.IniFormat))
    window.set_workspace(ws)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    return app, window, ws, window.plan


def case_filter(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """The worst of four find-bar changes (typing two words, a unit, a month) against a plain text scan."""
    app, window, ws, plan = _window(folder)
    window.show_filter()
    units = ws.units()
    steps = [("服務", None, None), ("服務 品質", None, None), ("", units[1].id, None), ("", None, 6)]
    times, cpu = [], []
    for _ in range(repeat):
        for criteria in [*steps, ("", None, None)]:
            gc.collect()
            start, cpu_start = time.perf_counter(), time.process_time()
            window._filter(*criteria)
            app.processEvents()
            if criteria[0] or criteria[1] or criteria[2]:
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - cpu_start) * 1000)
    worst = max(min(times[i :: len(steps)]) for i in range(len(steps)))
    worst_cpu = max(min(cpu[i :: len(steps)]) for i in range(len(steps)))

    def plain() -> None:
        words = ["服務", "品質"]
        sum(
            1
            for n in plan.walk()
            if all(w in f"{n.title}\n{n.body}\n{n.note}".casefold() for w in words) or units[1].id in n.units
        )

    return {"value": worst, "baseline": clock(plain, repeat), "extra": {"cpu_ms": round(worst_cpu, 1)}}


def case_edits(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """The worst of add, move, delete and undo with the window open, against the same edits without one."""
    from planner import operations

    cpu: dict[str, float] = {}

    def edits(ws: Any, plan: Any, settle: Callable[[], object]) -> dict[str, float]:
        focus = plan.items[2].children[1]
        out: dict[str, float] = {}
        cpu.clear()
        for _ in range(repeat):
            steps: list[tuple[str, Callable[[], object]]] = [
                ("add", lambda: operations.add_node(ws, plan, focus.id, 0, "新方法")),
                ("move", lambda: operations.move_node(ws, plan, focus.children[0].id, focus.id, len(focus.children))),
                ("delete", lambda: operations.delete_node(ws, plan, focus.children[-1].id)),
                ("undo", ws.undo),
                ("undo-move", ws.undo),
                ("undo-add", ws.undo),
            ]
            for name, step in steps:
                gc.collect()
                start, cpu_start = time.perf_counter(), time.process_time()
                step()
                settle()
                out[name] = min(out.get(name, float("inf")), (time.perf_counter() - start) * 1000)
                cpu[name] = min(cpu.get(name, float("inf")), (time.process_time() - cpu_start) * 1000)
        return out

    ws, plan = open_plan(folder, writable=True)
    bare = edits(ws, plan, lambda: None)
    ws.close()
    app, _kept, wws, wplan = _window(folder, writable=True)  # the window stays open while the edits run
    windowed = edits(wws, wplan, app.processEvents)
    worst = max(windowed, key=windowed.get)
    return {
        "value": windowed[worst],
        "baseline": bare[worst],
        "extra": {"worst": worst, **{k: round(v, 1) for k, v in windowed.items()}, "cpu_ms": round(cpu[worst], 1)},
    }


def case_preview(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """Peak RSS of the print preview (layout, the dialog shown, first, middle and last pages painted) in MB."""
    app = qt_app()
    from ui.dialogs.print_preview import PreviewDialog
    from ui.render.layout import layout_sheets

    ws, plan = open_plan(folder)
    loaded = peak_mb()
    start = time.perf_counter()
    sheets = layout_sheets(ws, plan)
    dialog = PreviewDialog(sheets, lambda landscape: sheets, lambda d: False)
    dialog.resize(1000, 800)
    dialog.show()
    app.processEvents()
    dialog.view.viewport().repaint()
    ms = (time.perf_counter() - start) * 1000
    for page in (dialog.view.count() // 2, dialog.view.count()):
        dialog.view.go_to(page)
        dialog.view.viewport().repaint()
    return {"value": peak_mb(), "baseline": loaded, "extra": {"ms": round(ms), "pages": dialog.view.count()}}


START_APP = """
import sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["planner"])
BARE = sys.argv[2] == "bare"
if BARE:
    from PySide6.QtWidgets import QMainWindow, QTreeView
    from PySide6.QtGui import QStandardItemModel
    window = QMainWindow()
    tree = QTreeView(window)
    tree.setModel(QStandardItemModel(tree))
    window.setCentralWidget(tree)
else:
    from ui import app as planner_app
    planner_app.configure(app)
    window = planner_app.MainWindow(QSettings(sys.argv[3], QSettings.Format.IniFormat))
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(time.time() - t0)
            sys.stdout.flush()
            QTimer.singleShot(0, app.quit)
            window.removeEventFilter(self)
        return False
painted = Painted()
window.installEventFilter(painted)  # the window's own first paint: its children paint in the same pass
window.resize(1000, 700)
window.show()
app.exec()
"""


def case_start(folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """GUI start to the first paint of the main window against a bare QMainWindow with a QTreeView."""
    # compiled once into a private cache, as an installed app is (the shell may forbid writing bytecode)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")

    def started(kind: str, runs: int = repeat) -> float:
        times = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", START_APP, repr(time.time()), kind, str(folder / "start.ini")],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                timeout=120,
                check=True,
            )
            times.append(float(out.stdout.split()[0]) * 1000)
        return min(times)

    started("bare", 1), started("app", 1)  # warm the bytecode cache
    bare, app = started("bare"), started("app")  # alternate so both see the same load
    bare, app = min(bare, started("bare")), min(app, started("app"))
    return {"value": app, "baseline": bare}


RUNNERS: dict[str, Callable[[Path, int, int], dict[str, Any]]] = {
    "build": case_build,
    "docx": case_docx,
    "xlsx": case_xlsx,
    "pdf": case_pdf,
    "docx-import": case_docx_import,
    "xlsx-import": case_xlsx_import,
    "summary": case_summary,
    "show": case_show,
    "filter": case_filter,
    "edits": case_edits,
    "preview": case_preview,
    "start": case_start,
}


# ---------------------------------------------------------------- the driver


def run_case(name: str, folder: Path, methods: int, repeat: int) -> dict[str, Any]:
    """Run one case in a fresh process and return its JSON record (or the error)."""
    command = [sys.executable, __file__, "--case", name, "--methods", str(methods), "--folder", str(folder)]
    command += ["--repeat", str(repeat)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1], "wall_s": 0}
    record = json.loads(lines[-1])
    record["wall_s"] = round(time.perf_counter() - start, 1)
    return record


def goal_text(name: str, methods: int, record: dict[str, Any], largest: int) -> str:
    """Return the goal of a figure and whether it is met ("" when the goal does not apply at this size)."""
    kind, limit = GOALS[name]
    if kind == "ratio":
        if methods != largest or record.get("baseline") in (None, 0):
            return ""
        ratio = record["value"] / record["baseline"]
        return f"≤ {limit:g}×  {'ok' if ratio <= limit else 'OVER'}"
    if methods not in limit:
        return ""
    unit = "MB" if kind == "MB" else "ms"
    return f"≤ {limit[methods]:g} {unit}  {'ok' if record['value'] <= limit[methods] else 'OVER'}"


def machine() -> dict[str, str]:
    """Return the machine's processors, CPU model, Python and PySide6 versions."""
    model = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import PySide6

    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "platform": platform.platform(),
        "load_average": " ".join(f"{v:.1f}" for v in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the cases (or, with --case, one case in this process) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,5000,50000", help="methods per plan, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure below --big (best kept)")
    parser.add_argument("--big", type=int, default=50000, help="sizes from this one run once")
    parser.add_argument("--only", default="", help="cases to run, comma-separated (default all)")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "run_all.json")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--methods", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        record = RUNNERS[args.case](args.folder, args.methods, args.repeat)
        print(json.dumps(record, ensure_ascii=False))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    cases = [c for c in args.only.split(",") if c] or CASES
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    results: dict[str, dict[str, Any]] = {}
    header = f"{'case':<12}{'methods':>8}{'figure':>12}{'baseline':>12}{'ratio':>8}   goal"
    print(header)
    with tempfile.TemporaryDirectory(prefix="planner-bench-all-") as tmp:
        for methods in sizes:
            folder = Path(tmp) / str(methods)
            folder.mkdir()
            built = run_case("build", folder, methods, 1)
            if "error" in built:
                print(f"build {methods}: {built['error']}")
                continue
            repeat = 1 if methods >= args.big else args.repeat
            for name in cases:
                record = run_case(name, folder, methods, repeat)
                results.setdefault(name, {})[str(methods)] = record
                if "error" in record:
                    print(f"{name:<12}{methods:>8}   ERROR {record['error']}")
                    continue
                unit = UNIT.get(name, "ms")
                base = record.get("baseline")
                ratio = f"{record['value'] / base:>7.2f}×" if base else f"{'':>8}"
                base_text = f"{base:>9.1f}{unit}" if base is not None else f"{'':>12}"
                extra = " ".join(f"{k}={v}" for k, v in record.get("extra", {}).items())
                print(
                    f"{name:<12}{methods:>8}{record['value']:>10.1f}{unit}{base_text}{ratio}   "
                    f"{goal_text(name, methods, record, sizes[-1])}  {extra}",
                    flush=True,
                )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps({"machine": info, "sizes": sizes, "results": results}, ensure_ascii=False, indent=1) + "\n"
    )
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time the 查核行事曆 tab of the main window on a synthetic 5,000-method plan.

Run:  .venv/bin/python benchmarks/bench_calendar.py [--methods 5000] [--repeat 5]
      (offscreen by default; under xvfb-run with QT_QPA_PLATFORM=xcb for a real X server)

The plan comes from common.make_plan_data (6 要項 × 4 重點, 1–3 of 4 units, review months
from six patterns), with progress recorded for about a third of the entries of the first half-year
and "today" set to 15 July of the plan year. Figures, in milliseconds (best of --repeat, the first
opening also on its own):

- open tab: switch to the tab with the calendar out of date: build_calendar, strip, month tree,
  per-unit table, and the first paint of the window;
- open tab (December): the same with December shown, the month with the most entries;
- unit filter: choose one unit in the filter, and back to 全部單位 (rebuild + paint each);
- month switch: click from July to December (no rebuild, the month's tree + paint);
- progress edit: record one entry's status through the form (library edit + rebuild + paint);
- hidden edit: change a method's months while the calendar tab is hidden (the calendar only
  notes it is out of date).

Lines starting SLOW: name figures over their limits (opening the tab 500 ms). Results go to
benchmarks/results/calendar.json (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, YEAR, make_plan_data, save_results, timed
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from planner import operations, progress
from planner.build import add_plan_from_data
from planner.numerals import roc_to_ad
from planner.workspace import create_workspace
from ui.shell.main_window import MainWindow

LIMIT_OPEN_MS = 500.0


def settle(app: QApplication, window: MainWindow) -> None:
    """Process pending events (layouts) and paint the window now."""
    app.processEvents()
    window.repaint()


def record_progress(ws, plan) -> int:
    """Record progress for about a third of the entries due from January to June, in one edit per record."""
    n = 0
    for i, method in enumerate(plan.methods()):
        for month in method.months:
            if month > 6 or i % 3:
                continue
            for unit_id in method.units:
                progress.set_progress(ws, plan, method.id, month, unit_id, "done", "已依計畫辦理完成。", None)
                n += 1
    ws.clear_history()
    return n


def run(methods: int, repeat: int) -> dict[str, float | int]:
    """Build the workspace and window, return the figures."""
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-calendar-"))
    ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
    add_plan_from_data(ws, make_plan_data(methods))
    plan = ws.plan(YEAR)
    records = record_progress(ws, plan)
    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    page = window.calendar
    page.set_today(dt.date(roc_to_ad(YEAR), 7, 15))
    window.set_workspace(ws)
    window.resize(1366, 860)
    window.show()
    settle(app, window)
    out: dict[str, float | int] = {"methods": methods, "records": records}

    def open_tab() -> float:
        window.tabs.setCurrentWidget(window.content)
        settle(app, window)
        page.set_today(page.today())  # hidden: only marks the calendar out of date
        assert page.dirty
        return timed(lambda: (window.tabs.setCurrentWidget(page), settle(app, window)))

    out["open tab, first"] = open_tab()
    out["open tab"] = min(open_tab() for _ in range(repeat))
    out["entries in July"] = len(page.current_month().due)
    page.select_month(12)
    out["entries in December"] = len(page.current_month().due)
    out["open tab (December)"] = min(open_tab() for _ in range(repeat))

    def filter_units() -> float:
        one = timed(lambda: (page.choose_unit(ws.units()[1].id), settle(app, window)))
        back = timed(lambda: (page.choose_unit(None), settle(app, window)))
        return max(one, back)

    out["unit filter"] = min(filter_units() for _ in range(repeat))

    def switch_month() -> float:
        page.select_month(7)
        settle(app, window)
        return timed(lambda: (page.select_month(12), settle(app, window)))

    out["month switch"] = min(switch_month() for _ in range(repeat))

    def edit_progress() -> float:
        index = page.model.index(0, 0, page.model.index(0, 0))
        page.tree.setCurrentIndex(index)
        form = page.form
        status = "doing" if form.status.currentData() != "doing" else "done"
        form.status.setCurrentIndex(form.status.findData(status))
        return timed(lambda: (form.status.activated.emit(form.status.currentIndex()), settle(app, window)))

    out["progress edit"] = min(edit_progress() for _ in range(repeat))
    out["last build (no paint)"] = page.last_build_ms

    window.tabs.setCurrentWidget(window.content)
    settle(app, window)
    method = plan.methods()[len(plan.methods()) // 2]

    def hidden_edit() -> float:
        months = [1] if method.months != [1] else [2]
        return timed(lambda: operations.set_months(ws, plan, method.id, months))

    out["hidden edit"] = min(hidden_edit() for _ in range(repeat))
    window.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Run, print the figures and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000, help="methods in the plan (default 5000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the best is kept (default 5)")
    parser.add_argument("--output", type=Path, help="JSON file to write (default benchmarks/results/calendar.json)")
    args = parser.parse_args(argv)
    figures = run(args.methods, args.repeat)
    for name, value in figures.items():
        shown = f"{value:10.1f} ms" if isinstance(value, float) else f"{value:10,d}"
        print(f"{name:26s}{shown}")
    slow = [n for n in ("open tab, first", "open tab", "open tab (December)") if figures[n] > LIMIT_OPEN_MS]
    for name in slow:
        print(f"SLOW: {name} {figures[name]:.0f} ms > {LIMIT_OPEN_MS:.0f} ms")
    save_results("calendar", {"qpa": os.environ["QT_QPA_PLATFORM"], "figures": figures}, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())

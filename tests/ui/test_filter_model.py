"""The find filter stays linear in the plan: one pass per criteria change, set lookups per row."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from planner.build import add_plan_from_data
from tests.ui.helpers import make_window, rows
from ui.editor import tree_filter, tree_model
from ui.editor.filter_model import NodeFilter


def wide_plan(ws, methods_per_focus: int):
    """Add a plan of 2 要項 × 2 重點 with many methods; every 50th method says 網站."""
    items = []
    for i in range(2):
        focuses = []
        for f in range(2):
            methods = [
                {"title": f"方法{i}{f}{m}", "body": "公告於網站" if m % 50 == 7 else "一般說明", "units": ["行政課"]}
                for m in range(methods_per_focus)
            ]
            focuses.append({"title": f"重點{i}{f}", "methods": methods})
        items.append({"title": f"要項{i}", "focuses": focuses})
    return add_plan_from_data(ws, {"year": 114, "title": "計畫", "items": items})


def count_calls(monkeypatch, owner: type, name: str) -> list[int]:
    """Count the calls of a method."""
    calls = [0]
    original = getattr(owner, name)

    def counted(self, *args):
        calls[0] += 1
        return original(self, *args)

    monkeypatch.setattr(owner, name, counted)
    return calls


def filter_calls(qtbot, settings, ws, monkeypatch, methods_per_focus: int) -> tuple[int, int, list[str]]:
    """Return (indexes made, nodes matched, rows shown) of one criteria change on 4 × methods_per_focus methods.

    The model's index() and parent() make one index each, so the indexes made count Qt's questions.
    """
    wide_plan(ws, methods_per_focus)
    window = make_window(qtbot, settings, ws)
    window.model.set_criteria("方法")  # every method matches
    QApplication.processEvents()
    made = [0]
    original = tree_filter._create_index

    def counted(*args):
        made[0] += 1
        return original(*args)

    monkeypatch.setattr(tree_filter, "_create_index", counted)
    monkeypatch.setattr(tree_model, "_create_index", counted)
    matched = count_calls(monkeypatch, NodeFilter, "node_matches")
    window._filter("網站", None, None)  # the next keystroke hides all but one in fifty
    QApplication.processEvents()  # the view lays the shown rows out
    return made[0], matched[0], rows(window)


def test_filter_shows_matches_with_ancestors_and_descendants(qtbot, settings, ws, model_check):
    wide_plan(ws, 60)
    window = make_window(qtbot, settings, ws)
    model_check(window.model)
    proxy = window.model
    proxy.set_criteria("網站")
    shown = rows(window)
    assert shown[:3] == ["一、要項0", "  (一)重點00", "    8.方法007"]
    assert proxy.count_matches() == 8 and len(shown) == 8 + 4 + 2
    proxy.set_criteria("重點01")  # a 重點 matches: all its methods show, below their 要項
    assert rows(window)[:2] == ["一、要項0", "  (二)重點01"] and len(rows(window)) == 2 + 60
    proxy.set_criteria("")
    assert len(rows(window)) == 2 + 4 + 240 and not proxy.filter_active


def test_one_keystroke_is_linear_in_the_plan(qtbot, settings, ws, monkeypatch):
    """One walk of the plan, and Qt asks the model about the rows it shows, not about the hidden ones.

    Under the old QSortFilterProxyModel one keystroke asked parent() ~ N² times (4 million at 5,000 methods).
    """
    made, matched, shown = filter_calls(qtbot, settings, ws, monkeypatch, 1000)  # 4,000 methods
    assert len(shown) == 80 + 4 + 2
    assert matched == 4000 + 4 + 2  # each node is matched once
    assert len(shown) < made < 20 * len(shown), made  # a layout of every row would be > 4,000

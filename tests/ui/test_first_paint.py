"""after_first_paint: the callable runs once, after a window's first paint, or after the fallback delay."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.common.first_paint import after_first_paint


def test_runs_once_after_the_first_paint(qtbot):
    painted: list[bool] = []
    calls: list[bool] = []

    class Probe(QWidget):
        def paintEvent(self, event) -> None:
            painted.append(True)
            super().paintEvent(event)

    watcher = after_first_paint(lambda: calls.append(bool(painted)), fallback_ms=60_000)
    assert calls == [] and watcher.pending  # not run at once
    widget = Probe()
    qtbot.addWidget(widget)
    widget.resize(200, 100)
    widget.show()
    qtbot.waitUntil(lambda: calls != [])
    assert calls == [True] and not watcher.pending  # ran after the paint
    widget.update()
    qtbot.wait(50)
    assert calls == [True]  # once


def test_runs_after_the_fallback_without_a_paint(qtbot):
    calls: list[int] = []
    watcher = after_first_paint(lambda: calls.append(1), fallback_ms=30)
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    assert not watcher.pending
    qtbot.wait(60)
    assert calls == [1]

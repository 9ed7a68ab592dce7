"""after_first_paint: the callable runs once, after the watched window's first paint, or after the fallback delay."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.common.first_paint import after_first_paint


class Probe(QWidget):
    """A widget that notes its paints."""

    def __init__(self, painted: list[str], name: str) -> None:
        super().__init__()
        self.painted, self.name = painted, name

    def paintEvent(self, event) -> None:
        self.painted.append(self.name)
        super().paintEvent(event)


def test_runs_once_after_the_watched_window_first_paints(qtbot):
    painted: list[str] = []
    calls: list[list[str]] = []
    window, other = Probe(painted, "window"), Probe(painted, "other")
    qtbot.addWidget(window)
    qtbot.addWidget(other)
    watcher = after_first_paint(window, lambda: calls.append(list(painted)), fallback_ms=60_000)
    assert calls == [] and watcher.pending  # not run at once
    other.resize(120, 80)
    other.show()
    qtbot.waitUntil(lambda: "other" in painted)
    qtbot.wait(30)
    assert calls == [] and watcher.pending  # another window's paint is not the one watched
    window.resize(200, 100)
    window.show()
    qtbot.waitUntil(lambda: calls != [])
    assert "window" in calls[0] and not watcher.pending  # ran after the watched window's paint
    window.update()
    qtbot.wait(50)
    assert len(calls) == 1  # once


def test_runs_after_the_fallback_without_a_paint(qtbot):
    calls: list[int] = []
    window = QWidget()
    qtbot.addWidget(window)
    watcher = after_first_paint(window, lambda: calls.append(1), fallback_ms=30)  # never shown
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    assert not watcher.pending
    qtbot.wait(60)
    assert calls == [1]

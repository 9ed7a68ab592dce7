"""Run a callable just after a window first paints (the start page shows before a file opens)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

# When no paint comes (a window started minimised, a platform without exposure), run anyway after this long.
FALLBACK_MS = 1000


class AfterFirstPaint(QObject):
    """Watches one widget's events for its first paint, then runs its callable once from the event loop.

    Only the widget is watched, not the application: an application-wide filter would hand every event of
    every object to Python until then, and wrapping Qt's internal objects (the toolbar's layout animation
    timer) makes PySide set up a hundred classes it never needs (~25 ms of the start).
    """

    def __init__(self, widget: QWidget, fn: Callable[[], object], fallback_ms: int = FALLBACK_MS) -> None:
        super().__init__(widget)
        self._widget: QWidget | None = widget
        self._fn: Callable[[], object] | None = fn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)
        widget.installEventFilter(self)
        self._timer.start(fallback_ms)

    @property
    def pending(self) -> bool:
        """Return whether the callable has not run yet."""
        return self._fn is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the widget's first paint event, schedule the callable for when the paint is done."""
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            self._remove_filter()
            self._timer.start(0)  # after this paint (children included) and the flush to the screen
        return False

    def _remove_filter(self) -> None:
        if self._widget is not None:
            self._widget.removeEventFilter(self)
            self._widget = None

    def _run(self) -> None:
        fn, self._fn = self._fn, None
        self._remove_filter()
        if fn is not None:
            fn()


def after_first_paint(widget: QWidget, fn: Callable[[], object], fallback_ms: int = FALLBACK_MS) -> AfterFirstPaint:
    """Run fn once, from the event loop, as soon as the widget has been painted (or after fallback_ms)."""
    return AfterFirstPaint(widget, fn, fallback_ms)

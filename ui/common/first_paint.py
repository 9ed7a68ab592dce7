"""Run a callable just after the application first paints a window (the start page shows before a file opens)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

log = logging.getLogger(__name__)

# When no paint comes (a window started minimised, a platform without exposure), run anyway after this long.
FALLBACK_MS = 1000


class AfterFirstPaint(QObject):
    """Watches the application's events for the first paint, then runs its callable once from the event loop."""

    def __init__(self, fn: Callable[[], object], fallback_ms: int = FALLBACK_MS) -> None:
        app = QCoreApplication.instance()
        super().__init__(app)
        self._fn: Callable[[], object] | None = fn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)
        if app is not None:
            app.installEventFilter(self)
        self._timer.start(fallback_ms)

    @property
    def pending(self) -> bool:
        """Return whether the callable has not run yet."""
        return self._fn is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first paint event, schedule the callable for when the paint is done."""
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            self._remove_filter()
            self._timer.start(0)  # after this paint and the flush to the screen
        return False

    def _remove_filter(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _run(self) -> None:
        fn, self._fn = self._fn, None
        self._remove_filter()
        if fn is not None:
            fn()


def after_first_paint(fn: Callable[[], object], fallback_ms: int = FALLBACK_MS) -> AfterFirstPaint:
    """Run fn once, from the event loop, as soon as a window has been painted (or after fallback_ms)."""
    return AfterFirstPaint(fn, fallback_ms)

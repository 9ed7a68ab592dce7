"""Keep top-level windows and dialogs on small screens (1366×768 with a taskbar): sizes come from the screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

log = logging.getLogger(__name__)

# Room for the window frame the system draws around a top-level widget (borders, title bar).
FRAME = QSize(16, 38)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """Return the part of the widget's screen that windows may use (the desktop minus taskbars)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def largest_size(widget: QWidget | None = None) -> QSize:
    """Return the largest client size whose frame still fits the available area."""
    area = available_geometry(widget)
    return QSize(max(area.width() - FRAME.width(), 320), max(area.height() - FRAME.height(), 240))


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None) -> QSize:
    """Resize a top-level widget to the wanted size (default: its current one) clamped to the screen, on screen."""
    most = largest_size(widget)
    wanted = QSize(width or widget.width(), height or widget.height())
    size = wanted.boundedTo(most)
    if size != wanted:
        log.debug("%s sized %sx%s to fit the screen", widget.objectName(), size.width(), size.height())
    widget.resize(size)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_Moved):
        return size  # not placed yet: the system centres it (a dialog over its window)
    area = available_geometry(widget)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() - size.width() - FRAME.width()))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() - size.height() - FRAME.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)
    return size


def scrolling(widget: QWidget) -> QScrollArea:
    """Return a frameless scroll area holding widget, so a low screen scrolls it instead of growing the window."""
    area = QScrollArea(widget.parentWidget())
    area.setObjectName(f"{widget.objectName() or 'widget'}_scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area

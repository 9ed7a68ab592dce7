"""The app icon: the PNG sizes rendered from resources/icons/planner.svg (no SVG plugin needed)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from planner.resources import resource_path

log = logging.getLogger(__name__)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Return the app icon with every rendered size."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"planner-{size}.png")
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
        else:
            log.warning("icon file missing: %s", path)
    return icon


def app_pixmap(size: int) -> QPixmap:
    """Return the icon drawn at a size (the nearest rendered PNG, scaled when needed)."""
    return app_icon().pixmap(QSize(size, size))

"""The ROC year spin box (民國 115 年度) of the new plan, new workspace and import dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QSizePolicy, QSpinBox, QWidget

from planner.numerals import MAX_YEAR, MIN_YEAR, ad_to_roc


def year_box(parent: QWidget, name: str, value: int) -> QSpinBox:
    """Return an ROC year spin box (民國 115 年度) that keeps its natural width."""
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(MIN_YEAR, MAX_YEAR)
    box.setPrefix("民國 ")
    box.setSuffix(" 年度")
    box.setValue(value)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box


def this_roc_year() -> int:
    """Return the current ROC year."""
    return ad_to_roc(dt.date.today().year)

"""Guards against Qt binding builds that would crash the app."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot):
    """PySide6 6.12.0 on Python 3.11 lost a reference to None per void call until the interpreter aborted."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("測試")
    assert sys.getrefcount(None) >= before - 50

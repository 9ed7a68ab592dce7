"""Qt's file dialog speaks Chinese throughout once the app's translations are installed."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

from ui import app
from ui.common.qt_texts import QtTextsTranslator

ENGLISH = re.compile(r"[A-Za-z]{2,}")


def shown_texts(dialog: QFileDialog) -> list[str]:
    """Return the labels, button texts and tooltips the dialog shows."""
    texts = []
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if widget.isVisibleTo(dialog) and widget.text():
            texts.append(widget.text())
        if widget.isVisibleTo(dialog) and widget.toolTip():
            texts.append(widget.toolTip())
    return texts


def test_open_and_save_dialogs_have_no_english_label(qapp, qtbot, tmp_path):
    translator = app.configure(qapp)
    try:
        for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
            dialog = QFileDialog(None, "開啟工作區", str(tmp_path), "計畫工作區 (*.planner);;所有檔案 (*)")
            qtbot.addWidget(dialog)
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.setAcceptMode(mode)
            dialog.show()
            texts = shown_texts(dialog)
            assert "查詢(&L)：" in texts and "檔案類型(&T)：" in texts
            english = [t for t in texts if ENGLISH.search(t.replace("&", ""))]
            assert english == [], english
            dialog.close()
    finally:
        for extra in qapp.findChildren(QtTextsTranslator):
            qapp.removeTranslator(extra)
        if translator is not None:
            qapp.removeTranslator(translator)

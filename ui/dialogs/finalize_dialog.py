"""The 定稿 dialog: the date (ROC, 115/01/20) and the 文號 a plan is issued under."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from planner.errors import BadInput
from planner.rounds import roc_date
from planner.versions import issued_line


class FinalizeDialog(QDialog):
    """Ask for a date and a 文號; values() returns (date, doc_number)."""

    def __init__(self, kind: str, doc_number: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("finalize_dialog")
        self.setWindowTitle(kind)
        column = QVBoxLayout(self)
        intro = QLabel(f"以這一天和文號把計畫目前的內容{kind}；之後的修改是修正草案。", self)
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        self.date = QLineEdit(roc_date(dt.date.today()), self)
        self.date.setObjectName("finalize_date")
        self.date.setPlaceholderText("民國年/月/日，例如 115/01/20")
        form.addRow("日期", self.date)
        self.doc = QLineEdit(doc_number, self)
        self.doc.setObjectName("finalize_doc")
        self.doc.setPlaceholderText("例：星圖秘字第1150001號")
        form.addRow("文號", self.doc)
        self.preview = QLabel(self)
        self.preview.setObjectName("finalize_preview")
        self.preview.setWordWrap(True)
        form.addRow("發布文號", self.preview)
        column.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(kind)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        for edit in (self.date, self.doc):
            edit.textChanged.connect(lambda _t: self._show())
        self._show()

    def _show(self) -> None:
        """Preview the 發布文號 line, or say what is wrong; OK only when both fields are right."""
        try:
            line = issued_line(self.date.text(), self.doc.text().strip())
            if not self.doc.text().strip():
                raise BadInput("請填寫文號。")
            self.preview.setText(line)
            self.ok.setEnabled(True)
        except BadInput as exc:
            self.preview.setText(str(exc))
            self.ok.setEnabled(False)

    def values(self) -> tuple[str, str]:
        """Return (date, doc_number) as typed."""
        return self.date.text().strip(), self.doc.text().strip()

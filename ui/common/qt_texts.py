"""Qt's own texts that qtbase_zh_TW.qm leaves in English (the file dialog's 「Look in:」, 「Files of type:」)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

MISSING = {
    ("QFileDialog", "&Look in:"): "查詢(&L)：",
    ("QFileDialog", "Files of &type:"): "檔案類型(&T)：",
    ("QFileDialog", "File name:"): "檔名：",
    ("QFileDialog", "Computer"): "電腦",
    ("QFileDialog", "Open File"): "開啟檔案",
    ("QFileDialog", "Save File"): "儲存檔案",
}


class QtTextsTranslator(QTranslator):
    """Answers the few Qt strings the shipped Traditional Chinese translation lacks; others pass through."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        """Return our Chinese for a missing Qt string, None (a null string: ask the next translator) otherwise."""
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:
        """The translator always has texts."""
        return False


def install(app: QCoreApplication) -> QtTextsTranslator:
    """Install after qtbase_zh_TW (the last installed is asked first)."""
    translator = QtTextsTranslator(app)
    app.installTranslator(translator)
    return translator

"""Every QAction of the main window: names, texts, shortcuts; the window wires what they do."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

Key = QKeySequence.StandardKey


class Actions(QObject):
    """Holds the actions; tree_only ones fire by key only while the tree has focus."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.tree_only: list[QAction] = []
        # 檔案
        self.new_workspace = self._make("new_workspace", "新增工作區…", Key.New)
        self.open = self._make("open", "開啟…", Key.Open)
        self.save_as = self._make("save_as", "另存新檔…", Key.SaveAs, "Ctrl+Shift+S")
        self.restore_backup = self._make("restore_backup", "從備份還原…")
        self.restore_backup.setStatusTip("列出這個工作區的自動備份，還原其中一份")
        self.import_plan = self._make("import_plan", "匯入計畫檔…")
        self.import_plan.setStatusTip("從 Word、Excel、ODF、PDF 或舊版 .doc/.xls 計畫檔匯入一個年度的計畫")
        self.export_word = self._make("export_word", "匯出 Word…")
        self.export_odt = self._make("export_odt", "匯出 ODF 文字文件…")
        self.export_excel = self._make("export_excel", "匯出 Excel…")
        self.export_ods = self._make("export_ods", "匯出 ODF 試算表…")
        self.export_pdf = self._make("export_pdf", "匯出 PDF…")
        # The document exports by suffix (the PDF is drawn by Qt and has its own command).
        self.document_exports = {
            ".docx": self.export_word,
            ".odt": self.export_odt,
            ".xlsx": self.export_excel,
            ".ods": self.export_ods,
        }
        self.print_preview = self._make("print_preview", "預覽列印…", "Ctrl+Shift+P")
        self.print_plan = self._make("print", "列印…", Key.Print, "Ctrl+P")
        self.export_word.setStatusTip("把計畫（整份、單一單位或單一要項）存成 Word 文件")
        self.export_odt.setStatusTip("把計畫存成 ODF 文字文件（.odt，政府文件標準格式）")
        self.export_excel.setStatusTip("把計畫表格存成 Excel 活頁簿（含計畫說明工作表）")
        self.export_ods.setStatusTip("把計畫表格存成 ODF 試算表（.ods）")
        self.export_pdf.setStatusTip("把計畫存成與列印版面相同的 PDF 文件")
        self.quit = self._make("quit", "結束", "Ctrl+Q")
        # 編輯
        self.undo = self._make("undo", "復原", Key.Undo)
        self.redo = self._make("redo", "重做", "Ctrl+Y", "Ctrl+Shift+Z")
        self.cut = self._make("cut", "剪下", Key.Cut, tree=True)
        self.copy = self._make("copy", "複製", Key.Copy, tree=True)
        self.paste = self._make("paste", "貼上", Key.Paste, tree=True)
        self.delete = self._make("delete", "刪除", Key.Delete, tree=True)
        self.find = self._make("find", "尋找…", Key.Find)
        self.bulk_edit = self._make("bulk_edit", "批次修改單位與月份…", "Ctrl+B")
        self.bulk_edit.setStatusTip(
            "一次設定、加入或移除選取方法（或重點、要項之下所有方法）的業務單位與查核月份（Ctrl+B）"
        )
        self.fix_next = self._make("fix_next", "逐項修正：下一項", "F8")
        self.fix_next.setStatusTip("依檢查結果逐項修正：選到下一個問題的項目，游標放在要修改的欄位（F8）")
        self.fix_previous = self._make("fix_previous", "逐項修正：上一項", "Shift+F8")
        self.fix_previous.setStatusTip("回到上一個檢查結果（Shift+F8）")
        # 項目
        self.add_sibling = self._make("add_sibling", "新增同層", "Return", "Enter", "Insert", tree=True)
        self.add_child = self._make("add_child", "新增下層", "Ctrl+Return", "Ctrl+Enter", tree=True)
        self.move_up = self._make("move_up", "上移", "Alt+Up", tree=True)
        self.move_down = self._make("move_down", "下移", "Alt+Down", tree=True)
        self.indent = self._make("indent", "降階", "Tab", tree=True)
        self.outdent = self._make("outdent", "升階", "Shift+Tab", tree=True)  # not also Backtab: ambiguous
        self.unnumbered = self._make("unnumbered", "不編號")
        self.unnumbered.setCheckable(True)
        self.edit_title = self._make("edit_title", "編輯標題", "F2", tree=True)
        # 計畫
        self.new_plan = self._make("new_plan", "新增年度計畫…")
        self.delete_plan = self._make("delete_plan", "刪除本年度計畫…")
        self.plan_page = self._make("plan_page", "計畫基本資料與段落", "Ctrl+2")
        self.content_page = self._make("content_page", "計畫內容", "Ctrl+1")
        self.units = self._make("units", "單位管理…")
        # 說明
        self.about = self._make("about", "關於…")

        self.undo.setStatusTip("復原上一個修改")
        self.delete.setStatusTip("刪除選取的項目及其下層")
        self.add_sibling.setStatusTip("在目前項目之後新增同一層的項目（Enter）")
        self.add_child.setStatusTip("在目前項目之下新增下一層的項目")
        self.indent.setStatusTip("成為前一個同層項目的下層（Tab）")
        self.outdent.setStatusTip("成為上層項目的下一個同層項目（Shift+Tab）")
        self.unnumbered.setStatusTip("要項或重點不編號（例如開頭的「訂定提升服務計畫」）")

    def _make(self, name: str, text: str, *keys: str | QKeySequence.StandardKey, tree: bool = False) -> QAction:
        action = QAction(text, self.parent())
        action.setObjectName(f"action_{name}")
        sequences: list[QKeySequence] = []
        for key in keys:
            sequence = QKeySequence(key)
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
        if sequences:
            action.setShortcuts(sequences)
        if tree:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.tree_only.append(action)
        return action

    def all(self) -> list[QAction]:
        """Return every action."""
        return [a for a in vars(self).values() if isinstance(a, QAction)]

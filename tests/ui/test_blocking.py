"""The one module of blocking dialogs: what it asks Qt for and what it makes of the answers.

Only here are the Qt dialog classes patched; every other test patches ui.dialogs.blocking.
"""

from __future__ import annotations

import inspect

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from ui.dialogs import blocking


def record(monkeypatch, name: str, replies: list[tuple[str, str]]) -> list[tuple]:
    """Answer QFileDialog.<name> from a queue; return the arguments of each call."""
    calls: list[tuple] = []

    def answer(*args):
        calls.append(args)
        return replies.pop(0)

    monkeypatch.setattr(QFileDialog, name, answer)
    return calls


def test_ask_export_path_adds_the_chosen_suffix(monkeypatch, tmp_path):
    kinds = [("Excel 活頁簿", ".xlsx"), ("Word 文件", ".docx")]
    replies = [(str(tmp_path / "總表"), "Word 文件 (*.docx)"), (str(tmp_path / "a.XLSX"), ""), ("", "")]
    calls = record(monkeypatch, "getSaveFileName", replies)
    assert blocking.ask_export_path(None, "t", tmp_path, kinds) == tmp_path / "總表.docx"
    assert blocking.ask_export_path(None, "t", tmp_path, kinds) == tmp_path / "a.XLSX"
    assert blocking.ask_export_path(None, "t", tmp_path, kinds) is None
    assert calls[0][3] == "Excel 活頁簿 (*.xlsx);;Word 文件 (*.docx)"


def test_choose_plan_file_offers_word_and_excel(monkeypatch, tmp_path):
    calls = record(monkeypatch, "getOpenFileName", [(str(tmp_path / "a.docx"), ""), ("", "")])
    assert blocking.choose_plan_file(None, str(tmp_path)) == tmp_path / "a.docx"
    assert blocking.choose_plan_file(None) is None
    assert calls[0][1] == "匯入計畫檔" and calls[0][2] == str(tmp_path)
    assert "*.docx *.xlsx" in calls[0][3]


def test_save_paths_get_their_suffix(monkeypatch, tmp_path):
    record(monkeypatch, "getSaveFileName", [(str(tmp_path / "副本"), ""), (str(tmp_path / "b.planner"), ""), ("", "")])
    assert blocking.save_file(None, "另存新檔") == tmp_path / "副本.planner"
    assert blocking.save_file(None, "另存新檔") == tmp_path / "b.planner"
    assert blocking.save_file(None, "另存新檔") is None
    calls = record(monkeypatch, "getSaveFileName", [(str(tmp_path / "計畫"), ""), (str(tmp_path / "x.PDF"), "")])
    assert blocking.ask_save_path(None, "匯出 PDF", "", ".pdf") == tmp_path / "計畫.pdf"
    assert blocking.ask_save_path(None, "匯出 PDF", "", ".pdf") == tmp_path / "x.PDF"
    assert calls[0][3] == "PDF 文件 (*.pdf);;所有檔案 (*)"


def test_open_file_asks_for_a_workspace(monkeypatch, tmp_path):
    calls = record(monkeypatch, "getOpenFileName", [(str(tmp_path / "w.planner"), "")])
    assert blocking.open_file(None, str(tmp_path)) == tmp_path / "w.planner"
    assert calls[0][1:] == ("開啟工作區", str(tmp_path), blocking.FILE_FILTER)


def test_ask_print_reports_the_dialog_answer(qapp, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    answers = [QDialog.DialogCode.Accepted, QDialog.DialogCode.Rejected]
    shown: list[str] = []

    def exec_(dialog):
        shown.append(dialog.windowTitle())
        return answers.pop(0)

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    printer = QPrinter()
    assert blocking.ask_print(None, printer) is True
    assert blocking.ask_print(None, printer) is False
    assert shown == ["列印", "列印"]


def test_the_dialog_log_patches_every_blocking_function(dialog_log):
    """A new blocking function is answered by dialog_log, or listed here with the tests that patch it."""
    unpatched = {
        name
        for name, fn in vars(blocking).items()
        if inspect.isfunction(fn) and fn.__module__ == blocking.__name__ and not name.startswith("_")
    }
    # patched one by one: test_calendar (ask_export_path), test_import_dialog (choose_plan_file),
    # test_print_pdf (ask_save_path, ask_print, show_preview), test_robust_gui (ask_locked),
    # test_calendar_review (ask_folder, ask_collect_paths)
    assert unpatched == {
        *("ask_export_path", "choose_plan_file", "ask_save_path", "ask_print", "show_preview", "ask_locked"),
        *("ask_folder", "ask_collect_paths"),
    }


def test_plan_file_filter_offers_every_format_the_importer_reads(tmp_path):
    from planner.importers import read_plan_file

    offered = set(blocking.PLAN_FILE_FILTER.split(";;")[0].split("(")[1].rstrip(")").split())
    assert offered == {"*.docx", "*.xlsx", "*.odt", "*.ods", "*.pdf", "*.doc", "*.xls"}
    assert read_plan_file.__doc__ is not None
    for suffix in (s.lstrip("*") for s in offered):
        assert suffix in read_plan_file.__doc__

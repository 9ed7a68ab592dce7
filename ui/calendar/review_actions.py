"""The review round's commands on the 查核行事曆 page: 產生填報表, 回收填報表 (with a preview), 催辦單, 總表.

They work on the window's open Workspace (no second open, no lock juggling): collecting validates every file
first (a dry run), shows what will change per unit and method, and applies it as ONE undoable edit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import progress
from planner.calendar import Month
from planner.errors import PlannerError
from planner.numerals import roc_to_ad
from planner.progress import STATUSES, locked_periods, records
from planner.rounds import Round, reset_round, review_round, set_round
from planner.status_colors import color
from ui.dialogs import blocking as dialogs
from ui.dialogs.round_dialog import RoundDialog

if TYPE_CHECKING:
    from planner.packets import CollectReport

# The packet writers and readers (openpyxl, python-docx) are imported when a round's command runs, not at start.

log = logging.getLogger(__name__)

PREVIEW_HEADERS = ("業務單位", "工作方法", "原辦理狀態", "新辦理狀態", "執行情形", "落後原因", "因應對策", "完成日期")


class CollectPreview(QDialog):
    """What collecting will write, per unit and method, before anything is applied."""

    def __init__(self, report: CollectReport, before: dict[tuple[int, int, int], Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("collect_preview")
        self.setWindowTitle(f"回收 {report.period}月 填報表：確認寫入")
        self.resize(980, 520)
        column = QVBoxLayout(self)
        head = QLabel(
            f"共 {len(report.files)} 個檔案：將寫入 {len(report.applied)} 筆，未變更 {len(report.unchanged)} 筆，"
            f"未填寫 {len(report.blank)} 筆。全部寫入為一次可復原的編輯。",
            self,
        )
        head.setObjectName("collect_preview_summary")
        head.setWordWrap(True)
        column.addWidget(head)
        entries = sorted(report.applied, key=lambda e: (e.unit, e.file, e.row))
        self.table = QTableWidget(len(entries), len(PREVIEW_HEADERS), self)
        self.table.setObjectName("collect_preview_table")
        self.table.setHorizontalHeaderLabels(list(PREVIEW_HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, entry in enumerate(entries):
            old = before.get((entry.node_id, report.period, entry.unit_id))
            cells = [
                entry.unit,
                entry.method,
                old.status_name if old else "（未填報）",
                STATUSES[entry.status] if entry.status else "",
                entry.text,
                entry.reason,
                entry.measure,
                entry.date or "",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 3 and entry.status:
                    item.setForeground(QColor(color(entry.status)))
                self.table.setItem(r, c, item)
        column.addWidget(self.table, 1)
        if report.warnings:
            notes = QLabel("\n".join(f"提醒：{w}" for w in report.warnings), self)
            notes.setObjectName("collect_preview_warnings")
            notes.setWordWrap(True)
            notes.setStyleSheet("color: #8a6d00;")
            column.addWidget(notes)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(f"寫入 {len(entries)} 筆", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("collect_preview_ok")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def rows(self) -> list[list[str]]:
        """Return the table's texts, row by row."""
        out = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(self.table.columnCount())]
            out.append([item.text() if item is not None else "" for item in items])
        return out


class ReviewActions(QObject):
    """The buttons of the month shown: forms out, replies in, reminders, 總表; and the round's dates."""

    def __init__(self, page: Any, run: Callable[..., Any]) -> None:
        super().__init__(page)
        self.page = page
        self._run = run
        self.widget = QWidget(page)
        self.widget.setObjectName("review_actions")
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.round_label = QLabel(self.widget)
        self.round_label.setObjectName("calendar_round")
        self.round_label.setStyleSheet("color: #37474f;")
        row.addWidget(self.round_label, 1)
        self.forms_button = self._button("review_forms", "產生填報表…", "產生本月各單位的 Excel 與 Word 填報表")
        self.collect_button = self._button("review_collect", "回收填報表…", "讀回填妥的 Excel 填報表，確認後一次寫入")
        self.remind_button = self._button("review_remind", "催辦單…", "產生尚未填報單位的 Word 催辦單")
        self.summary_button = self._button("review_summary", "總表…", "匯出本月執行情形總表（Excel 或 Word）")
        self.round_button = self._button("review_round", "查核回合…", "設定本月查核的送出日期、回收期限與寬限日數")
        self.forms_button.clicked.connect(self.make_forms)
        self.collect_button.clicked.connect(self.collect_forms)
        self.remind_button.clicked.connect(self.remind)
        self.summary_button.clicked.connect(page.save_summary)
        self.round_button.clicked.connect(self.edit_round)
        buttons = (self.round_button, self.forms_button, self.collect_button, self.remind_button, self.summary_button)
        for button in buttons:
            row.addWidget(button)
        self.show_month(None)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self.widget)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    def show_month(self, month: Month | None) -> None:
        """Show the round of a month and enable what can be done in it."""
        ws = self.page._ws
        has_due = month is not None and bool(month.due)
        writable = ws is not None and not ws.read_only
        shown = month.round if month is not None and has_due else None
        self.round_label.setText(f"{shown.period}月查核：{shown.text()}" if shown is not None else "")
        for button in (self.forms_button, self.remind_button, self.summary_button):
            button.setEnabled(has_due)
        self.collect_button.setEnabled(has_due and writable)
        self.round_button.setEnabled(has_due and writable)

    # ------------------------------------------------------------ helpers

    def _target(self) -> tuple[Any, Any, int] | None:
        ws, plan, month = self.page._ws, self.page.plan, self.page.current_month()
        if ws is None or plan is None or month is None:
            return None
        self.page.flush()
        return ws, plan, month.month

    def _folder_target(self, what: str) -> tuple[Any, Any, int, Path] | None:
        """Return the month's target and the folder chosen for its forms or memos; None when either is missing."""
        target = self._target()
        if target is None:
            return None
        ws, plan, period = target
        folder = dialogs.ask_folder(self.page, f"產生{period}月{what}：選擇資料夾", ws.path.parent)
        return None if folder is None else (ws, plan, period, folder)

    def _message(self, text: str) -> None:
        self.page.statusMessage.emit(text)  # the window shows it in its status bar

    # ------------------------------------------------------------ commands

    def make_forms(self) -> list[Path] | None:
        """Write the month's forms per unit into a folder; never overwrite replies not yet collected."""
        chosen = self._folder_target("填報表")
        if chosen is None:
            return None
        ws, plan, period, folder = chosen
        from planner.packets import write_packets
        from planner.packets.write import RepliesPending

        try:
            written = write_packets(ws, plan, period, folder)
        except RepliesPending as exc:
            question = f"{exc}\n\n要保留這些填報表（不會覆蓋），只產生其餘的嗎？"
            if not dialogs.confirm(self.page, "填報表已有填寫內容", question, "保留並產生其餘"):
                return None
            written = self._run(write_packets, ws, plan, period, folder, force=True)
        except PlannerError as exc:
            dialogs.warn(self.page, "無法產生填報表", str(exc))
            return None
        if written is None:
            return None
        kept = f"，保留 {len(written.kept)} 份" if written.kept else ""
        self._message(f"已產生 {len(written)} 個填報表檔案{kept}：{folder}")
        return list(written)

    def collect_forms(self) -> CollectReport | None:
        """Collect returned forms into the open workspace: check all, preview, then one undoable edit."""
        target = self._target()
        if target is None:
            return None
        ws, plan, period = target
        paths = dialogs.ask_collect_paths(self.page, ws.path.parent)
        from planner.packets import collect

        if not paths:
            return None
        if period in locked_periods(ws, plan):
            question = (
                f"{period}月的查核資料已鎖定，鎖定期間不能收回填報表。\n\n"
                f"要解除{period}月的鎖定並收回嗎？（解除鎖定可以復原；收回後可再鎖定）"
            )
            if not dialogs.confirm(self.page, "查核資料已鎖定", question, "解除鎖定並收回"):
                return None
            if self._run(progress.set_locked, ws, plan, period, False) is None and period in locked_periods(ws, plan):
                return None
        today = self.page.today()
        report = self._run(collect, ws, plan, period, paths, True, False, today)
        if report is None:
            return None
        if not report.ok:
            dialogs.warn(self.page, "填報表有問題，未寫入任何資料", report.summary())
            return report
        if not report.applied:
            dialogs.inform(self.page, "回收填報表", report.summary())
            return report
        preview = CollectPreview(report, records(ws, plan, period), self.page)
        if not dialogs.run(preview):
            return None
        done = self._run(collect, ws, plan, period, paths, False, False, today)
        if done is None:
            return None
        if not done.ok:
            dialogs.warn(self.page, "填報表有問題，未寫入任何資料", done.summary())
            return done
        self._message(f"已收回 {period}月 填報表：寫入 {len(done.applied)} 筆（可復原）。")
        return done

    def edit_round(self) -> Round | None:
        """Change the round of the month shown (one undoable edit), or go back to its defaults."""
        target = self._target()
        if target is None:
            return None
        ws, plan, period = target
        current = review_round(ws, plan, period)
        dialog = RoundDialog(current, roc_to_ad(plan.year), self.page)
        if not dialogs.run(dialog):
            return None
        values = dialog.values()
        if values is None:
            self._run(reset_round, ws, plan, period)
        else:
            send, due, grace = values
            self._run(set_round, ws, plan, period, send, due, current.months, grace)
        return review_round(ws, plan, period)

    def remind(self) -> list[Path] | None:
        """Write the 催辦單 of the round, one Word memo per unit that still owes replies."""
        chosen = self._folder_target("催辦單")
        if chosen is None:
            return None
        ws, plan, period, folder = chosen
        from planner.packets.remind import write_reminders

        written = self._run(write_reminders, ws, plan, period, folder, self.page.today())
        if written:
            self._message(f"已產生 {len(written)} 份催辦單：{folder}")
        return written

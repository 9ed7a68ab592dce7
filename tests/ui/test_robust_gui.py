"""Issue 16 in the window: lock takeover, read-only media, quitting beside a reader, restoring a backup."""

from __future__ import annotations

import json
import os
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner import operations as ops
from planner.store import backups, lock, recovery
from planner.workspace import open_workspace
from tests.planner.helpers import START
from tests.planner.helpers import build_small as small_plan
from tests.ui.helpers import act, make_window, rows
from ui.dialogs import blocking as dialogs


def _patch_locked(monkeypatch, dialog_log, answer: str | None) -> None:
    def ask_locked(parent, text, can_take_over):
        dialog_log.calls.append(("locked", text))
        assert can_take_over
        return answer

    monkeypatch.setattr(dialogs, "ask_locked", ask_locked)


def test_unreadable_lock_can_be_taken_over(qtbot, ws, ws_path, settings, dialog_log, monkeypatch):
    small_plan(ws)
    ws.close()
    lock.lock_path(ws_path).write_bytes(b"")
    _patch_locked(monkeypatch, dialog_log, "take_over")
    window = make_window(qtbot, settings)
    assert window.files.open_path(ws_path)
    assert "無法辨識" in dialog_log.calls[0][1]
    assert not window.ws.read_only and rows(window) == START
    assert json.loads(lock.lock_path(ws_path).read_text())["pid"] == os.getpid()


def test_other_computers_lock_can_open_read_only(qtbot, ws, ws_path, settings, dialog_log, monkeypatch):
    small_plan(ws)
    ws.close()
    info = {"user": "王小明", "host": "OTHER-PC", "pid": 7, "since": "2026-03-01T08:30:00", "token": "t"}
    lock.lock_path(ws_path).write_text(json.dumps(info), encoding="utf-8")
    _patch_locked(monkeypatch, dialog_log, "read_only")
    window = make_window(qtbot, settings)
    assert window.files.open_path(ws_path)
    assert "另一台電腦" in dialog_log.calls[0][1]
    assert window.ws.read_only
    assert json.loads(lock.lock_path(ws_path).read_text())["host"] == "OTHER-PC"  # untouched


def test_read_only_media_opens_read_only_with_a_message(qtbot, ws, ws_path, settings, dialog_log, monkeypatch):
    small_plan(ws)
    ws.close()
    real = os.access
    monkeypatch.setattr(
        recovery.os, "access", lambda p, mode, **kw: False if mode & os.W_OK else real(p, mode, **kw)
    )  # as root chmod stops nothing: simulate a read-only folder
    window = make_window(qtbot, settings)
    assert window.files.open_path(ws_path)
    assert window.ws.read_only and rows(window) == START
    kind, text = dialog_log.calls[-1]
    assert kind == "inform" and "唯讀" in text
    assert not act(window, "add_sibling").isEnabled()


def test_quitting_while_a_colleague_reads_is_silent(qtbot, ws, ws_path, settings, dialog_log):
    plan = small_plan(ws)
    window = make_window(qtbot, settings, ws)
    reader = open_workspace(ws_path, read_only=True)
    try:
        assert reader.plan(114).items
        ops.set_fields(ws, plan, plan.items[0].id, title="最後的修改")
        started = time.monotonic()
        window.close()
        assert time.monotonic() - started < 1.0
        assert dialog_log.calls == []
        reader.forget_plan(plan.id)
        assert reader.plan(114).items[0].title == "最後的修改"
    finally:
        reader.close()


def _with_backup(ws, ws_path):
    small_plan(ws)
    ws.close()
    ws = open_workspace(ws_path)  # writes a backup with five methods
    plan = ws.plan(114)
    ops.delete_node(ws, plan, plan.items[0].id)
    return ws


def test_restore_backup_to_a_new_file(qtbot, ws, ws_path, settings, dialog_log, tmp_path):
    current = _with_backup(ws, ws_path)
    window = make_window(qtbot, settings, current)
    target = tmp_path / "還原的.planner"
    seen = {}

    def drive(dialog):
        table = dialog.findChild(type(dialog.table), "backup_table")
        seen["rows"] = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        dialog_log.answer("save", target)
        QTest.mouseClick(dialog.to_new, Qt.MouseButton.LeftButton)
        return True

    dialog_log.answer("run", drive)
    act(window, "restore_backup").trigger()
    assert len(seen["rows"]) == 1 and seen["rows"][0][1:] == ["1", "5"]
    assert window.ws.path == target and rows(window) == START
    assert len(backups.list_backups(ws_path)) == 1


def test_restore_backup_over_the_current_file_after_confirming(qtbot, ws, ws_path, settings, dialog_log):
    current = _with_backup(ws, ws_path)
    window = make_window(qtbot, settings, current)
    assert rows(window) != START

    def drive(dialog):
        dialog_log.answer("confirm", False)
        QTest.mouseClick(dialog.over, Qt.MouseButton.LeftButton)  # cancelled: nothing happens
        assert window.ws is current
        dialog_log.answer("confirm", True)
        QTest.mouseClick(dialog.over, Qt.MouseButton.LeftButton)
        return True

    dialog_log.answer("run", drive)
    act(window, "restore_backup").trigger()
    confirms = [text for kind, text in dialog_log.calls if kind == "confirm"]
    assert len(confirms) == 2 and "5 個方法" in confirms[0]
    assert window.ws.path == ws_path and not window.ws.read_only
    assert rows(window) == START
    assert len(backups.list_backups(ws_path)) == 2  # the replaced state was backed up first


def _damage_orphan(ws, ws_path):
    import sqlite3

    small_plan(ws)
    ws.close()
    con = sqlite3.connect(ws_path)
    con.execute("PRAGMA foreign_keys = 0")
    with con:
        con.execute("UPDATE node SET parent_id = 9999 WHERE title = '甲一'")
    con.close()


def test_damaged_tree_is_shown_and_repaired_after_confirming(qtbot, ws, ws_path, settings, dialog_log):
    _damage_orphan(ws, ws_path)
    window = make_window(qtbot, settings)
    dialog_log.answer("confirm", False)
    assert not window.files.open_path(ws_path)  # declined: nothing shown, nothing changed, no lock left
    assert "上層項目不存在" in dialog_log.calls[-1][1] and window.ws is None
    assert not lock.lock_path(ws_path).exists()
    dialog_log.answer("confirm", True)
    assert window.files.open_path(ws_path)
    assert rows(window)[-4:] == ["待整理", "  (一)甲一", "    1.m1", "    2.m2"]
    assert len(rows(window)) == len(START) + 1  # nothing lost, one unnumbered 要項 added


def test_failed_save_says_the_edit_was_not_saved_and_shows_the_file(qtbot, ws, settings, dialog_log, monkeypatch):
    import peewee

    from tests.ui.helpers import select, trigger

    small_plan(ws)
    window = make_window(qtbot, settings, ws)
    select(window, "m1")
    real_commit = ws.db.commit

    def full_disk():
        monkeypatch.setattr(ws.db, "commit", real_commit)
        raise peewee.OperationalError("database or disk is full")

    monkeypatch.setattr(ws.db, "commit", full_disk)
    trigger(window, "add_sibling")
    kind, text = dialog_log.calls[-1]
    assert kind == "warn" and "沒有存檔" in text and "新增方法" in text
    assert rows(window) == START  # the screen shows what the file holds
    with open_workspace(ws.path, read_only=True) as reader:
        assert len(list(reader.plan(114).walk())) == len(START)


@pytest.mark.parametrize(
    ("button", "confirmed", "expected"),
    [("唯讀開啟", None, "read_only"), ("接管…", True, "take_over"), ("接管…", False, None), ("取消", None, None)],
)
def test_locked_dialog_offers_read_only_and_confirmed_takeover(qapp, monkeypatch, button, confirmed, expected):
    from PySide6.QtWidgets import QMessageBox

    shown: list[list[str]] = []

    def click(box):
        shown.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == button).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok="確定": asked.append(text) or confirmed)
    assert dialogs.ask_locked(None, "鎖定檔無法辨識", True) == expected
    assert sorted(shown[0]) == sorted(["唯讀開啟", "接管…", "取消"])
    assert bool(asked) == (button == "接管…") and all("互相覆蓋" in t for t in asked)

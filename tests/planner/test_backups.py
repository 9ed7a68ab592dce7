"""Issue 16, case 8: backups leave nothing behind, keep 5 newest + one a day for 7 days, restore safely."""

import datetime as dt
import os
import sqlite3

import pytest

from planner import operations as ops
from planner.errors import BadInput, WorkspaceLocked
from planner.store import backups
from planner.workspace import open_workspace
from tests.planner.helpers import build_small
from tests.planner.robust_helpers import leftovers, run_child


def _date(path, days_ago: int, hour: int) -> None:
    """Set a file's time to hour:00 of the day days_ago before today (local time)."""
    today = dt.datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    when = (today - dt.timedelta(days=days_ago) + dt.timedelta(hours=hour)).timestamp()
    os.utime(path, (when, when))


def test_crash_during_backup_leaves_tmp_that_next_open_removes(ws, ws_path):
    build_small(ws)
    ws.close()
    killed = run_child(
        """
import os, signal, sys
from planner.store import backups
from planner.workspace import open_workspace
backups._fsync_file = lambda path: os.kill(os.getpid(), signal.SIGKILL)  # die with the .tmp written
open_workspace(sys.argv[1])
""",
        str(ws_path),
    )
    assert killed.returncode == -9
    folder = backups.backup_dir(ws_path)
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]  # the crash left one …
    with open_workspace(ws_path):
        pass
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]  # … the next open removed it
    assert not leftovers(ws_path.parent)


def test_backup_on_a_full_disk_leaves_nothing_and_opening_goes_on(ws, ws_path):
    build_small(ws)
    ws.close()
    result = run_child(
        """
import sys, os
from planner.workspace import open_workspace
limit(os.path.getsize(sys.argv[1]) // 2)
try:
    open_workspace(sys.argv[1]).close()
except Exception as exc:
    print(type(exc).__name__, exc)
""",
        str(ws_path),
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert not leftovers(ws_path.parent)
    assert backups.list_backups(ws_path) == []


def test_keeps_five_newest_and_one_per_day_for_a_week(ws, ws_path):
    ws.close()
    folder = backups.backup_dir(ws_path)
    folder.mkdir()
    for day in range(10):  # two backups a day for ten days
        for n in range(2):
            p = folder / f"old-{day}-{n}.planner"
            p.write_bytes(b"x")
            _date(p, day + 1, 14 - n)
    for _ in range(7):  # seven quick reopens today
        open_workspace(ws_path).close()
    kept = backups.list_backups(ws_path)
    names = {p.name for p in kept}
    assert len([p for p in kept if p.name.startswith("工作區")]) == 5
    for day in range(6):  # 1 … 6 days ago
        assert f"old-{day}-0.planner" in names, day  # the newest of each of the last seven days survives
        assert f"old-{day}-1.planner" not in names
    assert not any(n.startswith(("old-6", "old-7", "old-8", "old-9")) for n in names)
    assert len(kept) == 5 + 6


def test_infos_count_plans_and_methods(ws, ws_path):
    build_small(ws)
    ws.close()
    open_workspace(ws_path).close()
    (info,) = backups.backup_infos(ws_path)
    assert (info.plans, info.methods, info.readable) == (1, 5, True)
    info.path.with_name("壞的.planner").write_bytes(b"garbage")
    infos = backups.backup_infos(ws_path)
    assert sorted(i.readable for i in infos) == [False, True]


def test_restore_to_new_file(ws, ws_path, tmp_path):
    plan = build_small(ws)
    ws.close()
    with open_workspace(ws_path) as again:  # backup holds five methods
        plan = again.plan(114)
        ops.delete_node(again, plan, plan.items[0].id)
    (backup,) = backups.list_backups(ws_path)
    target = tmp_path / "還原.planner"
    backups.restore_to_new(backup, target)
    with open_workspace(target, read_only=True) as restored:
        assert len(restored.plan(114).methods()) == 5
    with pytest.raises(BadInput, match="已存在"):
        backups.restore_to_new(backup, target)
    with pytest.raises(BadInput):
        backups.restore_to_new(tmp_path / "沒有這個.planner", tmp_path / "x.planner")
    assert not (tmp_path / "x.planner").exists()


def test_restore_over_backs_up_current_first_and_refuses_while_open(ws, ws_path):
    build_small(ws)
    ws.close()
    with open_workspace(ws_path) as again:
        plan = again.plan(114)
        ops.delete_node(again, plan, plan.items[0].id)
        (backup,) = backups.list_backups(ws_path)
        with pytest.raises(WorkspaceLocked):
            backups.restore_over(ws_path, backup)
    backups.restore_over(ws_path, backup)
    with open_workspace(ws_path, backup=False) as restored:
        assert len(restored.plan(114).methods()) == 5
        assert restored.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    methods = []
    for p in backups.list_backups(ws_path):
        con = sqlite3.connect(p)
        methods.append(con.execute("SELECT COUNT(*) FROM node WHERE level = 3").fetchone()[0])
        con.close()
    assert sorted(methods) == [2, 5]  # the edited state was saved before being replaced
    assert not leftovers(ws_path.parent)

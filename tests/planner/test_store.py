import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time

import peewee
import pytest

from planner.errors import BadInput, DamagedWorkspace, NotAWorkspace, TooNewWorkspace, WorkspaceLocked
from planner.store import files, lock
from planner.store.migrations import LATEST, schema_version
from planner.workspace import create_workspace, open_workspace
from tests.conftest import FIXTURES


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_workspace_is_marked_and_current(ws):
    assert schema_version(ws.db) == LATEST
    assert ws.db.execute_sql("PRAGMA application_id").fetchone()[0] == 0x504C4E52
    assert ws.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ws.agency == "測試區公所"


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.planner"
    path.write_text("keep me")
    with pytest.raises(BadInput, match="已存在"):
        create_workspace(path)
    assert path.read_text() == "keep me"


def test_migration_from_version_1_keeps_children(tmp_path):
    path = tmp_path / "old.planner"
    shutil.copy(FIXTURES / "workspace-v1.planner", path)
    with open_workspace(path) as ws:
        assert schema_version(ws.db) == LATEST
        plan = ws.plan(113)
        assert ws.agency == "舊版測試機關"
        assert [(n.level, n.title) for n in plan.walk()] == [
            (1, "要項甲"),
            (2, "重點甲一"),
            (3, "方法一"),
            (3, "方法二"),
        ]
        m1, m2 = plan.methods()
        assert ws.unit_names(m1.units) == ["行政課", "教務課"] and ws.unit_names(m2.units) == ["教務課"]
        assert (m1.months, m1.note, m1.body, m1.source_id, m1.merge_next) == ([6, 12], "備註一", "說明一", None, False)
        assert plan.milestones == [] and plan.sections[0].heading == "計畫依據"
        assert [u.retired for u in ws.unit_list] == [False, False]
        with pytest.raises(peewee.IntegrityError, match="CHECK"):
            ws.db.execute_sql("UPDATE node SET level = 4 WHERE id = 3")
    backups = files.list_backups(path)
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()


def test_backups_are_kept_and_pruned(ws_path, ws):
    ws.close()
    for _ in range(files.BACKUPS_KEPT + 2):
        open_workspace(ws_path).close()
    backups = files.list_backups(ws_path)
    assert len(backups) == files.BACKUPS_KEPT
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT value FROM setting WHERE key = 'agency'").fetchone()[0] == "測試區公所"
    con.close()


def test_save_copy_writes_a_complete_workspace(ws, tmp_path):
    from planner.plans import create_plan

    create_plan(ws, 114, framework_id="kaohsiung-six")
    target = ws.save_copy(tmp_path / "copy.planner")
    with open_workspace(target) as other:
        assert other.plan(114).counts() == {1: 7, 2: 23, 3: 0}
    with pytest.raises(BadInput):
        ws.save_copy(ws.path)


BAD_INPUTS = {
    "text": lambda p: p.write_text("這不是資料庫", encoding="utf-8"),
    "empty": lambda p: p.write_bytes(b""),
    "zip": lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 200),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_not_a_workspace(tmp_path, kind):
    path = tmp_path / "bad.planner"
    BAD_INPUTS[kind](path)
    before = digest(path)
    with pytest.raises(NotAWorkspace, match="不是計畫工作區"):
        open_workspace(path)
    assert digest(path) == before
    assert not lock.lock_path(path).exists()
    assert not files.backup_dir(path).exists()


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotAWorkspace, match="SQLite 資料庫，但不是"):
        open_workspace(path)
    assert digest(path) == before


def test_truncated_workspace(demo_ws, tmp_path):
    demo_ws.close()
    data = demo_ws.path.read_bytes()
    path = tmp_path / "cut.planner"
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(DamagedWorkspace, match="截斷"):
        open_workspace(path)
    assert digest(path) == before


def test_corrupted_page_is_detected(demo_ws, tmp_path):
    demo_ws.close()
    data = bytearray(demo_ws.path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200
    path = tmp_path / "corrupt.planner"
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DamagedWorkspace):
        open_workspace(path)
    assert digest(path) == before


def test_newer_schema_is_refused(ws_path, ws):
    ws.close()
    con = sqlite3.connect(ws_path)
    con.execute(f"PRAGMA user_version = {LATEST + 1}")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    before = digest(ws_path)
    with pytest.raises(TooNewWorkspace, match="較新版本"):
        open_workspace(ws_path)
    assert digest(ws_path) == before


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(NotAWorkspace, match="找不到"):
        open_workspace(tmp_path / "none.planner")
    with pytest.raises(NotAWorkspace, match="資料夾"):
        open_workspace(tmp_path)


def test_lock_names_holder_and_read_only_works(ws_path, ws):
    from planner.plans import create_plan

    create_plan(ws, 114)
    with pytest.raises(WorkspaceLocked) as info:
        open_workspace(ws_path)
    assert info.value.holder["pid"] == lock.os.getpid()
    assert "開啟中" in str(info.value)
    ro = open_workspace(ws_path, read_only=True)
    try:
        assert ro.read_only and ro.years() == [114]
    finally:
        ro.close()
    ws.close()
    assert not lock.lock_path(ws_path).exists()
    open_workspace(ws_path).close()


def test_lock_held_by_another_process(ws_path, ws):
    ws.close()
    script = textwrap.dedent(f"""
        import sys
        from planner.workspace import open_workspace
        ws = open_workspace({str(ws_path)!r})
        print("ready", flush=True)
        sys.stdin.read()
        ws.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(WorkspaceLocked) as info:
            open_workspace(ws_path)
        assert info.value.holder["pid"] == proc.pid
        since = info.value.holder["since"]
        assert since[:4].isdigit()
        with open_workspace(ws_path, read_only=True) as ro:
            assert ro.agency == "測試區公所"
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert not lock.lock_path(ws_path).exists()


def test_stale_lock_of_dead_process_is_taken_over(ws_path, ws):
    ws.close()
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(proc.stdout)
    time.sleep(0.05)
    info = {
        "user": "someone",
        "host": lock.socket.gethostname(),
        "pid": dead_pid,
        "since": "2026-01-01T08:00:00",
        "token": "x",
    }
    lock.lock_path(ws_path).write_text(json.dumps(info), encoding="utf-8")
    with open_workspace(ws_path) as again:
        assert lock.read_holder(ws_path)["pid"] == lock.os.getpid()
        assert again.agency == "測試區公所"


def test_lock_from_other_computer_is_respected(ws_path, ws):
    ws.close()
    info = {"user": "王小明", "host": "OTHER-PC", "pid": 1, "since": "2026-03-01T08:30:00", "token": "x"}
    lock.lock_path(ws_path).write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(WorkspaceLocked, match=r"王小明.*OTHER-PC.*2026-03-01 08:30"):
        open_workspace(ws_path)


def test_two_open_workspaces_keep_to_their_own_files(tmp_path):
    """Every query names its connection: edits and undo in one workspace never reach another open one."""
    from planner import operations as ops
    from planner.units import add_unit
    from tests.planner.helpers import build_small, by_title, reloaded

    first = create_workspace(tmp_path / "a.planner", agency="甲", units=["行政課"])
    second = create_workspace(tmp_path / "b.planner", agency="乙", units=["教務課"])
    try:
        plan_a, plan_b = build_small(first), build_small(second)
        before_b = reloaded(second, plan_b)
        ops.set_fields(first, plan_a, by_title(plan_a, "m1").id, title="只改甲")
        add_unit(first, "輔導課")
        assert [u.name for u in second.units()] == ["教務課"]
        assert reloaded(second, plan_b) == before_b
        assert by_title(reloaded_plan(first, plan_a), "只改甲").level == 3
        second.undo()  # undoes second's own last edit, not first's
        assert first.plan(114).methods()[0].title == "只改甲"
    finally:
        first.close()
        second.close()
    reopened = open_workspace(tmp_path / "a.planner", read_only=True)
    try:
        assert [u.name for u in reopened.units()] == ["行政課", "輔導課"]
        assert reopened.plan(114).methods()[0].title == "只改甲"
    finally:
        reopened.close()


def reloaded_plan(ws, plan):
    """Return the plan as loaded again from the file."""
    ws.forget_plan(plan.id)
    return ws.plan_by_id(plan.id)

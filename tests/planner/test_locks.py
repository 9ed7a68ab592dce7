"""Issue 16, case 4: atomic takeover, unreadable and foreign locks, quitting beside a reader."""

import json
import multiprocessing
import os
import subprocess
import sys
import time

import pytest

from planner.errors import WorkspaceLocked
from planner.store import lock
from planner.workspace import open_workspace
from tests.planner.helpers import build_small


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _stale(path, pid: int) -> None:
    info = {"user": "舊程式", "host": lock.socket.gethostname(), "pid": pid, "since": "2026-01-01T08:00:00"}
    lock.lock_path(path).write_text(json.dumps(info), encoding="utf-8")


def _racer(path, barrier, results, release) -> None:
    barrier.wait()
    try:
        held = lock.acquire(path)
    except WorkspaceLocked:
        results.put("locked")
        return
    results.put("writer")
    release.wait(10)
    held.release()


def test_two_instances_racing_over_a_stale_lock_give_one_writer(tmp_path):
    path = tmp_path / "race.planner"
    path.write_bytes(b"")
    ctx = multiprocessing.get_context("fork")
    dead = _dead_pid()
    doubles = 0
    started = time.monotonic()
    for _ in range(100):
        _stale(path, dead)
        barrier, results, release = ctx.Barrier(2), ctx.Queue(), ctx.Event()
        procs = [ctx.Process(target=_racer, args=(path, barrier, results, release)) for _ in range(2)]
        for p in procs:
            p.start()
        outcomes = sorted(results.get(timeout=10) for _ in procs)
        release.set()
        for p in procs:
            p.join(10)
        doubles += outcomes.count("writer") > 1
        assert outcomes.count("writer") >= 1, outcomes
        assert not lock.lock_path(path).exists()
        assert [p.name for p in tmp_path.iterdir() if p.name != path.name] == []
    assert doubles == 0
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("content", [b"", b"\x00\x01garbage", b"[1, 2]", "{半個".encode()])
def test_unreadable_lock_says_what_it_means_and_can_be_taken_over(ws_path, ws, content):
    build_small(ws)
    ws.close()
    lock.lock_path(ws_path).write_bytes(content)
    with pytest.raises(WorkspaceLocked) as info:
        open_workspace(ws_path)
    message = str(info.value)
    assert "無法辨識" in message and "接管" in message and "唯讀" in message and "?" not in message
    assert lock.can_take_over(info.value.holder)
    with open_workspace(ws_path, read_only=True) as reader:
        assert reader.plan(114).items
    assert lock.lock_path(ws_path).read_bytes() == content  # reading changes nothing
    with open_workspace(ws_path, take_over=True) as writer:
        assert lock.read_holder(ws_path)["pid"] == os.getpid()
        assert not writer.read_only
    assert not lock.lock_path(ws_path).exists()


def test_other_computers_lock_offers_takeover(ws_path, ws):
    ws.close()
    info = {"user": "王小明", "host": "OTHER-PC", "pid": 4242, "since": "2026-03-01T08:30:00", "token": "x"}
    lock.lock_path(ws_path).write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(WorkspaceLocked) as caught:
        open_workspace(ws_path)
    assert "另一台電腦" in str(caught.value) and "接管" in str(caught.value)
    assert lock.can_take_over(caught.value.holder)
    with open_workspace(ws_path, take_over=True):
        assert lock.read_holder(ws_path)["host"] == lock.socket.gethostname()


def test_live_process_on_this_computer_is_not_offered_takeover(ws_path, ws):
    with pytest.raises(WorkspaceLocked) as caught:
        open_workspace(ws_path)
    assert not lock.can_take_over(caught.value.holder)
    assert "接管" not in str(caught.value)


def test_quitting_while_a_colleague_reads_is_silent_and_quick(ws_path, ws):
    from planner import operations as ops

    plan = build_small(ws)
    reader = open_workspace(ws_path, read_only=True)
    try:
        assert reader.plan(114).items
        ops.set_fields(ws, plan, plan.items[0].id, title="最後")
        started = time.monotonic()
        ws.close()  # must neither wait for the reader's busy timeout nor raise
        assert time.monotonic() - started < 1.0
        reader.forget_plan(plan.id)
        assert reader.plan(114).items[0].title == "最後"
    finally:
        reader.close()
    assert not lock.lock_path(ws_path).exists()

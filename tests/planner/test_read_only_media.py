"""Issue 16, cases 2 and 4 (CLI): read-only media open read-only; write commands exit 2 in Chinese; --take-over."""

import hashlib
import json
import os
import stat

import pytest

from planner.cli import main
from planner.store import lock, recovery
from planner.workspace import open_workspace

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_path(tmp_path, capsys):
    path = tmp_path / "ro" / "示範.planner"
    path.parent.mkdir()
    assert run(capsys, "demo", path)[0] == 0
    return path


@pytest.fixture(params=["folder", "file"])
def read_only(request, demo_path, monkeypatch):
    """Make the folder or the file read-only: real permissions, or (as root, who ignores them) simulated."""
    target = demo_path.parent if request.param == "folder" else demo_path
    if ROOT_USER:
        real_access = os.access

        def access(path, mode, *args, **kwargs):
            if mode & os.W_OK and os.path.realpath(path) == os.path.realpath(target):
                return False
            return real_access(path, mode, *args, **kwargs)

        monkeypatch.setattr(recovery.os, "access", access)
        yield request.param
    else:  # pragma: no cover - CI as a normal user
        old = target.stat().st_mode
        target.chmod(old & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        yield request.param
        target.chmod(old)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_library_refuses_writing_and_opens_read_only(demo_path, read_only):
    before = digest(demo_path)
    with pytest.raises(recovery.ReadOnlyMedia, match="無法修改這個工作區") as info:
        open_workspace(demo_path)
    assert ("資料夾" if read_only == "folder" else "唯讀") in str(info.value)
    with open_workspace(demo_path, read_only=True) as ws:
        assert ws.read_only and ws.years()
    assert digest(demo_path) == before
    assert sorted(p.name for p in demo_path.parent.iterdir()) == [demo_path.name]  # no lock, -wal or backup


def test_cli_write_commands_exit_2_with_a_chinese_message(demo_path, read_only, capsys, tmp_path):
    before = digest(demo_path)
    years = json.loads(run(capsys, "plans", demo_path, "--json")[1])
    year = years[0]["year"] if isinstance(years, list) else years["plans"][0]["year"]
    code, out, err = run(capsys, "copy-year", demo_path, "--from", year, "--to", year + 5)
    assert code == 2 and "錯誤：" in err and "無法修改這個工作區" in err and "Traceback" not in err
    code, out, err = run(capsys, "show", demo_path, "--year", year)  # reading still works
    assert code == 0 and out
    assert digest(demo_path) == before


def test_cli_unreadable_lock_names_take_over_and_the_flag_works(tmp_path, capsys):
    path = tmp_path / "示範.planner"
    assert run(capsys, "demo", path)[0] == 0
    years = json.loads(run(capsys, "plans", path, "--json")[1])
    year = years[0]["year"] if isinstance(years, list) else years["plans"][0]["year"]
    lock.lock_path(path).write_bytes(b"")
    code, _, err = run(capsys, "copy-year", path, "--from", year, "--to", year + 5)
    assert code == 2 and "無法辨識" in err and "--take-over" in err
    code, out, err = run(capsys, "copy-year", path, "--from", year, "--to", year + 5, "--take-over")
    assert code == 0 and "已將" in out, err
    assert not lock.lock_path(path).exists()


def test_cli_take_over_never_steals_from_a_live_local_process(tmp_path, capsys):
    path = tmp_path / "示範.planner"
    assert run(capsys, "demo", path)[0] == 0
    years = json.loads(run(capsys, "plans", path, "--json")[1])
    year = years[0]["year"] if isinstance(years, list) else years["plans"][0]["year"]
    with open_workspace(path):
        code, _, err = run(capsys, "copy-year", path, "--from", year, "--to", year + 5, "--take-over")
        assert code == 2 and "開啟中" in err and "--take-over" not in err

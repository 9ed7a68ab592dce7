"""planner-cli speaks Chinese in argparse's own messages and stops quietly on a closed pipe."""

import os
import subprocess
import sys

import pytest

from planner.cli import main


def usage_error(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    return capsys.readouterr().err


def test_missing_argument_is_reported_in_chinese(capsys):
    err = usage_error(capsys, ["show", "x.planner"])
    assert "用法：planner-cli show" in err and "缺少必要的參數：--year" in err
    assert "usage:" not in err and "required" not in err


def test_bad_value_and_unknown_command_in_chinese(capsys):
    err = usage_error(capsys, ["show", "x.planner", "--year", "abc"])
    assert "參數 --year：不是有效的值：'abc'" in err and "invalid" not in err
    err = usage_error(capsys, ["nonsense"])
    assert "無效的選擇：'nonsense'" in err and "choose from" not in err
    err = usage_error(capsys, ["plans", "x.planner", "--bogus"])
    assert "無法辨識的參數：--bogus" in err


def test_help_headings_in_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "選項" in out and "顯示這段說明後結束" in out
    assert "show this help" not in out and "options:" not in out


def test_closed_pipe_ends_quietly(tmp_path):
    path = tmp_path / "示範.planner"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    subprocess.run([sys.executable, "-m", "planner.cli", "demo", str(path)], check=True, capture_output=True, env=env)
    # `show | head`: the reader has gone before the CLI writes (its end of the pipe is closed at once).
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli", "show", str(path), "--year", "115"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )
    os.close(write_end)
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert proc.returncode == 0

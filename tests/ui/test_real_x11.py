"""The input bugs again, with real X11 input: xdotool clicks and keys through an Xvfb server (skipped without them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).with_name("x11_scenarios.py")
pytestmark = pytest.mark.skipif(
    not (shutil.which("xvfb-run") and shutil.which("xdotool")), reason="needs xvfb-run and xdotool"
)


def run(name: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, str(SCENARIOS), name],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_real_clicks_on_the_units_list_tick_nothing():
    result = run("combo")
    assert result["changed"] == [False] * 6


def test_real_shift_tab_outdents():
    result = run("outdent")
    assert result == {"level": 1, "ambiguous": []}


def test_real_keys_page_and_zoom_the_print_preview():
    result = run("preview")
    count = result["count"]
    assert count > 3 and result["label"] == f"第 1 頁，共 {count} 頁"
    assert result["next"] == 2 and result["prior"] == 2
    assert result["end"] == count == result["painted_last"] and result["end_label"] == f"第 {count} 頁，共 {count} 頁"
    assert result["zoom_in"] == 1.25 and result["zoom_out"] == 0.8
    assert result["fit"] == "page" and result["zoom_back"] == 1.0 and result["closed"]

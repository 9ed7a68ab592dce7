"""Shared fixtures: every test gets a fresh temporary workspace; Qt runs offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from planner.demo import write_demo
from planner.workspace import Workspace, create_workspace

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    """Return a path for a new workspace file."""
    return tmp_path / "工作區.planner"


@pytest.fixture
def ws(ws_path: Path) -> Iterator[Workspace]:
    """Return a fresh empty workspace with three units."""
    workspace = create_workspace(ws_path, agency="測試區公所", units=["行政課", "教務課", "輔導課"])
    yield workspace
    workspace.close()


@pytest.fixture
def demo_ws(tmp_path: Path) -> Iterator[Workspace]:
    """Return a fresh copy of the demo workspace."""
    workspace = write_demo(tmp_path / "demo.planner")
    yield workspace
    workspace.close()

"""The demo workspace: a fictional agency with one full plan, built from resources/."""

from __future__ import annotations

import json
from pathlib import Path

from planner.build import add_plan_from_data
from planner.resources import resource_path
from planner.workspace import Workspace, create_workspace


def demo_data() -> dict:
    """Return the bundled demo data."""
    return json.loads(resource_path("demo", "demo-plan.json").read_text(encoding="utf-8"))


def write_demo(path: Path) -> Workspace:
    """Create the demo workspace at path and return it open (history cleared)."""
    data = demo_data()
    ws = create_workspace(Path(path), agency=data["agency"], units=data["units"])
    try:
        add_plan_from_data(ws, {"agency": data["agency"], **data["plan"]})
        ws.clear_history()
    except BaseException:
        ws.close()
        raise
    return ws

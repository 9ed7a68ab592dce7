"""planner.resources finds resources/ from a source checkout and from a PyInstaller build (sys._MEIPASS)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import planner
from planner import demo, resources
from planner.resources import resource_path, resources_root

SOURCE = Path(planner.__file__).resolve().parent.parent / "resources"


def test_from_source(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert resources_root() == SOURCE
    assert resource_path("demo", "demo-plan.json").is_file()
    assert sorted(p.name for p in resource_path("frameworks").glob("*.json"))
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert resource_path("icons", f"planner-{size}.png").is_file()
    assert resource_path("icons", "planner.ico").is_file()


def test_from_a_frozen_build(monkeypatch, tmp_path):
    bundle = tmp_path / "_internal"
    (bundle / "resources" / "demo").mkdir(parents=True)
    (bundle / "resources" / "demo" / "demo-plan.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources_root() == bundle / "resources"
    found = resources.resource_path("demo", "demo-plan.json")
    assert found == bundle / "resources" / "demo" / "demo-plan.json" and found.read_text(encoding="utf-8") == "{}"
    assert not resource_path("frameworks").exists()  # only what the build holds: never falls back to the source tree


def test_demo_is_read_from_the_bundle(monkeypatch, tmp_path):
    """The demo plan comes through resource_path: a bundle's copy (with another agency name) is the one read."""
    bundle = tmp_path / "bundle"
    shutil.copytree(SOURCE, bundle / "resources")
    data_file = bundle / "resources" / "demo" / "demo-plan.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    data["agency"] = "凍結版測試機關"
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    ws = demo.write_demo(tmp_path / "示範.planner")
    try:
        assert ws.agency == "凍結版測試機關" and ws.years() == [115]
    finally:
        ws.close()

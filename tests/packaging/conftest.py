"""Fixtures of the packaging tests: the build helpers of packaging/, loaded by path (packaging/ is no package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """Import packaging/<name>.py under its own name (the spec and build.py import it so too)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def freeze_config() -> ModuleType:
    """Return packaging/freeze_config.py."""
    return load("freeze_config")


@pytest.fixture(scope="session")
def make_icons() -> ModuleType:
    """Return packaging/make_icons.py."""
    return load("make_icons")

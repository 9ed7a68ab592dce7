"""A module that loads on first use: the editing library (and peewee behind it) need not load before the window paints.

Use it with the real import for the type checker:

    if TYPE_CHECKING:
        from planner import operations
    else:
        operations = lazy_module("planner.operations")
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for a module and imports it when one of its attributes is first read."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        """Import the module (once) and return its attribute."""
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        """Say which module this stands for and whether it has loaded."""
        return f"<lazy module {self._name!r}{' (loaded)' if self._module is not None else ''}>"


def lazy_module(name: str) -> Any:
    """Return a stand-in for the module name that imports it on first attribute access."""
    return LazyModule(name)

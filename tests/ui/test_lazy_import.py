"""lazy_module: the module loads when one of its attributes is first read, once."""

from __future__ import annotations

import sys

from ui.common.lazy_import import lazy_module


def test_loads_on_first_attribute_and_only_once(tmp_path, monkeypatch):
    (tmp_path / "lazy_probe_mod.py").write_text("LOADS = []\nLOADS.append(1)\nVALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazy_probe_mod", raising=False)
    probe = lazy_module("lazy_probe_mod")
    assert "lazy_probe_mod" not in sys.modules
    assert repr(probe) == "<lazy module 'lazy_probe_mod'>"
    assert probe.VALUE == 42
    assert "lazy_probe_mod" in sys.modules and "(loaded)" in repr(probe)
    assert probe.LOADS == [1]  # imported once
    sys.modules["lazy_probe_mod"].VALUE = 7  # reads go to the module itself (monkeypatching it works)
    assert probe.VALUE == 7

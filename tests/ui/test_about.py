"""說明 → 關於…: version, workspace and backup folder, Qt/Python, licences read from package metadata."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from PySide6.QtCore import qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QTreeWidget

from planner import __version__
from planner.store.files import backup_dir
from tests.ui.helpers import act, make_window, trigger
from ui.common import locations
from ui.dialogs import about as about_dialog
from ui.dialogs.about import BUNDLED, AboutDialog, bundled_licences, licence_of


@pytest.fixture
def shown(monkeypatch, tmp_path):
    """Replace AboutDialog.exec: record the dialog instead of blocking; data folder in tmp."""
    dialogs: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: dialogs.append(self) or 0)
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(locations, "data_dir", lambda: data)
    return dialogs


def _licences(dialog: AboutDialog) -> dict[str, tuple[str, str]]:
    table = dialog.findChild(QTreeWidget, "about_licences")
    rows = {}
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        rows[_key(item.text(0))] = (item.text(1), item.text(2))
    return rows


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_about_through_its_action(qtbot, demo_ws, settings, shown, monkeypatch):
    window = make_window(qtbot, settings, demo_ws)
    action = act(window, "about")
    assert action.text() == "關於…"
    assert action in window.findChild(QMenu, "menu_help").actions()
    backups = backup_dir(demo_ws.path)
    backups.mkdir(exist_ok=True)
    trigger(window, "about")
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.objectName() == "about_dialog" and dialog.parent() is window
    text = {name: dialog.findChild(QLabel, name).text() for name in ("about_name", "about_version", "about_workspace")}
    assert text["about_name"] == "提升服務計畫編輯器"
    assert text["about_version"] == f"版本 {__version__}"
    assert text["about_workspace"] == str(demo_ws.path)
    assert dialog.findChild(QLabel, "about_backups").text() == str(backups)
    assert dialog.findChild(QLabel, "about_qt").text().startswith(f"Qt {qVersion()}（PySide6 ")
    assert "Python " in dialog.findChild(QLabel, "about_python").text()
    assert dialog.findChild(QLabel, "about_log").text().endswith("planner.log")
    licence_folder = Path(dialog.findChild(QLabel, "about_licence_folder").text())
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (licence_folder / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in (licence_folder / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert not dialog.findChild(QLabel, "about_icon").pixmap().isNull()

    rows = _licences(dialog)
    assert rows["qt"] == (qVersion(), "LGPL-3.0-only")
    assert rows["python"][1] == "PSF-2.0"
    assert "LGPL-3.0-only" in rows["pyside6-essentials"][1]
    assert rows["peewee"] == (metadata.version("peewee"), "MIT")  # found in its LICENSE file
    assert rows["python-docx"][1] == "MIT"
    assert rows["openpyxl"][1] == "MIT"
    assert rows["lxml"][1].startswith("BSD")
    assert rows["defusedxml"][1].startswith("PSF")
    assert rows["icalendar"][1].startswith("BSD")
    assert set(rows) == {"qt", "python", *(_key(n) for n in BUNDLED)}
    assert all(licence and not licence.startswith("未知") for _, licence in rows.values())

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert dialog.open_backups.isEnabled()
    dialog.open_backups.click()
    assert opened == [str(backups)]

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert f"版本 {__version__}" in copied and str(demo_ws.path) in copied and "peewee\t" in copied


def test_about_without_a_workspace(qtbot, settings, shown):
    window = make_window(qtbot, settings)
    trigger(window, "about")
    dialog = shown[0]
    assert dialog.findChild(QLabel, "about_workspace").text() == "（尚未開啟工作區）"
    assert dialog.findChild(QLabel, "about_backups").text() == "（尚未開啟工作區）"
    assert not dialog.open_backups.isEnabled()


def test_backup_folder_not_made_yet(qtbot, ws, settings, shown):
    window = make_window(qtbot, settings, ws)
    trigger(window, "about")
    label = shown[0].findChild(QLabel, "about_backups").text()
    assert label == f"{backup_dir(ws.path)}（尚無備份）"
    assert not shown[0].open_backups.isEnabled()


def test_bundled_list_is_every_runtime_dependency():
    """BUNDLED must name planner's requirements, recursively (extras left out): what the frozen app holds."""
    seen: set[str] = set()
    todo = ["planner"]
    while todo:
        dist = metadata.distribution(todo.pop())
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                name = _key(requirement.name)
                if name not in seen:
                    seen.add(name)
                    todo.append(requirement.name)
    assert seen == {_key(n) for n in BUNDLED}


def test_licence_sources(monkeypatch):
    class Meta(dict):
        def get_all(self, key):
            value = self.get(key)
            return value if isinstance(value, list) else None

    class Dist:
        def __init__(self, meta, files=None):
            self.metadata, self.files = Meta(meta), files or {}

        def read_text(self, name):
            return self.files.get(name)

    assert licence_of(Dist({"License-Expression": "BSD-2-Clause", "License": "ignored"})) == (
        "BSD-2-Clause",
        "License-Expression",
    )
    assert licence_of(Dist({"License": "MIT"})) == ("MIT", "License")
    long_text = "Copyright\n" + "x" * 200
    classified = {"License": long_text, "Classifier": ["License :: OSI Approved :: BSD License"]}
    assert licence_of(Dist(classified)) == ("BSD License", "Classifier")
    mit = Dist({"License-File": ["LICENSE"]}, {"licenses/LICENSE": "Permission is hereby granted, free of charge"})
    assert licence_of(mit) == ("MIT", "LICENSE")
    assert licence_of(Dist({})) == ("未知（請見套件說明）", "—")


def test_missing_metadata_is_shown_not_raised():
    rows = bundled_licences(("no-such-package-here",))
    assert rows[-1].licence == "找不到套件資訊"
    assert about_dialog.qt_text().startswith("Qt ")


def test_app_icon_has_every_size(qapp):
    from PySide6.QtCore import QSize

    from ui.common.app_icon import ICON_SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == set(ICON_SIZES)
    assert icon.pixmap(QSize(16, 16)).size() == QSize(16, 16)

"""說明 → 關於…: program, version, where the workspace and its backups are, Qt and Python, licences of the libraries."""

from __future__ import annotations

import logging
import platform
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.resources import resource_path
from planner.store.files import backup_dir
from planner.workspace import Workspace
from ui.common import locations
from ui.common.app_icon import app_pixmap
from ui.common.texts import APP_TITLE

if TYPE_CHECKING:
    from importlib import metadata

log = logging.getLogger(__name__)

DESCRIPTION = "撰寫、列印及追蹤機關年度提升服務計畫的離線桌面程式。"
NO_WORKSPACE = "（尚未開啟工作區）"
# The distributions the app runs on (planner's requirements, recursively; a test keeps this list complete).
BUNDLED = (
    "PySide6-Essentials",
    "shiboken6",
    "peewee",
    "python-docx",
    "openpyxl",
    "et-xmlfile",
    "lxml",
    "defusedxml",
    "icalendar",
    "python-dateutil",
    "tzdata",
    "typing-extensions",
    "rapidfuzz",
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "pillow",
    "charset-normalizer",
    "cryptography",
    "cffi",
    "pycparser",
)
LGPL_NOTE = (
    "Qt 與 PySide6 依 LGPL-3.0 授權使用：本程式以動態連結方式使用其程式庫，您可以自行替換為相容的版本。"
    "LGPL-3.0 與 GPL-3.0 全文在「授權全文」資料夾；其他套件的授權檔在程式資料夾各套件的 *.dist-info 中。"
)
# Words that identify a licence text when the metadata names none (peewee's has only a LICENSE file).
LICENCE_TEXTS = (
    ("Permission is hereby granted, free of charge", "MIT"),
    ("Redistribution and use in source and binary forms", "BSD"),
    ("Apache License", "Apache-2.0"),
    ("PYTHON SOFTWARE FOUNDATION LICENSE", "PSF"),
    ("GNU LESSER GENERAL PUBLIC LICENSE", "LGPL"),
)


@dataclass(frozen=True)
class Licence:
    """One bundled component: name, version, licence, and where the licence was read."""

    name: str
    version: str
    licence: str
    source: str


def _licence_file_text(dist: metadata.Distribution) -> tuple[str, str] | None:
    """Return (text, file name) of a distribution's first licence file."""
    names = dist.metadata.get_all("License-File") or []
    for name in [*names, "LICENSE", "LICENSE.txt", "LICENCE", "COPYING"]:
        for candidate in (f"licenses/{name}", name):
            text = dist.read_text(candidate)
            if text:
                return text, name
    return None


def _header(meta: metadata.PackageMetadata, name: str) -> str:
    """Return one metadata header's value, or "" when the distribution has none."""
    return (meta[name] if name in meta else "") or ""


def licence_of(dist: metadata.Distribution) -> tuple[str, str]:
    """Return (licence, where it was found) from a distribution's metadata."""
    meta = dist.metadata
    expression = _header(meta, "License-Expression").strip()
    if expression:
        return expression, "License-Expression"
    field = _header(meta, "License").strip()
    if field and "\n" not in field and len(field) <= 80:
        return field, "License"
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "、".join(classifiers), "Classifier"
    found = _licence_file_text(dist)
    if found is not None:
        text, name = found
        for words, licence in LICENCE_TEXTS:
            if words.lower() in text.lower():
                return licence, name
    return "未知（請見套件說明）", "—"


def bundled_licences(names: tuple[str, ...] = BUNDLED) -> list[Licence]:
    """Return Qt, Python and each bundled distribution with its version and licence."""
    from importlib import metadata  # 60 ms: only when the About dialog opens

    rows = [
        Licence("Qt", qVersion(), "LGPL-3.0-only", "PySide6（Qt 隨 PySide6 提供）"),
        Licence("Python", platform.python_version(), "PSF-2.0", "Python"),
    ]
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            log.warning("no metadata for %s", name)
            rows.append(Licence(name, "—", "找不到套件資訊", "—"))
            continue
        licence, source = licence_of(dist)
        rows.append(Licence(dist.metadata["Name"] or name, dist.version, licence, source))
    return rows


def qt_text() -> str:
    """Return the Qt and PySide6 versions."""
    return f"Qt {qVersion()}（PySide6 {PySide6.__version__}）"


def python_text() -> str:
    """Return the Python version, its word size and the operating system."""
    bits = struct.calcsize("P") * 8
    return f"Python {platform.python_version()}（{bits} 位元），{platform.system()} {platform.release()}"


class AboutDialog(QDialog):
    """The program, its version, the open workspace's files, and the licences of what it is built on."""

    def __init__(self, ws: Workspace | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(f"關於{APP_TITLE}")
        self.workspace_path = Path(ws.path) if ws is not None else None
        self.backup_folder = backup_dir(self.workspace_path) if self.workspace_path is not None else None
        column = QVBoxLayout(self)

        head = QHBoxLayout()
        icon = QLabel(self)
        icon.setObjectName("about_icon")
        icon.setPixmap(app_pixmap(64))
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        self.name_label = QLabel(APP_TITLE, self)
        self.name_label.setObjectName("about_name")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name_label.setFont(font)
        titles.addWidget(self.name_label)
        self.version_label = QLabel(f"版本 {__version__}", self)
        self.version_label.setObjectName("about_version")
        titles.addWidget(self.version_label)
        description = QLabel(DESCRIPTION, self)
        description.setWordWrap(True)
        titles.addWidget(description)
        head.addLayout(titles, 1)
        column.addLayout(head)

        form = QFormLayout()
        form.setObjectName("about_info")
        self.workspace_label = self._value("about_workspace", str(self.workspace_path or NO_WORKSPACE))
        form.addRow("工作區檔案：", self.workspace_label)
        backups = NO_WORKSPACE
        if self.backup_folder is not None:
            backups = str(self.backup_folder)
            if not self.backup_folder.is_dir():
                backups += "（尚無備份）"
        self.backup_label = self._value("about_backups", backups)
        form.addRow("備份資料夾：", self.backup_label)
        self.log_label = self._value("about_log", str(locations.data_dir() / "planner.log"))
        form.addRow("記錄檔：", self.log_label)
        self.qt_label = self._value("about_qt", qt_text())
        form.addRow("Qt：", self.qt_label)
        self.python_label = self._value("about_python", python_text())
        form.addRow("Python：", self.python_label)
        self.licence_folder_label = self._value("about_licence_folder", str(resource_path("licenses")))
        form.addRow("授權全文：", self.licence_folder_label)
        column.addLayout(form)

        column.addWidget(QLabel("使用的元件及其授權：", self))
        self.licences = QTreeWidget(self)
        self.licences.setObjectName("about_licences")
        self.licences.setHeaderLabels(["元件", "版本", "授權"])
        self.licences.setRootIsDecorated(False)
        self.licences.setAlternatingRowColors(True)
        for row in bundled_licences():
            item = QTreeWidgetItem([row.name, row.version, row.licence])
            item.setToolTip(2, f"取自套件資訊：{row.source}")
            self.licences.addTopLevelItem(item)
        header = self.licences.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        column.addWidget(self.licences, 1)
        note = QLabel(LGPL_NOTE, self)
        note.setObjectName("about_lgpl_note")
        note.setWordWrap(True)
        column.addWidget(note)

        buttons = QDialogButtonBox(self)
        self.open_backups = QPushButton("開啟備份資料夾", self)
        self.open_backups.setObjectName("about_open_backups")
        self.open_backups.setEnabled(self.backup_folder is not None and self.backup_folder.is_dir())
        self.open_backups.clicked.connect(self.show_backups)
        buttons.addButton(self.open_backups, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = QPushButton("複製資訊", self)
        self.copy_button.setObjectName("about_copy")
        self.copy_button.setToolTip("把版本、檔案位置與元件清單複製到剪貼簿（回報問題時貼上）")
        self.copy_button.clicked.connect(self.copy_info)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("關閉", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setObjectName("about_close")
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        column.addWidget(buttons)
        self.resize(640, 560)

    def _value(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def info_text(self) -> str:
        """Return everything the dialog shows as plain text."""
        lines = [
            f"{APP_TITLE} 版本 {__version__}",
            f"工作區檔案：{self.workspace_label.text()}",
            f"備份資料夾：{self.backup_label.text()}",
            f"記錄檔：{self.log_label.text()}",
            self.qt_label.text(),
            self.python_label.text(),
            "",
            "元件\t版本\t授權",
        ]
        for i in range(self.licences.topLevelItemCount()):
            item = self.licences.topLevelItem(i)
            if item is None:
                continue
            lines.append("\t".join(item.text(c) for c in range(3)))
        return "\n".join(lines)

    def copy_info(self) -> None:
        """Copy the information to the clipboard."""
        QGuiApplication.clipboard().setText(self.info_text())

    def show_backups(self) -> None:
        """Open the backup folder in the file manager."""
        if self.backup_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backup_folder)))

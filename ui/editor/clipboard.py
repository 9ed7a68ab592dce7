"""Plan subtrees on the system clipboard: our own mime type (JSON of copy_subtrees) plus plain text."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from planner.model import Node, Plan
from planner.numerals import months_text

SUBTREES_MIME = "application/x-planner-subtrees"


def outline_text(plan: Plan, nodes: list[Node]) -> str:
    """Return nodes with their subtrees as indented text (for pasting into a word processor)."""
    lines: list[str] = []
    for top in nodes:
        for node in top.walk():
            indent = "\t" * (node.level - top.level)
            lines.append(indent + plan.label(node) + node.title)
            lines.extend(indent + "\t" + line for line in node.body.splitlines() if line.strip())
            if node.months:
                lines.append(indent + "\t查核月份：" + months_text(node.months))
    return "\n".join(lines)


def to_mime(data: dict[str, Any], text: str) -> QMimeData:
    """Wrap copied subtrees in mime data."""
    mime = QMimeData()
    mime.setData(SUBTREES_MIME, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    mime.setText(text)
    return mime


def from_mime(mime: QMimeData | None) -> dict[str, Any] | None:
    """Return copied subtrees held by mime data, None if it holds none."""
    if mime is None or not mime.hasFormat(SUBTREES_MIME):
        return None
    try:
        data = json.loads(bytes(mime.data(SUBTREES_MIME).data()).decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != "planner-subtrees" or not data.get("nodes"):
        return None
    return data


def put(data: dict[str, Any], text: str) -> None:
    """Put copied subtrees on the system clipboard."""
    QGuiApplication.clipboard().setMimeData(to_mime(data, text))


def take() -> dict[str, Any] | None:
    """Return the subtrees on the system clipboard, None if there are none."""
    return from_mime(QGuiApplication.clipboard().mimeData())


def has_subtrees() -> bool:
    """Return whether the clipboard holds plan subtrees."""
    mime = QGuiApplication.clipboard().mimeData()
    return mime is not None and mime.hasFormat(SUBTREES_MIME)


def release() -> None:
    """Replace our mime data on the clipboard by its plain text (call before the application quits).

    A QMimeData made in Python and still on the clipboard when QGuiApplication is destroyed
    crashes PySide (segmentation fault at exit); plain text set through the clipboard is owned
    by Qt and stays available to other programs.
    """
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(SUBTREES_MIME):
        text = mime.text()
        if text:
            clipboard.setText(text)
        else:
            clipboard.clear()

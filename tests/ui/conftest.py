"""Fixtures of the UI tests: no dialog may block, Qt warnings of the model tester fail the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from ui.dialogs import blocking as dialogs
from ui.editor.tree_model import NodeIdRole


def _blocked(*args, **kwargs):
    raise AssertionError("a dialog would block the test: patch ui.dialogs.blocking")


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every unpatched modal dialog fail the test instead of hanging it."""
    monkeypatch.setattr(QDialog, "exec", _blocked)
    monkeypatch.setattr(QMessageBox, "exec", _blocked)
    monkeypatch.setattr(QPrintDialog, "exec", _blocked)  # its own exec, not QDialog's
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, _blocked)
    for name in ("getText", "getItem", "getInt", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, _blocked)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, _blocked)


class DialogLog:
    """Records what the patched ui.dialogs.blocking functions were asked and answers from queues."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.answers: dict[str, list] = {}

    def answer(self, kind: str, *values) -> None:
        """Queue answers for a dialog kind (confirm, text, item, open, save, read_only, run)."""
        self.answers.setdefault(kind, []).extend(values)

    def take(self, kind: str, text: str):
        self.calls.append((kind, text))
        queue = self.answers.get(kind)
        if not queue:
            raise AssertionError(f"unexpected {kind} dialog: {text}")
        return queue.pop(0)


@pytest.fixture(autouse=True)
def release_clipboard(request: pytest.FixtureRequest) -> Iterator[None]:
    """Take our mime data off the clipboard after each test, as the app does when it quits."""
    yield
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from ui.editor import clipboard

        clipboard.release()


@pytest.fixture
def dialog_log(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Patch every function of ui.dialogs.blocking; messages are recorded, questions answered from queues."""
    log = DialogLog()
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, ok="確定": log.take("confirm", text))
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: log.calls.append(("inform", text)))
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: log.calls.append(("warn", text)))
    monkeypatch.setattr(dialogs, "error", lambda parent, title, text, details="": log.calls.append(("error", text)))
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label, text="": log.take("text", label))
    monkeypatch.setattr(dialogs, "ask_item", lambda parent, title, label, items: log.take("item", label))
    monkeypatch.setattr(dialogs, "open_file", lambda parent, start="": log.take("open", ""))
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, start="": log.take("save", title))
    monkeypatch.setattr(dialogs, "ask_read_only", lambda parent, text: log.take("read_only", text))
    monkeypatch.setattr(dialogs, "run", lambda dialog: log.take("run", type(dialog).__name__)(dialog))
    return log


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Return QSettings in a temporary ini file."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class NeighbourCheck:
    """The tester's "c.next" check by node identity instead of display text.

    QAbstractItemModelTester compares the DisplayRole of the row after an inserted or
    removed range before and after the change. Our labels are positional (inserting
    2. makes the old 2. read 3.), so that text check cannot hold; this one compares
    the node id of that neighbour instead, which must not change.
    """

    def __init__(self, model, failures: list[str]) -> None:
        self.model, self.failures, self.pending = model, failures, []
        model.rowsAboutToBeInserted.connect(lambda p, first, last: self._before(p, first))
        model.rowsInserted.connect(lambda p, first, last: self._after(p, last + 1))
        model.rowsAboutToBeRemoved.connect(lambda p, first, last: self._before(p, last + 1))
        model.rowsRemoved.connect(lambda p, first, last: self._after(p, first))

    def _id(self, parent, row):
        return self.model.index(row, 0, parent).data(NodeIdRole)

    def _before(self, parent, row) -> None:
        self.pending.append(self._id(parent, row))

    def _after(self, parent, row) -> None:
        want = self.pending.pop()
        if self._id(parent, row) != want:
            self.failures.append(f"neighbour of the changed rows is node {self._id(parent, row)}, not {want}")


@pytest.fixture
def model_check(qapp) -> Iterator:
    """Attach QAbstractItemModelTester to models; any failure it reports fails the test."""
    failures: list[str] = []
    keep: list[object] = []

    def handler(kind, context, message) -> None:
        if context.category != "qt.modeltest":
            return
        if "(c.next)" in message and "QVariant(QString" in message:
            return  # positional labels: checked by node id in NeighbourCheck
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            failures.append(message)

    previous = qInstallMessageHandler(handler)

    def attach(model) -> QAbstractItemModelTester:
        tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
        keep.extend([tester, NeighbourCheck(model, failures)])
        return tester

    attach.failures = failures
    yield attach
    qInstallMessageHandler(previous)
    assert not failures, "model tester: " + "; ".join(failures)

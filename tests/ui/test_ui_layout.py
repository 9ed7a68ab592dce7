"""The shape of ui/: blocking dialogs in one module, no oversized files, no import cycle, thin packages."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
BLOCKING = UI / "dialogs" / "blocking.py"
DIALOG_CLASSES = {"QFileDialog", "QPrintDialog", "QPrintPreviewDialog", "QMessageBox", "QInputDialog"}
MAX_LINES = 600


def modules() -> dict[str, Path]:
    """Return every module of ui/ by dotted name."""
    out = {}
    for path in sorted(UI.rglob("*.py")):
        parts = list(path.relative_to(UI.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def dialog_uses(tree: ast.AST) -> set[str]:
    """Return the blocking dialog classes a module imports or names."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            used |= {alias.name for alias in node.names} & DIALOG_CLASSES
        elif isinstance(node, ast.Name) and node.id in DIALOG_CLASSES:
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in DIALOG_CLASSES:
            used.add(node.attr)
    return used


def top_level_imports(tree: ast.Module, name: str, known: set[str]) -> set[str]:
    """Return the ui modules a module imports when it is loaded (TYPE_CHECKING blocks and functions excepted)."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.If):
                if not (isinstance(stmt.test, ast.Name) and stmt.test.id == "TYPE_CHECKING"):
                    visit(stmt.body)
                visit(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                visit(stmt.body)
            elif isinstance(stmt, ast.Import):
                found.update(a.name for a in stmt.names)
            elif isinstance(stmt, ast.ImportFrom):
                assert not stmt.level, f"{name}: use absolute imports"
                found.add(stmt.module or "")
                found.update(f"{stmt.module}.{a.name}" for a in stmt.names)

    visit(tree.body)
    return {m for m in found if m in known and m != name}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle of the graph, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_only_the_blocking_module_runs_blocking_dialogs() -> None:
    offenders = {}
    for name, path in modules().items():
        if path == BLOCKING:
            continue
        used = dialog_uses(ast.parse(path.read_text(encoding="utf-8")))
        if used:
            offenders[name] = sorted(used)
    assert not offenders, f"use ui.dialogs.blocking instead: {offenders}"
    # the print preview is our own dialog (ui/dialogs/print_preview.py): Qt's stays banned everywhere
    assert dialog_uses(ast.parse(BLOCKING.read_text(encoding="utf-8"))) == DIALOG_CLASSES - {"QPrintPreviewDialog"}


def test_the_dialog_check_catches_a_direct_call() -> None:
    source = "from PySide6 import QtWidgets\n\ndef f():\n    QtWidgets.QMessageBox.warning(None, 'a', 'b')\n"
    assert dialog_uses(ast.parse(source)) == {"QMessageBox"}
    assert dialog_uses(ast.parse("from PySide6.QtWidgets import QFileDialog\n")) == {"QFileDialog"}


def test_no_file_in_ui_is_over_600_lines() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def test_package_inits_only_re_export() -> None:
    for path in UI.rglob("__init__.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        body = [s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        assert all(isinstance(s, ast.Import | ast.ImportFrom) for s in body), path


def test_ui_modules_import_no_cycle() -> None:
    known = set(modules())
    graph = {
        name: top_level_imports(ast.parse(path.read_text(encoding="utf-8")), name, known)
        for name, path in modules().items()
    }
    assert graph["ui.shell.main_window"], "the import graph is empty: the scan is broken"
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_check_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_only_the_bridge_subscribes_to_a_workspace() -> None:
    bridge = UI / "common" / "ws_signals.py"
    subscribers = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("subscribe", "unsubscribe") and path != bridge:
                subscribers.append(name)
    assert not subscribers, f"follow a workspace through ui.common.ws_signals.WorkspaceSignals: {subscribers}"


# Each room of ui/ may import its own modules and those of lower layers only.
LAYERS = {
    "common": 0,
    "widgets": 1,
    "render": 1,
    "dialogs": 2,
    "editor": 3,
    "plan_page": 3,
    "calendar": 3,
    "compare": 3,
    "shell": 4,
}
ENTRY_LAYER = 5  # ui/app.py and ui/cli.py


def room_of(module: str) -> str:
    """Return the room of a ui module (ui.editor.tree_model → editor; ui.app → app)."""
    return module.split(".")[1] if module.count(".") else ""


def test_rooms_import_only_lower_layers() -> None:
    known = set(modules())
    upward = []
    for name, path in modules().items():
        room = room_of(name)
        if room == "":
            continue
        layer = LAYERS.get(room, ENTRY_LAYER)
        for target in top_level_imports(ast.parse(path.read_text(encoding="utf-8")), name, known):
            other = room_of(target)
            if other and other != room and LAYERS.get(other, ENTRY_LAYER) >= layer:
                upward.append(f"{name} -> {target}")
    assert not upward, upward
    assert set(LAYERS) | {"app", "cli"} >= {room_of(m) for m in known if room_of(m)}, "a new room needs a layer"

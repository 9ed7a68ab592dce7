"""Module-level imports of planner/ and ui/ form no cycle; no source file grows past 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600


def module_name(path: Path) -> str:
    """Return the dotted module name of a source file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules(packages: tuple[str, ...] = ("planner", "ui")) -> dict[str, Path]:
    """Return every module of the packages by dotted name."""
    return {module_name(p): p for pkg in packages for p in sorted((ROOT / pkg).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Return the imports run at import time (also inside module-level if/try), not TYPE_CHECKING ones."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                found += _module_level_imports(node.body)
            found += _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += _module_level_imports(block)
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the known modules a module imports at module level (`from a.b import c` counts a.b and a.b.c)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in _module_level_imports(tree.body):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
            continue
        if node.level:
            package = name.split(".") if is_package else name.split(".")[:-1]
            base = package[: len(package) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        out.add(target)
        out.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in out if m in known and m != name}


def import_graph(packages: tuple[str, ...] = ("planner", "ui")) -> dict[str, set[str]]:
    """Return module -> modules it imports at module level, for every module of the packages."""
    known = all_modules(packages)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles (strongly connected components of more than one module, or self-loops)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_graph_sees_imports() -> None:
    """The walker resolves absolute, relative and `from package import module` imports."""
    graph = import_graph()
    assert "planner.steps.base" in graph["planner.history"]
    assert "planner.store.schema" in graph["planner.store.rows"]
    assert {"planner.steps.nodes", "planner.steps.units"} <= graph["planner.steps"]
    assert "planner.store.files" in graph["planner.workspace"]  # from planner.store import files


def test_cycle_finder_finds_cycles() -> None:
    """A cycle is reported with its members; an acyclic graph gives none."""
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_planner_has_no_import_cycle() -> None:
    """planner/ imports form a DAG (TYPE_CHECKING imports aside)."""
    graph = import_graph(("planner",))
    assert find_cycles(graph) == []


def _ui_cycles() -> list[list[str]]:
    graph = import_graph()
    return [c for c in find_cycles(graph) if any(m.startswith("ui") for m in c)]


def test_ui_has_no_import_cycle() -> None:
    """ui/ (with planner/) imports form a DAG."""
    assert _ui_cycles() == []


def _long_files(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            out.append(f"{rel}: {lines}")
    return out


def test_planner_files_are_short() -> None:
    """No module under planner/ exceeds 600 lines."""
    assert _long_files("planner") == []


def test_ui_files_are_short() -> None:
    """No module under ui/ exceeds 600 lines."""
    assert _long_files("ui") == []

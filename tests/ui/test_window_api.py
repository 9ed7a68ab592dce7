"""The window contract: MainWindow offers every member of WindowApi, and commands run against any window that does."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings

from planner.errors import PlannerError
from planner.model import Node, Plan
from planner.plans import create_plan
from planner.workspace import Workspace
from tests.ui.helpers import make_window
from ui.common.window_api import WindowApi
from ui.editor.node_commands import NodeCommands
from ui.shell.plan_commands import PlanCommands


def api_members() -> set[str]:
    """Return the attributes and methods the protocol declares."""
    declared = {name for name in vars(WindowApi) if not name.startswith("_")}
    return declared | set(WindowApi.__annotations__)


class FakeWindow:
    """A window without widgets: records what the commands ask of it."""

    def __init__(self, ws: Workspace, plan: Plan, settings: QSettings) -> None:
        self.ws, self._plan, self.settings = ws, plan, settings
        self.current: Node | None = None
        self.selected: list[Node] = []
        self.log: list[tuple[str, Any]] = []

    @property
    def plan(self) -> Plan | None:
        return self._plan

    def dialog_parent(self) -> None:
        return None

    def flush_edits(self) -> None:
        self.log.append(("flush", None))

    def run_edit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PlannerError as exc:
            self.log.append(("refused", str(exc)))
            return None

    def show_status(self, text: str, timeout: int = 6000) -> None:
        self.log.append(("status", text))

    def clear_status(self) -> None:
        self.log.append(("clear", None))

    def set_workspace(self, ws: Workspace | None) -> None:
        self.log.append(("workspace", ws))

    def show_year(self, year: int | None) -> None:
        self.log.append(("year", year))

    def current_node(self) -> Node | None:
        return self.current

    def selected_nodes(self) -> list[Node]:
        return self.selected

    def reveal_node(self, node_id: int) -> None:
        self.log.append(("reveal", node_id))

    def focus_title(self) -> None:
        self.log.append(("title", None))


def test_main_window_and_the_fake_offer_every_member(qtbot, settings, ws):
    window = make_window(qtbot, settings)
    members = api_members()
    assert {"ws", "settings", "plan", "run_edit", "show_status", "dialog_parent", "selected_nodes"} <= members
    assert [m for m in sorted(members) if not hasattr(window, m)] == []
    plan = create_plan(ws, 115)
    fake = FakeWindow(ws, plan, settings)
    assert [m for m in sorted(members) if not hasattr(fake, m)] == []
    for name in members - set(WindowApi.__annotations__) - {"plan"}:
        declared = inspect.signature(getattr(WindowApi, name)).parameters
        assert list(inspect.signature(getattr(window, name)).parameters) == list(declared)[1:], name


def test_commands_need_only_the_contract(qapp, ws, settings, dialog_log):
    plan = create_plan(ws, 115)
    fake = FakeWindow(ws, plan, settings)
    nodes = NodeCommands(fake)
    item = nodes.add_sibling()
    assert [n.id for n in plan.items] == [item.id]
    assert fake.log[-2:] == [("reveal", item.id), ("title", None)]
    fake.current = plan.nodes[item.id]
    child = nodes.add_child()
    assert plan.nodes[child.id].parent.id == item.id
    fake.selected = [plan.nodes[child.id]]
    assert nodes.delete().startswith("已刪除重點")  # undoable, so no question
    assert dialog_log.calls == [] and plan.nodes[item.id].children == []

    dialog_log.answer("confirm", True)
    PlanCommands(fake).delete_plan()
    assert ws.years() == []
    assert dialog_log.calls[0][0] == "confirm" and "115 年度" in dialog_log.calls[0][1]
    assert ("flush", None) in fake.log

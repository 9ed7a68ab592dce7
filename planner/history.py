"""Transactions and the undo/redo history of an open workspace."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from planner.changes import HistoryChanged
from planner.state import WorkspaceState
from planner.steps.base import Step
from planner.store import recovery

log = logging.getLogger(__name__)

HISTORY_LIMIT = 500


class HasState(Protocol):
    """Anything that carries a WorkspaceState (the Workspace façade, or the state itself)."""

    @property
    def state(self) -> WorkspaceState:
        """Return the loaded state."""
        ...


@dataclass
class Transaction:
    """One undoable edit: a name shown in the Edit menu and its steps."""

    name: str
    steps: list[Step] = field(default_factory=list)

    def do(self, ws: HasState, step: Step) -> Step:
        """Apply a step now and record it."""
        step.apply(ws.state)
        self.steps.append(step)
        return step


class History:
    """The undo and redo stacks, and the transaction being recorded."""

    def __init__(self, state: WorkspaceState) -> None:
        self.state = state
        self.undo_stack: list[Transaction] = []
        self.redo_stack: list[Transaction] = []
        self.current: Transaction | None = None

    @contextmanager
    def edit(self, name: str) -> Iterator[Transaction]:
        """Group steps into one undoable, atomic edit; a nested edit joins the open one."""
        if self.current is not None:
            yield self.current
            return
        tx = Transaction(name)
        self.current = tx
        unwound = True
        try:
            with self.state.db.atomic():
                try:
                    yield tx
                except BaseException:
                    unwound = self._unwind(tx.steps)
                    raise
        except BaseException as exc:
            failed_write = recovery.is_storage_failure(exc)  # the screen shows the file after a failed commit
            if not unwound or failed_write:
                self.resync()
            if failed_write:
                raise recovery.not_saved(name, exc) from exc
            raise
        finally:
            self.current = None
        recovery.checkpoint(self.state.db)  # a plain copy of the file holds every finished edit
        if tx.steps:
            self.undo_stack.append(tx)
            del self.undo_stack[:-HISTORY_LIMIT]
            self.redo_stack.clear()
            self.state.announce(HistoryChanged())

    def _unwind(self, steps: list[Step]) -> bool:
        """Revert applied steps inside the failing transaction; False if that failed too."""
        try:
            for step in reversed(steps):
                step.revert(self.state)
        except Exception:
            log.exception("could not unwind a failed edit; reloading from the file")
            return False
        return True

    def resync(self) -> None:
        """Reload everything from the file and forget the history."""
        self.state.reload()
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.state.announce(HistoryChanged())

    def _replay(self, tx: Transaction, forward: bool) -> None:
        try:
            with self.state.db.atomic():
                for step in tx.steps if forward else reversed(tx.steps):
                    step.apply(self.state) if forward else step.revert(self.state)
        except Exception as exc:
            log.exception("undo/redo of %s failed", tx.name)
            self.resync()
            if recovery.is_storage_failure(exc):
                raise recovery.not_saved(tx.name, exc) from exc
            raise
        recovery.checkpoint(self.state.db)

    def undo(self) -> str | None:
        """Undo the last edit; return its name, or None when there is nothing to undo."""
        if not self.undo_stack:
            return None
        tx = self.undo_stack.pop()
        self._replay(tx, forward=False)
        self.redo_stack.append(tx)
        self.state.announce(HistoryChanged())
        return tx.name

    def redo(self) -> str | None:
        """Redo the last undone edit; return its name, or None."""
        if not self.redo_stack:
            return None
        tx = self.redo_stack.pop()
        self._replay(tx, forward=True)
        self.undo_stack.append(tx)
        self.state.announce(HistoryChanged())
        return tx.name

    @property
    def undo_text(self) -> str | None:
        """Return the name of the edit undo() would undo."""
        return self.undo_stack[-1].name if self.undo_stack else None

    @property
    def redo_text(self) -> str | None:
        """Return the name of the edit redo() would redo."""
        return self.redo_stack[-1].name if self.redo_stack else None

    def clear(self) -> None:
        """Forget the undo/redo history."""
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.state.announce(HistoryChanged())

"""A workspace file: the agency, its units and its yearly plans, with undo/redo history."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import PeeweeException as PeeweeError
from peewee import SqliteDatabase

from planner import text_safety
from planner.errors import BadInput, NotAWorkspace, ReadOnlyError
from planner.history import History, Transaction
from planner.model import Plan, Unit
from planner.state import Listener, WorkspaceState
from planner.store import files, lock, recovery
from planner.store.load import PlanInfo, plan_id_of_year, plan_infos, years
from planner.store.migrations import LATEST, migrate, schema_version
from planner.store.schema import TABLES, Setting, UnitRow

log = logging.getLogger(__name__)

__all__ = ["Listener", "PlanInfo", "Transaction", "Workspace", "create_workspace", "open_workspace"]


class Workspace:
    """An open workspace file; every edit goes through edit() and lands on disk at once.

    The façade the GUI and the CLI call: the loaded state lives in ``state``
    (planner/state.py), the undo/redo history in ``history`` (planner/history.py).
    """

    def __init__(self, path: Path, database: SqliteDatabase, read_only: bool, held: lock.Lock | None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock = held
        self.state = WorkspaceState(database)
        self.history = History(self.state)

    # ------------------------------------------------------------ lifecycle

    @property
    def db(self) -> SqliteDatabase:
        """Return the open connection."""
        return self.state.db

    def close(self) -> None:
        """Checkpoint, close the file and release the lock."""
        if self.db.is_closed():
            return
        try:
            if not self.read_only:
                recovery.settle(self.db)  # at rest in rollback mode; never waits for a reader, never raises
        finally:
            self.db.close()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ notices

    def subscribe(self, listener: Listener) -> None:
        """Call listener(phase, change) before and after every change."""
        self.state.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling a listener."""
        self.state.unsubscribe(listener)

    # ------------------------------------------------------------ reading

    @property
    def unit_list(self) -> list[Unit]:
        """Return the ordered list of every unit (retired ones too), as held in memory."""
        return self.state.units

    def setting(self, key: str, default: str | None = None) -> str | None:
        """Return a workspace setting."""
        return self.state.setting(key, default)

    @property
    def agency(self) -> str:
        """Return the agency's full name."""
        return self.setting("agency", "") or ""

    def units(self, include_retired: bool = False) -> list[Unit]:
        """Return the units in order; retired ones only when asked."""
        return [u for u in self.state.units if include_retired or not u.retired]

    def unit(self, unit_id: int) -> Unit:
        """Return a unit by id."""
        return self.state.unit(unit_id)

    def unit_by_name(self, name: str) -> Unit | None:
        """Return a unit by exact name (retired ones too)."""
        name = name.strip()
        return next((u for u in self.state.units if u.name == name), None)

    def unit_names(self, ids: list[int], year: int | None = None) -> list[str]:
        """Return the names of unit ids as printed in a plan year (current names when year is None)."""
        by_id = {u.id: u.name for u in self.state.units}
        if year is not None:
            for unit_id, names in self.state.unit_history.items():
                for from_year, name in names:
                    if from_year <= year and unit_id in by_id:
                        by_id[unit_id] = name
        return [by_id.get(i, "?") for i in ids]

    def plan_infos(self) -> list[PlanInfo]:
        """Return every plan with its method count, by year."""
        return plan_infos(self.db)

    def years(self) -> list[int]:
        """Return the years that have a plan."""
        return years(self.db)

    def has_plan(self, year: int) -> bool:
        """Return whether a plan exists for a year."""
        return plan_id_of_year(self.db, year) is not None

    def plan(self, year: int) -> Plan:
        """Return the plan of a year, loading it once; BadInput if there is none."""
        plan_id = plan_id_of_year(self.db, year)
        if plan_id is None:
            have = "、".join(str(y) for y in self.years()) or "（無）"
            raise BadInput(f"工作區中沒有 {year} 年度的計畫。現有年度：{have}")
        return self.state.plan_by_id(plan_id)

    def plan_by_id(self, plan_id: int) -> Plan:
        """Return a plan by id, loading it once."""
        return self.state.plan_by_id(plan_id)

    def forget_plan(self, plan_id: int) -> None:
        """Drop a plan from memory (it is loaded again on demand)."""
        self.state.forget_plan(plan_id)

    # ------------------------------------------------------------ editing

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError("工作區以唯讀方式開啟，無法修改。")

    @contextmanager
    def edit(self, name: str) -> Iterator[Transaction]:
        """Group steps into one undoable, atomic edit named for the Edit menu."""
        self._check_writable()
        with self.history.edit(name) as tx:
            yield tx

    def undo(self) -> str | None:
        """Undo the last edit; return its name, or None when there is nothing to undo."""
        self._check_writable()
        return self.history.undo()

    def redo(self) -> str | None:
        """Redo the last undone edit; return its name, or None."""
        self._check_writable()
        return self.history.redo()

    @property
    def undo_stack(self) -> list[Transaction]:
        """Return the edits undo() would undo, oldest first."""
        return self.history.undo_stack

    @property
    def redo_stack(self) -> list[Transaction]:
        """Return the edits redo() would redo, oldest first."""
        return self.history.redo_stack

    @property
    def undo_text(self) -> str | None:
        """Return the name of the edit undo() would undo."""
        return self.history.undo_text

    @property
    def redo_text(self) -> str | None:
        """Return the name of the edit redo() would redo."""
        return self.history.redo_text

    def clear_history(self) -> None:
        """Forget the undo/redo history."""
        self.history.clear()

    def save_copy(self, target: Path) -> Path:
        """Write a consistent copy of the workspace to target (atomically)."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise BadInput("另存新檔的位置不能是目前的工作區檔案。")
        tmp = target.with_name(target.name + ".tmp")
        try:
            self.db.execute_sql("VACUUM INTO ?", (str(tmp),))
            tmp.replace(target)
        except (OSError, PeeweeError) as exc:
            tmp.unlink(missing_ok=True)
            raise BadInput(f"無法寫入「{target}」：{exc}") from None
        return target


# ---------------------------------------------------------------- opening


def _connect(path: Path, read_only: bool) -> SqliteDatabase:
    if read_only:
        database = SqliteDatabase(
            files.readonly_uri(path),
            uri=True,
            pragmas={"foreign_keys": 1, "query_only": 1},
            check_same_thread=False,
        )
    else:
        database = SqliteDatabase(
            str(path),
            pragmas={"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal", "busy_timeout": 5000},
            check_same_thread=False,
        )
    database.connect()
    return database


def create_workspace(path: Path, agency: str = "", units: list[str] | None = None) -> Workspace:
    """Create a new, empty workspace file (refusing to overwrite) and open it."""
    path = Path(path)
    if path.exists():
        raise BadInput(f"檔案「{path.name}」已存在，不會覆寫。")
    if not path.parent.is_dir():
        raise BadInput(f"資料夾不存在：{path.parent}")
    names = _clean_unit_names(units or [])  # refuse bad names before touching the disk
    tmp = path.with_name(path.name + ".creating")
    tmp.unlink(missing_ok=True)
    database = SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1})
    try:
        database.connect()
        migrate(database)
        with database.atomic():
            Setting.insert(key="agency", value=agency.strip()).execute(database)
            for i, name in enumerate(names):
                UnitRow.insert(name=name, position=i, retired=False).execute(database)
        database.close()
        tmp.replace(path)
    except BaseException as exc:  # a full disk or read-only folder leaves no .creating file
        database.close()
        tmp.unlink(missing_ok=True)
        if recovery.is_storage_failure(exc):
            raise recovery.open_failed(path, exc) from exc
        raise
    return open_workspace(path, backup=False)


def _clean_unit_names(names: list[str]) -> list[str]:
    out: list[str] = []
    text_safety.check_unit_count(len(names))
    for raw in names:
        name = text_safety.unit_name(raw)
        if not name:
            continue
        if name in out:
            raise BadInput(f"單位名稱重複：{name}")
        out.append(name)
    return out


def open_workspace(path: Path, read_only: bool = False, backup: bool = True, take_over: bool = False) -> Workspace:
    """Check, lock, back up, migrate and open a workspace.

    Raises BadInput (file untouched; ReadOnlyMedia: retry read-only) or WorkspaceLocked (then
    retry with read_only=True, or take_over=True after the user confirmed).
    """
    path = Path(path)
    version = files.probe(path)
    if read_only and version < LATEST:
        raise BadInput("這個工作區需要先升級資料格式，無法以唯讀方式開啟；請以一般方式開啟一次。")
    if not read_only:
        recovery.require_writable(path)  # read-only media
    held = None if read_only else lock.acquire(path, take_over=take_over)
    try:
        if not read_only and backup:
            recovery.try_backup(path)  # a full disk leaves no .tmp and does not stop opening
        database = _connect(path, read_only)
        if not read_only and schema_version(database) < LATEST:
            migrate(database)
        _check_tables(database, path)
        ws = Workspace(path, database, read_only, held)
    except BaseException as exc:
        if held is not None:
            held.release()
        if recovery.is_storage_failure(exc):  # full disk / read-only media: a message
            raise recovery.open_failed(path, exc) from exc
        raise
    log.info("opened workspace %s (read_only=%s)", path, read_only)
    return ws


def _check_tables(database: SqliteDatabase, path: Path) -> None:
    names = set(database.get_tables())
    missing = [t._meta.table_name for t in TABLES if t._meta.table_name not in names]
    if missing:
        database.close()
        raise NotAWorkspace(f"「{path.name}」缺少資料表 {', '.join(missing)}，不是完整的計畫工作區。")

"""A workspace file: the agency, its units and its yearly plans, with undo/redo history."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from peewee import PeeweeException as PeeweeError
from peewee import SqliteDatabase

from planner import repair, text_safety
from planner.changes import AFTER, BEFORE, HistoryChanged, PlanReloaded, UnitsChanged
from planner.errors import BadInput, NotAWorkspace, ReadOnlyError
from planner.layouts import Layout
from planner.model import Milestone, Node, Plan, Section, Unit
from planner.steps import Step, months_from_text
from planner.store import files, lock, recovery
from planner.store.migrations import LATEST, migrate, schema_version
from planner.store.schema import TABLES
from planner.store.schema import db as db_proxy

log = logging.getLogger(__name__)

Listener = Callable[[str, object], None]
HISTORY_LIMIT = 500


@dataclass
class PlanInfo:
    """A line of the workspace's plan list."""

    id: int
    year: int
    title: str
    methods: int


@dataclass
class Transaction:
    """One undoable edit: a name shown in the Edit menu and its steps."""

    name: str
    steps: list[Step]

    def do(self, ws: Workspace, step: Step) -> Step:
        """Apply a step now and record it."""
        step.apply(ws)
        self.steps.append(step)
        return step


class Workspace:
    """An open workspace file; every edit goes through edit() and lands on disk at once."""

    def __init__(self, path: Path, database: SqliteDatabase, read_only: bool, held: lock.Lock | None) -> None:
        self.path = Path(path)
        self.db = database
        self.read_only = read_only
        self._lock = held
        self._listeners: list[Listener] = []
        self._plans: dict[int, Plan] = {}
        self._tx: Transaction | None = None
        self.undo_stack: list[Transaction] = []
        self.redo_stack: list[Transaction] = []
        self.settings_cache: dict[str, str | None] = {}
        self.unit_list: list[Unit] = []
        self._load_workspace_rows()

    # ------------------------------------------------------------ lifecycle

    def _load_workspace_rows(self) -> None:
        self.settings_cache = dict(self.db.execute_sql("SELECT key, value FROM setting").fetchall())
        self.unit_list = [
            Unit(i, text_safety.clean_name(name), pos, bool(ret))  # issue 16: old files' control characters
            for i, name, pos, ret in self.db.execute_sql(
                "SELECT id, name, position, retired FROM unit ORDER BY position, id"
            )
        ]

    def close(self) -> None:
        """Checkpoint, close the file and release the lock."""
        if self.db.is_closed():
            return
        try:
            if not self.read_only:
                recovery.settle(self.db)  # issue 16: at rest, never waits for a reader, never raises
        finally:
            self.db.close()
            if db_proxy.obj is self.db:
                db_proxy.initialize(None)
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def bind(self) -> None:
        """Point the peewee models at this workspace's database."""
        db_proxy.initialize(self.db)

    # ------------------------------------------------------------ notices

    def subscribe(self, listener: Listener) -> None:
        """Call listener(phase, change) before and after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling a listener."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def notify(self, change: object) -> Iterator[None]:
        """Tell listeners about a change around the in-memory mutation."""
        for listener in list(self._listeners):
            listener(BEFORE, change)
        yield
        for listener in list(self._listeners):
            listener(AFTER, change)

    def announce(self, change: object) -> None:
        """Tell listeners about a change that has no in-memory mutation to bracket."""
        with self.notify(change):
            pass

    # ------------------------------------------------------------ reading

    def setting(self, key: str, default: str | None = None) -> str | None:
        """Return a workspace setting."""
        value = self.settings_cache.get(key)
        return default if value is None else value

    @property
    def agency(self) -> str:
        """Return the agency's full name."""
        return self.setting("agency", "") or ""

    def units(self, include_retired: bool = False) -> list[Unit]:
        """Return the units in order; retired ones only when asked."""
        return [u for u in self.unit_list if include_retired or not u.retired]

    def unit(self, unit_id: int) -> Unit:
        """Return a unit by id."""
        for unit in self.unit_list:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def unit_by_name(self, name: str) -> Unit | None:
        """Return a unit by exact name (retired ones too)."""
        name = name.strip()
        return next((u for u in self.unit_list if u.name == name), None)

    def unit_names(self, ids: list[int]) -> list[str]:
        """Return the names of unit ids."""
        by_id = {u.id: u.name for u in self.unit_list}
        return [by_id.get(i, "?") for i in ids]

    def plan_infos(self) -> list[PlanInfo]:
        """Return every plan with its method count, by year."""
        rows = self.db.execute_sql(
            "SELECT p.id, p.year, p.title, (SELECT COUNT(*) FROM node n WHERE n.plan_id = p.id AND n.level = 3)"
            " FROM plan p ORDER BY p.year"
        ).fetchall()
        return [PlanInfo(*row) for row in rows]

    def years(self) -> list[int]:
        """Return the years that have a plan."""
        return [row[0] for row in self.db.execute_sql("SELECT year FROM plan ORDER BY year")]

    def has_plan(self, year: int) -> bool:
        """Return whether a plan exists for a year."""
        return self.db.execute_sql("SELECT 1 FROM plan WHERE year = ?", (year,)).fetchone() is not None

    def plan(self, year: int) -> Plan:
        """Return the plan of a year, loading it once; BadInput if there is none."""
        row = self.db.execute_sql("SELECT id FROM plan WHERE year = ?", (year,)).fetchone()
        if row is None:
            have = "、".join(str(y) for y in self.years()) or "（無）"
            raise BadInput(f"工作區中沒有 {year} 年度的計畫。現有年度：{have}")
        return self.plan_by_id(row[0])

    def plan_by_id(self, plan_id: int) -> Plan:
        """Return a plan by id, loading it once."""
        plan = self._plans.get(plan_id)
        if plan is None:
            plan = self._load_plan(plan_id)
            self._plans[plan_id] = plan
        return plan

    def loaded_plans(self) -> list[Plan]:
        """Return the plans currently held in memory."""
        return list(self._plans.values())

    def forget_plan(self, plan_id: int) -> None:
        """Drop a plan from memory (it is loaded again on demand)."""
        self._plans.pop(plan_id, None)

    def _load_plan(self, plan_id: int) -> Plan:
        """Load a whole plan with a fixed number of queries."""
        repair.guard(self.db, plan_id)  # issue 16: a damaged tree is reported, never a traceback or a loss
        row = self.db.execute_sql(
            "SELECT id, year, title, agency, issued, layout, source_plan_id FROM plan WHERE id = ?", (plan_id,)
        ).fetchone()
        if row is None:
            raise KeyError(plan_id)
        plan = Plan(
            id=row[0],
            year=row[1],
            title=row[2],
            agency=row[3],
            issued=row[4],
            layout=Layout.from_json(row[5]),
            source_plan_id=row[6],
        )
        plan.sections = [
            Section(i, h, t, bool(n))
            for i, h, t, n in self.db.execute_sql(
                "SELECT id, heading, text, numbered FROM section WHERE plan_id = ? ORDER BY position", (plan_id,)
            )
        ]
        plan.milestones = [
            Milestone(i, m, t, d, u)
            for i, m, d, t, u in self.db.execute_sql(
                "SELECT id, month, day, title, unit_id FROM milestone WHERE plan_id = ? ORDER BY position",
                (plan_id,),
            )
        ]
        units: dict[int, list[int]] = {}
        for node_id, unit_id in self.db.execute_sql(
            "SELECT nu.node_id, nu.unit_id FROM node_unit nu JOIN node n ON n.id = nu.node_id"
            " WHERE n.plan_id = ? ORDER BY nu.node_id, nu.position",
            (plan_id,),
        ):
            units.setdefault(node_id, []).append(unit_id)
        children: dict[int | None, list[Node]] = {}
        for nid, parent, level, title, body, numbered, note, months, merge_next, source in self.db.execute_sql(
            "SELECT id, parent_id, level, title, body, numbered, note, months, merge_next, source_id"
            " FROM node WHERE plan_id = ? ORDER BY parent_id, position",
            (plan_id,),
        ):
            node = Node(
                id=nid,
                level=level,
                title=title,
                body=body,
                numbered=bool(numbered),
                note=note,
                units=units.get(nid, []),
                months=months_from_text(months),
                merge_next=bool(merge_next),
                source_id=source,
            )
            plan.nodes[nid] = node
            children.setdefault(parent, []).append(node)
        for parent_id, kids in children.items():
            if parent_id is None:
                plan.items = kids
                continue
            parent = plan.nodes[parent_id]
            parent.children = kids
            for kid in kids:
                kid.parent = parent
        return plan

    # ------------------------------------------------------------ editing

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError("工作區以唯讀方式開啟，無法修改。")

    @contextmanager
    def edit(self, name: str) -> Iterator[Transaction]:
        """Group steps into one undoable, atomic edit named for the Edit menu."""
        self._check_writable()
        if self._tx is not None:
            yield self._tx
            return
        tx = Transaction(name, [])
        self._tx = tx
        unwound = True
        try:
            with self.db.atomic():
                try:
                    yield tx
                except BaseException:
                    unwound = self._unwind(tx.steps)
                    raise
        except BaseException as exc:
            failed_write = recovery.is_storage_failure(exc)  # issue 16: screen = file after a failed commit
            if not unwound or failed_write:
                self._resync()
            if failed_write:
                raise recovery.not_saved(name, exc) from exc
            raise
        finally:
            self._tx = None
        recovery.checkpoint(self.db)  # issue 16: a plain copy of the file holds every finished edit
        if tx.steps:
            self.undo_stack.append(tx)
            del self.undo_stack[:-HISTORY_LIMIT]
            self.redo_stack.clear()
            self.announce(HistoryChanged())

    def _unwind(self, steps: list[Step]) -> bool:
        """Revert applied steps inside the failing transaction; False if that failed too."""
        try:
            for step in reversed(steps):
                step.revert(self)
        except Exception:
            log.exception("could not unwind a failed edit; reloading from the file")
            return False
        return True

    def _resync(self) -> None:
        """Reload everything from the file after a failed undo or redo."""
        self._load_workspace_rows()
        for plan_id in list(self._plans):
            self._plans.pop(plan_id)
            self.announce(PlanReloaded(plan_id))
        self.announce(UnitsChanged())
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.announce(HistoryChanged())

    def _replay(self, tx: Transaction, forward: bool) -> None:
        try:
            with self.db.atomic():
                for step in tx.steps if forward else reversed(tx.steps):
                    step.apply(self) if forward else step.revert(self)
        except Exception as exc:
            log.exception("undo/redo of %s failed", tx.name)
            self._resync()
            if recovery.is_storage_failure(exc):  # issue 16
                raise recovery.not_saved(tx.name, exc) from exc
            raise
        recovery.checkpoint(self.db)  # issue 16

    def undo(self) -> str | None:
        """Undo the last edit; return its name, or None when there is nothing to undo."""
        self._check_writable()
        if not self.undo_stack:
            return None
        tx = self.undo_stack.pop()
        self._replay(tx, forward=False)
        self.redo_stack.append(tx)
        self.announce(HistoryChanged())
        return tx.name

    def redo(self) -> str | None:
        """Redo the last undone edit; return its name, or None."""
        self._check_writable()
        if not self.redo_stack:
            return None
        tx = self.redo_stack.pop()
        self._replay(tx, forward=True)
        self.undo_stack.append(tx)
        self.announce(HistoryChanged())
        return tx.name

    @property
    def undo_text(self) -> str | None:
        """Return the name of the edit undo() would undo."""
        return self.undo_stack[-1].name if self.undo_stack else None

    @property
    def redo_text(self) -> str | None:
        """Return the name of the edit redo() would redo."""
        return self.redo_stack[-1].name if self.redo_stack else None

    def clear_history(self) -> None:
        """Forget the undo/redo history."""
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.announce(HistoryChanged())

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
    names = _clean_unit_names(units or [])  # issue 16: refuse bad names before touching the disk
    tmp = path.with_name(path.name + ".creating")
    tmp.unlink(missing_ok=True)
    database = SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1})
    try:
        database.connect()
        migrate(database)
        with database.atomic():
            database.execute_sql("INSERT INTO setting (key, value) VALUES ('agency', ?)", (agency.strip(),))
            for i, name in enumerate(names):
                database.execute_sql("INSERT INTO unit (name, position, retired) VALUES (?, ?, 0)", (name, i))
        database.close()
        tmp.replace(path)
    except BaseException as exc:  # issue 16: a full disk or read-only folder leaves no .creating file
        database.close()
        tmp.unlink(missing_ok=True)
        if recovery.is_storage_failure(exc):
            raise recovery.open_failed(path, exc) from exc
        raise
    return open_workspace(path, backup=False)


def _clean_unit_names(names: list[str]) -> list[str]:
    out: list[str] = []
    text_safety.check_unit_count(len(names))  # issue 16
    for raw in names:
        name = text_safety.unit_name(raw)  # issue 16
        if not name:
            continue
        if name in out:
            raise BadInput(f"單位名稱重複：{name}")
        out.append(name)
    return out


def open_workspace(path: Path, read_only: bool = False, backup: bool = True, take_over: bool = False) -> Workspace:
    """Check, lock, back up, migrate and open a workspace; bind the peewee models to it.

    Raises BadInput (file untouched; ReadOnlyMedia: retry read-only) or WorkspaceLocked (then
    retry with read_only=True, or take_over=True after the user confirmed).
    """
    path = Path(path)
    version = files.probe(path)
    if read_only and version < LATEST:
        raise BadInput("這個工作區需要先升級資料格式，無法以唯讀方式開啟；請以一般方式開啟一次。")
    if not read_only:
        recovery.require_writable(path)  # issue 16: read-only media
    held = None if read_only else lock.acquire(path, take_over=take_over)
    try:
        if not read_only and backup:
            recovery.try_backup(path)  # issue 16: a full disk leaves no .tmp and does not stop opening
        database = _connect(path, read_only)
        if not read_only and schema_version(database) < LATEST:
            migrate(database)
        _check_tables(database, path)
        ws = Workspace(path, database, read_only, held)
    except BaseException as exc:
        if held is not None:
            held.release()
        if recovery.is_storage_failure(exc):  # issue 16: full disk / read-only media: a message
            raise recovery.open_failed(path, exc) from exc
        raise
    ws.bind()
    log.info("opened workspace %s (read_only=%s)", path, read_only)
    return ws


def _check_tables(database: SqliteDatabase, path: Path) -> None:
    names = {row[0] for row in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t._meta.table_name for t in TABLES if t._meta.table_name not in names]
    if missing:
        database.close()
        raise NotAWorkspace(f"「{path.name}」缺少資料表 {', '.join(missing)}，不是完整的計畫工作區。")

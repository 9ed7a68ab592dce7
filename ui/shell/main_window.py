"""The main window: tree and form, plan page, menus and toolbar; the one place that wires the signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.errors import OperationRefused, PlannerError, ReadOnlyError
from planner.model import Node, Plan
from planner.numerals import FOCUS, ITEM, METHOD
from ui.common.lazy_import import lazy_module
from ui.common.screen_fit import fit_to_screen
from ui.common.texts import APP_TITLE
from ui.common.window_api import STATUS_TIMEOUT
from ui.common.ws_signals import WorkspaceSignals
from ui.dialogs import blocking
from ui.editor import clipboard
from ui.editor.detail_form import DetailForm
from ui.editor.filter_bar import FilterBar
from ui.editor.findings_dock import FindingsDock
from ui.editor.node_commands import NodeCommands
from ui.editor.tree_model import PlanTreeModel
from ui.editor.tree_view import PlanTreeView
from ui.shell import desk
from ui.shell.actions import Actions
from ui.shell.export_commands import ExportCommands
from ui.shell.file_commands import FileCommands
from ui.shell.lazy_pages import LazyPages
from ui.shell.menus import build_menu_bar, build_toolbar, name_menu_actions, tree_menu
from ui.shell.plan_commands import PlanCommands
from ui.shell.recent_files import RecentFiles
from ui.shell.start_page import StartPage
from ui.shell.window_state import restore_window, save_window

if TYPE_CHECKING:
    from planner import kpi, operations
    from planner.workspace import Workspace
    from ui.calendar.calendar_page import CalendarPage
    from ui.compare.view import CompareView
    from ui.plan_page.plan_page import PlanPage
else:
    kpi, operations = lazy_module("planner.kpi"), lazy_module("planner.operations")  # with the first workspace

log = logging.getLogger(__name__)
T = TypeVar("T")


class MainWindow(QMainWindow):
    """One workspace per window; shows one of its plans at a time."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings
        self.ws: Workspace | None = None
        self._busy = 0
        self._years: list[int] = []
        self.signals = WorkspaceSignals(self)
        self.model = PlanTreeModel(self)
        self.acts = Actions(self)
        self.recent = RecentFiles(settings)
        self.commands = NodeCommands(self)
        self.files = FileCommands(self, self.recent)
        self.exports = ExportCommands(self)
        self.plans = PlanCommands(self)
        self._build()
        self._build_menus()
        self._wire()
        self.desk = desk.install(self)  # Esc, 復原 in the status bar, fold, hoist, F1
        self._findings_sized = restore_window(self, self.splitter, self.settings)
        self._show_state()

    # ------------------------------------------------------------ building

    @property
    def plan(self) -> Plan | None:
        """Return the plan shown."""
        return self.model.plan

    @property
    def plan_page(self) -> PlanPage:
        """Return the 計畫基本資料與段落 page (built on first use)."""
        return self.pages.plan_page()

    @property
    def calendar(self) -> CalendarPage:
        """Return the 查核行事曆 page (built on first use)."""
        return self.pages.calendar()

    @property
    def compare(self) -> CompareView:
        """Return the 年度比較 view (built on first use)."""
        return self.pages.compare()

    def _build(self) -> None:
        fit_to_screen(self, 1280, 800)
        self.tree = PlanTreeView(self.model, self)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        for action in self.acts.tree_only:
            self.tree.addAction(action)
        self.form = DetailForm(self)
        self.form.setObjectName("detail_form")
        self.filter_bar = FilterBar(self)
        self.filter_bar.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 500])
        self.content = content = QWidget(self)
        content.setObjectName("content_page")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.filter_bar)
        column.addWidget(self.splitter, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(content, "計畫內容")
        self.pages = LazyPages(self, self.tabs)  # the other three tabs: built when first shown
        self.start = StartPage(self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("main_stack")
        self.stack.addWidget(self.start)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        self.findings = FindingsDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
        self.findings.hide()
        self.findings.visibilityChanged.connect(self._size_findings)
        self._findings_sized = False
        self.act_findings = self.findings.toggleViewAction()
        self.act_findings.setObjectName("action_show_findings")
        self.act_findings.setText("檢查結果")
        self.act_findings.setShortcut("F7")

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("plan_year_combo")
        self.year_combo.setToolTip("切換年度計畫")
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.toolbar = build_toolbar(self, self.acts, self.year_combo, self.act_findings)

        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("status_counts")
        self.statusBar().addPermanentWidget(self.status_counts)
        self.statusBar().setObjectName("status_bar")

    def _build_menus(self) -> None:
        pages = [self.pages.act_calendar, self.pages.act_compare]
        self.recent_menu = build_menu_bar(self, self.acts, pages, self.act_findings)
        self.recent_menu.aboutToShow.connect(lambda: self.recent.fill_menu(self.recent_menu, self.files.open_path))
        self.recent.fill_menu(self.recent_menu, self.files.open_path)
        name_menu_actions(self)

    def _wire(self) -> None:
        """Connect every signal of the window, here and nowhere else."""
        a, c = self.acts, self.commands
        f = self.files
        a.new_workspace.triggered.connect(f.new_workspace)
        a.open.triggered.connect(f.choose_and_open)
        a.save_as.triggered.connect(f.save_as)
        a.restore_backup.triggered.connect(f.restore_backup)
        a.import_plan.triggered.connect(f.import_plan)
        self.exports.connect_documents(a.document_exports)
        a.export_pdf.triggered.connect(self.exports.export_pdf)
        a.print_preview.triggered.connect(self.exports.preview)
        a.print_plan.triggered.connect(self.exports.print_plan)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.cut.triggered.connect(lambda: self._run(c.cut))
        a.copy.triggered.connect(self.copy)
        a.paste.triggered.connect(lambda: self._run(c.paste))
        a.delete.triggered.connect(self.delete)
        a.find.triggered.connect(self.show_filter)
        a.add_sibling.triggered.connect(lambda: self._run(c.add_sibling))
        a.add_child.triggered.connect(lambda: self._run(c.add_child))
        a.move_up.triggered.connect(lambda: self._run(c.move_up))
        a.move_down.triggered.connect(lambda: self._run(c.move_down))
        a.indent.triggered.connect(lambda: self._run(c.indent))
        a.outdent.triggered.connect(lambda: self._run(c.outdent))
        a.unnumbered.triggered.connect(lambda checked: self._run(c.set_unnumbered, checked))
        a.edit_title.triggered.connect(lambda: self._run(c.edit_title))
        a.new_plan.triggered.connect(self.plans.new_plan)
        a.delete_plan.triggered.connect(self.plans.delete_plan)
        a.content_page.triggered.connect(lambda: self.tabs.setCurrentWidget(self.content))
        a.plan_page.triggered.connect(lambda: self.tabs.setCurrentWidget(self.plan_page))
        a.units.triggered.connect(self.manage_units)
        a.about.triggered.connect(self.about)

        self.signals.historyChanged.connect(self._after_edit)
        self.model.refused.connect(self.show_refusal)
        self.tree.currentNodeChanged.connect(self._current_changed)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.form.fieldEdited.connect(self._commit_field)
        self.form.titleDone.connect(self.tree.setFocus)
        self.filter_bar.criteriaChanged.connect(self._filter)
        self.filter_bar.closed.connect(self.close_filter)
        self.findings.nodeClicked.connect(self.reveal_node)
        self.year_combo.activated.connect(lambda row: self.show_year(self.year_combo.itemData(row)))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.start.newWorkspace.connect(f.new_workspace)
        self.start.openWorkspace.connect(f.choose_and_open)
        self.start.openDemo.connect(f.open_demo)
        self.start.openRecent.connect(lambda path: f.open_path(Path(path)))
        self.start.newPlan.connect(self.plans.new_plan)
        self.start.importPlan.connect(f.import_plan)
        QGuiApplication.clipboard().dataChanged.connect(self._update_actions)

    # ------------------------------------------------------------ running edits

    def run_edit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a library call; show a refusal in the status bar, other errors in a message box."""
        self._busy += 1
        try:
            return fn(*args, **kwargs)
        except (OperationRefused, ReadOnlyError) as exc:
            self.show_refusal(str(exc))
        except PlannerError as exc:
            blocking.warn(self, "無法完成", str(exc))
        finally:
            self._busy -= 1
        return None

    def _run(self, fn: Callable[..., T], *args: Any) -> T | None:
        """Commit what the form holds, then run an edit."""
        self.form.flush()
        return self.run_edit(fn, *args)

    def dialog_parent(self) -> QWidget:
        """Return the window: commands' dialogs belong to it."""
        return self

    def flush_edits(self) -> None:
        """Commit what the form holds."""
        self.form.flush()

    def show_status(self, text: str, timeout: int = STATUS_TIMEOUT) -> None:
        """Show a message in the status bar (timeout 0: until replaced or cleared)."""
        self.statusBar().showMessage(text, timeout)

    def clear_status(self) -> None:
        """Remove the status bar message."""
        self.statusBar().clearMessage()

    def current_node(self) -> Node | None:
        """Return the node current in the tree."""
        return self.tree.current_node()

    def selected_nodes(self) -> list[Node]:
        """Return the nodes selected in the tree, in tree order."""
        return self.tree.selected_nodes()

    def focus_title(self) -> None:
        """Put the cursor in the form's title field (Enter there returns to the tree)."""
        self.tabs.setCurrentWidget(self.content)
        self.form.focus_title()

    def show_refusal(self, message: str) -> None:
        """Tell the user why an edit was not made (without stopping them)."""
        QApplication.beep()
        self.show_status(message)

    def _commit_field(self, node_id: int, field: str, value: Any) -> None:
        ws, plan = self.ws, self.plan
        if ws is None or plan is None:
            return
        if field == "units":
            self.run_edit(operations.set_units, ws, plan, node_id, value)
        elif field == "months":
            self.run_edit(operations.set_months, ws, plan, node_id, value)
        elif field in ("kpi", "target"):  # ui/editor/kpi_fields.py
            self.run_edit(kpi.set_kpi, ws, plan, node_id, **{field: value})
        else:
            self.run_edit(operations.set_fields, ws, plan, node_id, **{field: value})
        self.form.refresh()

    def undo(self) -> None:
        """Undo the last edit of the workspace and show what it touched."""
        self._history(lambda ws: ws.undo(), "已復原")

    def redo(self) -> None:
        """Redo the last undone edit and show what it touched."""
        self._history(lambda ws: ws.redo(), "已重做")

    def _history(self, step: Callable[[Workspace], str | None], verb: str) -> None:
        self.form.flush()
        if self.ws is None:
            return
        self.signals.take_touched()
        name = self.run_edit(step, self.ws)
        if not name:
            return
        self.show_status(f"{verb}：{name}")
        changed = self.signals.changed_nodes  # a bulk edit undone: all its methods selected again
        plans, node_id = self.signals.take_touched()
        if self.plan is not None and plans and self.plan.id not in plans:
            self._show_plan_id(plans[-1])
        if node_id is not None and self.plan is not None and node_id in self.plan.nodes:
            self.reveal_node(node_id)
            self.tree.select_nodes([n for n in changed if n in self.plan.nodes] if len(changed) > 1 else [])

    def copy(self) -> None:
        """Copy the selected subtrees to the clipboard."""
        count = self._run(self.commands.copy)
        if count:
            self.show_status(f"已複製 {count} 個項目（可貼到任何年度的計畫）")

    def delete(self) -> None:
        """Delete the selected nodes without a question: the status bar offers 復原."""
        said = self._run(self.commands.delete)
        if said:
            self.desk.undo_offer.offer(said)
        self.tree.setFocus()

    # ------------------------------------------------------------ after every edit

    def _after_edit(self) -> None:
        """Bring every view up to date at the end of an edit, undo or redo."""
        if self.ws is None:
            return
        years = self.signals.take_changed_years()
        if years:
            self._plans_changed(years)
        self._refresh_views()

    def _plans_changed(self, years: list[int]) -> None:
        """Follow added, removed and renumbered plans: keep, replace or leave the plan shown."""
        assert self.ws is not None
        before = self._years
        infos = self.ws.plan_infos()
        self._years = [i.year for i in infos]
        self._fill_years()
        self.pages.set_workspace(self.ws)
        current = self.plan
        if current is not None and any(i.id == current.id for i in infos):
            fresh = self.ws.plan_by_id(current.id)
            if fresh is not current:
                self._set_plan(fresh)
        else:
            self._set_plan(self.ws.plan(self._years[-1]) if self._years else None)
        added = [y for y in years if y in self._years and y not in before]
        if added and (self.plan is None or self.plan.year != added[-1]):
            self.show_year(added[-1])

    def _refresh_views(self) -> None:
        self.form.refresh()
        if self.pages.plan_page_current():
            self.plan_page.refresh()
        self.findings.schedule()
        if self.ws is not None:
            self.filter_bar.set_units(self.ws.units(include_retired=True))
        if self.model.filter_active:
            self.filter_bar.show_count(self.model.count_matches(), True)
        self._show_state()

    def _show_state(self) -> None:
        """Update the title, status bar, page and every action's text and state."""
        ws, plan = self.ws, self.plan
        if ws is None:
            self.setWindowTitle(APP_TITLE)
            self.stack.setCurrentWidget(self.start)
            self.start.show_welcome(self.recent.files())
        elif plan is None:
            self.setWindowTitle(f"{ws.path.name} — {APP_TITLE}")
            self.stack.setCurrentWidget(self.start)
            self.start.show_no_plan(ws.path.name, not ws.read_only)
        else:
            lock = "（唯讀）" if ws.read_only else ""
            self.setWindowTitle(f"{ws.path.name}{lock} — {plan.year}年度 — {APP_TITLE}")
            self.stack.setCurrentWidget(self.tabs)
        self.status_counts.setText(self.status_text())
        self._update_actions()

    def status_text(self) -> str:
        """Return the permanent status: counts per level, units without a method, the year."""
        ws, plan = self.ws, self.plan
        if ws is None or plan is None:
            return ""
        counts = plan.counts()
        parts = [f"要項 {counts[ITEM]}", f"重點 {counts[FOCUS]}", f"方法 {counts[METHOD]}"]
        used = {u for m in plan.methods() for u in m.units}
        idle = [u.name for u in ws.units() if u.id not in used]
        if idle and counts[METHOD]:
            parts.append("無方法的單位：" + "、".join(idle))
        parts.append(f"{plan.year} 年度")
        if ws.read_only:
            parts.append("唯讀")
        return "　".join(parts)

    def _update_actions(self) -> None:
        a, ws, plan = self.acts, self.ws, self.plan
        writable = ws is not None and not ws.read_only
        node = self.tree.current_node() if plan is not None else None
        selected = bool(self.tree.selected_nodes()) if plan is not None else False
        editable = writable and plan is not None
        a.save_as.setEnabled(ws is not None)
        a.restore_backup.setEnabled(ws is not None)
        a.import_plan.setEnabled(writable)
        a.units.setEnabled(ws is not None)
        a.new_plan.setEnabled(writable)
        a.delete_plan.setEnabled(editable)
        for action in (*a.document_exports.values(), a.export_pdf, a.print_preview, a.print_plan):
            action.setEnabled(plan is not None)
        for action in (a.find, a.content_page, a.plan_page, self.act_findings):
            action.setEnabled(plan is not None)
        a.add_sibling.setEnabled(editable)
        a.add_child.setEnabled(editable and node is not None and node.level < METHOD)
        for action in (a.move_up, a.move_down, a.indent, a.outdent, a.edit_title):
            action.setEnabled(editable and node is not None)
        a.delete.setEnabled(editable and selected)
        a.cut.setEnabled(editable and selected)
        a.copy.setEnabled(plan is not None and selected)
        a.paste.setEnabled(editable and clipboard.has_subtrees())
        a.unnumbered.setEnabled(editable and node is not None and node.level < METHOD)
        a.unnumbered.setChecked(node is not None and not node.numbered)
        undo_name = ws.undo_text if writable and ws is not None else None
        redo_name = ws.redo_text if writable and ws is not None else None
        a.undo.setEnabled(bool(undo_name))
        a.undo.setToolTip(f"復原 {undo_name}" if undo_name else "復原")  # short labels: the toolbar keeps its width
        a.redo.setEnabled(bool(redo_name))
        a.redo.setToolTip(f"重做 {redo_name}" if redo_name else "重做")

    # ------------------------------------------------------------ selection, filter, pages

    def _current_changed(self, node: Node | None) -> None:
        if not self._busy:
            self.form.flush()
        self.form.show_node(self.plan, node)
        self._update_actions()

    def reveal_node(self, node_id: int) -> None:
        """Select a node in the tree (closing the filter if it hides it)."""
        self.tabs.setCurrentWidget(self.content)
        if not self.tree.select_node(node_id):
            self.close_filter()
            self.tree.select_node(node_id)
        self.tree.setFocus()

    def show_filter(self) -> None:
        """Open the find bar (Ctrl+F)."""
        if self.plan is None:
            return
        self.tabs.setCurrentWidget(self.content)
        self.filter_bar.show()
        self.filter_bar.text.setFocus()
        self.filter_bar.text.selectAll()

    def close_filter(self) -> None:
        """Clear the criteria and hide the find bar, keeping the current node in view."""
        node = self.tree.current_node()
        self.filter_bar.clear()
        self.filter_bar.hide()
        if node is not None:
            self.tree.select_node(node.id)
        self.tree.setFocus()

    def _filter(self, text: str, unit_id: int | None, month: int | None) -> None:
        self.model.set_criteria(text, unit_id, month)  # the tree opens the shown nodes and stops drags itself
        active = self.model.filter_active
        self.filter_bar.show_count(self.model.count_matches(), active)
        current = self.tree.current_node()
        if active and self.plan is not None and (current is None or not self.model.matches(current)):
            first = next((n for n in self.plan.walk() if self.model.matches(n)), None)
            if first is not None:
                self.tree.select_node(first.id)

    def _size_findings(self, visible: bool) -> None:
        """Give the findings dock a modest height the first time it opens."""
        if visible and not self._findings_sized:
            self._findings_sized = True
            self.resizeDocks([self.findings], [180], Qt.Orientation.Vertical)

    def _tab_changed(self, _index: int) -> None:
        self.form.flush()
        if self.pages.plan_page_current():
            self.plan_page.refresh()

    def _tree_menu(self, pos: Any) -> None:
        tree_menu(self, self.acts).exec(self.tree.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------ plans

    def _fill_years(self) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in reversed(self._years):
            self.year_combo.addItem(f"{year} 年度", year)
        if self.plan is not None:
            self.year_combo.setCurrentIndex(self.year_combo.findData(self.plan.year))
        self.year_combo.setEnabled(self.year_combo.count() > 0)
        self.year_combo.blockSignals(False)

    def show_year(self, year: int | None) -> None:
        """Show the plan of a year (None: none)."""
        self.form.flush()
        if self.ws is None:
            return
        plan = self.run_edit(self.ws.plan, year) if year is not None else None
        self._set_plan(plan)

    def _show_plan_id(self, plan_id: int) -> None:
        assert self.ws is not None
        try:
            self._set_plan(self.ws.plan_by_id(plan_id))
        except KeyError:
            return

    def _set_plan(self, plan: Plan | None) -> None:
        self.model.set_plan(plan)
        self.form.show_node(plan, None)
        self.pages.set_plan(self.ws, plan)
        self.findings.set_plan(self.ws, plan)
        self._fill_years()
        if self.model.filter_active:
            self._filter(*self.filter_bar.criteria())
        if plan is not None and plan.items:
            self.tree.select_node(plan.items[0].id)
        self.form.show_node(plan, self.tree.current_node() if plan is not None else None)
        self._show_state()

    def manage_units(self) -> None:
        """Open the unit manager."""
        if self.ws is not None:
            from ui.dialogs.units import show_unit_dialog  # dialogs load when opened, not at start

            self.form.flush()
            show_unit_dialog(self.ws, self.run_edit, self)
            self._refresh_views()

    def about(self) -> None:
        """Show the About dialog: version, the workspace's files, Qt and Python, licences."""
        from ui.dialogs.about import AboutDialog

        blocking.run(AboutDialog(self.ws, self))

    # ------------------------------------------------------------ workspaces

    def set_workspace(self, ws: Workspace | None) -> None:
        """Show another workspace (closing the one shown) at its latest plan."""
        self.form.flush()
        self.pages.flush()
        old = self.ws
        if self.filter_bar.isVisible():
            self.close_filter()
        self.ws = ws
        self.model.set_workspace(ws, None)
        self.signals.attach(ws)
        self.pages.set_workspace(ws)
        self.form.set_workspace(ws)
        read_only = ws is None or ws.read_only
        self.form.set_read_only(read_only)
        self.pages.set_read_only(read_only)
        if old is not None and old is not ws:
            old.close()
        self._years = ws.years() if ws is not None else []
        if ws is not None:
            self.filter_bar.set_units(ws.units(include_retired=True))
        self._set_plan(ws.plan(self._years[-1]) if ws is not None and self._years else None)
        if ws is not None:
            log.info("showing %s (read_only=%s, years %s)", ws.path, ws.read_only, self._years)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Commit pending text, remember the window, close the workspace (releasing its lock)."""
        self.form.flush()
        self.pages.flush()
        save_window(self, self.splitter, self.settings)
        ws = self.ws
        self.model.set_workspace(None)
        self.signals.attach(None)
        self.ws = None
        if ws is not None:
            ws.close()
        event.accept()

"""The 結構 panel of the import dialog: which tables are plan content, each column's role, header rows, outline.

It shows what the reader saw (ImportResult.tables / styles / outline_sections) with the values used, and emits
`changed` with the ImportOptions the user's choices make; the dialog re-reads the file with them.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.errors import BadInput
from planner.importers import ImportResult
from planner.importers.options import (
    IGNORE,
    LEVEL_NAMES,
    MAX_HEADER_ROWS,
    ROLES,
    ImportOptions,
    LabelStyle,
    NoPlanContent,
    TableSeen,
    role_name,
)

log = logging.getLogger(__name__)

HEADER_WIDTH = 14  # characters of a column's header words shown beside its combo


def _short(text: str, width: int = HEADER_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class StructurePanel(QWidget):
    """Structure corrections; `changed` carries the ImportOptions they make."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_structure")
        self._filling = False
        self.options = ImportOptions()
        self._guessed: list[str | None] = []
        self._guessed_rows = 1
        self._headers: list[str] = []
        self.role_combos: list[QComboBox] = []
        self.level_combos: dict[str, QComboBox] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)

        self.tables_box = QGroupBox("計畫內容表格", self)
        tables_layout = QVBoxLayout(self.tables_box)
        self.tables = QListWidget(self.tables_box)
        tables_label = QLabel("勾選的表格才匯入(&B)（空白鍵勾選）：", self.tables_box)
        tables_label.setBuddy(self.tables)
        tables_layout.addWidget(tables_label)
        self.tables.setObjectName("import_tables")
        self.tables.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tables.itemChanged.connect(lambda _item: self._tables_changed())
        tables_layout.addWidget(self.tables)
        column.addWidget(self.tables_box)

        self.paragraphs_box = QGroupBox("表格之間的「一、」段落", self)
        paragraphs_layout = QVBoxLayout(self.paragraphs_box)
        self.paragraphs = QListWidget(self.paragraphs_box)
        self.paragraphs.setObjectName("import_item_paragraphs")
        self.paragraphs.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.paragraphs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.paragraphs.itemChanged.connect(lambda _item: self._paragraphs_changed())
        paragraphs_label = QLabel("勾選的段落是要項(&K)，其餘當作說明文字：", self.paragraphs_box)
        paragraphs_label.setBuddy(self.paragraphs)
        paragraphs_layout.addWidget(paragraphs_label)
        paragraphs_layout.addWidget(self.paragraphs)
        column.addWidget(self.paragraphs_box)

        self.columns_box = QGroupBox("各欄的用途", self)
        self.columns_form = QFormLayout(self.columns_box)
        self.columns_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.header_rows = QSpinBox(self.columns_box)
        self.header_rows.setObjectName("import_header_rows")
        self.header_rows.setRange(1, MAX_HEADER_ROWS)
        self.header_rows.setSuffix(" 列")
        self.header_rows.valueChanged.connect(self._rows_changed)
        rows_label = QLabel("標題列數(&H)：", self.columns_box)
        rows_label.setBuddy(self.header_rows)
        self.columns_form.addRow(rows_label, self.header_rows)
        column.addWidget(self.columns_box)

        self.outline_box = QGroupBox("大綱（沒有表格的計畫）", self)
        self.outline_form = QFormLayout(self.outline_box)
        self.section = QComboBox(self.outline_box)
        self.section.setObjectName("import_section")
        self.section.currentIndexChanged.connect(lambda _i: self._section_changed())
        section_label = QLabel("大綱所在段落(&P)：", self.outline_box)
        section_label.setBuddy(self.section)
        self.outline_form.addRow(section_label, self.section)
        self.apply_levels = QPushButton("依這些層級讀取(&L)", self)
        self.apply_levels.setObjectName("import_outline_apply")
        self.apply_levels.setAutoDefault(False)
        self.apply_levels.clicked.connect(lambda _checked=False: self._levels_changed())
        self.apply_levels.hide()
        column.addWidget(self.outline_box)
        column.addWidget(self.apply_levels, 0, Qt.AlignmentFlag.AlignLeft)

        self.reset = QPushButton("全部改回程式判斷(&G)", self)
        self.reset.setObjectName("import_structure_reset")
        self.reset.setAutoDefault(False)
        self.reset.clicked.connect(self._reset)
        column.addWidget(self.reset, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

    # ------------------------------------------------------------ showing what was read

    def show_result(self, result: ImportResult) -> None:
        """Show the tables, columns and outline styles of a result read with self.options."""
        self._filling = True
        try:
            self.options = result.options
            self._fill_tables(result.tables)
            self._fill_paragraphs(result.item_paragraphs)
            used = [t for t in result.tables if t.used]
            self._fill_columns(used[0] if used else None)
            self._fill_outline(result.styles, result.outline_sections, result.outline_section)
            self.apply_levels.hide()
            self.reset.setEnabled(not self.options.is_default())
        finally:
            self._filling = False

    def show_outline_only(self, seen: NoPlanContent, options: ImportOptions) -> None:
        """Offer the levels of an outline the reader found no plan in (the read failed with options)."""
        self._filling = True
        try:
            self.options = options
            if not self.tables.count():  # no table read before: only the outline can be chosen
                self.tables_box.hide()
                self.columns_box.hide()
                self.paragraphs_box.hide()
            first = seen.sections[0] if seen.sections else None
            self._fill_outline(seen.styles, seen.sections, options.section or first)
            self.apply_levels.show()
            self.reset.setEnabled(not options.is_default())
        finally:
            self._filling = False

    def _fill_paragraphs(self, texts: list[str]) -> None:
        chosen = self.options.item_paragraphs
        if [self.paragraphs.item(i).text() for i in range(self.paragraphs.count())] != texts:
            self.paragraphs.clear()
            for text in texts:
                item = QListWidgetItem(text)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                item.setToolTip(text)
                self.paragraphs.addItem(item)
            line = self.paragraphs.fontMetrics().height() + 6
            self.paragraphs.setFixedHeight(line * max(1, min(len(texts), 4)) + 8)
        for i in range(self.paragraphs.count()):
            taken = chosen is None or i + 1 in chosen
            self.paragraphs.item(i).setCheckState(Qt.CheckState.Checked if taken else Qt.CheckState.Unchecked)
        self.paragraphs_box.setVisible(bool(texts))

    def _fill_tables(self, tables: list[TableSeen]) -> None:
        if self.tables.count() == len(tables) and all(
            self.tables.item(i).data(Qt.ItemDataRole.UserRole) == seen.index for i, seen in enumerate(tables)
        ):  # the same tables: only their use changes (the focus stays where it is)
            for i, seen in enumerate(tables):
                self.tables.item(i).setCheckState(Qt.CheckState.Checked if seen.used else Qt.CheckState.Unchecked)
            return
        self.tables.clear()
        for seen in tables:
            heads = "・".join(_short(h, 8) for h in dict.fromkeys(h for h in seen.headers if h)) or "（沒有標題）"
            item = QListWidgetItem(f"{seen.label()}：{heads}")
            item.setData(Qt.ItemDataRole.UserRole, seen.index)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if seen.used else Qt.CheckState.Unchecked)
            item.setToolTip(f"{seen.label()}\n欄位標題：{'　'.join(seen.headers)}")
            self.tables.addItem(item)
        line = self.tables.fontMetrics().height() + 6
        self.tables.setFixedHeight(line * max(1, min(len(tables), 4)) + 8)
        self.tables_box.setVisible(len(tables) > 1 or (bool(tables) and not tables[0].used))

    def _fill_columns(self, seen: TableSeen | None) -> None:
        if seen is not None and len(self.role_combos) == len(seen.headers) and self._headers == seen.headers:
            self._guessed = list(seen.guessed)
            self._guessed_rows = max(1, seen.guessed_header_rows)
            self.header_rows.setValue(max(1, seen.header_rows))
            for combo, role in zip(self.role_combos, seen.roles):
                combo.setCurrentIndex(max(0, combo.findData(role if role is not None else IGNORE)))
            return
        self._headers = list(seen.headers) if seen is not None else []
        while self.columns_form.rowCount() > 1:
            self.columns_form.removeRow(1)
        self.role_combos = []
        self._guessed = list(seen.guessed) if seen is not None else []
        self.columns_box.setVisible(seen is not None)
        if seen is None:
            return
        others = "；其他表格相同位置的欄一併套用" if sum(1 for _ in range(self.tables.count())) > 1 else ""
        self.columns_box.setTitle(f"各欄的用途（{seen.label().split('（')[0]}{others}）")
        self._guessed_rows = max(1, seen.guessed_header_rows)
        self.header_rows.setValue(max(1, seen.header_rows))
        for col, (head, role) in enumerate(zip(seen.headers, seen.roles)):
            combo = QComboBox(self.columns_box)
            combo.setObjectName(f"import_role_{col}")
            for value, name in ROLES.items():
                combo.addItem(name, value)
            if role is not None and combo.findData(role) < 0:  # a month-grid column: 6月
                combo.addItem(role_name(role), role)
            combo.setCurrentIndex(combo.findData(role if role is not None else "ignore"))
            guess = seen.guessed[col] if col < len(seen.guessed) else None
            combo.setToolTip(f"程式判斷：{role_name(guess)}")
            combo.currentIndexChanged.connect(lambda _i: self._roles_changed())
            mnemonic = f"&{col + 1} " if col < 9 else ""
            label = QLabel(f"{mnemonic}第 {col + 1} 欄「{_short(head) or '（空白）'}」：", self.columns_box)
            label.setToolTip(head)
            label.setBuddy(combo)
            self.columns_form.addRow(label, combo)
            self.role_combos.append(combo)

    def _fill_outline(self, styles: list[LabelStyle], sections: list[str], current: str | None) -> None:
        if styles and [s.kind for s in styles] == list(self.level_combos):
            for style in styles:
                combo = self.level_combos[style.kind]
                combo.setCurrentIndex(combo.findData(style.level))
            return
        while self.outline_form.rowCount() > 1:
            self.outline_form.removeRow(1)
        self.level_combos = {}
        self.section.clear()
        for heading in sections:
            self.section.addItem(heading, heading)
        if current is not None:
            self.section.setCurrentIndex(max(0, self.section.findData(current)))
        self.outline_box.setVisible(bool(styles))
        for style in styles:
            combo = QComboBox(self.outline_box)
            combo.setObjectName(f"import_level_{style.kind}")
            for level in (1, 2, 3, 0):
                combo.addItem(LEVEL_NAMES[level], level)
            combo.setCurrentIndex(combo.findData(style.level))
            combo.currentIndexChanged.connect(lambda _i: self._levels_changed())
            label = QLabel(f"「{style.name}」編號（{style.count} 處）是：", self.outline_box)
            label.setBuddy(combo)
            self.outline_form.addRow(label, combo)
            self.level_combos[style.kind] = combo

    # ------------------------------------------------------------ choices

    def _emit(self, **change: object) -> None:
        """Emit the options read with, changed by one choice (a value equal to the guess goes back to the guess)."""
        if self._filling:
            return
        try:
            options = replace(self.options, **change)  # type: ignore[arg-type]
        except BadInput as exc:
            self.changed.emit(str(exc))
            return
        self.changed.emit(options)

    def _roles_changed(self) -> None:
        chosen = tuple(c.currentData() for c in self.role_combos)
        guessed = tuple(g if g is not None else IGNORE for g in self._guessed[: len(chosen)])
        self._emit(columns=None if chosen == guessed else chosen)

    def _rows_changed(self, value: int) -> None:
        self._emit(header_rows=None if value == self._guessed_rows else value)

    def _tables_changed(self) -> None:
        checked = frozenset(
            self.tables.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.tables.count())
            if self.tables.item(i).checkState() == Qt.CheckState.Checked
        )
        if not checked:
            self.changed.emit("請至少勾選一個計畫內容表格。")
            return
        self._emit(tables=checked)

    def _paragraphs_changed(self) -> None:
        checked = frozenset(
            i + 1
            for i in range(self.paragraphs.count())
            if self.paragraphs.item(i).checkState() == Qt.CheckState.Checked
        )
        everything = len(checked) == self.paragraphs.count() and self.options.item_paragraphs is None
        self._emit(item_paragraphs=None if everything else checked)

    def _section_changed(self) -> None:
        self._emit(section=self.section.currentData())

    def _levels_changed(self) -> None:
        self._emit(levels={kind: combo.currentData() for kind, combo in self.level_combos.items()})

    def _reset(self) -> None:
        self.changed.emit(ImportOptions())

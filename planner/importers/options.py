"""Structure corrections for reading a plan file, and what the reader saw (so a dialog can offer them).

ImportOptions is passed to read_plan_file(): the role of each table column, how many header rows, which tables
are plan content, which section holds the outline and which label style is which level. The reader records
what it guessed in TableSeen / LabelStyle on the ImportResult, whether or not options were given.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from planner.errors import BadInput
from planner.importers.labels import KIND_NAMES, SECTION

log = logging.getLogger(__name__)

IGNORE = "ignore"
# The roles a column can be given, in the order a dialog offers them, with their Chinese names.
ROLES: dict[str, str] = {
    "item": "要項",
    "focus": "重點",
    "method": "方法",
    "units": "單位",
    "months": "查核期限",
    "note": "備註",
    "kpi": "衡量指標",
    IGNORE: "忽略",
}
ROLE_OF_NAME = {name: role for role, name in ROLES.items()}
MAX_HEADER_ROWS = 6
# Outline label styles a user can place, by kind: 一、 (一) 1. (1) A. (A) ①.
STYLE_KINDS = tuple(k for k in KIND_NAMES if k != SECTION)
KIND_OF_NAME = {name: kind for kind, name in KIND_NAMES.items() if kind != SECTION}
LEVEL_NAMES = {1: "要項", 2: "重點", 3: "方法", 0: "內文"}


def role_name(role: str | None) -> str:
    """Return a column role's Chinese name (month-grid columns m1…m12 are 「6月」, unknown ones 「（無）」)."""
    if role is None:
        return "（無）"
    if role.startswith("m") and role[1:].isdigit():
        return f"{role[1:]}月"
    return ROLES.get(role, role)


@dataclass(frozen=True)
class ImportOptions:
    """Corrections to what the reader would guess; None everywhere means "guess everything".

    columns: a role per grid column of the content tables (None in a position keeps the guess; IGNORE drops
    the column silently). header_rows: rows from the header row down that are header, not content.
    tables: 1-based numbers of the tables that are plan content (others are read as text). section: the heading
    of the section holding the outline (files with no content table). levels: label kind → level (1 要項,
    2 重點, 3 方法, 0 text of the node above) for outlines. item_paragraphs: the 1-based numbers of the 一、
    paragraphs between content tables (a table per 要項) that are 要項; the others are section text.
    """

    columns: tuple[str | None, ...] | None = None
    header_rows: int | None = None
    tables: frozenset[int] | None = None
    section: str | None = None
    levels: dict[str, int] | None = None
    item_paragraphs: frozenset[int] | None = None

    def __post_init__(self) -> None:
        """Refuse values that cannot be used, with a Chinese message."""
        for role in self.columns or ():
            if role is not None and role not in ROLES and not (role[:1] == "m" and role[1:].isdigit()):
                raise BadInput(f"欄位用途「{role}」不正確，可用：{'、'.join(ROLES.values())}。")
        if self.header_rows is not None and not 1 <= self.header_rows <= MAX_HEADER_ROWS:
            raise BadInput(f"標題列數應為 1 到 {MAX_HEADER_ROWS}：{self.header_rows}")
        if self.item_paragraphs is not None and any(n < 1 for n in self.item_paragraphs):
            raise BadInput("要項段落的編號應為 1 以上的整數，例如 1,2。")
        if self.tables is not None and (not self.tables or any(n < 1 for n in self.tables)):
            raise BadInput("計畫內容表格的編號應為 1 以上的整數，例如 1,3。")
        for kind, level in (self.levels or {}).items():
            if kind not in STYLE_KINDS:
                raise BadInput(f"編號樣式「{kind}」不正確，可用：{'、'.join(KIND_OF_NAME)}。")
            if level not in LEVEL_NAMES:
                raise BadInput(f"編號「{KIND_NAMES[kind]}」的層級應為 1 要項、2 重點、3 方法或 0 內文：{level}")
        if self.levels is not None and 1 not in self.levels.values():
            raise BadInput("大綱的層級至少要指定哪一種編號是要項（例如 一、=要項）。")

    def is_default(self) -> bool:
        """Return whether nothing is corrected."""
        return self == ImportOptions()

    def role_at(self, col: int) -> str | None:
        """Return the role given for a grid column (None: keep the guess)."""
        if self.columns is None or col >= len(self.columns):
            return None
        return self.columns[col]

    def uses_table(self, index: int) -> bool | None:
        """Return whether table number index is plan content: True/False when chosen, None to guess."""
        return None if self.tables is None else index in self.tables


DEFAULT = ImportOptions()


@dataclass
class TableSeen:
    """A table as the reader saw it: header texts, guessed and used role per grid column, header rows, use.

    guessed / guessed_header_rows: what the reader found by itself; roles / header_rows: what was used (the
    same unless ImportOptions corrected them).
    """

    index: int
    headers: list[str] = field(default_factory=list)
    guessed: list[str | None] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)
    header_row: int = 0  # 0-based row of the header words (title rows above it)
    guessed_header_rows: int = 0  # 0 when no header was found
    header_rows: int = 0
    rows: int = 0
    used: bool = False
    name: str = ""  # the sheet's name for spreadsheets

    def label(self) -> str:
        """Return 「第 2 個表格（5 欄、18 列）」 or 「工作表「計畫」」."""
        where = f"工作表「{self.name}」" if self.name else f"第 {self.index} 個表格"
        return f"{where}（{len(self.headers)} 欄、{self.rows} 列）"


@dataclass
class LabelStyle:
    """A label style seen in an outline: its kind, how it is written, how often, the level it was read as."""

    kind: str
    count: int
    level: int  # 1 要項, 2 重點, 3 方法, 0 text

    @property
    def name(self) -> str:
        """Return how the style is written: 一、 (一) 1. …"""
        return KIND_NAMES.get(self.kind, self.kind)


class NoPlanContent(BadInput):
    """No plan content was found; styles and sections say what an outline could be read from with levels chosen."""

    def __init__(self, message: str, styles: list[LabelStyle], sections: list[str]) -> None:
        super().__init__(message)
        self.styles, self.sections = list(styles), list(sections)


def merge_roles(guessed: dict[int, str], options: ImportOptions, width: int) -> dict[int, str]:
    """Return the roles by grid column after the options' column corrections (IGNORE kept as a role)."""
    if options.columns is None:
        return dict(guessed)
    roles = dict(guessed)
    for col in range(max(width, len(options.columns))):
        role = options.role_at(col)
        if role is not None:
            roles[col] = role
    return roles

"""The result of reading a plan file: plan data in the show-json shape, warnings and the unit names found."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.importers.options import DEFAULT, ImportOptions, LabelStyle, TableSeen
from planner.importers.tree import Place
from planner.layouts import DEFAULT_PRESET, PRESETS, Layout, custom_layout, preset
from planner.numerals import FOCUS, ITEM, METHOD


@dataclass(frozen=True)
class Note:
    """A warning with its weight (0 lost text … 9 renumbering) and the node it concerns (None: the file)."""

    text: str
    weight: int
    place: Place | None = None

    @property
    def error(self) -> bool:
        """Return whether text was lost or could not be read (the heaviest kind)."""
        return self.weight == 0


@dataclass
class ImportResult:
    """A plan read from a .docx or .xlsx file; nothing is written until apply_import().

    data: agency, year (None when the file does not say), title, issued, sections [{heading, text}],
    columns (header words), items [{title, body, numbered, focuses: [{title, body, numbered, merge_next,
    methods: [{title, body, numbered, units, months, note}]}]}].
    What the reader saw, for a dialog to offer corrections: tables (TableSeen), styles (LabelStyle of the
    outline read), outline_sections (headings that could hold the outline) and outline_section (the one read);
    options: the ImportOptions it was read with. places: warning text → the node it concerns (see notes).
    """

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    unit_names: list[str] = field(default_factory=list)
    kind: str = "docx"
    path: Path | None = None
    layout: Layout | None = None
    tables: list[TableSeen] = field(default_factory=list)
    styles: list[LabelStyle] = field(default_factory=list)
    outline_sections: list[str] = field(default_factory=list)
    outline_section: str | None = None
    item_paragraphs: list[str] = field(default_factory=list)  # 一、 paragraphs between tables (first lines)
    options: ImportOptions = DEFAULT
    places: dict[str, Place | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Order the warnings by weight: lost text first, renumbering notices last (places kept by text)."""
        self.places = {**getattr(self.warnings, "places", {}), **self.places}
        self.warnings = order_warnings(self.warnings)

    @property
    def notes(self) -> list[Note]:
        """Return the warnings, heaviest first, each with its weight and the node it concerns."""
        return [Note(t, warning_weight(t), self.places.get(t)) for t in order_warnings(self.warnings)]

    def counts(self) -> dict[int, int]:
        """Return the number of nodes per level (1 要項, 2 重點, 3 方法), as Plan.counts() does."""
        items = self.data.get("items", [])
        focuses = [f for item in items for f in item.get("focuses", [])]
        methods = [m for f in focuses for m in f.get("methods", [])]
        return {ITEM: len(items), FOCUS: len(focuses), METHOD: len(methods)}

    def summary(self) -> str:
        """Return a one-line Chinese summary: 6 個要項、23 個重點、45 個方法、3 個單位."""
        c = self.counts()
        year = self.data.get("year")
        head = f"{year} 年度，" if year else "（未寫明年度），"
        return (
            f"{head}{c[ITEM]} 個要項、{c[FOCUS]} 個重點、{c[METHOD]} 個方法、"
            f"{len(self.data.get('sections', []))} 個段落、{len(self.unit_names)} 個單位"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (for planner-cli import --json)."""
        c = self.counts()
        return {
            "file": str(self.path) if self.path else None,
            "kind": self.kind,
            "counts": {"items": c[ITEM], "focuses": c[FOCUS], "methods": c[METHOD]},
            "unit_names": list(self.unit_names),
            "warnings": list(self.warnings),
            "notes": [{"text": n.text, "weight": n.weight, "place": n.place} for n in self.notes],
            "tables": [
                {
                    "index": t.index,
                    "headers": t.headers,
                    "roles": t.roles,
                    "guessed": t.guessed,
                    "header_rows": t.header_rows,
                    "rows": t.rows,
                    "used": t.used,
                }
                for t in self.tables
            ],
            "styles": [{"style": s.name, "count": s.count, "level": s.level} for s in self.styles],
            "item_paragraphs": list(self.item_paragraphs),
            "plan": self.data,
        }


# Warning weights, heaviest first: words that mark each kind of message.
_WEIGHTS = (
    ("未匯入", "沒有文字", "沒有方法文字", "無法讀取", "遺失", "無法辨識"),
    ("之前沒有", "像是要項", "像是", "請確認"),
    ("單位", "查核期限", "月份"),
    ("年度", "標題"),
)
RENUMBER = ("重新編",)


def warning_weight(text: str) -> int:
    """Return a warning's rank: 0 lost text … 4 other notices, 9 renumbering notices."""
    if any(w in text for w in RENUMBER):
        return 9
    for rank, words in enumerate(_WEIGHTS):
        if any(w in text for w in words):
            return rank
    return len(_WEIGHTS)


def order_warnings(warnings: list[str]) -> list[str]:
    """Return the warnings ordered by weight (stable: document order within a weight), duplicates dropped."""
    return sorted(dict.fromkeys(warnings), key=warning_weight)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def layout_from_columns(columns: list[tuple[str, tuple[str, ...]]], warnings: list[str]) -> Layout:
    """Return the table layout of the header columns found: a preset when they match one, else a custom one."""
    if not columns:
        return preset(DEFAULT_PRESET)
    wanted = [(_key(h), f) for h, f in columns]
    for p in PRESETS.values():
        if [(_key(c.header), c.fields) for c in p.layout.columns] == wanted:
            return p.layout
    try:
        return custom_layout([(h, list(f)) for h, f in columns], landscape=len(columns) >= 5)
    except ValueError as exc:
        warnings.append(f"表格欄位無法直接沿用（{exc}），已改用預設欄位版面。")
        return preset(DEFAULT_PRESET)

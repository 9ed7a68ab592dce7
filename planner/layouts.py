"""Column layouts of the 計畫內容 table and their presets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# What a column can show.
FIELDS = ("item", "focus", "method", "units", "months", "note", "kpi", "target")  # kpi, target: 衡量指標, 目標值


@dataclass(frozen=True)
class Column:
    """One table column: its header words and the fields it shows."""

    header: str
    fields: tuple[str, ...]

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {"header": self.header, "fields": list(self.fields)}


@dataclass(frozen=True)
class Layout:
    """A table column layout, optionally a named preset."""

    columns: tuple[Column, ...]
    preset: str | None = None
    landscape: bool = False

    @property
    def headers(self) -> list[str]:
        """Return the header words in order."""
        return [c.header for c in self.columns]

    def shows(self, name: str) -> bool:
        """Return whether some column shows a field."""
        return any(name in c.fields for c in self.columns)

    def to_json(self) -> str:
        """Serialise for storage."""
        return json.dumps(
            {
                "preset": self.preset,
                "landscape": self.landscape,
                "columns": [c.to_dict() for c in self.columns],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> Layout:
        """Parse a stored layout; fall back to the default preset."""
        if not text:
            return preset(DEFAULT_PRESET)
        data = json.loads(text)
        return cls(
            columns=tuple(Column(c["header"], tuple(c["fields"])) for c in data["columns"]),
            preset=data.get("preset"),
            landscape=bool(data.get("landscape", False)),
        )


@dataclass(frozen=True)
class Preset:
    """A named layout seen in real plans."""

    key: str
    name: str
    layout: Layout = field(repr=False)


def _layout(key: str, landscape: bool, *cols: tuple[str, tuple[str, ...]]) -> Layout:
    return Layout(tuple(Column(h, f) for h, f in cols), preset=key, landscape=landscape)


PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "kaohsiung",
            "工作要項・工作重點（含方法）・業務單位",
            _layout(
                "kaohsiung",
                False,
                ("工作要項", ("item",)),
                ("工作重點", ("focus", "method")),
                ("業務單位", ("units",)),
            ),
        ),
        Preset(
            "execution",
            "執行要項・執行重點・方法・執行單位",
            _layout(
                "execution",
                False,
                ("執行要項", ("item",)),
                ("執行重點", ("focus",)),
                ("執行方法", ("method",)),
                ("執行單位", ("units",)),
            ),
        ),
        Preset(
            "implementation",
            "實施要項・執行重點・執行步驟(方法)・查核期限・備註",
            _layout(
                "implementation",
                True,
                ("實施要項", ("item",)),
                ("執行重點", ("focus",)),
                ("執行步驟(方法)", ("method",)),
                ("查核期限", ("months",)),
                ("備註", ("note",)),
            ),
        ),
        Preset(
            "worksheet",
            "實施要項・工作重點・工作(推動)方法・備註",
            _layout(
                "worksheet",
                False,
                ("實施要項", ("item",)),
                ("工作重點", ("focus",)),
                ("工作(推動)方法", ("method",)),
                ("備註", ("note",)),
            ),
        ),
        Preset(
            "full",
            "工作要項・工作重點・工作方法・業務單位・查核期限・備註",
            _layout(
                "full",
                True,
                ("工作要項", ("item",)),
                ("工作重點", ("focus",)),
                ("工作方法", ("method",)),
                ("業務單位", ("units",)),
                ("查核期限", ("months",)),
                ("備註", ("note",)),
            ),
        ),
        Preset(
            "full_kpi",
            "工作要項・工作重點・工作方法・業務單位・衡量指標・目標值・查核期限・備註",
            _layout(
                "full_kpi",
                True,
                ("工作要項", ("item",)),
                ("工作重點", ("focus",)),
                ("工作方法", ("method",)),
                ("業務單位", ("units",)),
                ("衡量指標", ("kpi",)),
                ("目標值", ("target",)),
                ("查核期限", ("months",)),
                ("備註", ("note",)),
            ),
        ),
    )
}
DEFAULT_PRESET = "kaohsiung"


def preset(key: str) -> Layout:
    """Return the layout of a preset by key."""
    try:
        return PRESETS[key].layout
    except KeyError:
        raise ValueError(f"沒有這個欄位版面：{key}") from None


def custom_layout(columns: list[tuple[str, list[str]]], landscape: bool = False) -> Layout:
    """Build a custom layout, checking that every tree level appears exactly once."""
    cols = tuple(Column(h.strip(), tuple(f)) for h, f in columns)
    seen: list[str] = [f for c in cols for f in c.fields]
    for name in seen:
        if name not in FIELDS:
            raise ValueError(f"未知的欄位內容：{name}")
    if len(seen) != len(set(seen)):
        raise ValueError("同一個欄位內容不能出現兩次")
    for name in ("item", "focus", "method"):
        if name not in seen:
            raise ValueError("欄位版面必須包含要項、重點與方法")
    if any(not c.header for c in cols):
        raise ValueError("欄位標題不能空白")
    return Layout(cols, preset=None, landscape=landscape)

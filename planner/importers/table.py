"""Table builder: header roles of a 計畫內容 table and turning its resolved grid into the tree."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from planner.importers.cells import parse_months, parse_units
from planner.importers.labels import ITEM_KINDS, lines_of, short, squeeze
from planner.importers.tree import TreeBuilder, split_focus_cell, split_method_text, split_node_text

# ---------------------------------------------------------------- tables

ROLE_NAMES = {"item": "要項", "focus": "重點", "method": "方法", "units": "單位", "months": "查核期限", "note": "備註"}


def header_role(text: str) -> str | None:
    """Return what a header cell's words name: item, focus, method, units, months, note; None if unknown."""
    h = squeeze(text)
    if not h or len(h) > 16:
        return None
    if "要項" in h:
        return "item"
    if "重點" in h:
        return "focus"
    if any(w in h for w in ("方法", "步驟", "措施", "作法", "做法")):
        return "method"
    if any(w in h for w in ("單位", "課室", "權責", "承辦", "負責")):
        return "units"
    if any(w in h for w in ("查核", "期限", "期程", "時程", "月份")):
        return "months"
    if "備註" in h or "備考" in h:
        return "note"
    return None


@dataclass
class HeaderCell:
    """A header cell: its text and the grid columns it covers."""

    text: str
    col: int
    span: int


def header_roles(cells: list[HeaderCell]) -> dict[int, str] | None:
    """Map grid columns to roles from a header row; None when the row is not a content-table header.

    A header cell spanning two columns (工作重點 over 重點 and 方法) gives its first column its own role and
    the next one 方法 when no column is named for methods; a blank header cell right after 重點 is 方法 too.
    """
    roles: dict[int, str] = {}
    named = [header_role(c.text) for c in cells]
    tree = {r for r in named if r in ("item", "focus", "method")}
    if len(tree) < 2 or any(c.text.strip() and r is None and len(squeeze(c.text)) > 16 for c, r in zip(cells, named)):
        return None
    has_method = "method" in named
    for cell, role in zip(cells, named):
        if role is None:
            if not cell.text.strip() and not has_method and roles.get(cell.col - 1) == "focus":
                roles[cell.col] = "method"
                has_method = True
                for extra in range(1, cell.span):
                    roles[cell.col + extra] = "method"
            continue
        roles[cell.col] = role
        for extra in range(1, cell.span):
            if role == "focus" and not has_method:
                roles[cell.col + extra] = "method"
                has_method = True
            else:
                roles[cell.col + extra] = role
    return roles


def header_columns(cells: list[HeaderCell], roles: dict[int, str]) -> list[tuple[str, tuple[str, ...]]]:
    """Return the layout columns (header words, fields shown) of a recognised header row."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for cell in cells:
        fields = tuple(dict.fromkeys(roles[c] for c in range(cell.col, cell.col + cell.span) if c in roles))
        if fields:
            out.append((squeeze(cell.text) or ROLE_NAMES[fields[0]], fields))
    if not any("method" in f for _, f in out):
        for i, (h, f) in enumerate(out):
            if "focus" in f:
                out[i] = (h, (*f, "method"))
    return out


@dataclass(frozen=True)
class Slot:
    """A resolved table position: the identity of the (merged) cell covering it and that cell's text."""

    origin: Hashable
    text: str


def build_from_table(
    rows: list[tuple[str, dict[int, Slot]]],
    roles: dict[int, str],
    headers: dict[int, str],
    builder: TreeBuilder,
) -> int:
    """Turn resolved table rows (a place name for messages, slots by grid column) into the tree.

    A new 要項/重點/方法 starts where its column shows a different (non-empty) cell than the row above; an
    empty, unmerged cell continues the one above. Returns how many rows were used.
    """
    warnings = builder.warnings
    prev: dict[str, Hashable | None] = {"item": None, "focus": None, "method": None}
    header_texts = {c: squeeze(t) for c, t in headers.items() if squeeze(t)}
    ignored: set[int] = set()
    used = 0

    for where, row in rows:
        texts = {c: s.text for c, s in row.items() if s.text.strip()}
        if not texts:
            continue
        if header_texts and _repeats(texts, header_texts):
            continue  # the header row repeated on a later page
        by_role: dict[str, Slot] = {}
        for col in sorted(row):
            role = roles.get(col)
            if role is None:
                if row[col].text.strip() and col not in ignored:
                    ignored.add(col)
                    warnings.append(f"{where}：第 {col + 1} 欄沒有可辨識的欄位標題，其內容未匯入。")
                continue
            by_role.setdefault(role, row[col])
        used += 1
        item, focus, method = by_role.get("item"), by_role.get("focus"), by_role.get("method")

        new_item = item is not None and bool(item.text.strip()) and item.origin != prev["item"]
        if new_item and item is not None:
            title, body, label = split_node_text(item.text, ITEM_KINDS)
            builder.add_item(title, body, label)
            prev["item"], prev["focus"], prev["method"] = item.origin, None, None

        if focus is not None and focus.text.strip() and focus.origin != prev["focus"]:
            parts = split_focus_cell(focus.text)
            for i, (title, body, label) in enumerate(parts):
                builder.add_focus(title, body, label, where=f"{where}：", merge_next=i < len(parts) - 1)
            prev["focus"], prev["method"] = focus.origin, None
        elif new_item:
            builder.focus = None

        extras = {r: by_role[r] for r in ("units", "months", "note") if r in by_role and by_role[r].text.strip()}
        if method is not None and method.text.strip():
            if method.origin != prev["method"] or builder.method is None:
                title, body, label = split_method_text(method.text)
                builder.add_method(title, body, label, where=f"{where}：")
                prev["method"] = method.origin
        elif not extras:
            continue
        elif builder.method is None:
            builder.add_method("", "", None, where=f"{where}：")
            if "method" in roles.values():
                warnings.append(f"{where}：有單位、查核期限或備註但沒有方法，已建立一個空白方法。")
        target = builder.method
        assert target is not None
        if "units" in extras:
            builder.add_units(target, parse_units(extras["units"].text))
        if "months" in extras:
            months = parse_months(extras["months"].text)
            raw = " ".join(lines_of(extras["months"].text))
            if months is None:
                warnings.append(f"{where}：查核期限「{short(raw)}」無法辨識為月份，已放入備註。")
                _add_note(target, f"查核期限：{raw}")
            else:
                target["months"] = sorted(set(target["months"]) | set(months))
        if "note" in extras:
            _add_note(target, "\n".join(lines_of(extras["note"].text)))
    return used


def _repeats(texts: dict[int, str], heads: dict[int, str]) -> bool:
    same = 0
    for col, text in texts.items():
        head = heads.get(col)
        if head and head[0] in text and head[-1] in text and squeeze(text) == head:
            same += 1
    return same >= 2


def _add_note(method: dict[str, Any], text: str) -> None:
    if text and text not in method["note"].split("\n"):
        method["note"] = f"{method['note']}\n{text}" if method["note"] else text

"""Table builder: header roles of a 計畫內容 table and turning its resolved rows into the tree.

Headers: one row of role words (要項 重點 方法 單位 查核期限 備註), possibly followed by a row naming
sub-columns (重點 | 方法 under a spanning 工作重點; 1月 … 12月 under a spanning 查核期限: a month grid whose
marks ● ○ V ✓ give the months). ContentTable keeps its state across tables, so a table split per 要項 or at
page ends continues the tree: an empty cell at the top of a continuation continues the 要項/重點 above, a
要項/重點 repeating the text of the current one is the same node (flat lists), and a full-width band row
starts a 要項.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from planner.importers.cells import month_cell, unit_cell
from planner.importers.labels import CN, ITEM_KINDS, lines_of, parse_label, short, squeeze
from planner.importers.options import IGNORE, ROLES, ImportOptions, merge_roles
from planner.importers.tree import TreeBuilder, method_parts, split_focus_cell, split_node_text
from planner.numerals import parse_chinese_number
from planner.store.rows import paused_gc

# ---------------------------------------------------------------- tables

ROLE_NAMES = {role: name for role, name in ROLES.items() if role != IGNORE}


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


def corrected_header(
    roles: dict[int, str], header_row: int, start: int, width: int, options: ImportOptions
) -> tuple[dict[int, str], int]:
    """Return the roles and first content row after the options' column roles and header-row count."""
    fixed = merge_roles(roles, options, width)
    if options.header_rows is not None:
        start = header_row + options.header_rows
    return fixed, start


def column_texts(cells: list[HeaderCell], sub: list[HeaderCell], width: int) -> list[str]:
    """Return the header words over each grid column (a sub-column's words after its spanning header's)."""
    out = [""] * width
    for row in (cells, sub):
        for cell in row:
            text = squeeze(cell.text)
            for c in range(cell.col, min(cell.col + cell.span, width)):
                if text and text != out[c]:
                    out[c] = f"{out[c]}／{text}" if out[c] else text
    return out


def month_of(role: str) -> int | None:
    """Return the month of a month-grid column role ("m6" → 6), None for other roles."""
    return int(role[1:]) if role.startswith("m") and role[1:].isdigit() else None


def field_of(role: str) -> str:
    """Return the plan field a column role fills (month-grid columns fill 查核期限)."""
    return "months" if month_of(role) is not None else role


_MONTH_HEAD = re.compile(r"^([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月?(?:份)?$")


def sub_header(cells: list[HeaderCell], roles: dict[int, str]) -> dict[int, str] | None:
    """Refine roles by a row naming sub-columns (重點 | 方法, or 1月 … 12月); None when the row is not one."""
    named = [(c, squeeze(c.text)) for c in cells if squeeze(c.text)]
    if not named:
        return None
    out = dict(roles)
    months = 0
    for cell, text in named:
        m = _MONTH_HEAD.match(text)
        if m is not None and roles.get(cell.col) == "months":
            raw = unicodedata.normalize("NFKC", m.group(1))
            n = int(raw) if raw.isdigit() else parse_chinese_number(raw)
            if not 1 <= n <= 12:
                return None
            out[cell.col] = f"m{n}"
            months += 1
            continue
        role = header_role(text)
        if role is None:
            return None
        for c in range(cell.col, cell.col + cell.span):
            out[c] = role
    if months and months < len([c for c in roles.values() if c == "months"]) // 2:
        return None
    return out


def header_columns(cells: list[HeaderCell], roles: dict[int, str]) -> list[tuple[str, tuple[str, ...]]]:
    """Return the layout columns (header words, fields shown) of a recognised header row."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for cell in cells:
        span = range(cell.col, cell.col + cell.span)
        fields = tuple(dict.fromkeys(field_of(roles[c]) for c in span if c in roles and roles[c] != IGNORE))
        if fields:
            out.append((squeeze(cell.text) or ROLE_NAMES[fields[0]], fields))
    if not any("method" in f for _, f in out):
        for i, (h, f) in enumerate(out):
            if "focus" in f:
                out[i] = (h, (*f, "method"))
    return out


class Slot(NamedTuple):
    """A resolved table position: the identity of the (merged) cell covering it, its text and its width."""

    origin: Hashable
    text: str
    span: int = 1


MARKS = frozenset("●○◎◯⊙•VvＶｖ✓✔√★☆■◆▲ˇ*＊")
_CONTINUED = re.compile(r"[（(]\s*(?:續|接續|續上表|續前表|續表|承上表|接上表|續前頁|接下頁|續下頁)\s*[)）]\s*$")
CONTINUATION = re.compile(r"^[（(]?\s*(?:續|接續|續上表|續前表|續表|承上表|接上表|續前頁|接下頁|續下頁)\s*[)）]?$")


def is_continuation(text: str) -> bool:
    """Return whether a line only says the table goes on (（續上表） （續） 續表 …)."""
    return CONTINUATION.match(squeeze(text)) is not None


def _key(text: str) -> str:
    """A node's text for comparing repeats: whitespace and a trailing （續） removed."""
    return _CONTINUED.sub("", squeeze(text))


@dataclass
class ContentTable:
    """Turns the rows of one or more content tables into the tree, keeping the state between tables."""

    roles: dict[int, str]
    headers: dict[int, str]
    builder: TreeBuilder
    width: int = 0
    prev: dict[str, Hashable | None] = field(default_factory=lambda: {"item": None, "focus": None, "method": None})
    item_key: str = ""
    focus_key: str = ""
    ignored: set[int] = field(default_factory=set)
    paragraphs_seen: list[str] = field(default_factory=list)  # 一、 paragraphs between tables (ImportOptions)

    def restart_origins(self) -> None:
        """A new table begins: its cells are new, but an empty one continues the 要項/重點 above."""
        self.prev = {"item": None, "focus": None, "method": None}

    def item_paragraph(self, lines: list[str], tables: int, options: ImportOptions, text: list[str]) -> bool:
        """Take a 一、 paragraph after content table number tables as a 要項; return whether it was placed.

        One the options leave out goes into text (the section's lines) and the tables still continue. Listed
        (paragraphs_seen) whether taken or not, so that a dialog can offer the choice.
        """
        if "item" in self.roles.values():
            return False
        self.paragraphs_seen.append(short(lines[0], 30))
        if options.item_paragraphs is not None and len(self.paragraphs_seen) not in options.item_paragraphs:
            text.extend(lines)
            return True
        self.add_item_text("\n".join(lines), f"第 {tables} 個表格之後")
        return True

    def add_item_text(self, text: str, where: str) -> None:
        """Start a 要項 from a text outside the role columns (a band row or a paragraph between tables)."""
        key = _key(text)
        if key and key == self.item_key:
            return
        title, body, label = split_node_text(_CONTINUED.sub("", text), ITEM_KINDS)
        self.builder.add_item(title, body, label)
        self.item_key, self.focus_key = key, ""
        self.prev = {"item": None, "focus": None, "method": None}

    def feed(self, rows: list[tuple[str, dict[int, Slot]]]) -> int:
        """Read resolved rows (a place name for messages, slots by grid column); return how many were used.

        What depends only on the columns (their roles, the header words) is worked out once per call, not per row.
        """
        with paused_gc():
            return self._feed(rows)

    def _feed(self, rows: list[tuple[str, dict[int, Slot]]]) -> int:
        """feed() with the collector held off."""
        used = 0
        heads = {c: h for c, h in ((c, squeeze(t)) for c, t in self.headers.items()) if h}
        kinds = _column_kinds(self.roles)
        band = max(2, self.width - 1) if self.width >= 3 else 0  # the span of a band row (0: none)
        warnings = self.builder.warnings
        for where, row in rows:
            filled = [s for s in row.values() if s.text.strip()]
            if not filled:
                continue
            if heads and _repeats(row, heads):
                continue  # the header row repeated on a later page
            slot = filled[-1]
            if band and slot.span >= band:
                origin = slot.origin
                if all(s.origin is origin for s in filled) and self._band(slot, where):
                    used += 1
                    continue
            # A column dropped is reported after the row's nodes exist, so that the warning is theirs.
            lost: list[str] = []
            used += self._read_row(where, row, lost, kinds)
            for text in lost:
                warnings.append(text)
        return used

    def _band(self, slot: Slot, where: str) -> bool:
        """Take a row whose one text spans (nearly) the whole table (feed checks the span) as a 要項; True if so."""
        if is_continuation(slot.text):
            return True
        label = parse_label(lines_of(slot.text)[0])
        if "item" in self.roles.values() and (label is None or label.kind != CN):
            return False
        self.add_item_text(slot.text, where)
        return True

    def _read_row(self, where: str, row: dict[int, Slot], lost: list[str], kinds: dict[int, str | int]) -> int:
        """Read one content row into the tree (kinds: _column_kinds of the roles)."""
        builder, warnings, prev = self.builder, self.builder.warnings, self.prev
        by_role: dict[str, Slot] = {}
        months: set[int] = set()
        odd_marks: list[str] = []
        for col in sorted(row):
            kind = kinds.get(col)
            if kind is None:
                if col not in self.ignored and row[col].text.strip():
                    self.ignored.add(col)
                    lost.append(f"{where}：第 {col + 1} 欄沒有可辨識的欄位標題，其內容未匯入。")
            elif isinstance(kind, int):
                text = row[col].text
                if text:
                    mark, is_mark = _mark(text)
                    if is_mark:
                        months.add(kind)
                    elif mark:
                        odd_marks.append(f"{kind}月「{short(mark, 8)}」")
            elif kind not in by_role and kind != IGNORE:  # (left out in ImportOptions: no warning)
                by_role[kind] = row[col]
        item, focus, method = by_role.get("item"), by_role.get("focus"), by_role.get("method")

        new_item = item is not None and item.origin != prev["item"] and bool(item.text.strip())
        if new_item and item is not None:
            prev["item"] = item.origin
            key = _key(item.text)
            if key == self.item_key:
                new_item = False  # the same 要項 repeated (a flat list, or a table continued on the next page)
            else:
                title, body, label = split_node_text(_CONTINUED.sub("", item.text), ITEM_KINDS)
                builder.add_item(title, body, label)
                self.item_key, self.focus_key = key, ""
                prev["focus"], prev["method"] = None, None

        if focus is not None and focus.origin != prev["focus"] and focus.text.strip():
            prev["focus"] = focus.origin
            key = _key(focus.text)
            if key != self.focus_key or new_item:
                parts = split_focus_cell(_CONTINUED.sub("", focus.text))
                for i, (title, body, label) in enumerate(parts):
                    builder.add_focus(title, body, label, where=f"{where}：", merge_next=i < len(parts) - 1)
                self.focus_key = key
                prev["method"] = None
        elif new_item:
            builder.focus = None

        units, dates, note, kpi = by_role.get("units"), by_role.get("months"), by_role.get("note"), by_role.get("kpi")
        if units is not None and not units.text.strip():
            units = None
        if dates is not None and not dates.text.strip():
            dates = None
        if note is not None and not note.text.strip():
            note = None
        if kpi is not None and not kpi.text.strip():
            kpi = None
        if method is not None and method.text.strip():
            if method.origin != prev["method"] or builder.method is None:
                title, body, label, first = method_parts(method.text)
                builder.add_method(title, body, label, where=f"{where}：" if builder.focus is None else "")
                prev["method"] = method.origin
                if first is not None and label is None and first.kind not in ("arabic", "paren_arabic"):
                    warnings.append(
                        f"{where}：方法「{short(title or body)}」以「{first.text}」開頭，像是要項或重點的標題，"
                        "已當作方法匯入，請確認。"
                    )
                if not (title or body):
                    warnings.append(f"{where}：有一個方法沒有文字。")
        elif units is None and dates is None and note is None and kpi is None and not months:
            return 1
        elif builder.method is None:
            builder.add_method("", "", None, where=f"{where}：")
            if "method" in self.roles.values():
                warnings.append(f"{where}：有單位、查核期限或備註但沒有方法文字，已建立一個空白方法。")
        elif method is not None and method.origin != prev["method"]:
            above = builder.method
            warnings.append(
                f"{where}：方法欄沒有文字（也不是合併儲存格），這一列的單位、查核期限或備註已併入上一個方法"
                f"「{short(above['title'] or above['body'])}」，請確認。"
            )
            prev["method"] = method.origin
        target = builder.method
        assert target is not None
        if units is not None:
            names, doubts = unit_cell(units.text)
            builder.add_units(target, names)
            for doubt in doubts:
                warnings.append(f"{where}：方法「{_name(target)}」的單位{doubt}。")
        if dates is not None:
            read, guess = month_cell(dates.text)
            if read is None:
                raw = " ".join(lines_of(dates.text))
                warnings.append(
                    f"{where}：方法「{_name(target)}」的查核期限「{short(raw)}」無法辨識為月份，已放入備註。"
                )
                _add_note(target, f"查核期限：{raw}")
            else:
                target["months"] = sorted(set(target["months"]) | set(read))
                if guess:
                    warnings.append(f"{where}：方法「{_name(target)}」的查核期限依文字推定：{guess}。")
        if months:
            target["months"] = sorted(set(target["months"]) | months)
        if odd_marks:
            warnings.append(
                f"{where}：方法「{_name(target)}」的月份欄有無法辨識的記號：{'、'.join(odd_marks)}，未當作查核月份。"
            )
        if note is not None:
            _add_note(target, "\n".join(lines_of(note.text)))
        if kpi is not None:
            text = " ".join(lines_of(kpi.text))
            target["kpi"] = f"{target['kpi']}；{text}" if target.get("kpi") else text
        return 1


def _column_kinds(roles: dict[int, str]) -> dict[int, str | int]:
    """Map columns to their role, or to their month (an int) for month-grid columns."""
    out: dict[int, str | int] = {}
    for col, role in roles.items():
        month = month_of(role)
        out[col] = role if month is None else month
    return out


@lru_cache(maxsize=256)  # a month grid holds few distinct marks (● ○ V and blanks)
def _mark(text: str) -> tuple[str, bool]:
    """Return a month-grid cell's text squeezed, and whether it is a mark (● ○ V ✓ …) giving the month."""
    mark = squeeze(text)
    return mark, bool(mark) and all(ch in MARKS for ch in mark)


def _name(method: dict[str, Any]) -> str:
    """Return how a warning names a method."""
    return short(method["title"] or method["body"]) or "（空白）"


def _repeats(row: dict[int, Slot], heads: dict[int, str]) -> bool:
    """Return whether a row repeats the header words (at least two cells equal to their column's header)."""
    same = 0
    for col, slot in row.items():
        head = heads.get(col)
        text = slot.text
        if head and len(text) <= 3 * len(head) + 8 and head[0] in text and head[-1] in text and squeeze(text) == head:
            same += 1
    return same >= 2


def _add_note(method: dict[str, Any], text: str) -> None:
    if text and text not in method["note"].split("\n"):
        method["note"] = f"{method['note']}\n{text}" if method["note"] else text

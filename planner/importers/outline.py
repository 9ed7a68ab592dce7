"""Level recognition from outline numbering and building the 要項→重點→方法 tree (shared by the importers).

Everything here works on plain text lines, so the Word and the Excel readers share it:
- parse_label() recognises a leading outline label (壹、 一、 (一) 1. (1) A. (A) ①) and its number;
- parse_units() / parse_months() read the 單位 and 查核期限 columns;
- TreeBuilder assembles the show-json dicts and reports odd numbering;
- build_from_table() turns the resolved grid of a 計畫內容 table into the tree;
- build_from_outline() turns numbered paragraphs (plans with no table, seed 004) into the tree;
- parse_title_lines() reads agency, ROC year, title and issuance line from the lines above the content.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from planner.numerals import FOCUS, ITEM, METHOD, ROC_OFFSET, level_label, parse_chinese_number

# ---------------------------------------------------------------- text


def clean(text: str | None) -> str:
    """NFC-normalise (folds CJK compatibility ideographs) and unify line breaks."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u00a0", " ")


def lines_of(text: str) -> list[str]:
    """Return the non-empty, stripped lines of a text."""
    return [s for s in (line.strip() for line in clean(text).split("\n")) if s]


def squeeze(text: str) -> str:
    """Remove all whitespace (header words are often letter-spaced: 執 行 重 點)."""
    return re.sub(r"\s+", "", clean(text))


def is_sentence(text: str) -> bool:
    """Return whether a line reads as a sentence (a body) rather than a short title."""
    return text.endswith(("。", "；", ";", "！", "？")) or len(text) > 40


def strip_colon(text: str) -> str:
    """Drop a trailing colon (一、優質便民服務： → 優質便民服務)."""
    return text.rstrip("：:").rstrip()


# ---------------------------------------------------------------- labels

SECTION = "section"  # 壹、
CN = "cn"  # 一、
PAREN_CN = "paren_cn"  # (一) （一） ㈠
ARABIC = "arabic"  # 1. 1、 1．
PAREN_ARABIC = "paren_arabic"  # (1) ⑴
LATIN = "latin"  # A.
PAREN_LATIN = "paren_latin"  # (A)
CIRCLED = "circled"  # ①
HIERARCHY = (CN, PAREN_CN, ARABIC, PAREN_ARABIC, LATIN, PAREN_LATIN, CIRCLED)
KIND_NAMES = {
    SECTION: "壹、",
    CN: "一、",
    PAREN_CN: "(一)",
    ARABIC: "1.",
    PAREN_ARABIC: "(1)",
    LATIN: "A.",
    PAREN_LATIN: "(A)",
    CIRCLED: "①",
}
ITEM_KINDS = (CN,)
FOCUS_KINDS = (PAREN_CN,)

_SP = r"[ \t\u3000]*"
_LP, _RP = r"[(（]", r"[)）]"
_CN_NUM = r"[一二三四五六七八九十百零〇兩]+"
CAPITALS = frozenset("壹貳參叁肆伍陸柒捌玖拾")
_CAP_NUM = r"[壹貳參叁肆伍陸柒捌玖拾]+"
_DIGITS = r"[0-9０-９]{1,3}"
_LATIN = r"[A-Za-zＡ-Ｚａ-ｚ]"
_ALTERNATIVES = (
    (SECTION, rf"({_CAP_NUM}){_SP}[、.．]"),
    (PAREN_CN, rf"{_LP}{_SP}({_CN_NUM}){_SP}{_RP}"),
    (PAREN_CN, r"([\u3220-\u3229])"),
    (CN, rf"({_CN_NUM}){_SP}[、.．]"),
    (PAREN_ARABIC, rf"{_LP}{_SP}({_DIGITS}){_SP}{_RP}"),
    (PAREN_ARABIC, r"([\u2474-\u2487])"),
    (ARABIC, rf"({_DIGITS}){_SP}[.．、](?![0-9０-９])"),
    (PAREN_LATIN, rf"{_LP}{_SP}({_LATIN}){_SP}{_RP}"),
    (LATIN, rf"({_LATIN}){_SP}[.．、](?![A-Za-z0-9])"),
    (CIRCLED, r"([\u2460-\u2473])"),
)
# One pattern, tried once: group i + 1 holds the number of alternative i.
_LABEL = re.compile(rf"^{_SP}(?:" + "|".join(f"(?:{alt})" for _, alt in _ALTERNATIVES) + rf"){_SP}")
_KIND_OF_GROUP = [kind for kind, _ in _ALTERNATIVES]


@dataclass(frozen=True)
class Label:
    """A leading outline label: its kind, its number, the label as written and the text after it."""

    kind: str
    number: int
    text: str
    rest: str


def _number(kind: str, raw: str) -> int:
    for first, last in (("\u3220", "\u3229"), ("\u2474", "\u2487"), ("\u2460", "\u2473")):
        if len(raw) == 1 and first <= raw <= last:
            return ord(raw) - ord(first) + 1
    raw = unicodedata.normalize("NFKC", raw)
    if kind in (ARABIC, PAREN_ARABIC):
        return int(raw)
    if kind in (LATIN, PAREN_LATIN):
        return ord(raw.upper()) - ord("A") + 1
    return parse_chinese_number(raw)


_STARTERS = frozenset(
    "壹貳參叁肆伍陸柒捌玖拾一二三四五六七八九十百零〇兩(（0123456789０１２３４５６７８９"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
    + "".join(chr(c) for c in range(0x3220, 0x322A))
    + "".join(chr(c) for c in range(0x2460, 0x2488))
)


def parse_label(line: str) -> Label | None:
    """Recognise a leading outline label; None when the line is not numbered."""
    head = line.lstrip(" \t\u3000")[:1]
    if not head or head not in _STARTERS:
        return None
    m = _LABEL.match(line)
    if m is None:
        return None
    group = m.lastindex
    if group is None:
        return None
    kind = _KIND_OF_GROUP[group - 1]
    try:
        number = _number(kind, m.group(group))
    except ValueError:
        return None
    if number < 1:
        return None
    return Label(kind, number, m.group(0).strip(), line[m.end() :].strip())


def expected_label(kind: str, n: int) -> str:
    """Return how the n-th label of a kind is written (for messages)."""
    if kind == CN:
        return level_label(ITEM, n)
    if kind == PAREN_CN:
        return level_label(FOCUS, n)
    if kind == ARABIC:
        return level_label(METHOD, n)
    if kind == PAREN_ARABIC:
        return f"({n})"
    return KIND_NAMES.get(kind, "")


def short(text: str, width: int = 20) -> str:
    """Return the start of a text for messages."""
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "…"


# ---------------------------------------------------------------- units and months

_UNIT_SPLIT = re.compile(r"[\n、，,；;／/]+")


def parse_units(text: str) -> list[str]:
    """Split a 單位 cell into names: line breaks, 、，, ；; and / separate names."""
    out: list[str] = []
    for part in _UNIT_SPLIT.split(clean(text)):
        tokens = part.split()
        if len(tokens) > 1 and all(len(t) >= 2 for t in tokens):
            names = tokens
        else:
            names = ["".join(tokens)]
        for name in names:
            name = name.strip("。.：: ")
            if name and name not in out:
                out.append(name)
    return out


_EVERY = (
    (("每月", "逐月", "按月", "全年"), list(range(1, 13))),
    (("每季", "按季", "逐季"), [3, 6, 9, 12]),
    (("每半年", "半年"), [6, 12]),
    (("年底", "年終", "每年"), [12]),
)
_MONTH_GROUP = re.compile(
    r"((?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:\s*[、,，及和與~～至\-－]\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3}))*)\s*月"
)
_MONTH_TOKEN = re.compile(r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[~～至\-－]")


def _month_value(token: str) -> int | None:
    try:
        n = int(token) if token.isdigit() else parse_chinese_number(token)
    except ValueError:
        return None
    return n if 1 <= n <= 12 else None


def parse_months(text: str) -> list[int] | None:
    """Parse a 查核期限 cell ("6月、12月", "12月", "每季", "每月", "1-12月"); None when nothing is recognised."""
    t = unicodedata.normalize("NFKC", clean(text))
    months: set[int] = set()
    for words, values in _EVERY:
        if any(w in t for w in words):
            months.update(values)
    for m in _MONTH_GROUP.finditer(t):
        tokens = _MONTH_TOKEN.findall(m.group(1))
        previous: int | None = None
        ranging = False
        for token in tokens:
            if token in "~～至-－":
                ranging = previous is not None
                continue
            value = _month_value(token)
            if value is None:
                continue
            if ranging and previous is not None and previous <= value:
                months.update(range(previous, value + 1))
            else:
                months.add(value)
            previous, ranging = value, False
    return sorted(months) if months else None


# ---------------------------------------------------------------- the tree


@dataclass
class TreeBuilder:
    """Collect 要項/重點/方法 dicts in the show-json shape, remembering labels to check the numbering."""

    warnings: list[str]
    items: list[dict[str, Any]] = field(default_factory=list)
    item: dict[str, Any] | None = None
    focus: dict[str, Any] | None = None
    method: dict[str, Any] | None = None
    labels: dict[int, Label] = field(default_factory=dict)
    unit_names: list[str] = field(default_factory=list)

    def _node(self, title: str, body: str, label: Label | None) -> dict[str, Any]:
        node: dict[str, Any] = {"title": title, "body": body, "numbered": label is not None}
        if label is not None:
            self.labels[id(node)] = label
        return node

    def add_item(self, title: str, body: str = "", label: Label | None = None) -> dict[str, Any]:
        """Start a new 要項."""
        node = self._node(title, body, label)
        node["focuses"] = []
        self.items.append(node)
        self.item, self.focus, self.method = node, None, None
        return node

    def add_focus(
        self, title: str, body: str = "", label: Label | None = None, where: str = "", merge_next: bool = False
    ) -> dict[str, Any]:
        """Start a new 重點 (under an unnumbered blank 要項 when there is none yet)."""
        if self.item is None:
            self.warnings.append(f"{where}重點「{short(title)}」之前沒有要項，已放在一個未編號的空白要項下。")
            self.add_item("")
        assert self.item is not None
        node = self._node(title, body, label)
        node["merge_next"] = merge_next
        node["methods"] = []
        self.item["focuses"].append(node)
        self.focus, self.method = node, None
        return node

    def add_method(self, title: str, body: str = "", label: Label | None = None, where: str = "") -> dict[str, Any]:
        """Start a new 方法 (under an unnumbered blank 重點 when there is none)."""
        if self.focus is None:
            what = short(title or body)
            self.warnings.append(f"{where}方法「{what}」之前沒有重點，已放在一個未編號的空白重點下。")
            self.add_focus("", where=where)
        assert self.focus is not None
        node = self._node(title, body, label)
        node.update({"units": [], "months": [], "note": ""})
        self.focus["methods"].append(node)
        self.method = node
        return node

    def add_units(self, method: dict[str, Any], names: Iterable[str]) -> None:
        """Assign units to a method, remembering every name in order of first appearance."""
        for name in names:
            if name not in method["units"]:
                method["units"].append(name)
            if name not in self.unit_names:
                self.unit_names.append(name)

    def check_numbering(self) -> None:
        """Warn where a written number differs from the position (the app renumbers positionally)."""

        def visit(siblings: list[dict[str, Any]], kid_key: str | None, level_name: str) -> None:
            count = 0
            for node in siblings:
                label = self.labels.get(id(node))
                if node.get("numbered"):
                    count += 1
                    if label is not None and label.number != count:
                        written = label.text
                        now = expected_label(label.kind, count) or str(count)
                        self.warnings.append(
                            f"{level_name}「{short(node['title'] or node['body'])}」原編號為「{written}」，"
                            f"與所在位置不符，匯入後將依位置重新編為「{now}」。"
                        )
                if kid_key:
                    nxt = "methods" if kid_key == "focuses" else None
                    visit(node.get(kid_key, []), nxt, "方法" if kid_key == "methods" else "重點")

        visit(self.items, "focuses", "要項")


def split_node_text(text: str, kinds: tuple[str, ...]) -> tuple[str, str, Label | None]:
    """Split a 要項/重點 text: first line (label stripped) is the title, the rest the body."""
    lines = lines_of(text)
    if not lines:
        return "", "", None
    label = parse_label(lines[0])
    if label is not None and label.kind not in kinds and label.kind not in (CN, PAREN_CN):
        label = None
    title = label.rest if label is not None else lines[0]
    return title, "\n".join(lines[1:]), label


def split_method_text(text: str) -> tuple[str, str, Label | None]:
    """Split a 方法 text into title (first line, numbering stripped) and body (the rest).

    A first line that reads as a sentence (ends with 。 or is long) is body, with no title.
    """
    lines = lines_of(text)
    if not lines:
        return "", "", None
    label = parse_label(lines[0])
    if label is not None and label.kind not in (ARABIC, PAREN_ARABIC):
        label = None
    first = label.rest if label is not None else lines[0]
    rest = lines[1:]
    if not first:
        return (rest[0] if rest else ""), "\n".join(rest[1:]), label
    if is_sentence(first):
        return "", "\n".join([first, *rest]), label
    return first, "\n".join(rest), label


def split_focus_cell(text: str) -> list[tuple[str, str, Label | None]]:
    """Split a 重點 cell that may hold several 重點 sharing one set of methods (seed 003).

    A new 重點 starts at each line carrying the same kind of label as the first line, numbered in sequence.
    """
    lines = lines_of(text)
    if not lines:
        return []
    first = parse_label(lines[0])
    groups: list[list[str]] = [[lines[0]]]
    last = first.number if first is not None else 0
    for line in lines[1:]:
        label = parse_label(line)
        if first is not None and label is not None and label.kind == first.kind and label.number == last + 1:
            groups.append([line])
            last = label.number
        else:
            groups[-1].append(line)
    return [split_node_text("\n".join(g), FOCUS_KINDS) for g in groups]


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


# ---------------------------------------------------------------- outlines


def outline_levels(labels: list[Label | None]) -> dict[str, int]:
    """Map label kinds to tree levels: the first three kinds present, in the usual hierarchy."""
    present = {label.kind for label in labels if label is not None}
    kinds = [k for k in HIERARCHY if k in present]
    return {kind: level for level, kind in enumerate(kinds[:3], start=1)}


def outline_score(labels: list[Label | None]) -> int:
    """Score how much a run of paragraphs looks like the content outline (needs levels 1 and 2)."""
    levels = outline_levels(labels)
    if CN not in levels or PAREN_CN not in levels:
        return 0
    return sum(1 for label in labels if label is not None and label.kind in levels)


def build_from_outline(
    lines: list[str], builder: TreeBuilder, where: str = "", labels: list[Label | None] | None = None
) -> list[str]:
    """Build the tree from numbered paragraphs; return the lines before the first 要項 (the section's text).

    Levels come from the numbering (一、 → 要項, (一) → 重點, 1. → 方法); deeper labels ((1) A. (A)) and
    unnumbered lines go into the body of the current node; unnumbered lines right under a 重點 become an
    unnumbered 方法 holding them.
    """
    if labels is None:
        labels = [parse_label(line) for line in lines]
    levels = outline_levels(labels)
    intro: list[str] = []
    for line, label in zip(lines, labels):
        level = levels.get(label.kind) if label is not None else None
        if level == ITEM and label is not None:
            builder.add_item(strip_colon(label.rest), "", label)
        elif level == FOCUS and label is not None:
            builder.add_focus(strip_colon(label.rest), "", label, where=where)
        elif level == METHOD and label is not None:
            text = strip_colon(label.rest)
            if is_sentence(text):
                builder.add_method("", text, label, where=where)
            else:
                builder.add_method(text, "", label, where=where)
        elif builder.item is None:
            intro.append(line)
        elif builder.method is not None:
            m = builder.method
            m["body"] = f"{m['body']}\n{line}" if m["body"] else line
        elif builder.focus is not None:
            builder.add_method("", line, None, where=where)
        else:
            it = builder.item
            it["body"] = f"{it['body']}\n{line}" if it["body"] else line
    return intro


# ---------------------------------------------------------------- title lines

_YEAR = re.compile(r"(?:中華民國|民國)?\s*([0-9０-９]{2,4}|[一二三四五六七八九十百〇零]{2,5})\s*年度?")
_DATE = r"([0-9０-９]+|[〇一二三四五六七八九十]+)\s*年\s*([0-9０-９]+|[一二三四五六七八九十]+)\s*月"
_ISSUED = re.compile(rf"{_DATE}.*(函頒|函發|函|訂定|核定|修正|修訂|發布|印發|公告|實施)|字第.*號")
_TITLE_WORDS = re.compile(r"提升|精進|為民服務|服務品質|服務躍升|服務工作|執行計畫|實施計畫|工作計畫")
_ATTACHMENT = re.compile(r"^附\s*件\s*\S{0,3}")


def _year_value(raw: str) -> int | None:
    raw = unicodedata.normalize("NFKC", raw)
    if raw.isdigit():
        value = int(raw)
    else:
        digits = "〇一二三四五六七八九"
        if all(ch in digits or ch == "零" for ch in raw):
            value = int("".join(str(digits.index(ch)) if ch != "零" else "0" for ch in raw))
        else:
            try:
                value = parse_chinese_number(raw)
            except ValueError:
                return None
    if value > ROC_OFFSET:
        value -= ROC_OFFSET
    return value if 1 <= value <= 999 else None


@dataclass
class TitleInfo:
    """What the lines above the content say: agency, ROC year, title, issuance line."""

    agency: str = ""
    year: int | None = None
    title: str = ""
    issued: str = ""
    unused: list[str] = field(default_factory=list)


def _with_year(line: str) -> tuple[str, int, str] | None:
    """Split 「{agency}{year}年度{title}」 when a year stands before 計畫; None otherwise."""
    for m in _YEAR.finditer(line):
        if "計畫" not in line[m.end() :]:
            break
        year = _year_value(m.group(1))
        if year is not None:
            return line[: m.start()].strip(), year, f"{year}年度{line[m.end() :].strip()}"
    return None


def parse_title_lines(lines: list[str]) -> TitleInfo:
    """Read agency, year, title and issuance line from the lines before the first section.

    The title is the first line naming a 計畫 with a year before it (else the first naming a 計畫 with the
    usual words); a year on the line before a title that has none is taken too (a title broken in two).
    The agency is what stands before the year, or the line above the title.
    """
    info = TitleInfo()
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    candidates = [
        i for i, line in enumerate(lines) if "計畫" in line and not _ISSUED.search(line) and not _ATTACHMENT.match(line)
    ]
    dated = [i for i in candidates if _with_year(lines[i]) is not None]
    worded = [i for i in candidates if _TITLE_WORDS.search(lines[i])]
    title_at = dated[0] if dated else worded[0] if worded else None
    if title_at is None:
        info.unused = lines
        return info
    used = {title_at}
    split = _with_year(lines[title_at])
    if split is None and title_at > 0 and _with_year(lines[title_at - 1] + lines[title_at]) is not None:
        split = _with_year(lines[title_at - 1] + lines[title_at])
        used.add(title_at - 1)
    if split is not None:
        before, info.year, info.title = split
    else:
        line = lines[title_at]
        k = _TITLE_WORDS.search(line)
        before = line[: k.start()].strip() if k is not None else ""
        info.title = line[k.start() :].strip() if k is not None else line
    if before:
        info.agency = before
    else:
        above = [i for i in range(min(used)) if not _ISSUED.search(lines[i]) and not _ATTACHMENT.match(lines[i])]
        if above:
            info.agency = lines[above[-1]]
            used.add(above[-1])
    for i, ln in enumerate(lines):
        if i in used:
            continue
        if _ISSUED.search(ln) and not info.issued:
            info.issued = ln
        else:
            info.unused.append(ln)
    return info

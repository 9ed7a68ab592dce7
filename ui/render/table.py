"""The 計畫內容 table laid out in columns: header cells, one row per method, merged 要項 and 重點 spans."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from planner.export import months_text, text_lines
from planner.export.scope import ItemPart, focus_groups
from planner.export.widths import table_shape
from planner.model import Node, Plan
from planner.workspace import Workspace
from ui.render.boxes import PAD_X, PAD_Y, Line, Para
from ui.render.measure import Measurer, labelled_paras, outline_paras

SPLIT_LINES = 12  # rows taller than this many lines may break across pages (as in the Word export)
MIN_SPLIT_LINES = 3  # … when at least this many lines fit before the break
SPANNED = ("item", "focus")
CONTINUED = "（續）"  # after the label and title of a 要項/重點 repeated on a continuation page


@dataclass(eq=False)
class Span:
    """A merged 要項 or 重點 cell over the rows of its methods."""

    field: str
    node_ids: tuple[int, ...]
    lines: list[Line]
    height: float  # content height with the cell margins
    first_row: int
    last_row: int = -1
    continued_lines: list[Line] = dataclasses.field(
        default_factory=list
    )  # label + title + （續）, for continuation pages


@dataclass
class Part:
    """The own cells of a row (or of the piece of a split row) on one page: lines relative to the content top."""

    lines: dict[str, list[Line]]
    height: float
    first: bool = True
    last: bool = True


@dataclass(eq=False)
class Row:
    """One method row: its own cells and the spans it lies in."""

    index: int
    node_id: int | None
    part: Part
    spans: dict[str, Span]
    splittable: bool


def content_height(lines: list[Line]) -> float:
    """Return the height of lines laid out from y = 0."""
    return max((line.y + line.height for line in lines), default=0.0)


class Table:
    """The 計畫內容 table laid out in columns: header cells, rows and spans; not yet paginated."""

    def __init__(
        self,
        m: Measurer,
        ws: Workspace,
        plan: Plan,
        parts: list[ItemPart],
        text_width: float,
    ) -> None:
        self.m = m
        self.plan = plan
        self.labels = plan.numbering()
        shape = table_shape(ws, plan, parts)
        self.columns, self.fields, self.unit_names = shape.columns, shape.fields, shape.unit_names
        self.kpi = shape.kpi
        widths = shape.widths(round(text_width * 20))
        scale = text_width / (sum(widths) or 1)
        self.width_of = {f: w * scale for f, w in zip(self.fields, widths)}
        self.x_of: dict[str, float] = {}
        x = 0.0
        for name in self.fields:
            self.x_of[name] = x
            x += self.width_of[name]
        self.width = x
        self.line_height = m.pitch("cell")[0]
        self.header = self._header()
        self.header_height = max(h for _, _, _, h in self.header)
        # rows are laid out as the paginator takes them, so a page's rows can be dropped once it is done
        self.count = sum(max(1, sum(len(ms) for _, ms in g)) for _, fs in parts for g in focus_groups(fs) or [[]])
        self._rows = self._generate(parts)
        self.first: Row | None = next(self._rows, None)

    def rows(self) -> Iterator[Row]:
        """Yield the rows in order, laying each out when it is taken (once per table)."""
        if self.first is not None:
            yield self.first
        yield from self._rows

    def inner(self, name: str) -> float:
        """Return the text width inside a column's cells."""
        return max(self.width_of[name] - 2 * PAD_X, 1.0)

    def _header(self) -> list[tuple[float, float, list[Line], float]]:
        """Return the header cells: (x, width, lines, height); a column of several fields spans them."""
        out = []
        for column in self.columns:
            x = self.x_of[column.fields[0]]
            width = sum(self.width_of[f] for f in column.fields)
            lines, height = self.m.block([Para(column.header, "header")], max(width - 2 * PAD_X, 1.0))
            out.append((x, width, lines, height + 2 * PAD_Y))
        return out

    def _span(self, name: str, nodes: list[Node], paras: list[Para], first: int, count: int) -> Span:
        """Return the merged cell of nodes over count rows from row first."""
        ids, last = tuple(n.id for n in nodes), first + count - 1
        if name not in self.width_of:
            return Span(name, ids, [], 2 * PAD_Y, first_row=first, last_row=last)
        lines, height = self.m.block(paras, self.inner(name))
        height = max(height, self.line_height) + 2 * PAD_Y
        again = [p for n in nodes for p in labelled_paras(self.m, self.labels[n.id], n.title.strip() + CONTINUED, "")]
        continued, _ = self.m.block(again, self.inner(name))
        return Span(name, ids, lines, height, first, last, continued_lines=continued)

    def _own(self, method: Node | None) -> Part:
        """Return a method's own cells (method, units, months, note, kpi, target) laid out in their columns."""
        cells: dict[str, list[Para]] = {}
        if method is not None:
            cells["method"] = labelled_paras(self.m, self.labels[method.id], method.title, method.body)
            cells["units"] = [Para(u, "center") for u in self.unit_names[method.id]]
            months = months_text(method.months)
            cells["months"] = [Para(months, "center")] if months else []
            cells["note"] = outline_paras(self.m, text_lines(method.note), "cell", 0.0)
            kpi = self.kpi(method.id)
            cells["kpi"] = [Para(t, "cell") for t in text_lines(kpi.kpi)]
            cells["target"] = [Para(t, "center") for t in text_lines(kpi.target)]
        lines: dict[str, list[Line]] = {}
        height = self.line_height
        for name in self.fields:
            if name in SPANNED:
                continue
            laid, h = self.m.block(cells.get(name, []), self.inner(name))
            lines[name] = laid
            height = max(height, h)
        return Part(lines, height + 2 * PAD_Y)

    def _generate(self, parts: list[ItemPart]) -> Iterator[Row]:
        """One row per method; 要項 and 重點 (or shared 重點 groups) span their methods' rows."""
        index = 0
        for item, focuses in parts:
            groups = focus_groups(focuses) or [[]]
            counts = [max(1, sum(len(ms) for _, ms in group)) for group in groups]
            paras = labelled_paras(self.m, self.labels[item.id], item.title, item.body)
            item_span = self._span("item", [item], paras, index, sum(counts))
            for group, count in zip(groups, counts):
                nodes = [f for f, _ in group]
                paras = [p for f in nodes for p in labelled_paras(self.m, self.labels[f.id], f.title, f.body)]
                focus_span = self._span("focus", nodes, paras, index, count)
                methods: list[Node | None] = [m for _, ms in group for m in ms] or [None]
                for method in methods:
                    part = self._own(method)
                    spans = {name: s for name, s in (("item", item_span), ("focus", focus_span)) if name in self.x_of}
                    splittable = part.height > SPLIT_LINES * self.line_height + 2 * PAD_Y
                    node_id = method.id if method is not None else None
                    yield Row(index, node_id, part, spans, splittable)
                    index += 1

    def split(self, part: Part, room: float) -> tuple[Part, Part] | None:
        """Split a row's cells so the first piece is at most room tall; None when too few lines fit."""
        limit = room - 2 * PAD_Y + 0.01
        head: dict[str, list[Line]] = {}
        tail: dict[str, list[Line]] = {}
        for name, lines in part.lines.items():
            count = 0
            while count < len(lines) and lines[count].y + lines[count].height <= limit:
                count += 1
            head[name] = lines[:count]
            top = lines[count].y if count < len(lines) else 0.0
            tail[name] = [ln.moved(0, -top) for ln in lines[count:]]
        if max((len(v) for v in head.values()), default=0) < MIN_SPLIT_LINES or not any(tail.values()):
            return None
        first = Part(head, max(content_height(v) for v in head.values()) + 2 * PAD_Y, part.first, False)
        second = Part(tail, max(content_height(v) for v in tail.values()) + 2 * PAD_Y, False, part.last)
        return first, second

"""What a reader saw, for a dialog to offer corrections: a table's header and roles, an outline's label styles."""

from __future__ import annotations

from planner.importers.docx_tables import Header, Table
from planner.importers.labels import SECTION, Label
from planner.importers.options import LabelStyle, TableSeen
from planner.importers.table import HeaderCell, column_texts
from planner.importers.tree import outline_levels


def table_seen(table: Table, header: Header | None) -> TableSeen:
    """Return a table's header words and roles per grid column, guessed and used (see TableSeen)."""
    width = table.grid_width()
    if header is None:
        cells = table.rows[0] if table.rows else []
        texts = column_texts([HeaderCell(c.text, c.col, c.span) for c in cells], [], width)
        return TableSeen(table.index, texts, [None] * width, [None] * width, rows=len(table.rows))
    return TableSeen(
        table.index,
        column_texts(header.cells, header.sub, width),
        [header.guessed.get(c) for c in range(width)],
        [header.roles.get(c) for c in range(width)],
        header.row,
        header.guessed_start - header.row if header.guessed else 0,
        header.start - header.row,
        len(table.rows),
    )


def outline_styles(labels: list[Label | None], chosen: dict[str, int] | None) -> list[LabelStyle]:
    """Return the label styles of an outline in order of first use, with the level each is read as."""
    levels = outline_levels(labels) if chosen is None else chosen
    counts: dict[str, int] = {}
    for label in labels:
        if label is not None and label.kind != SECTION:
            counts[label.kind] = counts.get(label.kind, 0) + 1
    return [LabelStyle(kind, n, levels.get(kind, 0)) for kind, n in counts.items()]

"""One colour scheme for the review statuses: the calendar, the progress form, the 總表 and the packets use it."""

from __future__ import annotations

# Text colours (#rrggbb) by status code; "overdue" is 逾期 (no reply after the round's deadline), "none" 未填報.
COLORS: dict[str, str] = {
    "todo": "#424242",
    "doing": "#1565c0",
    "late": "#e65100",
    "done": "#2e7d32",
    "na": "#757575",
    "overdue": "#c62828",
    "none": "#757575",
}
# Light backgrounds (#rrggbb) for the statuses that need attention.
FILLS: dict[str, str] = {"late": "#fff3e0", "overdue": "#fdecea"}


def color(state: str) -> str:
    """Return the text colour of a status code, "overdue" or "none"."""
    return COLORS.get(state, COLORS["none"])


def fill(state: str) -> str | None:
    """Return the background of a status that needs attention (None for the others)."""
    return FILLS.get(state)


def argb(hex_color: str) -> str:
    """Return an Excel ARGB colour ("FF1565C0") of "#1565c0"."""
    return "FF" + hex_color.lstrip("#").upper()

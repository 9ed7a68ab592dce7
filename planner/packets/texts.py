"""Texts shared by the forms, the summary and the collection messages: method paths, group heads, dates."""

from __future__ import annotations

from collections.abc import Iterable

from planner.calendar import month_end
from planner.export.xlsx import labelled
from planner.model import Node, Plan
from planner.numerals import roc_to_ad


def method_path(plan: Plan, labels: dict[int, str], method: Node, width: int = 40) -> str:
    """Return a method with its full numbering for messages: 「一、(二)3.訂立標準作業程序」."""
    return method_line("".join(labels[n.id] for n in method.ancestors()) + labels[method.id], method, width)


def method_line(label: str, method: Node, width: int = 40) -> str:
    """Return a label followed by the method's title (or its body's first line), cut to width."""
    text = method.title.strip() or next((ln.strip() for ln in method.body.splitlines() if ln.strip()), "")
    return label + (text if len(text) <= width else text[: width - 1] + "…")


def head_text(labels: dict[int, str], nodes: Iterable[Node]) -> str:
    """Return the 要項 or 重點 heading a form row sits under: one labelled title a line, no body."""
    return "\n".join(labelled(labels[n.id], n.title, "") for n in nodes)


def date_example(plan: Plan, period: int) -> str:
    """Return how to write a date of the review month: 「2026-06-30 或 115/6/30」."""
    day = month_end(roc_to_ad(plan.year), period)
    return f"{day.isoformat()} 或 {plan.year}/{period}/{day.day}"

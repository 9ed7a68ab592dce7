"""Compare two plans (延續/修正/新增/刪除/移動), the 修正對照表, copy-year citations and the framework check."""

from planner.compare.diff import (
    ADDED,
    CHANGED,
    KINDS,
    MOVED,
    REMOVED,
    SAME,
    Change,
    Comparison,
    compare_plans,
    compare_years,
)
from planner.compare.match import DEFAULT_THRESHOLD

__all__ = [
    "ADDED",
    "CHANGED",
    "DEFAULT_THRESHOLD",
    "KINDS",
    "MOVED",
    "REMOVED",
    "SAME",
    "Change",
    "Comparison",
    "compare_plans",
    "compare_years",
]

"""The compare view: two plans side by side, changes highlighted, filter by kind, jump to a node."""

from ui.compare.view import CompareView

__all__ = ["CompareView"]

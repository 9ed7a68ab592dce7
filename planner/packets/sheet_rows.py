"""The packets' name for the fast sheet row reader, which lives in planner.xlsx_rows (the importers use it too)."""

from planner.xlsx_rows import sheet_rows

__all__ = ["sheet_rows"]

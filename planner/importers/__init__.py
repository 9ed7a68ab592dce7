"""Import last year's plan from a Word (.docx) or Excel (.xlsx) file.

read_plan_file(path) reads and checks the file and returns an ImportResult (nothing is written);
apply_import(ws, result, year, unit_map) creates the plan in the workspace as one undoable edit.
"""

from planner.importers.plan_file import apply_import, read_plan_file, unknown_units
from planner.importers.result import ImportResult

__all__ = ["ImportResult", "apply_import", "read_plan_file", "unknown_units"]

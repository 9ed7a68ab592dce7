"""Why a month of the review calendar is empty: no methods due, methods without units or without months."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from planner.model import Plan


def empty_reason(plan: Plan, month: int, unit_id: int | None = None, unit_name: str = "") -> str:
    """Return the sentence shown for a month with no method to review (for one unit when unit_id is given)."""
    methods = plan.methods()
    if not methods:
        return "計畫還沒有任何方法：在「計畫內容」新增方法並設定查核月份後，會列在這裡。"
    in_month = [m for m in methods if month in m.months]
    without_units = [m for m in in_month if not m.units]
    without_months = [m for m in methods if not m.months]
    parts = []
    if unit_id is not None:
        others = [m for m in in_month if m.units and unit_id not in m.units]
        head = f"「{unit_name}」{month}月沒有需查核的方法"
        parts.append(head + (f"（其他單位有 {len(others)} 個）。" if others else "。"))
    elif without_units:
        parts.append(f"{month}月有 {len(without_units)} 個方法尚未指定業務單位，指定單位後才會列在這裡。")
    else:
        parts.append(f"本月沒有需查核的方法：沒有方法把 {month}月 設為查核月份。")
    if unit_id is not None and without_units:
        parts.append(f"另有 {len(without_units)} 個方法尚未指定業務單位。")
    if without_months:
        parts.append(f"另有 {len(without_months)} 個方法尚未設定查核月份。")
    return "".join(parts)


class EmptyMonthNote(QLabel):
    """Shown above the calendar's list while the month lists nothing, saying why."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_empty_reason")
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a6d00; padding: 6px;")
        self.hide()

    def show_for(self, plan: Plan | None, month: int, due: int, unit_id: int | None, unit_name: str = "") -> None:
        """Say why the month is empty (hidden when something is due)."""
        if plan is None or due:
            self.hide()
            return
        self.setText(empty_reason(plan, month, unit_id, unit_name))
        self.show()

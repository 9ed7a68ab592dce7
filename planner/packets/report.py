"""What collecting finds and does: the problems, the entries proposed by the packets and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.progress import STATUSES


@dataclass(frozen=True)
class Problem:
    """An error, conflict or warning found while collecting, naming the file, row and method."""

    file: str
    message: str
    row: int | None = None
    method: str = ""

    def __str__(self) -> str:
        where = f"「{self.file}」" if self.file else ""
        if self.row is not None:
            where += f"第 {self.row} 列"
        if self.method:
            where += f"（{self.method}）"
        return f"{where}：{self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"file": self.file, "row": self.row, "method": self.method, "message": self.message, "text": str(self)}


@dataclass(frozen=True)
class Entry:
    """One filled-in row of a packet: the record it proposes for (method, month, unit)."""

    file: str
    row: int
    node_id: int
    unit_id: int
    unit: str
    method: str
    status: str | None
    text: str
    date: str | None
    stamp: str
    original: tuple[str, ...]
    reason: str = ""
    measure: str = ""
    actual: str = ""

    @property
    def values(self) -> tuple[str, str, str, str, str, str]:
        """Return (status, text, date, 落後原因, 因應對策, 實際值) with "" for blanks, comparable to a record."""
        return self.status or "", self.text, self.date or "", self.reason, self.measure, self.actual

    @property
    def blank(self) -> bool:
        """Return whether nothing was filled in."""
        return not any(self.values)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "file": self.file,
            "row": self.row,
            "node_id": self.node_id,
            "unit": self.unit,
            "method": self.method,
            "status": STATUSES[self.status] if self.status else None,
            "text": self.text,
            "date": self.date,
            "reason": self.reason,
            "measure": self.measure,
            "actual": self.actual,
        }


@dataclass
class CollectReport:
    """What collecting returned packets found and did."""

    period: int
    files: list[str] = field(default_factory=list)
    applied: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    blank: list[Entry] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    done: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """Return whether there are neither errors nor conflicts."""
        return not self.errors and not self.conflicts

    def summary(self) -> str:
        """Return a Chinese report, one finding a line."""
        lines: list[str] = []
        if not self.ok:
            lines.append(
                f"收回 {self.period}月 填報表：發現 {len(self.errors)} 個錯誤、{len(self.conflicts)} 個衝突，"
                "未寫入任何資料。請修正後重新收回。"
            )
        elif self.dry_run:
            lines.append(
                f"檢查 {self.period}月 填報表（{len(self.files)} 個檔案）：可寫入 {len(self.applied)} 筆，"
                f"未變更 {len(self.unchanged)} 筆，未填寫 {len(self.blank)} 筆（僅檢查，未寫入）。"
            )
        else:
            lines.append(
                f"收回 {self.period}月 填報表（{len(self.files)} 個檔案）：寫入 {len(self.applied)} 筆，"
                f"未變更 {len(self.unchanged)} 筆，未填寫 {len(self.blank)} 筆。"
            )
        lines += [f"[錯誤] {p}" for p in self.errors]
        lines += [f"[衝突] {p}" for p in self.conflicts]
        lines += [f"[提醒] {p}" for p in self.warnings]
        if self.ok:
            lines += [
                f"[寫入] {e.unit} {e.method}：{STATUSES[e.status] if e.status else ''}"
                + (f"，{e.date}" if e.date else "")
                for e in self.applied
            ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "period": self.period,
            "files": list(self.files),
            "ok": self.ok,
            "done": self.done,
            "dry_run": self.dry_run,
            "applied": [e.to_dict() for e in self.applied],
            "unchanged": [e.to_dict() for e in self.unchanged],
            "blank": [e.to_dict() for e in self.blank],
            "conflicts": [p.to_dict() for p in self.conflicts],
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }

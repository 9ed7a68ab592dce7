"""City frameworks: the standard 要項 and 重點 a new plan can start from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from planner.errors import BadInput
from planner.numerals import FOCUS, ITEM
from planner.resources import resource_path


@dataclass(frozen=True)
class Framework:
    """A city's framework of 要項 and 重點."""

    id: str
    name: str
    description: str
    columns: str
    items: tuple[dict[str, Any], ...]

    def node_snapshots(self) -> list[dict[str, Any]]:
        """Return the framework as fresh node snapshots (no methods)."""
        return [
            {
                "id": None,
                "level": ITEM,
                "title": item["title"],
                "numbered": item.get("numbered", True),
                "children": [
                    {
                        "id": None,
                        "level": FOCUS,
                        "title": f["title"],
                        "numbered": f.get("numbered", True),
                        "children": [],
                    }
                    for f in item.get("focuses", [])
                ],
            }
            for item in self.items
        ]


@cache
def frameworks() -> dict[str, Framework]:
    """Return the bundled frameworks by id."""
    out: dict[str, Framework] = {}
    for path in sorted(resource_path("frameworks").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["id"]] = Framework(
            data["id"],
            data["name"],
            data.get("description", ""),
            data.get("columns", "kaohsiung"),
            tuple(data["items"]),
        )
    return out


def framework(key: str) -> Framework:
    """Return a framework by id."""
    try:
        return frameworks()[key]
    except KeyError:
        names = "、".join(frameworks())
        raise BadInput(f"沒有這個架構：{key}（可用：{names}）") from None

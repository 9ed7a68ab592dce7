"""Unit corrections applied to an import result: map, split, strip a role, drop; remembered per workspace.

A file names its units as its clerk typed them: 「活動及輔導課」, 「行政課（主政）」, last year's names. UnitFixes
says what each file name becomes (applied in this order to every method's units): dropped; split into several
names; its role stripped (「行政課（主辦）」 → 行政課); mapped onto another name (a workspace unit, another file
name, or a new name). 各課室 (every unit) stays as written unless a correction names it. The corrections used
in an import are remembered in the workspace (the Setting IMPORT_FIXES, JSON) for the next import.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from planner.errors import BadInput
from planner.importers.result import ImportResult
from planner.steps.units import SetSetting
from planner.text_safety import clean_name
from planner.units import UNIT_SEPARATORS
from planner.workspace import Workspace

log = logging.getLogger(__name__)

IMPORT_FIXES = "import_unit_fixes"
_ROLE_TAIL = re.compile(r"\s*[(（][^()（）]{1,12}[)）]\s*$")
_ROLE_HEAD = re.compile(r"^[^：:]{1,6}[：:]\s*")

KEEP, MAP, SPLIT, STRIP, DROP = "keep", "map", "split", "strip", "drop"


def strip_role(name: str) -> str:
    """Drop a role written with a unit name: 「行政課（主辦）」 → 行政課, 「主政：人事室」 → 人事室."""
    bare = _ROLE_TAIL.sub("", name)
    bare = _ROLE_HEAD.sub("", bare).strip()
    return bare or name


def check_name(name: str, what: str) -> str:
    """Return a unit name cleaned for use; BadInput (Chinese) when it is empty or holds separators."""
    cleaned = clean_name(name)
    if not cleaned:
        raise BadInput(f"{what}不能空白。")
    if any(ch in cleaned for ch in UNIT_SEPARATORS) or any(ch.isspace() for ch in cleaned):
        raise BadInput(f"{what}「{cleaned}」不能包含空白、頓號、逗號、分號或斜線。")
    return cleaned


@dataclass
class UnitFixes:
    """What file unit names become: mapped, split, role stripped, dropped (see the module docstring)."""

    map: dict[str, str] = field(default_factory=dict)
    split: dict[str, tuple[str, ...]] = field(default_factory=dict)
    strip: set[str] = field(default_factory=set)
    strip_all: bool = False
    drop: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        """Check and clean every name; BadInput with a Chinese message for unusable ones."""
        self.map = {check_name(k, "單位名稱"): check_name(v, f"「{k}」要對應的單位") for k, v in self.map.items()}
        split: dict[str, tuple[str, ...]] = {}
        for name, parts in self.split.items():
            key = check_name(name, "單位名稱")
            cleaned = tuple(dict.fromkeys(check_name(p, f"「{key}」拆出的單位") for p in parts))
            if len(cleaned) < 2:
                raise BadInput(f"「{key}」至少要拆成兩個不同的單位。")
            split[key] = cleaned
        self.split = split
        self.strip = {check_name(n, "單位名稱") for n in self.strip}
        self.drop = {check_name(n, "單位名稱") for n in self.drop}

    def names(self) -> set[str]:
        """Return every file name a correction is about."""
        return set(self.map) | set(self.split) | self.strip | self.drop

    def action(self, name: str) -> tuple[str, tuple[str, ...]]:
        """Return what a file name becomes: (KEEP|MAP|SPLIT|STRIP|DROP, the names it gives)."""
        if name in self.drop:
            return DROP, ()
        if name in self.split:
            return SPLIT, self.split[name]
        if name in self.map:
            return MAP, (self.map[name],)
        if name in self.strip or self.strip_all:
            return STRIP, (strip_role(name),)
        return KEEP, (name,)

    def fixed(self, name: str) -> list[str]:
        """Return the names a file unit name becomes (empty when dropped)."""
        if name in self.drop:
            return []
        out: list[str] = []
        for part in self.split.get(name, (name,)):
            if self.strip_all or name in self.strip or part in self.strip:
                part = strip_role(part)
            part = self.map.get(part, part)
            if part not in self.drop and part not in out:
                out.append(part)
        return out

    def with_action(self, name: str, action: str, names: tuple[str, ...] = ()) -> UnitFixes:
        """Return a copy where a file name gets an action (KEEP removes every correction of it)."""
        out = UnitFixes(
            {k: v for k, v in self.map.items() if k != name},
            {k: v for k, v in self.split.items() if k != name},
            self.strip - {name},
            self.strip_all,
            self.drop - {name},
        )
        if action == MAP:
            out = replace(out, map={**out.map, name: names[0] if names else ""})
        elif action == SPLIT:
            out = replace(out, split={**out.split, name: tuple(names)})
        elif action == STRIP:
            out.strip.add(name)
        elif action == DROP:
            out.drop.add(name)
        elif action != KEEP:
            raise BadInput(f"不明的單位修正：{action}")
        return out

    def only(self, names: set[str] | list[str]) -> UnitFixes:
        """Return the corrections about these file names only."""
        keep = set(names)
        return UnitFixes(
            {k: v for k, v in self.map.items() if k in keep},
            {k: v for k, v in self.split.items() if k in keep},
            self.strip & keep,
            False,
            self.drop & keep,
        )

    def merged(self, newer: UnitFixes) -> UnitFixes:
        """Return these corrections overridden, name by name, by newer ones."""
        out = self
        for name in newer.names():
            out = out.with_action(name, *newer.action(name))
        return replace(out, strip_all=out.strip_all or newer.strip_all)

    def is_empty(self) -> bool:
        """Return whether nothing is corrected."""
        return not self.names() and not self.strip_all

    def to_json(self) -> str:
        """Return the corrections as JSON (for the workspace setting)."""
        data: dict[str, Any] = {
            "map": self.map,
            "split": {k: list(v) for k, v in self.split.items()},
            "strip": sorted(self.strip),
            "drop": sorted(self.drop),
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> UnitFixes:
        """Read corrections stored by to_json; an unreadable value gives none (and is logged)."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(
                {str(k): str(v) for k, v in data.get("map", {}).items()},
                {str(k): tuple(str(p) for p in v) for k, v in data.get("split", {}).items()},
                {str(n) for n in data.get("strip", [])},
                False,
                {str(n) for n in data.get("drop", [])},
            )
        except (ValueError, TypeError, AttributeError, BadInput) as exc:
            log.warning("ignoring unreadable remembered unit corrections: %s", exc)
            return cls()


def fix_units(result: ImportResult, fixes: UnitFixes) -> ImportResult:
    """Return a copy of the result with every method's units corrected and the unit names recomputed."""
    if fixes.is_empty():
        return result
    fixed: dict[str, list[str]] = {}  # a file names a handful of units: correct each once

    def corrected(method: dict[str, Any]) -> dict[str, Any]:
        units: dict[str, None] = {}
        for name in method.get("units", ()):
            found = fixed.get(name)
            if found is None:
                found = fixed[name] = fixes.fixed(name)
            units.update(dict.fromkeys(found))
        names.update(units)
        return {**method, "units": list(units)}

    # the copy is new down to each method (the tree a reader made is never changed in place by anyone)
    names: dict[str, None] = {}
    data = dict(result.data)
    data["items"] = [
        {
            **item,
            "focuses": [
                {**focus, "methods": [corrected(m) for m in focus.get("methods", ())]}
                for focus in item.get("focuses", ())
            ],
        }
        for item in result.data.get("items", ())
    ]
    return replace(
        result, data=data, unit_names=list(names), warnings=list(result.warnings), places=dict(result.places)
    )


def is_corrected(warning: str, names: set[str] | list[str]) -> bool:
    """Return whether a warning is about a unit name that has been corrected (「活動及輔導課」 split)."""
    return any(f"「{name}」" in warning for name in names)


def corrected_names(result: ImportResult, fixes: UnitFixes) -> set[str]:
    """Return the file's unit names a correction changes."""
    return {n for n in result.unit_names if fixes.fixed(n) != [n]}


def check_fixes(result: ImportResult, fixes: UnitFixes) -> None:
    """Refuse corrections naming a unit the file does not name (a typo on the command line)."""
    missing = sorted(fixes.names() - set(result.unit_names))
    if missing:
        have = "、".join(result.unit_names) or "（沒有單位）"
        raise BadInput(f"檔案中沒有單位「{'」「'.join(missing)}」；檔案中的單位：{have}")


def remembered(ws: Workspace) -> UnitFixes:
    """Return the unit corrections remembered from earlier imports into this workspace."""
    return UnitFixes.from_json(ws.setting(IMPORT_FIXES))


def remember_step(ws: Workspace, file_names: list[str], fixes: UnitFixes) -> SetSetting | None:
    """Return the step storing this import's corrections of its file's names (None when nothing changes).

    The corrections of names in this file replace the remembered ones (a name kept as written forgets its
    old correction); corrections of names this file does not hold stay remembered.
    """
    old = remembered(ws)
    new = old
    for name in file_names:
        new = new.with_action(name, *fixes.action(name))
    if new == old:
        return None
    return SetSetting(IMPORT_FIXES, None if new.is_empty() else new.to_json())

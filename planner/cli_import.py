"""Command-line parts of `planner-cli import`: the correction options and turning them into importer options.

Every correction the import dialog offers is an option here, so a batch of files can be imported with the
same fixes: structure (--columns, --header-rows, --tables, --section, --levels) and units (--map, --split,
--strip-role, --drop). Bad values raise BadInput with a Chinese message before anything is read or written.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from planner.errors import BadInput
from planner.importers.labels import parse_label
from planner.importers.options import LEVEL_NAMES, ROLE_OF_NAME, ROLES, STYLE_KINDS, ImportOptions

if TYPE_CHECKING:  # the workspace side loads when the command runs
    from planner.importers.unit_fixes import UnitFixes

_LIST = re.compile(r"[,，、]")
_LEVEL_OF_NAME = {name: level for level, name in LEVEL_NAMES.items()}
LEVELS_HELP = (
    "大綱（沒有表格的計畫）各層用哪種編號：依序寫要項、重點、方法的編號樣式，例如「一、,(一),1.」；"
    "也可寫「(一)=要項,1.=重點,(1)=方法」；沒寫到的編號當作內文"
)


def add_import_arguments(p: argparse.ArgumentParser) -> None:
    """Add the correction options of the import command."""
    roles = "、".join(ROLES.values())
    p.add_argument(
        "--map",
        action="append",
        metavar="舊=新",
        help="把檔案中的單位改成另一個名稱（工作區的單位、檔案中的另一個單位或新名稱）；「舊=」表示照原樣",
    )
    p.add_argument(
        "--split", action="append", metavar="名稱=甲,乙", help="把一個單位拆成幾個，例如 活動課及輔導課=活動課,輔導課"
    )
    p.add_argument(
        "--strip-role",
        action="append",
        nargs="?",
        const="",
        metavar="名稱",
        help="去掉單位名稱後的職責，例如「行政課（主辦）」→ 行政課；不寫名稱表示所有單位",
    )
    p.add_argument("--drop", action="append", metavar="名稱", help="不匯入這個單位（從各方法中移除）")
    p.add_argument(
        "--columns",
        metavar="用途,…",
        help=f"依序指定表格每一欄的用途（{roles}；留空或寫 - 表示照程式判斷），例如 要項,重點,方法,單位",
    )
    p.add_argument("--header-rows", metavar="N", help="表格從欄位標題列起算共有幾列標題（不是內容）")
    p.add_argument("--tables", metavar="編號,…", help="哪些表格（或工作表）是計畫內容，依文件中的順序編號，例如 1,3")
    p.add_argument(
        "--item-paragraphs",
        metavar="編號,…",
        help="一個要項一個表格的文件：表格之間以「一、」開頭的段落，哪幾段是要項（依序編號；寫 0 表示都不是）",
    )
    p.add_argument("--section", metavar="段落標題", help="沒有表格的計畫：從哪一個段落（例如 計畫內容）讀取大綱")
    p.add_argument("--levels", metavar="編號,…", help=LEVELS_HELP)
    p.add_argument("--no-remembered", action="store_true", help="不套用這個工作區上次匯入時記住的單位修正")


def _style_kind(text: str) -> str:
    """Return the label kind written as 「一、」「(一)」「1.」…; BadInput when it is not a label style."""
    label = parse_label(text.strip() + "甲")
    if label is None or label.kind not in STYLE_KINDS:
        raise BadInput(f"--levels 中的「{text}」不是編號樣式（例如 一、 (一) 1. (1)）。")
    return label.kind


def parse_levels(text: str) -> dict[str, int]:
    """Parse --levels: 「一、,(一),1.」 in level order, or 「(一)=要項,1.=重點」 pairs."""
    levels: dict[str, int] = {}
    parts = [p.strip() for p in re.split(r"[,，]", text) if p.strip()]
    if not parts:
        raise BadInput("--levels 不能空白，例如 --levels 一、,(一),1.")
    for position, part in enumerate(parts, start=1):
        if "=" in part:
            style, name = (s.strip() for s in part.split("=", 1))
            if name not in _LEVEL_OF_NAME and not name.isdigit():
                raise BadInput(f"--levels 中「{part}」的層級應為 要項、重點、方法 或 內文。")
            level = _LEVEL_OF_NAME.get(name, int(name) if name.isdigit() else -1)
        else:
            style, level = part, position
            if position > 3:
                raise BadInput("--levels 依序最多寫三種編號（要項、重點、方法）。")
        levels[_style_kind(style)] = level
    return levels


def _number(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise BadInput(f"{what}應為整數：「{text}」") from None


def parse_options(args: argparse.Namespace) -> ImportOptions:
    """Return the structure corrections given on the command line."""
    columns = None
    if args.columns is not None:
        names = [c.strip() for c in _LIST.split(args.columns)]
        bad = [n for n in names if n not in ROLE_OF_NAME and n not in ("", "-")]
        if bad or not any(names):
            raise BadInput(f"--columns 的欄位用途「{'、'.join(bad)}」不正確，可用：{'、'.join(ROLES.values())}。")
        columns = tuple(ROLE_OF_NAME.get(n) for n in names)
    header_rows = None if args.header_rows is None else _number(args.header_rows, "--header-rows ")
    tables = None
    if args.tables is not None:
        tables = frozenset(_number(t, "--tables 的表格編號") for t in _LIST.split(args.tables) if t.strip())
    levels = None if args.levels is None else parse_levels(args.levels)
    items = None
    if args.item_paragraphs is not None:
        numbers = {_number(t, "--item-paragraphs 的段落編號") for t in _LIST.split(args.item_paragraphs) if t.strip()}
        items = frozenset(numbers - {0})
    section = args.section.strip() if args.section is not None else None
    if section == "":
        raise BadInput("--section 不能空白，請寫段落標題，例如 計畫內容。")
    return ImportOptions(columns, header_rows, tables, section, levels, items)


def _pair(text: str, option: str, form: str) -> tuple[str, str]:
    if "=" not in text:
        raise BadInput(f"{option} 的格式應為「{form}」：{text}")
    old, new = text.split("=", 1)
    if not old.strip():
        raise BadInput(f"{option} 的「=」前要寫檔案中的單位名稱：{text}")
    return old.strip(), new.strip()


def parse_fixes(args: argparse.Namespace) -> UnitFixes:
    """Return the unit corrections given on the command line."""
    from planner.importers.unit_fixes import UnitFixes

    mapping: dict[str, str] = {}
    for pair in args.map or []:
        old, new = _pair(pair, "--map", "檔案中的單位=新名稱")
        if new:
            mapping[old] = new
    split: dict[str, tuple[str, ...]] = {}
    for pair in args.split or []:
        old, new = _pair(pair, "--split", "名稱=甲,乙")
        split[old] = tuple(p.strip() for p in _LIST.split(new) if p.strip())
    strips = args.strip_role or []
    return UnitFixes(
        mapping,
        split,
        {s.strip() for s in strips if s.strip()},
        any(not s.strip() for s in strips),
        {d.strip() for d in args.drop or []},
    )


def describe(fixes: UnitFixes, names: list[str]) -> str:
    """Return the corrections of these file names in words: 「活動及輔導課 → 活動課、輔導課；總務課 刪除」."""
    out = []
    for name in names:
        action, given = fixes.action(name)
        if action == "drop":
            out.append(f"{name} 不匯入")
        elif action != "keep" and given != (name,):
            out.append(f"{name} → {'、'.join(given)}")
    return "；".join(out) or "（無）"

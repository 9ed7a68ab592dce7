"""Traditional Chinese for argparse's own messages (usage, missing or unknown arguments, help headings)."""

from __future__ import annotations

import argparse

# argparse looks its messages up through the module-level gettext alias `_` at call time,
# so replacing that alias translates every message it prints.
MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置參數",
    "options": "選項",
    "show this help message and exit": "顯示這段說明後結束",
    "show program's version number and exit": "顯示版本後結束",
    "the following arguments are required: %s": "缺少必要的參數：%s",
    "unrecognized arguments: %s": "無法辨識的參數：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "無效的選擇：%(value)r（可選：%(choices)s）",
    "invalid %(type)s value: %(value)r": "不是有效的值：%(value)r",
    "expected one argument": "需要一個值",
    "expected at least one argument": "至少需要一個值",
    "expected at most one argument": "最多只能有一個值",
    "argument %(argument_name)s: %(message)s": "參數 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能與參數 %s 同時使用",
    "one of the arguments %s is required": "必須指定以下其中一個參數：%s",
    "ambiguous option: %(option)s could match %(matches)s": "選項不明確：%(option)s 可能是 %(matches)s",
    "ignored explicit argument %r": "多餘的參數值 %r",
    "unexpected option string: %s": "不應出現的選項：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "沒有 %(parser_name)r 這個命令（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "無法開啟「%(filename)s」：%(error)s",
}
PLURALS = {"expected %s argument": "需要 %s 個值"}


def translate(message: str) -> str:
    """Return the Chinese text of one of argparse's messages (others unchanged)."""
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    """Return the Chinese text of one of argparse's counted messages."""
    return PLURALS.get(singular, singular if count == 1 else plural)


def use_chinese_messages() -> None:
    """Make argparse print its messages in Traditional Chinese."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]

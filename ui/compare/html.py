"""Character-level highlighting of a change as HTML for the compare view (Qt rich text)."""

from __future__ import annotations

from difflib import SequenceMatcher
from html import escape

NEW_STYLE = "background-color:#c9f2c9;"  # inserted or replaced characters, also underlined
OLD_STYLE = "background-color:#f6c9c9;"  # removed or replaced characters, also struck through


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def highlight(old: str, new: str) -> tuple[str, str]:
    """Return (old, new) as HTML: removed characters struck on red, inserted ones underlined on green."""
    old_out: list[str] = []
    new_out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            old_out.append(_html(old[i1:i2]))
            new_out.append(_html(new[j1:j2]))
            continue
        if i2 > i1:
            old_out.append(f'<span style="{OLD_STYLE}"><s>{_html(old[i1:i2])}</s></span>')
        if j2 > j1:
            new_out.append(f'<span style="{NEW_STYLE}"><u>{_html(new[j1:j2])}</u></span>')
    return "".join(old_out), "".join(new_out)

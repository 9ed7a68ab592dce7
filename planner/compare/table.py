"""The 修正對照表 (.docx or .odt): 修正規定 | 現行規定 | 說明, one row per changed node, changed characters underlined.

The 說明 of each row defaults to a text made from the kind of change and can be replaced by the officer; the
replacements are kept in the workspace's settings table under one key per pair of plans.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from planner.compare.diff import ADDED, CHANGED, MOVED, REMOVED, Change, Comparison, node_lines
from planner.errors import BadInput
from planner.export import atomic_write
from planner.export.word import (
    CELL_MARGINS,
    CLOSING_P,
    EMPTY_CELL_P,
    HEADER_FILL,
    TABLE_BORDERS,
    W,
    add_body,
    new_document,
    paragraph,
    run,
)
from planner.numerals import LEVEL_NAMES
from planner.steps import SetSetting
from planner.workspace import Workspace

log = logging.getLogger(__name__)

HEADERS = ("修正規定", "現行規定", "說明")
SHARES = (0.38, 0.38, 0.24)  # of the portrait text width
UNDERLINE = '<w:u w:val="single"/>'
FIELD_NOTES = {"text": "文字修正。", "units": "調整業務單位。", "months": "調整查核月份。", "note": "修正備註。"}
NOTE_LIMIT = 2000
SUFFIXES = (".docx", ".odt")


# ---------------------------------------------------------------- 說明


def default_note(change: Change) -> str:
    """Return the default 說明 of a change, made from its kind and fields."""
    name = LEVEL_NAMES[change.level]
    if change.kind == ADDED:
        return f"本{name}新增。"
    if change.kind == REMOVED:
        return f"本{name}刪除。"
    text = "".join(FIELD_NOTES[f] for f in change.fields)
    old, new = change.old, change.new
    if old is None or new is None:  # only 新增 and 刪除 lack a side
        return text
    if change.kind == MOVED:
        return f"由原{_bare(old.number)}移列為{_bare(new.number)}。" + text
    if change.kind == CHANGED and old.number != new.number:
        text = f"原{_bare(old.number)}改列為{_bare(new.number)}。" + text
    return text


def _bare(number: str) -> str:
    """Return a numbered position without its final 、 or . (「三、(二)2.」 → 「三、(二)2」)."""
    return number.rstrip("、.")


def notes_key(cmp: Comparison) -> str:
    """Return the settings key holding the officer's 說明 for a pair of plans."""
    return f"revision-notes:{cmp.old_plan.id}:{cmp.new_plan.id}"


def stored_notes(ws: Workspace, cmp: Comparison) -> dict[str, str]:
    """Return the officer's 說明 by change key (n<new id> / o<old id>); {} when none or unreadable."""
    raw = ws.setting(notes_key(cmp))
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        log.warning("unreadable revision notes under %s", notes_key(cmp))
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def set_note(ws: Workspace, cmp: Comparison, key: str, text: str) -> None:
    """Keep the officer's 說明 of one row (undoable); an empty text goes back to the default."""
    set_notes(ws, cmp, {key: text})


def set_notes(ws: Workspace, cmp: Comparison, texts: dict[str, str]) -> None:
    """Keep the officer's 說明 of several rows as one undoable edit; empty texts go back to the default."""
    keys = {c.key for c in cmp.changed()}
    notes = stored_notes(ws, cmp)
    before = dict(notes)
    for key, text in texts.items():
        if key not in keys:
            raise BadInput(f"修正對照表中沒有這一列：{key}")
        text = text.strip()
        if len(text) > NOTE_LIMIT:
            raise BadInput(f"說明太長（{len(text)} 字，上限 {NOTE_LIMIT} 字）。")
        if text:
            notes[key] = text
        else:
            notes.pop(key, None)
    if notes == before:
        return
    value = json.dumps(notes, ensure_ascii=False, sort_keys=True) if notes else None
    with ws.edit("修改修正對照表說明") as tx:
        tx.do(ws, SetSetting(notes_key(cmp), value))


def notes_from_file(cmp: Comparison, path: Path) -> dict[str, str]:
    """Read 說明 from a JSON file: {"三、(二)2.": "…"} by numbered position, or by change key; checked."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"找不到說明檔：{path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"說明檔不是有效的 JSON（UTF-8）：{path}（{exc}）") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise BadInput('說明檔的格式應為 {"三、(二)2.": "說明文字", …}。')
    by_number: dict[str, str] = {}
    for change in cmp.changed():
        by_number.setdefault(change.number, change.key)
        by_number.setdefault(change.key, change.key)
    out: dict[str, str] = {}
    for label, text in data.items():
        key = by_number.get(label.strip())
        if key is None:
            raise BadInput(f"說明檔中的「{label}」不是修正對照表中的任何一列。")
        out[key] = text.strip()
    return out


# ---------------------------------------------------------------- rows


@dataclass
class Row:
    """One row of the table: the new text as (segment, underlined) pieces, the old text and the 說明."""

    key: str
    new: list[tuple[str, bool]]
    old: str
    note: str


def marked(old: str, new: str) -> list[tuple[str, bool]]:
    """Return new split into (segment, changed) pieces: characters inserted or replaced since old."""
    out: list[tuple[str, bool]] = []
    for tag, _i1, _i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if j1 == j2:
            continue
        changed = tag != "equal"
        if out and out[-1][1] == changed:
            out[-1] = (out[-1][0] + new[j1:j2], changed)
        else:
            out.append((new[j1:j2], changed))
    return out


def table_rows(cmp: Comparison, notes: dict[str, str] | None = None) -> list[Row]:
    """Return a row per changed node, in the comparison's order, with the officer's 說明 where given."""
    notes = notes or {}
    rows: list[Row] = []
    for change in cmp.changed():
        old = node_lines(change.old) if change.old else ""
        new = node_lines(change.new) if change.new else ""
        rows.append(Row(change.key, marked(old, new), old, notes.get(change.key) or default_note(change)))
    return rows


# ---------------------------------------------------------------- the document


def _paragraphs(pieces: list[tuple[str, bool]]) -> str:
    """Return cell paragraphs (one per line) with the changed pieces underlined."""
    paras: list[list[str]] = [[]]
    for text, changed in pieces:
        for i, line in enumerate(text.split("\n")):
            if i:
                paras.append([])
            if line:
                xml = run(line)
                paras[-1].append(xml.replace("</w:rPr>", UNDERLINE + "</w:rPr>", 1) if changed else xml)
    body = "".join(paragraph("PlanCell", "".join(p)) for p in paras if p)
    return body or EMPTY_CELL_P


def _cell(width: int, content: str, fill: str = "") -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}<w:vAlign w:val="top"/></w:tcPr>{content}</w:tc>'


def table_xml(rows: list[Row], widths: list[int]) -> str:
    """Return the three-column <w:tbl> with its header row repeated on every page."""
    out = [
        f'<w:tbl {W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{TABLE_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar>{CELL_MARGINS}</w:tblCellMar>"
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        *(
            _cell(w, paragraph("PlanCellHeader", run(name, bold=True)), HEADER_FILL).replace(
                '<w:vAlign w:val="top"/>', '<w:vAlign w:val="center"/>'
            )
            for name, w in zip(HEADERS, widths)
        ),
        "</w:tr>",
    ]
    for row in rows:
        out.append("<w:tr>")
        out.append(_cell(widths[0], _paragraphs(row.new)))
        out.append(_cell(widths[1], _paragraphs([(row.old, False)])))
        out.append(_cell(widths[2], _paragraphs([(row.note, False)])))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def table_title(ws: Workspace, cmp: Comparison) -> str:
    """Return 「{機關}{年度}年度提升服務工作計畫修正對照表」 for the new plan."""
    agency = cmp.new_plan.agency or ws.agency
    return f"{agency}{cmp.new_plan.year}年度提升服務工作計畫修正對照表"


def write_revision_table(ws: Workspace, cmp: Comparison, path: Path, notes: dict[str, str] | None = None) -> Path:
    """Write the 修正對照表 of a comparison to a .docx, or an .odt when path ends so (stored 說明, then notes)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES and suffix:
        raise BadInput(f"修正對照表只能輸出為 .docx 或 .odt：{Path(path).name}")
    title = table_title(ws, cmp)
    agency = cmp.new_plan.agency or ws.agency
    rows = table_rows(cmp, {**stored_notes(ws, cmp), **(notes or {})})
    empty = f"{cmp.old_plan.year} 與 {cmp.new_plan.year} 年度計畫內容相同，沒有修正。"
    if suffix == ".odt":
        from planner.compare.table_odt import text_width, write_revision_odt

        target = write_revision_odt(Path(path), title, agency, rows, column_widths(text_width()), HEADERS, empty)
        log.info("revision table: %d rows to %s", len(rows), target)
        return target
    doc, width = new_document(title, agency, "修正對照表", landscape=False)
    blocks = [paragraph("PlanTitle", run(title))]
    if not rows:
        blocks.append(paragraph("PlanText", run(empty)))
    else:
        blocks.append(table_xml(rows, column_widths(width)))
    blocks.append(CLOSING_P)
    add_body(doc, blocks)
    target = atomic_write(Path(path), ".docx", doc.save)
    log.info("revision table: %d rows to %s", len(rows), target)
    return target


def column_widths(text_width: int) -> list[int]:
    """Return the three column widths (twips) for a text width, the last taking the rounding rest."""
    widths = [round(text_width * share) for share in SHARES]
    widths[-1] += text_width - sum(widths)
    return widths

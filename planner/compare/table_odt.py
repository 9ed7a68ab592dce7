"""The 修正對照表 as OpenDocument text (.odt): the same title, three columns and underlined changes as the .docx.

Styles, fonts (標楷體 / Times New Roman), the A4 portrait page and the 「第 X 頁，共 Y 頁」 footer come from the
plan's .odt export; the header row is a table:table-header-rows (repeated on every page) and the changed
characters of 修正規定 are text:span elements in an underlined text style.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from planner.export import atomic_write
from planner.export.odf import FONT_DECLS, ODT_MIME, XML_HEAD, XMLNS, esc, meta_xml, page_text, pt, write_package
from planner.export.odt import CELL_STYLES, EMPTY_P, page_size, styles_xml
from planner.export.word import CELL_MARGIN_X, CELL_MARGIN_Y, HEADER_FILL, MARGIN

if TYPE_CHECKING:
    from planner.compare.table import Row

log = logging.getLogger(__name__)

CHANGED_STYLE = "PlanChanged"
TABLE_NAME = "修正對照表"


def text_width() -> int:
    """Return the text width of the A4 portrait page in twips."""
    width, _ = page_size(False)
    return width - 2 * MARGIN


def _paragraphs(pieces: list[tuple[str, bool]]) -> str:
    """Return cell paragraphs (one per line), the changed pieces as underlined text:span elements."""
    paras: list[list[str]] = [[]]
    for text, changed in pieces:
        for i, line in enumerate(text.split("\n")):
            if i:
                paras.append([])
            if line:
                xml = page_text(line)
                paras[-1].append(f'<text:span text:style-name="{CHANGED_STYLE}">{xml}</text:span>' if changed else xml)
    body = "".join(f'<text:p text:style-name="PlanCell">{"".join(p)}</text:p>' for p in paras if p)
    return body or EMPTY_P


def _cell(style: str, content: str) -> str:
    return f'<table:table-cell table:style-name="{style}" office:value-type="string">{content}</table:table-cell>'


def automatic_styles(widths: Sequence[int]) -> str:
    """Return the table, column, row, cell and underline styles of the table."""
    px, py = pt(CELL_MARGIN_X), pt(CELL_MARGIN_Y)
    out = [
        '<style:style style:name="RevTable" style:family="table"><style:table-properties'
        f' style:width="{pt(sum(widths))}" table:align="center" table:border-model="collapsing"'
        ' style:may-break-between-rows="true"/></style:style>',
        *(
            f'<style:style style:name="RevCol{i}" style:family="table-column"><style:table-column-properties'
            f' style:column-width="{pt(w)}"/></style:style>'
            for i, w in enumerate(widths, start=1)
        ),
        '<style:style style:name="RevRowKeep" style:family="table-row"><style:table-row-properties'
        ' fo:keep-together="always"/></style:style>',
        CELL_STYLES.format(
            name="RevCellHead", px=px, py=py, valign="middle", fill=f' fo:background-color="#{HEADER_FILL.lower()}"'
        ),
        CELL_STYLES.format(name="RevCell", px=px, py=py, valign="top", fill=""),
        f'<style:style style:name="{CHANGED_STYLE}" style:family="text"><style:text-properties'
        ' style:text-underline-style="solid" style:text-underline-width="auto"'
        ' style:text-underline-color="font-color"/></style:style>',
    ]
    return "".join(out)


def table_xml(rows: list[Row], widths: Sequence[int], headers: Sequence[str]) -> str:
    """Return the three-column table:table with its header row in table:table-header-rows."""
    out = [f'<table:table table:name="{TABLE_NAME}" table:style-name="RevTable">']
    out += [f'<table:table-column table:style-name="RevCol{i}"/>' for i in range(1, len(widths) + 1)]
    out.append('<table:table-header-rows><table:table-row table:style-name="RevRowKeep">')
    out += [_cell("RevCellHead", f'<text:p text:style-name="PlanCellHeader">{esc(h)}</text:p>') for h in headers]
    out.append("</table:table-row></table:table-header-rows>")
    for row in rows:
        out.append("<table:table-row>")
        out.append(_cell("RevCell", _paragraphs(row.new)))
        out.append(_cell("RevCell", _paragraphs([(row.old, False)])))
        out.append(_cell("RevCell", _paragraphs([(row.note, False)])))
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def content_xml(title: str, rows: list[Row], widths: Sequence[int], headers: Sequence[str], empty: str) -> str:
    """Return content.xml: the title, then the table, or the sentence `empty` when there are no rows."""
    body = f'<text:p text:style-name="PlanTitle">{page_text(title)}</text:p>'
    if rows:
        body += table_xml(rows, widths, headers)
    else:
        body += f'<text:p text:style-name="PlanText">{page_text(empty)}</text:p>'
    return (
        f'{XML_HEAD}<office:document-content {XMLNS} office:version="1.3">{FONT_DECLS}'
        f"<office:automatic-styles>{automatic_styles(widths)}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def write_revision_odt(
    path: Path, title: str, agency: str, rows: list[Row], widths: Sequence[int], headers: Sequence[str], empty: str
) -> Path:
    """Write the 修正對照表 as an .odt package, atomically; return the file written."""

    def write(stream: BinaryIO) -> None:
        content = content_xml(title, rows, widths, headers, empty)
        write_package(stream, ODT_MIME, content, styles_xml(False), meta_xml(title, agency, "修正對照表"))

    return atomic_write(Path(path), ".odt", write)

"""OpenDocument spreadsheet (.ods) export, written as ODF XML from the workbook the Excel export builds.

Every sheet keeps its cells, texts and numbers, fonts (標楷體 Asian, Times New Roman Latin), alignment,
wrapping, borders and fills, merged ranges (number-rows/columns-spanned with covered cells), column widths,
row heights, the rows repeated on every printed page (table:table-header-rows), the print range, and its page:
A4 in the sheet's orientation, fitted to one page wide, the 「第 X 頁，共 Y 頁」 footer.
So the .ods is the same plan table (and sections sheet) as the .xlsx, and the same 執行情形總表.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from planner.export import atomic_write, check_target
from planner.export.odf import (
    FONT_DECLS,
    ODS_MIME,
    XML_HEAD,
    XMLNS,
    esc,
    meta_xml,
    page_text,
    pt,
    text_props,
    write_package,
)
from planner.export.scope import Scope, select_for_export
from planner.export.word import A4
from planner.export.xlsx import BODY_PT, TWIPS_PER_UNIT, build_workbook
from planner.model import Plan
from planner.workspace import Workspace

log = logging.getLogger(__name__)

DEFAULT_WIDTH = 8.43  # Excel's default column width in units
DEFAULT_HEIGHT_PT = 15.0
BORDER = "0.5pt solid #000000"
_ALIGN = {"center": "center", "centerContinuous": "center", "right": "end", "left": "start", "justify": "justify"}
_VALIGN = {"center": "middle", "top": "top", "bottom": "bottom"}


@dataclass(frozen=True)
class _StyleKey:
    """What of an openpyxl cell style the .ods keeps."""

    size: float
    bold: bool
    horizontal: str | None
    vertical: str | None
    wrap: bool
    borders: tuple[bool, bool, bool, bool]  # top, bottom, left, right
    fill: str | None
    colour: str | None = None  # the text colour (rrggbb) when it is not the default


def _key(cell: Cell) -> _StyleKey:
    """Return the style key of a cell."""
    font, align, border, fill = cell.font, cell.alignment, cell.border, cell.fill
    colour = None
    if fill is not None and fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str):
        colour = fill.fgColor.rgb[-6:].lower()
    sides = tuple(bool(getattr(border, s).style) for s in ("top", "bottom", "left", "right"))
    text = font.color.rgb if font.color is not None and isinstance(font.color.rgb, str) else None
    text_colour = text[-6:].lower() if text and text[-6:].upper() != "000000" else None
    return _StyleKey(
        float(font.sz or BODY_PT),
        bool(font.b),
        align.horizontal,
        align.vertical,
        bool(align.wrap_text),
        sides,  # type: ignore[arg-type]
        colour,
        text_colour,
    )


def _cell_style(name: str, key: _StyleKey) -> str:
    """Return an automatic table-cell style for a key."""
    props = [f'style:vertical-align="{_VALIGN.get(key.vertical or "bottom", "bottom")}"']
    if key.wrap:
        props.append('fo:wrap-option="wrap"')
    if all(key.borders):
        props.append(f'fo:border="{BORDER}"')
    else:
        for side, on in zip(("top", "bottom", "left", "right"), key.borders):
            props.append(f'fo:border-{side}="{BORDER if on else "none"}"')
    if key.fill:
        props.append(f'fo:background-color="#{key.fill}"')
    props.append('fo:padding="0.04cm"')
    para = ""
    if key.horizontal in _ALIGN:
        props.append('style:text-align-source="fix"')
        para = f'<style:paragraph-properties fo:text-align="{_ALIGN[key.horizontal]}"/>'
    return (
        f'<style:style style:name="{name}" style:family="table-cell" style:parent-style-name="Default">'
        f"<style:table-cell-properties {' '.join(props)}/>{para}"
        f"{text_props(key.size, key.bold, key.colour)}</style:style>"
    )


def _footer(text: str) -> str:
    """Return footer paragraph content from an Excel footer text (&P page, &N pages)."""
    out = esc(text)
    out = out.replace("&amp;P", '<text:page-number text:select-page="current">1</text:page-number>')
    return out.replace("&amp;N", "<text:page-count>1</text:page-count>")


class _Writer:
    """Turns the sheets of a workbook into content.xml and styles.xml."""

    def __init__(self) -> None:
        self.cell_styles: dict[_StyleKey, str] = {}
        self.columns: dict[float, str] = {}
        self.rows: dict[float, str] = {}
        self.pages: list[str] = []  # page layouts + master pages, one per sheet
        self.tables: list[str] = []  # table styles

    def _style_of(self, cell: Cell) -> str:
        key = _key(cell)
        name = self.cell_styles.get(key)
        if name is None:
            name = self.cell_styles[key] = f"ce{len(self.cell_styles) + 1}"
        return name

    def _column_style(self, width: float) -> str:
        name = self.columns.get(width)
        if name is None:
            name = self.columns[width] = f"co{len(self.columns) + 1}"
        return name

    def _row_style(self, height: float) -> str:
        name = self.rows.get(height)
        if name is None:
            name = self.rows[height] = f"ro{len(self.rows) + 1}"
        return name

    def _page(self, sheet: Worksheet) -> str:
        """Add the sheet's page layout and master page; return the master page's name."""
        n = len(self.tables) + 1
        landscape = sheet.page_setup.orientation == "landscape"
        width, height = (A4[1], A4[0]) if landscape else A4
        m = sheet.page_margins
        fit = ""
        if sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage:
            fit = f' style:scale-to-X="{sheet.page_setup.fitToWidth or 1}"'
            if sheet.page_setup.fitToHeight:
                fit += f' style:scale-to-Y="{sheet.page_setup.fitToHeight}"'
        centred = ' style:table-centering="horizontal"' if sheet.print_options.horizontalCentered else ""
        footer = sheet.oddFooter.center.text or ""
        self.pages.append(
            f'<style:page-layout style:name="pm{n}"><style:page-layout-properties fo:page-width="{pt(width)}"'
            f' fo:page-height="{pt(height)}" style:print-orientation="{"landscape" if landscape else "portrait"}"'
            f' fo:margin-top="{m.top}in" fo:margin-bottom="{m.footer}in" fo:margin-left="{m.left}in"'
            f' fo:margin-right="{m.right}in" style:first-page-number="continue"{fit}{centred}/>'
            '<style:header-style/><style:footer-style><style:header-footer-properties fo:min-height="0.5cm"'
            f' fo:margin-top="{max(m.bottom - m.footer - 0.2, 0.05):.2f}in"/></style:footer-style></style:page-layout>'
        )
        master = f"Page{n}"
        self.pages.append(
            f'<style:master-page style:name="{master}" style:page-layout-name="pm{n}">'
            '<style:header style:display="false"/><style:footer>'
            f"<style:region-center><text:p>{_footer(footer)}</text:p></style:region-center></style:footer>"
            "</style:master-page>"
            if footer
            else f'<style:master-page style:name="{master}" style:page-layout-name="pm{n}"/>'
        )
        self.tables.append(
            f'<style:style style:name="ta{n}" style:family="table" style:master-page-name="{master}">'
            '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
        )
        return f"ta{n}"

    def sheet(self, sheet: Worksheet) -> str:
        """Return the table:table of a sheet."""
        table_style = self._page(sheet)
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for rng in sheet.merged_cells.ranges:
            spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
            covered.update(
                (r, c)
                for r in range(rng.min_row, rng.max_row + 1)
                for c in range(rng.min_col, rng.max_col + 1)
                if (r, c) != (rng.min_row, rng.min_col)
            )
        max_row, max_col = sheet.max_row, sheet.max_column
        header = (0, -1)
        if sheet.print_title_rows:
            first, _, last = sheet.print_title_rows.split("!")[-1].replace("$", "").partition(":")
            header = (int(first), int(last or first))
        attrs = f'table:name="{esc(sheet.title)}" table:style-name="{table_style}"'
        if sheet.print_area:
            area = sheet.print_area if isinstance(sheet.print_area, str) else sheet.print_area[0]
            c1, r1, c2, r2 = range_boundaries(area.split("!")[-1].replace("$", ""))
            quoted = "'" + esc(sheet.title).replace("'", "''") + "'"
            a, b = f"{quoted}.{get_column_letter(c1)}{r1}", f"{quoted}.{get_column_letter(c2)}{r2}"
            attrs += f' table:print-ranges="{a}:{b}"'
        out = [f"<table:table {attrs}>"]
        for c in range(1, max_col + 1):
            dim = sheet.column_dimensions.get(get_column_letter(c))
            width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
            out.append(f'<table:table-column table:style-name="{self._column_style(width)}"/>')
        cells = sheet._cells
        for r in range(1, max_row + 1):
            if r == header[0]:
                out.append("<table:table-header-rows>")
            dim = sheet.row_dimensions.get(r)
            height = dim.height if dim is not None and dim.height else DEFAULT_HEIGHT_PT
            row = [f'<table:table-row table:style-name="{self._row_style(height)}">']
            for c in range(1, max_col + 1):
                cell = cells.get((r, c))
                style = f' table:style-name="{self._style_of(cell)}"' if cell is not None and cell.has_style else ""
                if (r, c) in covered:
                    row.append(f"<table:covered-table-cell{style}/>")
                    continue
                span = spans.get((r, c))
                spanned = (
                    f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span else ""
                )
                row.append(_cell(cell.value if cell is not None else None, style + spanned))
            row.append("</table:table-row>")
            out.append("".join(row))
            if r == header[1]:
                out.append("</table:table-header-rows>")
        out.append("</table:table>")
        return "".join(out)

    def automatic_styles(self) -> str:
        """Return content.xml's automatic styles: columns, rows, tables and cells used."""
        out = [
            f'<style:style style:name="{name}" style:family="table-column"><style:table-column-properties'
            f' fo:break-before="auto" style:column-width="{pt(width * TWIPS_PER_UNIT)}"/></style:style>'
            for width, name in self.columns.items()
        ]
        out += [
            f'<style:style style:name="{name}" style:family="table-row"><style:table-row-properties'
            f' style:row-height="{height:.2f}pt" fo:break-before="auto" style:use-optimal-row-height="false"/>'
            "</style:style>"
            for height, name in self.rows.items()
        ]
        out += self.tables
        out += [_cell_style(name, key) for key, name in self.cell_styles.items()]
        return "".join(out)


def _cell(value: Any, attrs: str) -> str:
    """Return a table cell holding a value: numbers as floats, anything else as text, one text:p a line."""
    if value is None or value == "":
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paras = "".join(f"<text:p>{page_text(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell{attrs} office:value-type="string">{paras}</table:table-cell>'


def _styles_xml(writer: _Writer) -> str:
    """Return styles.xml: the Default cell style in 標楷體/Times New Roman and one page per sheet."""
    return (
        f'{XML_HEAD}<office:document-styles {XMLNS} office:version="1.3">{FONT_DECLS}<office:styles>'
        f'<style:default-style style:family="table-cell">{text_props(BODY_PT)}</style:default-style>'
        '<style:style style:name="Default" style:display-name="預設" style:family="table-cell">'
        f"{text_props(BODY_PT)}</style:style></office:styles>"
        f"<office:automatic-styles>{''.join(p for p in writer.pages if p.startswith('<style:page-layout'))}"
        "</office:automatic-styles><office:master-styles>"
        f"{''.join(p for p in writer.pages if p.startswith('<style:master-page'))}</office:master-styles>"
        "</office:document-styles>"
    )


def write_workbook_ods(wb: Workbook, stream: BinaryIO) -> None:
    """Write an openpyxl workbook as an .ods package to a binary stream."""
    writer = _Writer()
    tables = "".join(writer.sheet(sheet) for sheet in wb.worksheets)
    content = (
        f'{XML_HEAD}<office:document-content {XMLNS} office:version="1.3">{FONT_DECLS}'
        f"<office:automatic-styles>{writer.automatic_styles()}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    props = wb.properties
    meta = meta_xml(props.title or "", props.creator or "", props.subject or "", props.keywords or "")
    write_package(stream, ODS_MIME, content, _styles_xml(writer), meta)


def export_ods(ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None) -> Path:
    """Write the plan (or a part of it) as an OpenDocument spreadsheet, atomically; return the file written."""
    check_target(Path(path), ".ods")
    select_for_export(ws, plan, scope or Scope())
    wb = build_workbook(ws, plan, scope)
    target = atomic_write(Path(path), ".ods", lambda stream: write_workbook_ods(wb, stream))
    log.info("exported plan %s (%s) to %s", plan.year, scope, target)
    return target

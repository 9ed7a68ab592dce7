"""OpenDocument text (.odt) export of a plan, written as ODF XML: the same document as the Word export.

Title, issuance line, the 壹貳參 sections and the 計畫內容 table with the Word table's columns and widths,
標楷體 (Asian) and Times New Roman (Latin), A4 portrait or landscape, the header row repeated, 要項/重點 cells
merged over their methods, the 「第 X 頁，共 Y 頁」 footer, named paragraph styles, zh-TW, meta data.

The table writer takes the body rows that start a page (`page_starts`): the table is split there into tables
that each repeat the header, the later ones breaking before them, and a 要項/重點 cell crossing a break is
split too, its continuation labelled with the label, the title and 「（續）」.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

from planner.export import atomic_write, check_target, full_title, months_text, outline_line, text_lines
from planner.export.odf import (
    FONT_DECLS,
    ODT_MIME,
    XML_HEAD,
    XMLNS,
    footer_paragraph,
    meta_xml,
    page_text,
    pt,
    text_props,
    write_package,
)
from planner.export.scope import FocusPart, ItemPart, Scope, describe, document_order, focus_groups, select_for_export
from planner.export.widths import cell_lines, table_shape, text_twips, word_lines
from planner.export.word import (
    A4,
    BODY_HP,
    CELL_HP,
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    FOOTER_GAP,
    FOOTER_HP,
    HEADER_FILL,
    HEADING_HP,
    ISSUED_HP,
    MARGIN,
    SUBTITLE_HP,
    TITLE_HP,
)
from planner.model import Node, Plan
from planner.workspace import Workspace

log = logging.getLogger(__name__)

CONTINUED = "（續）"
SPLIT_LINES = 12  # rows estimated taller than this may break across pages (as in the Word export)
CENTRED = ("units", "months")
TABLE_NAME = "計畫內容"
STRING = 'office:value-type="string"'
EMPTY_P = '<text:p text:style-name="PlanCell"/>'


# ---------------------------------------------------------------- styles.xml


def _para_style(name: str, display: str, size_hp: int, para: str, bold: bool = False, nxt: str = "PlanText") -> str:
    """Return a named paragraph style with explicit fonts."""
    return (
        f'<style:style style:name="{name}" style:display-name="{display}" style:family="paragraph"'
        f' style:parent-style-name="Standard" style:next-style-name="{nxt}" style:class="text">'
        f"<style:paragraph-properties {para}/>{text_props(size_hp / 2, bold)}</style:style>"
    )


def _at_least(twips: int) -> str:
    return f'style:line-height-at-least="{pt(twips)}"'


NAMED_STYLES = "".join(
    (
        _para_style(
            "PlanTitle",
            "計畫標題",
            TITLE_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="6pt" {_at_least(560)} fo:text-align="center"'
            ' fo:keep-with-next="always"',
            bold=True,
        ),
        _para_style(
            "PlanSubtitle",
            "計畫副標題",
            SUBTITLE_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="6pt" {_at_least(400)} fo:text-align="center"'
            ' fo:keep-with-next="always"',
        ),
        _para_style(
            "PlanIssued",
            "計畫函頒文號",
            ISSUED_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="12pt" {_at_least(320)} fo:text-align="end"'
            ' fo:keep-with-next="always"',
        ),
        _para_style(
            "PlanHeading",
            "計畫段落標題",
            HEADING_HP,
            f'fo:margin-top="12pt" fo:margin-bottom="3pt" {_at_least(400)} fo:text-align="justify"'
            ' fo:keep-with-next="always"',
            bold=True,
        ),
        _para_style(
            "PlanText",
            "計畫內文",
            BODY_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="0pt" {_at_least(400)} fo:text-align="justify"',
        ),
        _para_style(
            "PlanCellHeader",
            "計畫表格標題",
            CELL_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="0pt" {_at_least(300)} fo:text-align="center"',
            bold=True,
            nxt="PlanCell",
        ),
        _para_style(
            "PlanCell",
            "計畫表格內文",
            CELL_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="0pt" {_at_least(300)} fo:text-align="start"',
            nxt="PlanCell",
        ),
        _para_style(
            "PlanCellCenter",
            "計畫表格置中",
            CELL_HP,
            f'fo:margin-top="0pt" fo:margin-bottom="0pt" {_at_least(300)} fo:text-align="center"',
            nxt="PlanCell",
        ),
        _para_style("PlanFooter", "計畫頁尾", FOOTER_HP, 'fo:text-align="center"', nxt="PlanFooter"),
    )
)


def page_size(landscape: bool) -> tuple[int, int]:
    """Return the A4 page (width, height) in twips for an orientation."""
    return (A4[1], A4[0]) if landscape else A4


def styles_xml(landscape: bool) -> str:
    """Return styles.xml: default fonts, the Plan* styles, the A4 page and the footer with page fields."""
    width, height = page_size(landscape)
    orientation = "landscape" if landscape else "portrait"
    footer_height = FOOTER_HP * 10 + 40  # one footer line
    return (
        f'{XML_HEAD}<office:document-styles {XMLNS} office:version="1.3">{FONT_DECLS}<office:styles>'
        '<style:default-style style:family="paragraph"><style:paragraph-properties'
        ' style:writing-mode="lr-tb" style:line-break="strict"/>'
        f"{text_props(BODY_HP / 2)}</style:default-style>"
        '<style:default-style style:family="table-cell"><style:table-cell-properties'
        ' style:vertical-align="top"/></style:default-style>'
        '<style:style style:name="Standard" style:display-name="內文" style:family="paragraph"'
        f' style:class="text">{text_props(BODY_HP / 2)}</style:style>'
        f"{NAMED_STYLES}</office:styles><office:automatic-styles>"
        f'<style:page-layout style:name="PlanPage"><style:page-layout-properties fo:page-width="{pt(width)}"'
        f' fo:page-height="{pt(height)}" style:print-orientation="{orientation}" style:num-format="1"'
        f' fo:margin-top="{pt(MARGIN)}" fo:margin-bottom="{pt(FOOTER_GAP)}" fo:margin-left="{pt(MARGIN)}"'
        f' fo:margin-right="{pt(MARGIN)}" style:writing-mode="lr-tb"/>'
        f'<style:footer-style><style:header-footer-properties fo:min-height="{pt(footer_height)}"'
        f' fo:margin-top="{pt(MARGIN - FOOTER_GAP - footer_height)}" style:dynamic-spacing="false"/>'
        "</style:footer-style></style:page-layout></office:automatic-styles><office:master-styles>"
        '<style:master-page style:name="Standard" style:page-layout-name="PlanPage">'
        f"<style:footer>{footer_paragraph('PlanFooter')}</style:footer></style:master-page>"
        "</office:master-styles></office:document-styles>"
    )


# ---------------------------------------------------------------- paragraphs


class Paragraphs:
    """Writes text:p elements; an indented paragraph gets an automatic style based on its named style."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, int, int], str] = {}

    def p(self, style: str, text: str = "", left: int = 0, hanging: int = 0) -> str:
        """Return a paragraph in a style with an optional hanging indent (twips)."""
        if left or hanging:
            key = (style, left, hanging)
            name = self._names.get(key)
            if name is None:
                name = self._names[key] = f"P{len(self._names) + 1}"
            style = name
        return (
            f'<text:p text:style-name="{style}">{page_text(text)}</text:p>'
            if text
            else (f'<text:p text:style-name="{style}"/>')
        )

    def automatic_styles(self) -> str:
        """Return the automatic paragraph styles used so far."""
        return "".join(
            f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{style}">'
            f'<style:paragraph-properties fo:margin-left="{pt(left)}" fo:text-indent="{pt(-hanging)}"/>'
            "</style:style>"
            for (style, left, hanging), name in self._names.items()
        )

    def outline(self, lines: Iterable[str], style: str, base: int, hp: int) -> list[str]:
        """Return paragraphs for free-text lines: 一、(一)1.(1)A.(A) lines hang, other lines align with the text."""
        out: list[str] = []
        stack: list[tuple[int, int]] = []  # (outline level, text start)
        for line in lines:
            level, label, rest = outline_line(line)
            if not level:
                out.append(self.p(style, rest, left=stack[-1][1] if stack else base))
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            start = stack[-1][1] if stack else base
            hang = text_twips(label, hp)
            out.append(self.p(style, label + rest, left=start + hang, hanging=hang))
            stack.append((level, start + hang))
        return out

    def labelled(self, label: str, title: str, body: str, style: str = "PlanCell") -> list[str]:
        """Return a cell's paragraphs: "label+title" hanging, then the body aligned with the title."""
        hang = text_twips(label, CELL_HP) if label else 0
        lines = text_lines(body)
        first = title.strip()
        if not first and lines:
            first = lines.pop(0).lstrip(" \u3000")
        out = [self.p(style, label + first, left=hang, hanging=hang)] if label or first else []
        return out + self.outline(lines, style, hang, CELL_HP)


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class _Row:
    """A body row: its 要項, its 重點 group (index within the 要項) and its method (None for an empty 重點)."""

    item: Node
    group: tuple[int, int]
    focuses: list[Node]
    method: Node | None


def _methods(group: list[FocusPart]) -> list[Node | None]:
    """Return the methods of a 重點 group, or [None] (one row for the group) when it has none."""
    methods: list[Node | None] = [m for _, ms in group for m in ms]
    return methods or [None]


def _spans(keys: list[object], page_starts: Collection[int]) -> list[int]:
    """Return, per row, the number of rows its merged cell spans when it starts one there, else 0."""
    spans = [0] * len(keys)
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[i - 1] or i in page_starts:
            spans[start] = i - start
            start = i
    return spans


CELL_STYLES = (
    '<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties'
    ' fo:border="0.5pt solid #000000" fo:padding-left="{px}" fo:padding-right="{px}" fo:padding-top="{py}"'
    ' fo:padding-bottom="{py}" style:vertical-align="{valign}"{fill}/></style:style>'
)


class OdtTable:
    """Builds the 計畫內容 table(s) as ODF XML strings.

    page_starts: indexes of body rows (0-based, in plan order) that begin a new page: the table is split
    before each, the header repeated, merged cells crossing it split and their continuation labelled
    `continued`. Empty by default (one table; the reader breaks pages itself).
    """

    def __init__(
        self,
        ws: Workspace,
        plan: Plan,
        parts: list[ItemPart],
        text_width: int,
        paras: Paragraphs,
        page_starts: Collection[int] = (),
        continued: str = CONTINUED,
    ) -> None:
        self.plan = plan
        self.paras = paras
        self.labels = plan.numbering()
        shape = table_shape(ws, plan, parts)
        self.columns, self.fields, self.unit_names = shape.columns, shape.fields, shape.unit_names
        self.kpi = shape.kpi
        self.widths = shape.widths(text_width)
        self.width_of = dict(zip(self.fields, self.widths))
        self.months_inner = self.width_of.get("months", 0) - 2 * CELL_MARGIN_X
        self.rows = [
            _Row(item, (k, g), [f for f, _ in group], method)
            for k, (item, focuses) in enumerate(parts)
            for g, group in enumerate(focus_groups(focuses) or [[]])
            for method in _methods(group)
        ]
        self.page_starts = frozenset(i for i in page_starts if 0 < i < len(self.rows))
        self.continued = continued

    def automatic_styles(self) -> str:
        """Return the table, column, row and cell styles the table uses."""
        table = (
            '<style:style style:name="{name}" style:family="table"><style:table-properties'
            f' style:width="{pt(sum(self.widths))}" table:align="center" table:border-model="collapsing"'
            ' style:may-break-between-rows="true"{extra}/></style:style>'
        )
        out = [
            table.format(name="PlanTable", extra=""),
            table.format(name="PlanTableBreak", extra=' fo:break-before="page"'),
        ]
        out += [
            f'<style:style style:name="PlanCol{i}" style:family="table-column"><style:table-column-properties'
            f' style:column-width="{pt(w)}"/></style:style>'
            for i, w in enumerate(self.widths, start=1)
        ]
        out.append(
            '<style:style style:name="PlanRowKeep" style:family="table-row"><style:table-row-properties'
            ' fo:keep-together="always"/></style:style>'
            '<style:style style:name="PlanRow" style:family="table-row"><style:table-row-properties'
            ' fo:keep-together="auto"/></style:style>'
        )
        px, py = pt(CELL_MARGIN_X), pt(CELL_MARGIN_Y)
        for name, valign, fill in (
            ("PlanCellHead", "middle", f' fo:background-color="#{HEADER_FILL.lower()}"'),
            ("PlanCellTop", "top", ""),
            ("PlanCellMiddle", "middle", ""),
        ):
            out.append(CELL_STYLES.format(name=name, px=px, py=py, valign=valign, fill=fill))
        return "".join(out)

    def xml(self) -> str:
        """Return the table, split before every page start."""
        item_spans = _spans([r.item.id for r in self.rows], self.page_starts)
        focus_spans = _spans([r.group for r in self.rows], self.page_starts)
        header = self._header()
        cuts = [0, *sorted(self.page_starts), len(self.rows)]
        out: list[str] = []
        for n, (first, last) in enumerate(pairwise(cuts)):
            name = TABLE_NAME if n == 0 else f"{TABLE_NAME}_{n + 1}"
            style = "PlanTable" if n == 0 else "PlanTableBreak"
            out.append(f'<table:table table:name="{name}" table:style-name="{style}">')
            out += [f'<table:table-column table:style-name="PlanCol{i}"/>' for i in range(1, len(self.widths) + 1)]
            out.append(header)
            for i in range(first, last):
                out.append(self._row(i, item_spans[i], focus_spans[i]))
            out.append("</table:table>")
        return "".join(out)

    def _header(self) -> str:
        cells = []
        for column in self.columns:
            span = len(column.fields)
            spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
            cells.append(
                f'<table:table-cell table:style-name="PlanCellHead" office:value-type="string"{spanned}>'
                f"{self.paras.p('PlanCellHeader', column.header)}</table:table-cell>"
            )
            cells += ["<table:covered-table-cell/>"] * (span - 1)
        return (
            '<table:table-header-rows><table:table-row table:style-name="PlanRowKeep">'
            f"{''.join(cells)}</table:table-row></table:table-header-rows>"
        )

    def _merged(self, i: int, span: int, nodes: list[Node], is_item: bool) -> str:
        """Return a 要項/重點 cell starting at row i; a continuation shows the label, title and （續）."""
        before = self.rows[i - 1] if i else None
        here = self.rows[i]
        same = before is not None and (before.item is here.item if is_item else before.group == here.group)
        if same:  # the block goes on after a page break
            paras = []
            for n in nodes:
                hang = text_twips(self.labels[n.id], CELL_HP)
                text = self.labels[n.id] + n.title.strip() + self.continued
                paras.append(self.paras.p("PlanCell", text, left=hang, hanging=hang))
        else:
            paras = [p for n in nodes for p in self.paras.labelled(self.labels[n.id], n.title, n.body)]
        spanned = f' table:number-rows-spanned="{span}"' if span > 1 else ""
        body = "".join(paras) or EMPTY_P
        return f'<table:table-cell table:style-name="PlanCellTop" {STRING}{spanned}>{body}</table:table-cell>'

    def _own_cells(self, method: Node | None) -> tuple[dict[str, list[str]], int]:
        """Return the method's own cells (paragraphs by field) and its estimated height in lines."""
        if method is None:
            return {}, 1
        p = self.paras
        label = self.labels[method.id]
        units = self.unit_names[method.id]
        months = months_text(method.months)
        notes = text_lines(method.note)
        cells = {
            "method": p.labelled(label, method.title, method.body),
            "units": [p.p("PlanCellCenter", u) for u in units],
            "months": [p.p("PlanCellCenter", "\n".join(word_lines(months, self.months_inner)))] if months else [],
            "note": p.outline(notes, "PlanCell", 0, CELL_HP),
        }
        kpi = self.kpi(method.id)
        cells["kpi"] = [p.p("PlanCell", t) for t in text_lines(kpi.kpi)]
        cells["target"] = [p.p("PlanCellCenter", t) for t in text_lines(kpi.target)]
        texts = {"method": [label + method.title, *text_lines(method.body)], "units": units, "months": [months]}
        texts["note"] = notes
        texts["kpi"], texts["target"] = text_lines(kpi.kpi), text_lines(kpi.target)
        lines = max(cell_lines(t, self.width_of[f]) for f, t in texts.items() if f in self.width_of)
        return cells, lines

    def _row(self, i: int, item_span: int, focus_span: int) -> str:
        row = self.rows[i]
        own, lines = self._own_cells(row.method)
        cells = []
        for field in self.fields:
            if field == "item":
                cells.append(
                    self._merged(i, item_span, [row.item], True) if item_span else "<table:covered-table-cell/>"
                )
            elif field == "focus":
                cells.append(
                    self._merged(i, focus_span, row.focuses, False) if focus_span else "<table:covered-table-cell/>"
                )
            else:
                style = "PlanCellMiddle" if field in CENTRED else "PlanCellTop"
                body = "".join(own.get(field, ())) or EMPTY_P
                cells.append(
                    f'<table:table-cell table:style-name="{style}" office:value-type="string">{body}</table:table-cell>'
                )
        style = "PlanRowKeep" if lines <= SPLIT_LINES else "PlanRow"
        return f'<table:table-row table:style-name="{style}">{"".join(cells)}</table:table-row>'


# ---------------------------------------------------------------- the document


def _title(paras: Paragraphs, agency: str, title: str, text_width: int) -> str:
    """Return the title: one line when it fits, else the agency and the title on two lines."""
    text = agency + title
    if agency and text_twips(text, TITLE_HP) > text_width:
        text = agency + "\n" + title
    return paras.p("PlanTitle", text)


def content_xml(
    ws: Workspace,
    plan: Plan,
    scope: Scope | None = None,
    page_starts: Collection[int] = (),
    continued: str = CONTINUED,
) -> str:
    """Return content.xml of the plan (or a part of it); page_starts as in OdtTable."""
    scope = scope or Scope()
    parts = select_for_export(ws, plan, scope)
    width, _ = page_size(plan.layout.landscape)
    text_width = width - 2 * MARGIN
    paras = Paragraphs()
    agency, title = full_title(ws, plan)
    body = [_title(paras, agency, title, text_width)]
    if not scope.is_whole:
        body.append(paras.p("PlanSubtitle", f"（{describe(ws, plan, scope)}）"))
    if plan.issued.strip():
        body.append(paras.p("PlanIssued", plan.issued.strip()))
    table = OdtTable(ws, plan, parts, text_width, paras, page_starts, continued)
    for section in document_order(plan, scope):
        if section is None:
            body.append(table.xml())
            continue
        label = plan.section_label(section)
        hang = text_twips(label, HEADING_HP) if label else 0
        body.append(paras.p("PlanHeading", label + section.heading, left=hang, hanging=hang))
        body += paras.outline(text_lines(section.text), "PlanText", hang, BODY_HP)
    return (
        f'{XML_HEAD}<office:document-content {XMLNS} office:version="1.3">{FONT_DECLS}'
        f"<office:automatic-styles>{table.automatic_styles()}{paras.automatic_styles()}</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )


def write_odt(
    ws: Workspace,
    plan: Plan,
    stream: BinaryIO,
    scope: Scope | None = None,
    page_starts: Collection[int] = (),
    continued: str = CONTINUED,
) -> None:
    """Write the plan (or a part of it) as an .odt package to a binary stream; page_starts as in OdtTable."""
    scope = scope or Scope()
    content = content_xml(ws, plan, scope, page_starts, continued)
    agency, title = full_title(ws, plan)
    meta = meta_xml(agency + title, agency or ws.agency, describe(ws, plan, scope))
    write_package(stream, ODT_MIME, content, styles_xml(plan.layout.landscape), meta)


def export_odt(
    ws: Workspace,
    plan: Plan,
    path: Path,
    scope: Scope | None = None,
    page_starts: Collection[int] = (),
    continued: str = CONTINUED,
) -> Path:
    """Write the plan (or a part of it) as an OpenDocument text file, atomically; return the file written.

    page_starts: body rows (0-based, in the scope's order) that start a page, e.g. from the print layout;
    empty lets the reader break pages itself.
    """
    check_target(Path(path), ".odt")
    select_for_export(ws, plan, scope or Scope())  # refuse an empty part before creating anything
    target = atomic_write(Path(path), ".odt", lambda stream: write_odt(ws, plan, stream, scope, page_starts, continued))
    log.info("exported plan %s (%s) to %s", plan.year, scope, target)
    return target

"""Word output: the printable form of one unit, and the landscape document with one table it shares with the summary."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from planner.export import docx as wd
from planner.export import full_title
from planner.export.xlsx import labelled
from planner.model import Node, Plan, Unit
from planner.packets.due import DueRow
from planner.packets.texts import _head_text
from planner.progress import STATUSES
from planner.workspace import Workspace


def _packet_document(ws: Workspace, plan: Plan, period: int, unit: Unit, rows: list[DueRow]) -> Any:
    """Return the printable Word form of one unit (status and text left blank to fill by hand)."""
    labels = plan.numbering()
    agency, title = full_title(ws, plan)
    widths_cm = (1.5, 3.4, 4.0, 7.6, 2.6, 6.0, 2.4)
    status_box = "\n".join(f"□{name}" for name in STATUSES.values())
    table_rows: list[list[tuple[str, str | None]]] = []
    prev_item: Node | None = None
    prev_focus: tuple[Node, ...] | None = None
    for n, due in enumerate(rows, start=1):
        new_item = due.item is not prev_item
        new_focus = new_item or due.focuses != prev_focus
        table_rows.append(
            [
                (str(n), None),
                (_head_text(labels, (due.item,)), "restart" if new_item else "continue"),
                (_head_text(labels, due.focuses), "restart" if new_focus else "continue"),
                (labelled(labels[due.method.id], due.method.title, due.method.body), None),
                (status_box, None),
                ("", None),
                ("", None),
            ]
        )
        prev_item, prev_focus = due.item, due.focuses
    subtitle = f"{plan.year}年{period}月 執行情形填報表"
    info = f"填報單位：{unit.name}　　填報人：＿＿＿＿＿＿　　聯絡電話：＿＿＿＿＿＿　　填報日期：＿＿＿＿＿＿"
    headers = ("項次", "工作要項", "工作重點", "工作方法", "辦理狀態", "執行情形", "完成日期")
    return _word_document(
        agency + title,
        subtitle,
        [info, f"說明：請勾選辦理狀態並填寫執行情形及完成日期（共 {len(rows)} 項）。"],
        headers,
        widths_cm,
        table_rows,
        centred=(0, 4, 6),
        min_row_cm=2.2,
        subject=f"{unit.name} {subtitle}",
        agency=agency or ws.agency,
    )


def _word_document(
    title: str,
    subtitle: str,
    notes: list[str],
    headers: tuple[str, ...],
    widths_cm: tuple[float, ...],
    rows: list[list[tuple[str, str | None]]],
    centred: tuple[int, ...],
    min_row_cm: float,
    subject: str,
    agency: str,
    tail: str = "",
) -> Any:
    """Return a landscape A4 Word document with a title, notes and one table (cells: text, vMerge or None)."""
    doc = Document()
    wd._setup_styles(doc)
    wd._setup_settings(doc)
    wd._setup_package(doc, agency)
    text_width = wd._setup_page(doc, True)
    wd._setup_footer(doc)
    wd._setup_properties(doc, title, agency, subject)
    scale = text_width / sum(wd._cm(w) for w in widths_cm)
    widths = [round(wd._cm(w) * scale) for w in widths_cm]
    widths[-1] += text_width - sum(widths)
    blocks = [wd._p("PlanTitle", wd._run(title)), wd._p("PlanSubtitle", wd._run(subtitle))]
    blocks += [wd._p("PlanText", wd._run(note)) for note in notes]
    blocks.append(_word_table(headers, widths, rows, centred, wd._cm(min_row_cm)))
    if tail:
        blocks.append(tail)
    blocks.append(f'<w:p><w:pPr><w:pStyle w:val="PlanCell"/><w:rPr>{wd.FONTS}{wd._size(2)}</w:rPr></w:pPr></w:p>')
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for block in list(parse_xml(f"<w:body {wd.W}>{''.join(blocks)}</w:body>")):
        sect_pr.addprevious(block)
    return doc


def _word_table(
    headers: tuple[str, ...],
    widths: list[int],
    rows: list[list[tuple[str, str | None]]],
    centred: tuple[int, ...],
    min_height: int,
) -> str:
    """Return a bordered <w:tbl> with a repeated header row; cells given as (text, vMerge value or None)."""
    borders = "".join(wd.BORDER.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = (
        f'<w:top w:w="{wd.CELL_MARGIN_Y}" w:type="dxa"/><w:left w:w="{wd.CELL_MARGIN_X}" w:type="dxa"/>'
        f'<w:bottom w:w="{wd.CELL_MARGIN_Y}" w:type="dxa"/><w:right w:w="{wd.CELL_MARGIN_X}" w:type="dxa"/>'
    )
    out = [
        f'<w:tbl {wd.W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for name, width in zip(headers, widths):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{wd.HEADER_FILL}"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{wd._p('PlanCellHeader', wd._run(name, bold=True))}</w:tc>"
        )
    out.append("</w:tr>")
    for row in rows:
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{min_height}" w:hRule="atLeast"/></w:trPr>')
        for i, ((text, vmerge), width) in enumerate(zip(row, widths)):
            style = "PlanCellCenter" if i in centred else "PlanCell"
            merge_xml = f'<w:vMerge w:val="{vmerge}"/>' if vmerge else ""
            paras = (
                ""
                if vmerge == "continue"
                else "".join(wd._p(style, wd._run(line)) for line in text.split("\n") if line)
            )
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge_xml}<w:vAlign w:val="top"/></w:tcPr>'
                f"{paras or wd.EMPTY_CELL_P}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)

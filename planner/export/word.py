"""Word (.docx) building blocks shared by the plan document, the review packets and the summary.

A document set up once (fonts 標楷體/Times New Roman everywhere, zh-TW, the Plan* paragraph styles, A4 page,
「第 X 頁，共 Y 頁」 footer, clean package parts and properties), then paragraphs, runs and tables written as
WordprocessingML strings and added to its body in one parse.

python-docx and lxml are imported when a document is built, so that importing the sizes and the XML string
helpers (the Qt renderer does, at start) costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml import etree

LATIN, CJK = "Times New Roman", "標楷體"
A4 = (11906, 16838)  # twips, 21.0 × 29.7 cm
MARGIN, FOOTER_GAP = 1134, 567  # 2.0 cm, 1.0 cm
PORTRAIT_TEXT = A4[0] - 2 * MARGIN
# Sizes in half-points.
TITLE_HP, SUBTITLE_HP, ISSUED_HP, HEADING_HP, BODY_HP, CELL_HP, FOOTER_HP = 40, 28, 22, 28, 24, 24, 20
CELL_MARGIN_X, CELL_MARGIN_Y = 85, 45  # twips
BORDER = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
HEADER_FILL = "E7E6E6"
CellMark = tuple[str, str | None]  # a cell's text colour and background (#rrggbb or None)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'  # nsdecls("w")
PLAIN_FONTS = f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{CJK}" w:cs="{LATIN}"/>'
FONTS = PLAIN_FONTS.replace("/>", ' w:hint="eastAsia"/>')
LANG = '<w:lang w:val="en-US" w:eastAsia="zh-TW" w:bidi="ar-SA"/>'
RPR = f"<w:rPr>{FONTS}</w:rPr>"
EMPTY_CELL_P = '<w:p><w:pPr><w:pStyle w:val="PlanCell"/></w:pPr></w:p>'
TABLE_BORDERS = "".join(BORDER.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
CELL_MARGINS = (
    f'<w:top w:w="{CELL_MARGIN_Y}" w:type="dxa"/><w:left w:w="{CELL_MARGIN_X}" w:type="dxa"/>'
    f'<w:bottom w:w="{CELL_MARGIN_Y}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_X}" w:type="dxa"/>'
)
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cm(value: float) -> int:
    """Return centimetres in twips."""
    return round(value * 1440 / 2.54)


# ---------------------------------------------------------------- text and runs


def _esc(text: str) -> str:
    """Escape text for XML, dropping characters XML cannot hold."""
    return _BAD_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: str, bold: bool = False) -> str:
    """Return a run with explicit fonts; newlines become breaks and tabs tabs."""
    rpr = f"<w:rPr>{FONTS}<w:b/><w:bCs/></w:rPr>" if bold else RPR
    if "\n" not in text and "\t" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'
    pieces: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{_esc(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def coloured_run(text: str, colour: str, bold: bool = False) -> str:
    """Return a one-line run in a text colour (#rrggbb)."""
    weight = "<w:b/><w:bCs/>" if bold else ""
    hex_colour = colour.lstrip("#").upper()
    return (
        f'<w:r><w:rPr>{FONTS}{weight}<w:color w:val="{hex_colour}"/></w:rPr>'
        f'<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'
    )


def shading(fill: str) -> str:
    """Return a cell's <w:shd> of a background colour (#rrggbb)."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#").upper()}"/>'


def paragraph(style: str, runs: str = "", left: int = 0, hanging: int = 0) -> str:
    """Return a paragraph in a style with an optional hanging indent."""
    ind = f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if left or hanging else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ind}</w:pPr>{runs}</w:p>'


def _size(hp: int) -> str:
    return f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'


# A small closing paragraph after a final table, so Word adds no page of its own after it.
CLOSING_P = f'<w:p><w:pPr><w:pStyle w:val="PlanCell"/><w:rPr>{FONTS}{_size(2)}</w:rPr></w:pPr></w:p>'


# ---------------------------------------------------------------- styles


def _style(style_id: str, name: str, ppr: str, rpr: str = "", next_id: str = "PlanText") -> str:
    """Return a paragraph style based on Normal with explicit fonts."""
    return (
        f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="{next_id}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{FONTS}{rpr}</w:rPr></w:style>"
    )


def _line(twips: int) -> str:
    return f'w:line="{twips}" w:lineRule="atLeast"'


STYLES = [
    _style(
        "PlanTitle",
        "計畫標題",
        f'<w:keepNext/><w:spacing w:before="0" w:after="120" {_line(560)}/><w:jc w:val="center"/>',
        "<w:b/><w:bCs/>" + _size(TITLE_HP),
    ),
    _style(
        "PlanSubtitle",
        "計畫副標題",
        f'<w:keepNext/><w:spacing w:before="0" w:after="120" {_line(400)}/><w:jc w:val="center"/>',
        _size(SUBTITLE_HP),
    ),
    _style(
        "PlanIssued",
        "計畫函頒文號",
        f'<w:keepNext/><w:spacing w:before="0" w:after="240" {_line(320)}/><w:jc w:val="right"/>',
        _size(ISSUED_HP),
    ),
    _style(
        "PlanHeading",
        "計畫段落標題",
        f'<w:keepNext/><w:spacing w:before="240" w:after="60" {_line(400)}/><w:jc w:val="both"/>'
        '<w:outlineLvl w:val="0"/>',
        "<w:b/><w:bCs/>" + _size(HEADING_HP),
    ),
    _style("PlanText", "計畫內文", f'<w:spacing w:before="0" w:after="0" {_line(400)}/><w:jc w:val="both"/>'),
    _style(
        "PlanCellHeader",
        "計畫表格標題",
        f'<w:keepNext/><w:spacing w:before="0" w:after="0" {_line(300)}/><w:jc w:val="center"/>',
        "<w:b/><w:bCs/>" + _size(CELL_HP),
        "PlanCell",
    ),
    _style(
        "PlanCell",
        "計畫表格內文",
        f'<w:spacing w:before="0" w:after="0" {_line(300)}/><w:jc w:val="left"/>',
        _size(CELL_HP),
        "PlanCell",
    ),
    _style(
        "PlanCellCenter",
        "計畫表格置中",
        f'<w:spacing w:before="0" w:after="0" {_line(300)}/><w:jc w:val="center"/>',
        _size(CELL_HP),
        "PlanCell",
    ),
]


# ---------------------------------------------------------------- the document


def _fonts_everywhere(element: etree._Element) -> None:
    """Drop theme font attributes and name the fonts explicitly on every rFonts below an element."""
    from docx.oxml.ns import qn

    for rfonts in element.iter(qn("w:rFonts")):
        for attr in [a for a in rfonts.attrib if a.lower().endswith("theme")]:
            del rfonts.attrib[attr]
        for key, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", CJK), ("cs", LATIN)):
            rfonts.set(qn(f"w:{key}"), value)


def _setup_styles(doc: DocxDocument) -> None:
    """Set 標楷體/Times New Roman on docDefaults and every style, zh-TW language, and add the plan's styles."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>{PLAIN_FONTS}{_size(BODY_HP)}{LANG}</w:rPr></w:rPrDefault>"
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            "</w:docDefaults>"
        ),
    )
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character", "table"):
            style.get_or_add_rPr().get_or_add_rFonts()
    normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    normal.remove(normal.get_or_add_rPr())
    rpr = normal.get_or_add_rPr()
    for child in parse_xml(f"<w:rPr {W}>{PLAIN_FONTS}{_size(BODY_HP)}{LANG}</w:rPr>"):
        rpr.append(child)
    for xml in STYLES:
        styles.append(parse_xml(xml))
    _fonts_everywhere(styles)
    if doc.part.numbering_part is not None:
        _fonts_everywhere(doc.part.numbering_part.element)


def _setup_settings(doc: DocxDocument) -> None:
    """Declare Traditional Chinese theme fonts and Word 2013+ layout; no preview picture."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for tag in ("w:themeFontLang", "w:savePreviewPicture", "w:rsids", "w:attachedTemplate"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    compat = settings.find(qn("w:compat"))
    anchor = settings.find(qn("w:clrSchemeMapping"))
    theme_lang = parse_xml(f'<w:themeFontLang {W} w:val="en-US" w:eastAsia="zh-TW"/>')
    if anchor is not None:
        anchor.addprevious(theme_lang)
    else:
        settings.append(theme_lang)
    if compat is not None:
        for setting in compat.findall(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Planner</Application><DocSecurity>0</DocSecurity><Company>{company}</Company></Properties>"
)
FONT_TABLE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f"<w:fonts {W}>"
    f'<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{CJK}"><w:altName w:val="DFKai-SB"/><w:panose1 w:val="03000509000000000000"/>'
    '<w:charset w:val="88"/><w:family w:val="script"/><w:pitch w:val="fixed"/></w:font>'
    "</w:fonts>"
)


def _setup_package(doc: DocxDocument, agency: str) -> None:
    """Drop the template's thumbnail and Word 2010 style copy; write our own app and font table parts."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = doc.part.package
    for rels, reltype in ((package.rels, RT.THUMBNAIL), (doc.part.rels, STYLES_WITH_EFFECTS)):
        for rid in [rid for rid, rel in rels.items() if rel.reltype == reltype]:
            rels.pop(rid)
    app = package.part_related_by(RT.EXTENDED_PROPERTIES)
    app._blob = APP_XML.format(company=_esc(agency)).encode("utf-8")  # generic Part: its bytes are its content
    fonts = doc.part.part_related_by(RT.FONT_TABLE)
    fonts._blob = FONT_TABLE.encode("utf-8")


def _setup_page(doc: DocxDocument, landscape: bool) -> int:
    """Set A4 portrait or landscape with 2 cm margins; return the text width in twips."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    section = doc.sections[0]
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(width), Twips(height)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Twips(MARGIN)
    section.header_distance = section.footer_distance = Twips(FOOTER_GAP)
    section.gutter = Twips(0)
    return width - 2 * MARGIN


def _field(instr: str, cached: str) -> str:
    """Return a complex field (PAGE, NUMPAGES) as runs with explicit fonts."""
    return (
        f'<w:r>{RPR}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{RPR}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        f'<w:r>{RPR}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{RPR}<w:t>{cached}</w:t></w:r>"
        f'<w:r>{RPR}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _setup_footer(doc: DocxDocument) -> None:
    """Put 「第 X 頁，共 Y 頁」 centred in the footer."""
    from docx.oxml import parse_xml

    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    element = footer._element
    for child in list(element):
        element.remove(child)
    runs = run("第 ") + _field("PAGE", "1") + run(" 頁，共 ") + _field("NUMPAGES", "1") + run(" 頁")
    element.append(
        parse_xml(
            f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/>'
            f"<w:rPr>{FONTS}{_size(FOOTER_HP)}</w:rPr></w:pPr>"
            + runs.replace("</w:rPr>", f"{_size(FOOTER_HP)}</w:rPr>")
            + "</w:p>"
        )
    )


def _setup_properties(doc: DocxDocument, title: str, agency: str, subject: str) -> None:
    """Set the core properties: title, author, dates now, zh-TW; nothing from the template."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = agency
    props.subject = subject
    props.comments = ""
    props.keywords = "提升服務計畫"
    props.category = ""
    props.language = "zh-TW"
    props.revision = 1
    props.created = props.modified = now


def new_document(title: str, agency: str, subject: str, landscape: bool) -> tuple[DocxDocument, int]:
    """Return a new A4 document set up with the plan's fonts, styles, footer and properties, and its text width."""
    from docx import Document

    doc = Document()
    _setup_styles(doc)
    _setup_settings(doc)
    _setup_package(doc, agency)
    text_width = _setup_page(doc, landscape)
    _setup_footer(doc)
    _setup_properties(doc, title, agency, subject)
    return doc, text_width


def split_at_section(document_xml: bytes) -> tuple[bytes, bytes]:
    """Split a serialised w:document with an empty body before its body's w:sectPr (where blocks go)."""
    at = document_xml.rfind(b"<w:sectPr")
    if at < 0:
        at = document_xml.rfind(b"</w:body>")
    return document_xml[:at], document_xml[at:]


def add_body(doc: DocxDocument, blocks: Iterable[str]) -> None:
    """Add body blocks (paragraph and table XML strings) before the section properties, in one parse.

    The whole w:document is parsed again with the blocks in place, rather than parsing the blocks apart and
    moving them in: lxml moves elements across documents node by node, which grew quadratically.
    """
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    part = doc.part
    head, tail = split_at_section(serialize_part_xml(part.element))
    element = parse_xml(b"".join((head, "".join(blocks).encode("utf-8"), tail)))
    part._element = element  # python-docx keeps the root in the part and the Document proxy
    doc._element = element
    doc._Document__body = None  # type: ignore[attr-defined]  # its cached body proxy


# ---------------------------------------------------------------- a simple table


def table_xml(
    headers: tuple[str, ...],
    widths: list[int],
    rows: list[list[tuple[str, str | None]]],
    centred: tuple[int, ...],
    min_height: int,
    marks: list[dict[int, CellMark]] | None = None,
) -> str:
    """Return a bordered <w:tbl> with a repeated header row; cells given as (text, vMerge value or None).

    marks: per row, the cells (by column) printed in a colour (#rrggbb), bold on a background when one is given.
    """
    out = [
        f'<w:tbl {W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{TABLE_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar>{CELL_MARGINS}</w:tblCellMar>"
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for name, width in zip(headers, widths):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{paragraph('PlanCellHeader', run(name, bold=True))}</w:tc>"
        )
    out.append("</w:tr>")
    for r, row in enumerate(rows):
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{min_height}" w:hRule="atLeast"/></w:trPr>')
        row_marks = marks[r] if marks else {}
        for i, ((text, vmerge), width) in enumerate(zip(row, widths)):
            style = "PlanCellCenter" if i in centred else "PlanCell"
            merge_xml = f'<w:vMerge w:val="{vmerge}"/>' if vmerge else ""
            mark = row_marks.get(i)
            write = partial(coloured_run, colour=mark[0], bold=mark[1] is not None) if mark else run
            shade = shading(mark[1]) if mark and mark[1] else ""
            paras = (
                ""
                if vmerge == "continue"
                else "".join(paragraph(style, write(line)) for line in text.split("\n") if line)
            )
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge_xml}{shade}<w:vAlign w:val="top"/>'
                f"</w:tcPr>{paras or EMPTY_CELL_P}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def table_document(
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
    marks: list[dict[int, CellMark]] | None = None,
) -> DocxDocument:
    """Return a landscape A4 Word document with a title, notes and one table (cells: text, vMerge or None)."""
    doc, text_width = new_document(title, agency, subject, True)
    scale = text_width / sum(cm(w) for w in widths_cm)
    widths = [round(cm(w) * scale) for w in widths_cm]
    widths[-1] += text_width - sum(widths)
    blocks = [paragraph("PlanTitle", run(title)), paragraph("PlanSubtitle", run(subtitle))]
    blocks += [paragraph("PlanText", run(note)) for note in notes]
    blocks.append(table_xml(headers, widths, rows, centred, cm(min_row_cm), marks))
    if tail:
        blocks.append(tail)
    blocks.append(CLOSING_P)
    add_body(doc, blocks)
    return doc

"""Word (.docx) export of a plan: the official document with its 計畫內容 table."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from lxml import etree

from planner.errors import BadInput
from planner.export import atomic_write, check_target, full_title, months_text, outline_line, text_lines
from planner.export.scope import ItemPart, Scope, describe, focus_groups, select
from planner.model import Node, Plan
from planner.workspace import Workspace

log = logging.getLogger(__name__)

LATIN, CJK = "Times New Roman", "標楷體"
A4 = (11906, 16838)  # twips, 21.0 × 29.7 cm
MARGIN, FOOTER_GAP = 1134, 567  # 2.0 cm, 1.0 cm
PORTRAIT_TEXT = A4[0] - 2 * MARGIN
# Sizes in half-points.
TITLE_HP, SUBTITLE_HP, ISSUED_HP, HEADING_HP, BODY_HP, CELL_HP, FOOTER_HP = 40, 28, 22, 28, 24, 24, 20
CELL_MARGIN_X, CELL_MARGIN_Y = 85, 45  # twips
BORDER = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
HEADER_FILL = "E7E6E6"
SPLIT_LINES = 12  # rows estimated taller than this may break across pages
CENTRED = ("units", "months")

W = nsdecls("w")
PLAIN_FONTS = f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{CJK}" w:cs="{LATIN}"/>'
FONTS = PLAIN_FONTS.replace("/>", ' w:hint="eastAsia"/>')
LANG = '<w:lang w:val="en-US" w:eastAsia="zh-TW" w:bidi="ar-SA"/>'
RPR = f"<w:rPr>{FONTS}</w:rPr>"
EMPTY_CELL_P = '<w:p><w:pPr><w:pStyle w:val="PlanCell"/></w:pPr></w:p>'
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Base width (cm) and share of spare width of the text columns; units and months are sized to their content.
BASE_CM = {"item": 3.4, "focus": 4.2, "method": 7.1, "note": 2.5}
FLEX = {"item": 1.0, "focus": 1.3, "method": 3.0, "note": 0.6}
FIT_CM = {"units": (2.0, 3.6), "months": (2.0, 3.2)}


def _cm(value: float) -> int:
    """Return centimetres in twips."""
    return round(value * 1440 / 2.54)


# ---------------------------------------------------------------- text and runs


def _esc(text: str) -> str:
    """Escape text for XML, dropping characters XML cannot hold."""
    return _BAD_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _em(ch: str) -> float:
    """Return the approximate advance of a character in em (CJK 1, Times digits ½ …)."""
    if ch >= "\u2e80":
        return 1.0
    if ch in "()[]":
        return 0.333
    if ch in ".,:;! ":
        return 0.25
    if ch.isupper():
        return 0.7
    return 0.5


def _width(text: str, hp: int) -> int:
    """Return the width in twips of a short text at a size in half-points (¼ em between CJK and digits)."""
    ems = sum(_em(ch) for ch in text)
    ems += 0.25 * sum(1 for a, b in pairwise(text) if (a >= "\u2e80") != (b >= "\u2e80") and (a + b).isalnum())
    return round(ems * hp * 10)


def _rough_width(text: str, hp: int) -> int:
    """Return the approximate width in twips of any text, fast (wide chars take 3 UTF-8 bytes)."""
    wide = (len(text.encode("utf-8")) - len(text)) // 2
    return (wide * 2 + (len(text) - wide)) * hp * 5


def _run(text: str, bold: bool = False) -> str:
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


def _p(style: str, runs: str = "", left: int = 0, hanging: int = 0) -> str:
    """Return a paragraph in a style with an optional hanging indent."""
    ind = f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if left or hanging else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ind}</w:pPr>{runs}</w:p>'


def _outline(lines: Iterable[str], style: str, base: int, hp: int) -> list[str]:
    """Return paragraphs for free-text lines: 一、(一)1.(1)A.(A) lines hang, other lines align with the text above."""
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (outline level, text start)
    for line in lines:
        level, label, rest = outline_line(line)
        if not level:
            out.append(_p(style, _run(rest), left=stack[-1][1] if stack else base))
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        start = stack[-1][1] if stack else base
        hang = _width(label, hp)
        out.append(_p(style, _run(label + rest), left=start + hang, hanging=hang))
        stack.append((level, start + hang))
    return out


def _labelled(label: str, title: str, body: str, style: str = "PlanCell") -> list[str]:
    """Return a cell's paragraphs: "label+title" hanging, then the body aligned with the title."""
    hang = _width(label, CELL_HP) if label else 0
    lines = text_lines(body)
    first = title.strip()
    if not first and lines:
        first = lines.pop(0).lstrip(" \u3000")
    out = [_p(style, _run(label + first), left=hang, hanging=hang)] if label or first else []
    return out + _outline(lines, style, hang, CELL_HP)


# ---------------------------------------------------------------- the table


def _column_widths(fields: list[str], text_width: int, units: list[str], months: list[str]) -> list[int]:
    """Return one width (twips) per grid column, filling the text width exactly."""
    pad = 2 * CELL_MARGIN_X + 40
    fitted = {
        "units": max((_width(u, CELL_HP) for u in units), default=0) + pad,
        "months": max((_width(m, CELL_HP) for m in months), default=0) + pad,
    }
    fixed: dict[int, int] = {}
    for i, field in enumerate(fields):
        if field in FIT_CM:
            low, high = FIT_CM[field]
            high_twips = round(_cm(high) * max(1.0, text_width / PORTRAIT_TEXT))  # landscape has room to spare
            fixed[i] = min(max(fitted[field], _cm(low)), high_twips)
    flex = [i for i in range(len(fields)) if i not in fixed]
    avail = text_width - sum(fixed.values())
    bases = {i: _cm(BASE_CM[fields[i]]) for i in flex}
    spare = avail - sum(bases.values())
    weights = sum(FLEX[fields[i]] for i in flex) or 1.0
    widths = dict(fixed)
    for i in flex:
        if spare >= 0:
            widths[i] = bases[i] + round(spare * FLEX[fields[i]] / weights)
        else:
            widths[i] = round(bases[i] * avail / sum(bases.values()))
    if not flex:  # a layout of fitted columns only: scale them to the page
        total = sum(widths.values())
        widths = {i: round(w * text_width / total) for i, w in widths.items()}
    out = [widths[i] for i in range(len(fields))]
    main = fields.index("method") if "method" in fields else len(out) - 1
    out[main] += text_width - sum(out)
    return out


def _lines(texts: Iterable[str], width: int) -> int:
    """Return the estimated number of printed lines of paragraphs in a cell."""
    inner = max(width - 2 * CELL_MARGIN_X, 240)
    return sum(max(1, math.ceil(_rough_width(t, CELL_HP) / inner)) for t in texts)


class _Table:
    """Builds the <w:tbl> of the 計畫內容 as one XML string."""

    def __init__(self, ws: Workspace, plan: Plan, parts: list[ItemPart], text_width: int) -> None:
        self.ws = ws
        self.plan = plan
        self.parts = parts
        self.labels = plan.numbering()
        self.columns = [c for c in plan.layout.columns if c.fields]
        self.fields = [f for c in self.columns for f in c.fields]
        methods = [m for _, focuses in parts for _, ms in focuses for m in ms]
        self.unit_names = {m.id: ws.unit_names(m.units) for m in methods}
        names = [n for ns in self.unit_names.values() for n in ns]
        self.widths = _column_widths(
            self.fields, text_width, names, [months_text(m.months) for m in methods if m.months]
        )
        self.width_of = dict(zip(self.fields, self.widths))

    def xml(self) -> str:
        """Return the whole table."""
        borders = "".join(BORDER.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        margins = (
            f'<w:top w:w="{CELL_MARGIN_Y}" w:type="dxa"/><w:left w:w="{CELL_MARGIN_X}" w:type="dxa"/>'
            f'<w:bottom w:w="{CELL_MARGIN_Y}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_X}" w:type="dxa"/>'
        )
        out = [
            f'<w:tbl {W}><w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            ' w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in self.widths),
            "</w:tblGrid>",
            self._header_row(),
        ]
        out.extend(self._body_rows())
        out.append("</w:tbl>")
        return "".join(out)

    def _header_row(self) -> str:
        cells = []
        for column in self.columns:
            width = sum(self.width_of[f] for f in column.fields)
            span = f'<w:gridSpan w:val="{len(column.fields)}"/>' if len(column.fields) > 1 else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/><w:vAlign w:val="center"/></w:tcPr>'
                f"{_p('PlanCellHeader', _run(column.header, bold=True))}</w:tc>"
            )
        return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{''.join(cells)}</w:tr>"

    def _cell(self, field: str, body: str, merge: str | None = None) -> str:
        """Return a cell of a grid column; merge is "restart", "continue" or None."""
        vmerge = f'<w:vMerge w:val="{merge}"/>' if merge else ""
        valign = "center" if field in CENTRED else "top"
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{self.width_of[field]}" w:type="dxa"/>{vmerge}'
            f'<w:vAlign w:val="{valign}"/></w:tcPr>{body or EMPTY_CELL_P}</w:tc>'
        )

    def _item_paras(self, item: Node) -> str:
        return "".join(_labelled(self.labels[item.id], item.title, item.body))

    def _focus_paras(self, group: list[Node]) -> str:
        return "".join(p for focus in group for p in _labelled(self.labels[focus.id], focus.title, focus.body))

    def _method_cells(self, method: Node | None) -> tuple[dict[str, str], int]:
        """Return the method's own cells by field and the estimated row height in lines."""
        if method is None:
            return {}, 1
        label = self.labels[method.id]
        units = self.unit_names[method.id]
        months = months_text(method.months)
        notes = text_lines(method.note)
        cells = {
            "method": "".join(_labelled(label, method.title, method.body)),
            "units": "".join(_p("PlanCellCenter", _run(u)) for u in units),
            "months": _p("PlanCellCenter", _run(months)) if months else "",
            "note": "".join(_outline(notes, "PlanCell", 0, CELL_HP)),
        }
        texts = {"method": [label + method.title, *text_lines(method.body)], "units": units, "months": [months]}
        texts["note"] = notes
        lines = max(_lines(t, self.width_of[f]) for f, t in texts.items() if f in self.width_of)
        return cells, lines

    def _row(self, item: str | None, focus: str | None, method: Node | None) -> str:
        """Return a row; item/focus hold the merged cell's content on its first row, None below it."""
        own, lines = self._method_cells(method)
        cells = []
        for field in self.fields:
            if field == "item":
                cells.append(self._cell(field, item or "", "continue" if item is None else "restart"))
            elif field == "focus":
                cells.append(self._cell(field, focus or "", "continue" if focus is None else "restart"))
            else:
                cells.append(self._cell(field, own.get(field, "")))
        keep = "<w:cantSplit/>" if lines <= SPLIT_LINES else ""
        return f"<w:tr><w:trPr>{keep}</w:trPr>{''.join(cells)}</w:tr>"

    def _body_rows(self) -> Iterable[str]:
        """Yield one row per method; 要項 and 重點 (or shared 重點 groups) merged over their methods."""
        for item, focuses in self.parts:
            item_paras: str | None = self._item_paras(item)
            for group in focus_groups(focuses) or [[]]:
                focus_paras: str | None = self._focus_paras([f for f, _ in group])
                methods: list[Node | None] = [m for _, ms in group for m in ms] or [None]
                for method in methods:
                    yield self._row(item_paras, focus_paras, method)
                    item_paras = focus_paras = None


# ---------------------------------------------------------------- the document


def _style(style_id: str, name: str, ppr: str, rpr: str = "", next_id: str = "PlanText") -> str:
    """Return a paragraph style based on Normal with explicit fonts."""
    return (
        f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="{next_id}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{FONTS}{rpr}</w:rPr></w:style>"
    )


def _size(hp: int) -> str:
    return f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'


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


def _fonts_everywhere(element: etree._Element) -> None:
    """Drop theme font attributes and name the fonts explicitly on every rFonts below an element."""
    for rfonts in element.iter(qn("w:rFonts")):
        for attr in [a for a in rfonts.attrib if a.lower().endswith("theme")]:
            del rfonts.attrib[attr]
        for key, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", CJK), ("cs", LATIN)):
            rfonts.set(qn(f"w:{key}"), value)


def _setup_styles(doc: DocxDocument) -> None:
    """Set 標楷體/Times New Roman on docDefaults and every style, zh-TW language, and add the plan's styles."""
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
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    element = footer._element
    for child in list(element):
        element.remove(child)
    runs = _run("第 ") + _field("PAGE", "1") + _run(" 頁，共 ") + _field("NUMPAGES", "1") + _run(" 頁")
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


# ---------------------------------------------------------------- body


def _title_paragraph(agency: str, title: str, text_width: int) -> str:
    """Return the title: one line when it fits, else the agency and the title on two lines."""
    text = agency + title
    if agency and _width(text, TITLE_HP) > text_width:
        text = agency + "\n" + title
    return _p("PlanTitle", _run(text))


def _section_paragraphs(plan: Plan, heading_label: str, heading: str, text: str) -> list[str]:
    """Return a section's heading (壹、計畫依據) and its text with hanging outline lines."""
    hang = _width(heading_label, HEADING_HP) if heading_label else 0
    out = [_p("PlanHeading", _run(heading_label + heading), left=hang, hanging=hang)]
    return out + _outline(text_lines(text), "PlanText", hang, BODY_HP)


def _content_section(plan: Plan) -> int | None:
    """Return the index of the section holding the table (heading containing 計畫內容)."""
    return next((i for i, s in enumerate(plan.sections) if "計畫內容" in s.heading), None)


def _body_xml(ws: Workspace, plan: Plan, parts: list[ItemPart], scope: Scope, text_width: int) -> str:
    """Return every block of the document body, the table built in one string."""
    agency, title = full_title(ws, plan)
    out = [_title_paragraph(agency, title, text_width)]
    if not scope.is_whole:
        out.append(_p("PlanSubtitle", _run(f"（{describe(ws, plan, scope)}）")))
    if plan.issued.strip():
        out.append(_p("PlanIssued", _run(plan.issued.strip())))
    table = _Table(ws, plan, parts, text_width).xml()
    content = _content_section(plan)
    for i, section in enumerate(plan.sections):
        if not scope.is_whole and i != content:
            continue
        out += _section_paragraphs(plan, plan.section_label(section), section.heading, section.text)
        if i == content:
            out.append(table)
    if content is None:
        out.append(table)
    if out[-1] is table:  # a small closing paragraph so Word adds no page of its own after the table
        out.append(f'<w:p><w:pPr><w:pStyle w:val="PlanCell"/><w:rPr>{FONTS}{_size(2)}</w:rPr></w:pPr></w:p>')
    return f"<w:body {W}>{''.join(out)}</w:body>"


def build_document(ws: Workspace, plan: Plan, scope: Scope | None = None) -> DocxDocument:
    """Return the plan (or a part of it) as a python-docx Document, not yet saved."""
    scope = scope or Scope()
    parts = select(plan, scope)
    if not scope.is_whole and not parts:
        raise BadInput(f"{describe(ws, plan, scope)}：這份計畫中沒有相關的工作方法，沒有內容可以匯出。")
    agency, title = full_title(ws, plan)
    doc = Document()
    _setup_styles(doc)
    _setup_settings(doc)
    _setup_package(doc, agency)
    text_width = _setup_page(doc, plan.layout.landscape)
    _setup_footer(doc)
    _setup_properties(doc, agency + title, agency, describe(ws, plan, scope))
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for block in list(parse_xml(_body_xml(ws, plan, parts, scope, text_width))):
        sect_pr.addprevious(block)
    return doc


def export_docx(ws: Workspace, plan: Plan, path: Path, scope: Scope | None = None) -> Path:
    """Write the plan (or a part of it) as a Word document, atomically; return the file written."""
    check_target(Path(path), ".docx")
    doc = build_document(ws, plan, scope)
    target = atomic_write(Path(path), ".docx", doc.save)
    log.info("exported plan %s (%s) to %s", plan.year, scope, target)
    return target

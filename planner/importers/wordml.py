"""WordprocessingML names and small element helpers shared by the Word readers."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_ABSTRACTNUM = f"{W}abstractNum"
W_ABSTRACTNUMID = f"{W}abstractNumId"
W_ALTCHUNK = f"{W}altChunk"
W_BASEDON = f"{W}basedOn"
W_BODY = f"{W}body"
W_BR = f"{W}br"
W_CR = f"{W}cr"
W_CUSTOMXML = f"{W}customXml"
W_DEL = f"{W}del"
W_DELTEXT = f"{W}delText"
W_DOCUMENT = f"{W}document"
W_DRAWING = f"{W}drawing"
W_ENDNOTEREFERENCE = f"{W}endnoteReference"
W_FOOTNOTEREFERENCE = f"{W}footnoteReference"
W_GRIDBEFORE = f"{W}gridBefore"
W_GRIDSPAN = f"{W}gridSpan"
W_HMERGE = f"{W}hMerge"
W_ILVL = f"{W}ilvl"
W_INS = f"{W}ins"
W_INSTRTEXT = f"{W}instrText"
W_ISLGL = f"{W}isLgl"
W_LVL = f"{W}lvl"
W_LVLOVERRIDE = f"{W}lvlOverride"
W_LVLTEXT = f"{W}lvlText"
W_MOVEFROM = f"{W}moveFrom"
W_MOVETO = f"{W}moveTo"
W_NOBREAKHYPHEN = f"{W}noBreakHyphen"
W_NUM = f"{W}num"
W_NUMFMT = f"{W}numFmt"
W_NUMID = f"{W}numId"
W_NUMPR = f"{W}numPr"
W_OBJECT = f"{W}object"
W_P = f"{W}p"
W_PPR = f"{W}pPr"
W_PSTYLE = f"{W}pStyle"
W_PICT = f"{W}pict"
W_R = f"{W}r"
W_RPR = f"{W}rPr"
W_SDT = f"{W}sdt"
W_SDTCONTENT = f"{W}sdtContent"
W_START = f"{W}start"
W_STARTOVERRIDE = f"{W}startOverride"
W_STYLE = f"{W}style"
W_STYLEID = f"{W}styleId"
W_T = f"{W}t"
W_TAB = f"{W}tab"
W_TBL = f"{W}tbl"
W_TC = f"{W}tc"
W_TCPR = f"{W}tcPr"
W_TR = f"{W}tr"
W_TRPR = f"{W}trPr"
W_VMERGE = f"{W}vMerge"
W_VAL = f"{W}val"
W_VANISH = f"{W}vanish"


def val(el: etree._Element | None, default: str | None = None) -> str | None:
    """Return an element's w:val (default when the element is missing)."""
    return default if el is None else el.get(W_VAL, default)


def to_int(value: str | None, default: int) -> int:
    """Return an attribute as an int (default when missing or not a number)."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def first_child(el: etree._Element, tag: str) -> etree._Element | None:
    """Return the first child with a tag (properties come first, so this is quick)."""
    for child in el:
        if child.tag == tag:
            return child
    return None

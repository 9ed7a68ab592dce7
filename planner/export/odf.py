"""OpenDocument package parts shared by the .odt and .ods exports, written as XML strings.

The package: `mimetype` stored first and uncompressed, then content.xml, styles.xml, meta.xml and
META-INF/manifest.xml, deflated. Fonts are declared once: Times New Roman for Latin text, 標楷體 as the Asian
font, Traditional Chinese (zh-TW) as the Asian language.
"""

from __future__ import annotations

import logging
import re
import zipfile
from datetime import UTC, datetime
from typing import BinaryIO

from planner import __version__

log = logging.getLogger(__name__)

LATIN, CJK = "Times New Roman", "標楷體"
ODT_MIME = "application/vnd.oasis.opendocument.text"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items() if k != "manifest")
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'

FONT_DECLS = (
    "<office:font-face-decls>"
    f'<style:font-face style:name="{LATIN}" svg:font-family="&apos;{LATIN}&apos;"'
    ' style:font-family-generic="roman" style:font-pitch="variable"/>'
    f'<style:font-face style:name="{CJK}" svg:font-family="{CJK}"/>'  # no pitch: "fixed" loses the Kai alias
    "</office:font-face-decls>"
)
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape text for XML element content or attributes, dropping characters XML cannot hold."""
    text = _BAD_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def pt(twips: float) -> str:
    """Return a length in twips as an ODF length in points."""
    return f"{twips / 20:.2f}pt".replace(".00pt", "pt")


def text_props(size_pt: float, bold: bool = False, colour: str | None = None) -> str:
    """Return <style:text-properties> with Latin/Asian/complex fonts, one size, the zh-TW Asian language, a colour."""
    size = f"{size_pt:g}pt"
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"' if bold else ""
    weight += f' fo:color="#{colour}"' if colour else ""
    return (
        f'<style:text-properties style:font-name="{LATIN}" style:font-name-asian="{CJK}"'
        f' style:font-name-complex="{LATIN}" fo:font-size="{size}" style:font-size-asian="{size}"'
        f' style:font-size-complex="{size}" fo:language="en" fo:country="US" style:language-asian="zh"'
        f' style:country-asian="TW"{weight}/>'
    )


def page_text(text: str) -> str:
    """Return text for a text:p or text:span: runs of spaces kept (text:s), tabs and newlines as elements."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<text:line-break/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                out.append("<text:tab/>")
            out.append(_spaces(esc(chunk)))
    return "".join(out)


def _spaces(chunk: str) -> str:
    """Keep runs of spaces (XML would collapse them) as text:s elements."""
    if "  " not in chunk and not chunk.startswith(" ") and not chunk.endswith(" "):
        return chunk
    return re.sub(r"(?:^ +| {2,}| +$)", lambda m: f'<text:s text:c="{len(m.group(0))}"/>', chunk)


def footer_paragraph(style: str) -> str:
    """Return the 「第 X 頁，共 Y 頁」 footer paragraph with page-number and page-count fields."""
    return (
        f'<text:p text:style-name="{style}">第 <text:page-number text:select-page="current">1</text:page-number>'
        " 頁，共 <text:page-count>1</text:page-count> 頁</text:p>"
    )


def meta_xml(title: str, creator: str, subject: str = "", keywords: str = "提升服務計畫") -> str:
    """Return meta.xml: title, subject, keywords, creator and initial creator, dates now, zh-TW."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    return (
        f'{XML_HEAD}<office:document-meta {XMLNS} office:version="1.3"><office:meta>'
        f"<meta:generator>Planner/{esc(__version__)}</meta:generator>"
        f"<dc:title>{esc(title)}</dc:title><dc:subject>{esc(subject)}</dc:subject>"
        f"<meta:keyword>{esc(keywords)}</meta:keyword>"
        f"<meta:initial-creator>{esc(creator)}</meta:initial-creator><dc:creator>{esc(creator)}</dc:creator>"
        f"<meta:creation-date>{now}</meta:creation-date><dc:date>{now}</dc:date>"
        "<dc:language>zh-TW</dc:language><meta:editing-cycles>1</meta:editing-cycles>"
        "</office:meta></office:document-meta>"
    )


def manifest_xml(mime: str) -> str:
    """Return META-INF/manifest.xml listing the package's parts."""
    entries = "".join(
        f'<manifest:file-entry manifest:full-path="{p}" manifest:media-type="text/xml"/>'
        for p in ("content.xml", "styles.xml", "meta.xml")
    )
    return (
        f'{XML_HEAD}<manifest:manifest xmlns:manifest="{NS["manifest"]}" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{mime}"/>'
        f"{entries}</manifest:manifest>"
    )


def write_package(stream: BinaryIO, mime: str, content: str, styles: str, meta: str) -> None:
    """Write an OpenDocument package: mimetype first and stored, the XML parts deflated."""
    with zipfile.ZipFile(stream, "w") as archive:
        info = zipfile.ZipInfo("mimetype", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        archive.writestr(info, mime.encode("ascii"))
        for name, xml in (
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest_xml(mime)),
        ):
            archive.writestr(name, xml.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    log.debug("wrote an OpenDocument package (%s, content %d characters)", mime, len(content))

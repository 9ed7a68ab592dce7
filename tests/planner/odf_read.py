"""Reading back OpenDocument files in tests: parts, styles, tables as grids, paragraph texts."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def q(name: str) -> str:
    """Return a Clark name for a prefixed name: 'table:table' → '{urn…}table'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclass
class Package:
    """The parsed parts of an OpenDocument file."""

    names: list[str]
    infos: list[zipfile.ZipInfo]
    mimetype: str
    content: etree._Element
    styles: etree._Element
    meta: etree._Element
    manifest: etree._Element


def read_package(path: Path) -> Package:
    """Open an .odt/.ods and parse its XML parts (which must all be well-formed)."""
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        parts = {n: archive.read(n) for n in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml")}
        mimetype = archive.read("mimetype").decode("ascii")
    return Package(
        [i.filename for i in infos],
        infos,
        mimetype,
        etree.fromstring(parts["content.xml"]),
        etree.fromstring(parts["styles.xml"]),
        etree.fromstring(parts["meta.xml"]),
        etree.fromstring(parts["META-INF/manifest.xml"]),
    )


def text_of(element: etree._Element) -> str:
    """Return the text of a paragraph-like element: text:s as spaces, line breaks as newlines, fields' text."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == q("text:s"):
            out.append(" " * int(node.get(q("text:c"), "1")))
        elif node.tag == q("text:line-break"):
            out.append("\n")
        elif node.tag == q("text:tab"):
            out.append("\t")
        elif node.text:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out)


def cell_text(cell: etree._Element) -> str:
    """Return a cell's paragraphs joined by newlines."""
    return "\n".join(text_of(p) for p in cell.iter(q("text:p")))


@dataclass
class Grid:
    """A table as positions: (row, col) → cell element, covered positions, spans, header row count."""

    cells: dict[tuple[int, int], etree._Element] = field(default_factory=dict)
    covered: set[tuple[int, int]] = field(default_factory=set)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    header_rows: int = 0
    rows: int = 0

    def text(self, r: int, c: int) -> str:
        """Return the text at a position, "" when none."""
        cell = self.cells.get((r, c))
        return cell_text(cell) if cell is not None else ""


def grid_of(table: etree._Element) -> Grid:
    """Return a table:table as a Grid (rows and columns 1-based, header rows first)."""
    grid = Grid()
    rows: list[tuple[etree._Element, bool]] = []
    for child in table:
        if child.tag == q("table:table-header-rows"):
            rows += [(r, True) for r in child.iter(q("table:table-row"))]
        elif child.tag == q("table:table-row"):
            rows.append((child, False))
    for r, (row, is_header) in enumerate(rows, start=1):
        grid.header_rows += is_header
        c = 1
        for cell in row:
            repeat = int(cell.get(q("table:number-columns-repeated"), "1"))
            for _ in range(repeat):
                if cell.tag == q("table:covered-table-cell"):
                    grid.covered.add((r, c))
                else:
                    grid.cells[(r, c)] = cell
                    rs = int(cell.get(q("table:number-rows-spanned"), "1"))
                    cs = int(cell.get(q("table:number-columns-spanned"), "1"))
                    if (rs, cs) != (1, 1):
                        grid.spans[(r, c)] = (rs, cs)
                c += 1
    grid.rows = len(rows)
    return grid


def styles_by_name(*roots: etree._Element) -> dict[str, etree._Element]:
    """Return every style:style (named and automatic) of the given parts by name."""
    return {s.get(q("style:name")): s for root in roots for s in root.iter(q("style:style"))}


def resolved_props(styles: dict[str, etree._Element], name: str, tag: str) -> dict[str, str]:
    """Return a style's properties of one kind (e.g. style:text-properties) merged over its parents."""
    chain = []
    while name in styles:
        chain.append(styles[name])
        name = styles[name].get(q("style:parent-style-name"))
    out: dict[str, str] = {}
    for style in reversed(chain):
        props = style.find(q(tag))
        if props is not None:
            out.update(props.attrib)
    return out

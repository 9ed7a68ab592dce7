"""Bounded, safe reading of OOXML (.docx/.xlsx) zip packages from untrusted files.

Every check runs before any XML is parsed or the file is handed to openpyxl:
- the file is a zip (an OLE compound file is a password-protected or an old .doc/.xls file: say so);
- the zip is complete, has a sane number of members, no encrypted members;
- the declared uncompressed sizes stay under a total limit and every large member under a compression-ratio
  limit (zip bombs), and reading never decompresses more than was declared;
- no XML part contains a DOCTYPE (OOXML never needs one: entity expansion and external entities);
- XML parts are parsed with entity resolution, DTD loading and network access off, and huge_tree off.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from lxml import etree

from planner.errors import BadInput

MB = 1024 * 1024
MAX_FILE = 200 * MB  # the file itself
MAX_TOTAL = 200 * MB  # all members, uncompressed
MAX_RATIO = 100  # uncompressed : compressed, for members over RATIO_FROM
RATIO_FROM = 1 * MB
MAX_PART = 200 * MB  # one XML part we parse (our own export of 50,000 methods writes a 96 MB document.xml)
MAX_MEMBERS = 10_000
MAX_TAGS = (
    10_000_000  # '<' in one part parsed into a tree (bounds lxml memory; our 50,000-method export: 4.5-7 million)
)
CHUNK = 1 * MB

BOMB = "檔案太大或異常壓縮（解壓縮後超過讀取上限），可能是惡意檔案，已拒絕讀取。"
DAMAGED = "檔案不完整或已損壞，無法讀取。請用 Word 或 Excel 開啟後另存一份再試。"
DOCTYPE = "檔案含有 OOXML 不會使用的 XML 宣告（DOCTYPE／ENTITY），可能是惡意檔案，已拒絕讀取。"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Members never parsed as XML (images, fonts, embedded objects, altChunk HTML): not scanned for DOCTYPE.
# Every part we parse is checked again in parse_xml(), and openpyxl parses through defusedxml.
_SKIP_SCAN = frozenset(
    ".png .jpg .jpeg .jfif .gif .bmp .tif .tiff .wdp .emf .wmf .svgz .ttf .odttf .fntdata .bin .htm .html .mht"
    " .mhtml .docx .docm .xlsx .xlsm .pptx .doc .xls .ppt .wav .mp3 .mp4 .avi".split()
)
_FORBIDDEN = tuple(
    word.encode(enc) for word in ("<!doctype", "<!entity") for enc in ("ascii", "utf-16-le", "utf-16-be")
)
_OLE_STREAMS = {
    "encrypted": ("EncryptedPackage", "EncryptionInfo"),
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
    "ppt": ("PowerPoint Document",),
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def ole_kind(fh: IO[bytes]) -> str:
    """Tell an encrypted OOXML file from an old Office binary by the stream names in its directory."""
    fh.seek(0)
    tail = b""
    found: set[str] = set()
    read = 0
    while read < MAX_FILE:
        chunk = fh.read(CHUNK)
        if not chunk:
            break
        read += len(chunk)
        data = tail + chunk
        for kind, names in _OLE_STREAMS.items():
            if any(name.encode("utf-16-le") in data for name in names):
                found.add(kind)
        tail = data[-64:]
    for kind in ("encrypted", "doc", "xls", "ppt"):
        if kind in found:
            return kind
    return "unknown"


def ole_message(kind: str) -> str:
    """Return the message for an OLE compound file."""
    if kind == "encrypted":
        return "這是受密碼保護的檔案，無法讀取。請在 Word 或 Excel 中移除密碼（檔案→資訊→保護文件）後另存，再匯入。"
    if kind == "doc":
        return "這是舊版 Word (.doc) 檔，無法直接讀取。請用 Word 開啟後「另存新檔」為 .docx，再匯入。"
    if kind == "xls":
        return "這是舊版 Excel (.xls) 檔，無法直接讀取。請用 Excel 開啟後「另存新檔」為 .xlsx，再匯入。"
    if kind == "ppt":
        return "這是 PowerPoint 簡報檔，不是計畫文件。"
    return (
        "這是受密碼保護的檔案，或是舊版 Word (.doc)／Excel (.xls) 檔，無法讀取。"
        "請移除密碼，或用 Word／Excel 另存為 .docx／.xlsx 後再匯入。"
    )


def _not_ooxml(head: bytes, name: str) -> str:
    if head.startswith(b"%PDF"):
        return f"「{name}」是 PDF 檔。"
    if head.lstrip().startswith(b"{\\rtf"):
        return f"「{name}」是 RTF 檔，無法匯入。請用 Word 開啟後另存為 .docx。"
    if not head:
        return f"「{name}」是空檔案。"
    return not_a_plan_file(name)


IMPORT_SUFFIXES = (".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pdf")  # what read_plan_file reads


def not_a_plan_file(name: str) -> str:
    """Return the message for a file of none of the formats the importer reads."""
    return f"「{name}」不是 Word、Excel、OpenDocument 或 PDF 檔，無法匯入（可匯入 {' '.join(IMPORT_SUFFIXES)}）。"


class Package:
    """A checked OOXML zip: bounded member reads and safe XML parsing."""

    def __init__(self, path: Path, fh: IO[bytes], zf: zipfile.ZipFile) -> None:
        self.path = path
        self.fh = fh
        self.zf = zf
        self.names = {i.filename for i in zf.infolist()}
        self._budget = MAX_TOTAL
        self.kept: dict[str, bytes] = {}  # members check_zip has inflated already (read once, then dropped)

    def has(self, name: str) -> bool:
        """Return whether the package holds a member."""
        return name in self.names

    def read(self, name: str, limit: int = MAX_PART) -> bytes:
        """Read one member, never decompressing more than its declared size, the limit or the total budget."""
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            raise BadInput(f"檔案缺少必要的部分（{name}），可能已損壞。") from None
        cap = min(limit, self._budget)
        if info.file_size > cap:
            raise BadInput(BOMB)
        kept = self.kept.pop(name, None)
        if kept is not None:
            if len(kept) > info.file_size or len(kept) > cap:
                raise BadInput(BOMB)
            self._budget -= len(kept)
            return kept
        out = bytearray()
        try:
            with self.zf.open(info) as member:
                while True:
                    chunk = member.read(CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > info.file_size or len(out) > cap:
                        raise BadInput(BOMB)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise BadInput(DAMAGED) from None
        self._budget -= len(out)
        return bytes(out)

    def xml(self, name: str, limit: int = MAX_PART) -> etree._Element:
        """Read and parse one XML part safely."""
        return parse_xml(self.read(name, limit))

    def close(self) -> None:
        """Close the zip and the file."""
        self.kept.clear()
        self.zf.close()
        self.fh.close()


def parse_xml(data: bytes) -> etree._Element:
    """Parse an XML part: no DOCTYPE, bounded size, no entities, no network."""
    if has_doctype(data):
        raise BadInput(DOCTYPE)
    if len(data) > MAX_TAGS and data.count(b"<") > MAX_TAGS:
        raise BadInput(BOMB)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        raise BadInput("檔案內容損壞（XML 格式錯誤），無法讀取。") from None


def has_doctype(data: bytes) -> bool:
    """Return whether data contains a DOCTYPE or ENTITY declaration (any case, UTF-8 or UTF-16)."""
    if b"!" not in data:  # one memchr: every word of _FORBIDDEN, in any of its encodings, holds the byte "!"
        return False
    if b"<!" not in data and b"<\x00!\x00" not in data and b"\x00<\x00!" not in data:
        return False  # the quick answer for nearly every part: no markup declaration at all
    low = data.lower()
    return any(word in low for word in _FORBIDDEN)


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, keep: list[bytes] | None = None) -> int:
    """Stream one member looking for DOCTYPE; return bytes read (its chunks added to keep). Raises BadInput."""
    read = 0
    tail = b""
    try:
        with zf.open(info) as member:
            while True:
                chunk = member.read(CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if read > info.file_size or read > budget:
                    raise BadInput(BOMB)
                if (b"!" in chunk or b"!" in tail) and has_doctype(tail + chunk):  # (no copy without a "!")
                    raise BadInput(DOCTYPE)
                tail = chunk[-32:]
                if keep is not None:
                    keep.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise BadInput(DAMAGED) from None
    return read


def check_zip(zf: zipfile.ZipFile, keep: dict[str, bytes] | None = None) -> None:
    """Refuse zip bombs, encrypted members and DOCTYPEs before anything parses the package.

    keep: receives the bytes of the largest member scanned (the main part, most often), so that Package.read
    does not inflate it a second time.
    """
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BadInput(BOMB)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise BadInput(ole_message("encrypted"))
        total += info.file_size
        if total > MAX_TOTAL:
            raise BadInput(BOMB)
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BadInput(BOMB)
    budget = MAX_TOTAL
    scanned = [i for i in infos if not i.is_dir() and PurePosixPath(i.filename).suffix.lower() not in _SKIP_SCAN]
    largest = max(scanned, key=lambda i: i.file_size, default=None) if keep is not None else None
    for info in scanned:
        chunks: list[bytes] | None = [] if info is largest else None
        budget -= _scan_member(zf, info, budget, chunks)
        if chunks is not None and keep is not None and zf.getinfo(info.filename) is info:  # (no duplicate name)
            keep[info.filename] = b"".join(chunks)


@contextmanager
def open_package(path: Path | str) -> Iterator[Package]:
    """Open an untrusted file as a checked OOXML package, or raise BadInput with a clear Chinese message."""
    path = Path(path)
    try:
        if not path.is_file():
            raise BadInput(f"找不到檔案：{path}")
        if path.stat().st_size > MAX_FILE:
            raise BadInput(f"「{path.name}」檔案太大（超過 {MAX_FILE // MB} MB），不像是計畫文件。")
        fh = path.open("rb")
    except OSError as exc:
        raise BadInput(f"無法讀取「{path.name}」：{exc.strerror or exc}") from None
    try:
        head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            raise BadInput(ole_message(ole_kind(fh)))
        if not head.startswith(b"PK"):
            raise BadInput(_not_ooxml(head, path.name))
        fh.seek(0)
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise BadInput(DAMAGED) from None
        kept: dict[str, bytes] = {}
        try:
            check_zip(zf, kept)
        except BaseException:
            zf.close()
            raise
    except BaseException:
        fh.close()
        raise
    pkg = Package(path, fh, zf)
    pkg.kept = kept
    try:
        yield pkg
    finally:
        pkg.close()


# ---------------------------------------------------------------- package structure

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = re.compile(r"/officeDocument$")


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p and p != "."]
    for piece in target.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


def relationships(pkg: Package, source: str) -> list[tuple[str, str]]:
    """Return (type, target part name) pairs of a part's relationships ('' = the package)."""
    if source:
        src = PurePosixPath(source)
        folder = "" if str(src.parent) == "." else str(src.parent)
        rels = f"{folder}/_rels/{src.name}.rels" if folder else f"_rels/{src.name}.rels"
    else:
        folder, rels = "", "_rels/.rels"
    if not pkg.has(rels):
        return []
    root = pkg.xml(rels, limit=5 * MB)
    out: list[tuple[str, str]] = []
    for rel in root.iter(f"{_REL_NS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        out.append((rel.get("Type") or "", _resolve(folder, rel.get("Target") or "")))
    return out


def main_part(pkg: Package) -> str | None:
    """Return the package's main part name from _rels/.rels, or None."""
    for rel_type, name in relationships(pkg, ""):
        if OFFICE_DOCUMENT.search(rel_type) and pkg.has(name):
            return name
    return None


def sniff(pkg: Package) -> tuple[str, str]:
    """Return ('docx' | 'xlsx' | 'odt' | 'ods', main part name), or raise BadInput for other packages."""
    main = main_part(pkg)
    if main is None:
        if pkg.has("word/document.xml"):
            main = "word/document.xml"
        elif pkg.has("xl/workbook.xml"):
            main = "xl/workbook.xml"
    if main is not None and main.startswith("word/"):
        return "docx", main
    if main is not None and main.startswith("xl/"):
        if main.endswith(".bin"):
            raise BadInput("這是 Excel 二進位活頁簿 (.xlsb)，無法讀取。請用 Excel 另存為 .xlsx 後再匯入。")
        return "xlsx", main
    if pkg.has("mimetype"):
        mime = pkg.read("mimetype", limit=1024).decode("ascii", "replace").strip()
        if mime == "application/vnd.oasis.opendocument.text":
            return "odt", "content.xml"
        if mime == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods", "content.xml"
        if "opendocument" in mime:
            raise BadInput(f"這是 ODF 檔（{mime.rsplit('.', 1)[-1]}），不是文字文件 (.odt) 或試算表 (.ods)，無法匯入。")
    if main is not None and main.startswith("ppt/"):
        raise BadInput(ole_message("ppt"))
    raise BadInput(not_a_plan_file(pkg.path.name))

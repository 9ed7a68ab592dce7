"""Hostile and broken files: each must be refused with a Chinese BadInput, quickly, leaving the workspace alone."""

from __future__ import annotations

import hashlib
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import BadInput
from planner.importers import read_plan_file
from planner.importers.safety import has_doctype
from tests.fixtures.import_docs import CONTENT_TYPES, RELS, W_NS

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
LIMIT_S = 10.0  # generous upper bound; the refusals take well under a second
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def write_docx(path: Path, document_xml: str | bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document_xml)
    return path


def document(body: str, prolog: str = "") -> str:
    head = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
    return f'{head}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def workspace_digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


def refuse(ws, path: Path, match: str) -> tuple[float, int]:
    """Read a hostile file: BadInput with a Chinese message, quickly, workspace untouched; return time and peak."""
    digest = workspace_digest(ws.path)
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(BadInput) as info:
            read_plan_file(path)
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert CHINESE.search(message), message
    assert re.search(match, message), message
    assert elapsed < LIMIT_S, f"{path.name}: {elapsed:.1f} s"
    assert peak < 500 * 1024 * 1024, f"{path.name}: {peak / 1e6:.0f} MB"
    assert workspace_digest(ws.path) == digest
    assert ws.years() == []
    return elapsed, peak


# ---------------------------------------------------------------- builders of hostile files


def not_a_zip(tmp: Path) -> Path:
    p = tmp / "純文字.docx"
    p.write_text("這不是 Word 檔\n" * 100, encoding="utf-8")
    return p


def empty_file(tmp: Path) -> Path:
    p = tmp / "空.docx"
    p.write_bytes(b"")
    return p


def truncated_zip(tmp: Path) -> Path:
    data = (SAMPLES / "000-l4.docx").read_bytes()
    p = tmp / "截斷.docx"
    p.write_bytes(data[: len(data) // 2])
    return p


def corrupted_member(tmp: Path) -> Path:
    """The central directory is intact but document.xml's compressed data is garbage."""
    p = write_docx(tmp / "損壞.docx", document("<w:p><w:r><w:t>一、甲</w:t></w:r></w:p>" * 200))
    data = bytearray(p.read_bytes())
    start = data.find(b"word/document.xml") + len("word/document.xml")
    for i in range(start + 10, start + 200):
        data[i] ^= 0x5A
    p.write_bytes(bytes(data))
    return p


def zip_bomb(tmp: Path) -> Path:
    """A .docx whose document.xml is 300 MB of <w:p/>, written streaming (never held in memory)."""
    p = tmp / "炸彈.docx"
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            written = 0
            while written < 300 * 1024 * 1024:
                member.write(chunk)
                written += len(chunk)
            member.write(b"</w:body></w:document>")
    assert p.stat().st_size < 5 * 1024 * 1024
    return p


def small_bomb(tmp: Path) -> Path:
    """Under the total limit, but 20 MB compressing 1000:1."""
    p = tmp / "小炸彈.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document("<w:p/>" * (20 * 1024 * 1024 // 6)))
    return p


def billion_laughs(tmp: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    return write_docx(tmp / "笑.docx", document("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog))


def external_entity(tmp: Path) -> Path:
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return write_docx(tmp / "外部實體.docx", document("<w:p><w:r><w:t>一、&xxe;</w:t></w:r></w:p>", prolog))


def utf16_doctype(tmp: Path) -> Path:
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog).replace("UTF-8", "UTF-16")
    return write_docx(tmp / "utf16.docx", xml.encode("utf-16"))


def ole_encrypted_lookalike(tmp: Path) -> Path:
    """What Office writes for a password-protected file: an OLE compound file (magic + padding here)."""
    p = tmp / "加密.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    return p


def ole_with_encrypted_package(tmp: Path) -> Path:
    p = tmp / "加密2.docx"
    name = "EncryptedPackage".encode("utf-16-le")
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + name + b"\x00" * 2048)
    return p


def old_doc_renamed(tmp: Path) -> Path:
    """A Word 97-2003 file renamed .docx: OLE with a WordDocument stream in its directory."""
    p = tmp / "舊檔.docx"
    name = "WordDocument".encode("utf-16-le")
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + name + b"\x00" * 2048)
    return p


def empty_document(tmp: Path) -> Path:
    import docx

    p = tmp / "空白文件.docx"
    docx.Document().save(str(p))
    return p


def too_many_rows(tmp: Path) -> Path:
    """A 130,000-row content table with varied text (so it is not refused as a zip bomb first)."""
    header = (
        "<w:tr>"
        + "".join(
            f"<w:tc><w:p><w:r><w:t>{h}</w:t></w:r></w:p></w:tc>"
            for h in ("工作要項", "工作重點", "工作方法", "業務單位")
        )
        + "</w:tr>"
    )
    row = (
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>{n}.方法 {h}</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>行政課</w:t></w:r></w:p></w:tc></w:tr>"
    )
    rows = "".join(row.format(n=i, h=hashlib.sha1(str(i).encode()).hexdigest()) for i in range(1, 130_001))
    body = "<w:tbl>" + header + rows + "</w:tbl>"
    return write_docx(tmp / "十三萬列.docx", document(body))


def pdf_file(tmp: Path) -> Path:
    p = tmp / "計畫.docx"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100)
    return p


def other_zip(tmp: Path) -> Path:
    p = tmp / "壓縮檔.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return p


def xlsx_with_doctype(tmp: Path) -> Path:
    import openpyxl

    p = tmp / "實體.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "工作要項"
    wb.save(p)
    with zipfile.ZipFile(p) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + sheet.replace("工作要項", "&xxe;")
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return p


def xlsx_huge_sheet(tmp: Path) -> Path:
    """260,000 rows, split over two sheets under odd part names (the limit counts the whole package)."""
    import openpyxl

    p = tmp / "大表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工作要項", "工作重點", "工作方法", "業務單位"])
    wb.create_sheet("第二頁")
    wb.save(p)
    with zipfile.ZipFile(p) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    rows = "".join(
        f'<row r="{r}"><c r="C{r}" t="inlineStr"><is><t>方法{r}</t></is></c></row>' for r in range(2, 130_002)
    )
    for old, new in (("sheet1.xml", "Blatt.XML"), ("sheet2.xml", "Other.Xml")):
        sheet = members.pop(f"xl/worksheets/{old}").decode()
        sheet = re.sub(
            r"<sheetData>(.*)</sheetData>|<sheetData/>",
            lambda m: f"<sheetData>{m.group(1) or ''}{rows}</sheetData>",
            sheet,
            flags=re.S,
        )
        members[f"xl/worksheets/{new}"] = sheet.encode()
        rels = members["xl/_rels/workbook.xml.rels"].decode().replace(f"worksheets/{old}", f"worksheets/{new}")
        members["xl/_rels/workbook.xml.rels"] = rels.encode()
    ct = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = ct.replace("sheet1.xml", "Blatt.XML").replace("sheet2.xml", "Other.Xml").encode()
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return p


def xlsx_giant_merge(tmp: Path) -> Path:
    """One merged range over the whole sheet: openpyxl would create 17 billion cells."""
    import openpyxl

    p = tmp / "合併.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工作要項", "工作重點", "工作方法"])
    wb.save(p)
    with zipfile.ZipFile(p) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    merge = '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    members["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", "</sheetData>" + merge).encode()
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return p


def xlsx_giant_merge_odd_name(tmp: Path) -> Path:
    """A 5 KB workbook whose only sheet, under an odd part name, has one merge A6:XFD1048576."""
    p = xlsx_giant_merge(tmp)
    with zipfile.ZipFile(p) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sheet = members.pop("xl/worksheets/sheet1.xml").decode().replace("A2:XFD1048576", "A6:XFD1048576")
    members["xl/Data/ZZ_Part.XmL"] = sheet.encode()
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        text = members[name].decode()
        members[name] = (
            text.replace("/xl/worksheets/sheet1.xml", "/xl/Data/ZZ_Part.XmL")
            .replace("worksheets/sheet1.xml", "Data/ZZ_Part.XmL")
            .encode()
        )
    p = tmp / "怪名.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    assert p.stat().st_size < 8_000
    return p


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("not a zip", not_a_zip, "不是 Word"),
    ("empty file", empty_file, "空檔案"),
    ("truncated zip", truncated_zip, "不完整或已損壞"),
    ("corrupted member", corrupted_member, "損壞"),
    ("zip bomb 300 MB", zip_bomb, "檔案太大或異常壓縮.*可能是惡意檔案"),
    ("zip bomb ratio", small_bomb, "檔案太大或異常壓縮.*可能是惡意檔案"),
    ("billion laughs", billion_laughs, "DOCTYPE"),
    ("external entity", external_entity, "DOCTYPE"),
    ("utf-16 doctype", utf16_doctype, "DOCTYPE"),
    ("OLE look-alike", ole_encrypted_lookalike, "受密碼保護"),
    ("OLE encrypted", ole_with_encrypted_package, "^這是受密碼保護的檔案"),
    ("old .doc renamed", old_doc_renamed, r"舊版 Word \(\.doc\).*另存.*\.docx"),
    ("empty document", empty_document, "文件中找不到計畫內容"),
    ("130,000 rows", too_many_rows, "超過 120,000 列"),
    ("pdf", pdf_file, "PDF"),
    ("other zip", other_zip, "不是 Word"),
    ("xlsx doctype", xlsx_with_doctype, "DOCTYPE"),
    ("xlsx 260,000 rows", xlsx_huge_sheet, "超過 250,000 列"),
    ("xlsx giant merge", xlsx_giant_merge, "合併儲存格範圍過大"),
    ("xlsx giant merge, odd part name", xlsx_giant_merge_odd_name, "合併儲存格範圍過大"),
]


@pytest.mark.parametrize(("name", "make", "match"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused(ws, tmp_path: Path, name: str, make: Callable[[Path], Path], match: str) -> None:
    path = make(tmp_path)
    elapsed, peak = refuse(ws, path, match)
    print(f"{name}: {elapsed * 1000:.0f} ms, peak {peak / 1e6:.1f} MB")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="找不到檔案"):
        read_plan_file(tmp_path / "沒有.docx")


def test_a_folder_or_an_unknown_file_says_what_can_be_imported(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="是資料夾，不是檔案"):
        read_plan_file(tmp_path)
    text = tmp_path / "計畫.docx"
    text.write_text("這只是文字" * 20, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_plan_file(text)
    message = str(caught.value)
    assert "「計畫.docx」不是 Word、Excel、OpenDocument 或 PDF 檔" in message
    assert all(ext in message for ext in (".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pdf"))


def test_doctype_detection() -> None:
    assert has_doctype(b'<?xml version="1.0"?><!DOCTYPE x><x/>')
    assert has_doctype(b"<!doctype x>")
    assert has_doctype("<!DOCTYPE x>".encode("utf-16-le"))
    assert has_doctype(b"<!ENTITY a 'b'>")
    assert not has_doctype(b"<w:document><w:t>DOCTYPE</w:t></w:document>")

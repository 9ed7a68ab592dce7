"""Hostile .odt/.ods/.pdf files get what hostile .docx files get: a Chinese message, quickly, nothing changed."""

from __future__ import annotations

import shutil
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.planner.test_import_hostile import refuse

CONVERTED = Path(__file__).resolve().parents[1] / "fixtures" / "converted"


def _rewrite(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return target


def odt_entities(tmp: Path) -> Path:
    """content.xml with a billion-laughs DOCTYPE."""

    def change(m: dict[str, bytes]) -> None:
        doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        m["content.xml"] = m["content.xml"].replace(b"?>", b"?>" + doctype.encode(), 1)

    return _rewrite(CONVERTED / "numbered.odt", tmp / "實體.odt", change)


def odt_bomb(tmp: Path) -> Path:
    """An extra member of 300 MB of spaces, deflated to about 300 KB."""
    path = shutil.copyfile(CONVERTED / "numbered.odt", tmp / "炸彈.odt")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("Pictures/big.xml", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(300):
                member.write(block)
    return path


def ods_repeated_rows(tmp: Path) -> Path:
    """A value after a million repeated empty rows (the sheet's rest as LibreOffice writes it)."""

    def change(m: dict[str, bytes]) -> None:
        row = (
            b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
            b'<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
            b"</table:table-row></table:table>"
        )
        m["content.xml"] = m["content.xml"].replace(b"</table:table>", row, 1)

    return _rewrite(CONVERTED / "clerk.ods", tmp / "百萬列.ods", change)


def ods_giant_span(tmp: Path) -> Path:
    """One cell spanning a million rows and a thousand columns."""

    def change(m: dict[str, bytes]) -> None:
        cell = (
            b'<table:table-row><table:table-cell table:number-rows-spanned="1000000" '
            b'table:number-columns-spanned="1000" office:value-type="string"><text:p>x</text:p>'
            b"</table:table-cell></table:table-row></table:table>"
        )
        m["content.xml"] = m["content.xml"].replace(b"</table:table>", cell, 1)

    return _rewrite(CONVERTED / "clerk.ods", tmp / "大合併.ods", change)


def pdf_bomb(tmp: Path) -> Path:
    """A PDF whose page content inflates to 300 MB."""
    data = (CONVERTED / "scanned.pdf").read_bytes()
    inflater = zlib.compressobj(9)
    body = b"".join(inflater.compress(b"0 0 m " * (1 << 16)) for _ in range(800)) + inflater.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    data = data.replace(b"<< /Length 24 >>\nstream\n0.9 g 72 72 451 698 re f\nendstream", stream)
    path = tmp / "炸彈.pdf"
    path.write_bytes(data)
    return path


def pdf_too_large(tmp: Path) -> Path:
    """A 101 MB file that starts like a PDF."""
    path = tmp / "巨大.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(101 * 1024 * 1024)
    return path


def pdf_damaged(tmp: Path) -> Path:
    """The first 3 KB of a real PDF."""
    path = tmp / "損壞.pdf"
    path.write_bytes((CONVERTED / "split.pdf").read_bytes()[:3000])
    return path


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("odt entities", odt_entities, "DOCTYPE"),
    ("odt zip bomb", odt_bomb, "檔案太大"),
    ("ods million repeated rows", ods_repeated_rows, "超過 250,000 列，檔案太大"),
    ("ods giant span", ods_giant_span, "檔案太大"),
    ("pdf bomb", pdf_bomb, "檔案太大"),
    ("pdf too large", pdf_too_large, "檔案太大"),
    ("pdf damaged", pdf_damaged, "PDF"),
]


@pytest.mark.parametrize(("name", "make", "match"), CASES, ids=[c[0] for c in CASES])
def test_hostile_odf_and_pdf_are_refused(
    ws, tmp_path: Path, name: str, make: Callable[[Path], Path], match: str
) -> None:
    path = make(tmp_path)
    elapsed, peak = refuse(ws, path, match)
    print(f"{name}: {elapsed * 1000:.0f} ms, peak {peak / 1e6:.1f} MB")

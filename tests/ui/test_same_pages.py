"""Our PDF, and LibreOffice's rendering of our .docx and .odt, show the same pages (skipped without soffice)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from planner.importers import apply_import, read_plan_file
from ui.render.breaks import export_docx_paged, export_odt_paged, page_starts
from ui.render.layout import layout_plan
from ui.render.pdf import export_pdf

FIXTURES = Path(__file__).parents[1] / "fixtures"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LABEL = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|（續）)")


def convert(files: list[Path], outdir: Path) -> None:
    """Convert documents to PDF with LibreOffice in one run, 標楷體 mapped as in TECH-NOTES."""
    env = {**os.environ, "FONTCONFIG_FILE": str(FIXTURES / "fonts.conf")}
    profile = f"-env:UserInstallation=file:///tmp/lo-test-{os.getpid()}"
    command = [SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=240)


def page_tops(pdf: Path, headers: set[str]) -> list[str | None]:
    """Return per page the first table line below the repeated header, None on a page without the table."""
    from pypdf import PdfReader

    out: list[str | None] = []
    for page in PdfReader(pdf).pages:
        lines = [ln.strip() for ln in page.extract_text().split("\n") if ln.strip()]
        seen = False
        top = None
        for line in lines:
            if all(word in headers for word in line.split()):
                seen = True
                continue
            if seen:
                top = line.replace("\u2005", "")
                break
        out.append(top)
    return out


def check_plan(ws, plan, tmp_path: Path) -> None:
    """Export the plan three ways and compare the page count and the first table row on each page."""
    doc = layout_plan(ws, plan)
    headers = {line.text for p in doc.pages for c in p.cells if c.header for line in c.lines}
    headers |= {c.text for p in doc.pages for c in p.cells if c.header}
    ours = export_pdf(ws, plan, tmp_path / "ours.pdf")
    docx = export_docx_paged(ws, plan, tmp_path / "word.docx")
    odt = export_odt_paged(ws, plan, tmp_path / "odf.odt")
    convert([docx, odt], tmp_path)
    assert page_starts(ws, plan) == doc.page_starts
    expected = page_tops(ours, headers)
    assert len(expected) == len(doc.pages)
    for name in ("word.pdf", "odf.pdf"):
        tops = page_tops(tmp_path / name, headers)
        assert len(tops) == len(expected), (name, tops, expected)
        table_pages = [i for i, top in enumerate(tops) if top is not None]
        for i in table_pages[1:]:
            assert LABEL.match(tops[i]) or "（續）" in tops[i], (name, i + 1, tops[i])
            assert expected[i] is not None and expected[i][:2] == tops[i][:2], (name, i + 1, tops[i], expected[i])


pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def test_demo_plan_has_the_same_pages_everywhere(qapp, demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    assert len(layout_plan(demo_ws, plan).page_starts) >= 3
    check_plan(demo_ws, plan, tmp_path)


@pytest.mark.parametrize("sample", ["000-l4.docx", "002-l4-br.docx"])
def test_imported_samples_have_the_same_pages_everywhere(qapp, ws, tmp_path, sample):
    plan = apply_import(ws, read_plan_file(FIXTURES / "samples" / sample))
    check_plan(ws, plan, tmp_path)

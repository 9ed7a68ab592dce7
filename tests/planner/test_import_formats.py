"""Every format agencies have: ODF, LibreOffice-saved Word, old .doc, the published PDF, a scanned PDF.

The files in tests/fixtures/converted/ were made once by tests/fixtures/make_converted.py with LibreOffice
from the generated fixtures of tests/fixtures/real_plans.py; each must import as the same expected tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.errors import BadInput
from planner.importers import apply_import, read_plan_file
from planner.importers.convert import find_soffice
from planner.show import plan_to_dict
from tests.fixtures import real_plans as rp
from tests.planner.test_import_real import check

CONVERTED = Path(__file__).resolve().parents[1] / "fixtures" / "converted"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("numbered.odt", "odt"),
        ("numbered-lo.docx", "docx"),
        ("clerk.ods", "ods"),
        ("split.pdf", "pdf"),
        ("numbered.pdf", "pdf"),
    ],
)
def test_converted_files_import_the_expected_tree(tmp_path: Path, name: str, kind: str) -> None:
    source = tmp_path / name
    shutil.copyfile(CONVERTED / name, source)
    result = read_plan_file(source)
    assert result.kind == kind
    check(result)
    if kind != "ods":
        assert [s["heading"] for s in result.data["sections"]] == [h for h, _ in rp.SECTIONS] + [rp.CONTENT_HEADING]
    assert not [w for w in result.warnings if "重新編" in w]  # LibreOffice's own numbering: no false notices
    if kind == "pdf":
        assert "PDF 檔不保留段落" in result.warnings[-1]


def test_odt_section_text_keeps_its_list_labels(tmp_path: Path) -> None:
    result = read_plan_file(CONVERTED / "numbered.odt")
    assert result.data["sections"] == rp.expected_sections()


def test_pdf_applies_like_any_other_file(ws) -> None:
    result = read_plan_file(CONVERTED / "split.pdf")
    plan = apply_import(ws, result)
    shown = plan_to_dict(ws, plan)
    assert shown["year"] == 102
    assert [i["title"] for i in shown["items"]] == [item for item, _ in rp.ITEMS]
    methods = [m for i in shown["items"] for f in i["focuses"] for m in f["methods"]]
    assert methods[5]["units"] == ["各課室"]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_old_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "去年計畫.doc"
    shutil.copyfile(CONVERTED / "split.doc", source)
    result = read_plan_file(source)
    assert result.kind == "doc" and result.path == source
    check(result)
    assert "LibreOffice" in result.warnings[0]


def test_old_doc_without_libreoffice_says_how_to_save_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_SOFFICE", "")
    with pytest.raises(BadInput, match=r"沒有安裝 LibreOffice.*另存新檔.*\.docx"):
        read_plan_file(CONVERTED / "split.doc")


def test_scanned_pdf_gets_a_clear_message() -> None:
    with pytest.raises(BadInput, match=r"沒有文字層（可能是掃描的影像）.*OCR"):
        read_plan_file(CONVERTED / "scanned.pdf")

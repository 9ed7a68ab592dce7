"""Printing and PDF: the layout pass (pages of boxes), the PDF read back, the window's export and print commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog

from planner.build import add_plan_from_data
from planner.errors import BadInput
from planner.export.scope import Scope, scope_for, select
from planner.layouts import preset
from planner.plans import set_layout
from tests.ui.helpers import act, make_window, trigger
from ui import cli
from ui.dialogs import blocking
from ui.dialogs.export import ITEM, UNIT, WHOLE, ScopeDialog
from ui.render.boxes import A4, MARGIN
from ui.render.fonts import CJK_FAMILIES, choose_fonts
from ui.render.layout import layout_plan
from ui.render.measure import Measurer
from ui.render.pdf import export_pdf, print_document
from ui.shell.export_commands import default_name

DEMO_TITLE = "星河市立圖書館115年度提升服務工作計畫"
KAOHSIUNG_HEADERS = ("工作要項", "工作重點", "業務單位")
IMPLEMENTATION_HEADERS = ("實施要項", "執行重點", "執行步驟(方法)", "查核期限", "備註")


def flat(text: str) -> str:
    """Remove every kind of whitespace (line breaks, the quarter-em autospace)."""
    return "".join(text.split())


# Qt draws synthetic bold (標楷體 has no bold face) twice, the copy marked as no text (an empty ActualText):
# pdftotext and viewers skip it, pypdf does not, so the copies are removed before extracting.
SILENT_COPY = re.compile(rb"/Span << /ActualText <> >> BDC\n.*?EMC\n", re.DOTALL)


def pdf_texts(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(str(path))
    texts = []
    for page in reader.pages:
        stream = page["/Contents"].get_object()  # Qt writes one content stream per page
        stream.set_data(SILENT_COPY.sub(b"", stream.get_data()))
        texts.append(flat(page.extract_text()))
    return reader, texts


def expected_titles(ws, plan, scope: Scope | None = None) -> list[str]:
    """Return label+title of every 要項, 重點 and 方法 printed, in order (the first body line when untitled)."""
    labels = plan.numbering()
    out: list[str] = []

    def head(node) -> str:
        title = node.title.strip() or next((ln.strip() for ln in node.body.splitlines() if ln.strip()), "")
        return flat(labels[node.id] + title)

    for item, focuses in select(plan, scope):
        out.append(head(item))
        for focus, methods in focuses:
            out.append(head(focus))
            out.extend(head(m) for m in methods)
    return out


def assert_in_order(text: str, wanted: list[str]) -> None:
    pos = 0
    for want in wanted:
        found = text.find(want, pos)
        assert found >= 0, f"{want!r} missing after position {pos}"
        pos = found + len(want)


def check_pdf(path: Path, ws, plan, scope, headers, landscape: bool, pages: range) -> list[str]:
    reader, texts = pdf_texts(path)
    count = len(reader.pages)
    assert count in pages
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == ((842, 595) if landscape else (595, 842))
    assert f"第1頁，共{count}頁" in texts[0]
    assert texts[-1].endswith(f"第{count}頁，共{count}頁")
    wanted = expected_titles(ws, plan, scope)
    # The table runs from the page of its first row to the page of its last; pages of
    # sections before or after it carry no header.
    table_pages = [i for i, text in enumerate(texts) if any(w[:6] in text for w in wanted)]
    for number, text in enumerate(texts, 1):
        assert f"第{number}頁，共{count}頁" in text
        if table_pages[0] <= number - 1 <= table_pages[-1]:
            for header in headers:
                assert flat(header) in text, f"header {header} missing on page {number}"
    assert_in_order("".join(texts), wanted)
    return texts


# ---------------------------------------------------------------- PDF read back


def test_pdf_of_the_demo_plan_portrait(qapp, demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    out = export_pdf(demo_ws, plan, tmp_path / "計畫.pdf")
    assert out == tmp_path / "計畫.pdf"
    texts = check_pdf(out, demo_ws, plan, None, KAOHSIUNG_HEADERS, False, range(5, 10))
    assert texts[0].startswith(DEMO_TITLE)
    assert "壹、計畫依據" in texts[0] and "肆、計畫內容" in texts[0]
    assert "陸、其他" in texts[-1]
    whole = "".join(texts)
    for unit in ("秘書室", "閱覽服務課", "推廣課", "資訊課"):
        assert unit in whole
    reader = PdfReader(str(out))
    assert reader.metadata.title == DEMO_TITLE
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("UKai" in f or "Kai" in f or "CJKtc" in f.replace(" ", "") or "TC" in f for f in fonts), fonts
    assert not any(mark in f for f in fonts for mark in ("SC", "JP", "CN")), fonts
    assert not list(tmp_path.glob(".*.tmp"))


def test_pdf_landscape_with_months_and_notes(qapp, demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    set_layout(demo_ws, plan, preset("implementation"))
    plan = demo_ws.plan(115)
    assert plan.layout.landscape
    out = export_pdf(demo_ws, plan, tmp_path / "橫式")
    assert out.suffix == ".pdf"
    texts = check_pdf(out, demo_ws, plan, None, IMPLEMENTATION_HEADERS, True, range(6, 13))
    whole = "".join(texts)
    assert "3月、6月、9月、12月" in whole
    for note in ("配合市府期程", "新增項目", "12月15日前送秘書室"):
        assert note in whole


def test_pdf_of_one_units_part(qapp, demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    scope = scope_for(demo_ws, plan, unit="推廣課")
    out = export_pdf(demo_ws, plan, tmp_path / "推廣課.pdf", scope)
    texts = check_pdf(out, demo_ws, plan, scope, KAOHSIUNG_HEADERS, False, range(2, 6))
    whole = "".join(texts)
    assert "（業務單位：推廣課）" in whole
    assert "壹、計畫依據" not in whole and "肆、計畫內容" in whole
    promoted = {m.title for m in plan.methods() if demo_ws.unit_by_name("推廣課").id in m.units}
    others = [m.title for m in plan.methods() if m.title and m.title not in promoted]
    assert "智慧取書櫃" in others
    assert not [t for t in others if t in whole]


def test_pdf_of_one_item_and_refusals(qapp, demo_ws, tmp_path):
    plan = demo_ws.plan(115)
    out = export_pdf(demo_ws, plan, tmp_path / "要項三.pdf", scope_for(demo_ws, plan, item=3))
    _, texts = pdf_texts(out)
    whole = "".join(texts)
    assert "三、便捷服務遞送過程與方式" in whole and "一、完備基礎服務項目" not in whole
    with pytest.raises(BadInput, match="副檔名"):
        export_pdf(demo_ws, plan, tmp_path / "x.docx")
    with pytest.raises(BadInput, match="資料夾不存在"):
        export_pdf(demo_ws, plan, tmp_path / "沒有" / "x.pdf")


# ---------------------------------------------------------------- the layout pass


def test_layout_repeats_header_and_spans_across_pages(qapp, demo_ws):
    plan = demo_ws.plan(115)
    doc = layout_plan(demo_ws, plan)
    assert len(doc.pages) >= 4
    table_pages = [p.number for p in doc.pages if any(not c.header for c in p.cells)]
    for page in doc.pages:
        assert (page.width, page.height) == A4
        headers = [c.text for c in page.cells if c.header]
        if table_pages[0] <= page.number <= table_pages[-1]:
            assert headers == list(KAOHSIUNG_HEADERS), page.number
        else:
            assert headers == [], page.number
        for box in page.boxes:
            inside = [box] if not hasattr(box, "lines") else box.lines
            for line in inside:
                assert MARGIN - 0.01 <= line.y and line.y + line.height <= page.height - MARGIN + 0.01
    continued = [c for p in doc.pages for c in p.cells if c.continued and c.field in ("item", "focus")]
    assert continued, "the demo plan has 要項/重點 cells crossing a page break"
    for cell in continued:
        first = next(c for p in doc.pages for c in p.cells if c.node_ids == cell.node_ids and not c.continued)
        shown = cell.text.rstrip("…")
        if shown.endswith("（續）"):  # the whole text was shown before: label, title and （續）
            assert first.text.startswith(shown.removesuffix("（續）")) and len(shown) > 3
            continue
        assert first.text.startswith(shown) and len(shown) >= min(len(first.text), 6)
    # the 重點 (一) starts on page 1 and continues at the top of page 2 with its label, title and （續）
    focus = plan.items[1].children[0]
    pieces = [(p.number, c) for p in doc.pages for c in p.cells if c.node_ids == (focus.id,)]
    assert [n for n, _ in pieces] == [1, 2]
    assert pieces[1][1].continued and pieces[1][1].text == "(一)" + focus.title.strip() + "（續）"
    assert pieces[0][1].text.startswith("(一)建立業務標準作業流程")


def test_layout_splits_tall_rows_and_keeps_columns(qapp, ws):
    body = "\n".join(f"{i}.第{i}項工作細節說明，依照作業程序逐項辦理並留存紀錄以供查核。" for i in range(1, 61))
    data = {
        "year": 114,
        "columns": "full",
        "sections": [{"heading": "計畫內容", "text": ""}],
        "items": [
            {
                "title": "長要項",
                "focuses": [
                    {
                        "title": "長重點",
                        "methods": [
                            {"title": "短方法", "body": "一行。", "units": ["行政課"], "months": [6]},
                            {"title": "很長的方法", "body": body, "units": ["教務課"], "months": [12], "note": "備"},
                        ],
                    }
                ],
            }
        ],
    }
    plan = add_plan_from_data(ws, data)
    doc = layout_plan(ws, plan)
    assert doc.landscape and (doc.pages[0].width, doc.pages[0].height) == (A4[1], A4[0])
    assert len(doc.pages) >= 3
    method = plan.items[0].children[0].children[1]
    pieces = [c for p in doc.pages for c in p.cells if c.field == "method" and c.node_ids == (method.id,)]
    assert len(pieces) >= 3 and not pieces[0].continued and all(c.continued for c in pieces[1:])
    text = "".join(c.text for c in pieces).replace("\u2005", "")
    for i in (1, 30, 60):
        assert f"{i}.第{i}項工作細節說明" in text
    for page in doc.pages:
        items = [c for c in page.cells if c.field == "item"]
        assert len(items) == 1 and items[0].text == ("一、長要項（續）" if items[0].continued else "一、長要項")
        assert next(c.text for c in page.cells if c.header) == "工作要項"
        widths = {c.field: round(c.width, 2) for c in page.cells if not c.header}
        assert set(widths) == {"item", "focus", "method", "units", "months", "note"}
        assert sum(widths.values()) == pytest.approx(page.width - 2 * MARGIN, abs=0.1)


def test_layout_shared_focus_cell_and_unit_part(qapp, ws):
    data = {
        "year": 114,
        "title": "114年度提升服務工作計畫",
        "issued": "中華民國114年2月1日訂定",
        "sections": [{"heading": "計畫依據", "text": "一、依據。"}, {"heading": "計畫內容", "text": ""}],
        "items": [
            {
                "title": "完備基礎服務",
                "focuses": [
                    {"title": "合宜環境", "merge_next": True, "methods": []},
                    {
                        "title": "網站便利",
                        "methods": [
                            {"title": "網站檢測", "units": ["輔導課"], "months": [3, 9]},
                            {"title": "無障礙", "units": ["行政課"], "note": "新增項目"},
                        ],
                    },
                ],
            }
        ],
    }
    plan = add_plan_from_data(ws, data)
    doc = layout_plan(ws, plan)
    cells = doc.pages[0].cells
    focus = [c for c in cells if c.field == "focus"]
    assert len(focus) == 1 and focus[0].text == "(一)合宜環境(二)網站便利"
    methods = [c for c in cells if c.field == "method"]
    assert [c.text for c in methods] == ["1.網站檢測", "2.無障礙"]
    assert focus[0].y == methods[0].y
    assert focus[0].height == pytest.approx(methods[0].height + methods[1].height)
    assert [c.text for c in cells if c.header] == ["工作要項", "工作重點", "業務單位"]
    header_focus = next(c for c in cells if c.header and c.text == "工作重點")
    assert header_focus.width == pytest.approx(focus[0].width + methods[0].width)
    part = layout_plan(ws, plan, scope_for(ws, plan, unit="輔導課"))
    texts = part.pages[0].texts()
    assert "（業務單位：輔導課）" in texts and "1.網站檢測" in texts and "2.無障礙" not in "".join(texts)
    assert "壹、計畫依據" not in texts and "貳、計畫內容" in texts
    with pytest.raises(BadInput, match="沒有相關的工作方法"):
        layout_plan(ws, plan, scope_for(ws, plan, unit="教務課"))


def test_layout_flows_a_span_taller_than_a_page(qapp, ws):
    title = "長" * 400 + "完"
    method = {"title": "方法", "units": ["行政課"]}
    data = {"year": 114, "items": [{"title": title, "focuses": [{"title": "重點", "methods": [method]}]}]}
    plan = add_plan_from_data(ws, data)
    doc = layout_plan(ws, plan)
    assert len(doc.pages) >= 2
    items = [c for p in doc.pages for c in p.cells if c.field == "item"]
    assert len(items) == len(doc.pages) and all(c.continued for c in items[1:])
    assert "".join(c.text for c in items) == "一、" + title  # the text goes on, nothing is lost or repeated
    assert [c.text for c in doc.pages[-1].cells if c.field == "focus"] == ["(一)重點（續）"]
    assert [c.text for c in doc.pages[0].cells if c.field == "method"] == ["1.方法"]


def test_cjk_wrapping_keeps_punctuation_off_line_starts(qapp):
    m = Measurer()
    em = m.advance("字", "cell")
    text = "一二三四五六七八九十，一二三四五六七八九十。一二三四五六七八九十、一二三"
    for width in (em * 10, em * 10.5, em * 9, em * 11):
        pieces = [t for t, _ in m.wrap(text, "cell", width, width)]
        assert "".join(pieces) == text
        assert all(p and p[0] not in "，。、" for p in pieces), pieces
        assert all(w <= width + 0.01 for _, w in m.wrap(text, "cell", width, width))


def test_fonts_are_traditional_chinese(qapp):
    choice = choose_fonts()
    assert choice.cjk in CJK_FAMILIES
    assert "SC" not in choice.cjk and "JP" not in choice.cjk
    if choice.cjk not in ("標楷體", "DFKai-SB"):
        assert choice.cjk.lower() in [f.lower() for f in QFont.substitutes("標楷體")]


def test_many_qt_calls_do_not_free_none(qapp):
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per void call; the renderer's guard covers it."""
    choose_fonts()  # applies the guard where needed
    point = QPointF()
    for _ in range(20000):
        point.setX(1.0)
    assert sys.getrefcount(None) > 0


# ---------------------------------------------------------------- the window's commands


def answer_scope(kind: str, index: int = 0):
    def run(dialog: ScopeDialog) -> bool:
        dialog.choose(kind, index)
        return True

    return run


@pytest.fixture
def save_paths(monkeypatch):
    """Answer the save dialogs from a queue; record the suggested names."""
    asked: list[tuple[str, str]] = []
    queue: list[Path | None] = []

    def ask(parent, title, start, suffix):
        asked.append((start, suffix))
        return queue.pop(0)

    monkeypatch.setattr(blocking, "ask_save_path", ask)
    return asked, queue


def test_menu_exports_word_and_pdf(qtbot, demo_ws, settings, dialog_log, tmp_path, save_paths):
    asked, queue = save_paths
    window = make_window(qtbot, settings, demo_ws)
    file_menu = window.menuBar().actions()[0].menu()
    file_actions = [a.objectName() for a in file_menu.actions()]
    for name in ("action_export_word", "action_export_pdf", "action_print_preview", "action_print"):
        assert name in file_actions
    assert act(window, "print").shortcut().toString() == "Ctrl+P"

    dialog_log.answer("run", answer_scope(WHOLE))
    queue.append(tmp_path / "全部.docx")
    trigger(window, "export_word")
    assert asked[-1][0] == str(demo_ws.path.parent / "115年度提升服務工作計畫.docx")
    doc = WordDocument(str(tmp_path / "全部.docx"))
    assert doc.paragraphs[0].text == DEMO_TITLE
    assert settings.value("export/folder") == str(tmp_path)

    dialog_log.answer("run", answer_scope(UNIT, 2))
    queue.append(tmp_path / "單位")
    trigger(window, "export_pdf")
    unit_name = demo_ws.units()[2].name
    assert asked[-1][0] == str(tmp_path / f"115年度提升服務工作計畫（{unit_name}）.pdf")
    _, texts = pdf_texts(tmp_path / "單位.pdf")
    assert f"（業務單位：{unit_name}）" in texts[0]
    assert "已匯出" in window.statusBar().currentMessage()

    dialog_log.answer("run", answer_scope(ITEM, 5))
    queue.append(tmp_path / "要項.pdf")
    trigger(window, "export_pdf")
    _, texts = pdf_texts(tmp_path / "要項.pdf")
    assert "六、掌握社經發展趨勢" in "".join(texts)

    dialog_log.answer("run", lambda dialog: False)  # cancelled scope: nothing asked, nothing written
    trigger(window, "export_pdf")
    assert len(asked) == 3


def test_menu_exports_odf_and_excel(qtbot, demo_ws, settings, dialog_log, tmp_path, save_paths):
    import zipfile

    from openpyxl import load_workbook

    asked, queue = save_paths
    window = make_window(qtbot, settings, demo_ws)
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]
    exports = ["action_export_word", "action_export_odt", "action_export_excel", "action_export_ods"]
    assert [n for n in names if n in exports] == exports
    plan = demo_ws.plan(115)
    first_method = next(n for n in plan.walk() if n.is_method).title
    for name, suffix in (("export_odt", ".odt"), ("export_excel", ".xlsx"), ("export_ods", ".ods")):
        dialog_log.answer("run", answer_scope(WHOLE))
        queue.append(tmp_path / f"計畫{suffix}")
        trigger(window, name)
        assert asked[-1] == (str(demo_ws.path.parent / f"115年度提升服務工作計畫{suffix}"), suffix)
        assert window.statusBar().currentMessage() == f"已匯出「計畫{suffix}」。"
    with zipfile.ZipFile(tmp_path / "計畫.odt") as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert first_method in odt.read("content.xml").decode("utf-8")
    with zipfile.ZipFile(tmp_path / "計畫.ods") as ods:
        assert ods.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert first_method in ods.read("content.xml").decode("utf-8")
    book = load_workbook(tmp_path / "計畫.xlsx")
    assert "計畫說明" in book.sheetnames
    assert any(first_method in str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)


def test_menu_export_to_a_bad_place_explains_in_chinese(qtbot, demo_ws, settings, dialog_log, tmp_path, save_paths):
    _, queue = save_paths
    window = make_window(qtbot, settings, demo_ws)
    dialog_log.answer("run", answer_scope(WHOLE), answer_scope(WHOLE))
    queue.extend([tmp_path / "沒有這個資料夾" / "計畫.pdf", tmp_path / "計畫.txt"])
    trigger(window, "export_pdf")
    trigger(window, "export_word")
    warnings = [text for kind, text in dialog_log.calls if kind == "warn"]
    assert len(warnings) == 2
    assert "資料夾不存在" in warnings[0]
    assert "副檔名" in warnings[1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".docx", ".txt", ".tmp")) == []


def test_menu_export_of_an_empty_unit_part(qtbot, ws, settings, dialog_log, tmp_path, save_paths):
    _, queue = save_paths
    add_plan_from_data(
        ws,
        {
            "year": 115,
            "items": [
                {
                    "title": "要項",
                    "focuses": [{"title": "重點", "methods": [{"title": "方法", "units": ["行政課"]}]}],
                }
            ],
        },
    )
    window = make_window(qtbot, settings, ws)
    units = [u.name for u in ws.units()]
    dialog_log.answer("run", answer_scope(UNIT, units.index("輔導課")))
    queue.append(tmp_path / "輔導課.pdf")
    trigger(window, "export_pdf")
    assert dialog_log.calls[-1][0] == "warn" and "沒有相關的工作方法" in dialog_log.calls[-1][1]
    assert not (tmp_path / "輔導課.pdf").exists()


def test_progress_reports_and_cancel(qtbot, demo_ws, settings, dialog_log, tmp_path, save_paths, monkeypatch):
    plan = demo_ws.plan(115)
    seen: list[tuple[int, int]] = []
    layout_plan(demo_ws, plan, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    assert [d / t for d, t in seen] == sorted(d / t for d, t in seen)
    seen.clear()
    export_pdf(demo_ws, plan, tmp_path / "進度.pdf", progress=lambda done, total: seen.append((done, total)))
    shares = [d / t for d, t in seen]
    assert shares == sorted(shares) and shares[-1] == 1.0 and any(0.6 < x < 1.0 for x in shares)
    (tmp_path / "進度.pdf").unlink()

    _, queue = save_paths
    window = make_window(qtbot, settings, demo_ws)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    dialog_log.answer("run", answer_scope(WHOLE))
    queue.append(tmp_path / "取消.pdf")
    trigger(window, "export_pdf")
    assert window.statusBar().currentMessage() == "已取消匯出。"
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.tmp"))


def test_print_and_preview_paint_the_pages(qtbot, demo_ws, settings, dialog_log, tmp_path, monkeypatch):
    window = make_window(qtbot, settings, demo_ws)
    printed = tmp_path / "printed.pdf"

    def fake_print(parent, printer: QPrinter) -> bool:
        assert printer.pageLayout().pageSize().id() == printer.pageLayout().pageSize().id().A4
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return True

    monkeypatch.setattr(blocking, "ask_print", fake_print)
    dialog_log.answer("run", answer_scope(WHOLE))
    trigger(window, "print")
    reader, texts = pdf_texts(printed)
    assert len(reader.pages) == 2
    assert "第2頁，共" in texts[0] and "第3頁，共" in texts[1]
    assert "已送出列印：2 頁" in window.statusBar().currentMessage()

    previewed = tmp_path / "preview.pdf"

    def fake_preview(dialog) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(previewed))
        print_document(dialog.sheets, printer)  # the pages the preview shows

    monkeypatch.setattr(blocking, "show_preview", fake_preview)
    dialog_log.answer("run", answer_scope(UNIT, 0))
    trigger(window, "print_preview")
    reader, texts = pdf_texts(previewed)
    assert texts[0].startswith(DEMO_TITLE) and "（業務單位：" in texts[0]
    assert f"第{len(reader.pages)}頁，共{len(reader.pages)}頁" in texts[-1]


def test_scope_dialog_and_default_names(qtbot, demo_ws):
    plan = demo_ws.plan(115)
    dialog = ScopeDialog(demo_ws, plan, "匯出 PDF：範圍")
    qtbot.addWidget(dialog)
    assert dialog.kind() == WHOLE and dialog.scope() == Scope()
    assert dialog.unit_combo.count() == 4
    assert dialog.item_combo.count() == len([i for i in plan.items if i.numbered])
    assert dialog.item_combo.itemText(0).startswith("一、完備基礎服務項目")
    dialog.choose(UNIT, 1)
    unit = demo_ws.units()[1]
    assert dialog.scope() == scope_for(demo_ws, plan, unit=unit.name)
    dialog.unit_combo.setCurrentIndex(0)
    assert dialog.by_unit.isChecked()
    dialog.item_combo.setCurrentIndex(2)
    assert dialog.kind() == ITEM and dialog.scope().item_index == 3
    assert default_name(demo_ws, plan, Scope(), ".docx") == "115年度提升服務工作計畫.docx"
    assert default_name(demo_ws, plan, Scope(item_index=3), ".pdf") == "115年度提升服務工作計畫（要項3）.pdf"


# ---------------------------------------------------------------- planner-cli with PDF


def test_cli_exports_pdf(qapp, demo_ws, tmp_path, capsys):
    path = str(demo_ws.path)
    demo_ws.close()
    out = tmp_path / "cli.pdf"
    assert cli.main(["export", path, "--year", "115", "--format", "pdf", "-o", str(out)]) == 0
    assert "已匯出" in capsys.readouterr().out
    reader, texts = pdf_texts(out)
    assert texts[0].startswith(DEMO_TITLE) and len(reader.pages) >= 5
    code = cli.main(["export", path, "--year", "115", "--format", "pdf", "--unit", "推廣課", "-o", str(tmp_path / "u")])
    assert code == 0 and "（業務單位：推廣課）" in pdf_texts(tmp_path / "u.pdf")[1][0]
    assert cli.main(["export", path, "--year", "115", "--format", "pdf", "-o", str(tmp_path / "no" / "x.pdf")]) == 2
    assert "資料夾不存在" in capsys.readouterr().err
    assert cli.main(["export", path, "--year", "115", "--format", "docx", "-o", str(tmp_path / "w.docx")]) == 0


def test_cli_without_pdf_does_not_load_qt(demo_ws):
    path = str(demo_ws.path)
    demo_ws.close()
    code = (
        "import sys\nfrom ui.cli import main\n"
        f"rc = main(['plans', {path!r}])\n"
        "print('QT' if 'PySide6.QtGui' in sys.modules else 'NOQT', rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.strip().endswith("NOQT 0"), result.stdout + result.stderr


def test_pdf_metadata_and_open_offer_after_export(
    qtbot, demo_ws, settings, dialog_log, tmp_path, save_paths, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QToolButton

    plan = demo_ws.plan(115)
    meta = PdfReader(str(export_pdf(demo_ws, plan, tmp_path / "m.pdf"))).metadata
    assert meta.title == DEMO_TITLE and meta.author == (plan.agency or demo_ws.agency) and meta.author
    assert meta.creator == "提升服務計畫編輯器"

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    _asked, queue = save_paths
    window = make_window(qtbot, settings, demo_ws)
    assert window.findChild(QToolButton, "status_open_file") is None  # made with the first export
    dialog_log.answer("run", answer_scope(WHOLE))
    queue.append(tmp_path / "開啟.pdf")
    trigger(window, "export_pdf")
    file_button = window.findChild(QToolButton, "status_open_file")
    folder_button = window.findChild(QToolButton, "status_open_folder")
    assert file_button.isVisible() and folder_button.isVisible()
    assert file_button.text() == "開啟檔案" and folder_button.text() == "開啟資料夾"
    QTest.mouseClick(file_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path / "開啟.pdf"), str(tmp_path)]
    window.show_status("別的訊息")
    assert not file_button.isVisible() and not folder_button.isVisible()

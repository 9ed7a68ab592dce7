"""The quick paths of the Word reader give the same text and numbering as the long way."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from planner.errors import BadInput
from planner.importers import docx_scan, read_plan_file
from planner.importers.docx import _block_children, _quick_cell_text, cell_text, paragraph_text
from planner.importers.docx_scan import broken_paragraphs, complex_paragraphs, scan_body, scan_paragraphs, scan_rows
from planner.importers.docx_tables import KnownRows, _quick_row, read_table
from planner.importers.numbering import Numbering
from planner.importers.safety import open_package
from planner.importers.wordml import W_BODY, W_NS, W_P, W_TBL, W_TC, W_TR
from tests.fixtures import real_plans as rp

RUN = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'


def _body(inner: str) -> etree._Element:
    root = etree.fromstring(f'<w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>'.encode())
    return root.find(W_BODY)


def test_plain_paragraph_text_matches_the_long_way() -> None:
    """w:t across runs, breaks, tabs, deleted and hidden text, field codes: quick and long readings agree."""
    body = _body(
        "<w:p>" + RUN.format("甲") + RUN.format("乙") + "</w:p>"
        "<w:p>" + RUN.format("一行") + "<w:r><w:br/></w:r>" + RUN.format("二行") + "</w:p>"
        "<w:p><w:r><w:t>前</w:t><w:tab/><w:t>後</w:t></w:r></w:p>"
        "<w:p>" + RUN.format("留") + '<w:del w:id="1"><w:r><w:delText>刪</w:delText></w:r></w:del></w:p>'
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隱</w:t></w:r>" + RUN.format("見") + "</w:p>"
        '<w:p><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' + RUN.format("頁") + "</w:p>"
        '<w:p><w:ins w:id="2"><w:r><w:t>插</w:t></w:r></w:ins></w:p>'
    )
    spoiled, broken = complex_paragraphs(body), broken_paragraphs(body)
    paragraphs = list(body.iter(W_P))
    assert len(broken) == 2 and len(spoiled) == 2
    assert scan_paragraphs(body) == (spoiled, broken, [])
    quick = [paragraph_text(p, Numbering(), spoiled, broken) for p in paragraphs]
    slow = [paragraph_text(p, Numbering()) for p in paragraphs]
    assert quick == slow == ["甲乙", "一行\n二行", "前\t後", "留", "見", "頁", "插"]


def _outline_docx(path: Path, spell: str) -> Path:
    """An outline numbered only through paragraph styles Lv0–Lv2, their ids spelled in the body as spell."""
    numbering = rp.abstract(
        1,
        rp.level(0, "taiwaneseCountingThousand", "%1、"),
        rp.level(1, "taiwaneseCountingThousand", "(%2)"),
        rp.level(2, "decimal", "%3."),
    ) + rp.num(1, 1)
    styles = "".join(rp.style(f"Lv{k}", f"Level {k}", (1, k)) for k in range(3))

    def styled(text: str, k: int) -> str:
        sid = spell.format(k)
        return f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>{rp.run(text)}</w:p>'

    body = (
        rp.para("114年度提升服務工作計畫")
        + rp.para("壹、計畫內容")
        + styled("甲要項", 0)
        + styled("甲重點", 1)
        + styled("方法一", 2)
        + styled("方法二", 2)
        + styled("乙要項", 0)
        + styled("乙重點", 1)
        + styled("方法三", 2)
    )
    return rp.write_docx(path, body, numbering, styles)


def _titles(path: Path) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    items = read_plan_file(path).data["items"]
    return [(i["title"], [(f["title"], [m["title"] for m in f["methods"]]) for f in i["focuses"]]) for i in items]


def test_style_numbering_found_however_the_id_is_spelled(tmp_path: Path) -> None:
    """A numbered style named with character references (&#76;v0) is still recognised: the byte test gives way."""
    plain = _titles(_outline_docx(tmp_path / "plain.docx", "Lv{}"))
    escaped = _titles(_outline_docx(tmp_path / "escaped.docx", "&#76;v{}"))
    assert plain == escaped == [("甲要項", [("甲重點", ["方法一", "方法二"])]), ("乙要項", [("乙重點", ["方法三"])])]


def test_prepare_lists_only_numbered_paragraphs() -> None:
    """prepare() keeps the paragraphs with a w:numPr or a numbered style; the byte test skips unused styles."""
    numbering = etree.fromstring(
        f'<w:numbering xmlns:w="{W_NS}">{rp.abstract(1, rp.level(0, "decimal", "%1."))}{rp.num(1, 1)}</w:numbering>'
    )
    styles = etree.fromstring(f'<w:styles xmlns:w="{W_NS}">{rp.style("Num", "Num", (1, 0))}</w:styles>')
    inner = rp.para("直接", num=(1, 0)) + rp.para("樣式", style="Num") + rp.para("一般", style="Plain") + rp.para("無")
    data = f'<w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>'.encode()
    body = etree.fromstring(data).find(W_BODY)
    direct, styled, plain, bare = body.iter(W_P)
    numbers = Numbering.load(numbering, styles)
    numbers.prepare(body, data)
    assert numbers.candidates == {direct, styled}
    assert [numbers.label(p) for p in (direct, styled, plain, bare)] == ["1.", "2.", "", ""]

    dead = etree.fromstring(
        f'<w:styles xmlns:w="{W_NS}">{rp.style("Num", "Num", (1, 0))}{rp.style("Dead", "Dead", (9, 0))}'
        f"{rp.style('Off', 'Off', (0, 0))}</w:styles>"
    )
    inner = rp.para("樣式", style="Num") + rp.para("無清單", style="Dead") + rp.para("關閉", style="Off")
    data = f'<w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>'.encode()
    body = etree.fromstring(data).find(W_BODY)
    styled, no_list, off = body.iter(W_P)
    numbers = Numbering.load(numbering, dead)
    assert set(numbers.style_num) == {"Num", "Dead", "Off"}
    numbers.prepare(body, data)
    assert numbers.candidates == {styled}  # a style whose list is not defined (or is 0) numbers nothing
    assert [Numbering.load(numbering, dead).label(p) for p in (styled, no_list, off)] == ["1.", "", ""]

    unused = rp.para("直接", num=(1, 0)) + rp.para("一般", style="Plain")
    data = f'<w:document xmlns:w="{W_NS}"><w:body>{unused}</w:body></w:document>'.encode()
    body = etree.fromstring(data).find(W_BODY)
    numbers = Numbering.load(numbering, styles)
    numbers.prepare(body, data)
    assert numbers.candidates == {next(body.iter(W_P))}


def test_quick_cell_text_matches_the_long_way() -> None:
    """Cells of plain paragraphs, nested tables, content controls, breaks and empty lines read alike both ways."""
    inner_table = "<w:tbl><w:tr><w:tc><w:p>" + RUN.format("內層") + "</w:p></w:tc></w:tr></w:tbl>"
    sdt = "<w:sdt><w:sdtPr/><w:sdtContent><w:p>" + RUN.format("控制項") + "</w:p></w:sdtContent></w:sdt>"
    cells = [
        "<w:tcPr/><w:p>" + RUN.format("第一行") + "</w:p><w:p/><w:p>" + RUN.format(" 第二行") + "</w:p>",
        "<w:p>" + RUN.format("外層") + "</w:p>" + inner_table,
        sdt + "<w:p>" + RUN.format("之後") + "</w:p>",
        "<w:p>" + RUN.format("上") + "<w:r><w:br/></w:r>" + RUN.format("下") + "</w:p>",
        '<w:p><w:del w:id="1"><w:r><w:delText>刪</w:delText></w:r></w:del>' + RUN.format("留") + "</w:p>",
        "<w:p>" + RUN.format("\u3000") + "</w:p>",
    ]
    body = _body("<w:tbl><w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr></w:tbl>")
    numbers = Numbering()
    numbers.prepare(body)
    spoiled, broken = complex_paragraphs(body), broken_paragraphs(body)
    tcs = [tc for tc in next(body.iter(W_TR)) if tc.tag == W_TC]
    quick = [cell_text(tc, numbers, spoiled, broken) for tc in tcs]
    slow = [cell_text(tc, Numbering()) for tc in tcs]
    assert quick == slow == ["第一行\n 第二行", "外層\n內層", "控制項\n之後", "上\n下", "留", ""]
    sets = (spoiled, broken, numbers.candidates or set())
    assert [_quick_cell_text(tc, sets) is not None for tc in tcs] == [True, False, False, False, False, True]


Rows = list[list[tuple[int, int, str | None, str, int]]]


def _read_all(body: etree._Element, index: int = 0) -> tuple[Rows, Rows, Rows]:
    """Read one top-level table of the body three ways: rows the body scan read, the quick readers, the long way."""
    numbers = Numbering()
    numbers.prepare(body)
    scan = scan_body(body)
    rows_scan = scan_rows(body)
    assert (rows_scan.spoiled, rows_scan.broken, rows_scan.num_prs) == (scan.spoiled, scan.broken, scan.num_prs)
    special = scan.spoiled | scan.broken | (numbers.candidates or set())
    tbl = [b for b in _block_children(body) if b.tag == W_TBL][index]

    def read(special_set: set[etree._Element] | None, known: KnownRows | None = None) -> Rows:
        def text(tc: etree._Element) -> str:
            return cell_text(tc, numbers, scan.spoiled, scan.broken)

        table = read_table(tbl, 1, text, _block_children, special_set, known)
        return [[(c.col, c.span, c.vmerge, c.text, c.width) for c in row] for row in table.rows]

    return read(special, rows_scan.rows), read(special), read(None)


def _read_both(body: etree._Element) -> tuple[Rows, Rows]:
    """Read the body's first table with the quick row readers and the long way (checking the scan's rows too)."""
    known, quick, slow = _read_all(body)
    assert known == quick
    return quick, slow


def _odd_rows() -> list[str]:
    """Rows of every kind both row readers must agree on (the 17 rows of test_quick_rows_match_the_long_way)."""
    cell = '<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{props}</w:tcPr><w:p>{runs}</w:p></w:tc>'

    def tc(text: str, props: str = "", w: int = 1000) -> str:
        return cell.format(w=w, props=props, runs=RUN.format(text) if text else "")

    rows = [
        "<w:tr>" + tc("要項") + tc("重點", '<w:gridSpan w:val="2"/>', 2000) + tc("單位") + "</w:tr>",
        "<w:tr>" + tc("一、甲", '<w:vMerge w:val="restart"/>') + tc("(一)乙") + tc("1.丙") + tc("秘書室") + "</w:tr>",
        "<w:tr>" + tc("", "<w:vMerge/>") + tc("", '<w:vMerge w:val="continue"/>') + tc("2.丁") + tc("") + "</w:tr>",
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + tc("左", '<w:hMerge w:val="restart"/>')
        + tc("右", "<w:hMerge/>")
        + tc("末")
        + "</w:tr>",
        '<w:tr><w:trPr><w:del w:id="9"/></w:trPr>' + tc("刪列") + "</w:tr>",
        "<w:tr>" + tc("寬", '<w:tcW w:w="5" w:type="pct"/>') + tc("x") + "</w:tr>",
        '<w:tr><w:tc><w:tcPr/><w:p><w:ins w:id="3">' + RUN.format("插入") + "</w:ins></w:p></w:tc></w:tr>",
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:tcPrChange w:id="4"><w:tcPr><w:gridSpan w:val="3"/>'
        "</w:tcPr></w:tcPrChange></w:tcPr><w:p>" + RUN.format("改") + "</w:p></w:tc></w:tr>",
        "<w:tr><w:tc><w:p>"
        + RUN.format("外")
        + "</w:p><w:tbl><w:tr><w:tc><w:p>"
        + RUN.format("內")
        + "</w:p></w:tc></w:tr></w:tbl></w:tc>"
        + tc("旁")
        + "</w:tr>",
        "<w:tr><w:customXml><w:tc><w:p>" + RUN.format("包") + "</w:p></w:tc></w:customXml></w:tr>",
        '<w:tr><w:ins w:id="5"><w:tc><w:p>' + RUN.format("塊") + "</w:p></w:tc></w:ins></w:tr>",
        "<w:tr><w:tc><w:p>" + RUN.format("前") + '</w:p><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc></w:tr>',
        "<w:tr>"
        + tc("上")
        + "<w:tc><w:p>"
        + RUN.format("a")
        + "<w:r><w:br/></w:r>"
        + RUN.format("b")
        + "</w:p></w:tc></w:tr>",
        # Cell properties outside the cell's w:tcPr, paragraphs in an unknown wrapper or in the w:tcPr, two w:tcPr:
        '<w:tr><w:tc><w:gridSpan w:val="3"/><w:tcPr><w:vMerge/><w:tcW w:w="700" w:type="dxa"/></w:tcPr><w:p>'
        + RUN.format("外性")
        + "</w:p></w:tc></w:tr>",
        "<w:tr><w:tc><w:tcPr/><w:smartTag><w:p>"
        + RUN.format("藏")
        + "</w:p></w:smartTag></w:tc>"
        + tc("鄰")
        + "</w:tr>",
        "<w:tr><w:tc><w:tcPr><w:p>"
        + RUN.format("性內")
        + "</w:p></w:tcPr><w:p>"
        + RUN.format("正")
        + "</w:p></w:tc></w:tr>",
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:tcPr><w:gridSpan w:val="4"/></w:tcPr><w:p>'
        + RUN.format("雙")
        + "</w:p></w:tc></w:tr>",
    ]
    return rows


def test_quick_rows_match_the_long_way() -> None:
    """Spans, merges, widths, gridBefore, deleted rows, tracked runs and odd rows: both row readers agree."""
    rows = _odd_rows()
    body = _body("<w:tbl>" + "".join(rows) + "</w:tbl>")
    quick, slow = _read_both(body)
    assert quick == slow
    scan = scan_body(body)
    special = scan.spoiled | scan.broken
    read = [_quick_row(tr, special) for tr in body.find(W_TBL).iterchildren(W_TR)]
    assert [r is not None for r in read] == [True] * 7 + [False] * 5 + [True] + [False] * 4
    assert [c[4] for c in read[12]] == ["上", None]  # the cell with a break is left to cell_text
    assert slow[10] == [(0, 2, None, "前", 0)] and slow[12] == [(0, 1, "continue", "外性", 700)]
    assert [c[3] for c in slow[13]] == ["", "鄰"] and [c[3] for c in slow[14]] == ["正"]
    assert slow[15] == [(0, 2, None, "雙", 0)]
    assert slow[1] == [(0, 1, "restart", "一、甲", 1000), (1, 1, None, "(一)乙", 1000), (2, 1, None, "1.丙", 1000),
                       (3, 1, None, "秘書室", 1000)]  # fmt: skip
    assert [c[3] for c in slow[3]] == ["左\n右", "末"] and slow[3][0][:2] == (1, 2)
    assert [c[3] for c in slow[6]] == ["改"] and slow[6][0][1] == 2  # the change's old span is not read
    assert [c[3] for c in slow[7]] == ["外\n內", "旁"] and [c[3] for c in slow[8]] == ["包"]
    assert [c[3] for c in slow[11]] == ["上", "a\nb"]
    assert len(slow) == 16  # the deleted row is left out


def _tables_in(body: etree._Element) -> int:
    return sum(1 for b in _block_children(body) if b.tag == W_TBL)


def test_scan_rows_match_the_long_way_around_tables() -> None:
    """Rows the body scan reads end where their table ends: text after a table, stray text, sdt and nested rows."""
    plain = (
        "<w:tr><w:tc><w:p>" + RUN.format("甲") + "</w:p></w:tc><w:tc><w:p>" + RUN.format("乙") + "</w:p></w:tc></w:tr>"
    )
    grid = '<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid>'
    wide = '<w:tc><w:tcPr><w:tcW w:w="1500" w:type="dxa"/></w:tcPr><w:p>' + RUN.format("寬") + "</w:p></w:tc>"
    inner = [
        "<w:tbl>" + plain + "</w:tbl><w:p>" + RUN.format("表後") + "</w:p>",
        "<w:tbl>" + plain + "</w:tbl><w:tbl>" + plain + plain + "</w:tbl>",
        "<w:tbl>" + plain + "</w:tbl><w:t>散字</w:t>",  # text outside any paragraph after the table
        "<w:tbl>" + plain.replace("</w:tc></w:tr>", "</w:tc><w:t>列中</w:t></w:tr>") + "</w:tbl>",
        "<w:tbl>" + plain.replace("</w:p></w:tc>", "</w:p><w:t>格中</w:t></w:tc>", 1) + plain + "</w:tbl>",
        "<w:tbl>" + plain + "<w:sdt><w:sdtPr/><w:sdtContent>" + plain + "</w:sdtContent></w:sdt>" + plain + "</w:tbl>",
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tbl>" + plain + "</w:tbl></w:sdtContent></w:sdt><w:p/>",
        "<w:tbl>" + plain.replace("<w:tc>", "<w:tc><w:tcPr/><w:tr><w:tc><w:p/></w:tc></w:tr>", 1) + plain + "</w:tbl>",
        "<w:tbl><w:tblPr/>" + grid + plain + "</w:tbl>",  # the grid gives the positions: no width read
        "<w:tbl>" + grid + "<w:tr>" + wide + wide + wide + "</w:tr></w:tbl>",  # more cells than grid columns
        "<w:tbl>" + plain + "</w:tbl><w:p><w:r><w:drawing/></w:r></w:p>",
        "<w:tbl>" + plain.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>') + plain + "</w:tbl>",
    ]
    for xml in inner:
        body = _body(xml)
        for index in range(_tables_in(body)):
            known, quick, slow = _read_all(body, index)
            assert known == quick == slow, xml
    body = _body(inner[2])
    assert _read_all(body)[0] == [[(0, 1, None, "甲", 0), (1, 1, None, "乙", 0)]]
    assert _read_all(_body(inner[9]))[0] == [
        [(0, 1, None, "寬", 1500), (1, 1, None, "寬", 1500), (2, 1, None, "寬", 1500)]
    ]
    assert _read_all(_body(inner[11]))[0][0][0][:2] == (2, 1)
    nested = _body(inner[7])
    assert len(scan_rows(nested).rows.cells) == 2  # the row holding a row is left to the long way


def test_scan_rows_match_the_long_way_shuffled() -> None:
    """Any mix of odd rows, in tables separated by paragraphs or not, reads alike by the scan and the long way."""
    rows = _odd_rows()
    between = ["", "<w:p>" + RUN.format("段") + "</w:p>", "<w:p/>", '<w:bookmarkStart w:id="1" w:name="b"/>']
    rng = random.Random(11)
    for _ in range(60):
        parts = []
        for _ in range(rng.randint(1, 3)):
            parts.append("<w:tbl>" + "".join(rng.choice(rows) for _ in range(rng.randint(1, 6))) + "</w:tbl>")
            parts.append(rng.choice(between))
        body = _body("".join(parts))
        for index in range(_tables_in(body)):
            known, quick, slow = _read_all(body, index)
            assert known == quick == slow, parts


def test_scan_counts_rows_and_paragraphs(monkeypatch) -> None:
    """The body scan refuses more rows or paragraphs than the limits, and counts paragraphs only when asked."""
    body = _body("<w:p/>" * 5 + "<w:tbl>" + "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 3 + "</w:tbl><w:altChunk/>")
    assert scan_body(body).alt_chunk
    monkeypatch.setattr(docx_scan, "MAX_PARAGRAPHS", 7)
    with pytest.raises(BadInput, match="個段落"):
        scan_body(body)
    assert not scan_body(body, count_paragraphs=False).spoiled
    monkeypatch.setattr(docx_scan, "MAX_ROWS", 2)
    with pytest.raises(BadInput, match="列"):
        scan_body(body, count_paragraphs=False)


def test_kept_main_part_is_read_once_and_alike(tmp_path: Path) -> None:
    """check_zip keeps the largest member it inflated; Package.read hands it out once, the same bytes."""
    path = tmp_path / "plan.docx"
    rp.write_docx(path, "<w:p>" + RUN.format("計畫") + "</w:p>")
    with zipfile.ZipFile(path) as zf:
        expected = zf.read("word/document.xml")
        largest = max(zf.infolist(), key=lambda i: i.file_size).filename
    with open_package(path) as pkg:
        assert list(pkg.kept) == [largest]
        assert pkg.read(largest) == zf_bytes(path, largest)
        assert not pkg.kept
        assert pkg.read("word/document.xml") == expected


def zf_bytes(path: Path, name: str) -> bytes:
    """Return a member's bytes read straight from the zip."""
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def test_absent_style_ids_byte_test() -> None:
    """The byte test answers absent only when no id and no character reference can hide in the bytes."""
    from planner.importers.numbering import _absent

    plain = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:body></w:document>'
    assert _absent(["ListBullet"], plain.encode())
    assert not _absent(["ListBullet"], plain.replace("A &amp;", "&#76;istBullet").encode())
    assert not _absent(["ListBullet"], plain.replace("A &amp; B", "ListBullet2").encode())
    assert _absent([], b"")


def test_realign_and_repeated_header_shortcuts() -> None:
    """realign leaves a regular grid at once (and still merges slivers); repeats_header is squeeze's answer."""
    from planner.importers.docx_tables import RawCell, Table, realign, repeats_header
    from planner.importers.labels import squeeze

    def rows() -> list[list[RawCell]]:
        return [
            [RawCell(0, 2, None, "甲"), RawCell(2, 1, None, "乙")],
            [RawCell(0, 1, None, "丙"), RawCell(1, 2, None, "丁")],
        ]

    regular = Table(1, rows(), [1000, 1500, 900])
    realign(regular)
    assert not regular.realigned and [[(c.col, c.span) for c in r] for r in regular.rows] == [
        [(0, 2), (2, 1)],
        [(0, 1), (1, 2)],
    ]
    sliver = Table(1, rows(), [1000, 150, 900])  # the middle column is narrower than EDGE_TOLERANCE
    realign(sliver)
    assert sliver.realigned and sliver.grid_width() == 2

    heads = {0: "工作要項", 1: "豈", 2: "業務單位"}
    texts = ["工作要項", "工 作 要 項", "\uf900", "豈", "業務\u00a0單位", "行政課", "", "工作要項與重點說明文字"]
    for a in texts:
        for b in texts:
            cells = [RawCell(0, 1, None, a), RawCell(1, 1, None, b), RawCell(2, 1, None, "業務單位")]
            expected = sum(1 for c in cells if heads.get(c.col) and squeeze(c.text) == heads[c.col]) >= 2
            assert repeats_header(cells, heads) == expected, (a, b)


def test_large_part_rows_counted_before_read(monkeypatch, tmp_path: Path) -> None:
    """A part over ROWS_IN_SCAN bytes is counted first: too many rows are refused before scan_rows reads any."""
    from planner.importers import docx

    row = "<w:tr><w:tc><w:p>" + RUN.format("列") + "</w:p></w:tc></w:tr>"
    path = rp.write_docx(tmp_path / "rows.docx", "<w:tbl>" + row * 3 + "</w:tbl>")
    monkeypatch.setattr(docx_scan, "MAX_ROWS", 2)
    with pytest.raises(BadInput, match="列"):
        read_plan_file(path)  # a small part: refused by scan_rows itself

    def never(body: etree._Element) -> None:
        raise AssertionError("scan_rows read a part that is over the limits")

    monkeypatch.setattr(docx, "ROWS_IN_SCAN", 0)
    monkeypatch.setattr(docx, "scan_rows", never)
    with pytest.raises(BadInput, match="列"):
        read_plan_file(path)

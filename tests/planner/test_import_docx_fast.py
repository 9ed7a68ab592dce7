"""The quick paths of the Word reader give the same text and numbering as the long way."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from planner.importers import read_plan_file
from planner.importers.docx import (
    _quick_cell_text,
    broken_paragraphs,
    cell_text,
    complex_paragraphs,
    paragraph_text,
    scan_paragraphs,
)
from planner.importers.numbering import Numbering
from planner.importers.wordml import W_BODY, W_NS, W_P, W_TC, W_TR
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

"""Reading .docx plans of every layout: merged cells, shared 重點 cells, outlines, tracked changes, numbering."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import BadInput
from planner.importers import apply_import, read_plan_file
from planner.importers.cells import parse_months, parse_units
from planner.importers.labels import (
    ARABIC,
    CN,
    LATIN,
    PAREN_ARABIC,
    PAREN_CN,
    PAREN_LATIN,
    SECTION,
    parse_label,
)
from planner.importers.titles import parse_title_lines
from planner.importers.tree import split_method_text
from planner.layouts import preset
from planner.show import plan_to_dict
from tests.fixtures.import_docs import p, tbl, tc, tr, write_docx

HEAD = p("高雄市政府測試局") + p("114年度提升服務工作計畫") + p("壹、計畫依據") + p("一、依據甲。") + p("貳、計畫內容")


def tree(result) -> list:
    """Return (level, numbered, title, body) tuples plus method units/months/note for compact asserts."""
    out = []
    for item in result.data["items"]:
        out.append((1, item["numbered"], item["title"], item["body"]))
        for focus in item["focuses"]:
            out.append((2, focus["numbered"], focus["title"], focus["body"], focus["merge_next"]))
            for m in focus["methods"]:
                out.append((3, m["numbered"], m["title"], m["body"], m["units"], m["months"], m["note"]))
    return out


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("line", "kind", "number", "rest"),
    [
        ("壹、計畫依據", SECTION, 1, "計畫依據"),
        ("叁、實施對象", SECTION, 3, "實施對象"),
        ("拾壹、其他", SECTION, 11, "其他"),
        ("一、完備基礎服務", CN, 1, "完備基礎服務"),
        ("十二、其他", CN, 12, "其他"),
        ("(一)建立業務", PAREN_CN, 1, "建立業務"),
        ("（二）提供民眾", PAREN_CN, 2, "提供民眾"),
        ("( 二 ) 提 供", PAREN_CN, 2, "提 供"),
        ("㈢ 注重", PAREN_CN, 3, "注重"),
        ("1.訂立標準", ARABIC, 1, "訂立標準"),
        ("2、依業務", ARABIC, 2, "依業務"),
        ("３．全形", ARABIC, 3, "全形"),
        ("12. 十二", ARABIC, 12, "十二"),
        ("(1)單一窗口", PAREN_ARABIC, 1, "單一窗口"),
        ("A. 設置", LATIN, 1, "設置"),
        ("(B) 身心障礙", PAREN_LATIN, 2, "身心障礙"),
    ],
)
def test_parse_label(line: str, kind: str, number: int, rest: str) -> None:
    label = parse_label(line)
    assert label is not None
    assert (label.kind, label.number, label.rest) == (kind, number, rest)


@pytest.mark.parametrize("line", ["參與式服務", "1.5倍的時間", "104年度計畫", "API 開放", "十分重要", "2定期辦理", ""])
def test_not_a_label(line: str) -> None:
    assert parse_label(line) is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("6月、12月", [6, 12]),
        ("12月", [12]),
        ("4月", [4]),
        ("每季", [3, 6, 9, 12]),
        ("每月", list(range(1, 13))),
        ("6、12月", [6, 12]),
        ("6月\n12月", [6, 12]),
        ("１２月", [12]),
        ("1-3月", [1, 2, 3]),
        ("十二月底", [12]),
        ("每半年", [6, 12]),
        ("隨時", None),
        ("13月", None),
    ],
)
def test_parse_months(text: str, months: list[int] | None) -> None:
    assert parse_months(text) == months


def test_parse_units() -> None:
    assert parse_units("行政課、教務課\n輔導課") == ["行政課", "教務課", "輔導課"]
    assert parse_units("行政課，教務課, 輔導課；秘書室") == ["行政課", "教務課", "輔導課", "秘書室"]
    assert parse_units("行政課 活動課") == ["行政課", "活動課"]
    assert parse_units("秘 書 室") == ["秘書室"]
    assert parse_units("行政課\n行政課") == ["行政課"]


def test_split_method_text() -> None:
    title, body, label = split_method_text("1.訂立標準作業程序/SOP\n訂立標準作業程序。")
    assert (title, body) == ("訂立標準作業程序/SOP", "訂立標準作業程序。")
    assert label is not None and (label.kind, label.number) == (ARABIC, 1)
    title, body, label = split_method_text("標準作業流程(sop)\n訂定空間服務SOP。")
    assert (title, body, label) == ("標準作業流程(sop)", "訂定空間服務SOP。", None)
    # A sentence with no title is body (002, 001).
    assert split_method_text("依據市府實施計畫訂定機關計畫。")[:2] == ("", "依據市府實施計畫訂定機關計畫。")
    title, body, label = split_method_text("2、依計畫自行辦理年度電話服務品質及禮貌測試。")
    assert (title, body) == ("", "依計畫自行辦理年度電話服務品質及禮貌測試。")
    assert label is not None and label.number == 2


def test_title_lines() -> None:
    info = parse_title_lines(["臺北市勞動力重建運用處 104 年度提升服務品質實施計畫", "中華民國 104 年 4 月 14 日訂定"])
    assert (info.agency, info.year, info.title) == ("臺北市勞動力重建運用處", 104, "104年度提升服務品質實施計畫")
    assert info.issued == "中華民國 104 年 4 月 14 日訂定"
    info = parse_title_lines(
        ["高雄市政府工務局 102 年度提升服務品質執行計畫", "102 年 3 月 14 日高市工務秘字第 10231769100 號函頒"]
    )
    assert (info.agency, info.year) == ("高雄市政府工務局", 102)
    assert info.issued.endswith("號函頒")
    info = parse_title_lines(["高雄市林園區公所提升服務執行計畫"])
    assert (info.agency, info.year, info.title) == ("高雄市林園區公所", None, "提升服務執行計畫")
    info = parse_title_lines(["附件1", "某某局", "2025年度提升服務工作計畫"])
    assert (info.agency, info.year, info.title) == ("某某局", 114, "114年度提升服務工作計畫")


# ---------------------------------------------------------------- tables


def test_word_table_with_bare_vmerge_repeated_header_and_grid_before(tmp_path: Path) -> None:
    header = tr(tc("工作要項"), tc("工作重點"), tc("工作方法"), tc("業務單位"), header=True)
    body = HEAD + tbl(
        header,
        tr(
            tc("一、甲要項", vmerge="restart"), tc("(一)甲重點", vmerge="restart"), tc("1.方法一\n內容一"), tc("行政課")
        ),
        tr(tc(vmerge="bare"), tc(vmerge="bare"), tc("2.方法二\n內容二"), tc("教務課、輔導課")),
        header,  # the header row repeated on the next page
        tr(tc(vmerge="bare"), tc("(二)乙重點"), tc("1.方法三"), tc("行政課\n教務課")),
        # gridBefore: the 要項 column is skipped, so the 要項 above continues
        tr(tc("(三)丙重點"), tc("方法四\n內容四"), tc("輔導課"), before=1),
        tr(tc("二、乙要項"), tc("(一)丁重點"), tc("1.方法五"), tc("行政課")),
    )
    result = read_plan_file(write_docx(tmp_path / "word.docx", body))
    assert tree(result) == [
        (1, True, "甲要項", ""),
        (2, True, "甲重點", "", False),
        (3, True, "方法一", "內容一", ["行政課"], [], ""),
        (3, True, "方法二", "內容二", ["教務課", "輔導課"], [], ""),
        (2, True, "乙重點", "", False),
        (3, True, "方法三", "", ["行政課", "教務課"], [], ""),
        (2, True, "丙重點", "", False),
        (3, False, "方法四", "內容四", ["輔導課"], [], ""),
        (1, True, "乙要項", ""),
        (2, True, "丁重點", "", False),
        (3, True, "方法五", "", ["行政課"], [], ""),
    ]
    assert result.data["columns"] == ["工作要項", "工作重點", "工作方法", "業務單位"]
    assert result.unit_names == ["行政課", "教務課", "輔導課"]
    assert result.warnings == []
    assert (result.data["agency"], result.data["year"]) == ("高雄市政府測試局", 114)
    assert result.data["sections"] == [
        {"heading": "計畫依據", "text": "一、依據甲。"},
        {"heading": "計畫內容", "text": ""},
    ]


def test_shared_focus_cell_seed_003(ws, tmp_path: Path) -> None:
    """Several 重點 in one cell sharing their methods: split, all but the last merge_next with no methods."""
    focus_cell = "(一)建立業務標準作業流程。\n(二)提供民眾易讀的服務資訊。\n（三）注重服務人員的禮貌態度。"
    body = (
        p("高雄市林園區公所提升服務執行計畫")
        + p("壹、計畫依據：")
        + p("高雄市政府 110 年 1 月 5 日高市府研發字第 11030001300 號函頒")
        + p("肆、計畫內容：")
        + tbl(
            tr(tc("執行要項"), tc("執行重點", span=2), tc("執行單位")),
            tr(
                tc("訂定「提升服務計畫」"),
                tc("訂定機關年度提升服務計畫。"),
                tc("依據實施計畫訂定本所執行計畫。"),
                tc("秘書室"),
            ),
            tr(
                tc("一、完備基礎服務項目", vmerge="restart"),
                tc(focus_cell, vmerge="restart"),
                tc("合宜的服務環境\n1.規劃節能綠化的洽公環境。\n2.設置合宜的服務設施。"),
                tc("各課室", vmerge="restart"),
            ),
            tr(
                tc(vmerge="continue"),
                tc(vmerge="continue"),
                tc("網站使用便利性\n1.機關網站以使用者為導向設計。"),
                tc(vmerge="continue"),
            ),
        )
    )
    result = read_plan_file(write_docx(tmp_path / "003.docx", body))
    assert tree(result) == [
        (1, False, "訂定「提升服務計畫」", ""),
        (2, False, "訂定機關年度提升服務計畫。", "", False),
        (3, False, "", "依據實施計畫訂定本所執行計畫。", ["秘書室"], [], ""),
        (1, True, "完備基礎服務項目", ""),
        (2, True, "建立業務標準作業流程。", "", True),
        (2, True, "提供民眾易讀的服務資訊。", "", True),
        (2, True, "注重服務人員的禮貌態度。", "", False),
        (3, False, "合宜的服務環境", "1.規劃節能綠化的洽公環境。\n2.設置合宜的服務設施。", ["各課室"], [], ""),
        (3, False, "網站使用便利性", "1.機關網站以使用者為導向設計。", ["各課室"], [], ""),
    ]
    assert result.data["columns"] == ["執行要項", "執行重點", "執行單位"]
    assert result.data["year"] is None
    assert any("年度" in w for w in result.warnings)
    assert result.data["agency"] == "高雄市林園區公所"
    assert result.data["sections"][0]["text"].startswith("高雄市政府 110 年")

    with pytest.raises(BadInput, match="年度"):
        apply_import(ws, result)
    plan = apply_import(ws, result, year=111)
    shown = plan_to_dict(ws, plan)
    assert shown["title"] == "111年度提升服務執行計畫"
    # 各課室 means every unit: it stays 各課室 (a unit of that name), never the units the file happens to name.
    methods = shown["items"][1]["focuses"][2]["methods"]
    assert methods[0]["units"] == ["各課室"]
    assert shown["items"][0]["focuses"][0]["methods"][0]["units"] == ["秘書室"]
    assert ws.unit_by_name("各課室") is not None
    assert [f["number"] for f in shown["items"][1]["focuses"]] == ["一", "二", "三"]
    assert [n.merge_next for n in plan.items[1].children] == [True, True, False]


def test_implementation_layout_with_months_and_notes_seed_001(tmp_path: Path) -> None:
    body = (
        p("高雄市政府工務局 102 年度提升服務品質執行計畫")
        + p("102 年 3 月 14 日高市工務秘字第 10231769100 號函頒")
        + p("叁、實施對象")
        + p("本局各一級單位暨所屬機關。")
        + tbl(
            tr(tc("實施要項"), tc("執 行 重 點"), tc("執 行 步 驟 ( 方 法 )"), tc("查核\n期限"), tc("備 註")),
            tr(
                tc("一、提升服務品質，深化服務績效", vmerge="restart"),
                tc("（一）訂定機關年度提升服務品質執行(工作)計畫。", vmerge="restart"),
                tc("1.依業務特性、顧客需求及年度重點工作，研訂執行(工作)計畫，公佈於機關網站及服務場所。"),
                tc("4月"),
                tc(""),
            ),
            tr(
                tc(vmerge="continue"),
                tc(vmerge="continue"),
                tc("2、依業務特性適時修訂年度計畫。"),
                tc("6月、\n12月"),
                tc("視需要辦理"),
            ),
            tr(tc(vmerge="continue"), tc("（二）考量民眾洽公之便利性。"), tc("1、洽公環境美化。"), tc("每季"), tc("")),
            tr(tc(vmerge="continue"), tc(vmerge="continue"), tc("2、服務滿意度調查。"), tc("隨時"), tc("")),
        )
    )
    result = read_plan_file(write_docx(tmp_path / "001.docx", body))
    assert result.layout == preset("implementation")
    assert result.data["columns"] == ["實施要項", "執行重點", "執行步驟(方法)", "查核期限", "備註"]
    assert result.data["issued"] == "102 年 3 月 14 日高市工務秘字第 10231769100 號函頒"
    assert result.data["year"] == 102
    assert result.data["sections"] == [{"heading": "實施對象", "text": "本局各一級單位暨所屬機關。"}]
    rows = tree(result)
    assert rows[2] == (
        3,
        True,
        "",
        "依業務特性、顧客需求及年度重點工作，研訂執行(工作)計畫，公佈於機關網站及服務場所。",
        [],
        [4],
        "",
    )
    assert rows[3] == (3, True, "", "依業務特性適時修訂年度計畫。", [], [6, 12], "視需要辦理")
    assert rows[5] == (3, True, "", "洽公環境美化。", [], [3, 6, 9, 12], "")
    assert rows[6] == (3, True, "", "服務滿意度調查。", [], [], "查核期限：隨時")
    assert any("隨時" in w for w in result.warnings)


def test_tracked_changes_content_controls_and_hidden_text(tmp_path: Path) -> None:
    ins = '<w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'
    dele = '<w:del w:id="2" w:author="a"><w:r><w:delText>刪除</w:delText></w:r></w:del>'
    hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隱藏</w:t></w:r>"
    method = f"<w:p><w:r><w:t>1.方法</w:t></w:r>{ins}{dele}{hidden}</w:p>"
    sdt_cell = f"<w:sdt><w:sdtPr/><w:sdtContent>{method}</w:sdtContent></w:sdt>"
    deleted_row = tr(tc("三、刪掉的要項"), tc("(一)x"), tc("1.x"), tc("x"), raw_pr='<w:del w:id="3" w:author="a"/>')
    table = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、甲"), tc("(一)乙"), tc(raw=sdt_cell), tc("行政課")),
        deleted_row,
    )
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        + p("114年度提升服務工作計畫")
        + "</w:sdtContent></w:sdt>"
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + table
        + "</w:sdtContent></w:sdt>"
    )
    result = read_plan_file(write_docx(tmp_path / "tracked.docx", body))
    assert tree(result) == [
        (1, True, "甲", ""),
        (2, True, "乙", "", False),
        (3, True, "方法新增", "", ["行政課"], [], ""),
    ]
    assert result.data["title"] == "114年度提升服務工作計畫"


def test_compatibility_ideographs_are_normalised(tmp_path: Path) -> None:
    # U+F900 is a CJK compatibility ideograph whose NFC form is U+8C48.
    table = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、\uf900"), tc("(一)乙"), tc("1.丙"), tc("行政課")),
    )
    result = read_plan_file(write_docx(tmp_path / "nfc.docx", p("114年度提升服務工作計畫") + table))
    assert result.data["items"][0]["title"] == "\u8c48"


def test_odd_numbering_is_reported(tmp_path: Path) -> None:
    table = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、甲", vmerge="restart"), tc("(一)乙"), tc("1.丙"), tc("行政課")),
        tr(tc(vmerge="continue"), tc("(三)丁"), tc("3.戊"), tc("行政課")),
    )
    result = read_plan_file(write_docx(tmp_path / "odd.docx", p("114年度提升服務工作計畫") + table))
    assert any("(三)" in w and "(二)" in w for w in result.warnings)
    assert any("3." in w and "1." in w for w in result.warnings)


def test_header_in_second_row_and_other_tables_kept_as_text(tmp_path: Path) -> None:
    schedule = tbl(tr(tc("月份"), tc("工作")), tr(tc("6月"), tc("自行檢核")))
    table = tbl(
        tr(tc("計畫內容", span=4)),
        tr(tc("工作要項"), tc("工作重點"), tc(""), tc("業務單位")),
        tr(tc("一、甲"), tc("(一)乙"), tc("1.丙"), tc("行政課")),
    )
    body = p("114年度提升服務工作計畫") + p("壹、計畫內容") + table + p("貳、考核") + schedule
    result = read_plan_file(write_docx(tmp_path / "second.docx", body))
    assert result.counts() == {1: 1, 2: 1, 3: 1}
    assert result.data["columns"] == ["工作要項", "工作重點", "方法", "業務單位"]
    assert result.data["sections"][1] == {"heading": "考核", "text": "月份\t工作\n6月\t自行檢核"}
    assert any("不是計畫內容表格" in w for w in result.warnings)


def test_table_split_across_two_tables_continues(tmp_path: Path) -> None:
    first = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、甲"), tc("(一)乙"), tc("1.丙"), tc("行政課")),
    )
    second = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc(""), tc(""), tc("2.丁"), tc("教務課")),
        tr(tc("二、戊"), tc("(一)己"), tc("1.庚"), tc("行政課")),
    )
    result = read_plan_file(write_docx(tmp_path / "split.docx", p("114年度提升服務工作計畫") + first + p("") + second))
    assert result.counts() == {1: 2, 2: 2, 3: 3}
    assert result.data["items"][0]["focuses"][0]["methods"][1]["title"] == "丁"


# ---------------------------------------------------------------- outlines (no table)


def outline_doc(path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in [
        "臺北市勞動力重建運用處 104 年度提升服務品質實施計畫",
        "中華民國 104 年 4 月 14 日訂定",
        "壹、計畫依據",
        "臺北市政府勞動局 104 年度提升政府服務品質實施計畫。",
        "貳、計畫目標",
        "一、注重機關形象。",
        "二、強化便捷服務程序。",
        "參、實施對象：",
        "本處全體同仁。",
        "肆、實施要領",
        "一、提升服務品質，深化服務績效。",
        "伍、實施範圍",
        "以 104 年度推動執行提升服務品質相關工作績效為原則。",
        "陸、執行策略與方法",
        "成立跨科室之「為民服務品質專案小組」，每季舉行會議。",
        "一、優質便民服務：",
        "(一)服務流程",
        "1. 服務流程便捷性",
        "(1)單一窗口服務全功能程度",
        "A. 設置單一經理人制度",
        "(A) 外籍勞工諮詢服務窗口",
        "(B) 身心障礙者職業重建服務窗口",
        "2. 服務流程透明度",
        "(二) 機關形象",
        "1. 服務設施合宜程度",
        "二、資訊流通服務",
        "(一)資訊提供及檢索服務",
        "依政府資訊公開法，主動公告相關法令。",
        "整合市府網站共用性平臺。",
        "柒、推動執行方式",
        "落實 PDCA 品質管制。",
        "捌、考核及輔導",
        "(一) 配合不定期查核。",
        "(二) 遇有困難應立即簽報處長。",
    ]:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def test_outline_document_seed_004(ws, tmp_path: Path) -> None:
    result = read_plan_file(outline_doc(tmp_path / "004.docx"))
    assert tree(result) == [
        (1, True, "優質便民服務", ""),
        (2, True, "服務流程", "", False),
        (
            3,
            True,
            "服務流程便捷性",
            "(1)單一窗口服務全功能程度\nA. 設置單一經理人制度\n"
            "(A) 外籍勞工諮詢服務窗口\n(B) 身心障礙者職業重建服務窗口",
            [],
            [],
            "",
        ),
        (3, True, "服務流程透明度", "", [], [], ""),
        (2, True, "機關形象", "", False),
        (3, True, "服務設施合宜程度", "", [], [], ""),
        (1, True, "資訊流通服務", ""),
        (2, True, "資訊提供及檢索服務", "", False),
        (3, False, "", "依政府資訊公開法，主動公告相關法令。\n整合市府網站共用性平臺。", [], [], ""),
    ]
    data = result.data
    assert (data["agency"], data["year"], data["title"]) == (
        "臺北市勞動力重建運用處",
        104,
        "104年度提升服務品質實施計畫",
    )
    assert data["issued"] == "中華民國 104 年 4 月 14 日訂定"
    headings = [s["heading"] for s in data["sections"]]
    assert headings == [
        "計畫依據",
        "計畫目標",
        "實施對象",
        "實施要領",
        "實施範圍",
        "執行策略與方法",
        "推動執行方式",
        "考核及輔導",
    ]
    assert data["sections"][5]["text"] == "成立跨科室之「為民服務品質專案小組」，每季舉行會議。"
    assert data["sections"][7]["text"] == "(一) 配合不定期查核。\n(二) 遇有困難應立即簽報處長。"
    plan = apply_import(ws, result)
    assert plan.counts() == {1: 2, 2: 3, 3: 4}


def test_auto_numbered_outline(tmp_path: Path) -> None:
    """Word's automatic list numbering (numbering.xml) is rendered before the levels are recognised."""
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCountingThousand"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCountingThousand"/>'
        '<w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )

    def lp(text: str, level: int) -> str:
        return p(text, f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>')

    body = (
        p("114年度提升服務工作計畫")
        + p("壹、計畫內容")
        + lp("甲要項", 0)
        + lp("甲重點", 1)
        + lp("方法一", 2)
        + lp("方法二", 2)
        + lp("乙重點", 1)
        + lp("方法三", 2)
        + lp("乙要項", 0)
        + lp("丙重點", 1)
        + lp("方法四", 2)
    )
    result = read_plan_file(write_docx(tmp_path / "auto.docx", body, numbering))
    assert [(n[0], n[2]) for n in tree(result)] == [
        (1, "甲要項"),
        (2, "甲重點"),
        (3, "方法一"),
        (3, "方法二"),
        (2, "乙重點"),
        (3, "方法三"),
        (1, "乙要項"),
        (2, "丙重點"),
        (3, "方法四"),
    ]
    assert result.warnings[-1].startswith("文件中沒有計畫內容表格")
    assert not [w for w in result.warnings if "編號" in w and "重新" in w]


def test_text_only_document_is_not_a_plan(tmp_path: Path) -> None:
    body = p("114年度提升服務工作計畫") + p("壹、計畫依據") + p("一、依據甲。") + p("貳、其他") + p("無。")
    with pytest.raises(BadInput, match="文件中找不到計畫內容"):
        read_plan_file(write_docx(tmp_path / "text.docx", body))


def test_title_lines_more() -> None:
    info = parse_title_lines(["附件 1 執行計畫", "高雄市政府工務局 102 年度提升服務品質執行計畫"])
    assert (info.agency, info.year, info.title) == ("高雄市政府工務局", 102, "102年度提升服務品質執行計畫")
    assert info.unused == ["附件 1 執行計畫"]
    info = parse_title_lines(["高雄市政府勞工局博愛職業技能訓練中心114年度", "提升服務工作計畫"])
    assert (info.agency, info.year, info.title) == (
        "高雄市政府勞工局博愛職業技能訓練中心",
        114,
        "114年度提升服務工作計畫",
    )
    info = parse_title_lines(["某局", "114年度提升服務工作計畫（修正）"])
    assert (info.agency, info.year, info.title, info.issued) == ("某局", 114, "114年度提升服務工作計畫（修正）", "")
    info = parse_title_lines(["國軍第802總醫院 114年度提升服務工作計畫"])
    assert (info.agency, info.year) == ("國軍第802總醫院", 114)
    assert parse_title_lines(["會議紀錄"]).title == ""


def test_blank_template_table_before_the_real_one(tmp_path: Path) -> None:
    """An empty table with the header words (a template) does not hide the real content table."""
    template = tbl(tr(tc("實施要項"), tc("工作重點"), tc("工作(推動)方法"), tc("備註")), tr(tc(), tc(), tc(), tc()))
    real = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、甲"), tc("(一)乙"), tc("1.丙"), tc("行政課")),
    )
    body = p("114年度提升服務工作計畫") + template + p("說明文字") + real
    result = read_plan_file(write_docx(tmp_path / "template.docx", body))
    assert result.counts() == {1: 1, 2: 1, 3: 1}
    assert result.data["columns"] == ["工作要項", "工作重點", "業務單位"]


def test_section_heading_and_text_on_one_line(tmp_path: Path) -> None:
    table = tbl(
        tr(tc("工作要項"), tc("工作重點", span=2), tc("業務單位")),
        tr(tc("一、甲"), tc("(一)乙"), tc("1.丙"), tc("行政課")),
    )
    body = p("114年度提升服務工作計畫") + p("壹、實施對象：本所各課室。") + p("貳、計畫內容：") + table
    result = read_plan_file(write_docx(tmp_path / "one-line.docx", body))
    assert result.data["sections"] == [
        {"heading": "實施對象", "text": "本所各課室。"},
        {"heading": "計畫內容", "text": ""},
    ]

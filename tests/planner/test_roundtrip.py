"""Round trips: a plan exported to Word or Excel and imported back is the same plan.

The same tree, titles and bodies, units, review months and notes (with a layout that prints them), title, year
and agency; the Word document also carries the sections (the workbook holds only the 計畫內容 table).
"""

from __future__ import annotations

import importlib.util
import itertools
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.build import add_plan_from_data
from planner.export.docx import export_docx
from planner.importers import apply_import, read_plan_file
from planner.layouts import preset
from planner.model import Plan
from planner.plans import set_layout
from planner.show import plan_to_dict
from planner.workspace import Workspace, create_workspace

YEAR = 113
AGENCY = "測試市政府文化局"
UNIT_POOL = ["秘書室", "行政課", "教務課", "資訊課", "人事室", "推廣服務課"]
# Layouts whose table shows units, months and notes (full), or months and notes (implementation, no units).
SHOWING = {"full": ("units", "months", "note"), "implementation": ("months", "note")}
HAS_XLSX = importlib.util.find_spec("planner.export.xlsx") is not None

# Lines start with a CJK character that is no numeral (so no 一、(一)1.A. label can be read into them) and go on
# with CJK, ASCII letters, digits, single spaces and punctuation that never ends a title line.
FIRST = "服務計畫推動品質提升民眾網路櫃檯便民流程檢討改善研習宣導資料整合線上申辦滿意度調查"
MIDDLE = FIRST + "的與及並為在由於和ABCXYZabcxyz0123456789-/「」，、：%"
SAFE_LINE = st.builds(
    lambda head, tail, gap: (head + tail[:gap] + (" " + tail[gap:] if gap < len(tail) else "")).rstrip(),
    st.sampled_from(FIRST),
    st.text(alphabet=MIDDLE, min_size=0, max_size=24),
    st.integers(1, 30),
)
TITLE = SAFE_LINE  # ≤ 30 characters, no 。 at the end: read back as a title, not as a body sentence
SENTENCE = SAFE_LINE.map(lambda s: s + "。")
BODY = st.lists(st.one_of(SAFE_LINE, SENTENCE), min_size=0, max_size=3).map("\n".join)
NOTE = st.one_of(st.just(""), st.lists(SAFE_LINE, min_size=1, max_size=2).map("\n".join))


@st.composite
def methods(draw: st.DrawFn) -> dict[str, Any]:
    """A method: a title (with or without a body), or a body alone whose first line is a sentence."""
    if draw(st.integers(0, 4)) == 0:
        title, body = "", "\n".join([draw(SENTENCE), *draw(st.lists(SAFE_LINE, max_size=2))])
    else:
        title, body = draw(TITLE), draw(BODY)
    return {
        "title": title,
        "body": body,
        "numbered": draw(st.integers(0, 5)) > 0,
        "units": draw(st.lists(st.sampled_from(UNIT_POOL), max_size=3, unique=True)),
        "months": sorted(draw(st.sets(st.integers(1, 12), max_size=5))),
        "note": draw(NOTE),
    }


def _node(level_kids: str, kids: st.SearchStrategy, low: int, high: int) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {
            "title": TITLE,
            "body": st.one_of(st.just(""), BODY),
            "numbered": st.integers(0, 5).map(lambda n: n > 0),
            level_kids: st.lists(kids, min_size=low, max_size=high),
        }
    )


def distinct_neighbours(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Make an unnumbered 要項/重點 differ from the sibling before it.

    Two neighbours printed with the same text and no number read as one 要項 repeated (a flat list, or a
    table continued on the next page), and the importer rightly joins them: such a plan has no single reading.
    """
    for before, node in itertools.pairwise(nodes):
        if not (before["numbered"] and node["numbered"]) and (before["title"], before["body"]) == (
            node["title"],
            node["body"],
        ):
            node["title"] += "乙"
    for node in nodes:
        if "focuses" in node:
            distinct_neighbours(node["focuses"])
    return nodes


PLANS = st.lists(_node("focuses", _node("methods", methods(), 1, 4), 1, 3), min_size=1, max_size=4).map(
    lambda items: {
        "year": YEAR,
        "title": f"{YEAR}年度提升服務工作計畫",
        "sections": [
            {"heading": "計畫依據", "text": "一、本府提升服務實施計畫。\n二、本局服務規範。"},
            {"heading": "計畫內容", "text": ""},
            {"heading": "其他", "text": "本計畫如有未盡事宜，得依實際需要修正。"},
        ],
        "items": distinct_neighbours(items),
    }
)


def comparable(ws: Workspace, plan: Plan, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the plan as show-json, keeping of each method only the fields the layout prints."""
    data = plan_to_dict(ws, plan)
    for item in data["items"]:
        for focus in item["focuses"]:
            for method in focus["methods"]:
                for name in ("units", "months", "note"):
                    if name not in fields:
                        method.pop(name)
    # The plan's unit list is in workspace order; a fresh workspace adds them in order of first use.
    units = data.pop("units")
    if "units" in fields:
        data["unit_set"] = sorted(units)
    return data


def round_trip(ws: Workspace, plan: Plan, folder: Path, fields: tuple[str, ...], kind: str = "docx") -> None:
    """Export the plan, import the file into a fresh workspace and compare both plans."""
    if kind == "docx":
        path = export_docx(ws, plan, folder / "計畫.docx")
    else:
        from planner.export.xlsx import export_xlsx

        path = export_xlsx(ws, plan, folder / "計畫.xlsx")
    result = read_plan_file(path)
    assert result.warnings == []
    target = create_workspace(folder / f"匯入-{kind}.planner", agency=ws.agency)
    try:
        imported = apply_import(target, result)
        want, got = comparable(ws, plan, fields), comparable(target, imported, fields)
        assert got["year"] == want["year"] and got["title"] == want["title"]
        assert got["agency"] == want["agency"]
        assert got["columns"] == want["columns"]
        if kind == "xlsx":  # a workbook holds the table only
            assert got["sections"] == []
            got["sections"] = want["sections"]
        assert got["sections"] == want["sections"]
        assert got == want
        assert imported.counts() == plan.counts()
    finally:
        target.close()


@pytest.mark.parametrize("layout", sorted(SHOWING))
def test_demo_plan_round_trips_through_word(demo_ws: Workspace, tmp_path: Path, layout: str) -> None:
    plan = demo_ws.plan(115)
    set_layout(demo_ws, plan, preset(layout))
    plan = demo_ws.plan(115)
    assert any(m.months for m in plan.methods()) and any(m.note for m in plan.methods())
    round_trip(demo_ws, plan, tmp_path, SHOWING[layout])


def test_demo_plan_in_its_own_layout_keeps_tree_texts_and_units(demo_ws: Workspace, tmp_path: Path) -> None:
    """The demo's 高雄 layout prints no months or notes: everything else comes back."""
    round_trip(demo_ws, demo_ws.plan(115), tmp_path, ("units",))


KINDS = ["docx", pytest.param("xlsx", marks=pytest.mark.skipif(not HAS_XLSX, reason="no planner/export/xlsx.py yet"))]


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=PLANS, layout=st.sampled_from(sorted(SHOWING)))
def test_random_plans_round_trip(kind: str, data: dict[str, Any], layout: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "來源.planner", agency=AGENCY, units=UNIT_POOL)
        try:
            plan = add_plan_from_data(ws, {**data, "columns": layout})
            round_trip(ws, plan, folder, SHOWING[layout], kind)
        finally:
            ws.close()


@pytest.mark.skipif(not HAS_XLSX, reason="no planner/export/xlsx.py yet")
@pytest.mark.parametrize("layout", sorted(SHOWING))
def test_demo_plan_round_trips_through_excel(demo_ws: Workspace, tmp_path: Path, layout: str) -> None:
    plan = demo_ws.plan(115)
    set_layout(demo_ws, plan, preset(layout))
    round_trip(demo_ws, demo_ws.plan(115), tmp_path, SHOWING[layout], kind="xlsx")

"""Importing the two real sample plans (.docx as a word processor writes them) against their expected trees."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from planner.importers import apply_import, read_plan_file, unknown_units
from planner.numerals import FOCUS, ITEM, METHOD
from planner.show import plan_to_dict

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
CASES = [("000-l4.docx", "000.json"), ("002-l4-br.docx", "002.json")]


def expected(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def text(value: str | None) -> str:
    """The expected JSON writes an empty title or note as null; the model stores ''."""
    return value or ""


def compare_tree(got_items: list[dict], want_items: list[dict], numbers: bool) -> None:
    """Compare items/focuses/methods field by field; numbers: compare "number" too, else "numbered"."""
    assert len(got_items) == len(want_items)
    for i, (gi, wi) in enumerate(zip(got_items, want_items)):
        where = f"要項 {i}"
        assert text(gi["title"]) == text(wi["title"]), where
        assert text(gi["body"]) == text(wi["body"]), where
        if numbers:
            assert gi["number"] == wi["number"], where
        else:
            assert gi["numbered"] == (wi["number"] is not None), where
        assert len(gi["focuses"]) == len(wi["focuses"]), where
        for j, (gf, wf) in enumerate(zip(gi["focuses"], wi["focuses"])):
            where = f"要項 {i} 重點 {j}"
            assert text(gf["title"]) == text(wf["title"]), where
            assert text(gf["body"]) == text(wf["body"]), where
            if numbers:
                assert gf["number"] == wf["number"], where
            else:
                assert gf["numbered"] == (wf["number"] is not None), where
            assert len(gf["methods"]) == len(wf["methods"]), where
            for k, (gm, wm) in enumerate(zip(gf["methods"], wf["methods"])):
                where = f"要項 {i} 重點 {j} 方法 {k}"
                assert text(gm["title"]) == text(wm["title"]), where
                assert text(gm["body"]) == text(wm["body"]), where
                assert gm["units"] == wm["units"], where
                assert gm["months"] == wm["months"], where
                assert text(gm["note"]) == text(wm["note"]), where
                if numbers:
                    assert gm["number"] == wm["number"], where
                else:
                    assert gm["numbered"] == (wm["number"] is not None), where


def counts(data: dict) -> dict[int, int]:
    focuses = [f for i in data["items"] for f in i["focuses"]]
    return {ITEM: len(data["items"]), FOCUS: len(focuses), METHOD: sum(len(f["methods"]) for f in focuses)}


@pytest.mark.parametrize(("docx", "json_name"), CASES)
def test_read_matches_expected_tree(docx: str, json_name: str) -> None:
    want = expected(json_name)
    result = read_plan_file(SAMPLES / docx)
    data = result.data
    assert result.kind == "docx"
    assert result.counts() == counts(want)
    assert data["agency"] == want["agency"]
    assert data["year"] == want["year"]
    assert data["title"] == want["title"]
    assert (data["issued"] or None) == want["issued"]
    assert data["columns"] == want["columns"]
    assert [(s["heading"], s["text"]) for s in data["sections"]] == [
        (s["heading"], s["text"]) for s in want["sections"]
    ]
    assert result.unit_names == want["units"]
    compare_tree(data["items"], want["items"], numbers=False)
    assert result.warnings == []


@pytest.mark.parametrize(("docx", "json_name"), CASES)
def test_round_trip_through_the_model(ws, docx: str, json_name: str) -> None:
    want = expected(json_name)
    result = read_plan_file(SAMPLES / docx)
    assert set(unknown_units(ws, result)) == set(want["units"]) - {"行政課", "教務課", "輔導課"}
    before = ws.years()
    plan = apply_import(ws, result)
    got = plan_to_dict(ws, plan)
    assert got["year"] == want["year"]
    assert got["title"] == want["title"]
    # The 002 document names no agency: the plan then shows the workspace's agency.
    assert got["agency"] == (want["agency"] or ws.agency)
    assert got["issued"] == want["issued"]
    assert got["columns"] == want["columns"]
    assert got["sections"] == want["sections"]
    assert set(got["units"]) == set(want["units"])  # show lists them in workspace order
    compare_tree(got["items"], want["items"], numbers=True)
    assert plan.counts() == result.counts()

    # Reloaded from the file, the plan is the same.
    ws.forget_plan(plan.id)
    assert plan_to_dict(ws, ws.plan(want["year"])) == got

    # One undoable step: undo removes the plan and the units it added.
    units_before_undo = len(ws.unit_list)
    assert ws.undo_text is not None and "匯入" in ws.undo_text
    ws.undo()
    assert ws.years() == before
    assert [u.name for u in ws.unit_list] == ["行政課", "教務課", "輔導課"]
    assert ws.undo_text is None
    ws.redo()
    assert ws.years() == [*before, want["year"]]
    assert len(ws.unit_list) == units_before_undo


def test_reading_never_touches_the_workspace(ws) -> None:
    digest = hashlib.sha256(ws.path.read_bytes()).hexdigest()
    for docx, _ in CASES:
        read_plan_file(SAMPLES / docx)
    assert hashlib.sha256(ws.path.read_bytes()).hexdigest() == digest
    assert ws.years() == []


def test_year_override_and_unit_map(ws) -> None:
    result = read_plan_file(SAMPLES / "002-l4-br.docx")
    plan = apply_import(ws, result, year=115, unit_map={"活動課": "教務課"})
    got = plan_to_dict(ws, plan)
    assert got["year"] == 115
    assert got["title"] == "115年度提升服務工作計畫"
    assert [u.name for u in ws.unit_list] == ["行政課", "教務課", "輔導課"]
    first = got["items"][1]["focuses"][0]["methods"][0]
    assert first["units"] == ["教務課"]
    # The file's own data is not changed by applying it.
    assert result.data["year"] == 109
    assert "活動課" in result.unit_names


def test_unit_map_to_a_missing_unit_is_refused(ws) -> None:
    from planner.errors import BadInput

    result = read_plan_file(SAMPLES / "002-l4-br.docx")
    with pytest.raises(BadInput, match="不是工作區中的單位"):
        apply_import(ws, result, unit_map={"活動課": "活動組"})
    assert ws.years() == []
    assert ws.undo_text is None


def test_unit_map_none_adds_the_unit(ws) -> None:
    result = read_plan_file(SAMPLES / "002-l4-br.docx")
    apply_import(ws, result, unit_map={"活動課": None})
    assert [u.name for u in ws.unit_list] == ["行政課", "教務課", "輔導課", "活動課"]


def test_existing_year_is_refused_and_nothing_changes(ws) -> None:
    from planner.errors import BadInput

    result = read_plan_file(SAMPLES / "000-l4.docx")
    apply_import(ws, result)
    digest = hashlib.sha256(ws.path.read_bytes()).hexdigest()
    with pytest.raises(BadInput, match="已經存在"):
        apply_import(ws, result)
    assert ws.years() == [114]
    assert hashlib.sha256(ws.path.read_bytes()).hexdigest() == digest


def test_json_summary() -> None:
    result = read_plan_file(SAMPLES / "000-l4.docx")
    out = result.to_dict()
    json.dumps(out, ensure_ascii=False)
    assert out["counts"] == {"items": 6, "focuses": 22, "methods": 40}
    assert "6 個要項" in result.summary()


@pytest.mark.parametrize(("docx", "json_name"), CASES)
def test_exact_show_json_in_a_fresh_workspace(tmp_path: Path, docx: str, json_name: str) -> None:
    """In a workspace with no units and no agency, show --json equals the expected JSON exactly.

    The one normalisation: the expected JSON writes an empty method title as null, the model stores "".
    """
    from planner.workspace import create_workspace

    want = expected(json_name)
    for item in want["items"]:
        for focus in item["focuses"]:
            for method in focus["methods"]:
                method["title"] = method["title"] or ""
    ws = create_workspace(tmp_path / "空白.planner")
    try:
        plan = apply_import(ws, read_plan_file(SAMPLES / docx))
        assert plan_to_dict(ws, plan) == want
    finally:
        ws.close()

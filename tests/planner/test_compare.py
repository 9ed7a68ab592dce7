"""Comparing two plans: copied plans (source links) and imported plans (text similarity)."""

from __future__ import annotations

import pytest

from planner.compare import compare_plans, compare_years
from planner.compare.diff import full_numbers
from planner.compare.match import normalise, score
from planner.errors import BadInput
from tests.planner.compare_helpers import EDITED_COUNTS, edited_copy, imported_pair


def kinds_by_title(cmp) -> dict[str, tuple[str, list[str]]]:
    return {(c.new or c.old).node.title: (c.kind, c.fields) for c in cmp.changes}


def test_copied_plan_with_known_edits(ws):
    edited_copy(ws)
    cmp = compare_years(ws, 114, 115)
    assert cmp.counts() == EDITED_COUNTS
    got = kinds_by_title(cmp)
    assert got["m1 建立線上申辦流程"] == ("修正", ["text"])
    assert got["m2"] == ("修正", ["units"])
    assert got["m4"][0] == "移動"
    assert got["m5"] == ("刪除", [])
    assert got["m0"] == ("新增", []) and got["m6"] == ("新增", [])
    assert got["m3"] == ("延續", [])  # renumbered 1. → 2. by m0, not a move
    assert all(c.how == "link" for c in cmp.changes if c.old and c.new)
    m3 = next(c for c in cmp.changes if c.new and c.new.node.title == "m3")
    assert (m3.old.number, m3.new.number) == ("一、(二)1.", "一、(二)2.")


def test_change_order_and_json_shape(ws):
    edited_copy(ws)
    data = compare_years(ws, 114, 115).to_dict()
    assert set(data["counts"]) == {"延續", "修正", "新增", "刪除", "移動"}
    titles = [(c["new"] or c["old"])["title"] for c in data["changes"]]
    # The deleted m5 is listed after the last node before it in the old plan (乙一).
    assert titles == ["甲", "甲一", "m1 建立線上申辦流程", "m2", "m4", "甲二", "m0", "m3", "m6", "乙", "乙一", "m5"]
    removed = data["changes"][-1]
    assert removed["new"] is None and removed["old"]["number"] == "二、(一)2."
    m2 = data["changes"][3]
    assert m2["old"]["units"] == [] and m2["new"]["units"] == ["行政課"]
    assert set(m2["new"]) >= {"number", "title", "body", "units", "months"}


def test_reorder_within_parent_moves_only_the_displaced_node(ws):
    from planner import operations as ops
    from tests.planner.helpers import build_small, by_title

    build_small(ws, 114)
    from planner.plans import copy_plan_to_year

    new = copy_plan_to_year(ws, 114, 115)
    ops.move_node(ws, new, by_title(new, "m2").id, by_title(new, "甲一").id, 0)
    cmp = compare_years(ws, 114, 115)
    assert cmp.counts()["移動"] == 1
    assert cmp.counts()["延續"] == 9


def test_imported_plans_match_by_text(ws):
    old, new = imported_pair(ws)
    cmp = compare_plans(ws, old, new)
    got = kinds_by_title(cmp)
    assert cmp.counts() == {"延續": 4, "修正": 2, "新增": 2, "刪除": 1, "移動": 1}
    assert got["建立標準作業流程"] == ("修正", ["text"])
    assert got["辦理服務滿意度調查"] == ("修正", ["months"])
    assert got["設置單一服務窗口"][0] == "移動"
    assert got["推動志工服務"] == ("刪除", [])
    assert got["推廣行動支付"] == ("新增", [])
    assert got["訂定「提升服務計畫」"] == ("新增", [])
    assert {c.how for c in cmp.changes if c.old and c.new} <= {"text", "fuzzy"}
    reworded = next(c for c in cmp.changes if c.new and c.new.node.title == "建立標準作業流程")
    assert reworded.how == "fuzzy"  # the body changed: matched by similarity, not by equal text
    old_text = reworded.old.node.title + reworded.old.node.body
    assert score(old_text, reworded.new.node.title + reworded.new.node.body) >= 80


def test_threshold_is_visible_and_decides(ws):
    old, new = imported_pair(ws)
    strict = compare_plans(ws, old, new, threshold=99)
    assert strict.threshold == 99 and strict.to_dict()["threshold"] == 99
    got = kinds_by_title(strict)
    assert got["建立標準作業流程"] == ("新增", [])  # not similar enough at 99: 刪除 + 新增
    assert strict.counts()["刪除"] == 2
    assert compare_plans(ws, old, new).to_dict()["threshold"] == 80


def test_links_win_over_text(ws):
    """A copied node whose text was rewritten entirely still pairs with its source."""
    from planner import operations as ops
    from tests.planner.helpers import by_title

    _old, new = edited_copy(ws)
    ops.set_fields(ws, new, by_title(new, "m3").id, title="完全不同的新寫法", body="內容也全部改寫")
    got = kinds_by_title(compare_years(ws, 114, 115))
    assert got["完全不同的新寫法"] == ("修正", ["text"])


def test_bad_input(ws):
    edited_copy(ws)
    with pytest.raises(BadInput, match="沒有 113 年度"):
        compare_years(ws, 113, 115)
    with pytest.raises(BadInput, match="同一個年度"):
        compare_years(ws, 115, 115)
    with pytest.raises(BadInput, match="門檻"):
        compare_years(ws, 114, 115, threshold=120)


def test_normalise_and_numbers(ws):
    assert normalise("（一） 建立ＳＯＰ，流程。") == "一建立sop流程"
    old, _ = edited_copy(ws)
    numbers = full_numbers(old)
    assert sorted(numbers.values())[:3] == ["一、", "一、(一)", "一、(一)1."]

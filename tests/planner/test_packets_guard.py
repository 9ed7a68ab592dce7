"""Never overwrite replies: writing packets again into a folder with forms of the same round."""

from __future__ import annotations

import pytest

from planner.packets import collect, write_packets
from planner.packets.guard import CURRENT, PENDING
from planner.packets.write import RepliesPending
from planner.progress import set_progress
from tests.planner.review_helpers import (
    before_the_deadline,  # noqa: F401  (autouse)
    fill,
    form_rows,
    packet_for,
)

PERIOD = 6


@pytest.fixture
def plan(demo_ws):
    return demo_ws.plan(115)


def _bytes(paths):
    return {p.name: p.read_bytes() for p in paths}


def test_second_run_refuses_forms_with_replies_and_names_them(demo_ws, plan, tmp_path):
    folder = tmp_path / "填報表"
    first = write_packets(demo_ws, plan, PERIOD, folder)
    filled = packet_for(first, "推廣課")
    rows = form_rows(filled)
    fill(filled, {rows[0][0]: ("已完成", "單位填好的內容", "115/6/18")})
    before = _bytes(first)
    with pytest.raises(RepliesPending) as caught:
        write_packets(demo_ws, plan, PERIOD, folder)
    assert filled.name in str(caught.value) and f"第 {rows[0][0]} 列" in str(caught.value)
    assert "--force" in str(caught.value)
    assert [p.path for p in caught.value.pending] == [filled]
    assert _bytes(first) == before  # nothing written at all


def test_force_keeps_the_filled_form_and_writes_the_rest(demo_ws, plan, tmp_path):
    folder = tmp_path / "填報表"
    first = write_packets(demo_ws, plan, PERIOD, folder)
    filled = packet_for(first, "推廣課")
    fill(filled, {form_rows(filled)[0][0]: ("辦理中", "還在辦", None)})
    kept = filled.read_bytes()
    other = packet_for(first, "資訊課")
    set_progress(demo_ws, plan, form_rows(other)[0][1], PERIOD, demo_ws.unit_by_name("資訊課").id, "doing", "程式中填")
    written = write_packets(demo_ws, plan, PERIOD, folder, force=True)
    assert filled.read_bytes() == kept
    assert filled not in written and other in written  # 資訊課's form was stale: rewritten with the new record
    assert {e.path: e.state for e in written.kept}[filled] == PENDING
    assert collect(demo_ws, plan, PERIOD, [filled]).done  # the kept reply still collects


def test_collected_and_untouched_forms_are_left_byte_identical(demo_ws, plan, tmp_path):
    folder = tmp_path / "填報表"
    first = write_packets(demo_ws, plan, PERIOD, folder, formats=["xlsx"])
    filled = packet_for(first, "推廣課")
    fill(filled, {form_rows(filled)[0][0]: ("已完成", "完成", "115/6/18")})
    assert collect(demo_ws, plan, PERIOD, [filled]).done
    before = _bytes(first)
    again = write_packets(demo_ws, plan, PERIOD, folder, formats=["xlsx"])
    assert list(again) == [] and {e.state for e in again.kept} == {CURRENT}
    assert _bytes(first) == before


def test_unreadable_file_with_a_forms_name_is_kept(demo_ws, plan, tmp_path):
    folder = tmp_path / "填報表"
    first = write_packets(demo_ws, plan, PERIOD, folder, formats=["xlsx"])
    target = packet_for(first, "推廣課")
    target.write_bytes(b"not a workbook")
    with pytest.raises(RepliesPending, match="無法辨識"):
        write_packets(demo_ws, plan, PERIOD, folder, formats=["xlsx"])
    write_packets(demo_ws, plan, PERIOD, folder, formats=["xlsx"], force=True)
    assert target.read_bytes() == b"not a workbook"

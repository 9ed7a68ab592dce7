"""The packet seal is keyed with the workspace's secret: forms forged with our source code alone are refused."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from planner.demo import write_demo
from planner.packets import COL, Head, collect, write_packets
from planner.packets.secret import SECRET_KEY, packet_key
from planner.progress import records
from planner.workspace import open_workspace
from tests.planner.review_helpers import (
    before_the_deadline,  # noqa: F401  (autouse)
    file_state,
    fill,
    form_rows,
    packet_for,
)

PERIOD = 6


@pytest.fixture
def plan(demo_ws):
    return demo_ws.plan(115)


@pytest.fixture
def packet(demo_ws, plan, tmp_path) -> Path:
    return packet_for(write_packets(demo_ws, plan, PERIOD, tmp_path / "填報表"), "推廣課")


def _unkeyed(text: str, length: int) -> str:
    """The seal as anyone with the source but not the secret can compute it (a plain SHA-256)."""
    return hashlib.sha256(f"planner-packet-v2|{text}".encode()).hexdigest()[:length]


def _meta(wb) -> tuple[dict, dict]:
    meta = wb["_planner"]
    keys = {meta.cell(r, 1).value: r for r in range(1, 19) if meta.cell(r, 1).value}
    return meta, keys


def _forge_seal(path: Path, **changes) -> None:
    """Change the hidden header and recompute the seal without the key, as a forger with our code would."""
    wb = openpyxl.load_workbook(path)
    meta, keys = _meta(wb)
    for key, value in changes.items():
        meta.cell(keys[key], 2).value = value
    head = {f.name: meta.cell(keys[f.name], 2).value for f in dataclasses.fields(Head)}
    rows = []
    for r in range(20, 20 + meta.cell(keys["rows"], 2).value):
        cells = [meta.cell(r, c).value for c in range(1, 11)]
        rows.append([cells[0], cells[1], *((v or "") if not isinstance(v, int) else str(v) for v in cells[2:])])
    data = json.dumps([head, rows], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    meta.cell(keys["seal"], 2).value = _unkeyed(data, 32)
    wb.save(path)


def _unchanged(ws, plan):
    return {k: (r.status, r.text) for k, r in records(ws, plan).items()}, list(ws.undo_stack), file_state(ws.path)


def test_every_workspace_has_its_own_secret(demo_ws, tmp_path):
    other = write_demo(tmp_path / "other.planner")
    try:
        assert len(packet_key(demo_ws)) == 32 and len(packet_key(other)) == 32
        assert packet_key(demo_ws) != packet_key(other)
        assert packet_key(demo_ws) == packet_key(demo_ws)  # stored, not generated again
    finally:
        other.close()
    reopened = open_workspace(tmp_path / "other.planner", read_only=True)
    try:
        assert reopened.setting(SECRET_KEY)
    finally:
        reopened.close()


def test_recomputed_unkeyed_seal_is_refused(demo_ws, plan, packet):
    fill(packet, {form_rows(packet)[0][0]: ("已完成", "偽造的填報", None)})
    other_unit = demo_ws.unit_by_name("資訊課")
    _forge_seal(packet, unit_id=other_unit.id, unit=other_unit.name)
    before = _unchanged(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [packet])
    assert not report.ok and not report.done
    assert any("識別資料遭到修改" in p.message for p in report.errors)
    assert _unchanged(demo_ws, plan) == before


def test_edited_locked_cell_is_refused_per_row(demo_ws, plan, packet):
    rows = form_rows(packet)
    fill(packet, {rows[0][0]: ("已完成", "改了方法的內容", None), rows[1][0]: ("辦理中", "正常的一列", None)})
    wb = openpyxl.load_workbook(packet)
    sheet = wb["填報表"]
    sheet.cell(rows[0][0], 4).value = "1.這不是原本的工作方法"
    wb.save(packet)
    before = _unchanged(demo_ws, plan)
    report = collect(demo_ws, plan, PERIOD, [packet])
    assert [e.row for e in report.errors] == [rows[0][0]]
    assert "鎖定的欄位" in report.errors[0].message
    assert f"第 {rows[0][0]} 列" in str(report.errors[0])
    assert _unchanged(demo_ws, plan) == before


def test_row_check_recomputed_without_the_key_is_refused(demo_ws, plan, packet):
    rows = form_rows(packet)
    fill(packet, {rows[0][0]: ("已完成", "x", None)})
    wb = openpyxl.load_workbook(packet)
    sheet = wb["填報表"]
    cells = tuple(str(sheet.cell(rows[0][0], c).value or "").strip() for c in (1, 2, 3, 4))
    data = json.dumps(
        [plan.id, PERIOD, demo_ws.unit_by_name("推廣課").id, rows[0][1], list(cells)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert sheet.cell(rows[0][0], COL["check"]).value != _unkeyed(data, 16)
    sheet.cell(rows[0][0], COL["check"]).value = _unkeyed(data, 16)
    wb.save(packet)
    report = collect(demo_ws, plan, PERIOD, [packet])
    assert [e.row for e in report.errors] == [rows[0][0]] and "檢查碼" in report.errors[0].message


def test_packet_of_another_workspace_is_refused(demo_ws, plan, tmp_path):
    shutil.copy(demo_ws.path, tmp_path / "copy.planner")
    twin = write_demo(tmp_path / "twin.planner")  # the same demo plan, another secret
    try:
        packet = packet_for(write_packets(twin, twin.plan(115), PERIOD, tmp_path / "twin"), "推廣課")
    finally:
        twin.close()
    fill(packet, {form_rows(packet)[0][0]: ("已完成", "x", None)})
    report = collect(demo_ws, plan, PERIOD, [packet])
    assert any("識別資料遭到修改" in p.message for p in report.errors)


def test_untouched_packet_still_collects(demo_ws, plan, packet):
    rows = form_rows(packet)
    fill(packet, {rows[0][0]: ("已完成", "完成", "115/6/30")})
    report = collect(demo_ws, plan, PERIOD, [packet])
    assert report.done and len(report.applied) == 1
    assert records(demo_ws, plan, PERIOD)[(rows[0][1], PERIOD, demo_ws.unit_by_name("推廣課").id)].status == "done"

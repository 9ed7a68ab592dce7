"""各課室: a method of the workspace's unit named 各課室 is in every active unit's form and calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import operations as ops
from planner.calendar import build_calendar
from planner.errors import OperationRefused
from planner.packets import collect, due_units, write_packets
from planner.progress import records, set_progress
from planner.units import add_unit, retire_unit
from tests.planner.review_helpers import fill, form_rows, packet_for

PERIOD = 6


@pytest.fixture
def shared(demo_ws):
    """The demo plan with a unit 各課室 and one June method assigned to it; 資訊課 retired."""
    plan = demo_ws.plan(115)
    everyone = add_unit(demo_ws, "各課室")
    method = next(m for m in plan.methods() if PERIOD in m.months)
    ops.set_units(demo_ws, plan, method.id, [everyone.id])
    retire_unit(demo_ws, demo_ws.unit_by_name("資訊課").id)
    return plan, method, everyone


def test_collective_method_in_every_active_units_form(demo_ws, shared, tmp_path):
    plan, method, everyone = shared
    units = {u.name: [d.method.id for d in rows] for u, rows in due_units(demo_ws, plan, PERIOD)}
    active = [u.name for u in demo_ws.units() if u.id != everyone.id]
    assert "各課室" not in units
    for name in active:
        assert method.id in units[name], name
    assert method.id not in units.get("資訊課", [])
    forms = write_packets(demo_ws, plan, PERIOD, tmp_path / "forms", formats=["xlsx"])
    for name in active:
        assert method.id in {n for _, n in form_rows(packet_for(forms, name))}


def test_collective_reply_is_kept_per_unit(demo_ws, shared, tmp_path):
    plan, method, everyone = shared
    forms = write_packets(demo_ws, plan, PERIOD, tmp_path / "forms", formats=["xlsx"])
    form = packet_for(forms, "推廣課")
    row = dict((n, r) for r, n in form_rows(form))[method.id]
    fill(form, {row: ("已完成", "推廣課已辦理", "115/6/20")})
    report = collect(demo_ws, plan, PERIOD, [form], today=dt.date(2026, 6, 25))
    assert report.done, report.summary()
    promo = demo_ws.unit_by_name("推廣課").id
    assert records(demo_ws, plan, PERIOD)[(method.id, PERIOD, promo)].text == "推廣課已辦理"
    month = build_calendar(demo_ws, plan, dt.date(2026, 6, 25))[PERIOD - 1]
    answering = {d.unit_id for d in month.due if d.method.id == method.id}
    assert answering == {u.id for u in demo_ws.units() if u.id != everyone.id}
    with pytest.raises(OperationRefused, match="不是此方法的業務單位"):
        set_progress(demo_ws, plan, method.id, PERIOD, demo_ws.unit_by_name("資訊課").id, "done")

# ruff: noqa: E501 - the cases are code templates run in child processes
"""Time and peak memory of the issue-16 cases (never lose or brick a workspace), each in a fresh process.

Run:  .venv/bin/python benchmarks/bench_robust.py [--methods 5000]

Each case prints its wall time (s) and the process's own peak memory (VmHWM, MB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = """
import json, os, resource, signal, sys, time
from pathlib import Path
sys.path.insert(0, {bench!r})
from common import AGENCY, UNITS, make_plan_data
from planner.build import add_plan_from_data
from planner.workspace import create_workspace, open_workspace
folder = Path(sys.argv[1])
def base(methods):
    path = folder / f"base-{{methods}}.planner"
    if not path.exists():
        ws = create_workspace(path, AGENCY, UNITS)
        add_plan_from_data(ws, make_plan_data(methods))
        ws.close()
    return path
def done(seconds, **extra):
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print(json.dumps({{"s": round(seconds, 4), "mb": round(hwm / 1024, 1), **extra}}, ensure_ascii=False))
"""

CASES: dict[str, str] = {
    "1 failed commit on a full disk (edit + resync)": """
        from planner import operations as ops
        import shutil
        from planner.store.recovery import NotSaved
        path = folder / "full.planner"; shutil.copyfile(base(METHODS), path)
        ws = open_workspace(path, backup=False); plan = ws.plan(114)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max(os.path.getsize(path), os.path.getsize(str(path) + "-wal")), resource.RLIM_INFINITY))
        t = time.perf_counter()
        try:
            for i in range(1000):
                ops.add_child(ws, plan, plan.items[0].children[0].id, "長" * 5000)
        except NotSaved:
            pass
        done(time.perf_counter() - t, edits_before_full=i)
        ws.close()
    """,
    "2 open on read-only media (refused, then read-only)": """
        from planner.store import recovery
        from planner.store.recovery import ReadOnlyMedia
        path = base(METHODS)
        real = os.access
        recovery.os.access = lambda p, m, **k: False if m & os.W_OK else real(p, m, **k)
        t = time.perf_counter()
        try:
            open_workspace(path)
        except ReadOnlyMedia:
            ws = open_workspace(path, read_only=True); ws.plan(114); ws.close()
        done(time.perf_counter() - t)
    """,
    "3 one edit incl. checkpoint (median of 20)": """
        from planner import operations as ops
        ws = open_workspace(base(METHODS), backup=False); plan = ws.plan(114)
        node = plan.methods()[len(plan.methods()) // 2]
        times = []
        for i in range(20):
            t = time.perf_counter(); ops.set_fields(ws, plan, node.id, title=f"改{i}"); times.append(time.perf_counter() - t)
        done(sorted(times)[10]); ws.close()
    """,
    "4 lock: 100 races of two instances over a stale lock": """
        import multiprocessing
        from planner.errors import WorkspaceLocked
        from planner.store import lock
        path = folder / "race.planner"; path.write_bytes(b"")
        dead = multiprocessing.get_context("fork").Process(target=lambda: None); dead.start(); dead.join()
        def racer(barrier, results, release):
            barrier.wait()
            try:
                held = lock.acquire(path)
            except WorkspaceLocked:
                results.put(0); return
            results.put(1); release.wait(10); held.release()
        ctx = multiprocessing.get_context("fork"); doubles = 0
        t = time.perf_counter()
        for _ in range(100):
            lock.lock_path(path).write_text(json.dumps({"host": lock.socket.gethostname(), "pid": dead.pid}))
            b, q, e = ctx.Barrier(2), ctx.Queue(), ctx.Event()
            ps = [ctx.Process(target=racer, args=(b, q, e)) for _ in range(2)]
            [p.start() for p in ps]; got = q.get(10) + q.get(10); e.set(); [p.join() for p in ps]
            doubles += got > 1
        done(time.perf_counter() - t, double_writers=doubles)
    """,
    "5 packet: 5 KB merge bomb under an odd part name": """
        import zipfile
        from planner.errors import BadInput
        from planner.packets.read import read_packet
        p = folder / "bomb.xlsx"
        ct = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
        rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        wrels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/x/Odd.XML"/></Relationships>'
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", ct); z.writestr("_rels/.rels", rels); z.writestr("xl/_rels/workbook.xml.rels", wrels)
            z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" sheetId="1" r:id="r1"/></sheets></workbook>')
            z.writestr("x/Odd.XML", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="6"><c r="A6"/></row></sheetData><mergeCells><mergeCell ref="A6:XFD1048576"/></mergeCells></worksheet>')
        t = time.perf_counter()
        try:
            read_packet(p, b"k" * 32); msg = ""
        except BadInput as exc:
            msg = str(exc)
        done(time.perf_counter() - t, refused="太大" in msg)
    """,
    "5 packet: our own packet of every method (accepted)": """
        import multiprocessing
        from planner.packets.read import read_packet
        from planner.packets.secret import packet_key
        from planner.packets.write import write_packets
        out = folder / f"own-{METHODS}"
        def write():  # in a child process: the writer's memory is not the reader's peak
            data = make_plan_data(METHODS)
            for item in data["items"]:
                for f in item["focuses"]:
                    for m in f["methods"]:
                        m["units"], m["months"] = [UNITS[0]], [6]
            ws = create_workspace(folder / f"own-{METHODS}.planner", AGENCY, UNITS)
            plan = add_plan_from_data(ws, data)
            write_packets(ws, plan, 6, out, formats=["xlsx"])
            (folder / "own.key").write_bytes(packet_key(ws)); ws.close()
        child = multiprocessing.get_context("fork").Process(target=write); child.start(); child.join()
        p = next(out.glob("*.xlsx"))
        t = time.perf_counter(); got = read_packet(p, (folder / "own.key").read_bytes())
        done(time.perf_counter() - t, sealed=got.sealed, rows=len(got.rows))
    """,
    "6 10,000 units in one cell (refused) and 500 units (added)": """
        from planner.errors import OperationRefused
        from planner.units import ensure_units
        ws = create_workspace(folder / "units.planner", AGENCY, UNITS)
        t = time.perf_counter()
        try:
            with ws.edit("x") as tx:
                ensure_units(ws, tx, [f"u{i}" for i in range(10_000)])
        except OperationRefused:
            pass
        refused = time.perf_counter() - t
        t = time.perf_counter()
        with ws.edit("x") as tx:
            ensure_units(ws, tx, [f"u{i}" for i in range(500 - len(ws.unit_list))])
        done(time.perf_counter() - t, refuse_s=round(refused, 4))
        ws.close()
    """,
    "7 damaged-tree check + repair (one orphan 重點)": """
        import shutil, sqlite3
        from planner import repair
        path = folder / "damaged.planner"; shutil.copyfile(base(METHODS), path)
        con = sqlite3.connect(path); con.execute("PRAGMA foreign_keys = 0")
        with con:
            con.execute("UPDATE node SET parent_id = 999999 WHERE id = (SELECT MIN(id) FROM node WHERE level = 2)")
        con.close()
        ws = open_workspace(path, backup=False); pid = ws.plan_infos()[0].id
        t = time.perf_counter(); found = repair.find_problems(ws.db, pid); fixed = repair.repair_plan(ws.db, pid)
        done(time.perf_counter() - t, problems=len(found)); ws.close()
    """,
    "7 damaged-tree guard on a sound plan": """
        from planner import repair
        ws = open_workspace(base(METHODS), backup=False); pid = ws.plan_infos()[0].id
        t = time.perf_counter(); repair.guard(ws.db, pid)
        done(time.perf_counter() - t); ws.close()
    """,
    "8 backup on open (write, fsync, rename, prune)": """
        from planner.store import backups
        path = base(METHODS)
        t = time.perf_counter(); backups.make_backup(path)
        done(time.perf_counter() - t, kept=len(backups.list_backups(path)))
    """,
}


def run(name: str, code: str, folder: Path, methods: int) -> dict:
    """Run one case in a fresh interpreter; return its JSON line."""
    script = PRELUDE.format(bench=str(ROOT / "benchmarks")) + f"METHODS = {methods}\n" + textwrap.dedent(code)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, text=True, env=env, timeout=600, check=False
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run every case and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000, help="methods in the plan (default 5000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, code in CASES.items():
            out = run(name, code, Path(tmp), args.methods)
            print(f"{name:<58} {json.dumps(out, ensure_ascii=False)}", flush=True)


if __name__ == "__main__":
    main()

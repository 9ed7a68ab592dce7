"""Import speed against each library's own linear reading of the same file, in the same run (issue 11).

Run:  .venv/bin/python benchmarks/bench_import_formats.py [--methods 5000] [--repeat 3] [--pdf-methods 1000]
                                                           [--roundtrip 50000]

- docx: read_plan_file of our export ≤ 2 × (python-docx Document() + reading every w:t);
- xlsx: read_plan_file of our export ≤ 2 × (openpyxl read-only reading every row);
- pdf:  read_plan_file of the export converted by LibreOffice ≤ 2 × (pdfplumber extract_tables on every page);
- --roundtrip N: export N methods to .docx and .xlsx and check the import gives back every 要項/重點/方法
  text, unit and month (exactly), and that the hostile-file limits let it through.
Each figure is the best of --repeat rounds (a busy machine slows both sides alike).
Results go to benchmarks/results/import_formats.json.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, best_of, make_plan_data, save_results, timed

from planner.build import add_plan_from_data
from planner.export.docx import export_docx
from planner.export.xlsx import export_xlsx
from planner.importers import read_plan_file
from planner.layouts import preset
from planner.plans import set_layout
from planner.show import plan_to_dict
from planner.workspace import create_workspace

LIMIT_RATIO = 2.0


def docx_baseline(path: Path) -> int:
    """python-docx opens the file; every w:t of the body is read."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    return sum(len(t.text or "") for t in document.element.body.iter(qn("w:t")))


def xlsx_baseline(path: Path) -> int:
    """openpyxl read-only reads every row of every sheet."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = 0
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return n


def pdf_baseline(path: Path) -> int:
    """pdfplumber's own extract_tables over every page."""
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_tables())
            page.flush_cache()
    return n


def tree(items: list[dict[str, Any]]) -> list[Any]:
    """The comparable content of a plan: every node's text, every method's units and months."""
    out: list[Any] = []
    for item in items:
        out.append((item["title"], item["body"]))
        for focus in item["focuses"]:
            out.append((focus["title"], focus["body"]))
            for m in focus["methods"]:
                out.append((m["title"], m["body"], sorted(m["units"]), sorted(m["months"])))
    return out


def compare(name: str, methods: int, repeat: int, path: Path, baseline: Any) -> dict[str, Any]:
    """Time the baseline and read_plan_file in turn, best of repeat."""
    base = best_of(repeat, lambda: baseline(path))
    ours = best_of(repeat, lambda: read_plan_file(path))
    ratio = ours / base
    print(f"{name}: {methods} methods, baseline {base:.0f} ms, import {ours:.0f} ms, ratio {ratio:.2f}")
    return {"methods": methods, "baseline_ms": round(base), "import_ms": round(ours), "ratio": round(ratio, 2)}


def soffice_pdf(source: Path) -> Path:
    """Convert a .docx to PDF with LibreOffice (private profile)."""
    folder = source.parent / "pdf"
    profile = (source.parent / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return folder / f"{source.stem}.pdf"


def run(methods: int, repeat: int, pdf_methods: int, roundtrip: int) -> dict[str, Any]:
    """Build the plans, export them and compare."""
    record: dict[str, Any] = {"limit_ratio": LIMIT_RATIO}
    with tempfile.TemporaryDirectory(prefix="planner-bench-formats-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "source.planner", AGENCY, UNITS)
        try:
            plan = add_plan_from_data(ws, make_plan_data(methods))
            export_docx(ws, plan, folder / "plan.docx")
            export_xlsx(ws, plan, folder / "plan.xlsx")
            record["docx"] = compare("docx", methods, repeat, folder / "plan.docx", docx_baseline)
            record["xlsx"] = compare("xlsx", methods, repeat, folder / "plan.xlsx", xlsx_baseline)
            if pdf_methods and shutil.which("soffice"):
                small = add_plan_from_data(ws, {**make_plan_data(pdf_methods), "year": 115})
                export_docx(ws, small, folder / "small.docx")
                pdf = soffice_pdf(folder / "small.docx")
                record["pdf"] = compare("pdf", pdf_methods, repeat, pdf, pdf_baseline)
                result = read_plan_file(pdf)
                record["pdf"]["counts"] = result.counts()
            if roundtrip:
                big = add_plan_from_data(ws, {**make_plan_data(roundtrip), "year": 116})
                set_layout(ws, big, preset("full"))  # a table that prints units, months and notes
                big = ws.plan(116)
                expected = tree(plan_to_dict(ws, big)["items"])
                record["roundtrip"] = {"methods": roundtrip}
                for kind, export in (("docx", export_docx), ("xlsx", export_xlsx)):
                    target = folder / f"big.{kind}"
                    export(ws, big, target)
                    results: list[Any] = []
                    ms = timed(lambda out=results, t=target: out.append(read_plan_file(t)))
                    same = tree(results[0].data["items"]) == expected
                    print(f"round trip {kind}: {roundtrip} methods, import {ms:.0f} ms, identical: {same}")
                    record["roundtrip"][kind] = {"import_ms": round(ms), "identical": same}
                    if not same:
                        raise SystemExit(f"{kind} round trip at {roundtrip} methods differs")
        finally:
            ws.close()
    for kind in ("docx", "xlsx", "pdf"):
        if kind in record and record[kind]["ratio"] > LIMIT_RATIO:
            print(f"FAIL: {kind} import is {record[kind]['ratio']} × its baseline (limit {LIMIT_RATIO})")
    return record


def main() -> None:
    """Parse arguments, run, save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf-methods", type=int, default=1000)
    parser.add_argument("--roundtrip", type=int, default=0)
    args = parser.parse_args()
    save_results("import_formats", run(args.methods, args.repeat, args.pdf_methods, args.roundtrip))


if __name__ == "__main__":
    main()

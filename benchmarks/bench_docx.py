"""Time the Word export of a synthetic 5,000-method plan against python-docx writing the same text as paragraphs.

Run:  .venv/bin/python benchmarks/bench_docx.py [--methods 5000] [--repeat 3]

(a) export_docx of the whole plan (selection, table built as one XML string, styles, atomic save);
(b) python-docx Document(), one OxmlElement paragraph per text of the plan appended to the body, save()
    (not add_paragraph(), which is itself quadratic in the paragraphs: TECH-NOTES 35).
Both are measured in the same run, best of --repeat, and the ratio a/b must stay ≤ 2 (issue 17).
Results go to benchmarks/results/docx.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AGENCY, UNITS, best_of, make_plan_data, plan_texts, save_results
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planner.build import add_plan_from_data
from planner.export.docx import export_docx
from planner.workspace import create_workspace

LIMIT_RATIO = 2.0


def plain_docx(texts: list[str], path: Path) -> None:
    """Write the texts as plain w:p elements built with OxmlElement before the body's section properties."""
    doc = Document()
    sect_pr = doc.element.body.find(qn("w:sectPr"))
    for text in texts:
        p, r, t = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        t.text = text
        r.append(t)
        p.append(r)
        sect_pr.addprevious(p)
    doc.save(str(path))


def run(methods: int, repeat: int) -> dict[str, Any]:
    """Build the plan in a scratch folder and time both writers."""
    with tempfile.TemporaryDirectory(prefix="planner-bench-docx-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
        try:
            plan = add_plan_from_data(ws, make_plan_data(methods))
            texts = plan_texts(ws, plan)
            export = best_of(repeat, lambda: export_docx(ws, plan, folder / "plan.docx"))
            plain = best_of(repeat, lambda: plain_docx(texts, folder / "plain.docx"))
            sizes = {
                "export_bytes": (folder / "plan.docx").stat().st_size,
                "plain_bytes": (folder / "plain.docx").stat().st_size,
            }
        finally:
            ws.close()
    return {
        "methods": methods,
        "paragraphs": len(texts),
        "export_docx_ms": round(export, 1),
        "plain_paragraphs_ms": round(plain, 1),
        "ratio": round(export / plain, 2),
        **sizes,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=5000, help="methods in the synthetic plan (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept (default 3)")
    args = parser.parse_args(argv)
    if args.methods < 1 or args.repeat < 1:
        parser.error("--methods and --repeat must be positive")
    result = run(args.methods, args.repeat)
    print(f"{'methods':<28}{result['methods']:>12,}")
    print(f"{'paragraphs of text':<28}{result['paragraphs']:>12,}")
    print(f"{'(a) export_docx ms':<28}{result['export_docx_ms']:>12.1f}")
    print(f"{'(b) plain python-docx ms':<28}{result['plain_paragraphs_ms']:>12.1f}")
    print(f"{'ratio a/b':<28}{result['ratio']:>12.2f}   (limit {LIMIT_RATIO:.0f}×)")
    print(f"{'file size a / b (KiB)':<28}{result['export_bytes'] // 1024:>12,} / {result['plain_bytes'] // 1024:,}")
    slow = result["ratio"] > LIMIT_RATIO
    if slow:
        print(f"SLOW: export_docx takes {result['ratio']:.2f}× the plain-paragraph save (limit {LIMIT_RATIO:.0f}×)")
    save_results("docx", {"repeat": args.repeat, **result})
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

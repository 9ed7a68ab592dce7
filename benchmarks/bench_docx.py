"""Time the Word export of a synthetic 5,000-method plan against python-docx writing the same text as paragraphs.

Run:  .venv/bin/python benchmarks/bench_docx.py [--methods 5000] [--repeat 3]

(a) export_docx of the whole plan (selection, table built as one XML string, styles, atomic save);
(b) python-docx Document(), add_paragraph() per text of the plan, save().
Both are measured in the same run, best of --repeat, and the ratio a/b must stay ≤ 3.
Results go to benchmarks/results/docx.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document

from planner.build import add_plan_from_data
from planner.export import months_text, text_lines
from planner.export.docx import export_docx
from planner.model import Plan
from planner.workspace import Workspace, create_workspace

YEAR = 115
ITEMS, FOCUSES = 6, 4
LIMIT_RATIO = 3.0
RESULTS = Path(__file__).resolve().parent / "results" / "docx.json"
AGENCY = "星河市政府測試局"
UNITS = ["秘書室", "行政課", "服務課", "資訊室"]
MONTHS = [[6, 12], [12], [3, 6, 9, 12], [6]]
WORDS = (
    "提升 服務 品質 民眾 便民 措施 簡化 流程 申辦 案件 線上 數位 資訊 公開 透明 滿意度 調查 意見 回饋 改善 "
    "機制 檢討 窗口 櫃檯 電話 禮貌 專業 效率 跨機關 整合 資源 運用 創新 加值 關懷 弱勢 族群 偏鄉 行動 宣導"
).split()


def _text(rng: random.Random, length: int) -> str:
    """Return about length CJK characters with commas and a final stop."""
    out = ""
    while len(out) < length - 1:
        for _ in range(rng.randint(2, 5)):
            out += rng.choice(WORDS)
        out += "，"
    return out[: length - 1].rstrip("，") + "。"


def make_plan_data(methods: int, seed: int = 115) -> dict[str, Any]:
    """Return a plan in the show --json shape: 6 要項 × 4 重點, methods spread evenly, bodies ~80 characters."""
    rng = random.Random(seed)
    slots = ITEMS * FOCUSES
    counts = [methods // slots + (1 if k < methods % slots else 0) for k in range(slots)]
    items = []
    for i in range(ITEMS):
        focuses = []
        for f in range(FOCUSES):
            rows = [
                {
                    "title": _text(rng, 12).rstrip("。"),
                    "body": _text(rng, rng.randint(70, 90)),
                    "units": rng.sample(UNITS, rng.randint(1, 2)),
                    "months": list(rng.choice(MONTHS)),
                    "note": "配合市府期程" if rng.random() < 0.2 else "",
                }
                for _ in range(counts[i * FOCUSES + f])
            ]
            focuses.append({"title": _text(rng, 30), "methods": rows})
        items.append({"title": _text(rng, 18).rstrip("。"), "focuses": focuses})
    sections = [
        {"heading": h, "text": "" if h == "計畫內容" else "一、" + _text(rng, 60) + "\n二、" + _text(rng, 60)}
        for h in ("計畫依據", "計畫目標", "實施對象", "計畫內容", "考核與獎勵", "其他")
    ]
    return {"year": YEAR, "title": f"{YEAR}年度提升服務工作計畫", "sections": sections, "items": items}


def plain_texts(ws: Workspace, plan: Plan) -> list[str]:
    """Return every text the export prints, one paragraph each, in document order."""
    labels = plan.numbering()
    out = [ws.agency + plan.title]
    for section in plan.sections:
        out.append(plan.section_label(section) + section.heading)
        out += text_lines(section.text)
    for node in plan.walk():
        out.append(labels[node.id] + node.title)
        out += text_lines(node.body)
        if node.is_method:
            out += ws.unit_names(node.units)
            out += [months_text(node.months)] if node.months else []
            out += text_lines(node.note)
    return out


def timed(fn: Callable[[], object]) -> float:
    """Run fn once and return its wall time in milliseconds."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def plain_docx(texts: list[str], path: Path) -> None:
    """Write the texts as plain python-docx paragraphs."""
    doc = Document()
    for text in texts:
        doc.add_paragraph(text)
    doc.save(str(path))


def run(methods: int, repeat: int) -> dict[str, Any]:
    """Build the plan in a scratch folder and time both writers."""
    with tempfile.TemporaryDirectory(prefix="planner-bench-docx-") as tmp:
        folder = Path(tmp)
        ws = create_workspace(folder / "bench.planner", AGENCY, UNITS)
        try:
            plan = add_plan_from_data(ws, make_plan_data(methods))
            texts = plain_texts(ws, plan)
            export = min(timed(lambda: export_docx(ws, plan, folder / "plan.docx")) for _ in range(repeat))
            plain = min(timed(lambda: plain_docx(texts, folder / "plain.docx")) for _ in range(repeat))
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
    record = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "repeat": args.repeat,
        **result,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {RESULTS}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

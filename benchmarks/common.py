"""Pieces the benchmark scripts share: the synthetic plan, timing and writing the results.

The scripts run as `python benchmarks/bench_x.py` and import this module as `from common import …`.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

YEAR = 114
ITEMS = 6
FOCUSES_PER_ITEM = 4
AGENCY = "星河市政府測試局"
UNITS = ["秘書室", "行政課", "服務課", "資訊室"]
MONTHS = [[6, 12], [12], [3, 6, 9, 12], [6], [1, 4, 7, 10], [5, 11]]
WORDS = (
    "提升 服務 品質 民眾 便民 措施 簡化 流程 申辦 案件 線上 數位 資訊 公開 透明 "
    "滿意度 調查 意見 回饋 改善 機制 檢討 窗口 櫃檯 電話 禮貌 專業 效率 跨機關 "
    "整合 資源 運用 創新 加值 關懷 弱勢 族群 偏鄉 行動 服務 宣導 活動 志工 "
    "訓練 課程 環境 友善 無障礙 設施 標示 指引 等候 時間 縮短 辦理 期限 查核 "
    "追蹤 管考 績效 評核 網站 平臺 社群 媒體 主動 通知 預約 到府 協助 諮詢"
).split()
PUNCT = "，，，、。"
RESULTS_DIR = Path(__file__).resolve().parent / "results"


# ---------------------------------------------------------------- synthetic plan


def _words(rng: random.Random, length: int) -> str:
    """Return about length CJK characters made of vocabulary words."""
    out = ""
    while len(out) < length:
        out += rng.choice(WORDS)
    return out[:length]


def _prose(rng: random.Random, length: int) -> str:
    """Return a sentence of about length characters with commas and a final stop."""
    out = ""
    while len(out) < length - 1:
        out += _words(rng, rng.randint(6, 14)) + rng.choice(PUNCT[:-1])
    return out[: length - 1].rstrip(PUNCT) + "。"


def make_plan_data(methods: int, seed: int = 114) -> dict[str, Any]:
    """Return a plan of year YEAR in the show --json shape: 6 要項 × 4 重點 with methods spread evenly.

    Methods have 10–14 character titles, 60–120 character bodies, 1–3 of the 4 UNITS, review months from
    one of six patterns and a note on every third; the same methods and seed give the same plan.
    """
    rng = random.Random(seed)
    focuses = ITEMS * FOCUSES_PER_ITEM
    per_focus = [methods // focuses + (1 if k < methods % focuses else 0) for k in range(focuses)]
    counter = 0
    items = []
    for i in range(ITEMS):
        item_focuses = []
        for f in range(FOCUSES_PER_ITEM):
            method_list = []
            for _ in range(per_focus[i * FOCUSES_PER_ITEM + f]):
                counter += 1
                method: dict[str, Any] = {
                    "title": _words(rng, rng.randint(10, 14)),
                    "body": _prose(rng, rng.randint(60, 120)),
                    "units": rng.sample(UNITS, rng.randint(1, 3)),
                    "months": list(rng.choice(MONTHS)),
                    "note": "配合年度考核提報執行成果" if counter % 3 == 0 else "",
                }
                method_list.append(method)
            item_focuses.append({"title": _words(rng, 10), "body": _prose(rng, 40), "methods": method_list})
        items.append({"title": _words(rng, 8), "body": "", "focuses": item_focuses})
    sections = [
        {"heading": heading, "text": _prose(rng, 80) if heading != "計畫內容" else ""}
        for heading in ("計畫依據", "計畫目標", "實施對象", "計畫內容", "考核與獎勵", "其他")
    ]
    return {"year": YEAR, "title": f"{YEAR}年度提升服務工作計畫", "sections": sections, "items": items}


# ---------------------------------------------------------------- timing


def timed(fn: Callable[[], object]) -> float:
    """Run fn once (after a garbage collection) and return its wall time in milliseconds."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def best_of(repeat: int, fn: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """Return the smallest wall time of fn in milliseconds over repeat runs (before() runs untimed before each)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(timed(fn))
    return min(times)


# ---------------------------------------------------------------- results


def save_results(name: str, record: dict[str, Any], output: Path | None = None) -> Path:
    """Write date, machine, python, platform and the record as JSON to results/<name>.json (or output)."""
    path = output if output is not None else RESULTS_DIR / f"{name}.json"
    full = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        **record,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(full, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}")
    return path


def plan_texts(ws: Any, plan: Any) -> list[str]:
    """Return every text the plan prints, one paragraph each, in document order (the export baselines' input)."""
    from planner.export import months_text, text_lines

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

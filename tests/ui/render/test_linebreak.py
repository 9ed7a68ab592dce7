"""The Python line breaking (ui/render/linebreak.py) gives QTextLayout's lines exactly, with this machine's fonts."""

from __future__ import annotations

import importlib.util
import json
import random
import unicodedata
from itertools import accumulate, product
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QTextBoundaryFinder
from PySide6.QtGui import QFontDatabase, QTextLayout, QTextOption

from planner.build import add_plan_from_data
from planner.demo import write_demo
from planner.workspace import Workspace, create_workspace
from ui.render import linebreak
from ui.render.boxes import STYLES
from ui.render.fonts import FontChoice
from ui.render.layout import layout_plan
from ui.render.measure import Measurer, autospace

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
Call = tuple[str, str, float, float]


class Recording(Measurer):
    """A measurer that records every wrap it is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: set[Call] = set()

    def wrap(self, text: str, style: str, first: float, rest: float) -> list[tuple[str, float]]:
        """Record the call, then wrap as usual."""
        self.calls.add((text, style, first, rest))
        return super().wrap(text, style, first, rest)


def qt_lines(m: Measurer, style: str, text: str, first: float, rest: float) -> list[tuple[str, float]]:
    """Return QTextLayout's lines of a text at device widths, from a new layout: [(text, natural width)]."""
    layout = QTextLayout(text, m.qfonts[style], m.device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    out: list[tuple[str, float]] = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(first if not out else rest)
        start = line.textStart()
        out.append((text[start : start + line.textLength()].rstrip(), line.naturalTextWidth()))
    layout.endLayout()
    return out or [("", 0.0)]


def plan_calls(ws: Workspace) -> set[Call]:
    """Return the wrap calls of laying out every plan of a workspace."""
    m = Recording()
    for year in ws.years():
        layout_plan(ws, ws.plan(year), measurer=m)
    return m.calls


@pytest.fixture(scope="module")
def calls(qapp, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[Call]]:
    """Return the wrap calls of the demo plan, the two sample plans and a synthetic 500-method plan."""
    folder = tmp_path_factory.mktemp("plans")
    out: dict[str, set[Call]] = {}
    ws = write_demo(folder / "demo.planner")
    out["demo"] = plan_calls(ws)
    ws.close()
    for sample in sorted(SAMPLES.glob("*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        ws = create_workspace(folder / f"{sample.stem}.planner", data["agency"], data["units"])
        add_plan_from_data(ws, data)
        out[sample.stem] = plan_calls(ws)
        ws.close()
    spec = importlib.util.spec_from_file_location("bench_common", ROOT / "benchmarks" / "common.py")
    assert spec and spec.loader
    common = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(common)
    ws = create_workspace(folder / "bench.planner", common.AGENCY, common.UNITS)
    add_plan_from_data(ws, common.make_plan_data(500))
    out["bench"] = plan_calls(ws)
    ws.close()
    return out


@pytest.fixture(scope="module")
def m(qapp) -> Measurer:
    """Return a measurer with the print fonts of this machine."""
    return Measurer()


def boundary_widths(sums: list[int], rng: random.Random, count: int) -> list[float]:
    """Return device widths on, just under and just over cumulative advances (QFixed units of 1/64)."""
    out = []
    for _ in range(count):
        base = rng.choice(sums[1:] or [0])
        delta = rng.choice([0, 0, -1, 1, 0.5, -0.5, 1e-9, -1e-9, 0.25, -0.75])
        out.append(max((base + delta) / linebreak.FIXED, 1.0))
    return out


def test_plans_wrap_as_qtextlayout(calls: dict[str, set[Call]], m: Measurer) -> None:
    """Every wrap of the demo, sample and synthetic plans: the fast path gives QTextLayout's lines or defers."""
    for name, plan in calls.items():
        fast = 0
        for text, style, first, rest in plan:
            prepared = autospace(text.replace("\t", "  "))
            lines = m._fast(prepared, style, first, rest)
            if lines is not None:
                fast += 1
                assert lines == m._qt(prepared, style, first, rest), (name, text, style, first, rest)
        assert fast >= len(plan) * (0.95 if name == "bench" else 0.3), (name, fast, len(plan))


def test_plan_texts_at_boundary_widths(calls: dict[str, set[Call]], m: Measurer) -> None:
    """The plans' texts at widths on and around their own cumulative advances, every style used."""
    rng = random.Random(17)
    checked = 0
    texts = sorted({(autospace(t.replace("\t", "  ")), s) for plan in calls.values() for t, s, _, _ in plan})
    for text, style in texts:
        breaker = linebreak.breaker(m.qfonts[style], m.device)
        units = [breaker.advance(ch) for ch in text]
        if not linebreak.FAST.fullmatch(text) or None in units:
            continue
        sums = list(accumulate(cast("list[int]", units), initial=0))
        for first, rest in zip(boundary_widths(sums, rng, 3), boundary_widths(sums, rng, 3), strict=True):
            lines = breaker.wrap(text, first, rest)
            if lines is not None:
                checked += 1
                assert lines == qt_lines(m, style, text, first, rest), (text, style, first, rest)
    assert checked > 1000


def random_han(rng: random.Random, count: int) -> str:
    """Return assigned Chinese characters drawn from the whole ranges the fast path takes."""
    out: list[str] = []
    while len(out) < count:
        ch = chr(rng.choice([rng.randint(0x4E00, 0x9FFF), rng.randint(0x3400, 0x4DBF), rng.randint(0xF900, 0xFAFF)]))
        if unicodedata.category(ch) == "Lo":
            out.append(ch)
    return "".join(out)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_random_texts_at_boundary_widths(m: Measurer, style: str) -> None:
    """Random texts of the fast class, the line widths on, just below and just above advance boundaries."""
    rng = random.Random(style)
    common = "中文服務計畫提升品質民眾網站線上申辦一二三"
    han = common + random_han(rng, 300)
    breaker = linebreak.breaker(m.qfonts[style], m.device)
    if not breaker.usable:  # the fonts kern the probe: the fast path stays off, every text goes to QTextLayout
        assert breaker.wrap(common, 1e5, 1e5) is None and m._fast(common, style, 100.0, 100.0) is None
        return
    fast = tried = even = spaced = 0
    pools = [
        han + linebreak._NON_HAN,
        linebreak._NON_HAN + "中國",
        common + "，。、；：？！）」』》〉】〕（「『《〈【〔",
    ]
    for _ in range(600):
        pool = rng.choice(pools)
        text = autospace("".join(rng.choice(pool) for _ in range(rng.randint(0, 70))))  # U+2005: 中 1, 1 中
        units = [breaker.advance(ch) for ch in text]
        if None in units:
            continue
        sums = list(accumulate(cast("list[int]", units), initial=0))
        for first, rest in zip(boundary_widths(sums, rng, 3), boundary_widths(sums, rng, 3), strict=True):
            tried += 1
            even += breaker.even.issuperset(text)  # as wide as 中 each: the sums are multiples
            lines = breaker.wrap(text, first, rest)
            if lines is not None:
                fast += 1
                spaced += len(lines) > 1 and linebreak.SPACE in text
                assert lines == qt_lines(m, style, text, first, rest), (text, first, rest)
    assert fast > tried * 0.6
    assert spaced > tried * 0.1  # lines ending before or after an autospace
    assert tried * 0.2 < even < tried * 0.8  # both ways taken


def qt_breaks(text: str) -> set[int]:
    """Return Qt's line-break opportunities inside a text (QTextBoundaryFinder, the end excluded)."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    out = set()
    while (pos := finder.toNextBoundary()) != -1:
        out.add(pos)
    return out - {len(text)}


def glue(text: str) -> set[int]:
    """Return the positions inside a text of the fast class where linebreak.glued finds no break opportunity."""
    return {pos for pos in range(1, len(text)) if linebreak.glued(text, pos)}


def test_glue_is_qts_line_breaks() -> None:
    """glue() is the complement of Qt's break opportunities: all triples of classes, all pairs, random texts."""
    every = linebreak._NON_HAN + "中" + linebreak.SPACE
    texts = ["".join(t) for t in product("中，；？…（(.1)", repeat=3)] + [a + b for a in every for b in every]
    rng = random.Random(3)
    texts += ["".join(rng.choice(every + "1.") for _ in range(rng.randint(1, 14))) for _ in range(20000)]
    for text in texts:
        assert set(range(1, len(text))) - glue(text) == qt_breaks(text), text


def test_a_kerning_font_turns_the_fast_path_off(qapp) -> None:
    """Noto Serif CJK kerns "(", ")" and ".": the probe finds it and every text goes to QTextLayout."""
    if "Noto Serif CJK TC" not in QFontDatabase.families():
        pytest.skip("Noto Serif CJK TC is not installed")
    m = Measurer(FontChoice(None, "Noto Serif CJK TC"))
    assert not linebreak.breaker(m.qfonts["cell"], m.device).usable
    assert m._fast("中文", "cell", 100.0, 100.0) is None
    assert m.wrap("1.(一)中文", "cell", 100.0, 100.0) == m._qt("1.(一)中文", "cell", 100.0, 100.0)


def test_the_probe_finds_a_glyph_off_its_summed_place(m: Measurer) -> None:
    """A font whose glyphs after "(" sit one unit off the summed advances (kerning) fails the probe."""
    fresh = linebreak.LineBreaker(m.qfonts["cell"], m.device)  # not the process's cached one
    assert fresh._probe() == fresh.usable
    fresh.advances["("] = (fresh.advances["("] or 0) + 1  # what the layout would show if the font kerned "("
    assert not fresh._probe()


def test_fallbacks(m: Measurer) -> None:
    """Texts outside the class, a chunk wider than its line and the empty text."""
    breaker = linebreak.breaker(m.qfonts["cell"], m.device)
    assert breaker.wrap("中文 abc", 1e5, 1e5) is None  # a space and Latin letters: QTextLayout
    assert breaker.wrap("\u20053", 1e5, 1e5) is None  # U+2005 other than between 中 and a digit: QTextLayout
    assert breaker.wrap("中\u20051\u20052", 1e5, 1e5) is None
    assert breaker.wrap("", 100.0, 100.0) == qt_lines(m, "cell", "", 100.0, 100.0) == [("", 0.0)]
    digits = "1234567890"
    width = sum(breaker.advance(ch) or 0 for ch in digits) / linebreak.FIXED
    han = (breaker.advance("中") or 0) / linebreak.FIXED
    lines = [("中", han), (digits, width)]
    assert breaker.wrap("中" + digits, han + 1, width) == qt_lines(m, "cell", "中" + digits, han + 1, width) == lines
    assert breaker.wrap("中" + digits, han + 1, width - 1) is None  # Qt breaks the digits anywhere
    assert digits not in [t for t, _ in qt_lines(m, "cell", "中" + digits, han + 1, width - 1)]
    assert m.wrap(digits + "中", "cell", 5.0, 5.0) == m._qt(digits + "中", "cell", 5.0, 5.0)


def installed_choices() -> list[FontChoice]:
    """Return every pairing of an installed Latin family (or none) with an installed Traditional Chinese one."""
    from ui.render.fonts import CJK_FAMILIES, LATIN_FAMILIES

    families = set(QFontDatabase.families())
    latin = [None, *(f for f in LATIN_FAMILIES if f in families)]
    return [FontChoice(a, b) for a in latin for b in CJK_FAMILIES if b in families]


def test_every_installed_font_pairing(qapp) -> None:
    """With each pairing of this machine's print fonts the fast path gives Qt's lines, or is off for the font."""
    choices = installed_choices()
    assert choices, "no Traditional Chinese font installed"
    rng = random.Random(11)
    common = "中文服務計畫提升品質民眾網站線上申辦一二三，。、；：？！）」』》〉】〕（「『《〈【〔"
    fast = 0
    for choice in choices:
        m = Measurer(choice)
        breaker = linebreak.breaker(m.qfonts["cell"], m.device)
        for _ in range(60):
            pool = rng.choice([common, common + linebreak._NON_HAN + random_han(rng, 20)])
            text = autospace("".join(rng.choice(pool) for _ in range(rng.randint(1, 60))))
            units = [breaker.advance(ch) for ch in text]
            if None in units:
                continue
            sums = list(accumulate(cast("list[int]", units), initial=0))
            first, rest = boundary_widths(sums, rng, 2)
            lines = breaker.wrap(text, first, rest)
            if lines is not None:
                fast += 1
                assert lines == qt_lines(m, "cell", text, first, rest), (choice, text, first, rest)
    assert fast > 30

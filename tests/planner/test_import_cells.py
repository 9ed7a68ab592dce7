"""Cell grammar: unit names and review months as clerks type them, and what is reported as doubtful."""

from __future__ import annotations

import pytest

from planner.importers.cells import read_months, read_units
from planner.importers.result import order_warnings


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("主辦：行政課／協辦：活動課、輔導課", ["行政課", "活動課", "輔導課"]),
        ("行政課（主辦）", ["行政課"]),
        ("行政課(主辦)、輔導課(協辦)", ["行政課", "輔導課"]),
        ("活動課及輔導課", ["活動課", "輔導課"]),
        ("養護工程處和新建工程處", ["養護工程處", "新建工程處"]),
        ("資訊室與研考科", ["資訊室", "研考科"]),
        ("研考科\n秘書室", ["研考科", "秘書室"]),
        ("秘書室 資訊室", ["秘書室", "資訊室"]),
        ("行政課；教務課/輔導課,秘書室，人事室", ["行政課", "教務課", "輔導課", "秘書室", "人事室"]),
        ("各課室", ["各課室"]),
        ("各單位", ["各課室"]),
        ("各組", ["各課室"]),
        ("社會福利中心、圖書館", ["社會福利中心", "圖書館"]),
    ],
)
def test_units(text: str, names: list[str]) -> None:
    assert read_units(text).names == names


def test_unit_doubts() -> None:
    units = read_units("全體同仁及志工")
    assert units.names == ["全體同仁及志工"]
    assert units.doubts and "未拆開" in units.doubts[0]
    assert read_units("依實際需要辦理").doubts == ["「依實際需要辦理」不像單位名稱"]
    assert "已記為「各課室」" in read_units("各單位").doubts[0]
    assert read_units("主辦：行政課／協辦：活動課、輔導課").doubts == []


@pytest.mark.parametrize(
    ("text", "months", "guessed"),
    [
        ("上半年", [6], True),
        ("下半年", [12], True),
        ("上半年、下半年", [6, 12], True),
        ("第1季", [3], True),
        ("第三季", [9], True),
        ("每季", [3, 6, 9, 12], False),
        ("每月", list(range(1, 13)), False),
        ("全年", list(range(1, 13)), True),
        ("年底", [12], True),
        ("6月底", [6], False),
        ("6月15日前", [6], False),
        ("每年6月及12月", [6, 12], False),
        ("4", [4], False),
        ("12", [12], False),
        ("6,12", [6, 12], False),
        ("6、12", [6, 12], False),
        ("每半年", [6, 12], False),
        ("隨時", None, False),
        ("13", None, False),
    ],
)
def test_months(text: str, months: list[int] | None, guessed: bool) -> None:
    read = read_months(text)
    assert read.months == months
    assert (read.guess is not None) == guessed


def test_warnings_are_ordered_by_weight() -> None:
    warnings = [
        "要項「甲」原編號為「二、」，與所在位置不符，匯入後將依位置重新編為「一、」。",
        "方法「乙」的查核期限依文字推定：「上半年」→6 月。",
        "第 1 個表格第 3 列：第 6 欄沒有可辨識的欄位標題，其內容未匯入。",
        "標題中找不到年度（例如「114年度」），匯入時請指定年度。",
    ]
    ordered = order_warnings(warnings)
    assert ordered[0].endswith("其內容未匯入。")
    assert "重新編為" in ordered[-1]
    assert ordered.index(warnings[1]) < ordered.index(warnings[3])

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.numerals import (
    ad_to_roc,
    capital_number,
    chinese_number,
    latin_upper,
    level_label,
    outline_label,
    parse_chinese_number,
    roc_to_ad,
    section_label,
)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
    ],
)
def test_chinese_number(n, text):
    assert chinese_number(n) == text
    assert parse_chinese_number(text) == n


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "壹"),
        (2, "貳"),
        (3, "參"),
        (4, "肆"),
        (5, "伍"),
        (6, "陸"),
        (7, "柒"),
        (8, "捌"),
        (9, "玖"),
        (10, "拾"),
        (11, "拾壹"),
        (20, "貳拾"),
        (21, "貳拾壹"),
    ],
)
def test_capital_number(n, text):
    assert capital_number(n) == text
    assert parse_chinese_number(text) == n


def test_variant_san_parses():
    assert parse_chinese_number("叁") == 3


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_number_round_trips(n):
    assert parse_chinese_number(chinese_number(n)) == n


def test_out_of_range_and_garbage():
    with pytest.raises(ValueError):
        chinese_number(0)
    with pytest.raises(ValueError):
        capital_number(0)
    with pytest.raises(ValueError):
        parse_chinese_number("甲")


def test_level_and_outline_labels():
    assert [level_label(1, 11), level_label(2, 3), level_label(3, 12)] == ["十一、", "(三)", "12."]
    assert [outline_label(1, 2), outline_label(2, 1), outline_label(3, 27)] == ["(2)", "A.", "(AA)"]
    assert latin_upper(26) == "Z"
    assert section_label(4) == "肆、"


def test_roc_years():
    assert roc_to_ad(114) == 2025
    assert ad_to_roc(2025) == 114
    with pytest.raises(ValueError):
        ad_to_roc(1900)


@pytest.mark.parametrize(
    ("n", "text", "formal"),
    [
        (100, "一百", "壹佰"),
        (111, "一百一十一", "壹佰壹拾壹"),
        (9999, "九千九百九十九", "玖仟玖佰玖拾玖"),
        (10000, "一萬", "壹萬"),
        (10001, "一萬零一", "壹萬零壹"),
        (11000, "一萬一千", "壹萬壹仟"),
        (110000, "十一萬", "拾壹萬"),
        (1010000, "一百零一萬", "壹佰零壹萬"),
        (100000001, "一億零一", "壹億零壹"),
    ],
)
def test_numbers_past_the_old_limits(n, text, formal):
    """Issue 16: sections past 玖拾玖, items and 重點 past 9,999 number correctly."""
    assert chinese_number(n) == text and capital_number(n) == formal
    assert parse_chinese_number(text) == n == parse_chinese_number(formal)


@given(st.integers(min_value=1, max_value=10**12))
def test_every_size_round_trips(n):
    assert parse_chinese_number(chinese_number(n)) == n == parse_chinese_number(capital_number(n))


def test_labels_at_any_size():
    assert section_label(100) == "壹佰、" and section_label(120) == "壹佰貳拾、"
    assert level_label(1, 100) == "一百、" and level_label(2, 10_000) == "(一萬)" and level_label(3, 10_000) == "10000."

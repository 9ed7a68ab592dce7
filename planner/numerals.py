"""Chinese numerals, outline numbering and ROC/AD years."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
CAPITAL = "壹貳參肆伍陸柒捌玖拾"
ROC_OFFSET = 1911
MIN_YEAR, MAX_YEAR = 1, 999  # the ROC years a plan may have


def _under_10000(n: int, short_ten: bool) -> str:
    """Return 1–9999 in Chinese numerals; short_ten writes 十一 rather than 一十一."""
    if n < 10:
        return DIGITS[n]
    if n < 20 and short_ten:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    parts: list[str] = []
    units = [(1000, "千"), (100, "百"), (10, "十")]
    rest = n
    zero_pending = False
    for value, name in units:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(DIGITS[digit] + name)
        elif parts:
            zero_pending = True
    if rest:
        if zero_pending:
            parts.append("零")
        parts.append(DIGITS[rest])
    return "".join(parts)


def chinese_number(n: int) -> str:
    """Return n (any positive size) in everyday Chinese numerals: 十一, 二十, 一百零一, 一萬零一."""
    if not 1 <= n < 10**16:
        raise ValueError(f"數字超出範圍：{n}")
    groups: list[int] = []
    while n:
        n, group = divmod(n, 10000)
        groups.append(group)
    names = ["", "萬", "億", "兆"]
    parts: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        leading = index == len(groups) - 1
        if not group:
            continue
        if not leading and (group < 1000 or not groups[index + 1]) and not parts[-1].endswith("零"):
            parts.append("零")
        parts.append(_under_10000(group, short_ten=leading) + names[index])
    return "".join(parts)


_FORMAL = str.maketrans("一二三四五六七八九十百千", "壹貳參肆伍陸柒捌玖拾佰仟")


def capital_number(n: int) -> str:
    """Return n as a formal section numeral: 壹 … 拾, 拾壹 … 玖拾玖, 壹佰 …"""
    if n < 1:
        raise ValueError(f"數字超出範圍：{n}")
    return chinese_number(n).translate(_FORMAL)


def parse_chinese_number(text: str) -> int:
    """Parse everyday or formal Chinese numerals (一, 十一, 二十, 壹, 叁, 一萬零一) back to int."""
    table = {c: i for i, c in enumerate(DIGITS)}
    table.update({c: i + 1 for i, c in enumerate(CAPITAL[:9])})
    table.update({"叁": 3, "〇": 0, "兩": 2})
    scale = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
    big = {"萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
    if not text:
        raise ValueError("空白數字")
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in table:
            digit = table[ch]
        elif ch in scale:
            section += (1 if digit is None else digit) * scale[ch]
            digit = None
        elif ch in big:
            section += digit or 0
            digit = None
            if total and total < big[ch]:
                total = (total + section) * big[ch]
            else:
                total += (section or 1) * big[ch]
            section = 0
        else:
            raise ValueError(f"不是中文數字：{text}")
    return total + section + (digit or 0)


def latin_upper(n: int) -> str:
    """Return n as A, B, … Z, AA, AB …"""
    if n < 1:
        raise ValueError(f"數字超出範圍：{n}")
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


# Node levels of the content tree.
ITEM, FOCUS, METHOD = 1, 2, 3
LEVEL_NAMES = {ITEM: "要項", FOCUS: "重點", METHOD: "方法"}


def level_numeral(level: int, n: int) -> str:
    """Return the bare numeral of the n-th sibling at a tree level: 一, 一, 1."""
    if level in (ITEM, FOCUS):
        return chinese_number(n)
    if level == METHOD:
        return str(n)
    raise ValueError(f"未知的層級：{level}")


def level_label(level: int, n: int) -> str:
    """Return the printed label of the n-th sibling at a level: 一、 (一) 1."""
    if level == ITEM:
        return chinese_number(n) + "、"
    if level == FOCUS:
        return "(" + chinese_number(n) + ")"
    if level == METHOD:
        return f"{n}."
    raise ValueError(f"未知的層級：{level}")


def outline_label(depth: int, n: int) -> str:
    """Return the label of deeper outline levels inside bodies: (1) A. (A)."""
    if depth == 1:
        return f"({n})"
    if depth == 2:
        return latin_upper(n) + "."
    if depth == 3:
        return "(" + latin_upper(n) + ")"
    raise ValueError(f"未知的大綱層級：{depth}")


def section_label(n: int) -> str:
    """Return a section label: 壹、"""
    return capital_number(n) + "、"


def months_text(months: list[int]) -> str:
    """Return review months as printed: 「6月、12月」."""
    return "、".join(f"{m}月" for m in months)


def roc_to_ad(year: int) -> int:
    """Return the AD year of an ROC year (114 → 2025)."""
    if year < 1:
        raise ValueError(f"民國年不正確：{year}")
    return year + ROC_OFFSET


def ad_to_roc(year: int) -> int:
    """Return the ROC year of an AD year (2025 → 114)."""
    if year <= ROC_OFFSET:
        raise ValueError(f"西元年不正確：{year}")
    return year - ROC_OFFSET

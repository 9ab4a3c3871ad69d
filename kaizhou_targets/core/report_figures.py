"""The figures of a report's clause: a number, its unit and its bound, and what kind of figure it is.

"新增规上工业企业25家" holds one figure after its name (25, 家); "启动18个老旧小区改造" one before
its noun (18, 个); "绿色金融贷款余额突破100亿元" one with a verb in front (突破); "保持350天左右"
one with a bound behind (左右); "确保辖区水质稳定保持Ⅲ类" a water-quality class (3, 类).
Numbers that are not figures are left alone: years (2030年), grades and classes of a thing
(50亿级以上项目, 110千伏变电站, 3A级), codes (G243, PM2.5), ranges of a grade (10亿—20亿级),
and anything inside quotes or brackets (“双70”, “1小时”, “5本账”).

It only reads the string it is given and keeps the offsets of what it read; it never guesses a
unit or a value: a number whose unit it does not know is a figure only where a bound (以上/以内/
左右) says it is one, and then its unit is reported as missing.
"""

import re
import unicodedata
from typing import NamedTuple

from .report_layout import depth_at

# Full-width digits and points too: a report may use either width.
NUMBER = re.compile(r"[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?![0-9０-９])(?:[.．][0-9０-９]+)?"
                    r"|[0-9０-９]+(?:[.．][0-9０-９]+)?")
ROMAN_CLASS = re.compile(r"(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|IV|VI|V|III|II|I)(?=类)")
ROMAN_VALUES = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6,
                "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}

SCALES = ("万亿", "千亿", "百亿", "十亿", "亿", "千万", "百万", "万", "千", "百")
# Units a target is counted in. Longest first within the matching below.
BASE_UNITS = (
    "个百分点", "万人次", "人次", "平方公里", "平方米", "立方米", "千瓦时", "千瓦", "公里", "千米", "米",
    "亩次", "亩", "元", "吨", "标箱", "人", "个", "家", "户", "项", "名", "座", "所", "件", "天",
    "辆", "张", "套", "条", "次", "场", "台", "栋", "处", "批", "支", "床", "册", "例", "倍", "类",
)
# Words that count things: a figure in one of them may stand before its noun (18个老旧小区).
MEASURE_WORDS = frozenset({"个", "项", "家", "座", "所", "名", "条", "件", "处", "批", "支", "台", "套",
                           "张", "辆", "场", "栋", "户"})
# Units that grade a thing rather than count it: 110千伏变电站, 10万吨级码头.
GRADE_UNITS = ("千伏", "万伏", "伏", "兆瓦", "吨级", "级", "星", "A")
BOUNDS = ("及以上", "以上", "以内", "以下", "左右")
PERCENT_SIGNS = "%％"
RANGE_MARKS = "—–-～~至到"
_UNITS = sorted({scale + base for scale in ("", *SCALES) for base in BASE_UNITS}
                | {"%", "％"} | set(SCALES), key=len, reverse=True)


class Figure(NamedTuple):
    """One number as the report gives it. `value` is in `unit` as written (2.7 of 万亩);
    None for a range, which is never read as one number. `start`/`end` cover the number,
    unit and bound; a figure `before_noun` counts the noun that follows it (18个老旧小区改造)."""

    value: float | None
    unit: str        # normalised: "%" for ％, ":1" for ：1; "" when unknown
    bound: str       # 以上 / 以内 / 以下 / 左右 / 及以上, or ""
    start: int
    end: int
    before_noun: bool = False
    unknown_unit: bool = False


def _number(text: str) -> float:
    return float(unicodedata.normalize("NFKC", text).replace(",", ""))


def _unit_at(text: str, i: int, end: int) -> tuple[str, int]:
    """The unit written at text[i:], as (normalised unit, end offset); ("", i) when none."""
    if i < end and text[i] in PERCENT_SIGNS:
        return "%", i + 1
    if i + 1 < end and text[i] in ":：" and text[i + 1] in "1１" and not text[i + 2:i + 3].isdigit():
        return ":1", i + 2
    for unit in _UNITS:
        if text.startswith(unit, i) and i + len(unit) <= end:
            return unit, i + len(unit)
    return "", i


def _is_grade(text: str, i: int, end: int) -> bool:
    return any(text.startswith(word, i) for word in GRADE_UNITS) and i < end


def figures(text: str, start: int, end: int) -> list[Figure]:
    """The figures in text[start:end] (one list item or clause), in order."""
    found: list[Figure] = []
    for roman in ROMAN_CLASS.finditer(text, start, end):
        before = text[roman.start() - 1] if roman.start() > start else ""
        if before.isascii() and before.isalnum():
            continue
        if depth_at(text, start, roman.start()) == 0:
            bound, stop = _bound_at(text, roman.end() + 1, end)
            found.append(Figure(float(ROMAN_VALUES[roman.group(1)]), "类", bound, roman.start(), stop))
    position = start
    while (number := NUMBER.search(text, position, end)) is not None:
        position = number.end()
        figure = _figure(text, number, start, end)
        if figure is not None:
            found.append(figure)
            position = max(position, figure.end)
    return sorted(found, key=lambda f: f.start)


def _bound_at(text: str, i: int, end: int) -> tuple[str, int]:
    for bound in BOUNDS:
        if text.startswith(bound, i) and i + len(bound) <= end:
            return bound, i + len(bound)
    return "", i


def _figure(text: str, match: re.Match[str], start: int, end: int) -> Figure | None:
    a, b = match.span()
    before = text[a - 1] if a > start else ""
    if (before.isascii() and before.isalnum()) or before in ".．":
        return None  # a code or a name: G243, PM2.5, 5G
    if depth_at(text, start, a) > 0:
        return None  # inside quotes or brackets: part of a name
    if text.startswith("年", b) and len(match.group()) == 4:
        return None  # a year: 到2030年
    unit, i = _unit_at(text, b, end)
    if i < end and text[i] in RANGE_MARKS and (second := NUMBER.match(text, i + 1)):
        # 10亿—20亿级, 5%—6%: a range is never read as one number.
        unit2, j = _unit_at(text, second.end(), end)
        if _is_grade(text, j, end):
            return None
        bound, j = _bound_at(text, j, end)
        return Figure(None, _clean_unit(unit2 or unit), bound, a, j)
    if _is_grade(text, i, end):
        return None
    if unit in SCALES:
        unit, i = "", b  # 亿 alone is no unit (50亿级 was caught above)
    value = _number(match.group())
    if not unit:
        return _unknown_unit(text, value, a, b, end)
    bound, j = _bound_at(text, i, end)
    rest = text[j:end]
    if rest and not bound and _starts_noun(rest):
        if unit in MEASURE_WORDS:
            return Figure(value, unit, "", a, j, before_noun=True)
        if unit not in ("%", ":1", "个百分点"):
            return None  # a figure describing what follows (5200万元补贴资金), not a target
    return Figure(value, _clean_unit(unit), bound, a, j)


def _unknown_unit(text: str, value: float, a: int, b: int, end: int) -> Figure | None:
    """A number in a unit this module does not know is a figure only where a bound follows it
    closely (35微克/立方米以内); dates, ages and ordinals never are."""
    if text.startswith(("年", "月", "日", "周年", "岁", "时", "号", "期", "届", "轮"), b):
        return None
    for k in range(b + 1, min(end, b + 8)):
        bound, stop = _bound_at(text, k, end)
        if bound:
            return Figure(value, "", bound, a, stop, unknown_unit=True)
        if text[k] in "，,、；;。":
            return None
    return None


def _starts_noun(rest: str) -> bool:
    first = rest[0]
    # A bracket after a figure explains it (7500人（含返乡创业）); quotes begin a name (3个“国字号”平台).
    return first.isalpha() or first in "“‘《"


def _clean_unit(unit: str) -> str:
    return "%" if unit == "％" else unit

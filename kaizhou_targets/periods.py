"""Parse the period a figure refers to, as people write it, into its end date.

2026-09-30, 2026/9/30, 2026年9月30日, 2026年9月, 9月, 1-9月, 三季度, Q3,
1-3季度, 前三季度, 上半年, H1, 全年, 今天, 昨天, yesterday.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .errors import InputError
from .model import Target
from .values import normalize_text

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_NUM = r"(\d{1,2}|十[一二]?|[一二两三四五六七八九])"

_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(?:1\s*[-~至到]\s*)?(\d{1,2})\s*月?(?:份|底|末)?$")
_MONTH = re.compile(rf"^(?:(\d{{4}})年)?(?:1\s*[-~至到]\s*|一至|前)?{_NUM}月(?:份|底|末)?$")
_QUARTER = re.compile(
    rf"^(?:(\d{{4}})\s*年?)?(?:第|前|1\s*[-~至到]\s*|一至)?{_NUM}\s*季度(?:末)?$"
)
_Q = re.compile(r"^(?:(\d{4})\s*-?)?q([1-4])$")
_HALF = re.compile(r"^(?:(\d{4})\s*年?)?(上半年|下半年|h1|h2)$")
_WHOLE_YEAR = re.compile(r"^(?:(\d{4})\s*年?)?(全年|年度|年底|年末)$")

_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "〜": "~"})
TODAY_WORDS = {"今天", "今日", "today", "现在", "now"}
YESTERDAY_WORDS = {"昨天", "昨日", "yesterday"}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _num(text: str) -> int:
    return int(text) if text.isdigit() else CN_DIGITS[text]


def default_year(target: Target, today: date) -> int:
    """A period written without a year means the target's year; for a
    multi-year target, the current year within its period."""
    if target.period_start.year == target.deadline.year:
        return target.deadline.year
    return min(max(today.year, target.period_start.year), target.deadline.year)


def parse_period(text: str, target: Target, today: date, *, force: bool = False) -> date:
    """The end date of the period `text` names, checked against `target`."""
    raw = text
    folded = normalize_text(text, "The period").lower().replace(" ", "").translate(_DASHES)
    if not folded:
        raise InputError("The period is empty. Give one such as 2026-09-30, 1-9月, Q3 or 上半年.")
    when = _read(raw, folded, default_year(target, today), today)
    if when < target.period_start or when > target.deadline:
        raise InputError(
            f"The period {raw!r} ({when.isoformat()}) lies outside the period of "
            f"{target.id} ({target.name}), {target.period_start.isoformat()} to "
            f"{target.deadline.isoformat()}. Check the year."
        )
    if when > today and not force:
        raise InputError(
            f"The period {raw!r} ends on {when.isoformat()}, after today ({today.isoformat()}). "
            "A figure can only describe a period that has ended; if this is a forecast you "
            "really mean to record, repeat with --force."
        )
    return when


def _read(raw: str, folded: str, year: int, today: date) -> date:
    if folded in TODAY_WORDS:
        return today
    if folded in YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if m := _FULL_DATE.match(folded):
        y, mo, d = (int(g) for g in m.groups())
        return _checked_date(raw, y, mo, d)
    if m := _YEAR_MONTH.match(folded):
        y, mo = int(m.group(1)), int(m.group(2))
        return month_end(y, _checked_month(raw, mo))
    if m := _MONTH.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, _checked_month(raw, _num(m.group(2))))
    if m := _QUARTER.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, _checked_quarter(raw, _num(m.group(2))) * 3)
    if m := _Q.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, int(m.group(2)) * 3)
    if m := _HALF.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, 6 if m.group(2) in ("上半年", "h1") else 12)
    if m := _WHOLE_YEAR.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return date(y, 12, 31)
    raise InputError(
        f"{raw!r} is not a period kzt knows. Write the date or period the figure refers to, "
        "e.g. 2026-09-30, 2026年9月, 1-9月, 三季度, Q3, 上半年, 全年 or 昨天."
    )


def _checked_date(raw: str, year: int, month: int, day: int) -> date:
    _checked_month(raw, month)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InputError(
            f"The date {raw!r} does not exist: {year}年{month}月 has {last} days. "
            "Check the day of the month."
        )
    return date(year, month, day)


def _checked_month(raw: str, month: int) -> int:
    if not 1 <= month <= 12:
        raise InputError(f"{raw!r} names month {month}, which does not exist. Months run 1 to 12.")
    return month


def _checked_quarter(raw: str, quarter: int) -> int:
    if not 1 <= quarter <= 4:
        raise InputError(f"{raw!r} names quarter {quarter}; quarters run 1 to 4.")
    return quarter

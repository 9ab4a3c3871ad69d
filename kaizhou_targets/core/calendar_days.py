"""Month lengths and month ends: the calendar arithmetic every other module of dates shares.

A leaf module (standard library only), so that periods, the reporting calendar and the
periods that fit an indicator can all use it without importing each other.
"""

from __future__ import annotations

from datetime import date

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """`calendar.monthrange(year, month)[1]`, without importing calendar (and locale) on every run."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, not {month}")
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def is_month_end(when: date) -> bool:
    return when.day == days_in_month(when.year, when.month)


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))

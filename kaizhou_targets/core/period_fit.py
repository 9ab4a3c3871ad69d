"""The periods that fit an indicator (a quarter end for a quarterly one, a month end for a
monthly one) and what `全年`/`2026年` mean (issue 10, point 5).

Pure functions over a target and a date; nothing here reads files or the clock.
"""

from __future__ import annotations

from datetime import date

from ..i18n import _
from .calendar_days import is_month_end, month_end
from .errors import InputError
from .lazy_re import lazy_pattern
from .model import Target
from .reporting_calendar import frequency_of, period_label
from .rule_settings import NO_OVERRIDES, CalendarSettings, TargetCalendar
from .values import normalize_text


def fits_period(target: Target, settings: CalendarSettings, when: date,
                own: TargetCalendar = NO_OVERRIDES) -> bool:
    """Whether a figure can refer to `when`: a quarterly indicator takes
    quarter ends, a monthly one month ends; the deadline always fits;
    milestones and annual indicators take any date (a reading at a day)."""
    if target.kind == "milestone" or when == target.deadline or when in own.release_dates():
        return True
    frequency = frequency_of(target, settings, own)
    if frequency == "quarterly":
        return is_month_end(when) and when.month % 3 == 0
    if frequency == "monthly":
        return is_month_end(when)
    return True


def nearest_periods(target: Target, settings: CalendarSettings, when: date,
                    own: TargetCalendar = NO_OVERRIDES) -> tuple[date | None, date | None]:
    """The fitting periods just before and just after `when`, within the target's span."""
    step = 3 if frequency_of(target, settings, own) == "quarterly" else 1
    ends: list[date] = []
    for year in range(target.period_start.year, target.deadline.year + 1):
        for month in range(step, 13, step):
            end = month_end(year, month)
            if target.period_start <= end <= target.deadline:
                ends.append(end)
    if target.deadline not in ends:
        ends.append(target.deadline)
    before = max((e for e in ends if e < when), default=None)
    after = min((e for e in ends if e > when), default=None)
    return before, after


def require_fitting_period(target: Target, settings: CalendarSettings, when: date, raw: str, *,
                           force: bool = False, own: TargetCalendar = NO_OVERRIDES) -> date:
    """`when` if it fits the indicator (or `force`), else an InputError whose
    hint names the nearest fitting periods."""
    if force or fits_period(target, settings, when, own):
        return when
    before, after = nearest_periods(target, settings, when, own)
    choices = _("、").join(_("{label}（{date}）").format(label=period_label(target, settings, p, own),
                                                     date=p.isoformat()) for p in (before, after) if p)
    if frequency_of(target, settings, own) == "quarterly":
        message = _("{target}（{name}）按季度统计，数据只能对应季末；“{raw}”（{when}）在季度中间。可改为：{choices}。"
                    "若确属特殊时点的数据，请加 --force。")
    else:
        message = _("{target}（{name}）按月统计，数据只能对应月末；“{raw}”（{when}）在月份中间。可改为：{choices}。"
                    "若确属特殊时点的数据，请加 --force。")
    raise InputError(message.format(target=target.id, name=target.name, raw=raw, when=when.isoformat(),
                                    choices=choices))


# ------------------------------------------------------ 全年 and 2026年

_WHOLE_YEAR = lazy_pattern(r"^(?:(\d{4})\s*年?\s*(?:度|全年|年度|年底|年末)?|(全年|年度|年底|年末))$")


_YEAR_WORDS = frozenset({"全年", "年度", "年底", "年末"})


def _may_name_a_whole_year(folded: str) -> bool:
    """False only where _WHOLE_YEAR cannot match (2026-09-30, 1-9月, Q3 …): a year word alone, or
    four digits followed by nothing but 年/度/全/底/末 and spaces. Spares compiling the pattern."""
    if folded in _YEAR_WORDS:
        return True
    return len(folded) >= 4 and folded[:4].isdecimal() and all(ch in "年度全底末" or ch.isspace() for ch in folded[4:])


def whole_year(target: Target, today: date) -> int:
    """The year `全年` means on `today`, the same for every target: the latest
    year that has ended by today (its 31 December on or before today) — on
    2027-01-20 that is 2026 for a 2026 target and for a 2026–2030 one alike —
    kept within the target's own years (during 2026 it is 2026, a forecast)."""
    ended = today.year if (today.month, today.day) == (12, 31) else today.year - 1
    return min(max(ended, target.period_start.year), target.deadline.year)


def resolve_whole_year(text: str, target: Target, today: date) -> date | None:
    """The end of the year `text` names, when it names a whole year
    (`全年`, `年度`, `2026`, `2026年`, `2026年度`, `2026年全年`), else None so
    the caller reads it as some other period. Never past the target's deadline."""
    folded = normalize_text(text, "The period").replace(" ", "")
    if not _may_name_a_whole_year(folded):
        return None
    match = _WHOLE_YEAR.match(folded)
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else whole_year(target, today)
    return min(date(year, 12, 31), target.deadline) if year == target.deadline.year else date(year, 12, 31)

"""One truth per printed number: colours decided on the gap as displayed, the
periods that fit an indicator, and what `全年`/`2026年` mean (issue 10, points
2 and 5).

Pure functions over a target, a number or a date; nothing here reads files
or the clock.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import InputError
from .i18n import _
from .lazy_re import lazy_pattern
from .model import Status, Target
from .periods import is_month_end, month_end
from .reporting_calendar import frequency_of, period_label
from .rule_settings import NO_OVERRIDES, CalendarSettings, TargetCalendar
from .values import normalize_text

GAP_DIGITS = 1  # reports print gaps as 5.0个百分点


def printed(number: float, digits: int = GAP_DIGITS) -> Decimal:
    """`number` exactly as `f"{number:.{digits}f}"` prints it (the float's own
    binary value, rounded half to even: what every renderer shows)."""
    return Decimal(f"{number:.{digits}f}")


def band_of_gap(gap_pp: float, yellow_pp: float, red_pp: float, tolerance_pp: float = 0.0,
                digits: int = GAP_DIGITS) -> Status:
    """The colour of a gap (+ ahead, − behind, in points) as it is printed.

    The printed gap, less any tolerance (左右), is compared with the bands in
    decimal arithmetic, so "慢于序时进度5.0个百分点" is red against a 5-point
    band every time, whatever float noise lay behind the 5.0.
    Same rule as progress._band: behind ≤ yellow is green, behind ≥ red is red.
    """
    behind = -printed(gap_pp, digits) - Decimal(repr(tolerance_pp))
    if behind <= Decimal(repr(yellow_pp)):
        return "green"
    return "yellow" if behind < Decimal(repr(red_pp)) else "red"


def rounded(number: float, digits: int = GAP_DIGITS) -> float:
    """The printed value as a float (for a JSON field that must agree with the text)."""
    return float(printed(number, digits))


# ------------------------------------------------------ periods that fit


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
    match = _WHOLE_YEAR.match(folded)
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else whole_year(target, today)
    return min(date(year, 12, 31), target.deadline) if year == target.deadline.year else date(year, 12, 31)

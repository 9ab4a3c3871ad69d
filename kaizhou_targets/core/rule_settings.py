"""The settings of the reporting calendar and of the entry guards, as plain
immutable records (NamedTuples: every run defines them as it starts, and a
NamedTuple is defined several times faster than a frozen dataclass).

A leaf module: it imports nothing from kaizhou_targets, so
`model.Settings` and `model.Target` can hold these (`Settings.calendar`,
`Settings.guards`, `Target.calendar`) without an import cycle. The rules that
use them live in reporting_calendar.py and plausibility.py, which also read
them from the ledger's TOML (`parse_calendar_settings`,
`parse_target_calendar`, `parse_guards`).
"""

from datetime import date
from typing import Literal, NamedTuple

# How often an indicator's figure is published; model.Target holds it.
Frequency = Literal["monthly", "quarterly", "annual"]
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "quarterly", "annual")
Tracking = Literal["figures", "annual", "none"]
TRACKINGS: tuple[Tracking, ...] = ("figures", "annual", "none")


class CalendarSettings(NamedTuple):
    """`[settings.calendar]` of the ledger; the defaults follow how 统计局 publishes."""

    monthly_due_day: int = 20        # month M's figure by this day of month M+1
    quarterly_due_day: int = 25      # a quarter's figure by this day of the month after it (GDP)
    annual_due_month: int = 2        # a year's figure by this month of the next year …
    annual_due_day: int = 31         # … on this day, clamped to the month's end (end of February)
    joint_january_february: bool = True  # monthly figures start with 1-2月: no January period
    # The next three come from [settings] (stale_grace_days, milestone_warning_days,
    # default_frequency), not from [settings.calendar]: one key each.
    grace_days: int = 5              # days after the due date before a missing figure is overdue
    milestone_warning_days: int = 30  # a milestone this close to its deadline is due soon
    default_frequency: Frequency = "quarterly"


class TargetCalendar(NamedTuple):
    """The calendar keys of one `[[target]]`."""

    tracking: Tracking = "figures"   # "annual": only year-end figures are expected; "none": never nags
    due_day: int | None = None       # overrides the day of the month a figure is due
    release: tuple[tuple[date, date], ...] = ()  # period end → due date, overriding the rule
    warning_days: int | None = None  # milestones: overrides milestone_warning_days

    def release_dates(self) -> dict[date, date]:
        return dict(self.release)


NO_OVERRIDES = TargetCalendar()


class Guards(NamedTuple):
    """Thresholds of the plausibility guards; `[settings.guards]` of the ledger."""

    beyond_target_factor: float = 3.0   # a year-to-date total over 3× the annual target
    scale_factor: float = 10.0          # a figure ≥ 10× the target, typed with a scale (万/亿)
    jump_factor: float = 10.0           # a figure 10× (or 1/10) the last one, moving away from the target
    rate_factor: float = 3.0            # a rate reading beyond 3× (or under 1/3 of) its target rate
    percent_max: float = 100.0          # a rate reading (share, coverage) above 100%
    growth_min: float = -50.0           # a growth rate outside −50% … +50%
    growth_max: float = 50.0
    repeat_minutes: int = 30            # the same +N for the same period typed again within this time


class ClosingSettings(NamedTuple):
    """`[settings.closing]`: how close to a target the year-end closing (year_end.py) counts as
    基本完成 (nearly met) rather than 未完成."""

    nearly_met_share: float = 0.95  # quantities: 95% of the annual target or more
    nearly_met_pp: float = 0.5      # rates: at most 0.5 percentage points below the target rate


DEFAULT_CALENDAR = CalendarSettings()
DEFAULT_GUARDS = Guards()
DEFAULT_CLOSING = ClosingSettings()

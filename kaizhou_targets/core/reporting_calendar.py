"""The reporting calendar: when the figure for a period is due, and whether a
target is late.

Statistics arrive on a rhythm (see the brief): a monthly figure for month M
is published around the 20th of month M+1, January and February together as
1-2月, a quarterly figure some 25 days after the quarter, an annual figure by
the end of February of the next year. A figure is late only once its due date
and the grace days have passed; before its first figure is due a target is
"not yet due", never "stale".

Periods are named by their end date, as `Entry.as_of` is (1-9月 → 2026-09-30).
A figure covers its own period and every earlier one: a year-to-date total or
a reading at a date supersedes what came before it.

Pure: no files, no clock. The settings live in `[settings.calendar]` and the
per-target keys (`tracking`, `due_day`, `release`, `warning_days`) in each
`[[target]]`; `parse_calendar_settings` and `parse_target_calendar` read them
from the parsed TOML so that validation.py needs one call each.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from ..i18n import _
from .calendar_days import days_in_month, month_end
from .errors import InputError
from .lazy_re import lazy_pattern
from .model import Target
from .rule_settings import DEFAULT_CALENDAR, NO_OVERRIDES, TRACKINGS, CalendarSettings, Frequency, TargetCalendar

State = Literal[
    # targets followed by figures
    "untracked",     # tracking = "none": followed without figures, never nags
    "not-yet-due",   # no figure is due yet (the first is due on `next_due`)
    "up-to-date",    # every figure due so far is recorded
    "due",           # a figure is due and missing, but still within the grace days
    "overdue",       # a figure is missing past its due date + grace days
    "complete",      # the last figure covers the deadline period: nothing more will be due
    # milestones
    "pending",       # deadline further off than the warning window
    "due-soon",      # deadline within the warning window (0 = today)
    "done",
]
# States a person must act on (催报 for figures, 督办 for milestones).
ACTION_STATES = frozenset({"overdue", "due-soon"})
# States the interactive walk offers: a figure can be typed now.
OFFER_STATES = frozenset({"due", "overdue"})


class Verdict(NamedTuple):
    """Where a target stands against the calendar on `today`."""

    state: State
    today: date
    expected: date | None = None        # the latest period whose figure is due by today
    expected_due: date | None = None
    overdue_period: date | None = None  # the latest period missing past its due date + grace
    overdue_due: date | None = None
    days_overdue: int = 0               # days since overdue_period's due date (milestones: the deadline)
    missing: tuple[date, ...] = ()      # periods due by today and not covered by a figure
    next_period: date | None = None     # the next period whose figure is not yet due
    next_due: date | None = None
    days_left: int | None = None        # milestones: days to the deadline (negative: overdue)

    @property
    def needs_action(self) -> bool:
        return self.state in ACTION_STATES

    @property
    def offered(self) -> bool:
        """Whether the interactive walk should ask for a figure now."""
        return self.state in OFFER_STATES


def frequency_of(target: Target, settings: CalendarSettings, own: TargetCalendar = NO_OVERRIDES) -> Frequency:
    if own.tracking == "annual":
        return "annual"
    return target.frequency or settings.default_frequency


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _day_in(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, days_in_month(year, month)))


def annual_due(settings: CalendarSettings, year: int, due_day: int | None = None) -> date:
    """The day `year`'s own figure is due: the annual due day of the next year (end of February)."""
    return _day_in(year + 1, settings.annual_due_month, due_day or settings.annual_due_day)


def due_date(target: Target, settings: CalendarSettings, period_end: date,
             own: TargetCalendar = NO_OVERRIDES) -> date:
    """The day by which the figure for the period ending `period_end` is due."""
    return _due_date(frequency_of(target, settings, own), settings, period_end, own)


def _due_date(frequency: Frequency, settings: CalendarSettings, period_end: date, own: TargetCalendar) -> date:
    released = own.release_dates().get(period_end) if own.release else None
    if released is not None:
        return released
    if frequency == "annual":
        return annual_due(settings, period_end.year, own.due_day)
    if frequency == "quarterly":
        last_month = -(-period_end.month // 3) * 3  # the quarter's last month
        day = own.due_day or settings.quarterly_due_day
    else:
        last_month = period_end.month
        day = own.due_day or settings.monthly_due_day
    return _day_in(*_next_month(period_end.year, last_month), day)


def period_ends(target: Target, settings: CalendarSettings, own: TargetCalendar = NO_OVERRIDES) -> list[date]:
    """Every period of the target whose figure will be due, in order.

    The target's deadline is the last period even where it is not a regular
    period end (a target due on 2026-11-15 expects a figure as of that day).
    """
    if target.kind == "milestone" or own.tracking == "none":
        return []
    return _period_ends(target.period_start, target.deadline, frequency_of(target, settings, own), settings, own)


_PERIOD_ENDS: dict[tuple[object, ...], tuple[date, ...]] = {}


def _period_ends(period_start: date, deadline: date, frequency: Frequency, settings: CalendarSettings,
                 own: TargetCalendar) -> list[date]:
    # Thousands of targets share a handful of calendars: each worked out once a run.
    key = (period_start, deadline, frequency, settings, own)
    try:
        known = _PERIOD_ENDS.get(key)
    except TypeError:  # a setting that cannot be a key: worked out every time
        return _worked_out_period_ends(period_start, deadline, frequency, settings, own)
    if known is None:
        known = _PERIOD_ENDS[key] = tuple(_worked_out_period_ends(period_start, deadline, frequency, settings, own))
    return list(known)


def _worked_out_period_ends(period_start: date, deadline: date, frequency: Frequency, settings: CalendarSettings,
                            own: TargetCalendar) -> list[date]:
    if frequency == "annual":
        months: tuple[int, ...] = (12,)
    elif frequency == "quarterly":
        months = (3, 6, 9, 12)
    else:
        months = tuple(m for m in range(1, 13) if not (m == 1 and settings.joint_january_february))
    ends = {month_end(year, month) for year in range(period_start.year, deadline.year + 1) for month in months}
    ends |= set(own.release_dates())
    inside = sorted(e for e in ends if period_start <= e <= deadline)
    if not inside or inside[-1] < deadline:
        inside.append(deadline)
    return inside


def expected_period(target: Target, settings: CalendarSettings, today: date,
                    own: TargetCalendar = NO_OVERRIDES) -> date | None:
    """The latest period whose figure is due by `today`, or None if none is yet."""
    due = [p for p in period_ends(target, settings, own) if due_date(target, settings, p, own) <= today]
    return max(due, default=None)


def missing_periods(target: Target, settings: CalendarSettings, today: date, recorded: Iterable[date],
                    own: TargetCalendar = NO_OVERRIDES) -> list[date]:
    """Periods due by `today` that no recorded figure covers (a figure covers
    its own period and every earlier one)."""
    latest = max(recorded, default=None)
    return [p for p in period_ends(target, settings, own)
            if due_date(target, settings, p, own) <= today and (latest is None or p > latest)]


def verdict(target: Target, settings: CalendarSettings, today: date, recorded: Iterable[date],
            own: TargetCalendar = NO_OVERRIDES) -> Verdict:
    """The target's standing against the calendar on `today`.

    `recorded` holds the periods (as_of dates) of the target's standing
    figures known on `today`; for a milestone, any entry means done.
    """
    latest = max(recorded, default=None)
    if target.kind == "milestone":
        return _milestone_verdict(target, settings, today, latest is not None, own)
    if own.tracking == "none":
        return Verdict("untracked", today)
    # Each period with its due date, as period_ends and due_date give them: worked out once per
    # calendar (most targets share one), not once per question asked of it.
    schedule = _schedule(target.period_start, target.deadline, frequency_of(target, settings, own), settings, own)
    if latest is not None and latest >= schedule[-1][0]:
        return Verdict("complete", today)
    upcoming = [(p, due) for p, due in schedule if due > today and (latest is None or p > latest)]
    next_period, next_due = upcoming[0] if upcoming else (None, None)
    after = dict(today=today, next_period=next_period, next_due=next_due)
    due_by_today = [(p, due) for p, due in schedule if due <= today]
    if not due_by_today:
        return Verdict("up-to-date" if latest is not None else "not-yet-due", **after)  # type: ignore[arg-type]
    expected, expected_due = max(due_by_today)
    after.update(expected=expected, expected_due=expected_due)
    missing_dues = [(p, due) for p, due in due_by_today if latest is None or p > latest]
    if not missing_dues:
        return Verdict("up-to-date", **after)  # type: ignore[arg-type]
    missing = tuple(p for p, _due in missing_dues)
    grace = timedelta(days=settings.grace_days)
    late = [(p, due) for p, due in missing_dues if due + grace < today]
    if not late:
        return Verdict("due", missing=missing, **after)  # type: ignore[arg-type]
    overdue_period, overdue_due = late[-1]
    return Verdict("overdue", missing=missing, overdue_period=overdue_period, overdue_due=overdue_due,
                   days_overdue=(today - overdue_due).days, **after)  # type: ignore[arg-type]


@lru_cache(maxsize=256)
def _schedule(period_start: date, deadline: date, frequency: Frequency, settings: CalendarSettings,
              own: TargetCalendar) -> tuple[tuple[date, date], ...]:
    """Every period of a tracked, non-milestone target whose figure will be due, in order, with its
    due date (period_ends and due_date): the same for every target with these dates and calendar."""
    return tuple((p, _due_date(frequency, settings, p, own))
                 for p in _period_ends(period_start, deadline, frequency, settings, own))


def _milestone_verdict(target: Target, settings: CalendarSettings, today: date, done: bool,
                       own: TargetCalendar) -> Verdict:
    days_left = (target.deadline - today).days
    if done:
        return Verdict("done", today, days_left=days_left)
    if days_left < 0:
        return Verdict("overdue", today, overdue_period=target.deadline, overdue_due=target.deadline,
                       days_overdue=-days_left, days_left=days_left)
    window = own.warning_days if own.warning_days is not None else settings.milestone_warning_days
    return Verdict("due-soon" if days_left <= window else "pending", today, days_left=days_left)


def period_label(target: Target, settings: CalendarSettings, period_end: date,
                 own: TargetCalendar = NO_OVERRIDES) -> str:
    """2026年1-10月, 2026年一季度 … as the office writes the period of a figure; a stock or a rate read at a
    date (a balance, a reserve, a class, a coverage: judging.measures) by its date, 2026年2月末."""
    from .judging import measures

    if period_end != month_end(period_end.year, period_end.month):
        return period_end.isoformat()
    if measures(target) == "stock" or (target.kind == "growth" and "余额" in target.name):
        if period_end.month == 12:
            return _("{year}年末").format(year=period_end.year)
        return _("{year}年{month}月末").format(year=period_end.year, month=period_end.month)
    if period_end.month == 12 and period_end.day == 31 and frequency_of(target, settings, own) == "annual":
        return _("{year}年").format(year=period_end.year)
    if frequency_of(target, settings, own) == "quarterly" and period_end.month % 3 == 0:
        quarter = period_end.month // 3
        names = {1: _("{year}年一季度"), 2: _("{year}年上半年"), 3: _("{year}年前三季度"), 4: _("{year}年全年")}
        return names[quarter].format(year=period_end.year)
    if target.kind in ("cumulative", "growth", "relative") and period_end.month > 1:
        return _("{year}年1-{month}月").format(year=period_end.year, month=period_end.month)
    return _("{year}年{month}月").format(year=period_end.year, month=period_end.month)


# ---------------------------------------------------------------- settings


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


# grace_days, milestone_warning_days and default_frequency come from [settings]
# (stale_grace_days, milestone_warning_days, default_frequency): one key each.
_DAY_KEYS = {"monthly_due_day": (1, 31), "quarterly_due_day": (1, 31), "annual_due_month": (1, 12),
             "annual_due_day": (1, 31)}
CALENDAR_KEYS = frozenset({*_DAY_KEYS, "joint_january_february"})
TARGET_CALENDAR_KEYS = frozenset({"tracking", "due_day", "release", "warning_days"})


def parse_calendar_settings(raw: Any, base: CalendarSettings = DEFAULT_CALENDAR) -> tuple[CalendarSettings,
                                                                                          list[str]]:
    """`[settings.calendar]` as parsed from TOML, and a message per bad key
    (a bad key keeps its default). `base` carries what [settings] says:
    `CalendarSettings(grace_days=stale_grace_days, milestone_warning_days=…,
    default_frequency=…)`."""
    if raw is None:
        return base, []
    if not isinstance(raw, Mapping):
        return base, [_("[settings.calendar] 必须是一个表。")]
    values: dict[str, Any] = base._asdict()
    problems: list[str] = []
    for key, value in raw.items():
        if key in _DAY_KEYS:
            low, high = _DAY_KEYS[key]
            if _whole(value, low, high):
                values[key] = value
            else:
                problems.append(_("[settings.calendar] 的 {key} 必须是 {low} 到 {high} 之间的整数，而不是 {value!r}。")
                                .format(key=key, low=low, high=high, value=value))
        elif key == "joint_january_february":
            if isinstance(value, bool):
                values[key] = value
            else:
                problems.append(_("[settings.calendar] 的 joint_january_february 必须是 true 或 false。"))
        else:
            problems.append(_("[settings.calendar] 中有未知的键 {key!r}；可用的键：{known}。")
                            .format(key=key, known=_("、").join(sorted(CALENDAR_KEYS))))
    return CalendarSettings(**values), problems


_RELEASE_KEY = lazy_pattern(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _release_period(key: str) -> date | None:
    """"2026-03-31", "2026-03" (month end) or "2026" (year end)."""
    match = _RELEASE_KEY.match(key.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 12, 31)
        if day is None:
            return month_end(year, month)
        return date(year, month, day)
    except ValueError:
        return None


def parse_target_calendar(raw: Mapping[str, Any], target_id: str) -> tuple[TargetCalendar, list[str]]:
    """The calendar keys of one `[[target]]` table, and a message per bad key."""
    problems: list[str] = []
    tracking = raw.get("tracking", "figures")
    if tracking not in TRACKINGS:
        problems.append(_("{target}：tracking 必须是 figures（按数据跟踪）、annual（只看年度数据）"
                          "或 none（不按数据跟踪）之一。").format(target=target_id))
        tracking = "figures"
    due_day = raw.get("due_day")
    if due_day is not None and not _whole(due_day, 1, 31):
        problems.append(_("{target}：due_day 必须是 1 到 31 之间的整数（数据应于次月几日前报送）。")
                        .format(target=target_id))
        due_day = None
    warning_days = raw.get("warning_days")
    if warning_days is not None and not _whole(warning_days, 0, 3660):
        problems.append(_("{target}：warning_days 必须是 0 或更大的整数（到期前多少天提醒）。")
                        .format(target=target_id))
        warning_days = None
    release: list[tuple[date, date]] = []
    table = raw.get("release", {})
    if not isinstance(table, Mapping):
        problems.append(_("{target}：release 必须是“期别 = 报送日期”的表，"
                          "例如 release = {{ \"2026-03\" = 2026-04-18 }}。").format(target=target_id))
        table = {}
    for key, value in table.items():
        period = _release_period(str(key))
        when = value if isinstance(value, date) else _release_period(str(value)) if isinstance(value, str) else None
        if period is None or when is None or (isinstance(value, str) and len(value.strip()) != 10):
            problems.append(_("{target}：release 中的 {key} = {value!r} 不是“期别 = 日期”，"
                              "期别写作 2026-03 或 2026-03-31，日期写作 2026-04-18。")
                            .format(target=target_id, key=key, value=value))
            continue
        if when <= period:
            problems.append(_("{target}：release 中 {key} 的报送日期 {when} 不晚于该期末，请检查日期。")
                            .format(target=target_id, key=key, when=when.isoformat()))
            continue
        release.append((period, when))
    return TargetCalendar(tracking=tracking, due_day=due_day, release=tuple(sorted(release)),
                          warning_days=warning_days), problems


_DEADLINE = lazy_pattern(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")


def parse_deadline(text: str, target: Target) -> date:
    """A new deadline for `kzt set TARGET deadline DATE`, checked against the target."""
    match = _DEADLINE.match(text.strip())
    when: date | None = None
    if match:
        try:
            when = date(*(int(g) for g in match.groups()))
        except ValueError:
            when = None
    if when is None:
        raise InputError(_("截止日期 {text!r} 不是一个日期。请写作 2026-06-30 或 2026年6月30日。").format(text=text))
    if when < target.period_start:
        raise InputError(_("截止日期 {when} 早于 {target}（{name}）的起始日 {start}。请检查年份。").format(
            when=when.isoformat(), target=target.id, name=target.name, start=target.period_start.isoformat()))
    return when



# ---------------------------------------------------------------- 催报 lines


def chase_lines(judged: Iterable[tuple[Target, Verdict]], settings: CalendarSettings,
                overrides: Mapping[str, TargetCalendar] | None = None) -> list[str]:
    """One line per 牵头单位 listing its overdue figures, the units with the
    longest-overdue figure first: `区统计局：规上工业增加值增长、固定资产投资增长（2026年1-10月，逾期3天）`.
    Targets late for the same period by the same days share one bracket."""
    by_unit: dict[str, dict[tuple[date, int, str], list[Target]]] = {}
    for target, judged_verdict in judged:
        if target.kind == "milestone" or judged_verdict.state != "overdue" or judged_verdict.overdue_period is None:
            continue
        unit = target.lead or (target.owners[0] if target.owners else _("未指定牵头单位"))
        own = (overrides or {}).get(target.id, NO_OVERRIDES)
        # A stock's period is named by its date (2026年8月末), a total's by its span (2026年1-8月): the
        # same period end makes two brackets when the words differ.
        label = period_label(target, settings, judged_verdict.overdue_period, own)
        key = (judged_verdict.overdue_period, judged_verdict.days_overdue, label)
        by_unit.setdefault(unit, {}).setdefault(key, []).append(target)
    lines = []
    for unit, groups in sorted(by_unit.items(), key=lambda item: -max(days for _p, days, _l in item[1])):
        parts = []
        for (_period, days, label), targets in sorted(groups.items(), key=lambda item: -item[0][1]):
            parts.append(_("{names}（{period}，逾期{days}天）").format(
                names=_("、").join(t.name for t in targets), days=days, period=label))
        lines.append(_("{unit}：{items}").format(unit=unit, items=_("；").join(parts)))
    return lines


def not_yet_due_summary(verdicts: Iterable[Verdict]) -> str:
    """The one summary line of a check that spoke: how many targets wait for
    their first due date ("" when none do)."""
    count = sum(1 for v in verdicts if v.state == "not-yet-due")
    return _("另有{count}项指标尚未到报送期").format(count=count) if count else ""

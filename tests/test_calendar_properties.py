"""Property tests for issues 9 and 10: colours follow the printed gap, guards
never block a normal figure, and the calendar keeps quiet until a figure is
really late."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kaizhou_targets.core.calendar_days import month_end
from kaizhou_targets.core.display_bands import band_of_gap
from kaizhou_targets.core.model import Entry, Target
from kaizhou_targets.core.plausibility import check_figure
from kaizhou_targets.core.reporting_calendar import CalendarSettings, TargetCalendar, due_date, verdict
from kaizhou_targets.core.values import format_number
from kaizhou_targets.storage.ledger_file import bundled_ledger_path, load_ledger_strict

RECORDED = date(2026, 1, 1)
bands = st.tuples(st.decimals(0, 10, places=1), st.decimals(0, 10, places=1)).map(sorted)


@st.composite
def gaps_and_bands(draw: st.DrawFn) -> tuple[float, list[Decimal], float]:
    """Gaps anywhere, and gaps within a rounding step of a band's edge, where
    the float and the printed number can fall on different sides."""
    band = draw(bands)
    tolerance = draw(st.sampled_from([0.0, 0.3, 5.0]))
    near_edge = -(float(draw(st.sampled_from(band))) + tolerance + draw(st.floats(-0.06, 0.06)))
    gap = draw(st.floats(-300, 300, allow_nan=False) | st.just(near_edge))
    return gap, band, tolerance


@given(gaps_and_bands())
def test_the_colour_is_a_function_of_the_printed_gap(case: tuple[float, list[Decimal], float]) -> None:
    gap, band, tolerance = case
    yellow, red = float(band[0]), float(band[1])
    shown = f"{gap:.1f}"
    assert band_of_gap(gap, yellow, red, tolerance) == band_of_gap(float(shown), yellow, red, tolerance)
    # and it is the band of that printed number, read exactly
    behind = -Decimal(shown) - Decimal(repr(tolerance))
    expected = "green" if behind <= band[0] else ("yellow" if behind < band[1] else "red")
    assert band_of_gap(gap, yellow, red, tolerance) == expected


def _cumulative(goal: float, frequency: str = "monthly") -> Target:
    return Target(id="t", name="累计指标", area="民生", kind="cumulative", source="s",
                  period_start=date(2026, 1, 1), deadline=date(2026, 12, 31), target=goal, unit="万吨",
                  frequency=frequency)  # type: ignore[arg-type]


def _entry(as_of: date, value: float) -> Entry:
    from datetime import datetime

    return Entry("e1", "t", datetime(2026, 1, 1), as_of, value, "", "", "", format_number(value))


@given(goal=st.floats(1, 1e7), month=st.integers(2, 12), earlier=st.integers(1, 11),
       share=st.floats(0, 1.5), before=st.floats(0, 1) | st.floats(0, 0.1))
def test_a_guard_never_blocks_a_cumulative_figure_in_its_normal_range(goal: float, month: int, earlier: int,
                                                                       share: float, before: float) -> None:
    """Between 0 and 1.5× the pro-rata target, not below the earlier total, typed in the target's unit."""
    target = _cumulative(goal)
    value = goal * month / 12 * share
    previous = [_entry(month_end(2026, min(earlier, month - 1)), value * before)]
    assert check_figure(target, value, month_end(2026, month), previous, typed=format_number(value)) == []


@given(goal=st.floats(0.5, 66), kind=st.sampled_from(["level", "floor", "ceiling"]),
       value=st.floats(0.5, 1.5), last=st.floats(0.5, 1.5))
def test_a_guard_never_blocks_a_rate_reading_near_its_target(goal: float, kind: str, value: float,
                                                             last: float) -> None:
    target = Target(id="t", name="比率", area="生态", kind=kind, source="s",  # type: ignore[arg-type]
                    period_start=date(2026, 1, 1), deadline=date(2026, 12, 31), target=goal, unit="%")
    previous = [_entry(date(2026, 6, 30), goal * last)]
    assert check_figure(target, goal * value, date(2026, 9, 30), previous) == []


@given(goal=st.floats(0, 15), value=st.floats(0, 1.5), last=st.floats(0, 1.5))
def test_a_guard_never_blocks_a_growth_rate_near_its_target(goal: float, value: float, last: float) -> None:
    target = Target(id="t", name="增速", area="主要目标", kind="growth", source="s", period_start=date(2026, 1, 1),
                    deadline=date(2026, 12, 31), target=goal, unit="%")
    previous = [_entry(date(2026, 6, 30), goal * last)]
    assert check_figure(target, goal * value, date(2026, 9, 30), previous) == []


calendars = st.builds(CalendarSettings, monthly_due_day=st.integers(1, 31), quarterly_due_day=st.integers(1, 31),
                      annual_due_month=st.integers(1, 12), annual_due_day=st.integers(1, 31),
                      grace_days=st.integers(0, 30), milestone_warning_days=st.integers(0, 60),
                      default_frequency=st.sampled_from(["monthly", "quarterly", "annual"]),
                      joint_january_february=st.just(True))
jan_feb = st.dates(date(2026, 1, 1), date(2026, 2, 28))


@given(calendar=calendars, day=jan_feb, kind=st.sampled_from(["growth", "cumulative", "level", "floor", "ceiling",
                                                              "relative"]),
       frequency=st.sampled_from([None, "monthly", "quarterly", "annual"]), last_year=st.integers(2026, 2030),
       deadline_day=st.integers(89, 364), own=st.builds(TargetCalendar, tracking=st.sampled_from(
           ["figures", "annual", "none"]), due_day=st.none() | st.integers(1, 31), release=st.just(()),
           warning_days=st.none()))
def test_on_a_fresh_ledger_no_figure_is_due_in_january_or_february(calendar: CalendarSettings, day: date,
                                                                     kind: str, frequency: str | None,
                                                                     last_year: int, deadline_day: int,
                                                                     own: TargetCalendar) -> None:
    deadline = date(last_year, 1, 1) + timedelta(days=deadline_day)  # 31 March or later
    target = Target(id="t", name="指标", area="民生", kind=kind, source="s",  # type: ignore[arg-type]
                    period_start=date(2026, 1, 1), deadline=deadline, target=1, frequency=frequency)  # type: ignore[arg-type]
    v = verdict(target, calendar, day, [], own)
    assert v.state in ("not-yet-due", "untracked") and not v.needs_action and not v.offered


def test_the_bundled_ledger_is_silent_every_day_of_january_and_february() -> None:
    ledger = load_ledger_strict(bundled_ledger_path())
    calendar = CalendarSettings(default_frequency=ledger.settings.default_frequency)
    day = date(2026, 1, 1)
    while day <= date(2026, 2, 28):
        for target in ledger.targets:
            v = verdict(target, calendar, day, [])
            assert not v.needs_action and not v.offered, (target.id, day, v)
        day += timedelta(days=1)


@given(calendar=calendars, day=st.dates(date(2026, 1, 1), date(2026, 5, 31)))
def test_a_monthly_indicator_without_its_1_2_figure_is_overdue_only_after_its_due_date_and_grace(
        calendar: CalendarSettings, day: date) -> None:
    target = _cumulative(300)
    first_due = due_date(target, calendar, date(2026, 2, 28))
    assert first_due.month == 3
    v = verdict(target, calendar, day, [])
    assert (v.state == "overdue") == (day > first_due + timedelta(days=calendar.grace_days))
    if v.state == "overdue":
        assert v.missing[0] == date(2026, 2, 28)
    # with 1-2月 recorded, nothing is overdue before 1-3月's due date + grace
    recorded = verdict(target, calendar, day, [date(2026, 2, 28)])
    march_due = due_date(target, calendar, date(2026, 3, 31))
    assert (recorded.state == "overdue") == (day > march_due + timedelta(days=calendar.grace_days))

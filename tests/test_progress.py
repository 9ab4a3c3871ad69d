"""The domain core: completion, 序时进度, gap and status for every kind."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaizhou_targets.core.model import Bands, Entry, Settings, Target
from kaizhou_targets.core.progress import elapsed_share, evaluate, straight_line_share

SETTINGS = Settings()
STAMP = datetime(2026, 10, 8, 9, 0, tzinfo=UTC)


def target(kind: str, goal: float | None = None, **changes: object) -> Target:
    base = Target(id="t", name="t", area="a", kind=kind, source="s", period_start=date(2026, 1, 1),  # type: ignore[arg-type]
                  deadline=date(2026, 12, 31), target=goal, unit="%")
    return base._replace(**changes)  # type: ignore[arg-type]


def fig(value: float, as_of: date, n: int = 0) -> Entry:
    return Entry(f"e{n}-{as_of}-{value}", "t", STAMP, as_of, value)


SEPT = date(2026, 9, 30)
OCT8 = date(2026, 10, 8)


def test_jobs_5600_of_7300_by_september_is_green() -> None:
    t = target("cumulative", 7300, unit="人", frequency="monthly")
    p = evaluate(t, [fig(5600, SEPT)], OCT8, SETTINGS)
    assert p.completion == pytest.approx(0.7671, abs=1e-4)
    assert p.schedule == 0.75
    assert p.gap_pp == pytest.approx(1.7, abs=0.05)
    assert p.status == "green"
    assert p.projection == pytest.approx(5600 / 0.75)


def test_port_180_of_300_by_september_is_red() -> None:
    t = target("cumulative", 300, unit="万吨", frequency="monthly")
    p = evaluate(t, [fig(180, SEPT)], OCT8, SETTINGS)
    assert (p.completion, p.schedule) == (0.6, 0.75)
    assert p.gap_pp == pytest.approx(-15)
    assert p.status == "red"


def test_cumulative_yellow_band() -> None:
    t = target("cumulative", 100, unit="个")
    assert evaluate(t, [fig(72, SEPT)], OCT8, SETTINGS).status == "yellow"  # 3 pp behind
    assert evaluate(t, [fig(70, SEPT)], OCT8, SETTINGS).status == "red"     # 5 pp behind


def test_quarterly_indicator_counts_completed_quarters() -> None:
    t = target("cumulative", 100, frequency="quarterly")
    assert elapsed_share(t, date(2026, 8, 31), "quarterly") == 0.5
    assert elapsed_share(t, SEPT, "quarterly") == 0.75
    assert elapsed_share(t, date(2026, 8, 31), "monthly") == pytest.approx(8 / 12)


def test_uneven_phasing_replaces_the_straight_line() -> None:
    t = target("cumulative", 100, phasing=(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9))
    assert elapsed_share(t, SEPT, "monthly") == pytest.approx(9 / 20)
    q = target("cumulative", 100, phasing=(10, 20, 30, 40))
    assert elapsed_share(q, date(2026, 6, 30), "quarterly") == pytest.approx(0.3)
    p = evaluate(t, [fig(50, SEPT)], OCT8, SETTINGS)
    assert p.status == "green" and p.schedule == pytest.approx(0.45)


def test_gdp_growth_4_against_6_is_red() -> None:
    p = evaluate(target("growth", 6), [fig(4.0, SEPT)], OCT8, SETTINGS)
    assert p.status == "red" and p.gap_pp == pytest.approx(-2)
    assert p.completion == pytest.approx(4 / 6)
    assert evaluate(target("growth", 6), [fig(5.5, SEPT)], OCT8, SETTINGS).status == "yellow"
    assert evaluate(target("growth", 6), [fig(6.0, SEPT)], OCT8, SETTINGS).status == "green"


def test_approximately_means_a_tolerance_band() -> None:
    t = target("growth", 4, qualifier="左右")
    assert evaluate(t, [fig(3.85, SEPT)], OCT8, SETTINGS).status == "green"   # inside ±5%
    assert evaluate(t, [fig(3.5, SEPT)], OCT8, SETTINGS).status == "yellow"
    assert evaluate(target("growth", 4), [fig(3.85, SEPT)], OCT8, SETTINGS).status == "yellow"


def test_negative_growth_gives_no_nonsense_percentage() -> None:
    p = evaluate(target("growth", 6), [fig(-2.1, SEPT)], OCT8, SETTINGS)
    assert p.completion is None and p.gap_pp == pytest.approx(-8.1) and p.status == "red"
    falling = evaluate(target("growth", -2), [fig(-1, SEPT)], OCT8, SETTINGS)
    assert falling.completion is None and falling.gap_pp == pytest.approx(1) and falling.status == "green"


def test_unemployment_5_8_against_5_5_ceiling_is_a_warning_until_the_year_figure() -> None:
    t = target("ceiling", 5.5, direction="down")
    p = evaluate(t, [fig(5.8, SEPT)], OCT8, SETTINGS)
    # Judged on the year's own rate (issue 23): a quarter over the line is a warning, not a lost year.
    assert (p.status, p.reason) == ("yellow", "below-for-now") and p.margin == pytest.approx(-0.3)
    assert evaluate(t, [fig(5.46, SEPT)], OCT8, SETTINGS).status == "yellow"  # within 1% of the line
    assert evaluate(t, [fig(5.2, SEPT)], OCT8, SETTINGS).status == "green"
    # On the year's figure the colour is the closing's: 0.3 points over is 基本完成, 0.6 未完成.
    year = date(2026, 12, 31)
    assert evaluate(t, [fig(5.8, year)], date(2027, 2, 1), SETTINGS).status == "yellow"
    assert evaluate(t, [fig(6.1, year)], date(2027, 2, 1), SETTINGS).status == "red"
    assert evaluate(t._replace(binding=True), [fig(5.8, year)], date(2027, 2, 1), SETTINGS).status == "red"
    # A red line judged at every reading is red at its first breach, and stays red once it recovered.
    red_line = t._replace(judged="every-reading")
    assert evaluate(red_line, [fig(5.8, SEPT)], OCT8, SETTINGS).status == "red"
    later = evaluate(red_line, [fig(5.8, date(2026, 6, 30)), fig(5.2, SEPT, 1)], OCT8, SETTINGS)
    assert (later.status, later.reason, later.breaches) == ("red", "breached-before", 1)


def test_forest_57_2_against_56_5_floor_is_green() -> None:
    t = target("floor", 56.5)
    p = evaluate(t, [fig(57.2, date(2026, 6, 30))], OCT8, SETTINGS)
    assert p.status == "green" and p.margin == pytest.approx(0.7) and p.gap_pp == pytest.approx(0.7)
    assert evaluate(t, [fig(56.6, SEPT)], OCT8, SETTINGS).status == "yellow"
    assert evaluate(t, [fig(56.4, SEPT)], OCT8, SETTINGS).status == "yellow"  # the year's figure decides
    assert evaluate(t, [fig(55.9, date(2026, 12, 31))], date(2027, 3, 1), SETTINGS).status == "red"


def test_floor_counts_earlier_breaches() -> None:
    t = target("floor", 92)
    p = evaluate(t, [fig(91, date(2026, 3, 31)), fig(95, SEPT)], OCT8, SETTINGS)
    assert p.status == "green" and p.breaches == 1


def test_a_hundred_percent_floor_with_zero_margin() -> None:
    t = target("floor", 100, margin=0.0)
    assert evaluate(t, [fig(100, SEPT)], OCT8, SETTINGS).status == "green"
    assert evaluate(t, [fig(99.9, SEPT)], OCT8, SETTINGS).status == "yellow"
    assert evaluate(t._replace(judged="every-reading"), [fig(99.9, SEPT)], OCT8, SETTINGS).status == "red"


def test_double_decline_needs_a_real_fall() -> None:
    t = target("ceiling", 0, direction="down", qualifier="下降", margin=0.0)
    assert evaluate(t, [fig(-1.2, SEPT)], OCT8, SETTINGS).status == "green"
    # Within the year no fall yet is a warning; the year's own change decides.
    assert evaluate(t, [fig(0, SEPT)], OCT8, SETTINGS).status == "yellow"
    assert evaluate(t, [fig(0.5, SEPT)], OCT8, SETTINGS).status == "yellow"
    year = date(2026, 12, 31)
    assert evaluate(t, [fig(0, year)], date(2027, 3, 1), SETTINGS).status == "red"
    assert evaluate(t, [fig(0.1, year)], date(2027, 3, 1), SETTINGS).status == "red"  # no 基本 about a fall


def level_2030(goal: float, baseline: float, direction: str = "up") -> Target:
    return target("level", goal, baseline=baseline, baseline_date=date(2025, 12, 31), direction=direction,
                  deadline=date(2030, 12, 31))


def test_falling_level_income_ratio() -> None:
    t = level_2030(1.9, 2.01, "down")
    end_2026 = date(2026, 12, 31)
    p = evaluate(t, [fig(1.98, end_2026)], date(2027, 1, 20), SETTINGS)
    assert p.completion == pytest.approx(0.03 / 0.11)
    assert p.schedule == pytest.approx(365 / 1826, abs=1e-3)
    assert p.status == "green"
    assert p.projection == pytest.approx(2.01 - 0.03 / (365 / 1826), abs=1e-3)
    worse = evaluate(t, [fig(2.03, end_2026)], date(2027, 1, 20), SETTINGS)
    assert worse.completion is not None and worse.completion < 0 and worse.status == "red"


def test_rising_level_urbanisation() -> None:
    t = level_2030(58.5, 54.6)
    p = evaluate(t, [fig(55.2, date(2026, 12, 31))], date(2027, 1, 5), SETTINGS)
    assert p.completion == pytest.approx(0.6 / 3.9)
    assert p.status == "yellow"  # 0.154 done against 0.2 of the way: 4.6 pp behind


def test_level_without_baseline_has_no_schedule() -> None:
    t = target("level", 50, unit="亿元")
    p = evaluate(t, [fig(40, SEPT)], OCT8, SETTINGS)
    assert p.completion == pytest.approx(0.8) and p.schedule is None and p.status == "grey"
    assert evaluate(t, [fig(51, SEPT)], OCT8, SETTINGS).status == "green"


def test_level_from_increase_waits_for_its_baseline() -> None:
    t = target("level", None, increase=300, unit="亿元", deadline=date(2030, 12, 31))
    assert evaluate(t, [fig(900, date(2026, 12, 31))], date(2027, 1, 5), SETTINGS).reason == "pending-target"
    with_base = t._replace(baseline=800.0, baseline_date=date(2025, 12, 31))
    assert with_base.goal == 1100
    assert evaluate(with_base, [fig(900, date(2026, 12, 31))], date(2027, 1, 5), SETTINGS).completion == \
        pytest.approx(1 / 3)


def test_milestones() -> None:
    t = target("milestone", None)
    assert evaluate(t, [], date(2026, 3, 1), SETTINGS).status == "grey"
    due = evaluate(t, [], date(2026, 12, 10), SETTINGS)
    assert (due.status, due.due_in_days) == ("yellow", 21)
    overdue = evaluate(t, [], date(2027, 1, 3), SETTINGS)
    assert (overdue.status, overdue.due_in_days) == ("red", -3)
    done = evaluate(t, [fig(1, date(2026, 11, 1))], date(2027, 1, 3), SETTINGS)
    assert done.status == "green" and done.done


def test_relative_against_another_targets_actual() -> None:
    t = target("relative", None, relative_to="gdp")
    gdp = [fig(6.2, date(2026, 6, 30)), fig(5.9, SEPT)]
    p = evaluate(t, [fig(5.5, SEPT)], OCT8, SETTINGS, gdp)
    assert p.reference == 5.9 and p.gap_pp == pytest.approx(-0.4) and p.status == "yellow"
    assert evaluate(t, [fig(6.0, SEPT)], OCT8, SETTINGS, gdp).status == "green"
    assert evaluate(t, [fig(6.0, SEPT)], OCT8, SETTINGS, []).reason == "pending-reference"


def test_relative_waiting_for_a_figure_set_later() -> None:
    t = target("relative", None, direction="down", qualifier="完成市上下达目标")
    assert evaluate(t, [fig(-3.0, date(2026, 12, 31))], date(2027, 2, 1), SETTINGS).reason == "pending-target"
    set_later = t._replace(target=-3.5)
    assert evaluate(set_later, [fig(-3.0, date(2026, 12, 31))], date(2027, 2, 1), SETTINGS).status == "yellow"


def test_no_figures_is_grey_and_zero_target_is_not_measurable() -> None:
    assert evaluate(target("cumulative", 100), [], OCT8, SETTINGS).status == "grey"
    zero = evaluate(target("cumulative", 0), [fig(5, SEPT)], OCT8, SETTINGS)
    assert zero.status == "grey" and zero.completion is None


def test_deadline_passed_and_leap_years() -> None:
    t = target("cumulative", 100, frequency="monthly")
    assert elapsed_share(t, date(2027, 3, 1), "monthly") == 1.0
    p = evaluate(t, [fig(100, date(2026, 12, 31))], date(2027, 3, 1), SETTINGS)
    assert p.status == "green" and not p.stale
    leap = target("cumulative", 100, period_start=date(2028, 1, 1), deadline=date(2028, 12, 31))
    assert elapsed_share(leap, date(2028, 2, 29), "monthly") == pytest.approx(2 / 12)
    assert elapsed_share(leap, date(2028, 2, 14), "monthly") == pytest.approx((1 + 14 / 29) / 12)


def is_stale(t: Target, series: list[Entry], when: date, settings: Settings) -> bool:
    return evaluate(t, series, when, settings).stale


def test_staleness_by_frequency() -> None:
    """Stale means overdue on the reporting calendar: monthly by the 20th of the next month,
    quarterly by the 25th of the month after the quarter, annual by end of February, + 5 days."""
    monthly = target("cumulative", 100, frequency="monthly")
    july = [fig(50, date(2026, 7, 31))]
    assert not is_stale(monthly, july, date(2026, 9, 25), SETTINGS)  # August due 20 Sep + 5 days grace
    assert is_stale(monthly, july, date(2026, 9, 26), SETTINGS)
    quarterly = target("growth", 6, frequency="quarterly")
    assert not is_stale(quarterly, [fig(5, date(2026, 6, 30))], date(2026, 10, 30), SETTINGS)
    assert is_stale(quarterly, [fig(5, date(2026, 6, 30))], date(2026, 10, 31), SETTINGS)
    annual = target("floor", 56.5, frequency="annual")
    assert not is_stale(annual, [], date(2026, 11, 22), SETTINGS)
    assert not is_stale(annual, [], date(2027, 3, 5), SETTINGS)
    assert is_stale(annual, [], date(2027, 3, 6), SETTINGS)
    # 1-2月 are published together: nothing is due for January, and 1-2月 only from 20 March + grace
    assert not is_stale(target("cumulative", 1, frequency="monthly"), [], date(2026, 3, 3), SETTINGS)
    assert not is_stale(target("cumulative", 1, frequency="monthly"), [], date(2026, 3, 25), SETTINGS)
    assert is_stale(target("cumulative", 1, frequency="monthly"), [], date(2026, 3, 26), SETTINGS)
    assert evaluate(target("cumulative", 1, frequency="monthly"), [], date(2026, 3, 3),
                    SETTINGS).calendar.state == "not-yet-due"  # type: ignore[union-attr]


def test_bands_are_configurable() -> None:
    strict = target("cumulative", 100, bands=Bands(schedule_red_pp=2.0))
    assert evaluate(strict, [fig(72, SEPT)], OCT8, SETTINGS).status == "red"


def test_straight_line_share_clips() -> None:
    t = level_2030(58.5, 54.6)
    assert straight_line_share(t, date(2025, 6, 1)) == 0.0
    assert straight_line_share(t, date(2031, 6, 1)) == 1.0


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(a=values, b=values)
def test_completion_rises_with_value_for_rising_targets(a: float, b: float) -> None:
    low, high = sorted((a, b))
    for t in (target("cumulative", 300), level_2030(58.5, 54.6)):
        pl = evaluate(t, [fig(abs(low) if t.kind == "cumulative" else low, SEPT)], OCT8, SETTINGS)
        ph = evaluate(t, [fig(abs(high) if t.kind == "cumulative" else high, SEPT)], OCT8, SETTINGS)
        if t.kind == "level":
            assert pl.completion is not None and ph.completion is not None
            assert pl.completion <= ph.completion


@given(a=values, b=values)
def test_completion_falls_with_value_for_falling_targets(a: float, b: float) -> None:
    low, high = sorted((a, b))
    t = level_2030(1.9, 2.01, "down")
    pl, ph = (evaluate(t, [fig(v, SEPT)], OCT8, SETTINGS) for v in (low, high))
    assert pl.completion is not None and ph.completion is not None
    assert pl.completion >= ph.completion


@given(a=st.floats(min_value=0, max_value=1e6), b=st.floats(min_value=0, max_value=1e6))
def test_cumulative_completion_is_monotonic(a: float, b: float) -> None:
    low, high = sorted((a, b))
    t = target("cumulative", 300)
    pl, ph = (evaluate(t, [fig(v, SEPT)], OCT8, SETTINGS) for v in (low, high))
    assert pl.completion is not None and ph.completion is not None and pl.completion <= ph.completion
    order = {"red": 0, "yellow": 1, "green": 2}
    assert order[pl.status] <= order[ph.status]


@given(v=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
       g=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
       kind=st.sampled_from(["growth", "cumulative", "level", "floor", "ceiling"]))
def test_never_a_division_error(v: float, g: float, kind: str) -> None:
    t = target(kind, g, baseline=g if kind == "level" else None)
    p = evaluate(t, [fig(v, SEPT)], OCT8, SETTINGS)
    assert p.status in ("green", "yellow", "red", "grey")

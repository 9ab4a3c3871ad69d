"""Issue 10 point 2 wired into progress: the colour kzt shows is a function of the gap it prints."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from kaizhou_targets.core.calendar_days import month_end
from kaizhou_targets.core.display_bands import band_of_gap, figure_digits, rounded
from kaizhou_targets.core.model import Entry, Settings, Target
from kaizhou_targets.core.progress import Progress, evaluate

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
PORT = Target(id="port", name="港口吞吐量", area="开放", kind="cumulative", source="s",
              period_start=YEAR[0], deadline=YEAR[1], target=300, unit="万吨", frequency="monthly")
GDP = Target(id="gdp", name="地区生产总值增长", area="主要目标", kind="growth", source="s",
             period_start=YEAR[0], deadline=YEAR[1], target=6, unit="%", frequency="quarterly")
TYPED = datetime(2027, 1, 5, tzinfo=UTC)


def judged(target: Target, value: float, month: int) -> Progress:
    end = month_end(2026, month)
    entry = Entry(id="e", target=target.id, recorded_at=TYPED, as_of=end, value=value, unit=target.unit)
    return evaluate(target, [entry], end, Settings())


@given(st.integers(1, 12), st.floats(0, 400, allow_nan=False))
def test_a_cumulative_targets_colour_is_the_band_of_its_printed_gap(month: int, value: float) -> None:
    p = judged(PORT, value, month)
    assert p.gap_pp is not None
    shown = float(f"{p.gap_pp:.1f}")
    assert p.status == band_of_gap(shown, PORT.bands.schedule_yellow_pp, PORT.bands.schedule_red_pp)


@given(st.integers(0, 120).map(lambda tenths: tenths / 10 + 0.01 * (tenths % 3 - 1)))
def test_a_growth_targets_colour_is_the_band_of_its_printed_gap(rate: float) -> None:
    p = judged(GDP, rate, 9)
    assert p.gap_pp is not None
    # The gap is printed with the figures' own decimals (5.99% against 6%: 0.01个百分点, issue 23).
    assert GDP.goal is not None
    digits = figure_digits(rate, GDP.goal)
    shown = rounded(p.gap_pp, digits)
    assert p.status == band_of_gap(shown, GDP.bands.growth_yellow_pp, GDP.bands.growth_red_pp, digits=digits)
    # two rates that print the same gap get the same colour
    twin = judged(GDP, GDP.goal + shown if GDP.goal is not None else rate, 9)  # the printed number itself
    assert twin.status == p.status

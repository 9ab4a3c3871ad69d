"""Colours on the printed gap, periods that fit the indicator, and 全年
(issue 10, points 2 and 5)."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from kaizhou_targets.core.calendar_days import month_end
from kaizhou_targets.core.display_bands import band_of_gap, printed, rounded
from kaizhou_targets.core.errors import InputError
from kaizhou_targets.core.model import Entry, Settings, Target
from kaizhou_targets.core.period_fit import (
    fits_period,
    nearest_periods,
    require_fitting_period,
    resolve_whole_year,
    whole_year,
)
from kaizhou_targets.core.progress import evaluate
from kaizhou_targets.core.reporting_calendar import CalendarSettings, TargetCalendar

CAL = CalendarSettings()
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
GDP = Target(id="gdp-growth", name="地区生产总值增长", area="主要目标", kind="growth", source="s",
             period_start=YEAR[0], deadline=YEAR[1], target=6, unit="%", frequency="quarterly")
PORT = Target(id="port-throughput", name="港口吞吐量", area="开放", kind="cumulative", source="s",
              period_start=YEAR[0], deadline=YEAR[1], target=300, unit="万吨", frequency="monthly")
FOREST = Target(id="forest-coverage", name="森林覆盖率", area="生态", kind="floor", source="s",
                period_start=YEAR[0], deadline=YEAR[1], target=56.5, unit="%", frequency="annual")
URBAN = Target(id="urbanisation", name="常住人口城镇化率", area="十五五", kind="level", source="s",
               period_start=date(2026, 1, 1), deadline=date(2030, 12, 31), target=58.5, unit="%",
               frequency="annual")
RESORT = Target(id="resort", name="度假区", area="文化", kind="milestone", source="s",
                period_start=YEAR[0], deadline=date(2026, 6, 30))


def test_a_printed_five_point_gap_is_red_every_month_whatever_the_float_noise() -> None:
    # (completion − share) × 100 for the same "5.0" behind: float noise on either side of 5
    gaps = [(0.25 - 0.30) * 100, (0.45 - 0.50) * 100, (7 / 12 - 0.05 - 7 / 12) * 100, -5.0, -4.96, -5.04]
    assert {f"{abs(g):.1f}" for g in gaps} == {"5.0"}
    assert {band_of_gap(g, 0.0, 5.0) for g in gaps} == {"red"}
    # the old rule (the float itself against the band) let the noise decide
    assert {"red" if -round(g, 9) >= 5.0 else "yellow" for g in gaps} == {"yellow", "red"}


def test_progress_colours_a_target_exactly_five_points_behind_red_in_every_month() -> None:
    """Issue 10: 黄 in April, 红 in May … for an unchanged 慢于序时进度5.0个百分点; now wired into progress."""
    from datetime import datetime

    settings = Settings()
    seen = set()
    for month in range(2, 12):  # December's is the year's own figure: the closing's verdict colours it
        end = month_end(2026, month)
        value = 300 * (month / 12 - 0.05)
        entry = Entry(id=f"e{month}", target=PORT.id, value=value, unit="万吨", as_of=end,
                      recorded_at=datetime(2026, 12, 31, tzinfo=UTC), by="t")
        p = evaluate(PORT, [entry], end, settings)
        assert p.gap_pp is not None and f"{p.gap_pp:.1f}" == "-5.0"
        seen.add((p.status, band_of_gap(p.gap_pp, PORT.bands.schedule_yellow_pp, PORT.bands.schedule_red_pp)))
    assert seen == {("red", "red")}
    # 95.0% of the year's target on the year's own figure is 基本完成 (yellow), as the closing says.
    december = Entry(id="e12", target=PORT.id, value=285.0, unit="万吨", as_of=date(2026, 12, 31),
                     recorded_at=datetime(2027, 1, 10, tzinfo=UTC), by="t")
    assert evaluate(PORT, [december], date(2027, 1, 15), settings).status == "yellow"


def test_bands_compare_the_printed_gap_less_any_tolerance() -> None:
    assert band_of_gap(-4.94, 0.0, 5.0) == "yellow"      # prints 4.9
    assert band_of_gap(0.04, 0.0, 5.0) == "green"
    assert band_of_gap(-0.04, 0.0, 5.0) == "green"       # prints "0.0": level with the schedule
    assert band_of_gap(-0.06, 0.0, 5.0) == "yellow"      # prints 0.1 behind
    assert band_of_gap(-5.3, 0.0, 5.0, tolerance_pp=0.3) == "red"  # 5.3 − 0.3 is 5.0 exactly
    # the float 0.95 lies just below 0.95 and prints 0.9: the colour follows what is printed
    assert f"{-0.95:.1f}" == "-0.9" and band_of_gap(-0.95, 0.0, 1.0) == "yellow"
    assert band_of_gap(-1.0, 0.0, 1.0) == "red" and str(printed(-1.04)) == "-1.0"
    assert rounded(-4.96) == -5.0


def test_a_quarterly_indicator_takes_quarter_ends_and_a_mid_quarter_date_is_refused_with_a_hint() -> None:
    assert fits_period(GDP, CAL, date(2026, 9, 30))
    assert not fits_period(GDP, CAL, date(2026, 10, 31))
    with pytest.raises(InputError) as raised:
        require_fitting_period(GDP, CAL, date(2026, 10, 31), "10月")
    assert str(raised.value) == (
        "gdp-growth（地区生产总值增长）按季度统计，数据只能对应季末；“10月”（2026-10-31）在季度中间。"
        "可改为：2026年前三季度（2026-09-30）、2026年全年（2026-12-31）。若确属特殊时点的数据，请加 --force。")
    assert require_fitting_period(GDP, CAL, date(2026, 10, 31), "10月", force=True) == date(2026, 10, 31)


def test_a_monthly_total_takes_month_ends() -> None:
    assert fits_period(PORT, CAL, date(2026, 10, 31)) and fits_period(PORT, CAL, date(2026, 2, 28))
    with pytest.raises(InputError, match="按月统计") as raised:
        require_fitting_period(PORT, CAL, date(2026, 10, 15), "2026-10-15")
    assert "2026年1-9月（2026-09-30）、2026年1-10月（2026-10-31）" in str(raised.value)
    assert nearest_periods(PORT, CAL, date(2026, 1, 10)) == (None, date(2026, 1, 31))


def test_the_deadline_release_dates_milestones_and_annual_readings_always_fit() -> None:
    assert fits_period(RESORT, CAL, date(2026, 5, 17))
    assert fits_period(FOREST, CAL, date(2026, 7, 15))
    short = Target(id="x", name="x", area="民生", kind="cumulative", source="s", period_start=YEAR[0],
                   deadline=date(2026, 11, 15), target=10, frequency="quarterly")
    assert fits_period(short, CAL, date(2026, 11, 15))
    own = TargetCalendar(release=((date(2026, 10, 15), date(2026, 11, 1)),))
    assert fits_period(PORT, CAL, date(2026, 10, 15), own)


def test_whole_year_means_the_same_year_for_every_target_on_one_day() -> None:
    # the example: on 2027-01-20, 全年 meant 2026 for one target and 2027 for another
    day = date(2027, 1, 20)
    assert whole_year(PORT, day) == whole_year(URBAN, day) == 2026
    assert resolve_whole_year("全年", PORT, day) == resolve_whole_year("全年", URBAN, day) == date(2026, 12, 31)
    # during 2026 it is 2026 (a forecast, which parse_period refuses without --force)
    assert whole_year(PORT, date(2026, 10, 8)) == whole_year(URBAN, date(2026, 10, 8)) == 2026
    assert whole_year(URBAN, date(2026, 12, 31)) == 2026
    assert whole_year(URBAN, date(2029, 3, 1)) == 2028
    assert whole_year(URBAN, date(2032, 3, 1)) == 2030


@pytest.mark.parametrize("text", ["2026年", "2026年度", "2026", "2026年全年", "2026全年", "全年", "年度", " 2026 年 "])
def test_2026_nian_is_accepted_as_well_as_2026_niandu(text: str) -> None:
    assert resolve_whole_year(text, URBAN, date(2027, 1, 20)) == date(2026, 12, 31)


def test_other_periods_are_left_to_the_period_parser() -> None:
    for text in ("1-9月", "2026年9月", "Q3", "上半年", "2026-09-30", "26年"):
        assert resolve_whole_year(text, URBAN, date(2027, 1, 20)) is None
    assert resolve_whole_year("全年", RESORT, date(2027, 1, 20)) == date(2026, 6, 30)  # never past the deadline


def test_the_period_hint_speaks_english_when_asked() -> None:
    from kaizhou_targets.i18n import set_language

    set_language("en")
    try:
        with pytest.raises(InputError) as raised:
            require_fitting_period(GDP, CAL, date(2026, 10, 31), "10月")
        assert "Use Q1–Q3 2026 (2026-09-30), full year 2026 (2026-12-31) instead" in str(raised.value)
    finally:
        set_language("zh")

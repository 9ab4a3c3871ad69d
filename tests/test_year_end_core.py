"""year_end.py kind by kind, on made-up targets (not the ledger's): the arithmetic of the closing,
the 基本完成 band, the reporting calendar's 待年报/无数据, and numbers that must not mislead."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaizhou_targets.core.history import Standing
from kaizhou_targets.core.model import Entry, Settings, Target
from kaizhou_targets.core.rule_settings import ClosingSettings
from kaizhou_targets.core.year_end import close_target, parse_closing_settings

SETTINGS = Settings()
STAMP = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
YEAR_END = date(2026, 12, 31)
MARCH = date(2027, 3, 10)


def target(kind: str, goal: float | None = None, **changes: object) -> Target:
    base = Target(id="t", name="t", area="a", kind=kind, source="s", period_start=date(2026, 1, 1),  # type: ignore[arg-type]
                  deadline=YEAR_END, target=goal, unit="%", frequency="monthly")
    return base._replace(**changes)  # type: ignore[arg-type]


def fig(value: float, as_of: date = YEAR_END, n: int = 0) -> Entry:
    return Entry(f"e{n}-{as_of}-{value}", "t", STAMP, as_of, value)


def test_cumulative_share_and_the_band() -> None:
    jobs = target("cumulative", 7300, unit="人")
    assert close_target(jobs, [fig(7300)], MARCH, SETTINGS).verdict == "met"
    nearly = close_target(jobs, [fig(6935)], MARCH, SETTINGS)  # 95.0% exactly: the band includes it
    assert nearly.verdict == "nearly-met" and nearly.share == pytest.approx(0.95)
    # The share as printed decides: 6,934 is 94.99%, printed 95.0%; 6,930 is 94.9%.
    assert close_target(jobs, [fig(6934)], MARCH, SETTINGS).verdict == "nearly-met"
    assert close_target(jobs, [fig(6930)], MARCH, SETTINGS).verdict == "not-met"
    wider = SETTINGS._replace(closing=ClosingSettings(nearly_met_share=0.9))
    assert close_target(jobs, [fig(6600)], MARCH, wider).verdict == "nearly-met"


def test_approximately_counts_within_its_tolerance() -> None:
    days = target("cumulative", 350, unit="天", qualifier="左右", tolerance=3)
    assert close_target(days, [fig(347)], MARCH, SETTINGS).verdict == "met"
    assert close_target(days, [fig(346)], MARCH, SETTINGS).verdict == "nearly-met"


def test_level_with_a_baseline_and_a_falling_direction() -> None:
    """A level of the year closes on final ÷ target (goal ÷ final falling); the baseline is shown,
    never the start of the task (issue 23)."""
    ratio = target("level", 1.9, unit=":1", direction="down", baseline=2.01)
    halfway = close_target(ratio, [fig(1.955)], MARCH, SETTINGS)
    assert halfway.share == pytest.approx(1.9 / 1.955) and halfway.verdict == "nearly-met"
    assert close_target(ratio, [fig(1.89)], MARCH, SETTINGS).verdict == "met"
    worse = close_target(ratio, [fig(2.05)], MARCH, SETTINGS)
    assert worse.share == pytest.approx(1.9 / 2.05) and worse.verdict == "not-met"


def test_a_negative_goal_or_value_gives_no_percentage() -> None:
    closing = close_target(target("cumulative", 10, unit="亿元"), [fig(-2)], MARCH, SETTINGS)
    assert closing.share is None and closing.verdict == "not-met"


def test_growth_in_percentage_points() -> None:
    gdp = target("growth", 6, frequency="quarterly")
    assert close_target(gdp, [fig(6.0)], MARCH, SETTINGS).verdict == "met"
    below = close_target(gdp, [fig(5.5)], MARCH, SETTINGS)
    assert below.gap_pp == pytest.approx(-0.5) and below.verdict == "nearly-met"
    assert close_target(gdp, [fig(5.4)], MARCH, SETTINGS).verdict == "not-met"
    assert close_target(gdp, [fig(-1.0)], MARCH, SETTINGS).verdict == "not-met"


def test_relative_against_the_reference_final_rate() -> None:
    gdp = target("growth", 6, id="gdp", name="地区生产总值增长", frequency="quarterly")
    income = target("relative", None, relative_to="gdp", qualifier="同步", frequency="quarterly")
    closing = close_target(income, [fig(5.9)], MARCH, SETTINGS, gdp, [fig(5.2, date(2026, 9, 30)), fig(5.8)])
    assert closing.goal == 5.8 and closing.gap_pp == pytest.approx(0.1) and closing.verdict == "met"
    waiting = close_target(income, [fig(5.9)], date(2027, 1, 20), SETTINGS, gdp, [fig(5.2, date(2026, 9, 30))])
    assert waiting.verdict == "awaiting"  # GDP's 全年 rate is due 2027-01-25


def test_a_line_closes_on_the_year_figure_unless_it_must_hold_at_every_reading() -> None:
    rate = target("ceiling", 5.5, direction="down")
    held = close_target(rate, [fig(5.3, date(2026, 6, 30)), fig(5.1)], MARCH, SETTINGS)
    assert held.verdict == "met" and held.margin == pytest.approx(0.4)
    crossed = close_target(rate, [fig(5.7, date(2026, 6, 30), 1), fig(5.1)], MARCH, SETTINGS)
    assert crossed.verdict == "met" and crossed.breaches == 1  # the year's rate is 5.1%
    red_line = rate._replace(judged="every-reading")
    assert close_target(red_line, [fig(5.7, date(2026, 6, 30), 1), fig(5.1)], MARCH, SETTINGS).verdict == "not-met"
    # Over the line at the year's end: by the points over, 基本完成 within 0.5 (none if binding).
    assert close_target(rate, [fig(5.8)], MARCH, SETTINGS).verdict == "nearly-met"
    assert close_target(rate._replace(binding=True), [fig(5.8)], MARCH, SETTINGS).verdict == "not-met"
    assert close_target(rate, [fig(6.1)], MARCH, SETTINGS).verdict == "not-met"
    fall = target("ceiling", 0, qualifier="下降", direction="down")
    assert close_target(fall, [fig(0)], MARCH, SETTINGS).verdict == "not-met"  # no change is not a fall
    assert close_target(fall, [fig(-2.1)], MARCH, SETTINGS).verdict == "met"


def test_awaiting_until_due_then_no_data() -> None:
    jobs = target("cumulative", 7300, unit="人")
    november = [fig(6800, date(2026, 11, 30))]
    # The December figure of a monthly indicator is due 2027-01-20; five grace days after it.
    waiting = close_target(jobs, november, date(2027, 1, 25), SETTINGS)
    assert waiting.verdict == "awaiting" and waiting.due == date(2027, 1, 20)
    assert waiting.final_value is None and waiting.final_period is None  # not the year's figure …
    assert waiting.latest_value == 6800 and waiting.latest_period == date(2026, 11, 30)  # … shown, not judged
    assert close_target(jobs, november, date(2027, 1, 26), SETTINGS).verdict == "no-data"
    annual = target("cumulative", 41, unit="项", frequency="annual")
    assert close_target(annual, [], date(2027, 3, 5), SETTINGS).verdict == "awaiting"
    assert close_target(annual, [], date(2027, 3, 6), SETTINGS).verdict == "no-data"


def test_a_target_kept_without_figures_closes_with_its_last_figure_of_the_year() -> None:
    from kaizhou_targets.core.rule_settings import TargetCalendar

    untracked = target("cumulative", 5, unit="家", calendar=TargetCalendar(tracking="none"))
    assert close_target(untracked, [fig(5, date(2026, 10, 15))], MARCH, SETTINGS).verdict == "met"
    assert close_target(untracked, [], MARCH, SETTINGS).verdict == "no-data"


def test_a_later_year_figure_does_not_close_this_year() -> None:
    jobs = target("cumulative", 7300, unit="人")
    closing = close_target(jobs, [fig(7420), fig(1100, date(2027, 2, 28), 1)], MARCH, SETTINGS)
    assert closing.final_value == 7420 and closing.verdict == "met"


def test_pending_target_and_milestones() -> None:
    assert close_target(target("cumulative", None), [fig(3)], MARCH, SETTINGS).verdict == "pending-target"
    task = target("milestone", None)
    done = close_target(task, [fig(1, date(2026, 9, 15))], MARCH, SETTINGS)
    assert done.verdict == "met" and done.done_on == date(2026, 9, 15)
    late = close_target(task, [fig(1, date(2027, 1, 8))], MARCH, SETTINGS)
    assert late.verdict == "not-met" and late.done_on == date(2027, 1, 8)
    assert close_target(task, [], MARCH, SETTINGS).verdict == "not-met"
    step = task._replace(commitment="step")
    assert close_target(step, [], MARCH, SETTINGS).verdict == "ongoing"
    assert close_target(step, [fig(1, date(2026, 6, 30))], MARCH, SETTINGS).verdict == "met"


def test_a_standing_series_closes_like_the_whole_history() -> None:
    jobs = target("cumulative", 7300, unit="人")
    history = [fig(6800, date(2026, 11, 30)), fig(7400, n=1), fig(7420, n=2)]  # 7420 revises 7400 (typed later)
    history[2] = history[2]._replace(recorded_at=datetime(2027, 1, 20, tzinfo=UTC))
    from kaizhou_targets.core.history import standing_series

    standing = Standing(standing_series(history))
    assert close_target(jobs, history, MARCH, SETTINGS) == close_target(jobs, standing, MARCH, SETTINGS)
    assert close_target(jobs, standing, MARCH, SETTINGS).final_value == 7420


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.floats(min_value=-1e6, max_value=1e6,
                                                                             allow_nan=False))
def test_a_quantity_never_gives_a_negative_or_absurd_share(value: float, goal: float) -> None:
    closing = close_target(target("cumulative", goal, unit="亿元"), [fig(value)], MARCH, SETTINGS)
    assert closing.share is None or closing.share >= 0
    assert closing.verdict in ("met", "nearly-met", "not-met")


@pytest.mark.parametrize("raw, problem", [
    ({"nearly_met_share": 95}, "nearly_met_share"), ({"nearly_met_share": 0}, "nearly_met_share"),
    ({"nearly_met_pp": -1}, "nearly_met_pp"), ({"nearly_met_pp": True}, "nearly_met_pp"),
    ({"band": 1}, "band"), ("0.95", "必须是一个表"),
])
def test_bad_closing_settings_keep_their_default_and_say_why(raw: object, problem: str) -> None:
    settings, problems = parse_closing_settings(raw)
    assert settings == ClosingSettings() and len(problems) == 1 and problem in problems[0]


def test_good_closing_settings_are_read() -> None:
    settings, problems = parse_closing_settings({"nearly_met_share": 0.9, "nearly_met_pp": 1})
    assert problems == [] and settings == ClosingSettings(0.9, 1.0)

"""plan_pace.py on its own: what cannot be measured is a verdict, never an exception or a nonsense number."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kaizhou_targets.core.model import Entry, Target
from kaizhou_targets.core.plan_pace import goal_pace, pace
from kaizhou_targets.storage.ledger_file import bundled_ledger_path, load_ledger_strict

WHEN = date(2029, 3, 1)


@pytest.fixture(scope="module")
def targets() -> dict[str, Target]:
    return load_ledger_strict(bundled_ledger_path()).by_id()


def year_end(target: str, year: int, value: float, typed: int = 0) -> Entry:
    return Entry(id=f"{target}-{year}-{typed}", target=target, recorded_at=datetime(year + 1, 2, 1, 9, typed),
                 as_of=date(year, 12, 31), value=value)


def test_a_quantity_that_is_not_positive_has_no_growth_rate(targets: dict[str, Target]) -> None:
    gdp = targets["gdp-2030"]._replace(baseline=0.0, target=300.0)
    judged = goal_pace(gdp, [year_end(gdp.id, 2026, 50.0)], WHEN)
    assert judged.required_pace is None and judged.achieved_pace is None and judged.projection is None
    # The task share is still a share of the distance: 50 of 300, with a fifth of the time gone.
    assert judged.task_share == pytest.approx(50 / 300) and judged.verdict == "behind"


def test_a_goal_equal_to_its_baseline_cannot_be_measured(targets: dict[str, Target]) -> None:
    flat = targets["urbanization-rate"]._replace(target=54.6)
    judged = goal_pace(flat, [year_end(flat.id, 2026, 55.0)], WHEN)
    assert judged.verdict == "not-measurable" and judged.task_share is None and judged.schedule is None


def test_a_stated_goal_without_a_baseline_waits_for_it(targets: dict[str, Target]) -> None:
    judged = goal_pace(targets["urbanization-rate"]._replace(baseline=None), [], WHEN)
    assert judged.verdict == "pending-baseline" and all(y.path is None for y in judged.series)


def test_a_fall_of_a_hundred_percent_has_no_geometric_mean(targets: dict[str, Target]) -> None:
    rd = targets["rd-intensity-growth"]
    judged = goal_pace(rd, [year_end(rd.id, 2026, -100.0)], WHEN)
    assert judged.verdict == "not-measurable" and judged.achieved_pace is None


def test_only_year_ends_on_or_before_the_day_count_and_a_revision_stands(targets: dict[str, Target]) -> None:
    urban = targets["urbanization-rate"]
    history = [year_end(urban.id, 2026, 55.0), year_end(urban.id, 2026, 55.4, typed=1),   # a revision
               Entry(id="mid", target=urban.id, recorded_at=datetime(2027, 8, 1), as_of=date(2027, 6, 30),
                     value=60.0),                                                          # not a year-end
               year_end(urban.id, 2029, 58.0)]                                             # after the day judged
    judged = goal_pace(urban, history, WHEN)
    assert [y.value for y in judged.series] == [55.4, None, None, None, None]
    assert judged.latest_year == 2026 and judged.achieved_pace == pytest.approx(0.8)


def test_a_missing_year_leaves_the_geometric_mean_to_the_years_recorded(targets: dict[str, Target]) -> None:
    rd = targets["rd-intensity-growth"]
    judged = goal_pace(rd, [year_end(rd.id, 2026, 16.0), year_end(rd.id, 2028, 14.0)], WHEN)
    assert judged.achieved_pace == pytest.approx(((1.16 * 1.14) ** 0.5 - 1) * 100)
    assert judged.latest_year == 2028 and judged.elapsed_share == pytest.approx(0.6)
    # Three years without a figure (2027, 2029, 2030) carry the rest of 1.15⁵.
    assert judged.remaining_pace == pytest.approx(((1.15 ** 5 / (1.16 * 1.14)) ** (1 / 3) - 1) * 100)


def test_pace_inverse_and_guards() -> None:
    assert pace("points", 54.6, 58.5, 5) == pytest.approx(0.78)
    assert pace("growth", 100, 121, 2) == pytest.approx(10.0)
    assert pace("growth", -1, 5, 2) is None and pace("unit", 2.01, 1.9, 0) is None

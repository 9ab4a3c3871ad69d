"""The plan view's arithmetic: each five-year goal (十五五) against its straight path and pace.

Pure: a ledger's multi-year targets, their figures and a day in; plain records out. Nothing
here reads files, the clock or the terminal. A year-end value of year Y is the standing figure
(valid, latest recorded: history.standing_series) for the period ending Y-12-31, as every other
command judges a period. A goal that cannot be measured says why in its `verdict`, never by an
exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from math import exp, log
from typing import Literal

from .display_bands import rounded
from .history import standing_series
from .model import Entry, Ledger, Target
from .progress import compounds, months_between
from .reporting_calendar import due_date
from .units import PERCENT, RATIO

# How a pace is measured, chosen by the goal's unit:
# - "growth": a quantity (亿元, 万元, 人 …) grows by compounding, so its pace is the geometric
#   年均增速 in % a year: (goal / baseline)^(1/years) − 1, as plans state 年均增长X%.
# - "points": a rate in % is already a share; compounding a share means nothing, and plans state
#   its pace as 年均提高/降低X个百分点: (goal − baseline) / years.
# - "unit": a ratio in :1 (城乡居民收入比) moves by so much of its own unit a year, the same way.
Measure = Literal["growth", "points", "unit"]
# level: a value to reach (城镇化率58.5%); yearly-rate: a rate to keep every year on average
# (研发经费投入强度年均增长15%); milestone: done or not.
Form = Literal["level", "yearly-rate", "milestone"]
Schedule = Literal["ahead", "on-pace", "behind"]
# The four sorts of a mid-term review (the city's 十四五 中期评估): 提前完成 (the goal already reached),
# 达到序时进度（预计超额完成）, 基本达到序时进度（预计如期完成）, 未达到序时进度.
Category = Literal["early", "ahead", "on-pace", "behind"]
# half-and-half: 时间过半、任务过半 — half the plan period gone, half the task done, and not behind.
Verdict = Literal["half-and-half", "ahead", "on-pace", "behind", "pending-goal", "pending-baseline", "no-data",
                  "not-measurable", "done", "not-done"]
MIDPOINT = 0.5


@dataclass(frozen=True)
class YearEnd:
    year: int
    value: float | None      # the standing figure for the period ending Y-12-31, if any
    as_of: date | None       # that figure's period
    path: float | None       # the straight path from baseline to goal (yearly-rate: the required rate)


@dataclass(frozen=True)
class GoalPace:
    target: Target
    form: Form
    baseline_year: int
    goal_year: int
    baseline: float | None = None
    goal: float | None = None
    series: tuple[YearEnd, ...] = ()
    measure: Measure | None = None
    required_pace: float | None = None   # a year, in the measure (growth: % a year)
    achieved_pace: float | None = None   # the same measure, baseline → latest year-end
    remaining_pace: float | None = None  # what the years left need to reach the goal
    projection: float | None = None      # the goal year's value at the achieved pace
    latest_year: int | None = None
    task_share: float | None = None      # (latest − baseline) / (goal − baseline)
    elapsed_share: float | None = None   # (latest year − baseline year) / plan years
    # Where the plan's path stands at the latest year-end, as a share of the task: the elapsed share on
    # a straight path; on a quantity's compound path (its 年均增速) less in the early years.
    schedule_share: float | None = None
    gap_pp: float | None = None          # task − elapsed share in points; yearly-rate: achieved − required rate
    schedule: Schedule | None = None
    verdict: Verdict = "no-data"
    done_on: date | None = None          # milestones: the period of the figure that records it
    missing_year: int | None = None      # a year whose year-end figure is due and not recorded
    missing_due: date | None = None      # the day it was due
    time_share: float | None = None      # the share of the plan period gone on the day judged (时间进度)

    @property
    def half_done(self) -> bool | None:
        """任务过半: half the distance from baseline to goal covered (level goals only)."""
        return None if self.task_share is None else self.task_share >= MIDPOINT

    @property
    def half_time(self) -> bool | None:
        """时间过半: half the plan period gone on the day judged (2028-06-30 of 2026–2030)."""
        return None if self.time_share is None else self.time_share >= MIDPOINT - 1e-9

    @property
    def category(self) -> Category | None:
        """The mid-term review's sort: 提前完成 once the goal is reached (a yearly rate: once the whole
        period's growth is achieved), else the schedule; None for a goal not judged."""
        if self.schedule is None:
            return None
        if self.form == "level" and self.task_share is not None and self.task_share >= 1 - 1e-9:
            return "early"
        if self.form == "yearly-rate" and self.remaining_pace is not None and self.latest_year is not None \
                and self.latest_year < self.goal_year and self.remaining_pace <= 0 \
                and self.target.direction == "up":
            return "early"
        return self.schedule


@dataclass(frozen=True)
class PlanView:
    as_of: date
    first_year: int
    last_year: int
    goals: tuple[GoalPace, ...]        # level and yearly-rate goals, in ledger order
    milestones: tuple[GoalPace, ...]
    tolerance_pp: float | None         # None: each goal's own bands


def is_plan_goal(target: Target) -> bool:
    """A goal of the plan period: a target whose period spans more than one year."""
    return not target.is_annual


def plan_view(ledger: Ledger, histories: Mapping[str, Sequence[Entry]], when: date,
              tolerance_pp: float | None = None) -> PlanView:
    """Every plan goal of the ledger as of `when`. `tolerance_pp` (points) overrides each goal's
    band for 符合序时进度; without it a level goal uses its schedule_yellow_pp and a yearly-rate goal
    its growth_yellow_pp — the gap that still counts as green in `kzt status`."""
    targets = [t for t in ledger.targets if is_plan_goal(t)]
    judged = [_missing(goal_pace(t, histories.get(t.id, ()), when, tolerance_pp), ledger, when) for t in targets]
    first = min((t.period_start.year for t in targets), default=when.year)
    last = max((t.deadline.year for t in targets), default=when.year)
    return PlanView(as_of=when, first_year=first, last_year=last,
                    goals=tuple(g for g in judged if g.form != "milestone"),
                    milestones=tuple(g for g in judged if g.form == "milestone"), tolerance_pp=tolerance_pp)


def _missing(goal: GoalPace, ledger: Ledger, when: date) -> GoalPace:
    """Mark a goal whose latest due year-end figure is not recorded: the verdict then rests on an
    older year, and the reader must know (数据截至 speaks of the newest figure of any goal)."""
    if goal.form == "milestone" or goal.verdict in ("pending-goal", "pending-baseline"):
        return goal
    rules = ledger.settings.calendar
    for year in range(min(when.year - 1, goal.goal_year), goal.baseline_year, -1):
        due = due_date(goal.target, rules, date(year, 12, 31), goal.target.calendar)  # the calendar's own rule
        if (when - due).days > rules.grace_days:
            recorded = {y.year for y in goal.series if y.value is not None}
            return goal if year in recorded else replace(goal, missing_year=year, missing_due=due)
    return goal


def goal_pace(target: Target, entries: Sequence[Entry], when: date, tolerance_pp: float | None = None) -> GoalPace:
    series = standing_series(entries, when)
    baseline_year = target.baseline_date.year if target.baseline_date else target.period_start.year - 1
    span = months_between(target.period_start, target.deadline)
    gone = 0.0 if when < target.period_start else min(1.0, months_between(target.period_start, when) / span)
    base = GoalPace(target=target, form="level", baseline_year=baseline_year, goal_year=target.deadline.year,
                    time_share=gone)
    if target.kind == "milestone":
        # Done once any standing figure records it, dated by the latest (as progress._milestone does).
        return replace(base, form="milestone", verdict="done" if series else "not-done",
                       done_on=series[-1].as_of if series else None)
    year_ends = _year_ends(target, series, baseline_year)
    if target.kind == "growth":
        band = target.bands.growth_yellow_pp if tolerance_pp is None else tolerance_pp
        return _yearly_rate(replace(base, form="yearly-rate"), year_ends, band)
    band = target.bands.schedule_yellow_pp if tolerance_pp is None else tolerance_pp
    return _level(base, year_ends, band)


def _year_ends(target: Target, series: Sequence[Entry], baseline_year: int) -> dict[int, Entry]:
    ends = {date(year, 12, 31): year for year in range(baseline_year + 1, target.deadline.year + 1)}
    return {ends[e.as_of]: e for e in series if e.as_of in ends and e.value is not None}


def measure_of(target: Target) -> Measure:
    if target.unit == PERCENT:
        return "points"
    if target.unit == RATIO:
        return "unit"
    return "growth"


def _level(base: GoalPace, year_ends: dict[int, Entry], band: float) -> GoalPace:
    target = base.target
    goal, baseline = target.goal, target.baseline
    years = base.goal_year - base.baseline_year
    measure = measure_of(target)
    base = replace(base, goal=goal, baseline=baseline, measure=measure)
    if goal is None:
        return replace(base, series=_series(base, year_ends, None), verdict="pending-goal")
    if baseline is None:
        return replace(base, series=_series(base, year_ends, None), verdict="pending-baseline")

    compound = compounds(target) and baseline > 0 and goal > 0  # the path `kzt status` judges by too

    def path(year: int) -> float:
        # A quantity's path grows at the required 年均增速 (its pace is compound, so must its path be:
        # a goal growing exactly at the required rate is on its path, not behind a straight line);
        # rates and ratios move by the same points a year, a straight line.
        elapsed = (year - base.baseline_year) / years
        if compound:
            return baseline * (goal / baseline) ** elapsed
        return baseline + (goal - baseline) * elapsed

    base = replace(base, series=_series(base, year_ends, path), required_pace=pace(measure, baseline, goal, years))
    if not year_ends:
        return base
    latest_year = max(year_ends)
    latest = year_ends[latest_year].value
    assert latest is not None
    elapsed = latest_year - base.baseline_year
    elapsed_share = elapsed / years
    achieved = pace(measure, baseline, latest, elapsed)
    left = years - elapsed
    base = replace(base, latest_year=latest_year, elapsed_share=elapsed_share, achieved_pace=achieved,
                   projection=None if achieved is None else advance(measure, baseline, achieved, years),
                   remaining_pace=pace(measure, latest, goal, left) if left > 0 else None)
    if goal == baseline:
        return replace(base, verdict="not-measurable")
    task_share = (latest - baseline) / (goal - baseline)
    schedule_share = (path(latest_year) - baseline) / (goal - baseline)
    gap = (task_share - schedule_share) * 100
    return _judged(replace(base, task_share=task_share, schedule_share=schedule_share, gap_pp=gap), gap, band)


def _series(base: GoalPace, year_ends: dict[int, Entry],
            path: Callable[[int], float] | None) -> tuple[YearEnd, ...]:
    rows = []
    for year in range(base.baseline_year + 1, base.goal_year + 1):
        entry = year_ends.get(year)
        rows.append(YearEnd(year=year, value=entry.value if entry else None, as_of=entry.as_of if entry else None,
                            path=path(year) if path else None))
    return tuple(rows)


def _yearly_rate(base: GoalPace, year_ends: dict[int, Entry], band: float) -> GoalPace:
    """A rate to keep on average (年均增长15%以上): the yearly growth figures, their geometric mean
    as the achieved pace, and the rate the remaining years need for the whole period's average."""
    target = base.target
    required = target.goal
    years = base.goal_year - base.baseline_year
    if required is None:
        return replace(base, series=_series(base, year_ends, None), measure="growth", verdict="pending-goal")
    rate = required  # the path of a yearly rate is the rate itself, every year
    base = replace(base, goal=rate, series=_series(base, year_ends, lambda year: rate), measure="growth",
                   required_pace=rate)
    if not year_ends:
        return base
    factors = [1 + (e.value or 0.0) / 100 for e in year_ends.values()]
    if any(f <= 0 for f in factors) or 1 + required / 100 <= 0:
        return replace(base, verdict="not-measurable")  # a fall of 100% or more has no geometric mean
    latest_year = max(year_ends)
    achieved = (exp(sum(log(f) for f in factors) / len(factors)) - 1) * 100
    # Every year without a figure (still to come, or never recorded) must make up the rest of the
    # five-year product: the remaining rate is what each of them needs.
    left = years - len(factors)
    whole = (1 + required / 100) ** years
    done = exp(sum(log(f) for f in factors))
    remaining = ((whole / done) ** (1 / left) - 1) * 100 if left > 0 else None
    elapsed_share = (latest_year - base.baseline_year) / years
    gap = achieved - required if target.direction == "up" else required - achieved
    base = replace(base, latest_year=latest_year, elapsed_share=elapsed_share, achieved_pace=achieved,
                   remaining_pace=remaining, gap_pp=gap)
    return _judged(base, gap, band)


def _judged(base: GoalPace, gap: float, band: float) -> GoalPace:
    """快于/符合/慢于序时进度 on the gap as printed (one decimal, as the reports print it), so the words
    and the verdict never disagree. 时间过半、任务过半 only where it is true of the figures: half the
    period gone on the day judged, at least half the task done (a level goal's task share), and not
    behind its path. A yearly-rate goal has no task share to be half of."""
    shown = rounded(gap)
    schedule: Schedule = "ahead" if shown > band else ("behind" if shown < -band else "on-pace")
    verdict: Verdict = schedule
    judged = replace(base, schedule=schedule)
    if judged.half_time and judged.half_done and schedule != "behind":
        verdict = "half-and-half"
    return replace(judged, verdict=verdict)


def pace(measure: Measure, start: float, end: float, years: int) -> float | None:
    """The average yearly pace from `start` to `end` over `years`, in the measure; None where it
    cannot be measured (no years, or a growth rate from or to a number that is not positive)."""
    if years <= 0:
        return None
    if measure == "growth":
        if start <= 0 or end <= 0:
            return None
        return ((end / start) ** (1 / years) - 1) * 100
    return (end - start) / years


def advance(measure: Measure, start: float, yearly: float, years: int) -> float:
    """`start` moved on `years` years at `yearly` (the inverse of `pace`)."""
    if measure == "growth":
        return start * (1 + yearly / 100) ** years
    return start + yearly * years

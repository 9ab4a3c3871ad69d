"""Completion, 序时进度 (schedule), gap and status, kind by kind.

Pure arithmetic over a target, its standing figures and a date. Every
division is guarded: a zero, negative or missing number gives `None`
("not measurable") rather than an error or a misleading percentage.
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from .calendar_days import month_end
from .display_bands import band_of_gap, figure_digits, rounded
from .history import standing_series
from .judging import approx_tolerance, judge, line_breaches, measures, rule_of
from .model import Entry, Ledger, Settings, Status, Target
from .reporting_calendar import Verdict, period_ends, verdict
from .units import PERCENT, RATIO

# The colour of a verdict on the year's own figure: what `kzt status` shows once it is in is what
# the closing will say (judging.py: one rule for both).
VERDICT_STATUS: dict[str, Status] = {"met": "green", "nearly-met": "yellow", "not-met": "red"}


class Progress(NamedTuple):
    """Where one target stands on a day. A NamedTuple rather than a frozen dataclass: every run
    defines it as it starts, and a NamedTuple is defined several times faster."""

    target: Target
    as_of: date                      # the day the status is judged
    status: Status
    value: float | None = None       # latest standing figure as of that day
    value_as_of: date | None = None  # the period that figure refers to
    completion: float | None = None  # fraction: 0.767
    schedule: float | None = None    # fraction: 0.75
    gap_pp: float | None = None      # percentage points, + ahead / − behind
    margin: float | None = None      # floor/ceiling: room to the line, in the target's unit
    projection: float | None = None  # value at the deadline at the current pace
    reference: float | None = None   # relative: the figure compared against
    stale: bool = False
    done: bool = False
    due_in_days: int | None = None   # milestones
    breaches: int = 0                # floor/ceiling readings over the line this period
    reason: str = ""                 # a short code for why: see render/phrases
    frequency: str = "quarterly"     # the target's own, or the ledger's default
    history: tuple[tuple[date, float], ...] = ()
    calendar: Verdict | None = None  # where the target stands against the reporting calendar
    reference_name: str = ""         # relative: the name of the target compared against


def months_between(start: date, end: date) -> float:
    """Months from the start of `start`'s month to `end`, counting a month
    whose last day is `end` as whole and a part-month by its days."""
    whole = (end.year - start.year) * 12 + end.month - start.month
    return whole + end.day / month_end(end.year, end.month).day


def elapsed_share(target: Target, when: date, frequency: str) -> float:
    """Share of the period's quota due by `when`: by month, by completed
    quarter for quarterly indicators, or by the target's own phasing."""
    if when < target.period_start:
        return 0.0
    if when >= target.deadline:
        return 1.0
    total = months_between(target.period_start, target.deadline)
    elapsed = months_between(target.period_start, when)
    if target.phasing:
        weights = target.phasing
        per = 12 / len(weights)  # months each weight covers
        whole, part = divmod(elapsed % 12, per)
        done = sum(weights[: int(whole)]) + (weights[int(whole)] * part / per if int(whole) < len(weights) else 0)
        years = int(elapsed // 12)
        return min(1.0, (years * sum(weights) + done) / (sum(weights) * total / 12))
    if frequency == "quarterly":
        elapsed = 3 * (int(elapsed + 1e-9) // 3)
    return min(1.0, max(0.0, elapsed / total))


def straight_line_share(target: Target, when: date) -> float:
    start = target.baseline_date or (target.period_start - timedelta(days=1))
    span = (target.deadline - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (when - start).days / span))


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _tolerance_pp(target: Target, span: float | None) -> float:
    """The 左右 band in percentage points of completion, where completion is
    measured over `span` (the goal, or goal − baseline) in the target's unit."""
    if target.tolerance is not None:
        return target.tolerance / abs(span) * 100 if span else 0.0
    return target.bands.approx_fraction * 100 if "左右" in target.qualifier else 0.0


def frequency_of(target: Target, settings: Settings) -> str:
    return target.frequency or settings.default_frequency


def in_period(target: Target, as_of: date) -> bool:
    """Whether a figure for the period ending `as_of` counts for `target`: an indicator kept over
    several years (plan_years.py) is judged each year by that year's figures. A milestone done
    after its deadline is done (late); a quantity's figures after its deadline are the next year's."""
    return target.period_start <= as_of and (target.kind == "milestone" or as_of <= target.deadline)


def evaluate(target: Target, entries: Sequence[Entry], when: date, settings: Settings,
             reference_series: Sequence[Entry] = ()) -> Progress:
    """The progress of one target as of `when`, by the figures of its own period: an indicator
    kept over several years (plan_years.py) is judged each year by that year's figures only."""
    # in_period, inlined: a long series is filtered here for every target of every run.
    start, deadline, milestone = target.period_start, target.deadline, target.kind == "milestone"
    series = [e for e in standing_series(entries, when)
              if e.as_of is None or (start <= e.as_of and (milestone or e.as_of <= deadline))]
    history = tuple((e.as_of, e.value) for e in series if e.as_of is not None and e.value is not None)
    # The reporting calendar decides lateness: a figure is stale (overdue) only once its period's
    # due date, which includes the publication lag, and the grace days have passed.
    judged = verdict(target, settings.calendar, when, [e.as_of for e in series if e.as_of is not None],
                     target.calendar)
    base = dict(target=target, as_of=when, stale=judged.state == "overdue", history=history,
                frequency=frequency_of(target, settings), calendar=judged)
    if target.kind == "milestone":
        return _milestone(target, series, judged, base)
    if not series:
        # A target not yet set (a new year's, before its report) says so rather than "no figure".
        reason = "pending-target" if target.kind != "relative" and target.goal is None else "no-figure"
        return Progress(status="grey", reason=reason, **base)  # type: ignore[arg-type]
    last = series[-1]
    assert last.value is not None and last.as_of is not None
    base.update(value=last.value, value_as_of=last.as_of)
    kind = target.kind
    if kind != "relative" and target.goal is None:
        return Progress(status="grey", reason="pending-target", **base)  # type: ignore[arg-type]
    if kind == "growth":
        found = _growth(target, last.value, target.goal, base)
    elif kind == "relative":
        found = _relative(target, last, reference_series, base)
    elif kind == "cumulative":
        found = _cumulative(target, last.value, last.as_of, settings, base)
    elif kind == "level":
        found = _level(target, last.value, last.as_of, base)
    else:
        return _line(target, last, series, settings, base)
    return _on_the_year_figure(found, last, settings)


def is_year_figure(target: Target, as_of: date, settings: Settings) -> bool:
    """Whether a figure for the period ending `as_of` is the year's own (its last expected period) of
    an annual target: the figure the closing judges."""
    if not target.is_annual:
        return False
    ends = period_ends(target, settings.calendar, target.calendar)
    return bool(ends) and as_of >= ends[-1]


def _on_the_year_figure(p: Progress, last: Entry, settings: Settings) -> Progress:
    """On the year's own figure the colour is the closing's verdict (judging.py), by the same rule:
    a 左右 target below its baseline is red in status as it is 未完成 in the closing."""
    t = p.target
    assert last.as_of is not None and last.value is not None
    if p.status == "grey" or not is_year_figure(t, last.as_of, settings):
        return p
    goal = p.reference if t.kind == "relative" and t.relative_to else t.goal
    if goal is None:
        return p
    verdict = judge(t, rule_of(t, settings), last.value, goal).verdict
    return p._replace(status=VERDICT_STATUS[verdict])


def _growth(target: Target, value: float, goal: float | None, base: dict, reason: str = "") -> Progress:
    if goal is None:
        return Progress(status="grey", reason="pending-target", **base)
    bands = target.bands
    up = target.direction == "up"
    gap = value - goal if up else goal - value
    tolerance = approx_tolerance(target, goal)
    completion = _ratio(value, goal) if goal > 0 and value >= 0 and up else None
    # The colour of the gap as printed (0.15个百分点: with the figures' own decimals), so the words and
    # the colour never disagree.
    digits = figure_digits(value, goal, tolerance)
    status = band_of_gap(gap, bands.growth_yellow_pp, bands.growth_red_pp, rounded(tolerance, digits), digits)
    return Progress(status=status, completion=completion, gap_pp=gap,
                    reason=reason or ("below-rate" if gap < 0 else "at-rate"), **base)


def _relative(target: Target, last: Entry, reference_series: Sequence[Entry], base: dict) -> Progress:
    if not target.relative_to:
        return _growth(target, last.value or 0.0, target.goal, base)
    assert last.as_of is not None
    comparable = [e for e in reference_series if e.as_of is not None and e.as_of <= last.as_of]
    if not comparable:
        return Progress(status="grey", reason="pending-reference", **base)
    reference = comparable[-1].value
    base["reference"] = reference
    return _growth(target, last.value or 0.0, reference, base, reason="")


def _cumulative(target: Target, value: float, period: date, settings: Settings, base: dict) -> Progress:
    goal = target.goal
    if goal is None or goal <= 0:
        return Progress(status="grey", reason="not-measurable", **base)
    share = elapsed_share(target, period, frequency_of(target, settings))
    completion = value / goal
    return _scheduled(target, completion, share, value / share if share > 0 else None, base, span=goal)


def _scheduled(target: Target, completion: float, share: float | None, projection: float | None,
               base: dict, span: float | None = None) -> Progress:
    bands = target.bands
    if share is None:
        return Progress(status="grey", completion=completion, reason="no-baseline", **base)
    gap = (completion - share) * 100
    tolerance = _tolerance_pp(target, span)
    # The 左右 allowance is read at the printed precision too: 3 days of 350 is 0.857 points, and
    # 347 days (printed 0.9 behind) is within it.
    status = band_of_gap(gap, bands.schedule_yellow_pp, bands.schedule_red_pp, rounded(tolerance))
    return Progress(status=status, completion=completion, schedule=share, gap_pp=gap,
                    projection=projection, reason="behind" if gap < 0 else "ahead", **base)


def _level(target: Target, value: float, period: date, base: dict) -> Progress:
    goal = target.goal
    if goal is None:
        return Progress(status="grey", reason="pending-target", **base)
    up = target.direction == "up"
    reached = value >= goal if up else value <= goal
    if target.baseline is None:
        completion = (_ratio(value, goal) if up else _ratio(goal, value)) if value > 0 and goal > 0 else None
        return Progress(status="green" if reached else "grey", completion=completion,
                        reason="reached" if reached else "no-baseline", **base)
    baseline = target.baseline
    gone = straight_line_share(target, period)
    if target.is_annual and measures(target) == "stock" and target.unit not in (PERCENT, RATIO) \
            and value > 0 and goal > 0 and baseline > 0:
        # A balance or stock of the year (余额): the task is the goal itself, final ÷ target, and the
        # path from last year-end's level sets where it should stand (judging.py: the baseline is
        # shown, never the start of the task).
        path = baseline + (goal - baseline) * gone
        completion = value / goal if up else goal / value
        schedule = path / goal if up else goal / path
        return _scheduled(target, completion, schedule, baseline + (value - baseline) / gone if gone > 0 else None,
                          base, span=goal)
    span = goal - baseline
    completion = (1.0 if reached else 0.0) if span == 0 else (value - baseline) / span
    share = path_share(target, baseline, goal, gone)
    if share != gone and value > 0 and gone > 0:  # on a compound path: at the pace achieved so far
        projection: float | None = baseline * (value / baseline) ** (1 / gone)
    else:
        projection = baseline + (value - baseline) / share if share > 0 else None
    return _scheduled(target, completion, share, projection, base, span=span)


def compounds(target: Target) -> bool:
    """A quantity (亿元, 万元) to reach over several years grows at a yearly rate, so its path to the
    goal is compound (the plan view's 年均增速); a rate or a ratio, and anything within one year,
    moves in a straight line. One rule for `kzt status` and `kzt plan`."""
    return not target.is_annual and target.unit not in (PERCENT, RATIO)


def path_share(target: Target, baseline: float, goal: float, gone: float) -> float:
    """The share of the task (goal − baseline) the plan's path has reached with `gone` of the period
    gone: `gone` itself on a straight path; (r^gone − 1) ÷ (r − 1), r = goal ÷ baseline, on a
    compound one — a quantity growing exactly at its required yearly rate is on its path."""
    if compounds(target) and baseline > 0 and goal > 0 and goal != baseline:
        ratio = goal / baseline
        return (ratio ** gone - 1) / (ratio - 1)
    return gone


def _line(target: Target, last: Entry, series: Sequence[Entry], settings: Settings, base: dict) -> Progress:
    """A floor or ceiling. Judged on the year's figure (the default), a reading over the line before
    the year's end is a warning (yellow): the year can still close above it. A red line judged at
    every reading (judged = "every-reading") is red from its first breach of the year: nothing can
    undo it. On the year's own figure the colour is the closing's verdict."""
    goal = target.goal
    assert goal is not None and last.value is not None and last.as_of is not None
    value = last.value
    floor = target.kind == "floor"
    margin = target.margin if target.margin is not None else abs(goal) * target.bands.margin_fraction

    def slack_of(v: float) -> float:
        return v - goal if floor else goal - v

    slack = slack_of(value)
    breaches = line_breaches(target, [e.value for e in series if e.as_of is not None
                                      and e.as_of >= target.period_start and e.value is not None])
    rule = rule_of(target, settings)
    # “双下降” asks for a fall, and no change is not one.
    beyond = slack < 0 or ("下降" in target.qualifier and slack == 0)
    final = is_year_figure(target, last.as_of, settings)
    status: Status
    if beyond and (rule.judged == "every-reading" or final):
        status, reason = "red", "breached"
    elif rule.judged == "every-reading" and breaches:
        status, reason = "red", "breached-before"  # a red line crossed this year stays crossed
    elif beyond:
        status, reason = "yellow", "below-for-now"  # the year's figure decides: it may still recover
    elif slack < margin:
        status, reason = "yellow", "near-line"
    else:
        status, reason = "green", "holds"
    if status != "green" and reason != "breached-before" and final:
        verdict = judge(target, rule, value, goal, breaches).verdict
        status = VERDICT_STATUS[verdict]
        reason = "holds" if verdict == "met" else ("near-line" if slack >= 0 else "breached")
    # Met or not met is the whole story of a line: no completion percentage.
    return Progress(status=status, margin=slack, gap_pp=slack if target.unit == "%" else None,
                    breaches=breaches, reason=reason, **base)


def _milestone(target: Target, series: Sequence[Entry], judged: Verdict, base: dict) -> Progress:
    """Done, overdue, due soon (within the target's own warning window, else the ledger's) or pending."""
    due_in = judged.days_left if judged.days_left is not None else 0
    base["stale"] = False  # a milestone is never stale: it is due, due soon, done or overdue
    if series:
        last = series[-1]
        return Progress(status="green", done=True, completion=1.0, value=1.0, value_as_of=last.as_of,
                        due_in_days=due_in, reason="done", **base)
    if target.commitment == "step":
        return _step_pending(due_in, base)
    if judged.state == "overdue":
        return Progress(status="red", completion=0.0, due_in_days=due_in, reason="overdue", **base)
    if judged.state == "due-soon":
        return Progress(status="yellow", completion=0.0, due_in_days=due_in, reason="due-soon", **base)
    return Progress(status="grey", due_in_days=due_in, reason="not-due", **base)


def _step_pending(due_in: int, base: dict) -> Progress:
    """A milestone that commits only to the step the report names (推动…创建,
    打造): never red, because its deadline is indicative. Before the deadline
    it still counts down (the weekly report lists it when due soon); after it,
    it has no due date and simply waits for the step to be recorded."""
    return Progress(status="grey", due_in_days=due_in if due_in >= 0 else None, reason="step-pending",
                    **base)


def evaluate_ledger(ledger: Ledger, histories: Mapping[str, Sequence[Entry]], when: date) -> list[Progress]:
    """Progress of every target, in ledger order."""
    results = []
    names = {t.id: t.name for t in ledger.targets}
    for target in ledger.targets:
        reference: Sequence[Entry] = ()
        if target.relative_to:
            reference = [e for e in standing_series(histories.get(target.relative_to, ()), when)
                         if e.as_of is None or in_period(target, e.as_of)]  # compared within the same year
        judged = evaluate(target, histories.get(target.id, ()), when, ledger.settings, reference)
        if target.relative_to in names:
            judged = judged._replace(reference_name=names[target.relative_to])
        results.append(judged)
    return results


def count_statuses(progress: Sequence[Progress]) -> dict[str, int]:
    counts = {s: 0 for s in ("red", "yellow", "green", "grey")}
    for p in progress:
        counts[p.status] += 1
    counts["stale"] = sum(1 for p in progress if p.stale)
    counts["not_yet_due"] = sum(1 for p in progress if p.calendar is not None and p.calendar.state == "not-yet-due")
    return counts

"""Year-end closing (全年目标完成情况): how each annual target of a year closed.

Every year-end the office reports each annual target as 完成 / 基本完成 /
未完成, with the year's final value. This module works that out from the
standing figures of the year (plan_years.final_figure) by each target's own
rule (judging.py, the same rule `kzt status` colours the year's figure by):

- a total, a balance or a stock by its share of the goal, final ÷ target (a
  baseline is shown, never the start of the task); 基本完成 from
  `nearly_met_share` of the goal upwards;
- a target in % or 个百分点 by the points short of it; a growth or relative
  target by the year's rate against the target rate (a relative target
  against its reference's final rate); 基本完成 within `nearly_met_pp`;
- floors and ceilings on the year's own figure, or — where the target says
  `judged = "every-reading"` — held only if no reading of the year crossed
  the line;
- milestones by whether they were done within the year.

Until the year's last figure is due (its due date on the reporting calendar
and the grace days) a target without it is 待年报 (awaiting), never 未完成;
once that has passed with no year-end figure it is 无数据 (no data). A target
whose goal was never set is 目标待定 (pending target).

Pure: plain records in and out, no files, no clock, no words (the phrases are
rendered by render/year_end_table.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from ..i18n import _
from .history import standing_series
from .judging import Rule, judge, line_breaches, rule_of
from .model import Entry, Ledger, Settings, Status, Target
from .plan_years import final_figure
from .progress import in_period
from .reporting_calendar import due_date, period_ends
from .rule_settings import DEFAULT_CLOSING, ClosingSettings

ClosingVerdict = Literal["met", "nearly-met", "not-met", "ongoing", "awaiting", "no-data", "pending-target"]
# In the order a closing table counts them.
VERDICTS: tuple[ClosingVerdict, ...] = ("met", "nearly-met", "not-met", "ongoing", "awaiting", "no-data",
                                        "pending-target")
VERDICT_COLOURS: dict[str, Status] = {"met": "green", "nearly-met": "yellow", "not-met": "red", "ongoing": "grey",
                                      "awaiting": "grey", "no-data": "grey", "pending-target": "grey"}
CLOSING_KEYS = frozenset({"nearly_met_share", "nearly_met_pp"})


@dataclass(frozen=True)
class Closing:
    """How one annual target closed its year. Numbers in the target's unit; `share` a fraction."""

    target: Target
    year: int
    verdict: ClosingVerdict
    rule: Rule
    final_value: float | None = None   # the year's own figure; None while it is awaited or missing
    final_period: date | None = None   # the period of that figure
    latest_value: float | None = None  # the latest figure of the year so far (the final one, if in)
    latest_period: date | None = None
    goal: float | None = None          # the annual target (relative: the reference's final rate)
    share: float | None = None         # share arithmetic: completion of the annual target (0.983)
    gap_pp: float | None = None        # points and rates: final − target (+ above); down-targets: target − final
    digits: int = 1                    # decimals the gap is printed with (as the figures are)
    margin: float | None = None        # lines: room to the line at year end (+ held, − breached)
    breaches: int = 0                  # lines: readings of the year beyond the line
    done_on: date | None = None        # milestones: the day recorded as done
    due: date | None = None            # the day the year-end figure is due (awaiting, no-data)
    reference_name: str = ""           # relative: the target compared with

    @property
    def status(self) -> Status:
        """The colour of the verdict: 完成 green, 基本完成 yellow, 未完成 red, the rest grey."""
        return VERDICT_COLOURS[self.verdict]


def closes_by(year: int, when: date) -> bool:
    """Whether `when` is after `year`: the closing of the year can be shown."""
    return when > date(year, 12, 31)


def year_end_due(target: Target, settings: Settings) -> date | None:
    """The day the year's last figure is due (reporting calendar); None for a target kept without
    figures or a milestone."""
    ends = period_ends(target, settings.calendar, target.calendar)
    return due_date(target, settings.calendar, ends[-1], target.calendar) if ends else None


def close_year(ledger: Ledger, histories: Mapping[str, Sequence[Entry]], when: date, year: int) -> list[Closing]:
    """The closing of every annual target of `ledger` (a ledger_of_year view) for `year`, in
    ledger order, judged on `when` by the figures in `histories` (whole histories or Standing
    series, as known on `when`). Multi-year goals are not closed by year (kzt plan)."""
    by_id = ledger.by_id()
    closings = []
    for target in ledger.targets:
        if not target.is_annual_of(year):
            continue
        reference = by_id.get(target.relative_to) if target.relative_to else None
        closings.append(close_target(target, histories.get(target.id, ()), when, ledger.settings,
                                     reference, histories.get(target.relative_to, ()) if reference else ()))
    return closings


def close_target(target: Target, history: Sequence[Entry], when: date, settings: Settings,
                 reference: Target | None = None, reference_history: Sequence[Entry] = ()) -> Closing:
    year = target.deadline.year
    base: dict[str, Any] = {"target": target, "year": year, "rule": rule_of(target, settings)}
    if target.kind == "milestone":
        return _milestone(target, history, when, base)
    if target.goal is None and not (target.kind == "relative" and target.relative_to):
        return Closing(verdict="pending-target", **base)
    year_end = target.deadline
    series = [e for e in standing_series(history, min(when, year_end))
              if e.as_of is not None and e.value is not None and in_period(target, e.as_of)]
    latest = series[-1] if series else None
    if latest is not None:
        base.update(latest_value=latest.value, latest_period=latest.as_of)
    final = _year_figure(target, settings, history, year) if series else None
    if final is None or final.value is None:
        return Closing(verdict=_missing(target, settings, when), due=year_end_due(target, settings), **base)
    base.update(final_value=final.value, final_period=final.as_of)
    goal = target.goal
    if target.kind == "relative" and reference is not None:
        # Against the reference's 全年 rate only: its 1-9月 rate is not the year's.
        ref = _year_figure(reference, settings, reference_history, year)
        base["reference_name"] = reference.name
        if ref is None or ref.value is None:
            return Closing(verdict=_missing(reference, settings, when), due=year_end_due(reference, settings), **base)
        goal = ref.value
    if goal is None:
        return Closing(verdict="pending-target", **base)
    breaches = 0
    if base["rule"].line:
        breaches = line_breaches(target, [e.value for e in series if e.value is not None])
        base.update(breaches=breaches, margin=final.value - goal if target.kind == "floor" else goal - final.value)
    judged = judge(target, base["rule"], final.value, goal, breaches)
    return Closing(verdict=judged.verdict, goal=goal, share=judged.share, gap_pp=judged.gap_pp,
                   digits=judged.digits, **base)


def _missing(target: Target, settings: Settings, when: date) -> ClosingVerdict:
    """待年报 until the year's last figure is due (and the grace days), then 无数据."""
    due = year_end_due(target, settings)
    late = due is None or when > due + timedelta(days=settings.calendar.grace_days)
    return "no-data" if late else "awaiting"


def _year_figure(target: Target, settings: Settings, history: Sequence[Entry], year: int) -> Entry | None:
    """The year's own figure, if recorded: the one for the last period the calendar expects (the
    December figure, the 全年 rate). A target kept without figures (tracking = "none") expects no
    period: its last figure of the year, whenever it came, is what the year closed with."""
    final = final_figure(history, year)
    if final is None or final.as_of is None or final.value is None:
        return None
    ends = period_ends(target, settings.calendar, target.calendar)
    return final if not ends or final.as_of >= ends[-1] else None


def _milestone(target: Target, history: Sequence[Entry], when: date, base: dict[str, Any]) -> Closing:
    done = [e for e in standing_series(history, when) if e.as_of is not None and in_period(target, e.as_of)]
    within = [e for e in done if e.as_of is not None and e.as_of <= target.deadline]
    if within:
        return Closing(verdict="met", done_on=within[0].as_of, **base)
    if target.commitment == "step":
        # The report commits only to the step it names (推动…创建, 打造, 高效推进): the year's end
        # is no deadline it missed, so an unrecorded step is 持续推进 — still under way, carried on —
        # rather than 未完成, a failure the report never set up. A recorded step is 完成 as above.
        return Closing(verdict="ongoing", done_on=done[0].as_of if done else None, **base)
    return Closing(verdict="not-met", done_on=done[0].as_of if done else None, **base)


def count_verdicts(closings: Iterable[Closing]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    for closing in closings:
        counts[closing.verdict] += 1
    return counts


def parse_closing_settings(raw: Any, base: ClosingSettings = DEFAULT_CLOSING,
                           where: str = "[settings.closing]") -> tuple[ClosingSettings, list[str]]:
    """`[settings.closing]` (or a target's `closing` table, `where`) as parsed from TOML, and a message
    per bad key (a bad key keeps its default)."""
    if raw is None:
        return base, []
    if not isinstance(raw, Mapping):
        return base, [_("{where} 必须是一个表。").format(where=where)]
    values: dict[str, float] = base._asdict()
    problems: list[str] = []
    for key, value in raw.items():
        number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if key not in CLOSING_KEYS:
            problems.append(_("{where} 中有未知的键 {key!r}；可用的键：{known}。").format(
                where=where, key=key, known=_("、").join(sorted(CLOSING_KEYS))))
        elif key == "nearly_met_share" and not (number and 0 < value <= 1):
            problems.append(_("{where} 的 nearly_met_share 必须是 0 到 1 之间的比例（如 0.95 表示"
                              "完成目标的95%及以上为基本完成），而不是 {value!r}。").format(where=where, value=value))
        elif key == "nearly_met_pp" and not (number and value >= 0):
            problems.append(_("{where} 的 nearly_met_pp 必须是 0 或更大的百分点数（如 0.5），"
                              "而不是 {value!r}。").format(where=where, value=value))
        else:
            values[key] = float(value)
    return ClosingSettings(**values), problems

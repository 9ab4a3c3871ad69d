"""How a target is judged on the year's figure: the rule of each target (issue 23).

The year-end closing (year_end.py) and `kzt status` (progress.py) judge a target by one rule, so
what status shows in December is what the closing will say. The rule is a property of the target,
with defaults by what it measures:

- a total over the year (cumulative), a balance or a stock at the year's end (level, 余额, a
  floor such as 储备项目): the share of the goal, final ÷ target; a baseline is shown beside it,
  never the start of the task;
- a target in % or 个百分点 (a rate, a coverage, a 达标率): the points short of the target, and
  the 基本完成 band in points (`nearly_met_pp`), not as a share of the target;
- a growth rate or a relative target: the year's rate against the target rate, in points;
- a floor or ceiling is judged on the year's own figure (`judged = "year-figure"`, the default):
  a quarter that dipped is a warning during the year, not a failure of the year; a red line that
  must hold at every reading says so (`judged = "every-reading"`) and fails on one breach;
- 左右 is 完成 within its tolerance and never 基本完成 below its baseline; 超/突破 are strict (the
  goal itself does not exceed it); 下降 asks for a fall;
- 基本完成 is `[settings.closing]`, overridable per target (`closing = { nearly_met_pp = 1 }`);
  a binding target (`binding = true`, 约束性), a red line judged at every reading and a 下降 have none.

Pure: plain records in and out, no words (render/year_end_rules.py words them).
"""

from collections.abc import Sequence
from typing import Literal, NamedTuple

from .display_bands import figure_digits, rounded
from .model import Judged, Settings, Target
from .units import PERCENT, RATIO

# What a target's figure is: a total over its span (2026年1-9月), a stock or a rate read at a date
# (2026年2月末), a growth rate, or an event (a milestone done).
Measures = Literal["flow", "stock", "rate", "event"]
# How the year's figure is compared with the goal.
Arithmetic = Literal["share", "points", "rate", "done"]
JUDGED: tuple[Judged, ...] = ("year-figure", "every-reading")
POINT_UNITS = frozenset({PERCENT, "个百分点"})
Verdict = Literal["met", "nearly-met", "not-met"]
EPSILON = 1e-9


class Rule(NamedTuple):
    """How one target closes its year (and is coloured on the year's figure)."""

    arithmetic: Arithmetic
    judged: Judged              # floors and ceilings: the year's figure, or every reading
    line: bool                  # a floor or ceiling: a line to hold
    strict: bool                # 超/突破 (more than the goal), 下降 (a fall): the goal itself is short
    tolerance: float            # 左右: the band around the goal, in the target's unit (points for %)
    nearly_share: float | None  # 基本完成 from this share of the goal (None: no 基本完成)
    nearly_pp: float | None     # 基本完成 within these points below (None: no 基本完成)
    not_below: float | None     # 左右 with a baseline: nothing worse than it is 基本完成
    binding: bool               # 约束性: must be met


class Judgement(NamedTuple):
    verdict: Verdict
    share: float | None = None   # share arithmetic: completion of the goal (0.98)
    gap_pp: float | None = None  # points and rates: + above the goal in the good direction
    digits: int = 1              # decimals the gap is printed with (as the figures are)


def measures(target: Target) -> Measures:
    """What the target's figure is. A rate or ratio, a balance (余额), a class and a line read within
    the year are stocks at a date; an annual line in a quantity (粮食产量) is the year's total."""
    if target.kind in ("growth", "relative"):
        return "rate"
    if target.kind == "milestone":
        return "event"
    if target.kind == "cumulative":
        return "flow"
    if target.unit in (PERCENT, RATIO, "类") or "余额" in target.name:
        return "stock"
    if target.kind == "level":
        # A multi-year 亿元 goal (地区生产总值再上3个百亿台阶) is the year's output, not a stock.
        return "stock" if target.is_annual and target.frequency != "annual" else "flow"
    return "flow" if (target.frequency or "annual") == "annual" else "stock"


def is_strict(target: Target) -> bool:
    """超/突破: exceeding is the goal; reaching it exactly is not (授权店超200个 at 200)."""
    return "超" in target.qualifier or "突破" in target.qualifier


def asks_for_a_fall(target: Target) -> bool:
    """“双下降” asks for a fall: no change is not one, and there is nothing 基本 about not falling."""
    return "下降" in target.qualifier


def approx_tolerance(target: Target, goal: float) -> float:
    """The 左右 band around `goal`, in the target's own unit: the target's `tolerance` where the ledger
    sets one (a few days for a count of days), else the ledger's approx_fraction of the goal; none
    without 左右."""
    if target.tolerance is not None:
        return target.tolerance
    return abs(goal) * target.bands.approx_fraction if "左右" in target.qualifier else 0.0


def rule_of(target: Target, settings: Settings) -> Rule:
    band = target.closing or settings.closing
    line = target.kind in ("floor", "ceiling")
    judged: Judged = target.judged if line else "year-figure"
    arithmetic: Arithmetic
    if target.kind == "milestone":
        arithmetic = "done"
    elif target.kind in ("growth", "relative"):
        arithmetic = "rate"
    elif target.unit in POINT_UNITS:
        arithmetic = "points"
    else:
        arithmetic = "share"
    none = target.binding or judged == "every-reading" or asks_for_a_fall(target)
    approx = "左右" in target.qualifier
    goal = target.goal
    return Rule(arithmetic=arithmetic, judged=judged, line=line,
                strict=is_strict(target) or asks_for_a_fall(target),
                tolerance=approx_tolerance(target, goal) if goal is not None else (target.tolerance or 0.0),
                nearly_share=None if none else band.nearly_met_share,
                nearly_pp=None if none else band.nearly_met_pp,
                not_below=target.baseline if approx and target.baseline is not None else None,
                binding=target.binding)


def judge(target: Target, rule: Rule, value: float, goal: float, breaches: int = 0) -> Judgement:
    """The verdict of the year's figure `value` against `goal` (a relative target: its reference's
    rate), by `rule`. `breaches`: readings of the year beyond a line (every-reading fails on one)."""
    up = target.direction == "up"
    if rule.arithmetic == "share":
        return _share(rule, value, goal, up, breaches)
    return _points(rule, value, goal, up, breaches)


def _beyond(value: float, limit: float, up: bool) -> bool:
    """`value` on the good side of `limit`, or on it."""
    return value >= limit - EPSILON if up else value <= limit + EPSILON


def _share(rule: Rule, value: float, goal: float, up: bool, breaches: int) -> Judgement:
    share: float | None = None
    if value > 0 and goal > 0:
        share = value / goal if up else goal / value
    if rule.strict and rule.tolerance == 0:
        reached = value > goal if up else value < goal
    else:
        reached = _beyond(value, goal - rule.tolerance if up else goal + rule.tolerance, up)
    if rule.judged == "every-reading" and breaches:
        reached = False
    if reached:
        return Judgement("met", share)
    nearly = (rule.nearly_share is not None and share is not None
              and round(share, 3) >= rule.nearly_share - EPSILON  # as printed: 95.0% is within 95%
              and (rule.not_below is None or _beyond(value, rule.not_below, up)))
    return Judgement("nearly-met" if nearly else "not-met", share)


def _points(rule: Rule, value: float, goal: float, up: bool, breaches: int) -> Judgement:
    digits = figure_digits(value, goal, rule.tolerance)
    gap = rounded(value - goal if up else goal - value, digits)  # the gap as printed
    strict = rule.strict and rule.tolerance == 0
    reached = gap > 0 if strict else gap >= -rounded(rule.tolerance, digits) - EPSILON
    if rule.judged == "every-reading" and breaches:
        reached = False
    if reached:
        return Judgement("met", gap_pp=value - goal if up else goal - value, digits=digits)
    nearly = (rule.nearly_pp is not None and gap >= -rule.nearly_pp - EPSILON
              and (rule.not_below is None or _beyond(value, rule.not_below, up)))
    return Judgement("nearly-met" if nearly else "not-met", gap_pp=value - goal if up else goal - value,
                     digits=digits)


def line_breaches(target: Target, values: Sequence[float]) -> int:
    """Readings beyond a floor or ceiling (a 下降 exactly on its line counts as no fall only at the end)."""
    goal = target.goal
    if goal is None or target.kind not in ("floor", "ceiling"):
        return 0
    floor = target.kind == "floor"
    return sum(1 for v in values if (v < goal if floor else v > goal))

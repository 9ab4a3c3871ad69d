"""Guards against the slips people make when they type a figure, and the
idempotency rules of entry (issue 10, points 3 and 4).

Pure: each check returns findings (a code, one Chinese sentence, the numbers
involved) instead of raising, so the caller decides: ask in a terminal,
refuse in a script unless --force, list every finding of an import at once.

The value a guard judges is the figure as it would be stored: for `+N`,
the running total after the addition.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..i18n import _
from .history import increment_base as increment_base  # the rule the +N confirmation names
from .model import Entry, Target
from .progress import elapsed_share
from .rule_settings import DEFAULT_GUARDS, Guards
from .units import PERCENT, RATIO, split_suffix, split_unit
from .values import format_value, normalize_text

RATE_KINDS = frozenset({"level", "floor", "ceiling"})
GROWTH_KINDS = frozenset({"growth", "relative"})


GUARD_KEYS = frozenset(Guards._fields)


def parse_guards(raw: Any, base: Guards = DEFAULT_GUARDS) -> tuple[Guards, list[str]]:
    """`[settings.guards]` as parsed from TOML, and a message per bad key (a
    bad key keeps its default)."""
    if raw is None:
        return base, []
    if not isinstance(raw, Mapping):
        return base, [_("[settings.guards] 必须是一个表。")]
    values: dict[str, Any] = base._asdict()
    problems: list[str] = []
    for key, value in raw.items():
        number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if key not in GUARD_KEYS:
            problems.append(_("[settings.guards] 中有未知的键 {key!r}；可用的键：{known}。")
                            .format(key=key, known=_("、").join(sorted(GUARD_KEYS))))
        elif key == "repeat_minutes" and not (number and value == int(value) and value >= 0):
            problems.append(_("[settings.guards] 的 repeat_minutes 必须是 0 或更大的整数（分钟）。"))
        elif key.endswith("_factor") and not (number and value > 1):
            problems.append(_("[settings.guards] 的 {key} 必须是大于 1 的倍数，而不是 {value!r}。")
                            .format(key=key, value=value))
        elif not number:
            problems.append(_("[settings.guards] 的 {key} 必须是一个数，而不是 {value!r}。")
                            .format(key=key, value=value))
        else:
            values[key] = int(value) if key == "repeat_minutes" else float(value)
    guards = Guards(**values)
    if guards.growth_min >= guards.growth_max:
        problems.append(_("[settings.guards] 的 growth_min 必须小于 growth_max。"))
        guards = Guards(**{**values, "growth_min": base.growth_min, "growth_max": base.growth_max})
    return guards, problems


@dataclass(frozen=True)
class Finding:
    code: str     # beyond-target, scale, rate-range, jump, ytd-fall
    message: str  # one sentence, in the user's language
    numbers: Mapping[str, float] = field(default_factory=dict)


def _number(value: float, target: Target) -> str:
    return format_value(value, target.unit)


def typed_scale(typed: str, target: Target) -> float:
    """How many of the target's units one typed unit was: "3亿" for a target in
    万吨 → 10,000. 1 when the figure was typed without a scale."""
    text = normalize_text(typed, "The value").replace(" ", "").replace(",", "").lstrip("+-")
    digits = len(text) - len(text.lstrip("0123456789."))
    suffix = text[digits:]
    if not suffix or target.unit in (PERCENT, RATIO) or suffix in (PERCENT, RATIO):
        return 1.0
    return split_suffix(suffix).scale / split_unit(target.unit).scale


def _reference(target: Target) -> float:
    return max(abs(target.goal or 0.0), abs(target.baseline or 0.0))


def _expected(target: Target, period: date) -> float | None:
    """What the target's path says a figure for `period` should be near."""
    goal = target.goal
    if goal is None or goal <= 0:
        return None
    if target.kind == "cumulative":
        share = elapsed_share(target, period, target.frequency or "monthly")
        return goal * share if share > 0 else None
    return goal


def _before(series: Sequence[Entry], period: date, same_year: bool) -> Entry | None:
    earlier = [e for e in series if e.as_of is not None and e.value is not None and e.as_of < period
               and (not same_year or e.as_of.year == period.year)]
    return max(earlier, key=lambda e: (e.as_of, e.recorded_at), default=None)


def check_figure(target: Target, value: float, period: date, series: Sequence[Entry], guards: Guards = DEFAULT_GUARDS,
                 *, typed: str = "") -> list[Finding]:
    """What looks wrong about storing `value` for `period`, given the target's
    standing figures `series` (other periods; the one being replaced aside)."""
    if target.kind == "milestone":
        return []
    findings: list[Finding] = []
    findings += _scale_and_size(target, value, guards, typed)
    findings += _rate_range(target, value, guards)
    findings += _jump(target, value, period, series, guards)
    findings += _ytd_fall(target, value, period, series)
    return findings


def _scale_and_size(target: Target, value: float, guards: Guards, typed: str) -> list[Finding]:
    reference = _reference(target)
    if not reference or target.unit == PERCENT:
        return []
    ratio = abs(value) / reference
    scale = typed_scale(typed, target) if typed else 1.0
    numbers = {"value": value, "reference": reference, "ratio": ratio}
    if scale != 1.0 and ratio >= guards.scale_factor:
        return [Finding("scale", _("“{typed}”换算为{value}，是目标{reference}的{ratio:.0f}倍，"
                                   "像是单位（万/亿）写错了。")
                        .format(typed=typed, value=_number(value, target), reference=_number(reference, target),
                                ratio=ratio), numbers)]
    goal = target.goal or 0.0
    if target.kind == "cumulative" and goal > 0 and value > guards.beyond_target_factor * goal:
        return [Finding("beyond-target", _("{value}是全年目标{goal}的{ratio:.1f}倍，远超目标，请核对数字。")
                        .format(value=_number(value, target), goal=_number(goal, target), ratio=value / goal),
                        {**numbers, "ratio": value / goal})]
    if target.kind not in ("cumulative", *GROWTH_KINDS) and ratio >= guards.scale_factor:
        return [Finding("beyond-target", _("{value}是目标{reference}的{ratio:.0f}倍，请核对数字和单位。")
                        .format(value=_number(value, target), reference=_number(reference, target), ratio=ratio),
                        numbers)]
    return []


def _rate_range(target: Target, value: float, guards: Guards) -> list[Finding]:
    if target.unit != PERCENT:
        return []
    if target.kind in GROWTH_KINDS:
        if guards.growth_min <= value <= guards.growth_max:
            return []
        return [Finding("rate-range", _("增速{value}%超出合理范围（{low}%至{high}%），请核对数字。")
                        .format(value=f"{value:g}", low=f"{guards.growth_min:g}", high=f"{guards.growth_max:g}"),
                        {"value": value, "low": guards.growth_min, "high": guards.growth_max})]
    if target.kind not in RATE_KINDS:
        return []
    goal = target.goal
    outside = not 0 <= value <= guards.percent_max
    if not outside and goal is not None and goal > 0 and value > 0:
        outside = value > goal * guards.rate_factor or value < goal / guards.rate_factor
    if not outside:
        return []
    return [Finding("rate-range", _("{value}%对{name}（目标{goal}%）不合常理，请核对数字（是否多打或少打了一位）。")
                    .format(value=f"{value:g}", name=target.name, goal=f"{goal:g}" if goal is not None else "—"),
                    {"value": value, "goal": goal if goal is not None else math.nan})]


def _jump(target: Target, value: float, period: date, series: Sequence[Entry], guards: Guards) -> list[Finding]:
    if target.unit == PERCENT or target.kind in GROWTH_KINDS:
        return []  # rates cross zero and swing; their range guard covers slips
    last = _before(series, period, same_year=target.kind == "cumulative")
    if last is None or not last.value or not value or (last.value > 0) != (value > 0):
        return []
    ratio = max(value / last.value, last.value / value)
    if ratio < guards.jump_factor:
        return []
    expected = _expected(target, period)
    if expected is not None and expected > 0 and value > 0 and last.value > 0 and \
            abs(math.log(value) - math.log(expected)) <= abs(math.log(last.value) - math.log(expected)):
        return []  # back towards the target's path: the last figure was the odd one
    assert last.as_of is not None
    return [Finding("jump", _("{value}是上次（{period}）{last}的{ratio:.0f}倍，变化过大，请核对数字和单位。")
                    .format(value=_number(value, target), period=last.as_of.isoformat(),
                            last=_number(last.value, target),
                            ratio=value / last.value if value > last.value else last.value / value)
                    if value > last.value else
                    _("{value}只有上次（{period}）{last}的{ratio:.0f}分之一，变化过大，请核对数字和单位。")
                    .format(value=_number(value, target), period=last.as_of.isoformat(),
                            last=_number(last.value, target), ratio=ratio),
                    {"value": value, "last": last.value, "ratio": ratio})]


def _ytd_fall(target: Target, value: float, period: date, series: Sequence[Entry]) -> list[Finding]:
    if target.kind != "cumulative":
        return []
    same_year = [e for e in series if e.as_of is not None and e.value is not None and e.as_of.year == period.year]
    higher_before = [e for e in same_year if e.as_of is not None and e.as_of < period and (e.value or 0) > value]
    lower_after = [e for e in same_year if e.as_of is not None and e.as_of > period and (e.value or 0) < value]
    if higher_before:
        other = max(higher_before, key=lambda e: e.value or 0.0)
        assert other.as_of is not None and other.value is not None
        return [Finding("ytd-fall", _("累计数{value}低于更早的{period}累计数{other}，年内累计不应下降，请核对。")
                        .format(value=_number(value, target), period=other.as_of.isoformat(),
                                other=_number(other.value, target)), {"value": value, "other": other.value})]
    if lower_after:
        other = min(lower_after, key=lambda e: e.value or 0.0)
        assert other.as_of is not None and other.value is not None
        return [Finding("ytd-fall", _("累计数{value}高于更晚的{period}累计数{other}，年内累计不应下降，请核对。")
                        .format(value=_number(value, target), period=other.as_of.isoformat(),
                                other=_number(other.value, target)), {"value": value, "other": other.value})]
    return []


# ------------------------------------------------------------ idempotent entry


@dataclass(frozen=True)
class PendingFigure:
    """A figure about to be recorded: typed at the prompt or a row of a file."""

    target_id: str
    period: date
    value: float       # as typed, in the target's unit: the increment itself for +N
    increment: bool
    input: str         # the text typed (+10, 5600, 0.56万)
    line: int = 0      # line of the file it came from; 0 when typed


@dataclass(frozen=True)
class RowConflict:
    first: PendingFigure
    second: PendingFigure
    message: str


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: only what differs from what is recorded."""

    to_record: tuple[PendingFigure, ...]
    new: int                 # periods with no figure yet
    revisions: int           # periods whose recorded figure differs
    unchanged: int           # rows already recorded identically: skipped
    duplicates: int          # identical repeats within the file: recorded once
    conflicts: tuple[RowConflict, ...]

    @property
    def already_imported(self) -> bool:
        """Every row is recorded already: the file was imported before."""
        return not self.to_record and not self.conflicts and self.unchanged > 0


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _same_row(a: PendingFigure, b: PendingFigure) -> bool:
    return a.increment == b.increment and _same(a.value, b.value)


def conflicting_rows(rows: Iterable[PendingFigure]) -> tuple[list[PendingFigure], list[RowConflict], int]:
    """Rows with one per target and period (identical repeats collapse into
    the first), the conflicts (two different figures for one period, naming
    both rows), and how many identical repeats were dropped."""
    first: dict[tuple[str, date], PendingFigure] = {}
    kept: list[PendingFigure] = []
    conflicts: list[RowConflict] = []
    dropped = 0
    for row in rows:
        key = (row.target_id, row.period)
        earlier = first.get(key)
        if earlier is None:
            first[key] = row
            kept.append(row)
        elif _same_row(earlier, row):
            dropped += 1
        else:
            conflicts.append(RowConflict(earlier, row, _(
                "第{a}行和第{b}行给出了{target}在{period}的两个不同数据（{x}和{y}）；请只保留正确的一行。")
                .format(a=earlier.line, b=row.line, target=row.target_id, period=row.period.isoformat(),
                        x=earlier.input, y=row.input)))
    return kept, conflicts, dropped


class _Recorded:
    """What a target's history holds for each period, as already_recorded reads it: the standing
    entry and the inputs its live entries were typed as. Built once per target, so an import
    into a deep history costs rows + history, not rows × history."""

    __slots__ = ("inputs", "standing")

    def __init__(self, history: Sequence[Entry]) -> None:
        withdrawn = {e.withdraws for e in history if e.withdraws}
        self.standing: dict[date, Entry] = {}
        self.inputs: dict[date, set[str]] = {}
        for e in history:
            if e.withdraws or e.id in withdrawn or e.as_of is None:
                continue
            held = self.standing.get(e.as_of)
            if held is None or e.recorded_at > held.recorded_at:  # the first of equal times stands, as max() keeps
                self.standing[e.as_of] = e
            self.inputs.setdefault(e.as_of, set()).add(normalize_text(e.input, "The value"))

    def state(self, row: PendingFigure) -> bool | None:
        standing = self.standing.get(row.period)
        if standing is None:
            return None
        if row.increment:
            return normalize_text(row.input, "The value") in self.inputs[row.period]
        return _same(standing.value, row.value)


def already_recorded(row: PendingFigure, history: Sequence[Entry]) -> bool | None:
    """True when `row` is recorded already exactly so (skip it), False when the
    period's figure differs (a revision), None when the period has none.

    An increment has been recorded when an entry for the period was made
    from the same `+N` (its input), since its total cannot be compared."""
    return _Recorded(history).state(row)


def plan_import(rows: Iterable[PendingFigure], histories: Mapping[str, Sequence[Entry]]) -> ImportPlan:
    """Which rows of a file to record: conflicts refuse the file; rows
    recorded identically before are skipped; the rest are new or revisions."""
    kept, conflicts, dropped = conflicting_rows(rows)
    to_record: list[PendingFigure] = []
    new = revisions = unchanged = 0
    recorded: dict[str, _Recorded] = {}
    for row in kept:
        held = recorded.get(row.target_id)
        if held is None:
            held = recorded[row.target_id] = _Recorded(histories.get(row.target_id, ()))
        state = held.state(row)
        if state is True:
            unchanged += 1
            continue
        to_record.append(row)
        if state is None:
            new += 1
        else:
            revisions += 1
    return ImportPlan(tuple(to_record), new, revisions, unchanged, dropped, tuple(conflicts))


def repeated_increment(row: PendingFigure, history: Sequence[Entry], now: datetime,
                       guards: Guards = DEFAULT_GUARDS) -> Entry | None:
    """The entry made from the same `+N` for the same period within the last
    `guards.repeat_minutes` minutes, if any: typing it again likely repeats it."""
    if not row.increment:
        return None
    since = now - timedelta(minutes=guards.repeat_minutes)
    withdrawn = {e.withdraws for e in history if e.withdraws}
    typed = normalize_text(row.input, "The value")
    matches = [e for e in history if not e.withdraws and e.id not in withdrawn and e.as_of == row.period
               and since <= e.recorded_at <= now and normalize_text(e.input, "The value") == typed]
    return max(matches, key=lambda e: e.recorded_at, default=None)

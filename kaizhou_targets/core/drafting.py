"""A figure typed, checked before anything is written: the draft, the entry it becomes in the
history, and what the guards find odd about it — the pure steps shared by `kzt record`, its
interactive walk and `kzt import` (app/recording.py appends it under the lock).
"""

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from ..i18n import N_, _, join_sentences
from .errors import InputError
from .history import increment_base
from .model import Entry, Figure, Settings, Target
from .periods import parse_period
from .progress import Progress
from .rule_settings import CalendarSettings
from .values import format_value, normalize_text, parse_value

NOTE_LIMIT = 200


def new_entry_id(recorded_at: datetime) -> str:
    return f"{recorded_at:%Y%m%dT%H%M%S%f}-{os.urandom(3).hex()}"


def check_note(note: str) -> str:
    if len(note) > NOTE_LIMIT:
        raise InputError(
            _("备注长 {length} 个字符；请控制在 {limit} 个以内。较长的说明请放在单位自己的文件里，在备注中注"
                "明出处。").format(
                length=len(note), limit=NOTE_LIMIT)
        )
    if any(ord(ch) < 0x20 and ch != "\t" for ch in note):
        raise InputError(_("备注含有控制字符（换行？）。请把备注写在一行内。"))
    return note.strip()


class Draft(NamedTuple):
    """A figure checked and ready to append."""

    target: Target
    as_of: date
    value: float
    input: str
    increment: bool
    note: str
    by: str
    line: int = 0  # the row of the file it came from (kzt import); 0 when typed


def fit_rule(settings: Settings) -> CalendarSettings:
    """The calendar rules periods must fit: the ledger's [settings.calendar] where this version has one,
    else the defaults with the ledger's default frequency."""
    own = getattr(settings, "calendar", None)
    return own if isinstance(own, CalendarSettings) else CalendarSettings(
        default_frequency=settings.default_frequency)


def draft_figure(target: Target, value_text: str, period_text: str | None, today: date, *,
                 note: str = "", by: str = "", force: bool = False, fit: CalendarSettings | None = None) -> Draft:
    """Check everything typed, before anything is written. With `fit`, a typed period must fit the
    indicator (periods.parse_period); the default period, today, is the day itself."""
    if period_text is None:
        if not target.period_start <= today <= target.deadline:
            raise InputError(
                _("今天（{today}）不在 {id} 的期限（{start} 至 {end}）之内。请用 --as-of 说明数据所指的期间，例如 --as"
                    "-of 全年。").format(today=today.isoformat(), id=target.id,
                               start=target.period_start.isoformat(), end=target.deadline.isoformat())
            )
        as_of = today
    else:
        as_of = parse_period(period_text, target, today, force=force, fit=fit)
    parsed = parse_value(value_text, target, force=force)
    return Draft(target, as_of, parsed.value, normalize_text(value_text, N_("输入的数值")), parsed.increment,
                 check_note(note), by)


def place(draft: Draft, current: list[Entry], recorded_at: datetime, figures: Sequence[Figure] | None = None) -> Entry:
    """The entry to append: an increment becomes the new year-to-date total. `figures`:
    `figures_of(current)`, when the caller has it already."""
    value = draft.value
    base = increment_base(current, draft.as_of, figures) if draft.increment else None
    if base is not None:
        value = round((base.value or 0.0) + draft.value, 10)
    return Entry(new_entry_id(recorded_at), draft.target.id, recorded_at, draft.as_of, value,
                 draft.target.unit, draft.by, draft.note, draft.input)


class Recorded(NamedTuple):
    entry: Entry
    previous: Entry | None  # the figure this one supersedes, if any
    progress: Progress      # the target as of the period just recorded
    base: Entry | None = None         # +N: the running total it was added to
    standing: Progress | None = None  # the target today, when a later period's figure exists
    increment: bool = False           # typed as +N


# Asked when a guard finds something odd: True to record anyway. None (scripts, cron): refuse.
Confirm = Callable[[list[str]], bool]


def guard_messages(draft: Draft, current: list[Entry], entry: Entry, now: datetime, settings: Settings) -> list[str]:
    """What looks wrong about appending `entry` (issue 10): the plausibility guards, and the same +N for the
    same period typed again within a short time. One sentence each; none for a figure in the normal range."""
    from .history import figures_of, valid_series
    from .plausibility import PendingFigure, check_figure, repeated_increment

    assert entry.as_of is not None and entry.value is not None
    others = [e for e in valid_series(figures_of(current)) if e.as_of != entry.as_of]
    messages = [f.message for f in check_figure(draft.target, entry.value, entry.as_of, others, settings.guards,
                                                typed=draft.input)]
    if draft.increment:
        pending = PendingFigure(draft.target.id, entry.as_of, draft.value, True, draft.input)
        repeat = repeated_increment(pending, current, now, settings.guards)
        if repeat is not None:
            messages.append(_("{when}已为{period}录入过同样的“{typed}”，再录一次会再加一次。").format(
                when=f"{repeat.recorded_at:%H:%M}", period=entry.as_of.isoformat(), typed=draft.input))
    return messages


def refuse_implausible(target: Target, messages: list[str]) -> InputError:
    return InputError(_("{name}（{id}）：{findings}没有录入；确认无误请加 --force。").format(
        name=target.name, id=target.id, findings=join_sentences(messages)))


def describe_entry(entry: Entry, target: Target) -> str:
    if target.kind == "milestone":
        return _("已完成")
    return format_value(entry.value or 0.0, target.unit)

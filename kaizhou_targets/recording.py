"""Recording a figure: parse, place in the history, append — the steps
shared by `kzt record`, its interactive walk and `kzt import`."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from .errors import InputError
from .history import Standing, figures_of, increment_base, standing_with, superseded_by, valid_series
from .i18n import _, join_sentences
from .model import Entry, Figure, Ledger, Settings, Target
from .periods import parse_period
from .progress import Progress, evaluate
from .rule_settings import CalendarSettings
from .values import format_value, normalize_text, parse_value

NOTE_LIMIT = 200
ENV_USER = "KZT_USER"


def default_recorder(given: str | None = None) -> str:
    """`given` (from --by) if any, else $KZT_USER, else the login name."""
    if given is not None:
        if not normalize_text(given, _("录入人姓名")):
            raise InputError(_("--by 给出的录入人是空的；请写上录入人的名字，或不加 --by（默认用 $KZT_USER 或登录名）"
                "。"))
        return given.strip()
    # What getpass.getuser() does, without importing getpass (and termios) on every record: the
    # variables first, then the password database.
    for name in (ENV_USER, "LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        if os.name == "posix":
            import pwd

            return pwd.getpwuid(os.getuid())[0]
        import getpass

        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return ""


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
    return Draft(target, as_of, parsed.value, normalize_text(value_text, _("输入的数值")), parsed.increment,
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


def record_one(ledger: Ledger, path: Path, draft: Draft, now: datetime, today: date, *,
               force: bool = False, confirm: Confirm | None = None) -> Recorded:
    """Append one figure under the ledger's lock and judge the target afresh.

    Unless `force`, the guards judge the figure first: `confirm` (a terminal) may accept what they find;
    without it the figure is refused and nothing is written. The question is asked before the lock is
    taken (nobody waits on a person); under the lock the guards judge again, and anything new refuses."""
    from .storage.figures import append_entries, locked, read_for_write, read_history

    accepted: list[str] = []
    if not force:
        before, _problems = read_history(path, draft.target.id)
        accepted = guard_messages(draft, before, place(draft, before, now), now, ledger.settings)
        if accepted and (confirm is None or not confirm(accepted)):
            raise refuse_implausible(draft.target, accepted)
    with locked(path):
        current = read_for_write(path, draft.target.id)
        # Worked out once: on a long history, each figures_of is most of what recording costs.
        figures = figures_of(current)
        entry = place(draft, current, now, figures)
        base = increment_base(current, draft.as_of, figures) if draft.increment else None
        if not force:
            new = [m for m in guard_messages(draft, current, entry, now, ledger.settings) if m not in accepted]
            if new:
                raise refuse_implausible(draft.target, new)
        previous = superseded_by(figures, entry)
        append_entries(path, draft.target.id, [entry], current)
    reference: list[Entry] = []
    if draft.target.relative_to:
        reference_entries, _problems = read_history(path, draft.target.relative_to)
        reference = valid_series(figures_of(reference_entries))
    # The completion of the period just recorded (issue 10: not that of a later figure), and, when a
    # later period has a figure, where the target stands now, separately.
    assert entry.as_of is not None
    # The standing series of the history with the new entry, worked out once for both judgements.
    series = Standing(standing_with(current, figures, entry))
    # Judged as status judges it: a later year's target starts from the year before's final figure.
    from .plan_years import carried_baseline

    target = carried_baseline(ledger, draft.target, series)
    progress = evaluate(target, series, entry.as_of, ledger.settings, reference)
    later = [e for e in series if e.as_of is not None and e.as_of > entry.as_of]
    standing = evaluate(target, series, max(today, later[-1].as_of or today), ledger.settings,
                        reference) if later else None
    return Recorded(entry, previous, progress, base, standing, draft.increment)


def describe_entry(entry: Entry, target: Target) -> str:
    if target.kind == "milestone":
        return _("已完成")
    return format_value(entry.value or 0.0, target.unit)

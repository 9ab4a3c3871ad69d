"""Recording a figure: parse, place in the history, append — the steps
shared by `kzt record`, its interactive walk and `kzt import`."""

from __future__ import annotations

import getpass
import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import InputError
from .history import figures_of, latest, superseded_by, valid_series
from .model import Entry, Ledger, Target
from .periods import parse_period
from .progress import Progress, evaluate
from .values import format_value, normalize_text, parse_value

NOTE_LIMIT = 200
ENV_USER = "KZT_USER"


def default_recorder(given: str | None = None) -> str:
    """`given` (from --by) if any, else $KZT_USER, else the login name."""
    if given is not None:
        return given
    try:
        return os.environ.get(ENV_USER) or getpass.getuser()
    except Exception:  # no login name in some containers and services
        return ""


def new_entry_id(recorded_at: datetime) -> str:
    return f"{recorded_at:%Y%m%dT%H%M%S%f}-{secrets.token_hex(3)}"


def check_note(note: str) -> str:
    if len(note) > NOTE_LIMIT:
        raise InputError(
            f"The note is {len(note)} characters long; keep it to {NOTE_LIMIT}. Put longer "
            "explanations in the office's own files and refer to them in the note."
        )
    if any(ord(ch) < 0x20 and ch != "\t" for ch in note):
        raise InputError("The note contains a control character (a line break?). Keep the note on one line.")
    return note.strip()


@dataclass(frozen=True)
class Draft:
    """A figure checked and ready to append."""

    target: Target
    as_of: date
    value: float
    input: str
    increment: bool
    note: str
    by: str


def draft_figure(target: Target, value_text: str, period_text: str | None, today: date, *,
                 note: str = "", by: str = "", force: bool = False) -> Draft:
    """Check everything typed, before anything is written."""
    if period_text is None:
        if not target.period_start <= today <= target.deadline:
            raise InputError(
                f"Today ({today.isoformat()}) lies outside the period of {target.id} "
                f"({target.period_start.isoformat()} to {target.deadline.isoformat()}). "
                "Say which period the figure refers to with --as-of, e.g. --as-of 全年."
            )
        as_of = today
    else:
        as_of = parse_period(period_text, target, today, force=force)
    parsed = parse_value(value_text, target, force=force)
    return Draft(target, as_of, parsed.value, normalize_text(value_text, "The value"), parsed.increment,
                 check_note(note), by)


def place(draft: Draft, current: list[Entry], recorded_at: datetime) -> Entry:
    """The entry to append: an increment becomes the new year-to-date total."""
    value = draft.value
    if draft.increment:
        before = latest(figures_of(current), draft.as_of)
        if before is not None and before.as_of is not None and before.as_of.year == draft.as_of.year:
            value = round((before.value or 0.0) + draft.value, 10)
    return Entry(new_entry_id(recorded_at), draft.target.id, recorded_at, draft.as_of, value,
                 draft.target.unit, draft.by, draft.note, draft.input)


@dataclass(frozen=True)
class Recorded:
    entry: Entry
    previous: Entry | None  # the figure this one supersedes, if any
    progress: Progress


def record_one(ledger: Ledger, path: Path, draft: Draft, now: datetime, today: date) -> Recorded:
    """Append one figure under the ledger's lock and judge the target afresh."""
    from .storage.figures import append_entries, locked, read_for_write, read_history

    with locked(path):
        current = read_for_write(path, draft.target.id)
        entry = place(draft, current, now)
        previous = superseded_by(figures_of(current), entry)
        append_entries(path, draft.target.id, [entry], current)
    reference: list[Entry] = []
    if draft.target.relative_to:
        reference_entries, _ = read_history(path, draft.target.relative_to)
        reference = valid_series(figures_of(reference_entries))
    judged = max(today, entry.as_of or today)
    progress = evaluate(draft.target, [*current, entry], judged, ledger.settings, reference)
    return Recorded(entry, previous, progress)


def describe_entry(entry: Entry, target: Target) -> str:
    if target.kind == "milestone":
        return "已完成"
    return format_value(entry.value or 0.0, target.unit)

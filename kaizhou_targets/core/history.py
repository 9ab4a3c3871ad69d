"""The standing of each figure in a target's history: valid, superseded, withdrawn."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date

from .model import Entry, Figure


def figures_of(entries: Iterable[Entry]) -> list[Figure]:
    """Figures in the order they were typed, each marked superseded or withdrawn.

    A later figure for the same period supersedes an earlier one (a revision);
    a withdrawal entry withdraws the figure it names (an undo). Withdrawing a
    revision lets the figure it superseded stand again.
    """
    # Ordered by the time typed, not by file order: a git merge (union) can
    # put one office's lines after another's. An entry that arrived from both
    # sides of a merge (the same id) counts once.
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.id, entry)
    entries = sorted(unique.values(), key=lambda e: (e.recorded_at, e.id))
    withdrawn = {e.withdraws for e in entries if e.withdraws}
    records = [e for e in entries if not e.withdraws]
    latest_for_period: dict[date | None, str] = {}
    for entry in records:
        if entry.id not in withdrawn:
            latest_for_period[entry.as_of] = entry.id
    return [
        Figure(entry, entry.id not in withdrawn and latest_for_period.get(entry.as_of) != entry.id,  # superseded
               entry.id in withdrawn)
        for entry in records
    ]


def valid_series(figures: Sequence[Figure], as_of: date | None = None) -> list[Entry]:
    """The standing figures, by period, up to `as_of` (inclusive)."""
    series = [f.entry for f in figures if f.valid and f.entry.as_of is not None
              and (as_of is None or f.entry.as_of <= as_of)]
    series.sort(key=lambda e: (e.as_of, e.recorded_at))
    return series


def latest(figures: Sequence[Figure], as_of: date | None = None) -> Entry | None:
    series = valid_series(figures, as_of)
    return series[-1] if series else None


def increment_base(history: Sequence[Entry], period: date, figures: Sequence[Figure] | None = None) -> Entry | None:
    """The standing figure a `+N` for `period` adds to: the running total as of the latest period
    on or before it, in the same year (a new year starts from zero). `figures`: `figures_of(history)`,
    when the caller has it already (it is the costly part of a long history)."""
    before = latest(figures if figures is not None else figures_of(history), period)
    if before is not None and before.as_of is not None and before.as_of.year == period.year:
        return before
    return None


def standing_with(history: Sequence[Entry], figures: Sequence[Figure], entry: Entry) -> list[Entry]:
    """`valid_series(figures_of([*history, entry]))`, given `figures = figures_of(history)`.

    A figure typed after every figure of the history (the usual case of `kzt record`) only
    supersedes the standing figure of its own period: the series follows from `figures` without
    sorting the whole history again. Anything else is worked out from scratch."""
    last = figures[-1].entry if figures else None  # figures are in the order typed
    usual = (not entry.withdraws and entry.as_of is not None
             and (last is None or (last.recorded_at, last.id) < (entry.recorded_at, entry.id))
             and entry.id not in {e.id for e in history} and entry.id not in {e.withdraws for e in history})
    if not usual:
        return valid_series(figures_of([*history, entry]))
    series = [f.entry for f in figures if f.valid and f.entry.as_of is not None and f.entry.as_of != entry.as_of]
    series.append(entry)
    series.sort(key=lambda e: (e.as_of, e.recorded_at))
    return series


def superseded_by(figures: Sequence[Figure], entry: Entry) -> Entry | None:
    """The standing figure that `entry` (about to be recorded) would supersede."""
    for figure in reversed(figures):
        if figure.valid and figure.entry.as_of == entry.as_of:
            return figure.entry
    return None


class Standing(list[Entry]):
    """A target's standing series, already worked out: `valid_series(figures_of(history))`.

    What `kzt status` and `kzt check` need of a history, as the figures cache holds it
    (storage/figures_standing.py), so they need not build every entry of a long history.
    Not a history: withdrawals and superseded figures are gone; never pass it where the
    whole history is needed (report spans, show, undo)."""


def standing_series(entries: Sequence[Entry], as_of: date | None = None) -> list[Entry]:
    """The standing figures up to `as_of`, from a whole history or from a Standing series."""
    if not isinstance(entries, Standing):
        return valid_series(figures_of(entries), as_of)
    if as_of is None:
        return list(entries)
    # Sorted by period: the figures up to `as_of` are a prefix.
    return entries[:bisect_right(entries, as_of, key=lambda e: e.as_of or date.min)]

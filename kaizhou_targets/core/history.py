"""The standing of each figure in a target's history: valid, superseded, withdrawn — and where
offices disagree.

Which figure of a period stands never depends on another computer's clock. An entry kzt writes
names the figures it replaces (`replaces`: the ids of what stood for its period when it was typed,
empty when nothing did), so a revision supersedes exactly what its author saw, whatever the stamps
say. An entry written before `replaces` existed (Entry.replaces is None) keeps the old meaning: it
supersedes every figure of its period typed before it. A withdrawal withdraws the figure it names;
withdrawing a revision lets what it replaced stand again.

Two live figures of one period neither of which replaces the other (two offices typed before either
had the other's) are both heads: the later-stamped one stands, and if they come from different
recorders and differ, that is a disagreement for a person to settle (`disagreements`), not something
to decide silently. An old-style revision by another recorder, without a note, that changes the
value is one too. A figure typed over a disagreement replaces every head, which settles it.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from .model import Entry, Figure


class Disagreement(NamedTuple):
    """Figures of one period from different recorders that differ, none replacing the others."""

    as_of: date | None
    standing: Entry               # the one that stands for now (the later-stamped head)
    others: tuple[Entry, ...]     # the live figures it did not replace that differ from it


class Settled(NamedTuple):
    figures: list[Figure]                # in the order typed
    disagreements: list[Disagreement]


_TYPED_ORDER = attrgetter("recorded_at", "id")  # C-level keys: a report sorts every history
_PERIOD_ORDER = attrgetter("as_of", "recorded_at")


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    # Ordered by the time typed, for display: a git merge can put one office's lines after another's.
    # An entry that arrived from both sides of a merge (the same id) counts once.
    listed = entries if isinstance(entries, (list, tuple)) else list(entries)
    unique = {entry.id: entry for entry in reversed(listed)}  # backwards: the first of an id is kept
    return sorted(unique.values(), key=_TYPED_ORDER)


def _replaced(entry: Entry) -> list[str]:
    return [part for part in (entry.replaces or "").split(",") if part]


def _heads(group: list[Entry], withdrawn: set[str]) -> list[Entry]:
    """The live figures of one period (in the order typed) that no live figure supersedes, directly
    or through figures since withdrawn. An old-style entry supersedes everything typed before it."""
    live = [e for e in group if e.id not in withdrawn]
    if len(live) <= 1:
        return live
    position = {e.id: i for i, e in enumerate(group)}
    by_id = {e.id: e for e in group}
    covered: set[str] = set()
    queue: list[str] = []
    cut = 0  # every entry of `group` before index `cut` is covered by an old-style entry
    for entry in live:
        if entry.replaces is None:
            cut = max(cut, position[entry.id])
        else:
            queue.extend(r for r in _replaced(entry) if r in by_id)
    done = 0
    while True:
        while done < cut:
            queue.append(group[done].id)
            done += 1
        if not queue:
            break
        entry_id = queue.pop()
        if entry_id in covered:
            continue
        covered.add(entry_id)
        entry = by_id[entry_id]
        if entry.replaces is None:
            cut = max(cut, position[entry_id])
        else:
            queue.extend(r for r in _replaced(entry) if r in by_id and r not in covered)
    heads = [e for e in live if e.id not in covered]
    return heads or live  # a cycle of `replaces` (only a forged file has one): the latest live stands


def _differs(a: Entry, b: Entry) -> bool:
    x, y = a.value or 0.0, b.value or 0.0
    return abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y))


def _disagreement(group: list[Entry], heads: list[Entry], withdrawn: set[str]) -> Disagreement | None:
    standing = heads[-1]
    others = [h for h in heads[:-1] if h.by != standing.by and _differs(h, standing)]
    if not others and standing.replaces is None and not standing.note:
        # An old-style revision (no `replaces`): it may not have seen what it overrode.
        before = [e for e in group if e.id not in withdrawn and (e.recorded_at, e.id) < (standing.recorded_at,
                                                                                         standing.id)]
        if before and before[-1].by != standing.by and _differs(before[-1], standing):
            others = [before[-1]]
    return Disagreement(standing.as_of, standing, tuple(others)) if others else None


def settle(entries: Iterable[Entry]) -> Settled:
    """Every figure in the order typed, each marked superseded or withdrawn, and the disagreements."""
    ordered = _ordered(entries)
    withdrawn = {e.withdraws for e in ordered if e.withdraws}
    records = [e for e in ordered if not e.withdraws]
    groups: dict[date | None, list[Entry]] = {}
    for entry in records:
        groups.setdefault(entry.as_of, []).append(entry)
    standing: set[str] = set()
    disagreements: list[Disagreement] = []
    for group in groups.values():
        if len(group) == 1:
            if group[0].id not in withdrawn:
                standing.add(group[0].id)
            continue
        heads = _heads(group, withdrawn)
        if heads:
            standing.add(heads[-1].id)
            found = _disagreement(group, heads, withdrawn)
            if found is not None:
                disagreements.append(found)
    figures = [Figure(e, e.id not in withdrawn and e.id not in standing, e.id in withdrawn) for e in records]
    return Settled(figures, disagreements)


def figures_of(entries: Iterable[Entry]) -> list[Figure]:
    """Figures in the order they were typed, each marked superseded or withdrawn (see the module)."""
    return settle(entries).figures


def disagreements(entries: Iterable[Entry]) -> list[Disagreement]:
    return settle(entries).disagreements


def heads_by_period(entries: Iterable[Entry], periods: Iterable[date | None] | None = None
                    ) -> dict[date | None, list[Entry]]:
    """The live figures of each period (of `periods`, else every period) that nothing replaced: what a
    figure typed now for that period replaces (normally one; two or more while offices disagree)."""
    ordered = _ordered(entries)
    wanted = None if periods is None else set(periods)
    withdrawn = {e.withdraws for e in ordered if e.withdraws}
    groups: dict[date | None, list[Entry]] = {}
    for entry in ordered:
        if not entry.withdraws and (wanted is None or entry.as_of in wanted):
            groups.setdefault(entry.as_of, []).append(entry)
    return {period: _heads(group, withdrawn) for period, group in groups.items()}


def replacing(entry: Entry, heads: Sequence[Entry]) -> Entry:
    """`entry` naming the figures it replaces: what stands for its period as it is typed."""
    return entry._replace(replaces=",".join(h.id for h in heads if h.id != entry.id))


def valid_series(figures: Sequence[Figure], as_of: date | None = None) -> list[Entry]:
    """The standing figures, by period, up to `as_of` (inclusive)."""
    series = [f.entry for f in figures if f.valid and f.entry.as_of is not None
              and (as_of is None or f.entry.as_of <= as_of)]
    series.sort(key=_PERIOD_ORDER)
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
    series.sort(key=_PERIOD_ORDER)
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
    whole history is needed (report spans, show, undo). `disputes`: the history's disagreements.
    `last_typed`: the latest day (ISO, the recorder's own date) any counted line of the history was
    typed on — withdrawals and superseded figures included — "" when none or unknown; a report
    reads the whole history only of targets typed into since the week before it looks at."""

    disputes: Sequence[Disagreement] = ()
    last_typed: str = ""


def standing_series(entries: Sequence[Entry], as_of: date | None = None) -> list[Entry]:
    """The standing figures up to `as_of`, from a whole history or from a Standing series."""
    if not isinstance(entries, Standing):
        return valid_series(figures_of(entries), as_of)
    if as_of is None:
        return list(entries)
    # Sorted by period: the figures up to `as_of` are a prefix.
    return entries[:bisect_right(entries, as_of, key=lambda e: e.as_of or date.min)]

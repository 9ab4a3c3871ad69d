"""The standing series of every target, for `kzt status`, `kzt check` and `kzt report`.

These commands judge each target by its standing figures only (what is left
after revisions and withdrawals), so they read one index of every target's
standing series (figures_cache.StandingIndex, in the user's cache folder)
instead of building an entry for every line of a long history. An entry of
the index serves a file while the file's stat is unchanged, or else while its
bytes hash to the recorded key; it is used only when every import batch it
counted is committed. On a miss the series is worked out from the whole file
and the index is written once at the end of the run. The TOML files stay the
one source of truth. Each series also carries the last day any counted line of
its file was typed (`Standing.last_typed`): the weekly report reads the whole
history only of the targets typed into since the week before it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import ConflictMarkersError, LedgerError
from ..core.history import Disagreement, Standing, settle, valid_series
from ..core.model import Problem
from . import figures_cache
from .collector import collector_paused
from .digest import blake2b
from .figures import committed_imports, figures_dir, parsed_from, read_bytes_and_stat, shard_path
from .figures_format import Row, entries_from, row_to_entry


def read_standings(ledger_path: Path, target_ids: Iterable[str]
                   ) -> tuple[dict[str, Standing], list[Problem], dict[str, Problem]]:
    """Like figures.read_all, but each target's standing series rather than its whole history."""
    with collector_paused():
        return _read_standings(ledger_path, target_ids)


def _read_standings(ledger_path: Path, target_ids: Iterable[str]
                    ) -> tuple[dict[str, Standing], list[Problem], dict[str, Problem]]:
    standings: dict[str, Standing] = {}
    unreadable: dict[str, Problem] = {}
    batches, problems = committed_imports(ledger_path)
    committed = set(batches)
    # shard_path's folder, resolved once rather than per target, and joined as text (pathlib's joins
    # cost more than reading a standing series)
    folder = str(figures_dir(ledger_path))
    index = figures_cache.StandingIndex(folder)
    names: set[str] = set()
    try:
        for target_id in target_ids:
            name = f"{target_id}.toml"
            names.add(name)
            try:
                series, found = _standing_of(os.path.join(folder, name), name, target_id, committed, index)
            except ConflictMarkersError:
                raise  # a half-merged file stops every command until a person resolves it (issue 14)
            except LedgerError as error:
                series = Standing()
                found = list(error.problems) or [Problem(str(error), str(shard_path(ledger_path, target_id)))]
                unreadable[target_id] = found[0]
            standings[target_id] = series
            problems.extend(found)
    finally:
        index.save(names)
    return standings, problems, unreadable


def _standing_of(path_text: str, name: str, target_id: str, committed: set[str],
                 index: figures_cache.StandingIndex) -> tuple[Standing, list[Problem]]:
    cached = index.get(name)
    try:
        current = os.lstat(path_text)
    except FileNotFoundError:
        return Standing(), []
    except OSError:
        current = None
    if (cached is not None and current is not None and cached[0] is not None and stat.S_ISREG(current.st_mode)
            and tuple(cached[0]) == figures_cache.stat_of(current) and committed.issuperset(cached[4])):
        return _from_index(cached, path_text, target_id)
    data, found = read_bytes_and_stat(path_text)
    if data is None:
        return Standing(), []
    key = blake2b(data, digest_size=16).digest()
    settled_stat = figures_cache.settled_stat(found) if found else None
    if cached is not None and cached[1] == key and committed.issuperset(cached[4]):
        if settled_stat is not None and cached[0] != settled_stat:
            index.put(name, (settled_stat, *cached[1:]))  # the same bytes under a new stat (a checkout)
        return _from_index(cached, path_text, target_id)
    path = Path(path_text)
    parsed = parsed_from(path, data, key, keep=False)
    batches = sorted({row[9] for row in parsed.rows if row[9]})
    counted = committed.intersection(batches)
    settled = settle(entries_from(parsed.rows, target_id, counted))
    series = Standing(valid_series(settled.figures))
    series.disputes = settled.disagreements
    # The recorder's own date is the first ten characters of recorded_at, as entry.recorded_at.date() gives it.
    series.last_typed = max((row[1][:10] for row in parsed.rows if not row[9] or row[9] in counted), default="")
    if counted == set(batches):
        row_of = {row[0]: row for row in parsed.rows}  # the rows as read: no entry turned back into text
        index.put(name, (settled_stat, key, [row_of[e.id] for e in series],
                         figures_cache.problem_rows(parsed.problems), batches,
                         [(row_of[d.standing.id], [row_of[o.id] for o in d.others]) for d in settled.disagreements],
                         series.last_typed))
    return series, parsed.problems


def _from_index(cached: figures_cache.Standing, path_text: str, target_id: str) -> tuple[Standing, list[Problem]]:
    _stat, _key, rows, problems, batches, disputes, last_typed = cached
    # The rows keep their import batch; every batch the index counted is committed (checked by the caller).
    series = Standing(entries_from(rows, target_id, frozenset(batches)))
    series.last_typed = last_typed
    if disputes:
        series.disputes = [_dispute(standing, others, target_id) for standing, others in disputes]
    return series, [Problem(m, path_text, line, severity) for m, line, severity in problems]


def _dispute(standing: Row, others: list[Row], target_id: str) -> Disagreement:
    entry = row_to_entry(standing, target_id)
    return Disagreement(entry.as_of, entry, tuple(row_to_entry(row, target_id) for row in others))

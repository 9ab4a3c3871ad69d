"""The standing series of every target, for `kzt status` and `kzt check`.

These commands judge each target by its standing figures only (what is left
after revisions and withdrawals), so they read `<id>.standing.marshal`
(figures_cache.py) instead of building an entry for every line of a long
history. The cache is keyed on the figures file's content like the full one;
it is used only when every import batch it counted is committed, and on any
miss the series is worked out from the full history (figures.parsed_from) and
stored for the next run. The TOML files stay the one source of truth.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import ConflictMarkersError, LedgerError
from ..core.history import Disagreement, Standing, settle, valid_series
from ..core.model import Problem
from . import figures_cache
from .digest import blake2b
from .figures import committed_imports, figures_dir, parsed_from, read_bytes, shard_path
from .figures_format import Row, entries_from, entry_row, row_to_entry


def read_standings(ledger_path: Path, target_ids: Iterable[str]
                   ) -> tuple[dict[str, Standing], list[Problem], dict[str, Problem]]:
    """Like figures.read_all, but each target's standing series rather than its whole history."""
    standings: dict[str, Standing] = {}
    unreadable: dict[str, Problem] = {}
    batches, problems = committed_imports(ledger_path)
    committed = set(batches)
    # shard_path's folder, resolved once rather than per target, and joined as text (pathlib's joins
    # cost more than reading a standing series)
    folder = str(figures_dir(ledger_path))
    for target_id in target_ids:
        try:
            series, found = _standing_of(os.path.join(folder, f"{target_id}.toml"), target_id, committed)
        except ConflictMarkersError:
            raise  # a half-merged file stops every command until a person resolves it (issue 14)
        except LedgerError as error:
            series = Standing()
            found = list(error.problems) or [Problem(str(error), str(shard_path(ledger_path, target_id)))]
            unreadable[target_id] = found[0]
        standings[target_id] = series
        problems.extend(found)
    return standings, problems, unreadable


def _standing_of(path_text: str, target_id: str, committed: set[str]) -> tuple[Standing, list[Problem]]:
    data = read_bytes(path_text)
    if data is None:
        return Standing(), []
    key = blake2b(data, digest_size=16).digest()
    cached = figures_cache.read_standing(path_text, key)
    if cached is not None:
        rows, problems, batches, disputes = cached
        if committed.issuperset(batches):
            series = Standing(entries_from(rows, target_id, frozenset()))
            if disputes:
                series.disputes = [_dispute(standing, others, target_id) for standing, others in disputes]
            return series, problems
    path = Path(path_text)
    parsed = parsed_from(path, data, key)
    batches = sorted({row[9] for row in parsed.rows if row[9]})
    counted = committed.intersection(batches)
    settled = settle(entries_from(parsed.rows, target_id, counted))
    series = Standing(valid_series(settled.figures))
    series.disputes = settled.disagreements
    if counted == set(batches):
        figures_cache.write_standing(path, key, [entry_row(e) for e in series], parsed.problems, batches,
                                     [(entry_row(d.standing), [entry_row(o) for o in d.others])
                                      for d in settled.disagreements])
    return series, parsed.problems


def _dispute(standing: Row, others: list[Row], target_id: str) -> Disagreement:
    entry = row_to_entry(standing, target_id)
    return Disagreement(entry.as_of, entry, tuple(row_to_entry(row, target_id) for row in others))

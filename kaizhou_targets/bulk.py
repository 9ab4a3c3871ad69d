"""`kzt import`: check every row first, then append target by target."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from .errors import InputError, KztError
from .lookup import find_target
from .model import Entry, Ledger, Target
from .recording import Draft, draft_figure, place

MAX_LISTED_ERRORS = 20


def check_rows(ledger: Ledger, rows: list[tuple[int, dict[str, str]]], today: date, name: str,
               by: str, force: bool, advance: Callable[[int], None] | None = None) -> list[Draft]:
    """Every row as a Draft, or an InputError listing the bad rows.
    `advance(n)` is told of progress every 1,000 rows (for a progress bar)."""
    found: dict[str, Target] = {}
    drafts: list[Draft] = []
    errors: list[str] = []
    for index, (line, row) in enumerate(rows, start=1):
        if advance is not None and index % 1000 == 0:
            advance(1000)
        try:
            query = row["target"]
            if query not in found:
                found[query] = find_target(query, ledger.targets)
            drafts.append(draft_figure(found[query], row["value"], row["period"], today,
                                       note=row["note"], by=by, force=force))
        except KztError as error:
            errors.append(f"  {name}:{line}: {str(error).splitlines()[0]}")
    if errors:
        listed = "\n".join(errors[:MAX_LISTED_ERRORS])
        more = f"\n  … and {len(errors) - MAX_LISTED_ERRORS} more" if len(errors) > MAX_LISTED_ERRORS else ""
        raise InputError(
            f"{name}: {len(errors)} of {len(rows)} row(s) cannot be recorded, so nothing was recorded. "
            f"Fix these rows and import the file again:\n{listed}{more}"
        )
    if not drafts:
        raise InputError(f"{name} holds no rows of figures below its header; nothing was recorded.")
    return drafts


def apply_import(ledger: Ledger, path: Path, drafts: list[Draft], now: datetime) -> int:
    """Append all drafts under one lock, one write per target."""
    from .storage.figures import append_entries, locked, read_for_write

    by_target: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        by_target[draft.target.id].append(draft)
    with locked(path):
        # Read every history first: a problem in any of them stops the
        # import before a single figure is written.
        current = {target_id: read_for_write(path, target_id) for target_id in by_target}
        tick = 0
        for target_id, group in by_target.items():
            history = list(current[target_id])
            added: list[Entry] = []
            for draft in group:
                # Distinct, ordered times keep the file's order when sorted by time.
                entry = place(draft, history, now + timedelta(microseconds=tick))
                tick += 1
                history.append(entry)
                added.append(entry)
            append_entries(path, target_id, added, current[target_id])
    return len(drafts)

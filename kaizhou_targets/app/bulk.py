"""`kzt import`: check every row first, then append target by target."""

from __future__ import annotations

import signal
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..core.drafting import Draft, fit_rule, guard_messages, new_entry_id, place
from ..core.errors import InputError, KztError
from ..core.history import figures_of, heads_by_period, replacing
from ..core.lookup import find_target
from ..core.model import Entry, Ledger, Target
from ..core.plan_years import draft_for_year
from ..core.plausibility import PendingFigure, conflicting_rows, plan_import
from ..i18n import _
from .recording import refuse_infinite

MAX_LISTED_ERRORS = 20


def check_rows(ledger: Ledger, rows: list[tuple[int, dict[str, str]]], today: date, name: str,
               by: str, force: bool, advance: Callable[[int], None] | None = None) -> list[Draft]:
    """Every row as a Draft, or an InputError listing the bad rows.
    `advance(n)` is told of progress every 1,000 rows (for a progress bar)."""
    found: dict[str, Target] = {}
    fit = fit_rule(ledger.settings)
    drafts: list[Draft] = []
    errors: list[str] = []
    for index, (line, row) in enumerate(rows, start=1):
        if advance is not None and index % 1000 == 0:
            advance(1000)
        try:
            query = row["target"]
            if query not in found:
                found[query] = find_target(query, ledger.targets)
            drafts.append(draft_for_year(ledger, found[query], row["value"], row["period"], today,
                                         note=row["note"], by=by, force=force, fit=fit)._replace(line=line))
        except KztError as error:
            errors.append(f"  {name}:{line}: {str(error).splitlines()[0]}")
    if errors:
        _refuse_rows(name, len(rows), errors)
    if not drafts:
        raise InputError(_("{name} 的表头下面没有数据行；什么都没有记录。").format(name=name))
    _kept, conflicts, _repeats = conflicting_rows(pending(d) for d in drafts)
    if conflicts:
        _refuse_rows(name, len(rows), [f"  {name}: {c.message}" for c in conflicts])
    return drafts


def pending(draft: Draft) -> PendingFigure:
    return PendingFigure(draft.target.id, draft.as_of, draft.value, draft.increment, draft.input, draft.line)


def _refuse_rows(name: str, rows: int, errors: list[str], hint: str = "") -> None:
    listed = "\n".join(errors[:MAX_LISTED_ERRORS] + ([hint] if hint else []))
    more = "\n  " + _("……另有 {count} 行").format(count=len(errors) - MAX_LISTED_ERRORS) \
        if len(errors) > MAX_LISTED_ERRORS else ""
    raise InputError(_("{name}：{rows} 行中有 {bad} 行不能记录，所以什么都没有记录。"
                       "请修正这些行后重新导入：\n{listed}{more}").format(
        name=name, bad=len(errors), rows=rows, listed=listed, more=more))


@dataclass(frozen=True)
class ImportResult:
    """What an import did: only the rows that differ from what is recorded are written."""

    recorded: int
    new: int = 0
    revisions: int = 0
    unchanged: int = 0     # rows recorded identically before: skipped
    duplicates: int = 0    # identical repeats within the file: recorded once
    already_imported: bool = False
    batch: str = ""        # the earlier batch of the same file, when it was imported before


def apply_import(ledger: Ledger, path: Path, drafts: list[Draft], now: datetime, *, force: bool = False,
                 name: str = "") -> ImportResult:
    """Record the drafts that differ from what is recorded as one batch: every row counts, or none does
    (storage/import_journal.py).

    Rows recorded identically before are skipped and identical repeats within the file count once
    (plausibility.plan_import): the same file imported again writes nothing and says so, a changed file
    records only the rows that differ, as revisions. Unless `force`, a row the plausibility guards find odd
    refuses the whole file, each such row named. SIGTERM during the writing is treated like Ctrl-C: the
    batch is rolled back and a KztError says that nothing was recorded."""
    from ..storage import import_journal, kill_points
    from ..storage.figures import append_entries, append_to, figures_dir, locked, read_for_write, shard_path

    by_target: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        by_target[draft.target.id].append(draft)
    folder = figures_dir(path)
    content = import_journal.content_hash([(d.target.id, d.as_of.isoformat(), d.input, d.increment, d.note)
                                           for d in drafts])
    batch = new_entry_id(now)
    try:
        with _terminate_as_interrupt(), locked(path):
            done = import_journal.committed(folder)
            repeated = next((known for known, hashed in done.items() if hashed == content), None)
            if repeated is not None:
                return ImportResult(0, unchanged=len(drafts), already_imported=True, batch=repeated)
            # Read every history first: a file that cannot be trusted stops the import before a figure is written.
            current = {target_id: read_for_write(path, target_id) for target_id in by_target}
            plan = plan_import((pending(d) for d in drafts), current)
            if plan.already_imported:
                return ImportResult(0, unchanged=plan.unchanged, duplicates=plan.duplicates, already_imported=True)
            chosen = {(p.target_id, p.period, p.line) for p in plan.to_record}
            by_target = defaultdict(list)
            for draft in drafts:
                if (draft.target.id, draft.as_of, draft.line) in chosen:
                    by_target[draft.target.id].append(draft)
            if not force:
                _refuse_implausible_rows(by_target, current, now, ledger, name, len(drafts))
            added_by_target: dict[str, list[Entry]] = {}
            tick = 0
            for target_id, group in by_target.items():
                # The standing figure of each period is all `place` needs: with it, an import
                # of n increments costs n steps, not n² (an import never withdraws).
                standing = {f.entry.as_of: f.entry for f in figures_of(current[target_id]) if f.valid}
                heads = heads_by_period(current[target_id], {d.as_of for d in group})
                added: list[Entry] = []
                for draft in group:
                    # Distinct, ordered times keep the file's order when sorted by time.
                    entry = place(draft, list(standing.values()), now + timedelta(microseconds=tick))
                    entry = replacing(entry, heads.get(entry.as_of, []))
                    refuse_infinite(draft, entry, standing.get(entry.as_of))
                    tick += 1
                    standing[entry.as_of] = entry
                    added.append(entry)
                added_by_target[target_id] = added
            # The journal names every entry before one is written: a kill leaves only what it can undo.
            import_journal.begin(folder, batch, {shard_path(path, t): [e.id for e in added]
                                                 for t, added in added_by_target.items()})
            try:
                for number, (target_id, added) in enumerate(added_by_target.items()):
                    append_entries(path, target_id, added, current[target_id], batch=batch)
                    if number == 0:
                        kill_points.reached("import:first-file")
                kill_points.reached("import:appended")
                import_journal.commit(folder, batch, {"imported_at": now, "rows": len(plan.to_record),
                                                      "content": content, "by": drafts[0].by}, append_to)
            except BaseException:
                import_journal.rollback(folder, batch)
                raise
            import_journal.finish(folder)
    except KeyboardInterrupt:
        raise KztError(_("导入被中断，已撤销：这个文件的数据一条也没有记录。")) from None
    return ImportResult(len(plan.to_record), plan.new, plan.revisions, plan.unchanged, plan.duplicates)


def preview_import(ledger: Ledger, path: Path, drafts: list[Draft], now: datetime, *, force: bool = False,
                   name: str = "") -> ImportResult:
    """What apply_import would do now (kzt import --dry-run): the same plan and the same guards, read
    without the lock and writing nothing."""
    from ..storage.figures import read_history

    current = {d.target.id: read_history(path, d.target.id)[0] for d in drafts}
    plan = plan_import((pending(d) for d in drafts), current)
    if plan.already_imported:
        return ImportResult(0, unchanged=plan.unchanged, duplicates=plan.duplicates, already_imported=True)
    chosen = {(p.target_id, p.period, p.line) for p in plan.to_record}
    by_target: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        if (draft.target.id, draft.as_of, draft.line) in chosen:
            by_target[draft.target.id].append(draft)
    if not force:
        _refuse_implausible_rows(by_target, current, now, ledger, name, len(drafts))
    return ImportResult(len(plan.to_record), plan.new, plan.revisions, plan.unchanged, plan.duplicates)


def _refuse_implausible_rows(by_target: dict[str, list[Draft]], current: dict[str, list[Entry]], now: datetime,
                             ledger: Ledger, name: str, rows: int) -> None:
    """The guards of `kzt record`, row by row, each row judged against the figures before it."""
    errors: list[str] = []
    for target_id, group in by_target.items():
        history = list(current[target_id])
        for draft in group:
            entry = place(draft, history, now)
            errors += [f"  {name}:{draft.line}: {message}"
                       for message in guard_messages(draft, history, entry, now, ledger.settings)]
            history.append(entry)
    if errors:
        _refuse_rows(name, rows, errors, "  " + _("确认这些数据无误请加 --force。"))


class _terminate_as_interrupt:
    """SIGTERM raises KeyboardInterrupt for the duration (main thread only)."""

    def __enter__(self) -> None:
        self.previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _interrupt)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

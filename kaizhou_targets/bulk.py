"""`kzt import`: check every row first, then append target by target."""

from __future__ import annotations

import signal
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import InputError, KztError
from .history import figures_of
from .i18n import _
from .lookup import find_target
from .model import Entry, Ledger, Target
from .recording import Draft, draft_figure, new_entry_id, place

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
        more = "\n  " + _("……另有 {count} 行").format(count=len(errors) - MAX_LISTED_ERRORS) \
            if len(errors) > MAX_LISTED_ERRORS else ""
        raise InputError(_("{name}：{rows} 行中有 {bad} 行不能记录，所以什么都没有记录。"
                           "请修正这些行后重新导入：\n{listed}{more}").format(
            name=name, bad=len(errors), rows=len(rows), listed=listed, more=more))
    if not drafts:
        raise InputError(_("{name} 的表头下面没有数据行；什么都没有记录。").format(name=name))
    return drafts


def apply_import(ledger: Ledger, path: Path, drafts: list[Draft], now: datetime) -> int:
    """Record all drafts as one batch: every row counts, or none does (storage/import_journal.py).

    SIGTERM during the writing is treated like Ctrl-C: the batch is rolled back and
    a KztError says that nothing was recorded. The same rows imported twice are refused."""
    from .storage import import_journal
    from .storage.figures import append_entries, append_to, figures_dir, locked, read_for_write, shard_path

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
                raise InputError(_("这些数据已经作为批次 {batch} 导入过（见 {imports}），再导入一次会重复计数，"
                                   "所以什么都没有记录。").format(batch=repeated,
                                                                 imports=import_journal.imports_path(folder)))
            # Read every history first: a file that cannot be trusted stops the import before a figure is written.
            current = {target_id: read_for_write(path, target_id) for target_id in by_target}
            import_journal.begin(folder, batch, [shard_path(path, t) for t in by_target])
            try:
                tick = 0
                for target_id, group in by_target.items():
                    # The standing figure of each period is all `place` needs: with it, an import
                    # of n increments costs n steps, not n² (an import never withdraws).
                    standing = {f.entry.as_of: f.entry for f in figures_of(current[target_id]) if f.valid}
                    added: list[Entry] = []
                    for draft in group:
                        # Distinct, ordered times keep the file's order when sorted by time.
                        entry = place(draft, list(standing.values()), now + timedelta(microseconds=tick))
                        tick += 1
                        standing[entry.as_of] = entry
                        added.append(entry)
                    append_entries(path, target_id, added, current[target_id], batch=batch)
                import_journal.commit(folder, batch, {"imported_at": now, "rows": len(drafts),
                                                      "content": content, "by": drafts[0].by}, append_to)
            except BaseException:
                import_journal.rollback(folder, batch)
                raise
            import_journal.finish(folder)
    except KeyboardInterrupt:
        raise KztError(_("导入被中断，已撤销：这个文件的数据一条也没有记录。")) from None
    return len(drafts)


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

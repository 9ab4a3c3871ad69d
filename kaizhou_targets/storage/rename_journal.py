"""`kzt rename OLD NEW` in steps that a kill at any point leaves recoverable, and adopting a history
that lost its target.

Under the ledger's lock:
1. `figures/.rename` is written: {"old": OLD, "new": NEW}.
2. `figures/OLD.toml` is linked as `figures/NEW.toml` (a hard link; a copy where the file system
   has none): both names hold the whole history.
3. targets.toml is rewritten with the new id (atomically).
4. `figures/OLD.toml` is removed, then the journal.

Whatever targets.toml says at any moment, the file of the id it names holds the whole history, so
reading commands never see a target without its figures. Killed between steps, the next writing
command finishes the rename (targets.toml has NEW: the old name is removed) or undoes it (it still
has OLD: the new name is removed), and says so in one line. If the two names no longer hold the
same history (a `git pull` came in between), nothing is thrown away: the entries only one of them
has are added to the one that stays, by entry id (`adopt`).

`adopt` is also what `kzt rename OLD NEW` does for a figures file whose id no target has any more
(a rename in another clone that git could not follow, a modify/delete conflict): its entries join
NEW's history, each once, and the orphan file goes.
"""

import os
import sys
from pathlib import Path
from typing import NamedTuple

from ..core.errors import LedgerError
from ..core.model import Problem
from ..core.validation import ID_PATTERN
from ..i18n import _
from .confined import JOURNAL_LIMIT_SMALL, is_link, read_own
from .os_errors import reason, write_failure
from .output import fsync_folder, write_atomically, write_new_file
from .text import decode

JOURNAL_NAME = ".rename"


class Rename(NamedTuple):
    old: str
    new: str


def journal_path(folder: Path) -> Path:
    return folder / JOURNAL_NAME


def begin(folder: Path, old: str, new: str) -> None:
    import json

    write_atomically(journal_path(folder), json.dumps({"old": old, "new": new}))


def finish(folder: Path) -> None:
    journal_path(folder).unlink(missing_ok=True)
    fsync_folder(folder)


def damaged(path: Path, why: str) -> LedgerError:
    return LedgerError(_("{path}：改名日志已损坏（{why}），无法判断上次 kzt rename 做到了哪一步，所以什么都没有改动。"
                         "运行 `kzt repair` 把它移到 figures/quarantine/，再用 `kzt verify` 查看各数据文件。").format(
        path=path, why=why), [Problem(why, str(path))])


def read_journal(folder: Path) -> Rename | None:
    """The rename under way (None if there is none); LedgerError if the journal cannot be trusted
    (not JSON, an id that is not an id — it would name a path outside figures/ —, a link)."""
    import json

    path = journal_path(folder)
    if not os.path.lexists(path):
        return None
    try:
        data = read_own(path, JOURNAL_LIMIT_SMALL)
    except OSError as error:
        raise damaged(path, reason(error)) from None
    except LedgerError as error:
        raise damaged(path, str(error).split("；")[0]) from None
    if data is None:
        return None
    try:
        state = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError, MemoryError):
        raise damaged(path, _("不是有效的 JSON")) from None
    if not isinstance(state, dict) or not all(isinstance(state.get(k), str) and ID_PATTERN.match(state[k])
                                              for k in ("old", "new")) or state["old"] == state["new"]:
        raise damaged(path, _("没有两个有效的指标编号"))
    return Rename(state["old"], state["new"])


def link_history(old_file: Path, new_file: Path) -> None:
    """Step 2: the history under both names (never over an existing NEW file)."""
    try:
        try:
            os.link(old_file, new_file)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network and Windows folders): a copy, whole or absent
            data = read_own(old_file)
            write_new_file(new_file, data or b"")
    except OSError as error:
        raise write_failure(error, new_file) from None
    fsync_folder(new_file.parent)


def _entry_lines(text: str) -> tuple[list[str], dict[str, str]]:
    """(every line, entry id → line) of a figures file's text; comments and blank lines have no id."""
    from .figures_format import ENTRY_ID

    lines = text.splitlines()
    keyed: dict[str, str] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = stripped.split("=", 1)[0].strip()
        if ENTRY_ID.fullmatch(key):
            keyed.setdefault(key, stripped)
    return lines, keyed


def adopt(source: Path, destination: Path, destination_id: str) -> int:
    """Move every entry of `source` that `destination` lacks into it (by entry id), then remove
    `source`. Returns how many entries moved. Refuses (LedgerError, nothing changed) when one id has
    different lines in the two files, or either is a link or cannot be read."""
    from .appending import append_bytes
    from .figures_cache import forget
    from .figures_format import header, refuse_conflict

    for path in (source, destination):
        if is_link(path):
            from .confined import link_refusal

            raise link_refusal(path)
    source_data = read_own(source)
    if source_data is None:
        return 0
    source_text = decode(source_data, source)
    refuse_conflict(source_text, source)
    destination_data = read_own(destination)
    destination_text = decode(destination_data, destination) if destination_data is not None else ""
    refuse_conflict(destination_text, destination)
    _lines, theirs = _entry_lines(source_text)
    _lines, ours = _entry_lines(destination_text)
    clashing = [entry_id for entry_id, line in theirs.items() if entry_id in ours and ours[entry_id] != line]
    if clashing:
        raise LedgerError(_("{source} 与 {destination} 中的记录 {id} 内容不同，kzt 无法决定保留哪一行；"
                            "什么都没有改动。请先比较这两行（可用 git log 查看来历），删掉错误的一行后再运行。").format(
            source=source, destination=destination, id=clashing[0]))
    missing = [line for entry_id, line in theirs.items() if entry_id not in ours]
    if missing:
        block = "".join(line + "\n" for line in missing)
        if destination_data is None:
            block = header(destination_id) + block
        append_bytes(destination, block.encode("utf-8"))
        forget(destination)
    source.unlink()
    forget(source)
    fsync_folder(source.parent)
    return len(missing)


def _raw_ids(ledger_path: Path) -> set[str]:
    from .ledger_file import declared_ids

    return declared_ids(Path(os.path.realpath(ledger_path)))


def recover(ledger_path: Path, folder: Path) -> None:
    """Under the lock: finish or undo a rename a kill interrupted (see the module)."""
    pending = read_journal(folder)
    if pending is None:
        return
    ids = _raw_ids(ledger_path)
    old_file, new_file = folder / f"{pending.old}.toml", folder / f"{pending.new}.toml"
    if pending.new in ids and pending.old not in ids:
        keep, drop, kept_id, done = new_file, old_file, pending.new, True
    elif pending.old in ids and pending.new not in ids:
        keep, drop, kept_id, done = old_file, new_file, pending.old, False
    else:
        finish(folder)  # someone edited targets.toml since: both names stay, `kzt verify` explains
        print(_("上次 kzt rename {old} {new} 被中断，而台账此后又被改过；两个数据文件都原样保留，"
                "`kzt verify` 说明如何处理。").format(old=pending.old, new=pending.new), file=sys.stderr)
        return
    try:
        if os.path.lexists(drop):
            same = os.path.lexists(keep) and os.path.samefile(keep, drop) and not is_link(keep)
            if same:
                drop.unlink()
                from .figures_cache import forget

                forget(drop)
            else:
                adopt(drop, keep, kept_id)
    except OSError as error:
        raise write_failure(error, drop) from None
    finish(folder)
    message = (_("上次 kzt rename {old} {new} 被中断，已完成：历史数据都在 figures/{new}.toml。") if done else
               _("上次 kzt rename {old} {new} 被中断，没有生效，已撤销：历史数据都在 figures/{old}.toml。"))
    print(message.format(old=pending.old, new=pending.new), file=sys.stderr)

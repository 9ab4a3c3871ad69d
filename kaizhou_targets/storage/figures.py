"""The history of recorded figures: one append-only file per target.

Layout, beside the real targets.toml (symbolic links are followed):
    figures/<target-id>.toml     one entry per line, each sealed by a checksum (figures_format.py)
    figures/imports.toml         the completed imports, one line each (import_journal.py)
    figures/quarantine/          lines `kzt repair` moved out of the history files
    figures/.lock                one writer at a time
    figures/.journal             an import under way (import_journal.py)
    figures/.rename              a rename under way (rename_journal.py)
The parsed copies that make reading fast live in the user's cache folder, never here:
a copy kzt serves must be one it wrote on this machine (figures_cache.py).

What is guaranteed:
- A figure is appended with one write (repeated only for what the system did
  not take), after the file is made to end with a newline, and fsynced before
  kzt reports it recorded. If the write fails (disk full, no permission, Ctrl-C)
  the file is truncated back to its old size and a file kzt created is
  removed: every file is as it was.
- A line cut off by a crash, or changed by hand, does not match its checksum
  and never counts as a figure (unless whoever changed it also recomputed the
  checksum: it guards against accidents, not forgery); `kzt verify` lists it
  with file:line, reading commands warn in one line, and `kzt repair` moves it
  to figures/quarantine/. Files of kzt ≤ 0.1 (`[[entry]]`, no checksums) are
  read as written and rewritten in the new format by the first write.
- An import counts all of its rows or none of them (import_journal.py).
- The cache can never serve a stale copy: a file is served from it only while its stat (size,
  mtime, inode, ctime) or else its content hash is what the copy recorded, and only a copy sealed
  with this machine's secret is read: a cache committed to git or copied in is ignored.
- A file with git conflict markers is neither read nor written: every command
  refuses it with its file:line until the merge is resolved. Two different
  sound entries with one id make a file unreadable; the other targets are still
  judged. So does a file that is a symbolic link (never followed: confined.py),
  not a regular file, or larger than any kzt writes.
- Every writer re-checks, under the lock, that the ledger still names its target
  (a rename may have taken the lock first): a figure is never appended to a file
  no target owns.
- No value that is not a finite number is ever written.
What is not guaranteed: that an entry acknowledged survives a power cut on a
disk that ignores fsync, or that two kzt on different machines sharing a
network folder without working file locks exclude each other.
"""

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from ..core.errors import ConflictMarkersError, LedgerError
from ..core.model import Entry, Problem
from ..i18n import _, ngettext
from . import figures_cache, import_journal
from .appending import append_bytes
from .confined import check_folder, read_own_with_stat
from .digest import blake2b
from .figures_format import Parsed, Row, entries_from, entry_row, header, parse, row_to_entry, serialize
from .figures_format import entry_checksum as entry_checksum  # the spec (FIGURES-FORMAT.md) names it here
from .os_errors import read_failure, reason
from .text import decode

FIGURES_DIR = "figures"
QUARANTINE_DIR = "quarantine"
LOCK_NAME = ".lock"
LOCK_TIMEOUT_SECONDS = 30.0


def figures_dir(ledger_path: Path) -> Path:
    """Beside the real targets.toml: a symlinked ledger keeps its figures with the file it points to."""
    return Path(os.path.realpath(ledger_path)).parent / FIGURES_DIR


def shard_path(ledger_path: Path, target_id: str) -> Path:
    return shard_in(figures_dir(ledger_path), target_id)


def shard_in(folder: Path, target_id: str) -> Path:
    """A target's figures file in `folder` (figures_dir, resolved once by a caller that reads many)."""
    return folder / f"{target_id}.toml"


# ── reading ────────────────────────────────────────────────────────────────

class _Read(NamedTuple):
    """What was read of one file under the lock, so the append after it need not read it again."""

    size: int
    hasher: Any
    parsed: Parsed


_read_under_lock: dict[Path, _Read] = {}
# Held only while `locked` is: a reading command must not keep every row of every file alive.
_lock_depth = 0


def read_shard(path: Path) -> Parsed | None:
    """The rows and damaged lines of one figures file (None if there is none).
    Raises LedgerError if the file cannot be trusted at all.
    Outside the lock a file whose stat is unchanged since it was cached is not even opened
    (figures_cache.py); under the lock it is always read, so an append starts from its bytes."""
    if not _lock_depth:
        try:
            current = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError:
            current = None
        if current is not None and stat.S_ISREG(current.st_mode):
            cached = figures_cache.read_rows(path, None, figures_cache.stat_of(current))
            if cached is not None:
                return cached
    data, found = read_bytes_and_stat(path)
    if data is None:
        return None
    hasher = blake2b(data, digest_size=16)
    parsed = parsed_from(path, data, hasher.digest(), found)
    if _lock_depth:
        _read_under_lock[path] = _Read(len(data), hasher, parsed)
    return parsed


def read_bytes(path: Path | str) -> bytes | None:
    """The whole file, or None if there is none; LedgerError if it cannot be read, is a symbolic link
    or not a regular file, or is larger than any kzt writes."""
    return read_bytes_and_stat(path)[0]


def read_bytes_and_stat(path: Path | str) -> tuple[bytes | None, os.stat_result | None]:
    """read_bytes, with the stat of the file as it was opened (for the caches' stat check)."""
    try:
        return read_own_with_stat(path)
    except OSError as error:
        raise read_failure(error, path) from None


def parsed_from(path: Path, data: bytes, key: bytes, found: os.stat_result | None = None,
                keep: bool = True) -> Parsed:
    """The file's rows from the cache under `key` (the hash of `data`), else parsed and, if `keep`,
    cached (status and check keep the standing index instead: a cold run writes no file per target)."""
    cached = figures_cache.read_rows(path, key, None)
    if cached is not None:
        return cached
    parsed = parse(decode(data, path), path)
    if keep:
        figures_cache.write_rows(path, key, parsed, figures_cache.settled_stat(found) if found else None)
    return parsed


def _committed_for(rows: list[Row], folder: Path, known: dict[str, str] | None) -> set[str]:
    if not any(row[9] for row in rows):
        return set()
    return set(known if known is not None else import_journal.committed(folder))


def read_history(ledger_path: Path, target_id: str, committed: dict[str, str] | None = None,
                 folder: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    """`folder`: figures_dir(ledger_path), when the caller reads many (it resolves symbolic links)."""
    path = shard_path(ledger_path, target_id) if folder is None else shard_in(folder, target_id)
    parsed = read_shard(path)
    if parsed is None:
        return [], []
    return (entries_from(parsed.rows, target_id, _committed_for(parsed.rows, path.parent, committed)),
            parsed.problems)


def read_histories(ledger_path: Path, target_ids: Iterable[str]) -> tuple[dict[str, list[Entry]], list[Problem]]:
    histories, problems, _ = read_all(ledger_path, target_ids)
    return histories, problems


def read_all(ledger_path: Path, target_ids: Iterable[str]
             ) -> tuple[dict[str, list[Entry]], list[Problem], dict[str, Problem]]:
    """Every target's history, the problems found, and the targets whose file cannot be read at all
    (two entries with one id…): their history is empty; they do not stop the others. A file with git
    conflict markers does: ConflictMarkersError, so no command works from a half-merged history."""
    from .collector import collector_paused

    with collector_paused():
        return _read_all(ledger_path, target_ids)


def _read_all(ledger_path: Path, target_ids: Iterable[str]
              ) -> tuple[dict[str, list[Entry]], list[Problem], dict[str, Problem]]:
    histories: dict[str, list[Entry]] = {}
    unreadable: dict[str, Problem] = {}
    committed, problems = committed_imports(ledger_path)
    folder = figures_dir(ledger_path)  # resolved once, not once per target
    for target_id in target_ids:
        try:
            entries, found = read_history(ledger_path, target_id, committed, folder)
        except ConflictMarkersError:
            raise  # a half-merged file stops every command until a person resolves it (issue 14)
        except LedgerError as error:
            entries = []
            found = list(error.problems) or [Problem(str(error), str(shard_path(ledger_path, target_id)))]
            unreadable[target_id] = found[0]
        histories[target_id] = entries
        problems.extend(found)
    return histories, problems, unreadable


def committed_imports(ledger_path: Path) -> tuple[dict[str, str], list[Problem]]:
    """The completed imports (batch → content hash): only their figures count. A log that cannot
    be read counts none of them, with its problems; a half-merged one stops every command."""
    if not _has_batches(ledger_path):
        return {}, []
    try:
        return import_journal.read_batches(figures_dir(ledger_path))
    except ConflictMarkersError:
        raise
    except LedgerError as error:
        return {}, list(error.problems) or [Problem(str(error), str(import_journal.imports_path(
            figures_dir(ledger_path))))]


def _has_batches(ledger_path: Path) -> bool:
    return os.path.lexists(import_journal.imports_path(figures_dir(ledger_path)))


def summary(problems: list[Problem]) -> str | None:
    """One warning line for reading commands; `kzt verify` lists each line."""
    if not problems:
        return None
    files = len({p.path for p in problems})
    first = problems[0]
    return ngettext("警告：{files} 个数据文件中有 {count} 处问题，相关的数据未计入。首个 {where}：{message}。"
                    "`kzt verify` 列出全部。",
                    "警告：{files} 个数据文件中有 {count} 处问题，相关的数据未计入。首个 {where}：{message}。"
                    "`kzt verify` 列出全部。", len(problems)).format(
        files=files, count=len(problems), where=first.where() or first.path, message=first.message)


def orphan_files(ledger_path: Path, target_ids: Iterable[str]) -> list[Path]:
    """History files whose target is no longer in the ledger."""
    folder = figures_dir(ledger_path)
    known = set(target_ids) | {Path(import_journal.IMPORTS_NAME).stem}
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if p.stem not in known)


# ── writing ────────────────────────────────────────────────────────────────

@contextmanager
def locked(ledger_path: Path, *, repairing: bool = False) -> Iterator[None]:
    """Hold the ledger's write lock (Windows and POSIX); finish a killed import or rename first.
    `repairing` (kzt repair): a journal that cannot be read does not stop it (repair moves it)."""
    from .write_lock import LockTimeout, WriteLock

    folder = figures_dir(ledger_path)
    check_folder(folder, folder.parent)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise LedgerError(_("无法创建数据文件夹 {folder}：{reason}。需要对 {parent} 有写入权限才能记录；"
                            "什么都没有记录。").format(folder=folder, reason=reason(error),
                                                       parent=folder.parent)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LedgerError(_("数据文件夹 {folder} 对你是只读的（缺少写入权限），所以不能记录；什么都没有记录。"
                            "请让它的所有者给你写入权限（如 chmod g+w），或只用读取命令（status、report）。").format(
            folder=folder))
    lock_file = folder / LOCK_NAME
    lock = WriteLock(lock_file, LOCK_TIMEOUT_SECONDS)
    try:
        lock.acquire()
    except LockTimeout:
        raise LedgerError(_("另一个 kzt 已占用锁 {lock} 超过 {seconds:.0f} 秒。请等它结束后重试；什么都没有记录。")
                          .format(lock=lock_file, seconds=LOCK_TIMEOUT_SECONDS)) from None
    except OSError as error:
        raise LedgerError(_("无法使用锁文件 {lock}：{reason}。没有人在运行 kzt 时可以删除它（它会被重新创建）；"
                            "什么都没有记录。").format(lock=lock_file, reason=reason(error))) from None
    global _lock_depth
    _lock_depth += 1
    try:
        _read_under_lock.clear()
        _recover(ledger_path, folder, repairing)
        yield
    finally:
        _lock_depth -= 1
        _read_under_lock.clear()
        lock.release()


def _recover(ledger_path: Path, folder: Path, repairing: bool) -> None:
    """Under the lock, before anything is written: what a killed kzt left unfinished."""
    from . import rename_journal

    remove_leftovers(folder)
    try:
        import_journal.recover(folder)
    except LedgerError:
        if not repairing:
            raise
    if os.path.lexists(rename_journal.journal_path(folder)):
        try:
            rename_journal.recover(ledger_path, folder)
        except LedgerError:
            if not repairing:
                raise


def remove_leftovers(folder: Path) -> None:
    """Temporary files of kzt's own writes in figures/ that a kill left (`.<name>.<random>.tmp`, and the
    `.journal.<pid>.tmp` of earlier versions). Only a writer holding the lock writes there, so under
    the lock any such file is a leftover; a link is removed as a link, never followed."""
    try:
        with os.scandir(folder) as entries:
            leftovers = [entry.name for entry in entries if entry.name.startswith(".") and entry.name.endswith(".tmp")]
    except OSError:
        return
    for name in leftovers:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)


def _upgrade_legacy(path: Path, target_id: str, parsed: Parsed) -> None:
    """Rewrite a version-1 file once in version 2, atomically."""
    if parsed.problems:
        listing = "\n".join(f"  {p}" for p in parsed.problems)
        raise LedgerError(_("{path} 是旧格式（[[entry]]）的数据文件，且有问题，kzt 不会改写它；什么都没有记录。"
                            "请先在编辑器里修正这些问题：\n{listing}").format(path=path, listing=listing),
                          parsed.problems)
    from .output import write_atomically

    text = header(target_id) + "".join(serialize(row_to_entry(row, target_id)) for row in parsed.rows)
    write_atomically(path, text)
    parsed.legacy = False
    _read_under_lock.pop(path, None)


def append_entries(ledger_path: Path, target_id: str, entries: list[Entry], current: list[Entry],
                   batch: str = "") -> None:
    """Append entries of one target in one write; call under `locked`, after `read_for_write`."""
    del current  # the rows read under the lock are kept by read_for_write
    if not entries:
        return
    for entry in entries:
        if entry.value is not None and not _finite(entry.value):
            raise LedgerError(_("{id}：算出的数 {value!r} 不是有限的数（超出了能表示的范围），kzt 不会记录它；"
                                "什么都没有记录。请检查输入的数值和单位。").format(id=target_id, value=entry.value))
    path = shard_path(ledger_path, target_id)
    before = _read_under_lock.get(path)
    block = "".join(serialize(e, batch) for e in entries)
    if before is None and not path.exists():
        block = header(target_id) + block
    data = block.encode("utf-8")
    append_bytes(path, data)
    if before is not None and os.stat(path).st_size == before.size + len(data):
        # The file is exactly what was read plus this block: its cache is known without reading it.
        hasher = before.hasher.copy()
        hasher.update(data)
        rows = [*before.parsed.rows, *(entry_row(e, batch) for e in entries)]
        figures_cache.write_rows(path, hasher.digest(), Parsed(rows, before.parsed.problems), None)
        _read_under_lock[path] = _Read(before.size + len(data), hasher, Parsed(rows, before.parsed.problems))
    else:
        _read_under_lock.pop(path, None)


def _finite(value: float) -> bool:
    return value == value and value not in (float("inf"), float("-inf"))


def read_for_write(ledger_path: Path, target_id: str) -> list[Entry]:
    """The history of one target, read under the lock; refuses a file that cannot be trusted, and a
    target the ledger no longer names (renamed by a kzt that took the lock first).
    Damaged lines do not stop a write: they never count, and the next line starts fresh.
    A version-1 file is rewritten in version 2 here, before any append (and before an
    import journals its size, so a rollback never cuts into the rewritten file)."""
    from .ledger_file import names_target

    if not names_target(ledger_path, target_id):
        raise LedgerError(_("台账 {path} 里已经没有指标 {id}（另一个 kzt 刚刚把它改名或删除了？）；什么都没有记录。"
                            "请重新运行命令。").format(path=ledger_path, id=target_id))
    path = shard_path(ledger_path, target_id)
    parsed = read_shard(path)
    if parsed is None:
        return []
    if parsed.legacy:
        _upgrade_legacy(path, target_id, parsed)
        parsed = read_shard(path)
        assert parsed is not None and not parsed.legacy
    return entries_from(parsed.rows, target_id, _committed_for(parsed.rows, path.parent, None))


def append_to(path: Path, data: bytes) -> None:
    """Append bytes to any file of the ledger (imports.toml), undone on failure."""
    append_bytes(path, data)


def warn(problems: list[Problem]) -> None:
    line = summary(problems)
    if line:
        print(line, file=sys.stderr)

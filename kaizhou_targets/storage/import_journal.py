"""`kzt import` as one transaction.

1. Under the ledger's lock, `figures/.journal` is written (atomically): the batch id and, for every
   file the import will append to, its size and the ids of the entries it will append there.
2. Every entry is appended carrying `batch = "<id>"`.
3. The commit point: the batch's line is appended to `figures/imports.toml`.
   Entries of a batch not listed there never count as figures.
4. The journal is removed.

A process killed anywhere before 3 leaves entries that do not count; the next writing command
(under the lock) removes them and says so in one line. It removes only the import's own bytes: the
lines that carry its batch, or are torn pieces of the entries it journalled. Whatever else is in the
file stays — a figure another office's commit brought in through `git pull` since the kill included.
Only when everything after the journalled size is the import's own is the file cut back to that size
(which needs no room on a full disk); otherwise it is rewritten without those lines. Killed after 3,
the batch stands and the journal is simply removed.

The journal is one of kzt's own files, but a shared folder can carry a forged one: every name in it
must be a plain figures file name (confined.plain_figures_name) and no line that counts as a figure
is ever removed, so no journal can reach outside figures/ or take a recorded figure with it. A
journal that cannot be read stops every writer with a sentence, and `kzt repair` moves it to the
quarantine.
"""

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..core.errors import LedgerError
from ..core.model import Problem
from ..i18n import _
from . import kill_points
from .confined import open_own, plain_figures_name, read_own
from .digest import blake2b
from .figures_format import ENTRY_ID, conflict_line, entry_checksum, refuse_conflict, toml_string
from .os_errors import reason
from .output import write_atomically

IMPORTS_NAME = "imports.toml"
JOURNAL_NAME = ".journal"
JOURNAL_LIMIT = 64 * 1024 * 1024
_BATCH_FIELDS = ("imported_at", "rows", "content", "by")


def imports_path(folder: Path) -> Path:
    return folder / IMPORTS_NAME


def journal_path(folder: Path) -> Path:
    return folder / JOURNAL_NAME


def batch_checksum(batch_id: str, fields: dict[str, Any]) -> str:
    parts = [batch_id] + [f"{k}={fields[k].isoformat() if isinstance(fields[k], datetime) else fields[k]}"
                          for k in _BATCH_FIELDS if k in fields]
    return blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


# ── the completed imports ──────────────────────────────────────────────────

def _batch_line(line: str) -> tuple[str, str] | str:
    """(batch id, content hash) of a sound line of imports.toml, else why it is not one."""
    import tomllib

    try:
        ((batch_id, raw),) = tomllib.loads(line).items()
    except (tomllib.TOMLDecodeError, ValueError, RecursionError, MemoryError):
        return "torn"
    if not isinstance(raw, dict) or "sum" not in raw:
        return "torn"
    if raw.get("sum") != batch_checksum(batch_id, raw) or not ENTRY_ID.fullmatch(batch_id):
        return "changed"
    return batch_id, str(raw.get("content", ""))


def read_batches(folder: Path) -> tuple[dict[str, str], list[Problem]]:
    """batch id → content hash of every completed import, and the lines of imports.toml that are
    not a sound batch line (torn, or changed by hand: they count nothing). LedgerError if the file
    cannot be read at all (a link, too large, not UTF-8); ConflictMarkersError when git left it
    half-merged."""
    path = imports_path(folder)
    try:
        data = read_own(path)
    except OSError as error:
        raise LedgerError(_("无法读取 {path}：{reason}。在它能被读取之前，导入的数据都不计入。").format(
            path=path, reason=reason(error)), [Problem(reason(error), str(path))]) from None
    if data is None:
        return {}, []
    text = data.decode("utf-8", errors="replace")
    if conflict_line(text) is not None:
        refuse_conflict(text, path)
    batches: dict[str, str] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = _batch_line(line)
        if isinstance(found, tuple):
            batches[found[0]] = found[1]
            continue
        message = (_("这一行不完整（写入被中断），这批导入不计入；运行 `kzt repair` 把它移到 figures/quarantine/")
                   if found == "torn" else
                   _("这一行的校验和不符（被手工改过），这批导入的数据不计入；运行 `kzt repair` 把它移到 "
                     "figures/quarantine/，再重新导入"))
        problems.append(Problem(message, str(path), number))
    return batches, problems


def committed(folder: Path) -> dict[str, str]:
    """batch id → content hash of every completed import (lines without a valid sum do not count)."""
    return read_batches(folder)[0]


def content_hash(rows: list[tuple[Any, ...]]) -> str:
    """The same rows imported again give the same hash."""
    return blake2b(repr(rows).encode("utf-8"), digest_size=16).hexdigest()


# ── the journal ────────────────────────────────────────────────────────────

class Journal(NamedTuple):
    """What an import under way said it would write: per file name, (size before, entry ids)."""

    batch: str
    files: dict[str, tuple[int, frozenset[str]]]


def begin(folder: Path, batch_id: str, plan: dict[Path, list[str]]) -> None:
    """Journal, for every file the import will append to, its size and the ids it will append."""
    import json

    files: dict[str, dict[str, Any]] = {}
    for path, ids in [*plan.items(), (imports_path(folder), [batch_id])]:
        try:
            size = os.lstat(path).st_size
        except FileNotFoundError:
            size = -1
        files[path.name] = {"size": size, "ids": list(ids)}
    write_atomically(journal_path(folder), json.dumps({"version": 2, "batch": batch_id, "files": files}))
    kill_points.reached("import:journalled")


def commit(folder: Path, batch_id: str, fields: dict[str, Any], append: Any) -> None:
    """Append the batch's line to imports.toml: from here on the batch counts."""
    def toml(value: Any) -> str:
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value) if isinstance(value, int) else toml_string(str(value))

    body = ", ".join(f"{k} = {toml(v)}" for k, v in fields.items())
    line = f"{batch_id} = {{ {body}, sum = \"{batch_checksum(batch_id, fields)}\" }}\n"
    path = imports_path(folder)
    header = "" if os.path.lexists(path) else "# kzt import 完成的导入批次：每行一批；不在这里的批次的数据不计入。\n"
    append(path, (header + line).encode("utf-8"))


def finish(folder: Path) -> None:
    journal_path(folder).unlink(missing_ok=True)


def _damaged_journal(path: Path, why: str) -> LedgerError:
    return LedgerError(_("{path}：导入日志已损坏（{why}），无法判断上次导入写了什么，所以什么都没有改动。"
                         "它写下的数据本来就不计入；运行 `kzt repair` 把这个日志移到 figures/quarantine/ 后即可继续。")
                       .format(path=path, why=why), [Problem(why, str(path))])


def read_journal(folder: Path) -> Journal | None:
    """The journal of an import under way (None if there is none); LedgerError if it cannot be trusted:
    not JSON, a file name that is not a plain figures file name, a link, too large."""
    import json

    path = journal_path(folder)
    if not os.path.lexists(path):
        return None
    try:
        data = read_own(path, JOURNAL_LIMIT)
    except OSError as error:
        raise _damaged_journal(path, reason(error)) from None
    except LedgerError as error:
        raise _damaged_journal(path, str(error).split("；")[0]) from None
    if data is None:
        return None
    try:
        state = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError, MemoryError):
        raise _damaged_journal(path, _("不是有效的 JSON")) from None
    if not isinstance(state, dict) or not isinstance(state.get("batch"), str) \
            or not ENTRY_ID.fullmatch(state["batch"]):
        raise _damaged_journal(path, _("没有有效的批次号"))
    files: dict[str, tuple[int, frozenset[str]]] = {}
    if "files" in state:  # version 2
        named = state["files"]
        if not isinstance(named, dict):
            raise _damaged_journal(path, _("没有文件清单"))
        for name, entry in named.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("size"), int) \
                    or not isinstance(entry.get("ids"), list) or not all(isinstance(i, str) for i in entry["ids"]):
                raise _damaged_journal(path, _("文件 {name} 的记录不完整").format(name=name))
            files[name] = (entry["size"], frozenset(entry["ids"]))
    else:  # a journal an earlier kzt left: sizes only; its lines are known by their batch
        sizes = state.get("sizes")
        if not isinstance(sizes, dict) or not all(isinstance(v, int) for v in sizes.values()):
            raise _damaged_journal(path, _("没有文件清单"))
        files = {name: (size, frozenset()) for name, size in sizes.items()}
    outside = [name for name in files if not plain_figures_name(name)]
    if outside:
        raise _damaged_journal(path, _("它列出的 {names} 不是 figures/ 中的数据文件名").format(
            names="、".join(map(repr, outside[:3]))))
    return Journal(state["batch"], files)


# ── undoing an unfinished import ───────────────────────────────────────────

def _key(line: str) -> str:
    end = 0
    while end < len(line) and (line[end].isascii() and (line[end].isalnum() or line[end] in "-_")):
        end += 1
    return line[:end]


def is_own_line(line: str, batch: str, ids: frozenset[str], imports_file: bool = False) -> bool:
    """Whether one line of a journalled file is the import's own: an entry carrying its batch, or a
    torn piece of an entry (or of the batch's line) it journalled. A line that counts as a figure
    of anything else is never its own."""
    import tomllib

    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    own_ids = {batch} if imports_file else ids
    try:
        doc = tomllib.loads(stripped)
    except (tomllib.TOMLDecodeError, RecursionError, MemoryError):
        doc = None
    if doc is not None and len(doc) == 1:
        ((entry_id, raw),) = doc.items()
        if isinstance(raw, dict) and "sum" in raw:
            fields = {k: v for k, v in raw.items() if k != "sum"}
            sound = raw["sum"] == (batch_checksum(entry_id, fields) if imports_file
                                   else entry_checksum(entry_id, fields))
            if sound:
                return not imports_file and raw.get("batch") == batch
        return entry_id in own_ids  # torn or changed: its own only if it is one of its ids
    # Not a line TOML can read: a piece cut off by the kill.
    key = _key(stripped)
    if key in own_ids:
        return True
    return key == stripped and any(entry_id.startswith(key) for entry_id in own_ids)


def _undo_file(path: Path, size: int, batch: str, ids: frozenset[str]) -> bool:
    """Remove the import's own lines from one file; True if the file changed."""
    from .figures_cache import forget

    data = read_own(path)
    if data is None:
        return False
    imports_file = path.name == IMPORTS_NAME
    lines = data.decode("utf-8", errors="surrogateescape").splitlines(keepends=True)
    own = [is_own_line(line, batch, ids, imports_file) for line in lines]
    if not any(own):
        return False
    # Cut back to the size only when that removes exactly its own lines: everything from the size on is
    # its own (the blank line of a newline it added included), and nothing before it is.
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.encode("utf-8", errors="surrogateescape"))
    boundary = size == len(data) or size in starts or (data[size:size + 1] == b"\n" and size + 1 in starts)
    tail_is_own = 0 <= size <= len(data) and boundary and all(
        (mine or not line.strip()) if start >= size else not mine
        for line, mine, start in zip(lines, own, starts, strict=True))
    kept = "".join(line for line, mine in zip(lines, own, strict=True) if not mine)
    if tail_is_own:
        fd = open_own(path, os.O_RDWR)
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(fd)
    elif size < 0 and not any(line.strip() and not line.lstrip().startswith("#") for line in kept.splitlines()):
        path.unlink()  # a file the import created, holding nothing but its header
    else:
        write_atomically(path, kept.encode("utf-8", errors="surrogateescape"))
    forget(path)
    return True


def undo(folder: Path, journal: Journal) -> None:
    """Remove what the import of `journal` wrote (see the module), then the journal."""
    from .confined import is_link

    if journal.batch in committed(folder):
        finish(folder)  # it committed after all: its figures stand
        return
    for name, (size, ids) in journal.files.items():
        path = folder / name
        if size < 0 and not os.path.lexists(path):
            continue
        if is_link(path):
            continue  # never followed; `kzt verify` names the link
        try:
            _undo_file(path, size, journal.batch, ids)
        except OSError as error:
            raise LedgerError(_("无法撤销上次中断的导入（批次 {batch}）：{path} 不能改写（{reason}）。"
                                "它写下的数据本来就不计入；请修正后再运行一个写入命令。").format(
                batch=journal.batch, path=path, reason=reason(error))) from None
    finish(folder)


def recover(folder: Path) -> None:
    """Under the lock: finish what a killed import left (roll back, or forward if it committed)."""
    journal = read_journal(folder)
    if journal is None:
        return  # the usual case: no import under way
    if journal.batch in committed(folder):
        finish(folder)
        return
    undo(folder, journal)
    print(_("上次导入（批次 {batch}）在完成前被中断，已撤销它写入的内容：这批数据一条也没有记录。").format(
        batch=journal.batch), file=sys.stderr)


def rollback(folder: Path, batch_id: str) -> None:
    """Undo the import under way in this process (a failed write, Ctrl-C), from its journal."""
    try:
        journal = read_journal(folder)
    except LedgerError:
        return
    if journal is not None and journal.batch == batch_id:
        undo(folder, journal)

"""`kzt import` as one transaction.

1. Under the ledger's lock, `figures/.journal` is written (atomically) with
   the batch id and the size of every file the import will append to.
2. Every entry is appended carrying `batch = "<id>"`.
3. The commit point: the batch's line is appended to `figures/imports.toml`.
   Entries of a batch not listed there never count as figures.
4. The journal is removed.

A process killed anywhere before 3 leaves entries that do not count; the next
writing command (under the lock) truncates every journalled file back to its
size, so they vanish too, and says so in one line. Killed after 3, the batch
stands and the journal is simply removed.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.errors import LedgerError
from ..i18n import _
from .digest import blake2b
from .figures_format import conflict_line, refuse_conflict, toml_string
from .os_errors import write_failure
from .output import fsync_folder

IMPORTS_NAME = "imports.toml"
JOURNAL_NAME = ".journal"
_BATCH_FIELDS = ("imported_at", "rows", "content", "by")


def imports_path(folder: Path) -> Path:
    return folder / IMPORTS_NAME


def journal_path(folder: Path) -> Path:
    return folder / JOURNAL_NAME


def batch_checksum(batch_id: str, fields: dict[str, Any]) -> str:
    parts = [batch_id] + [f"{k}={fields[k].isoformat() if isinstance(fields[k], datetime) else fields[k]}"
                          for k in _BATCH_FIELDS if k in fields]
    return blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def committed(folder: Path) -> dict[str, str]:
    """batch id → content hash of every completed import (lines without a valid sum do not count)."""
    import tomllib

    try:
        text = imports_path(folder).read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return {}
    except OSError:
        return {}
    if conflict_line(text) is not None:
        refuse_conflict(text, imports_path(folder))
    batches: dict[str, str] = {}
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            ((batch_id, raw),) = tomllib.loads(line).items()
        except (tomllib.TOMLDecodeError, ValueError):
            continue
        if isinstance(raw, dict) and raw.get("sum") == batch_checksum(batch_id, raw):
            batches[batch_id] = str(raw.get("content", ""))
    return batches


def content_hash(rows: list[tuple[Any, ...]]) -> str:
    """The same rows imported again give the same hash."""
    return blake2b(repr(rows).encode("utf-8"), digest_size=16).hexdigest()


def begin(folder: Path, batch_id: str, files: list[Path]) -> None:
    """Journal the size of every file the import may append to."""
    import json

    sizes = {}
    for path in [*files, imports_path(folder)]:
        try:
            sizes[path.name] = path.stat().st_size
        except FileNotFoundError:
            sizes[path.name] = -1
    journal = journal_path(folder)
    temporary = journal.with_name(f"{JOURNAL_NAME}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"batch": batch_id, "sizes": sizes}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, journal)
        fsync_folder(folder)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise write_failure(error, journal) from None


def commit(folder: Path, batch_id: str, fields: dict[str, Any], append: Any) -> None:
    """Append the batch's line to imports.toml: from here on the batch counts."""
    def toml(value: Any) -> str:
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value) if isinstance(value, int) else toml_string(str(value))

    body = ", ".join(f"{k} = {toml(v)}" for k, v in fields.items())
    line = f"{batch_id} = {{ {body}, sum = \"{batch_checksum(batch_id, fields)}\" }}\n"
    path = imports_path(folder)
    header = "" if path.exists() else "# kzt import 完成的导入批次：每行一批；不在这里的批次的数据不计入。\n"
    append(path, (header + line).encode("utf-8"))


def finish(folder: Path) -> None:
    journal_path(folder).unlink(missing_ok=True)


def recover(folder: Path) -> None:
    """Under the lock: finish what a killed import left (roll back, or forward if it committed)."""
    journal = journal_path(folder)
    for leftover in _unfinished_journal_writes(folder):
        leftover.unlink(missing_ok=True)
    if not os.path.lexists(journal):
        return  # the usual case: no import under way (json is imported only when there is one)
    import json

    try:
        state = json.loads(journal.read_text(encoding="utf-8"))
        batch_id, sizes = state["batch"], state["sizes"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError):
        raise LedgerError(_("{path}：导入日志已损坏，无法判断上次导入是否完成。请先用 `kzt verify` 检查，"
                            "然后删除这个文件；什么都没有改动。").format(path=journal)) from None
    if batch_id in committed(folder):
        finish(folder)
        return
    rollback(folder, batch_id, sizes)
    print(_("上次导入（批次 {batch}）在完成前被中断，已撤销它写入的内容：这批数据一条也没有记录。").format(
        batch=batch_id), file=sys.stderr)


def _unfinished_journal_writes(folder: Path) -> list[Path]:
    """What `folder.glob(".journal.*.tmp")` finds (a journal write a killed import left), without
    compiling a glob pattern on every write under the lock."""
    prefix, suffix = f"{JOURNAL_NAME}.", ".tmp"
    try:
        with os.scandir(folder) as entries:
            return [folder / entry.name for entry in entries if entry.name.startswith(prefix)
                    and entry.name.endswith(suffix) and len(entry.name) >= len(prefix) + len(suffix)]
    except FileNotFoundError:
        return []


def rollback(folder: Path, batch_id: str, sizes: dict[str, int] | None = None) -> None:
    """Truncate every journalled file back to its size before the import (a new file is removed)."""
    import json

    from .figures_cache import forget

    if sizes is None:
        try:
            sizes = json.loads(journal_path(folder).read_text(encoding="utf-8"))["sizes"]
        except (OSError, ValueError, KeyError, TypeError):
            return
    for name, size in sizes.items():
        path = folder / name
        try:
            if size < 0:
                path.unlink(missing_ok=True)
            elif path.stat().st_size > size:
                os.truncate(path, size)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise LedgerError(_("无法撤销上次中断的导入（批次 {batch}）：{path} 不能截断（{reason}）。"
                                "请修正权限后再运行一个写入命令。").format(
                batch=batch_id, path=path, reason=error.strerror)) from None
        forget(path)
    finish(folder)

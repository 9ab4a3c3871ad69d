"""`kzt repair`: move damaged lines out of the figures files, never deleting them.

What is damaged is decided by checkup.survey alone — the same survey `kzt verify` reports — so
repair never moves a line verify accepts. A damaged line (cut off by a crash, changed by hand, not
a valid entry, in a figures file or in imports.toml) never counts; repair appends it to
figures/quarantine/<file> (with where it came from), then rewrites the file without it, atomically
and only if the line is still the one surveyed. A journal that cannot be read is copied there whole
and removed (a link is removed as a link: what it points to is never read or copied). Killed in
between, the line is in both places and a second repair moves it again: nothing is ever lost.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from ..core.errors import LedgerError
from ..i18n import _
from . import kill_points
from .appending import append_bytes
from .checkup import Damaged
from .confined import is_link, read_own
from .figures import QUARANTINE_DIR, figures_dir
from .figures_cache import forget
from .output import fsync_folder, write_atomically, write_new_file
from .text import decode


def quarantine(ledger_path: Path, damaged: list[Damaged], now: datetime) -> int:
    """Move the lines; call under the ledger's lock, with what checkup.survey found under it.
    Returns how many lines (and files) moved."""
    by_file: dict[Path, list[Damaged]] = {}
    for item in damaged:
        by_file.setdefault(item.path, []).append(item)
    target_folder = figures_dir(ledger_path) / QUARANTINE_DIR
    if by_file:
        target_folder.mkdir(exist_ok=True)
    stamp = now.isoformat(timespec="seconds")
    moved = 0
    for path, items in by_file.items():
        if any(item.line == 0 for item in items):
            moved += _move_file(path, target_folder, now)
            continue
        data = read_own(path)
        if data is None:
            continue
        lines = decode(data, path).split("\n")
        # Only a line that is still what the survey saw: the file may have changed since.
        chosen = [item for item in items if item.line <= len(lines) and lines[item.line - 1] == item.text]
        if not chosen:
            continue
        kept = "".join(f"# {path.name}:{item.line} {stamp}\n{item.text}\n" for item in chosen)
        append_bytes(target_folder / path.name, kept.encode("utf-8"))
        kill_points.reached("repair:quarantined")
        numbers = {item.line for item in chosen}
        rest = "\n".join(line for number, line in enumerate(lines, start=1) if number not in numbers)
        if rest and not rest.endswith("\n"):
            rest += "\n"
        write_atomically(path, rest)
        forget(path)
        moved += len(chosen)
    return moved


def _move_file(path: Path, target_folder: Path, now: datetime) -> int:
    """A journal nobody can read: its content into the quarantine, then it goes."""
    if not os.path.lexists(path):
        return 0
    if os.path.isdir(path) and not is_link(path):
        raise LedgerError(_("{path} 是一个文件夹，不是 kzt 的日志；kzt 不会删除它，什么都没有改动。请查看后把它移走。")
                          .format(path=path))
    if not is_link(path):
        try:
            data = read_own(path) or b""
        except Exception:
            data = b""  # not a regular file, or too large: nothing of it is kept
        name = f"{path.name.lstrip('.')}-{now:%Y%m%dT%H%M%S}-{os.urandom(3).hex()}.txt"
        write_new_file(target_folder / name, data)
    os.unlink(path)
    fsync_folder(path.parent)
    return 1


def relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)

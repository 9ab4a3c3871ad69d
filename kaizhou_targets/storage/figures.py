"""The history of recorded figures: one append-only TOML file per target.

Layout, beside the ledger:  figures/<target-id>.toml  (people can read them)
                            figures/.lock              (one writer at a time)
                            figures/.cache/<id>.marshal (parsed copies)

Adding a figure appends one [[entry]] block with a single write() and an
fsync: it never rewrites the history, so its cost does not grow with it, and
a process killed at any point leaves either the whole block or none of it.
The cache is keyed on each file's size, mtime and tail, so a hand edit is
always seen; the TOML files stay the one source of truth.
"""

from __future__ import annotations

import marshal
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import LedgerError
from ..model import Entry, Problem
from .text import decode

FIGURES_DIR = "figures"
CACHE_DIR = ".cache"
LOCK_NAME = ".lock"
LOCK_TIMEOUT_SECONDS = 30.0
CACHE_VERSION = 1
TAIL_BYTES = 256
BLOCK_HEADER = "[[entry]]"
_ENTRY_KEYS = frozenset({"id", "recorded_at", "as_of", "value", "unit", "by", "note", "input", "withdraws"})
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def figures_dir(ledger_path: Path) -> Path:
    return ledger_path.parent / FIGURES_DIR


def shard_path(ledger_path: Path, target_id: str) -> Path:
    return figures_dir(ledger_path) / f"{target_id}.toml"


def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def serialize(entry: Entry) -> str:
    """One [[entry]] block, starting on a fresh line."""
    lines = ["", BLOCK_HEADER, f"id = {toml_string(entry.id)}",
             f"recorded_at = {entry.recorded_at.isoformat()}"]
    if entry.withdraws:
        lines.append(f"withdraws = {toml_string(entry.withdraws)}")
    if entry.as_of is not None:
        lines.append(f"as_of = {entry.as_of.isoformat()}")
    if entry.value is not None:
        lines.append(f"value = {float(entry.value)!r}")
    for key in ("unit", "by", "note", "input"):
        value = getattr(entry, key)
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    return "\n".join(lines) + "\n"


def _header(target_id: str) -> str:
    return (f"# Figures recorded for {target_id}, appended by `kzt record`.\n"
            "# Each [[entry]] is one figure or one withdrawal (`kzt undo`); a later figure for\n"
            "# the same as_of supersedes an earlier one. Edit by hand only with care.\n")


# ── reading ────────────────────────────────────────────────────────────────

def _entry_from(raw: Any, target_id: str, path: Path, line: int | None,
                problems: list[Problem]) -> Entry | None:
    def bad(message: str) -> None:
        problems.append(Problem(f"{message}; fix or delete this entry in an editor", str(path), line))

    if not isinstance(raw, dict):
        bad("an entry must be a table")
        return None
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        bad(f"unknown key(s) {', '.join(sorted(unknown))}")
        return None
    entry_id, recorded_at = raw.get("id"), raw.get("recorded_at")
    if not isinstance(entry_id, str) or not entry_id:
        bad("the entry has no id")
        return None
    if not isinstance(recorded_at, datetime):
        bad("recorded_at must be a date and time such as 2026-10-08T09:30:00+08:00")
        return None
    as_of, value = raw.get("as_of"), raw.get("value")
    withdraws = raw.get("withdraws", "")
    if not withdraws:
        if not isinstance(as_of, date) or isinstance(as_of, datetime):
            bad("as_of must be a date such as 2026-09-30")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
                or value in (float("inf"), float("-inf")):
            bad(f"value must be a finite number, not {value!r}")
            return None
    for key in ("unit", "by", "note", "input", "withdraws"):
        if key in raw and not isinstance(raw[key], str):
            bad(f"{key} must be a string")
            return None
    return Entry(entry_id, target_id, recorded_at, as_of,
                 float(value) if value is not None else None, raw.get("unit", ""),
                 raw.get("by", ""), raw.get("note", ""), raw.get("input", ""), withdraws)


def _block_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == BLOCK_HEADER]


def parse_shard(text: str, target_id: str, path: Path) -> tuple[list[Entry], list[Problem]]:
    """Entries of one history file. A torn last block (a crash mid-write by
    another program, or a power cut) is reported and skipped; anything else
    that does not parse is an error naming the line."""
    problems: list[Problem] = []
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        lines = _block_lines(text)
        cut = text.rfind("\n" + BLOCK_HEADER)
        try:
            # kzt ends every block with a newline: a last block without one
            # was cut off mid-write; anything else is a hand edit gone wrong.
            if cut < 0 or text.endswith("\n"):
                raise error
            doc = tomllib.loads(text[:cut])
        except tomllib.TOMLDecodeError:
            match = re.search(r"line (\d+)", str(error))
            raise LedgerError(
                f"{path}:{match.group(1) if match else '?'}: this history file is not valid TOML "
                f"({error}). Fix that line in an editor; kzt will not write to the file until "
                "it parses, and nothing was changed.",
                [Problem(f"not valid TOML: {error}", str(path), int(match.group(1)) if match else None)],
            ) from None
        problems.append(Problem(
            "the last entry is incomplete (a write was cut off); it was ignored. Delete it from "
            "this line on, or complete it, before recording more for this target",
            str(path), lines[-1] if lines else None, "error"))
    raw_entries = doc.get("entry", [])
    if set(doc) - {"entry"} or not isinstance(raw_entries, list):
        raise LedgerError(
            f"{path}: a history file holds only [[entry]] tables. Move anything else out of it; "
            "nothing was changed.",
            [Problem("unexpected content", str(path), None)],
        )
    lines = _block_lines(text)
    entries = []
    for index, raw in enumerate(raw_entries):
        entry = _entry_from(raw, target_id, path, lines[index] if index < len(lines) else None, problems)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _stamp(path: Path) -> tuple[int, int, bytes] | None:
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            handle.seek(max(0, stat.st_size - TAIL_BYTES))
            return stat.st_size, stat.st_mtime_ns, handle.read()
    except FileNotFoundError:
        return None


def _cache_path(path: Path) -> Path:
    return path.parent / CACHE_DIR / (path.stem + ".marshal")


def _to_rows(entries: Iterable[Entry]) -> list[tuple[Any, ...]]:
    return [(e.id, e.recorded_at.isoformat(), e.as_of.isoformat() if e.as_of else "", e.value,
             e.unit, e.by, e.note, e.input, e.withdraws) for e in entries]


def _from_rows(rows: list[tuple[Any, ...]], target_id: str) -> list[Entry]:
    fromdate, fromdatetime = date.fromisoformat, datetime.fromisoformat
    return [Entry(r[0], target_id, fromdatetime(r[1]), fromdate(r[2]) if r[2] else None, r[3],
                  r[4], r[5], r[6], r[7], r[8]) for r in rows]


def _read_cache(path: Path, stamp: tuple[int, int, bytes], target_id: str) -> list[Entry] | None:
    try:
        with open(_cache_path(path), "rb") as handle:
            version, size, mtime, tail, rows = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (version, size, mtime, tail) != (CACHE_VERSION, *stamp):
        return None
    return _from_rows(rows, target_id)


def _write_cache(path: Path, stamp: tuple[int, int, bytes] | None, entries: list[Entry]) -> None:
    """Best effort: a read-only folder simply goes without a cache."""
    if stamp is None:
        return
    cache = _cache_path(path)
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(exist_ok=True)
        with open(temporary, "wb") as handle:
            marshal.dump((CACHE_VERSION, *stamp, _to_rows(entries)), handle)
        os.replace(temporary, cache)
    except OSError:
        temporary.unlink(missing_ok=True)


def read_history(ledger_path: Path, target_id: str) -> tuple[list[Entry], list[Problem]]:
    path = shard_path(ledger_path, target_id)
    stamp = _stamp(path)
    if stamp is None:
        return [], []
    cached = _read_cache(path, stamp, target_id)
    if cached is not None:
        return cached, []
    with open(path, "rb") as handle:
        data = handle.read()
    entries, problems = parse_shard(decode(data, path), target_id, path)
    if not problems:
        _write_cache(path, stamp, entries)
    return entries, problems


def read_histories(ledger_path: Path, target_ids: Iterable[str]) -> tuple[dict[str, list[Entry]], list[Problem]]:
    histories: dict[str, list[Entry]] = {}
    problems: list[Problem] = []
    for target_id in target_ids:
        entries, found = read_history(ledger_path, target_id)
        histories[target_id] = entries
        problems.extend(found)
    return histories, problems


def orphan_files(ledger_path: Path, target_ids: Iterable[str]) -> list[Path]:
    """History files whose target is no longer in the ledger."""
    folder = figures_dir(ledger_path)
    known = set(target_ids)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if p.stem not in known)


# ── writing ────────────────────────────────────────────────────────────────

@contextmanager
def locked(ledger_path: Path) -> Iterator[None]:
    """Hold the ledger's write lock (works on Windows and POSIX)."""
    from filelock import FileLock, Timeout

    folder = figures_dir(ledger_path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise LedgerError(f"{folder}: cannot create the figures folder ({error.strerror}). "
                          "Check that the ledger's folder is writable.") from None
    lock = FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT_SECONDS)
    try:
        with lock:
            yield
    except Timeout:
        raise LedgerError(
            f"Another kzt has held {folder / LOCK_NAME} for {LOCK_TIMEOUT_SECONDS:.0f} s. "
            "Wait for it to finish and try again; nothing was recorded."
        ) from None


def append_entries(ledger_path: Path, target_id: str, entries: list[Entry], current: list[Entry]) -> None:
    """Append entries of one target in one write; call under `locked`, with
    `current` just read cleanly by `read_for_write`."""
    if not entries:
        return
    path = shard_path(ledger_path, target_id)
    block = "".join(serialize(e) for e in entries)
    if not path.exists():
        block = _header(target_id) + block
    data = block.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        written = os.write(fd, data)
        if written != len(data):
            raise LedgerError(f"{path}: only {written} of {len(data)} bytes could be written "
                              "(is the disk full?). Free space and check the file's last entry.")
        os.fsync(fd)
    finally:
        os.close(fd)
    _write_cache(path, _stamp(path), [*current, *entries])


def read_for_write(ledger_path: Path, target_id: str) -> list[Entry]:
    """The history of one target, refusing if its file is not clean."""
    entries, problems = read_history(ledger_path, target_id)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        listing = "\n".join(f"  {p}" for p in errors)
        raise LedgerError(
            f"The history of {target_id} has problems, so kzt will not write to it; nothing "
            f"was recorded. Fix them in an editor and try again:\n{listing}",
            errors,
        )
    return entries

"""`kzt repair`: move damaged lines out of the figures files, never deleting them.

A damaged line (cut off by a crash, changed by hand, or not a valid entry)
never counts as a figure; repair appends it to figures/quarantine/<file>
(with where it came from), then rewrites the figures file without it,
atomically. Killed in between, the line is in both places and a second
repair moves it again: nothing is ever lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.model import Problem
from .figures import QUARANTINE_DIR, append_to, figures_dir, read_shard
from .figures_cache import forget
from .output import write_atomically
from .text import decode


@dataclass(frozen=True)
class Damaged:
    path: Path
    line: int
    text: str
    problem: Problem


def damaged_lines(ledger_path: Path) -> list[Damaged]:
    """Every damaged line of every version-2 figures file (version-1 files are left to an editor)."""
    folder = figures_dir(ledger_path)
    found: list[Damaged] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.toml")):
        parsed = read_shard(path)
        if parsed is None or parsed.legacy or not parsed.problems:
            continue
        lines = decode(path.read_bytes(), path).split("\n")
        for problem in parsed.problems:
            if problem.line and problem.line <= len(lines):
                found.append(Damaged(path, problem.line, lines[problem.line - 1], problem))
    return found


def quarantine(ledger_path: Path, damaged: list[Damaged], now: datetime) -> int:
    """Move the lines; call under the ledger's lock. Returns how many lines moved."""
    by_file: dict[Path, list[Damaged]] = {}
    for item in damaged:
        by_file.setdefault(item.path, []).append(item)
    target_folder = figures_dir(ledger_path) / QUARANTINE_DIR
    target_folder.mkdir(exist_ok=True)
    for path, items in by_file.items():
        kept = "".join(f"# {path.name}:{item.line} {now.isoformat(timespec='seconds')}\n{item.text}\n"
                       for item in items)
        append_to(target_folder / path.name, kept.encode("utf-8"))
        numbers = {item.line for item in items}
        lines = decode(path.read_bytes(), path).split("\n")
        rest = "\n".join(line for number, line in enumerate(lines, start=1) if number not in numbers)
        if rest and not rest.endswith("\n"):
            rest += "\n"
        write_atomically(path, rest)
        forget(path)
    return sum(len(items) for items in by_file.values())


def relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)

"""Merging two versions of a figures file (version 2: one entry per line).

Pure text in, text out: no files, no git. `kzt merge-figures` (the git merge
driver, commands/git_cmds.py) reads the three versions git hands it and
writes what `merge_figures_texts` returns.

A figures file is a header of comment lines, then lines `<entry-id> = { … }`.
Entries are keyed by their id, so the merge is a three-way merge of sets:
  - an entry on either side is kept once (the same line from both sides too);
  - an entry the base had and one side removed (`kzt repair` moved it to the
    quarantine) stays removed;
  - the same id with different lines, or a line changed on one side and
    removed on the other, cannot be decided here: it is a conflict.
A version-1 base (`[[entry]]` blocks, which both sides have since rewritten
in version 2) counts as empty: the merge is then the union of the sides.
The result keeps the header of "ours" and orders the entries by id, so a
merged file reads the same whichever clone made the merge. The order of the
lines means nothing for which figure stands: a revision names the entries it
replaces (`replaces`, covered by its checksum; core/history.py), so a merge
cannot reorder one office's correction behind another's figure, whatever
the clocks of their computers said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.errors import LedgerError
from ..core.model import Problem
from ..i18n import _
from .text import CONFLICT_MARKER

ENTRY_LINE = re.compile(r"^([0-9A-Za-z_-]+)\s*=\s*\{")
LEGACY_BLOCK = re.compile(r"^\s*\[\[entry\]\]\s*$", re.MULTILINE)  # version 1 (kzt ≤ 0.1)


@dataclass
class FiguresText:
    """One version of a figures file: its header comment and its entry lines by id."""

    header: list[str] = field(default_factory=list)
    entries: dict[str, str] = field(default_factory=dict)


def split_figures_text(text: str, name: str) -> FiguresText:
    """The header and the entry lines of a version-2 figures file; LedgerError
    (naming `name` and the line) for anything the merge cannot key by entry id."""
    parsed = FiguresText()
    in_header = True
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if CONFLICT_MARKER.match(line):
            raise _refusal(_("{name}:{line}：这一版已经带有 git 冲突标记，无法再合并。").format(
                name=name, line=number), name, number)
        stripped = line.strip()
        if in_header and (not stripped or stripped.startswith("#")):
            parsed.header.append(line)
            continue
        in_header = False
        if not stripped:
            continue  # a blank line between entries carries nothing
        match = ENTRY_LINE.match(line)
        if match is None:
            raise _refusal(_("{name}:{line}：这一行不是“<条目编号> = {{ … }}”形式的一条数据（不是第 2 版数据文件，"
                             "或条目之间夹了注释），无法按条目合并。").format(name=name, line=number),
                           name, number)
        entry_id = match.group(1)
        earlier = parsed.entries.get(entry_id)
        if earlier is not None and earlier != line:
            raise _refusal(_("{name}:{line}：条目 {entry_id} 在这一版里出现两次且内容不同，无法合并。").format(
                name=name, line=number, entry_id=entry_id), name, number)
        parsed.entries[entry_id] = line
    while parsed.header and not parsed.header[-1].strip():
        parsed.header.pop()  # the blank lines at the end of a file are not header
    return parsed


def _refusal(message: str, name: str, line: int) -> LedgerError:
    return LedgerError(message, [Problem(message, name, line)])


@dataclass(frozen=True)
class Conflict:
    """One entry id the merge could not decide: its line on each side (None: removed)."""

    entry_id: str
    ours: str | None
    theirs: str | None


@dataclass(frozen=True)
class MergedFigures:
    text: str  # the merged file; conflicts in it are between git-style markers
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_entries(base: dict[str, str], ours: dict[str, str],
                  theirs: dict[str, str]) -> tuple[dict[str, str], list[Conflict]]:
    """The three-way merge of entry lines by id: (kept lines by id, conflicts)."""
    kept: dict[str, str] = {}
    conflicts: list[Conflict] = []
    for entry_id in sorted(ours.keys() | theirs.keys()):
        mine, other, original = ours.get(entry_id), theirs.get(entry_id), base.get(entry_id)
        if mine is not None and other is not None:
            if mine == other:
                kept[entry_id] = mine
            else:
                conflicts.append(Conflict(entry_id, mine, other))
            continue
        present = mine if mine is not None else other
        assert present is not None
        if original is None:
            kept[entry_id] = present  # added on one side
        elif original != present:
            # changed on one side, removed on the other: neither wins silently
            conflicts.append(Conflict(entry_id, mine, other))
        # else: the base had it and one side removed it (quarantined): stays removed
    return kept, conflicts


def merge_figures_texts(base: str, ours: str, theirs: str, name: str = "figures",
                        labels: tuple[str, str] = ("ours", "theirs")) -> MergedFigures:
    """Merge three versions of a figures file (see the module's docstring).

    Raises LedgerError when a version is not a version-2 figures file; a
    conflict between entries is returned, marked in the text, not raised."""
    if LEGACY_BLOCK.search(base):
        # Both sides rewrote a version-1 file in version 2 since the base: nothing
        # in the base can be keyed by line, so the merge is the union of the sides.
        base = ""
    base_file = split_figures_text(base, f"{name} (base)")
    our_file = split_figures_text(ours, f"{name} ({labels[0]})")
    their_file = split_figures_text(theirs, f"{name} ({labels[1]})")
    kept, conflicts = merge_entries(base_file.entries, our_file.entries, their_file.entries)
    header = our_file.header if our_file.header else their_file.header
    lines = list(header)
    conflict_by_id = {c.entry_id: c for c in conflicts}
    for entry_id in sorted(kept.keys() | conflict_by_id.keys()):
        conflict = conflict_by_id.get(entry_id)
        if conflict is None:
            lines.append(kept[entry_id])
            continue
        lines.append(f"<<<<<<< {labels[0]}")
        lines.extend([conflict.ours] if conflict.ours is not None else [])
        lines.append("=======")
        lines.extend([conflict.theirs] if conflict.theirs is not None else [])
        lines.append(f">>>>>>> {labels[1]}")
    text = "".join(line + "\n" for line in lines)
    return MergedFigures(text, tuple(conflicts))

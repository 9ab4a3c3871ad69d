"""What the 牵头单位 write about a target's work, for the 台账's 推进情况 / 存在问题 / 下步措施 columns.

They write it as the note of the figure they record (`kzt record 港口 180万吨 --note "推进情况：…；
存在问题：…；下步措施：…"`). A note is split at those labels (下一步措施, 下步打算 and 问题 read too);
a note without labels is all 推进情况. The latest note typed with a standing figure of a period up to
the day the 台账 is judged is the one shown (the figures the 台账 judges by): a withdrawn or superseded
figure's note is not.
"""

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from .history import figures_of
from .model import Entry

SECTIONS = ("progress", "problems", "next_steps")
_LABELS = {"推进情况": "progress", "进展情况": "progress", "工作进展": "progress",
           "存在问题": "problems", "问题": "problems", "困难问题": "problems",
           "下步措施": "next_steps", "下一步措施": "next_steps", "下步打算": "next_steps", "下一步打算": "next_steps"}
_LABEL = re.compile("(" + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True)) + r")\s*[:：]")


class WorkNote(NamedTuple):
    progress: str = ""
    problems: str = ""
    next_steps: str = ""


def split_note(text: str) -> WorkNote:
    """'推进情况：已完成主体；存在问题：资金缺口；下步措施：争取专项债' → its three parts."""
    parts: dict[str, list[str]] = {name: [] for name in SECTIONS}
    current = "progress"
    position = 0
    for match in _LABEL.finditer(text):
        before = text[position:match.start()].strip(" ；;。，,\n")
        if before:
            parts[current].append(before)
        current = _LABELS[match[1]]
        position = match.end()
    rest = text[position:].strip(" ；;，,\n")
    if rest:
        parts[current].append(rest)
    return WorkNote(*("；".join(parts[name]) for name in SECTIONS))


def latest_notes(histories: Mapping[str, Sequence[Entry]], when: date) -> dict[str, WorkNote]:
    """Each target's latest note of a standing figure for a period up to `when`, split into its parts."""
    notes: dict[str, WorkNote] = {}
    for target, entries in histories.items():
        standing = [f.entry for f in figures_of(entries)
                    if f.valid and f.entry.note.strip() and f.entry.as_of is not None and f.entry.as_of <= when]
        if standing:
            latest = max(standing, key=lambda e: e.recorded_at)
            notes[target] = split_note(latest.note)
    return notes

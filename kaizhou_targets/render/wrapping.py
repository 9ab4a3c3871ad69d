"""Wrapping a name inside its column: lines of at most a width in terminal cells.

Chinese has no spaces between words, so a name may break between any two Chinese characters —
preferably at a space, after a 、，；/ or a closing bracket, where the reader would pause — but a run of Latin
letters and digits (G243, AA+, 5G) is one word and moves to the next line whole, unless it alone is
wider than the column.
"""

from __future__ import annotations

from ..core.lazy_re import lazy_pattern
from .cell_width import cell_len

PAUSES = " 、，；：/）」”》"
NO_LINE_START = frozenset("、，。；：！？）」”》")
# A Latin word with what sticks to it (G243, AA+, 5.6%, 2026-2030), or any one other character.
WORD = lazy_pattern(r"[0-9A-Za-z][0-9A-Za-z+%.\-]*|.", 0)


def _tokens(text: str) -> list[str]:
    """Latin words (with what sticks to them: +, %, ., -) and single other characters."""
    return [match.group(0) for match in WORD.finditer(text)]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells (one line if it fits; never an empty list)."""
    if cell_len(text) <= width or width < 2:
        return [text]
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if cell_len(line + token) <= width:
            line += token
            continue
        if cell_len(token) > width:  # a word wider than the column: cut it where it must be
            for ch in token:
                if cell_len(line + ch) > width:
                    lines.append(line)
                    line = ""
                line += ch
            continue
        # Go back to the last pause if it leaves the line at least a third full.
        cut = max((line.rfind(mark) for mark in PAUSES), default=-1)
        if 0 <= cut < len(line) - 1 and cell_len(line[:cut + 1]) * 3 >= width:
            lines.append(line[:cut + 1])
            line = line[cut + 1:]
            if cell_len(line + token) <= width:
                line += token
                continue
        if token in NO_LINE_START and len(line) > 1:
            # 、，。 and closing marks never begin a line: the character before them goes along
            lines.append(line[:-1])
            line = line[-1] + token
            continue
        if line:
            lines.append(line)
        line = token
    if line:
        lines.append(line)
    return [lines[0], *(part.lstrip(" ") or part for part in lines[1:])]  # a line breaks at a space, not before one

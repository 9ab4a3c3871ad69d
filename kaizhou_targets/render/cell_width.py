"""Terminal cells of a text: rich's count, without importing rich for the text kzt mostly shows.

The status table measures every cell of every row. rich.cells answers exactly but costs ~1.5 ms
to import (its Unicode tables) and a cached lookup per character; kzt's cells are ASCII, Chinese
characters and full-width punctuation, whose widths are the same in every Unicode version rich
knows (tests/test_cell_width.py compares each of them with rich). Anything else — combining marks,
emoji, joiners, ambiguous-width symbols outside the list — goes to rich, which stays the authority.
"""

import re

# One cell: printable ASCII, the narrow punctuation Chinese text uses (“”‘’—…·×÷±°℃), and box
# drawing, block elements and geometric shapes (the bar ████░░, the status dot ●), which rich itself
# holds to be single-cell whatever its tables say.
_NARROW = "\x20-\x7e\u00b0\u00b1\u00b7\u00d7\u00f7\u2014\u2018\u2019\u201c\u201d\u2026\u2103\u2500-\u25fc"
# Two cells: the overdue mark ⏰, CJK symbols and punctuation (without the combining tone marks
# U+302A–U+302F, which take none), CJK unified ideographs, full-width forms.
_WIDE = "\u23f0\u3001-\u3029\u3030-\u303e\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6"
_KNOWN = re.compile(f"[{_NARROW}{_WIDE}]*")
_WIDE_CHARACTER = re.compile(f"[{_WIDE}]")


def cell_len(text: str) -> int:
    """Cells `text` takes in a terminal, as rich.cells.cell_len counts them."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _KNOWN.fullmatch(text):
        return len(text) + len(_WIDE_CHARACTER.findall(text))
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)

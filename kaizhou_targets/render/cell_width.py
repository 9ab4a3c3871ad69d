"""Terminal cells of a text: rich's count, without importing rich for the text kzt mostly shows.

The status table measures every cell of every row. rich.cells answers exactly but costs ~1.5 ms
to import (its Unicode tables) and a cached lookup per character; kzt's cells are ASCII, Chinese
characters and full-width punctuation, whose widths are the same in every Unicode version rich
knows (tests/test_cell_width.py compares each of them with rich). Anything else — combining marks,
emoji, joiners, ambiguous-width symbols outside the list — goes to rich, which stays the authority.
A plain loop rather than a regular expression: compiling a character class over the CJK block
costs ~2 ms, more than the loop spends on a whole table.
"""

# One cell besides printable ASCII: the narrow punctuation Chinese text uses (“”‘’—…·×÷±°℃), and box
# drawing, block elements and geometric shapes U+2500–U+25FC (the bar ████░░, the status dot ●),
# which rich itself holds to be single-cell whatever its tables say.
_NARROW = frozenset("\u00b0\u00b1\u00b7\u00d7\u00f7\u2014\u2018\u2019\u201c\u201d\u2026\u2103")
_measured: dict[str, int] = {}  # the table repeats its badges, periods and units: each is counted once


def fast_cells(text: str) -> int | None:
    """The cells of `text` when every character of it is one whose width this module knows, else None.
    Two cells: the overdue mark ⏰, CJK symbols and punctuation U+3001–U+3029 and U+3030–U+303E (not
    the combining tone marks U+302A–U+302F, which take none), CJK unified ideographs, full-width forms."""
    cells = 0
    for ch in text:
        if ch < "\u3001":
            if " " <= ch <= "~" or ch in _NARROW or "\u2500" <= ch <= "\u25fc":
                cells += 1
            elif ch == "\u23f0":
                cells += 2
            else:
                return None
        elif ch <= "\u3029" or "\u3030" <= ch <= "\u303e" or "\u4e00" <= ch <= "\u9fff" \
                or "\uff01" <= ch <= "\uff60" or "\uffe0" <= ch <= "\uffe6":
            cells += 2
        else:
            return None
    return cells


def cell_len(text: str) -> int:
    """Cells `text` takes in a terminal, as rich.cells.cell_len counts them."""
    if text.isascii() and text.isprintable():
        return len(text)
    known = _measured.get(text)
    if known is not None:
        return known
    cells = fast_cells(text)
    if cells is None:
        from rich.cells import cell_len as rich_cell_len

        cells = rich_cell_len(text)
    if len(_measured) < 65536:
        _measured[text] = cells
    return cells

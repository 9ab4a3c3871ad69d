"""Text kzt writes into a spreadsheet stays text: never a formula.

A ledger is shared through git, and its text (a 牵头单位, a target's name or unit, a note) reaches
the 台账 the leadership opens. A cell that starts with = + - @ (or a tab or carriage return before
one) is a formula to Excel, LibreOffice and WPS: `=HYPERLINK("http://…"&C5, …)` sends the sheet's
figures away, `=cmd|' /C calc'!A0` runs a program (DDE). So, as spreadsheet programs expect:

- in an .xlsx, such text is written as a string cell with the quote prefix (what Excel stores when
  a person types '=…): shown as typed, never evaluated, not turned into a formula when edited;
- in CSV, it gets a leading apostrophe (the OWASP advice for CSV injection).

Numbers stay numbers: a float is a numeric cell, and text that is just a number (-7.0, +1.5%)
is left as it is, so a gap of −7 points still sorts and sums.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read the text as a formula (spaces before the sign included)."""
    stripped = text.lstrip(" \u3000")
    return (text.startswith(FORMULA_STARTS) or stripped.startswith(FORMULA_STARTS)) and not _NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet evaluates: formula-like text behind an apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def neutralise_workbook(book: Any) -> None:
    """Every cell of every sheet that would be a formula made a quoted string cell: one pass before
    saving, so no way a text reaches a cell (a value, a title, an area row) is missed."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or is_formula_like(value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True

"""One truth per printed number: colours decided on the gap as displayed (issue 10,
point 2). The periods that fit an indicator are period_fit.py's.

Pure functions over a number; nothing here reads files or the clock.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .model import Status

if TYPE_CHECKING:
    from decimal import Decimal

GAP_DIGITS = 1  # reports print gaps as 5.0个百分点


def printed(number: float, digits: int = GAP_DIGITS) -> Decimal:
    """`number` exactly as `f"{number:.{digits}f}"` prints it (the float's own
    binary value, rounded half to even: what every renderer shows)."""
    from decimal import Decimal

    return Decimal(f"{number:.{digits}f}")


def band_of_gap(gap_pp: float, yellow_pp: float, red_pp: float, tolerance_pp: float = 0.0,
                digits: int = GAP_DIGITS) -> Status:
    """The colour of a gap (+ ahead, − behind, in points) as it is printed.

    The printed gap, less any tolerance (左右), is compared with the bands in
    decimal arithmetic, so "慢于序时进度5.0个百分点" is red against a 5-point
    band every time, whatever float noise lay behind the 5.0.
    Same rule as progress._band: behind ≤ yellow is green, behind ≥ red is red.
    """
    texts = (f"{gap_pp:.{digits}f}", repr(tolerance_pp), repr(yellow_pp), repr(red_pp))
    if not all(math.isfinite(number) for number in (gap_pp, tolerance_pp, yellow_pp, red_pp)):
        return _band_in_decimal(*texts)
    # The same decimal arithmetic in whole numbers, without importing decimal on every run (~1.5 ms):
    # each number is mantissa × 10**exponent, and the negation and the subtraction are rounded to
    # 28 significant digits, half to even, as in decimal's default context.
    # tests/test_display_bands.py holds the two to the same answers.
    gap, tolerance, yellow, red = (_decimal_parts(text) for text in texts)
    behind = _minus(_context_rounded((-gap[0], gap[1])), tolerance)
    if _compare(behind, yellow) <= 0:
        return "green"
    return "yellow" if _compare(behind, red) < 0 else "red"


def _band_in_decimal(gap_text: str, tolerance_text: str, yellow_text: str, red_text: str) -> Status:
    """band_of_gap in decimal arithmetic itself: the definition, and the path for inf and nan."""
    from decimal import Decimal

    behind = -Decimal(gap_text) - Decimal(tolerance_text)
    if behind <= Decimal(yellow_text):
        return "green"
    return "yellow" if behind < Decimal(red_text) else "red"


_PRECISION = 28  # decimal.DefaultContext.prec

Exact = tuple[int, int]  # mantissa, exponent


def _decimal_parts(text: str) -> Exact:
    """A finite number's decimal text ("-5.0", "0.857142857142857", "1e-05") as (mantissa, exponent)."""
    mantissa, _e, exponent = text.lower().partition("e")
    whole, _point, fraction = mantissa.partition(".")
    return int(whole + fraction), int(exponent or 0) - len(fraction)


def _context_rounded(number: Exact) -> Exact:
    mantissa, exponent = number
    extra = len(str(abs(mantissa))) - _PRECISION
    if extra <= 0:
        return number
    kept, rest = divmod(abs(mantissa), 10 ** extra)
    half = 5 * 10 ** (extra - 1)
    if rest > half or (rest == half and kept % 2):
        kept += 1
    return (kept if mantissa >= 0 else -kept), exponent + extra


def _minus(a: Exact, b: Exact) -> Exact:
    lowest = min(a[1], b[1])
    return _context_rounded((a[0] * 10 ** (a[1] - lowest) - b[0] * 10 ** (b[1] - lowest), lowest))


def _compare(a: Exact, b: Exact) -> int:
    lowest = min(a[1], b[1])
    difference = a[0] * 10 ** (a[1] - lowest) - b[0] * 10 ** (b[1] - lowest)
    return (difference > 0) - (difference < 0)


def rounded(number: float, digits: int = GAP_DIGITS) -> float:
    """The printed value as a float (for a JSON field that must agree with the text): the float
    nearest the printed decimal, as `float(printed(number, digits))` gives it."""
    return float(f"{number:.{digits}f}")


MAX_FIGURE_DIGITS = 2


def figure_digits(*numbers: float) -> int:
    """Decimals a gap between these figures is printed with: as many as the figures themselves have
    (3.85% against 4%: 0.15个百分点, not 0.1 or 0.2), at least one, at most two."""
    digits = GAP_DIGITS
    for number in numbers:
        if not math.isfinite(number):
            continue
        places = 0
        while places < MAX_FIGURE_DIGITS and abs(round(number, places) - number) > 1e-9:
            places += 1
        digits = max(digits, places)
    return digits

"""Parse a figure as Chinese office staff type it, in the terms of one target.

Accepted: 5600, 5,600, ５６００, 5600人, 0.56万, 0.56万人, 5.4%, 5.4％, 1.95:1,
−2.1%, +120 (an increment of a cumulative total), done/完成/已完成 (milestones).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from .errors import InputError
from .model import Target
from .units import PERCENT, RATIO, is_count, split_suffix, split_unit

DONE_WORDS = frozenset({"done", "完成", "已完成", "建成", "已建成", "yes", "是", "达成", "已达成"})
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
# A figure this many times the target is almost surely a slip of the scale.
IMPLAUSIBLE_FACTOR = 1000

_NUMBER = re.compile(r"^([+-]?)((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(.*)$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# Minus signs that NFKC leaves alone.
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"})


@dataclass(frozen=True)
class ParsedValue:
    value: float
    increment: bool = False
    done: bool = False


def normalize_text(text: str, what: str) -> str:
    """NFKC-fold full-width forms and refuse invisible characters."""
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\t":
            raise InputError(
                f"{what} {text!r} contains an invisible character U+{ord(ch):04X} "
                f"({unicodedata.name(ch, 'control')}). Retype it without that character "
                "(it often comes from copying out of a web page or a PDF)."
            )
    return unicodedata.normalize("NFKC", text).translate(_MINUS).strip()


def format_number(value: float) -> str:
    """5600 → '5,600'; 75.7 → '75.7'; never scientific notation."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


def format_value(value: float, unit: str) -> str:
    if unit == RATIO:
        return f"{format_number(value)}:1"
    return f"{format_number(value)}{unit}"


def parse_value(text: str, target: Target, *, force: bool = False) -> ParsedValue:
    """Read `text` as a figure for `target`, in the target's own unit."""
    raw = text
    text = normalize_text(text, "The value")
    if not text:
        raise InputError(
            f"No value was given for {target.id} ({target.name}). "
            f"Type a number in {target.unit or 'the target’s unit'}, e.g. `kzt record {target.id} 100`."
        )
    if target.kind == "milestone":
        return _parse_milestone(raw, text, target)
    folded = _THOUSANDS.sub("", text.replace(" ", "")).lower()
    if folded in ("nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"):
        raise InputError(
            f"{raw!r} is not a number: a figure must be a finite number in {_unit_words(target)}."
        )
    if split_unit(target.unit).base == "类":
        roman = ROMAN.get(folded.removesuffix("类"))
        if roman is not None:
            return ParsedValue(float(roman))
    match = _NUMBER.match(folded)
    if not match:
        raise InputError(
            f"{raw!r} is not a number in the terms of {target.id} ({target.name}). "
            f"Type a figure in {_unit_words(target)}, such as {_example(target)}."
        )
    sign, digits, suffix = match.groups()
    number = float(digits)
    if not math.isfinite(number):
        raise InputError(
            f"{raw!r} is too large to be a figure (it overflows to infinity). "
            f"Type the figure in {_unit_words(target)}."
        )
    increment = sign == "+" and target.kind == "cumulative"
    if sign == "-":
        number = -number
    value = _tidy(number * _scale_factor(raw, suffix, target))
    if not math.isfinite(value):
        raise InputError(f"{raw!r} is too large to be a figure. Type it in {_unit_words(target)}.")
    _check_sense(raw, value, target, increment=increment, force=force)
    return ParsedValue(value=value, increment=increment)


def _tidy(value: float) -> float:
    """Drop float noise from scaling (0.56 × 10⁴ = 5600.000000000001)."""
    return float(f"{value:.10g}")


def _parse_milestone(raw: str, text: str, target: Target) -> ParsedValue:
    if text.lower() in DONE_WORDS:
        return ParsedValue(1.0, done=True)
    raise InputError(
        f"{target.id} ({target.name}) is a milestone: record it as `done`, `完成` or `已完成` "
        f"once it is achieved, not as {raw!r}."
    )


def _scale_factor(raw: str, suffix: str, target: Target) -> float:
    """How many of the target's units one typed unit is, or refuse the suffix."""
    unit = target.unit
    if not suffix:
        return 1.0
    if unit == PERCENT:
        if suffix == PERCENT:
            return 1.0
        raise InputError(
            f"{raw!r} does not fit {target.id} ({target.name}), which is a percentage. "
            f"Type it as e.g. 5.4 or 5.4%."
        )
    if unit == RATIO:
        if suffix == RATIO:
            return 1.0
        raise InputError(
            f"{raw!r} does not fit {target.id} ({target.name}), which is a ratio. "
            f"Type it as e.g. 1.95:1 or 1.95."
        )
    typed = split_suffix(suffix)
    wanted = split_unit(unit)
    if typed.base and typed.base != wanted.base:
        raise InputError(
            f"The unit {suffix!r} in {raw!r} does not fit {target.id} ({target.name}), "
            f"which is measured in {unit}. Type the figure in {unit}"
            f"{' (or 万' + wanted.base + ')' if wanted.base and wanted.scale == 1 else ''}."
        )
    return typed.scale / wanted.scale


def _check_sense(raw: str, value: float, target: Target, *, increment: bool, force: bool) -> None:
    if is_count(target.unit) and value != int(value):
        raise InputError(
            f"{raw!r} gives {format_number(value)}{target.unit}, but {target.unit} are counted whole. "
            "Check the figure and type a whole number."
        )
    if value < 0 and target.kind == "cumulative":
        raise InputError(
            f"{raw!r} is negative, but {target.id} ({target.name}) is a year-to-date total. "
            "Type the total so far (or +N to add N to it)."
        )
    reference = max(abs(target.goal or 0.0), abs(target.baseline or 0.0))
    if not force and reference and abs(value) > IMPLAUSIBLE_FACTOR * reference:
        raise InputError(
            f"{raw!r} means {format_value(value, target.unit)}, more than {IMPLAUSIBLE_FACTOR} times "
            f"the target of {format_value(reference, target.unit)} for {target.id} ({target.name}). "
            "Check the unit (万/亿); if the figure really is right, repeat with --force."
        )


def _unit_words(target: Target) -> str:
    if target.unit == PERCENT:
        return "percent"
    if target.unit == RATIO:
        return "a ratio to 1"
    return target.unit or "the target's unit"


def _example(target: Target) -> str:
    if target.unit == PERCENT:
        return "5.4 or 5.4%"
    if target.unit == RATIO:
        return "1.95:1"
    goal = target.goal
    sample = format_number(goal * 0.75) if goal else "100"
    return f"{sample} or {sample}{target.unit}"

"""Parse a figure as Chinese office staff type it, in the terms of one target.

Accepted: 5600, 5,600, ５６００, 5600人, 0.56万, 0.56万人, 5.4%, 5.4％, 1.95:1,
−2.1%, +120 (an increment of a cumulative total), done/完成/已完成 (milestones).
"""

import math
import unicodedata
from typing import NamedTuple

from ..i18n import N_, _
from .errors import InputError
from .lazy_re import lazy_pattern
from .model import Target
from .units import PERCENT, RATIO, is_count, split_suffix, split_unit

DONE_WORDS = frozenset({"done", "完成", "已完成", "建成", "已建成", "yes", "是", "达成", "已达成"})
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
# A figure this many times the target is almost surely a slip of the scale.
IMPLAUSIBLE_FACTOR = 1000

_NUMBER = lazy_pattern(r"^([+-]?)((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(.*)$")
_THOUSANDS = lazy_pattern(r"(?<=\d),(?=\d{3}(?:\D|$))")
# Minus signs that NFKC leaves alone.
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"})


class ParsedValue(NamedTuple):
    value: float
    increment: bool = False
    done: bool = False


def normalize_text(text: str, what: str) -> str:
    """NFKC-fold full-width forms and refuse invisible characters. `what` names the text in the
    refusal, translated only then (callers on the import path pass the N_-marked message)."""
    if text.isascii() and text.isprintable():  # nothing to fold or refuse (a tab is not printable)
        return text.strip()
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\t":
            raise InputError(
                _("{what}“{text}”含有不可见字符 U+{code}（{name}）。请去掉该字符重新输入"
                  "（它常来自从网页或 PDF 复制的文字）。").format(
                    what=_(what), text=text, code=f"{ord(ch):04X}", name=unicodedata.name(ch, "control"))
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
    text = normalize_text(text, N_("输入的数值"))
    if not text:
        raise InputError(
            _("没有给出 {id}（{name}）的数值。请输入以{unit}计的数字，例如 `kzt record {id} 100`。").format(
                id=target.id, name=target.name, unit=_unit_words(target))
        )
    if target.kind == "milestone":
        return _parse_milestone(raw, text, target)
    folded = text.replace(" ", "")
    if "," in folded:  # the pattern is compiled only for a figure that has a comma to take out
        folded = _THOUSANDS.sub("", folded)
    folded = folded.lower()
    if folded in ("nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"):
        raise InputError(
            _("“{raw}”不是数字：数值必须是以{unit}计的有限数字。").format(raw=raw, unit=_unit_words(target))
        )
    if split_unit(target.unit).base == "类":
        roman = ROMAN.get(folded.removesuffix("类"))
        if roman is not None:
            return ParsedValue(float(roman))
    match = _NUMBER.match(folded)
    if not match:
        raise InputError(
            _("“{raw}”不是 {id}（{name}）能用的数值。请输入以{unit}计的数字，例如 {example}。").format(
                raw=raw, id=target.id, name=target.name, unit=_unit_words(target), example=_example(target))
        )
    sign, digits, suffix = match.groups()
    number = float(digits)
    if not math.isfinite(number):
        raise InputError(
            _("“{raw}”太大，不能作为数值（溢出为无穷大）。请输入以{unit}计的数值。").format(
                raw=raw, unit=_unit_words(target))
        )
    increment = sign == "+" and target.kind == "cumulative"
    if sign == "-":
        number = -number
    value = _tidy(number * _scale_factor(raw, suffix, target))
    if not math.isfinite(value):
        raise InputError(_("“{raw}”太大，不能作为数值。请输入以{unit}计的数值。").format(
            raw=raw, unit=_unit_words(target)))
    _check_sense(raw, value, target, increment=increment, force=force)
    return ParsedValue(value=value, increment=increment)


def _tidy(value: float) -> float:
    """Drop float noise from scaling (0.56 × 10⁴ = 5600.000000000001)."""
    return float(f"{value:.10g}")


def _parse_milestone(raw: str, text: str, target: Target) -> ParsedValue:
    if text.lower() in DONE_WORDS:
        return ParsedValue(1.0, done=True)
    raise InputError(
        _("{id}（{name}）是节点任务：完成后记为 `完成`、`已完成` 或 `done`，不能记为“{raw}”。").format(
            id=target.id, name=target.name, raw=raw)
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
            _("“{raw}”与 {id}（{name}）不符：该指标是百分比。请输入如 5.4 或 5.4%。").format(
                raw=raw, id=target.id, name=target.name)
        )
    if unit == RATIO:
        if suffix == RATIO:
            return 1.0
        raise InputError(
            _("“{raw}”与 {id}（{name}）不符：该指标是比值。请输入如 1.95:1 或 1.95。").format(
                raw=raw, id=target.id, name=target.name)
        )
    typed = split_suffix(suffix)
    wanted = split_unit(unit)
    if typed.base and typed.base != wanted.base:
        raise InputError(
            _("“{raw}”中的单位“{suffix}”与 {id}（{name}）不符：该指标以{unit}计。请输入以{unit}{alt}计的数值。").format(
                raw=raw, suffix=suffix, id=target.id, name=target.name, unit=unit,
                alt=_("（或万{base}）").format(base=wanted.base) if wanted.base and wanted.scale == 1 else "")
        )
    return typed.scale / wanted.scale


def _check_sense(raw: str, value: float, target: Target, *, increment: bool, force: bool) -> None:
    if is_count(target.unit) and value != int(value):
        raise InputError(
            _("“{raw}”折合 {value}{unit}，但{unit}只能是整数。请核对后输入整数。").format(
                raw=raw, value=format_number(value), unit=target.unit)
        )
    if value < 0 and target.kind == "cumulative":
        raise InputError(
            _("“{raw}”是负数，但 {id}（{name}）是年内累计数。请输入截至目前的累计数（或用 +N 在累计数上加 N"
                "）。").format(

                raw=raw, id=target.id, name=target.name)
        )
    reference = max(abs(target.goal or 0.0), abs(target.baseline or 0.0))
    if not force and reference and abs(value) > IMPLAUSIBLE_FACTOR * reference:
        raise InputError(
            _("“{raw}”即 {value}，超过 {id}（{name}）目标 {reference} 的 {factor} 倍。请核对单位（万/亿）；"
              "如确实无误，请加 --force 重新录入。").format(
                raw=raw, value=format_value(value, target.unit), factor=IMPLAUSIBLE_FACTOR,
                reference=format_value(reference, target.unit), id=target.id, name=target.name)
        )


def _unit_words(target: Target) -> str:
    if target.unit == PERCENT:
        return _("百分比")
    if target.unit == RATIO:
        return _("比值（对 1）")
    return target.unit or _("该指标的单位")


def _example(target: Target) -> str:
    if target.unit == PERCENT:
        return _("5.4 或 5.4%")
    if target.unit == RATIO:
        return "1.95:1"
    goal = target.goal
    sample = format_number(goal * 0.75) if goal else "100"
    return _("{sample} 或 {sample}{unit}").format(sample=sample, unit=target.unit)

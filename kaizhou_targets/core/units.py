"""Units as written in the report: a Chinese scale prefix and a base unit.

亿元 is 10⁸ 元, 万吨 is 10⁴ 吨; a figure typed in one scale is converted to the
scale of its target, and a figure in another base unit is refused.
"""

from typing import NamedTuple

# Longest first, so that 万亿 is not read as 万 followed by 亿.
SCALES: tuple[tuple[str, float], ...] = (
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
    ("千", 1e3),
)

# Units of things that are counted whole.
COUNT_UNITS = frozenset({"人", "家", "户", "个", "项", "座", "名", "天"})

PERCENT = "%"
RATIO = ":1"


class Unit(NamedTuple):
    scale: float
    base: str


def split_unit(unit: str) -> Unit:
    """Split 万吨 into (10000, 吨); a unit without a prefix has scale 1."""
    if unit in (PERCENT, RATIO):
        return Unit(1.0, unit)
    for prefix, factor in SCALES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return Unit(factor, unit[len(prefix):])
    return Unit(1.0, unit)


def split_suffix(suffix: str) -> Unit:
    """Split what follows a typed number: 万人 → (10000, 人), 万 → (10000, '')."""
    for prefix, factor in SCALES:
        if suffix.startswith(prefix):
            return Unit(factor, suffix[len(prefix):])
    return Unit(1.0, suffix)


def is_count(unit: str) -> bool:
    u = split_unit(unit)
    return u.scale == 1.0 and u.base in COUNT_UNITS

"""Whether a target's number is still the one its source phrase states (issue 10, point 7).

`kzt set T target 320` against a phrase that says 突破300万吨 is an accountable edit only with a
note naming the reason and authority; `kzt verify` warns about a number the phrase does not state
and no note explains."""

from __future__ import annotations

CHINESE_DIGITS = "零一二三四五六七八九十"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"


def spellings(value: float) -> set[str]:
    """The ways a report writes `value`: 300, 3.5, 0.03亿 as 300万 (万/亿 scales), 四, Ⅲ."""
    found = {f"{value:g}", f"{abs(value):g}"}
    for scale in (10_000, 100_000_000):
        if abs(value) >= scale:
            found.add(f"{abs(value) / scale:g}")
        found.add(f"{abs(value) * scale:g}")
    if value == int(value) and 0 <= value <= 10:
        found.add(CHINESE_DIGITS[int(value)])
        if value == 2:
            found.add("两")
        if value >= 1:
            found.add(ROMAN[int(value) - 1])
    return found


def states_number(phrase: str, value: float) -> bool:
    """True when `phrase` writes `value` somewhere. A target of 0 (no change, 双下降) is a direction, not
    a number the report has to state."""
    if value == 0:
        return True
    text = phrase.replace(",", "").replace("，", "")
    return any(spelled in text for spelled in spellings(value))

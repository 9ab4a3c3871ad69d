"""Words: labels in Chinese or English, and the standard phrasing of a
target's progress as the users' own reports write it."""

from __future__ import annotations

from datetime import date

from ..core.calendar_days import is_month_end
from ..core.display_bands import figure_digits, rounded
from ..core.judging import approx_tolerance, measures
from ..core.model import Target
from ..core.progress import Progress
from ..core.units import is_count
from ..core.values import format_value
from ..i18n import N_, _

# Words of tables and reports, translated where they are shown (the language is chosen per run).
LABELS = {
    "name": N_("指标"), "value": N_("最新值"), "completion": N_("完成"), "schedule": N_("序时"), "gap": N_("差距"),
    "status": N_("状态"), "trend": N_("趋势"), "stale": N_("陈旧"), "area": N_("领域"), "kind": N_("类型"),
    "target": N_("目标"), "id": N_("编号"), "period": N_("期限"), "deadline": N_("截止"), "source": N_("出处"),
    "baseline": N_("基期"), "frequency": N_("频率"), "qualifier": N_("限定"), "owners": N_("责任单位"),
    "lead": N_("牵头单位"), "note": N_("备注"), "as_of": N_("数据期"), "recorded_at": N_("录入时间"),
    "by": N_("录入人"), "state": N_("状态"), "superseded": N_("已被修订"), "withdrawn": N_("已撤回"),
    "disputed": N_("有分歧"),
    "valid": N_("有效"), "summary": N_("合计"), "figures": N_("历史数据"), "projection": N_("按当前进度预计"),
    "judged": N_("评估日"), "none": N_("暂无"),
    "target_note": N_("目标改动依据"), "baseline_note": N_("基期出处"), "closing_rule": N_("年末评价"),
    "green": N_("绿"), "yellow": N_("黄"), "red": N_("红"), "grey": N_("灰"),
    "growth": N_("增速"), "cumulative": N_("累计"), "level": N_("水平"), "floor": N_("底线"), "ceiling": N_("控制线"),
    "milestone": N_("节点"), "relative": N_("相对"),
    "monthly": N_("月度"), "quarterly": N_("季度"), "annual": N_("年度"),
}

STATUS_COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "grey": "bright_black"}
SPARK = "▁▂▃▄▅▆▇█"


def label(key: str, lang: str = "") -> str:
    """The word for a key (red → 红 or red) in the language of this run."""
    found = LABELS.get(key)
    return _(found) if found else key


def sparkline(values: list[float], width: int = 8) -> str:
    values = values[-width:]
    if len(values) < 2:  # one point is not a trend
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK[3] * len(values)
    return "".join(SPARK[int((v - low) / (high - low) * (len(SPARK) - 1))] for v in values)


def trend(p: Progress) -> str:
    """The sparkline of a target's standing figures."""
    return sparkline([v for _, v in p.history[-8:]])  # sparkline's width: no list of a long history


def percent(fraction: float | None, digits: int = 1) -> str:
    return "—" if fraction is None else f"{fraction * 100:.{digits}f}%"


def value_text(p: Progress) -> str:
    if p.value is None:
        return "—"
    if p.target.kind == "milestone":
        return _("已完成") if p.done else "—"
    return format_value(p.value, p.target.unit)


def is_reading(target: Target) -> bool:
    """A point-in-time reading (a stock, a rate, a coverage, a ratio, a class), not a total over a span:
    科技金融贷款余额, 谋划储备项目, 辖区水质类别, 城镇调查失业率 are read at a date (2026年2月末), not
    summed over 1-2月 (core/judging.measures)."""
    # A balance's growth (存贷款余额增长) is read at a date too: the balance then against a year before.
    return measures(target) == "stock" or (target.kind == "growth" and "余额" in target.name)


def completion_text(p: Progress, lang: str = "") -> str:
    """The 完成 cell: a growth rate against the target rate (2.8% / 2%), never a ratio of rates; else the
    completion percentage."""
    t = p.target
    if t.kind in ("growth", "relative") and p.value is not None:
        goal = p.reference if t.kind == "relative" and p.reference is not None else t.goal
        if goal is None:
            return format_value(p.value, t.unit)
        return f"{format_value(p.value, t.unit)} / {format_value(goal, t.unit)}"
    return percent(p.completion)


def reference_name(p: Progress) -> str:
    """What a relative target is compared with, as the report says it: 地区生产总值增长 → 地区生产总值增速."""
    return reference_name_of(p.reference_name)


def reference_name_of(name: str) -> str:
    """地区生产总值增长 → 地区生产总值增速: the name of a growth target as the rate it is compared as."""
    return name[:-2] + _("增速") if name.endswith("增长") else name


def period_text(p: Progress, lang: str = "") -> str:
    return period_words(p.target, p.value_as_of)


def period_words(target: Target, when: date | None) -> str:
    """The period of a figure of `target` as statisticians name it (2026年1-9月, 2026年6月末)."""
    if when is None:
        return ""
    if is_reading(target):
        if when.month == 12 and when.day == 31:
            return _("{year}年末").format(year=when.year, date=when.isoformat())
        if is_month_end(when):
            return _("{year}年{month}月末").format(year=when.year, month=when.month, date=when.isoformat())
        return when.isoformat()
    # The Chinese names the span as statisticians write it (2026年1-9月); English gives the date it ends.
    if when.month == 12 and when.day == 31:
        return _("{year}年").format(year=when.year, date=when.isoformat())
    if is_month_end(when) and when.month > 1:
        return _("{year}年1-{month}月").format(year=when.year, month=when.month, date=when.isoformat())
    if is_month_end(when):  # January alone: 2027年1月, not 1-1月
        return _("{year}年{month}月").format(year=when.year, month=when.month)
    return when.isoformat()


def whole_if_counted(value: float, unit: str) -> float:
    """A projection of people or households is a whole number: 7,466.67人 → 7,467人."""
    return float(round(value)) if is_count(unit) else round(value, 2)


def phrase(p: Progress, lang: str = "") -> str:
    """The standard sentence for a target's progress."""
    t = p.target
    reason = p.reason
    if reason == "unreadable":
        return _("数据文件无法读取（运行 kzt verify）")
    if t.kind == "milestone":
        if p.done:
            return _("已完成")
        if p.due_in_days is None and reason == "step-pending":
            return _("推进中：报告只承诺推进，期限为指示性")
        assert p.due_in_days is not None
        if p.due_in_days < 0:
            return _("已逾期{days}天").format(days=-p.due_in_days)
        if p.due_in_days == 0:
            return _("今天到期，尚未完成")
        return _("{days}天后到期，尚未完成").format(days=p.due_in_days)
    if p.value is None:
        return _("暂无数据")
    if reason == "pending-target":
        return _("目标值待定（{why}）").format(why=t.qualifier or _("待下达"))
    if reason == "pending-reference":
        return _("待参照指标数据")
    if t.kind in ("cumulative", "level") and p.completion is not None:
        if t.is_annual:
            done = _("完成全年目标的{percent}").format(percent=percent(p.completion))
        else:
            done = _("完成规划目标的{percent}").format(percent=percent(p.completion))
        if p.schedule is None or p.gap_pp is None:
            return done + _("（无基期，无法比较序时进度）")
        gap = f"{abs(p.gap_pp):.1f}"
        if p.gap_pp > 0:
            return _("{done}，快于序时进度{gap}个百分点").format(done=done, gap=gap)
        if p.gap_pp < 0:
            return _("{done}，慢于序时进度{gap}个百分点").format(done=done, gap=gap)
        return _("{done}，与序时进度持平").format(done=done)
    if t.kind in ("growth", "relative") and p.gap_pp is not None:
        value = format_value(p.value, t.unit)
        goal = p.reference if t.kind == "relative" and t.relative_to else t.goal
        # 高于/低于 say where the figure stands against the goal, whichever way the target wants it to
        # go (单位GDP碳排放 −3.2% is above −3.5%), with the gap at the figures' own decimals.
        difference = p.value - goal if goal is not None else p.gap_pp
        digits = figure_digits(p.value, goal, approx_tolerance(t, goal)) if goal is not None else 1
        gap = f"{abs(rounded(difference, digits)):.{digits}f}"
        above, below = rounded(difference, digits) > 0, rounded(difference, digits) < 0
        if t.kind == "growth" or not t.relative_to:
            if below:
                return _("增速{value}，低于目标{gap}个百分点").format(value=value, gap=gap)
            if above:
                return _("增速{value}，高于目标{gap}个百分点").format(value=value, gap=gap)
            return _("增速{value}，达到目标").format(value=value)
        named = reference_name(p)
        if p.reference is None:
            against = named or _("参照")
        elif named:  # 低于地区生产总值增速（5.8%）0.3个百分点
            against = _("{name}（{reference}）").format(name=named, reference=format_value(p.reference, t.unit))
        else:
            against = _("参照值（{reference}）").format(reference=format_value(p.reference, t.unit))
        if below:
            return _("增速{value}，低于{against}{gap}个百分点").format(value=value, against=against, gap=gap)
        if above:
            return _("增速{value}，高于{against}{gap}个百分点").format(value=value, against=against, gap=gap)
        return _("增速{value}，达到{against}").format(value=value, against=against)
    if t.kind in ("floor", "ceiling") and p.margin is not None:
        value = format_value(p.value, t.unit)
        room = format_value(abs(p.margin), _("个百分点") if t.unit == "%" else t.unit)
        floor = t.kind == "floor"
        if p.margin < 0 and p.reason == "below-for-now":
            # Judged on the year's figure: a reading over the line is a warning the year can still undo.
            return (_("{value}，低于底线{room}（按全年数评价，年末前须回到底线以上）") if floor
                    else _("{value}，高于控制线{room}（按全年数评价，年末前须回到控制线以内）")).format(
                value=value, room=room)
        if p.margin < 0:
            return (_("{value}，低于底线{room}") if floor else _("{value}，高于控制线{room}")).format(
                value=value, room=room)
        if p.reason == "breached-before":
            return (_("{value}，年内已{count}次低于底线（须每次守住）") if floor
                    else _("{value}，年内已{count}次超出控制线（须每次守住）")).format(value=value, count=p.breaches)
        if p.margin == 0:
            return (_("{value}，恰在底线上") if floor else _("{value}，恰在控制线上")).format(value=value)
        return (_("{value}，距底线{room}") if floor else _("{value}，距控制线{room}")).format(value=value, room=room)
    return value_text(p)
